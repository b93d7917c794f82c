//! What every shipped kernel's host function shares: the output type, the
//! naming of build errors, the launch on a `&dyn Backend`, and the macro
//! that turns a runtime dtype into the element type a kernel is
//! instantiated with.
//!
//! Everything else a kernel is traced for is a value: page size, group
//! size, head dim and block sizes are read from the arguments' shapes, and
//! what no shape carries (pipeline stages, the Kascade tile and selection
//! block sizes, causality) is a `#[trace]` parameter. Built kernels are
//! cached by the functions `#[kernel]` generates (`name_cached`).

use crate::error::KernelError;
use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::{Backend, BackendError, BuildError, HostTensor, KernelArgs, VerifiedKernel};

/// Output and log-sum-exp of an attention call: `o` (f32, the shape of `q`)
/// and `lse` (f32, natural log of the softmax denominator of each query row
/// in the scaled-logit domain; `-inf` for a row that attends to nothing,
/// whose `o` is 0).
#[derive(Clone, Debug, PartialEq)]
pub struct AttnOutputs {
    pub o: HostTensor,
    pub lse: HostTensor,
}

/// The kernel a generated `name_cached` function returned, a build error
/// named after the host operation and kernel. The generated functions keep
/// one cache per kernel, keyed by shapes, trace-time values and element
/// types, so a serving loop traces each configuration once (and a backend
/// that compiles can key its own cache on the kernel's address).
pub(crate) fn built(
    op: &'static str,
    kernel: &'static str,
    result: Result<Arc<VerifiedKernel>, BuildError>,
) -> Result<Arc<VerifiedKernel>, KernelError> {
    result.map_err(|source| KernelError::Build {
        op,
        kernel,
        source: Box::new(source),
    })
}

/// Runs `kernel` on `backend` and returns its outputs by name.
pub(crate) fn launch(
    op: &'static str,
    backend: &dyn Backend,
    kernel: &VerifiedKernel,
    args: &KernelArgs,
) -> Result<BTreeMap<String, HostTensor>, KernelError> {
    backend
        .run(kernel, args)
        .map_err(|source| KernelError::backend(op, source))
}

/// Takes output `name` from a launch's results.
pub(crate) fn take(
    op: &'static str,
    backend: &dyn Backend,
    out: &mut BTreeMap<String, HostTensor>,
    kernel: &VerifiedKernel,
    name: &str,
) -> Result<HostTensor, KernelError> {
    out.remove(name).ok_or_else(|| {
        KernelError::backend(
            op,
            BackendError::Target {
                backend: backend.name(),
                kernel: kernel.kernel().name.clone(),
                message: format!("the launch returned no output named `{name}`"),
            },
        )
    })
}

/// `t` with a new shape of the same element count (a copy).
pub(crate) fn reshape(t: HostTensor, shape: &[usize]) -> HostTensor {
    let data = t.data().clone();
    HostTensor::new(shape, data).expect("reshape keeps the element count")
}

/// An f32 tensor of `shape` filled with `value`.
pub(crate) fn filled(shape: &[usize], value: f32) -> HostTensor {
    let n = shape.iter().product();
    HostTensor::from_f32(tilekit_core::DType::F32, shape, &vec![value; n])
        .expect("element count matches shape")
}

/// The outputs of a call in which no query row attends to anything (an
/// empty batch, or keys of length 0): `o = 0`, `lse = -inf`, no launch.
pub(crate) fn empty_outputs(o_shape: &[usize]) -> AttnOutputs {
    let lse_shape = &o_shape[..o_shape.len() - 1];
    AttnOutputs {
        o: filled(o_shape, 0.0),
        lse: filled(lse_shape, f32::NEG_INFINITY),
    }
}

/// An i32 tensor; the shapes come from validated arguments.
pub(crate) fn i32_tensor(shape: &[usize], values: Vec<i32>) -> HostTensor {
    HostTensor::from_i32(shape, values).expect("element count matches shape")
}

/// Runs `$body` with `$T` bound to the element type of `$dtype` (bf16, f16,
/// or f32). Callers validate the dtype first; anything else is f32.
macro_rules! with_float_type {
    ($dtype:expr, $T:ident => $body:expr) => {
        match $dtype {
            ::tilekit_core::DType::Bf16 => {
                type $T = ::tilekit_core::dsl::bf16;
                $body
            }
            ::tilekit_core::DType::F16 => {
                type $T = ::tilekit_core::dsl::f16;
                $body
            }
            _ => {
                type $T = f32;
                $body
            }
        }
    };
}

pub(crate) use with_float_type;
