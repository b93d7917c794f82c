//! The Mosaic backend on the shipped kernels: golden files of the bodies of
//! every shipped TPU kernel (the same body serves every generation that
//! takes it; re-bless with `cargo xtask bless`), their compile for v5e and
//! v6e where their dtypes are supported (a generation that lacks one
//! refuses the kernel by tilekit's target rule, before libtpu), and the
//! GPU-shaped paged decode refused by the TPU target rules. (Here, not in
//! tilekit-mosaic, because that crate does not depend on the kernels
//! crate.)

mod common;

use std::path::Path;
use tilekit_core::dsl::bf16;
use tilekit_core::golden::check_golden;
use tilekit_core::VerifiedKernel;
use tilekit_kernels::catalog::tpu as shipped;
use tilekit_kernels::paged_decode::{paged_decode, PagedDecodeShapes};
use tilekit_mosaic::{lower, MosaicError, MosaicKernel, TpuGeneration};

/// The kernel lowered for each generation that takes it; a refusal must
/// be the dtype rule.
fn lowered(name: &str, k: &VerifiedKernel) -> Vec<MosaicKernel> {
    let mut out = Vec::new();
    for chip in TpuGeneration::ALL {
        match lower(k, chip) {
            Ok(m) => out.push(m),
            Err(MosaicError::Target { dtype: Some(_), .. }) => {}
            Err(e) => panic!("{name} {chip}: {e}"),
        }
    }
    assert!(!out.is_empty(), "{name}: no generation takes it");
    out
}

#[test]
fn golden_mosaic_bodies_of_shipped_kernels() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/mosaic");
    let mut failures = Vec::new();
    for s in shipped::kernels() {
        let k = s.build().unwrap_or_else(|e| panic!("{}: {e}", s.name()));
        let ms = lowered(&s.name(), &k);
        for m in &ms[1..] {
            assert_eq!(
                ms[0].body,
                m.body,
                "{}: one body for every generation",
                s.name()
            );
        }
        if let Err(e) = check_golden(&dir.join(format!("{}.mlir", s.name())), &ms[0].body) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shipped_kernels_compile_where_their_dtypes_are_supported() {
    for s in shipped::kernels() {
        let k = s.build().unwrap_or_else(|e| panic!("{}: {e}", s.name()));
        for m in lowered(&s.name(), &k) {
            common::compiles_on(&m);
        }
    }
}

#[test]
fn the_gpu_shaped_paged_decode_is_refused_with_the_dma_window() {
    let shapes = PagedDecodeShapes {
        block_tables: [2, 4],
        context_lens: [2],
        // 16 query heads per KV head: q's [16, 128] windows are bf16 tiles.
        q: [2, 32, 128],
        k_cache: [9, 16, 2, 128],
        v_cache: [9, 16, 2, 128],
        stages: 2,
    };
    let k = paged_decode::<bf16>(&shapes).unwrap();
    let msg = match lower(&k, TpuGeneration::V5e) {
        Err(e @ MosaicError::Target { .. }) => e.to_string(),
        Err(e) => panic!("expected a target-rule error, got: {e}"),
        Ok(_) => panic!("the GPU-shaped paged decode lowered for v5e"),
    };
    for want in [
        "kernel `paged_decode`",
        "ref `k_cache` [9, 16, 2, 128]",
        "load window [1, 16, 1, 128]",
        "second-to-last dim 1",
        "paged_decode.rs",
    ] {
        assert!(msg.contains(want), "missing `{want}` in: {msg}");
    }
}
