//! The page-gather kernel against its reference: live pages copied in
//! table order, dead table entries (garbage) never read, zeros elsewhere.

use tilekit_core::dsl::bf16;
use tilekit_core::DType;
use tilekit_kernels::kv_gather::KvGatherKernelArgs;
use tilekit_kernels::reference;
use tilekit_kernels::testdata::{PagedDecodeSpec, TailFill};

#[test]
fn gathers_live_pages_in_table_order() {
    let case = PagedDecodeSpec {
        batch: 3,
        q_heads: 4,
        kv_heads: 2,
        head_dim: 8,
        block_size: 4,
        lens: vec![9, 0, 4],
        dtype: DType::Bf16,
        logit_scale: 1.0,
        share_pages: true,
        tail_fill: TailFill::Garbage,
        seed: 7,
    }
    .build();
    let out = KvGatherKernelArgs {
        block_tables: case.block_tables.clone(),
        context_lens: case.context_lens.clone(),
        k_cache: case.k_cache.clone(),
        v_cache: case.v_cache.clone(),
    }
    .run_interpreter::<bf16>()
    .unwrap();
    for (got, cache) in [(&out.k, &case.k_cache), (&out.v, &case.v_cache)] {
        let (shape, want) =
            reference::kv_gather(cache, &case.block_tables, &case.context_lens).unwrap();
        assert_eq!(got.shape(), shape.as_slice());
        // A copy: exact, NaN poison included.
        let got = got.to_f64_vec();
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert!(
                g == w || (g.is_nan() && w.is_nan()),
                "element {i}: {g} vs {w}"
            );
        }
    }
}
