//! `KernelInfo`: the analysis the verifier hands to backends.

use tilekit_core::ir::{AxisSemantics, Index, OpId};
use tilekit_core::verify::{ErrorKind, Footprint, PipelinedLoad, PipelinedLoop};
use tilekit_core::{BuildError, DType, KernelBuilder, VerifiedKernel};

use AxisSemantics::{Arbitrary, Parallel};

/// A split-K style kernel: grid (rows, k-chunks); the output row depends on
/// axis 0 only, so axis 1 must be arbitrary.
fn split_k(semantics: &[AxisSemantics]) -> Result<VerifiedKernel, BuildError> {
    let mut kb = KernelBuilder::new("split_k");
    kb.grid_with(&[2, 3], semantics);
    let x = kb.input("x", DType::F32, &[2, 3, 4]);
    let y = kb.output("y", DType::F32, &[2, 4]);
    let acc = kb.scratch("acc", DType::F32, &[4]);
    let i = kb.program_id(0);
    let j = kb.program_id(1);
    let v = kb.load(x, &[Index::at(i), Index::at(j), Index::Full]);
    let a = kb.load(acc, &[Index::Full]);
    let s = kb.add(a, v);
    kb.store(acc, &[Index::Full], s);
    kb.store(y, &[Index::at(i), Index::Full], s);
    kb.finish()
}

#[test]
fn parallel_axes_follow_grid_semantics() {
    let info = split_k(&[Parallel, Arbitrary]).unwrap().info().clone();
    assert_eq!(info.parallel_axes, [true, false]);
    let info = split_k(&[Arbitrary, Arbitrary]).unwrap().info().clone();
    assert_eq!(info.parallel_axes, [false, false]);
    // Marking the reduction axis parallel is a race on `y`.
    let e = split_k(&[Parallel, Parallel]).unwrap_err();
    assert_eq!(e.errors.kinds(), [ErrorKind::ParallelRace], "{e}");
    assert!(
        e.errors.0[0]
            .message
            .starts_with("the store to `y` does not depend on program_id(1), so the 3 programs"),
        "{e}"
    );
}

/// Op ids recorded while building [`stream`].
#[derive(Default)]
struct Ids {
    for_op: Option<OpId>,
    four: Option<OpId>,
    off: Option<OpId>,
    load_x: Option<OpId>,
    load_w: Option<OpId>,
    nested: Option<OpId>,
}

/// The id the next op recorded by `b` will get.
fn next(b: &KernelBuilder) -> Option<OpId> {
    Some(OpId(b.kernel().ops.len() as u32))
}

/// `acc += x[4i..4i+4] * w + s (+ w for i < 4)` over i in 0..8, with the
/// loop pipelined `stages` deep.
fn stream(stages: Option<u32>) -> (VerifiedKernel, Ids) {
    let mut ids = Ids::default();
    let mut kb = KernelBuilder::new("stream");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[32]);
    let w = kb.input("w", DType::F32, &[4]);
    let y = kb.output("y", DType::F32, &[4]);
    let s = kb.scratch("s", DType::F32, &[4]);
    kb.scratch("t", DType::Bf16, &[2, 8]);
    let lo = kb.i32(0);
    let hi = kb.i32(8);
    let acc = kb.zeros(&[4], DType::F32);
    let r = kb.for_loop_with(lo, hi, 1, stages, &[acc], |b, i, c| {
        ids.four = next(b);
        let four = b.i32(4);
        ids.off = next(b);
        let off = b.mul(i, four);
        ids.load_x = next(b);
        let xv = b.load(x, &[Index::slice(off, 4)]);
        // Scratch is on chip: never issued ahead.
        let sv = b.load(s, &[Index::Full]);
        ids.load_w = next(b);
        let wv = b.load(w, &[Index::Full]);
        let p = b.mul(xv, wv);
        let p = b.add(p, sv);
        let early = b.lt(i, four);
        // Loads nested in inner regions are not pipelined.
        let extra = b.if_else(
            early,
            |b| {
                ids.nested = next(b);
                vec![b.load(w, &[Index::Full])]
            },
            |b| vec![b.zeros(&[4], DType::F32)],
        );
        let p = b.add(p, extra[0]);
        vec![b.add(c[0], p)]
    });
    ids.for_op = Some(OpId(kb.kernel().ops.len() as u32 - 1));
    kb.store(y, &[Index::Full], r[0]);
    (kb.finish().unwrap(), ids)
}

#[test]
fn pipelined_loops_list_loads_and_address_ops() {
    let (vk, ids) = stream(Some(2));
    let info = vk.info();
    let for_op = ids.for_op.unwrap();
    let load_x = PipelinedLoad {
        op: ids.load_x.unwrap(),
        address_ops: vec![ids.four.unwrap(), ids.off.unwrap()],
    };
    let load_w = PipelinedLoad {
        op: ids.load_w.unwrap(),
        address_ops: vec![],
    };
    let expected = PipelinedLoop {
        op: for_op,
        stages: 2,
        loads: vec![load_x.clone(), load_w],
    };
    assert_eq!(info.pipelined_loops, std::slice::from_ref(&expected));
    assert_eq!(info.pipelined_loop(for_op), Some(&expected));
    assert_eq!(
        info.pipelined_load(ids.load_x.unwrap()),
        Some((&expected, &load_x))
    );
    assert_eq!(info.pipelined_load(ids.nested.unwrap()), None);
    // The printed loop shows its depth.
    assert!(
        vk.to_text()
            .contains("= for %3 = %0 to %1 step 1 pipeline 2 iter(%4 = %2) -> (f32[4]) {"),
        "{}",
        vk.to_text()
    );
}

#[test]
fn unpipelined_loops_are_not_listed() {
    let (vk, ids) = stream(None);
    assert!(vk.info().pipelined_loops.is_empty());
    assert_eq!(vk.info().pipelined_loop(ids.for_op.unwrap()), None);
    assert_eq!(vk.info().pipelined_load(ids.load_x.unwrap()), None);
}

#[test]
fn footprint_counts_scratch_and_multiplies_pipelined_loads() {
    // Scratch: s f32[4] (16 bytes) + t bf16[2, 8] (32 bytes). Loads from
    // device memory: x and w (16 bytes each) at the loop's top level, times
    // the depth when pipelined, and the nested w load (16 bytes) once.
    for (stages, staged) in [(None, 48), (Some(1), 48), (Some(2), 80), (Some(3), 112)] {
        let (vk, _) = stream(stages);
        let f = &vk.info().footprint;
        assert_eq!(
            *f,
            Footprint {
                scratch_bytes: 48,
                staged_load_bytes: staged,
                max_tile_bytes: 16,
            },
            "stages {stages:?}"
        );
        assert_eq!(f.total_bytes(), 48 + staged);
    }
}
