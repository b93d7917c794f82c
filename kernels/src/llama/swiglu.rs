//! The gated MLP's activation: `out = silu(gate) · up`, with
//! `silu(g) = g / (1 + e^-g)`; one program per `rows` rows
//! of `[M, F]`.

use super::{f32_arg, require_rows, HOST_ROWS};
use crate::error::KernelError;
use crate::host;
use crate::validate::Check;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, HostTensor};

/// `out[i] = silu(gate[i]) · up[i]`. A very negative `g` gives
/// `g / inf = -0`, never NaN.
#[kernel(grid = [gate.dim(0) / rows.max(1)])]
pub fn swiglu_kernel(
    gate: Ref<f32, 2>, // [M, F]
    up: Ref<f32, 2>,   // [M, F]
    #[shape(gate.shape())] out: RefMut<f32, 2>,
    #[trace] rows: usize,
) {
    require_rows(gate.dim(0), rows);
    let r = rows;
    let r0 = program_id(0) * r;
    let g = gate.load([ds(r0, r), ..]);
    out.store(
        [ds(r0, r), ..],
        g / ((-g).exp() + 1.0) * up.load([ds(r0, r), ..]),
    );
}

/// `silu(gate) · up` of two f32 `[M, F]` tensors.
pub fn swiglu(
    backend: &dyn Backend,
    gate: &HostTensor,
    up: &HostTensor,
) -> Result<HostTensor, KernelError> {
    const OP: &str = "swiglu";
    let c = Check { op: OP };
    f32_arg(c, "gate", gate, &["M", "F"])?;
    f32_arg(c, "up", up, &["M", "F"])?;
    c.same_shape("up", up, "gate", gate)?;
    if gate.shape().contains(&0) {
        return Ok(host::filled(gate.shape(), 0.0));
    }
    let args = SwigluKernelArgs {
        gate: gate.clone(),
        up: up.clone(),
        rows: HOST_ROWS,
    }
    .to_kernel_args();
    let shapes =
        SwigluKernelShapes::from_args(&args, HOST_ROWS).map_err(|e| KernelError::backend(OP, e))?;
    let kernel = host::built(OP, "swiglu_kernel", swiglu_kernel_cached(&shapes))?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    host::take(OP, backend, &mut out, &kernel, "out")
}
