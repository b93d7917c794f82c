//! What the simulator tests of shipped kernels share: the golden decode,
//! simulation on both targets with panics on failure left to the caller,
//! and elementwise comparison.

#![allow(dead_code)]

use std::collections::BTreeMap;
use tilekit::core::{DType, HostTensor, KernelArgs, VerifiedKernel};

/// The hand-built paged decode in the golden configuration.
pub fn golden_decode() -> VerifiedKernel {
    tilekit::kernels::catalog::decode::golden_decode()
}

/// Both targets, which must agree bit for bit; the error as text.
pub fn simulate(
    kernel: &VerifiedKernel,
    args: &KernelArgs,
) -> Result<BTreeMap<String, HostTensor>, String> {
    tilekit_ptx_sim::simulate_all_targets(kernel, args).map_err(|e| e.to_string())
}

/// Elementwise agreement: exact for i32/bool and infinities, else within
/// `atol + rtol * |expected|`.
pub fn close(name: &str, got: &HostTensor, want: &HostTensor, atol: f64, rtol: f64) {
    assert_eq!(got.shape(), want.shape(), "{name}");
    let exact = matches!(want.dtype(), DType::I32 | DType::Bool);
    for (i, (a, b)) in got.to_f64_vec().iter().zip(want.to_f64_vec()).enumerate() {
        let ok = if exact || b.is_infinite() {
            *a == b
        } else {
            !a.is_nan() && (a - b).abs() <= atol + rtol * b.abs()
        };
        assert!(ok, "{name}[{i}]: simulated {a}, interpreter {b}");
    }
}
