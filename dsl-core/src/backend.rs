//! The one interface every execution target implements, so kernels' host
//! APIs and examples take "a backend" and do not care which.

use crate::args::{ArgError, KernelArgs};
use crate::interp::RunError;
use crate::verify::VerifiedKernel;
use crate::HostTensor;
use std::collections::BTreeMap;

/// Why a backend could not run a kernel.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error(transparent)]
    Args(#[from] ArgError),
    #[error(transparent)]
    Run(Box<RunError>),
    /// A target-specific failure (compile, transfer, launch), with the
    /// backend's own message.
    #[error("{backend}: kernel `{kernel}`: {message}")]
    Target {
        backend: String,
        kernel: String,
        message: String,
    },
}

impl From<RunError> for BackendError {
    fn from(e: RunError) -> Self {
        BackendError::Run(Box::new(e))
    }
}

/// Something that runs verified kernels on host tensors: the interpreter,
/// XLA through PJRT, a GPU.
pub trait Backend {
    /// A short name for tables and errors (`interp`, `pjrt-cpu`, `cuda`).
    fn name(&self) -> String;

    /// Runs `kernel` with `args`; returns its output and in/out refs by name.
    /// Implementations check `args` with [`crate::args::check_args`] first.
    fn run(
        &self,
        kernel: &VerifiedKernel,
        args: &KernelArgs,
    ) -> Result<BTreeMap<String, HostTensor>, BackendError>;
}

/// The CPU interpreter as a backend.
#[derive(Copy, Clone, Debug, Default)]
pub struct Interpreter;

impl Backend for Interpreter {
    fn name(&self) -> String {
        "interp".into()
    }

    fn run(
        &self,
        kernel: &VerifiedKernel,
        args: &KernelArgs,
    ) -> Result<BTreeMap<String, HostTensor>, BackendError> {
        Ok(crate::interp::run(kernel, args)?)
    }
}
