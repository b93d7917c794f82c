//! The one interface every execution target implements, so kernels' host
//! APIs and examples take "a backend" and do not care which.

use crate::args::{ArgError, KernelArgs};
use crate::interp::RunError;
use crate::program::{
    HostProgram, HostProgramSet, LoadedProgram, LoadedProgramSet, Program, ProgramError,
};
use crate::verify::VerifiedKernel;
use crate::HostTensor;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Why a backend could not run a kernel.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error(transparent)]
    Args(#[from] ArgError),
    #[error(transparent)]
    Run(Box<RunError>),
    #[error(transparent)]
    Program(#[from] ProgramError),
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

    /// [`Backend::run`] with the arguments handed over: a backend that can
    /// update in/out refs in place (the interpreter) does so without a copy.
    fn run_owned(
        &self,
        kernel: &VerifiedKernel,
        args: KernelArgs,
    ) -> Result<BTreeMap<String, HostTensor>, BackendError> {
        self.run(kernel, &args)
    }

    /// Loads `program` with its initial `state` (state buffers not given
    /// start as zeros). The default runs the calls one by one through
    /// [`Backend::run_owned`]; backends with a whole-program form (one
    /// PJRT executable, one CUDA launch list) override it.
    fn load_program<'a>(
        &'a self,
        program: &Arc<Program>,
        state: BTreeMap<String, HostTensor>,
    ) -> Result<Box<dyn LoadedProgram + 'a>, BackendError> {
        Ok(Box::new(HostProgram::new(self, program.clone(), state)?))
    }

    /// Loads `programs` over one shared `state`: every program declaring a
    /// state buffer `name` sees the same buffer (all declarations of a name
    /// must agree on dtype and shape), kept once between executions; see
    /// [`crate::program::ProgramSet`]. State buffers not given start as
    /// zeros. The default runs the calls one by one, like
    /// [`Backend::load_program`]'s.
    fn load_program_set<'a>(
        &'a self,
        programs: &[Arc<Program>],
        state: BTreeMap<String, HostTensor>,
    ) -> Result<Box<dyn LoadedProgramSet + 'a>, BackendError> {
        Ok(Box::new(HostProgramSet::new(self, programs, state)?))
    }
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

    /// In/out refs handed over as the only clone are updated in place.
    fn run_owned(
        &self,
        kernel: &VerifiedKernel,
        args: KernelArgs,
    ) -> Result<BTreeMap<String, HostTensor>, BackendError> {
        Ok(crate::interp::run_owned(kernel, args)?)
    }
}
