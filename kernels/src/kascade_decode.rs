//! Kascade reuse-layer decode, `kascade_decode`: attention over the keys an
//! anchor layer selected, through `head_map`, with this layer's own K and V.
//!
//! KV head `g` of sequence `b` attends over `{ idx[b, head_map[g], j] : j <
//! n_sel[b] }`. Four kernels, one per K/V layout and selection granularity,
//! all one program per (sequence, KV head) owning the group's G query
//! heads:
//! - token selection gathers the selected keys in chunks of
//!   [`TOKEN_CHUNK`] (the paper's 128): a pipelined loop loads one K and V
//!   row per index into on-chip scratch, then the chunk is scored with one
//!   `dot` like a dense block. Rows of the last chunk past the count hold
//!   stale data and are masked out with `select`, so the kernels depend
//!   neither on scratch starting at zero nor on it persisting between
//!   programs (it may be uninitialised shared memory per CTA);
//! - block selection (`SEL` tokens per block, the form a TPU DMA engine
//!   likes) loads each selected block as one tile, masking the tail of the
//!   sequence's last block.
//!
//! With a paged cache, token `t` lives at page `block_tables[b, t / BS]`,
//! slot `t % BS`; a selected block lies inside one page when `SEL` divides
//! `BS`, and spans `SEL / BS` whole pages when `BS` divides `SEL`.
//!
//! Semantics: `KERNELS.md`, `kascade_decode`; references:
//! [`crate::reference::kascade_decode`], [`crate::reference::kascade_decode_paged`],
//! [`crate::reference::kascade_decode_blocks`].

// A kernel loop that carries nothing (it only stores) expands to a closure
// ending in `()`, which clippy flags on the loop's own span.

use crate::error::KernelError;
use crate::host::{self, with_float_type, AttnOutputs};
use crate::kascade_scores::check_contiguous;
use crate::tiles::{attend_chunk, finish, group_size, load_rows, online_update};
use crate::validate::{float_dtype, Check};
use tilekit_core::dsl::*;
use tilekit_core::{Backend, DType, HostTensor, KernelArgs};

/// Selected tokens gathered per chunk, as in the published kernels.
pub const TOKEN_CHUNK: usize = 128;
/// Pipeline depth of the gather and block loops.
const STAGES: u32 = 2;
/// The block sizes the host function accepts for block selection (the
/// kernels take any as a trace-time value; these are the ones tested).
pub const BLOCK_SIZES: [usize; 7] = [4, 8, 16, 32, 64, 128, 256];

/// Token selection, K/V contiguous `[B, S, Hkv, D]`.
#[kernel(grid = [q.dim(0), k.dim(2)], name = "kascade_decode_tokens")]
pub fn kascade_decode_tokens<T: Float>(
    #[prefetch] idx: Prefetch<3>,      // [B, Ha, Kmax]
    #[prefetch] n_sel: Prefetch<1>,    // [B]
    #[prefetch] head_map: Prefetch<1>, // [Hkv]
    q: Ref<T, 3>,                      // [B, Hq, D]
    k: Ref<T, 4>,                      // [B, S, Hkv, D]
    v: Ref<T, 4>,
    #[shape(q.shape())] o: RefMut<f32, 3>,
    #[shape([q.dim(0), q.dim(1)])] lse: RefMut<f32, 2>,
    #[shape([TOKEN_CHUNK, q.dim(2)])] k_buf: Scratch<T, 2>,
    #[shape([TOKEN_CHUNK, q.dim(2)])] v_buf: Scratch<T, 2>,
    scale: f32,
) {
    let d = q.dim(2);
    let g = group_size(q.dim(1), k.dim(2));
    let (b, h) = (program_id(0), program_id(1));
    let a = head_map[h];
    let n = n_sel[b];
    let q = q.load([b, h * g..h * g + g, ..]); // [G, D]
    let mut m = full([g], f32::NEG_INFINITY);
    let mut l = zeros([g]);
    let mut acc = zeros([g, d]);
    for c in 0..cdiv(n, TOKEN_CHUNK) {
        let base = c * TOKEN_CHUNK;
        let count = (n - base).min(TOKEN_CHUNK);
        for i in pipeline(0..count, STAGES) {
            let t = idx[[b, a, base + i]];
            k_buf.store([i, ..], k.load([b, t, h, ..]));
            v_buf.store([i, ..], v.load([b, t, h, ..]));
        }
        (m, l, acc) = attend_chunk(m, l, acc, q, k_buf, v_buf, count, scale);
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    o.store([b, h * g..h * g + g, ..], o_rows);
    lse.store([b, h * g..h * g + g], lse_rows);
}

/// Token selection, K/V in a paged cache `[NB, BS, Hkv, D]`.
#[kernel(grid = [q.dim(0), k_cache.dim(2)], name = "kascade_decode_tokens_paged")]
pub fn kascade_decode_tokens_paged<T: Float>(
    #[prefetch] block_tables: Prefetch<2>, // [B, MB]
    #[prefetch] idx: Prefetch<3>,          // [B, Ha, Kmax]
    #[prefetch] n_sel: Prefetch<1>,        // [B]
    #[prefetch] head_map: Prefetch<1>,     // [Hkv]
    q: Ref<T, 3>,                          // [B, Hq, D]
    k_cache: Ref<T, 4>,                    // [NB, BS, Hkv, D]
    v_cache: Ref<T, 4>,
    #[shape(q.shape())] o: RefMut<f32, 3>,
    #[shape([q.dim(0), q.dim(1)])] lse: RefMut<f32, 2>,
    #[shape([TOKEN_CHUNK, q.dim(2)])] k_buf: Scratch<T, 2>,
    #[shape([TOKEN_CHUNK, q.dim(2)])] v_buf: Scratch<T, 2>,
    scale: f32,
) {
    let (bs, d) = (k_cache.dim(1), q.dim(2));
    let g = group_size(q.dim(1), k_cache.dim(2));
    let (b, h) = (program_id(0), program_id(1));
    let a = head_map[h];
    let n = n_sel[b];
    let q = q.load([b, h * g..h * g + g, ..]);
    let mut m = full([g], f32::NEG_INFINITY);
    let mut l = zeros([g]);
    let mut acc = zeros([g, d]);
    for c in 0..cdiv(n, TOKEN_CHUNK) {
        let base = c * TOKEN_CHUNK;
        let count = (n - base).min(TOKEN_CHUNK);
        for i in pipeline(0..count, STAGES) {
            let t = idx[[b, a, base + i]];
            let page = block_tables[[b, t / bs]];
            k_buf.store([i, ..], k_cache.load([page, t % bs, h, ..]));
            v_buf.store([i, ..], v_cache.load([page, t % bs, h, ..]));
        }
        (m, l, acc) = attend_chunk(m, l, acc, q, k_buf, v_buf, count, scale);
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    o.store([b, h * g..h * g + g, ..], o_rows);
    lse.store([b, h * g..h * g + g], lse_rows);
}

/// Block selection (`sel` tokens per block, a trace-time value), K/V contiguous `[B, S, Hkv, D]`.
#[kernel(grid = [q.dim(0), k.dim(2)], name = "kascade_decode_blocks")]
pub fn kascade_decode_blocks<T: Float>(
    #[prefetch] lens: Prefetch<1>,      // [B]
    #[prefetch] block_idx: Prefetch<3>, // [B, Ha, Kmax]
    #[prefetch] n_sel: Prefetch<1>,     // [B]
    #[prefetch] head_map: Prefetch<1>,  // [Hkv]
    q: Ref<T, 3>,                       // [B, Hq, D]
    k: Ref<T, 4>,                       // [B, S, Hkv, D]
    v: Ref<T, 4>,
    #[shape(q.shape())] o: RefMut<f32, 3>,
    #[shape([q.dim(0), q.dim(1)])] lse: RefMut<f32, 2>,
    scale: f32,
    #[trace] sel: usize,
) {
    let d = q.dim(2);
    let g = group_size(q.dim(1), k.dim(2));
    // A block longer than the sequence axis can only be block 0.
    let rows = sel.min(k.dim(1));
    let (b, h) = (program_id(0), program_id(1));
    let a = head_map[h];
    let (len, n) = (lens[b], n_sel[b]);
    let q = q.load([b, h * g..h * g + g, ..]);
    let mut m = full([g], f32::NEG_INFINITY);
    let mut l = zeros([g]);
    let mut acc = zeros([g, d]);
    for j in pipeline(0..n, STAGES) {
        let first = block_idx[[b, a, j]] * sel;
        let keep = (iota([rows]) + first).lt(len);
        let kb = load_rows(k, b, first, rows, h); // [sel, D]
        let vb = select(keep.col(), load_rows(v, b, first, rows, h), 0.0);
        let s = select(keep.row(), dot(q, kb.t()) * scale, f32::NEG_INFINITY);
        (m, l, acc) = online_update(m, l, acc, s, vb);
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    o.store([b, h * g..h * g + g, ..], o_rows);
    lse.store([b, h * g..h * g + g], lse_rows);
}

/// Block selection (`sel` tokens per block, a trace-time value), K/V in a paged cache; `sel`
/// divides the page size `BS` or is a multiple of it.
#[kernel(grid = [q.dim(0), k_cache.dim(2)], name = "kascade_decode_blocks_paged")]
pub fn kascade_decode_blocks_paged<T: Float>(
    #[prefetch] block_tables: Prefetch<2>, // [B, MB]
    #[prefetch] lens: Prefetch<1>,         // [B]
    #[prefetch] block_idx: Prefetch<3>,    // [B, Ha, Kmax]
    #[prefetch] n_sel: Prefetch<1>,        // [B]
    #[prefetch] head_map: Prefetch<1>,     // [Hkv]
    q: Ref<T, 3>,                          // [B, Hq, D]
    k_cache: Ref<T, 4>,                    // [NB, BS, Hkv, D]
    v_cache: Ref<T, 4>,
    #[shape(q.shape())] o: RefMut<f32, 3>,
    #[shape([q.dim(0), q.dim(1)])] lse: RefMut<f32, 2>,
    scale: f32,
    #[trace] sel: usize,
) {
    let (bs, d) = (k_cache.dim(1), q.dim(2));
    let g = group_size(q.dim(1), k_cache.dim(2));
    let last_col = block_tables.dim(1).max(1) - 1;
    // Rows per load: the whole block inside one page, or one whole page of it.
    let sub = sel.min(bs).max(1);
    let (b, h) = (program_id(0), program_id(1));
    let a = head_map[h];
    let (len, n) = (lens[b], n_sel[b]);
    let q = q.load([b, h * g..h * g + g, ..]);
    let mut m = full([g], f32::NEG_INFINITY);
    let mut l = zeros([g]);
    let mut acc = zeros([g, d]);
    for j in pipeline(0..n, STAGES) {
        let block = block_idx[[b, a, j]];
        for u in 0..sel / sub {
            let first = block * sel + u * sub;
            // A page wholly past the length (the tail of the last block) may
            // be -1 in the table: read page 0 instead; its keys are masked.
            let live = first.lt(len);
            let page = select(live, block_tables[[b, (first / bs).min(last_col)]], 0);
            let slot = first % bs;
            let keep = (iota([sub]) + first).lt(len);
            let kb = k_cache.load([page, slot..slot + sub, h, ..]);
            let vb = select(
                keep.col(),
                v_cache.load([page, slot..slot + sub, h, ..]),
                0.0,
            );
            let s = select(keep.row(), dot(q, kb.t()) * scale, f32::NEG_INFINITY);
            (m, l, acc) = online_update(m, l, acc, s, vb);
        }
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    o.store([b, h * g..h * g + g, ..], o_rows);
    lse.store([b, h * g..h * g + g], lse_rows);
}

/// Where a reuse layer's K and V live.
#[derive(Clone, Copy, Debug)]
pub enum KvCache<'a> {
    /// `k, v: [B, S, Hkv, D]`.
    Contiguous {
        k: &'a HostTensor,
        v: &'a HostTensor,
    },
    /// `k_cache, v_cache: [NB, BS, Hkv, D]` addressed through
    /// `block_tables: [B, MB]` i32, as in `paged_decode`.
    Paged {
        k_cache: &'a HostTensor,
        v_cache: &'a HostTensor,
        block_tables: &'a HostTensor,
    },
}

/// What `idx` selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Granularity {
    /// Single tokens (the paper).
    Tokens,
    /// Blocks of `sel` tokens: block `i` covers `[i·sel, min((i+1)·sel, L))`,
    /// and `n_sel` counts blocks. `sel` is one of 4, 8, ..., 256.
    Blocks { sel: usize },
}

/// The tensors of a reuse-layer decode.
#[derive(Clone, Copy, Debug)]
pub struct KascadeDecodeInputs<'a> {
    /// `[B, Hq, D]`, bf16, f16 or f32 (K and V the same).
    pub q: &'a HostTensor,
    pub kv: KvCache<'a>,
    /// `[B]` i32: context lengths (at most S, or `MB · BS` when paged).
    pub lens: &'a HostTensor,
    /// `[B, Ha, Kmax]` i32: the anchor's selection per anchor head; entries
    /// `j < n_sel[b]` are unique and below the length (in blocks for block
    /// selection), the rest are ignored.
    pub idx: &'a HostTensor,
    /// `[B]` i32, each at most Kmax.
    pub n_sel: &'a HostTensor,
    /// `[Hkv]` i32: KV head `g` uses the anchor's head `head_map[g]`, in `[0, Ha)`.
    pub head_map: &'a HostTensor,
}

/// How to run a reuse-layer decode.
#[derive(Clone, Debug, PartialEq)]
pub struct KascadeDecodeConfig {
    /// Softmax scale; `None` is `1 / sqrt(D)`.
    pub scale: Option<f32>,
    pub granularity: Granularity,
    /// Validate live block-table entries and every selection entry.
    pub checked: bool,
}

impl Default for KascadeDecodeConfig {
    fn default() -> Self {
        KascadeDecodeConfig {
            scale: None,
            granularity: Granularity::Tokens,
            checked: true,
        }
    }
}

/// Validates a paged cache against `q` and `lens`; returns `(BS, Hkv,
/// lens)` and the block table padded to at least one column.
fn check_paged(
    c: Check,
    q: &HostTensor,
    k_cache: &HostTensor,
    v_cache: &HostTensor,
    block_tables: &HostTensor,
    lens: &HostTensor,
    checked: bool,
) -> Result<(usize, usize, Vec<usize>, HostTensor), KernelError> {
    c.float("q", q, &["B", "Hq", "D"])?;
    float_dtype(c, q)?;
    for (arg, t) in [("k_cache", k_cache), ("v_cache", v_cache)] {
        c.float(arg, t, &["NB", "BS", "Hkv", "D"])?;
        c.same_dtype(arg, t, q)?;
        c.head_dim(arg, t, q)?;
    }
    c.same_shape("v_cache", v_cache, "k_cache", k_cache)?;
    let (batch, hq) = (q.shape()[0], q.shape()[1]);
    let (nb, bs, hkv) = (k_cache.shape()[0], k_cache.shape()[1], k_cache.shape()[2]);
    c.group("k_cache", hq, hkv)?;
    let (mb, lens) = c.paged_tables(block_tables, ("lens", lens), batch, [nb, bs], checked)?;
    // With no column at all (every length 0) a one-column table of zeros
    // keeps the kernel's table reads well-formed; none is used.
    let table = if mb == 0 {
        host::i32_tensor(&[batch, 1], vec![0; batch])
    } else {
        block_tables.clone()
    };
    Ok((bs, hkv, lens, table))
}

/// Validates `idx`, `n_sel` and `head_map`; in checked mode every live
/// selection entry. `unit` is the selection granularity in tokens. Returns
/// `idx` padded to at least one column.
#[allow(clippy::too_many_arguments)] // the selection's three tensors and its bounds
fn check_selection(
    c: Check,
    idx: &HostTensor,
    n_sel: &HostTensor,
    head_map: &HostTensor,
    lens: &[usize],
    hkv: usize,
    unit: usize,
    checked: bool,
) -> Result<HostTensor, KernelError> {
    let batch = lens.len();
    let vals = c.int("idx", idx, &["B", "Ha", "Kmax"])?;
    c.dim("idx", idx.shape(), 0, "B", batch, "`q`")?;
    let (ha, kmax) = (idx.shape()[1], idx.shape()[2]);
    let n = c.counts("n_sel", n_sel, batch, kmax, "Kmax, the last axis of `idx`")?;
    c.head_map(head_map, hkv, ha)?;
    if checked {
        let map = head_map.as_i32().unwrap_or_default();
        let mut anchors: Vec<usize> = map.iter().map(|&a| a as usize).collect();
        anchors.sort_unstable();
        anchors.dedup();
        for (b, &len) in lens.iter().enumerate() {
            let units = len.div_ceil(unit);
            let what = if unit == 1 {
                format!("the length lens[{b}] = {len}")
            } else {
                format!("the {units} blocks of {unit} tokens in lens[{b}] = {len}")
            };
            for &a in &anchors {
                let row = &vals[(b * ha + a) * kmax..][..kmax];
                c.selection("idx", row, n[b], units, &what, |j| {
                    format!("[{b}, {a}, {j}] (sequence {b}, anchor head {a}, slot {j})")
                })?;
            }
        }
    }
    Ok(if kmax == 0 {
        host::i32_tensor(&[batch, ha, 1], vec![-1; batch * ha])
    } else {
        idx.clone()
    })
}

/// Kascade reuse-layer decode (`KERNELS.md`, `kascade_decode`) on `backend`.
///
/// Shapes, dtypes, lengths, counts and `head_map` are always validated; with
/// `config.checked`, so are the live block-table entries and every selected
/// index (unique and below the length), each error naming the sequence and
/// the slot.
pub fn kascade_decode(
    backend: &dyn Backend,
    inputs: &KascadeDecodeInputs<'_>,
    config: &KascadeDecodeConfig,
) -> Result<AttnOutputs, KernelError> {
    const OP: &str = "kascade_decode";
    let c = Check { op: OP };
    let q = inputs.q;
    let unit = match config.granularity {
        Granularity::Tokens => 1,
        Granularity::Blocks { sel } => {
            c.positive("sel", sel)?;
            if !BLOCK_SIZES.contains(&sel) {
                return Err(KernelError::unsupported(
                    OP,
                    "sel",
                    format!("block size {sel} is not one of 4, 8, 16, 32, 64, 128, 256"),
                ));
            }
            sel
        }
    };
    let (args, layout_paged) = match inputs.kv {
        KvCache::Contiguous { k, v } => {
            let shape = check_contiguous(c, q, k, v, inputs.lens)?;
            let idx = check_selection(
                c,
                inputs.idx,
                inputs.n_sel,
                inputs.head_map,
                &shape.lens,
                shape.hkv,
                unit,
                config.checked,
            )?;
            if shape.batch == 0 || shape.s_len == 0 {
                return Ok(host::empty_outputs(q.shape()));
            }
            let args = KernelArgs::new()
                .tensor("idx", idx)
                .tensor("q", q.clone())
                .tensor("k", k.clone())
                .tensor("v", v.clone());
            (args, false)
        }
        KvCache::Paged {
            k_cache,
            v_cache,
            block_tables,
        } => {
            let (bs, hkv, lens, table) = check_paged(
                c,
                q,
                k_cache,
                v_cache,
                block_tables,
                inputs.lens,
                config.checked,
            )?;
            if unit > 1 && bs % unit != 0 && unit % bs != 0 {
                return Err(KernelError::unsupported(
                    OP,
                    "sel",
                    format!(
                        "block size {unit} neither divides the page size {bs} nor is a multiple of it"
                    ),
                ));
            }
            let idx = check_selection(
                c,
                inputs.idx,
                inputs.n_sel,
                inputs.head_map,
                &lens,
                hkv,
                unit,
                config.checked,
            )?;
            if lens.is_empty() {
                return Ok(host::empty_outputs(q.shape()));
            }
            let args = KernelArgs::new()
                .tensor("block_tables", table)
                .tensor("idx", idx)
                .tensor("q", q.clone())
                .tensor("k_cache", k_cache.clone())
                .tensor("v_cache", v_cache.clone());
            (args, true)
        }
    };
    let scale = c.scale(config.scale, q.shape()[2])?;
    let mut args = args
        .tensor("n_sel", inputs.n_sel.clone())
        .tensor("head_map", inputs.head_map.clone())
        .f32("scale", scale);
    if unit > 1 {
        // Block kernels take the selection as `block_idx` and need the lengths.
        if let Some(idx) = args.tensors.remove("idx") {
            args = args.tensor("block_idx", idx);
        }
        args = args.tensor("lens", inputs.lens.clone());
    }
    let dtype = q.dtype();
    run_variant(backend, &args, dtype, layout_paged, unit)
}

/// Builds (or reuses) the kernel for one layout and granularity and runs it.
fn run_variant(
    backend: &dyn Backend,
    args: &KernelArgs,
    dtype: DType,
    paged: bool,
    unit: usize,
) -> Result<AttnOutputs, KernelError> {
    const OP: &str = "kascade_decode";
    let shape_err = |e: tilekit_core::ArgError| KernelError::backend(OP, e);
    let kernel = match (paged, unit) {
        (false, 1) => {
            let shapes = KascadeDecodeTokensShapes::from_args(args).map_err(shape_err)?;
            host::built(
                OP,
                "kascade_decode_tokens",
                with_float_type!(dtype, T => kascade_decode_tokens_cached::<T>(&shapes)),
            )?
        }
        (true, 1) => {
            let shapes = KascadeDecodeTokensPagedShapes::from_args(args).map_err(shape_err)?;
            host::built(
                OP,
                "kascade_decode_tokens_paged",
                with_float_type!(dtype, T => kascade_decode_tokens_paged_cached::<T>(&shapes)),
            )?
        }
        (false, sel) => {
            let shapes = KascadeDecodeBlocksShapes::from_args(args, sel).map_err(shape_err)?;
            host::built(
                OP,
                "kascade_decode_blocks",
                with_float_type!(dtype, T => kascade_decode_blocks_cached::<T>(&shapes)),
            )?
        }
        (true, sel) => {
            let shapes = KascadeDecodeBlocksPagedShapes::from_args(args, sel).map_err(shape_err)?;
            host::built(
                OP,
                "kascade_decode_blocks_paged",
                with_float_type!(dtype, T => kascade_decode_blocks_paged_cached::<T>(&shapes)),
            )?
        }
    };
    let mut out = host::launch(OP, backend, &kernel, args)?;
    Ok(AttnOutputs {
        o: host::take(OP, backend, &mut out, &kernel, "o")?,
        lse: host::take(OP, backend, &mut out, &kernel, "lse")?,
    })
}
