//! Multi-query paged decode (`tilekit_kernels::paged_decode_multi`) against
//! the f64 reference: ragged query and context lengths (a sequence with no
//! new token, one whose whole context is new, contexts ending mid-page),
//! GQA, every float dtype, large logits, shared pages, garbage table tails
//! and NaN in every slot no row may read; one pass and split-KV; on the
//! interpreter and PJRT CPU. Plus the errors of bad inputs.

mod common;

use common::*;
use proptest::prelude::*;
use tilekit_core::{Backend, DType, HostTensor, Interpreter};
use tilekit_kernels::reference;
use tilekit_kernels::testdata::{random_tensor, PagedDecodeSpec, Rng, TailFill};
use tilekit_kernels::{paged_decode_multi, PagedDecodeConfig, PagedDecodeMultiInputs};

#[derive(Clone, Debug)]
struct Case {
    spec: PagedDecodeSpec,
    /// New tokens of each sequence (at most M and its length).
    qlens: Vec<usize>,
    m: usize,
    splits: usize,
}

fn cases() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((0usize..=40, 0usize..=16), 1..=3),
        prop_oneof![Just(16usize), Just(4usize), Just(32usize)],
        prop::sample::select(vec![1usize, 3, 4]),
        1usize..=2,
        dtypes(),
        prop::sample::select(vec![1usize, 5, 16]),
        prop::sample::select(vec![1usize, 2, 3]),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        any::<u64>(),
    )
        .prop_map(
            |(draws, bs, g, hkv, dtype, m, splits, (big, share, garbage), seed)| {
                let lens: Vec<usize> = draws.iter().map(|&(l, _)| l).collect();
                let qlens = draws.iter().map(|&(l, n)| n.min(m).min(l)).collect();
                Case {
                    spec: PagedDecodeSpec {
                        batch: lens.len(),
                        q_heads: g * hkv,
                        kv_heads: hkv,
                        head_dim: 64,
                        block_size: bs,
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
                    qlens,
                    m,
                    splits,
                }
            },
        )
}

fn i32s(v: &[usize]) -> HostTensor {
    HostTensor::from_i32(&[v.len()], v.iter().map(|&x| x as i32).collect()).unwrap()
}

fn check(backend: &dyn Backend, case: &Case) -> Result<(), TestCaseError> {
    let c = case.spec.build();
    let s = &case.spec;
    let mut rng = Rng::new(s.seed ^ 0x5eed);
    let q = random_tensor(
        &mut rng,
        s.dtype,
        &[s.batch, case.m, s.q_heads, s.head_dim],
        s.logit_scale,
    );
    let qlens = i32s(&case.qlens);
    let inputs = PagedDecodeMultiInputs {
        q: &q,
        k_cache: &c.k_cache,
        v_cache: &c.v_cache,
        block_tables: &c.block_tables,
        context_lens: &c.context_lens,
        query_lens: &qlens,
    };
    let config = PagedDecodeConfig {
        splits: case.splits,
        ..PagedDecodeConfig::default()
    };
    let got = ok(paged_decode_multi(backend, &inputs, &config))?;
    let want = ok(reference::paged_decode_multi(
        &q,
        &c.k_cache,
        &c.v_cache,
        &c.block_tables,
        &c.context_lens,
        &qlens,
        c.scale,
    ))?;
    close_attn(&got, &want, s.dtype)?;
    // Rows past a sequence's query length are empty by definition.
    let lse = got.lse.to_f32_vec();
    for (b, &n) in case.qlens.iter().enumerate() {
        for i in n..case.m {
            let row = &lse[(b * case.m + i) * s.q_heads..][..s.q_heads];
            prop_assert!(
                row.iter().all(|&x| x == f32::NEG_INFINITY),
                "b {b} i {i}: {row:?}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..proptest_config() })]

    #[test]
    fn multi_query_decode_matches_the_reference_interp(case in cases()) {
        check(&Interpreter, &case)?;
    }
}

/// A few fixed shapes on PJRT CPU (each shape compiles once): the one-pass
/// kernel and split-KV, GQA, ragged query lengths.
#[test]
fn multi_query_decode_matches_the_reference_pjrt_cpu() {
    let shapes = [
        (vec![37, 5, 0], vec![5, 5, 0], 16, 3, 3, 5, DType::F32, 1),
        (vec![20, 64], vec![1, 16], 16, 4, 1, 16, DType::Bf16, 1),
        (vec![70, 9], vec![4, 2], 16, 2, 2, 4, DType::F16, 3),
    ];
    for (seed, (lens, qlens, bs, g, hkv, m, dtype, splits)) in shapes.into_iter().enumerate() {
        let case = Case {
            spec: PagedDecodeSpec {
                share_pages: seed == 1,
                tail_fill: TailFill::Garbage,
                ..PagedDecodeSpec::new(lens, bs, g * hkv, hkv, 64, dtype, seed as u64)
            },
            qlens,
            m,
            splits,
        };
        check(pjrt(), &case).unwrap_or_else(|e| panic!("{case:?}: {e}"));
    }
}

#[test]
fn bad_inputs_are_errors_naming_the_argument() {
    let c = PagedDecodeSpec::new(vec![10, 3], 4, 2, 1, 8, DType::F32, 1).build();
    let q = HostTensor::from_f32(DType::F32, &[2, 4, 2, 8], &[0.5; 128]).unwrap();
    let run = |q: &HostTensor, qlens: &[usize]| {
        let qlens = i32s(qlens);
        let inputs = PagedDecodeMultiInputs {
            q,
            k_cache: &c.k_cache,
            v_cache: &c.v_cache,
            block_tables: &c.block_tables,
            context_lens: &c.context_lens,
            query_lens: &qlens,
        };
        paged_decode_multi(&Interpreter, &inputs, &PagedDecodeConfig::default())
            .unwrap_err()
            .to_string()
    };
    let e = run(&q, &[2, 4]);
    assert!(
        e.contains("query_lens") && e.contains("exceeds its context length 3"),
        "{e}"
    );
    let e = run(&q, &[5, 1]);
    assert!(e.contains("query_lens") && e.contains("exceeds M"), "{e}");
    let wide = HostTensor::from_f32(DType::F32, &[2, 17, 2, 8], &[0.5; 544]).unwrap();
    let e = run(&wide, &[1, 1]);
    assert!(e.contains("`q`") || e.contains("q"), "{e}");
    assert!(e.contains("1 to 16"), "{e}");
}
