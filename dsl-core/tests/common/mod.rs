//! Helpers shared by the integration tests: host tensors in and out, running
//! a kernel with readable failures, and exact float comparison.

#![allow(dead_code)]

use std::collections::BTreeMap;
use tilekit_core::builder::KernelBuilder;
use tilekit_core::interp::run;
use tilekit_core::{DType, HostTensor, KernelArgs, RunError, TensorData, VerifiedKernel};

/// A float (or i32/bool, converted) host tensor; bf16/f16 values are rounded
/// to nearest even on the way in.
pub fn tensor(dtype: DType, shape: &[usize], values: &[f32]) -> HostTensor {
    HostTensor::from_f32(dtype, shape, values).expect("element count")
}

pub fn i32_tensor(shape: &[usize], values: &[i32]) -> HostTensor {
    HostTensor::from_i32(shape, values.to_vec()).expect("element count")
}

pub fn bool_tensor(shape: &[usize], values: &[bool]) -> HostTensor {
    HostTensor::new(shape, TensorData::Bool(values.to_vec())).expect("element count")
}

/// Every element as f32 (exact for bf16, f16 and f32 tensors).
pub fn floats(t: &HostTensor) -> Vec<f32> {
    assert!(
        t.dtype().is_float(),
        "expected a float tensor, got {}",
        t.dtype()
    );
    t.to_f32_vec()
}

pub fn ints(t: &HostTensor) -> Vec<i32> {
    t.as_i32()
        .unwrap_or_else(|| panic!("expected an i32 tensor, got {}", t.dtype()))
        .to_vec()
}

pub fn bools(t: &HostTensor) -> Vec<bool> {
    match t.data() {
        TensorData::Bool(v) => v.clone(),
        _ => panic!("expected a bool tensor, got {}", t.dtype()),
    }
}

/// Bit-for-bit equality, except that every NaN equals every NaN.
pub fn same_bits(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// Equality as floats (+0 == -0), except that every NaN equals every NaN.
pub fn same_value(a: f32, b: f32) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

#[track_caller]
pub fn assert_bits(got: &[f32], want: &[f32], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: element count");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(
            same_bits(g, w),
            "{what}: element {i}: got {g:?} ({:#010x}), want {w:?} ({:#010x})\n got: {got:?}\nwant: {want:?}",
            g.to_bits(),
            w.to_bits()
        );
    }
}

/// Like [`assert_bits`] but +0 and -0 compare equal.
#[track_caller]
pub fn assert_values(got: &[f32], want: &[f32], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: element count");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(
            same_value(g, w),
            "{what}: element {i}: got {g:?}, want {w:?}\n got: {got:?}\nwant: {want:?}"
        );
    }
}

/// Verifies a kernel, panicking with the verifier's report and the IR.
#[track_caller]
pub fn finish(kb: KernelBuilder) -> VerifiedKernel {
    match kb.finish() {
        Ok(vk) => vk,
        Err(e) => panic!(
            "kernel failed to verify:\n{e}\n{}",
            tilekit_core::print::print_kernel(&e.kernel)
        ),
    }
}

/// Runs a verified kernel, panicking with the error and the IR.
#[track_caller]
pub fn run_ok(vk: &VerifiedKernel, args: &KernelArgs) -> BTreeMap<String, HostTensor> {
    match run(vk, args) {
        Ok(out) => out,
        Err(e) => panic!("kernel failed to run: {e}\n{}", vk.to_text()),
    }
}

/// Verifies and runs; the launch error is returned for tests that expect one.
#[track_caller]
pub fn try_run(
    kb: KernelBuilder,
    args: &KernelArgs,
) -> Result<BTreeMap<String, HostTensor>, RunError> {
    let vk = finish(kb);
    run(&vk, args)
}
