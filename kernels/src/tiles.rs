//! Tile-level building blocks the shipped kernels share: the online-softmax
//! update, the final normalisation with its empty-row rule, block loads
//! and stores that mask only where a block can cross the end of a ref, and
//! the scoring of a gathered chunk of selected keys.
//!
//! These are plain functions over `Tile`s, called while a kernel is traced;
//! they are `#[track_caller]` so the ops they record point at the kernel
//! line that called them.

use tilekit_core::dsl::*;

/// Online softmax over one more block of keys.
///
/// `m`, `l`: running max and sum of each of the R query rows (`[R]`); `acc`:
/// the unnormalised output (`[R, D]`); `s`: the scaled logits of this block
/// (`[R, N]`, `-inf` where a key is not attended); `v`: its values
/// (`[N, D]`, zero on rows not attended, so stale memory cannot leak NaN).
#[track_caller]
pub(crate) fn online_update<T: Float>(
    m: Tile<f32>,
    l: Tile<f32>,
    acc: Tile<f32>,
    s: Tile<f32>,
    v: Tile<T>,
) -> (Tile<f32>, Tile<f32>, Tile<f32>) {
    let m_new = m.max(s.max_along(1));
    // A row with no attended key yet has m_new = -inf; shifting it by 0
    // keeps exp(-inf - 0) = 0 where exp(-inf - -inf) would be NaN.
    let shift = select(m_new.gt(f32::NEG_INFINITY), m_new, 0.0);
    let p = (s - shift.col()).exp();
    let alpha = (m - shift).exp();
    let l = l * alpha + p.sum(1);
    let acc = acc * alpha.col() + dot(p.cast::<T>(), v);
    (m_new, l, acc)
}

/// The running max `m` and sum `l` of the online softmax, without values
/// (the first pass of the scoring kernels).
#[track_caller]
pub(crate) fn online_stats(m: Tile<f32>, l: Tile<f32>, s: Tile<f32>) -> (Tile<f32>, Tile<f32>) {
    let m_new = m.max(s.max_along(1));
    let shift = select(m_new.gt(f32::NEG_INFINITY), m_new, 0.0);
    let l = l * (m - shift).exp() + (s - shift.col()).exp().sum(1);
    (m_new, l)
}

/// `lse = m + ln l`, or `-inf` for a row that attended to nothing (`l = 0`).
#[track_caller]
pub(crate) fn log_sum_exp(m: Tile<f32>, l: Tile<f32>) -> Tile<f32> {
    let nonempty = l.gt(0.0);
    let safe_l = select(nonempty, l, 1.0);
    select(nonempty, m + safe_l.ln(), f32::NEG_INFINITY)
}

/// Normalises the online-softmax state into `(o [R, D], lse [R])`. Empty
/// rows (`l = 0`) give `o = 0` and `lse = -inf`, never NaN.
#[track_caller]
pub(crate) fn finish(m: Tile<f32>, l: Tile<f32>, acc: Tile<f32>) -> (Tile<f32>, Tile<f32>) {
    let nonempty = l.gt(0.0);
    let safe_l = select(nonempty, l, 1.0);
    let lse = select(nonempty, m + safe_l.ln(), f32::NEG_INFINITY);
    (acc / safe_l.col(), lse)
}

/// A block length for walking an axis of `n` positions at most `max` at a
/// time: all of it when it fits, else the largest power-of-two divisor of
/// `n` down to 16 (so no block crosses the end and loads need no mask),
/// else `max` (the last block is masked). At least 1, so a slice of it is
/// always legal IR. Computed at trace time, so it costs nothing at run time.
pub(crate) fn block_len(n: usize, max: usize) -> usize {
    let max = max.max(1);
    if n <= max {
        return n.max(1);
    }
    let mut b = max;
    while b >= 16 {
        if n % b == 0 {
            return b;
        }
        b /= 2;
    }
    max
}

/// Rows `[start, start + len)` of axis 1 of a `[B, S, H, D]` ref at batch
/// `b` and head `h`, as `[len, D]`. Every `start` must be a multiple of
/// `len`; then a block can only cross the end of the axis when `len` does
/// not divide `S`, and only then are the loads masked (rows at or past `S`
/// read 0).
#[track_caller]
pub(crate) fn load_rows<T: Float>(
    r: Ref<T, 4>,
    b: Tile<i32>,
    start: Tile<i32>,
    len: usize,
    h: Tile<i32>,
) -> Tile<T> {
    let idx = [Idx::at(b), ds(start, len), Idx::at(h), Idx::Full];
    if r.dim(1) % len == 0 {
        r.load(idx)
    } else {
        let inside = (iota_along([len, r.dim(3)], 0) + start).lt(r.dim(1));
        r.load_masked(idx, inside, 0.0)
    }
}

/// The query block of a prefill program: rows `[s0, s0 + rows)` and the G
/// heads `[h·G, h·G + G)` of `q: [B, S, Hq, D]`, as `[rows·G, D]` (row
/// `r` is query `s0 + r / G`, head `h·G + r % G`), so one program reads
/// each K/V block once for all the heads of its group. `s0` is a multiple
/// of `rows`; rows past `S` read 0.
#[track_caller]
pub(crate) fn load_query_block<T: Float>(
    q: Ref<T, 4>,
    b: Tile<i32>,
    s0: Tile<i32>,
    rows: usize,
    h: Tile<i32>,
    g: usize,
) -> Tile<T> {
    let d = q.dim(3);
    let idx = [Idx::at(b), ds(s0, rows), ds(h * g, g), Idx::Full];
    let block = if q.dim(1) % rows == 0 {
        q.load(idx)
    } else {
        let inside = (iota_along([rows, g, d], 0) + s0).lt(q.dim(1));
        q.load_masked(idx, inside, 0.0)
    };
    block.reshape([rows * g, d])
}

/// Stores a query block's `o [rows·G, D]` and `lse [rows·G]` (the layout of
/// [`load_query_block`]) into `o: [B, S, Hq, D]` and `lse: [B, S, Hq]`,
/// skipping rows past `S`.
#[allow(clippy::too_many_arguments)] // the block's coordinates, one by one
#[track_caller]
pub(crate) fn store_query_block(
    o: RefMut<f32, 4>,
    lse: RefMut<f32, 3>,
    b: Tile<i32>,
    s0: Tile<i32>,
    rows: usize,
    h: Tile<i32>,
    g: usize,
    o_rows: Tile<f32>,
    lse_rows: Tile<f32>,
) {
    let d = o.dim(3);
    let o_idx = [Idx::at(b), ds(s0, rows), ds(h * g, g), Idx::Full];
    let lse_idx = [Idx::at(b), ds(s0, rows), ds(h * g, g)];
    let o_block = o_rows.reshape([rows, g, d]);
    let lse_block = lse_rows.reshape([rows, g]);
    if o.dim(1) % rows == 0 {
        o.store(o_idx, o_block);
        lse.store(lse_idx, lse_block);
    } else {
        let inside = (iota_along([rows, g, d], 0) + s0).lt(o.dim(1));
        o.store_masked(o_idx, o_block, inside);
        let inside = (iota_along([rows, g], 0) + s0).lt(o.dim(1));
        lse.store_masked(lse_idx, lse_block, inside);
    }
}

/// Attends the rows of `q` over a chunk of gathered keys: the first `count`
/// rows of the scratch buffers `k_buf`, `v_buf` (`[CHUNK, D]`); the rest
/// hold stale data from an earlier chunk and are masked out.
#[allow(clippy::too_many_arguments)] // the online-softmax state and the chunk
#[track_caller]
pub(crate) fn attend_chunk<T: Float>(
    m: Tile<f32>,
    l: Tile<f32>,
    acc: Tile<f32>,
    q: Tile<T>,
    k_buf: Scratch<T, 2>,
    v_buf: Scratch<T, 2>,
    count: Tile<i32>,
    scale: Tile<f32>,
) -> (Tile<f32>, Tile<f32>, Tile<f32>) {
    let valid = iota([k_buf.dim(0)]).lt(count);
    let k = k_buf.load([Idx::Full, Idx::Full]);
    let v = select(valid.col(), v_buf.load([Idx::Full, Idx::Full]), 0.0);
    let s = select(valid.row(), dot(q, k.t()) * scale, f32::NEG_INFINITY);
    online_update(m, l, acc, s, v)
}

/// Query heads per KV head (grouped-query attention), required to divide
/// evenly: a launch with, say, 9 query heads over 2 KV heads is a build
/// error naming both counts, not a kernel that silently drops a head.
#[track_caller]
pub(crate) fn group_size(q_heads: usize, kv_heads: usize) -> usize {
    require(
        kv_heads > 0 && q_heads % kv_heads == 0,
        &format!(
            "the query heads ({q_heads}) must be a positive multiple of the KV heads ({kv_heads})"
        ),
    );
    q_heads / kv_heads.max(1)
}

#[cfg(test)]
mod tests {
    use super::block_len;

    #[test]
    fn block_lengths_avoid_masks_where_they_can() {
        assert_eq!(block_len(0, 64), 1);
        assert_eq!(block_len(5, 64), 5);
        assert_eq!(block_len(64, 64), 64);
        assert_eq!(block_len(96, 64), 32);
        assert_eq!(block_len(80, 64), 16);
        assert_eq!(block_len(100, 64), 64);
        assert_eq!(block_len(7, 0), 1);
    }
}
