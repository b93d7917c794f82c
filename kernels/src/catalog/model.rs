//! SmolLM2-135M's kernels at the model's shapes, as `tilekit-serve`
//! records its forward (`serve/src/record.rs`): what `cargo xtask
//! ptx-check` assembles for the model ([`ptx`]). The model: 30 layers,
//! d_model 576, 9 query heads over 3 KV heads of 64, SwiGLU 1536,
//! vocabulary 49152; Q4_1 layer matrices, a Q8_0 embedding and LM head
//! (tied), an f32 paged KV cache of 16-token pages.
//!
//! - **decode** at batch 1 and 16 (one row per sequence): the embedding
//!   gather, the norms, the small-M products of every matrix shape, RoPE,
//!   the KV write, paged attention (G = 3, D = 64), SwiGLU, the LM head,
//!   argmax and sampling; row kernels one row a program (`rows = 1`), as
//!   the GPU engine runs them;
//! - **prefill** of [`PREFILL`] tokens: the tiled products, causal flash
//!   attention over the prompt, and the pick of the last row for the head.
//!
//! - **verify** (speculative decoding): multi-query paged attention for
//!   [`VERIFY`] (sequences, rows each): 1 sequence of 16 rows (15 drafts)
//!   and 8 of 5 (`--speculate ngram:4`); the verify step's other kernels
//!   are decode's at `sequences · rows` rows.
//!
//! The TPU decode step of the same model is [`super::model_tpu`].

use super::Entry;
use crate::flash_attention::{flash_attention_kernel, FlashAttentionKernelShapes};
use crate::kv_write::{kv_write_kernel, KvWriteKernelShapes};
use crate::llama::*;
use crate::paged_decode::{paged_decode, PagedDecodeShapes};
use crate::paged_decode_multi::{paged_decode_multi_kernel, PagedDecodeMultiKernelShapes};
use crate::quant::*;

pub const LAYERS: usize = 30;
pub const D_MODEL: usize = 576;
pub const HEADS: usize = 9;
pub const KV_HEADS: usize = 3;
pub const HEAD_DIM: usize = 64;
pub const FFN: usize = 1536;
pub const VOCAB: usize = 49152;
/// The f32 KV cache: pages of 16 tokens, sequences of up to [`MAX_LEN`]
/// tokens ([`MAX_BLOCKS`] pages), a pool of [`NUM_BLOCKS`] pages (16 full
/// sequences) per layer.
pub const BLOCK_SIZE: usize = 16;
pub const MAX_LEN: usize = 2048;
pub const MAX_BLOCKS: usize = MAX_LEN / BLOCK_SIZE;
pub const NUM_BLOCKS: usize = 16 * MAX_BLOCKS;
/// The decode batches checked.
pub const DECODE_BATCHES: [usize; 2] = [1, 16];
/// The verify steps checked: (sequences, query rows per sequence).
pub const VERIFY: [(usize, usize); 2] = [(1, 16), (8, 5)];
/// The prefill program's tokens.
pub const PREFILL: usize = 128;
/// Pages fetched ahead by paged decode (as `serve` records it).
const DECODE_STAGES: u32 = 2;

/// The layer matrices `[N, K]`: q and o (576 x 576), k and v (192 x 576),
/// gate and up (1536 x 576), down (576 x 1536), each with its name.
pub const MATRICES: [(&str, usize, usize); 4] = [
    ("qo", D_MODEL, D_MODEL),
    ("kv", KV_HEADS * HEAD_DIM, D_MODEL),
    ("gate_up", FFN, D_MODEL),
    ("down", D_MODEL, FFN),
];

/// The paged KV cache `[NB, BS, Hkv, D]`.
const CACHE: [usize; 4] = [NUM_BLOCKS, BLOCK_SIZE, KV_HEADS, HEAD_DIM];

/// Every SmolLM2 kernel configuration `cargo xtask ptx-check` assembles.
pub fn ptx() -> Vec<Entry> {
    let mut out = Vec::new();
    for m in DECODE_BATCHES {
        out.extend(decode(m));
    }
    out.extend(prefill(PREFILL));
    for (b, q) in VERIFY {
        out.push(Entry::new(
            format!("smollm2_verify_b{b}_q{q}_paged_decode_multi_f32_g3_d64_bs16"),
            move || {
                paged_decode_multi_kernel::<f32>(&PagedDecodeMultiKernelShapes {
                    block_tables: [b, MAX_BLOCKS],
                    context_lens: [b],
                    query_lens: [b],
                    q: [b, q, HEADS, HEAD_DIM],
                    k_cache: CACHE,
                    v_cache: CACHE,
                    stages: DECODE_STAGES,
                })
            },
        ));
    }
    out
}

/// Q4_1 product of `m` rows by the `[n, k]` matrix, small or tiled by `m`
/// as `serve` picks it.
fn q4_1(name: String, m: usize, n: usize, k: usize) -> Entry {
    let (x, w) = ([m, k / 32, 2, 16], [n, k / 32, 20]);
    if MatmulPath::for_rows(m) == MatmulPath::Small {
        Entry::new(name, move || {
            matmul_q4_1_small(&MatmulQ41SmallShapes { x, w })
        })
    } else {
        Entry::new(name, move || {
            matmul_q4_1_tiled(&MatmulQ41TiledShapes { x, w })
        })
    }
}

/// A decode step's kernels over `m` sequences.
fn decode(m: usize) -> Vec<Entry> {
    let p = format!("smollm2_decode_b{m}");
    let kv = [m, KV_HEADS, HEAD_DIM];
    let mut out = vec![
        Entry::new(format!("{p}_gather_q8_0"), move || {
            gather_q8_0_kernel(&GatherQ80KernelShapes {
                ids: [m],
                w: [VOCAB, D_MODEL / 32, 34],
            })
        }),
        Entry::new(format!("{p}_rms_norm"), move || {
            rms_norm_kernel(&RmsNormKernelShapes {
                x: [m, D_MODEL],
                w: [D_MODEL],
                rows: 1,
            })
        }),
        Entry::new(format!("{p}_add_rms_norm"), move || {
            add_rms_norm_kernel(&AddRmsNormKernelShapes {
                x: [m, D_MODEL],
                r: [m, D_MODEL],
                w: [D_MODEL],
                rows: 1,
            })
        }),
        Entry::new(format!("{p}_rope"), move || {
            rope_kernel(&RopeKernelShapes {
                pos: [m],
                q: [m, HEADS, HEAD_DIM / 2, 2],
                k: [m, KV_HEADS, HEAD_DIM / 2, 2],
                cos: [MAX_LEN, HEAD_DIM / 2],
                sin: [MAX_LEN, HEAD_DIM / 2],
            })
        }),
        Entry::new(format!("{p}_kv_write_f32"), move || {
            kv_write_kernel::<f32>(&KvWriteKernelShapes {
                slot_mapping: [m],
                k_new: kv,
                v_new: kv,
                k_cache: CACHE,
                v_cache: CACHE,
            })
        }),
        Entry::new(format!("{p}_paged_decode_f32_g3_d64_bs16"), move || {
            paged_decode::<f32>(&PagedDecodeShapes {
                block_tables: [m, MAX_BLOCKS],
                context_lens: [m],
                q: [m, HEADS, HEAD_DIM],
                k_cache: CACHE,
                v_cache: CACHE,
                stages: DECODE_STAGES,
            })
        }),
        Entry::new(format!("{p}_swiglu"), move || {
            swiglu_kernel(&SwigluKernelShapes {
                gate: [m, FFN],
                up: [m, FFN],
                rows: 1,
            })
        }),
        Entry::new(format!("{p}_lm_head_q8_0"), move || {
            matmul_q8_0_small(&MatmulQ80SmallShapes {
                x: [m, D_MODEL],
                w: [VOCAB, D_MODEL / 32, 34],
            })
        }),
        Entry::new(format!("{p}_argmax"), move || {
            argmax_kernel(&ArgmaxKernelShapes {
                logits: [m, VOCAB],
                rows: 1,
            })
        }),
        Entry::new(format!("{p}_sample"), move || {
            sample_kernel(&SampleKernelShapes {
                logits: [m, VOCAB],
                top_k: [m, 1],
                inv_temp: [m, 1],
                top_p: [m, 1],
                u: [m, 1],
                rows: 1,
            })
        }),
    ];
    for (name, n, k) in MATRICES {
        out.push(q4_1(format!("{p}_q4_1_{name}_n{n}_k{k}"), m, n, k));
    }
    out
}

/// A prefill's kernels over `t` prompt tokens that differ from decode's:
/// the tiled products, causal attention and the pick of the last row.
fn prefill(t: usize) -> Vec<Entry> {
    let p = format!("smollm2_prefill_t{t}");
    let mut out: Vec<Entry> = MATRICES
        .iter()
        .map(|&(name, n, k)| q4_1(format!("{p}_q4_1_{name}_n{n}_k{k}"), t, n, k))
        .collect();
    out.push(Entry::new(
        format!("{p}_flash_attention_causal_f32"),
        move || {
            flash_attention_kernel::<f32>(&FlashAttentionKernelShapes {
                q: [1, t, HEADS, HEAD_DIM],
                k: [1, t, KV_HEADS, HEAD_DIM],
                v: [1, t, KV_HEADS, HEAD_DIM],
                causal: true,
            })
        },
    ));
    out.push(Entry::new(format!("{p}_gather_rows"), move || {
        gather_rows_kernel(&GatherRowsKernelShapes {
            ids: [1],
            x: [t, D_MODEL],
        })
    }));
    out
}
