//! Cross-crate property test: the `#[kernel]` paged decode in the
//! interpreter against the f64 reference, over random ragged batches,
//! shuffled and shared pages, garbage table tails and large logits.
//! `PROPTEST_CASES` raises the case count (default 64).

use proptest::prelude::*;
use tilekit::core::dsl::bf16;
use tilekit::core::DType;
use tilekit::kernels::paged_decode::PagedDecodeArgs;
use tilekit::kernels::reference::{compare, Tolerance};
use tilekit::kernels::testdata::{PagedDecodeSpec, TailFill};

fn specs() -> impl Strategy<Value = PagedDecodeSpec> {
    (
        prop::collection::vec(0usize..80, 1..4),
        prop::sample::select(vec![1usize, 2, 4]),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![1.0f64, 10.0]),
        any::<u64>(),
    )
        .prop_map(
            |(lens, g, share_pages, garbage, logit_scale, seed)| PagedDecodeSpec {
                batch: lens.len(),
                q_heads: 2 * g,
                kv_heads: 2,
                head_dim: 64,
                block_size: 16,
                lens,
                dtype: DType::Bf16,
                logit_scale,
                share_pages,
                tail_fill: if garbage {
                    TailFill::Garbage
                } else {
                    TailFill::MinusOne
                },
                seed,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn macro_paged_decode_matches_reference(spec in specs()) {
        let case = spec.build();
        let args = PagedDecodeArgs {
            block_tables: case.block_tables.clone(),
            context_lens: case.context_lens.clone(),
            q: case.q.clone(),
            k_cache: case.k_cache.clone(),
            v_cache: case.v_cache.clone(),
            scale: case.scale as f32,
            stages: 2,
        };
        let out = args
            .run_interpreter::<bf16>()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let want = case.reference().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let tol = Tolerance::for_dtype(DType::Bf16);
        compare("o", &out.o, &want.o, tol).map_err(TestCaseError::fail)?;
        compare("lse", &out.lse, &want.lse, tol).map_err(TestCaseError::fail)?;
    }
}
