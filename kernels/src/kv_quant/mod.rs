//! Paged KV caches of 8-bit codes with one f32 scale per (token, KV head):
//! the writer that quantizes new rows into them ([`kv_write_quantized`])
//! and paged decode attention over them ([`paged_decode_quantized`]).
//!
//! # Layout
//!
//! `k_cache`, `v_cache`: `[NB, BS, Hkv, D]` of `i8` or `f8e4m3` codes;
//! `k_scale`, `v_scale`: `[NB, BS, Hkv]` f32. The value of element `i` of
//! a cached row is `code[i] · scale`.
//!
//! # Quantization (one row `x[0..D]` of one token and KV head)
//!
//! - **int8**: `scale = max|x| / 127` (an f32 division, so exactly the f32
//!   nearest the real quotient), `code = clamp(round(x / scale), -127,
//!   127)` with `round` to nearest, ties away from zero. -128 is never
//!   written, so the code range is symmetric.
//! - **fp8 e4m3**: `scale = max|x| / 448` (448 is E4M3's largest finite
//!   value), `code = (x / scale)` converted to E4M3, rounding to nearest
//!   even and saturating (the cast's one rule, `tilekit_core::fp8`).
//!
//! XLA rewrites a division by a constant as a multiplication by the
//! reciprocal, so on PJRT a scale can be one f32 ulp off the correctly
//! rounded quotient the interpreter stores; the codes are always computed
//! from the scale that is stored, so `code · scale` stays consistent.
//!
//! In both, `x / scale` is the f32 quotient, and a row whose scale is 0
//! (all zeros, or so small that `max|x| / 127` underflows) gets scale 0 and
//! every code 0: the kernel divides by 1 instead of 0 there, which keeps
//! `0 / 0 = NaN` out of the casts (how a NaN converts to an integer is up
//! to each backend's hardware).
//!
//! # Why rounding is spelt with truncation
//!
//! The IR has no `round` op, and adding one would mean lowering it on every
//! backend. A float → int cast truncates toward zero, so the kernel takes
//! `t = trunc(y)` and the remainder `r = y - t` (exact in f32 for every
//! `|y| < 2^23`), and adds 1 away from zero where `|r| ≥ 0.5`. The obvious
//! `trunc(y + 0.5 · sign(y))` is wrong: `0.49999997 + 0.5` rounds to `1.0`
//! in f32, so it would round 0.49999997 up.
//!
//! New rows must be finite (checked on the host): an infinite or NaN value
//! has no scale that represents its row.

mod decode;
mod write;

pub use decode::{
    paged_decode_quantized, paged_decode_quantized_kernel, PagedDecodeQuantizedKernelShapes,
    QuantPagedDecodeInputs,
};
pub use write::{kv_write_quantized, kv_write_quantized_kernel, KvWriteQuantizedKernelShapes};

use crate::error::KernelError;
use crate::validate::Check;
use tilekit_core::dsl::*;
use tilekit_core::{DType, HostTensor};

/// The code type of a quantized KV cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KvCodec {
    /// `i8` codes, `scale = max|x| / 127`.
    Int8,
    /// `f8e4m3` codes, `scale = max|x| / 448`.
    Fp8E4M3,
}

impl KvCodec {
    /// The codec of a cache dtype, if it is one.
    pub fn of(dtype: DType) -> Option<KvCodec> {
        match dtype {
            DType::I8 => Some(KvCodec::Int8),
            DType::F8E4M3 => Some(KvCodec::Fp8E4M3),
            _ => None,
        }
    }

    pub fn dtype(self) -> DType {
        match self {
            KvCodec::Int8 => DType::I8,
            KvCodec::Fp8E4M3 => DType::F8E4M3,
        }
    }

    /// The largest code magnitude: `scale = max|x| / qmax`.
    pub fn qmax(self) -> f32 {
        match self {
            KvCodec::Int8 => 127.0,
            KvCodec::Fp8E4M3 => 448.0,
        }
    }
}

/// A quantized paged KV cache (see the module doc for the layout).
#[derive(Clone, Debug, PartialEq)]
pub struct QuantKvCache {
    /// `[NB, BS, Hkv, D]`, `i8` or `f8e4m3`.
    pub k_cache: HostTensor,
    /// `[NB, BS, Hkv]` f32.
    pub k_scale: HostTensor,
    pub v_cache: HostTensor,
    pub v_scale: HostTensor,
}

/// What [`check_cache`] proved: the codec and `[NB, BS, Hkv, D]`.
pub(crate) struct CacheShape {
    pub codec: KvCodec,
    pub dims: [usize; 4],
}

/// Validates the four tensors of a quantized cache against each other.
pub(crate) fn check_cache(
    c: Check,
    k_cache: &HostTensor,
    k_scale: &HostTensor,
    v_cache: &HostTensor,
    v_scale: &HostTensor,
) -> Result<CacheShape, KernelError> {
    let Some(codec) = KvCodec::of(k_cache.dtype()) else {
        return Err(c.err(
            "k_cache",
            format!(
                "dtype {} is not accepted (expected i8 or f8e4m3 codes)",
                k_cache.dtype()
            ),
        ));
    };
    c.rank("k_cache", k_cache, &["NB", "BS", "Hkv", "D"])?;
    if v_cache.dtype() != k_cache.dtype() {
        return Err(c.err(
            "v_cache",
            format!(
                "dtype {} differs from `k_cache`'s {}",
                v_cache.dtype(),
                k_cache.dtype()
            ),
        ));
    }
    c.same_shape("v_cache", v_cache, "k_cache", k_cache)?;
    let s = k_cache.shape();
    let dims = [s[0], s[1], s[2], s[3]];
    for (arg, t) in [("k_scale", k_scale), ("v_scale", v_scale)] {
        if t.dtype() != DType::F32 {
            return Err(c.err(
                arg,
                format!("dtype {} is not accepted (expected f32)", t.dtype()),
            ));
        }
        if t.shape() != &s[..3] {
            return Err(c.err(
                arg,
                format!(
                    "shape {:?} is not [NB, BS, Hkv] = {:?} (one scale per cached token and KV head)",
                    t.shape(),
                    &s[..3]
                ),
            ));
        }
    }
    if dims[1] == 0 {
        return Err(c.err("k_cache", "the page size BS (axis 1) is 0"));
    }
    if dims[3] == 0 {
        return Err(c.err("k_cache", "the head dimension D (axis 3) is 0"));
    }
    Ok(CacheShape { codec, dims })
}

/// Codes of `y` (f32, already divided by the scale) for `codec`, as `C`:
/// int8 rounds half away from zero (see the module doc) and clamps to ±127,
/// fp8 converts with the cast's rounding and saturation.
#[track_caller]
pub(crate) fn encode<C: Element>(y: Tile<f32>, codec: KvCodec) -> Tile<C> {
    match codec {
        KvCodec::Int8 => {
            let t = y.cast::<i32>(); // toward zero
            let r = y - t.to_f32(); // exact: |y| ≤ 127 here
            let up = select::<i32>(r.ge(0.5), 1, 0) - select::<i32>(r.le(-0.5), 1, 0);
            (t + up).max(-127i32).min(127i32).cast::<C>()
        }
        KvCodec::Fp8E4M3 => y.cast::<C>(),
    }
}
