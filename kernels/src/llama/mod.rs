//! The Llama model's elementwise and small kernels (SmolLM2-135M and its
//! kin): [`rms_norm`], [`add_rms_norm`], [`rope`], [`swiglu`], greedy
//! [`argmax`] and [`sample`] (temperature, top-k, top-p), and
//! [`gather_rows`] (the rows a prefill's LM head needs). Semantics:
//! `KERNELS.md`, "Llama layer kernels"; references: `reference::llama`.
//!
//! Activations are row-major `[M, D]` f32 with M the tokens of the batch
//! (a decode step's sequences or a prefill's positions); attention heads
//! are `[M, H, head_dim]`. Programs own whole rows (tokens): a row of the
//! model's widths (576, 1536) is a small tile on every backend, and the
//! vocabulary-wide kernels walk their rows in chunks.
//!
//! Every kernel but RoPE takes a trace-time `rows`: the rows one program
//! handles. The host functions use 1, what a GPU wants (eight rows of the
//! norms or of the sampling walk at once cost ptxas a few bytes of
//! spill). A TPU's DMA windows must be whole (8, 128) tiles, so a TPU
//! launch takes [`tpu_rows`] rows, as the TPU catalog does; the
//! interpreter and PJRT tests run both. RoPE gathers one table row per
//! token and reads pairs as a last axis of 2, so it does not meet the TPU
//! rules at all (`KERNELS.md`); [`crate::tpu::rope`] is its TPU form.
//!
//! The residual add is fused into the norm that follows it
//! ([`add_rms_norm`]): a Llama block adds each sub-layer's output to the
//! residual stream and normalizes the sum right away, so the fused kernel
//! reads the stream once instead of twice and there is no separate `add`.

mod argmax;
mod linear;
mod norm;
mod rope;
mod rows;
mod sample;
mod swiglu;

pub use argmax::{
    argmax, argmax_kernel, argmax_kernel_cached, ArgmaxKernelArgs, ArgmaxKernelShapes, CHUNK,
};
pub use linear::{
    linear_f32, linear_f32_kernel, linear_f32_kernel_cached, LinearF32KernelArgs,
    LinearF32KernelShapes,
};
pub use norm::{
    add_rms_norm, add_rms_norm_kernel, add_rms_norm_kernel_cached, rms_norm, rms_norm_kernel,
    rms_norm_kernel_cached, AddRmsNormKernelArgs, AddRmsNormKernelShapes, NormOutputs,
    RmsNormKernelArgs, RmsNormKernelShapes,
};
pub use rope::{
    rope, rope_kernel, rope_kernel_cached, rope_table, RopeKernelArgs, RopeKernelShapes, RopeTable,
    RotatedHeads,
};
pub use rows::{
    gather_rows, gather_rows_kernel, gather_rows_kernel_cached, GatherRowsKernelArgs,
    GatherRowsKernelShapes,
};
pub use sample::{
    sample, sample_kernel, sample_kernel_cached, uniform, SampleKernelArgs, SampleKernelShapes,
    SamplingParams, SamplingRow,
};
pub use swiglu::{
    swiglu, swiglu_kernel, swiglu_kernel_cached, SwigluKernelArgs, SwigluKernelShapes,
};

use crate::error::KernelError;

/// The rows per program of the host functions.
const HOST_ROWS: usize = 1;

/// States, while tracing, that `rows` divides the `m` rows: the grid is
/// `m / rows` programs and must cover every row.
#[track_caller]
pub(crate) fn require_rows(m: usize, rows: usize) {
    tilekit_core::dsl::require(
        rows >= 1 && m % rows == 0,
        "`rows` (rows per program) must be at least 1 and divide the rows M",
    );
}

/// The rows per program a TPU launch of `m` rows takes: 8 (the f32
/// sublane tile) when `m` is a multiple of 8, all of them when `m ≤ 8`,
/// else 1 (correct everywhere, but a one-row window breaks a TPU's tiling).
pub fn tpu_rows(m: usize) -> usize {
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
pub(crate) fn f32_arg(
    c: Check,
    arg: &'static str,
    t: &HostTensor,
    dims: &[&str],
) -> Result<(), KernelError> {
    if t.dtype() != DType::F32 {
        return Err(c.err(
            arg,
            format!("dtype {} is not accepted (expected f32)", t.dtype()),
        ));
    }
    c.rank(arg, t, dims)
}
