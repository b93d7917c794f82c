//! Programs on the interpreter: state updated across executions, temps
//! feeding later calls, and the build-time and execution-time errors
//! (every problem named with its call site and buffer).

use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::ir::Index;
use tilekit_core::program::{Arg, BufferRole, Program, ProgramBuilder};
use tilekit_core::VerifiedKernel;
use tilekit_core::{Backend, BackendError, DType, HostTensor, Interpreter, KernelBuilder};

/// `acc += x` over a [n] f32 in/out ref.
fn accumulate(n: usize) -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("accumulate");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[n]);
    let acc = kb.inout("acc", DType::F32, &[n]);
    let a = kb.load(x, &[Index::Full]);
    let b = kb.load(acc, &[Index::Full]);
    let s = kb.add(a, b);
    kb.store(acc, &[Index::Full], s);
    Arc::new(kb.finish().unwrap())
}

/// `y = x * factor` over [n] f32.
fn scale(n: usize) -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("scale");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[n]);
    let factor = kb.scalar("factor", DType::F32);
    let y = kb.output("y", DType::F32, &[n]);
    let t = kb.load(x, &[Index::Full]);
    let t = kb.mul(t, factor);
    kb.store(y, &[Index::Full], t);
    Arc::new(kb.finish().unwrap())
}

fn f32s(values: &[f32]) -> HostTensor {
    HostTensor::from_f32(DType::F32, &[values.len()], values).unwrap()
}

/// acc += 3x, returning 3x.
fn program() -> Program {
    let mut p = ProgramBuilder::new("step");
    let x = p.input("x", DType::F32, &[4]);
    let acc = p.state("acc", DType::F32, &[4]);
    let scaled = p.call(&scale(4), &[("x", x.into()), ("factor", 3.0f32.into())]);
    let y = p.out(scaled, "y");
    p.call(&accumulate(4), &[("x", y.into()), ("acc", acc.into())]);
    p.output(y);
    p.finish().unwrap()
}

#[test]
fn state_persists_between_executions_and_temps_feed_later_calls() {
    let program = Arc::new(program());
    let init = BTreeMap::from([("acc".to_string(), f32s(&[1., 1., 1., 1.]))]);
    let mut loaded = Interpreter.load_program(&program, init).unwrap();
    let x = f32s(&[1., 2., 3., 4.]);
    for _ in 0..3 {
        let out = loaded.execute(&[("x", &x)]).unwrap();
        let y = program.find("scale#0.y").unwrap();
        assert_eq!(out[&y].as_f32().unwrap(), &[3., 6., 9., 12.]);
        assert_eq!(out.len(), 1, "only marked outputs come back");
    }
    let acc = loaded.read_state("acc").unwrap();
    assert_eq!(acc.as_f32().unwrap(), &[10., 19., 28., 37.]);
    assert_eq!(program.state_bytes(), 16);
    assert_eq!(program.with_role(BufferRole::Temp).count(), 1);
}

#[test]
fn state_not_given_starts_as_zeros() {
    let program = Arc::new(program());
    let mut loaded = Interpreter.load_program(&program, BTreeMap::new()).unwrap();
    loaded.execute(&[("x", &f32s(&[1., 0., 0., 0.]))]).unwrap();
    let acc = loaded.read_state("acc").unwrap();
    assert_eq!(acc.as_f32().unwrap(), &[3., 0., 0., 0.]);
}

fn program_error(r: Result<Program, tilekit_core::program::ProgramError>) -> String {
    r.map(|_| ()).unwrap_err().to_string()
}

#[test]
fn a_buffer_that_disagrees_with_a_call_names_both_sites() {
    let mut p = ProgramBuilder::new("mismatch");
    let x = p.input("x", DType::F32, &[8]);
    let acc = p.state("acc", DType::F32, &[4]);
    p.call(&accumulate(4), &[("x", x.into()), ("acc", acc.into())]);
    let msg = program_error(p.finish());
    assert!(msg.starts_with("program `mismatch`:"), "{msg}");
    assert!(
        msg.contains("call 0 (`accumulate`) at dsl-core/tests/programs.rs:"),
        "{msg}"
    );
    assert!(
        msg.contains("input `x` is f32[4] but buffer `x` is f32[8]"),
        "{msg}"
    );
    assert!(
        msg.contains("declared at dsl-core/tests/programs.rs:"),
        "{msg}"
    );
}

#[test]
fn a_temp_that_disagrees_with_a_later_call_names_the_call_that_made_it() {
    let mut p = ProgramBuilder::new("chain");
    let x = p.input("x", DType::F32, &[8]);
    let acc = p.state("acc", DType::F32, &[4]);
    let c = p.call(&scale(8), &[("x", x.into()), ("factor", 2.0f32.into())]);
    let y = p.out(c, "y");
    p.call(&accumulate(4), &[("x", y.into()), ("acc", acc.into())]);
    let msg = program_error(p.finish());
    assert!(msg.contains("call 1 (`accumulate`) at"), "{msg}");
    assert!(
        msg.contains("created by output `y` of call 0 (`scale`) at dsl-core/tests/programs.rs:"),
        "{msg}"
    );
}

#[test]
fn binding_errors_are_all_reported() {
    let mut p = ProgramBuilder::new("bad");
    let x = p.input("x", DType::F32, &[4]);
    let x2 = p.input("x", DType::F32, &[4]);
    // An in/out ref on an input, a scalar of the wrong type, an unknown
    // parameter, an output ref bound, a missing parameter.
    p.call(
        &accumulate(4),
        &[("x", x.into()), ("acc", x2.into()), ("bogus", x.into())],
    );
    let c = p.call(
        &scale(4),
        &[("x", x.into()), ("factor", 2i32.into()), ("y", x.into())],
    );
    p.out(c, "z");
    p.call(&accumulate(4), &[("acc", x.into())]);
    let msg = program_error(p.finish());
    for want in [
        "buffer `x` at dsl-core/tests/programs.rs:",
        "is declared twice (first declared at",
        "in/out ref `acc` writes buffer `x`, an input",
        "the kernel has no parameter named `bogus`",
        "scalar `factor` is f32 but I32(2) was given",
        "`y` is an output ref",
        "has no output ref `z` (it has: y)",
        "call 2 (`accumulate`) at",
        "input `x` (f32[4]) is not bound",
    ] {
        assert!(msg.contains(want), "missing {want:?} in: {msg}");
    }
}

#[test]
fn executing_with_a_wrong_input_names_the_buffer_and_keeps_the_state() {
    let program = Arc::new(program());
    let init = BTreeMap::from([("acc".to_string(), f32s(&[1., 2., 3., 4.]))]);
    let mut loaded = Interpreter.load_program(&program, init).unwrap();
    let wrong = f32s(&[1., 2.]);
    let err = loaded.execute(&[("x", &wrong)]).unwrap_err();
    assert!(matches!(err, BackendError::Program(_)));
    let msg = err.to_string();
    assert!(
        msg.contains("program `step`: input `x` is f32[2] but the program declares f32[4]"),
        "{msg}"
    );
    let missing = loaded.execute(&[]).unwrap_err().to_string();
    assert!(
        missing.contains("input `x` (f32[4]) is missing"),
        "{missing}"
    );
    let acc = HostTensor::zeros(DType::F32, &[4]);
    let state = loaded
        .execute(&[("x", &f32s(&[0.; 4])), ("acc", &acc)])
        .unwrap_err();
    assert!(
        state
            .to_string()
            .contains("`acc` is a state buffer, not an input"),
        "{state}"
    );
    assert_eq!(
        loaded.read_state("acc").unwrap().as_f32().unwrap(),
        &[1., 2., 3., 4.]
    );
    let unknown = loaded.read_state("nope").unwrap_err().to_string();
    assert!(
        unknown.contains("no state buffer named `nope`"),
        "{unknown}"
    );
}

#[test]
fn initial_state_is_checked() {
    let program = Arc::new(program());
    let bad = BTreeMap::from([
        ("acc".to_string(), f32s(&[1.])),
        ("x".to_string(), f32s(&[1., 2., 3., 4.])),
    ]);
    let err = Interpreter
        .load_program(&program, bad)
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("state `acc` is f32[1] but the program declares f32[4]"),
        "{err}"
    );
    assert!(err.contains("`x` is an input buffer, not state"), "{err}");
}

#[test]
fn scalars_bound_to_buffers_are_refused() {
    let mut p = ProgramBuilder::new("scalar");
    let x = p.input("x", DType::F32, &[4]);
    let f = p.input("f", DType::F32, &[]);
    p.call(&scale(4), &[("x", x.into()), ("factor", Arg::Buffer(f))]);
    let msg = program_error(p.finish());
    assert!(
        msg.contains("scalar `factor` is bound to buffer `f`"),
        "{msg}"
    );
}

#[test]
fn state_rows_are_written_in_place_and_checked() {
    let program = Arc::new(program());
    let mut loaded = Interpreter.load_program(&program, BTreeMap::new()).unwrap();
    loaded.write_state_rows("acc", 1, &f32s(&[5., 6.])).unwrap();
    assert_eq!(
        loaded.read_state("acc").unwrap().as_f32().unwrap(),
        &[0., 5., 6., 0.]
    );
    let err = loaded
        .write_state_rows("acc", 3, &f32s(&[1., 2.]))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("rows f32[2] written at row 3 do not fit state `acc` (f32[4])"),
        "{err}"
    );
    let err = loaded
        .write_state_rows("x", 0, &f32s(&[1.]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("no state buffer named `x`"), "{err}");
    let ints = HostTensor::from_i32(&[1], vec![1]).unwrap();
    assert!(loaded.write_state_rows("acc", 0, &ints).is_err());
    assert_eq!(
        loaded.read_state("acc").unwrap().as_f32().unwrap(),
        &[0., 5., 6., 0.]
    );
}

#[test]
fn a_buffer_of_another_program_or_an_aliased_in_out_is_an_error_not_a_panic() {
    let mut other = ProgramBuilder::new("other");
    for i in 0..5 {
        other.input(&format!("b{i}"), DType::F32, &[4]);
    }
    let foreign = other.state("far", DType::F32, &[4]);
    let mut p = ProgramBuilder::new("mixed");
    let x = p.input("x", DType::F32, &[4]);
    p.call(
        &accumulate(4),
        &[("x", foreign.into()), ("acc", foreign.into())],
    );
    let acc = p.state("acc", DType::F32, &[4]);
    p.call(&accumulate(4), &[("x", acc.into()), ("acc", acc.into())]);
    let _ = x;
    p.output(foreign);
    let msg = program_error(p.finish());
    assert!(
        msg.contains("bound to a buffer of another program"),
        "{msg}"
    );
    assert!(
        msg.contains("buffer `acc` is bound to in/out ref `acc` and to another parameter"),
        "{msg}"
    );
}
