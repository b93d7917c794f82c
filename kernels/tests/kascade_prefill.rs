//! Kascade prefill: the reuse kernel (`kascade_prefill`) against the f64
//! reference over random selections (n_sel 0, 1, 127-129, dense, more than
//! Kmax on dense tiles; head_map identity, permutation, many-to-one), and
//! the anchor side (`kascade_prefill_scores`, `kascade_prefill_select`)
//! against the reference scores and a plain sorting Top-k.

mod common;

use common::*;
use proptest::prelude::*;
use tilekit_core::{Backend, DType, HostTensor, Interpreter};
use tilekit_kernels::reference;
use tilekit_kernels::testdata::Rng;
use tilekit_kernels::{
    kascade_budget, kascade_prefill, kascade_prefill_scores, kascade_prefill_select,
    KascadePrefillConfig, KascadePrefillInputs, PrefillScoresConfig, PrefillScoresInputs,
    PrefillSelectConfig,
};

#[derive(Clone, Debug)]
struct Case {
    batch: usize,
    s: usize,
    tile: usize,
    g: usize,
    hkv: usize,
    d: usize,
    dtype: DType,
    logit_scale: f64,
    /// Per tile: how many keys to select (see `tile_count`).
    counts: Vec<(u8, usize)>,
    head_map: HeadMap,
    more_anchor_heads: usize,
    pad: usize,
    seed: u64,
    /// Fixed PJRT shapes: pad `idx` to this many entries per tile.
    kmax: Option<usize>,
}

/// A tile's `n_sel` for start `s0`: 0, 1, 127, 128, 129 (capped at s0,
/// where the tile turns dense), exactly s0, anything up to s0, or beyond
/// s0 (dense, and more than Kmax).
fn tile_count(kind: u8, free: usize, s0: usize) -> usize {
    match kind {
        0 => 0,
        1 => 1.min(s0),
        2 => 127.min(s0),
        3 => 128.min(s0),
        4 => 129.min(s0),
        5 => s0,
        6 => free % (s0 + 1),
        _ => s0 + 1 + free % 300,
    }
}

/// `long` makes long sequences (sparse tiles under the budget rule) likelier.
fn cases(long: bool) -> impl Strategy<Value = Case> {
    (
        (
            1usize..=2,
            0u8..8,
            any::<usize>(),
            prop::sample::select(vec![4usize, 8, 16, 32]),
        ),
        (groups(), 1usize..=2, head_dims(), dtypes()),
        prop::collection::vec((0u8..8, any::<usize>()), 8),
        (head_maps(), 0usize..=1, 0usize..=2),
        (any::<bool>(), any::<u64>()),
    )
        .prop_map(
            move |(
                (batch, kind, free, tile),
                (g, hkv, d, dtype),
                counts,
                (head_map, more, pad),
                (big, seed),
            )| {
                // Lengths around the tile; long enough for 127-129 selected
                // keys (tile 32 and small heads, to keep the run short); or
                // anything up to 80.
                let s = match kind {
                    0 => 0,
                    1 => 1,
                    2 => tile - 1,
                    3 => tile,
                    4 => tile + 1,
                    5 | 6 if (kind == 5 || long) && g * d <= 4 * 64 => 161 + free % 70,
                    _ => free % 81,
                };
                let tile = if s > 160 { 32 } else { tile };
                let d = if s > 100 { 64 } else { d };
                Case {
                    batch,
                    s,
                    tile,
                    g,
                    hkv,
                    d,
                    dtype,
                    logit_scale: if big { 10.0 } else { 1.0 },
                    counts,
                    head_map,
                    more_anchor_heads: more,
                    pad,
                    seed,
                    kmax: None,
                }
            },
        )
}

/// A PJRT shape configuration: everything the compiled kernels depend on
/// (for prefill the sequence length is a shape).
#[derive(Clone, Copy, Debug)]
struct Shape {
    batch: usize,
    s: usize,
    tile: usize,
    g: usize,
    hkv: usize,
    /// Anchor heads of the reuse kernel's selection (at least `hkv`).
    ha: usize,
    d: usize,
    dtype: DType,
    /// Sparse tiles scored per launch by the streamed selection.
    per_launch: usize,
}

/// Reuse prefill: S = 0, 1, tile - 1, 2 tile + 1, long enough for 127-129
/// selected keys (tile 32 from start 160; tile 128 from start 128), GQA
/// 1..16, head dims 64/128/256, every dtype.
#[rustfmt::skip] // one configuration a line
const REUSE_SHAPES: [Shape; 7] = [
    Shape { batch: 1, s: 200, tile: 32, g: 2, hkv: 2, ha: 3, d: 64, dtype: DType::Bf16, per_launch: 1 },
    Shape { batch: 2, s: 33, tile: 16, g: 16, hkv: 1, ha: 1, d: 64, dtype: DType::F32, per_launch: 1 },
    Shape { batch: 2, s: 15, tile: 16, g: 1, hkv: 2, ha: 2, d: 128, dtype: DType::F16, per_launch: 1 },
    Shape { batch: 1, s: 9, tile: 4, g: 4, hkv: 2, ha: 2, d: 256, dtype: DType::Bf16, per_launch: 1 },
    Shape { batch: 2, s: 1, tile: 8, g: 8, hkv: 1, ha: 2, d: 64, dtype: DType::F16, per_launch: 1 },
    Shape { batch: 1, s: 129, tile: 128, g: 2, hkv: 1, ha: 1, d: 64, dtype: DType::F32, per_launch: 1 },
    Shape { batch: 1, s: 0, tile: 32, g: 1, hkv: 1, ha: 1, d: 64, dtype: DType::Bf16, per_launch: 1 },
];

/// Anchor prefill: S long enough for sparse tiles (their budget below the
/// tile start: 3 streamed 2 + 1 per launch, 5 streamed 3 + 2), and short
/// ones (all dense, nothing to stream).
#[rustfmt::skip] // one configuration a line
const ANCHOR_SHAPES: [Shape; 5] = [
    Shape { batch: 1, s: 230, tile: 32, g: 2, hkv: 2, ha: 2, d: 64, dtype: DType::Bf16, per_launch: 2 },
    Shape { batch: 1, s: 170, tile: 8, g: 8, hkv: 1, ha: 1, d: 64, dtype: DType::F16, per_launch: 3 },
    Shape { batch: 2, s: 33, tile: 16, g: 16, hkv: 1, ha: 1, d: 64, dtype: DType::F32, per_launch: 1 },
    Shape { batch: 2, s: 15, tile: 16, g: 1, hkv: 2, ha: 2, d: 128, dtype: DType::F16, per_launch: 3 },
    Shape { batch: 1, s: 9, tile: 4, g: 4, hkv: 2, ha: 2, d: 256, dtype: DType::Bf16, per_launch: 1 },
];

/// Cases for PJRT: the shapes from `shapes`, everything else free. `idx`
/// is padded to the most a sparse tile can select (below the last tile's
/// start) plus the largest padding.
fn pjrt_cases(shapes: &[Shape]) -> impl Strategy<Value = (Case, usize)> {
    (
        one_of(shapes),
        prop::collection::vec((0u8..8, any::<usize>()), 8),
        (head_maps(), 0usize..=2),
        (any::<bool>(), any::<u64>()),
    )
        .prop_map(|(sh, counts, (head_map, pad), (big, seed))| {
            let case = Case {
                batch: sh.batch,
                s: sh.s,
                tile: sh.tile,
                g: sh.g,
                hkv: sh.hkv,
                d: sh.d,
                dtype: sh.dtype,
                logit_scale: if big { 10.0 } else { 1.0 },
                counts,
                head_map,
                more_anchor_heads: sh.ha - sh.hkv,
                pad,
                seed,
                kmax: Some(sh.s.div_ceil(sh.tile).saturating_sub(1) * sh.tile + 2),
            };
            (case, sh.per_launch)
        })
}

/// `n_sel: [T]` and a random unique, unsorted, -1 padded selection
/// `idx: [B, Ha, T, Kmax]` of keys before each sparse tile.
fn selection(c: &Case, n_tiles: usize, anchor_heads: usize) -> (HostTensor, HostTensor) {
    let n: Vec<usize> = (0..n_tiles)
        .map(|t| {
            let (kind, free) = c.counts[t % c.counts.len()];
            tile_count(kind, free, t * c.tile)
        })
        .collect();
    let sparse = |t: usize| n[t] < t * c.tile;
    let kmax = (0..n_tiles)
        .filter(|&t| sparse(t))
        .map(|t| n[t])
        .max()
        .unwrap_or(0)
        + c.pad;
    let mut rng = Rng::new(c.seed ^ 0x5e1);
    let mut idx = vec![-1i32; c.batch * anchor_heads * n_tiles * kmax];
    for b in 0..c.batch {
        for a in 0..anchor_heads {
            for t in (0..n_tiles).filter(|&t| sparse(t)) {
                let mut keys: Vec<i32> = (0..(t * c.tile) as i32).collect();
                rng.shuffle(&mut keys);
                let dst = ((b * anchor_heads + a) * n_tiles + t) * kmax;
                idx[dst..dst + n[t]].copy_from_slice(&keys[..n[t]]);
            }
        }
    }
    (
        HostTensor::from_i32(&[c.batch, anchor_heads, n_tiles, kmax], idx).unwrap(),
        HostTensor::from_i32(&[n_tiles], n.iter().map(|&x| x as i32).collect()).unwrap(),
    )
}

/// The property for the reuse kernel: on `backend` it matches the reference.
fn check_reuse(backend: &dyn Backend, c: &Case) -> Result<(), TestCaseError> {
    let (q, k, v) = prefill_qkv(
        c.batch,
        c.s,
        c.s,
        c.g * c.hkv,
        c.hkv,
        c.d,
        c.dtype,
        c.logit_scale,
        c.seed,
    );
    let n_tiles = c.s.div_ceil(c.tile);
    let (mut idx, n_sel) = selection(c, n_tiles, c.hkv + c.more_anchor_heads);
    if let Some(kmax) = c.kmax {
        idx = pad_last_axis(&idx, kmax);
    }
    let head_map = c.head_map.tensor(c.hkv);
    let inputs = KascadePrefillInputs {
        q: &q,
        k: &k,
        v: &v,
        idx: &idx,
        n_sel: &n_sel,
        head_map: &head_map,
    };
    let config = KascadePrefillConfig {
        tile: c.tile,
        ..Default::default()
    };
    let got = ok(kascade_prefill(backend, &inputs, &config))?;
    let scale = 1.0 / (c.d as f64).sqrt();
    let want = ok(reference::kascade_prefill(
        &q, &k, &v, &idx, &n_sel, &head_map, c.tile, scale,
    ))?;
    close_attn(&got, &want, c.dtype)
}

/// The anchor side's property: the scores match the reference; the
/// streamed selection equals a plain Top-k of those scores, whatever the
/// number of tiles per launch; and the reuse layer over it matches the
/// reference.
fn check_anchor(
    backend: &dyn Backend,
    c: &Case,
    p: f64,
    per_launch: usize,
) -> Result<(), TestCaseError> {
    let (q, k, v) = prefill_qkv(
        c.batch,
        c.s,
        c.s,
        c.g * c.hkv,
        c.hkv,
        c.d,
        c.dtype,
        c.logit_scale,
        c.seed,
    );
    let n_tiles = c.s.div_ceil(c.tile);
    let inputs = PrefillScoresInputs { q: &q, k: &k };
    let scores = PrefillScoresConfig {
        tile: c.tile,
        scale: None,
    };
    let agg = ok(kascade_prefill_scores(
        backend,
        &inputs,
        0..n_tiles,
        &scores,
    ))?;
    let scale = 1.0 / (c.d as f64).sqrt();
    let want = ok(reference::kascade_prefill_scores(&q, &k, c.tile, scale))?;
    close("agg", &agg, &want, c.dtype)?;

    let config = PrefillSelectConfig {
        scores,
        p,
        tiles_per_launch: per_launch,
    };
    let sel = ok(kascade_prefill_select(backend, &inputs, &config))?;
    let (b_n, hkv, s) = (c.batch, c.hkv, c.s);
    let kmax = sel.idx.shape()[3];
    let idx = sel.idx.as_i32().unwrap();
    let n_sel = sel.n_sel.as_i32().unwrap();
    let agg = agg.to_f32_vec();
    for t in 0..n_tiles {
        let start = t * c.tile;
        let n = kascade_budget(start, p);
        prop_assert_eq!(n_sel[t] as usize, n, "n_sel of tile {}", t);
        if n >= start {
            continue;
        }
        for b in 0..b_n {
            for g in 0..hkv {
                let row = &agg[((b * hkv + g) * n_tiles + t) * s..][..start];
                let mut order: Vec<usize> = (0..start).collect();
                order.sort_by(|&x, &y| row[y].total_cmp(&row[x]).then(x.cmp(&y)));
                let got = &idx[((b * hkv + g) * n_tiles + t) * kmax..][..n];
                let want: Vec<i32> = order[..n].iter().map(|&x| x as i32).collect();
                prop_assert_eq!(got, &want[..], "tile {} of sequence {}, head {}", t, b, g);
            }
        }
    }
    let head_map = c.head_map.tensor(hkv);
    let sel_idx = match c.kmax {
        Some(kmax) => pad_last_axis(&sel.idx, kmax),
        None => sel.idx.clone(),
    };
    let reuse = KascadePrefillInputs {
        q: &q,
        k: &k,
        v: &v,
        idx: &sel_idx,
        n_sel: &sel.n_sel,
        head_map: &head_map,
    };
    let got = ok(kascade_prefill(
        backend,
        &reuse,
        &KascadePrefillConfig {
            tile: c.tile,
            ..Default::default()
        },
    ))?;
    let want = ok(reference::kascade_prefill(
        &q, &k, &v, &sel_idx, &sel.n_sel, &head_map, c.tile, scale,
    ))?;
    close_attn(&got, &want, c.dtype)
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn kascade_prefill_matches_reference_interp(case in cases(false)) {
        check_reuse(&Interpreter, &case)?;
    }

    #[test]
    fn kascade_prefill_scores_and_selection_match_reference_interp(
        case in cases(true),
        p in prop::sample::select(vec![0.1f64, 0.3]),
        per_launch in 1usize..=3,
    ) {
        check_anchor(&Interpreter, &case, p, per_launch)?;
    }

    #[test]
    fn kascade_prefill_matches_reference_pjrt_cpu((case, _) in pjrt_cases(&REUSE_SHAPES)) {
        check_reuse(pjrt(), &case)?;
    }

    #[test]
    fn kascade_prefill_scores_and_selection_match_reference_pjrt_cpu(
        (case, per_launch) in pjrt_cases(&ANCHOR_SHAPES),
        p in prop::sample::select(vec![0.1f64, 0.3]),
    ) {
        check_anchor(pjrt(), &case, p, per_launch)?;
    }
}

fn fixed(s: usize, tile: usize, counts: Vec<(u8, usize)>, head_map: HeadMap) -> Case {
    Case {
        batch: 2,
        s,
        tile,
        g: 2,
        hkv: 2,
        d: 64,
        dtype: DType::Bf16,
        logit_scale: 10.0,
        counts,
        head_map,
        more_anchor_heads: 0,
        pad: 1,
        seed: 23,
        kmax: None,
    }
}

#[test]
fn selections_of_127_128_129_keys() {
    // Tiles start at 0, 32, .., 192: the last two are sparse.
    for kind in [2, 3, 4] {
        let case = fixed(200, 32, vec![(kind, 0)], HeadMap::Reversed);
        check_reuse(&Interpreter, &case).unwrap_or_else(|e| panic!("kind {kind}: {e}"));
    }
}

#[test]
fn dense_tiles_equal_causal_attention_and_budget_selection_streams() {
    // Every tile dense (n_sel > start, more than Kmax): causal attention.
    let case = fixed(45, 8, vec![(7, 3)], HeadMap::AllToZero);
    check_reuse(&Interpreter, &case).unwrap();
    // Budget selection over S = 230 with tile 32: tiles 5, 6, 7 are sparse.
    let case = fixed(230, 32, vec![(0, 0)], HeadMap::Identity);
    check_anchor(&Interpreter, &case, 0.1, 2).unwrap();
}

#[test]
fn every_tile_size_is_instantiated() {
    for &tile in &tilekit_kernels::kascade_prefill::TILE_SIZES {
        let mut case = fixed(2 * tile + 1, tile, vec![(6, 7), (1, 0)], HeadMap::Reversed);
        case.g = 1;
        check_reuse(&Interpreter, &case).unwrap_or_else(|e| panic!("tile = {tile}: {e}"));
    }
}
