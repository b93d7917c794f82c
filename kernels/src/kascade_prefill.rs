//! Kascade prefill: the anchor op `kascade_prefill_scores` (per query tile,
//! each earlier key's probability pooled over the tile's queries and the
//! group's heads), the host selection built on it, and the reuse op
//! `kascade_prefill` (the selected keys plus the tile's own causal keys).
//!
//! Queries are grouped in tiles of `TILE` rows (32 in the paper); tile `t`
//! starts at `s = t·TILE`. A program owns one tile of one sequence for one
//! KV head, i.e. `TILE · G` query rows laid out `[TILE · G, D]`.
//!
//! The scores are `B · Hkv · T · S` values, far too many to hold at long S,
//! so the scoring kernel takes the list of tiles to score as a prefetch
//! array and [`kascade_prefill_select`] launches it on a bounded number of
//! tiles at a time, reducing each batch of scores to its Top-k on the host
//! before the next. Tiles whose whole prefix is within the budget are dense
//! and are not scored at all.
//!
//! Semantics: `KERNELS.md`, `kascade_prefill`; references:
//! [`crate::reference::kascade_prefill_scores`], [`crate::reference::kascade_prefill`].

// A kernel loop that carries nothing (it only stores) expands to a closure
// ending in `()`, which clippy flags on the loop's own span.

use crate::error::KernelError;
use crate::flash_attention::check_prefill;
use crate::host::{self, with_float_type, AttnOutputs};
use crate::kascade_decode::TOKEN_CHUNK;
use crate::tiles::{
    attend_chunk, block_len, finish, load_query_block, load_rows, log_sum_exp, online_stats,
    online_update, store_query_block,
};
use crate::topk::{kascade_budget, top_n};
use crate::validate::Check;
use std::ops::Range;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, DType, HostTensor, KernelArgs};

/// Pipeline depth of the key loops.
const STAGES: u32 = 2;
/// The longest key block the scoring kernel loads at once.
const KEY_BLOCK: usize = 64;
/// The tile sizes the prefill host functions accept (the kernels take any
/// tile as a trace-time value; these are the ones tested).
pub const TILE_SIZES: [usize; 6] = [4, 8, 16, 32, 64, 128];

/// Pooled probabilities of the keys before each listed tile.
#[kernel(grid = [q.dim(0), k.dim(2), tiles.dim(0)], name = "kascade_prefill_scores")]
pub fn kascade_prefill_scores_kernel<T: Float>(
    #[prefetch] tiles: Prefetch<1>, // [NT]: the query tiles this launch scores
    q: Ref<T, 4>,                   // [B, S, Hq, D]
    k: Ref<T, 4>,                   // [B, S, Hkv, D]
    #[shape([q.dim(0), k.dim(2), tiles.dim(0), k.dim(1)])] agg: RefMut<f32, 4>,
    scale: f32,
    #[trace] tile: usize,
) {
    let s_len = q.dim(1);
    let g = q.dim(2) / k.dim(2).max(1);
    let rows = tile.min(s_len); // a tile longer than S can only be tile 0
    let bk = block_len(s_len, KEY_BLOCK);
    let (b, h, slot) = (program_id(0), program_id(1), program_id(2));
    let s0 = tiles[slot] * tile;
    let q = load_query_block(q, b, s0, rows, h, g); // [tile·G, D]
    let row_pos = iota([rows * g]) / g + s0;

    // Pass 1: each row's causal softmax statistics over keys 0..=i.
    let mut m = full([rows * g], f32::NEG_INFINITY);
    let mut l = zeros([rows * g]);
    for j in pipeline(0..cdiv((s0 + rows).min(s_len), bk), STAGES) {
        let pos = iota([bk]) + j * bk;
        let kb = load_rows(k, b, j * bk, bk, h);
        let s = select(
            pos.row().le(row_pos.col()),
            dot(q, kb.t()) * scale,
            f32::NEG_INFINITY,
        );
        (m, l) = online_stats(m, l, s);
    }
    let lse = log_sum_exp(m, l); // finite: key 0 is in every row's set

    // Pass 2: probabilities of the keys before the tile, summed over its
    // rows (queries past S excluded) and the group's heads.
    let row_ok = row_pos.lt(s_len).col();
    for j in pipeline(0..cdiv(s0, bk), STAGES) {
        let pos = iota([bk]) + j * bk;
        let kb = load_rows(k, b, j * bk, bk, h);
        let s = dot(q, kb.t()) * scale;
        let p = select(pos.lt(s0).row() & row_ok, (s - lse.col()).exp(), 0.0);
        if s_len % bk == 0 {
            agg.store([b, h, slot, j * bk..j * bk + bk], p.sum(0));
        } else {
            agg.store_masked([b, h, slot, j * bk..j * bk + bk], p.sum(0), pos.lt(s_len));
        }
    }
}

/// Reuse-layer prefill of one query tile.
#[kernel(grid = [q.dim(0), cdiv_usize(q.dim(1), tile), k.dim(2)], name = "kascade_prefill")]
pub fn kascade_prefill_kernel<T: Float>(
    #[prefetch] idx: Prefetch<4>,      // [B, Ha, T, Kmax]
    #[prefetch] n_sel: Prefetch<1>,    // [T]
    #[prefetch] head_map: Prefetch<1>, // [Hkv]
    q: Ref<T, 4>,                      // [B, S, Hq, D]
    k: Ref<T, 4>,                      // [B, S, Hkv, D]
    v: Ref<T, 4>,
    #[shape(q.shape())] o: RefMut<f32, 4>,
    #[shape([q.dim(0), q.dim(1), q.dim(2)])] lse: RefMut<f32, 3>,
    #[shape([TOKEN_CHUNK, q.dim(3)])] k_buf: Scratch<T, 2>,
    #[shape([TOKEN_CHUNK, q.dim(3)])] v_buf: Scratch<T, 2>,
    scale: f32,
    #[trace] tile: usize,
) {
    let (s_len, d) = (q.dim(1), q.dim(3));
    let g = q.dim(2) / k.dim(2).max(1);
    let rows = tile.min(s_len);
    let (b, t, h) = (program_id(0), program_id(1), program_id(2));
    let s0 = t * tile;
    let n = n_sel[t];
    let a = head_map[h];
    // Selecting at least as many keys as precede the tile keeps them all.
    let dense = s0.le(n);
    let q = load_query_block(q, b, s0, rows, h, g);
    let row_pos = iota([rows * g]) / g + s0;
    let mut m = full([rows * g], f32::NEG_INFINITY);
    let mut l = zeros([rows * g]);
    let mut acc = zeros([rows * g, d]);

    // Dense tile: every earlier tile whole (each key < s0 ≤ every row).
    for j in pipeline(0..select(dense, t, 0i32), STAGES) {
        let kb = k.load([b, j * rows..j * rows + rows, h, ..]);
        let vb = v.load([b, j * rows..j * rows + rows, h, ..]);
        (m, l, acc) = online_update(m, l, acc, dot(q, kb.t()) * scale, vb);
    }
    // Sparse tile: the anchor's selected keys, gathered in chunks.
    for c in 0..select(dense, 0i32, cdiv(n, TOKEN_CHUNK)) {
        let base = c * TOKEN_CHUNK;
        let count = (n - base).min(TOKEN_CHUNK);
        for i in pipeline(0..count, STAGES) {
            let key = idx[[b, a, t, base + i]];
            k_buf.store([i, ..], k.load([b, key, h, ..]));
            v_buf.store([i, ..], v.load([b, key, h, ..]));
        }
        (m, l, acc) = attend_chunk(m, l, acc, q, k_buf, v_buf, count, scale);
    }
    // Either way, the tile's own keys s0..=i.
    let pos = iota([rows]) + s0;
    let kb = load_rows(k, b, s0, rows, h);
    let vb = load_rows(v, b, s0, rows, h);
    let s = select(
        pos.row().le(row_pos.col()),
        dot(q, kb.t()) * scale,
        f32::NEG_INFINITY,
    );
    let (m, l, acc) = online_update(m, l, acc, s, vb);
    let (o_rows, lse_rows) = finish(m, l, acc);
    store_query_block(o, lse, b, s0, rows, h, g, o_rows, lse_rows);
}

fn check_tile(c: Check, tile: usize) -> Result<(), KernelError> {
    c.positive("tile", tile)?;
    if !TILE_SIZES.contains(&tile) {
        return Err(KernelError::unsupported(
            c.op,
            "tile",
            format!("tile size {tile} is not one of 4, 8, 16, 32, 64, 128"),
        ));
    }
    Ok(())
}

/// The query and key tensors of an anchor prefill layer.
#[derive(Clone, Copy, Debug)]
pub struct PrefillScoresInputs<'a> {
    /// `[B, S, Hq, D]`, bf16, f16 or f32 (k the same).
    pub q: &'a HostTensor,
    /// `[B, S, Hkv, D]`.
    pub k: &'a HostTensor,
}

/// How to score an anchor prefill layer.
#[derive(Clone, Debug, PartialEq)]
pub struct PrefillScoresConfig {
    /// Query tile size (4, 8, 16, 32, 64 or 128; the paper uses 32).
    pub tile: usize,
    /// Softmax scale; `None` is `1 / sqrt(D)`.
    pub scale: Option<f32>,
}

impl Default for PrefillScoresConfig {
    fn default() -> Self {
        PrefillScoresConfig {
            tile: 32,
            scale: None,
        }
    }
}

/// Validated anchor inputs: `(batch, S, Hkv, scale)`.
fn check_scores(
    c: Check,
    inputs: &PrefillScoresInputs<'_>,
    config: &PrefillScoresConfig,
) -> Result<(usize, usize, usize, f32), KernelError> {
    let (q, k) = (inputs.q, inputs.k);
    // v is not read: k stands in for it in the shared check.
    let (batch, s_len, hkv, d) = check_prefill(c, q, k, k, true)?;
    check_tile(c, config.tile)?;
    Ok((batch, s_len, hkv, c.scale(config.scale, d)?))
}

/// Runs the scoring kernel on the listed tiles: `agg: [B, Hkv, tiles, S]`.
fn score_tiles(
    op: &'static str,
    backend: &dyn Backend,
    inputs: &PrefillScoresInputs<'_>,
    tile: usize,
    scale: f32,
    tiles: &[usize],
) -> Result<HostTensor, KernelError> {
    let ids = tiles.iter().map(|&t| t as i32).collect();
    let args = KascadePrefillScoresKernelArgs {
        tiles: host::i32_tensor(&[tiles.len()], ids),
        q: inputs.q.clone(),
        k: inputs.k.clone(),
        scale,
        tile,
    }
    .to_kernel_args();
    let shapes = KascadePrefillScoresKernelShapes::from_args(&args, tile)
        .map_err(|e| KernelError::backend(op, e))?;
    let dtype = inputs.q.dtype();
    let kernel = host::built(
        op,
        "kascade_prefill_scores",
        with_float_type!(dtype, T => kascade_prefill_scores_kernel_cached::<T>(&shapes)),
    )?;
    let mut out = host::launch(op, backend, &kernel, &args)?;
    host::take(op, backend, &mut out, &kernel, "agg")
}

/// Anchor scores of the query tiles in `tiles` (a range of `0..ceil(S /
/// tile)`): `agg: [B, Hkv, tiles.len(), S]` f32 with `agg[b, g, i, j]` the
/// probability of key `j` summed over the queries of tile `tiles.start + i`
/// and the group's heads, for keys `j` before the tile (0 elsewhere).
///
/// The caller bounds memory by the range it asks for;
/// [`kascade_prefill_select`] walks all tiles that way.
pub fn kascade_prefill_scores(
    backend: &dyn Backend,
    inputs: &PrefillScoresInputs<'_>,
    tiles: Range<usize>,
    config: &PrefillScoresConfig,
) -> Result<HostTensor, KernelError> {
    const OP: &str = "kascade_prefill_scores";
    let c = Check { op: OP };
    let (batch, s_len, hkv, scale) = check_scores(c, inputs, config)?;
    let n_tiles = s_len.div_ceil(config.tile);
    if tiles.start > tiles.end || tiles.end > n_tiles {
        return Err(c.err(
            "tiles",
            format!(
                "{tiles:?} is not a range of the {n_tiles} query tiles (S = {s_len}, tile = {})",
                config.tile
            ),
        ));
    }
    if batch == 0 || tiles.is_empty() {
        return Ok(host::filled(&[batch, hkv, tiles.len(), s_len], 0.0));
    }
    let list: Vec<usize> = tiles.collect();
    score_tiles(OP, backend, inputs, config.tile, scale, &list)
}

/// How to select keys for a prefill reuse layer.
#[derive(Clone, Debug, PartialEq)]
pub struct PrefillSelectConfig {
    pub scores: PrefillScoresConfig,
    /// Fraction of each tile's prefix to keep (the paper's 10-30%), through
    /// the budget rule [`kascade_budget`].
    pub p: f64,
    /// Tiles scored per launch: the scores in flight are at most
    /// `B · Hkv · tiles_per_launch · S` floats.
    pub tiles_per_launch: usize,
}

impl Default for PrefillSelectConfig {
    fn default() -> Self {
        PrefillSelectConfig {
            scores: PrefillScoresConfig::default(),
            p: 0.1,
            tiles_per_launch: 16,
        }
    }
}

/// A prefill selection: `idx: [B, Hkv, T, Kmax]` i32 (best first, -1
/// padded) and `n_sel: [T]` i32, what [`kascade_prefill`] takes.
#[derive(Clone, Debug, PartialEq)]
pub struct PrefillSelection {
    pub idx: HostTensor,
    pub n_sel: HostTensor,
}

/// Scores an anchor prefill layer tile by tile and keeps, per (sequence, KV
/// head, tile), the `n_sel[t] = kascade_budget(t · tile, p)` best keys
/// before the tile. Tiles whose budget covers their whole prefix are dense
/// (`n_sel[t] = t · tile`) and are not scored.
pub fn kascade_prefill_select(
    backend: &dyn Backend,
    inputs: &PrefillScoresInputs<'_>,
    config: &PrefillSelectConfig,
) -> Result<PrefillSelection, KernelError> {
    const OP: &str = "kascade_prefill_select";
    let c = Check { op: OP };
    let (batch, s_len, hkv, scale) = check_scores(c, inputs, &config.scores)?;
    if !(config.p.is_finite() && (0.0..=1.0).contains(&config.p)) {
        return Err(c.err(
            "p",
            format!("the kept fraction must be in [0, 1], got {}", config.p),
        ));
    }
    c.positive("tiles_per_launch", config.tiles_per_launch)?;
    let tile = config.scores.tile;
    let n_tiles = s_len.div_ceil(tile);
    let n_sel: Vec<usize> = (0..n_tiles)
        .map(|t| kascade_budget(t * tile, config.p))
        .collect();
    let sparse: Vec<usize> = (0..n_tiles).filter(|&t| n_sel[t] < t * tile).collect();
    let kmax = sparse.iter().map(|&t| n_sel[t]).max().unwrap_or(0);
    let mut idx = vec![-1i32; batch * hkv * n_tiles * kmax];
    let mut order = Vec::new();
    for chunk in sparse.chunks(config.tiles_per_launch) {
        if batch == 0 {
            break;
        }
        let agg = score_tiles(OP, backend, inputs, tile, scale, chunk)?.to_f32_vec();
        for b in 0..batch {
            for g in 0..hkv {
                for (i, &t) in chunk.iter().enumerate() {
                    let row = &agg[((b * hkv + g) * chunk.len() + i) * s_len..][..t * tile];
                    if let Some(j) = row.iter().position(|x| x.is_nan()) {
                        return Err(KernelError::backend(
                            OP,
                            tilekit_core::BackendError::Target {
                                backend: backend.name(),
                                kernel: "kascade_prefill_scores".into(),
                                message: format!(
                                    "score of key {j} for sequence {b}, KV head {g}, tile {t} is NaN"
                                ),
                            },
                        ));
                    }
                    let best = top_n(row, n_sel[t], &mut order);
                    let dst = ((b * hkv + g) * n_tiles + t) * kmax;
                    for (slot, &key) in idx[dst..dst + best.len()].iter_mut().zip(best) {
                        *slot = key as i32;
                    }
                }
            }
        }
    }
    Ok(PrefillSelection {
        idx: host::i32_tensor(&[batch, hkv, n_tiles, kmax], idx),
        n_sel: host::i32_tensor(&[n_tiles], n_sel.iter().map(|&n| n as i32).collect()),
    })
}

/// The tensors of a reuse-layer prefill.
#[derive(Clone, Copy, Debug)]
pub struct KascadePrefillInputs<'a> {
    /// `[B, S, Hq, D]`, bf16, f16 or f32 (k and v the same).
    pub q: &'a HostTensor,
    /// `[B, S, Hkv, D]`.
    pub k: &'a HostTensor,
    pub v: &'a HostTensor,
    /// `[B, Ha, T, Kmax]` i32 with `T = ceil(S / tile)`: for a sparse tile
    /// `t` (start `s > n_sel[t]`), entries `j < n_sel[t]` are unique keys
    /// below `s`; the rest, and all of a dense tile's, are not read.
    pub idx: &'a HostTensor,
    /// `[T]` i32.
    pub n_sel: &'a HostTensor,
    /// `[Hkv]` i32 into `[0, Ha)`.
    pub head_map: &'a HostTensor,
}

/// How to run a reuse-layer prefill.
#[derive(Clone, Debug, PartialEq)]
pub struct KascadePrefillConfig {
    /// Query tile size (4, 8, 16, 32, 64 or 128; the paper uses 32).
    pub tile: usize,
    /// Softmax scale; `None` is `1 / sqrt(D)`.
    pub scale: Option<f32>,
    /// Validate every selected index of the sparse tiles.
    pub checked: bool,
}

impl Default for KascadePrefillConfig {
    fn default() -> Self {
        KascadePrefillConfig {
            tile: 32,
            scale: None,
            checked: true,
        }
    }
}

/// Kascade reuse-layer prefill (`KERNELS.md`, `kascade_prefill`) on `backend`.
pub fn kascade_prefill(
    backend: &dyn Backend,
    inputs: &KascadePrefillInputs<'_>,
    config: &KascadePrefillConfig,
) -> Result<AttnOutputs, KernelError> {
    const OP: &str = "kascade_prefill";
    let c = Check { op: OP };
    let KascadePrefillInputs {
        q,
        k,
        v,
        idx,
        n_sel,
        head_map,
    } = *inputs;
    let (batch, s_len, hkv, d) = check_prefill(c, q, k, v, true)?;
    check_tile(c, config.tile)?;
    let tile = config.tile;
    let n_tiles = s_len.div_ceil(tile);
    let vals = c.int("idx", idx, &["B", "Ha", "T", "Kmax"])?;
    c.dim("idx", idx.shape(), 0, "B", batch, "`q`")?;
    c.dim("idx", idx.shape(), 2, "T", n_tiles, "ceil(S / tile)")?;
    let (ha, kmax) = (idx.shape()[1], idx.shape()[3]);
    let counts = c.int("n_sel", n_sel, &["T"])?;
    c.dim("n_sel", n_sel.shape(), 0, "T", n_tiles, "ceil(S / tile)")?;
    c.head_map(head_map, hkv, ha)?;
    for (t, &n) in counts.iter().enumerate() {
        let start = t * tile;
        if n < 0 {
            return Err(c.err("n_sel", format!("entry [{t}] (tile {t}) = {n} is negative")));
        }
        // A dense tile's count may be anything >= its start; a sparse one
        // reads that many entries of `idx`.
        if (n as usize) < start && n as usize > kmax {
            return Err(c.err(
                "n_sel",
                format!(
                    "entry [{t}] (tile {t}) = {n} exceeds Kmax = {kmax}, the last axis of `idx`"
                ),
            ));
        }
    }
    if config.checked {
        let map = head_map.as_i32().unwrap_or_default();
        let mut anchors: Vec<usize> = map.iter().map(|&a| a as usize).collect();
        anchors.sort_unstable();
        anchors.dedup();
        for b in 0..batch {
            for &a in &anchors {
                for (t, &n) in counts.iter().enumerate() {
                    let (start, n) = (t * tile, n as usize);
                    if n >= start {
                        continue;
                    }
                    let row = &vals[((b * ha + a) * n_tiles + t) * kmax..][..kmax];
                    let what = format!("keys before the start {start} of tile {t}");
                    c.selection("idx", row, n, start, &what, |j| {
                        format!("[{b}, {a}, {t}, {j}] (sequence {b}, anchor head {a}, tile {t}, slot {j})")
                    })?;
                }
            }
        }
    }
    let scale = c.scale(config.scale, d)?;
    if batch == 0 || s_len == 0 {
        return Ok(host::empty_outputs(q.shape()));
    }
    let idx = if kmax == 0 {
        host::i32_tensor(&[batch, ha, n_tiles, 1], vec![-1; batch * ha * n_tiles])
    } else {
        idx.clone()
    };
    let args = KernelArgs::new()
        .tensor("idx", idx)
        .tensor("n_sel", n_sel.clone())
        .tensor("head_map", head_map.clone())
        .tensor("q", q.clone())
        .tensor("k", k.clone())
        .tensor("v", v.clone())
        .f32("scale", scale);
    let shapes = KascadePrefillKernelShapes::from_args(&args, tile)
        .map_err(|e| KernelError::backend(OP, e))?;
    let dtype: DType = q.dtype();
    let kernel = host::built(
        OP,
        "kascade_prefill",
        with_float_type!(dtype, T => kascade_prefill_kernel_cached::<T>(&shapes)),
    )?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    Ok(AttnOutputs {
        o: host::take(OP, backend, &mut out, &kernel, "o")?,
        lse: host::take(OP, backend, &mut out, &kernel, "lse")?,
    })
}
