//! The model's tensors by role, as [`HostTensor`]s in the layout tilekit's
//! kernels take:
//!
//! - Q4_1 / Q8_0 matrices: their raw block bytes, a `u8` tensor
//!   `[N, K / 32, bytes per block]` (20 or 34), exactly as in the file —
//!   the quantized kernels dequantize in registers (see
//!   `tilekit_kernels::quant`).
//! - F32 tensors as `f32`, F16 as `f16`, row-major.
//!
//! GGUF lists dims innermost first: `ffn_gate.weight` of `[576, 1536]` is
//! the row-major `[N = 1536, K = 576]` matrix (K contiguous, blocks along
//! K), which is the shape [`Weight::shape`] gives. A linear layer computes
//! `y = x · Wᵀ`. llama.cpp's converter has already permuted `attn_q` and
//! `attn_k` for its "normal" RoPE, which rotates adjacent pairs
//! `(x[2i], x[2i+1])`.

use crate::config::LlamaConfig;
use crate::dequant;
use crate::error::{ModelError, Result};
use crate::gguf::{GgmlType, Gguf, GgufLayout};
use tilekit_core::{DType, HostTensor};

/// One tensor of the model.
#[derive(Clone, Debug)]
pub struct Weight {
    pub name: String,
    pub ggml_type: GgmlType,
    /// Row-major logical shape: `[N, K]` for a matrix, `[n]` for a vector.
    pub shape: Vec<usize>,
    /// The data in the kernels' layout (see the module docs).
    pub tensor: HostTensor,
}

impl Weight {
    /// The values as f32 (ggml's arithmetic), row-major over [`Self::shape`].
    pub fn dequantize(&self) -> Result<Vec<f32>> {
        dequant::dequantize_f32(self.ggml_type, &self.raw_bytes(), &self.name)
    }

    /// The values as f64 (exact), row-major over [`Self::shape`].
    pub fn dequantize_f64(&self) -> Result<Vec<f64>> {
        dequant::dequantize_f64(self.ggml_type, &self.raw_bytes(), &self.name)
    }

    /// The bytes as they sit in the file.
    pub fn raw_bytes(&self) -> Vec<u8> {
        self.tensor.to_le_bytes()
    }
}

/// One transformer block.
#[derive(Clone, Debug)]
pub struct LayerWeights {
    pub attn_norm: Weight,
    pub attn_q: Weight,
    pub attn_k: Weight,
    pub attn_v: Weight,
    pub attn_output: Weight,
    pub ffn_norm: Weight,
    pub ffn_gate: Weight,
    pub ffn_up: Weight,
    pub ffn_down: Weight,
}

impl LayerWeights {
    /// The block's seven linear layers, `[N, K]` each.
    pub fn matrices(&self) -> [&Weight; 7] {
        [
            &self.attn_q,
            &self.attn_k,
            &self.attn_v,
            &self.attn_output,
            &self.ffn_gate,
            &self.ffn_up,
            &self.ffn_down,
        ]
    }
}

/// Every tensor of a Llama model.
#[derive(Clone, Debug)]
pub struct LlamaWeights {
    /// `[vocab, d_model]`.
    pub token_embd: Weight,
    pub layers: Vec<LayerWeights>,
    pub output_norm: Weight,
    /// `output.weight`, `None` when the LM head is tied to `token_embd`.
    pub output: Option<Weight>,
}

impl LlamaWeights {
    pub fn from_gguf(gguf: &Gguf, config: &LlamaConfig) -> Result<LlamaWeights> {
        LlamaWeights::from_parts(&gguf.layout, gguf.bytes(), config)
    }

    /// From a parsed layout and the file's bytes.
    pub fn from_parts(layout: &GgufLayout, file: &[u8], c: &LlamaConfig) -> Result<LlamaWeights> {
        let get = |name: &str, dims: &[usize]| load(layout, file, name, dims);
        let q_out = c.n_heads * c.head_dim;
        let kv_out = c.n_kv_heads * c.head_dim;
        c.validate()?;
        let mut layers = Vec::new();
        for i in 0..c.n_layers {
            let n = |role: &str| format!("blk.{i}.{role}.weight");
            layers.push(LayerWeights {
                attn_norm: get(&n("attn_norm"), &[c.d_model])?,
                attn_q: get(&n("attn_q"), &[q_out, c.d_model])?,
                attn_k: get(&n("attn_k"), &[kv_out, c.d_model])?,
                attn_v: get(&n("attn_v"), &[kv_out, c.d_model])?,
                attn_output: get(&n("attn_output"), &[c.d_model, q_out])?,
                ffn_norm: get(&n("ffn_norm"), &[c.d_model])?,
                ffn_gate: get(&n("ffn_gate"), &[c.ffn, c.d_model])?,
                ffn_up: get(&n("ffn_up"), &[c.ffn, c.d_model])?,
                ffn_down: get(&n("ffn_down"), &[c.d_model, c.ffn])?,
            });
        }
        let output = match layout.tensor("output.weight") {
            Some(_) => Some(get("output.weight", &[c.vocab, c.d_model])?),
            None => None,
        };
        Ok(LlamaWeights {
            token_embd: get("token_embd.weight", &[c.vocab, c.d_model])?,
            layers,
            output_norm: get("output_norm.weight", &[c.d_model])?,
            output,
        })
    }

    /// The LM head `[vocab, d_model]`: `output.weight`, or the embedding
    /// when the two are tied.
    pub fn lm_head(&self) -> &Weight {
        self.output.as_ref().unwrap_or(&self.token_embd)
    }

    /// Whether the LM head is the embedding matrix.
    pub fn tied(&self) -> bool {
        self.output.is_none()
    }
}

/// Loads tensor `name`, which must have the row-major `shape`.
fn load(layout: &GgufLayout, file: &[u8], name: &str, shape: &[usize]) -> Result<Weight> {
    let info = layout
        .tensor(name)
        .ok_or_else(|| ModelError::MissingTensor {
            name: name.to_string(),
        })?;
    // GGUF order is innermost first: the reverse of the row-major shape.
    let expected: Vec<u64> = shape.iter().rev().map(|&d| d as u64).collect();
    if info.dims != expected {
        return Err(ModelError::TensorShape {
            name: name.to_string(),
            expected,
            found: info.dims.clone(),
        });
    }
    let ty = info.ggml_type;
    let unsupported = || ModelError::UnsupportedTensorType {
        name: name.to_string(),
        ggml_type: ty.name(),
    };
    let bytes = layout.tensor_bytes(file, info).map_err(|e| match e {
        ModelError::UnknownGgmlType { .. } => unsupported(),
        e => e,
    })?;
    let built = match ty {
        GgmlType::F32 => HostTensor::from_le_bytes(DType::F32, shape, bytes),
        GgmlType::F16 => HostTensor::from_le_bytes(DType::F16, shape, bytes),
        GgmlType::Q4_1 | GgmlType::Q8_0 => {
            let (block, block_bytes) = ty.block().ok_or_else(unsupported)?;
            let k = *shape.last().unwrap_or(&0);
            let rows: usize = shape[..shape.len().saturating_sub(1)].iter().product();
            let dims = [rows, k / block as usize, block_bytes as usize];
            HostTensor::from_u8(&dims, bytes.to_vec())
        }
        _ => return Err(unsupported()),
    };
    let tensor = built.map_err(|e| ModelError::Malformed {
        section: format!("tensor `{name}`"),
        offset: info.offset,
        message: e.to_string(),
    })?;
    Ok(Weight {
        name: name.to_string(),
        ggml_type: ty,
        shape: shape.to_vec(),
        tensor,
    })
}
