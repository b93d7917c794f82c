//! The hand-built paged decode against the f64 reference on the edge cases
//! of KERNELS.md, plus its printed IR as a golden file.

use std::path::Path;
use tilekit_core::DType;
use tilekit_kernels::hand_built::{paged_decode, run_paged_decode, PagedDecodeConfig};
use tilekit_kernels::reference::{compare, Tolerance};
use tilekit_kernels::testdata::{edge_case_lens, PagedDecodeCase, PagedDecodeSpec, TailFill};

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

fn check(case: &PagedDecodeCase, dtype: DType, stages: u32, what: &str) {
    let out = run_paged_decode(
        &case.q,
        &case.k_cache,
        &case.v_cache,
        &case.block_tables,
        &case.context_lens,
        case.scale as f32,
        stages,
    )
    .unwrap_or_else(|e| panic!("{what}: {e}"));
    let want = case.reference().unwrap();
    let tol = Tolerance::for_dtype(dtype);
    compare("o", &out.o, &want.o, tol).unwrap_or_else(|e| panic!("{what}: {e}"));
    compare("lse", &out.lse, &want.lse, tol).unwrap_or_else(|e| panic!("{what}: {e}"));
}

#[test]
fn edge_case_lengths_each_block_size() {
    for bs in [16, 32] {
        for (i, len) in edge_case_lens(bs).into_iter().enumerate() {
            let case = spec(vec![len, len / 2 + 1], bs, 8, 2, 64, DType::Bf16, i as u64).build();
            check(&case, DType::Bf16, 2, &format!("BS={bs} L={len}"));
        }
    }
}

#[test]
fn all_rows_but_one_empty() {
    let case = spec(vec![0, 0, 37, 0], 16, 4, 4, 64, DType::Bf16, 7).build();
    check(&case, DType::Bf16, 2, "one non-empty row");
}

#[test]
fn every_dtype_and_group_size() {
    for (dtype, g) in [
        (DType::Bf16, 1),
        (DType::F16, 2),
        (DType::F32, 4),
        (DType::Bf16, 8),
        (DType::F16, 16),
    ] {
        let case = spec(vec![33, 5, 64], 16, 2 * g, 2, 64, dtype, g as u64).build();
        check(&case, dtype, 2, &format!("{dtype} G={g}"));
    }
}

#[test]
fn head_dims_128_and_256() {
    for d in [128, 256] {
        let case = spec(vec![40, 17], 16, 4, 2, d, DType::Bf16, d as u64).build();
        check(&case, DType::Bf16, 2, &format!("D={d}"));
    }
}

#[test]
fn large_logits_shared_pages_and_garbage_tails() {
    let mut s = spec(vec![70, 50, 1, 33], 16, 8, 2, 64, DType::F32, 11);
    s.logit_scale = 10.0;
    s.share_pages = true;
    s.tail_fill = TailFill::Garbage;
    check(
        &s.build(),
        DType::F32,
        2,
        "logits ~30, shared pages, garbage tails",
    );
}

#[test]
fn pipelined_and_plain_loops_agree_bit_for_bit() {
    let case = spec(vec![100, 3, 48], 16, 4, 2, 64, DType::Bf16, 3).build();
    let run = |stages| {
        run_paged_decode(
            &case.q,
            &case.k_cache,
            &case.v_cache,
            &case.block_tables,
            &case.context_lens,
            case.scale as f32,
            stages,
        )
        .unwrap()
    };
    let (a, b, c) = (run(1), run(2), run(3));
    assert_eq!(a.o, b.o);
    assert_eq!(a.o, c.o);
    assert_eq!(a.lse, b.lse);
}

#[test]
fn out_of_range_page_is_an_error_naming_the_ref() {
    let case = spec(vec![20], 16, 2, 1, 64, DType::Bf16, 5).build();
    let mut table = case.block_tables.as_i32().unwrap().to_vec();
    table[1] = 999;
    let table = tilekit_core::HostTensor::from_i32(case.block_tables.shape(), table).unwrap();
    let err = run_paged_decode(
        &case.q,
        &case.k_cache,
        &case.v_cache,
        &table,
        &case.context_lens,
        0.1,
        2,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("out-of-bounds load from `k_cache`"), "{err}");
    assert!(err.contains("issued ahead for iteration 1"), "{err}");
}

#[test]
fn golden_printed_ir() {
    let cfg = PagedDecodeConfig {
        batch: 2,
        q_heads: 8,
        kv_heads: 2,
        head_dim: 64,
        block_size: 16,
        num_blocks: 8,
        max_blocks: 4,
        dtype: DType::Bf16,
        stages: 2,
    };
    let kernel = paged_decode(&cfg).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/paged_decode.ir");
    tilekit_core::golden::check_golden(&path, &kernel.to_text()).unwrap();
}
