//! The StableHLO emitted for the shipped kernels (the `#[kernel]` paged
//! decode and its hand-built twin), batched and sequential, as golden files
//! (`cargo xtask bless` re-writes them). (Here, not in tilekit-stablehlo,
//! because that crate does not depend on the kernels crate.)

use std::path::Path;
use tilekit_core::dsl::bf16;
use tilekit_core::golden::check_golden;
use tilekit_core::DType;
use tilekit_kernels::hand_built::{paged_decode, PagedDecodeConfig};
use tilekit_kernels::paged_decode::PagedDecodeShapes;
use tilekit_stablehlo::{lower_with, GridStrategy, Lowered};

/// The configuration of the printed-IR golden file in `kernels/`.
fn kernel() -> tilekit_core::VerifiedKernel {
    let cfg = PagedDecodeConfig {
        batch: 2,
        q_heads: 8,
        kv_heads: 2,
        head_dim: 64,
        block_size: 16,
        num_blocks: 8,
        max_blocks: 4,
        dtype: DType::Bf16,
        stages: 2,
    };
    paged_decode(&cfg).unwrap()
}

fn golden(file: &str, text: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/stablehlo")
        .join(file);
    check_golden(&path, text).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn golden_paged_decode_batched() {
    let m = lower_with(&kernel(), GridStrategy::Auto).unwrap();
    assert_eq!(m.kernels[0].1, Lowered::Batched);
    golden("paged_decode.batched.mlir", &m.text);
}

#[test]
fn golden_paged_decode_sequential() {
    let m = lower_with(&kernel(), GridStrategy::Sequential).unwrap();
    assert_eq!(m.kernels[0].1, Lowered::Sequential);
    golden("paged_decode.sequential.mlir", &m.text);
}

#[test]
fn golden_macro_paged_decode_batched() {
    let shapes = PagedDecodeShapes {
        block_tables: [2, 4],
        context_lens: [2],
        q: [2, 8, 64],
        k_cache: [8, 16, 2, 64],
        v_cache: [8, 16, 2, 64],
    };
    let vk = tilekit_kernels::paged_decode::paged_decode::<bf16, 16, 4, 2>(&shapes).unwrap();
    let m = lower_with(&vk, GridStrategy::Auto).unwrap();
    assert_eq!(m.kernels[0].1, Lowered::Batched);
    golden("paged_decode_macro.batched.mlir", &m.text);
}
