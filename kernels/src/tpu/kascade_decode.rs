//! Kascade reuse-layer decode shaped for a TPU (see [`crate::tpu`]): block
//! selection with `SEL` equal to the page size, so each selected block is
//! one page, fetched as one `[BS, D]` DMA, the next selected page issued
//! while this one is scored. Grid (sequence, KV head); KV head `h` attends
//! over the blocks its anchor head `head_map[h]` selected. Semantics:
//! `KERNELS.md`, `kascade_decode`; reference
//! [`crate::reference::kascade_decode_paged`] with block selection
//! ([`crate::reference::kascade_decode_blocks`] semantics, paged).

use crate::tiles::{finish, online_update};
use tilekit_core::dsl::*;

#[kernel(grid = [q.dim(0), q.dim(1)], name = "kascade_decode_tpu")]
pub fn kascade_decode_tpu<T: Float>(
    #[prefetch] block_tables: Prefetch<2>, // [B, MB]
    #[prefetch] lens: Prefetch<1>,         // [B]
    #[prefetch] block_idx: Prefetch<3>,    // [B, Ha, Kmax], in pages
    #[prefetch] n_sel: Prefetch<1>,        // [B]
    #[prefetch] head_map: Prefetch<1>,     // [Hkv]
    q: Ref<T, 4>,                          // [B, Hkv, G, D]
    k_cache: Ref<T, 4>,                    // [Hkv, NB, BS, D]
    v_cache: Ref<T, 4>,
    #[shape(q.shape())] o: RefMut<f32, 4>,
    #[shape([q.dim(0), q.dim(1), q.dim(2), 1])] lse: RefMut<f32, 4>,
    scale: f32,
    #[trace] stages: u32,
) {
    let (g, d, bs) = (q.dim(2), q.dim(3), k_cache.dim(2));
    let (b, h) = (program_id(0), program_id(1));
    let a = head_map[h];
    let (len, n) = (lens[b], n_sel[b]);
    let q = q.load([b, h, .., ..]); // [G, D]
    let mut m = full([g], f32::NEG_INFINITY);
    let mut l = zeros([g]);
    let mut acc = zeros([g, d]);
    for j in pipeline(0..n, stages) {
        let block = block_idx[[b, a, j]];
        let page = block_tables[[b, block]];
        let keep = (iota([bs]) + block * bs).lt(len); // the last page's tail
        let k = k_cache.load([h, page, .., ..]); // [BS, D]
        let v = select(keep.col(), v_cache.load([h, page, .., ..]), 0.0);
        let s = select(keep.row(), dot(q, k.t()) * scale, f32::NEG_INFINITY);
        (m, l, acc) = online_update(m, l, acc, s, v);
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    o.store([b, h, .., ..], o_rows);
    lse.store([b, h, .., ..], lse_rows.col());
}
