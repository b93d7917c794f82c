//! Programs lower to one StableHLO module: one `tpu_custom_call` per kernel
//! call, buffers threaded from call to call, state aliased from `@main`'s
//! parameters to its results, build-time scalars as constants; libtpu
//! compiles the module for v5e and v6e. A call whose kernel breaks a TPU
//! rule is reported naming the program, the call and the kernel. The
//! module text is a golden file with the Mosaic bodies elided (each kernel
//! body's own golden files and tests cover those; re-bless with
//! `cargo xtask bless`).

mod common;

use common::compiler;
use std::path::Path;
use std::sync::Arc;
use tilekit_core::golden::check_golden;
use tilekit_core::ir::Index;
use tilekit_core::program::{Arg, Program, ProgramBuilder};
use tilekit_core::{DType, KernelBuilder, VerifiedKernel};
use tilekit_mosaic::{lower_program, MosaicError, TpuGeneration};

const TILE: [usize; 2] = [8, 128];
const ALL: [Index; 2] = [Index::Full, Index::Full];

/// y = x * factor (a scalar parameter).
fn scale_by() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("scale_by");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &TILE);
    let y = kb.output("y", DType::F32, &TILE);
    let factor = kb.scalar("factor", DType::F32);
    let t = kb.load(x, &ALL);
    let t = kb.mul(t, factor);
    kb.store(y, &ALL, t);
    Arc::new(kb.finish().unwrap())
}

/// acc += x, in place.
fn accumulate() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("accumulate");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &TILE);
    let acc = kb.inout("acc", DType::F32, &TILE);
    let a = kb.load(acc, &ALL);
    let b = kb.load(x, &ALL);
    let s = kb.add(a, b);
    kb.store(acc, &ALL, s);
    Arc::new(kb.finish().unwrap())
}

/// y = table[row[0]] (a prefetch array picks the page).
fn pick_row() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("pick_row");
    kb.grid(&[1]);
    let row = kb.prefetch("row", &[1]);
    let table = kb.input("table", DType::F32, &[4, 8, 128]);
    let y = kb.output("y", DType::F32, &TILE);
    let zero = kb.i32(0);
    let r = kb.prefetch_read(row, &[zero]);
    let t = kb.load(table, &[Index::at(r), Index::Full, Index::Full]);
    kb.store(y, &ALL, t);
    Arc::new(kb.finish().unwrap())
}

/// acc += 2 * table[row]; returns acc / 2: four calls, one state buffer.
fn small_program() -> Program {
    let (pick, scale, acc_k) = (pick_row(), scale_by(), accumulate());
    let mut p = ProgramBuilder::new("pick_scale_accumulate");
    let row = p.input("row", DType::I32, &[1]);
    let table = p.input("table", DType::F32, &[4, 8, 128]);
    let acc = p.state("acc", DType::F32, &TILE);
    let c = p.call(&pick, &[("row", row.into()), ("table", table.into())]);
    let picked = p.out(c, "y");
    let c = p.call(
        &scale,
        &[("x", picked.into()), ("factor", Arg::from(2.0f32))],
    );
    let doubled = p.out(c, "y");
    p.call(&acc_k, &[("x", doubled.into()), ("acc", acc.into())]);
    let c = p.call(&scale, &[("x", acc.into()), ("factor", Arg::from(0.5f32))]);
    let half = p.out(c, "y");
    p.output(half);
    p.finish().unwrap()
}

/// `module` with each custom call's base64 body replaced by its length.
fn elide_bodies(module: &str) -> String {
    const OPEN: &str = "\\\"body\\\": \\\"";
    let mut out = String::new();
    let mut rest = module;
    while let Some(i) = rest.find(OPEN) {
        let (head, tail) = rest.split_at(i + OPEN.len());
        out.push_str(head);
        let end = tail.find('\\').unwrap_or(tail.len());
        out.push_str(&format!("<{} base64 characters>", end));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The line of `module` holding call `c`'s custom call.
fn call_line(module: &str, c: usize) -> &str {
    let prefix = format!("%c{c}_r");
    module
        .lines()
        .find(|l| l.trim_start().starts_with(&prefix) && l.contains("@tpu_custom_call"))
        .unwrap_or_else(|| panic!("no custom call for call {c} in:\n{module}"))
}

#[test]
fn one_custom_call_per_call_with_buffers_threaded() {
    let p = small_program();
    let m = lower_program(&p, TpuGeneration::V5e).unwrap_or_else(|e| panic!("{e}"));
    let text = &m.module;
    assert_eq!(
        text.matches("stablehlo.custom_call @tpu_custom_call")
            .count(),
        4
    );
    assert_eq!(m.calls.len(), 4);
    // Inputs and state are parameters; only state is aliased to a result.
    assert!(text.contains(
        "@main(%b0: tensor<1xi32>, %b1: tensor<4x8x128xf32>, %b2: tensor<8x128xf32> {tf.aliasing_output = 0 : i32})"
    ));
    assert_eq!(text.matches("tf.aliasing_output").count(), 1);
    // The prefetch array is flattened from the input buffer.
    assert!(text.contains("%c0_op0 = stablehlo.reshape %b0 : (tensor<1xi32>) -> tensor<1xi32>"));
    assert!(call_line(text, 0).contains("@tpu_custom_call(%c0_op0, %b1, %c0_op2)"));
    // Build-time scalars are constants (2.0 and 0.5 as bit patterns).
    assert!(text.contains("%c1_op0 = stablehlo.constant dense<0x40000000> : tensor<1xf32>"));
    assert!(text.contains("%c3_op0 = stablehlo.constant dense<0x3F000000> : tensor<1xf32>"));
    // Call 1 reads what call 0 created; call 2 updates the state in place
    // (its in/out operand, index 1, aliases its result); call 3 reads the
    // updated state.
    assert!(call_line(text, 1).contains("@tpu_custom_call(%c1_op0, %c0_r, %c1_op2)"));
    let acc = call_line(text, 2);
    assert!(acc.contains("@tpu_custom_call(%c1_r, %b2)"), "{acc}");
    assert!(
        acc.contains("output_tuple_indices = [], operand_index = 1,"),
        "{acc}"
    );
    assert!(call_line(text, 3).contains("@tpu_custom_call(%c3_op0, %c2_r, %c3_op2)"));
    // The state's final value, then the output.
    assert!(text.contains("return %c2_r, %c3_r : tensor<8x128xf32>, tensor<8x128xf32>"));
    let names = |ids: &[_]| -> Vec<String> {
        ids.iter()
            .map(|b| p.buffer(*b).name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&m.params), ["row", "table", "acc"]);
    assert_eq!(names(&m.results), ["acc", "scale_by#3.y"]);
}

#[test]
fn golden_program_module() {
    let m = lower_program(&small_program(), TpuGeneration::V5e).unwrap_or_else(|e| panic!("{e}"));
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/program_pick_scale_accumulate.mlir");
    check_golden(&path, &elide_bodies(&m.module)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn programs_compile_for_every_generation() {
    let p = small_program();
    for chip in TpuGeneration::ALL {
        let m = lower_program(&p, chip).unwrap_or_else(|e| panic!("{e}"));
        let c = compiler()
            .compile_program(&m)
            .unwrap_or_else(|e| panic!("{e}\n{}", m.module));
        assert!(c.code_bytes > 0);
        // The state (one [8, 128] f32 buffer) stays in place: its
        // parameter is reused for its result.
        let memory = c.memory.expect("libtpu reports memory stats");
        assert_eq!(memory.alias_bytes, 8 * 128 * 4, "{memory:?}");
    }
}

/// A copy in [8, 100] blocks: the last dim breaks the lane tiling.
fn badly_tiled_copy() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("tiled_copy");
    kb.grid(&[2, 2]);
    let x = kb.input("x", DType::F32, &[16, 200]);
    let y = kb.output("y", DType::F32, &[16, 200]);
    kb.block_spec(x, &[8, 100], |_, ids| ids.to_vec());
    kb.block_spec(y, &[8, 100], |_, ids| ids.to_vec());
    let t = kb.load(x, &ALL);
    kb.store(y, &ALL, t);
    Arc::new(kb.finish().unwrap())
}

#[test]
fn a_call_breaking_a_target_rule_names_program_call_and_kernel() {
    let mut p = ProgramBuilder::new("bad");
    let x = p.input("x", DType::F32, &TILE);
    let c = p.call(
        &scale_by(),
        &[("x", x.into()), ("factor", Arg::from(1.0f32))],
    );
    let _ = p.out(c, "y");
    let wide = p.input("wide", DType::F32, &[16, 200]);
    let c = p.call(&badly_tiled_copy(), &[("x", wide.into())]);
    let y = p.out(c, "y");
    p.output(y);
    let p = p.finish().unwrap();
    let e = lower_program(&p, TpuGeneration::V6e).expect_err("a rule is broken");
    assert!(
        matches!(&e, MosaicError::InProgram { call: 1, source, .. } if matches!(**source, MosaicError::Target { .. })),
        "{e:?}"
    );
    let msg = e.to_string();
    for want in [
        "program `bad`",
        "call 1 (`tiled_copy`) at ",
        "programs.rs",
        "ref `x`",
        "block shape [8, 100]",
        "multiple of 128",
    ] {
        assert!(msg.contains(want), "missing `{want}` in: {msg}");
    }
}

#[test]
fn a_hand_made_program_missing_a_binding_is_an_error_not_a_panic() {
    let mut p = small_program();
    p.calls[1].args.retain(|(n, _)| n != "factor");
    let msg = lower_program(&p, TpuGeneration::V5e)
        .expect_err("factor is unbound")
        .to_string();
    for want in ["call 1 (`scale_by`)", "scalar `factor` is not bound"] {
        assert!(msg.contains(want), "missing `{want}` in: {msg}");
    }
}

/// rows[b] += 1 over `[8, 64, 1, 16]` rows, in place: a shape whose compact
/// TPU layout (the singleton dim moved, as for the quantized caches' scale
/// planes) is not the calls' row-major one.
fn bump_rows() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("bump_rows");
    kb.grid(&[8]);
    let rows = kb.inout("rows", DType::F32, &[8, 64, 1, 16]);
    let b = kb.program_id(0);
    let at = [Index::at(b), Index::Full, Index::Full, Index::Full];
    let t = kb.load(rows, &at);
    let one = kb.f32(1.0);
    let t = kb.add(t, one);
    kb.store(rows, &at, t);
    Arc::new(kb.finish().unwrap())
}

#[test]
fn state_in_a_layout_libtpu_would_not_choose_stays_in_place() {
    let bump = bump_rows();
    let mut p = ProgramBuilder::new("bump_twice");
    let rows = p.state("rows", DType::F32, &[8, 64, 1, 16]);
    p.call(&bump, &[("rows", rows.into())]);
    p.call(&bump, &[("rows", rows.into())]);
    let p = p.finish().unwrap();
    for chip in TpuGeneration::ALL {
        let m = lower_program(&p, chip).unwrap_or_else(|e| panic!("{e}"));
        let c = compiler()
            .compile_program(&m)
            .unwrap_or_else(|e| panic!("{e}"));
        let s = c.memory.expect("libtpu reports memory stats");
        // No copy to another layout and back: nothing beyond the state is
        // live at the peak. (Compiled without the row-major layouts, libtpu
        // keeps the state compact, 64 KiB, and peaks at 576 KiB.)
        assert_eq!(s.alias_bytes, s.argument_bytes, "{chip}: {s:?}");
        assert!(s.peak_bytes <= s.argument_bytes + 4096, "{chip}: {s:?}");
    }
}
