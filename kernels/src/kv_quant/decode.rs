//! Paged decode attention over a quantized KV cache: the semantics of
//! `paged_decode` (GQA, online softmax, `o` and `lse`) with
//! `k = code · k_scale`, `v = code · v_scale`.
//!
//! One program per (sequence, KV head) owns the G query heads of its group,
//! as `crate::paged_decode` does, with the page loop pipelined two deep.
//! The scales are per token, so they are applied to the small tiles
//! instead of dequantizing `[BS, D]`: a key's scale multiplies its column
//! of logits, `s = (q · codesᵀ) · k_scale`, and a value's scale its
//! probability, `Σ_t p_t · (code_t · s_t) = (p · v_scale) · codes`. The
//! codes convert exactly to q's dtype (|int8| ≤ 127 and every E4M3 value
//! fit bf16 and f16), so the logit dot runs in that dtype. The value dot
//! runs in f32: `p · v_scale` is not a bf16 number, and rounding it would
//! cost 2^-9 of the dominant value whenever one token takes most of the
//! probability (the bf16 `paged_decode` escapes that because its values
//! are bf16 and a probability near 1 rounds to exactly 1).
//!
//! Unwritten cache slots hold anything, NaN included (an fp8 NaN code, a
//! stale scale): slots at or past the length are masked out of the logits
//! and their value codes and scales are zeroed before the value dot.

use super::{check_cache, KvCodec};
use crate::error::KernelError;
use crate::host::{self, with_float_type, AttnOutputs};
use crate::tiles::{finish, group_size};
use crate::validate::{float_dtype, Check};
use tilekit_core::dsl::*;
use tilekit_core::{Backend, HostTensor};

/// Pipeline depth of the page loop.
const STAGES: u32 = 2;

#[kernel(grid = [q.dim(0), k_cache.dim(2)], name = "paged_decode_quantized")]
pub fn paged_decode_quantized_kernel<T: Float, C: Element>(
    #[prefetch] block_tables: Prefetch<2>, // [B, MB]
    #[prefetch] context_lens: Prefetch<1>, // [B]
    q: Ref<T, 3>,                          // [B, Hq, D]
    k_cache: Ref<C, 4>,                    // [NB, BS, Hkv, D]
    k_scale: Ref<f32, 3>,                  // [NB, BS, Hkv]
    v_cache: Ref<C, 4>,
    v_scale: Ref<f32, 3>,
    #[shape(q.shape())] o: RefMut<f32, 3>,
    #[shape([q.dim(0), q.dim(1)])] lse: RefMut<f32, 2>,
    scale: f32,
) {
    let (bs, d) = (k_cache.dim(1), q.dim(2));
    let g = group_size(q.dim(1), k_cache.dim(2));
    let (b, h) = (program_id(0), program_id(1));
    let len = context_lens[b];
    let q = q.load([b, h * g..h * g + g, ..]); // [G, D]
    let mut m = full([g], f32::NEG_INFINITY);
    let mut l = zeros([g]);
    let mut acc = zeros([g, d]);
    for j in pipeline(0..cdiv(len, bs), STAGES) {
        let page = block_tables[[b, j]];
        let k = k_cache.load([page, .., h, ..]).cast::<T>(); // [BS, D], exact
        let ks = k_scale.load([page, .., h]); // [BS]
        let v = v_cache.load([page, .., h, ..]).to_f32();
        let vs = v_scale.load([page, .., h]);
        let keep = (iota([bs]) + j * bs).lt(len);
        let s = select(
            keep.row(),
            dot(q, k.t()) * (ks * scale).row(),
            f32::NEG_INFINITY,
        );
        let v = select(keep.col(), v, 0.0);
        let vs = select(keep, vs, 0.0);
        let m_new = m.max(s.max_along(1));
        // Every page read has a valid token, so m_new is finite.
        let p = (s - m_new.col()).exp(); // [G, BS]
        let alpha = (m - m_new).exp();
        l = l * alpha + p.sum(1);
        acc = acc * alpha.col() + dot(p * vs.row(), v);
        m = m_new;
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    o.store([b, h * g..h * g + g, ..], o_rows);
    lse.store([b, h * g..h * g + g], lse_rows);
}

/// The tensors of a quantized paged decode call.
#[derive(Clone, Copy, Debug)]
pub struct QuantPagedDecodeInputs<'a> {
    /// `[B, Hq, D]`, bf16, f16 or f32: the dtype both dots run in.
    pub q: &'a HostTensor,
    /// `[NB, BS, Hkv, D]`, `i8` or `f8e4m3` (v the same).
    pub k_cache: &'a HostTensor,
    /// `[NB, BS, Hkv]` f32.
    pub k_scale: &'a HostTensor,
    pub v_cache: &'a HostTensor,
    pub v_scale: &'a HostTensor,
    /// `[B, MB]` i32; entries past a sequence's pages are never read.
    pub block_tables: &'a HostTensor,
    /// `[B]` i32, each at most `MB · BS`.
    pub context_lens: &'a HostTensor,
}

/// Paged decode attention over a quantized cache. `scale` is the softmax
/// scale (`None`: `1 / sqrt(D)`); with `checked`, every live block-table
/// entry is checked to be in `[0, NB)`.
pub fn paged_decode_quantized(
    backend: &dyn Backend,
    inputs: &QuantPagedDecodeInputs<'_>,
    scale: Option<f32>,
    checked: bool,
) -> Result<AttnOutputs, KernelError> {
    const OP: &str = "paged_decode_quantized";
    let c = Check { op: OP };
    let QuantPagedDecodeInputs {
        q,
        k_cache,
        k_scale,
        v_cache,
        v_scale,
        block_tables,
        context_lens,
    } = *inputs;
    c.float("q", q, &["B", "Hq", "D"])?;
    let dtype = float_dtype(c, q)?;
    let cache = check_cache(c, k_cache, k_scale, v_cache, v_scale)?;
    let [nb, bs, hkv, d] = cache.dims;
    c.head_dim("k_cache", k_cache, q)?;
    let (batch, hq) = (q.shape()[0], q.shape()[1]);
    c.group("k_cache", hq, hkv)?;
    c.paged_tables(
        block_tables,
        ("context_lens", context_lens),
        batch,
        [nb, bs],
        checked,
    )?;
    let scale = c.scale(scale, d)?;
    if batch == 0 {
        return Ok(host::empty_outputs(q.shape()));
    }
    let args = PagedDecodeQuantizedKernelArgs {
        block_tables: block_tables.clone(),
        context_lens: context_lens.clone(),
        q: q.clone(),
        k_cache: k_cache.clone(),
        k_scale: k_scale.clone(),
        v_cache: v_cache.clone(),
        v_scale: v_scale.clone(),
        scale,
    }
    .to_kernel_args();
    let shapes = PagedDecodeQuantizedKernelShapes::from_args(&args)
        .map_err(|e| KernelError::backend(OP, e))?;
    let built = with_float_type!(dtype, T => match cache.codec {
        KvCodec::Int8 => paged_decode_quantized_kernel_cached::<T, i8>(&shapes),
        KvCodec::Fp8E4M3 => paged_decode_quantized_kernel_cached::<T, f8e4m3>(&shapes),
    });
    let kernel = host::built(OP, "paged_decode_quantized", built)?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    Ok(AttnOutputs {
        o: host::take(OP, backend, &mut out, &kernel, "o")?,
        lse: host::take(OP, backend, &mut out, &kernel, "lse")?,
    })
}
