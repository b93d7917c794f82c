//! Views in programs: a buffer read under another shape, at the point of
//! the call that binds it (after earlier in-place updates of its base),
//! and the errors for a view that cannot be.

use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::ir::Index;
use tilekit_core::program::{BufferRole, ProgramBuilder};
use tilekit_core::{Backend, DType, HostTensor, Interpreter, KernelBuilder, VerifiedKernel};

/// `y[i, :] = x[i, :] · [1, 10, 100, ...]` over `[rows, cols]`: the result
/// shows which row and column each element came from.
fn weigh(rows: usize, cols: usize) -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("weigh");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[rows, cols]);
    let w = kb.input("w", DType::F32, &[rows, cols]);
    let y = kb.output("y", DType::F32, &[rows, cols]);
    let a = kb.load(x, &[Index::Full, Index::Full]);
    let b = kb.load(w, &[Index::Full, Index::Full]);
    let p = kb.mul(a, b);
    kb.store(y, &[Index::Full, Index::Full], p);
    Arc::new(kb.finish().unwrap())
}

/// `acc += x` over `[n]`, in place.
fn accumulate(n: usize) -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("accumulate");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[n]);
    let acc = kb.inout("acc", DType::F32, &[n]);
    let a = kb.load(x, &[Index::Full]);
    let b = kb.load(acc, &[Index::Full]);
    let s = kb.add(a, b);
    kb.store(acc, &[Index::Full], s);
    Arc::new(kb.finish().unwrap())
}

fn f32s(shape: &[usize], values: &[f32]) -> HostTensor {
    HostTensor::from_f32(DType::F32, shape, values).unwrap()
}

#[test]
fn a_view_reads_its_base_reshaped_after_earlier_in_place_updates() {
    // acc [6] += x; y = acc viewed [2, 3] · w; the program returns y and
    // the view itself.
    let mut p = ProgramBuilder::new("views");
    let x = p.input("x", DType::F32, &[6]);
    let w = p.input("w", DType::F32, &[2, 3]);
    let acc = p.state("acc", DType::F32, &[6]);
    let grid = p.view(acc, &[2, 3]);
    p.call(&accumulate(6), &[("x", x.into()), ("acc", acc.into())]);
    let c = p.call(&weigh(2, 3), &[("x", grid.into()), ("w", w.into())]);
    let y = p.out(c, "y");
    let flat = p.view(y, &[6]);
    p.output(flat);
    p.output(grid);
    let program = Arc::new(p.finish().unwrap());
    assert_eq!(program.with_role(BufferRole::View).count(), 2);
    let mut loaded = Interpreter.load_program(&program, BTreeMap::new()).unwrap();
    let x = f32s(&[6], &[1., 2., 3., 4., 5., 6.]);
    let w = f32s(&[2, 3], &[1., 10., 100., 1000., 1e4, 1e5]);
    loaded.execute(&[("x", &x), ("w", &w)]).unwrap();
    let out = loaded.execute(&[("x", &x), ("w", &w)]).unwrap();
    // Two executions: acc = 2x, read after the second update.
    assert_eq!(
        out[&flat].as_f32().unwrap(),
        &[2., 40., 600., 8000., 1e5, 1.2e6]
    );
    assert_eq!(out[&flat].shape(), &[6]);
    assert_eq!(out[&grid].shape(), &[2, 3]);
    assert_eq!(out[&grid].as_f32().unwrap(), &[2., 4., 6., 8., 10., 12.]);
}

#[test]
fn a_view_of_the_wrong_size_or_written_in_place_is_an_error() {
    let mut p = ProgramBuilder::new("bad_views");
    let x = p.input("x", DType::F32, &[6]);
    let acc = p.state("acc", DType::F32, &[6]);
    let wrong = p.view(x, &[4, 2]);
    let written = p.view(acc, &[6]);
    p.call(&accumulate(6), &[("x", x.into()), ("acc", written.into())]);
    // A view of the buffer written in place aliases it.
    let same = p.view(acc, &[6]);
    p.call(&accumulate(6), &[("x", same.into()), ("acc", acc.into())]);
    let _ = wrong;
    let err = p.finish().unwrap_err().to_string();
    assert!(
        err.contains("view [4, 2] of buffer `x` (f32[6]) has 8 elements, the buffer 6"),
        "{err}"
    );
    assert!(err.contains("views are read-only"), "{err}");
    assert!(
        err.contains("is bound to in/out ref `acc` and to another parameter"),
        "{err}"
    );
    assert!(
        err.contains("program_views.rs"),
        "locations are named: {err}"
    );
}

#[test]
fn a_view_of_a_buffer_of_another_program_is_an_error() {
    let mut other = ProgramBuilder::new("other");
    for i in 0..4 {
        other.input(&format!("b{i}"), DType::F32, &[1]);
    }
    let foreign = other.input("far", DType::F32, &[6]);
    let mut p = ProgramBuilder::new("mine");
    let _ = p.view(foreign, &[6]);
    let err = p.finish().unwrap_err().to_string();
    assert!(err.contains("belongs to another program"), "{err}");
}
