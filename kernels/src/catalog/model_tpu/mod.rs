//! SmolLM2-135M's decode step for a TPU: its TPU-shaped kernels at the
//! model's shapes ([`ModelKernel`], each compiled alone by `cargo xtask
//! tpu-check` through [`super::tpu`]) and the whole step as one program
//! ([`program`]). The model's shapes are [`super::model`]'s; the layouts:
//!
//! - **rows**: `batch` sequences (a multiple of 8), every row kernel 8 rows
//!   a program (`llama::tpu_rows`), activations `[M, width]` f32;
//! - **embedding**: `gather_q8_0_tpu` over the Q8_0 embedding repacked
//!   row-major (`quant_layout::q8_0_rows`, viewed `[V/32, 32, 576]` codes
//!   and `[V/8, 8, 18]` scales);
//! - **products**: `matmul_q4_1_tpu` / `matmul_q8_0_tpu` over K-major
//!   planes ([`PlaneTiling`]: K = 576 in one step, N = 576 and 192 in one
//!   tile); the tied LM head is a second copy of the embedding, in K-major
//!   Q8_0 planes `[576, 49152]`;
//! - **RoPE**: `rope_tpu` on the projections' `[M, H·64]` rows, positions
//!   a `[M, 1]` column, the host's `[P, 32]` cos/sin tables whole;
//! - **attention**: `kv_write_tpu` then `paged_decode_tpu` over head-major
//!   f32 caches `[3, NB, 16, 64]`, queries a free view `[M, 3, 3, 64]` of
//!   q (query head `3h + i` reads KV head `h`);
//! - **head**: `argmax` of the logits: `next [M, 1]` i32.

pub mod program;

use super::model::*;
use crate::llama::*;
use crate::tpu::gather::{gather_q8_0_tpu_cached, GatherQ80TpuShapes};
use crate::tpu::kv_write::{kv_write_tpu_cached, KvWriteTpuShapes};
use crate::tpu::paged_decode::{paged_decode_tpu_cached, PagedDecodeTpuShapes};
use crate::tpu::quant_matmul::*;
use crate::tpu::rope::{rope_tpu_cached, RopeTpuShapes};
use std::sync::Arc;
use tilekit_core::{BuildError, VerifiedKernel};

/// Pages per pipelined step of the paged decode (16-token f32 pages of
/// 64 lanes are 4 KiB DMAs: several in flight at once).
const PAGES_PER_STEP: usize = 4;
const STAGES: u32 = 2;
/// The head-major f32 KV cache of one layer.
pub const CACHE: [usize; 4] = [KV_HEADS, NUM_BLOCKS, BLOCK_SIZE, HEAD_DIM];
/// The rows the catalog compiles each kernel for: a step of 16 sequences.
pub const ROWS: usize = 16;

/// A decode-step kernel of SmolLM2 in its TPU shape.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ModelKernel {
    Embed,
    RmsNorm,
    AddRmsNorm,
    Rope,
    KvWrite,
    PagedDecode,
    Swiglu,
    /// A Q4_1 layer matrix `[n, k]`.
    Q4_1 {
        n: usize,
        k: usize,
    },
    /// The Q8_0 LM head `[V, d_model]`.
    Head,
    Argmax,
}

fn cached(r: Result<Arc<VerifiedKernel>, BuildError>) -> Result<Arc<VerifiedKernel>, String> {
    r.map_err(|e| e.to_string())
}

impl ModelKernel {
    /// A stable, file-name-friendly name (for `m` = [`ROWS`]).
    pub fn name(&self) -> String {
        let k = match self {
            ModelKernel::Embed => "gather_q8_0_tpu_v49152_k576".into(),
            ModelKernel::RmsNorm => "rms_norm_tpu_d576".into(),
            ModelKernel::AddRmsNorm => "add_rms_norm_tpu_d576".into(),
            ModelKernel::Rope => "rope_tpu_hq9_hkv3_d64".into(),
            ModelKernel::KvWrite => "kv_write_tpu_f32_bs16_hkv3_d64".into(),
            ModelKernel::PagedDecode => {
                format!("paged_decode_tpu_ppb{PAGES_PER_STEP}_f32_bs16_hkv3_g3_d64")
            }
            ModelKernel::Swiglu => "swiglu_tpu_f1536".into(),
            ModelKernel::Q4_1 { n, k } => format!("matmul_q4_1_tpu_n{n}_k{k}"),
            ModelKernel::Head => "matmul_q8_0_tpu_n49152_k576".into(),
            ModelKernel::Argmax => "argmax_tpu_v49152".into(),
        };
        format!("smollm2_{k}_m{ROWS}")
    }

    /// The kernel for `m` rows (a multiple of 8).
    pub fn build(&self, m: usize) -> Result<Arc<VerifiedKernel>, String> {
        let rows = tpu_rows(m);
        let d = [m, D_MODEL];
        let kv = [m, KV_HEADS, 1, HEAD_DIM];
        let table = [MAX_LEN, HEAD_DIM / 2];
        cached(match *self {
            ModelKernel::Embed => gather_q8_0_tpu_cached(&GatherQ80TpuShapes {
                ids: [m],
                codes: [VOCAB / 32, 32, D_MODEL],
                scales: [VOCAB / 8, 8, D_MODEL / 32],
                rows,
            }),
            ModelKernel::RmsNorm => rms_norm_kernel_cached(&RmsNormKernelShapes {
                x: d,
                w: [D_MODEL],
                rows,
            }),
            ModelKernel::AddRmsNorm => add_rms_norm_kernel_cached(&AddRmsNormKernelShapes {
                x: d,
                r: d,
                w: [D_MODEL],
                rows,
            }),
            ModelKernel::Rope => rope_tpu_cached(&RopeTpuShapes {
                pos: [m, 1],
                q: [m, HEADS * HEAD_DIM],
                k: [m, KV_HEADS * HEAD_DIM],
                cos: table,
                sin: table,
                rows,
            }),
            ModelKernel::KvWrite => kv_write_tpu_cached::<f32>(&KvWriteTpuShapes {
                slot_mapping: [m],
                k_new: kv,
                v_new: kv,
                k_cache: CACHE,
                v_cache: CACHE,
            }),
            ModelKernel::PagedDecode => paged_decode_tpu_cached::<f32>(&PagedDecodeTpuShapes {
                block_tables: [m, MAX_BLOCKS],
                context_lens: [m],
                q: [m, KV_HEADS, HEADS / KV_HEADS, HEAD_DIM],
                k_cache: CACHE,
                v_cache: CACHE,
                pages_per_step: PAGES_PER_STEP,
                stages: STAGES,
            }),
            ModelKernel::Swiglu => swiglu_kernel_cached(&SwigluKernelShapes {
                gate: [m, FFN],
                up: [m, FFN],
                rows,
            }),
            ModelKernel::Q4_1 { n, k } => {
                let t = PlaneTiling::for_matrix(n, k)?;
                matmul_q4_1_tpu_cached(&MatmulQ41TpuShapes {
                    x: [m, k],
                    codes: [k / 2, n],
                    scales: [k / 32, n],
                    mins: [k / 32, n],
                    chunk: t.chunk,
                    tile_n: t.tile_n,
                })
            }
            ModelKernel::Head => {
                let t = PlaneTiling::for_matrix(VOCAB, D_MODEL)?;
                matmul_q8_0_tpu_cached(&MatmulQ80TpuShapes {
                    x: d,
                    codes: [D_MODEL, VOCAB],
                    scales: [D_MODEL / 32, VOCAB],
                    chunk: t.chunk,
                    tile_n: t.tile_n,
                })
            }
            ModelKernel::Argmax => argmax_kernel_cached(&ArgmaxKernelShapes {
                logits: [m, VOCAB],
                rows,
            }),
        })
    }
}

/// The step's kernels `cargo xtask tpu-check` compiles alone: those the
/// TPU catalog does not already hold at these shapes (its Llama row
/// kernels are SmolLM2's, for 16 rows).
pub fn kernels() -> Vec<ModelKernel> {
    let mut out = vec![
        ModelKernel::Embed,
        ModelKernel::Rope,
        ModelKernel::KvWrite,
        ModelKernel::PagedDecode,
    ];
    out.extend(MATRICES.iter().map(|&(_, n, k)| ModelKernel::Q4_1 { n, k }));
    out.push(ModelKernel::Head);
    out
}
