//! Golden printed IR of every shipped kernel in one small configuration.
//! A change to a kernel, the tracing layer or the printer shows up here;
//! `cargo xtask bless` (TILEKIT_BLESS=1) re-writes the files.

use std::path::Path;
use tilekit_core::dsl::{bf16, f16};
use tilekit_core::golden::check_golden;
use tilekit_core::VerifiedKernel;
use tilekit_kernels::flash_attention::{flash_attention_kernel, FlashAttentionKernelShapes};
use tilekit_kernels::kascade_decode::*;
use tilekit_kernels::kascade_prefill::*;
use tilekit_kernels::kascade_scores::{
    kascade_decode_scores_kernel, KascadeDecodeScoresKernelShapes,
};
use tilekit_kernels::split_kv::*;

fn golden(name: &str, kernel: Result<VerifiedKernel, tilekit_core::BuildError>) {
    let kernel = kernel.unwrap_or_else(|e| panic!("{name}: {e}"));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/{name}.ir"));
    check_golden(&path, &kernel.to_text()).unwrap();
}

// B = 2 sequences, Hq = 8 query heads over Hkv = 2 KV heads (G = 4), D = 64.

#[test]
fn golden_paged_decode_partition_and_combine() {
    golden(
        "paged_decode_partition",
        paged_decode_partition::<bf16>(&PagedDecodePartitionShapes {
            block_tables: [2, 4],
            context_lens: [2],
            page_ranges: [2, 2, 2],
            q: [2, 8, 64],
            k_cache: [8, 16, 2, 64],
            v_cache: [8, 16, 2, 64],
        }),
    );
    golden(
        "paged_decode_combine",
        split_kv_combine(&SplitKvCombineShapes {
            o_part: [2, 2, 8, 64],
            lse_part: [2, 2, 8],
        }),
    );
}

#[test]
fn golden_kascade_decode_scores() {
    golden(
        "kascade_decode_scores",
        kascade_decode_scores_kernel::<bf16>(&KascadeDecodeScoresKernelShapes {
            lens: [2],
            q: [2, 8, 64],
            k: [2, 100, 2, 64],
            v: [2, 100, 2, 64],
        }),
    );
}

#[test]
fn golden_kascade_decode_variants() {
    golden(
        "kascade_decode_tokens",
        kascade_decode_tokens::<bf16>(&KascadeDecodeTokensShapes {
            idx: [2, 2, 256],
            n_sel: [2],
            head_map: [2],
            q: [2, 8, 64],
            k: [2, 1000, 2, 64],
            v: [2, 1000, 2, 64],
        }),
    );
    golden(
        "kascade_decode_tokens_paged",
        kascade_decode_tokens_paged::<bf16>(&KascadeDecodeTokensPagedShapes {
            block_tables: [2, 4],
            idx: [2, 2, 32],
            n_sel: [2],
            head_map: [2],
            q: [2, 8, 64],
            k_cache: [8, 16, 2, 64],
            v_cache: [8, 16, 2, 64],
        }),
    );
    golden(
        "kascade_decode_blocks",
        kascade_decode_blocks::<f16, 32>(&KascadeDecodeBlocksShapes {
            lens: [2],
            block_idx: [2, 2, 4],
            n_sel: [2],
            head_map: [2],
            q: [2, 8, 64],
            k: [2, 100, 2, 64],
            v: [2, 100, 2, 64],
        }),
    );
    golden(
        "kascade_decode_blocks_paged",
        kascade_decode_blocks_paged::<bf16, 32>(&KascadeDecodeBlocksPagedShapes {
            block_tables: [2, 4],
            lens: [2],
            block_idx: [2, 2, 2],
            n_sel: [2],
            head_map: [2],
            q: [2, 8, 64],
            k_cache: [8, 16, 2, 64],
            v_cache: [8, 16, 2, 64],
        }),
    );
}

#[test]
fn golden_kascade_prefill_scores_and_reuse() {
    golden(
        "kascade_prefill_scores",
        kascade_prefill_scores_kernel::<bf16, 32>(&KascadePrefillScoresKernelShapes {
            tiles: [2],
            q: [2, 200, 8, 64],
            k: [2, 200, 2, 64],
        }),
    );
    golden(
        "kascade_prefill",
        kascade_prefill_kernel::<bf16, 32>(&KascadePrefillKernelShapes {
            idx: [2, 2, 7, 128],
            n_sel: [7],
            head_map: [2],
            q: [2, 200, 8, 64],
            k: [2, 200, 2, 64],
            v: [2, 200, 2, 64],
        }),
    );
}

#[test]
fn golden_flash_attention_causal() {
    golden(
        "flash_attention_causal",
        flash_attention_kernel::<bf16, true>(&FlashAttentionKernelShapes {
            q: [2, 100, 8, 64],
            k: [2, 100, 2, 64],
            v: [2, 100, 2, 64],
        }),
    );
}
