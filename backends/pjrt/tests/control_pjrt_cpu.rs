//! Differential tests of control flow and grids: loops with carried values
//! (uniform and per-program trip counts, steps, nesting, pipelining),
//! conditionals (uniform and per-program), 3-D grids, and chains of
//! kernels in one module.

mod common;

use common::{check, check_outputs, client, i32s, random, Cmp};
use tilekit_core::ir::Index;
use tilekit_core::{interp, DType, KernelArgs, KernelBuilder, VerifiedKernel};
use tilekit_pjrt::PjrtKernel;
use tilekit_stablehlo::{lower_chain, GridStrategy, Lowered};

/// Program `b` sums rows `lo[b] .. hi[b]` (step `step`) of x into y[b],
/// and counts them; `pipeline` issues the row loads ahead.
fn strided_row_sum(step: u32, stages: Option<u32>) -> VerifiedKernel {
    let mut kb = KernelBuilder::new("row_sums");
    kb.grid(&[4]);
    let lo = kb.prefetch("lo", &[4]);
    let hi = kb.prefetch("hi", &[4]);
    let x = kb.input("x", DType::Bf16, &[16, 8]);
    let y = kb.output("y", DType::F32, &[4, 8]);
    let n = kb.output("n", DType::I32, &[4]);
    let b = kb.program_id(0);
    let (l, h) = (kb.prefetch_read(lo, &[b]), kb.prefetch_read(hi, &[b]));
    let acc0 = kb.zeros(&[8], DType::F32);
    let count0 = kb.i32(0);
    let out = kb.for_loop_with(l, h, step, stages, &[acc0, count0], |kb, i, c| {
        let row = kb.load(x, &[Index::at(i), Index::Full]);
        let row = kb.cast(row, DType::F32);
        let one = kb.i32(1);
        vec![kb.add(c[0], row), kb.add(c[1], one)]
    });
    kb.store(y, &[Index::at(b), Index::Full], out[0]);
    kb.store(n, &[Index::at(b)], out[1]);
    kb.finish().unwrap()
}

fn row_sum_args() -> KernelArgs {
    KernelArgs::new()
        .tensor("lo", i32s(&[4], vec![0, 3, 7, 16]))
        .tensor("hi", i32s(&[4], vec![16, 4, 7, 10]))
        .tensor("x", random(40, DType::Bf16, &[16, 8], 1.0))
}

#[test]
fn loops_with_per_program_trip_counts_pjrt_cpu() {
    let how = check(&strided_row_sum(1, None), &row_sum_args(), Cmp::Exact);
    assert_eq!(how, [Lowered::Batched, Lowered::Sequential]);
}

#[test]
fn loops_with_steps_pjrt_cpu() {
    check(&strided_row_sum(3, None), &row_sum_args(), Cmp::Exact);
    check(&strided_row_sum(7, None), &row_sum_args(), Cmp::Exact);
}

#[test]
fn pipelined_loops_match_plain_ones_pjrt_cpu() {
    for stages in [1, 2, 3] {
        check(
            &strided_row_sum(1, Some(stages)),
            &row_sum_args(),
            Cmp::Exact,
        );
    }
}

#[test]
fn loops_with_uniform_bounds_and_nested_loops_pjrt_cpu() {
    // y[p] = sum_{i<3} sum_{j<p+1} x[p, i, j] * (i + 1), with an inner loop
    // whose trip count depends on the program and an outer one that does not.
    let mut kb = KernelBuilder::new("nested");
    kb.grid(&[4]);
    let x = kb.input("x", DType::F32, &[4, 3, 4]);
    let y = kb.output("y", DType::F32, &[4]);
    let p = kb.program_id(0);
    let zero = kb.i32(0);
    let three = kb.i32(3);
    let one = kb.i32(1);
    let inner_hi = kb.add(p, one);
    let acc0 = kb.f32(0.0);
    let out = kb.for_loop(zero, three, &[acc0], |kb, i, c| {
        let z = kb.i32(0);
        let inner = kb.for_loop(z, inner_hi, &[c[0]], |kb, j, c2| {
            let v = kb.load(x, &[Index::at(p), Index::at(i), Index::at(j)]);
            let one = kb.i32(1);
            let w = kb.add(i, one);
            let wf = kb.cast(w, DType::F32);
            let t = kb.mul(v, wf);
            vec![kb.add(c2[0], t)]
        });
        vec![inner[0]]
    });
    kb.store(y, &[Index::at(p)], out[0]);
    let vk = kb.finish().unwrap();
    check(
        &vk,
        &KernelArgs::new().tensor("x", random(41, DType::F32, &[4, 3, 4], 1.0)),
        Cmp::Close,
    );
}

#[test]
fn conditionals_uniform_and_per_program_pjrt_cpu() {
    // A per-program branch yields a value and stores in one arm; a uniform
    // branch (on a scalar argument) picks a scale.
    let mut kb = KernelBuilder::new("branches");
    kb.grid(&[5]);
    let x = kb.input("x", DType::F32, &[5, 4]);
    let y = kb.output("y", DType::F32, &[5, 4]);
    let odd_rows = kb.output("odd_rows", DType::F32, &[5, 4]);
    let flip = kb.scalar("flip", DType::Bool);
    let p = kb.program_id(0);
    let t = kb.load(x, &[Index::at(p), Index::Full]);
    let two = kb.i32(2);
    let parity = kb.rem(p, two);
    let one = kb.i32(1);
    let odd = kb.eq(parity, one);
    let picked = kb.if_else(
        odd,
        |kb| {
            kb.store(odd_rows, &[Index::at(p), Index::Full], t);
            vec![kb.neg(t)]
        },
        |kb| {
            let c = kb.f32(10.0);
            vec![kb.add(t, c)]
        },
    );
    let scale = kb.if_else(flip, |kb| vec![kb.f32(-1.0)], |kb| vec![kb.f32(3.0)]);
    let r = kb.mul(picked[0], scale[0]);
    kb.store(y, &[Index::at(p), Index::Full], r);
    let vk = kb.finish().unwrap();
    for f in [true, false] {
        let args = KernelArgs::new()
            .tensor("x", random(42, DType::F32, &[5, 4], 1.0))
            .scalar("flip", tilekit_core::ScalarArg::Bool(f));
        check(&vk, &args, Cmp::Exact);
    }
}

#[test]
fn three_dimensional_grids_pjrt_cpu() {
    let mut kb = KernelBuilder::new("grid3");
    kb.grid(&[2, 3, 4]);
    let y = kb.output("y", DType::I32, &[2, 3, 4]);
    let (a, b, c) = (kb.program_id(0), kb.program_id(1), kb.program_id(2));
    let hundred = kb.i32(100);
    let ten = kb.i32(10);
    let a100 = kb.mul(a, hundred);
    let b10 = kb.mul(b, ten);
    let s = kb.add(a100, b10);
    let s = kb.add(s, c);
    kb.store(y, &[Index::at(a), Index::at(b), Index::at(c)], s);
    let vk = kb.finish().unwrap();
    check(&vk, &KernelArgs::new(), Cmp::Exact);
}

#[test]
fn chains_of_kernels_share_tensors_by_name_pjrt_cpu() {
    // Kernel 1 squares x into h; kernel 2 adds x to h's row sums: one
    // module, run against the interpreter running the two in turn.
    let square = {
        let mut kb = KernelBuilder::new("square");
        kb.grid(&[3]);
        let x = kb.input("x", DType::F32, &[3, 4]);
        let h = kb.output("h", DType::F32, &[3, 4]);
        let r = kb.program_id(0);
        let t = kb.load(x, &[Index::at(r), Index::Full]);
        let sq = kb.mul(t, t);
        kb.store(h, &[Index::at(r), Index::Full], sq);
        kb.finish().unwrap()
    };
    let combine = {
        let mut kb = KernelBuilder::new("combine");
        kb.grid(&[3]);
        let h = kb.input("h", DType::F32, &[3, 4]);
        let x = kb.input("x", DType::F32, &[3, 4]);
        let out = kb.output("out", DType::F32, &[3]);
        let r = kb.program_id(0);
        let ht = kb.load(h, &[Index::at(r), Index::Full]);
        let xt = kb.load(x, &[Index::at(r), Index::Full]);
        let s = kb.add(ht, xt);
        let total = kb.sum(s, 0);
        kb.store(out, &[Index::at(r)], total);
        kb.finish().unwrap()
    };
    let x = random(43, DType::F32, &[3, 4], 1.0);
    let mut want = interp::run(&square, &KernelArgs::new().tensor("x", x.clone())).unwrap();
    let second = KernelArgs::new()
        .tensor("x", x.clone())
        .tensor("h", want["h"].clone());
    want.extend(interp::run(&combine, &second).unwrap());
    for strategy in [GridStrategy::Auto, GridStrategy::Sequential] {
        let module = lower_chain(&[&square, &combine], strategy).unwrap();
        assert_eq!(
            module.signature.params.len(),
            1,
            "only x comes from outside"
        );
        let k = PjrtKernel::compile_module(&client(), module).unwrap();
        let got = k.run(&KernelArgs::new().tensor("x", x.clone())).unwrap();
        check_outputs(&got, &want, Cmp::Close, "square -> combine");
    }
}
