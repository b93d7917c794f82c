//! The one error type of the shipped kernels' host API.
//!
//! Every problem with what the caller passed is a [`KernelError::Input`]
//! naming the host function and the argument, and for index arrays the
//! sequence and slot of the bad entry, so the message says what to fix
//! without a debugger. The host API validates before it builds or launches
//! anything: user input never reaches a panic, and a backend never sees an
//! index a checked call has not proven in range.

use tilekit_core::{BackendError, BuildError};

/// Why a shipped kernel's host function refused its inputs or failed.
#[derive(Debug, thiserror::Error)]
pub enum KernelError {
    /// A bad argument: wrong rank, dtype or dimension, or (in checked mode)
    /// an out-of-range or duplicate index.
    #[error("{op}: argument `{arg}`: {detail}")]
    Input {
        op: &'static str,
        arg: &'static str,
        detail: String,
    },
    /// A well-formed argument outside the configurations the kernels are
    /// built for (e.g. a Kascade tile size with no instantiation).
    #[error("{op}: argument `{arg}`: {detail}")]
    Unsupported {
        op: &'static str,
        arg: &'static str,
        detail: String,
    },
    /// The kernel did not verify for these shapes. Inputs are validated
    /// first, so this is a tilekit bug; the verifier's errors say where.
    #[error("{op}: kernel `{kernel}` did not verify for these shapes (a tilekit bug, please report): {source}")]
    Build {
        op: &'static str,
        kernel: &'static str,
        source: Box<BuildError>,
    },
    /// The backend could not run the kernel (argument check, interpreter
    /// error, compile or launch failure), with its own message.
    #[error("{op}: {source}")]
    Backend {
        op: &'static str,
        source: Box<BackendError>,
    },
}

impl KernelError {
    pub(crate) fn input(op: &'static str, arg: &'static str, detail: impl Into<String>) -> Self {
        KernelError::Input {
            op,
            arg,
            detail: detail.into(),
        }
    }

    pub(crate) fn unsupported(
        op: &'static str,
        arg: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        KernelError::Unsupported {
            op,
            arg,
            detail: detail.into(),
        }
    }

    pub(crate) fn backend(op: &'static str, source: impl Into<BackendError>) -> Self {
        KernelError::Backend {
            op,
            source: Box::new(source.into()),
        }
    }

    /// The argument the error is about, for input and configuration errors.
    pub fn arg(&self) -> Option<&'static str> {
        match self {
            KernelError::Input { arg, .. } | KernelError::Unsupported { arg, .. } => Some(arg),
            KernelError::Build { .. } | KernelError::Backend { .. } => None,
        }
    }

    /// The host function that raised it.
    pub fn op(&self) -> &'static str {
        match self {
            KernelError::Input { op, .. }
            | KernelError::Unsupported { op, .. }
            | KernelError::Build { op, .. }
            | KernelError::Backend { op, .. } => op,
        }
    }
}
