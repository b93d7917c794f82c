//! The TPU-shaped shipped kernels ([`crate::tpu`]) in the configurations
//! `cargo xtask tpu-check` compiles for every TPU generation and the golden
//! Mosaic bodies hold.

use crate::tpu::kascade_decode::{kascade_decode_tpu, KascadeDecodeTpuShapes};
use crate::tpu::paged_decode::{paged_decode_tpu, PagedDecodeTpuShapes};
use tilekit_core::dsl::bf16;
use tilekit_core::{DType, VerifiedKernel};

/// Which kernel.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Family {
    /// `paged_decode_tpu` with `pages_per_step` pages per pipelined step.
    PagedDecode { pages_per_step: usize },
    /// `kascade_decode_tpu` (block selection, SEL = page size).
    KascadeDecode,
}

/// One shipped TPU kernel in one configuration: a launch of 8 sequences of
/// up to 2048 tokens.
#[derive(Clone, Debug, PartialEq)]
pub struct TpuKernel {
    pub family: Family,
    pub dtype: DType,
    pub page_size: usize,
    pub kv_heads: usize,
    /// Query heads per KV head.
    pub group: usize,
    pub head_dim: usize,
}

const BATCH: usize = 8;
const MAX_LEN: usize = 2048;
const STAGES: u32 = 2;

impl TpuKernel {
    /// A stable, file-name-friendly name.
    pub fn name(&self) -> String {
        let family = match self.family {
            Family::PagedDecode { pages_per_step } => {
                format!("paged_decode_tpu_ppb{pages_per_step}")
            }
            Family::KascadeDecode => "kascade_decode_tpu".into(),
        };
        format!(
            "{family}_{}_bs{}_hkv{}_g{}_d{}",
            self.dtype, self.page_size, self.kv_heads, self.group, self.head_dim
        )
    }

    pub fn build(&self) -> Result<VerifiedKernel, String> {
        let mb = MAX_LEN / self.page_size;
        let nb = BATCH * mb + 3;
        let q = [BATCH, self.kv_heads, self.group, self.head_dim];
        let cache = [self.kv_heads, nb, self.page_size, self.head_dim];
        let built = match self.family {
            Family::PagedDecode { pages_per_step } => {
                let s = PagedDecodeTpuShapes {
                    block_tables: [BATCH, mb],
                    context_lens: [BATCH],
                    q,
                    k_cache: cache,
                    v_cache: cache,
                };
                // PPB is a compile-time parameter: one arm per instantiation.
                match (self.dtype, pages_per_step) {
                    (DType::Bf16, 1) => paged_decode_tpu::<bf16, 1, STAGES>(&s),
                    (DType::Bf16, 2) => paged_decode_tpu::<bf16, 2, STAGES>(&s),
                    (DType::Bf16, 4) => paged_decode_tpu::<bf16, 4, STAGES>(&s),
                    (DType::F32, 2) => paged_decode_tpu::<f32, 2, STAGES>(&s),
                    _ => return Err(format!("{}: no instantiation", self.name())),
                }
            }
            Family::KascadeDecode => {
                let s = KascadeDecodeTpuShapes {
                    block_tables: [BATCH, mb],
                    lens: [BATCH],
                    block_idx: [BATCH, self.kv_heads, mb],
                    n_sel: [BATCH],
                    head_map: [self.kv_heads],
                    q,
                    k_cache: cache,
                    v_cache: cache,
                };
                match self.dtype {
                    DType::Bf16 => kascade_decode_tpu::<bf16, STAGES>(&s),
                    DType::F32 => kascade_decode_tpu::<f32, STAGES>(&s),
                    _ => return Err(format!("{}: no instantiation", self.name())),
                }
            }
        };
        built.map_err(|e| e.to_string())
    }
}

/// Every shipped TPU kernel configuration.
pub fn kernels() -> Vec<TpuKernel> {
    let k = |family, dtype, page_size, kv_heads, group| TpuKernel {
        family,
        dtype,
        page_size,
        kv_heads,
        group,
        head_dim: 128,
    };
    let paged = |pages_per_step| Family::PagedDecode { pages_per_step };
    vec![
        k(paged(1), DType::Bf16, 16, 8, 4),
        k(paged(2), DType::Bf16, 16, 8, 4),
        k(paged(4), DType::Bf16, 32, 4, 8),
        k(paged(2), DType::F32, 16, 8, 4),
        k(Family::KascadeDecode, DType::Bf16, 16, 8, 4),
        k(Family::KascadeDecode, DType::Bf16, 64, 4, 8),
        k(Family::KascadeDecode, DType::F32, 32, 8, 4),
    ]
}
