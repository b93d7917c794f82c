//! Interpreter runtime errors: `interp::run` reports (never panics) with the
//! kernel, the program id, the op, its source line and the problem.

use crate::common::{at, exec_error, f32s, iota_f32};
use tilekit_core::interp::run;
use tilekit_core::ir::{ConstValue, Index};
use tilekit_core::{DType, HostTensor, KernelArgs, KernelBuilder};

#[test]
fn load_past_the_end_is_reported() {
    let mut kb = KernelBuilder::new("tail_load");
    kb.grid(&[3]);
    let x = kb.input("x", DType::F32, &[8]);
    let y = kb.output("y", DType::F32, &[12]);
    let pid = kb.program_id(0);
    let four = kb.i32(4);
    let off = kb.mul(pid, four);
    kb.set_name(off, "off");
    let line = line!() + 1;
    let v = kb.load(x, &[Index::slice(off, 4)]);
    kb.store(y, &[Index::slice(off, 4)], v);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new().tensor("x", f32s(&[8], &iota_f32(8)));
    let e = run(&vk, &args).unwrap_err();
    assert_eq!(
        exec_error(e, &[2]),
        format!(
            "kernel `tail_load`, program [2], op `%3 = load @x[%off.2:+4] : f32[4]` at {}: \
             out-of-bounds load from `x`: window [8..12] is outside shape [8] (dim 0: 8..12 not \
             within 0..8)",
            at(file!(), line, "load(")
        )
    );
}

#[test]
fn load_at_a_negative_index_is_reported() {
    let mut kb = KernelBuilder::new("shifted_load");
    kb.grid(&[2]);
    let x = kb.input("x", DType::F32, &[8]);
    let y = kb.output("y", DType::F32, &[8]);
    let pid = kb.program_id(0);
    let four = kb.i32(4);
    let off = kb.mul(pid, four);
    let one = kb.i32(1);
    let prev = kb.sub(off, one);
    kb.set_name(prev, "prev");
    let line = line!() + 1;
    let v = kb.load(x, &[Index::slice(prev, 4)]);
    kb.store(y, &[Index::slice(off, 4)], v);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new().tensor("x", f32s(&[8], &iota_f32(8)));
    let e = run(&vk, &args).unwrap_err();
    assert_eq!(
        exec_error(e, &[0]),
        format!(
            "kernel `shifted_load`, program [0], op `%5 = load @x[%prev.4:+4] : f32[4]` at {}: \
             out-of-bounds load from `x`: window [-1..3] is outside shape [8] (dim 0: -1..3 not \
             within 0..8)",
            at(file!(), line, "load(")
        )
    );
}

#[test]
fn store_past_the_end_is_reported() {
    let mut kb = KernelBuilder::new("tail_store");
    kb.grid(&[3]);
    let x = kb.input("x", DType::F32, &[12]);
    let y = kb.output("y", DType::F32, &[8]);
    let pid = kb.program_id(0);
    let four = kb.i32(4);
    let off = kb.mul(pid, four);
    kb.set_name(off, "off");
    let v = kb.load(x, &[Index::slice(off, 4)]);
    let line = line!() + 1;
    kb.store(y, &[Index::slice(off, 4)], v);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new().tensor("x", f32s(&[12], &iota_f32(12)));
    let e = run(&vk, &args).unwrap_err();
    assert_eq!(
        exec_error(e, &[2]),
        format!(
            "kernel `tail_store`, program [2], op `store %3 -> @y[%off.2:+4]` at {}: \
             out-of-bounds store to `y`: window [8..12] is outside shape [8] (dim 0: 8..12 not \
             within 0..8)",
            at(file!(), line, "store(")
        )
    );
}

/// The tail program of a length-6 vector in blocks of 4: the masked-off
/// lanes are out of bounds, read `other` and are never touched.
#[test]
fn masked_off_lanes_may_be_out_of_bounds() {
    let mut kb = KernelBuilder::new("masked_tail");
    kb.grid(&[2]);
    let x = kb.input("x", DType::F32, &[6]);
    let y = kb.output("y", DType::F32, &[8]);
    let z = kb.output("z", DType::F32, &[6]);
    let pid = kb.program_id(0);
    let four = kb.i32(4);
    let off = kb.mul(pid, four);
    let lanes = kb.iota(&[4], 0, DType::I32);
    let idx = kb.add(lanes, off);
    let six = kb.i32(6);
    let mask = kb.lt(idx, six);
    let v = kb.load_masked(x, &[Index::slice(off, 4)], mask, ConstValue::Float(-1.0));
    kb.store(y, &[Index::slice(off, 4)], v);
    kb.store_masked(z, &[Index::slice(off, 4)], v, mask);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new().tensor("x", f32s(&[6], &iota_f32(6)));
    let out = run(&vk, &args).unwrap();
    assert_eq!(
        out["y"].as_f32().unwrap(),
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, -1.0, -1.0]
    );
    assert_eq!(out["z"].as_f32().unwrap(), &iota_f32(6)[..]);
}

#[test]
fn prefetch_read_out_of_range_is_reported() {
    let mut kb = KernelBuilder::new("pages");
    kb.grid(&[3]);
    let table = kb.prefetch("page_table", &[2]);
    let y = kb.output("y", DType::I32, &[3]);
    let pid = kb.program_id(0);
    let line = line!() + 1;
    let page = kb.prefetch_read(table, &[pid]);
    kb.store(y, &[Index::at(pid)], page);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new().tensor(
        "page_table",
        HostTensor::from_i32(&[2], vec![5, 7]).unwrap(),
    );
    let e = run(&vk, &args).unwrap_err();
    assert_eq!(
        exec_error(e, &[2]),
        format!(
            "kernel `pages`, program [2], op `%1 = prefetch.read @page_table[%0] : i32` at {}: \
             out-of-range read of prefetch array `page_table`: window [2] is outside shape [2] \
             (dim 0: 2..3 not within 0..2)",
            at(file!(), line, "prefetch_read(")
        )
    );
}

#[test]
fn integer_division_by_zero_is_reported() {
    let mut kb = KernelBuilder::new("int_div");
    kb.grid(&[1]);
    let x = kb.input("x", DType::I32, &[4]);
    let y = kb.output("y", DType::I32, &[4]);
    let d = kb.scalar("d", DType::I32);
    let v = kb.load(x, &[Index::Full]);
    let line = line!() + 1;
    let q = kb.div(v, d);
    kb.store(y, &[Index::Full], q);
    let vk = kb.finish().unwrap();
    let x_host = HostTensor::from_i32(&[4], vec![7, 8, 9, 10]).unwrap();
    let ok = KernelArgs::new().tensor("x", x_host.clone()).i32("d", 2);
    assert_eq!(run(&vk, &ok).unwrap()["y"].as_i32().unwrap(), &[3, 4, 4, 5]);
    let args = KernelArgs::new().tensor("x", x_host).i32("d", 0);
    let e = run(&vk, &args).unwrap_err();
    assert_eq!(
        exec_error(e, &[0]),
        format!(
            "kernel `int_div`, program [0], op `%3 = div %1, %2 : i32[4]` at {}: integer \
             division of 7 by zero",
            at(file!(), line, "div(")
        )
    );
}

#[test]
fn block_spec_pointing_outside_the_array_is_reported() {
    let mut kb = KernelBuilder::new("blocks");
    kb.grid(&[3]);
    let line = line!() + 1;
    let x = kb.input("x", DType::F32, &[8]);
    let y = kb.output("y", DType::F32, &[12]);
    kb.block_spec(x, &[4], |_, ids| vec![ids[0]]);
    kb.block_spec(y, &[4], |_, ids| vec![ids[0]]);
    let v = kb.load(x, &[Index::Full]);
    kb.store(y, &[Index::Full], v);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new().tensor("x", f32s(&[8], &iota_f32(8)));
    let e = run(&vk, &args).unwrap_err();
    assert_eq!(
        exec_error(e, &[2]),
        format!(
            "kernel `blocks`, program [2], op `index_map of @x` at {}: the index map puts the \
             [4] block at element offset [8], outside shape [8]",
            at(file!(), line, "input(")
        )
    );
}

/// `buf[i + 1] = buf[i] + 1` for i in 0..7: a running count.
fn running_count(stages: Option<u32>, line: &mut u32) -> tilekit_core::VerifiedKernel {
    let mut kb = KernelBuilder::new("running");
    kb.grid(&[1]);
    let buf = kb.inout("buf", DType::F32, &[8]);
    let lo = kb.i32(0);
    let hi = kb.i32(7);
    kb.for_loop_with(lo, hi, 1, stages, &[], |b, i, _| {
        b.set_name(i, "i");
        let v = b.load(buf, &[Index::at(i)]);
        let one = b.f32(1.0);
        let w = b.add(v, one);
        let one = b.i32(1);
        let next = b.add(i, one);
        *line = line!() + 1;
        b.store(buf, &[Index::at(next)], w);
        vec![]
    });
    kb.finish().unwrap()
}

#[test]
fn pipelined_stale_read_is_reported() {
    let mut line = 0;
    let vk = running_count(Some(2), &mut line);
    let args = KernelArgs::new().tensor("buf", f32s(&[8], &[10.0; 8]));
    let e = run(&vk, &args).unwrap_err();
    assert_eq!(
        exec_error(e, &[0]),
        format!(
            "kernel `running`, program [0], op `store %5 -> @buf[%7]` at {}: this store writes \
             [1] of `buf`, which the pipelined load `%3 = load @buf[%i.2] : f32` already read \
             ahead for iteration 1; that load would see stale data (drop `pipeline`, or store \
             elsewhere)",
            at(file!(), line, "store(")
        )
    );
}

#[test]
fn the_same_loop_without_pipelining_runs() {
    let mut line = 0;
    let vk = running_count(None, &mut line);
    let args = KernelArgs::new().tensor("buf", f32s(&[8], &[10.0; 8]));
    let out = run(&vk, &args).unwrap();
    let want: Vec<f32> = (10..18).map(|v| v as f32).collect();
    assert_eq!(out["buf"].as_f32().unwrap(), &want[..]);
}

/// Three stages: the load for iteration i + 2 is in flight while iteration i
/// stores to buf[i + 2].
#[test]
fn three_stage_stale_read_names_the_iteration() {
    let mut kb = KernelBuilder::new("skip");
    kb.grid(&[1]);
    let buf = kb.inout("buf", DType::F32, &[8]);
    let lo = kb.i32(0);
    let hi = kb.i32(6);
    kb.pipeline(lo, hi, 3, &[], |b, i, _| {
        let v = b.load(buf, &[Index::at(i)]);
        let two = b.i32(2);
        let ahead = b.add(i, two);
        b.store(buf, &[Index::at(ahead)], v);
        vec![]
    });
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new().tensor("buf", f32s(&[8], &iota_f32(8)));
    let e = exec_error(run(&vk, &args).unwrap_err(), &[0]);
    assert!(
        e.contains("this store writes [2] of `buf`, which the pipelined load `%3 = load @buf[%2] : f32` already read ahead for iteration 2;"),
        "{e}"
    );
}

/// Pipelining a hazard-free loop (each iteration reads and writes only its
/// own element) does not change its results.
#[test]
fn pipelining_a_hazard_free_loop_keeps_its_results() {
    let build = |stages: Option<u32>| {
        let mut kb = KernelBuilder::new("scale_in_place");
        kb.grid(&[1]);
        let buf = kb.inout("buf", DType::F32, &[8]);
        let lo = kb.i32(0);
        let hi = kb.i32(8);
        kb.for_loop_with(lo, hi, 1, stages, &[], |b, i, _| {
            let v = b.load(buf, &[Index::at(i)]);
            let w = b.mul(v, v);
            b.store(buf, &[Index::at(i)], w);
            vec![]
        });
        kb.finish().unwrap()
    };
    let args = KernelArgs::new().tensor("buf", f32s(&[8], &iota_f32(8)));
    let want: Vec<f32> = iota_f32(8).iter().map(|v| v * v).collect();
    for stages in [None, Some(1), Some(2), Some(4)] {
        let out = run(&build(stages), &args).unwrap();
        assert_eq!(out["buf"].as_f32().unwrap(), &want[..], "stages {stages:?}");
    }
}
