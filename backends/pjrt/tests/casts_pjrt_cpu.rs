//! Differential tests of casts, constants and iota: the interpreter's
//! rounding rules (round to nearest even once, saturating float → i32,
//! single rounding from integers and f64 constants) must hold bit for bit
//! on PJRT CPU.

mod common;

use common::{check, f32s, i32s, multi, row_args, row_kernel, Cmp, N, ROWS};
use tilekit_core::ir::{ConstValue, Index, Type};
use tilekit_core::{DType, KernelArgs, KernelBuilder};

#[test]
fn casts_between_floats_round_to_nearest_even_pjrt_cpu() {
    // f32 values just off bf16/f16 ties, subnormals, overflow to infinity.
    let v: Vec<f32> = vec![
        1.0 + 2f32.powi(-8),
        1.0 + 3.0 * 2f32.powi(-8),
        1.0 + 2f32.powi(-11),
        65520.0, //
        -65519.0,
        1e-6,
        3.0e-39,
        f32::NAN, //
        0.1,
        -0.2,
        1e30,
        -1e38,
        7.0e-8,
        2049.0,
        4097.0,
        f32::INFINITY, //
        0.0,
        -0.0,
        1.5,
        255.5,
        256.5,
        -0.75,
        1e-10,
        3.140625,
    ];
    let x = f32s(DType::F32, &[ROWS, N], &v);
    for (from, to) in [
        (DType::F32, DType::Bf16),
        (DType::F32, DType::F16),
        (DType::Bf16, DType::F16),
        (DType::F16, DType::Bf16),
        (DType::Bf16, DType::F32),
        (DType::F16, DType::F32),
    ] {
        let input = f32s(from, &[ROWS, N], &x.to_f32_vec());
        let vk = row_kernel(&format!("cast_{from}_{to}"), ROWS, N, &[from], |kb, x| {
            kb.cast(x[0], to)
        });
        check(&vk, &row_args(vec![input]), Cmp::Exact);
    }
}

#[test]
fn casts_float_to_i32_truncate_and_saturate_pjrt_cpu() {
    let v: Vec<f32> = vec![
        0.9,
        -0.9,
        2.5,
        -2.5,
        1e10,
        -1e10,
        f32::NAN,
        f32::INFINITY, //
        f32::NEG_INFINITY,
        2147483520.0,
        -2147483648.0,
        2147483648.0,
        16777217.0,
        -7.999,
        0.0,
        -0.0, //
        123.456,
        -99999.9,
        3e9,
        -3e9,
        1.0,
        -1.0,
        65504.0,
        1e-30,
    ];
    for dtype in [DType::F32, DType::Bf16, DType::F16] {
        let x = f32s(dtype, &[ROWS, N], &v);
        let vk = row_kernel("cast_to_i32", ROWS, N, &[dtype], |kb, x| {
            kb.cast(x[0], DType::I32)
        });
        check(&vk, &row_args(vec![x]), Cmp::Exact);
    }
}

#[test]
fn casts_i32_to_narrow_floats_round_once_pjrt_cpu() {
    // Integers above 2^24 where i32 -> f32 -> bf16 would round twice.
    let v: Vec<i32> = vec![
        (1 << 24) + 1,
        (1 << 21) + (1 << 13) + 1,
        (1 << 21) + (1 << 13),
        (1 << 21) + 3 * (1 << 13), //
        i32::MAX,
        i32::MIN,
        i32::MIN + 1,
        -((1 << 25) + 1), //
        65519,
        65520,
        70000,
        -70000,
        2049,
        2051,
        4099,
        -4097, //
        0,
        1,
        -1,
        255,
        257,
        33_554_433,
        1_000_000_007,
        -123_456_789,
    ];
    for to in [DType::Bf16, DType::F16, DType::F32, DType::Bool] {
        let vk = row_kernel(
            &format!("cast_i32_{to}"),
            ROWS,
            N,
            &[DType::I32],
            |kb, x| kb.cast(x[0], to),
        );
        check(
            &vk,
            &row_args(vec![i32s(&[ROWS, N], v.clone())]),
            Cmp::Exact,
        );
    }
}

#[test]
fn casts_to_and_from_bool_pjrt_cpu() {
    let v: Vec<f32> = (0..24)
        .map(|i| if i % 4 == 0 { 0.0 } else { i as f32 - 10.0 })
        .collect();
    let vk = multi(
        "bool_casts",
        DType::F32,
        1,
        &[
            &|kb, x| kb.cast(x[0], DType::Bool),
            &|kb, x| {
                let b = kb.cast(x[0], DType::Bool);
                kb.cast(b, DType::F32)
            },
            &|kb, x| {
                let b = kb.cast(x[0], DType::Bool);
                kb.cast(b, DType::I32)
            },
            &|kb, x| {
                let b = kb.cast(x[0], DType::Bool);
                kb.cast(b, DType::Bf16)
            },
        ],
    );
    check(
        &vk,
        &row_args(vec![f32s(DType::F32, &[ROWS, N], &v)]),
        Cmp::Exact,
    );
}

#[test]
fn constants_round_like_the_interpreter_pjrt_cpu() {
    let mut kb = KernelBuilder::new("constants");
    kb.grid(&[2]);
    let r = kb.program_id(0);
    let cases: Vec<(ConstValue, DType)> = vec![
        (ConstValue::Float(0.1), DType::Bf16),
        (ConstValue::Float(0.1), DType::F16),
        (
            ConstValue::Float(1.0 + 2f64.powi(-8) + 2f64.powi(-40)),
            DType::Bf16,
        ),
        (ConstValue::Float(f64::NEG_INFINITY), DType::Bf16),
        (ConstValue::Float(f64::NAN), DType::F32),
        (ConstValue::Float(1e-45), DType::F32),
        (ConstValue::Int(16_777_217), DType::F32),
        (ConstValue::Int(70_000), DType::F16),
        (ConstValue::Int(-5), DType::I32),
        (ConstValue::Bool(true), DType::Bool),
    ];
    for (i, (c, d)) in cases.iter().enumerate() {
        let v = kb.constant(*c, Type::tile(*d, &[4]));
        let y = kb.output(&format!("c{i}"), *d, &[2, 4]);
        kb.store(y, &[Index::at(r), Index::Full], v);
    }
    let vk = kb.finish().unwrap();
    check(&vk, &KernelArgs::new(), Cmp::Exact);
}

#[test]
fn iota_every_dtype_pjrt_cpu() {
    let mut kb = KernelBuilder::new("iotas");
    kb.grid(&[2]);
    let r = kb.program_id(0);
    for (i, d) in [DType::I32, DType::F32, DType::Bf16, DType::F16]
        .into_iter()
        .enumerate()
    {
        let shape = [3, 300];
        let v = kb.iota(&shape, i % 2, d);
        let y = kb.output(&format!("iota{i}"), d, &[2, 3, 300]);
        kb.store(y, &[Index::at(r), Index::Full, Index::Full], v);
    }
    let vk = kb.finish().unwrap();
    check(&vk, &KernelArgs::new(), Cmp::Exact);
}
