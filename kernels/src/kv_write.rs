//! Appending new tokens' K and V to a paged cache, as a serving engine does
//! every decode step: `slot_mapping[b]` is the flat slot (`page * BS + offset`)
//! that sequence `b`'s new token goes to; a negative slot means "no token"
//! (a padded batch entry) and writes nothing.

use crate::host::{self, with_float_type};
use crate::KernelError;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, DType, HostTensor};

#[kernel(grid = [k_new.dim(0)])]
pub fn kv_write_kernel<T: Float>(
    #[prefetch] slot_mapping: Prefetch<1>, // [B]
    k_new: Ref<T, 3>,                      // [B, Hkv, D]
    v_new: Ref<T, 3>,
    k_cache: InOut<T, 4>, // [NB, BS, Hkv, D]
    v_cache: InOut<T, 4>,
) {
    let (bs, row) = (k_cache.dim(1), [k_cache.dim(2), k_cache.dim(3)]);
    let b = program_id(0);
    let slot = slot_mapping[b];
    // A masked store rather than an `if`: XLA lowers a conditional that
    // updates the cache by copying the whole cache into and out of it (per
    // layer, per step); a masked store updates it in place everywhere.
    let keep = slot.ge(0);
    let at = select(keep, slot, 0);
    let (page, offset) = (at / bs, at % bs);
    let mask = keep.broadcast_to(row);
    k_cache.store_masked([page, offset, .., ..], k_new.load([b, .., ..]), mask);
    v_cache.store_masked([page, offset, .., ..], v_new.load([b, .., ..]), mask);
}

const OP: &str = "kv_write";

/// The caches after a [`kv_write`].
#[derive(Clone, Debug)]
pub struct UpdatedCache {
    pub k_cache: HostTensor,
    pub v_cache: HostTensor,
}

/// Writes one token per sequence into the cache at `slot_mapping` (i32 [B],
/// -1 for none). Slots are checked against the cache's capacity first.
pub fn kv_write(
    backend: &dyn Backend,
    k_cache: &HostTensor,
    v_cache: &HostTensor,
    k_new: &HostTensor,
    v_new: &HostTensor,
    slot_mapping: &HostTensor,
) -> Result<UpdatedCache, KernelError> {
    let bad = |arg: &'static str, problem: String| KernelError::input(OP, arg, problem);
    let [nb, bs, hkv, d] = *k_cache.shape() else {
        return Err(bad(
            "k_cache",
            format!("expected [NB, BS, Hkv, D], got {:?}", k_cache.shape()),
        ));
    };
    if v_cache.shape() != k_cache.shape() {
        return Err(bad(
            "v_cache",
            format!(
                "shape {:?} differs from k_cache's {:?}",
                v_cache.shape(),
                k_cache.shape()
            ),
        ));
    }
    let batch = k_new.shape().first().copied().unwrap_or(0);
    for (arg, t) in [("k_new", k_new), ("v_new", v_new)] {
        if t.shape() != [batch, hkv, d] {
            return Err(bad(
                arg,
                format!(
                    "expected [B, Hkv, D] = [{batch}, {hkv}, {d}], got {:?}",
                    t.shape()
                ),
            ));
        }
    }
    let Some(slots) = slot_mapping.as_i32().filter(|s| s.len() == batch) else {
        return Err(bad(
            "slot_mapping",
            format!(
                "expected i32 [{batch}], got {} {:?}",
                slot_mapping.dtype(),
                slot_mapping.shape()
            ),
        ));
    };
    let capacity = (nb * bs) as i64;
    if let Some((b, &s)) = slots
        .iter()
        .enumerate()
        .find(|(_, &s)| s as i64 >= capacity)
    {
        return Err(bad(
            "slot_mapping",
            format!("sequence {b}: slot {s} is past the cache's {capacity} slots"),
        ));
    }
    if !matches!(k_cache.dtype(), DType::Bf16 | DType::F16 | DType::F32) {
        return Err(bad(
            "k_cache",
            format!("dtype {} is not a float dtype", k_cache.dtype()),
        ));
    }
    let args = KvWriteKernelArgs {
        slot_mapping: slot_mapping.clone(),
        k_new: k_new.clone(),
        v_new: v_new.clone(),
        k_cache: k_cache.clone(),
        v_cache: v_cache.clone(),
    }
    .to_kernel_args();
    let shapes = KvWriteKernelShapes::from_args(&args).map_err(|e| KernelError::backend(OP, e))?;
    let dtype = k_cache.dtype();
    let kernel = host::built(
        OP,
        "kv_write_kernel",
        with_float_type!(dtype, T => kv_write_kernel_cached::<T>(&shapes)),
    )?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    Ok(UpdatedCache {
        k_cache: host::take(OP, backend, &mut out, &kernel, "k_cache")?,
        v_cache: host::take(OP, backend, &mut out, &kernel, "v_cache")?,
    })
}
