//! `y = x · W` with `W` f32 `[K, N]` (the GGUF matrix `[N, K]` transposed
//! once at load): the linear layer for weights dequantized at load. One
//! program per `tile_n` columns of W, each holding all M rows of x and the
//! whole K axis, so one dot per program. W is stored `[K, N]` because XLA's
//! CPU backend copies a transposed operand before its dot (every
//! execution: 113 MB for SmolLM2's LM head), where `[K, N]` is read as is.
//! On XLA's CPU backend `tile_n = N` makes the whole product one dot,
//! which it runs far faster than the quantized kernels' fused
//! dequantize-and-reduce (`../shared/MODEL.md`); a GPU takes 64.

use super::f32_arg;
use crate::error::KernelError;
use crate::host;
use crate::validate::Check;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, HostTensor};

#[kernel(grid = [w.dim(1) / tile_n.max(1)])]
pub fn linear_f32_kernel(
    x: Ref<f32, 2>, // [M, K]
    w: Ref<f32, 2>, // [K, N]
    #[shape([x.dim(0), w.dim(1)])] y: RefMut<f32, 2>,
    #[trace] tile_n: usize,
) {
    tilekit_core::dsl::require(
        tile_n >= 1 && w.dim(1) % tile_n == 0,
        "`tile_n` (columns of W per program) must be at least 1 and divide N",
    );
    let n0 = program_id(0) * tile_n;
    let wt = w.load([.., ds(n0, tile_n)]);
    y.store([.., ds(n0, tile_n)], dot(x.load([.., ..]), wt));
}

/// `x [M, K] · w [K, N]` in f32, `tile_n` columns of `w` per program (it
/// must divide N).
pub fn linear_f32(
    backend: &dyn Backend,
    x: &HostTensor,
    w: &HostTensor,
    tile_n: usize,
) -> Result<HostTensor, KernelError> {
    const OP: &str = "linear_f32";
    let c = Check { op: OP };
    f32_arg(c, "x", x, &["M", "K"])?;
    f32_arg(c, "w", w, &["K", "N"])?;
    c.dim("x", x.shape(), 1, "K", w.shape()[0], "the weight `w`")?;
    let (m, n) = (x.shape()[0], w.shape()[1]);
    if tile_n == 0 || n % tile_n != 0 {
        return Err(c.err("tile_n", format!("{tile_n} does not divide N = {n}")));
    }
    if m == 0 || n == 0 || x.shape()[1] == 0 {
        return Ok(host::filled(&[m, n], 0.0));
    }
    let args = LinearF32KernelArgs {
        x: x.clone(),
        w: w.clone(),
        tile_n,
    }
    .to_kernel_args();
    let shapes =
        LinearF32KernelShapes::from_args(&args, tile_n).map_err(|e| KernelError::backend(OP, e))?;
    let kernel = host::built(OP, "linear_f32_kernel", linear_f32_kernel_cached(&shapes))?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    host::take(OP, backend, &mut out, &kernel, "y")
}
