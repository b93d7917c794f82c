//! Memory: prefetch, loads and stores.

use super::*;

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
