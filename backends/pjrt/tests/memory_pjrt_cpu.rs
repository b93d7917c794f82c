//! Differential tests of memory access: prefetch reads, loads and stores at
//! dynamic offsets, masks reaching outside a ref, scalar refs, in/out refs,
//! scratch that persists across programs, and block specs.

mod common;

use common::{bools, check, f32s, i32s, random, Cmp};
use tilekit_core::ir::{AxisSemantics, ConstValue, Index};
use tilekit_core::{DType, KernelArgs, KernelBuilder};
use tilekit_stablehlo::Lowered;

#[test]
fn prefetch_reads_drive_addresses_pjrt_cpu() {
    // y[b, j] = x[table[b, j], :] summed: a gather through a 2-D table.
    let mut kb = KernelBuilder::new("table_gather");
    kb.grid(&[3, 2]);
    let table = kb.prefetch("table", &[3, 2]);
    let x = kb.input("x", DType::F32, &[5, 4]);
    let y = kb.output("y", DType::F32, &[3, 2, 4]);
    let (b, j) = (kb.program_id(0), kb.program_id(1));
    let row = kb.prefetch_read(table, &[b, j]);
    let t = kb.load(x, &[Index::at(row), Index::Full]);
    kb.store(y, &[Index::at(b), Index::at(j), Index::Full], t);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new()
        .tensor("table", i32s(&[3, 2], vec![4, 0, 2, 2, 1, 3]))
        .tensor("x", random(30, DType::F32, &[5, 4], 1.0));
    assert_eq!(
        check(&vk, &args, Cmp::Exact),
        [Lowered::Batched, Lowered::Sequential]
    );
}

#[test]
fn loads_and_stores_with_points_slices_and_full_dims_pjrt_cpu() {
    let mut kb = KernelBuilder::new("windows");
    kb.grid(&[2, 3]);
    let x = kb.input("x", DType::Bf16, &[2, 8, 3, 6]);
    let y = kb.output("y", DType::Bf16, &[3, 2, 4, 6]);
    let (a, c) = (kb.program_id(0), kb.program_id(1));
    let two = kb.i32(2);
    let start = kb.mul(c, two);
    // x[a, 2c .. 2c+4, c, :] -> [4, 6], stored at y[c, a, :, :].
    let t = kb.load(
        x,
        &[
            Index::at(a),
            Index::slice(start, 4),
            Index::at(c),
            Index::Full,
        ],
    );
    let zero = kb.i32(0);
    kb.store(
        y,
        &[
            Index::at(c),
            Index::at(a),
            Index::slice(zero, 4),
            Index::Full,
        ],
        t,
    );
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new().tensor("x", random(31, DType::Bf16, &[2, 8, 3, 6], 1.0));
    check(&vk, &args, Cmp::Exact);
}

#[test]
fn masked_loads_and_stores_reach_outside_the_ref_pjrt_cpu() {
    // Ragged rows of length len[b] copied in tiles of 8 that overhang the
    // end of the ref; masked-off lanes read -5 and are never written.
    let mut kb = KernelBuilder::new("ragged_copy");
    kb.grid(&[3, 2]);
    let lens = kb.prefetch("lens", &[3]);
    let x = kb.input("x", DType::F32, &[3, 13]);
    let y = kb.output("y", DType::F32, &[3, 13]);
    let z = kb.output("z", DType::F32, &[3, 16]);
    let (b, t) = (kb.program_id(0), kb.program_id(1));
    let len = kb.prefetch_read(lens, &[b]);
    let eight = kb.i32(8);
    let start = kb.mul(t, eight);
    let iota = kb.iota(&[8], 0, DType::I32);
    let pos = kb.add(iota, start);
    let keep = kb.lt(pos, len);
    let tile = kb.load_masked(
        x,
        &[Index::at(b), Index::slice(start, 8)],
        keep,
        ConstValue::Float(-5.0),
    );
    kb.store_masked(y, &[Index::at(b), Index::slice(start, 8)], tile, keep);
    kb.store(z, &[Index::at(b), Index::slice(start, 8)], tile);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new()
        .tensor("lens", i32s(&[3], vec![13, 5, 0]))
        .tensor("x", random(32, DType::F32, &[3, 13], 1.0));
    check(&vk, &args, Cmp::Exact);
}

#[test]
fn scalar_refs_and_scalar_params_pjrt_cpu() {
    let mut kb = KernelBuilder::new("scalars");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[]);
    let total = kb.output("total", DType::F32, &[]);
    let count = kb.output("count", DType::I32, &[]);
    let flag = kb.output("flag", DType::Bool, &[]);
    let s = kb.scalar("s", DType::F32);
    let n = kb.scalar("n", DType::I32);
    let on = kb.scalar("on", DType::Bool);
    let xv = kb.load(x, &[]);
    let v = kb.mul(xv, s);
    kb.store(total, &[], v);
    let one = kb.i32(1);
    let m = kb.add(n, one);
    kb.store(count, &[], m);
    let f = kb.not(on);
    kb.store_masked(flag, &[], f, on);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new()
        .tensor("x", f32s(DType::F32, &[], &[1.5]))
        .f32("s", -2.0)
        .i32("n", 41)
        .scalar("on", tilekit_core::ScalarArg::Bool(true));
    check(&vk, &args, Cmp::Exact);
}

#[test]
fn scalar_refs_written_by_one_program_of_many_pjrt_cpu() {
    // Programs 0..4 each compute a value; program 2 alone stores it into a
    // scalar output (through an `if`), program 3 alone through a mask.
    let mut kb = KernelBuilder::new("one_writer");
    kb.grid(&[4]);
    let x = kb.input("x", DType::F32, &[4]);
    let chosen = kb.output("chosen", DType::F32, &[]);
    let masked = kb.output("masked", DType::F32, &[]);
    let p = kb.program_id(0);
    let v = kb.load(x, &[Index::at(p)]);
    let two = kb.i32(2);
    let is_two = kb.eq(p, two);
    kb.if_else(
        is_two,
        |kb| {
            kb.store(chosen, &[], v);
            vec![]
        },
        |_| vec![],
    );
    let three = kb.i32(3);
    let is_three = kb.eq(p, three);
    kb.store_masked(masked, &[], v, is_three);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new().tensor("x", f32s(DType::F32, &[4], &[1.0, 2.0, 3.0, 4.0]));
    assert_eq!(
        check(&vk, &args, Cmp::Exact),
        [Lowered::Batched, Lowered::Sequential]
    );
}

#[test]
fn inout_refs_and_bool_tensors_pjrt_cpu() {
    // acc[r, :] += x[r, :] where mask[r, :]; flags[r, :] = !flags[r, :].
    let mut kb = KernelBuilder::new("update_in_place");
    kb.grid(&[4]);
    let x = kb.input("x", DType::F16, &[4, 6]);
    let mask = kb.input("mask", DType::Bool, &[4, 6]);
    let acc = kb.inout("acc", DType::F16, &[4, 6]);
    let flags = kb.inout("flags", DType::Bool, &[4, 6]);
    let r = kb.program_id(0);
    let row = [Index::at(r), Index::Full];
    let xt = kb.load(x, &row);
    let m = kb.load(mask, &row);
    let a = kb.load(acc, &row);
    let s = kb.add(a, xt);
    kb.store_masked(acc, &row, s, m);
    let f = kb.load(flags, &row);
    let nf = kb.not(f);
    kb.store(flags, &row, nf);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new()
        .tensor("x", random(33, DType::F16, &[4, 6], 1.0))
        .tensor(
            "mask",
            bools(&[4, 6], (0..24).map(|i| i % 3 != 0).collect()),
        )
        .tensor("acc", random(34, DType::F16, &[4, 6], 1.0))
        .tensor(
            "flags",
            bools(&[4, 6], (0..24).map(|i| i % 2 == 0).collect()),
        );
    check(&vk, &args, Cmp::Exact);
}

#[test]
fn scratch_accumulates_across_programs_in_grid_order_pjrt_cpu() {
    // Row sums of x over an arbitrary axis of column blocks, accumulated in
    // scratch and written at the last block; also a running prefix.
    let mut kb = KernelBuilder::new("blocked_rowsum");
    kb.grid_with(
        &[2, 3],
        &[AxisSemantics::Parallel, AxisSemantics::Arbitrary],
    );
    let x = kb.input("x", DType::F32, &[2, 12]);
    let y = kb.output("y", DType::F32, &[2]);
    let prefix = kb.output("prefix", DType::F32, &[2, 3]);
    let acc = kb.scratch("acc", DType::F32, &[1]);
    let (r, c) = (kb.program_id(0), kb.program_id(1));
    let zero = kb.i32(0);
    let first = kb.eq(c, zero);
    kb.if_else(
        first,
        |kb| {
            let z = kb.zeros(&[1], DType::F32);
            let zero = kb.i32(0);
            kb.store(acc, &[Index::slice(zero, 1)], z);
            vec![]
        },
        |_| vec![],
    );
    let four = kb.i32(4);
    let start = kb.mul(c, four);
    let t = kb.load(x, &[Index::at(r), Index::slice(start, 4)]);
    let s = kb.sum(t, 0);
    let s1 = kb.reshape(s, &[1]);
    let a = kb.load(acc, &[Index::slice(zero, 1)]);
    let a2 = kb.add(a, s1);
    kb.store(acc, &[Index::slice(zero, 1)], a2);
    let a2s = kb.reshape(a2, &[]);
    kb.store(prefix, &[Index::at(r), Index::at(c)], a2s);
    let two = kb.i32(2);
    let last = kb.eq(c, two);
    kb.if_else(
        last,
        |kb| {
            kb.store(y, &[Index::at(r)], a2s);
            vec![]
        },
        |_| vec![],
    );
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new().tensor("x", random(35, DType::F32, &[2, 12], 1.0));
    assert_eq!(
        check(&vk, &args, Cmp::Exact),
        [Lowered::Sequential, Lowered::Sequential]
    );
}

#[test]
fn block_specs_offset_every_access_pjrt_cpu() {
    // Pallas-style: program (i, j) sees the [2, 4] block (i, perm[j]) of x
    // and writes the block (i, j) of y, transposed within rows.
    let mut kb = KernelBuilder::new("blocked_copy");
    kb.grid(&[3, 2]);
    let perm = kb.prefetch("perm", &[2]);
    let x = kb.input("x", DType::F32, &[6, 8]);
    let y = kb.output("y", DType::F32, &[6, 8]);
    kb.block_spec(x, &[2, 4], |kb, ids| {
        vec![ids[0], kb.prefetch_read(perm, &[ids[1]])]
    });
    kb.block_spec(y, &[2, 4], |_, ids| vec![ids[0], ids[1]]);
    let t = kb.load(x, &[Index::Full, Index::Full]);
    let neg = kb.neg(t);
    kb.store(y, &[Index::Full, Index::Full], neg);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new()
        .tensor("perm", i32s(&[2], vec![1, 0]))
        .tensor("x", random(36, DType::F32, &[6, 8], 1.0));
    check(&vk, &args, Cmp::Exact);
}
