//! tilekit's shipped kernels, each beside a plain-Rust reference.
//!
//! `reference` is ground truth written without tilekit, in f64, straight from
//! `KERNELS.md`; `testdata` builds deterministic inputs with the edge cases
//! every kernel's tests cover. `paged_decode` is the one-pass paged decode
//! written with `#[kernel]`; `hand_built` is the same kernel written with
//! the builder API, its twin.
//!
//! # The shipped kernels and their host API
//!
//! Every host function takes a `&dyn Backend` (the interpreter today; PJRT
//! and CUDA implement the same trait), validates its inputs (errors name the
//! argument, and for index arrays the sequence and slot; nothing panics on
//! user input), builds the kernel for the inputs' shapes or reuses a cached
//! one, runs it and returns f32 outputs:
//!
//! | function | kernels (`#[kernel]`) | module |
//! |---|---|---|
//! | [`paged_decode()`] | split-KV partition + deterministic combine | [`split_kv`] |
//! | [`paged_decode_multi()`] | M new query tokens per sequence (causal within the block), one pass or split-KV | [`paged_decode_multi`](mod@paged_decode_multi) |
//! | [`kascade_decode_scores`] | anchor decode: o, lse, per-KV-head pooled probabilities | [`kascade_scores`] |
//! | [`topk_select`], [`topk_select_blocks`] | host Top-k with the paper's budget ([`kascade_budget`]) | [`topk`] |
//! | [`kascade_decode()`] | reuse decode: contiguous or paged K/V, token or block selection | [`kascade_decode`](mod@kascade_decode) |
//! | [`kascade_prefill_scores`], [`kascade_prefill_select`] | tile-pooled anchor scores, streamed over tiles, and their Top-k | [`kascade_prefill`](mod@kascade_prefill) |
//! | [`kascade_prefill()`] | reuse prefill: selected keys ∪ the tile's own causal keys | [`kascade_prefill`](mod@kascade_prefill) |
//! | [`flash_attention()`] | dense causal or non-causal attention, GQA | [`flash_attention`](mod@flash_attention) |
//! | [`matmul_q4_1`], [`matmul_q8_0`] | `x · Wᵀ` on GGUF block bytes, small-M and tiled paths | [`quant`] |
//! | [`gather_q8_0`] | embedding lookup of Q8_0 rows | [`quant`] |
//! | [`kv_write_quantized`] | quantizing KV write (int8 or fp8 e4m3 codes + f32 scales) | [`kv_quant`] |
//! | [`paged_decode_quantized`] | paged decode over an int8 / fp8 cache | [`kv_quant`] |
//! | [`llama::rms_norm`], [`llama::add_rms_norm`] | RMSNorm, alone or fused with the residual add before it | [`llama`] |
//! | [`llama::rope`] (+ [`llama::rope_table`]) | RoPE, llama.cpp's adjacent pairs, from a host cos/sin table | [`llama`] |
//! | [`llama::swiglu`] | `silu(gate) · up` | [`llama`] |
//! | [`llama::argmax`], [`llama::sample`] | greedy decoding; temperature / top-k / top-p sampling on the device | [`llama`] |
//!
//! [`tpu`] holds the same attention shaped for a TPU (head-major caches,
//! one DMA per page; `tilekit-mosaic` compiles them with libtpu), run on
//! the interpreter against the same references.
//!
//! [`tuning`] chooses paged decode's KV splits and pipeline depth per GPU
//! and shape: a heuristic from the shape, and an autotuner whose decisions
//! persist per device in a JSON file that the hot path only reads.
//!
//! Page size, group size, head dim, number of splits and block sizes are
//! read from the shapes while a kernel is traced; only the element type
//! and the Kascade tile and selection-block sizes are instantiated.
//!
//! ```
//! use tilekit_core::{DType, Interpreter};
//! use tilekit_kernels::testdata::{PagedDecodeSpec, TailFill};
//! use tilekit_kernels::reference::{compare, Tolerance};
//! use tilekit_kernels::{paged_decode, PagedDecodeConfig, PagedDecodeInputs};
//!
//! let case = PagedDecodeSpec {
//!     batch: 2, q_heads: 8, kv_heads: 2, head_dim: 64, block_size: 16,
//!     lens: vec![40, 0], dtype: DType::Bf16, logit_scale: 1.0,
//!     share_pages: false, tail_fill: TailFill::MinusOne, seed: 1,
//! }
//! .build();
//! let inputs = PagedDecodeInputs {
//!     q: &case.q,
//!     k_cache: &case.k_cache,
//!     v_cache: &case.v_cache,
//!     block_tables: &case.block_tables,
//!     context_lens: &case.context_lens,
//! };
//! let config = PagedDecodeConfig { splits: 2, ..Default::default() };
//! let out = paged_decode(&Interpreter, &inputs, &config)?;
//! let want = case.reference()?;
//! compare("o", &out.o, &want.o, Tolerance::for_dtype(DType::Bf16))?;
//! assert_eq!(out.lse.to_f32_vec()[8], f32::NEG_INFINITY); // the empty sequence
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod host;
mod tiles;
mod validate;

pub mod catalog;
pub mod flash_attention;
pub mod hand_built;
pub mod kascade_decode;
pub mod kascade_prefill;
pub mod kascade_scores;
pub mod kv_gather;
pub mod kv_quant;
pub mod kv_write;
pub mod llama;
pub mod paged_decode;
pub mod paged_decode_multi;
pub mod quant;
pub mod reference;
pub mod split_kv;
pub mod testdata;
pub mod testdata_quant;
pub mod topk;
pub mod tpu;
pub mod tuning;

pub use error::KernelError;
pub use flash_attention::{flash_attention, FlashAttentionConfig, FlashAttentionInputs};
pub use host::AttnOutputs;
pub use kascade_decode::{
    kascade_decode, Granularity, KascadeDecodeConfig, KascadeDecodeInputs, KvCache,
};
pub use kascade_prefill::{
    kascade_prefill, kascade_prefill_scores, kascade_prefill_select, KascadePrefillConfig,
    KascadePrefillInputs, PrefillScoresConfig, PrefillScoresInputs, PrefillSelectConfig,
    PrefillSelection,
};
pub use kascade_scores::{kascade_decode_scores, DecodeConfig, DecodeInputs, DecodeScoresOutputs};
pub use kv_quant::{
    kv_write_quantized, paged_decode_quantized, KvCodec, QuantKvCache, QuantPagedDecodeInputs,
};
pub use kv_write::{kv_write, UpdatedCache};
pub use paged_decode_multi::{paged_decode_multi, PagedDecodeMultiInputs};
pub use quant::{gather_q8_0, matmul_q4_1, matmul_q8_0, QuantFormat, QuantMatrix};
pub use split_kv::{paged_decode, PagedDecodeConfig, PagedDecodeInputs};
pub use topk::{kascade_budget, topk_select, topk_select_blocks, Selection};
