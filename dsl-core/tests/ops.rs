//! Every op of the tile IR run through a small kernel in the interpreter and
//! compared with the same computation written directly in Rust.
//!
//! Semantics checked here: bf16/f16 floats are computed in f32 and rounded to
//! nearest even after every op; Max/Min propagate NaN; i32 arithmetic wraps;
//! i32 Div/Rem truncate toward zero; float->i32 casts truncate and saturate
//! (NaN gives 0); dot accumulates in f32 in k order; reductions accumulate in
//! index order and round once at the end.

mod common;

use common::*;
use tilekit_core::builder::KernelBuilder;
use tilekit_core::ir::{
    AxisSemantics, BinaryOp, CmpOp, ConstValue, Index, ReduceOp, RefId, Type, UnaryOp, Value,
};
use tilekit_core::verify::ErrorKind;
use tilekit_core::{DType, HostTensor, KernelArgs, RunError};

const FLOATS: [DType; 3] = [DType::F32, DType::Bf16, DType::F16];

type F1 = fn(f32) -> f32;
type F2 = fn(f32, f32) -> f32;
type I2 = fn(i32, i32) -> i32;
type FCmp = fn(f32, f32) -> bool;
type ICmp = fn(&i32, &i32) -> bool;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Loads the whole of ref `r`. Bool refs are read with an all-true masked
/// load, because a plain `load` of a bool ref does not verify (see
/// `bool_input_ref_loads_without_a_mask`).
fn load_full(kb: &mut KernelBuilder, r: RefId) -> Value {
    let shape = kb.ref_shape(r).to_vec();
    let idx = vec![Index::Full; shape.len()];
    if kb.kernel().ref_decl(r).dtype == DType::Bool {
        let all = kb.constant(ConstValue::Bool(true), Type::tile(DType::Bool, &shape));
        kb.load_masked(r, &idx, all, ConstValue::Bool(false))
    } else {
        kb.load(r, &idx)
    }
}

/// A one-program kernel: loads every input whole, lets `f` compute values
/// from them and stores each value whole into its own output; returns the
/// outputs in order.
fn apply_many(
    inputs: &[HostTensor],
    f: impl FnOnce(&mut KernelBuilder, &[Value]) -> Vec<Value>,
) -> Vec<HostTensor> {
    let mut kb = KernelBuilder::new("apply");
    kb.grid(&[1]);
    let mut args = KernelArgs::new();
    let mut xs = Vec::new();
    for (i, t) in inputs.iter().enumerate() {
        let name = format!("x{i}");
        let r = kb.input(&name, t.dtype(), t.shape());
        xs.push(load_full(&mut kb, r));
        args = args.tensor(&name, t.clone());
    }
    let ys = f(&mut kb, &xs);
    for (i, &y) in ys.iter().enumerate() {
        let ty = kb.ty(y).clone();
        let out = kb.output(&format!("y{i}"), ty.dtype, &ty.shape);
        kb.store(out, &vec![Index::Full; ty.rank()], y);
    }
    let vk = finish(kb);
    let mut out = run_ok(&vk, &args);
    (0..ys.len())
        .map(|i| out.remove(&format!("y{i}")).expect("output"))
        .collect()
}

fn apply(
    inputs: &[HostTensor],
    f: impl FnOnce(&mut KernelBuilder, &[Value]) -> Value,
) -> HostTensor {
    apply_many(inputs, |kb, xs| vec![f(kb, xs)]).remove(0)
}

fn nan_max(a: f32, b: f32) -> f32 {
    if a.is_nan() || b.is_nan() {
        f32::NAN
    } else if a >= b {
        a
    } else {
        b
    }
}

fn nan_min(a: f32, b: f32) -> f32 {
    if a.is_nan() || b.is_nan() {
        f32::NAN
    } else if a <= b {
        a
    } else {
        b
    }
}

/// The integer `x` rounded once, to nearest even, to a float with
/// `mant_bits` explicit mantissa bits and the given largest finite value.
fn round_int_once(x: i64, mant_bits: i32, max_finite: f64) -> f32 {
    if x == 0 {
        return 0.0;
    }
    let ax = x.unsigned_abs();
    let e = 63 - ax.leading_zeros() as i32;
    let ulp = 2f64.powi(e - mant_bits);
    let r = (ax as f64 / ulp).round_ties_even() * ulp;
    let r = if r > max_finite { f64::INFINITY } else { r };
    (if x < 0 { -r } else { r }) as f32
}

fn int_to_float(x: i32, to: DType) -> f32 {
    match to {
        DType::F32 => round_int_once(x as i64, 23, f32::MAX as f64),
        DType::Bf16 => round_int_once(x as i64, 7, half::bf16::MAX.to_f64()),
        DType::F16 => round_int_once(x as i64, 10, 65504.0),
        _ => unreachable!(),
    }
}

fn pow2(e: i32) -> f32 {
    2f32.powi(e)
}

// ---------------------------------------------------------------------------
// Grid, constants, iota
// ---------------------------------------------------------------------------

#[test]
fn program_id_over_a_3_axis_grid() {
    let mut kb = KernelBuilder::new("pid");
    kb.grid(&[2, 3, 4]);
    let ids = kb.output("ids", DType::I32, &[2, 3, 4]);
    let order = kb.output("order", DType::I32, &[2, 3, 4]);
    let counter = kb.scratch("counter", DType::I32, &[]);
    let p: Vec<Value> = (0..3).map(|a| kb.program_id(a)).collect();
    let (c100, c10) = (kb.i32(100), kb.i32(10));
    let a = kb.mul(p[0], c100);
    let b = kb.mul(p[1], c10);
    let s = kb.add(a, b);
    let s = kb.add(s, p[2]);
    let at = [Index::at(p[0]), Index::at(p[1]), Index::at(p[2])];
    kb.store(ids, &at, s);
    // The interpreter runs programs in row-major order; a scratch counter
    // records the position of each program in that order.
    let n = kb.load(counter, &[]);
    kb.store(order, &at, n);
    let one = kb.i32(1);
    let n1 = kb.add(n, one);
    kb.store(counter, &[], n1);
    let out = run_ok(&finish(kb), &KernelArgs::new());
    let mut want_ids = Vec::new();
    for i in 0..2 {
        for j in 0..3 {
            for k in 0..4 {
                want_ids.push(100 * i + 10 * j + k);
            }
        }
    }
    assert_eq!(ints(&out["ids"]), want_ids);
    assert_eq!(ints(&out["order"]), (0..24).collect::<Vec<i32>>());
}

#[test]
fn constants_of_every_dtype() {
    let ys = apply_many(&[], |kb, _| {
        vec![
            kb.full(&[2, 2], DType::F32, 0.1),
            kb.full(&[3], DType::Bf16, 0.1),
            kb.full(&[3], DType::Bf16, 1.0 + 2f64.powi(-8)),
            kb.full(&[2], DType::F16, 1.0 + 2f64.powi(-11)),
            kb.full(&[2], DType::F16, 70000.0),
            kb.constant(ConstValue::Int(-7), Type::tile(DType::I32, &[3])),
            kb.constant(ConstValue::Bool(true), Type::tile(DType::Bool, &[2])),
            kb.f32(2.5),
            kb.i32(i32::MIN),
            kb.bool(false),
            kb.zeros(&[2], DType::Bf16),
            kb.zeros(&[2], DType::I32),
            kb.zeros(&[2], DType::Bool),
            kb.constant(ConstValue::Int(3), Type::tile(DType::F16, &[2])),
        ]
    });
    assert_bits(&floats(&ys[0]), &[0.1f32; 4], "f32 0.1");
    assert_eq!(ys[0].shape(), &[2, 2]);
    assert_bits(
        &floats(&ys[1]),
        &[half::bf16::from_f32(0.1).to_f32(); 3],
        "bf16 0.1",
    );
    assert_eq!(ys[1].dtype(), DType::Bf16);
    assert_bits(&floats(&ys[2]), &[1.0; 3], "bf16 tie rounds to even");
    assert_bits(&floats(&ys[3]), &[1.0; 2], "f16 tie rounds to even");
    assert_bits(&floats(&ys[4]), &[f32::INFINITY; 2], "f16 overflow");
    assert_eq!(ints(&ys[5]), [-7; 3]);
    assert_eq!(bools(&ys[6]), [true; 2]);
    assert_bits(&floats(&ys[7]), &[2.5], "f32 scalar");
    assert_eq!(ys[7].shape(), &[] as &[usize]);
    assert_eq!(ints(&ys[8]), [i32::MIN]);
    assert_eq!(bools(&ys[9]), [false]);
    assert_bits(&floats(&ys[10]), &[0.0; 2], "bf16 zeros");
    assert_eq!(ints(&ys[11]), [0; 2]);
    assert_eq!(bools(&ys[12]), [false; 2]);
    assert_bits(&floats(&ys[13]), &[3.0; 2], "int constant of a float tile");
}

#[test]
fn iota_i32_and_floats_along_each_dim() {
    let shape = [2usize, 3, 4];
    for dtype in [DType::I32, DType::F32, DType::Bf16] {
        for dim in 0..3 {
            let y = apply(&[], |kb, _| kb.iota(&shape, dim, dtype));
            assert_eq!(y.dtype(), dtype);
            assert_eq!(y.shape(), &shape);
            let mut want = Vec::new();
            for i in 0..2 {
                for j in 0..3 {
                    for k in 0..4 {
                        want.push([i, j, k][dim]);
                    }
                }
            }
            if dtype == DType::I32 {
                assert_eq!(ints(&y), want, "{dtype} iota dim {dim}");
            } else {
                let want: Vec<f32> = want.iter().map(|&c| c as f32).collect();
                assert_bits(&floats(&y), &want, &format!("{dtype} iota dim {dim}"));
            }
        }
    }
    // Coordinates past 256 are not all bf16 values: each is rounded.
    let y = apply(&[], |kb, _| kb.iota(&[1, 300], 1, DType::Bf16));
    let want: Vec<f32> = (0..300).map(|c| DType::Bf16.round_f32(c as f32)).collect();
    assert_bits(&floats(&y), &want, "bf16 iota 0..300");
    assert_eq!(floats(&y)[257], 256.0);
    assert_eq!(floats(&y)[259], 260.0);
}

// ---------------------------------------------------------------------------
// Unary, binary, comparisons, select
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Casts
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum E {
    F(f32),
    I(i32),
    B(bool),
}

fn elems(t: &HostTensor) -> Vec<E> {
    match t.dtype() {
        DType::I32 => ints(t).into_iter().map(E::I).collect(),
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
        (E::F(v), DType::I32) => E::I(v as i32), // truncates, saturates, NaN -> 0
        (E::F(v), DType::Bool) => E::B(v != 0.0),
        (E::F(v), _) => E::F(to.round_f32(v)),
        (E::I(v), DType::I32) => E::I(v),
        (E::I(v), DType::Bool) => E::B(v != 0),
        (E::I(v), _) => E::F(int_to_float(v, to)),
        (E::B(b), DType::I32) => E::I(b as i32),
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

// ---------------------------------------------------------------------------
// Shape ops
// ---------------------------------------------------------------------------

#[test]
fn broadcast_scalars_vectors_and_size_one_dims() {
    let v3 = tensor(DType::F32, &[3], &[1.0, 2.0, 3.0]);
    let ys = apply_many(std::slice::from_ref(&v3), |kb, x| {
        let s = kb.f32(4.5);
        vec![
            kb.broadcast(s, &[2, 3], &[]),
            kb.expand_col(x[0], 4), // [3] -> [3, 4]
            kb.expand_row(x[0], 2), // [3] -> [2, 3]
            kb.broadcast(x[0], &[2, 3, 4], &[1]),
        ]
    });
    assert_eq!(ys[0].shape(), &[2, 3]);
    assert_bits(&floats(&ys[0]), &[4.5; 6], "scalar");
    let col: Vec<f32> = (0..3).flat_map(|i| [i as f32 + 1.0; 4]).collect();
    assert_bits(&floats(&ys[1]), &col, "column broadcast");
    let row: Vec<f32> = (0..2).flat_map(|_| [1.0, 2.0, 3.0]).collect();
    assert_bits(&floats(&ys[2]), &row, "row broadcast");
    let mid: Vec<f32> = (0..2)
        .flat_map(|_| (0..3).flat_map(|j| [j as f32 + 1.0; 4]))
        .collect();
    assert_bits(&floats(&ys[3]), &mid, "[3] -> [2, 3, 4] along dim 1");

    // Size-1 dims stretch.
    let r13 = tensor(DType::Bf16, &[1, 3], &[1.0, 2.0, 3.0]);
    let c31 = i32_tensor(&[3, 1], &[7, 8, 9]);
    let t211 = tensor(DType::F32, &[2, 1, 1], &[-1.0, 1.0]);
    let ys = apply_many(&[r13, c31, t211], |kb, x| {
        vec![
            kb.broadcast(x[0], &[4, 3], &[0, 1]),
            kb.broadcast(x[1], &[3, 5], &[0, 1]),
            kb.broadcast(x[2], &[2, 3, 4], &[0, 1, 2]),
            kb.broadcast(x[0], &[2, 1, 3], &[1, 2]),
        ]
    });
    assert_eq!(ys[0].dtype(), DType::Bf16);
    assert_bits(
        &floats(&ys[0]),
        &[[1.0, 2.0, 3.0]; 4].concat(),
        "[1,3] -> [4,3]",
    );
    assert_eq!(
        ints(&ys[1]),
        [[7; 5], [8; 5], [9; 5]].concat(),
        "[3,1] -> [3,5]"
    );
    assert_bits(
        &floats(&ys[2]),
        &[[-1.0; 12], [1.0; 12]].concat(),
        "[2,1,1] -> [2,3,4]",
    );
    assert_eq!(ys[3].shape(), &[2, 1, 3]);
    assert_bits(
        &floats(&ys[3]),
        &[1.0, 2.0, 3.0, 1.0, 2.0, 3.0],
        "[1,3] -> [2,1,3]",
    );
}

/// Reference reduction of a rank-3 row-major tile along `axis`, accumulating
/// in index order from `init` and rounding once at the end.
fn reduce3(x: &[f32], s: [usize; 3], axis: usize, init: f32, f: F2, dt: DType) -> Vec<f32> {
    let mut out = Vec::new();
    let others: Vec<usize> = (0..3).filter(|&d| d != axis).collect();
    for a in 0..s[others[0]] {
        for b in 0..s[others[1]] {
            let mut acc = init;
            for j in 0..s[axis] {
                let mut idx = [0; 3];
                idx[others[0]] = a;
                idx[others[1]] = b;
                idx[axis] = j;
                acc = f(acc, x[(idx[0] * s[1] + idx[1]) * s[2] + idx[2]]);
            }
            out.push(dt.round_f32(acc));
        }
    }
    out
}

#[test]
fn reductions_along_each_axis_of_a_rank_3_tile() {
    let s = [2usize, 3, 4];
    let data: Vec<f32> = (0..24)
        .map(|i| ((i * 7 % 11) as f32 - 5.0) * 0.3 + (i as f32).sin())
        .collect();
    let ops: [(ReduceOp, f32, F2); 3] = [
        (ReduceOp::Sum, 0.0, |a, b| a + b),
        (ReduceOp::Max, f32::NEG_INFINITY, nan_max),
        (ReduceOp::Min, f32::INFINITY, nan_min),
    ];
    for dtype in FLOATS {
        let input = tensor(dtype, &s, &data);
        let x = floats(&input);
        for (op, init, f) in ops {
            for axis in 0..3 {
                let y = apply(std::slice::from_ref(&input), |kb, v| {
                    kb.reduce(op, v[0], axis)
                });
                let mut shape = s.to_vec();
                shape.remove(axis);
                assert_eq!(y.shape(), &shape[..]);
                assert_eq!(y.dtype(), dtype);
                let want = reduce3(&x, s, axis, init, f, dtype);
                assert_bits(
                    &floats(&y),
                    &want,
                    &format!("{op:?} axis {axis} on {dtype}"),
                );
            }
        }
    }
    let idata: Vec<i32> = (0..24)
        .map(|i| (i * 37 % 23) - 11 + if i == 5 { i32::MAX } else { 0 })
        .collect();
    let input = i32_tensor(&s, &idata);
    let iops: [(ReduceOp, i32, I2); 3] = [
        (ReduceOp::Sum, 0, i32::wrapping_add),
        (ReduceOp::Max, i32::MIN, std::cmp::max),
        (ReduceOp::Min, i32::MAX, std::cmp::min),
    ];
    for (op, init, f) in iops {
        for axis in 0..3 {
            let y = apply(std::slice::from_ref(&input), |kb, v| {
                kb.reduce(op, v[0], axis)
            });
            let others: Vec<usize> = (0..3).filter(|&d| d != axis).collect();
            let mut want = Vec::new();
            for a in 0..s[others[0]] {
                for b in 0..s[others[1]] {
                    let mut acc = init;
                    for j in 0..s[axis] {
                        let mut idx = [0; 3];
                        idx[others[0]] = a;
                        idx[others[1]] = b;
                        idx[axis] = j;
                        acc = f(acc, idata[(idx[0] * s[1] + idx[1]) * s[2] + idx[2]]);
                    }
                    want.push(acc);
                }
            }
            assert_eq!(ints(&y), want, "i32 {op:?} axis {axis}");
        }
    }
}

#[test]
fn reductions_round_once_and_propagate_nan() {
    // Summed in f32 then rounded: 1 + 2^-8 + 2^-8 = 1 + 2^-7 exactly. Rounding
    // after each addition would give 1.
    let x = tensor(DType::Bf16, &[1, 3], &[1.0, pow2(-8), pow2(-8)]);
    let y = apply(&[x], |kb, v| kb.sum(v[0], 1));
    assert_eq!(floats(&y), [1.0 + pow2(-7)]);
    let x = tensor(DType::F32, &[2, 3], &[1.0, f32::NAN, 3.0, -1.0, -2.0, -3.0]);
    let ys = apply_many(&[x], |kb, v| {
        vec![
            kb.reduce_max(v[0], 1),
            kb.reduce_min(v[0], 1),
            kb.sum(v[0], 1),
        ]
    });
    let (max, min, sum) = (floats(&ys[0]), floats(&ys[1]), floats(&ys[2]));
    assert!(max[0].is_nan() && min[0].is_nan() && sum[0].is_nan());
    assert_eq!((max[1], min[1], sum[1]), (-1.0, -3.0, -6.0));
}

#[test]
fn dot_of_non_square_tiles_accumulates_in_f32() {
    let (m, k, n) = (3usize, 5usize, 2usize);
    let a: Vec<f32> = (0..m * k).map(|i| (i as f32 * 0.37).sin() * 2.0).collect();
    let b: Vec<f32> = (0..k * n).map(|i| (i as f32 * 0.91).cos() * 1.5).collect();
    for dtype in FLOATS {
        let (ta, tb) = (tensor(dtype, &[m, k], &a), tensor(dtype, &[k, n], &b));
        let (ra, rb) = (floats(&ta), floats(&tb));
        let ys = apply_many(&[ta, tb], |kb, v| {
            let d = kb.dot(v[0], v[1]);
            let bt = kb.t(v[1]);
            let at = kb.t(v[0]);
            let d2 = kb.dot(bt, at); // [n, m] = (a b)^T
            vec![d, d2]
        });
        assert_eq!(ys[0].dtype(), DType::F32);
        assert_eq!(ys[0].shape(), &[m, n]);
        let mut want = vec![0f32; m * n];
        let mut want_t = vec![0f32; n * m];
        for i in 0..m {
            for j in 0..n {
                let mut acc = 0f32;
                for kk in 0..k {
                    acc += ra[i * k + kk] * rb[kk * n + j];
                }
                want[i * n + j] = acc;
                let mut acc = 0f32;
                for kk in 0..k {
                    acc += rb[kk * n + j] * ra[i * k + kk];
                }
                want_t[j * m + i] = acc;
            }
        }
        assert_bits(&floats(&ys[0]), &want, &format!("dot on {dtype}"));
        assert_bits(
            &floats(&ys[1]),
            &want_t,
            &format!("transposed dot on {dtype}"),
        );
    }
}

#[test]
fn transpose_rank_2_and_rank_3() {
    let x2: Vec<f32> = (0..6).map(|i| i as f32).collect();
    let y = apply(&[tensor(DType::F32, &[2, 3], &x2)], |kb, v| kb.t(v[0]));
    assert_eq!(y.shape(), &[3, 2]);
    assert_eq!(floats(&y), [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    let s = [2usize, 3, 4];
    let x3: Vec<i32> = (0..24).collect();
    for perm in [[0, 1, 2], [2, 0, 1], [1, 2, 0], [0, 2, 1], [2, 1, 0]] {
        let y = apply(&[i32_tensor(&s, &x3)], |kb, v| kb.transpose(v[0], &perm));
        let rs = [s[perm[0]], s[perm[1]], s[perm[2]]];
        assert_eq!(y.shape(), &rs);
        let mut want = Vec::new();
        for r0 in 0..rs[0] {
            for r1 in 0..rs[1] {
                for r2 in 0..rs[2] {
                    let mut idx = [0; 3];
                    idx[perm[0]] = r0;
                    idx[perm[1]] = r1;
                    idx[perm[2]] = r2;
                    want.push(x3[(idx[0] * s[1] + idx[1]) * s[2] + idx[2]]);
                }
            }
        }
        assert_eq!(ints(&y), want, "perm {perm:?}");
    }
}

#[test]
fn reshape_is_row_major() {
    let x: Vec<f32> = (0..12).map(|i| i as f32 * 0.5).collect();
    let ys = apply_many(&[tensor(DType::Bf16, &[2, 6], &x)], |kb, v| {
        let a = kb.reshape(v[0], &[3, 4]);
        let b = kb.reshape(a, &[12]);
        let c = kb.reshape(b, &[2, 1, 3, 2]);
        let t = kb.t(v[0]); // [6, 2]
        let d = kb.reshape(t, &[12]);
        vec![a, b, c, d]
    });
    assert_eq!(ys[0].shape(), &[3, 4]);
    assert_eq!(ys[2].shape(), &[2, 1, 3, 2]);
    for y in &ys[..3] {
        assert_bits(&floats(y), &x, "reshape keeps row-major order");
    }
    let want: Vec<f32> = (0..6).flat_map(|j| [x[j], x[6 + j]]).collect();
    assert_bits(&floats(&ys[3]), &want, "reshape of a transposed tile");
}

// ---------------------------------------------------------------------------
// Memory: prefetch, loads and stores
// ---------------------------------------------------------------------------

#[test]
fn prefetch_reads_drive_loads() {
    let mut kb = KernelBuilder::new("prefetch");
    kb.grid(&[3]);
    let tbl = kb.prefetch("tbl", &[3, 2]);
    let x = kb.input("x", DType::F32, &[3, 4]);
    let y = kb.output("y", DType::F32, &[3, 4]);
    let p = kb.program_id(0);
    let (c0, c1) = (kb.i32(0), kb.i32(1));
    let row = kb.prefetch_read(tbl, &[p, c0]);
    let bias = kb.prefetch_read(tbl, &[p, c1]);
    let v = kb.load(x, &[Index::at(row), Index::Full]);
    let bias = kb.cast(bias, DType::F32);
    let v = kb.add(v, bias);
    kb.store(y, &[Index::at(p), Index::Full], v);
    let xs: Vec<f32> = (0..12).map(|i| i as f32).collect();
    let t = [2, 10, 0, 20, 2, 30];
    let args = KernelArgs::new()
        .tensor("tbl", i32_tensor(&[3, 2], &t))
        .tensor("x", tensor(DType::F32, &[3, 4], &xs));
    let out = run_ok(&finish(kb), &args);
    let mut want = Vec::new();
    for p in 0..3 {
        for c in 0..4 {
            want.push(xs[t[2 * p] as usize * 4 + c] + t[2 * p + 1] as f32);
        }
    }
    assert_bits(&floats(&out["y"]), &want, "prefetch");
}

#[test]
fn loads_and_stores_with_point_slice_and_full_indices() {
    let mut kb = KernelBuilder::new("indices");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4, 6]);
    let off = kb.scalar("off", DType::I32);
    let ya = kb.output("ya", DType::F32, &[3]);
    let yb = kb.output("yb", DType::F32, &[2, 6]);
    let yc = kb.output("yc", DType::F32, &[]);
    let yd = kb.output("yd", DType::F32, &[4]);
    let ym = kb.output("ym", DType::F32, &[4, 6]);
    let (c0, c1, c2, c3, c5) = (kb.i32(0), kb.i32(1), kb.i32(2), kb.i32(3), kb.i32(5));
    let a = kb.load(x, &[Index::at(c2), Index::slice(off, 3)]);
    let b = kb.load(x, &[Index::slice(c1, 2), Index::Full]);
    let c = kb.load(x, &[Index::at(c3), Index::at(c5)]);
    let d = kb.load(x, &[Index::Full, Index::at(off)]);
    kb.store(ya, &[Index::Full], a);
    kb.store(yb, &[Index::Full, Index::Full], b);
    kb.store(yc, &[], c);
    kb.store(yd, &[Index::Full], d);
    kb.store(ym, &[Index::slice(c2, 2), Index::Full], b);
    kb.store(ym, &[Index::at(c0), Index::at(c0)], c);
    kb.store(ym, &[Index::at(c0), Index::slice(off, 3)], a);
    kb.store(ym, &[Index::Full, Index::at(c5)], d);
    let xs: Vec<f32> = (0..24).map(|i| (i / 6 * 10 + i % 6) as f32).collect();
    let args = KernelArgs::new()
        .tensor("x", tensor(DType::F32, &[4, 6], &xs))
        .i32("off", 2);
    let out = run_ok(&finish(kb), &args);
    let at = |i: usize, j: usize| xs[i * 6 + j];
    assert_eq!(floats(&out["ya"]), [at(2, 2), at(2, 3), at(2, 4)]);
    assert_eq!(floats(&out["yb"]), xs[6..18].to_vec());
    assert_eq!(floats(&out["yc"]), [at(3, 5)]);
    assert_eq!(floats(&out["yd"]), [at(0, 2), at(1, 2), at(2, 2), at(3, 2)]);
    let mut m = vec![0f32; 24];
    m[12..24].copy_from_slice(&xs[6..18]);
    m[0] = at(3, 5);
    m[2..5].copy_from_slice(&[at(2, 2), at(2, 3), at(2, 4)]);
    for i in 0..4 {
        m[i * 6 + 5] = at(i, 2);
    }
    assert_eq!(
        floats(&out["ym"]),
        m,
        "stores land where indexed, later ones win"
    );
}

#[test]
fn masked_loads_and_stores() {
    let mut kb = KernelBuilder::new("masked");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[6]);
    let xi = kb.input("xi", DType::I32, &[2, 3]);
    let y = kb.inout("y", DType::F32, &[6]);
    let v1 = kb.output("v1", DType::F32, &[4]);
    let v2 = kb.output("v2", DType::F32, &[4]);
    let v3 = kb.output("v3", DType::I32, &[2, 3]);
    let io = kb.iota(&[4], 0, DType::I32);
    let six = kb.i32(6);
    // Elements 6 and 7 lie outside `x`: masked off, they read `other`.
    let s4 = kb.i32(4);
    let idx = kb.add(io, s4);
    let m = kb.lt(idx, six);
    let a = kb.load_masked(x, &[Index::slice(s4, 4)], m, ConstValue::Float(-1.5));
    kb.store(v1, &[Index::Full], a);
    // A negative start, also masked off.
    let sm2 = kb.i32(-2);
    let idx = kb.add(io, sm2);
    let zero = kb.i32(0);
    let m = kb.ge(idx, zero);
    let b = kb.load_masked(x, &[Index::slice(sm2, 4)], m, ConstValue::Float(0.25));
    kb.store(v2, &[Index::Full], b);
    // Masked store into an in/out ref: masked-off elements keep their values.
    let s3 = kb.i32(3);
    let idx = kb.add(io, s3);
    let inside = kb.lt(idx, six);
    let one = kb.i32(1);
    let not_one = kb.ne(io, one);
    let m = kb.and(inside, not_one);
    let nine = kb.full(&[4], DType::F32, 9.0);
    kb.store_masked(y, &[Index::slice(s3, 4)], nine, m);
    // A 2-D i32 masked load: the diagonal-and-above of a 2x3 tile.
    let r = kb.iota(&[2, 3], 0, DType::I32);
    let c = kb.iota(&[2, 3], 1, DType::I32);
    let m = kb.le(r, c);
    let t = kb.load_masked(xi, &[Index::Full, Index::Full], m, ConstValue::Int(-7));
    kb.store(v3, &[Index::Full, Index::Full], t);
    let args = KernelArgs::new()
        .tensor(
            "x",
            tensor(DType::F32, &[6], &[10.0, 11.0, 12.0, 13.0, 14.0, 15.0]),
        )
        .tensor("xi", i32_tensor(&[2, 3], &[1, 2, 3, 4, 5, 6]))
        .tensor(
            "y",
            tensor(DType::F32, &[6], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
        );
    let out = run_ok(&finish(kb), &args);
    assert_eq!(floats(&out["v1"]), [14.0, 15.0, -1.5, -1.5]);
    assert_eq!(floats(&out["v2"]), [0.25, 0.25, 10.0, 11.0]);
    assert_eq!(floats(&out["y"]), [1.0, 2.0, 3.0, 9.0, 5.0, 9.0]);
    assert_eq!(ints(&out["v3"]), [1, 2, 3, -7, 5, 6]);
}

#[test]
fn out_of_bounds_accesses_are_launch_errors() {
    // (masked load?, store instead of load?)
    for (masked, store) in [(false, false), (true, false), (false, true), (true, true)] {
        let mut kb = KernelBuilder::new("oob");
        kb.grid(&[1]);
        let x = kb.input("x", DType::F32, &[6]);
        let y = kb.output("y", DType::F32, &[6]);
        let s4 = kb.i32(4);
        // With a mask, element 6 is still unmasked: it must be reported.
        let io = kb.iota(&[4], 0, DType::I32);
        let three = kb.i32(3);
        let m = kb.lt(io, three);
        if store {
            let v = kb.zeros(&[4], DType::F32);
            if masked {
                kb.store_masked(y, &[Index::slice(s4, 4)], v, m);
            } else {
                kb.store(y, &[Index::slice(s4, 4)], v);
            }
        } else {
            let v = if masked {
                kb.load_masked(x, &[Index::slice(s4, 4)], m, ConstValue::Float(0.0))
            } else {
                kb.load(x, &[Index::slice(s4, 4)])
            };
            let c0 = kb.i32(0);
            kb.store(y, &[Index::slice(c0, 4)], v);
        }
        let args = KernelArgs::new().tensor("x", tensor(DType::F32, &[6], &[0.0; 6]));
        match try_run(kb, &args) {
            Err(RunError::Exec { message, .. }) => {
                let what = if store {
                    "out-of-bounds store"
                } else {
                    "out-of-bounds load"
                };
                assert!(message.contains(what), "masked={masked}: {message}");
            }
            other => panic!("masked={masked} store={store}: expected an error, got {other:?}"),
        }
    }
}

/// A plain `load` of a bool ref should verify like a load of any other dtype.
/// `KernelBuilder::load` records `other: ConstValue::Int(0)`, and the verifier
/// checks that `other` fits the ref's dtype even when there is no mask; an
/// Int does not fit bool, so the kernel is rejected.
#[test]
fn bool_input_ref_loads_without_a_mask() {
    let mut kb = KernelBuilder::new("bool_load");
    kb.grid(&[1]);
    let x = kb.input("x", DType::Bool, &[3]);
    let y = kb.output("y", DType::Bool, &[3]);
    let v = kb.load(x, &[Index::Full]);
    let v = kb.not(v);
    kb.store(y, &[Index::Full], v);
    let args = KernelArgs::new().tensor("x", bool_tensor(&[3], &[true, false, true]));
    let out = run_ok(&finish(kb), &args);
    assert_eq!(bools(&out["y"]), [false, true, false]);
}

// ---------------------------------------------------------------------------
// Control flow
// ---------------------------------------------------------------------------

fn rows_input(rows: usize, cols: usize) -> (Vec<f32>, HostTensor) {
    let xs: Vec<f32> = (0..rows * cols)
        .map(|i| ((i * 13 % 17) as f32 - 8.0) * 0.37)
        .collect();
    let t = tensor(DType::F32, &[rows, cols], &xs);
    (xs, t)
}

#[test]
fn for_loop_carries_values() {
    let mut kb = KernelBuilder::new("loop");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4, 6]);
    let (o_sum, o_n, o_w) = (
        kb.output("sum", DType::F32, &[6]),
        kb.output("n", DType::I32, &[]),
        kb.output("w", DType::F32, &[6]),
    );
    let o_step = kb.output("step", DType::F32, &[6]);
    let o_ivs = kb.output("ivs", DType::I32, &[]);
    let (lo, hi) = (kb.i32(0), kb.i32(4));
    let acc0 = kb.zeros(&[6], DType::F32);
    let n0 = kb.i32(0);
    let w0 = kb.full(&[6], DType::F32, 1.0);
    let r = kb.for_loop(lo, hi, &[acc0, n0, w0], |b, i, c| {
        let row = b.load(x, &[Index::at(i), Index::Full]);
        let acc = b.add(c[0], row);
        let one = b.i32(1);
        let n = b.add(c[1], one);
        let half = b.f32(0.5);
        let w = b.mul(c[2], half);
        let w = b.add(w, row);
        vec![acc, n, w]
    });
    kb.store(o_sum, &[Index::Full], r[0]);
    kb.store(o_n, &[], r[1]);
    kb.store(o_w, &[Index::Full], r[2]);
    // Step 2 from 1: rows 1 and 3; the carried i32 collects the ivs.
    let (lo1, hi4) = (kb.i32(1), kb.i32(4));
    let iv0 = kb.i32(0);
    let r = kb.for_loop_with(lo1, hi4, 2, None, &[acc0, iv0], |b, i, c| {
        let row = b.load(x, &[Index::at(i), Index::Full]);
        let ten = b.i32(10);
        let s = b.mul(c[1], ten);
        vec![b.add(c[0], row), b.add(s, i)]
    });
    kb.store(o_step, &[Index::Full], r[0]);
    kb.store(o_ivs, &[], r[1]);
    let (xs, t) = rows_input(4, 6);
    let out = run_ok(&finish(kb), &KernelArgs::new().tensor("x", t));
    let mut sum = [0f32; 6];
    let mut w = [1f32; 6];
    let mut step = [0f32; 6];
    for i in 0..4 {
        for j in 0..6 {
            sum[j] += xs[i * 6 + j];
            w[j] = w[j] * 0.5 + xs[i * 6 + j];
            if i % 2 == 1 {
                step[j] += xs[i * 6 + j];
            }
        }
    }
    assert_bits(&floats(&out["sum"]), &sum, "sum");
    assert_eq!(ints(&out["n"]), [4]);
    assert_bits(&floats(&out["w"]), &w, "order-dependent recurrence");
    assert_bits(&floats(&out["step"]), &step, "step 2");
    assert_eq!(ints(&out["ivs"]), [13], "ivs 1 then 3");
}

#[test]
fn for_loop_with_zero_iterations_yields_its_init() {
    for (lo, hi) in [(3, 3), (5, 2)] {
        let mut kb = KernelBuilder::new("empty_loop");
        kb.grid(&[1]);
        let acc = kb.output("acc", DType::F32, &[3]);
        let n = kb.output("n", DType::I32, &[]);
        let touched = kb.output("touched", DType::I32, &[]);
        let (l, h) = (kb.i32(lo), kb.i32(hi));
        let a0 = kb.full(&[3], DType::F32, 7.0);
        let n0 = kb.i32(42);
        let r = kb.for_loop(l, h, &[a0, n0], |b, i, c| {
            b.store(touched, &[], i);
            let one = b.i32(1);
            let two = b.f32(2.0);
            vec![b.add(c[0], two), b.add(c[1], one)]
        });
        kb.store(acc, &[Index::Full], r[0]);
        kb.store(n, &[], r[1]);
        let out = run_ok(&finish(kb), &KernelArgs::new());
        assert_eq!(floats(&out["acc"]), [7.0; 3], "{lo}..{hi}");
        assert_eq!(ints(&out["n"]), [42], "{lo}..{hi}");
        assert_eq!(ints(&out["touched"]), [0], "{lo}..{hi}: the body never ran");
    }
}

#[test]
fn if_else_yields_values_from_both_branches() {
    let mut kb = KernelBuilder::new("branches");
    kb.grid(&[3]);
    let x = kb.input("x", DType::F32, &[3, 4]);
    let yv = kb.output("yv", DType::F32, &[3, 4]);
    let yk = kb.output("yk", DType::I32, &[3]);
    let yo = kb.output("yo", DType::F32, &[3, 4]);
    let p = kb.program_id(0);
    let row = kb.load(x, &[Index::at(p), Index::Full]);
    let one = kb.i32(1);
    let first = kb.lt(p, one);
    let r = kb.if_else(
        first,
        |b| {
            let two = b.f32(2.0);
            let ten = b.i32(10);
            vec![b.mul(row, two), b.add(p, ten), row]
        },
        |b| {
            // A nested if in the else branch.
            let is_one = b.eq(p, one);
            let inner = b.if_else(
                is_one,
                |b| {
                    let c = b.f32(1.0);
                    vec![b.sub(row, c)]
                },
                |b| vec![b.neg(row)],
            );
            let three = b.i32(3);
            let zeros = b.zeros(&[4], DType::F32);
            vec![inner[0], b.mul(p, three), zeros]
        },
    );
    kb.store(yv, &[Index::at(p), Index::Full], r[0]);
    kb.store(yk, &[Index::at(p)], r[1]);
    kb.store(yo, &[Index::at(p), Index::Full], r[2]);
    let (xs, t) = rows_input(3, 4);
    let out = run_ok(&finish(kb), &KernelArgs::new().tensor("x", t));
    let mut v = Vec::new();
    let mut o = Vec::new();
    for p in 0..3 {
        for j in 0..4 {
            let x = xs[p * 4 + j];
            v.push(match p {
                0 => x * 2.0,
                1 => x - 1.0,
                _ => -x,
            });
            o.push(if p == 0 { x } else { 0.0 });
        }
    }
    assert_bits(&floats(&out["yv"]), &v, "yielded tiles");
    assert_eq!(ints(&out["yk"]), [10, 3, 6]);
    assert_bits(
        &floats(&out["yo"]),
        &o,
        "an outer value yielded by a branch",
    );
}

#[test]
fn nested_loops() {
    let mut kb = KernelBuilder::new("nested");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4, 4]);
    let tri = kb.output("tri", DType::F32, &[]);
    let cnt = kb.output("cnt", DType::I32, &[]);
    let ij = kb.output("ij", DType::I32, &[4, 4]);
    let (c0, c4) = (kb.i32(0), kb.i32(4));
    let s0 = kb.f32(0.0);
    let n0 = kb.i32(0);
    let r = kb.for_loop(c0, c4, &[s0, n0], |b, i, c| {
        let one = b.i32(1);
        let ip1 = b.add(i, one);
        // The inner bound depends on the outer induction variable.
        b.for_loop(c0, ip1, c, |b, j, d| {
            let v = b.load(x, &[Index::at(i), Index::at(j)]);
            let ten = b.i32(10);
            let code = b.mul(i, ten);
            let code = b.add(code, j);
            b.store(ij, &[Index::at(i), Index::at(j)], code);
            let one = b.i32(1);
            vec![b.add(d[0], v), b.add(d[1], one)]
        })
    });
    kb.store(tri, &[], r[0]);
    kb.store(cnt, &[], r[1]);
    let (xs, t) = rows_input(4, 4);
    let out = run_ok(&finish(kb), &KernelArgs::new().tensor("x", t));
    let mut s = 0f32;
    let mut codes = vec![0; 16];
    for i in 0..4 {
        for j in 0..=i {
            s += xs[i * 4 + j];
            codes[i * 4 + j] = (i * 10 + j) as i32;
        }
    }
    assert_bits(&floats(&out["tri"]), &[s], "triangular sum");
    assert_eq!(ints(&out["cnt"]), [10]);
    assert_eq!(ints(&out["ij"]), codes);
}

#[test]
fn pipelined_loops_match_the_plain_loop() {
    let (rows, cols) = (6usize, 5usize);
    let mut kb = KernelBuilder::new("pipelined");
    kb.grid(&[1]);
    let perm = kb.prefetch("perm", &[rows]);
    let x = kb.input("x", DType::F32, &[rows, cols]);
    let xb = kb.input("xb", DType::Bf16, &[rows, cols]);
    // (name, step, stages)
    let variants: [(&str, u32, Option<u32>); 6] = [
        ("plain", 1, None),
        ("s1", 1, Some(1)),
        ("s2", 1, Some(2)),
        ("s3", 1, Some(3)),
        ("s8", 1, Some(8)),
        ("step2_s2", 2, Some(2)),
    ];
    let plain_step = kb.output("plain_step2", DType::F32, &[cols]);
    let mut outs = Vec::new();
    for (name, _, _) in variants {
        outs.push(kb.output(name, DType::F32, &[cols]));
    }
    let last = kb.i32(rows as i32 - 1);
    let (lo, hi) = (kb.i32(0), kb.i32(rows as i32));
    let acc0 = kb.zeros(&[cols], DType::F32);
    let body = |b: &mut KernelBuilder, i: Value, c: &[Value]| {
        // Two device loads whose addresses are computed in the body: one
        // from the induction variable, one through a prefetch array.
        let rev = b.sub(last, i);
        let r1 = b.load(x, &[Index::at(rev), Index::Full]);
        let pi = b.prefetch_read(perm, &[i]);
        let r2 = b.load(xb, &[Index::at(pi), Index::Full]);
        let r2 = b.cast(r2, DType::F32);
        let k = b.f32(0.75);
        let acc = b.mul(c[0], k);
        let acc = b.add(acc, r1);
        vec![b.sub(acc, r2)]
    };
    for ((_, step, stages), &out) in variants.iter().zip(&outs) {
        let r = kb.for_loop_with(lo, hi, *step, *stages, &[acc0], body);
        kb.store(out, &[Index::Full], r[0]);
    }
    let r = kb.for_loop_with(lo, hi, 2, None, &[acc0], body);
    kb.store(plain_step, &[Index::Full], r[0]);
    let vk = finish(kb);
    let pl = &vk.info().pipelined_loops;
    assert_eq!(pl.len(), 5, "every loop with stages is listed");
    assert!(
        pl.iter().all(|l| l.loads.len() == 2),
        "both loads are issued ahead"
    );
    let (xs, t) = rows_input(rows, cols);
    let xbv: Vec<f32> = xs.iter().map(|&v| v * 1.7 - 0.3).collect();
    let tb = tensor(DType::Bf16, &[rows, cols], &xbv);
    let xbr = floats(&tb);
    let pv = [3, 0, 5, 1, 4, 2];
    let args = KernelArgs::new()
        .tensor("perm", i32_tensor(&[rows], &pv))
        .tensor("x", t)
        .tensor("xb", tb);
    let out = run_ok(&vk, &args);
    let reference = |step: usize| {
        let mut acc = vec![0f32; cols];
        for i in (0..rows).step_by(step) {
            for j in 0..cols {
                acc[j] =
                    acc[j] * 0.75 + xs[(rows - 1 - i) * cols + j] - xbr[pv[i] as usize * cols + j];
            }
        }
        acc
    };
    let (want1, want2) = (reference(1), reference(2));
    for (name, step, _) in variants {
        let want = if step == 1 { &want1 } else { &want2 };
        assert_bits(&floats(&out[name]), want, name);
    }
    assert_bits(&floats(&out["plain_step2"]), &want2, "plain step 2");
}

/// A pipelined load reads ahead; a store in an earlier iteration to the
/// window it already read is reported rather than silently reading stale data.
#[test]
fn pipelined_load_of_data_stored_by_the_loop_is_an_error() {
    let build = |stages: Option<u32>| {
        let mut kb = KernelBuilder::new("recurrence");
        kb.grid(&[1]);
        let y = kb.inout("y", DType::F32, &[4, 3]);
        let (lo, hi) = (kb.i32(0), kb.i32(3));
        kb.for_loop_with(lo, hi, 1, stages, &[], |b, i, _| {
            let row = b.load(y, &[Index::at(i), Index::Full]);
            let one = b.f32(1.0);
            let next = b.add(row, one);
            let c1 = b.i32(1);
            let ip1 = b.add(i, c1);
            b.store(y, &[Index::at(ip1), Index::Full], next);
            vec![]
        });
        kb
    };
    let args = KernelArgs::new().tensor("y", tensor(DType::F32, &[4, 3], &[0.5; 12]));
    let out = try_run(build(None), &args).expect("plain loop runs");
    let want: Vec<f32> = (0..4).flat_map(|i| [0.5 + i as f32; 3]).collect();
    assert_eq!(floats(&out["y"]), want);
    match try_run(build(Some(2)), &args) {
        Err(RunError::Exec { message, .. }) => {
            assert!(message.contains("pipelined load"), "{message}")
        }
        other => panic!("expected a stale-read error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Scratch and block specs
// ---------------------------------------------------------------------------

#[test]
fn scratch_persists_across_programs_on_an_arbitrary_axis() {
    let build = |semantics: AxisSemantics| {
        let mut kb = KernelBuilder::new("prefix");
        kb.grid_with(&[5], &[semantics]);
        let x = kb.input("x", DType::F32, &[5, 3]);
        let y = kb.output("y", DType::F32, &[5, 3]);
        let total = kb.output("total", DType::F32, &[3]);
        let s = kb.scratch("acc", DType::F32, &[3]);
        let p = kb.program_id(0);
        let prev = kb.load(s, &[Index::Full]);
        let row = kb.load(x, &[Index::at(p), Index::Full]);
        let next = kb.add(prev, row);
        kb.store(s, &[Index::Full], next);
        kb.store(y, &[Index::at(p), Index::Full], next);
        // Every program writes the same elements: only an arbitrary axis allows it.
        kb.store(total, &[Index::Full], next);
        kb
    };
    let (xs, t) = rows_input(5, 3);
    let out = run_ok(
        &finish(build(AxisSemantics::Arbitrary)),
        &KernelArgs::new().tensor("x", t),
    );
    let mut acc = [0f32; 3];
    let mut want = Vec::new();
    for p in 0..5 {
        for j in 0..3 {
            acc[j] += xs[p * 3 + j];
        }
        want.extend_from_slice(&acc);
    }
    assert_bits(&floats(&out["y"]), &want, "prefix sums through scratch");
    assert_bits(
        &floats(&out["total"]),
        &acc,
        "the last program's store wins",
    );
    assert!(!out.contains_key("acc"), "scratch is not returned");
    let err = build(AxisSemantics::Parallel).finish().unwrap_err();
    assert_eq!(err.errors.kinds(), [ErrorKind::ParallelRace]);
}

#[test]
fn block_spec_refs_see_their_block() {
    let mut kb = KernelBuilder::new("blocks");
    kb.grid(&[2, 2]);
    let x = kb.input("x", DType::F32, &[4, 6]);
    let y = kb.output("y", DType::F32, &[6, 4]);
    let corner = kb.output("corner", DType::F32, &[2, 2]);
    kb.block_spec(x, &[2, 3], |_, ids| vec![ids[0], ids[1]]);
    // y's block (j, 1 - i) receives the transpose of x's block (i, j).
    kb.block_spec(y, &[3, 2], |b, ids| {
        let one = b.i32(1);
        vec![ids[1], b.sub(one, ids[0])]
    });
    assert_eq!(kb.ref_shape(x), &[2, 3]);
    let (i, j) = (kb.program_id(0), kb.program_id(1));
    let blk = kb.load(x, &[Index::Full, Index::Full]);
    let tr = kb.t(blk);
    kb.store(y, &[Index::Full, Index::Full], tr);
    // Indices inside the block are relative to it.
    let (c1, c2) = (kb.i32(1), kb.i32(2));
    let v = kb.load(x, &[Index::at(c1), Index::at(c2)]);
    kb.store(corner, &[Index::at(i), Index::at(j)], v);
    let xs: Vec<f32> = (0..24).map(|i| i as f32).collect();
    let args = KernelArgs::new().tensor("x", tensor(DType::F32, &[4, 6], &xs));
    let out = run_ok(&finish(kb), &args);
    let mut want = vec![f32::NAN; 24];
    let mut want_corner = Vec::new();
    for i in 0..2 {
        for j in 0..2 {
            for r in 0..2 {
                for c in 0..3 {
                    want[(3 * j + c) * 4 + 2 * (1 - i) + r] = xs[(2 * i + r) * 6 + 3 * j + c];
                }
            }
            want_corner.push(xs[(2 * i + 1) * 6 + 3 * j + 2]);
        }
    }
    assert_bits(&floats(&out["y"]), &want, "blocked transpose");
    assert_bits(
        &floats(&out["corner"]),
        &want_corner,
        "block-relative point indices",
    );
}
