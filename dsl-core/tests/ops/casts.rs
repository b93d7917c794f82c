//! Casts.

use super::*;

#[derive(Clone, Copy, Debug)]
enum E {
    F(f32),
    I(i32),
    B(bool),
}

fn elems(t: &HostTensor) -> Vec<E> {
    match t.dtype() {
        d if d.is_int() => t.to_i32_vec().unwrap().into_iter().map(E::I).collect(),
        DType::Bool => bools(t).into_iter().map(E::B).collect(),
        _ => floats(t).into_iter().map(E::F).collect(),
    }
}

fn same_elem(a: E, b: E) -> bool {
    match (a, b) {
        (E::F(x), E::F(y)) => same_bits(x, y),
        (E::I(x), E::I(y)) => x == y,
        (E::B(x), E::B(y)) => x == y,
        _ => false,
    }
}

fn expect_cast(x: E, to: DType) -> E {
    match (x, to) {
        // Truncates, saturates, NaN -> 0.
        (E::F(v), DType::I32) => E::I(v as i32),
        (E::F(v), DType::I8) => E::I(v as i8 as i32),
        (E::F(v), DType::U8) => E::I(v as u8 as i32),
        (E::F(v), DType::U16) => E::I(v as u16 as i32),
        (E::F(v), DType::Bool) => E::B(v != 0.0),
        (E::F(v), _) => E::F(to.round_f32(v)),
        // Integers wrap.
        (E::I(v), DType::I32) => E::I(v),
        (E::I(v), DType::I8) => E::I(v as i8 as i32),
        (E::I(v), DType::U8) => E::I(v as u8 as i32),
        (E::I(v), DType::U16) => E::I(v as u16 as i32),
        (E::I(v), DType::Bool) => E::B(v != 0),
        // fp8 from integers: checked against a format model in quantized.rs.
        (E::I(v), _) if to.is_fp8() => E::F(to.round_f64(v as f64)),
        (E::I(v), _) => E::F(int_to_float(v, to)),
        (E::B(b), t) if t.is_int() => E::I(b as i32),
        (E::B(b), DType::Bool) => E::B(b),
        (E::B(b), _) => E::F(b as u8 as f32),
    }
}

const CAST_FLOATS: [f32; 22] = [
    0.0,
    -0.0,
    1.0,
    -1.5,
    2.5,
    -2.5,
    0.1,
    1.0 + 1.0 / 256.0,
    1.0 + 3.0 / 256.0,
    3.0e9,
    -3.0e9,
    65519.0,
    65520.0,
    1e-8,
    2.9,
    -2.9,
    300.7,
    16777216.0,
    f32::INFINITY,
    f32::NEG_INFINITY,
    f32::NAN,
    1e-40,
];

/// Integers whose bf16/f16 conversion the interpreter gets right (for the
/// ones it does not, see `cast_i32_to_bf16_rounds_once_for_large_ints`).
const CAST_INTS: [i32; 17] = [
    0,
    1,
    -1,
    7,
    -300,
    257,
    259,
    2049,
    2051,
    65519,
    65520,
    -65520,
    16777217,
    (1 << 30) + (1 << 22) + (1 << 10),
    i32::MAX,
    i32::MIN,
    -123456789,
];

fn cast_source(from: DType) -> HostTensor {
    match from {
        DType::I32 => i32_tensor(&[CAST_INTS.len()], &CAST_INTS),
        d if d.is_int() => {
            let (lo, hi) = d.int_range().unwrap();
            let v: Vec<i32> = CAST_INTS
                .iter()
                .map(|&x| (x as i64).clamp(lo, hi) as i32)
                .collect();
            HostTensor::from_ints(d, &[v.len()], &v).unwrap()
        }
        DType::Bool => bool_tensor(&[3], &[true, false, true]),
        _ => tensor(from, &[CAST_FLOATS.len()], &CAST_FLOATS),
    }
}

#[test]
fn casts_between_every_pair_of_dtypes() {
    for from in DType::ALL {
        let input = cast_source(from);
        let xs = elems(&input);
        for to in DType::ALL {
            let y = apply(std::slice::from_ref(&input), |kb, v| kb.cast(v[0], to));
            assert_eq!(y.dtype(), to, "{from} -> {to}");
            assert_eq!(y.shape(), input.shape(), "{from} -> {to}");
            let got = elems(&y);
            for (i, (&x, &g)) in xs.iter().zip(&got).enumerate() {
                let want = expect_cast(x, to);
                assert!(
                    same_elem(g, want),
                    "{from} -> {to}, element {i}: {x:?} gave {g:?}, want {want:?}"
                );
            }
        }
    }
}

#[test]
fn cast_floats_to_bf16_and_f16_ties_to_even() {
    let cases: [(DType, DType, f32, f32); 22] = [
        (DType::F32, DType::Bf16, 1.0 + pow2(-8), 1.0),
        (DType::F32, DType::Bf16, -(1.0 + pow2(-8)), -1.0),
        (
            DType::F32,
            DType::Bf16,
            1.0 + 3.0 * pow2(-8),
            1.0 + pow2(-6),
        ),
        (
            DType::F32,
            DType::Bf16,
            1.0 + pow2(-8) + pow2(-20),
            1.0 + pow2(-7),
        ),
        (DType::F32, DType::Bf16, 1.0 + pow2(-9), 1.0),
        (DType::F32, DType::Bf16, 256.0 + 1.0, 256.0),
        (DType::F32, DType::Bf16, 256.0 + 3.0, 260.0),
        (DType::F32, DType::Bf16, f32::MAX, f32::INFINITY),
        (DType::F32, DType::Bf16, f32::from_bits(1), 0.0),
        (DType::F32, DType::F16, 1.0 + pow2(-11), 1.0),
        (
            DType::F32,
            DType::F16,
            1.0 + 3.0 * pow2(-11),
            1.0 + pow2(-9),
        ),
        (DType::F32, DType::F16, 65519.0, 65504.0),
        (DType::F32, DType::F16, 65520.0, f32::INFINITY),
        (DType::F32, DType::F16, -65520.0, f32::NEG_INFINITY),
        (DType::F32, DType::F16, pow2(-25), 0.0),
        (DType::F32, DType::F16, 3.0 * pow2(-26), pow2(-24)),
        (DType::F32, DType::F16, 3.0 * pow2(-25), 2.0 * pow2(-24)),
        (DType::F16, DType::Bf16, 1.0 + pow2(-10), 1.0),
        (
            DType::F16,
            DType::Bf16,
            1.0 + pow2(-8) + pow2(-10),
            1.0 + pow2(-7),
        ),
        (DType::Bf16, DType::F16, pow2(34), f32::INFINITY),
        (DType::Bf16, DType::F16, pow2(-20), pow2(-20)),
        (DType::Bf16, DType::F16, 3.0 * pow2(-27), 0.0),
    ];
    for (from, to, x, want) in cases {
        let input = tensor(from, &[1], &[x]);
        assert_eq!(floats(&input)[0], x, "{x:?} is not a {from} value");
        let y = apply(&[input], |kb, v| kb.cast(v[0], to));
        assert_bits(&floats(&y), &[want], &format!("{from} {x:e} -> {to}"));
    }
    let y = apply(&[tensor(DType::F32, &[1], &[f32::NAN])], |kb, v| {
        kb.cast(v[0], DType::Bf16)
    });
    assert!(floats(&y)[0].is_nan());
}

#[test]
fn cast_floats_to_i32_truncate_and_saturate() {
    let cases: [(f32, i32); 13] = [
        (3.0e9, i32::MAX),
        (-3.0e9, i32::MIN),
        (2147483520.0, 2147483520),
        (2147483648.0, i32::MAX),
        (-2147483648.0, i32::MIN),
        (f32::NAN, 0),
        (-f32::NAN, 0),
        (f32::INFINITY, i32::MAX),
        (f32::NEG_INFINITY, i32::MIN),
        (2.9, 2),
        (-2.9, -2),
        (-0.5, 0),
        (1e-40, 0),
    ];
    let x: Vec<f32> = cases.iter().map(|c| c.0).collect();
    let want: Vec<i32> = cases.iter().map(|c| c.1).collect();
    let y = apply(&[tensor(DType::F32, &[x.len()], &x)], |kb, v| {
        kb.cast(v[0], DType::I32)
    });
    assert_eq!(ints(&y), want);
    // Half-precision sources: 3e9 in bf16, 65504 and inf in f16.
    let y = apply(
        &[tensor(DType::Bf16, &[3], &[3.0e9, -2.75, f32::NAN])],
        |kb, v| kb.cast(v[0], DType::I32),
    );
    assert_eq!(ints(&y), [i32::MAX, -2, 0]);
    let y = apply(
        &[tensor(DType::F16, &[3], &[65504.0, -1e6, 0.999])],
        |kb, v| kb.cast(v[0], DType::I32),
    );
    assert_eq!(ints(&y), [65504, i32::MIN, 0]);
}

#[test]
fn cast_bool_to_and_from_numbers() {
    let x = [-0.0f32, 0.0, f32::NAN, 1e-40, -2.0, f32::INFINITY];
    let y = apply(&[tensor(DType::F32, &[6], &x)], |kb, v| {
        kb.cast(v[0], DType::Bool)
    });
    assert_eq!(bools(&y), [false, false, true, true, true, true]);
    let y = apply(&[tensor(DType::Bf16, &[2], &[0.0, 0.5])], |kb, v| {
        kb.cast(v[0], DType::Bool)
    });
    assert_eq!(bools(&y), [false, true]);
    let y = apply(&[i32_tensor(&[3], &[0, -1, i32::MIN])], |kb, v| {
        kb.cast(v[0], DType::Bool)
    });
    assert_eq!(bools(&y), [false, true, true]);
    let b = bool_tensor(&[2], &[true, false]);
    let ys = apply_many(&[b], |kb, v| {
        vec![
            kb.cast(v[0], DType::F32),
            kb.cast(v[0], DType::Bf16),
            kb.cast(v[0], DType::F16),
            kb.cast(v[0], DType::I32),
        ]
    });
    for y in &ys[..3] {
        assert_bits(&floats(y), &[1.0, 0.0], &format!("bool -> {}", y.dtype()));
    }
    assert_eq!(ints(&ys[3]), [1, 0]);
}

#[test]
fn cast_i32_to_half_floats_rounds_to_nearest_even() {
    let v = [
        257,
        259,
        2049,
        2051,
        65519,
        65520,
        -65520,
        1 << 20,
        (1 << 20) + 1,
        3 << 29,
    ];
    let ys = apply_many(&[i32_tensor(&[v.len()], &v)], |kb, x| {
        vec![
            kb.cast(x[0], DType::Bf16),
            kb.cast(x[0], DType::F16),
            kb.cast(x[0], DType::F32),
        ]
    });
    let bf = floats(&ys[0]);
    let hf = floats(&ys[1]);
    assert_eq!(&bf[..4], [256.0, 260.0, 2048.0, 2048.0]);
    assert_eq!(&hf[..4], [257.0, 259.0, 2048.0, 2052.0]);
    assert_eq!(&hf[4..7], [65504.0, f32::INFINITY, f32::NEG_INFINITY]);
    assert_eq!(bf[9], 3.0 * 2f32.powi(29));
    assert_eq!(hf[9], f32::INFINITY);
    assert_eq!(
        floats(&ys[2]),
        v.iter().map(|&x| x as f32).collect::<Vec<_>>()
    );
}

/// i32 -> bf16 must round once from the exact integer (as `cvt.rn.bf16.s32`
/// does). The interpreter goes through `half::bf16::from_f64`, which drops
/// the low 32 bits of the f64 mantissa before rounding, so an integer just
/// above a bf16 halfway point whose extra bits lie in those 32 bits rounds as
/// if it were exactly halfway.
#[test]
fn cast_i32_to_bf16_rounds_once_for_large_ints() {
    let v = [
        (1 << 21) + (1 << 13) + 1, // just above halfway: 2^21 + 2^14
        (1 << 24) + (1 << 16) + 1, // just above halfway: 2^24 + 2^17
        (1 << 30) + (1 << 22) + 1, // just above halfway: 2^30 + 2^23
        -((1 << 30) + (1 << 22) + 1),
    ];
    let y = apply(&[i32_tensor(&[v.len()], &v)], |kb, x| {
        kb.cast(x[0], DType::Bf16)
    });
    let want: Vec<f32> = v.iter().map(|&x| int_to_float(x, DType::Bf16)).collect();
    assert_eq!(want[0], (2097152 + 16384) as f32);
    assert_bits(&floats(&y), &want, "i32 -> bf16");
}

/// A constant is a value of its tile's dtype: an integer or f64 constant of a
/// bf16 tile should be the bf16 nearest to it, rounded once. The interpreter
/// converts the constant to f32 first (`ConstValue::as_f32` in
/// `Data::splat`) and then rounds to bf16, so it can round twice.
#[test]
fn constants_round_once_to_bf16() {
    let big = (1i64 << 30) + (1 << 22) + 1;
    let near_tie = 1.0 + 2f64.powi(-8) + 2f64.powi(-40);
    let ys = apply_many(&[], |kb, _| {
        vec![
            kb.constant(ConstValue::Int(big), Type::tile(DType::Bf16, &[1])),
            kb.full(&[1], DType::Bf16, near_tie),
        ]
    });
    assert_bits(
        &floats(&ys[0]),
        &[int_to_float(big as i32, DType::Bf16)],
        "Int constant",
    );
    assert_bits(
        &floats(&ys[1]),
        &[1.0 + pow2(-7)],
        "f64 constant just above a tie",
    );
}
