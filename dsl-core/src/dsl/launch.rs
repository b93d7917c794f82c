//! Support for the typed launchers `#[kernel]` generates.

use crate::args::{ArgError, KernelArgs};
use crate::interp::RunError;
use crate::verify::BuildError;
use crate::HostTensor;
use std::collections::BTreeMap;

/// Why a typed launch failed: bad arguments, a kernel the verifier
/// rejected for these shapes, or an error while running.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error(transparent)]
    Args(#[from] ArgError),
    #[error("{0}")]
    Build(#[from] BuildError),
    // Boxed: the run errors carry whole op texts and locations, and a
    // launcher's `Result` should stay small.
    #[error(transparent)]
    Run(Box<RunError>),
    #[error(transparent)]
    Backend(Box<crate::backend::BackendError>),
}

impl From<RunError> for LaunchError {
    fn from(e: RunError) -> Self {
        LaunchError::Run(Box::new(e))
    }
}

impl From<crate::backend::BackendError> for LaunchError {
    fn from(e: crate::backend::BackendError) -> Self {
        LaunchError::Backend(Box::new(e))
    }
}

/// The shape of tensor argument `name`, recording a problem (and returning
/// zeros) when it is missing or its rank is not `N`.
pub fn arg_shape<const N: usize>(
    args: &KernelArgs,
    name: &str,
    problems: &mut Vec<String>,
) -> [usize; N] {
    match args.tensors.get(name) {
        None => problems.push(format!("argument `{name}` is missing")),
        Some(t) if t.shape().len() != N => problems.push(format!(
            "argument `{name}` has rank {} (shape {:?}) but the kernel declares rank {N}",
            t.shape().len(),
            t.shape()
        )),
        Some(t) => {
            let mut out = [0; N];
            out.copy_from_slice(t.shape());
            return out;
        }
    }
    [0; N]
}

/// Takes output `name` from a launch's results.
pub fn take_output(
    out: &mut BTreeMap<String, HostTensor>,
    kernel: &str,
    name: &str,
) -> Result<HostTensor, LaunchError> {
    out.remove(name).ok_or_else(|| {
        LaunchError::Args(ArgError {
            kernel: kernel.to_string(),
            problems: vec![format!("the launch produced no output named `{name}`")],
        })
    })
}

/// Passes a `match` scrutinee through, requiring it to be known at trace time.
#[track_caller]
pub fn trace_time<T: TraceTime + ?Sized>(x: &T) -> &T {
    x
}

/// Values known while the kernel is traced (anything comparable); traced
/// tiles are not, so `match` on them is rejected here.
#[diagnostic::on_unimplemented(
    message = "`match` needs a value known at trace time, but `{Self}` is only known when the kernel runs",
    label = "this is traced",
    note = "branch on traced values with `if`/`else` (an IR branch) or `select(cond, a, b)`"
)]
pub trait TraceTime {}
impl<T: PartialEq + ?Sized> TraceTime for T {}

/// What a `#[trace]` parameter's type must be: the value is a field of the
/// kernel's `NameShapes`, the key of its cache of traced kernels.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `#[trace]` value: trace-time values key the kernel cache, so they must be `Clone + Eq + Hash + Debug`",
    label = "not `Clone + Eq + Hash + Debug`",
    note = "floats are not `Eq`: make a float the kernel reads a runtime scalar (`by: f32`, no `#[trace]`), or pass its bits (`u32`)"
)]
pub trait TraceValue: Clone + Eq + std::hash::Hash + std::fmt::Debug {}
impl<T: Clone + Eq + std::hash::Hash + std::fmt::Debug> TraceValue for T {}

/// Checks at compile time that `T` can be a trace-time value.
pub fn assert_trace_value<T: TraceValue>() {}
