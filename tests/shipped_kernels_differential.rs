//! Cross-crate differential property: on one decode problem, every shipped
//! kernel that can express it agrees with the f64 reference and so with
//! the others: split-KV paged decode, the Kascade anchor decode, the reuse
//! decode selecting every token (paged and contiguous), and dense
//! attention with one query per sequence; on the interpreter and on PJRT
//! CPU.
//!
//! The check takes `&dyn Backend`; another backend is one more line in
//! [`backends`]. PJRT compiles every distinct kernel (shapes and dtype), so
//! the shapes come from a few fixed [`SHAPES`] and the tensors are padded
//! to a fixed capacity (cache pages, table columns, the contiguous
//! sequence axis, `Kmax`); the lengths, which dense attention sees as a
//! shape, come from [`LENS`]. `PROPTEST_CASES` raises the case count
//! (default 64; the per-kernel properties in `kernels/tests` run 256 each,
//! on each backend). Without the PJRT plugin the test fails with the
//! command that installs it (`cargo xtask install-pjrt`).

use proptest::prelude::*;
use tilekit::core::{Backend, DType, HostTensor, Interpreter};
use tilekit::kernels::reference::{compare, Array64, Tolerance};
use tilekit::kernels::testdata::{
    PagedDecodeCase, PagedDecodeSpec, Rng, TailFill, POISON_K, POISON_V,
};
use tilekit::kernels::{
    flash_attention, kascade_decode, kascade_decode_scores, paged_decode, AttnOutputs,
    DecodeConfig, DecodeInputs, FlashAttentionConfig, FlashAttentionInputs, KascadeDecodeConfig,
    KascadeDecodeInputs, KvCache, PagedDecodeConfig, PagedDecodeInputs,
};
use tilekit_pjrt::PjrtBackend;

/// The backends every case runs on. One PJRT backend (and so one compile
/// cache) serves every case.
fn backends() -> Vec<&'static dyn Backend> {
    static PJRT: std::sync::OnceLock<PjrtBackend> = std::sync::OnceLock::new();
    let pjrt = PJRT.get_or_init(|| PjrtBackend::default_plugin().unwrap_or_else(|e| panic!("{e}")));
    vec![&Interpreter, pjrt]
}

/// Shape configurations `(G, dtype, splits, B)`; Hkv = 2, D = 64, BS = 16.
const SHAPES: [(usize, DType, usize, usize); 4] = [
    (1, DType::Bf16, 1, 3),
    (4, DType::F16, 2, 2),
    (16, DType::F32, 8, 2),
    (8, DType::Bf16, 3, 3),
];
/// Context lengths: empty, one token, around a page of 16, several pages.
const LENS: [usize; 6] = [0, 1, 15, 16, 17, 50];
/// Table columns: every length fits in `MB * BS` tokens.
const MB: usize = 4;
/// The contiguous sequence axis and `Kmax` of the every-token selection.
const S: usize = MB * 16;

fn specs() -> impl Strategy<Value = (PagedDecodeSpec, usize)> {
    (
        prop::sample::select(SHAPES.to_vec()),
        prop::collection::vec(prop::sample::select(LENS.to_vec()), 3),
        (any::<bool>(), any::<bool>(), any::<u64>()),
    )
        .prop_map(|((g, dtype, splits, batch), lens, (big, share, seed))| {
            let spec = PagedDecodeSpec {
                batch,
                q_heads: 2 * g,
                kv_heads: 2,
                head_dim: 64,
                block_size: 16,
                lens: lens[..batch].to_vec(),
                dtype,
                logit_scale: if big { 10.0 } else { 1.0 },
                share_pages: share,
                tail_fill: TailFill::Garbage,
                seed,
            };
            (spec, splits)
        })
}

/// `c` with `B * MB + 3` cache pages (the new ones poison, never pointed
/// at) and `MB` table columns (the new entries garbage, never read).
fn pad_paged(c: &PagedDecodeCase, seed: u64) -> PagedDecodeCase {
    let shape = c.k_cache.shape().to_vec();
    let (b_n, mb0) = (c.block_tables.shape()[0], c.block_tables.shape()[1]);
    let nb = b_n * MB + 3;
    let grow = |t: &HostTensor, poison: f32| {
        let mut vals = t.to_f32_vec();
        vals.resize(nb * shape[1] * shape[2] * shape[3], poison);
        HostTensor::from_f32(t.dtype(), &[nb, shape[1], shape[2], shape[3]], &vals).unwrap()
    };
    let mut rng = Rng::new(seed);
    let old = c.block_tables.as_i32().unwrap();
    let mut tables = Vec::new();
    for row in old.chunks(mb0) {
        tables.extend_from_slice(row);
        tables.extend((mb0..MB).map(|_| [1 << 20, -7, nb as i32, i32::MAX][rng.below(4)]));
    }
    PagedDecodeCase {
        k_cache: grow(&c.k_cache, POISON_K),
        v_cache: grow(&c.v_cache, POISON_V),
        block_tables: HostTensor::from_i32(&[b_n, MB], tables).unwrap(),
        ..c.clone()
    }
}

/// `t: [B, L, Hkv, D]` zero-padded to `[B, S, Hkv, D]`.
fn widen(t: &HostTensor) -> HostTensor {
    let (b_n, l, hkv, d) = (t.shape()[0], t.shape()[1], t.shape()[2], t.shape()[3]);
    let (src, row) = (t.to_f32_vec(), hkv * d);
    let mut out = vec![0.0f32; b_n * S * row];
    for b in 0..b_n {
        out[b * S * row..][..l * row].copy_from_slice(&src[b * l * row..][..l * row]);
    }
    HostTensor::from_f32(t.dtype(), &[b_n, S, hkv, d], &out).unwrap()
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

fn check(
    backend: &dyn Backend,
    spec: &PagedDecodeSpec,
    splits: usize,
) -> Result<(), TestCaseError> {
    let c = pad_paged(&spec.build(), spec.seed);
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
    let (k, v) = (widen(&k), widen(&v));
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
    let kmax = S;
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
            check(backend, &spec, splits)
                .map_err(|e| TestCaseError::fail(format!("{}: {e}", backend.name())))?;
        }
    }
}
