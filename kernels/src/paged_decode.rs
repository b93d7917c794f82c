//! Paged decode attention written with `#[kernel]`.
//!
//! One program per (sequence, KV head) owns all `G = Hq / Hkv` query heads
//! of that KV head, so each K/V page is read once per KV head. The page loop is
//! pipelined `stages` deep (a trace-time value): page numbers come from the
//! block table, a prefetch array, so the next page's K and V are fetched
//! while this one is used. The page size and group size are read from the
//! arguments' shapes.
//! Semantics: `KERNELS.md`, `paged_decode`; twin of `hand_built::paged_decode`.

use crate::tiles::group_size;
use tilekit_core::dsl::*;

#[kernel(grid = [q.dim(0), k_cache.dim(2)])]
pub fn paged_decode<T: Float>(
    #[prefetch] block_tables: Prefetch<2>, // [B, MB]
    #[prefetch] context_lens: Prefetch<1>, // [B]
    q: Ref<T, 3>,                          // [B, Hq, D]
    k_cache: Ref<T, 4>,                    // [NB, BS, Hkv, D]
    v_cache: Ref<T, 4>,
    #[shape(q.shape())] o: RefMut<f32, 3>,
    #[shape([q.dim(0), q.dim(1)])] lse: RefMut<f32, 2>,
    scale: f32,
    #[trace] stages: u32,
) {
    let (d, bs, g) = (
        q.dim(2),
        k_cache.dim(1),
        group_size(q.dim(1), k_cache.dim(2)),
    );
    let (b, h) = (program_id(0), program_id(1));
    let len = context_lens[b];
    let q = q.load([b, h * g..h * g + g, ..]); // [G, D]
    let mut m = full([g], f32::NEG_INFINITY);
    let mut l = zeros([g]);
    let mut acc = zeros([g, d]);
    for j in pipeline(0..cdiv(len, bs), stages) {
        let page = block_tables[[b, j]];
        let k = k_cache.load([page, .., h, ..]); // [BS, D]
        let keep = (iota([bs]) + j * bs).lt(len); // [BS]
                                                  // Slots past the length hold anything (NaN in the test data): a
                                                  // zero weight times NaN is NaN, so they are zeroed, not weighted.
        let v = select(keep.col(), v_cache.load([page, .., h, ..]), 0.0);
        let s = select(keep.row(), dot(q, k.t()) * scale, f32::NEG_INFINITY); // [G, BS]
                                                                              // Every page read has a valid token, so m_new is finite.
        let m_new = m.max(s.max_along(1));
        let p = (s - m_new.col()).exp();
        let alpha = (m - m_new).exp();
        l = l * alpha + p.sum(1);
        acc = acc * alpha.col() + dot(p.cast::<T>(), v);
        m = m_new;
    }
    // Empty rows (len = 0): o = 0 and lse = -inf, never NaN.
    let nonempty = l.gt(0.0);
    let safe_l = select(nonempty, l, 1.0);
    o.store([b, h * g..h * g + g, ..], acc / safe_l.col());
    lse.store(
        [b, h * g..h * g + g],
        select(nonempty, m + safe_l.ln(), f32::NEG_INFINITY),
    );
}
