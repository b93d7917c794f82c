//! Verifier diagnostics: every error names the kernel, the op (as printed)
//! and where the op came from in the user's source.

use crate::ir::Location;
use std::fmt;

/// The kinds of problem the verifier reports; tests check one of each.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Operands of an elementwise op have different dtypes.
    DTypeMismatch,
    /// Operands or a stored value have incompatible shapes.
    ShapeMismatch,
    /// An operand's dtype or rank is not allowed for the op.
    BadOperand,
    /// An axis, dim or permutation is out of range for the operand's rank.
    BadAxis,
    /// A load, store or prefetch read has the wrong number of indices.
    IndexCount,
    /// A statically known slice does not fit the ref's dimension.
    SliceOutOfBounds,
    /// A store writes through a read-only input ref.
    StoreToInput,
    /// A value is used where it is not defined (outside its region, or before it).
    UndefinedValue,
    /// A recorded result type differs from what the op produces.
    ResultType,
    /// A loop-carried value changes type across an iteration.
    CarriedTypeChanged,
    /// The branches of an `if` yield different types.
    BranchTypeMismatch,
    /// A load in a pipelined loop cannot be issued ahead.
    NotPipelinable,
    /// A loop's step or pipeline depth is invalid.
    BadLoop,
    /// The grid or its axis semantics are malformed.
    BadGrid,
    /// Programs along a parallel grid axis would write the same elements.
    ParallelRace,
    /// Two parameters share a name.
    DuplicateName,
    /// A block spec does not fit its ref.
    BadBlockSpec,
    /// A condition the kernel itself requires of its shapes or trace-time
    /// values (`dsl::require`) does not hold.
    Requirement,
}

/// One problem found by the verifier.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifyError {
    pub kind: ErrorKind,
    pub kernel: String,
    /// The offending op, printed (`%7 = add %3, %5 : f32[4]`), when there is one.
    pub op: Option<String>,
    pub location: Location,
    pub message: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "kernel `{}`", self.kernel)?;
        if let Some(op) = &self.op {
            write!(f, ", op `{op}`")?;
        }
        write!(f, " at {}: {}", self.location, self.message)
    }
}

/// Every error the verifier found, in program order.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifyErrors(pub Vec<VerifyError>);

impl VerifyErrors {
    pub fn kinds(&self) -> Vec<ErrorKind> {
        self.0.iter().map(|e| e.kind).collect()
    }
}

impl fmt::Display for VerifyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(f, "{n} error{} in tile IR:", if n == 1 { "" } else { "s" })?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for VerifyErrors {}

/// A type error found while inferring an op's result types, before it is
/// attached to a kernel and a location.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeError {
    pub kind: ErrorKind,
    pub message: String,
}

impl TypeError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> TypeError {
        TypeError {
            kind,
            message: message.into(),
        }
    }
}
