//! Cross-crate differential property: on one decode problem, every shipped
//! kernel that can express it agrees with the f64 reference and so with
//! the others: split-KV paged decode, the Kascade anchor decode, the reuse
//! decode selecting every token (paged and contiguous), and dense
//! attention with one query per sequence.
//!
//! The check takes `&dyn Backend`; another backend is one more line in
//! [`backends`]. `PROPTEST_CASES` raises the case count (default 64; the
//! per-kernel properties in `kernels/tests` run 256 each).

use proptest::prelude::*;
use tilekit::core::{Backend, DType, HostTensor, Interpreter};
use tilekit::kernels::reference::{compare, Array64, Tolerance};
use tilekit::kernels::testdata::{PagedDecodeSpec, TailFill};
use tilekit::kernels::{
    flash_attention, kascade_decode, kascade_decode_scores, paged_decode, AttnOutputs,
    DecodeConfig, DecodeInputs, FlashAttentionConfig, FlashAttentionInputs, KascadeDecodeConfig,
    KascadeDecodeInputs, KvCache, PagedDecodeConfig, PagedDecodeInputs,
};

/// The backends every case runs on.
fn backends() -> Vec<Box<dyn Backend>> {
    vec![Box::new(Interpreter)]
}

fn specs() -> impl Strategy<Value = (PagedDecodeSpec, usize)> {
    (
        prop::collection::vec(0usize..70, 1..=3),
        prop::sample::select(vec![1usize, 2, 4, 8, 16]),
        prop::sample::select(vec![DType::Bf16, DType::F16, DType::F32]),
        prop::sample::select(vec![1usize, 2, 8]),
        (any::<bool>(), any::<bool>(), any::<u64>()),
    )
        .prop_map(|(lens, g, dtype, splits, (big, share, seed))| {
            let spec = PagedDecodeSpec {
                batch: lens.len(),
                q_heads: 2 * g,
                kv_heads: 2,
                head_dim: 64,
                block_size: 16,
                lens,
                dtype,
                logit_scale: if big { 10.0 } else { 1.0 },
                share_pages: share,
                tail_fill: TailFill::Garbage,
                seed,
            };
            (spec, splits)
        })
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

fn check(
    backend: &dyn Backend,
    spec: &PagedDecodeSpec,
    splits: usize,
) -> Result<(), TestCaseError> {
    let c = spec.build();
    let want = c.reference().map_err(fail)?;
    let tol = Tolerance::for_dtype(spec.dtype);
    let agree = |what: &str, got: &AttnOutputs| -> Result<(), TestCaseError> {
        compare("o", &got.o, &want.o, tol).map_err(|e| fail(format!("{what}: {e}")))?;
        compare("lse", &got.lse, &want.lse, tol).map_err(|e| fail(format!("{what}: {e}")))?;
        Ok(())
    };
    let paged = PagedDecodeInputs {
        q: &c.q,
        k_cache: &c.k_cache,
        v_cache: &c.v_cache,
        block_tables: &c.block_tables,
        context_lens: &c.context_lens,
    };
    let config = PagedDecodeConfig {
        splits,
        ..Default::default()
    };
    agree(
        "paged_decode",
        &paged_decode(backend, &paged, &config).map_err(fail)?,
    )?;

    let (k, v) = c.contiguous_kv();
    let dense = DecodeInputs {
        q: &c.q,
        k: &k,
        v: &v,
        lens: &c.context_lens,
    };
    let anchor = kascade_decode_scores(backend, &dense, &DecodeConfig::default()).map_err(fail)?;
    agree("kascade_decode_scores", &anchor.attn)?;

    // Every token selected, in reverse order, through a reversing head map.
    let (b_n, hkv) = (spec.batch, spec.kv_heads);
    let lens = c.lens();
    let kmax = lens.iter().copied().max().unwrap_or(0);
    let mut idx = vec![-1i32; b_n * hkv * kmax];
    for (b, &l) in lens.iter().enumerate() {
        for a in 0..hkv {
            for (j, t) in (0..l).rev().enumerate() {
                idx[(b * hkv + a) * kmax + j] = t as i32;
            }
        }
    }
    let idx = HostTensor::from_i32(&[b_n, hkv, kmax], idx).unwrap();
    let n_sel = c.context_lens.clone();
    let map = HostTensor::from_i32(&[hkv], (0..hkv as i32).rev().collect()).unwrap();
    for (what, kv) in [
        (
            "kascade_decode (contiguous)",
            KvCache::Contiguous { k: &k, v: &v },
        ),
        (
            "kascade_decode (paged)",
            KvCache::Paged {
                k_cache: &c.k_cache,
                v_cache: &c.v_cache,
                block_tables: &c.block_tables,
            },
        ),
    ] {
        let inputs = KascadeDecodeInputs {
            q: &c.q,
            kv,
            lens: &c.context_lens,
            idx: &idx,
            n_sel: &n_sel,
            head_map: &map,
        };
        agree(
            what,
            &kascade_decode(backend, &inputs, &KascadeDecodeConfig::default()).map_err(fail)?,
        )?;
    }

    // Dense attention, one query per sequence, over one sequence at a time
    // (its keys are exactly that sequence's tokens).
    let d = spec.head_dim;
    let q = Array64::from_host(&c.q);
    let kc = Array64::from_host(&k);
    let vc = Array64::from_host(&v);
    for (b, &l) in lens.iter().enumerate() {
        let q1 = HostTensor::from_f32(
            spec.dtype,
            &[1, 1, spec.q_heads, d],
            &f32s(&q.data[b * spec.q_heads * d..][..spec.q_heads * d]),
        )
        .unwrap();
        let row = kc.shape[1] * hkv * d;
        let k1 = HostTensor::from_f32(
            spec.dtype,
            &[1, l, hkv, d],
            &f32s(&kc.data[b * row..][..l * hkv * d]),
        )
        .unwrap();
        let v1 = HostTensor::from_f32(
            spec.dtype,
            &[1, l, hkv, d],
            &f32s(&vc.data[b * row..][..l * hkv * d]),
        )
        .unwrap();
        let got = flash_attention(
            backend,
            &FlashAttentionInputs {
                q: &q1,
                k: &k1,
                v: &v1,
            },
            &FlashAttentionConfig::default(),
        )
        .map_err(fail)?;
        let want_o = Array64 {
            shape: vec![1, 1, spec.q_heads, d],
            data: want.o.data[b * spec.q_heads * d..][..spec.q_heads * d].to_vec(),
        };
        let want_lse = Array64 {
            shape: vec![1, 1, spec.q_heads],
            data: want.lse.data[b * spec.q_heads..][..spec.q_heads].to_vec(),
        };
        compare("o", &got.o, &want_o, tol)
            .map_err(|e| fail(format!("flash_attention, sequence {b}: {e}")))?;
        compare("lse", &got.lse, &want_lse, tol)
            .map_err(|e| fail(format!("flash_attention, sequence {b}: {e}")))?;
    }
    Ok(())
}

fn f32s(x: &[f64]) -> Vec<f32> {
    x.iter().map(|&v| v as f32).collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn shipped_decode_kernels_agree_with_the_reference((spec, splits) in specs()) {
        for backend in backends() {
            check(backend.as_ref(), &spec, splits)
                .map_err(|e| TestCaseError::fail(format!("{}: {e}", backend.name())))?;
        }
    }
}
