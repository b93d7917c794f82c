//! Every shipped kernel configuration the PTX backend emits: [`all`] is
//! what `cargo xtask ptx-check` assembles and the PTX simulator tests run.
//! The kascade token-gather decodes and the prefill reuse kernel are not
//! listed ([`NOT_ON_PTX`] says why).

use super::decode;
use super::Entry;
use tilekit_core::dsl::{bf16, f16};

/// Representatives ([`super::representatives`]) the PTX backend cannot
/// emit yet, and why; every other one is assembled.
pub const NOT_ON_PTX: [(&str, &str); 4] = [
    ("kascade_decode_tokens", "uses scratch refs"),
    ("kascade_decode_tokens_paged", "uses scratch refs"),
    ("kascade_prefill", "uses scratch refs"),
    (
        "flash_attention_causal",
        "ptxas keeps it at 128 registers and spills 4 bytes",
    ),
];

/// The other shipped `#[kernel]`s (split-KV partition and combine, the
/// kascade scores and block-selection decodes, prefill scores, flash
/// attention and the KV-cache write): the catalog's representatives the
/// backend emits, plus the configurations their tests and `run_decode`
/// (bf16, Hq 32, Hkv 8, D 128, BS 16) use, plus SmolLM2-135M's decode and
/// prefill kernels at the model's shapes ([`super::model::ptx`]).
pub fn other_kernels() -> Vec<Entry> {
    let representatives = super::representatives()
        .into_iter()
        .filter(|r| NOT_ON_PTX.iter().all(|(name, _)| *name != r.name))
        .map(|r| Entry::new(r.name, r.build));
    representatives
        .chain(more_configurations())
        .chain(super::model::ptx())
        .collect()
}

/// Configurations beyond the representatives.
fn more_configurations() -> Vec<Entry> {
    use crate::flash_attention::{flash_attention_kernel, FlashAttentionKernelShapes};
    use crate::kascade_decode::*;
    use crate::kascade_scores::*;
    use crate::kv_write::{kv_write_kernel, KvWriteKernelShapes};
    use crate::split_kv::*;
    vec![
        // Split-KV decode: the tests' B 2, Hq 8, Hkv 2, D 64, BS 16, 2 splits,
        // and run_decode's 4 sequences of up to 1024 tokens in 4 splits.
        Entry::new("paged_decode_partition_f16_bs16_d64_hq4_hkv2", || {
            paged_decode_partition::<f16>(&PagedDecodePartitionShapes {
                block_tables: [2, 4],
                context_lens: [2],
                page_ranges: [2, 3, 2],
                q: [2, 4, 64],
                k_cache: [8, 16, 2, 64],
                v_cache: [8, 16, 2, 64],
            })
        }),
        Entry::new("paged_decode_partition_bf16_bs16_d128_hq32_hkv8", || {
            paged_decode_partition::<bf16>(&PagedDecodePartitionShapes {
                block_tables: [4, 64],
                context_lens: [4],
                page_ranges: [4, 4, 2],
                q: [4, 32, 128],
                k_cache: [264, 16, 8, 128],
                v_cache: [264, 16, 8, 128],
            })
        }),
        Entry::new("split_kv_combine_s4_hq32_d128", || {
            split_kv_combine(&SplitKvCombineShapes {
                o_part: [4, 4, 32, 128],
                lse_part: [4, 4, 32],
            })
        }),
        // Kascade anchor-layer scores.
        Entry::new("kascade_decode_scores_bf16_d128_hq32_hkv8", || {
            kascade_decode_scores_kernel::<bf16>(&KascadeDecodeScoresKernelShapes {
                lens: [4],
                q: [4, 32, 128],
                k: [4, 1024, 8, 128],
                v: [4, 1024, 8, 128],
            })
        }),
        // Kascade block-selection decodes.
        Entry::new(
            "kascade_decode_blocks_paged_bf16_sel32_d128_hq32_hkv8",
            || {
                kascade_decode_blocks_paged::<bf16>(&KascadeDecodeBlocksPagedShapes {
                    block_tables: [4, 64],
                    lens: [4],
                    block_idx: [4, 8, 8],
                    n_sel: [4],
                    head_map: [4],
                    q: [4, 32, 128],
                    k_cache: [264, 16, 8, 128],
                    v_cache: [264, 16, 8, 128],
                    sel: 32,
                })
            },
        ),
        // Kascade prefill: anchor scores.
        // Flash attention, in shapes of its PJRT tests.
        Entry::new("flash_attention_causal_bf16_sq65_d64_hq2_hkv2", || {
            flash_attention_kernel::<bf16>(&FlashAttentionKernelShapes {
                q: [1, 65, 2, 64],
                k: [1, 65, 2, 64],
                v: [1, 65, 2, 64],
                causal: true,
            })
        }),
        Entry::new("flash_attention_f16_sq17_skv100_d128_hq8_hkv2", || {
            flash_attention_kernel::<f16>(&FlashAttentionKernelShapes {
                q: [2, 17, 8, 128],
                k: [2, 100, 2, 128],
                v: [2, 100, 2, 128],
                causal: false,
            })
        }),
        Entry::new("flash_attention_causal_f32_sq16_d64_hq16_hkv1", || {
            flash_attention_kernel::<f32>(&FlashAttentionKernelShapes {
                q: [2, 16, 16, 64],
                k: [2, 16, 1, 64],
                v: [2, 16, 1, 64],
                causal: true,
            })
        }),
        // Appending a token per sequence to the paged cache.
        Entry::new("kv_write_bf16_bs16_hkv8_d128", || {
            kv_write_kernel::<bf16>(&KvWriteKernelShapes {
                slot_mapping: [4],
                k_new: [4, 8, 128],
                v_new: [4, 8, 128],
                k_cache: [264, 16, 8, 128],
                v_cache: [264, 16, 8, 128],
            })
        }),
    ]
}

/// Everything `cargo xtask ptx-check` assembles: [`decode::kernels`]
/// (paged decode) and [`other_kernels`].
pub fn all() -> Vec<Entry> {
    let mut out: Vec<Entry> = decode::kernels()
        .into_iter()
        .map(|k| Entry::fallible(k.name(), move || k.build()))
        .collect();
    out.extend(other_kernels());
    out
}
