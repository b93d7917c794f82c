//! The Llama model's elementwise and small kernels (SmolLM2-135M and its
//! kin): [`rms_norm`], [`add_rms_norm`], [`rope`], [`swiglu`], greedy
//! [`argmax`] and [`sample`] (temperature, top-k, top-p). Semantics:
//! `KERNELS.md`, "Llama layer kernels"; references: `reference::llama`.
//!
//! Activations are row-major `[M, D]` f32 with M the tokens of the batch
//! (a decode step's sequences or a prefill's positions); attention heads
//! are `[M, H, head_dim]`. Every kernel runs one program per token (row):
//! a row of the model's widths (576, 1536) is a small tile on every
//! backend, and the vocabulary-wide kernels walk their row in chunks.
//! The norms and SwiGLU take [`rows_per_program`] rows at a time instead,
//! so that a TPU's DMA windows are whole (8, 128) tiles.
//!
//! The residual add is fused into the norm that follows it
//! ([`add_rms_norm`]): a Llama block adds each sub-layer's output to the
//! residual stream and normalizes the sum right away, so the fused kernel
//! reads the stream once instead of twice and there is no separate `add`.

mod argmax;
mod norm;
mod rope;
mod sample;
mod swiglu;

pub use argmax::{argmax, argmax_kernel, ArgmaxKernelShapes, CHUNK};
pub use norm::{
    add_rms_norm, add_rms_norm_kernel, rms_norm, rms_norm_kernel, AddRmsNormKernelShapes,
    NormOutputs, RmsNormKernelShapes,
};
pub use rope::{rope, rope_kernel, rope_table, RopeKernelShapes, RopeTable, RotatedHeads};
pub use sample::{sample, sample_kernel, uniform, SampleKernelShapes, SamplingParams};
pub use swiglu::{swiglu, swiglu_kernel, SwigluKernelShapes};


use crate::error::KernelError;

/// Rows the row-wise kernels (norms, SwiGLU) give each program: 8 (the f32
/// sublane tile of a TPU) when `m` is a multiple of 8, all of them when
/// `m ≤ 8`, else 1 (correct everywhere, but a TPU window of one row breaks
/// its tiling).
pub fn rows_per_program(m: usize) -> usize {
    if m <= 8 {
        m.max(1)
    } else if m % 8 == 0 {
        8
    } else {
        1
    }
}
use crate::validate::Check;
use tilekit_core::{DType, HostTensor};

/// An f32 tensor of rank `dims.len()`.
pub(crate) fn f32_arg(c: Check, arg: &'static str, t: &HostTensor, dims: &[&str]) -> Result<(), KernelError> {
    if t.dtype() != DType::F32 {
        return Err(c.err(arg, format!("dtype {} is not accepted (expected f32)", t.dtype())));
    }
    c.rank(arg, t, dims)
}
