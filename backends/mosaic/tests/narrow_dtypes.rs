//! The 8- and 16-bit dtypes on the TPU: what libtpu compiles for each
//! generation, and the target rule refusing the rest before libtpu is
//! called. Each kernel moves one whole tile of its dtype ([32, 128] for 8
//! bits, [16, 128] for 16) through a window and through DMA, and exercises
//! the ops on it: arithmetic that wraps, shifts, bit ops, casts both ways,
//! fp8 rounding and bitcasts.

mod common;

use common::{compiles_everywhere, numbered};
use tilekit_core::ir::{BinaryOp, ConstValue, Index, Type, UnaryOp};
use tilekit_core::{DType, KernelBuilder, VerifiedKernel};
use tilekit_mosaic::{lower, TpuGeneration};

const TILE: [usize; 2] = [32, 128];

/// y (i32) = ops on x (of `dtype`, a window), and z (of `dtype`, HBM) =
/// the result cast back, so both loads, stores and DMAs of `dtype` appear.
fn int_ops(dtype: DType) -> VerifiedKernel {
    let tile = [8 * 4 / dtype.size_bytes(), 128];
    let mut kb = KernelBuilder::new(&format!("int_ops_{dtype}"));
    kb.grid(&[2]);
    let x = kb.input("x", dtype, &[2 * tile[0], 128]);
    let y = kb.output("y", DType::I32, &[2 * tile[0], 128]);
    let z = kb.output("z", dtype, &[2, tile[0], 128]);
    kb.block_spec(x, &tile, |b, ids| vec![ids[0], b.i32(0)]);
    kb.block_spec(y, &tile, |b, ids| vec![ids[0], b.i32(0)]);
    let full = [Index::Full, Index::Full];
    let t = kb.load(x, &full);
    let three = kb.constant(ConstValue::Int(3), Type::tile(dtype, &tile));
    let a = kb.binary(BinaryOp::Add, t, three);
    let m = kb.binary(BinaryOp::Mul, a, t);
    let sl = kb.binary(BinaryOp::Shl, m, three);
    let sr = kb.binary(BinaryOp::Shr, sl, t);
    let n = kb.unary(UnaryOp::Not, sr);
    let o = kb.binary(BinaryOp::Xor, n, t);
    let o = kb.binary(BinaryOp::And, o, a);
    let o = kb.binary(BinaryOp::Or, o, three);
    let w = kb.cast(o, DType::I32);
    kb.store(y, &full, w);
    let f = kb.cast(o, DType::F32);
    let half = kb.full(&tile, DType::F32, 0.5);
    let f = kb.mul(f, half);
    let back = kb.cast(f, dtype);
    let b = kb.program_id(0);
    kb.store(z, &[Index::at(b), Index::Full, Index::Full], back);
    kb.finish().unwrap()
}

/// fp8 through memory: y (f32) = 2 * x, z (fp8) = y rounded back, plus the
/// bit patterns of x as u8.
fn fp8_ops(dtype: DType) -> VerifiedKernel {
    let mut kb = KernelBuilder::new(&format!("fp8_ops_{dtype}"));
    kb.grid(&[2]);
    let x = kb.input("x", dtype, &[2, 32, 128]);
    let y = kb.output("y", DType::F32, &[2, 32, 128]);
    let z = kb.output("z", dtype, &[2, 32, 128]);
    let bits = kb.output("bits", DType::U8, &[2, 32, 128]);
    let b = kb.program_id(0);
    let at = [Index::at(b), Index::Full, Index::Full];
    let t = kb.load(x, &at);
    let f = kb.cast(t, DType::F32);
    let two = kb.full(&TILE, DType::F32, 2.0);
    let f = kb.mul(f, two);
    let f3 = kb.reshape(f, &[1, 32, 128]);
    let f3 = kb.reshape(f3, &TILE);
    kb.store(y, &at, f3);
    let r = kb.cast(f, dtype);
    kb.store(z, &at, r);
    let u = kb.bitcast(t, DType::U8);
    kb.store(bits, &at, u);
    kb.finish().unwrap()
}

fn all_kernels() -> Vec<VerifiedKernel> {
    let mut ks: Vec<VerifiedKernel> = [DType::I8, DType::U8, DType::U16]
        .into_iter()
        .map(int_ops)
        .collect();
    ks.extend([DType::F8E4M3, DType::F8E5M2].into_iter().map(fp8_ops));
    ks
}

/// libtpu compiles every narrow dtype, in memory and through every op,
/// for both generations (this probe is how the target rules were set).
#[test]
fn narrow_dtypes_compile_for_v5e_and_v6e() {
    for k in all_kernels() {
        compiles_everywhere(&k);
    }
}

#[test]
fn shifts_select_the_defined_result_for_large_amounts() {
    let m = lower(&int_ops(DType::U8), TpuGeneration::V5e).unwrap();
    // The amount is masked to the width and compared unsigned (`uge`, 9).
    assert!(
        m.body.contains("predicate = 9 : i64"),
        "{}",
        numbered(&m.body)
    );
    assert!(m.body.contains("arith.shrui") && m.body.contains("arith.shli"));
    let m = lower(&int_ops(DType::I8), TpuGeneration::V6e).unwrap();
    assert!(m.body.contains("arith.shrsi") && m.body.contains("arith.extsi"));
}

/// Float `!=` and float → bool casts, which Mosaic's missing `une`
/// predicate used to break: `not oeq` compiles everywhere.
#[test]
fn float_not_equal_compiles() {
    let mut kb = KernelBuilder::new("float_ne");
    let x = kb.input("x", DType::F32, &[8, 128]);
    let y = kb.output("y", DType::I32, &[8, 128]);
    let full = [Index::Full, Index::Full];
    let t = kb.load(x, &full);
    let one = kb.full(&[8, 128], DType::F32, 1.0);
    let ne = kb.compare(tilekit_core::ir::CmpOp::Ne, t, one);
    let nz = kb.cast(t, DType::Bool);
    let both = kb.binary(BinaryOp::And, ne, nz);
    let out = kb.cast(both, DType::I32);
    kb.store(y, &full, out);
    compiles_everywhere(&kb.finish().unwrap());
}
