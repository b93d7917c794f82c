//! Kascade reuse-layer decode (`tilekit_kernels::kascade_decode`), all four
//! variants (contiguous or paged K/V, token or block selection), against
//! the f64 references over the KERNELS.md edge cases: n_sel 0, 1, 127-129
//! and L, -1 padded unsorted selections, head_map identity, permutation
//! and many-to-one, large logits, shared pages and garbage table tails.

mod common;

use common::*;
use proptest::prelude::*;
use tilekit_core::{Backend, DType, Interpreter};
use tilekit_kernels::reference;
use tilekit_kernels::testdata::{PagedDecodeSpec, TailFill};
use tilekit_kernels::{
    kascade_decode, Granularity, KascadeDecodeConfig, KascadeDecodeInputs, KvCache,
};

#[derive(Clone, Debug)]
struct Case {
    spec: PagedDecodeSpec,
    paged: bool,
    /// 1 for token selection, else the block size.
    unit: usize,
    /// Extra poisoned positions past the longest sequence (contiguous K/V).
    extra: usize,
    counts: Vec<(u8, usize)>,
    head_map: HeadMap,
    /// Anchor heads beyond Hkv (the anchor may have more heads).
    more_anchor_heads: usize,
    pad: usize,
    sel_seed: u64,
    /// Fixed PJRT shapes: pad everything to this capacity.
    capacity: Option<Capacity>,
}

/// The sizes a case is padded to, so that its kernel's shapes are fixed.
#[derive(Clone, Copy, Debug)]
struct Capacity {
    /// Pages in the cache and table columns (paged K/V).
    nb: usize,
    mb: usize,
    /// The sequence axis of contiguous K/V.
    s: usize,
    /// The last axis of `idx`.
    kmax: usize,
}

/// Lengths for selection tests: 0, 1, BS-1, BS, BS+1 (BS = 16), long
/// enough for 127-129 selected tokens, or anything up to 300.
fn sel_len(kind: u8, free: usize) -> usize {
    match kind {
        0 => 0,
        1 => 1,
        2 => 15,
        3 => 16,
        4 => 17,
        5 => 129 + free % 172,
        _ => free % 301,
    }
}

fn cases() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(((0u8..7, any::<usize>()), (0u8..7, any::<usize>())), 1..=3),
        (
            any::<bool>(),
            prop::sample::select(vec![1usize, 1, 4, 8, 16, 32]),
        ),
        (groups(), 1usize..=2, head_dims(), dtypes()),
        (head_maps(), 0usize..=1, 0usize..=3, 0usize..=3),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        (any::<u64>(), any::<u64>()),
    )
        .prop_map(
            |(
                draws,
                (paged, unit),
                (g, hkv, d, dtype),
                (head_map, more, pad, extra),
                (big, share, garbage),
                (seed, sel_seed),
            )| {
                let lens: Vec<usize> = draws.iter().map(|&((k, f), _)| sel_len(k, f)).collect();
                Case {
                    spec: PagedDecodeSpec {
                        batch: lens.len(),
                        q_heads: g * hkv,
                        kv_heads: hkv,
                        head_dim: d,
                        block_size: 16,
                        lens,
                        dtype,
                        logit_scale: if big { 10.0 } else { 1.0 },
                        share_pages: share,
                        tail_fill: if garbage {
                            TailFill::Garbage
                        } else {
                            TailFill::MinusOne
                        },
                        seed,
                    },
                    paged,
                    unit,
                    extra,
                    counts: draws.iter().map(|&(_, c)| c).collect(),
                    head_map,
                    more_anchor_heads: more,
                    pad,
                    sel_seed,
                    capacity: None,
                }
            },
        )
}

/// A PJRT shape configuration: everything the compiled kernel depends on.
#[derive(Clone, Copy, Debug)]
struct Shape {
    paged: bool,
    /// 1 for token selection, else the block size.
    unit: usize,
    batch: usize,
    g: usize,
    hkv: usize,
    /// Anchor heads (at least `hkv`).
    ha: usize,
    d: usize,
    dtype: DType,
    bs: usize,
    /// Table columns: lengths go up to `mb * bs`.
    mb: usize,
}

/// Every layout and granularity (blocks inside a page and spanning pages),
/// GQA 1..16, head dims 64/128/256, every dtype; token capacities of 160
/// reach the 127-129 chunk edges.
#[rustfmt::skip] // one configuration a line
const PJRT_SHAPES: [Shape; 6] = [
    Shape { paged: false, unit: 1, batch: 3, g: 4, hkv: 2, ha: 3, d: 64, dtype: DType::Bf16, bs: 16, mb: 10 },
    Shape { paged: true, unit: 1, batch: 2, g: 1, hkv: 2, ha: 2, d: 128, dtype: DType::F16, bs: 16, mb: 10 },
    Shape { paged: false, unit: 8, batch: 2, g: 16, hkv: 1, ha: 2, d: 64, dtype: DType::F32, bs: 16, mb: 4 },
    Shape { paged: true, unit: 32, batch: 2, g: 2, hkv: 2, ha: 2, d: 256, dtype: DType::Bf16, bs: 16, mb: 6 },
    Shape { paged: true, unit: 4, batch: 3, g: 8, hkv: 1, ha: 1, d: 64, dtype: DType::F16, bs: 16, mb: 4 },
    Shape { paged: true, unit: 1, batch: 2, g: 2, hkv: 2, ha: 3, d: 64, dtype: DType::F32, bs: 32, mb: 5 },
];

/// Cases for PJRT: the shapes from [`PJRT_SHAPES`], everything else free.
fn pjrt_cases() -> impl Strategy<Value = Case> {
    (
        one_of(&PJRT_SHAPES),
        prop::collection::vec(((0u8..7, any::<usize>()), (0u8..7, any::<usize>())), 3),
        (head_maps(), 0usize..=3),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        (any::<u64>(), any::<u64>()),
    )
        .prop_map(
            |(sh, draws, (head_map, pad), (big, share, garbage), (seed, sel_seed))| {
                let cap = sh.mb * sh.bs;
                let lens: Vec<usize> = draws[..sh.batch]
                    .iter()
                    .map(|&((kind, free), _)| match kind {
                        0..=4 => edge_len(kind, free, sh.bs, cap),
                        // Long enough for 127-129 selected tokens.
                        5 if cap > 129 => 129 + free % (cap - 128),
                        _ => free % (cap + 1),
                    })
                    .collect();
                Case {
                    spec: PagedDecodeSpec {
                        batch: sh.batch,
                        q_heads: sh.g * sh.hkv,
                        kv_heads: sh.hkv,
                        head_dim: sh.d,
                        block_size: sh.bs,
                        lens,
                        dtype: sh.dtype,
                        logit_scale: if big { 10.0 } else { 1.0 },
                        share_pages: share,
                        tail_fill: if garbage {
                            TailFill::Garbage
                        } else {
                            TailFill::MinusOne
                        },
                        seed,
                    },
                    paged: sh.paged,
                    unit: sh.unit,
                    extra: 0,
                    counts: draws[..sh.batch].iter().map(|&(_, c)| c).collect(),
                    head_map,
                    more_anchor_heads: sh.ha - sh.hkv,
                    pad,
                    sel_seed,
                    capacity: Some(Capacity {
                        nb: page_capacity(sh.batch, sh.mb),
                        mb: sh.mb,
                        // Three poisoned positions past the longest length.
                        s: cap + 3,
                        kmax: cap.div_ceil(sh.unit) + 3,
                    }),
                }
            },
        )
}

/// The property: on `backend`, the variant the case names matches its reference.
fn check(backend: &dyn Backend, case: &Case) -> Result<(), TestCaseError> {
    let mut c = case.spec.build();
    if let Some(cap) = case.capacity {
        c = pad_paged(&c, cap.nb, cap.mb, case.spec.tail_fill, case.spec.seed);
    }
    let hkv = case.spec.kv_heads;
    let lens = c.lens();
    let units: Vec<usize> = lens.iter().map(|l| l.div_ceil(case.unit)).collect();
    let counts: Vec<usize> = case
        .counts
        .iter()
        .zip(&units)
        .map(|(&(k, f), &u)| edge_count(k, f, u))
        .collect();
    let anchor_heads = hkv + case.more_anchor_heads;
    let (mut idx, n_sel) = random_selection(&units, &counts, anchor_heads, case.pad, case.sel_seed);
    let head_map = case.head_map.tensor(hkv);
    let (k, v) = match case.capacity {
        Some(cap) => {
            idx = pad_last_axis(&idx, cap.kmax);
            contiguous_padded(&c, cap.s)
        }
        None => contiguous_with_poison(&c, case.extra),
    };
    let kv = if case.paged {
        KvCache::Paged {
            k_cache: &c.k_cache,
            v_cache: &c.v_cache,
            block_tables: &c.block_tables,
        }
    } else {
        KvCache::Contiguous { k: &k, v: &v }
    };
    let inputs = KascadeDecodeInputs {
        q: &c.q,
        kv,
        lens: &c.context_lens,
        idx: &idx,
        n_sel: &n_sel,
        head_map: &head_map,
    };
    let granularity = if case.unit == 1 {
        Granularity::Tokens
    } else {
        Granularity::Blocks { sel: case.unit }
    };
    let config = KascadeDecodeConfig {
        granularity,
        ..Default::default()
    };
    let got = ok(kascade_decode(backend, &inputs, &config))?;
    let scale = c.scale;
    let want = ok(match (case.paged, case.unit) {
        (false, 1) => reference::kascade_decode(
            &c.q,
            &k,
            &v,
            &c.context_lens,
            &idx,
            &n_sel,
            &head_map,
            scale,
        ),
        (true, 1) => reference::kascade_decode_paged(
            &c.q,
            &c.k_cache,
            &c.v_cache,
            &c.block_tables,
            &c.context_lens,
            &idx,
            &n_sel,
            &head_map,
            scale,
        ),
        // The paged block variant is checked against the contiguous
        // reference on the same K/V: the layouts must not matter.
        (_, sel) => reference::kascade_decode_blocks(
            &c.q,
            &k,
            &v,
            &c.context_lens,
            &idx,
            &n_sel,
            &head_map,
            sel,
            scale,
        ),
    })?;
    close_attn(&got, &want, case.spec.dtype)
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn kascade_decode_matches_reference_interp(case in cases()) {
        check(&Interpreter, &case)?;
    }

    #[test]
    fn kascade_decode_matches_reference_pjrt_cpu(case in pjrt_cases()) {
        check(pjrt(), &case)?;
    }
}

/// A fixed case for the named edge cases below.
fn fixed(
    lens: Vec<usize>,
    paged: bool,
    unit: usize,
    counts: Vec<(u8, usize)>,
    head_map: HeadMap,
) -> Case {
    Case {
        spec: PagedDecodeSpec {
            batch: lens.len(),
            q_heads: 8,
            kv_heads: 2,
            head_dim: 64,
            block_size: 16,
            lens,
            dtype: DType::Bf16,
            logit_scale: 10.0,
            share_pages: true,
            tail_fill: TailFill::Garbage,
            seed: 17,
        },
        paged,
        unit,
        extra: 3,
        counts,
        head_map,
        more_anchor_heads: 0,
        pad: 2,
        sel_seed: 5,
        capacity: None,
    }
}

#[test]
fn chunk_boundaries_127_128_129_tokens_every_layout() {
    for paged in [false, true] {
        let counts = vec![(2, 0), (3, 0), (4, 0)];
        let case = fixed(vec![200, 140, 300], paged, 1, counts, HeadMap::Reversed);
        check(&Interpreter, &case).unwrap_or_else(|e| panic!("paged = {paged}: {e}"));
    }
}

#[test]
fn selecting_everything_equals_dense_decode() {
    // n_sel = L with every head reading anchor 0.
    for (paged, unit) in [(false, 1), (true, 1), (false, 8), (true, 32)] {
        let case = fixed(
            vec![37, 0, 16],
            paged,
            unit,
            vec![(5, 0); 3],
            HeadMap::AllToZero,
        );
        check(&Interpreter, &case)
            .unwrap_or_else(|e| panic!("paged = {paged}, unit = {unit}: {e}"));
    }
}

#[test]
fn empty_selections_give_zero_and_minus_inf() {
    let case = fixed(vec![20, 5], false, 1, vec![(0, 0); 2], HeadMap::Identity);
    check(&Interpreter, &case).unwrap();
}

#[test]
fn every_block_size_is_instantiated_for_both_layouts() {
    for &sel in &tilekit_kernels::kascade_decode::BLOCK_SIZES {
        for paged in [false, true] {
            let case = fixed(
                vec![sel + 3, 2],
                paged,
                sel,
                vec![(5, 0), (1, 0)],
                HeadMap::Identity,
            );
            check(&Interpreter, &case)
                .unwrap_or_else(|e| panic!("sel = {sel}, paged = {paged}: {e}"));
        }
    }
}
