//! Unary, binary, comparisons, select.

use super::*;

const UNARY_INPUTS: [f32; 18] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    2.0,
    -3.25,
    10.0,
    100.0,
    -100.0,
    1e-3,
    0.1,
    88.0,
    -0.7,
    3.0e4,
    f32::INFINITY,
    f32::NEG_INFINITY,
    f32::NAN,
];

#[test]
fn unary_float_ops_round_to_the_dtype() {
    let cases: [(UnaryOp, F1); 7] = [
        (UnaryOp::Neg, |x| -x),
        (UnaryOp::Abs, f32::abs),
        (UnaryOp::Exp, f32::exp),
        (UnaryOp::Exp2, f32::exp2),
        (UnaryOp::Log, f32::ln),
        (UnaryOp::Sqrt, f32::sqrt),
        (UnaryOp::Rsqrt, |x| 1.0 / x.sqrt()),
    ];
    let n = UNARY_INPUTS.len();
    for dtype in FLOATS {
        let input = tensor(dtype, &[n], &UNARY_INPUTS);
        let x = floats(&input);
        let mut changed_by_rounding = 0;
        for (op, f) in cases {
            let y = apply(std::slice::from_ref(&input), |kb, xs| kb.unary(op, xs[0]));
            assert_eq!(y.dtype(), dtype);
            let want: Vec<f32> = x.iter().map(|&v| dtype.round_f32(f(v))).collect();
            assert_bits(&floats(&y), &want, &format!("{op:?} on {dtype}"));
            changed_by_rounding += x
                .iter()
                .filter(|&&v| !same_bits(f(v), dtype.round_f32(f(v))))
                .count();
        }
        if dtype != DType::F32 {
            assert!(
                changed_by_rounding > 10,
                "{dtype}: the inputs should exercise rounding"
            );
        }
    }
    // Spot checks written out by hand.
    let input = tensor(DType::Bf16, &[2], &[1.0, 2.0]);
    let y = apply(&[input], |kb, xs| kb.exp(xs[0]));
    assert_eq!(floats(&y), [2.71875, 7.375]);
    let input = tensor(DType::F16, &[1], &[2.0]);
    let y = apply(&[input], |kb, xs| kb.sqrt(xs[0]));
    assert_eq!(floats(&y), [1.4140625]);
}

#[test]
fn unary_i32_wraps_and_not_is_bitwise() {
    let v = [0, 1, -1, 5, -123456, i32::MAX, i32::MIN];
    let input = i32_tensor(&[v.len()], &v);
    let ys = apply_many(&[input], |kb, xs| {
        vec![kb.neg(xs[0]), kb.abs(xs[0]), kb.not(xs[0])]
    });
    let neg: Vec<i32> = v.iter().map(|x| x.wrapping_neg()).collect();
    let abs: Vec<i32> = v.iter().map(|x| x.wrapping_abs()).collect();
    let not: Vec<i32> = v.iter().map(|x| !x).collect();
    assert_eq!(ints(&ys[0]), neg);
    assert_eq!(ints(&ys[1]), abs);
    assert_eq!(ints(&ys[2]), not);
    assert_eq!(ints(&ys[0])[6], i32::MIN, "-MIN wraps");
    assert_eq!(ints(&ys[1])[6], i32::MIN, "abs(MIN) wraps");
}

const BINARY_PAIRS: [(f32, f32); 22] = [
    (1.5, 2.25),
    (-3.0, 0.5),
    (0.0, -0.0),
    (-0.0, -0.0),
    (7.5, 2.0),
    (-7.5, 2.0),
    (7.5, -2.0),
    (1.0, 0.00390625),
    (1.0, 0.01171875),
    (1.0, 3.0),
    (1e30, 1e30),
    (2.0, 0.0),
    (-2.0, 0.0),
    (f32::NAN, 1.0),
    (1.0, f32::NAN),
    (f32::INFINITY, f32::NEG_INFINITY),
    (f32::INFINITY, 2.0),
    (-1e-3, 3e3),
    (0.1, 0.2),
    (100.0, 0.3),
    (-5.0, -5.0),
    (3.0e4, 7.0e3),
];

#[test]
fn binary_float_ops_on_f32_bf16_f16() {
    let cases: [(BinaryOp, F2); 7] = [
        (BinaryOp::Add, |a, b| a + b),
        (BinaryOp::Sub, |a, b| a - b),
        (BinaryOp::Mul, |a, b| a * b),
        (BinaryOp::Div, |a, b| a / b),
        (BinaryOp::Rem, |a, b| a % b),
        (BinaryOp::Max, nan_max),
        (BinaryOp::Min, nan_min),
    ];
    let n = BINARY_PAIRS.len();
    let a: Vec<f32> = BINARY_PAIRS.iter().map(|p| p.0).collect();
    let b: Vec<f32> = BINARY_PAIRS.iter().map(|p| p.1).collect();
    for dtype in FLOATS {
        let (ta, tb) = (tensor(dtype, &[n], &a), tensor(dtype, &[n], &b));
        let (ra, rb) = (floats(&ta), floats(&tb));
        for (op, f) in cases {
            let y = apply(&[ta.clone(), tb.clone()], |kb, xs| {
                kb.binary(op, xs[0], xs[1])
            });
            let want: Vec<f32> = ra
                .iter()
                .zip(&rb)
                .map(|(&x, &y)| dtype.round_f32(f(x, y)))
                .collect();
            let what = format!("{op:?} on {dtype}");
            if matches!(op, BinaryOp::Max | BinaryOp::Min) {
                // The sign of a zero picked from (+0, -0) is not specified.
                assert_values(&floats(&y), &want, &what);
                assert!(
                    floats(&y)[13].is_nan() && floats(&y)[14].is_nan(),
                    "{what} propagates NaN"
                );
            } else {
                assert_bits(&floats(&y), &want, &what);
            }
        }
    }
    // Hand-written checks of rounding and of Rem's sign.
    let bf = |v: &[f32]| tensor(DType::Bf16, &[v.len()], v);
    let y = apply(
        &[
            bf(&[1.0, 1.0, 1.0]),
            bf(&[pow2(-8), 3.0 * pow2(-8), pow2(-7)]),
        ],
        |kb, xs| kb.add(xs[0], xs[1]),
    );
    assert_eq!(
        floats(&y),
        [1.0, 1.0 + pow2(-6), 1.0 + pow2(-7)],
        "bf16 add ties to even"
    );
    let f = |v: &[f32]| tensor(DType::F32, &[v.len()], v);
    let y = apply(
        &[f(&[-7.5, 7.5, -7.5, 1.0]), f(&[2.0, -2.0, -2.0, 0.0])],
        |kb, xs| kb.rem(xs[0], xs[1]),
    );
    let y = floats(&y);
    assert_eq!(&y[..3], [-1.5, 1.5, -1.5], "rem has the dividend's sign");
    assert!(y[3].is_nan(), "x rem 0 is NaN");
}

#[test]
fn binary_i32_wraps_and_truncates() {
    let pairs: [(i32, i32); 14] = [
        (i32::MAX, 1),
        (i32::MIN, -1),
        (i32::MIN, 1),
        (-7, 2),
        (7, -2),
        (-7, -2),
        (7, 2),
        (0, 5),
        (123456, 789),
        (-1, i32::MIN),
        (65536, 65536),
        (0b1100, 0b1010),
        (-1, 0x0f0f),
        (i32::MAX, i32::MAX),
    ];
    let a: Vec<i32> = pairs.iter().map(|p| p.0).collect();
    let b: Vec<i32> = pairs.iter().map(|p| p.1).collect();
    let cases: [(BinaryOp, I2); 9] = [
        (BinaryOp::Add, i32::wrapping_add),
        (BinaryOp::Sub, i32::wrapping_sub),
        (BinaryOp::Mul, i32::wrapping_mul),
        (BinaryOp::Div, i32::wrapping_div),
        (BinaryOp::Rem, i32::wrapping_rem),
        (BinaryOp::Max, std::cmp::max),
        (BinaryOp::Min, std::cmp::min),
        (BinaryOp::And, |x, y| x & y),
        (BinaryOp::Or, |x, y| x | y),
    ];
    let (ta, tb) = (i32_tensor(&[a.len()], &a), i32_tensor(&[b.len()], &b));
    for (op, f) in cases {
        let y = apply(&[ta.clone(), tb.clone()], |kb, xs| {
            kb.binary(op, xs[0], xs[1])
        });
        let want: Vec<i32> = a.iter().zip(&b).map(|(&x, &y)| f(x, y)).collect();
        assert_eq!(ints(&y), want, "{op:?} on i32");
    }
    let ys = apply_many(&[ta, tb], |kb, xs| {
        vec![
            kb.add(xs[0], xs[1]),
            kb.div(xs[0], xs[1]),
            kb.rem(xs[0], xs[1]),
            kb.mul(xs[0], xs[1]),
        ]
    });
    let (add, div, rem, mul) = (ints(&ys[0]), ints(&ys[1]), ints(&ys[2]), ints(&ys[3]));
    assert_eq!(add[0], i32::MIN, "MAX + 1 wraps");
    assert_eq!((div[1], rem[1]), (i32::MIN, 0), "MIN / -1 wraps");
    assert_eq!(&div[3..7], [-3, -3, 3, 3], "division truncates toward zero");
    assert_eq!(
        &rem[3..7],
        [-1, 1, -1, 1],
        "remainder has the dividend's sign"
    );
    assert_eq!(mul[10], 0, "65536 * 65536 wraps to 0");
}

#[test]
fn i32_division_by_zero_is_a_launch_error() {
    for op in [BinaryOp::Div, BinaryOp::Rem] {
        let mut kb = KernelBuilder::new("divzero");
        kb.grid(&[1]);
        let x = kb.input("x", DType::I32, &[3]);
        let y = kb.output("y", DType::I32, &[3]);
        let v = kb.load(x, &[Index::Full]);
        let zero = kb.i32(0);
        let q = kb.binary(op, v, zero);
        kb.store(y, &[Index::Full], q);
        let args = KernelArgs::new().tensor("x", i32_tensor(&[3], &[1, 2, 3]));
        match try_run(kb, &args) {
            Err(RunError::Exec {
                message, op: text, ..
            }) => {
                assert!(message.contains("by zero"), "{message}");
                assert!(
                    text.contains(if op == BinaryOp::Div { "div" } else { "rem" }),
                    "{text}"
                );
            }
            other => panic!("{op:?} by zero: expected an Exec error, got {other:?}"),
        }
    }
}

#[test]
fn bool_and_or_not() {
    let a = bool_tensor(&[4], &[false, false, true, true]);
    let b = bool_tensor(&[4], &[false, true, false, true]);
    let ys = apply_many(&[a, b], |kb, xs| {
        vec![kb.and(xs[0], xs[1]), kb.or(xs[0], xs[1]), kb.not(xs[0])]
    });
    assert_eq!(bools(&ys[0]), [false, false, false, true]);
    assert_eq!(bools(&ys[1]), [false, true, true, true]);
    assert_eq!(bools(&ys[2]), [true, true, false, false]);
}

#[test]
fn comparisons_including_nan() {
    let cases: [(CmpOp, FCmp); 6] = [
        (CmpOp::Lt, |a, b| a < b),
        (CmpOp::Le, |a, b| a <= b),
        (CmpOp::Gt, |a, b| a > b),
        (CmpOp::Ge, |a, b| a >= b),
        (CmpOp::Eq, |a, b| a == b),
        (CmpOp::Ne, |a, b| a != b),
    ];
    let n = BINARY_PAIRS.len();
    let a: Vec<f32> = BINARY_PAIRS.iter().map(|p| p.0).collect();
    let b: Vec<f32> = BINARY_PAIRS.iter().map(|p| p.1).collect();
    for dtype in FLOATS {
        let (ta, tb) = (tensor(dtype, &[n], &a), tensor(dtype, &[n], &b));
        let (ra, rb) = (floats(&ta), floats(&tb));
        for (op, f) in cases {
            let y = apply(&[ta.clone(), tb.clone()], |kb, xs| {
                kb.compare(op, xs[0], xs[1])
            });
            assert_eq!(y.dtype(), DType::Bool);
            let want: Vec<bool> = ra.iter().zip(&rb).map(|(&x, &y)| f(x, y)).collect();
            let got = bools(&y);
            assert_eq!(got, want, "{op:?} on {dtype}");
            // (NaN, 1) and (1, NaN): unordered, so only `ne` holds.
            assert_eq!(got[13], op == CmpOp::Ne, "{op:?} with NaN on {dtype}");
            assert_eq!(got[14], op == CmpOp::Ne, "{op:?} with NaN on {dtype}");
            // 0 and -0 are equal.
            assert_eq!(got[2], matches!(op, CmpOp::Le | CmpOp::Ge | CmpOp::Eq));
        }
    }
    let ia = [i32::MIN, -1, 0, 5, i32::MAX];
    let ib = [i32::MAX, -1, 1, 4, i32::MIN];
    let (ta, tb) = (i32_tensor(&[5], &ia), i32_tensor(&[5], &ib));
    let icases: [(CmpOp, ICmp); 6] = [
        (CmpOp::Lt, i32::lt),
        (CmpOp::Le, i32::le),
        (CmpOp::Gt, i32::gt),
        (CmpOp::Ge, i32::ge),
        (CmpOp::Eq, i32::eq),
        (CmpOp::Ne, i32::ne),
    ];
    for (op, f) in icases {
        let y = apply(&[ta.clone(), tb.clone()], |kb, xs| {
            kb.compare(op, xs[0], xs[1])
        });
        let want: Vec<bool> = ia.iter().zip(&ib).map(|(x, y)| f(x, y)).collect();
        assert_eq!(bools(&y), want, "{op:?} on i32");
    }
    let ba = bool_tensor(&[4], &[false, false, true, true]);
    let bb = bool_tensor(&[4], &[false, true, false, true]);
    let ys = apply_many(&[ba, bb], |kb, xs| {
        vec![kb.eq(xs[0], xs[1]), kb.ne(xs[0], xs[1])]
    });
    assert_eq!(bools(&ys[0]), [true, false, false, true]);
    assert_eq!(bools(&ys[1]), [false, true, true, false]);
}

#[test]
fn select_broadcasts_scalar_operands() {
    let x = [-2.0f32, 3.0, -0.5, 0.0, 7.25, f32::NAN];
    let input = tensor(DType::F32, &[6], &x);
    let ys = apply_many(&[input], |kb, xs| {
        let zero = kb.f32(0.0);
        let neg = kb.lt(xs[0], zero);
        let m1 = kb.f32(-1.0);
        let seven = kb.f32(7.0);
        let a = kb.select(neg, m1, xs[0]);
        let b = kb.select(neg, xs[0], seven);
        let (i1, i2) = (kb.i32(1), kb.i32(2));
        let c = kb.select(neg, i1, i2);
        let xb = kb.cast(xs[0], DType::Bf16);
        let zb = kb.zeros(&[6], DType::Bf16);
        let d = kb.select(neg, zb, xb);
        vec![a, b, c, d]
    });
    let neg: Vec<bool> = x.iter().map(|&v| v < 0.0).collect();
    let a: Vec<f32> = x
        .iter()
        .zip(&neg)
        .map(|(&v, &n)| if n { -1.0 } else { v })
        .collect();
    let b: Vec<f32> = x
        .iter()
        .zip(&neg)
        .map(|(&v, &n)| if n { v } else { 7.0 })
        .collect();
    let c: Vec<i32> = neg.iter().map(|&n| if n { 1 } else { 2 }).collect();
    let d: Vec<f32> = x
        .iter()
        .zip(&neg)
        .map(|(&v, &n)| if n { 0.0 } else { v })
        .collect();
    assert_bits(&floats(&ys[0]), &a, "select(c, scalar, tile)");
    assert_bits(&floats(&ys[1]), &b, "select(c, tile, scalar)");
    assert_eq!(ints(&ys[2]), c, "select(c, scalar, scalar)");
    assert_bits(&floats(&ys[3]), &d, "select on bf16");
    assert_eq!(ys[3].dtype(), DType::Bf16);
}
