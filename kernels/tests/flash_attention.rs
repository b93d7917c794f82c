//! Dense attention (`tilekit_kernels::flash_attention`), causal and not,
//! against the f64 reference: every GQA group size and dtype, lengths
//! around the block sizes, large logits.

mod common;

use common::*;
use proptest::prelude::*;
use tilekit_core::{Backend, DType, Interpreter};
use tilekit_kernels::reference;
use tilekit_kernels::{flash_attention, FlashAttentionConfig, FlashAttentionInputs};

#[derive(Clone, Debug)]
struct Case {
    batch: usize,
    sq: usize,
    skv: usize,
    g: usize,
    hkv: usize,
    d: usize,
    dtype: DType,
    causal: bool,
    logit_scale: f64,
    seed: u64,
}

/// Sequence lengths: 0, 1, around 16 and 64 (query and key blocks), or any up to 100.
fn seq_len(kind: u8, free: usize) -> usize {
    [0, 1, 15, 16, 17, 63, 64, 65]
        .get(kind as usize)
        .copied()
        .unwrap_or(free % 101)
}

fn cases() -> impl Strategy<Value = Case> {
    (
        (
            1usize..=2,
            (0u8..10, any::<usize>()),
            (0u8..10, any::<usize>()),
        ),
        (groups(), 1usize..=2, head_dims(), dtypes()),
        (any::<bool>(), any::<bool>(), any::<u64>()),
    )
        .prop_map(
            |((batch, (kq, fq), (kk, fk)), (g, hkv, d, dtype), (causal, big, seed))| {
                let mut sq = seq_len(kq, fq);
                // Keep the big ones cheap: long sequences only with small groups and heads.
                if g * d > 4 * 128 {
                    sq = sq.min(20);
                }
                let skv = if causal {
                    sq
                } else {
                    seq_len(kk, fk).min(if g * d > 4 * 128 { 20 } else { 100 })
                };
                Case {
                    batch,
                    sq,
                    skv,
                    g,
                    hkv,
                    d,
                    dtype,
                    causal,
                    logit_scale: if big { 10.0 } else { 1.0 },
                    seed,
                }
            },
        )
}

/// PJRT shape configurations `(B, Sq, Skv, G, Hkv, D, dtype, causal)`:
/// for dense attention the lengths are shapes, so they come from this list
/// (0, 1, around the query and key blocks) with GQA 1..16, head dims
/// 64/128/256 and every dtype; the values vary per case.
#[allow(clippy::type_complexity)]
const PJRT_SHAPES: [(usize, usize, usize, usize, usize, usize, DType, bool); 8] = [
    (1, 65, 65, 1, 2, 64, DType::Bf16, true),
    (2, 17, 100, 4, 2, 128, DType::F16, false),
    (2, 16, 16, 16, 1, 64, DType::F32, true),
    (1, 1, 15, 8, 1, 256, DType::Bf16, false),
    (2, 64, 63, 2, 2, 64, DType::F16, false),
    (2, 1, 1, 2, 1, 64, DType::F32, true),
    // Nothing to attend: no launch, o = 0 and lse = -inf.
    (2, 3, 0, 4, 1, 64, DType::Bf16, false),
    (1, 0, 0, 1, 1, 64, DType::F16, true),
];

/// Cases for PJRT: the shapes from [`PJRT_SHAPES`], the values free.
fn pjrt_cases() -> impl Strategy<Value = Case> {
    (one_of(&PJRT_SHAPES), any::<bool>(), any::<u64>()).prop_map(
        |((batch, sq, skv, g, hkv, d, dtype, causal), big, seed)| Case {
            batch,
            sq,
            skv,
            g,
            hkv,
            d,
            dtype,
            causal,
            logit_scale: if big { 10.0 } else { 1.0 },
            seed,
        },
    )
}

/// The property: on `backend`, dense attention matches the reference.
fn check(backend: &dyn Backend, c: &Case) -> Result<(), TestCaseError> {
    let (q, k, v) = prefill_qkv(
        c.batch,
        c.sq,
        c.skv,
        c.g * c.hkv,
        c.hkv,
        c.d,
        c.dtype,
        c.logit_scale,
        c.seed,
    );
    let config = FlashAttentionConfig {
        causal: c.causal,
        scale: None,
    };
    let got = ok(flash_attention(
        backend,
        &FlashAttentionInputs {
            q: &q,
            k: &k,
            v: &v,
        },
        &config,
    ))?;
    let want = ok(reference::flash_attention(
        &q,
        &k,
        &v,
        c.causal,
        1.0 / (c.d as f64).sqrt(),
    ))?;
    close_attn(&got, &want, c.dtype)
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn flash_attention_matches_reference_interp(case in cases()) {
        check(&Interpreter, &case)?;
    }

    #[test]
    fn flash_attention_matches_reference_pjrt_cpu(case in pjrt_cases()) {
        check(pjrt(), &case)?;
    }
}

#[test]
fn causal_and_not_at_block_edges() {
    for (sq, skv, causal) in [
        (65, 65, true),
        (64, 64, true),
        (17, 100, false),
        (1, 0, false),
        (0, 0, true),
    ] {
        let case = Case {
            batch: 2,
            sq,
            skv,
            g: 4,
            hkv: 2,
            d: 64,
            dtype: DType::Bf16,
            causal,
            logit_scale: 10.0,
            seed: sq as u64,
        };
        check(&Interpreter, &case).unwrap_or_else(|e| panic!("{sq}x{skv} causal={causal}: {e}"));
    }
}
