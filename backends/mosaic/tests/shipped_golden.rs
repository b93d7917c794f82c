//! Golden files of the Mosaic bodies of every shipped TPU kernel (the same
//! body serves v5e and v6e), and their compile for both generations.
//! Re-bless with `cargo xtask bless`.

mod common;

use std::path::Path;
use tilekit_core::golden::check_golden;
use tilekit_mosaic::{lower, shipped, TpuGeneration};

#[test]
fn golden_mosaic_bodies_of_shipped_kernels() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut failures = Vec::new();
    for s in shipped::kernels() {
        let k = s.build().unwrap_or_else(|e| panic!("{}: {e}", s.name()));
        let m = lower(&k, TpuGeneration::V5e).unwrap_or_else(|e| panic!("{e}"));
        let v6e = lower(&k, TpuGeneration::V6e).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            m.body,
            v6e.body,
            "{}: one body for every generation",
            s.name()
        );
        if let Err(e) = check_golden(&dir.join(format!("{}.mlir", s.name())), &m.body) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shipped_kernels_compile_for_v5e_and_v6e() {
    for s in shipped::kernels() {
        let k = s.build().unwrap_or_else(|e| panic!("{}: {e}", s.name()));
        common::compiles_everywhere(&k);
    }
}
