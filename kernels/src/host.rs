//! What every shipped kernel's host function shares: the output type, a
//! cache of built kernels, the launch on a `&dyn Backend`, and the macros
//! that turn runtime values (a dtype, a tile size) into the type and const
//! parameters the kernels are instantiated with.
//!
//! Most trace-time parameters (page size, group size, head dim, number of
//! splits, block sizes) are read from the arguments' shapes inside the
//! kernels, so they need no instantiation; only the element type and the
//! Kascade tile and selection-block sizes, which no shape carries, do.

use crate::error::KernelError;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
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

/// Built kernels are cached by name, parameters and argument shapes: a
/// serving loop calls the same configuration every step, and a backend
/// that compiles (PJRT, CUDA) can key its own cache on the kernel's
/// address. The cache is bounded; it is cleared when full, which only costs
/// re-tracing.
const CACHE_CAPACITY: usize = 256;

type Cache = HashMap<String, Arc<VerifiedKernel>>;

fn cache() -> &'static Mutex<Cache> {
    static CACHE: std::sync::OnceLock<Mutex<Cache>> = std::sync::OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The kernel for `key`, built by `build` on a miss.
pub(crate) fn cached_kernel(
    op: &'static str,
    kernel: &'static str,
    key: String,
    build: impl FnOnce() -> Result<VerifiedKernel, BuildError>,
) -> Result<Arc<VerifiedKernel>, KernelError> {
    // A poisoned lock only means another thread panicked while holding it;
    // the map itself is still a valid cache.
    if let Some(k) = cache().lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(k.clone());
    }
    let built = Arc::new(build().map_err(|source| KernelError::Build {
        op,
        kernel,
        source: Box::new(source),
    })?);
    let mut map = cache().lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= CACHE_CAPACITY {
        map.clear();
    }
    map.insert(key, built.clone());
    Ok(built)
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

/// Runs `$body` with the const `$N` equal to `$value` when it is one of the
/// listed instantiations, else evaluates `$other`.
macro_rules! with_const {
    ($value:expr, [$($n:literal),+], $N:ident => $body:expr, else $other:expr) => {
        match $value {
            $($n => {
                const $N: usize = $n;
                $body
            })+
            _ => $other,
        }
    };
}

pub(crate) use {with_const, with_float_type};
