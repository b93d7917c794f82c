//! Errors of the PTX backend: like the verifier's, each names the kernel,
//! the op (as the printer shows it) and where the op came from.

use std::fmt;
use tilekit_core::ir::{Kernel, Location, OpId};
use tilekit_core::print::print_op;

/// Something the PTX backend cannot (yet) lower, or a resource the target
/// does not have (shared memory, registers).
#[derive(Clone, Debug, PartialEq)]
pub struct PtxError {
    pub kernel: String,
    /// The offending op, printed, when there is one.
    pub op: Option<String>,
    pub location: Location,
    pub message: String,
}

impl PtxError {
    /// An error at `op`, or at the kernel's declaration when `op` is `None`.
    pub fn at(k: &Kernel, op: Option<OpId>, message: impl Into<String>) -> PtxError {
        PtxError {
            kernel: k.name.clone(),
            op: op.map(|o| print_op(k, o)),
            location: op.map_or_else(|| k.location.clone(), |o| k.op(o).location.clone()),
            message: message.into(),
        }
    }
}

impl fmt::Display for PtxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "kernel `{}`", self.kernel)?;
        if let Some(op) = &self.op {
            write!(f, ", op `{op}`")?;
        }
        write!(f, " at {}: PTX backend: {}", self.location, self.message)
    }
}

impl std::error::Error for PtxError {}

pub(crate) type R<T> = Result<T, PtxError>;
