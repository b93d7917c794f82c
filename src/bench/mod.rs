//! The host half of the GPU benchmark (`examples/gpu_bench.rs`), built and
//! tested without CUDA: which shapes run, what each row of the results
//! file holds, how many bytes and FLOPs each kernel must move, whether a
//! shape fits in GPU memory, the kernels each row launches (emitted for
//! sm_90a on any machine, so a shape the PTX backend rejects is known
//! before the GPU run), and the inputs both the Rust runner and
//! `benchmarks/anchors.py` use. With the `cuda` feature, [`gpu`] runs
//! decode on device-resident inputs. It lives in the facade crate because
//! it needs both the kernels and the PTX backend, and no backend depends on
//! the kernels.
//!
//! The inputs are identical on both sides without writing caches of tens
//! of gigabytes: a KV cache of `NB` pages is a *chunk* of `C` random pages
//! repeated (page `p` holds chunk page `p mod C`), and each sequence's
//! block table is a shuffled run of distinct pages, so every page read is a
//! different address (the bytes are real HBM traffic, not L2 hits).
//! [`inputs`] writes the chunk and the tables as safetensors.

#[cfg(feature = "cuda")]
pub mod gpu;
pub mod inputs;
pub mod kernels;
pub mod plan;
pub mod rows;

pub use inputs::{DecodeInputs, InputError};
pub use kernels::{decode_kernels, emit_check, flash_kernel, kascade_kernel, KASCADE_SEL};
pub use plan::{copy_row, decode_row, kascade_row, planned_rows, prefill_row};
pub use rows::{BenchFile, Row, Status};

use tilekit_core::DType;

/// Query heads, KV heads and head dim of every benchmarked shape.
pub const HQ: usize = 32;
pub const HKV: usize = 8;
pub const HEAD_DIM: usize = 128;
/// The Kascade Top-k fraction.
pub const TOPK_FRACTION: f64 = 0.1;
/// Batch sizes, context lengths and page sizes of the decode rows.
pub const BATCHES: [usize; 4] = [1, 8, 64, 256];
pub const CONTEXTS: [usize; 4] = [1024, 8192, 32768, 131072];
pub const PAGE_SIZES: [usize; 2] = [16, 256];
/// Sequence lengths of the prefill rows (B 1).
pub const PREFILL_LENS: [usize; 4] = [4096, 8192, 16384, 32768];
/// Keep this fraction of free GPU memory as headroom when deciding whether
/// a shape fits (outputs, partials, the runtime's own allocations).
pub const MEMORY_HEADROOM: f64 = 0.9;

/// One decode shape: `batch` sequences of `context` tokens in pages of
/// `block_size`, Hq 32, Hkv 8, D 128, bf16.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DecodeCase {
    pub batch: usize,
    pub context: usize,
    pub block_size: usize,
}

impl DecodeCase {
    pub fn dtype(&self) -> DType {
        DType::Bf16
    }

    /// Pages one sequence needs.
    pub fn pages_per_seq(&self) -> usize {
        self.context.div_ceil(self.block_size)
    }

    /// Pages in the cache: every sequence's own pages, plus one spare page
    /// no table points at.
    pub fn num_blocks(&self) -> usize {
        self.batch * self.pages_per_seq() + 1
    }

    /// Bytes of one page of K (or V): `BS · Hkv · D` elements.
    pub fn page_bytes(&self) -> usize {
        self.block_size * HKV * HEAD_DIM * self.dtype().size_bytes()
    }

    /// Bytes of K and V in the cache.
    pub fn cache_bytes(&self) -> u64 {
        2 * self.num_blocks() as u64 * self.page_bytes() as u64
    }

    /// The fewest bytes dense paged decode must read: every live token's K
    /// and V row once per KV head (the queries, tables and outputs are
    /// under 0.1% of it and not counted).
    pub fn kv_bytes(&self) -> u64 {
        (2 * self.batch * self.context * HKV * HEAD_DIM * self.dtype().size_bytes()) as u64
    }

    /// Floating-point work of dense decode: `q·k` and `p·v`, 2 FLOPs per
    /// multiply-add, per query head.
    pub fn flops(&self) -> f64 {
        4.0 * (self.batch * HQ * self.context * HEAD_DIM) as f64
    }

    /// Tokens Kascade's reuse layer attends per (sequence, KV head) at
    /// [`TOPK_FRACTION`], rounded up to whole selection blocks.
    pub fn kascade_tokens(&self) -> usize {
        let k = tilekit_kernels::kascade_budget(self.context, TOPK_FRACTION);
        k.div_ceil(KASCADE_SEL) * KASCADE_SEL
    }

    /// Bytes Kascade's reuse decode must read: the selected tokens' K and V.
    pub fn kascade_bytes(&self) -> u64 {
        let t = self.kascade_tokens().min(self.context);
        (2 * self.batch * t * HKV * HEAD_DIM * self.dtype().size_bytes()) as u64
    }

    /// Device bytes a decode run allocates: the cache, the queries, the
    /// tables, and the outputs with up to 64 partitions.
    pub fn device_bytes(&self) -> u64 {
        let q = (self.batch * HQ * HEAD_DIM * 2) as u64;
        let tables = (self.batch * self.pages_per_seq() * 4) as u64;
        let partials = (self.batch * 64 * HQ * (HEAD_DIM + 1) * 4) as u64;
        self.cache_bytes() + q + tables + partials
    }

    /// `None` if the case fits in `free` bytes of GPU memory, else why not.
    pub fn does_not_fit(&self, free: u64) -> Option<String> {
        let need = self.device_bytes();
        let budget = (free as f64 * MEMORY_HEADROOM) as u64;
        (need > budget).then(|| {
            format!(
                "skipped: needs {:.1} GB of GPU memory (KV cache {:.1} GB), {:.1} GB free ({:.0}% usable)",
                need as f64 / 1e9,
                self.cache_bytes() as f64 / 1e9,
                free as f64 / 1e9,
                MEMORY_HEADROOM * 100.0
            )
        })
    }

    /// A short name for logs and input files: `B8_L32768_BS16`.
    pub fn name(&self) -> String {
        format!("B{}_L{}_BS{}", self.batch, self.context, self.block_size)
    }

    /// The tuning module's view of this shape.
    pub fn shape(&self) -> tilekit_kernels::tuning::DecodeShape {
        tilekit_kernels::tuning::DecodeShape {
            batch: self.batch,
            q_heads: HQ,
            kv_heads: HKV,
            head_dim: HEAD_DIM,
            block_size: self.block_size,
            context_len: self.context,
            dtype: self.dtype(),
        }
    }
}

/// Every decode case, page size outermost, then batch, then length (so a
/// long run's progress reads in order).
pub fn decode_cases() -> Vec<DecodeCase> {
    let mut out = Vec::new();
    for &block_size in &PAGE_SIZES {
        for &batch in &BATCHES {
            for &context in &CONTEXTS {
                out.push(DecodeCase {
                    batch,
                    context,
                    block_size,
                });
            }
        }
    }
    out
}

/// Bytes and FLOPs of causal prefill over `s` tokens (B 1): Q, K, V read
/// once and O written once; half of the `4 · S² · D` per head under the
/// causal mask.
pub fn prefill_cost(s: usize) -> (u64, f64) {
    let bytes = (s * HEAD_DIM * 2 * (HQ + 2 * HKV) + s * HQ * HEAD_DIM * 4) as u64;
    let flops = 2.0 * (HQ * HEAD_DIM) as f64 * (s as f64) * (s as f64);
    (bytes, flops)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_is_the_issue_s() {
        let cases = decode_cases();
        assert_eq!(cases.len(), 2 * 4 * 4);
        assert_eq!(
            cases[0],
            DecodeCase {
                batch: 1,
                context: 1024,
                block_size: 16
            }
        );
        assert_eq!(cases.last().unwrap().name(), "B256_L131072_BS256");
    }

    #[test]
    fn bytes_and_flops() {
        let c = DecodeCase {
            batch: 8,
            context: 32768,
            block_size: 16,
        };
        // 8 · 32768 tokens · 8 heads · 128 · 2 bytes, for K and V.
        assert_eq!(c.kv_bytes(), 8 * 32768 * 8 * 128 * 2 * 2);
        assert_eq!(c.pages_per_seq(), 2048);
        assert_eq!(c.num_blocks(), 8 * 2048 + 1);
        assert_eq!(c.cache_bytes(), 2 * (8 * 2048 + 1) * 16 * 8 * 128 * 2);
        assert_eq!(c.flops(), 4.0 * 8.0 * 32.0 * 32768.0 * 128.0);
        // 10% of 32768 = 3276 → rounded up to 3328 (a multiple of 128).
        assert_eq!(c.kascade_tokens(), 3328);
        assert_eq!(c.kascade_bytes(), 8 * 3328 * 8 * 128 * 2 * 2);
        let (bytes, flops) = prefill_cost(4096);
        assert_eq!(bytes, (4096 * 128 * 2 * 48 + 4096 * 32 * 128 * 4) as u64);
        assert_eq!(flops, 2.0 * 32.0 * 128.0 * 4096.0 * 4096.0);
    }

    #[test]
    fn the_largest_caches_do_not_fit_an_h100() {
        let h100_free = 79 * (1u64 << 30);
        let big = DecodeCase {
            batch: 256,
            context: 131072,
            block_size: 16,
        };
        let why = big.does_not_fit(h100_free).expect("137 GB does not fit");
        assert!(why.starts_with("skipped: needs 137."), "{why}");
        let ok = DecodeCase {
            batch: 64,
            context: 131072,
            block_size: 256,
        };
        assert_eq!(ok.does_not_fit(h100_free), None, "34 GB fits");
        let skipped: Vec<String> = decode_cases()
            .iter()
            .filter(|c| c.does_not_fit(h100_free).is_some())
            .map(|c| c.name())
            .collect();
        assert_eq!(skipped, ["B256_L131072_BS16", "B256_L131072_BS256"]);
    }
}
