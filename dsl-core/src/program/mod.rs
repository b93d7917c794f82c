//! Programs: a fixed sequence of kernel calls over named buffers, built
//! once and executed many times (a model's decode step). A backend lowers
//! the whole sequence as one unit: one StableHLO module and one PJRT
//! executable, one Mosaic module, one CUDA launch list; the interpreter
//! runs the calls in order.
//!
//! Buffers have a role:
//! - **input**: handed in by every execution (token ids, positions, slot
//!   mappings, block-table rows); read-only inside the program;
//! - **state**: persistent (KV cache, weights): given once when the program
//!   is loaded, kept by the backend (on the device) between executions and
//!   updated in place by the in/out refs bound to it;
//! - **temp**: what a call's output ref creates, visible to later calls of
//!   the same execution.
//!
//! - **view**: another buffer's elements under another shape (row-major,
//!   same count; [`ProgramBuilder::view`]). A view is read-only: binding it
//!   to a call reads its base buffer's value at that point of the program,
//!   reshaped. It costs nothing on any backend (a `reshape` in StableHLO,
//!   the same allocation on CUDA), so kernels can each take the layout
//!   they want (`[M, K]` activations as `[M, K/32, 2, 16]` for a Q4_1
//!   product, `[M, H·D]` projections as `[M, H, D]` heads).
//!
//! Any buffer may be marked as an output of the program; each execution
//! returns those, and only those, to the host.
//!
//! ```
//! use std::sync::Arc;
//! use tilekit_core::program::{Arg, ProgramBuilder};
//! use tilekit_core::{ir::Index, DType, HostTensor, Interpreter, Backend, KernelBuilder};
//!
//! // y = 2x, then acc += y: one kernel twice.
//! let mut kb = KernelBuilder::new("double");
//! kb.grid(&[1]);
//! let x = kb.input("x", DType::F32, &[4]);
//! let y = kb.output("y", DType::F32, &[4]);
//! let t = kb.load(x, &[Index::Full]);
//! let two = kb.f32(2.0);
//! let t = kb.mul(t, two);
//! kb.store(y, &[Index::Full], t);
//! let double = Arc::new(kb.finish()?);
//!
//! let mut p = ProgramBuilder::new("quadruple");
//! let x = p.input("x", DType::F32, &[4]);
//! let once = p.call(&double, &[("x", Arg::from(x))]);
//! let y = p.out(once, "y");
//! let twice = p.call(&double, &[("x", y.into())]);
//! let z = p.out(twice, "y");
//! p.output(z);
//! let program = Arc::new(p.finish()?);
//!
//! let mut loaded = Interpreter.load_program(&program, Default::default())?;
//! let x = HostTensor::from_f32(DType::F32, &[4], &[1., 2., 3., 4.])?;
//! let out = loaded.execute(&[("x", &x)])?;
//! assert_eq!(out[&z].as_f32().unwrap(), &[4., 8., 12., 16.]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod builder;
mod host;
mod set;
mod shard;

pub use builder::ProgramBuilder;
pub use host::{HostProgram, HostProgramSet};
pub use set::{LoadedProgramSet, OneProgram, ProgramSet};
pub use shard::{refuse_sharded, Sharding};

use crate::args::ScalarArg;
use crate::backend::BackendError;
use crate::verify::VerifiedKernel;
use crate::{DType, HostTensor};
use std::collections::BTreeMap;
use std::fmt;
use std::panic::Location;
use std::sync::Arc;

/// A buffer of a program (an index into [`Program::buffers`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BufferId(pub(crate) u32);

impl BufferId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A call of a program (an index into [`Program::calls`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct CallId(pub(crate) u32);

impl CallId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a buffer is for; see the module docs.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BufferRole {
    Input,
    State,
    Temp,
    View,
}

/// Where a buffer came from, for errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Declared by [`ProgramBuilder::input`] or [`ProgramBuilder::state`] here.
    Declared(&'static Location<'static>),
    /// Created by output ref `param` of a call.
    Output { call: CallId, param: String },
    /// A view of buffer `of` (never itself a view), made here.
    View {
        of: BufferId,
        location: &'static Location<'static>,
    },
}

/// One buffer: a name unique in the program, a dtype and a shape.
#[derive(Clone, Debug, PartialEq)]
pub struct BufferDecl {
    pub name: String,
    pub dtype: DType,
    pub shape: Vec<usize>,
    pub role: BufferRole,
    pub origin: Origin,
}

impl BufferDecl {
    pub fn size_bytes(&self) -> usize {
        self.shape.iter().product::<usize>() * self.dtype.size_bytes()
    }
}

/// What a kernel parameter is bound to.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Arg {
    Buffer(BufferId),
    /// A scalar fixed when the program is built.
    Scalar(ScalarArg),
}

impl From<BufferId> for Arg {
    fn from(b: BufferId) -> Arg {
        Arg::Buffer(b)
    }
}

impl From<f32> for Arg {
    fn from(x: f32) -> Arg {
        Arg::Scalar(ScalarArg::F32(x))
    }
}

impl From<i32> for Arg {
    fn from(x: i32) -> Arg {
        Arg::Scalar(ScalarArg::I32(x))
    }
}

impl From<bool> for Arg {
    fn from(x: bool) -> Arg {
        Arg::Scalar(ScalarArg::Bool(x))
    }
}

/// One kernel invocation: every prefetch array, input and in/out ref and
/// scalar bound (by parameter name), and the buffers its outputs create.
#[derive(Clone, Debug)]
pub struct Call {
    pub kernel: Arc<VerifiedKernel>,
    /// Parameter name → argument, in the kernel's parameter order.
    pub args: Vec<(String, Arg)>,
    /// Output ref name → the temp buffer it creates.
    pub outputs: Vec<(String, BufferId)>,
    /// The in/out refs among `args`: the buffers this call updates in place.
    pub in_out: Vec<String>,
    pub location: &'static Location<'static>,
}

impl Call {
    /// The argument bound to parameter `name`.
    pub fn arg(&self, name: &str) -> Option<Arg> {
        self.args.iter().find(|(n, _)| n == name).map(|(_, a)| *a)
    }

    /// The buffer an output or in/out ref `name` writes after this call.
    pub fn written(&self, name: &str) -> Option<BufferId> {
        self.outputs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| *b)
            .or_else(|| match self.arg(name) {
                Some(Arg::Buffer(b)) => Some(b),
                _ => None,
            })
    }
}

/// A checked program: every binding agrees with its kernel's signature.
#[derive(Clone, Debug)]
pub struct Program {
    pub name: String,
    pub buffers: Vec<BufferDecl>,
    pub calls: Vec<Call>,
    /// Buffers returned by every execution, in this order.
    pub outputs: Vec<BufferId>,
    /// How the program is split over devices; `None` on one device.
    pub sharding: Option<Sharding>,
}

impl Program {
    pub fn buffer(&self, id: BufferId) -> &BufferDecl {
        &self.buffers[id.index()]
    }

    /// The buffer called `name`.
    pub fn find(&self, name: &str) -> Option<BufferId> {
        self.buffers
            .iter()
            .position(|b| b.name == name)
            .map(|i| BufferId(i as u32))
    }

    /// The buffer whose elements `b` holds: `b` itself, or a view's base.
    pub fn base(&self, b: BufferId) -> BufferId {
        match self.buffer(b).origin {
            Origin::View { of, .. } => of,
            _ => b,
        }
    }

    /// Buffers of one role, in declaration order.
    pub fn with_role(&self, role: BufferRole) -> impl Iterator<Item = BufferId> + '_ {
        (0..self.buffers.len())
            .map(|i| BufferId(i as u32))
            .filter(move |b| self.buffer(*b).role == role)
    }

    /// Bytes of all state buffers (what stays resident).
    pub fn state_bytes(&self) -> usize {
        self.with_role(BufferRole::State)
            .map(|b| self.buffer(b).size_bytes())
            .sum()
    }

    /// Checks the tensors of one execution: every input present with its
    /// declared dtype and shape, nothing unknown.
    pub fn check_inputs(&self, inputs: &[(&str, &HostTensor)]) -> Result<(), ProgramError> {
        let mut problems = Vec::new();
        for id in self.with_role(BufferRole::Input) {
            let b = self.buffer(id);
            match inputs.iter().find(|(n, _)| *n == b.name) {
                None => problems.push(format!(
                    "input `{}` ({}{:?}) is missing",
                    b.name, b.dtype, b.shape
                )),
                Some((_, t)) => check_tensor(b, t, "input", &mut problems),
            }
        }
        for (name, _) in inputs {
            match self.find(name).map(|b| self.buffer(b).role) {
                Some(BufferRole::Input) => {}
                Some(role) => problems.push(format!(
                    "`{name}` is {}, not an input; only inputs are passed per execution",
                    role_name(role)
                )),
                None => problems.push(format!("the program has no input named `{name}`")),
            }
        }
        self.result(problems)
    }

    /// Checks the initial state: known state buffers with the declared
    /// dtype and shape. Missing ones start as zeros.
    pub fn check_state(&self, state: &BTreeMap<String, HostTensor>) -> Result<(), ProgramError> {
        let mut problems = Vec::new();
        for (name, t) in state {
            match self.find(name).map(|b| self.buffer(b)) {
                Some(b) if b.role == BufferRole::State => {
                    check_tensor(b, t, "state", &mut problems)
                }
                Some(b) => problems.push(format!("`{name}` is {}, not state", role_name(b.role))),
                None => problems.push(format!("the program has no state buffer named `{name}`")),
            }
        }
        self.result(problems)
    }

    /// `Ok` when `problems` is empty, else the error naming this program.
    pub fn result(&self, problems: Vec<String>) -> Result<(), ProgramError> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ProgramError {
                program: self.name.clone(),
                problems,
            })
        }
    }

    /// Checks a [`LoadedProgram::write_state_rows`]: `name` is state and
    /// `rows` fit it at `start`.
    pub fn check_rows(
        &self,
        name: &str,
        start: usize,
        rows: &HostTensor,
    ) -> Result<BufferId, ProgramError> {
        let b = self.state_buffer(name)?;
        let d = self.buffer(b);
        let fits = rows.dtype() == d.dtype
            && rows.shape().len() == d.shape.len()
            && !d.shape.is_empty()
            && rows.shape()[1..] == d.shape[1..]
            && start
                .checked_add(rows.shape()[0])
                .is_some_and(|end| end <= d.shape[0]);
        if fits {
            return Ok(b);
        }
        Err(ProgramError {
            program: self.name.clone(),
            problems: vec![format!(
                "rows {}{:?} written at row {start} do not fit state `{name}` ({}{:?})",
                rows.dtype(),
                rows.shape(),
                d.dtype,
                d.shape
            )],
        })
    }

    /// A state buffer by name, for [`LoadedProgram::read_state`] errors.
    pub fn state_buffer(&self, name: &str) -> Result<BufferId, ProgramError> {
        match self.find(name) {
            Some(b) if self.buffer(b).role == BufferRole::State => Ok(b),
            _ => Err(ProgramError {
                program: self.name.clone(),
                problems: vec![format!("the program has no state buffer named `{name}`")],
            }),
        }
    }
}

fn check_tensor(b: &BufferDecl, t: &HostTensor, what: &str, problems: &mut Vec<String>) {
    if t.dtype() != b.dtype || t.shape() != b.shape.as_slice() {
        problems.push(format!(
            "{what} `{}` is {}{:?} but the program declares {}{:?}",
            b.name,
            t.dtype(),
            t.shape(),
            b.dtype,
            b.shape
        ));
    }
}

pub(crate) fn role_name(r: BufferRole) -> &'static str {
    match r {
        BufferRole::Input => "an input buffer",
        BufferRole::State => "a state buffer",
        BufferRole::Temp => "a temp buffer",
        BufferRole::View => "a view",
    }
}

/// Every problem with a program, or with the tensors of one execution.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgramError {
    pub program: String,
    pub problems: Vec<String>,
}

impl fmt::Display for ProgramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "program `{}`: {}",
            self.program,
            self.problems.join("; ")
        )
    }
}

impl std::error::Error for ProgramError {}

/// A program loaded on a backend: its state lives there between executions.
pub trait LoadedProgram {
    fn program(&self) -> &Arc<Program>;

    /// Runs every call once, in order. `inputs` holds every input buffer by
    /// name (checked first); returns the buffers marked as outputs.
    fn execute(
        &mut self,
        inputs: &[(&str, &HostTensor)],
    ) -> Result<BTreeMap<BufferId, HostTensor>, BackendError>;

    /// A copy of state buffer `name` on the host.
    fn read_state(&self, name: &str) -> Result<HostTensor, BackendError>;

    /// Overwrites rows `start..start + rows.shape()[0]` (axis 0) of state
    /// buffer `name`, in place. A large state (a KV cache, weights) can so
    /// be filled piece by piece and never exist twice in memory.
    fn write_state_rows(
        &mut self,
        name: &str,
        start: usize,
        rows: &HostTensor,
    ) -> Result<(), BackendError>;
}
