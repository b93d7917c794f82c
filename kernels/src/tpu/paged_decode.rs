//! Paged decode attention shaped for a TPU (see the module docs of
//! [`crate::tpu`]): grid (sequence, KV head); each pipelined step attends
//! over `pages_per_step` pages at once (a trace-time value) with one online-softmax rescale, every page its
//! own `[BS, D]` DMA, and the next step's pages fetched while this one
//! computes. Semantics: `KERNELS.md`, `paged_decode`; reference
//! [`crate::reference::paged_decode`] (through [`crate::tpu::layout`]).

use crate::tiles::finish;
use tilekit_core::dsl::*;

#[kernel(grid = [q.dim(0), q.dim(1)], name = "paged_decode_tpu")]
pub fn paged_decode_tpu<T: Float>(
    #[prefetch] block_tables: Prefetch<2>, // [B, MB]
    #[prefetch] context_lens: Prefetch<1>, // [B]
    q: Ref<T, 4>,                          // [B, Hkv, G, D]
    k_cache: Ref<T, 4>,                    // [Hkv, NB, BS, D]
    v_cache: Ref<T, 4>,
    #[shape(q.shape())] o: RefMut<f32, 4>,
    #[shape([q.dim(0), q.dim(1), q.dim(2), 1])] lse: RefMut<f32, 4>,
    scale: f32,
    #[trace] pages_per_step: usize,
    #[trace] stages: u32,
) {
    let ppb = pages_per_step;
    let (g, d, bs) = (q.dim(2), q.dim(3), k_cache.dim(2));
    let (b, h) = (program_id(0), program_id(1));
    let len = context_lens[b];
    let pages = cdiv(len, bs);
    let q = q.load([b, h, .., ..]); // [G, D]
    let mut m = full([g], f32::NEG_INFINITY);
    let mut l = zeros([g]);
    let mut acc = zeros([g, d]);
    for j in pipeline(0..cdiv(pages, ppb), stages) {
        // The step's pages; one past the sequence's last page re-reads that
        // page (never a table tail, which may be -1), its keys all masked.
        let mut scores = Vec::new();
        let mut values = Vec::new();
        for p in 0..ppb {
            let page_no = j * ppb + p;
            let page = block_tables[[b, page_no.min(pages - 1)]];
            let k = k_cache.load([h, page, .., ..]); // [BS, D]
            let keep = (iota([bs]) + page_no * bs).lt(len); // [BS]
            scores.push(select(keep.row(), dot(q, k.t()) * scale, f32::NEG_INFINITY));
            // Slots past the length hold anything (NaN in the test data):
            // a zero weight times NaN is NaN, so they are zeroed, not weighted.
            values.push(select(keep.col(), v_cache.load([h, page, .., ..]), 0.0));
        }
        // The first page of a step is live, so every row's max is finite.
        let mut m_new = m;
        for i in 0..ppb {
            m_new = m_new.max(scores[i].max_along(1));
        }
        let alpha = (m - m_new).exp();
        l *= alpha;
        acc *= alpha.col();
        for i in 0..ppb {
            let p = (scores[i] - m_new.col()).exp();
            l += p.sum(1);
            acc += dot(p.cast::<T>(), values[i]);
        }
        m = m_new;
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    o.store([b, h, .., ..], o_rows);
    lse.store([b, h, .., ..], lse_rows.col());
}
