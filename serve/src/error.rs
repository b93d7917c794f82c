//! What can go wrong while serving: the model does not fit the kernels, a
//! request does not fit the cache, or a backend failed.

use tilekit_core::program::ProgramError;
use tilekit_core::{BackendError, BuildError};

/// Every failure of the serving path.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The model has a shape or tensor type the kernels do not run.
    #[error("the model is not supported: {0}")]
    Unsupported(String),
    /// A request cannot be served as given.
    #[error("request {request}: {problem}")]
    Request { request: usize, problem: String },
    /// A kernel failed to trace for the model's shapes.
    #[error("building `{kernel}` for the model: {source}")]
    Build {
        kernel: &'static str,
        source: BuildError,
    },
    #[error(transparent)]
    Program(#[from] ProgramError),
    #[error(transparent)]
    Backend(#[from] BackendError),
    #[error(transparent)]
    Model(#[from] tilekit_model::ModelError),
    #[error(transparent)]
    Kernel(#[from] tilekit_kernels::KernelError),
}

pub type Result<T, E = ServeError> = std::result::Result<T, E>;
