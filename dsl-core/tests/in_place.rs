//! The interpreter's memory model: buffers hold the caller's host tensors in
//! their own dtype, so an in/out ref handed over by value (a KV cache) is
//! updated in place, and a program's state stays one allocation.

use std::sync::Arc;
use tilekit_core::interp;
use tilekit_core::ir::Index;
use tilekit_core::program::{Arg, ProgramBuilder};
use tilekit_core::{
    Backend, DType, HostTensor, Interpreter, KernelArgs, KernelBuilder, TensorData, VerifiedKernel,
};

const ROWS: usize = 16;
const COLS: usize = 8;

/// `cache[pos[0], :] = row`: one row of a bf16 cache written per call.
fn kv_write() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("kv_write");
    kb.grid(&[1]);
    let row = kb.input("row", DType::Bf16, &[COLS]);
    let pos = kb.input("pos", DType::I32, &[1]);
    let cache = kb.inout("cache", DType::Bf16, &[ROWS, COLS]);
    let c0 = kb.i32(0);
    let p = kb.load(pos, &[Index::at(c0)]);
    let v = kb.load(row, &[Index::Full]);
    kb.store(cache, &[Index::at(p), Index::Full], v);
    Arc::new(kb.finish().unwrap())
}

/// Where the elements of a bf16 tensor live.
fn elements_ptr(t: &HostTensor) -> usize {
    match t.data() {
        TensorData::Bf16(v) => v.as_ptr() as usize,
        other => panic!("expected bf16 elements, got {:?}", other.dtype()),
    }
}

fn bf16_tensor(shape: &[usize], values: &[f32]) -> HostTensor {
    HostTensor::from_f32(DType::Bf16, shape, values).unwrap()
}

fn pos(p: i32) -> HostTensor {
    HostTensor::from_i32(&[1], vec![p]).unwrap()
}

fn cache_values() -> Vec<f32> {
    (0..ROWS * COLS).map(|i| i as f32 * 0.5).collect()
}

#[test]
fn run_owned_updates_an_inout_ref_in_place() {
    let k = kv_write();
    let cache = bf16_tensor(&[ROWS, COLS], &cache_values());
    let before = elements_ptr(&cache);
    let row = bf16_tensor(&[COLS], &[-1.0; COLS]);
    let args = KernelArgs::new()
        .tensor("row", row)
        .tensor("pos", pos(3))
        .tensor("cache", cache);
    let mut out = Interpreter.run_owned(&k, args).unwrap();
    let cache = out.remove("cache").unwrap();
    assert_eq!(elements_ptr(&cache), before, "the cache was copied");
    let mut want = cache_values();
    want[3 * COLS..4 * COLS].fill(-1.0);
    assert_eq!(cache, bf16_tensor(&[ROWS, COLS], &want));
}

#[test]
fn a_shared_inout_ref_is_copied_on_write_and_the_callers_clone_kept() {
    let k = kv_write();
    let cache = bf16_tensor(&[ROWS, COLS], &cache_values());
    let args = KernelArgs::new()
        .tensor("row", bf16_tensor(&[COLS], &[-1.0; COLS]))
        .tensor("pos", pos(0))
        .tensor("cache", cache.clone());
    // By reference, and by value while the caller keeps a clone: both
    // leave the caller's tensor as it was.
    let borrowed = interp::run(&k, &args).unwrap().remove("cache").unwrap();
    let owned = Interpreter
        .run_owned(&k, args)
        .unwrap()
        .remove("cache")
        .unwrap();
    assert_eq!(cache, bf16_tensor(&[ROWS, COLS], &cache_values()));
    for out in [&borrowed, &owned] {
        assert!(!out.shares_data_with(&cache));
        assert_ne!(elements_ptr(out), elements_ptr(&cache));
        assert_eq!(out.to_f32_vec()[..COLS], [-1.0; COLS]);
    }
}

#[test]
fn elements_a_kernel_does_not_write_keep_their_bits() {
    // Only the windows stores write are converted: a bf16 signalling NaN
    // and an E5M2 NaN with a payload (which an f32 round trip would
    // quieten or canonicalise) survive in the rows left alone.
    let mut kb = KernelBuilder::new("touch_one");
    kb.grid(&[1]);
    let a = kb.inout("a", DType::Bf16, &[2]);
    let b = kb.inout("b", DType::F8E5M2, &[2]);
    let c0 = kb.i32(0);
    let x = kb.load(a, &[Index::at(c0)]);
    kb.store(a, &[Index::at(c0)], x);
    let y = kb.load(b, &[Index::at(c0)]);
    kb.store(b, &[Index::at(c0)], y);
    let k = kb.finish().unwrap();
    let snan = half::bf16::from_bits(0x7f81);
    let a = HostTensor::new(&[2], TensorData::Bf16(vec![half::bf16::ONE, snan])).unwrap();
    let b = HostTensor::new(&[2], TensorData::F8E5M2(vec![0x7c, 0xfd])).unwrap();
    let args = KernelArgs::new().tensor("a", a).tensor("b", b);
    let out = interp::run_owned(&k, args).unwrap();
    let TensorData::Bf16(a) = out["a"].data() else {
        panic!("a stays bf16")
    };
    let bits: Vec<u16> = a.iter().map(|x| x.to_bits()).collect();
    assert_eq!(bits, [half::bf16::ONE.to_bits(), snan.to_bits()]);
    // The E5M2 infinity in element 0 went through a load and a store.
    assert_eq!(out["b"].data(), &TensorData::F8E5M2(vec![0x7c, 0xfd]));
}

#[test]
fn a_host_program_keeps_one_copy_of_its_state() {
    let k = kv_write();
    let mut p = ProgramBuilder::new("decode_writes");
    let row = p.input("row", DType::Bf16, &[COLS]);
    let at = p.input("pos", DType::I32, &[1]);
    let cache = p.state("cache", DType::Bf16, &[ROWS, COLS]);
    p.call(
        &k,
        &[
            ("row", Arg::from(row)),
            ("pos", at.into()),
            ("cache", cache.into()),
        ],
    );
    let program = Arc::new(p.finish().unwrap());
    let state = [(
        "cache".to_string(),
        bf16_tensor(&[ROWS, COLS], &cache_values()),
    )];
    let mut loaded = Interpreter
        .load_program(&program, state.into_iter().collect())
        .unwrap();
    let home = elements_ptr(&loaded.read_state("cache").unwrap());
    let mut want = cache_values();
    for step in 0..4 {
        let r = bf16_tensor(&[COLS], &[step as f32 + 100.0; COLS]);
        loaded.execute(&[("row", &r), ("pos", &pos(step))]).unwrap();
        want[step as usize * COLS..(step as usize + 1) * COLS].fill(step as f32 + 100.0);
        // A state read is a clone sharing the elements; it is dropped
        // before the next execution, which then writes in place again.
        let now = loaded.read_state("cache").unwrap();
        assert_eq!(elements_ptr(&now), home, "step {step} copied the state");
        assert_eq!(now, bf16_tensor(&[ROWS, COLS], &want), "step {step}");
    }
}
