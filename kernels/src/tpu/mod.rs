//! TPU-shaped kernels: the same attention as the GPU-shaped kernels, laid
//! out for a TPU's memory, which moves (8, 128)-tiled blocks (16 rows for
//! bf16) by DMA and computes on them in VMEM:
//!
//! - the KV cache is head-major, `[Hkv, NB, BS, D]`, so one page of one KV
//!   head is a contiguous `[BS, D]` block, one DMA with whole tiles (the
//!   GPU layout `[NB, BS, Hkv, D]` would make it `BS` strided rows of one
//!   lane-row each);
//! - queries are `[B, Hkv, G, D]` and one program owns all `G` query heads
//!   of a KV head, so each page is read once per KV head and scores are a
//!   `[G, BS]` MXU product;
//! - `lse` is `[B, Hkv, G, 1]`, so a program's rows are one sublane column.
//!
//! [`paged_decode`] handles several pages per pipelined step (each page one
//! DMA, all in flight together, the next step's issued before this one is
//! used); [`kascade_decode`] attends over Kascade's selected blocks with
//! `SEL` = the page size, one page per block. [`layout`] converts between
//! these layouts and the reference ones, on the host.
//!
//! The quantized kernels: [`quant_matmul`] (Q8_0 and Q4_1 weights repacked
//! on the host by [`quant_layout`] into K-major code and scale planes) and
//! [`kv_quant_decode`] (paged decode over int8 / fp8-e4m3 KV caches with
//! per-token scales) and [`kv_quant_write`] (the quantizing write into
//! those caches).
//!
//! The rest of a Llama decode step ([`crate::catalog::model_tpu`]):
//! [`kv_write`] (the unquantized write into the head-major caches),
//! [`rope`] (RoPE on the projections' `[M, H·D]` rows, its gathers and
//! pair swaps done by 0/1 MXU products) and [`gather`] (the Q8_0 embedding
//! lookup from row-major planes).

pub mod gather;
pub mod kascade_decode;
pub mod kv_quant_decode;
pub mod kv_quant_write;
pub mod kv_write;
pub mod layout;
pub mod paged_decode;
pub mod paged_decode_multi;
pub mod quant_layout;
pub mod quant_matmul;
pub mod rope;
