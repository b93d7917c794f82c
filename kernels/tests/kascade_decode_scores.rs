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
                }
            },
        )
}

/// The property: anchor outputs match the reference; the product Top-k
/// equals the reference Top-k on the kernel's own scores; and the reuse
/// layer over that selection matches the reference.
fn check(backend: &dyn Backend, case: &Case) -> Result<(), TestCaseError> {
    let c = case.spec.build();
    let dtype = case.spec.dtype;
    let (k, v) = contiguous_with_poison(&c, case.extra);
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
        (Granularity::Tokens, sel),
        (
            Granularity::Blocks {
                sel: case.block_sel,
            },
            ok(topk_select_blocks(
                &got.agg,
                &c.context_lens,
                case.block_sel,
                case.p,
            ))?,
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
