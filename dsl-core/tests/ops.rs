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

fn rows_input(rows: usize, cols: usize) -> (Vec<f32>, HostTensor) {
    let xs: Vec<f32> = (0..rows * cols)
        .map(|i| ((i * 13 % 17) as f32 - 8.0) * 0.37)
        .collect();
    let t = tensor(DType::F32, &[rows, cols], &xs);
    (xs, t)
}

#[path = "ops/casts.rs"]
mod casts;
#[path = "ops/control_flow.rs"]
mod control_flow;
#[path = "ops/elementwise.rs"]
mod elementwise;
#[path = "ops/grid_constants.rs"]
mod grid_constants;
#[path = "ops/memory.rs"]
mod memory;
#[path = "ops/quantized.rs"]
mod quantized;
#[path = "ops/scratch_and_block_specs.rs"]
mod scratch_and_block_specs;
#[path = "ops/shape_ops.rs"]
mod shape_ops;
