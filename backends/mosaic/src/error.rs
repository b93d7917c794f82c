//! Errors of the TPU backend. Each names the kernel; target-rule errors add
//! the ref and the shape that breaks the rule, lowering errors the op (as
//! printed) and its source location, and libtpu's compile errors the
//! tilekit op that the failing line of the Mosaic body came from.

use tilekit_core::ir::{Kernel, Location, OpId};
use tilekit_core::print::print_op;
use tilekit_core::DType;

#[derive(Debug, thiserror::Error)]
pub enum MosaicError {
    /// The kernel breaks a rule of the TPU target (tiling, VMEM, dtypes),
    /// found by tilekit before Mosaic sees the kernel.
    #[error("TPU target rule ({chip}): kernel `{kernel}`{}: {message} [at {location}]", what.as_ref().map(|w| format!(", {w}")).unwrap_or_default())]
    Target {
        kernel: String,
        // The generation, not its name: keeps the error small enough to
        // pass around in `Result`s (clippy's `result_large_err`).
        chip: crate::TpuGeneration,
        /// `ref `k_cache`, block [1, 16, 1, 128]` and the like.
        what: Option<String>,
        location: Location,
        message: String,
        /// The dtype the chip cannot hold, when that is the rule broken
        /// (a refusal by design, which `cargo xtask tpu-check` counts
        /// apart from failures).
        dtype: Option<DType>,
    },
    /// An op or construct the Mosaic lowering does not support.
    #[error("Mosaic lowering of kernel `{kernel}`{}: {message} [at {location}]", op.as_ref().map(|o| format!(", op `{o}`")).unwrap_or_default())]
    Unsupported {
        kernel: String,
        op: Option<String>,
        location: Location,
        message: String,
    },
    /// libtpu (Mosaic and the TPU compiler) rejected the kernel.
    #[error("libtpu could not compile kernel `{kernel}` for {chip}{}: {message}", from.as_ref().map(|f| format!(" (Mosaic body line {}, from tilekit op `{}` at {})", f.0, f.1, f.2)).unwrap_or_default())]
    Compile {
        kernel: String,
        chip: &'static str,
        /// The body line libtpu named and the tilekit op it came from.
        from: Option<(usize, String, Location)>,
        message: String,
    },
    /// A call of a program could not be lowered: its kernel breaks a rule
    /// (`source`, naming the kernel, ref and shape) or the call does not
    /// match its kernel.
    #[error("program `{program}`, call {call} (`{kernel}`) at {location}: {source}")]
    InProgram {
        program: String,
        call: usize,
        kernel: String,
        /// Where the call was recorded (`file:line:column`).
        location: String,
        source: Box<MosaicError>,
    },
    /// A program that does not hold together (built by hand, not by
    /// `ProgramBuilder`).
    #[error("program `{program}`: {message}")]
    Program { program: String, message: String },
    /// libtpu rejected a program's module. (A Mosaic error's body line
    /// cannot be mapped back: every call carries its own body.)
    #[error("libtpu could not compile program `{program}` for {chip}: {message}")]
    ProgramCompile {
        program: String,
        chip: &'static str,
        message: String,
    },
    /// Finding or loading libtpu, or a PJRT call, failed.
    #[error(transparent)]
    Pjrt(#[from] tilekit_pjrt::PjrtError),
}

impl MosaicError {
    pub(crate) fn unsupported_op(k: &Kernel, op: OpId, message: impl Into<String>) -> MosaicError {
        MosaicError::Unsupported {
            kernel: k.name.clone(),
            op: Some(print_op(k, op)),
            location: k.op(op).location.clone(),
            message: message.into(),
        }
    }

    pub(crate) fn unsupported(k: &Kernel, message: impl Into<String>) -> MosaicError {
        MosaicError::Unsupported {
            kernel: k.name.clone(),
            op: None,
            location: k.location.clone(),
            message: message.into(),
        }
    }
}
