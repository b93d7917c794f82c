//! Regression tests: each was a library bug found while writing these
//! tests, now fixed; the doc comment of each test says what went wrong.

use crate::common::{at, f32s, iota_f32, one_error, only};
use tilekit_core::interp::run;
use tilekit_core::ir::{ConstValue, Index, OpKind, Type, Value};
use tilekit_core::verify::ErrorKind;
use tilekit_core::{verify, DType, KernelArgs, KernelBuilder};

/// A scalar parameter whose value has the wrong type is reported, but its
/// value is not poisoned, so every use is re-checked and reported again.
#[test]
fn result_type_of_a_scalar_parameter_does_not_cascade() {
    let mut kb = KernelBuilder::new("bad_scalar");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let y = kb.output("y", DType::F32, &[4]);
    let line = line!() + 1;
    let scale = kb.scalar("scale", DType::F32);
    let v = kb.load(x, &[Index::Full]);
    let s = kb.mul(v, scale);
    kb.store(y, &[Index::Full], s);
    let mut k = kb.finish().unwrap().kernel().clone();
    k.values[scale.0 as usize].ty = Type::scalar(DType::I32);
    let errors = verify(&k).unwrap_err();
    only(
        &errors,
        ErrorKind::ResultType,
        &format!(
            "kernel `bad_scalar` at {}: scalar `scale` is declared f32 but its value is i32",
            at(file!(), line, "scalar(")
        ),
    );
}

/// One op that uses an out-of-scope value twice is one mistake.
#[test]
fn undefined_value_used_twice_by_one_op_is_one_error() {
    let mut kb = KernelBuilder::new("leak_twice");
    kb.grid(&[1]);
    let lo = kb.i32(0);
    let hi = kb.i32(4);
    let mut leaked = None;
    kb.for_loop(lo, hi, &[], |b, i, _| {
        leaked = Some(b.cast(i, DType::F32));
        vec![]
    });
    let last = leaked.unwrap();
    let line = line!() + 1;
    kb.mul(last, last);
    one_error(
        kb,
        ErrorKind::UndefinedValue,
        &format!(
            "kernel `leak_twice`, op `%4 = mul %3, %3 : f32` at {}: %3 is used outside the region \
             that defines it (or before its definition); to use a value after a loop or branch, carry it \
             through the loop or yield it from the branch",
            at(file!(), line, "mul(")
        ),
    );
}

/// `verify` must report a dangling operand, not panic while printing the op.
#[test]
fn undefined_value_that_does_not_exist_is_reported_not_a_panic() {
    let mut kb = KernelBuilder::new("dangling");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let y = kb.output("y", DType::F32, &[4]);
    let v = kb.load(x, &[Index::Full]);
    let line = line!() + 1;
    let n = kb.neg(v);
    kb.store(y, &[Index::Full], n);
    let mut k = kb.finish().unwrap().kernel().clone();
    let neg = k.body.ops[1];
    if let OpKind::Unary { x, .. } = &mut k.ops[neg.0 as usize].kind {
        *x = Value(99);
    }
    let result = std::panic::catch_unwind(|| verify(&k));
    let errors = result.expect("verify panicked").unwrap_err();
    assert_eq!(errors.kinds(), vec![ErrorKind::UndefinedValue]);
    assert_eq!(errors.0[0].message, "value %99 does not exist");
    assert_eq!(errors.0[0].location.line, line);
}

/// Same for a region yield that does not exist: the yield is reported, then
/// the loop's type inference indexes the value arena with it.
#[test]
fn undefined_loop_yield_is_reported_not_a_panic() {
    let mut kb = KernelBuilder::new("dangling_yield");
    kb.grid(&[1]);
    let lo = kb.i32(0);
    let hi = kb.i32(4);
    let acc = kb.zeros(&[4], DType::F32);
    kb.for_loop(lo, hi, &[acc], |_, _, c| vec![c[0]]);
    let mut k = kb.finish().unwrap().kernel().clone();
    let for_op = k.body.ops[3];
    if let OpKind::For { body, .. } = &mut k.ops[for_op.0 as usize].kind {
        body.yields[0] = Value(99);
    }
    let result = std::panic::catch_unwind(|| verify(&k));
    let errors = result.expect("verify panicked").unwrap_err();
    assert_eq!(errors.kinds(), vec![ErrorKind::UndefinedValue]);
}

/// `KernelBuilder::kernel()` is documented as "the kernel as recorded so
/// far", but the body region lives on the builder's region stack until
/// `finish`, so the returned kernel has an empty body and verifies cleanly
/// even when the recorded ops are ill-typed.
#[test]
fn builder_kernel_snapshot_includes_the_body() {
    let mut kb = KernelBuilder::new("snapshot");
    kb.grid(&[1]);
    let a = kb.f32(1.0);
    let b = kb.i32(1);
    kb.add(a, b);
    assert_eq!(kb.snapshot().body.ops.len(), 3);
    assert_eq!(
        verify(&kb.snapshot()).unwrap_err().kinds(),
        vec![ErrorKind::DTypeMismatch]
    );
}

/// The IR says masked-off lanes are never bounds-checked, but in a ref with
/// a block spec the window is checked against the block before the mask is
/// looked at.
#[test]
fn masked_off_lanes_may_leave_the_block() {
    let mut kb = KernelBuilder::new("masked_block");
    kb.grid(&[2]);
    let x = kb.input("x", DType::F32, &[8]);
    let y = kb.output("y", DType::F32, &[8]);
    kb.block_spec(x, &[4], |_, ids| vec![ids[0]]);
    kb.block_spec(y, &[4], |_, ids| vec![ids[0]]);
    let two = kb.i32(2);
    let lanes = kb.iota(&[4], 0, DType::I32);
    let mask = kb.lt(lanes, two);
    // Lanes 0 and 1 read block elements 2 and 3; lanes 2 and 3 are masked off.
    let v = kb.load_masked(x, &[Index::slice(two, 4)], mask, ConstValue::Float(-1.0));
    kb.store(y, &[Index::Full], v);
    let vk = kb.finish().unwrap();
    let args = KernelArgs::new().tensor("x", f32s(&[8], &iota_f32(8)));
    let out = run(&vk, &args).unwrap();
    assert_eq!(
        out["y"].as_f32().unwrap(),
        &[3.0, 4.0, -1.0, -1.0, 7.0, 8.0, -1.0, -1.0]
    );
}

/// Each program writes only element `pid` of `y` (a one-hot mask), so the
/// programs never write the same element; the race check ignores the mask.
#[test]
fn masked_stores_indexed_by_program_id_do_not_race() {
    let mut kb = KernelBuilder::new("one_hot");
    kb.grid(&[4]);
    let y = kb.output("y", DType::F32, &[4]);
    let pid = kb.program_id(0);
    let lanes = kb.iota(&[4], 0, DType::I32);
    let mine = kb.eq(lanes, pid);
    let v = kb.cast(lanes, DType::F32);
    kb.store_masked(y, &[Index::Full], v, mine);
    let vk = kb.finish().unwrap();
    let out = run(&vk, &KernelArgs::new()).unwrap();
    assert_eq!(out["y"].as_f32().unwrap(), &[0.0, 1.0, 2.0, 3.0]);
}
