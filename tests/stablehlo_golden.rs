//! The StableHLO emitted for the shipped kernels (the `#[kernel]` paged
//! decode and its hand-built twin), batched and sequential, as golden files
//! (`cargo xtask bless` re-writes them). (Here, not in tilekit-stablehlo,
//! because that crate does not depend on the kernels crate.)

use std::path::Path;
use tilekit_core::golden::check_golden;
use tilekit_kernels::catalog::decode::{golden_config, golden_decode, kernels, Flavor};
use tilekit_stablehlo::{lower_with, GridStrategy, Lowered};

/// The hand-built paged decode in the catalog's golden configuration (that
/// of the printed-IR golden file in `kernels/`).
fn kernel() -> tilekit_core::VerifiedKernel {
    golden_decode()
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
    // The `#[kernel]` twin of the golden configuration, from the catalog.
    let cfg = golden_config();
    let twin = kernels()
        .into_iter()
        .find(|k| k.flavor == Flavor::Macro && k.variant.config(2, 8, 4) == cfg)
        .unwrap();
    let vk = twin.build_for(&cfg).unwrap();
    let m = lower_with(&vk, GridStrategy::Auto).unwrap();
    assert_eq!(m.kernels[0].1, Lowered::Batched);
    golden("paged_decode_macro.batched.mlir", &m.text);
}
