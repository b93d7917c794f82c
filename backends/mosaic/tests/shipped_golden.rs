//! Golden files of the Mosaic bodies of every shipped TPU kernel (the same
//! body serves every generation that takes it), and their compile for v5e
//! and v6e. A generation that lacks one of a kernel's dtypes refuses it by
//! tilekit's target rule, before libtpu. Re-bless with `cargo xtask bless`.

mod common;

use std::path::Path;
use tilekit_core::golden::check_golden;
use tilekit_core::VerifiedKernel;
use tilekit_mosaic::{lower, shipped, MosaicError, MosaicKernel, TpuGeneration};

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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
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
            if let Err(e) = common::compiler().compile(&m) {
                panic!("{e}\n--- body ---\n{}", common::numbered(&m.body));
            }
        }
    }
}
