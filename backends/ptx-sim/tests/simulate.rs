//! Emitted PTX of builder-made kernels executed by the simulator against
//! the interpreter (the op zoo, masked pipelined loads), through the
//! library functions and the [`Backend`] interface, and the errors a
//! simulation reports instead of panicking.

mod common;

use common::{close, close_all, masked_pipeline, random_tensor, zoo, zoo_args, Rng};
use tilekit_core::ir::Index;
use tilekit_core::{Backend, BackendError, DType, HostTensor, KernelArgs, KernelBuilder};
use tilekit_ptx_sim::{simulate_all_targets, simulate_text, PtxSim, Target};

#[test]
fn simulated_op_zoo_matches_the_interpreter() {
    let kernel = zoo();
    for seed in [0, 1] {
        let args = zoo_args(seed);
        let got = simulate_all_targets(&kernel, &args).unwrap_or_else(|e| panic!("{e}"));
        let want = tilekit_core::interp::run(&kernel, &args).unwrap();
        close_all(&format!("zoo seed {seed}"), &got, &want, 1e-4, 1e-3);
    }
}

#[test]
fn simulated_masked_pipelined_loads_match_the_interpreter() {
    let kernel = masked_pipeline();
    assert_eq!(kernel.info().pipelined_loops[0].loads.len(), 1);
    let mut rng = Rng::new(9);
    let xs = random_tensor(&mut rng, DType::F32, &[2, 40], 1.0);
    for len in [0, 1, 8, 37, 40] {
        let args = KernelArgs::new().tensor("x", xs.clone()).i32("n", len);
        let got = simulate_all_targets(&kernel, &args).unwrap_or_else(|e| panic!("{e}"));
        let want = tilekit_core::interp::run(&kernel, &args).unwrap();
        close(&format!("n = {len}"), &got["y"], &want["y"], 0.0, 0.0);
    }
}

#[test]
fn the_backend_runs_on_both_targets_like_the_interpreter() {
    let kernel = zoo();
    let args = zoo_args(3);
    let want = tilekit_core::interp::run(&kernel, &args).unwrap();
    for target in Target::ALL {
        let sim = PtxSim::new(target);
        assert_eq!(sim.name(), format!("ptx-sim-{}", target.name()));
        let got = sim.run(&kernel, &args).unwrap_or_else(|e| panic!("{e}"));
        close_all(target.name(), &got, &want, 1e-4, 1e-3);
    }
    assert_eq!(PtxSim::default().target(), Target::Sm90a);
}

/// `y[i] = x[idx[i]]`, a gather through an index the kernel trusts.
fn gather() -> tilekit_core::VerifiedKernel {
    let mut kb = KernelBuilder::new("gather");
    kb.grid(&[2]);
    let x = kb.input("x", DType::F32, &[4, 8]);
    let idx = kb.prefetch("idx", &[2]);
    let y = kb.output("y", DType::F32, &[2, 8]);
    let p = kb.program_id(0);
    let row = kb.prefetch_read(idx, &[p]);
    let t = kb.load(x, &[Index::at(row), Index::Full]);
    kb.store(y, &[Index::at(p), Index::Full], t);
    kb.finish().unwrap()
}

#[test]
fn errors_name_the_kernel_and_are_not_panics() {
    let kernel = gather();
    let x = HostTensor::zeros(DType::F32, &[4, 8]);
    let args = |i: i32| {
        KernelArgs::new()
            .tensor("x", x.clone())
            .tensor("idx", HostTensor::from_i32(&[2], vec![1, i]).unwrap())
    };
    for target in Target::ALL {
        let sim = PtxSim::new(target);
        sim.run(&kernel, &args(3)).unwrap();
        // A row past the end: an out-of-bounds global read.
        let err = sim.run(&kernel, &args(4)).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, BackendError::Target { .. }), "{text}");
        assert!(
            text.contains("kernel `gather`") && text.contains("memcheck"),
            "{text}"
        );
        // A missing argument is the signature check's error.
        let err = sim.run(&kernel, &KernelArgs::new()).unwrap_err();
        assert!(matches!(err, BackendError::Args(_)), "{err}");
        // An instruction outside the simulated subset.
        let err = simulate_text(&kernel, &args(0), target, |t| {
            t.replacen("\tret;", "\ttrap;", 1)
        })
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("kernel `gather`") && err.contains("unsupported instruction `trap`"),
            "{err}"
        );
    }
}
