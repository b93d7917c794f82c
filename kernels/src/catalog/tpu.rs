//! The TPU-shaped shipped kernels ([`crate::tpu`]) in the configurations
//! `cargo xtask tpu-check` compiles for every TPU generation and the golden
//! Mosaic bodies hold, SmolLM2's decode-step kernels
//! ([`super::model_tpu::kernels`]) included.

use super::model_tpu::{self, ModelKernel, ROWS};
use crate::host::with_float_type;
use crate::llama::{
    add_rms_norm_kernel, argmax_kernel, rms_norm_kernel, sample_kernel, swiglu_kernel, tpu_rows,
    AddRmsNormKernelShapes, ArgmaxKernelShapes, RmsNormKernelShapes, SampleKernelShapes,
    SwigluKernelShapes,
};
use crate::tpu::kascade_decode::{kascade_decode_tpu, KascadeDecodeTpuShapes};
use crate::tpu::kv_quant_decode::{paged_decode_quantized_tpu, PagedDecodeQuantizedTpuShapes};
use crate::tpu::kv_quant_write::{kv_write_quantized_tpu, KvWriteQuantizedTpuShapes};
use crate::tpu::paged_decode::{paged_decode_tpu, PagedDecodeTpuShapes};
use crate::tpu::paged_decode_multi::{paged_decode_multi_tpu, PagedDecodeMultiTpuShapes};
use crate::tpu::quant_matmul::{
    matmul_q4_1_tpu, matmul_q8_0_tpu, MatmulQ41TpuShapes, MatmulQ80TpuShapes, CHUNK, TILE_N,
};
use tilekit_core::dsl::{bf16, f8e4m3};
use tilekit_core::{DType, VerifiedKernel};

/// Which kernel.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Family {
    /// `paged_decode_tpu` with `pages_per_step` pages per pipelined step.
    PagedDecode {
        pages_per_step: usize,
    },
    /// `paged_decode_multi_tpu` with `queries` new tokens per sequence
    /// (speculative verification).
    PagedDecodeMulti {
        queries: usize,
    },
    /// `kascade_decode_tpu` (block selection, SEL = page size).
    KascadeDecode,
    /// `paged_decode_quantized_tpu` over a cache of `codes` (i8 or
    /// f8e4m3); `dtype` is q's.
    PagedDecodeQuantized {
        codes: DType,
    },
    /// `kv_write_quantized_tpu` into a cache of `codes`; `dtype` is the new
    /// rows'.
    KvWriteQuantized {
        codes: DType,
    },
    /// `matmul_q8_0_tpu` / `matmul_q4_1_tpu`: one decode step's product
    /// `[8, K] · [N, K]ᵀ` at a 4096 x 4096 layer (the kernel fields other
    /// than the family are unused).
    MatmulQ8_0,
    MatmulQ4_1,
    /// The Llama row kernels (`crate::llama`) at SmolLM2-135M's widths for
    /// 16 tokens (the kernel fields other than the family are unused).
    /// RoPE is not here: `KERNELS.md` says why (its TPU form is
    /// [`ModelKernel::Rope`]).
    LlamaRmsNorm,
    LlamaAddRmsNorm,
    LlamaSwiglu,
    /// `argmax` and `sample` over SmolLM2's 49152-token vocabulary.
    LlamaArgmax,
    LlamaSample,
    /// A kernel of SmolLM2's TPU decode step at the model's shapes for 16
    /// rows (the kernel fields other than the family are unused).
    Model(ModelKernel),
}

/// `int8` or `fp8`, as the quantized kernels' names spell their codes.
fn codec_name(codes: DType) -> &'static str {
    if codes == DType::I8 {
        "int8"
    } else {
        "fp8"
    }
}

/// The quantized products' shape: M (one padded tile), N, K.
const MATMUL: [usize; 3] = [8, 4096, 4096];

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
            Family::PagedDecodeMulti { queries } => format!("paged_decode_multi_tpu_q{queries}"),
            Family::KascadeDecode => "kascade_decode_tpu".into(),
            Family::PagedDecodeQuantized { codes } => {
                format!("paged_decode_kv_{}_tpu", codec_name(codes))
            }
            Family::KvWriteQuantized { codes } => {
                let k = format!("kv_{}_write_tpu_{}", codec_name(codes), self.dtype);
                return format!(
                    "{k}_bs{}_hkv{}_d{}",
                    self.page_size, self.kv_heads, self.head_dim
                );
            }
            Family::LlamaRmsNorm => return "llama_rms_norm_tpu_m16_d576".into(),
            Family::LlamaAddRmsNorm => return "llama_add_rms_norm_tpu_m16_d576".into(),
            Family::LlamaSwiglu => return "llama_swiglu_tpu_m16_f1536".into(),
            Family::LlamaArgmax => return "llama_argmax_tpu_m16_v49152".into(),
            Family::LlamaSample => return "llama_sample_tpu_m16_v49152".into(),
            Family::Model(k) => return k.name(),
            Family::MatmulQ8_0 | Family::MatmulQ4_1 => {
                let [m, n, k] = MATMUL;
                let f = if self.family == Family::MatmulQ8_0 {
                    "q8_0"
                } else {
                    "q4_1"
                };
                return format!("matmul_{f}_tpu_m{m}_n{n}_k{k}");
            }
        };
        format!(
            "{family}_{}_bs{}_hkv{}_g{}_d{}",
            self.dtype, self.page_size, self.kv_heads, self.group, self.head_dim
        )
    }

    pub fn build(&self) -> Result<VerifiedKernel, String> {
        let mb = MAX_LEN / self.page_size.max(1);
        let nb = BATCH * mb + 3;
        let q = [BATCH, self.kv_heads, self.group, self.head_dim];
        let cache = [self.kv_heads, nb, self.page_size, self.head_dim];
        let [m, n, k] = MATMUL;
        let built = match self.family {
            Family::Model(k) => return k.build(ROWS).map(|k| (*k).clone()),
            Family::LlamaRmsNorm => rms_norm_kernel(&RmsNormKernelShapes {
                x: [16, 576],
                w: [576],
                rows: tpu_rows(16),
            }),
            Family::LlamaAddRmsNorm => add_rms_norm_kernel(&AddRmsNormKernelShapes {
                x: [16, 576],
                r: [16, 576],
                w: [576],
                rows: tpu_rows(16),
            }),
            Family::LlamaSwiglu => swiglu_kernel(&SwigluKernelShapes {
                gate: [16, 1536],
                up: [16, 1536],
                rows: tpu_rows(16),
            }),
            Family::LlamaArgmax => argmax_kernel(&ArgmaxKernelShapes {
                logits: [16, 49152],
                rows: tpu_rows(16),
            }),
            Family::LlamaSample => sample_kernel(&SampleKernelShapes {
                logits: [16, 49152],
                top_k: [16, 1],
                inv_temp: [16, 1],
                top_p: [16, 1],
                u: [16, 1],
                rows: tpu_rows(16),
            }),
            Family::MatmulQ8_0 => matmul_q8_0_tpu(&MatmulQ80TpuShapes {
                x: [m, k],
                codes: [k, n],
                scales: [k / 32, n],
                chunk: CHUNK,
                tile_n: TILE_N,
            }),
            Family::MatmulQ4_1 => matmul_q4_1_tpu(&MatmulQ41TpuShapes {
                x: [m, k],
                codes: [k / 2, n],
                scales: [k / 32, n],
                mins: [k / 32, n],
                chunk: CHUNK,
                tile_n: TILE_N,
            }),
            Family::KvWriteQuantized { codes } => {
                let rows = [BATCH, self.kv_heads, 1, self.head_dim];
                let scales = [self.kv_heads, nb, 1, self.page_size];
                let s = KvWriteQuantizedTpuShapes {
                    slot_mapping: [BATCH],
                    k_new: rows,
                    v_new: rows,
                    k_cache: cache,
                    k_scale: scales,
                    v_cache: cache,
                    v_scale: scales,
                };
                match (self.dtype, codes) {
                    (DType::Bf16, DType::I8) => kv_write_quantized_tpu::<bf16, i8>(&s),
                    (DType::Bf16, DType::F8E4M3) => kv_write_quantized_tpu::<bf16, f8e4m3>(&s),
                    _ => return Err(format!("{}: no instantiation", self.name())),
                }
            }
            Family::PagedDecodeQuantized { codes } => {
                let scales = [self.kv_heads, nb, 1, self.page_size];
                let s = PagedDecodeQuantizedTpuShapes {
                    block_tables: [BATCH, mb],
                    context_lens: [BATCH],
                    q,
                    k_cache: cache,
                    k_scale: scales,
                    v_cache: cache,
                    v_scale: scales,
                    stages: STAGES,
                };
                match codes {
                    DType::I8 => {
                        with_float_type!(self.dtype, T => paged_decode_quantized_tpu::<T, i8>(&s))
                    }
                    DType::F8E4M3 => {
                        with_float_type!(self.dtype, T => paged_decode_quantized_tpu::<T, f8e4m3>(&s))
                    }
                    _ => return Err(format!("{}: codes are i8 or f8e4m3", self.name())),
                }
            }
            Family::PagedDecode { pages_per_step } => {
                let s = PagedDecodeTpuShapes {
                    block_tables: [BATCH, mb],
                    context_lens: [BATCH],
                    q,
                    k_cache: cache,
                    v_cache: cache,
                    pages_per_step,
                    stages: STAGES,
                };
                with_float_type!(self.dtype, T => paged_decode_tpu::<T>(&s))
            }
            Family::PagedDecodeMulti { queries } => {
                let s = PagedDecodeMultiTpuShapes {
                    block_tables: [BATCH, mb],
                    context_lens: [BATCH],
                    query_lens: [BATCH],
                    q: [BATCH, self.kv_heads, queries * self.group, self.head_dim],
                    k_cache: cache,
                    v_cache: cache,
                    group: self.group,
                    stages: STAGES,
                };
                with_float_type!(self.dtype, T => paged_decode_multi_tpu::<T>(&s))
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
                    stages: STAGES,
                };
                with_float_type!(self.dtype, T => kascade_decode_tpu::<T>(&s))
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
    let kv = |codes| Family::PagedDecodeQuantized { codes };
    let write = |codes| Family::KvWriteQuantized { codes };
    let mut out = vec![
        k(paged(1), DType::Bf16, 16, 8, 4),
        k(paged(2), DType::Bf16, 16, 8, 4),
        k(paged(4), DType::Bf16, 32, 4, 8),
        k(paged(2), DType::F32, 16, 8, 4),
        k(
            Family::PagedDecodeMulti { queries: 5 },
            DType::Bf16,
            16,
            8,
            4,
        ),
        k(
            Family::PagedDecodeMulti { queries: 16 },
            DType::F32,
            16,
            8,
            4,
        ),
        k(Family::KascadeDecode, DType::Bf16, 16, 8, 4),
        k(Family::KascadeDecode, DType::Bf16, 64, 4, 8),
        k(Family::KascadeDecode, DType::F32, 32, 8, 4),
        k(Family::MatmulQ8_0, DType::F32, 0, 0, 0),
        k(Family::MatmulQ4_1, DType::F32, 0, 0, 0),
        k(kv(DType::I8), DType::Bf16, 16, 8, 4),
        k(kv(DType::I8), DType::Bf16, 32, 4, 8),
        k(kv(DType::I8), DType::F32, 32, 8, 4),
        k(kv(DType::F8E4M3), DType::Bf16, 16, 8, 4),
        k(kv(DType::F8E4M3), DType::Bf16, 32, 4, 8),
        k(write(DType::I8), DType::Bf16, 16, 8, 1),
        k(write(DType::F8E4M3), DType::Bf16, 16, 8, 1),
        k(Family::LlamaRmsNorm, DType::F32, 0, 0, 0),
        k(Family::LlamaAddRmsNorm, DType::F32, 0, 0, 0),
        k(Family::LlamaSwiglu, DType::F32, 0, 0, 0),
        k(Family::LlamaArgmax, DType::F32, 0, 0, 0),
        k(Family::LlamaSample, DType::F32, 0, 0, 0),
    ];
    out.extend(
        model_tpu::kernels()
            .into_iter()
            .map(|m| k(Family::Model(m), DType::F32, 0, 0, 0)),
    );
    out
}
