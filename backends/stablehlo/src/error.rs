//! Lowering errors: like the verifier's, each names the kernel, the op (as
//! printed) and where it came from in the user's source.

use std::fmt;
use tilekit_core::ir::{Kernel, Location, OpId};
use tilekit_core::print::print_op;

/// A kernel (or a chain of kernels) that cannot be lowered to StableHLO.
#[derive(Clone, Debug, PartialEq)]
pub struct LowerError {
    pub kernel: String,
    /// The offending op, printed, when there is one.
    pub op: Option<String>,
    pub location: Location,
    pub message: String,
}

impl fmt::Display for LowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StableHLO lowering of kernel `{}`", self.kernel)?;
        if let Some(op) = &self.op {
            write!(f, ", op `{op}`")?;
        }
        write!(f, " at {}: {}", self.location, self.message)
    }
}

impl std::error::Error for LowerError {}

impl LowerError {
    /// An error at `op` of `k`.
    pub(crate) fn at_op(k: &Kernel, op: OpId, message: impl Into<String>) -> LowerError {
        LowerError {
            kernel: k.name.clone(),
            op: Some(print_op(k, op)),
            location: k.op(op).location.clone(),
            message: message.into(),
        }
    }

    /// An error about the kernel as a whole (its grid, its signature).
    pub(crate) fn at_kernel(k: &Kernel, message: impl Into<String>) -> LowerError {
        LowerError {
            kernel: k.name.clone(),
            op: None,
            location: k.location.clone(),
            message: message.into(),
        }
    }
}
