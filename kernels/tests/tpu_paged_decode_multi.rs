//! The TPU-shaped multi-query paged decode
//! (`tilekit_kernels::tpu::paged_decode_multi`) on the interpreter against
//! the f64 reference, through the layout conversions: ragged query and
//! context lengths (none new, all new, page boundaries), shared pages,
//! garbage table tails, NaN in unread slots.

use tilekit_core::dsl::bf16;
use tilekit_core::{DType, HostTensor};
use tilekit_kernels::reference::{self, compare, Array64, Tolerance};
use tilekit_kernels::testdata::{random_tensor, PagedDecodeSpec, Rng, TailFill};
use tilekit_kernels::tpu::layout::{cache_to_head_major, reshape, rows_to_head_major};
use tilekit_kernels::tpu::paged_decode_multi::PagedDecodeMultiTpuArgs;

#[test]
fn paged_decode_multi_tpu_matches_the_reference() {
    let (hq, hkv, d, bs, m) = (6, 2, 32, 16, 5);
    let cases = [
        (vec![37, 5, 0, 16], vec![5, 5, 0, 1]),
        (vec![16, 33, 2, 64], vec![3, 4, 2, 5]),
    ];
    for dtype in [DType::F32, DType::Bf16] {
        for (seed, (lens, qlens)) in cases.iter().enumerate() {
            let c = PagedDecodeSpec {
                share_pages: true,
                tail_fill: TailFill::Garbage,
                logit_scale: 3.0,
                ..PagedDecodeSpec::new(lens.clone(), bs, hq, hkv, d, dtype, seed as u64)
            }
            .build();
            let mut rng = Rng::new(seed as u64 + 40);
            let q = random_tensor(&mut rng, dtype, &[lens.len(), m, hq, d], 3.0);
            let ql = HostTensor::from_i32(&[qlens.len()], qlens.clone()).unwrap();
            let want = reference::paged_decode_multi(
                &q,
                &c.k_cache,
                &c.v_cache,
                &c.block_tables,
                &c.context_lens,
                &ql,
                c.scale,
            )
            .unwrap();
            let args = PagedDecodeMultiTpuArgs {
                block_tables: c.block_tables.clone(),
                context_lens: c.context_lens.clone(),
                query_lens: ql,
                q: rows_to_head_major(&q, hkv).unwrap(),
                k_cache: cache_to_head_major(&c.k_cache).unwrap(),
                v_cache: cache_to_head_major(&c.v_cache).unwrap(),
                scale: c.scale as f32,
                group: hq / hkv,
                stages: 2,
            };
            let got = match dtype {
                DType::Bf16 => args.run_interpreter::<bf16>(),
                _ => args.run_interpreter::<f32>(),
            }
            .unwrap_or_else(|e| panic!("{dtype} case {seed}: {e}"));
            let tol = Tolerance::for_dtype(dtype);
            let head_major = |a: &Array64, shape: &[usize]| {
                let t = reshape(&a.to_host(DType::F32), shape).unwrap();
                Array64::from_host(&rows_to_head_major(&t, hkv).unwrap())
            };
            let b = lens.len();
            compare("o", &got.o, &head_major(&want.o, &[b, m, hq, d]), tol)
                .unwrap_or_else(|e| panic!("{dtype} case {seed}: {e}"));
            compare("lse", &got.lse, &head_major(&want.lse, &[b, m, hq, 1]), tol)
                .unwrap_or_else(|e| panic!("{dtype} case {seed}: {e}"));
        }
    }
}
