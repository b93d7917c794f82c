//! Shared helpers of the differential tests: build small kernels, run them
//! on the interpreter and through StableHLO on the PJRT CPU plugin (with
//! both grid strategies), and compare.
//!
//! The plugin must be installed (`cargo xtask install-pjrt`, which
//! `cargo xtask test` runs first); without it every test fails with a
//! message naming that command.

#![allow(dead_code)]

use std::collections::BTreeMap;
use tilekit_core::ir::{Index, Value};
use tilekit_core::{interp, DType, HostTensor, KernelArgs, KernelBuilder, VerifiedKernel};
use tilekit_kernels::testdata::{random_tensor, Rng};
use tilekit_pjrt::{default_client, Client, PjrtKernel};
use tilekit_stablehlo::{GridStrategy, Lowered};

/// The shared PJRT client; a missing plugin fails the test with the
/// install command in the message.
pub fn client() -> Client {
    default_client().unwrap_or_else(|e| panic!("these tests need the PJRT CPU plugin: {e}"))
}

/// How outputs must agree.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cmp {
    /// Bit for bit (NaN matches NaN).
    Exact,
    /// Within a few units in the last place of the output dtype (f32:
    /// 1e-5 relative; bf16 1e-2; f16 2e-3), non-finite values exactly.
    Close,
}

fn tolerance(d: DType) -> (f64, f64) {
    match d {
        DType::F32 => (1e-5, 1e-5),
        DType::Bf16 => (1e-2, 1e-6),
        DType::F16 => (2e-3, 1e-6),
        // fp8 outputs are rounded once from f32 results: one step apart.
        DType::F8E4M3 => (1.25e-1, 1e-6),
        DType::F8E5M2 => (2.5e-1, 1e-6),
        DType::I32 | DType::Bool | DType::I8 | DType::U8 | DType::U16 => (0.0, 0.0),
    }
}

/// Compares two outputs named `name`; `Err` says where and by how much.
pub fn compare(name: &str, got: &HostTensor, want: &HostTensor, cmp: Cmp) -> Result<(), String> {
    if got.dtype() != want.dtype() || got.shape() != want.shape() {
        return Err(format!(
            "{name}: PJRT gave {}{:?}, the interpreter {}{:?}",
            got.dtype(),
            got.shape(),
            want.dtype(),
            want.shape()
        ));
    }
    let (rtol, atol) = match cmp {
        Cmp::Exact => (0.0, 0.0),
        Cmp::Close => tolerance(got.dtype()),
    };
    let (g, w) = (got.to_f64_vec(), want.to_f64_vec());
    for (i, (&a, &b)) in g.iter().zip(&w).enumerate() {
        let ok = if a.is_nan() || b.is_nan() {
            a.is_nan() && b.is_nan()
        } else if !a.is_finite() || !b.is_finite() || cmp == Cmp::Exact {
            a == b && a.is_sign_negative() == b.is_sign_negative()
        } else {
            (a - b).abs() <= atol + rtol * b.abs()
        };
        if !ok {
            return Err(format!(
                "{name}[{i}]: PJRT {a:e}, interpreter {b:e} ({cmp:?}); PJRT {:?}..., interpreter {:?}...",
                &g[..g.len().min(8)],
                &w[..w.len().min(8)]
            ));
        }
    }
    Ok(())
}

/// Runs `vk` on the interpreter and on PJRT CPU with each grid strategy,
/// compares every output, and returns how PJRT lowered the grid.
pub fn check(vk: &VerifiedKernel, args: &KernelArgs, cmp: Cmp) -> Vec<Lowered> {
    let want = interp::run(vk, args).unwrap_or_else(|e| panic!("interpreter: {e}"));
    let mut how = Vec::new();
    for strategy in [GridStrategy::Auto, GridStrategy::Sequential] {
        let k = PjrtKernel::compile_with(&client(), vk, strategy)
            .unwrap_or_else(|e| panic!("compiling {} ({strategy:?}): {e}", vk.name()));
        let got = k
            .run(args)
            .unwrap_or_else(|e| panic!("running {} ({strategy:?}): {e}", vk.name()));
        check_outputs(&got, &want, cmp, &format!("{} ({strategy:?})", vk.name()));
        how.push(k.module().kernels[0].1);
    }
    how
}

pub fn check_outputs(
    got: &BTreeMap<String, HostTensor>,
    want: &BTreeMap<String, HostTensor>,
    cmp: Cmp,
    what: &str,
) {
    let names: Vec<&String> = want.keys().collect();
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        names,
        "{what}: output names"
    );
    for (name, w) in want {
        compare(name, &got[name], w, cmp).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
}

/// Random values of `dtype` (normal, times `scale`).
pub fn random(seed: u64, dtype: DType, shape: &[usize], scale: f64) -> HostTensor {
    random_tensor(&mut Rng::new(seed), dtype, shape, scale)
}

pub fn f32s(dtype: DType, shape: &[usize], values: &[f32]) -> HostTensor {
    HostTensor::from_f32(dtype, shape, values).expect("test data matches its shape")
}

pub fn i32s(shape: &[usize], values: Vec<i32>) -> HostTensor {
    HostTensor::from_i32(shape, values).expect("test data matches its shape")
}

pub fn bools(shape: &[usize], values: Vec<bool>) -> HostTensor {
    HostTensor::new(shape, tilekit_core::TensorData::Bool(values))
        .expect("test data matches its shape")
}

/// A kernel over a `[rows]` parallel grid: program `r` loads row `r` of
/// each input (`[rows, n]` of the given dtypes), combines the rows with
/// `f`, and stores the result in row `r` of output `y`.
pub fn row_kernel(
    name: &str,
    rows: usize,
    n: usize,
    inputs: &[DType],
    f: impl FnOnce(&mut KernelBuilder, &[Value]) -> Value,
) -> VerifiedKernel {
    let mut kb = KernelBuilder::new(name);
    kb.grid(&[rows]);
    let refs: Vec<_> = inputs
        .iter()
        .enumerate()
        .map(|(i, &d)| kb.input(&format!("x{i}"), d, &[rows, n]))
        .collect();
    let r = kb.program_id(0);
    let tiles: Vec<Value> = refs
        .iter()
        .map(|&x| kb.load(x, &[Index::at(r), Index::Full]))
        .collect();
    let out = f(&mut kb, &tiles);
    let ty = kb.ty(out).clone();
    let y = kb.output("y", ty.dtype, &[rows, n]);
    kb.store(y, &[Index::at(r), Index::Full], out);
    kb.finish().unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Arguments `x0, x1, ...` for a [`row_kernel`].
pub fn row_args(xs: Vec<HostTensor>) -> KernelArgs {
    xs.into_iter()
        .enumerate()
        .fold(KernelArgs::new(), |a, (i, t)| a.tensor(&format!("x{i}"), t))
}

/// Rows (programs) and row length of [`multi`] kernels.
pub const ROWS: usize = 3;
pub const N: usize = 8;

/// Builds one op of a test kernel from its loaded operand rows.
pub type OpFn<'a> = &'a dyn Fn(&mut KernelBuilder, &[Value]) -> Value;

/// One kernel computing `ops` on row `r` of `x0` (and `x1` for binary
/// ops), each into its own output `y<i>`.
pub fn multi(name: &str, dtype: DType, arity: usize, ops: &[OpFn]) -> tilekit_core::VerifiedKernel {
    let mut kb = KernelBuilder::new(name);
    kb.grid(&[ROWS]);
    let xs: Vec<_> = (0..arity)
        .map(|i| kb.input(&format!("x{i}"), dtype, &[ROWS, N]))
        .collect();
    let r = kb.program_id(0);
    let tiles: Vec<Value> = xs
        .iter()
        .map(|&x| kb.load(x, &[Index::at(r), Index::Full]))
        .collect();
    for (i, f) in ops.iter().enumerate() {
        let v = f(&mut kb, &tiles);
        let d = kb.ty(v).dtype;
        let y = kb.output(&format!("y{i}"), d, &[ROWS, N]);
        kb.store(y, &[Index::at(r), Index::Full], v);
    }
    kb.finish().unwrap_or_else(|e| panic!("{name}: {e}"))
}
