//! Split-KV paged decode (`tilekit_kernels::paged_decode`) against the f64
//! reference over the KERNELS.md edge cases, plus the combine's rules.

mod common;

use common::*;
use proptest::prelude::*;
use tilekit_core::{Backend, DType, HostTensor, Interpreter};
use tilekit_kernels::testdata::{PagedDecodeSpec, TailFill};
use tilekit_kernels::{paged_decode, split_kv, PagedDecodeConfig, PagedDecodeInputs};

/// One drawn case: the cache recipe and the number of splits.
#[derive(Clone, Debug)]
struct Case {
    spec: PagedDecodeSpec,
    splits: usize,
    /// Pad the cache and table to `(NB, MB)` (fixed PJRT shapes).
    capacity: Option<(usize, usize)>,
}

fn cases() -> impl Strategy<Value = Case> {
    (
        len_draws(1..=3),
        prop_oneof![6 => Just(16usize), 1 => Just(32usize), 1 => Just(64usize), 1 => Just(128usize), 1 => Just(256usize)],
        groups(),
        1usize..=2,
        head_dims(),
        dtypes(),
        prop::sample::select(vec![1usize, 2, 8, 3, 16]),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        any::<u64>(),
    )
        .prop_map(|(draws, bs, g, hkv, d, dtype, splits, (big, share, garbage), seed)| {
            // Long contexts only with small pages and heads, to keep the run short.
            let max = if bs * d > 16 * 128 { bs + 1 } else { 5 * bs };
            let lens = draws.iter().map(|&(k, f)| edge_len(k, f, bs, max)).collect::<Vec<_>>();
            Case {
                spec: PagedDecodeSpec {
                    batch: lens.len(),
                    q_heads: g * hkv,
                    kv_heads: hkv,
                    head_dim: d,
                    block_size: bs,
                    lens,
                    dtype,
                    logit_scale: if big { 10.0 } else { 1.0 },
                    share_pages: share,
                    tail_fill: if garbage { TailFill::Garbage } else { TailFill::MinusOne },
                    seed,
                },
                splits,
                capacity: None,
            }
        })
}

/// A PJRT shape configuration: everything the compiled kernels depend on.
#[derive(Clone, Copy, Debug)]
struct Shape {
    batch: usize,
    g: usize,
    hkv: usize,
    d: usize,
    bs: usize,
    /// Table columns: lengths go up to `mb * bs`.
    mb: usize,
    dtype: DType,
    splits: usize,
}

/// GQA 1..16, head dims 64/128/256, every dtype and page size, splits 1,
/// 2, 8 and more than the pages (8 > 4, 3 > 1, 16 > 2).
#[rustfmt::skip] // one configuration a line
const PJRT_SHAPES: [Shape; 6] = [
    Shape { batch: 3, g: 1, hkv: 2, d: 64, bs: 16, mb: 5, dtype: DType::Bf16, splits: 1 },
    Shape { batch: 3, g: 4, hkv: 2, d: 128, bs: 32, mb: 3, dtype: DType::F16, splits: 2 },
    Shape { batch: 2, g: 16, hkv: 1, d: 64, bs: 16, mb: 4, dtype: DType::F32, splits: 8 },
    Shape { batch: 2, g: 8, hkv: 1, d: 256, bs: 64, mb: 2, dtype: DType::Bf16, splits: 2 },
    Shape { batch: 2, g: 2, hkv: 2, d: 64, bs: 256, mb: 1, dtype: DType::F16, splits: 3 },
    Shape { batch: 3, g: 2, hkv: 1, d: 64, bs: 128, mb: 2, dtype: DType::Bf16, splits: 16 },
];

/// Cases for PJRT: the shapes from [`PJRT_SHAPES`], everything else free.
fn pjrt_cases() -> impl Strategy<Value = Case> {
    (
        one_of(&PJRT_SHAPES),
        len_draws(3..=3),
        prop::bool::weighted(0.2),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        any::<u64>(),
    )
        .prop_map(|(sh, draws, lone, (big, share, garbage), seed)| {
            let max = sh.mb * sh.bs;
            let mut lens: Vec<usize> = draws[..sh.batch]
                .iter()
                .map(|&(k, f)| edge_len(k, f, sh.bs, max))
                .collect();
            if lone {
                // All rows but one empty.
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
                splits: sh.splits,
                capacity: Some((page_capacity(sh.batch, sh.mb), sh.mb)),
            }
        })
}

fn inputs(c: &tilekit_kernels::testdata::PagedDecodeCase) -> PagedDecodeInputs<'_> {
    PagedDecodeInputs {
        q: &c.q,
        k_cache: &c.k_cache,
        v_cache: &c.v_cache,
        block_tables: &c.block_tables,
        context_lens: &c.context_lens,
    }
}

/// The property: on `backend`, the split-KV kernel matches the reference.
fn check(backend: &dyn Backend, case: &Case) -> Result<(), TestCaseError> {
    let mut c = case.spec.build();
    if let Some((nb, mb)) = case.capacity {
        c = pad_paged(&c, nb, mb, case.spec.tail_fill, case.spec.seed);
    }
    let config = PagedDecodeConfig {
        splits: case.splits,
        ..PagedDecodeConfig::default()
    };
    let got = ok(paged_decode(backend, &inputs(&c), &config))?;
    let want = ok(c.reference())?;
    close_attn(&got, &want, case.spec.dtype)
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn paged_decode_matches_reference_interp(case in cases()) {
        check(&Interpreter, &case)?;
    }

    #[test]
    fn paged_decode_matches_reference_pjrt_cpu(case in pjrt_cases()) {
        check(pjrt(), &case)?;
    }
}

fn spec(lens: Vec<usize>, g: usize, dtype: DType, seed: u64) -> PagedDecodeSpec {
    PagedDecodeSpec {
        batch: lens.len(),
        q_heads: 2 * g,
        kv_heads: 2,
        head_dim: 64,
        block_size: 16,
        lens,
        dtype,
        logit_scale: 10.0,
        share_pages: true,
        tail_fill: TailFill::Garbage,
        seed,
    }
}

#[test]
fn every_split_count_agrees_with_one_split() {
    let c = spec(vec![100, 0, 17, 33], 4, DType::F32, 3).build();
    let run = |splits| {
        let config = PagedDecodeConfig {
            splits,
            ..Default::default()
        };
        paged_decode(&Interpreter, &inputs(&c), &config).unwrap()
    };
    let one = run(1);
    for splits in [2, 3, 8, 16] {
        let many = run(splits);
        let (a, b) = (one.o.to_f32_vec(), many.o.to_f32_vec());
        let worst = a
            .iter()
            .zip(&b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0f32, f32::max);
        assert!(worst < 1e-5, "splits = {splits}: o differs by {worst}");
        let lse = many.lse.to_f32_vec();
        assert_eq!(lse[8..16], [f32::NEG_INFINITY; 8], "empty sequence");
    }
}

#[test]
fn all_rows_but_one_empty_with_more_splits_than_pages() {
    let case = Case {
        spec: spec(vec![0, 0, 37, 0], 2, DType::Bf16, 7),
        splits: 8,
        capacity: None,
    };
    check(&Interpreter, &case).unwrap();
}

#[test]
fn split_results_are_deterministic() {
    let c = spec(vec![90, 40], 8, DType::Bf16, 9).build();
    let config = PagedDecodeConfig {
        splits: 4,
        ..Default::default()
    };
    let a = paged_decode(&Interpreter, &inputs(&c), &config).unwrap();
    let b = paged_decode(&Interpreter, &inputs(&c), &config).unwrap();
    assert_eq!(a, b);
}

#[test]
fn combine_of_empty_partitions_is_zero_not_nan() {
    // Two partitions of one head: both empty, then one empty and one full.
    let o_part = HostTensor::from_f32(
        DType::F32,
        &[2, 2, 1, 2],
        &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0, -1.0],
    )
    .unwrap();
    let lse_part = HostTensor::from_f32(
        DType::F32,
        &[2, 2, 1],
        &[f32::NEG_INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY, 2.5],
    )
    .unwrap();
    let out = split_kv::combine(&Interpreter, o_part, lse_part).unwrap();
    assert_eq!(out.o.to_f32_vec(), vec![0.0, 0.0, 3.0, -1.0]);
    assert_eq!(out.lse.to_f32_vec(), vec![f32::NEG_INFINITY, 2.5]);
}

#[test]
fn combine_weights_partitions_by_their_lse() {
    // lse 0 and ln 3: weights 1 : 3.
    let o_part = HostTensor::from_f32(DType::F32, &[1, 2, 1, 1], &[4.0, 8.0]).unwrap();
    let lse_part = HostTensor::from_f32(DType::F32, &[1, 2, 1], &[0.0, 3f32.ln()]).unwrap();
    let out = split_kv::combine(&Interpreter, o_part, lse_part).unwrap();
    assert!((out.o.to_f32_vec()[0] - 7.0).abs() < 1e-6);
    assert!((out.lse.to_f32_vec()[0] - 4f32.ln()).abs() < 1e-6);
}
