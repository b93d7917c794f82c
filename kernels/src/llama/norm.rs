//! RMSNorm, alone ([`rms_norm`], the first norm of the first block) and
//! fused with the residual add before it ([`add_rms_norm`], every other
//! norm of a Llama forward, the final one included).
//!
//! One program per block of `rows` rows: each row's sum of
//! squares is one reduction along the `[R, D]` tile, so the rows are read
//! once and normalized in registers.

use super::{f32_arg, require_rows, HOST_ROWS};
use crate::error::KernelError;
use crate::host;
use crate::validate::Check;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, HostTensor};

/// `y = x / sqrt(mean(x²) + eps) · w` of each row of an `[R, D]` tile.
#[helper]
fn normalize(x: Tile<f32>, w: Tile<f32>, eps: Tile<f32>, d: usize) -> Tile<f32> {
    let mean_sq = (x * x).sum(1).col() * (1.0 / d as f32); // [R, 1]
    x * (mean_sq + eps).rsqrt() * w
}

/// `y[i] = x[i] / sqrt(mean(x[i]²) + eps) · w`.
#[kernel(grid = [x.dim(0) / rows.max(1)])]
pub fn rms_norm_kernel(
    x: Ref<f32, 2>, // [M, D]
    w: Ref<f32, 1>, // [D]
    #[shape(x.shape())] y: RefMut<f32, 2>,
    eps: f32,
    #[trace] rows: usize,
) {
    require_rows(x.dim(0), rows);
    let r = rows;
    let r0 = program_id(0) * r;
    let out = normalize(x.load([ds(r0, r), ..]), w.load([..]).row(), eps, x.dim(1));
    y.store([ds(r0, r), ..], out);
}

/// `h[i] = x[i] + r[i]`, `y[i] = rms_norm(h[i])`.
#[kernel(grid = [x.dim(0) / rows.max(1)])]
pub fn add_rms_norm_kernel(
    x: Ref<f32, 2>, // [M, D], the residual stream
    r: Ref<f32, 2>, // [M, D], the sub-layer's output
    w: Ref<f32, 1>, // [D]
    #[shape(x.shape())] h: RefMut<f32, 2>,
    #[shape(x.shape())] y: RefMut<f32, 2>,
    eps: f32,
    #[trace] rows: usize,
) {
    require_rows(x.dim(0), rows);
    let n = rows;
    let r0 = program_id(0) * n;
    let sum = x.load([ds(r0, n), ..]) + r.load([ds(r0, n), ..]);
    h.store([ds(r0, n), ..], sum);
    y.store(
        [ds(r0, n), ..],
        normalize(sum, w.load([..]).row(), eps, x.dim(1)),
    );
}

/// The two outputs of [`add_rms_norm`].
#[derive(Clone, Debug, PartialEq)]
pub struct NormOutputs {
    /// `x + r`: the new residual stream, `[M, D]`.
    pub h: HostTensor,
    /// `rms_norm(h) · w`, `[M, D]`.
    pub y: HostTensor,
}

/// Checks `x [M, D]`, `w [D]` (f32) and `eps` (finite, > 0).
fn check_norm(c: Check, x: &HostTensor, w: &HostTensor, eps: f32) -> Result<(), KernelError> {
    f32_arg(c, "x", x, &["M", "D"])?;
    f32_arg(c, "w", w, &["D"])?;
    c.dim("w", w.shape(), 0, "D", x.shape()[1], "`x`")?;
    if !(eps.is_finite() && eps > 0.0) {
        return Err(c.err("eps", format!("must be finite and > 0, got {eps}")));
    }
    Ok(())
}

/// RMSNorm of each row of `x [M, D]` f32 with weight `w [D]`: f32 `[M, D]`.
pub fn rms_norm(
    backend: &dyn Backend,
    x: &HostTensor,
    w: &HostTensor,
    eps: f32,
) -> Result<HostTensor, KernelError> {
    const OP: &str = "rms_norm";
    let c = Check { op: OP };
    check_norm(c, x, w, eps)?;
    if x.shape().contains(&0) {
        return Ok(host::filled(x.shape(), 0.0));
    }
    let args = RmsNormKernelArgs {
        x: x.clone(),
        w: w.clone(),
        eps,
        rows: HOST_ROWS,
    }
    .to_kernel_args();
    let shapes = RmsNormKernelShapes::from_args(&args, HOST_ROWS)
        .map_err(|e| KernelError::backend(OP, e))?;
    let kernel = host::built(OP, "rms_norm_kernel", rms_norm_kernel_cached(&shapes))?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    host::take(OP, backend, &mut out, &kernel, "y")
}

/// `h = x + r` and `y = rms_norm(h) · w`, rows of `[M, D]` f32.
pub fn add_rms_norm(
    backend: &dyn Backend,
    x: &HostTensor,
    r: &HostTensor,
    w: &HostTensor,
    eps: f32,
) -> Result<NormOutputs, KernelError> {
    const OP: &str = "add_rms_norm";
    let c = Check { op: OP };
    check_norm(c, x, w, eps)?;
    f32_arg(c, "r", r, &["M", "D"])?;
    c.same_shape("r", r, "x", x)?;
    if x.shape().contains(&0) {
        let zeros = host::filled(x.shape(), 0.0);
        return Ok(NormOutputs {
            h: zeros.clone(),
            y: zeros,
        });
    }
    let args = AddRmsNormKernelArgs {
        x: x.clone(),
        r: r.clone(),
        w: w.clone(),
        eps,
        rows: HOST_ROWS,
    }
    .to_kernel_args();
    let shapes = AddRmsNormKernelShapes::from_args(&args, HOST_ROWS)
        .map_err(|e| KernelError::backend(OP, e))?;
    let kernel = host::built(
        OP,
        "add_rms_norm_kernel",
        add_rms_norm_kernel_cached(&shapes),
    )?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    Ok(NormOutputs {
        h: host::take(OP, backend, &mut out, &kernel, "h")?,
        y: host::take(OP, backend, &mut out, &kernel, "y")?,
    })
}
