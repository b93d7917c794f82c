//! Paged decode attention with split-KV (Flash-Decoding), and its host API
//! [`paged_decode`].
//!
//! A sequence's pages are cut into `splits` contiguous partitions on the
//! host (`page_ranges`, a prefetch array), so a long context is spread over
//! `B · Hkv · splits` programs instead of `B · Hkv`. Each partition program
//! owns all G query heads of one KV head (each K/V page is read once per KV
//! head), runs the online softmax over its pages, and writes a normalised
//! partial output `o_p` with its log-sum-exp `lse_p = m_p + ln l_p`. The
//! combine kernel merges the partitions in a fixed order (no atomics, so
//! the result is deterministic): with `M = max_p lse_p` the weights
//! `w_p = exp(lse_p - M) = l_p · e^{m_p - M}` are the `KERNELS.md` weights
//! `e^{m_p - m} l_p` up to a common factor, so `o = Σ w_p o_p / Σ w_p`, and
//! `lse = M + ln Σ w_p`. An empty partition has `lse_p = -inf`, so weight
//! 0; a sequence with no token at all keeps `o = 0`, `lse = -inf`. With one
//! split the partition output is the answer and the combine is skipped.
//!
//! Semantics: `KERNELS.md`, `paged_decode`; reference:
//! [`crate::reference::paged_decode`].

use crate::error::KernelError;
use crate::host::{self, with_float_type, AttnOutputs};
use crate::tiles::{finish, group_size, log_sum_exp, online_update};
use crate::validate::{float_dtype, Check};
use tilekit_core::dsl::*;
use tilekit_core::{Backend, HostTensor};

/// Pipeline depth of the page loop: the next page's K and V are fetched
/// while this one is used. Fixed (not a kernel parameter): the tuner only
/// varies the depth of the one-pass kernel (`tuning::decode`).
pub const STAGES: u32 = 2;

/// One partition of one sequence for one KV head: pages
/// `page_ranges[b, p, 0] .. page_ranges[b, p, 1]` of the sequence.
#[kernel(
    grid = [q.dim(0), k_cache.dim(2), page_ranges.dim(1)],
    name = "paged_decode_partition"
)]
pub fn paged_decode_partition<T: Float>(
    #[prefetch] block_tables: Prefetch<2>, // [B, MB]
    #[prefetch] context_lens: Prefetch<1>, // [B]
    #[prefetch] page_ranges: Prefetch<3>,  // [B, SPLITS, 2]: first page, end page
    q: Ref<T, 3>,                          // [B, Hq, D]
    k_cache: Ref<T, 4>,                    // [NB, BS, Hkv, D]
    v_cache: Ref<T, 4>,
    #[shape([q.dim(0), page_ranges.dim(1), q.dim(1), q.dim(2)])] o_part: RefMut<f32, 4>,
    #[shape([q.dim(0), page_ranges.dim(1), q.dim(1)])] lse_part: RefMut<f32, 3>,
    scale: f32,
) {
    // Page size and group size come from the shapes: nothing to instantiate.
    let (bs, d) = (k_cache.dim(1), q.dim(2));
    let g = group_size(q.dim(1), k_cache.dim(2));
    let (b, h, p) = (program_id(0), program_id(1), program_id(2));
    let len = context_lens[b];
    let first = page_ranges[[b, p, 0]];
    let end = page_ranges[[b, p, 1]];
    let q = q.load([b, h * g..h * g + g, ..]); // [G, D]
    let mut m = full([g], f32::NEG_INFINITY);
    let mut l = zeros([g]);
    let mut acc = zeros([g, d]);
    for j in pipeline(first..end, STAGES) {
        let page = block_tables[[b, j]];
        let k = k_cache.load([page, .., h, ..]); // [BS, D]
        let v = v_cache.load([page, .., h, ..]);
        let keep = (iota([bs]) + j * bs).lt(len);
        let s = select(keep.row(), dot(q, k.t()) * scale, f32::NEG_INFINITY); // [G, BS]
                                                                              // Slots past the length may hold anything; p = 0 there, and 0 · NaN
                                                                              // would still be NaN, so their values are zeroed too.
        let v = select(keep.col(), v, 0.0);
        (m, l, acc) = online_update(m, l, acc, s, v);
    }
    let (o, lse) = finish(m, l, acc);
    o_part.store([b, p, h * g..h * g + g, ..], o);
    lse_part.store([b, p, h * g..h * g + g], lse);
}

/// Merges the partitions of one query head, in partition order.
#[kernel(grid = [o_part.dim(0), o_part.dim(2)], name = "paged_decode_combine")]
pub fn split_kv_combine(
    o_part: Ref<f32, 4>,   // [B, SPLITS, Hq, D]
    lse_part: Ref<f32, 3>, // [B, SPLITS, Hq]
    #[shape([o_part.dim(0), o_part.dim(2), o_part.dim(3)])] o: RefMut<f32, 3>,
    #[shape([o_part.dim(0), o_part.dim(2)])] lse: RefMut<f32, 2>,
) {
    let (b, h) = (program_id(0), program_id(1));
    let parts = o_part.load([b, .., h, ..]); // [SPLITS, D]
    let lses = lse_part.load([b, .., h]).row(); // [1, SPLITS]
    let top = lses.max_along(1); // [1]
                                 // All partitions empty: top = -inf, every weight exp(-inf - 0) = 0.
    let shift = select(top.gt(f32::NEG_INFINITY), top, 0.0);
    let w = (lses - shift.col()).exp(); // [1, SPLITS]; empty partitions weigh 0
    let total = w.sum(1); // [1]
    let merged = dot(w, parts) / select(total.gt(0.0), total, 1.0).col(); // [1, D]
    o.store([b, h, ..], merged.reshape([o_part.dim(3)]));
    lse.store([b, h..h + 1], log_sum_exp(shift, total));
}

/// The tensors of a paged decode call.
#[derive(Clone, Copy, Debug)]
pub struct PagedDecodeInputs<'a> {
    /// `[B, Hq, D]`, bf16, f16 or f32 (k and v the same).
    pub q: &'a HostTensor,
    /// `[NB, BS, Hkv, D]`: token `t` of sequence `b` at page `block_tables[b, t / BS]`, slot `t % BS`.
    pub k_cache: &'a HostTensor,
    pub v_cache: &'a HostTensor,
    /// `[B, MB]` i32; entries past a sequence's pages are never read.
    pub block_tables: &'a HostTensor,
    /// `[B]` i32, each at most `MB · BS`.
    pub context_lens: &'a HostTensor,
}

/// How to run a paged decode.
#[derive(Clone, Debug, PartialEq)]
pub struct PagedDecodeConfig {
    /// Softmax scale; `None` is `1 / sqrt(D)`.
    pub scale: Option<f32>,
    /// KV partitions per sequence (1 = no split, no combine).
    pub splits: usize,
    /// Validate every block-table entry the lengths make live.
    pub checked: bool,
}

impl Default for PagedDecodeConfig {
    fn default() -> Self {
        PagedDecodeConfig {
            scale: None,
            splits: 1,
            checked: true,
        }
    }
}

/// Each sequence's live pages `[0, ceil(L / BS))` cut into `splits`
/// contiguous ranges of `ceil(pages / splits)` pages, as `[B, splits, 2]`
/// (first, end); trailing ranges are empty when there are fewer pages.
pub fn split_page_ranges(lens: &[usize], block_size: usize, splits: usize) -> Vec<i32> {
    let mut out = Vec::with_capacity(lens.len() * splits * 2);
    for &l in lens {
        let pages = l.div_ceil(block_size.max(1));
        let per = pages.div_ceil(splits.max(1));
        for p in 0..splits {
            let first = (p * per).min(pages);
            out.push(first as i32);
            out.push((first + per).min(pages) as i32);
        }
    }
    out
}

/// What [`check_inputs`] proved about a paged decode call.
pub(crate) struct Checked {
    pub dtype: tilekit_core::DType,
    pub batch: usize,
    pub q_heads: usize,
    pub head_dim: usize,
    pub block_size: usize,
    pub lens: Vec<usize>,
    pub scale: f32,
}

/// Validates a paged decode call: shapes and dtypes always, the live
/// block-table entries with `config.checked`, and `config.splits`. Shared
/// with the tuner's one-pass variants so every way of running paged decode
/// refuses the same inputs with the same errors.
pub(crate) fn check_inputs(
    op: &'static str,
    inputs: &PagedDecodeInputs<'_>,
    config: &PagedDecodeConfig,
) -> Result<Checked, KernelError> {
    let c = Check { op };
    let PagedDecodeInputs {
        q,
        k_cache,
        v_cache,
        block_tables,
        context_lens,
    } = *inputs;
    c.float("q", q, &["B", "Hq", "D"])?;
    let dtype = float_dtype(c, q)?;
    c.float("k_cache", k_cache, &["NB", "BS", "Hkv", "D"])?;
    c.same_dtype("k_cache", k_cache, q)?;
    let d = c.head_dim("k_cache", k_cache, q)?;
    c.float("v_cache", v_cache, &["NB", "BS", "Hkv", "D"])?;
    c.same_dtype("v_cache", v_cache, q)?;
    c.head_dim("v_cache", v_cache, q)?;
    c.same_shape("v_cache", v_cache, "k_cache", k_cache)?;
    let (batch, hq) = (q.shape()[0], q.shape()[1]);
    let (nb, bs, hkv) = (k_cache.shape()[0], k_cache.shape()[1], k_cache.shape()[2]);
    c.group("k_cache", hq, hkv)?;
    let (_, lens) = c.paged_tables(
        block_tables,
        ("context_lens", context_lens),
        batch,
        [nb, bs],
        config.checked,
    )?;
    c.positive("splits", config.splits)?;
    let scale = c.scale(config.scale, d)?;
    Ok(Checked {
        dtype,
        batch,
        q_heads: hq,
        head_dim: d,
        block_size: bs,
        lens,
        scale,
    })
}

/// Paged decode attention (`KERNELS.md`, `paged_decode`) on `backend`.
///
/// Shapes and dtypes are always validated; with `config.checked` every
/// block-table entry a context length makes live is checked to be in
/// `[0, NB)`, and a bad one is reported with its sequence and slot.
pub fn paged_decode(
    backend: &dyn Backend,
    inputs: &PagedDecodeInputs<'_>,
    config: &PagedDecodeConfig,
) -> Result<AttnOutputs, KernelError> {
    const OP: &str = "paged_decode";
    let Checked {
        dtype,
        batch,
        q_heads: hq,
        head_dim: d,
        block_size: bs,
        lens,
        scale,
    } = check_inputs(OP, inputs, config)?;
    let PagedDecodeInputs {
        q,
        k_cache,
        v_cache,
        block_tables,
        context_lens,
    } = *inputs;
    if batch == 0 {
        return Ok(host::empty_outputs(q.shape()));
    }

    let splits = config.splits;
    let ranges = host::i32_tensor(&[batch, splits, 2], split_page_ranges(&lens, bs, splits));
    let args = PagedDecodePartitionArgs {
        block_tables: block_tables.clone(),
        context_lens: context_lens.clone(),
        page_ranges: ranges,
        q: q.clone(),
        k_cache: k_cache.clone(),
        v_cache: v_cache.clone(),
        scale,
    }
    .to_kernel_args();
    let shapes =
        PagedDecodePartitionShapes::from_args(&args).map_err(|e| KernelError::backend(OP, e))?;
    let kernel = host::built(
        OP,
        "paged_decode_partition",
        with_float_type!(dtype, T => paged_decode_partition_cached::<T>(&shapes)),
    )?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    let o_part = host::take(OP, backend, &mut out, &kernel, "o_part")?;
    let lse_part = host::take(OP, backend, &mut out, &kernel, "lse_part")?;
    if splits == 1 {
        return Ok(AttnOutputs {
            o: host::reshape(o_part, &[batch, hq, d]),
            lse: host::reshape(lse_part, &[batch, hq]),
        });
    }
    combine(backend, o_part, lse_part)
}

/// Runs the combine kernel on partition outputs `o_part: [B, SPLITS, Hq, D]`
/// and `lse_part: [B, SPLITS, Hq]` (f32).
pub fn combine(
    backend: &dyn Backend,
    o_part: HostTensor,
    lse_part: HostTensor,
) -> Result<AttnOutputs, KernelError> {
    const OP: &str = "paged_decode_combine";
    let c = Check { op: OP };
    c.rank("o_part", &o_part, &["B", "SPLITS", "Hq", "D"])?;
    c.rank("lse_part", &lse_part, &["B", "SPLITS", "Hq"])?;
    for (arg, t) in [("o_part", &o_part), ("lse_part", &lse_part)] {
        if t.dtype() != tilekit_core::DType::F32 {
            return Err(c.err(arg, format!("dtype {} is not f32", t.dtype())));
        }
    }
    if o_part.shape()[..3] != *lse_part.shape() {
        return Err(c.err(
            "lse_part",
            format!(
                "shape {:?} is not the first three axes of `o_part`'s {:?}",
                lse_part.shape(),
                o_part.shape()
            ),
        ));
    }
    if o_part.shape()[1] == 0 {
        return Err(c.err("o_part", "there are no partitions (axis 1 is 0)"));
    }
    let args = SplitKvCombineArgs { o_part, lse_part }.to_kernel_args();
    let shapes = SplitKvCombineShapes::from_args(&args).map_err(|e| KernelError::backend(OP, e))?;
    let kernel = host::built(OP, "paged_decode_combine", split_kv_combine_cached(&shapes))?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    Ok(AttnOutputs {
        o: host::take(OP, backend, &mut out, &kernel, "o")?,
        lse: host::take(OP, backend, &mut out, &kernel, "lse")?,
    })
}

#[cfg(test)]
mod tests {
    use super::split_page_ranges;

    #[test]
    fn page_ranges_cover_the_live_pages_in_order() {
        // 10 tokens in pages of 4 = 3 pages over 2 splits: [0, 2), [2, 3).
        assert_eq!(split_page_ranges(&[10], 4, 2), vec![0, 2, 2, 3]);
        // More splits than pages: the extra ones are empty at the end.
        assert_eq!(split_page_ranges(&[5], 4, 3), vec![0, 1, 1, 2, 2, 2]);
        assert_eq!(split_page_ranges(&[0], 16, 2), vec![0, 0, 0, 0]);
    }
}
