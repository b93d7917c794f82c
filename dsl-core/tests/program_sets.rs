//! Program sets on the interpreter: programs sharing state by name (one
//! writes it in place, another reads it), and the errors: disagreeing
//! declarations, unknown state, a bad program index, lost state.

use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::ir::Index;
use tilekit_core::program::{LoadedProgramSet, Program, ProgramBuilder};
use tilekit_core::{
    Backend, BackendError, DType, HostTensor, Interpreter, KernelArgs, KernelBuilder,
    VerifiedKernel,
};

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

/// `kv += x`, in place.
fn writer() -> Arc<Program> {
    let mut p = ProgramBuilder::new("writer");
    let x = p.input("x", DType::F32, &[4]);
    let kv = p.state("kv", DType::F32, &[4]);
    p.call(&accumulate(4), &[("x", x.into()), ("acc", kv.into())]);
    Arc::new(p.finish().unwrap())
}

/// Returns `kv * w`, where `w` is a state of its own (a weight).
fn reader() -> Arc<Program> {
    let mut p = ProgramBuilder::new("reader");
    p.state("w", DType::F32, &[]);
    let kv = p.state("kv", DType::F32, &[4]);
    let c = p.call(&scale(4), &[("x", kv.into()), ("factor", 2.0f32.into())]);
    let y = p.out(c, "y");
    p.output(y);
    Arc::new(p.finish().unwrap())
}

fn kv0() -> BTreeMap<String, HostTensor> {
    BTreeMap::from([("kv".to_string(), f32s(&[1., 2., 3., 4.]))])
}

fn kv(set: &dyn LoadedProgramSet) -> Vec<f32> {
    set.read_state("kv").unwrap().as_f32().unwrap().to_vec()
}

#[test]
fn programs_share_state_by_name_and_it_is_updated_in_place() {
    let (writer, reader) = (writer(), reader());
    let mut set = Interpreter
        .load_program_set(&[writer.clone(), reader.clone()], kv0())
        .unwrap();
    assert_eq!(set.programs().len(), 2);
    let home = set.read_state("kv").unwrap().as_f32().unwrap().as_ptr() as usize;
    let y = reader.outputs[0];
    let ones = f32s(&[1.; 4]);
    for step in 1..=3 {
        let out = set.execute(0, &[("x", &ones)]).unwrap();
        assert!(out.is_empty(), "the writer marks no output");
        let s = step as f32;
        assert_eq!(kv(&*set), [1. + s, 2. + s, 3. + s, 4. + s]);
        let out = set.execute(1, &[]).unwrap();
        let want: Vec<f32> = [1., 2., 3., 4.].iter().map(|v| (v + s) * 2.).collect();
        assert_eq!(out[&y].as_f32().unwrap(), want.as_slice(), "step {step}");
        // One buffer for both programs, updated in place: never copied.
        let now = set.read_state("kv").unwrap();
        assert_eq!(now.as_f32().unwrap().as_ptr() as usize, home, "step {step}");
    }
    // State not given starts as zeros; a row write is seen by every program.
    assert_eq!(set.read_state("w").unwrap().as_f32().unwrap(), &[0.]);
    set.write_state_rows("kv", 2, &f32s(&[10., 20.])).unwrap();
    let out = set.execute(1, &[]).unwrap();
    assert_eq!(out[&y].as_f32().unwrap(), &[8., 10., 20., 40.]);
    set.execute(0, &[("x", &ones)]).unwrap();
    assert_eq!(kv(&*set), [5., 6., 11., 21.]);
}

#[test]
fn disagreeing_declarations_are_all_listed_naming_both_programs() {
    let mut wide = ProgramBuilder::new("wide");
    wide.state("kv", DType::F32, &[8]);
    let mut ints = ProgramBuilder::new("ints");
    ints.state("kv", DType::I32, &[4]);
    ints.state("w", DType::F32, &[2]);
    let programs = [
        writer(),
        Arc::new(wide.finish().unwrap()),
        reader(),
        Arc::new(ints.finish().unwrap()),
    ];
    let err = Interpreter
        .load_program_set(&programs, BTreeMap::new())
        .err()
        .unwrap();
    let BackendError::Program(e) = &err else {
        panic!("expected a program error, got {err}");
    };
    assert_eq!(e.problems.len(), 3, "{err}");
    let msg = err.to_string();
    for want in [
        "state `kv` is f32[4] in program 0 (`writer`, declared at",
        "but f32[8] in program 1 (`wide`, declared at",
        "but i32[4] in program 3 (`ints`",
        "state `w` is f32[] in program 2 (`reader`",
        "but f32[2] in program 3 (`ints`",
        "program_sets.rs:",
    ] {
        assert!(msg.contains(want), "missing {want:?} in: {msg}");
    }
}

#[test]
fn initial_state_must_be_declared_state_of_some_program_with_its_shape() {
    let programs = [writer(), reader()];
    let state = BTreeMap::from([
        ("nope".to_string(), f32s(&[1.])),
        ("x".to_string(), f32s(&[1.; 4])),
        ("kv".to_string(), f32s(&[1.; 3])),
    ]);
    let msg = Interpreter
        .load_program_set(&programs, state)
        .err()
        .unwrap()
        .to_string();
    for want in [
        "program `writer, reader`",
        "none of the programs has a state buffer named `nope`",
        "`x` is an input buffer in program 0 (`writer`), not state",
        "state `kv` is f32[3] but program 0 (`writer`) declares f32[4]",
    ] {
        assert!(msg.contains(want), "missing {want:?} in: {msg}");
    }
    let err = Interpreter
        .load_program_set(&[], BTreeMap::new())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("at least one program"), "{err}");
}

#[test]
fn a_bad_index_or_state_name_is_an_error_and_keeps_the_state() {
    let mut set = Interpreter
        .load_program_set(&[writer(), reader()], kv0())
        .unwrap();
    let err = set.execute(2, &[]).unwrap_err().to_string();
    assert!(
        err.contains("there is no program 2: the set has 2 (writer, reader)"),
        "{err}"
    );
    let err = set.execute(usize::MAX, &[]).unwrap_err().to_string();
    assert!(err.contains("there is no program"), "{err}");
    let err = set.read_state("x").unwrap_err().to_string();
    assert!(
        err.contains("none of the programs has a state buffer named `x`"),
        "{err}"
    );
    let err = set
        .write_state_rows("kv", 3, &f32s(&[1., 2.]))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("program `writer`: rows f32[2] written at row 3 do not fit state `kv`"),
        "{err}"
    );
    // An input the program does not take, named with the program.
    let err = set
        .execute(1, &[("x", &f32s(&[1.; 4]))])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("program `reader`: the program has no input named `x`"),
        "{err}"
    );
    assert_eq!(kv(&*set), [1., 2., 3., 4.]);
    set.execute(0, &[("x", &f32s(&[1.; 4]))]).unwrap();
    assert_eq!(kv(&*set), [2., 3., 4., 5.]);
}

/// The interpreter, except that kernel `fails` fails.
struct Failing {
    fails: &'static str,
}

impl Backend for Failing {
    fn name(&self) -> String {
        "failing".into()
    }

    fn run(
        &self,
        kernel: &VerifiedKernel,
        args: &KernelArgs,
    ) -> Result<BTreeMap<String, HostTensor>, BackendError> {
        if kernel.name() == self.fails {
            return Err(BackendError::Target {
                backend: self.name(),
                kernel: kernel.name().into(),
                message: "injected failure".into(),
            });
        }
        Interpreter.run(kernel, args)
    }
}

#[test]
fn a_failure_holding_state_loses_it_for_the_whole_set() {
    let programs = [writer(), reader()];
    // `scale` only reads `kv`: the failure leaves the state as it was.
    let reads = Failing { fails: "scale" };
    let mut set = reads.load_program_set(&programs, kv0()).unwrap();
    let err = set.execute(1, &[]).unwrap_err().to_string();
    assert!(err.contains("injected failure"), "{err}");
    set.execute(0, &[("x", &f32s(&[1.; 4]))]).unwrap();
    assert_eq!(kv(&*set), [2., 3., 4., 5.]);

    // `accumulate` held `kv` (in place) when it failed: `kv` is gone, and
    // no program of the set runs on what is left.
    let writes = Failing {
        fails: "accumulate",
    };
    let mut set = writes.load_program_set(&programs, kv0()).unwrap();
    set.execute(0, &[("x", &f32s(&[1.; 4]))]).unwrap_err();
    let err = set.read_state("kv").unwrap_err().to_string();
    assert!(
        err.contains(
            "state `kv` was lost when call 0 (`accumulate`) failed in program 0 (`writer`)"
        ),
        "{err}"
    );
    let err = set.execute(1, &[]).unwrap_err().to_string();
    assert!(err.contains("load the program set again"), "{err}");
    let err = set
        .write_state_rows("kv", 0, &f32s(&[1.]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("was lost"), "{err}");
    // State the failed call did not hold is still there.
    assert_eq!(set.read_state("w").unwrap().as_f32().unwrap(), &[0.]);
}

#[test]
fn a_one_program_set_behaves_like_the_loaded_program() {
    let writer = writer();
    let mut set = Interpreter
        .load_program_set(std::slice::from_ref(&writer), kv0())
        .unwrap();
    let mut one = Interpreter.load_program(&writer, kv0()).unwrap();
    let x = f32s(&[0.5; 4]);
    set.execute(0, &[("x", &x)]).unwrap();
    one.execute(&[("x", &x)]).unwrap();
    assert_eq!(set.read_state("kv").unwrap(), one.read_state("kv").unwrap());
    let a = set.read_state("nope").unwrap_err().to_string();
    let b = one.read_state("nope").unwrap_err().to_string();
    assert_eq!(a, b);
    assert!(a.contains("program `writer`: the program has no state buffer named `nope`"));
}
