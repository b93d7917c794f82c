//! Lowering without a device: which grid strategy is chosen, the calling
//! convention, and errors for what cannot be lowered.

use tilekit_core::ir::{AxisSemantics, Index};
use tilekit_core::{DType, KernelBuilder, VerifiedKernel};
use tilekit_stablehlo::{lower, lower_chain, lower_with, GridStrategy, Lowered, ParamKind};

/// `y[r, :] = x[r, :] * s` over `grid` (rows = grid[0]).
fn scale_rows(name: &str, rows: usize, semantics: AxisSemantics, scratch: bool) -> VerifiedKernel {
    let mut kb = KernelBuilder::new(name);
    kb.grid_with(&[rows], &[semantics]);
    let x = kb.input("x", DType::Bf16, &[rows, 4]);
    let y = kb.output("y", DType::Bf16, &[rows, 4]);
    if scratch {
        kb.scratch("tmp", DType::F32, &[4]);
    }
    let s = kb.scalar("s", DType::F32);
    let r = kb.program_id(0);
    let t = kb.load(x, &[Index::at(r), Index::Full]);
    let t = kb.cast(t, DType::F32);
    let t = kb.mul(t, s);
    let t = kb.cast(t, DType::Bf16);
    kb.store(y, &[Index::at(r), Index::Full], t);
    kb.finish().unwrap()
}

#[test]
fn parallel_grids_are_batched_and_others_loop() {
    let how = |vk: &VerifiedKernel, s| lower_with(vk, s).unwrap().kernels[0].1;
    let parallel = scale_rows("p", 4, AxisSemantics::Parallel, false);
    assert_eq!(how(&parallel, GridStrategy::Auto), Lowered::Batched);
    assert_eq!(
        how(&parallel, GridStrategy::Sequential),
        Lowered::Sequential
    );
    let arbitrary = scale_rows("a", 4, AxisSemantics::Arbitrary, false);
    assert_eq!(how(&arbitrary, GridStrategy::Auto), Lowered::Sequential);
    let with_scratch = scale_rows("s", 4, AxisSemantics::Parallel, true);
    assert_eq!(how(&with_scratch, GridStrategy::Auto), Lowered::Sequential);
    let single = scale_rows("one", 1, AxisSemantics::Parallel, false);
    let m = lower(&single).unwrap();
    assert_eq!(m.kernels[0].1, Lowered::Sequential);
    assert!(
        !m.text.contains("stablehlo.while"),
        "one program needs no loop:\n{}",
        m.text
    );
}

#[test]
fn the_calling_convention_follows_the_interpreter() {
    let m = lower(&scale_rows("conv", 3, AxisSemantics::Parallel, false)).unwrap();
    let params: Vec<(&str, ParamKind)> = m
        .signature
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.kind))
        .collect();
    assert_eq!(params, [("x", ParamKind::Input), ("s", ParamKind::Scalar)]);
    assert_eq!(m.signature.outputs[0].name, "y");
    // bf16 crosses the boundary as i16 bits; scalars as 0-d tensors.
    assert!(
        m.text.contains("func.func public @main(%arg0.x: tensor<3x4xi16>, %arg1.s: tensor<f32>) -> (tensor<3x4xi16>)"),
        "{}",
        m.text
    );
    assert_eq!(
        m.text,
        lower(&scale_rows("conv", 3, AxisSemantics::Parallel, false))
            .unwrap()
            .text,
        "deterministic"
    );
}

#[test]
fn dots_use_full_f32_precision() {
    let mut kb = KernelBuilder::new("mm");
    kb.grid(&[2]);
    let a = kb.input("a", DType::Bf16, &[2, 4, 8]);
    let b = kb.input("b", DType::Bf16, &[8, 16]);
    let y = kb.output("y", DType::F32, &[2, 4, 16]);
    let p = kb.program_id(0);
    let at = kb.load(a, &[Index::at(p), Index::Full, Index::Full]);
    let bt = kb.load(b, &[Index::Full, Index::Full]);
    let c = kb.dot(at, bt);
    kb.store(y, &[Index::at(p), Index::Full, Index::Full], c);
    let m = lower(&kb.finish().unwrap()).unwrap();
    assert!(
        m.text.contains("precision = [HIGHEST, HIGHEST]"),
        "{}",
        m.text
    );
    assert!(m.text.contains("-> tensor<2x4x16xf32>"), "{}", m.text);
}

#[test]
fn dimensions_beyond_i32_indices_are_an_error_naming_the_ref() {
    let mut kb = KernelBuilder::new("huge");
    kb.grid(&[2]);
    let x = kb.input("x", DType::F32, &[3_000_000_000]);
    let y = kb.output("y", DType::F32, &[2, 4]);
    let r = kb.program_id(0);
    let four = kb.i32(4);
    let start = kb.mul(r, four);
    let load_line = line!() + 1;
    let t = kb.load(x, &[Index::slice(start, 4)]);
    kb.store(y, &[Index::at(r), Index::Full], t);
    let vk = kb.finish().unwrap();
    let err = lower(&vk).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("StableHLO lowering of kernel `huge`"),
        "{msg}"
    );
    assert!(
        msg.contains(", op `%3 = load @x[%2:+4] : f32[4]` at "),
        "{msg}"
    );
    assert!(
        msg.contains("`x` has a dimension of 3000000000 elements"),
        "{msg}"
    );
    assert!(
        err.location.file.ends_with("lowering.rs"),
        "{:?}",
        err.location
    );
    assert_eq!(err.location.line, load_line, "the error points at the load");
}

#[test]
fn names_with_line_breaks_stay_in_comments() {
    let mut kb = KernelBuilder::new("names");
    kb.grid(&[2]);
    let x = kb.input("x", DType::F32, &[2]);
    let y = kb.output("y", DType::F32, &[2]);
    let r = kb.program_id(0);
    let t = kb.load(x, &[Index::at(r)]);
    let t = kb.set_name(t, "evil\n}\nname");
    kb.store(y, &[Index::at(r)], t);
    let m = lower(&kb.finish().unwrap()).unwrap();
    assert!(
        m.text.lines().all(|l| !l.starts_with('}') || l == "}"),
        "{}",
        m.text
    );
    assert!(m.text.contains("%evil } name.1"), "{}", m.text);
}

#[test]
fn chains_reject_a_name_used_with_two_types() {
    let a = scale_rows("first", 3, AxisSemantics::Parallel, false);
    let mut kb = KernelBuilder::new("second");
    kb.grid(&[2]);
    let y = kb.input("y", DType::F32, &[2, 4]);
    let z = kb.output("z", DType::F32, &[2, 4]);
    let r = kb.program_id(0);
    let t = kb.load(y, &[Index::at(r), Index::Full]);
    kb.store(z, &[Index::at(r), Index::Full], t);
    let b = kb.finish().unwrap();
    let err = lower_chain(&[&a, &b], GridStrategy::Auto)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("kernel `second`") && err.contains("`y` is bf16[3, 4] earlier in the chain"),
        "{err}"
    );
}

#[test]
fn kernels_without_outputs_still_lower() {
    let mut kb = KernelBuilder::new("nothing");
    kb.grid(&[2]);
    let x = kb.input("x", DType::F32, &[2]);
    let r = kb.program_id(0);
    kb.load(x, &[Index::at(r)]);
    let m = lower(&kb.finish().unwrap()).unwrap();
    assert!(m.signature.outputs.is_empty());
    assert!(m.text.contains("    return\n"), "{}", m.text);
}
