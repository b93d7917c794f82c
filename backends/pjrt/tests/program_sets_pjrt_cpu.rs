//! Program sets on the PJRT CPU plugin: a decode program and a scoring
//! program over one device state (weights, a KV cache, an accumulator),
//! checked against the interpreter's launch list; the shared buffers are
//! donated into whichever program runs and never copied through the host.

mod common;

use common::{client, f32s, i32s};
use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::ir::Index;
use tilekit_core::program::{LoadedProgramSet, Program, ProgramBuilder};
use tilekit_core::{Backend, DType, HostTensor, Interpreter, KernelBuilder, VerifiedKernel};
use tilekit_pjrt::{ExecutableCache, PjrtBackend, PjrtProgramSet};

const D: usize = 8;
const SLOTS: usize = 4;

/// `y = x @ w`.
fn proj() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("proj");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[1, D]);
    let w = kb.input("w", DType::F32, &[D, D]);
    let y = kb.output("y", DType::F32, &[1, D]);
    let xt = kb.load(x, &[Index::Full, Index::Full]);
    let wt = kb.load(w, &[Index::Full, Index::Full]);
    let p = kb.dot(xt, wt);
    kb.store(y, &[Index::Full, Index::Full], p);
    Arc::new(kb.finish().unwrap())
}

/// `cache[pos[0], :] = y[0, :]`, in place.
fn append() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("append");
    kb.grid(&[1]);
    let cache = kb.inout("cache", DType::F32, &[SLOTS, D]);
    let y = kb.input("y", DType::F32, &[1, D]);
    let pos = kb.input("pos", DType::I32, &[1]);
    let zero = kb.i32(0);
    let p = kb.load(pos, &[Index::at(zero)]);
    let row = kb.load(y, &[Index::at(zero), Index::Full]);
    kb.store(cache, &[Index::at(p), Index::Full], row);
    Arc::new(kb.finish().unwrap())
}

/// `o = y + sum(cache, rows)`.
fn attend() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("attend");
    kb.grid(&[1]);
    let cache = kb.input("cache", DType::F32, &[SLOTS, D]);
    let y = kb.input("y", DType::F32, &[1, D]);
    let o = kb.output("o", DType::F32, &[1, D]);
    let c = kb.load(cache, &[Index::Full, Index::Full]);
    let s = kb.sum(c, 0);
    let s = kb.reshape(s, &[1, D]);
    let yt = kb.load(y, &[Index::Full, Index::Full]);
    let r = kb.add(yt, s);
    kb.store(o, &[Index::Full, Index::Full], r);
    Arc::new(kb.finish().unwrap())
}

/// `acc += o`, in place.
fn accumulate() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("accumulate");
    kb.grid(&[1]);
    let acc = kb.inout("acc", DType::F32, &[1, D]);
    let o = kb.input("o", DType::F32, &[1, D]);
    let a = kb.load(acc, &[Index::Full, Index::Full]);
    let b = kb.load(o, &[Index::Full, Index::Full]);
    let r = kb.add(a, b);
    kb.store(acc, &[Index::Full, Index::Full], r);
    Arc::new(kb.finish().unwrap())
}

/// Writes `x @ w` into the cache at `pos` and returns attention over it.
fn decode() -> Arc<Program> {
    let mut p = ProgramBuilder::new("decode");
    let x = p.input("x", DType::F32, &[1, D]);
    let pos = p.input("pos", DType::I32, &[1]);
    let w = p.state("w", DType::F32, &[D, D]);
    let cache = p.state("cache", DType::F32, &[SLOTS, D]);
    let c = p.call(&proj(), &[("x", x.into()), ("w", w.into())]);
    let y = p.out(c, "y");
    p.call(
        &append(),
        &[
            ("cache", cache.into()),
            ("y", y.into()),
            ("pos", pos.into()),
        ],
    );
    let c = p.call(&attend(), &[("cache", cache.into()), ("y", y.into())]);
    let o = p.out(c, "o");
    p.output(o);
    Arc::new(p.finish().unwrap())
}

/// Reads the cache (declared in another order than `decode` does) and
/// adds the score into `acc`, which `decode` does not know.
fn score() -> Arc<Program> {
    let mut p = ProgramBuilder::new("score");
    let acc = p.state("acc", DType::F32, &[1, D]);
    let cache = p.state("cache", DType::F32, &[SLOTS, D]);
    let q = p.input("q", DType::F32, &[1, D]);
    let c = p.call(&attend(), &[("cache", cache.into()), ("y", q.into())]);
    let o = p.out(c, "o");
    p.call(&accumulate(), &[("acc", acc.into()), ("o", o.into())]);
    p.output(acc);
    Arc::new(p.finish().unwrap())
}

fn weights() -> BTreeMap<String, HostTensor> {
    let w: Vec<f32> = (0..D * D)
        .map(|i| ((i * 7) % 11) as f32 / 11.0 - 0.4)
        .collect();
    BTreeMap::from([("w".to_string(), f32s(DType::F32, &[D, D], &w))])
}

fn row(step: usize, scale: f32) -> HostTensor {
    let x: Vec<f32> = (0..D).map(|i| (i + step) as f32 * scale - 1.0).collect();
    f32s(DType::F32, &[1, D], &x)
}

fn close(what: &str, got: &HostTensor, want: &HostTensor) {
    assert_eq!(got.shape(), want.shape(), "{what}");
    for (i, (g, w)) in got.to_f64_vec().iter().zip(want.to_f64_vec()).enumerate() {
        assert!(
            (g - w).abs() <= 1e-5 * w.abs().max(1.0),
            "{what}[{i}]: PJRT {g}, interpreter {w}"
        );
    }
}

fn backend() -> PjrtBackend {
    PjrtBackend::with_cache(client(), "pjrt-cpu", ExecutableCache::disabled())
}

/// Runs decode and score alternately on both sets, comparing outputs.
fn interleave(on_pjrt: &mut dyn LoadedProgramSet, on_interp: &mut dyn LoadedProgramSet) {
    for step in 0..2 * SLOTS + 1 {
        let (x, pos) = (row(step, 0.25), i32s(&[1], vec![(step % SLOTS) as i32]));
        let (which, inputs) = if step % 3 == 2 {
            (1, vec![("q", &x)])
        } else {
            (0, vec![("x", &x), ("pos", &pos)])
        };
        let got = on_pjrt.execute(which, &inputs).unwrap();
        let want = on_interp.execute(which, &inputs).unwrap();
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>()
        );
        for (b, w) in &want {
            close(&format!("step {step}: program {which}"), &got[b], w);
        }
    }
}

#[test]
fn programs_share_device_state_like_the_interpreter() {
    let programs = [decode(), score()];
    let pjrt = backend();
    let mut on_pjrt = pjrt.load_program_set(&programs, weights()).unwrap();
    let mut on_interp = Interpreter.load_program_set(&programs, weights()).unwrap();
    interleave(&mut *on_pjrt, &mut *on_interp);
    for name in ["w", "cache", "acc"] {
        close(
            name,
            &on_pjrt.read_state(name).unwrap(),
            &on_interp.read_state(name).unwrap(),
        );
    }
}

#[test]
fn shared_state_is_donated_into_whichever_program_runs() {
    let programs = [decode(), score()];
    let pjrt = backend();
    let mut on_pjrt = pjrt.load_set(&programs, weights()).unwrap();
    // One executable per program, each in its own parameter order.
    assert!(on_pjrt
        .module(0)
        .unwrap()
        .text
        .contains("tf.aliasing_output"));
    assert!(on_pjrt.module(1).is_some() && on_pjrt.module(2).is_none());
    let addr =
        |s: &PjrtProgramSet, name: &str| s.state_on_device(name).unwrap().device_address().unwrap();
    let names = ["cache", "acc", "w"];
    let before: Vec<usize> = names.iter().map(|n| addr(&on_pjrt, n)).collect();
    let mut on_interp = Interpreter.load_program_set(&programs, weights()).unwrap();
    interleave(&mut on_pjrt, &mut *on_interp);
    let after: Vec<usize> = names.iter().map(|n| addr(&on_pjrt, n)).collect();
    // XLA wrote both programs' results into the donated buffers: the
    // cache and the accumulator never moved, whichever program updated
    // them, and the weights (aliased, never written) were not copied.
    assert_eq!(before, after);
    for name in names {
        close(
            name,
            &on_pjrt.read_state(name).unwrap(),
            &on_interp.read_state(name).unwrap(),
        );
    }
}

#[test]
fn rows_written_to_the_set_are_seen_by_every_program() {
    let programs = [decode(), score()];
    let pjrt = backend();
    // Nothing given: every buffer starts as zeros made on the device.
    let mut on_pjrt = pjrt.load_program_set(&programs, BTreeMap::new()).unwrap();
    let mut on_interp = Interpreter
        .load_program_set(&programs, BTreeMap::new())
        .unwrap();
    let w = weights().remove("w").unwrap().to_f32_vec();
    for half in 0..2 {
        let rows = f32s(
            DType::F32,
            &[D / 2, D],
            &w[half * D * D / 2..(half + 1) * D * D / 2],
        );
        for set in [&mut on_pjrt, &mut on_interp] {
            set.write_state_rows("w", half * D / 2, &rows).unwrap();
        }
    }
    let cache_row = row(5, 0.5);
    for set in [&mut on_pjrt, &mut on_interp] {
        set.write_state_rows("cache", 1, &cache_row).unwrap();
    }
    interleave(&mut *on_pjrt, &mut *on_interp);
    for name in ["w", "cache", "acc"] {
        close(
            name,
            &on_pjrt.read_state(name).unwrap(),
            &on_interp.read_state(name).unwrap(),
        );
    }
}

#[test]
fn bad_sets_indices_and_names_are_errors_that_keep_the_state() {
    let pjrt = backend();
    let mut narrow = ProgramBuilder::new("narrow");
    narrow.state("cache", DType::F32, &[SLOTS, D / 2]);
    let narrow = Arc::new(narrow.finish().unwrap());
    let err = pjrt
        .load_program_set(&[decode(), score(), narrow], BTreeMap::new())
        .err()
        .unwrap()
        .to_string();
    for want in [
        "state `cache` is f32[4, 8] in program 0 (`decode`",
        "but f32[4, 4] in program 2 (`narrow`",
    ] {
        assert!(err.contains(want), "missing {want:?} in: {err}");
    }

    let programs = [decode(), score()];
    let mut state = weights();
    state.insert("nope".into(), f32s(DType::F32, &[1], &[0.0]));
    let err = pjrt
        .load_program_set(&programs, state)
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("none of the programs has a state buffer named `nope`"),
        "{err}"
    );

    let mut set = pjrt.load_program_set(&programs, weights()).unwrap();
    let q = row(0, 0.5);
    let err = set.execute(2, &[("q", &q)]).unwrap_err().to_string();
    assert!(err.contains("there is no program 2"), "{err}");
    let err = set.execute(0, &[("q", &q)]).unwrap_err().to_string();
    assert!(
        err.contains("program `decode`") && err.contains("input `x`"),
        "{err}"
    );
    let err = set.read_state("q").unwrap_err().to_string();
    assert!(err.contains("has a state buffer named `q`"), "{err}");
    // None of that touched the state: the next execution runs.
    let out = set.execute(1, &[("q", &q)]).unwrap();
    close(
        "acc",
        out.values().next().unwrap(),
        &set.read_state("acc").unwrap(),
    );
    close("w", &set.read_state("w").unwrap(), &weights()["w"]);
}
