//! Every op family of the IR through the Mosaic lowering and libtpu:
//! math and casts, comparisons and selects, iota, reductions to rows and
//! to scalars, scratch on an arbitrary axis, branches, plain and pipelined
//! loops, masked VMEM stores, transposes, prefetch-driven windows, in/out
//! windows and runtime scalars.

mod common;

use common::compiles_everywhere;
use tilekit_core::ir::{AxisSemantics, ConstValue, Index, Type};
use tilekit_core::{DType, KernelBuilder};

const F: Index = Index::Full;

#[test]
fn math_casts_compares_and_reductions() {
    let mut kb = KernelBuilder::new("math");
    kb.grid(&[2]);
    let x = kb.input("x", DType::F32, &[2, 8, 128]);
    let w = kb.input("w", DType::Bf16, &[2, 16, 128]);
    let y = kb.output("y", DType::F32, &[2, 8, 128]);
    let z = kb.output("z", DType::I32, &[2, 8, 1]);
    let alpha = kb.scalar("alpha", DType::F32);
    let p = kb.program_id(0);
    let t = kb.load(x, &[Index::at(p), F, F]);
    let wb = kb.load(w, &[Index::at(p), F, F]);
    let wb = kb.exp(wb); // bf16 math, computed in f32
    let wf = kb.cast(wb, DType::F32);
    let wtop = kb.reshape(wf, &[2, 8, 128]);
    let wtop = kb.sum(wtop, 0);
    let i = kb.iota(&[8, 128], 1, DType::I32);
    let fi = kb.cast(i, DType::F32);
    let gt = kb.gt(t, fi);
    let s = kb.select(gt, t, wtop);
    let a = kb.broadcast(alpha, &[8, 128], &[]);
    let mx = kb.max(s, a);
    let mn = kb.min(mx, fi);
    let l = kb.abs(mn);
    let l = kb.sqrt(l);
    let l = kb.neg(l);
    let rows = kb.reduce_max(l, 1); // [8]
    let total = kb.sum(rows, 0); // scalar
    let tb = kb.broadcast(total, &[8, 128], &[]);
    let out = kb.sub(l, tb);
    kb.store(y, &[Index::at(p), F, F], out);
    let ci = kb.cast(rows, DType::I32);
    let two = kb.constant(ConstValue::Int(2), Type::tile(DType::I32, &[8]));
    let q = kb.div(ci, two);
    let q = kb.rem(q, two);
    let ne = kb.ne(q, two);
    let nb = kb.not(ne);
    let qi = kb.cast(nb, DType::I32);
    let col = kb.reshape(qi, &[8, 1]);
    kb.store(z, &[Index::at(p), F, F], col);
    compiles_everywhere(&kb.finish().unwrap());
}

#[test]
fn scratch_branches_loops_and_masked_stores() {
    let mut kb = KernelBuilder::new("control");
    kb.grid_with(&[4], &[AxisSemantics::Arbitrary]);
    let lens = kb.prefetch("lens", &[4]);
    let x = kb.input("x", DType::F32, &[4, 8, 128]);
    let y = kb.output("y", DType::F32, &[8, 128]);
    let acc = kb.scratch("acc", DType::F32, &[8, 128]);
    // y is one VMEM window every program revisits (a masked store needs VMEM).
    kb.block_spec(y, &[8, 128], |b, _| vec![b.i32(0), b.i32(0)]);
    let p = kb.program_id(0);
    let n = kb.prefetch_read(lens, &[p]);
    let zero = kb.i32(0);
    let init = kb.zeros(&[8, 128], DType::F32);
    // A pipelined loop over the rows of x with a carried sum.
    let sum = kb.pipeline(zero, n, 2, &[init], |b, j, carried| {
        let t = b.load(x, &[Index::at(j), F, F]);
        vec![b.add(carried[0], t)]
    })[0];
    let prev = kb.load(acc, &[F, F]);
    let next = kb.add(prev, sum);
    let big = kb.gt(n, zero);
    let r = kb.if_else(
        big,
        |b| {
            let tr = b.t(next);
            vec![b.t(tr)]
        },
        |_| vec![prev],
    )[0];
    kb.store(acc, &[F, F], r);
    // Only the lower-left triangle of y is written.
    let i = kb.iota(&[8, 128], 0, DType::I32);
    let j = kb.iota(&[8, 128], 1, DType::I32);
    let lower = kb.le(j, i);
    kb.store_masked(y, &[F, F], r, lower);
    compiles_everywhere(&kb.finish().unwrap());
}

#[test]
fn prefetch_driven_windows_and_inout_windows() {
    let mut kb = KernelBuilder::new("windows");
    kb.grid(&[2, 2]);
    let order = kb.prefetch("order", &[2]);
    let x = kb.input("x", DType::Bf16, &[32, 256]);
    let y = kb.inout("y", DType::F32, &[16, 256]);
    // x's row block comes from a prefetch array (a block table).
    kb.block_spec(x, &[16, 128], |b, ids| {
        vec![b.prefetch_read(order, &[ids[0]]), ids[1]]
    });
    kb.block_spec(y, &[8, 128], |_, ids| vec![ids[0], ids[1]]);
    let zero = kb.i32(0);
    let t = kb.load(x, &[Index::slice(zero, 8), F]);
    let t = kb.cast(t, DType::F32);
    let old = kb.load(y, &[F, F]);
    let s = kb.add(old, t);
    kb.store(y, &[F, F], s);
    compiles_everywhere(&kb.finish().unwrap());
}
