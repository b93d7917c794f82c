//! The KV-write kernel: each sequence's new K/V row lands at its slot, a
//! negative slot writes nothing, and a slot past the cache is an error
//! naming the sequence.

use tilekit_core::{DType, HostTensor, Interpreter};
use tilekit_kernels::kv_write;

fn cache(nb: usize, bs: usize, fill: f32) -> HostTensor {
    HostTensor::from_f32(DType::Bf16, &[nb, bs, 2, 4], &vec![fill; nb * bs * 8]).unwrap()
}

fn rows(b: usize, base: f32) -> HostTensor {
    let vals: Vec<f32> = (0..b * 8).map(|i| base + i as f32).collect();
    HostTensor::from_f32(DType::Bf16, &[b, 2, 4], &vals).unwrap()
}

#[test]
fn writes_each_token_at_its_slot_and_skips_negative_slots() {
    let (k, v) = (cache(3, 4, -1.0), cache(3, 4, -2.0));
    // Sequence 0 → page 2 offset 1 (slot 9); sequence 1 has no token; 2 → slot 0.
    let slots = HostTensor::from_i32(&[3], vec![9, -1, 0]).unwrap();
    let out = kv_write(&Interpreter, &k, &v, &rows(3, 0.0), &rows(3, 100.0), &slots).unwrap();
    let kc = out.k_cache.to_f32_vec();
    let vc = out.v_cache.to_f32_vec();
    let at = |page: usize, off: usize| (page * 4 + off) * 8;
    assert_eq!(
        &kc[at(2, 1)..at(2, 1) + 8],
        &(0..8).map(|i| i as f32).collect::<Vec<_>>()[..]
    );
    assert_eq!(
        &kc[at(0, 0)..at(0, 0) + 8],
        &(16..24).map(|i| i as f32).collect::<Vec<_>>()[..]
    );
    assert_eq!(
        &vc[at(2, 1)..at(2, 1) + 8],
        &(100..108).map(|i| i as f32).collect::<Vec<_>>()[..]
    );
    let written = kc.iter().filter(|&&x| x != -1.0).count();
    assert_eq!(written, 16, "exactly two rows are written");
}

#[test]
fn a_slot_past_the_cache_is_an_error_naming_the_sequence() {
    let (k, v) = (cache(2, 4, 0.0), cache(2, 4, 0.0));
    let slots = HostTensor::from_i32(&[2], vec![3, 8]).unwrap();
    let err = kv_write(&Interpreter, &k, &v, &rows(2, 0.0), &rows(2, 0.0), &slots).unwrap_err();
    assert_eq!(
        err.to_string(),
        "kv_write: argument `slot_mapping`: sequence 1: slot 8 is past the cache's 8 slots"
    );
}

#[test]
fn mismatched_rows_are_an_error_naming_the_argument() {
    let (k, v) = (cache(2, 4, 0.0), cache(2, 4, 0.0));
    let slots = HostTensor::from_i32(&[2], vec![0, 1]).unwrap();
    let v_new = HostTensor::zeros(DType::Bf16, &[2, 2, 8]);
    let err = kv_write(&Interpreter, &k, &v, &rows(2, 0.0), &v_new, &slots).unwrap_err();
    assert_eq!(err.arg(), Some("v_new"), "{err}");
}
