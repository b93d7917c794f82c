//! Control flow.

use super::*;

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
