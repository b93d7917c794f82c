//! Typed views of the structured ops (`for`, `if`) for the code that walks
//! verified IR: the interpreter and every backend name a loop's parts
//! through [`ForView`] instead of destructuring [`OpKind::For`] each its own
//! way. An op that is not what its caller expects is an internal error the
//! caller reports at the op ([`Kernel::for_op`] and [`Kernel::if_op`] say
//! what was found), never a silent no-op.

use super::{Kernel, OpId, OpKind, Region, Value};

/// The parts of a `for` op. The body's arguments are `[iv, carried...]`, its
/// yields the next carried values; the op's results are the final ones.
#[derive(Copy, Clone, Debug)]
pub struct ForView<'k> {
    pub lower: Value,
    pub upper: Value,
    pub step: u32,
    pub init: &'k [Value],
    pub body: &'k Region,
    /// `Some(s)`: top-level device-memory loads are issued `s - 1`
    /// iterations ahead.
    pub stages: Option<u32>,
}

impl<'k> ForView<'k> {
    /// The induction variable (the body's first argument).
    pub fn iv(&self) -> Value {
        self.body.args[0]
    }

    /// The carried values as the body sees them (the body's other arguments).
    pub fn carried(&self) -> &'k [Value] {
        &self.body.args[1..]
    }
}

/// The parts of an `if` op; both regions yield the op's results.
#[derive(Copy, Clone, Debug)]
pub struct IfView<'k> {
    pub cond: Value,
    pub then_region: &'k Region,
    pub else_region: &'k Region,
}

impl OpKind {
    /// This op as a `for`, if it is one.
    pub fn as_for(&self) -> Option<ForView<'_>> {
        match self {
            OpKind::For {
                lower,
                upper,
                step,
                init,
                body,
                stages,
            } => Some(ForView {
                lower: *lower,
                upper: *upper,
                step: *step,
                init,
                body,
                stages: *stages,
            }),
            _ => None,
        }
    }

    /// This op as an `if`, if it is one.
    pub fn as_if(&self) -> Option<IfView<'_>> {
        match self {
            OpKind::If {
                cond,
                then_region,
                else_region,
            } => Some(IfView {
                cond: *cond,
                then_region,
                else_region,
            }),
            _ => None,
        }
    }
}

impl Kernel {
    /// Op `op` as a `for`; `Err` says what it is instead, for the caller to
    /// report at the op as an internal error.
    pub fn for_op(&self, op: OpId) -> Result<ForView<'_>, String> {
        let kind = &self.op(op).kind;
        kind.as_for().ok_or_else(|| mismatch("for", kind))
    }

    /// Op `op` as an `if`; `Err` says what it is instead.
    pub fn if_op(&self, op: OpId) -> Result<IfView<'_>, String> {
        let kind = &self.op(op).kind;
        kind.as_if().ok_or_else(|| mismatch("if", kind))
    }
}

fn mismatch(expected: &str, found: &OpKind) -> String {
    format!(
        "internal error: expected a `{expected}` op, found `{}`",
        found.mnemonic()
    )
}
