//! Programs on the PJRT CPU plugin: one executable per program, state kept
//! on the device (donated into each execution), checked against the
//! interpreter's launch list; and the on-disk executable cache.

mod common;

use common::{client, f32s, i32s};
use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::ir::Index;
use tilekit_core::program::{Arg, BufferId, LoadedProgram, Program, ProgramBuilder};
use tilekit_core::{Backend, DType, HostTensor, Interpreter, KernelBuilder, VerifiedKernel};
use tilekit_pjrt::{CacheOutcome, Client, ExecutableCache, PjrtBackend, Plugin};

const D: usize = 8;
const SLOTS: usize = 4;

/// `y = (x @ w) * scale`.
fn proj() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("proj");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[1, D]);
    let w = kb.input("w", DType::F32, &[D, D]);
    let y = kb.output("y", DType::F32, &[1, D]);
    let scale = kb.scalar("scale", DType::F32);
    let xt = kb.load(x, &[Index::Full, Index::Full]);
    let wt = kb.load(w, &[Index::Full, Index::Full]);
    let p = kb.dot(xt, wt);
    let p = kb.mul(p, scale);
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

/// Two "layers" of the same four kernels, each with its own KV cache.
fn decode_program() -> (Arc<Program>, BufferId) {
    let (proj, append, attend, accumulate) = (proj(), append(), attend(), accumulate());
    let mut p = ProgramBuilder::new("decode");
    let mut x = p.input("x", DType::F32, &[1, D]);
    let pos = p.input("pos", DType::I32, &[1]);
    let acc = p.state("acc", DType::F32, &[1, D]);
    for layer in 0..2 {
        let w = p.state(&format!("w{layer}"), DType::F32, &[D, D]);
        let cache = p.state(&format!("cache{layer}"), DType::F32, &[SLOTS, D]);
        let c = p.call(
            &proj,
            &[("x", x.into()), ("w", w.into()), ("scale", 0.5f32.into())],
        );
        let y = p.out(c, "y");
        p.call(
            &append,
            &[
                ("cache", cache.into()),
                ("y", y.into()),
                ("pos", pos.into()),
            ],
        );
        let c = p.call(&attend, &[("cache", cache.into()), ("y", Arg::from(y))]);
        x = p.out(c, "o");
        p.call(&accumulate, &[("acc", acc.into()), ("o", x.into())]);
    }
    p.output(x);
    (Arc::new(p.finish().unwrap()), x)
}

fn initial_state() -> BTreeMap<String, HostTensor> {
    let mut state = BTreeMap::new();
    for layer in 0..2 {
        let w: Vec<f32> = (0..D * D)
            .map(|i| ((i * 7 + layer * 3) % 11) as f32 / 11.0 - 0.4)
            .collect();
        state.insert(format!("w{layer}"), f32s(DType::F32, &[D, D], &w));
    }
    state
}

fn step_inputs(step: usize) -> (HostTensor, HostTensor) {
    let x: Vec<f32> = (0..D).map(|i| (i + step) as f32 * 0.25 - 1.0).collect();
    (
        f32s(DType::F32, &[1, D], &x),
        i32s(&[1], vec![(step % SLOTS) as i32]),
    )
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

#[test]
fn a_program_updates_its_state_in_place_like_the_interpreter() {
    let (program, out) = decode_program();
    let module = tilekit_stablehlo::lower_program(&program).unwrap();
    // Four distinct kernels, eight calls: each kernel is emitted once.
    assert_eq!(module.text.matches("func.func private").count(), 4);
    assert_eq!(module.text.matches("tf.aliasing_output").count(), 5);
    let pjrt = backend();
    let mut on_pjrt = pjrt.load_program(&program, initial_state()).unwrap();
    let mut on_interp = Interpreter.load_program(&program, initial_state()).unwrap();
    // More steps than cache slots, so every slot is overwritten: the state
    // buffers are donated and replaced each time.
    for step in 0..10 {
        let (x, pos) = step_inputs(step);
        let inputs = [("x", &x), ("pos", &pos)];
        let got = on_pjrt.execute(&inputs).unwrap();
        let want = on_interp.execute(&inputs).unwrap();
        assert_eq!(got.len(), 1);
        close(&format!("step {step}: o"), &got[&out], &want[&out]);
    }
    for name in ["acc", "cache0", "cache1", "w0", "w1"] {
        let got = on_pjrt.read_state(name).unwrap();
        let want = on_interp.read_state(name).unwrap();
        close(name, &got, &want);
    }
}

#[test]
fn state_is_donated_and_updated_in_place() {
    let (program, _) = decode_program();
    let pjrt = backend();
    let mut loaded = pjrt.load(&program, initial_state()).unwrap();
    let addr = |l: &tilekit_pjrt::PjrtProgram, name: &str| {
        l.set()
            .state_on_device(name)
            .unwrap()
            .device_address()
            .unwrap()
    };
    let before: Vec<usize> = ["acc", "cache0", "cache1"]
        .iter()
        .map(|n| addr(&loaded, n))
        .collect();
    for step in 0..20 {
        let (x, pos) = step_inputs(step);
        loaded.execute(&[("x", &x), ("pos", &pos)]).unwrap();
    }
    let after: Vec<usize> = ["acc", "cache0", "cache1"]
        .iter()
        .map(|n| addr(&loaded, n))
        .collect();
    // XLA wrote the results into the donated buffers: no copy of the cache.
    assert_eq!(before, after);
    let mut on_interp = Interpreter.load_program(&program, initial_state()).unwrap();
    for step in 0..20 {
        let (x, pos) = step_inputs(step);
        on_interp.execute(&[("x", &x), ("pos", &pos)]).unwrap();
    }
    for name in ["acc", "cache0", "cache1"] {
        close(
            name,
            &loaded.read_state(name).unwrap(),
            &on_interp.read_state(name).unwrap(),
        );
    }
}

#[test]
fn wrong_inputs_and_state_name_the_buffer() {
    let (program, _) = decode_program();
    let pjrt = backend();
    let mut loaded = pjrt.load_program(&program, initial_state()).unwrap();
    let short = f32s(DType::F32, &[1, 4], &[0.0; 4]);
    let (_, pos) = step_inputs(0);
    let err = loaded
        .execute(&[("x", &short), ("pos", &pos)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("input `x`") && err.contains("[1, 4]"), "{err}");
    let err = loaded.execute(&[("pos", &pos)]).unwrap_err().to_string();
    assert!(
        err.contains("input `x`") && err.contains("missing"),
        "{err}"
    );
    let err = loaded.read_state("nope").unwrap_err().to_string();
    assert!(err.contains("`nope`"), "{err}");
    // A bad call does not disturb the state: the next one runs.
    let (x, pos) = step_inputs(1);
    loaded.execute(&[("x", &x), ("pos", &pos)]).unwrap();

    let mut state = initial_state();
    state.insert("cache0".into(), f32s(DType::F32, &[2], &[0.0; 2]));
    let err = pjrt
        .load_program(&program, state)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("state `cache0`"), "{err}");
}

#[test]
fn a_program_compiles_once_per_backend() {
    let (program, _) = decode_program();
    let pjrt = backend();
    let first = pjrt.compile_program(&program).unwrap();
    let second = pjrt.compile_program(&program).unwrap();
    assert_eq!(first.outcome, Some(CacheOutcome::Disabled));
    assert_eq!(second.outcome, None);
    assert!(Arc::ptr_eq(&first.executable, &second.executable));
}

fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tilekit-exe-cache-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn fresh_client() -> Client {
    Client::new(Plugin::load(tilekit_pjrt::provision::plugin_path().unwrap()).unwrap()).unwrap()
}

#[test]
fn the_disk_cache_hits_in_a_fresh_client_and_rebuilds_corrupt_entries() {
    let dir = scratch_dir("hits");
    let (program, out) = decode_program();
    let text = tilekit_stablehlo::lower_program(&program).unwrap().text;

    let c1 = fresh_client();
    let cache = ExecutableCache::at(&dir);
    let (_, first) = cache.compile(&c1, &text).unwrap();
    if let CacheOutcome::NotStored(why) = &first {
        // The plugin cannot serialize: nothing more to check.
        eprintln!("the plugin does not support the executable cache: {why}");
        return;
    }
    assert_eq!(first, CacheOutcome::Miss);
    let path = cache.entry_path(&c1, &text).unwrap().unwrap();
    assert!(path.exists(), "{}", path.display());

    // A fresh client, as a new process would have.
    let c2 = fresh_client();
    let cache2 = ExecutableCache::at(&dir);
    let (_, second) = cache2.compile(&c2, &text).unwrap();
    assert_eq!(second, CacheOutcome::Hit);
    assert_eq!(cache2.stats().hits, 1);

    // Flip bytes in the payload: detected, recompiled, rewritten.
    let mut bytes = std::fs::read(&path).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 16] {
        *b ^= 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let (exe, third) = cache2.compile(&c2, &text).unwrap();
    match &third {
        CacheOutcome::Rebuilt(why) => assert!(why.contains("checksum"), "{why}"),
        other => panic!("a corrupt entry gave {other:?}"),
    }
    assert_eq!(exe.num_outputs(), 5 + 1);
    let (_, fourth) = cache2.compile(&c2, &text).unwrap();
    assert_eq!(fourth, CacheOutcome::Hit);

    // A truncated entry too.
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 3]).unwrap();
    let (_, fifth) = cache2.compile(&c2, &text).unwrap();
    assert!(matches!(fifth, CacheOutcome::Rebuilt(_)), "{fifth:?}");

    // A program loaded from a cached executable runs like a compiled one.
    let pjrt = PjrtBackend::with_cache(c2, "pjrt-cpu", ExecutableCache::at(&dir));
    let mut loaded = pjrt.load_program(&program, initial_state()).unwrap();
    assert_eq!(pjrt.cache().stats().hits, 1);
    let mut on_interp = Interpreter.load_program(&program, initial_state()).unwrap();
    let (x, pos) = step_inputs(3);
    let got = loaded.execute(&[("x", &x), ("pos", &pos)]).unwrap();
    let want = on_interp.execute(&[("x", &x), ("pos", &pos)]).unwrap();
    close("o", &got[&out], &want[&out]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn single_kernels_go_through_the_disk_cache() {
    let dir = scratch_dir("kernels");
    let k = attend();
    let mut args = tilekit_core::KernelArgs::new();
    args.tensors.insert(
        "cache".into(),
        f32s(DType::F32, &[SLOTS, D], &[1.0; SLOTS * D]),
    );
    args.tensors
        .insert("y".into(), f32s(DType::F32, &[1, D], &[0.5; D]));
    let first = PjrtBackend::with_cache(fresh_client(), "pjrt-cpu", ExecutableCache::at(&dir));
    let a = first.run(&k, &args).unwrap();
    let stats = first.cache().stats();
    if stats.not_stored > 0 {
        return;
    }
    assert_eq!(stats.misses, 1, "{stats:?}");
    let second = PjrtBackend::with_cache(fresh_client(), "pjrt-cpu", ExecutableCache::at(&dir));
    let b = second.run(&k, &args).unwrap();
    assert_eq!(second.cache().stats().hits, 1);
    assert_eq!(a["o"].as_f32(), b["o"].as_f32());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `acc += x * s` on bf16, in place.
fn axpy_bf16() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("axpy");
    kb.grid(&[1]);
    let acc = kb.inout("acc", DType::Bf16, &[D]);
    let x = kb.input("x", DType::Bf16, &[D]);
    let s = kb.scalar("s", DType::F32);
    let a = kb.load(acc, &[Index::Full]);
    let b = kb.load(x, &[Index::Full]);
    let a = kb.cast(a, DType::F32);
    let b = kb.cast(b, DType::F32);
    let b = kb.mul(b, s);
    let r = kb.add(a, b);
    let r = kb.cast(r, DType::Bf16);
    kb.store(acc, &[Index::Full], r);
    Arc::new(kb.finish().unwrap())
}

#[test]
fn bf16_state_travels_as_bits_and_matches_the_interpreter_exactly() {
    let k = axpy_bf16();
    let mut p = ProgramBuilder::new("bf16_steps");
    let x = p.input("x", DType::Bf16, &[D]);
    let a = p.state("a", DType::Bf16, &[D]);
    let b = p.state("b", DType::Bf16, &[D]);
    for (i, acc) in [a, b, a].into_iter().enumerate() {
        let s = Arg::from(i as f32 * 0.75 + 0.3);
        p.call(&k, &[("acc", acc.into()), ("x", x.into()), ("s", s)]);
    }
    p.output(a);
    let program = Arc::new(p.finish().unwrap());
    let mut state = BTreeMap::new();
    let init: Vec<f32> = (0..D).map(|i| i as f32 * 0.37 - 1.0).collect();
    state.insert("b".to_string(), f32s(DType::Bf16, &[D], &init));
    let pjrt = backend();
    let mut on_pjrt = pjrt.load_program(&program, state.clone()).unwrap();
    let mut on_interp = Interpreter.load_program(&program, state).unwrap();
    for step in 0..6 {
        let xs: Vec<f32> = (0..D).map(|i| (i * step) as f32 * 0.11 - 0.5).collect();
        let x = f32s(DType::Bf16, &[D], &xs);
        let got = on_pjrt.execute(&[("x", &x)]).unwrap();
        let want = on_interp.execute(&[("x", &x)]).unwrap();
        assert_eq!(got[&a].dtype(), DType::Bf16);
        assert_eq!(got[&a].to_f64_vec(), want[&a].to_f64_vec(), "step {step}");
    }
    for name in ["a", "b"] {
        assert_eq!(
            on_pjrt.read_state(name).unwrap().to_f64_vec(),
            on_interp.read_state(name).unwrap().to_f64_vec(),
            "{name}"
        );
    }
}

#[test]
fn state_made_on_the_device_and_written_by_rows_matches_state_given_whole() {
    let (program, out) = decode_program();
    let pjrt = backend();
    // No state given: every buffer starts as zeros made on the device;
    // the weights then arrive in two chunks of rows each.
    let mut by_rows = pjrt.load_program(&program, BTreeMap::new()).unwrap();
    for (name, w) in initial_state() {
        let values = w.to_f32_vec();
        for half in 0..2 {
            let rows = &values[half * D * D / 2..(half + 1) * D * D / 2];
            let chunk = f32s(DType::F32, &[D / 2, D], rows);
            by_rows
                .write_state_rows(&name, half * D / 2, &chunk)
                .unwrap();
        }
    }
    let mut whole = Interpreter.load_program(&program, initial_state()).unwrap();
    for step in 0..3 {
        let (x, pos) = step_inputs(step);
        let got = by_rows.execute(&[("x", &x), ("pos", &pos)]).unwrap();
        let want = whole.execute(&[("x", &x), ("pos", &pos)]).unwrap();
        close("x", &got[&out], &want[&out]);
    }
    for name in ["acc", "cache0", "w1"] {
        close(
            name,
            &by_rows.read_state(name).unwrap(),
            &whole.read_state(name).unwrap(),
        );
    }
    // Rows that do not fit are refused before anything is written.
    let wide = f32s(DType::F32, &[1, D + 1], &[0.0; D + 1]);
    let err = by_rows
        .write_state_rows("w0", 0, &wide)
        .unwrap_err()
        .to_string();
    assert!(err.contains("do not fit state `w0`"), "{err}");
    let past = f32s(DType::F32, &[2, D], &[0.0; 2 * D]);
    let err = by_rows
        .write_state_rows("w0", D - 1, &past)
        .unwrap_err()
        .to_string();
    assert!(err.contains("written at row"), "{err}");
    let err = by_rows
        .write_state_rows("x", 0, &past)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no state buffer named `x`"), "{err}");
    close(
        "w1 after refusals",
        &by_rows.read_state("w1").unwrap(),
        &whole.read_state("w1").unwrap(),
    );
}

/// The decode program with its input given flat (`[D]`, viewed `[1, D]`)
/// and a cache returned flat (`[SLOTS · D]`): views lower to reshapes and
/// read their base at the call that binds them.
#[test]
fn views_read_their_base_reshaped_like_the_interpreter() {
    let (proj, append) = (proj(), append());
    let mut p = ProgramBuilder::new("viewed");
    let flat = p.input("x", DType::F32, &[D]);
    let pos = p.input("pos", DType::I32, &[1]);
    let w = p.state("w0", DType::F32, &[D, D]);
    let cache = p.state("cache0", DType::F32, &[SLOTS, D]);
    let whole = p.view(cache, &[SLOTS * D]);
    let x = p.view(flat, &[1, D]);
    let c = p.call(
        &proj,
        &[("x", x.into()), ("w", w.into()), ("scale", 2.0f32.into())],
    );
    let y = p.out(c, "y");
    p.call(
        &append,
        &[
            ("cache", cache.into()),
            ("y", y.into()),
            ("pos", pos.into()),
        ],
    );
    p.output(whole);
    let program = Arc::new(p.finish().unwrap());
    let pjrt = backend();
    let mut state = initial_state();
    state.remove("w1");
    let mut on_pjrt = pjrt.load_program(&program, state.clone()).unwrap();
    let mut on_interp = Interpreter.load_program(&program, state).unwrap();
    for step in 0..3 {
        let (x, pos) = step_inputs(step);
        let x = x.reshaped(&[D]).unwrap();
        let inputs = [("x", &x), ("pos", &pos)];
        let got = on_pjrt.execute(&inputs).unwrap();
        let want = on_interp.execute(&inputs).unwrap();
        assert_eq!(got[&whole].shape(), &[SLOTS * D]);
        close(&format!("step {step}"), &got[&whole], &want[&whole]);
    }
}
