use super::*;
use tilekit_core::ir::Index;
use tilekit_core::program::ProgramBuilder;
use tilekit_core::KernelBuilder;

/// y = s · x.
fn scale() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("scale");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let y = kb.output("y", DType::F32, &[4]);
    let s = kb.scalar("s", DType::F32);
    let t = kb.load(x, &[Index::Full]);
    let t = kb.mul(t, s);
    kb.store(y, &[Index::Full], t);
    Arc::new(kb.finish().unwrap())
}

/// acc[row] += x (row from a prefetch array), in place.
fn accumulate() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("accumulate");
    kb.grid(&[1]);
    let rows = kb.prefetch("rows", &[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let acc = kb.inout("acc", DType::F32, &[3, 4]);
    let zero = kb.i32(0);
    let row = kb.prefetch_read(rows, &[zero]);
    let a = kb.load(acc, &[Index::at(row), Index::Full]);
    let t = kb.load(x, &[Index::Full]);
    let t = kb.add(a, t);
    kb.store(acc, &[Index::at(row), Index::Full], t);
    Arc::new(kb.finish().unwrap())
}

/// x → scale(2) → scale(3) → acc[row] += ...; returns the last temp.
fn program() -> Program {
    let (s, a) = (scale(), accumulate());
    let mut p = ProgramBuilder::new("step");
    let x = p.input("x", DType::F32, &[4]);
    let rows = p.input("rows", DType::I32, &[1]);
    let acc = p.state("acc", DType::F32, &[3, 4]);
    let c0 = p.call(&s, &[("x", x.into()), ("s", 2.0f32.into())]);
    let y = p.out(c0, "y");
    let c1 = p.call(&s, &[("x", y.into()), ("s", 3.0f32.into())]);
    let z = p.out(c1, "y");
    p.call(
        &a,
        &[("rows", rows.into()), ("x", z.into()), ("acc", acc.into())],
    );
    p.output(z);
    p.finish().unwrap()
}

#[test]
fn each_kernel_is_emitted_once_and_parameters_bind_buffers() {
    let p = program();
    let mut emitted = Vec::new();
    let plan = plan_program_with(&p, Target::Sm80, &mut |k| {
        emitted.push(k.name().to_string());
        emit(k, Target::Sm80)
    })
    .unwrap();
    assert_eq!(emitted, ["scale", "accumulate"]);
    assert_eq!(plan.modules.len(), 2);
    assert_eq!(plan.launches.len(), 3);
    let id = |n: &str| p.find(n).unwrap();
    let (l0, l1, l2) = (&plan.launches[0], &plan.launches[1], &plan.launches[2]);
    assert_eq!((l0.module, l1.module, l2.module), (0, 0, 1));
    assert_eq!(l0.config, plan.modules[0].launch);
    let y = p.calls[0].written("y").unwrap();
    let z = p.calls[1].written("y").unwrap();
    // The entry's parameters are x, y, s in the module's order.
    let order: Vec<&str> = plan.modules[0]
        .params
        .iter()
        .map(|q| q.name.as_str())
        .collect();
    let bind = |l: &PlannedLaunch, name: &str| {
        l.args[order.iter().position(|n| *n == name).unwrap()].clone()
    };
    assert_eq!(bind(l0, "x"), LaunchArg::Buffer(id("x")));
    assert_eq!(bind(l0, "y"), LaunchArg::Buffer(y));
    assert_eq!(bind(l0, "s"), LaunchArg::F32(2.0));
    assert_eq!(bind(l1, "x"), LaunchArg::Buffer(y));
    assert_eq!(bind(l1, "s"), LaunchArg::F32(3.0));
    assert_eq!(l0.zero, vec![y]);
    assert_eq!(l1.zero, vec![z]);
    // The in/out ref writes the state buffer itself; nothing to zero.
    assert!(l2.zero.is_empty());
    assert!(l2.args.contains(&LaunchArg::Buffer(id("acc"))));
    assert!(l2.args.contains(&LaunchArg::Buffer(id("rows"))));
    assert_eq!(plan.bytes[id("acc").index()], 48);
    // A 4-byte prefetch array still gets a 16-byte allocation.
    assert_eq!(plan.alloc_bytes(id("rows")), 16);
}

#[test]
fn integer_and_bool_scalars_are_u32() {
    let mut kb = KernelBuilder::new("offset");
    kb.grid(&[1]);
    let x = kb.input("x", DType::I32, &[4]);
    let y = kb.output("y", DType::I32, &[4]);
    let n = kb.scalar("n", DType::I32);
    let _ = kb.scalar("flag", DType::Bool);
    let t = kb.load(x, &[Index::Full]);
    let t = kb.add(t, n);
    kb.store(y, &[Index::Full], t);
    let k = Arc::new(kb.finish().unwrap());
    let mut p = ProgramBuilder::new("p");
    let x = p.input("x", DType::I32, &[4]);
    let c = p.call(
        &k,
        &[
            ("x", x.into()),
            ("n", (-1i32).into()),
            ("flag", true.into()),
        ],
    );
    let y = p.out(c, "y");
    p.output(y);
    let p = p.finish().unwrap();
    let plan = plan_program(&p, Target::Sm90a).unwrap();
    let args = &plan.launches[0].args;
    assert!(args.contains(&LaunchArg::U32(u32::MAX)), "{args:?}");
    assert!(args.contains(&LaunchArg::U32(1)), "{args:?}");
}

#[test]
fn a_module_that_does_not_fit_the_call_is_an_error_naming_it() {
    let p = program();
    // Emit another kernel's module for `scale`: its parameters are unbound.
    let other = accumulate();
    let err = plan_program_with(&p, Target::Sm80, &mut |k| {
        if k.name() == "scale" {
            emit(&other, Target::Sm80)
        } else {
            emit(k, Target::Sm80)
        }
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("program `step`"), "{err}");
    assert!(
        err.contains("call 0 (`scale`): the module (of kernel `accumulate`) has parameter `rows`"),
        "{err}"
    );
    assert!(err.contains("call 1 (`scale`)"), "{err}");
}

#[test]
fn emit_errors_pass_through() {
    let p = program();
    let err = plan_program_with(&p, Target::Sm80, &mut |k| {
        Err(PtxError::at(k.kernel(), None, "no".to_string()))
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("scale"), "{err}");
}

#[test]
fn inputs_and_state_are_checked_and_laid_out() {
    let p = program();
    let x = HostTensor::from_f32(DType::F32, &[4], &[1., 2., 3., 4.]).unwrap();
    let rows = HostTensor::from_i32(&[1], vec![2]).unwrap();
    let bytes = input_bytes(&p, &[("x", &x), ("rows", &rows)]).unwrap();
    assert_eq!(bytes.len(), 2);
    assert_eq!(bytes[0], (p.find("x").unwrap(), x.to_le_bytes()));
    let wrong = HostTensor::zeros(DType::F32, &[5]);
    let err = input_bytes(&p, &[("x", &wrong), ("rows", &rows)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("input `x` is f32[5]"), "{err}");

    let state = state_bytes(&p, BTreeMap::new()).unwrap();
    assert_eq!(state, vec![(p.find("acc").unwrap(), vec![0u8; 48])]);
    let bad = BTreeMap::from([("x".to_string(), x.clone())]);
    let err = state_bytes(&p, bad).unwrap_err().to_string();
    assert!(err.contains("`x`") && err.contains("not state"), "{err}");

    // Read back with allocation padding.
    let t = tensor_from_bytes(&p, p.find("x").unwrap(), {
        let mut b = x.to_le_bytes();
        b.extend([0; 16]);
        b
    })
    .unwrap();
    assert_eq!(t.as_f32().unwrap(), &[1., 2., 3., 4.]);
    let err = tensor_from_bytes(&p, p.find("x").unwrap(), vec![0; 3]).unwrap_err();
    assert!(err.to_string().contains("buffer `x` read back"), "{err}");
}

/// Runs `plan` as the device would, on the host: one byte buffer per
/// program buffer, each launch's arguments rebuilt from nothing but its
/// bindings (through the interpreter). Agreeing with the launch list
/// (`HostProgram`) shows the bindings, zeroing and in-place state are right.
struct HostDevice<'p> {
    program: &'p Program,
    plan: ProgramPlan,
    mem: Vec<Vec<u8>>,
}

impl<'p> HostDevice<'p> {
    fn load(program: &'p Program, state: BTreeMap<String, HostTensor>) -> Self {
        let plan = plan_program(program, Target::Sm80).unwrap();
        let mut mem: Vec<Vec<u8>> = (0..program.buffers.len())
            .map(|i| vec![0; plan.alloc_bytes_at(i)])
            .collect();
        for (b, bytes) in state_bytes(program, state).unwrap() {
            mem[b.index()][..bytes.len()].copy_from_slice(&bytes);
        }
        HostDevice { program, plan, mem }
    }

    fn execute(&mut self, inputs: &[(&str, &HostTensor)]) -> BTreeMap<BufferId, HostTensor> {
        for (b, bytes) in input_bytes(self.program, inputs).unwrap() {
            self.mem[b.index()][..bytes.len()].copy_from_slice(&bytes);
        }
        for l in &self.plan.launches {
            for b in &l.zero {
                self.mem[b.index()].fill(0);
            }
            let kernel = &self.program.calls[l.call].kernel;
            let k = kernel.kernel();
            let m = &self.plan.modules[l.module];
            let mut args = tilekit_core::KernelArgs::new();
            let mut writes = Vec::new();
            for (p, a) in m.params.iter().zip(&l.args) {
                let (dtype, shape, output) = match p.kind {
                    ParamKind::Prefetch(j) => (DType::I32, k.prefetch[j].shape.clone(), false),
                    ParamKind::Ref(j) => {
                        let r = &k.refs[j];
                        if r.kind != RefKind::Input {
                            if let LaunchArg::Buffer(b) = a {
                                writes.push((r.name.clone(), *b));
                            }
                        }
                        (r.dtype, r.shape.clone(), r.kind == RefKind::Output)
                    }
                    ParamKind::Scalar(j) => {
                        let x = match (k.scalars[j].dtype, a) {
                            (DType::F32, LaunchArg::F32(x)) => tilekit_core::ScalarArg::F32(*x),
                            (DType::Bool, LaunchArg::U32(x)) => {
                                tilekit_core::ScalarArg::Bool(*x != 0)
                            }
                            (_, LaunchArg::U32(x)) => tilekit_core::ScalarArg::I32(*x as i32),
                            other => panic!("scalar bound to {other:?}"),
                        };
                        args.scalars.insert(p.name.clone(), x);
                        continue;
                    }
                    ParamKind::TensorMap { .. } => continue,
                };
                let LaunchArg::Buffer(b) = a else {
                    panic!("`{}` bound to {a:?}", p.name)
                };
                if !output {
                    let n = shape.iter().product::<usize>() * dtype.size_bytes();
                    let t = HostTensor::from_le_bytes(dtype, &shape, &self.mem[b.index()][..n]);
                    args.tensors.insert(p.name.clone(), t.unwrap());
                }
            }
            let out = tilekit_core::interp::run(kernel, &args).unwrap();
            for (name, b) in writes {
                let bytes = out[&name].to_le_bytes();
                self.mem[b.index()][..bytes.len()].copy_from_slice(&bytes);
            }
        }
        self.program
            .outputs
            .iter()
            .map(|b| {
                let t = tensor_from_bytes(self.program, *b, self.mem[b.index()].clone());
                (*b, t.unwrap())
            })
            .collect()
    }
}

#[test]
fn the_plan_run_on_the_host_matches_the_launch_list() {
    use tilekit_core::{Backend, Interpreter};
    let p = Arc::new(program());
    let acc0 = HostTensor::from_f32(DType::F32, &[3, 4], &[0.5; 12]).unwrap();
    let state = BTreeMap::from([("acc".to_string(), acc0)]);
    let mut host = HostDevice::load(&p, state.clone());
    let mut reference = Interpreter.load_program(&p, state).unwrap();
    for step in 0..3 {
        let x = HostTensor::from_f32(DType::F32, &[4], &[1., -2., 3., step as f32]).unwrap();
        let rows = HostTensor::from_i32(&[1], vec![step % 2]).unwrap();
        let inputs = [("x", &x), ("rows", &rows)];
        let got = host.execute(&inputs);
        let want = reference.execute(&inputs).unwrap();
        assert_eq!(got.len(), 1);
        for (b, t) in &want {
            assert_eq!(got[b].to_le_bytes(), t.to_le_bytes(), "step {step}");
        }
    }
    let acc = p.find("acc").unwrap();
    let got = tensor_from_bytes(&p, acc, host.mem[acc.index()].clone()).unwrap();
    let want = reference.read_state("acc").unwrap();
    assert_eq!(got.as_f32().unwrap(), want.as_f32().unwrap());
    // Rows 0 and 1 accumulated, row 2 untouched.
    assert_eq!(got.as_f32().unwrap()[8..], [0.5; 4]);
    assert_ne!(got.as_f32().unwrap()[..4], [0.5; 4]);
}
