//! The `#[kernel]` paged decode against the hand-built twin and the f64
//! reference on the KERNELS.md edge cases.

use tilekit_core::dsl::{bf16, f16, LaunchError};
use tilekit_core::DType;
use tilekit_kernels::hand_built::run_paged_decode;
use tilekit_kernels::paged_decode::{
    paged_decode, PagedDecodeArgs, PagedDecodeOutputs, PagedDecodeShapes,
};
use tilekit_kernels::reference::{compare, Tolerance};
use tilekit_kernels::testdata::{edge_case_lens, PagedDecodeCase, PagedDecodeSpec, TailFill};

fn spec(
    lens: Vec<usize>,
    bs: usize,
    hq: usize,
    hkv: usize,
    dtype: DType,
    seed: u64,
) -> PagedDecodeSpec {
    PagedDecodeSpec {
        share_pages: true,
        tail_fill: TailFill::Garbage,
        ..PagedDecodeSpec::new(lens, bs, hq, hkv, 64, dtype, seed)
    }
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

/// Runs the macro kernel with its element type from the case (page and
/// group size come from the shapes).
fn run_macro(case: &PagedDecodeCase) -> Result<PagedDecodeOutputs, LaunchError> {
    let a = args(case);
    match case.q.dtype() {
        DType::Bf16 => a.run_interpreter::<bf16>(),
        DType::F16 => a.run_interpreter::<f16>(),
        _ => a.run_interpreter::<f32>(),
    }
}

#[test]
fn matches_reference_and_hand_built_twin_on_edge_cases() {
    for (bs, g, dtype) in [
        (16, 4, DType::Bf16),
        (32, 4, DType::Bf16),
        (16, 2, DType::F16),
        (16, 1, DType::F32),
    ] {
        for (i, len) in edge_case_lens(bs).into_iter().enumerate() {
            let case = spec(vec![len, 0, len / 3 + 2], bs, 2 * g, 2, dtype, i as u64).build();
            let what = format!("{dtype} BS={bs} G={g} L={len}");
            let got = run_macro(&case).unwrap_or_else(|e| panic!("{what}: {e}"));
            let want = case.reference().unwrap();
            let tol = Tolerance::for_dtype(dtype);
            compare("o", &got.o, &want.o, tol).unwrap_or_else(|e| panic!("{what}: {e}"));
            compare("lse", &got.lse, &want.lse, tol).unwrap_or_else(|e| panic!("{what}: {e}"));
            let twin = run_paged_decode(
                &case.q,
                &case.k_cache,
                &case.v_cache,
                &case.block_tables,
                &case.context_lens,
                case.scale as f32,
                2,
            )
            .unwrap();
            assert_eq!(got.o, twin.o, "{what}: macro and hand-built kernels differ");
            assert_eq!(got.lse, twin.lse, "{what}");
        }
    }
}

#[test]
fn typed_launcher_names_a_bad_argument() {
    let case = spec(vec![5], 16, 4, 1, DType::Bf16, 1).build();
    let mut a = args(&case);
    a.context_lens = tilekit_core::HostTensor::from_i32(&[1, 1], vec![5]).unwrap();
    let err = a.run_interpreter::<bf16>().unwrap_err().to_string();
    assert_eq!(
        err,
        "kernel `paged_decode`: argument `context_lens` has rank 2 (shape [1, 1]) but the kernel declares rank 1"
    );
    let mut a = args(&case);
    a.q = tilekit_core::HostTensor::zeros(DType::F32, case.q.shape());
    let err = a.run_interpreter::<bf16>().unwrap_err().to_string();
    assert_eq!(
        err,
        "kernel `paged_decode`: argument `q` has dtype f32 but the kernel expects bf16"
    );
}

#[test]
fn builder_records_the_users_source_lines() {
    let shapes = PagedDecodeShapes {
        block_tables: [2, 4],
        context_lens: [2],
        q: [2, 8, 64],
        k_cache: [8, 16, 2, 64],
        v_cache: [8, 16, 2, 64],
        stages: 2,
    };
    let kernel = paged_decode::<bf16>(&shapes).unwrap();
    let k = kernel.kernel();
    let dot_lines: Vec<u32> = k
        .ops
        .iter()
        .filter(|op| op.kind.mnemonic() == "dot")
        .map(|op| op.location.line)
        .collect();
    let source = include_str!("../src/paged_decode.rs");
    for line in dot_lines {
        let text = source.lines().nth(line as usize - 1).unwrap();
        assert!(
            text.contains("dot("),
            "dot op points at line {line}: {text}"
        );
    }
    assert!(k
        .ops
        .iter()
        .all(|op| op.location.file.ends_with("paged_decode.rs")));
}

#[test]
fn golden_printed_ir_of_the_macro_kernel() {
    let shapes = PagedDecodeShapes {
        block_tables: [2, 4],
        context_lens: [2],
        q: [2, 8, 64],
        k_cache: [8, 16, 2, 64],
        v_cache: [8, 16, 2, 64],
        stages: 2,
    };
    let kernel = paged_decode::<bf16>(&shapes).unwrap();
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/paged_decode_macro.ir");
    tilekit_core::golden::check_golden(&path, &kernel.to_text()).unwrap();
}

#[test]
fn query_heads_that_do_not_divide_into_kv_heads_are_a_build_error() {
    let shapes = PagedDecodeShapes {
        block_tables: [2, 4],
        context_lens: [2],
        q: [2, 9, 64],
        k_cache: [8, 16, 2, 64],
        v_cache: [8, 16, 2, 64],
        stages: 2,
    };
    let err = paged_decode::<bf16>(&shapes).unwrap_err();
    assert_eq!(
        err.errors.kinds()[0],
        tilekit_core::verify::ErrorKind::Requirement
    );
    let msg = err.to_string();
    assert!(msg.contains("kernel `paged_decode` at"), "{msg}");
    assert!(
        msg.contains("the query heads (9) must be a positive multiple of the KV heads (2)"),
        "{msg}"
    );
    assert!(msg.contains("paged_decode.rs:"), "the kernel's line: {msg}");
}
