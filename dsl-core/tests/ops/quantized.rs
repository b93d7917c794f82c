//! The 8- and 16-bit dtypes (i8, u8, u16, f8e4m3, f8e5m2) and the bit ops
//! (and/or/xor/not, shifts, bitcast), each checked in the interpreter
//! against a plain-Rust model written here from the formats' definitions,
//! independent of `tilekit_core::fp8`.

use super::*;

const INTS: [DType; 4] = [DType::I8, DType::U8, DType::U16, DType::I32];
const FP8: [DType; 2] = [DType::F8E4M3, DType::F8E5M2];

type IntOp = (BinaryOp, fn(i64, i64) -> i64);
type BuildCase = (&'static str, fn(&mut KernelBuilder, Value) -> Value);

/// Decodes an fp8 pattern from the field definitions: `e` exponent bits,
/// `m` mantissa bits, bias 2^(e-1) - 1; E4M3FN has no infinities and only
/// S.1111.111 is NaN, E5M2 is IEEE-style.
fn model_decode(dtype: DType, bits: u8) -> f64 {
    let (e, m, ieee) = if dtype == DType::F8E4M3 {
        (4, 3, false)
    } else {
        (5, 2, true)
    };
    let sign = if bits >> 7 == 1 { -1.0 } else { 1.0 };
    let exp = ((bits >> m) & ((1 << e) - 1)) as i32;
    let man = (bits & ((1 << m) - 1)) as f64;
    let bias = (1 << (e - 1)) - 1;
    let top = (1 << e) - 1;
    if ieee && exp == top {
        return if man == 0.0 {
            sign * f64::INFINITY
        } else {
            f64::NAN
        };
    }
    if !ieee && exp == top && man as u32 == (1 << m) - 1 {
        return f64::NAN;
    }
    let frac = if exp == 0 { man } else { man + (1 << m) as f64 };
    let exp = if exp == 0 { 1 } else { exp };
    sign * frac * 2f64.powi(exp - bias - m)
}

/// Rounds by searching every finite pattern for the nearest value; a tie
/// goes to the even pattern; beyond the largest finite value (infinities
/// included) it saturates; NaN stays NaN.
fn model_round(dtype: DType, x: f32) -> f32 {
    if x.is_nan() {
        return f32::NAN;
    }
    let finite: Vec<(u8, f64)> = (0..=255u8)
        .map(|b| (b, model_decode(dtype, b)))
        .filter(|(_, v)| v.is_finite())
        .collect();
    let max = finite.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    let x = x as f64;
    if x.abs() >= max {
        return (max * x.signum()) as f32;
    }
    let mut best = finite[0];
    for &(b, v) in &finite {
        let (d, db) = ((v - x).abs(), (best.1 - x).abs());
        if d < db || (d == db && b % 2 == 0 && best.0 % 2 == 1) {
            best = (b, v);
        }
    }
    // Zero keeps the input's sign.
    if best.1 == 0.0 {
        return if x.is_sign_negative() { -0.0 } else { 0.0 };
    }
    best.1 as f32
}

fn fp8_inputs() -> Vec<f32> {
    let mut xs = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        1.0625,
        1.1875,
        0.3,
        -2.7,
        240.0,
        448.0,
        449.0,
        464.0,
        470.0,
        500.0,
        -1e6,
        57344.0,
        61440.0,
        1e9,
        2f32.powi(-9),
        2f32.powi(-10),
        2f32.powi(-10) * 1.01,
        2f32.powi(-16),
        2f32.powi(-17),
        2f32.powi(-6) * 0.99,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
    ];
    xs.extend((0..200).map(|i| ((i * 7919 % 1000) as f32 - 500.0) * 0.013 * (i % 7) as f32));
    xs
}

#[test]
fn fp8_casts_round_to_nearest_even_and_saturate() {
    let xs = fp8_inputs();
    for dtype in FP8 {
        let input = tensor(DType::F32, &[xs.len()], &xs);
        let y = apply(&[input], |kb, v| {
            let c = kb.cast(v[0], dtype);
            kb.cast(c, DType::F32)
        });
        let want: Vec<f32> = xs.iter().map(|&x| model_round(dtype, x)).collect();
        assert_bits(&floats(&y), &want, &format!("f32 -> {dtype} -> f32"));
    }
    // Hand-written spot checks: saturation, ties, negative zero.
    let input = tensor(DType::F32, &[4], &[1e9, -1e9, 1.0625, -0.0]);
    let y = apply(&[input], |kb, v| {
        let c = kb.cast(v[0], DType::F8E4M3);
        kb.cast(c, DType::F32)
    });
    assert_bits(&floats(&y), &[448.0, -448.0, 1.0, -0.0], "e4m3 spot checks");
}

#[test]
fn fp8_from_other_floats_and_ints_rounds_once() {
    for dtype in FP8 {
        for from in [DType::Bf16, DType::F16] {
            let xs: Vec<f32> = fp8_inputs()
                .into_iter()
                .map(|x| from.round_f32(x))
                .collect();
            let input = tensor(from, &[xs.len()], &xs);
            let y = apply(&[input], |kb, v| {
                let c = kb.cast(v[0], dtype);
                kb.cast(c, DType::F32)
            });
            let want: Vec<f32> = xs.iter().map(|&x| model_round(dtype, x)).collect();
            assert_bits(&floats(&y), &want, &format!("{from} -> {dtype}"));
        }
        let ints: Vec<i32> = vec![0, 1, -1, 17, 19, 300, 449, 100_000, -70_000, i32::MAX];
        let input = i32_tensor(&[ints.len()], &ints);
        let y = apply(&[input], |kb, v| {
            let c = kb.cast(v[0], dtype);
            kb.cast(c, DType::F32)
        });
        let want: Vec<f32> = ints.iter().map(|&x| model_round(dtype, x as f32)).collect();
        assert_bits(&floats(&y), &want, &format!("i32 -> {dtype}"));
    }
}

#[test]
fn fp8_bitcasts_expose_the_format_bits() {
    for dtype in FP8 {
        let bytes: Vec<i32> = (0..=255).collect();
        let input = HostTensor::from_ints(DType::U8, &[256], &bytes).unwrap();
        let [as_float, back] = apply_many(&[input], |kb, v| {
            let f = kb.bitcast(v[0], dtype);
            let wide = kb.cast(f, DType::F32);
            vec![wide, kb.bitcast(f, DType::I8)]
        })
        .try_into()
        .unwrap();
        let got = floats(&as_float);
        for (b, &g) in got.iter().enumerate() {
            let want = model_decode(dtype, b as u8);
            assert!(
                (want.is_nan() && g.is_nan()) || want as f32 == g,
                "{dtype} bits {b:#04x}: {g} vs {want}"
            );
        }
        let back = back.to_i32_vec().unwrap();
        for (b, &g) in back.iter().enumerate() {
            if !model_decode(dtype, b as u8).is_nan() {
                assert_eq!(g, b as u8 as i8 as i32, "{dtype} bits {b:#04x} round trip");
            }
        }
    }
}

#[test]
fn fp8_tiles_are_storage_only() {
    let mut kb = KernelBuilder::new("fp8_math");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F8E4M3, &[4]);
    let y = kb.output("y", DType::F8E4M3, &[4]);
    let t = kb.load(x, &[Index::Full]);
    let s = kb.add(t, t);
    kb.store(y, &[Index::Full], s);
    let e = kb.finish().unwrap_err().to_string();
    assert!(
        e.contains("`add` is not defined on f8e4m3, a storage type; cast to f32"),
        "{e}"
    );
}

/// Integer values spread over each dtype's range, extremes included.
fn int_values(d: DType) -> Vec<i32> {
    let (lo, hi) = d.int_range().unwrap();
    let mut v: Vec<i64> = vec![
        lo,
        lo + 1,
        -1,
        0,
        1,
        2,
        7,
        15,
        16,
        127,
        128,
        255,
        256,
        hi - 1,
        hi,
    ];
    v.extend((0..40).map(|i| lo + (hi - lo) / 41 * (i + 1)));
    v.into_iter()
        .filter(|x| (lo..=hi).contains(x))
        .map(|x| x as i32)
        .collect()
}

/// Wraps to `d` as Rust's `as` casts do.
fn wrap(d: DType, x: i64) -> i32 {
    match d {
        DType::I8 => x as i8 as i32,
        DType::U8 => x as u8 as i32,
        DType::U16 => x as u16 as i32,
        _ => x as i32,
    }
}

fn int_pair(d: DType) -> (Vec<i32>, Vec<i32>, HostTensor, HostTensor) {
    let a = int_values(d);
    let b: Vec<i32> = a.iter().rev().copied().collect();
    let ta = HostTensor::from_ints(d, &[a.len()], &a).unwrap();
    let tb = HostTensor::from_ints(d, &[b.len()], &b).unwrap();
    (a, b, ta, tb)
}

#[test]
fn bitwise_ops_match_rust_on_every_integer_dtype() {
    for d in INTS {
        let (a, b, ta, tb) = int_pair(d);
        let ops: [IntOp; 3] = [
            (BinaryOp::And, |x, y| x & y),
            (BinaryOp::Or, |x, y| x | y),
            (BinaryOp::Xor, |x, y| x ^ y),
        ];
        for (op, f) in ops {
            let y = apply(&[ta.clone(), tb.clone()], |kb, v| kb.binary(op, v[0], v[1]));
            assert_eq!(y.dtype(), d);
            let want: Vec<i32> = a
                .iter()
                .zip(&b)
                .map(|(&x, &y)| wrap(d, f(x as i64, y as i64)))
                .collect();
            assert_eq!(y.to_i32_vec().unwrap(), want, "{op:?} on {d}");
        }
        let y = apply(std::slice::from_ref(&ta), |kb, v| kb.not(v[0]));
        let want: Vec<i32> = a.iter().map(|&x| wrap(d, !(x as i64))).collect();
        assert_eq!(y.to_i32_vec().unwrap(), want, "not on {d}");
    }
}

#[test]
fn narrow_integer_arithmetic_wraps() {
    for d in INTS {
        let (a, b, ta, tb) = int_pair(d);
        let ops: [IntOp; 3] = [
            (BinaryOp::Add, |x, y| x + y),
            (BinaryOp::Sub, |x, y| x - y),
            (BinaryOp::Mul, |x, y| x.wrapping_mul(y)),
        ];
        for (op, f) in ops {
            let y = apply(&[ta.clone(), tb.clone()], |kb, v| kb.binary(op, v[0], v[1]));
            let want: Vec<i32> = a
                .iter()
                .zip(&b)
                .map(|(&x, &y)| wrap(d, f(x as i64, y as i64)))
                .collect();
            assert_eq!(y.to_i32_vec().unwrap(), want, "{op:?} on {d}");
        }
    }
}

/// Shifts as the semantics define them: the amount read as unsigned in the
/// dtype's width; at or past the width everything shifts out.
fn model_shift(d: DType, left: bool, x: i32, amount: i32) -> i32 {
    let width = d.bits();
    let amount = (amount as u32 as u64) & ((1u64 << width) - 1);
    let signed = matches!(d, DType::I8 | DType::I32);
    if amount >= width as u64 {
        return if !left && signed && x < 0 { -1 } else { 0 };
    }
    if left {
        wrap(d, (x as i64) << amount)
    } else if signed {
        x >> amount
    } else {
        ((x as u32) >> amount) as i32
    }
}

#[test]
fn shifts_are_logical_for_unsigned_and_arithmetic_for_signed() {
    for d in INTS {
        let xs = int_values(d);
        let width = d.bits() as i32;
        for amount in [0, 1, 3, 4, width - 1, width, width + 1, -1] {
            let amount = wrap(d, amount as i64);
            let ta = HostTensor::from_ints(d, &[xs.len()], &xs).unwrap();
            let tb = HostTensor::from_ints(d, &[xs.len()], &vec![amount; xs.len()]).unwrap();
            for (op, left) in [(BinaryOp::Shl, true), (BinaryOp::Shr, false)] {
                let y = apply(&[ta.clone(), tb.clone()], |kb, v| kb.binary(op, v[0], v[1]));
                let want: Vec<i32> = xs
                    .iter()
                    .map(|&x| model_shift(d, left, x, amount))
                    .collect();
                assert_eq!(y.to_i32_vec().unwrap(), want, "{op:?} on {d} by {amount}");
            }
        }
    }
    // Spot checks: u8 0xF0 >> 4 = 0x0F (logical), i8 -16 >> 2 = -4 (arithmetic).
    let t = HostTensor::from_ints(DType::U8, &[1], &[0xF0]).unwrap();
    let four = HostTensor::from_ints(DType::U8, &[1], &[4]).unwrap();
    let y = apply(&[t, four], |kb, v| kb.shr(v[0], v[1]));
    assert_eq!(y.to_i32_vec().unwrap(), vec![0x0F]);
    let t = HostTensor::from_ints(DType::I8, &[1], &[-16]).unwrap();
    let two = HostTensor::from_ints(DType::I8, &[1], &[2]).unwrap();
    let y = apply(&[t, two], |kb, v| kb.shr(v[0], v[1]));
    assert_eq!(y.to_i32_vec().unwrap(), vec![-4]);
}

#[test]
fn integer_casts_wrap_and_float_casts_saturate() {
    let xs: Vec<f32> = vec![
        0.0,
        -0.0,
        0.9,
        -0.9,
        1.5,
        -1.5,
        127.7,
        128.0,
        -128.9,
        -129.0,
        255.9,
        256.0,
        65535.5,
        70000.0,
        -5.0,
        1e10,
        -1e10,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
    ];
    for d in INTS {
        let (lo, hi) = d.int_range().unwrap();
        let input = tensor(DType::F32, &[xs.len()], &xs);
        let y = apply(&[input], |kb, v| kb.cast(v[0], d));
        let want: Vec<i32> = xs
            .iter()
            .map(|&x| {
                if x.is_nan() {
                    0
                } else {
                    (x.trunc() as f64).clamp(lo as f64, hi as f64) as i32
                }
            })
            .collect();
        assert_eq!(y.to_i32_vec().unwrap(), want, "f32 -> {d}");
        for from in INTS {
            let vals = int_values(from);
            let input = HostTensor::from_ints(from, &[vals.len()], &vals).unwrap();
            let y = apply(&[input], |kb, v| kb.cast(v[0], d));
            let want: Vec<i32> = vals.iter().map(|&x| wrap(d, x as i64)).collect();
            assert_eq!(y.to_i32_vec().unwrap(), want, "{from} -> {d}");
        }
        // Integers to floats round once (exact for the narrow types).
        let vals = int_values(d);
        let input = HostTensor::from_ints(d, &[vals.len()], &vals).unwrap();
        for to in FLOATS {
            let y = apply(std::slice::from_ref(&input), |kb, v| kb.cast(v[0], to));
            let want: Vec<f32> = vals.iter().map(|&x| int_to_float(x, to)).collect();
            assert_bits(&floats(&y), &want, &format!("{d} -> {to}"));
        }
    }
}

#[test]
fn bitcasts_between_equal_widths() {
    // f16 and bf16 from their bits (u16), and back.
    let bits: Vec<i32> = vec![
        0x0000, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0x0001, 0x7bff, 0x3555,
    ];
    let input = HostTensor::from_ints(DType::U16, &[bits.len()], &bits).unwrap();
    for (to, decode) in [
        (
            DType::F16,
            (|b: u16| half::f16::from_bits(b).to_f32()) as fn(u16) -> f32,
        ),
        (DType::Bf16, |b: u16| half::bf16::from_bits(b).to_f32()),
    ] {
        let [f, back] = apply_many(std::slice::from_ref(&input), |kb, v| {
            let f = kb.bitcast(v[0], to);
            vec![f, kb.bitcast(f, DType::U16)]
        })
        .try_into()
        .unwrap();
        let want: Vec<f32> = bits.iter().map(|&b| decode(b as u16)).collect();
        assert_bits(&floats(&f), &want, &format!("u16 -> {to}"));
        assert_eq!(back.to_i32_vec().unwrap(), bits, "{to} -> u16");
    }
    // f32 <-> i32, i8 <-> u8.
    let xs = [1.0f32, -0.0, f32::INFINITY, 3.5e-40];
    let input = tensor(DType::F32, &[4], &xs);
    let y = apply(&[input], |kb, v| kb.bitcast(v[0], DType::I32));
    let want: Vec<i32> = xs.iter().map(|x| x.to_bits() as i32).collect();
    assert_eq!(y.to_i32_vec().unwrap(), want);
    let input = HostTensor::from_ints(DType::I8, &[3], &[-1, -128, 5]).unwrap();
    let y = apply(&[input], |kb, v| kb.bitcast(v[0], DType::U8));
    assert_eq!(y.to_i32_vec().unwrap(), vec![255, 128, 5]);
}

#[test]
fn verifier_rejects_shifts_of_floats_and_bitcasts_across_widths() {
    let cases: [BuildCase; 4] = [
        (
            "`shl` is not defined on f32; shifts are defined on integer tiles",
            |kb, x| kb.shl(x, x),
        ),
        ("`xor` is not defined on f32; bitwise ops", |kb, x| {
            kb.xor(x, x)
        }),
        (
            "bitcast of f32 (32 bits) to u16 (16 bits): the widths differ",
            |kb, x| kb.bitcast(x, DType::U16),
        ),
        (
            "bitcast of f32 to bool: bool has no defined bit pattern",
            |kb, x| kb.bitcast(x, DType::Bool),
        ),
    ];
    for (want, f) in cases {
        let mut kb = KernelBuilder::new("bad_bits");
        kb.grid(&[1]);
        let x = kb.input("x", DType::F32, &[4]);
        let t = kb.load(x, &[Index::Full]);
        let _ = f(&mut kb, t);
        let e = kb.finish().unwrap_err();
        let text = e.to_string();
        assert!(text.contains(want), "want `{want}` in:\n{text}");
        assert!(
            text.contains("quantized.rs"),
            "error carries the source line:\n{text}"
        );
        assert_eq!(e.errors.0[0].kind, ErrorKind::BadOperand);
    }
}

#[test]
fn narrow_constants_must_fit_their_dtype() {
    let mut kb = KernelBuilder::new("too_big");
    kb.grid(&[1]);
    let y = kb.output("y", DType::U8, &[2]);
    let c = kb.constant(ConstValue::Int(256), Type::tile(DType::U8, &[2]));
    kb.store(y, &[Index::Full], c);
    let e = kb.finish().unwrap_err().to_string();
    assert!(e.contains("constant Int(256) does not fit u8"), "{e}");
}

#[test]
fn new_dtypes_round_trip_through_safetensors() {
    let mut m = std::collections::BTreeMap::new();
    m.insert(
        "i8".to_string(),
        HostTensor::from_ints(DType::I8, &[3], &[-128, 0, 127]).unwrap(),
    );
    m.insert(
        "u8".to_string(),
        HostTensor::from_u8(&[2], vec![0, 255]).unwrap(),
    );
    m.insert(
        "u16".to_string(),
        HostTensor::from_ints(DType::U16, &[1], &[65535]).unwrap(),
    );
    for d in FP8 {
        m.insert(
            d.name().to_string(),
            HostTensor::from_f32(d, &[3], &[1.0, -448.0, f32::NAN]).unwrap(),
        );
    }
    let bytes = tilekit_core::tensor::safetensors_to_bytes(&m).unwrap();
    let back = tilekit_core::tensor::safetensors_from_bytes("mem", &bytes).unwrap();
    assert_eq!(m, back);
}

#[test]
fn narrow_integer_sums_wrap() {
    let t = HostTensor::from_ints(DType::I8, &[4], &[100, 100, 100, -1]).unwrap();
    let y = apply(&[t], |kb, v| kb.reduce(ReduceOp::Sum, v[0], 0));
    assert_eq!(y.to_i32_vec().unwrap(), vec![(299i32) as i8 as i32]);
    let t = HostTensor::from_ints(DType::U8, &[3], &[200, 100, 7]).unwrap();
    let y = apply(&[t], |kb, v| kb.reduce(ReduceOp::Max, v[0], 0));
    assert_eq!(y.to_i32_vec().unwrap(), vec![200]);
}
