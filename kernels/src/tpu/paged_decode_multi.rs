//! Multi-query paged decode shaped for a TPU (see the module docs of
//! [`crate::tpu`]): grid (sequence, KV head); the program's `M·G` query rows
//! are one `[M·G, D]` block of `q [B, Hkv, M·G, D]` (row `r` = new token
//! `r / G`, head `h·G + r % G`), each page of the head-major cache one
//! `[BS, D]` DMA in a pipelined loop. The causal mask within the block is
//! spelt with a product, not a division: key position `t` is visible to
//! row `r` iff `G·(t - (L - n)) <= r` (that is `t - (L - n) <= r / G`) and
//! `r < G·n`. Semantics: `KERNELS.md`, `paged_decode_multi`; reference
//! [`crate::reference::paged_decode_multi`] (through [`crate::tpu::layout`]).

use crate::tiles::{finish, online_update};
use tilekit_core::dsl::*;

#[kernel(grid = [q.dim(0), q.dim(1)], name = "paged_decode_multi_tpu")]
pub fn paged_decode_multi_tpu<T: Float>(
    #[prefetch] block_tables: Prefetch<2>, // [B, MB]
    #[prefetch] context_lens: Prefetch<1>, // [B], the new tokens included
    #[prefetch] query_lens: Prefetch<1>,   // [B]
    q: Ref<T, 4>,                          // [B, Hkv, M·G, D]
    k_cache: Ref<T, 4>,                    // [Hkv, NB, BS, D]
    v_cache: Ref<T, 4>,
    #[shape(q.shape())] o: RefMut<f32, 4>,
    #[shape([q.dim(0), q.dim(1), q.dim(2), 1])] lse: RefMut<f32, 4>,
    scale: f32,
    #[trace] group: usize,
    #[trace] stages: u32,
) {
    let (rows, d, bs) = (q.dim(2), q.dim(3), k_cache.dim(2));
    let g = group.max(1);
    let (b, h) = (program_id(0), program_id(1));
    let len = context_lens[b];
    let qlen = query_lens[b];
    let first_new = len - qlen;
    let row = iota_along([rows, bs], 0); // [M·G, BS]
    let live_row = row.lt(qlen * g);
    let q = q.load([b, h, .., ..]); // [M·G, D]
    let mut m = full([rows], f32::NEG_INFINITY);
    let mut l = zeros([rows]);
    let mut acc = zeros([rows, d]);
    for j in pipeline(0..cdiv(len, bs), stages) {
        let page = block_tables[[b, j]];
        let k = k_cache.load([h, page, .., ..]); // [BS, D]
        let t = iota_along([rows, bs], 1) + j * bs; // key positions
        let see = live_row & ((t - first_new) * g).le(row);
        let s = select(see, dot(q, k.t()) * scale, f32::NEG_INFINITY);
        // Slots past the length hold anything (NaN in the test data): a zero
        // weight times NaN is NaN, so they are zeroed, not weighted.
        let keep = (iota([bs]) + j * bs).lt(len);
        let v = select(keep.col(), v_cache.load([h, page, .., ..]), 0.0);
        (m, l, acc) = online_update(m, l, acc, s, v);
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    o.store([b, h, .., ..], o_rows);
    lse.store([b, h, .., ..], lse_rows.col());
}
