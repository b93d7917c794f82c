//! Paged decode attention over a quantized KV cache (int8 or fp8-e4m3
//! codes, one f32 scale per token and KV head), shaped for a TPU: the
//! layouts of [`crate::tpu`] (`q [B, Hkv, G, D]`, caches `[Hkv, NB, BS,
//! D]`) with the scales as `[Hkv, NB, 1, BS]`, so one page's scales are one
//! `[1, BS]` row DMA (a `[BS]` vector would put BS on sublanes, and the
//! scales multiply columns of the `[G, BS]` logits). The math is
//! [`crate::kv_quant`]'s `paged_decode_quantized`: a key's scale multiplies
//! its logit column, a value's its probability, the value dot runs in f32.
//! A page of i8 codes is `[BS, D]`, BS rows of an int8 tile of 32: the
//! window spans the page's whole extent, which the TPU tiling allows.
//! Host conversions: [`super::layout`] (caches) and
//! [`super::quant_layout::scales_to_head_major`].

use crate::tiles::finish;
use tilekit_core::dsl::*;

#[kernel(grid = [q.dim(0), q.dim(1)], name = "paged_decode_quantized_tpu")]
pub fn paged_decode_quantized_tpu<T: Float, C: Element>(
    #[prefetch] block_tables: Prefetch<2>, // [B, MB]
    #[prefetch] context_lens: Prefetch<1>, // [B]
    q: Ref<T, 4>,                          // [B, Hkv, G, D]
    k_cache: Ref<C, 4>,                    // [Hkv, NB, BS, D]
    k_scale: Ref<f32, 4>,                  // [Hkv, NB, 1, BS]
    v_cache: Ref<C, 4>,
    v_scale: Ref<f32, 4>,
    #[shape(q.shape())] o: RefMut<f32, 4>,
    #[shape([q.dim(0), q.dim(1), q.dim(2), 1])] lse: RefMut<f32, 4>,
    scale: f32,
    #[trace] stages: u32,
) {
    let (g, d, bs) = (q.dim(2), q.dim(3), k_cache.dim(2));
    let (b, h) = (program_id(0), program_id(1));
    let len = context_lens[b];
    let q = q.load([b, h, .., ..]); // [G, D]
    let mut m = full([g], f32::NEG_INFINITY);
    let mut l = zeros([g]);
    let mut acc = zeros([g, d]);
    for j in pipeline(0..cdiv(len, bs), stages) {
        let page = block_tables[[b, j]];
        let k = k_cache.load([h, page, .., ..]).cast::<T>(); // [BS, D], exact
        let ks = k_scale.load([h, page, .., ..]); // [1, BS]
        let v = v_cache.load([h, page, .., ..]).to_f32();
        let vs = v_scale.load([h, page, .., ..]);
        let keep = (iota([bs]) + j * bs).lt(len).row(); // [1, BS]
        let s = select(keep, dot(q, k.t()) * (ks * scale), f32::NEG_INFINITY);
        // Unwritten slots may hold NaN codes or scales: zero them.
        let v = select(keep.reshape([bs, 1]), v, 0.0);
        let vs = select(keep, vs, 0.0);
        let m_new = m.max(s.max_along(1));
        let p = (s - m_new.col()).exp(); // [G, BS]
        let alpha = (m - m_new).exp();
        l = l * alpha + p.sum(1);
        acc = acc * alpha.col() + dot(p * vs, v);
        m = m_new;
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    o.store([b, h, .., ..], o_rows);
    lse.store([b, h, .., ..], lse_rows.col());
}
