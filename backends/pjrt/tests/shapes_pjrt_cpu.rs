//! Differential tests of broadcasts, reductions, `dot`, transposes and
//! reshapes on the interpreter and on PJRT CPU.

mod common;

use common::{check, f32s, i32s, random, row_args, row_kernel, Cmp};
use tilekit_core::ir::{Index, ReduceOp};
use tilekit_core::{DType, KernelArgs, KernelBuilder};

#[test]
fn broadcast_maps_and_stretches_dims_pjrt_cpu() {
    let vk = row_kernel("broadcasts", 3, 4, &[DType::F32], |kb, x| {
        // [4] -> [2, 4] (rows), -> [4, 2] (columns), [1, 4] stretched.
        let rows = kb.broadcast(x[0], &[2, 4], &[1]);
        let cols = kb.broadcast(x[0], &[4, 2], &[0]);
        let cols_t = kb.t(cols);
        let sum = kb.add(rows, cols_t);
        let one_row = kb.reshape(x[0], &[1, 4]);
        let stretched = kb.broadcast(one_row, &[2, 4], &[0, 1]);
        let both = kb.mul(sum, stretched);
        kb.sum(both, 0)
    });
    check(
        &vk,
        &row_args(vec![random(10, DType::F32, &[3, 4], 1.0)]),
        Cmp::Exact,
    );
}

fn reductions(dtype: DType, cmp: Cmp) {
    for op in [ReduceOp::Sum, ReduceOp::Max, ReduceOp::Min] {
        for axis in [0, 1] {
            let vk = row_kernel(
                &format!("reduce_{op:?}_{axis}"),
                3,
                48,
                &[dtype],
                |kb, x| {
                    let t = kb.reshape(x[0], &[6, 8]);
                    let r = kb.reduce(op, t, axis);
                    let n = if axis == 0 { 8 } else { 6 };
                    // Back to 48 elements so the row kernel can store it.
                    let b = kb.broadcast(r, &[48 / n, n], &[1]);
                    kb.reshape(b, &[48])
                },
            );
            check(&vk, &row_args(vec![random(11, dtype, &[3, 48], 4.0)]), cmp);
        }
    }
}

#[test]
fn reductions_f32_pjrt_cpu() {
    reductions(DType::F32, Cmp::Close);
}

#[test]
fn reductions_bf16_accumulate_in_f32_and_round_once_pjrt_cpu() {
    reductions(DType::Bf16, Cmp::Close);
    reductions(DType::F16, Cmp::Close);
}

#[test]
fn reductions_i32_wrap_pjrt_cpu() {
    let v: Vec<i32> = (0..144)
        .map(|i| (i * 48_271) % 2_000_000_011 - 1_000_000_000)
        .collect();
    for op in [ReduceOp::Sum, ReduceOp::Max, ReduceOp::Min] {
        let vk = row_kernel(
            &format!("reduce_i32_{op:?}"),
            3,
            48,
            &[DType::I32],
            |kb, x| {
                let t = kb.reshape(x[0], &[6, 8]);
                let r = kb.reduce(op, t, 0);
                let b = kb.broadcast(r, &[6, 8], &[1]);
                kb.reshape(b, &[48])
            },
        );
        check(&vk, &row_args(vec![i32s(&[3, 48], v.clone())]), Cmp::Exact);
    }
}

/// `y[p] = a[p] @ b[p]`, `a[p] @ w`, `w2 @ b[p]` and `w2 @ w` (per-program
/// and shared operands, every batching combination).
fn dots(dtype: DType) {
    let (m, k, n) = (4, 32, 16);
    let mut kb = KernelBuilder::new("dots");
    kb.grid(&[3]);
    let a = kb.input("a", dtype, &[3, m, k]);
    let b = kb.input("b", dtype, &[3, k, n]);
    let w = kb.input("w", dtype, &[k, n]);
    let w2 = kb.input("w2", dtype, &[m, k]);
    let p = kb.program_id(0);
    let at = kb.load(a, &[Index::at(p), Index::Full, Index::Full]);
    let bt = kb.load(b, &[Index::at(p), Index::Full, Index::Full]);
    let wt = kb.load(w, &[Index::Full, Index::Full]);
    let w2t = kb.load(w2, &[Index::Full, Index::Full]);
    let products = [
        kb.dot(at, bt),
        kb.dot(at, wt),
        kb.dot(w2t, bt),
        kb.dot(w2t, wt),
    ];
    for (i, v) in products.into_iter().enumerate() {
        let y = kb.output(&format!("y{i}"), DType::F32, &[3, m, n]);
        kb.store(y, &[Index::at(p), Index::Full, Index::Full], v);
    }
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new()
        .tensor("a", random(20, dtype, &[3, m, k], 1.0))
        .tensor("b", random(21, dtype, &[3, k, n], 1.0))
        .tensor("w", random(22, dtype, &[k, n], 1.0))
        .tensor("w2", random(23, dtype, &[m, k], 1.0));
    // f32 accumulation in another order: f32 tolerance on every dtype.
    check(&vk, &args, Cmp::Close);
}

#[test]
fn dot_f32_every_batching_pjrt_cpu() {
    dots(DType::F32);
}

#[test]
fn dot_bf16_and_f16_accumulate_in_f32_pjrt_cpu() {
    dots(DType::Bf16);
    dots(DType::F16);
}

#[test]
fn transpose_and_reshape_pjrt_cpu() {
    let mut kb = KernelBuilder::new("permute");
    kb.grid(&[2]);
    let x = kb.input("x", DType::Bf16, &[2, 2, 3, 4]);
    let y = kb.output("y", DType::Bf16, &[2, 4, 2, 3]);
    let z = kb.output("z", DType::Bf16, &[2, 24]);
    let p = kb.program_id(0);
    let t = kb.load(x, &[Index::at(p), Index::Full, Index::Full, Index::Full]);
    let perm = kb.transpose(t, &[2, 0, 1]);
    kb.store(
        y,
        &[Index::at(p), Index::Full, Index::Full, Index::Full],
        perm,
    );
    let flat = kb.reshape(perm, &[24]);
    kb.store(z, &[Index::at(p), Index::Full], flat);
    let vk = kb.finish().unwrap();
    let v: Vec<f32> = (0..48).map(|i| i as f32 * 0.5).collect();
    check(
        &vk,
        &KernelArgs::new().tensor("x", f32s(DType::Bf16, &[2, 2, 3, 4], &v)),
        Cmp::Exact,
    );
}
