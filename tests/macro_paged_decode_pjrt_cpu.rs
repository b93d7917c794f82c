//! The `#[kernel]` paged decode (the shipped one) through StableHLO on
//! PJRT CPU, against the interpreter and the f64 reference on the
//! KERNELS.md edge cases, for each instantiation its own tests use.

mod common;

use common::client;
use tilekit_core::dsl::{bf16, f16};
use tilekit_core::{interp, DType, VerifiedKernel};
use tilekit_kernels::paged_decode::{paged_decode, PagedDecodeArgs, PagedDecodeShapes};
use tilekit_kernels::reference::{compare, Array64, Tolerance};
use tilekit_kernels::testdata::{edge_case_lens, PagedDecodeCase, PagedDecodeSpec, TailFill};
use tilekit_pjrt::PjrtKernel;
use tilekit_stablehlo::GridStrategy;

fn case(bs: usize, g: usize, dtype: DType, seed: u64) -> PagedDecodeCase {
    let mut lens = edge_case_lens(bs);
    lens.push(0);
    PagedDecodeSpec {
        batch: lens.len(),
        q_heads: 2 * g,
        kv_heads: 2,
        head_dim: 64,
        block_size: bs,
        lens,
        dtype,
        logit_scale: 1.0,
        share_pages: true,
        tail_fill: TailFill::Garbage,
        seed,
    }
    .build()
}

fn args(case: &PagedDecodeCase) -> PagedDecodeArgs {
    PagedDecodeArgs {
        block_tables: case.block_tables.clone(),
        context_lens: case.context_lens.clone(),
        q: case.q.clone(),
        k_cache: case.k_cache.clone(),
        v_cache: case.v_cache.clone(),
        scale: case.scale as f32,
        stages: 2,
    }
}

/// The macro kernel traced for the case's shapes and parameters.
fn kernel(case: &PagedDecodeCase) -> VerifiedKernel {
    let shapes = PagedDecodeShapes::from_args(&args(case).to_kernel_args(), 2).unwrap();
    let k = match case.q.dtype() {
        DType::Bf16 => paged_decode::<bf16>(&shapes),
        DType::F16 => paged_decode::<f16>(&shapes),
        _ => paged_decode::<f32>(&shapes),
    };
    k.unwrap()
}

fn check(bs: usize, g: usize, dtype: DType, strategy: GridStrategy) {
    let case = case(bs, g, dtype, (bs + g) as u64);
    let what = format!("{dtype} BS={bs} G={g} {strategy:?}");
    let vk = kernel(&case);
    let kargs = args(&case).to_kernel_args();
    let k = PjrtKernel::compile_with(&client(), &vk, strategy)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let got = k.run(&kargs).unwrap_or_else(|e| panic!("{what}: {e}"));
    let want = interp::run(&vk, &kargs).unwrap();
    let reference = case.reference().unwrap();
    let tol = Tolerance::for_dtype(dtype);
    for (name, r) in [("o", &reference.o), ("lse", &reference.lse)] {
        compare(name, &got[name], &Array64::from_host(&want[name]), tol)
            .unwrap_or_else(|e| panic!("{what}, PJRT vs interpreter: {e}"));
        compare(name, &got[name], r, tol)
            .unwrap_or_else(|e| panic!("{what}, PJRT vs reference: {e}"));
    }
}

#[test]
fn macro_paged_decode_bf16_edge_cases_pjrt_cpu() {
    check(16, 4, DType::Bf16, GridStrategy::Auto);
    check(32, 4, DType::Bf16, GridStrategy::Auto);
}

#[test]
fn macro_paged_decode_f16_and_f32_edge_cases_pjrt_cpu() {
    check(16, 2, DType::F16, GridStrategy::Auto);
    check(16, 1, DType::F32, GridStrategy::Auto);
}

#[test]
fn macro_paged_decode_sequential_grid_pjrt_cpu() {
    check(16, 4, DType::Bf16, GridStrategy::Sequential);
}
