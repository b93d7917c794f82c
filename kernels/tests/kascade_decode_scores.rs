//! Kascade anchor decode (`kascade_decode_scores`) and the host Top-k
//! against the f64 references, then the whole decode pipeline: anchor
//! scores → Top-k with the paper's budget → reuse-layer decode.

mod common;

use common::*;
use proptest::prelude::*;
use tilekit_core::{Backend, DType, Interpreter};
use tilekit_kernels::reference::{self, Array64};
use tilekit_kernels::testdata::{PagedDecodeSpec, TailFill};
use tilekit_kernels::{
    kascade_decode, kascade_decode_scores, topk_select, topk_select_blocks, DecodeConfig,
    DecodeInputs, Granularity, KascadeDecodeConfig, KascadeDecodeInputs, KvCache,
};

#[derive(Clone, Debug)]
struct Case {
    spec: PagedDecodeSpec,
    extra: usize,
    p: f64,
    head_map: HeadMap,
    block_sel: usize,
    /// Fixed PJRT shapes: K/V padded to `S = capacity` and the selections
    /// to `capacity` tokens or `ceil(capacity / block_sel)` blocks.
    capacity: Option<usize>,
}

/// Lengths around the key block (64) and the 128-key dense limit of the budget.
fn len(kind: u8, free: usize) -> usize {
    match kind {
        0 => 0,
        1 => 1,
        2 => 63,
        3 => 64,
        4 => 65,
        5 => 129 + free % 200,
        _ => free % 330,
    }
}

fn cases() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((0u8..7, any::<usize>()), 1..=3),
        (groups(), 1usize..=2, head_dims(), dtypes()),
        (0usize..=70, prop::sample::select(vec![0.1f64, 0.2, 0.3])),
        (head_maps(), prop::sample::select(vec![8usize, 16, 32])),
        (any::<bool>(), any::<u64>()),
    )
        .prop_map(
            |(draws, (g, hkv, d, dtype), (extra, p), (head_map, block_sel), (big, seed))| {
                let lens: Vec<usize> = draws.iter().map(|&(k, f)| len(k, f)).collect();
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
                        share_pages: false,
                        tail_fill: TailFill::MinusOne,
                        seed,
                    },
                    extra,
                    p,
                    head_map,
                    block_sel,
                    capacity: None,
                }
            },
        )
}

/// A PJRT shape configuration: everything the compiled kernels depend on.
#[derive(Clone, Copy, Debug)]
struct Shape {
    batch: usize,
    g: usize,
    hkv: usize,
    d: usize,
    dtype: DType,
    /// The sequence axis S: lengths go up to it.
    s: usize,
    block_sel: usize,
}

/// GQA 1..16, head dims 64/128/256, every dtype; S not a multiple of the
/// key block (64) and long enough for budgets past the 128 dense limit.
#[rustfmt::skip] // one configuration a line
const PJRT_SHAPES: [Shape; 5] = [
    Shape { batch: 3, g: 4, hkv: 2, d: 64, dtype: DType::Bf16, s: 200, block_sel: 16 },
    Shape { batch: 2, g: 16, hkv: 1, d: 64, dtype: DType::F32, s: 130, block_sel: 8 },
    Shape { batch: 2, g: 1, hkv: 2, d: 128, dtype: DType::F16, s: 70, block_sel: 32 },
    Shape { batch: 2, g: 8, hkv: 1, d: 256, dtype: DType::Bf16, s: 64, block_sel: 16 },
    Shape { batch: 3, g: 2, hkv: 2, d: 64, dtype: DType::F16, s: 300, block_sel: 32 },
];

/// Cases for PJRT: the shapes from [`PJRT_SHAPES`], everything else free.
fn pjrt_cases() -> impl Strategy<Value = Case> {
    (
        one_of(&PJRT_SHAPES),
        prop::collection::vec((0u8..7, any::<usize>()), 3),
        (prop::sample::select(vec![0.1f64, 0.2, 0.3]), head_maps()),
        (any::<bool>(), any::<bool>(), any::<u64>()),
    )
        .prop_map(|(sh, draws, (p, head_map), (big, lone, seed))| {
            let mut lens: Vec<usize> = draws[..sh.batch]
                .iter()
                .map(|&(kind, free)| match kind {
                    5 if sh.s > 129 => 129 + free % (sh.s - 128),
                    5 | 6 => free % (sh.s + 1),
                    _ => len(kind, free).min(sh.s),
                })
                .collect();
            if lone {
                // All sequences but one empty.
                let keep = seed as usize % sh.batch;
                for (b, l) in lens.iter_mut().enumerate() {
                    if b != keep {
                        *l = 0;
                    }
                }
            }
            Case {
                spec: PagedDecodeSpec {
                    batch: sh.batch,
                    q_heads: sh.g * sh.hkv,
                    kv_heads: sh.hkv,
                    head_dim: sh.d,
                    block_size: 16,
                    lens,
                    dtype: sh.dtype,
                    logit_scale: if big { 10.0 } else { 1.0 },
                    share_pages: false,
                    tail_fill: TailFill::MinusOne,
                    seed,
                },
                extra: 0,
                p,
                head_map,
                block_sel: sh.block_sel,
                capacity: Some(sh.s),
            }
        })
}

/// The property: anchor outputs match the reference; the product Top-k
/// equals the reference Top-k on the kernel's own scores; and the reuse
/// layer over that selection matches the reference.
fn check(backend: &dyn Backend, case: &Case) -> Result<(), TestCaseError> {
    let c = case.spec.build();
    let dtype = case.spec.dtype;
    let (k, v) = match case.capacity {
        Some(s) => contiguous_padded(&c, s),
        None => contiguous_with_poison(&c, case.extra),
    };
    // Pads a selection to the fixed PJRT shape (no-op on the interpreter).
    let fixed = |mut sel: tilekit_kernels::Selection, unit: usize| {
        if let Some(s) = case.capacity {
            sel.idx = pad_last_axis(&sel.idx, s.div_ceil(unit));
        }
        sel
    };
    let inputs = DecodeInputs {
        q: &c.q,
        k: &k,
        v: &v,
        lens: &c.context_lens,
    };
    let got = ok(kascade_decode_scores(
        backend,
        &inputs,
        &DecodeConfig::default(),
    ))?;
    let (want, want_agg) = ok(reference::kascade_decode_scores(
        &c.q,
        &k,
        &v,
        &c.context_lens,
        c.scale,
    ))?;
    close_attn(&got.attn, &want, dtype)?;
    close("agg", &got.agg, &want_agg, dtype)?;

    let sel = ok(topk_select(&got.agg, &c.context_lens, case.p))?;
    let lens = c.context_lens.as_i32().unwrap();
    let (ref_idx, ref_n) = ok(reference::topk_select(
        &Array64::from_host(&got.agg),
        lens,
        case.p,
    ))?;
    prop_assert_eq!(&sel.idx, &ref_idx);
    prop_assert_eq!(&sel.n_sel, &ref_n);

    let head_map = case.head_map.tensor(case.spec.kv_heads);
    for (granularity, sel) in [
        (Granularity::Tokens, fixed(sel, 1)),
        (
            Granularity::Blocks {
                sel: case.block_sel,
            },
            fixed(
                ok(topk_select_blocks(
                    &got.agg,
                    &c.context_lens,
                    case.block_sel,
                    case.p,
                ))?,
                case.block_sel,
            ),
        ),
    ] {
        let reuse = KascadeDecodeInputs {
            q: &c.q,
            kv: KvCache::Contiguous { k: &k, v: &v },
            lens: &c.context_lens,
            idx: &sel.idx,
            n_sel: &sel.n_sel,
            head_map: &head_map,
        };
        let config = KascadeDecodeConfig {
            granularity,
            ..Default::default()
        };
        let out = ok(kascade_decode(backend, &reuse, &config))?;
        let want = ok(match granularity {
            Granularity::Tokens => reference::kascade_decode(
                &c.q,
                &k,
                &v,
                &c.context_lens,
                &sel.idx,
                &sel.n_sel,
                &head_map,
                c.scale,
            ),
            Granularity::Blocks { sel: s } => reference::kascade_decode_blocks(
                &c.q,
                &k,
                &v,
                &c.context_lens,
                &sel.idx,
                &sel.n_sel,
                &head_map,
                s,
                c.scale,
            ),
        })?;
        close_attn(&out, &want, dtype)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn kascade_decode_scores_and_topk_match_reference_interp(case in cases()) {
        check(&Interpreter, &case)?;
    }

    #[test]
    fn kascade_decode_scores_and_topk_match_reference_pjrt_cpu(case in pjrt_cases()) {
        check(pjrt(), &case)?;
    }
}

#[test]
fn all_sequences_but_one_empty_and_no_keys_at_all() {
    let mut case = Case {
        spec: PagedDecodeSpec {
            batch: 4,
            q_heads: 4,
            kv_heads: 2,
            head_dim: 64,
            block_size: 16,
            lens: vec![0, 0, 200, 0],
            dtype: DType::F16,
            logit_scale: 10.0,
            share_pages: false,
            tail_fill: TailFill::MinusOne,
            seed: 3,
        },
        extra: 5,
        p: 0.1,
        head_map: HeadMap::Reversed,
        block_sel: 16,
        capacity: None,
    };
    check(&Interpreter, &case).unwrap();
    // S = 0: nothing to attend, no launch.
    case.spec.lens = vec![0; 4];
    case.extra = 0;
    check(&Interpreter, &case).unwrap();
}

#[test]
fn scores_sum_to_the_group_size() {
    let spec = PagedDecodeSpec {
        batch: 2,
        q_heads: 8,
        kv_heads: 2,
        head_dim: 64,
        block_size: 16,
        lens: vec![100, 7],
        dtype: DType::F32,
        logit_scale: 1.0,
        share_pages: false,
        tail_fill: TailFill::MinusOne,
        seed: 1,
    };
    let c = spec.build();
    let (k, v) = contiguous_with_poison(&c, 0);
    let inputs = DecodeInputs {
        q: &c.q,
        k: &k,
        v: &v,
        lens: &c.context_lens,
    };
    let out = kascade_decode_scores(&Interpreter, &inputs, &DecodeConfig::default()).unwrap();
    let agg = out.agg.to_f32_vec();
    for (b, g) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        let row = &agg[(b * 2 + g) * 100..][..100];
        let total: f32 = row.iter().sum();
        assert!(
            (total - 4.0).abs() < 1e-4,
            "G = 4 heads each sum to 1, got {total}"
        );
        if b == 1 {
            assert!(
                row[7..].iter().all(|&x| x == 0.0),
                "keys past the length score 0"
            );
        }
    }
}
