//! The Llama kernels (`tilekit_kernels::llama`) through StableHLO on PJRT
//! CPU against `reference::llama`, at SmolLM2-135M's shapes (d_model 576,
//! 9/3 heads of 64 with RoPE base 100000, SwiGLU 1536, the 49152-token
//! vocabulary) and at ones with a masked last vocabulary chunk. The checks
//! are the interpreter tests' (`kernels/tests/llama_checks`); each shape
//! compiles once, and a few seeds run on it.

#[path = "../kernels/tests/llama_checks/mod.rs"]
mod llama_checks;

use llama_checks::*;
use std::sync::OnceLock;
use tilekit_pjrt::PjrtBackend;

fn pjrt() -> &'static PjrtBackend {
    static BACKEND: OnceLock<PjrtBackend> = OnceLock::new();
    BACKEND.get_or_init(|| {
        PjrtBackend::default_plugin()
            .unwrap_or_else(|e| panic!("these tests need the PJRT CPU plugin: {e}"))
    })
}

const SEEDS: [u64; 3] = [1, 2, 3];

fn each_seed(check: impl Fn(u64) -> R) {
    for seed in SEEDS {
        check(seed).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
}

#[test]
fn rms_norm_and_add_rms_norm_pjrt_cpu() {
    // 5 rows: one program; 16 rows: two programs of 8.
    each_seed(|seed| check_rms_norm(pjrt(), 5, 576, seed));
    each_seed(|seed| check_rms_norm(pjrt(), 16, 576, seed));
}

#[test]
fn rope_smollm2_heads_pjrt_cpu() {
    each_seed(|seed| check_rope(pjrt(), 4, (9, 3, 64), 1e5, seed));
}

#[test]
fn gather_rows_pjrt_cpu() {
    each_seed(|seed| check_gather_rows(pjrt(), 33, 576, seed));
}

#[test]
fn linear_f32_whole_and_tiled_pjrt_cpu() {
    each_seed(|seed| check_linear_f32(pjrt(), 4, 1536, 576, 1536, seed));
    each_seed(|seed| check_linear_f32(pjrt(), 1, 576, 1536, 64, seed));
}

#[test]
fn swiglu_pjrt_cpu() {
    each_seed(|seed| check_swiglu(pjrt(), 3, 1536, seed));
}

#[test]
fn argmax_full_vocabulary_and_masked_chunk_pjrt_cpu() {
    each_seed(|seed| check_argmax(pjrt(), 3, 49152, seed));
    each_seed(|seed| check_argmax(pjrt(), 16, 1500, seed));
}

#[test]
fn sample_pjrt_cpu() {
    each_seed(|seed| check_sample(pjrt(), 6, 1500, seed));
    each_seed(|seed| check_sample(pjrt(), 16, 1500, seed));
    each_seed(|seed| check_sample(pjrt(), 2, 49152, seed));
}

#[test]
fn tpu_row_blocks_pjrt_cpu() {
    each_seed(|seed| check_tpu_rows(pjrt(), 1500, seed));
}
