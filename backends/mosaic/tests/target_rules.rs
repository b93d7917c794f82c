//! tilekit's own TPU target rules, checked before Mosaic sees a kernel:
//! each error names the kernel, the ref and the shape. Where libtpu can
//! judge the same kernel, it agrees. (The GPU-shaped shipped paged decode
//! is refused in the root crate's tests/mosaic_shipped.rs.)

mod common;

use common::compiler;
use tilekit_core::ir::Index;
use tilekit_core::{DType, KernelBuilder, VerifiedKernel};
use tilekit_mosaic::{lower, MosaicError, TpuGeneration};

fn copy_with_block(block: &[usize], shape: &[usize], dtype: DType) -> VerifiedKernel {
    let mut kb = KernelBuilder::new("tiled_copy");
    let grid: Vec<usize> = shape.iter().zip(block).map(|(s, b)| s / b).collect();
    kb.grid(&grid);
    let x = kb.input("x", dtype, shape);
    let y = kb.output("y", dtype, shape);
    kb.block_spec(x, block, |_, ids| ids.to_vec());
    kb.block_spec(y, block, |_, ids| ids.to_vec());
    let full: Vec<Index> = block.iter().map(|_| Index::Full).collect();
    let t = kb.load(x, &full);
    kb.store(y, &full, t);
    kb.finish().unwrap()
}

fn target_error(k: &VerifiedKernel, chip: TpuGeneration) -> String {
    match lower(k, chip) {
        Err(e @ MosaicError::Target { .. }) => e.to_string(),
        Err(e) => panic!("expected a target-rule error, got: {e}"),
        Ok(_) => panic!("{} lowered for {chip}, breaking a rule", k.name()),
    }
}

#[test]
fn a_block_breaking_the_lane_tiling_names_kernel_ref_and_shape() {
    let k = copy_with_block(&[8, 100], &[16, 200], DType::F32);
    let msg = target_error(&k, TpuGeneration::V5e);
    for want in [
        "kernel `tiled_copy`",
        "ref `x`",
        "block shape [8, 100]",
        "last dim 100",
        "multiple of 128",
    ] {
        assert!(msg.contains(want), "missing `{want}` in: {msg}");
    }
}

#[test]
fn bf16_blocks_need_16_rows_where_f32_needs_8() {
    let f32_ok = copy_with_block(&[8, 128], &[32, 256], DType::F32);
    let m = lower(&f32_ok, TpuGeneration::V5e).unwrap();
    compiler().compile(&m).unwrap();
    let half = copy_with_block(&[8, 128], &[32, 256], DType::Bf16);
    let msg = target_error(&half, TpuGeneration::V6e);
    for want in [
        "block shape [8, 128]",
        "second-to-last dim 8",
        "multiple of 16",
        "bf16",
    ] {
        assert!(msg.contains(want), "missing `{want}` in: {msg}");
    }
}

/// A kernel keeping `mib` MiB of f32 scratch.
fn scratch_kernel(mib: usize) -> VerifiedKernel {
    let mut kb = KernelBuilder::new("big_scratch");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[8, 128]);
    let y = kb.output("y", DType::F32, &[8, 128]);
    let s = kb.scratch("acc", DType::F32, &[mib * 256, 8, 128]);
    let zero = kb.i32(0);
    let t = kb.load(x, &[Index::Full, Index::Full]);
    let idx = [Index::at(zero), Index::Full, Index::Full];
    kb.store(s, &idx, t);
    let u = kb.load(s, &idx);
    kb.store(y, &[Index::Full, Index::Full], u);
    kb.finish().unwrap()
}

#[test]
fn vmem_budgets_follow_the_generation_and_libtpu_agrees() {
    let k = scratch_kernel(20);
    let msg = target_error(&k, TpuGeneration::V5e);
    for want in [
        "kernel `big_scratch`",
        "VMEM",
        "16777216-byte scoped VMEM of v5e",
    ] {
        assert!(msg.contains(want), "missing `{want}` in: {msg}");
    }
    // 20 MiB fits v6e's 32 MiB, and libtpu compiles it...
    let v6e = lower(&k, TpuGeneration::V6e).unwrap();
    compiler().compile(&v6e).unwrap_or_else(|e| panic!("{e}"));
    // ...but not for v5e, where Mosaic reports the same overflow.
    let mut on_v5e = v6e.clone();
    on_v5e.chip = TpuGeneration::V5e;
    let err = compiler().compile(&on_v5e).unwrap_err().to_string();
    assert!(err.contains("vmem") || err.contains("VMEM"), "{err}");
}

#[test]
fn f16_refs_are_refused() {
    let k = copy_with_block(&[8, 128], &[16, 128], DType::F16);
    let msg = target_error(&k, TpuGeneration::V6e);
    assert!(msg.contains("ref `x`") && msg.contains("f16"), "{msg}");
    // A dtype refusal says which dtype, so `tpu-check` lists it as refused.
    assert!(matches!(
        lower(&k, TpuGeneration::V5e),
        Err(MosaicError::Target {
            dtype: Some(DType::F16),
            ..
        })
    ));
}
