//! Emitted PTX executed by the CPU simulator (tests/sim) against the
//! interpreter: the op zoo and masked pipelined loads. The simulator also
//! race-checks shared memory and bounds-checks every access. The shipped
//! kernels are simulated in the root crate's tests/ptx_simulate.rs (this
//! crate does not depend on the kernels crate).

mod common;
mod sim;

use sim::harness::{close, simulate};
use tilekit_core::{DType, KernelArgs};

#[test]
fn simulated_op_zoo_matches_the_interpreter() {
    let kernel = common::zoo();
    for seed in [0, 1] {
        let args = common::zoo_args(seed);
        let got = simulate(&kernel, &args).unwrap_or_else(|e| panic!("{e}"));
        let want = tilekit_core::interp::run(&kernel, &args).unwrap();
        for (name, w) in &want {
            close(
                &format!("zoo seed {seed} {name}"),
                &got[name],
                w,
                1e-4,
                1e-3,
            );
        }
    }
}

#[test]
fn simulated_masked_pipelined_loads_match_the_interpreter() {
    let kernel = common::masked_pipeline();
    assert_eq!(kernel.info().pipelined_loops[0].loads.len(), 1);
    let mut rng = common::Rng::new(9);
    let xs = common::random_tensor(&mut rng, DType::F32, &[2, 40], 1.0);
    for len in [0, 1, 8, 37, 40] {
        let args = KernelArgs::new().tensor("x", xs.clone()).i32("n", len);
        let got = simulate(&kernel, &args).unwrap_or_else(|e| panic!("{e}"));
        let want = tilekit_core::interp::run(&kernel, &args).unwrap();
        close(&format!("n = {len}"), &got["y"], &want["y"], 0.0, 0.0);
    }
}
