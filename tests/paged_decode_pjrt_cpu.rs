//! The hand-built paged decode through StableHLO on PJRT CPU, against the
//! interpreter and the f64 reference within the KERNELS.md tolerances, on
//! the edge cases of KERNELS.md: ragged and empty lengths, every block
//! size, dtypes and group sizes, large logits, shared pages and garbage
//! block-table tails (which the batched grid's finished programs read
//! past their end, and must ignore).

mod common;

use common::client;
use tilekit_core::{interp, DType, KernelArgs};
use tilekit_kernels::hand_built::{config_for, paged_decode};
use tilekit_kernels::reference::{compare, Array64, Tolerance};
use tilekit_kernels::testdata::{edge_case_lens, PagedDecodeCase, PagedDecodeSpec, TailFill};
use tilekit_pjrt::PjrtKernel;
use tilekit_stablehlo::{GridStrategy, Lowered};

fn spec(
    lens: Vec<usize>,
    bs: usize,
    hq: usize,
    hkv: usize,
    d: usize,
    dtype: DType,
    seed: u64,
) -> PagedDecodeSpec {
    PagedDecodeSpec::new(lens, bs, hq, hkv, d, dtype, seed)
}

fn args(case: &PagedDecodeCase) -> KernelArgs {
    KernelArgs::new()
        .tensor("q", case.q.clone())
        .tensor("k_cache", case.k_cache.clone())
        .tensor("v_cache", case.v_cache.clone())
        .tensor("block_tables", case.block_tables.clone())
        .tensor("context_lens", case.context_lens.clone())
        .f32("scale", case.scale as f32)
}

/// Runs the case on PJRT CPU and checks it against the interpreter and the
/// reference; returns how the grid was lowered.
fn check(case: &PagedDecodeCase, stages: u32, strategy: GridStrategy, what: &str) -> Lowered {
    let dtype = case.q.dtype();
    let cfg = config_for(&case.q, &case.k_cache, &case.block_tables, stages).unwrap();
    let vk = paged_decode(&cfg).unwrap();
    let k = PjrtKernel::compile_with(&client(), &vk, strategy)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let got = k.run(&args(case)).unwrap_or_else(|e| panic!("{what}: {e}"));
    let want = interp::run(&vk, &args(case)).unwrap_or_else(|e| panic!("{what}: {e}"));
    let reference = case.reference().unwrap();
    let tol = Tolerance::for_dtype(dtype);
    for (name, r) in [("o", &reference.o), ("lse", &reference.lse)] {
        compare(name, &got[name], &Array64::from_host(&want[name]), tol)
            .unwrap_or_else(|e| panic!("{what}, PJRT vs interpreter: {e}"));
        compare(name, &got[name], r, tol)
            .unwrap_or_else(|e| panic!("{what}, PJRT vs reference: {e}"));
    }
    k.module().kernels[0].1
}

#[test]
fn paged_decode_edge_lengths_bs16_pjrt_cpu() {
    let case = spec(edge_case_lens(16), 16, 8, 2, 64, DType::Bf16, 1).build();
    assert_eq!(
        check(&case, 2, GridStrategy::Auto, "BS=16 edge lengths"),
        Lowered::Batched
    );
}

#[test]
fn paged_decode_edge_lengths_bs32_pjrt_cpu() {
    let case = spec(edge_case_lens(32), 32, 8, 2, 64, DType::Bf16, 2).build();
    check(&case, 2, GridStrategy::Auto, "BS=32 edge lengths");
}

#[test]
fn paged_decode_block_sizes_64_128_256_pjrt_cpu() {
    for bs in [64, 128, 256] {
        let case = spec(
            vec![bs + 1, 3, 2 * bs],
            bs,
            4,
            2,
            64,
            DType::Bf16,
            bs as u64,
        )
        .build();
        check(&case, 2, GridStrategy::Auto, &format!("BS={bs}"));
    }
}

#[test]
fn paged_decode_all_rows_but_one_empty_pjrt_cpu() {
    let case = spec(vec![0, 0, 37, 0], 16, 4, 4, 64, DType::Bf16, 7).build();
    check(&case, 2, GridStrategy::Auto, "one non-empty row");
}

#[test]
fn paged_decode_every_dtype_and_group_size_pjrt_cpu() {
    for (dtype, g) in [
        (DType::Bf16, 1),
        (DType::F16, 2),
        (DType::F32, 4),
        (DType::Bf16, 8),
        (DType::F16, 16),
    ] {
        let case = spec(vec![33, 5, 64], 16, 2 * g, 2, 64, dtype, g as u64).build();
        check(&case, 2, GridStrategy::Auto, &format!("{dtype} G={g}"));
    }
}

#[test]
fn paged_decode_head_dims_128_and_256_pjrt_cpu() {
    for d in [128, 256] {
        let case = spec(vec![40, 17], 16, 4, 2, d, DType::Bf16, d as u64).build();
        check(&case, 2, GridStrategy::Auto, &format!("D={d}"));
    }
}

#[test]
fn paged_decode_large_logits_shared_pages_garbage_tails_pjrt_cpu() {
    let mut s = spec(vec![70, 50, 1, 33], 16, 8, 2, 64, DType::F32, 11);
    s.logit_scale = 10.0;
    s.share_pages = true;
    s.tail_fill = TailFill::Garbage;
    check(
        &s.build(),
        2,
        GridStrategy::Auto,
        "logits ~30, shared pages, garbage tails",
    );
}

#[test]
fn paged_decode_plain_and_pipelined_loops_pjrt_cpu() {
    let case = spec(vec![100, 3, 48], 16, 4, 2, 64, DType::Bf16, 3).build();
    for stages in [1, 2, 3] {
        check(
            &case,
            stages,
            GridStrategy::Auto,
            &format!("{stages} stages"),
        );
    }
}

#[test]
fn paged_decode_sequential_grid_pjrt_cpu() {
    let mut s = spec(vec![0, 17, 100, 16], 16, 8, 2, 64, DType::Bf16, 5);
    s.tail_fill = TailFill::Garbage;
    let how = check(&s.build(), 2, GridStrategy::Sequential, "sequential grid");
    assert_eq!(how, Lowered::Sequential);
}
