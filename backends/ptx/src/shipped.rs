//! The shipped kernels in the configurations the tests, examples and
//! `run_decode` use. [`all`] is what `cargo xtask ptx-check` assembles;
//! [`kernels`] (paged decode) is what the golden PTX files hold and what the
//! GPU check runs against the interpreter. The kascade token-gather decodes
//! and the prefill reuse kernel are not listed: they use `Scratch` refs,
//! which the emitter does not lower yet.
//! (A catalog of shipped kernels belongs in tilekit-kernels; until it has
//! one, this list lives next to the backend that needs it.)

use tilekit_core::builder::BuildError;
use tilekit_core::dsl::{bf16, f16};
use tilekit_core::{DType, VerifiedKernel};
use tilekit_kernels::hand_built::{paged_decode, PagedDecodeConfig};
use tilekit_kernels::paged_decode::{paged_decode as macro_paged_decode, PagedDecodeShapes};

/// One configuration of the hand-built paged decode; batch, page count and
/// table width are chosen per case (they only change the grid and strides).
#[derive(Clone, Debug, PartialEq)]
pub struct DecodeVariant {
    pub dtype: DType,
    pub block_size: usize,
    pub head_dim: usize,
    pub q_heads: usize,
    pub kv_heads: usize,
    pub stages: u32,
}

impl DecodeVariant {
    pub fn group(&self) -> usize {
        self.q_heads / self.kv_heads
    }

    /// A stable, file-name-friendly name.
    pub fn name(&self) -> String {
        format!(
            "paged_decode_{}_bs{}_d{}_hq{}_hkv{}_s{}",
            self.dtype, self.block_size, self.head_dim, self.q_heads, self.kv_heads, self.stages
        )
    }

    pub fn config(&self, batch: usize, num_blocks: usize, max_blocks: usize) -> PagedDecodeConfig {
        PagedDecodeConfig {
            batch,
            q_heads: self.q_heads,
            kv_heads: self.kv_heads,
            head_dim: self.head_dim,
            block_size: self.block_size,
            num_blocks,
            max_blocks,
            dtype: self.dtype,
            stages: self.stages,
        }
    }

    /// A representative launch: 4 sequences of up to 1024 tokens.
    pub fn default_config(&self) -> PagedDecodeConfig {
        let max_blocks = 1024usize.div_ceil(self.block_size);
        self.config(4, 4 * max_blocks + 3, max_blocks)
    }

    pub fn build(&self) -> Result<VerifiedKernel, BuildError> {
        paged_decode(&self.default_config())
    }
}

/// Who wrote a shipped kernel.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// `tilekit_kernels::hand_built` (builder API).
    HandBuilt,
    /// `tilekit_kernels::paged_decode` (`#[kernel]`), for the
    /// instantiations its tests use.
    Macro,
}

/// One shipped kernel in one configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct ShippedKernel {
    pub flavor: Flavor,
    pub variant: DecodeVariant,
}

impl ShippedKernel {
    pub fn name(&self) -> String {
        match self.flavor {
            Flavor::HandBuilt => self.variant.name(),
            Flavor::Macro => format!("macro_{}", self.variant.name()),
        }
    }

    /// Builds the kernel for the shapes of `cfg` (whose dtype, block size,
    /// heads, head dim and stages must be the variant's).
    pub fn build_for(&self, cfg: &PagedDecodeConfig) -> Result<VerifiedKernel, String> {
        if self.flavor == Flavor::HandBuilt {
            return paged_decode(cfg).map_err(|e| e.to_string());
        }
        let shapes = PagedDecodeShapes {
            block_tables: [cfg.batch, cfg.max_blocks],
            context_lens: [cfg.batch],
            q: [cfg.batch, cfg.q_heads, cfg.head_dim],
            k_cache: [cfg.num_blocks, cfg.block_size, cfg.kv_heads, cfg.head_dim],
            v_cache: [cfg.num_blocks, cfg.block_size, cfg.kv_heads, cfg.head_dim],
        };
        let v = &self.variant;
        // The macro kernel's dtype, BS, G and STAGES are compile-time
        // parameters: one arm per instantiation in `kernels()`.
        let built = match (v.dtype, v.block_size, v.group(), v.stages) {
            (DType::Bf16, 16, 4, 2) => macro_paged_decode::<bf16, 16, 4, 2>(&shapes),
            (DType::Bf16, 32, 4, 2) => macro_paged_decode::<bf16, 32, 4, 2>(&shapes),
            (DType::F16, 16, 2, 2) => macro_paged_decode::<f16, 16, 2, 2>(&shapes),
            (DType::F32, 16, 4, 2) => macro_paged_decode::<f32, 16, 4, 2>(&shapes),
            _ => return Err(format!("{}: no #[kernel] instantiation", self.name())),
        };
        built.map_err(|e| e.to_string())
    }

    pub fn build(&self) -> Result<VerifiedKernel, String> {
        self.build_for(&self.variant.default_config())
    }
}

fn v(dtype: DType, bs: usize, d: usize, hq: usize, hkv: usize, stages: u32) -> DecodeVariant {
    DecodeVariant {
        dtype,
        block_size: bs,
        head_dim: d,
        q_heads: hq,
        kv_heads: hkv,
        stages,
    }
}

/// Every paged-decode configuration used by the tests (kernels/tests), the
/// examples (decode_interp: Hq 32, Hkv 8, D 128, BS 16) and the serving
/// shapes of KERNELS.md (BS up to 256, D up to 256, G up to 16).
pub fn decode_variants() -> Vec<DecodeVariant> {
    use DType::{Bf16, F16, F32};
    vec![
        v(Bf16, 16, 64, 8, 2, 2),
        v(Bf16, 16, 64, 8, 2, 1),
        v(Bf16, 16, 64, 8, 2, 3),
        v(Bf16, 32, 64, 8, 2, 2),
        v(Bf16, 16, 64, 2, 2, 2),
        v(F16, 16, 64, 4, 2, 2),
        v(F32, 16, 64, 8, 2, 2),
        v(Bf16, 16, 64, 16, 2, 2),
        v(F16, 16, 64, 32, 2, 2),
        v(Bf16, 16, 128, 4, 2, 2),
        v(Bf16, 16, 256, 4, 2, 2),
        v(Bf16, 16, 128, 32, 8, 2),
        v(Bf16, 64, 128, 32, 8, 2),
        // One stage: with two, the zeroed copy of each V page (rows past
        // the length) no longer fits sm_80's 163 KiB of shared memory.
        v(F16, 128, 128, 64, 8, 1),
        v(Bf16, 256, 64, 32, 8, 1),
        v(Bf16, 32, 256, 16, 1, 2),
    ]
}

/// The configuration of the golden PTX files: the same as the golden IR
/// in kernels/tests/golden/paged_decode.ir.
pub fn golden_config() -> PagedDecodeConfig {
    v(DType::Bf16, 16, 64, 8, 2, 2).config(2, 8, 4)
}

/// Every shipped kernel: the hand-built paged decode in every variant and
/// the `#[kernel]` paged decode in the instantiations its tests use.
pub fn kernels() -> Vec<ShippedKernel> {
    let mut out: Vec<ShippedKernel> = decode_variants()
        .into_iter()
        .map(|variant| ShippedKernel {
            flavor: Flavor::HandBuilt,
            variant,
        })
        .collect();
    use DType::{Bf16, F16, F32};
    for variant in [
        v(Bf16, 16, 64, 8, 2, 2),
        v(Bf16, 32, 64, 8, 2, 2),
        v(F16, 16, 64, 4, 2, 2),
        v(F32, 16, 64, 8, 2, 2),
    ] {
        out.push(ShippedKernel {
            flavor: Flavor::Macro,
            variant,
        });
    }
    out
}

/// One entry of [`all`]: a shipped kernel in one configuration, by name.
pub struct Entry {
    name: String,
    build: Box<dyn Fn() -> Result<VerifiedKernel, String> + Send + Sync>,
}

impl Entry {
    fn new<F>(name: impl Into<String>, build: F) -> Entry
    where
        F: Fn() -> Result<VerifiedKernel, BuildError> + Send + Sync + 'static,
    {
        Entry {
            name: name.into(),
            build: Box::new(move || build().map_err(|e| e.to_string())),
        }
    }

    /// A stable, file-name-friendly name.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn build(&self) -> Result<VerifiedKernel, String> {
        (self.build)()
    }
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry").field("name", &self.name).finish()
    }
}

/// Representatives (`tilekit_kernels::catalog`) the PTX backend cannot
/// emit yet, and why; every other one is assembled.
const NOT_EMITTED: [(&str, &str); 4] = [
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
/// (bf16, Hq 32, Hkv 8, D 128, BS 16) use.
pub fn other_kernels() -> Vec<Entry> {
    let representatives = tilekit_kernels::catalog::representatives()
        .into_iter()
        .filter(|r| NOT_EMITTED.iter().all(|(name, _)| *name != r.name))
        .map(|r| Entry::new(r.name, r.build));
    representatives.chain(more_configurations()).collect()
}

/// Configurations beyond the representatives.
fn more_configurations() -> Vec<Entry> {
    use tilekit_kernels::flash_attention::{flash_attention_kernel, FlashAttentionKernelShapes};
    use tilekit_kernels::kascade_decode::*;
    use tilekit_kernels::kascade_scores::*;
    use tilekit_kernels::kv_write::{kv_write_kernel, KvWriteKernelShapes};
    use tilekit_kernels::split_kv::*;
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
                kascade_decode_blocks_paged::<bf16, 32>(&KascadeDecodeBlocksPagedShapes {
                    block_tables: [4, 64],
                    lens: [4],
                    block_idx: [4, 8, 8],
                    n_sel: [4],
                    head_map: [4],
                    q: [4, 32, 128],
                    k_cache: [264, 16, 8, 128],
                    v_cache: [264, 16, 8, 128],
                })
            },
        ),
        // Kascade prefill: anchor scores.
        // Flash attention, in shapes of its PJRT tests.
        Entry::new("flash_attention_causal_bf16_sq65_d64_hq2_hkv2", || {
            flash_attention_kernel::<bf16, true>(&FlashAttentionKernelShapes {
                q: [1, 65, 2, 64],
                k: [1, 65, 2, 64],
                v: [1, 65, 2, 64],
            })
        }),
        Entry::new("flash_attention_f16_sq17_skv100_d128_hq8_hkv2", || {
            flash_attention_kernel::<f16, false>(&FlashAttentionKernelShapes {
                q: [2, 17, 8, 128],
                k: [2, 100, 2, 128],
                v: [2, 100, 2, 128],
            })
        }),
        Entry::new("flash_attention_causal_f32_sq16_d64_hq16_hkv1", || {
            flash_attention_kernel::<f32, true>(&FlashAttentionKernelShapes {
                q: [2, 16, 16, 64],
                k: [2, 16, 1, 64],
                v: [2, 16, 1, 64],
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

/// Everything `cargo xtask ptx-check` assembles: [`kernels`] (paged
/// decode) and [`other_kernels`].
pub fn all() -> Vec<Entry> {
    let mut out: Vec<Entry> = kernels()
        .into_iter()
        .map(|k| {
            let name = k.name();
            Entry {
                name,
                build: Box::new(move || k.build()),
            }
        })
        .collect();
    out.extend(other_kernels());
    out
}
