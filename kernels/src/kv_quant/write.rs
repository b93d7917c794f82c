//! Appending new tokens' K and V to a quantized paged cache: `kv_write`
//! (`crate::kv_write`) with the quantization of the parent module. One
//! program per sequence quantizes its token's `[Hkv, D]` rows, one scale per
//! KV head, and stores codes and scales at the slot; a negative slot writes
//! nothing.

use super::{check_cache, encode, KvCodec, QuantKvCache};
use crate::error::KernelError;
use crate::host::{self, with_float_type};
use crate::validate::Check;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, HostTensor};

/// `(codes, scales)` of rows `x: [Hkv, D]`: scales `[Hkv]`.
#[track_caller]
fn quantize_rows<C: Element>(x: Tile<f32>) -> (Tile<C>, Tile<f32>) {
    let codec = KvCodec::of(C::DTYPE).unwrap_or(KvCodec::Int8);
    let scale = x.abs().max_along(1) / codec.qmax(); // [Hkv]
                                                     // A zero scale means a zero row (or an underflowing one, |x| < 0.5 ·
                                                     // scale units): dividing by 1 gives codes 0 without computing 0 / 0.
    let divisor = select(scale.gt(0.0), scale, 1.0);
    (encode::<C>(x / divisor.col(), codec), scale)
}

#[kernel(grid = [k_new.dim(0)], name = "kv_write_quantized")]
pub fn kv_write_quantized_kernel<T: Float, C: Element>(
    #[prefetch] slot_mapping: Prefetch<1>, // [B]
    k_new: Ref<T, 3>,                      // [B, Hkv, D]
    v_new: Ref<T, 3>,
    k_cache: InOut<C, 4>,   // [NB, BS, Hkv, D]
    k_scale: InOut<f32, 3>, // [NB, BS, Hkv]
    v_cache: InOut<C, 4>,
    v_scale: InOut<f32, 3>,
) {
    let bs = k_cache.dim(1);
    let b = program_id(0);
    let slot = slot_mapping[b];
    if slot.ge(0) {
        let (page, offset) = (slot / bs, slot % bs);
        let (k_codes, k_scales) = quantize_rows::<C>(k_new.load([b, .., ..]).to_f32());
        let (v_codes, v_scales) = quantize_rows::<C>(v_new.load([b, .., ..]).to_f32());
        k_cache.store([page, offset, .., ..], k_codes);
        k_scale.store([page, offset, ..], k_scales);
        v_cache.store([page, offset, .., ..], v_codes);
        v_scale.store([page, offset, ..], v_scales);
    }
}

/// Quantizes one new token per sequence into the cache at `slot_mapping`
/// (i32 `[B]`, negative for none). `k_new`, `v_new`: `[B, Hkv, D]` of
/// bf16, f16 or f32, every value finite. Returns the updated cache.
pub fn kv_write_quantized(
    backend: &dyn Backend,
    cache: &QuantKvCache,
    k_new: &HostTensor,
    v_new: &HostTensor,
    slot_mapping: &HostTensor,
) -> Result<QuantKvCache, KernelError> {
    const OP: &str = "kv_write_quantized";
    let c = Check { op: OP };
    let QuantKvCache {
        k_cache,
        k_scale,
        v_cache,
        v_scale,
    } = cache;
    let shape = check_cache(c, k_cache, k_scale, v_cache, v_scale)?;
    let [nb, bs, hkv, d] = shape.dims;
    let batch = k_new.shape().first().copied().unwrap_or(0);
    for (arg, t) in [("k_new", k_new), ("v_new", v_new)] {
        c.float(arg, t, &["B", "Hkv", "D"])?;
        if t.dtype().is_fp8() {
            return Err(c.err(
                arg,
                format!(
                    "dtype {} is not accepted (expected bf16, f16 or f32)",
                    t.dtype()
                ),
            ));
        }
        if t.shape() != [batch, hkv, d] {
            return Err(c.err(
                arg,
                format!(
                    "expected [B, Hkv, D] = [{batch}, {hkv}, {d}], got {:?}",
                    t.shape()
                ),
            ));
        }
        if let Some(i) = t.to_f32_vec().iter().position(|x| !x.is_finite()) {
            let at = [i / (hkv * d), i / d % hkv, i % d];
            return Err(c.err(
                arg,
                format!("entry {at:?} is not finite (a quantized row needs a finite max |x|)"),
            ));
        }
    }
    if v_new.dtype() != k_new.dtype() {
        return Err(c.err(
            "v_new",
            format!(
                "dtype {} differs from `k_new`'s {}",
                v_new.dtype(),
                k_new.dtype()
            ),
        ));
    }
    let slots = c.int("slot_mapping", slot_mapping, &["B"])?;
    c.dim(
        "slot_mapping",
        slot_mapping.shape(),
        0,
        "B",
        batch,
        "`k_new`",
    )?;
    let capacity = (nb * bs) as i64;
    if let Some((b, &s)) = slots
        .iter()
        .enumerate()
        .find(|(_, &s)| s as i64 >= capacity)
    {
        return Err(c.err(
            "slot_mapping",
            format!("sequence {b}: slot {s} is past the cache's {capacity} slots"),
        ));
    }
    if batch == 0 {
        return Ok(cache.clone());
    }
    let args = KvWriteQuantizedKernelArgs {
        slot_mapping: slot_mapping.clone(),
        k_new: k_new.clone(),
        v_new: v_new.clone(),
        k_cache: k_cache.clone(),
        k_scale: k_scale.clone(),
        v_cache: v_cache.clone(),
        v_scale: v_scale.clone(),
    }
    .to_kernel_args();
    let shapes =
        KvWriteQuantizedKernelShapes::from_args(&args).map_err(|e| KernelError::backend(OP, e))?;
    let dtype = k_new.dtype();
    let built = with_float_type!(dtype, T => match shape.codec {
        KvCodec::Int8 => kv_write_quantized_kernel_cached::<T, i8>(&shapes),
        KvCodec::Fp8E4M3 => kv_write_quantized_kernel_cached::<T, f8e4m3>(&shapes),
    });
    let kernel = host::built(OP, "kv_write_quantized", built)?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    let mut take = |name| host::take(OP, backend, &mut out, &kernel, name);
    Ok(QuantKvCache {
        k_cache: take("k_cache")?,
        k_scale: take("k_scale")?,
        v_cache: take("v_cache")?,
        v_scale: take("v_scale")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tilekit_core::{DType, Interpreter};

    /// Exact ties and near-ties of the int8 rounding, with `max|x| = 127`
    /// so the scale is exactly 1 and `x / scale = x`.
    #[test]
    fn int8_rounds_half_away_from_zero() {
        let row = [127.0, 2.5, -2.5, 0.5, -0.5, 0.49999997, -1.4999999, 3.0];
        let k_new = HostTensor::from_f32(DType::F32, &[1, 1, 8], &row).unwrap();
        let cache = QuantKvCache {
            k_cache: HostTensor::zeros(DType::I8, &[1, 2, 1, 8]),
            k_scale: HostTensor::zeros(DType::F32, &[1, 2, 1]),
            v_cache: HostTensor::zeros(DType::I8, &[1, 2, 1, 8]),
            v_scale: HostTensor::zeros(DType::F32, &[1, 2, 1]),
        };
        let zero_row = HostTensor::zeros(DType::F32, &[1, 1, 8]);
        let slots = HostTensor::from_i32(&[1], vec![1]).unwrap();
        let out = kv_write_quantized(&Interpreter, &cache, &k_new, &zero_row, &slots).unwrap();
        let codes = out.k_cache.to_i32_vec().unwrap();
        assert_eq!(&codes[8..], &[127, 3, -3, 1, -1, 0, -1, 3]);
        assert_eq!(out.k_scale.to_f32_vec(), vec![0.0, 1.0]);
        // The zero row: scale 0, codes 0.
        assert_eq!(out.v_scale.to_f32_vec(), vec![0.0, 0.0]);
        assert!(out.v_cache.to_i32_vec().unwrap().iter().all(|&c| c == 0));
    }
}
