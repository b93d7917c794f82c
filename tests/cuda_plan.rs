//! tilekit-cuda's launch plan for the shipped paged decode on sm_90a: the
//! TMA tensor-map parameters point at the buffers of the refs they
//! describe. (Here, not in tilekit-cuda, because that crate does not depend
//! on the kernels crate; its own tests plan a small builder kernel.)

use tilekit_core::{DType, HostTensor, KernelArgs};
use tilekit_cuda::{plan_launch, ArgSlot};
use tilekit_kernels::catalog::decode::golden_decode;
use tilekit_kernels::testdata::{PagedDecodeSpec, TailFill};
use tilekit_ptx::{emit, Target};

#[test]
fn tensor_maps_follow_the_refs_they_describe() {
    let k = golden_decode();
    let case = PagedDecodeSpec {
        batch: 2,
        q_heads: 8,
        kv_heads: 2,
        head_dim: 64,
        block_size: 16,
        lens: vec![40, 20],
        dtype: DType::Bf16,
        logit_scale: 1.0,
        share_pages: false,
        tail_fill: TailFill::MinusOne,
        seed: 1,
    }
    .build();
    let kv = HostTensor::zeros(DType::Bf16, &[8, 16, 2, 64]);
    let args = KernelArgs::new()
        .tensor("q", case.q.clone())
        .tensor("k_cache", kv.clone())
        .tensor("v_cache", kv)
        .tensor(
            "block_tables",
            HostTensor::from_i32(&[2, 4], vec![0, 1, 2, 3, 4, 5, 6, 7]).unwrap(),
        )
        .tensor("context_lens", case.context_lens.clone())
        .f32("scale", 0.125);
    let m = emit(&k, Target::Sm90a).unwrap();
    let plan = plan_launch(&k, &m, &args).unwrap();
    assert_eq!(plan.slots.len(), 10);
    let ArgSlot::TensorMap { name, map, buffer } = &plan.slots[8] else {
        panic!("{:?}", plan.slots[8]);
    };
    assert_eq!((name.as_str(), *buffer), ("k_cache", 3));
    assert_eq!(map.box_dims, [64, 1, 16, 1]);
    assert!(
        matches!(&plan.slots[9], ArgSlot::TensorMap { name, buffer: 4, .. } if name == "v_cache")
    );
    // sm_80 has no tensor maps.
    let m80 = emit(&k, Target::Sm80).unwrap();
    assert_eq!(plan_launch(&k, &m80, &args).unwrap().slots.len(), 8);
}
