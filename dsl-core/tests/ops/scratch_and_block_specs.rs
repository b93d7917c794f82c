//! Scratch and block specs.

use super::*;

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
