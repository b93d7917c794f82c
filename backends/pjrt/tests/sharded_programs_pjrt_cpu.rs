//! Sharded programs on XLA's CPU plugin with several devices: a state
//! split over 2 devices is doubled on each device's slice, the slices'
//! results summed by the all-reduce, and the state updated in place on
//! every device; the lowered module is `shard_map`'s shape (manual
//! region, explicit all-reduce).

use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::ir::Index;
use tilekit_core::program::{Arg, Program, ProgramBuilder};
use tilekit_core::{Backend, DType, HostTensor, KernelBuilder, VerifiedKernel};
use tilekit_pjrt::PjrtBackend;

/// `w := 2 w` in place, and `y = 2 w` (the new value) out.
fn double() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("double");
    kb.grid(&[1]);
    let w = kb.inout("w", DType::F32, &[2]);
    let y = kb.output("y", DType::F32, &[2]);
    let t = kb.load(w, &[Index::Full]);
    let two = kb.f32(2.0);
    let t = kb.mul(t, two);
    kb.store(w, &[Index::Full], t);
    kb.store(y, &[Index::Full], t);
    Arc::new(kb.finish().unwrap())
}

fn program() -> Arc<Program> {
    let mut p = ProgramBuilder::new("tp_double");
    p.shard(2);
    let w = p.state("w", DType::F32, &[2]);
    p.split(w, 0);
    let call = p.call(&double(), &[("w", Arg::from(w))]);
    let y = p.out(call, "y");
    let sum = p.all_reduce_sum(y);
    p.output(sum);
    Arc::new(p.finish().unwrap())
}

#[test]
fn a_split_state_is_summed_over_devices_and_updated_in_place() {
    let backend = PjrtBackend::with_cpu_devices(2)
        .unwrap_or_else(|e| panic!("this test needs the PJRT CPU plugin: {e}"));
    let program = program();
    let module = tilekit_stablehlo::lower_program(&program).unwrap();
    for want in [
        "mhlo.num_partitions = 2 : i32",
        "%arg0: tensor<4xf32> {tf.aliasing_output = 0 : i32, mhlo.sharding = \"{devices=[2]0,1}\"}",
        "@SPMDFullToShardShape(%shard_in0) {mhlo.sharding = \"{manual}\"} : (tensor<4xf32>) -> tensor<2xf32>",
        "\"stablehlo.all_reduce\"",
        "replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>",
        "@SPMDShardToFullShape",
    ] {
        assert!(module.text.contains(want), "{want} not in\n{}", module.text);
    }
    let w = HostTensor::from_f32(DType::F32, &[4], &[1., 2., 3., 4.]).unwrap();
    let mut set = backend
        .load_program_set(
            std::slice::from_ref(&program),
            BTreeMap::from([("w".to_string(), w)]),
        )
        .unwrap();
    for (step, want) in [[8.0f32, 12.0], [16.0, 24.0]].iter().enumerate() {
        let out = set.execute(0, &[]).unwrap();
        let sum = out.values().next().unwrap();
        assert_eq!(sum.shape(), &[2]);
        assert_eq!(sum.as_f32().unwrap(), want, "step {step}");
    }
    let w = set.read_state("w").unwrap();
    assert_eq!(w.as_f32().unwrap(), &[4., 8., 12., 16.]);
}
