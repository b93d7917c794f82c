//! The one catalog of shipped kernel configurations: what every check
//! that builds "all the shipped kernels" iterates. The backends do not
//! depend on this crate, so the lists live here, above them:
//!
//! - [`representatives`]: one configuration of every shipped `#[kernel]`,
//!   what the golden IR files print (small shapes: B = 2 sequences, Hq = 8
//!   query heads over Hkv = 2 KV heads, D = 64, pages of 16, unless noted;
//!   the quantized products use N = 64 rows of W and K = 256 (small path,
//!   M = 1) or 64 × 64 × 128 (tiled path));
//! - [`decode`]: paged decode in the configurations the tests, examples
//!   and the GPU check use, and the golden configuration of the IR,
//!   StableHLO and PTX golden files;
//! - [`ptx`]: everything `cargo xtask ptx-check` assembles (the
//!   representatives the PTX backend emits, plus more configurations);
//! - [`model`]: SmolLM2-135M's decode and prefill kernels at the model's
//!   shapes (part of [`ptx`]);
//! - [`tpu`]: the TPU-shaped kernels `cargo xtask tpu-check` compiles and
//!   the golden Mosaic bodies hold;
//! - [`programs`]: decode-step programs of those kernels, which
//!   `cargo xtask tpu-check` compiles as one module each ([`programs::all`]
//!   adds [`model_tpu`], SmolLM2-135M's whole decode step).

pub mod decode;
pub mod model;
pub mod model_tpu;
pub mod programs;
pub mod ptx;
pub mod tpu;

use crate::flash_attention::{flash_attention_kernel, FlashAttentionKernelShapes};
use crate::kascade_decode::*;
use crate::kascade_prefill::*;
use crate::kascade_scores::{kascade_decode_scores_kernel, KascadeDecodeScoresKernelShapes};
use crate::kv_quant::{
    kv_write_quantized_kernel, paged_decode_quantized_kernel, KvWriteQuantizedKernelShapes,
    PagedDecodeQuantizedKernelShapes,
};
use crate::kv_write::{kv_write_kernel, KvWriteKernelShapes};
use crate::paged_decode_multi::*;
use crate::quant::*;
use crate::split_kv::*;
use tilekit_core::dsl::{bf16, f16, f8e4m3};
use tilekit_core::{BuildError, VerifiedKernel};

/// A shipped kernel in one configuration, by a stable, file-name-friendly name.
pub struct Representative {
    pub name: &'static str,
    pub build: fn() -> Result<VerifiedKernel, BuildError>,
}

pub fn representatives() -> Vec<Representative> {
    vec![
        Representative {
            name: "paged_decode_partition",
            build: || {
                paged_decode_partition::<bf16>(&PagedDecodePartitionShapes {
                    block_tables: [2, 4],
                    context_lens: [2],
                    page_ranges: [2, 2, 2],
                    q: [2, 8, 64],
                    k_cache: [8, 16, 2, 64],
                    v_cache: [8, 16, 2, 64],
                })
            },
        },
        Representative {
            name: "paged_decode_multi",
            build: || {
                paged_decode_multi_kernel::<bf16>(&PagedDecodeMultiKernelShapes {
                    block_tables: [2, 4],
                    context_lens: [2],
                    query_lens: [2],
                    q: [2, 4, 8, 64],
                    k_cache: [8, 16, 2, 64],
                    v_cache: [8, 16, 2, 64],
                    stages: 2,
                })
            },
        },
        Representative {
            name: "paged_decode_multi_partition",
            build: || {
                paged_decode_multi_partition::<bf16>(&PagedDecodeMultiPartitionShapes {
                    block_tables: [2, 4],
                    context_lens: [2],
                    query_lens: [2],
                    page_ranges: [2, 2, 2],
                    q: [2, 4, 8, 64],
                    k_cache: [8, 16, 2, 64],
                    v_cache: [8, 16, 2, 64],
                })
            },
        },
        Representative {
            name: "paged_decode_combine",
            build: || {
                split_kv_combine(&SplitKvCombineShapes {
                    o_part: [2, 2, 8, 64],
                    lse_part: [2, 2, 8],
                })
            },
        },
        Representative {
            name: "kascade_decode_scores",
            build: || {
                kascade_decode_scores_kernel::<bf16>(&KascadeDecodeScoresKernelShapes {
                    lens: [2],
                    q: [2, 8, 64],
                    k: [2, 100, 2, 64],
                    v: [2, 100, 2, 64],
                })
            },
        },
        Representative {
            name: "kascade_decode_tokens",
            build: || {
                kascade_decode_tokens::<bf16>(&KascadeDecodeTokensShapes {
                    idx: [2, 2, 256],
                    n_sel: [2],
                    head_map: [2],
                    q: [2, 8, 64],
                    k: [2, 1000, 2, 64],
                    v: [2, 1000, 2, 64],
                })
            },
        },
        Representative {
            name: "kascade_decode_tokens_paged",
            build: || {
                kascade_decode_tokens_paged::<bf16>(&KascadeDecodeTokensPagedShapes {
                    block_tables: [2, 4],
                    idx: [2, 2, 32],
                    n_sel: [2],
                    head_map: [2],
                    q: [2, 8, 64],
                    k_cache: [8, 16, 2, 64],
                    v_cache: [8, 16, 2, 64],
                })
            },
        },
        Representative {
            name: "kascade_decode_blocks",
            build: || {
                kascade_decode_blocks::<f16>(&KascadeDecodeBlocksShapes {
                    lens: [2],
                    block_idx: [2, 2, 4],
                    n_sel: [2],
                    head_map: [2],
                    q: [2, 8, 64],
                    k: [2, 100, 2, 64],
                    v: [2, 100, 2, 64],
                    sel: 32,
                })
            },
        },
        Representative {
            name: "kascade_decode_blocks_paged",
            build: || {
                kascade_decode_blocks_paged::<bf16>(&KascadeDecodeBlocksPagedShapes {
                    block_tables: [2, 4],
                    lens: [2],
                    block_idx: [2, 2, 2],
                    n_sel: [2],
                    head_map: [2],
                    q: [2, 8, 64],
                    k_cache: [8, 16, 2, 64],
                    v_cache: [8, 16, 2, 64],
                    sel: 32,
                })
            },
        },
        Representative {
            name: "kascade_prefill_scores",
            build: || {
                kascade_prefill_scores_kernel::<bf16>(&KascadePrefillScoresKernelShapes {
                    tiles: [2],
                    q: [2, 200, 8, 64],
                    k: [2, 200, 2, 64],
                    tile: 32,
                })
            },
        },
        Representative {
            name: "kascade_prefill",
            build: || {
                kascade_prefill_kernel::<bf16>(&KascadePrefillKernelShapes {
                    idx: [2, 2, 7, 128],
                    n_sel: [7],
                    head_map: [2],
                    q: [2, 200, 8, 64],
                    k: [2, 200, 2, 64],
                    v: [2, 200, 2, 64],
                    tile: 32,
                })
            },
        },
        Representative {
            name: "flash_attention_causal",
            build: || {
                flash_attention_kernel::<bf16>(&FlashAttentionKernelShapes {
                    q: [2, 100, 8, 64],
                    k: [2, 100, 2, 64],
                    v: [2, 100, 2, 64],
                    causal: true,
                })
            },
        },
        // Three sequences appending into a 4-page cache of 4-token pages.
        Representative {
            name: "kv_write",
            build: || {
                kv_write_kernel::<bf16>(&KvWriteKernelShapes {
                    slot_mapping: [3],
                    k_new: [3, 2, 4],
                    v_new: [3, 2, 4],
                    k_cache: [4, 4, 2, 4],
                    v_cache: [4, 4, 2, 4],
                })
            },
        },
        Representative {
            name: "matmul_q4_1_small",
            build: || {
                matmul_q4_1_small(&MatmulQ41SmallShapes {
                    x: [1, 8, 2, 16],
                    w: [64, 8, 20],
                })
            },
        },
        Representative {
            name: "matmul_q4_1_tiled",
            build: || {
                matmul_q4_1_tiled(&MatmulQ41TiledShapes {
                    x: [64, 4, 2, 16],
                    w: [64, 4, 20],
                })
            },
        },
        Representative {
            name: "matmul_q8_0_small",
            build: || {
                matmul_q8_0_small(&MatmulQ80SmallShapes {
                    x: [1, 256],
                    w: [64, 8, 34],
                })
            },
        },
        Representative {
            name: "matmul_q8_0_tiled",
            build: || {
                matmul_q8_0_tiled(&MatmulQ80TiledShapes {
                    x: [64, 128],
                    w: [64, 4, 34],
                })
            },
        },
        // Four token ids into a 16-row, K = 128 embedding table.
        Representative {
            name: "gather_q8_0",
            build: || {
                gather_q8_0_kernel(&GatherQ80KernelShapes {
                    ids: [4],
                    w: [16, 4, 34],
                })
            },
        },
        Representative {
            name: "paged_decode_kv_int8",
            build: || {
                paged_decode_quantized_kernel::<bf16, i8>(&PagedDecodeQuantizedKernelShapes {
                    block_tables: [2, 4],
                    context_lens: [2],
                    q: [2, 8, 64],
                    k_cache: [8, 16, 2, 64],
                    k_scale: [8, 16, 2],
                    v_cache: [8, 16, 2, 64],
                    v_scale: [8, 16, 2],
                })
            },
        },
        Representative {
            name: "paged_decode_kv_fp8",
            build: || {
                paged_decode_quantized_kernel::<bf16, f8e4m3>(&PagedDecodeQuantizedKernelShapes {
                    block_tables: [2, 4],
                    context_lens: [2],
                    q: [2, 8, 64],
                    k_cache: [8, 16, 2, 64],
                    k_scale: [8, 16, 2],
                    v_cache: [8, 16, 2, 64],
                    v_scale: [8, 16, 2],
                })
            },
        },
        Representative {
            name: "kv_write_kv_int8",
            build: || {
                kv_write_quantized_kernel::<bf16, i8>(&KvWriteQuantizedKernelShapes {
                    slot_mapping: [3],
                    k_new: [3, 2, 64],
                    v_new: [3, 2, 64],
                    k_cache: [4, 4, 2, 64],
                    k_scale: [4, 4, 2],
                    v_cache: [4, 4, 2, 64],
                    v_scale: [4, 4, 2],
                })
            },
        },
        Representative {
            name: "kv_write_kv_fp8",
            build: || {
                kv_write_quantized_kernel::<bf16, f8e4m3>(&KvWriteQuantizedKernelShapes {
                    slot_mapping: [3],
                    k_new: [3, 2, 64],
                    v_new: [3, 2, 64],
                    k_cache: [4, 4, 2, 64],
                    k_scale: [4, 4, 2],
                    v_cache: [4, 4, 2, 64],
                    v_scale: [4, 4, 2],
                })
            },
        },
    ]
}

/// A shipped kernel in one configuration, by name (an entry of
/// [`ptx::all`]).
pub struct Entry {
    name: String,
    build: Box<dyn Fn() -> Result<VerifiedKernel, String> + Send + Sync>,
}

impl Entry {
    pub(crate) fn new<F>(name: impl Into<String>, build: F) -> Entry
    where
        F: Fn() -> Result<VerifiedKernel, BuildError> + Send + Sync + 'static,
    {
        Entry::fallible(name, move || build().map_err(|e| e.to_string()))
    }

    /// An entry whose build reports its own error text (a `#[kernel]`
    /// instantiation that does not exist, as well as a verifier error).
    pub(crate) fn fallible<F>(name: impl Into<String>, build: F) -> Entry
    where
        F: Fn() -> Result<VerifiedKernel, String> + Send + Sync + 'static,
    {
        Entry {
            name: name.into(),
            build: Box::new(build),
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
