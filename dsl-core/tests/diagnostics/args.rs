//! Launch arguments are checked against the kernel's signature before
//! anything runs; every problem is reported at once, naming the kernel.

use crate::common::f32s;
use tilekit_core::args::check_args;
use tilekit_core::interp::run;
use tilekit_core::ir::Index;
use tilekit_core::{DType, HostTensor, KernelArgs, KernelBuilder, RunError};
use tilekit_core::{ScalarArg, VerifiedKernel};

/// `y = x * scale; acc += y` with a prefetch array it does not read.
fn scale_rows() -> VerifiedKernel {
    let mut kb = KernelBuilder::new("scale_rows");
    kb.grid(&[1]);
    kb.prefetch("lens", &[2]);
    let x = kb.input("x", DType::F32, &[2, 3]);
    let acc = kb.inout("acc", DType::F32, &[2, 3]);
    let y = kb.output("y", DType::F32, &[2, 3]);
    let scale = kb.scalar("scale", DType::F32);
    let all = [Index::Full, Index::Full];
    let v = kb.load(x, &all);
    let s = kb.mul(v, scale);
    let a = kb.load(acc, &all);
    let sum = kb.add(a, s);
    kb.store(acc, &all, sum);
    kb.store(y, &all, s);
    kb.finish().unwrap()
}

fn good_args() -> KernelArgs {
    KernelArgs::new()
        .tensor("lens", HostTensor::from_i32(&[2], vec![3, 3]).unwrap())
        .tensor("x", f32s(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]))
        .tensor("acc", f32s(&[2, 3], &[1.0; 6]))
        .f32("scale", 2.0)
}

/// The launch fails with an argument error (the same one `check_args`
/// gives) listing exactly `problems`; returns its text.
fn arg_problems(args: &KernelArgs, problems: &[&str]) -> String {
    let vk = scale_rows();
    let e = run(&vk, args).unwrap_err();
    let RunError::Args(a) = &e else {
        panic!("expected an argument error, got: {e}");
    };
    assert_eq!(a.kernel, "scale_rows");
    assert_eq!(a.problems, problems);
    assert_eq!(check_args(vk.kernel(), args).unwrap_err(), *a);
    e.to_string()
}

#[test]
fn good_arguments_run() {
    let out = run(&scale_rows(), &good_args()).unwrap();
    assert_eq!(
        out["y"].as_f32().unwrap(),
        &[2.0, 4.0, 6.0, 8.0, 10.0, 12.0]
    );
    assert_eq!(
        out["acc"].as_f32().unwrap(),
        &[3.0, 5.0, 7.0, 9.0, 11.0, 13.0]
    );
    assert_eq!(out.keys().collect::<Vec<_>>(), ["acc", "y"]);
}

#[test]
fn missing_tensor() {
    let mut args = good_args();
    args.tensors.remove("x");
    assert_eq!(
        arg_problems(&args, &["argument `x` (input f32[2, 3]) is missing"]),
        "kernel `scale_rows`: argument `x` (input f32[2, 3]) is missing"
    );
    let mut args = good_args();
    args.tensors.remove("lens");
    arg_problems(
        &args,
        &["argument `lens` (prefetch array i32[2]) is missing"],
    );
}

#[test]
fn wrong_dtype() {
    let args = good_args().tensor("x", HostTensor::zeros(DType::Bf16, &[2, 3]));
    assert_eq!(
        arg_problems(
            &args,
            &["argument `x` has dtype bf16 but the kernel expects f32"]
        ),
        "kernel `scale_rows`: argument `x` has dtype bf16 but the kernel expects f32"
    );
}

#[test]
fn wrong_shape() {
    let args = good_args().tensor("acc", HostTensor::zeros(DType::F32, &[3, 2]));
    assert_eq!(
        arg_problems(
            &args,
            &["argument `acc` has shape [3, 2] but the kernel expects [2, 3]"]
        ),
        "kernel `scale_rows`: argument `acc` has shape [3, 2] but the kernel expects [2, 3]"
    );
}

#[test]
fn unknown_names() {
    let args = good_args()
        .tensor("z", HostTensor::zeros(DType::F32, &[1]))
        .f32("bias", 1.0);
    assert_eq!(
        arg_problems(
            &args,
            &[
                "the kernel has no tensor parameter named `z`",
                "the kernel has no scalar parameter named `bias`"
            ]
        ),
        "kernel `scale_rows`: the kernel has no tensor parameter named `z`; the kernel has no \
         scalar parameter named `bias`"
    );
}

#[test]
fn passing_an_output() {
    let args = good_args().tensor("y", HostTensor::zeros(DType::F32, &[2, 3]));
    assert_eq!(
        arg_problems(
            &args,
            &["argument `y` is an output the kernel creates; do not pass it"]
        ),
        "kernel `scale_rows`: argument `y` is an output the kernel creates; do not pass it"
    );
}

#[test]
fn missing_scalar() {
    let mut args = good_args();
    args.scalars.clear();
    assert_eq!(
        arg_problems(&args, &["scalar argument `scale` (f32) is missing"]),
        "kernel `scale_rows`: scalar argument `scale` (f32) is missing"
    );
}

#[test]
fn wrong_scalar_dtype() {
    let args = good_args().scalar("scale", ScalarArg::I32(2));
    assert_eq!(
        arg_problems(
            &args,
            &["scalar argument `scale` is i32 but the kernel expects f32"]
        ),
        "kernel `scale_rows`: scalar argument `scale` is i32 but the kernel expects f32"
    );
}

/// Every problem at once, in a fixed order: parameters in declaration order
/// (prefetch, refs, scalars), then unknown tensors and scalars by name.
#[test]
fn several_problems_are_reported_together() {
    let mut args = good_args()
        .tensor("acc", HostTensor::zeros(DType::Bf16, &[2, 3]))
        .tensor("y", HostTensor::zeros(DType::F32, &[2, 3]))
        .tensor("w", HostTensor::zeros(DType::F32, &[3]))
        .scalar("scale", ScalarArg::Bool(true))
        .i32("n", 4);
    args.tensors.remove("x");
    let text = arg_problems(
        &args,
        &[
            "argument `x` (input f32[2, 3]) is missing",
            "argument `acc` has dtype bf16 but the kernel expects f32",
            "scalar argument `scale` is bool but the kernel expects f32",
            "the kernel has no tensor parameter named `w`",
            "argument `y` is an output the kernel creates; do not pass it",
            "the kernel has no scalar parameter named `n`",
        ],
    );
    assert!(
        text.starts_with(
            "kernel `scale_rows`: argument `x` (input f32[2, 3]) is missing; argument"
        ),
        "{text}"
    );
}
