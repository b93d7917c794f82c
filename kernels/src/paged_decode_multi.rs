//! Multi-query paged decode: each sequence brings up to M new query tokens
//! at consecutive positions (speculative verification, chunked decode),
//! and its host API [`paged_decode_multi`].
//!
//! One program per (sequence, KV head) holds all `M · G` query rows of
//! that KV head as one `[M·G, D]` tile (row `r` is token `r / G`, head
//! `h·G + r % G`), so each K/V page is read once for every new token and
//! every query head of the group: verifying K drafted tokens costs one pass
//! over the cache, not K + 1. Token `i` of sequence `b` sits at position
//! `context_lens[b] - query_lens[b] + i` and attends to the cache positions
//! at or before it (the new tokens' K/V are already in the cache, written
//! by `kv_write`), so the block is causal within itself. Rows at or past
//! `query_lens[b]` attend to nothing: `o = 0`, `lse = -inf`.
//!
//! Long contexts split like [`crate::split_kv`]: partitions over
//! host-computed page ranges, then the same combine kernel over the rows
//! viewed as `[B, SPLITS, M·Hq, D]`.
//!
//! Semantics: `KERNELS.md`, `paged_decode_multi`; reference:
//! [`crate::reference::paged_decode_multi`].

use crate::error::KernelError;
use crate::host::{self, with_float_type, AttnOutputs};
use crate::split_kv::{combine, split_page_ranges, PagedDecodeConfig};
use crate::tiles::{finish, group_size, online_update};
use crate::validate::{float_dtype, Check};
use tilekit_core::dsl::*;
use tilekit_core::{Backend, HostTensor};

/// The most new tokens a sequence may bring in one call.
pub const MAX_QUERIES: usize = 16;

/// Which keys of a page (positions `first..first + BS`) each of the `M·G`
/// rows attends to: row `r` is token `r / G` at position `L - n + r / G`,
/// so key `t` is visible iff `t - (L - n) <= r / G`, that is
/// `G·(t - (L - n)) <= r` (a product, not a division: a vector division by
/// G made ptxas spill on sm_90a), and only rows `r < G·n` are live. Keys
/// past the length are past every live row's position.
#[track_caller]
fn visible(
    rows: usize,
    bs: usize,
    g: usize,
    first: Tile<i32>,
    len: Tile<i32>,
    qlen: Tile<i32>,
) -> Tile<bool> {
    let row = iota_along([rows, bs], 0);
    let t = iota_along([rows, bs], 1) + first;
    row.lt(qlen * g) & ((t - (len - qlen)) * g).le(row)
}

/// Scores one page of keys for every row (`-inf` where not visible);
/// values past the length are zeroed, since a zero weight times stale
/// memory (NaN in the test data) would still be NaN.
#[track_caller]
#[allow(clippy::too_many_arguments)] // the page and the rows' coordinates
fn page_scores<T: Float>(
    q: Tile<T>,
    k: Tile<T>,
    v: Tile<T>,
    first: Tile<i32>,
    len: Tile<i32>,
    qlen: Tile<i32>,
    g: usize,
    scale: Tile<f32>,
) -> (Tile<f32>, Tile<T>) {
    let (rows, bs) = (q.dim(0), k.dim(0));
    let see = visible(rows, bs, g, first, len, qlen);
    let s = select(see, dot(q, k.t()) * scale, f32::NEG_INFINITY);
    let keep = (iota([bs]) + first).lt(len);
    (s, select(keep.col(), v, 0.0))
}

/// The one-pass kernel: every page of the sequence, pipelined `stages`
/// deep. What a serving step runs.
#[kernel(grid = [q.dim(0), k_cache.dim(2)], name = "paged_decode_multi")]
pub fn paged_decode_multi_kernel<T: Float>(
    #[prefetch] block_tables: Prefetch<2>, // [B, MB]
    #[prefetch] context_lens: Prefetch<1>, // [B], the new tokens included
    #[prefetch] query_lens: Prefetch<1>,   // [B], 0..=M
    q: Ref<T, 4>,                          // [B, M, Hq, D]
    k_cache: Ref<T, 4>,                    // [NB, BS, Hkv, D]
    v_cache: Ref<T, 4>,
    #[shape(q.shape())] o: RefMut<f32, 4>,
    #[shape([q.dim(0), q.dim(1), q.dim(2)])] lse: RefMut<f32, 3>,
    scale: f32,
    #[trace] stages: u32,
) {
    let (mq, d, bs) = (q.dim(1), q.dim(3), k_cache.dim(1));
    let g = group_size(q.dim(2), k_cache.dim(2));
    let rows = mq * g;
    let (b, h) = (program_id(0), program_id(1));
    let (len, qlen) = (context_lens[b], query_lens[b]);
    let q = q.load([b, .., h * g..h * g + g, ..]).reshape([rows, d]);
    let mut m = full([rows], f32::NEG_INFINITY);
    let mut l = zeros([rows]);
    let mut acc = zeros([rows, d]);
    for j in pipeline(0..cdiv(len, bs), stages) {
        let page = block_tables[[b, j]];
        let k = k_cache.load([page, .., h, ..]); // [BS, D]
        let v = v_cache.load([page, .., h, ..]);
        let (s, v) = page_scores(q, k, v, j * bs, len, qlen, g, scale);
        (m, l, acc) = online_update(m, l, acc, s, v);
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    o.store([b, .., h * g..h * g + g, ..], o_rows.reshape([mq, g, d]));
    lse.store([b, .., h * g..h * g + g], lse_rows.reshape([mq, g]));
}

/// One partition of one sequence for one KV head: pages
/// `page_ranges[b, p, 0] .. page_ranges[b, p, 1]`; outputs are the rows'
/// normalised partials for [`combine`].
#[kernel(
    grid = [q.dim(0), k_cache.dim(2), page_ranges.dim(1)],
    name = "paged_decode_multi_partition"
)]
pub fn paged_decode_multi_partition<T: Float>(
    #[prefetch] block_tables: Prefetch<2>, // [B, MB]
    #[prefetch] context_lens: Prefetch<1>, // [B]
    #[prefetch] query_lens: Prefetch<1>,   // [B]
    #[prefetch] page_ranges: Prefetch<3>,  // [B, SPLITS, 2]
    q: Ref<T, 4>,                          // [B, M, Hq, D]
    k_cache: Ref<T, 4>,
    v_cache: Ref<T, 4>,
    #[shape([q.dim(0), page_ranges.dim(1), q.dim(1), q.dim(2), q.dim(3)])] o_part: RefMut<f32, 5>,
    #[shape([q.dim(0), page_ranges.dim(1), q.dim(1), q.dim(2)])] lse_part: RefMut<f32, 4>,
    scale: f32,
) {
    let (mq, d, bs) = (q.dim(1), q.dim(3), k_cache.dim(1));
    let g = group_size(q.dim(2), k_cache.dim(2));
    let rows = mq * g;
    let (b, h, p) = (program_id(0), program_id(1), program_id(2));
    let (len, qlen) = (context_lens[b], query_lens[b]);
    let q = q.load([b, .., h * g..h * g + g, ..]).reshape([rows, d]);
    let mut m = full([rows], f32::NEG_INFINITY);
    let mut l = zeros([rows]);
    let mut acc = zeros([rows, d]);
    for j in pipeline(page_ranges[[b, p, 0]]..page_ranges[[b, p, 1]], 2) {
        let page = block_tables[[b, j]];
        let k = k_cache.load([page, .., h, ..]);
        let v = v_cache.load([page, .., h, ..]);
        let (s, v) = page_scores(q, k, v, j * bs, len, qlen, g, scale);
        (m, l, acc) = online_update(m, l, acc, s, v);
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    o_part.store([b, p, .., h * g..h * g + g, ..], o_rows.reshape([mq, g, d]));
    lse_part.store([b, p, .., h * g..h * g + g], lse_rows.reshape([mq, g]));
}

/// The tensors of a multi-query paged decode call.
#[derive(Clone, Copy, Debug)]
pub struct PagedDecodeMultiInputs<'a> {
    /// `[B, M, Hq, D]`, bf16, f16 or f32 (k and v the same); `1 <= M <= 16`.
    pub q: &'a HostTensor,
    /// `[NB, BS, Hkv, D]`, the new tokens' rows already written.
    pub k_cache: &'a HostTensor,
    pub v_cache: &'a HostTensor,
    /// `[B, MB]` i32; entries past a sequence's pages are never read.
    pub block_tables: &'a HostTensor,
    /// `[B]` i32: cached tokens including the new ones, at most `MB · BS`.
    pub context_lens: &'a HostTensor,
    /// `[B]` i32: new tokens, at most `M` and the context length.
    pub query_lens: &'a HostTensor,
}

/// Multi-query paged decode (`KERNELS.md`, `paged_decode_multi`) on
/// `backend`: `o [B, M, Hq, D]` and `lse [B, M, Hq]` (f32). `config.splits`
/// 1 runs the one-pass kernel; more run partitions and the combine.
pub fn paged_decode_multi(
    backend: &dyn Backend,
    inputs: &PagedDecodeMultiInputs<'_>,
    config: &PagedDecodeConfig,
) -> Result<AttnOutputs, KernelError> {
    const OP: &str = "paged_decode_multi";
    let c = Check { op: OP };
    let PagedDecodeMultiInputs {
        q,
        k_cache,
        v_cache,
        block_tables,
        context_lens,
        query_lens,
    } = *inputs;
    c.float("q", q, &["B", "M", "Hq", "D"])?;
    let dtype = float_dtype(c, q)?;
    let (batch, mq, hq, d) = (q.shape()[0], q.shape()[1], q.shape()[2], q.shape()[3]);
    if mq == 0 || mq > MAX_QUERIES {
        return Err(c.err(
            "q",
            format!("M (axis 1) = {mq} new tokens; 1 to {MAX_QUERIES} are supported"),
        ));
    }
    c.float("k_cache", k_cache, &["NB", "BS", "Hkv", "D"])?;
    c.same_dtype("k_cache", k_cache, q)?;
    c.float("v_cache", v_cache, &["NB", "BS", "Hkv", "D"])?;
    c.same_dtype("v_cache", v_cache, q)?;
    c.same_shape("v_cache", v_cache, "k_cache", k_cache)?;
    let (nb, bs, hkv, kd) = (
        k_cache.shape()[0],
        k_cache.shape()[1],
        k_cache.shape()[2],
        k_cache.shape()[3],
    );
    if kd != d {
        return Err(c.err(
            "k_cache",
            format!("head dim (axis 3) is {kd}; `q`'s is {d}"),
        ));
    }
    c.group("k_cache", hq, hkv)?;
    let (_, lens) = c.paged_tables(
        block_tables,
        ("context_lens", context_lens),
        batch,
        [nb, bs],
        config.checked,
    )?;
    let qlens = c.counts("query_lens", query_lens, batch, mq, "M (q's axis 1)")?;
    if let Some(b) = (0..batch).find(|&b| qlens[b] > lens[b]) {
        return Err(c.err(
            "query_lens",
            format!(
                "entry [{b}] (sequence {b}) = {} exceeds its context length {}",
                qlens[b], lens[b]
            ),
        ));
    }
    c.positive("splits", config.splits)?;
    let scale = c.scale(config.scale, d)?;
    if batch == 0 {
        return Ok(AttnOutputs {
            o: host::reshape(host::empty_outputs(&[0, hq, d]).o, &[0, mq, hq, d]),
            lse: host::reshape(host::empty_outputs(&[0, hq, d]).lse, &[0, mq, hq]),
        });
    }
    let (q, k_cache, v_cache) = (q.clone(), k_cache.clone(), v_cache.clone());
    let (block_tables, context_lens, query_lens) = (
        block_tables.clone(),
        context_lens.clone(),
        query_lens.clone(),
    );
    let splits = config.splits;
    if splits == 1 {
        let args = PagedDecodeMultiKernelArgs {
            block_tables,
            context_lens,
            query_lens,
            q,
            k_cache,
            v_cache,
            scale,
            stages: 2,
        }
        .to_kernel_args();
        let shapes = PagedDecodeMultiKernelShapes::from_args(&args, 2)
            .map_err(|e| KernelError::backend(OP, e))?;
        let kernel = host::built(
            OP,
            "paged_decode_multi",
            with_float_type!(dtype, T => paged_decode_multi_kernel_cached::<T>(&shapes)),
        )?;
        let mut out = host::launch(OP, backend, &kernel, &args)?;
        return Ok(AttnOutputs {
            o: host::take(OP, backend, &mut out, &kernel, "o")?,
            lse: host::take(OP, backend, &mut out, &kernel, "lse")?,
        });
    }
    let ranges = host::i32_tensor(&[batch, splits, 2], split_page_ranges(&lens, bs, splits));
    let args = PagedDecodeMultiPartitionArgs {
        block_tables,
        context_lens,
        query_lens,
        page_ranges: ranges,
        q,
        k_cache,
        v_cache,
        scale,
    }
    .to_kernel_args();
    let shapes = PagedDecodeMultiPartitionShapes::from_args(&args)
        .map_err(|e| KernelError::backend(OP, e))?;
    let kernel = host::built(
        OP,
        "paged_decode_multi_partition",
        with_float_type!(dtype, T => paged_decode_multi_partition_cached::<T>(&shapes)),
    )?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    let o_part = host::take(OP, backend, &mut out, &kernel, "o_part")?;
    let lse_part = host::take(OP, backend, &mut out, &kernel, "lse_part")?;
    // The rows of a sequence are independent queries: the single-token
    // combine merges them as `M·Hq` heads.
    let merged = combine(
        backend,
        host::reshape(o_part, &[batch, splits, mq * hq, d]),
        host::reshape(lse_part, &[batch, splits, mq * hq]),
    )?;
    Ok(AttnOutputs {
        o: host::reshape(merged.o, &[batch, mq, hq, d]),
        lse: host::reshape(merged.lse, &[batch, mq, hq]),
    })
}
