//! The launch list: a program run call by call through
//! [`Backend::run_owned`], with its state held as host tensors. This is the
//! interpreter's way (and any backend's that has no whole-program form);
//! the argument checks are the ones every backend makes.
//!
//! [`HostProgramSet`] holds the state of a set of programs by name and
//! hands the running program's state buffers to one `Execution` (moved,
//! not copied, so the interpreter still updates them in place), taking
//! them back when it ends. [`HostProgram`] is the one-program set.

use super::set::{LoadedProgramSet, ProgramSet};
use super::{Arg, BufferId, BufferRole, OneProgram, Program, ProgramError};
use crate::backend::{Backend, BackendError};
use crate::{HostTensor, KernelArgs};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Programs loaded on a backend that runs one kernel at a time, sharing
/// their state by name.
pub struct HostProgramSet<'a, B: Backend + ?Sized> {
    backend: &'a B,
    set: ProgramSet,
    /// The current value of each state buffer, by name; a name missing was
    /// lost (a call failed while it held the buffer).
    state: BTreeMap<String, HostTensor>,
    /// Why state was lost, if it was.
    lost: Option<String>,
}

impl<'a, B: Backend + ?Sized> HostProgramSet<'a, B> {
    /// Loads `programs` with `state` (state buffers not given start as
    /// zeros).
    pub fn new(
        backend: &'a B,
        programs: &[Arc<Program>],
        mut state: BTreeMap<String, HostTensor>,
    ) -> Result<Self, ProgramError> {
        super::refuse_sharded(programs.iter().map(|p| &**p), &backend.name())?;
        let set = ProgramSet::new(programs)?;
        set.check_state(&state)?;
        let state = set
            .state()
            .map(|d| {
                let t = state
                    .remove(&d.name)
                    .unwrap_or_else(|| HostTensor::zeros(d.dtype, &d.shape));
                (d.name.clone(), t)
            })
            .collect();
        Ok(HostProgramSet {
            backend,
            set,
            state,
            lost: None,
        })
    }

    /// The checked set (its shared state declarations).
    pub fn set(&self) -> &ProgramSet {
        &self.set
    }

    fn lost_state(&self, name: &str) -> BackendError {
        BackendError::Program(self.set.error(format!(
            "state `{name}` was lost when {}",
            self.lost.as_deref().unwrap_or("a call failed")
        )))
    }
}

/// One execution of one program: the value of each of its buffers, the
/// state ones lent by the set for its duration.
struct Execution<'e, B: Backend + ?Sized> {
    backend: &'e B,
    program: Arc<Program>,
    values: Vec<Option<HostTensor>>,
    /// Why state was lost (a call failed while it held a buffer), if it was.
    lost: Option<String>,
}

impl<B: Backend + ?Sized> Execution<'_, B> {
    fn fail(&self, problem: String) -> BackendError {
        BackendError::Program(ProgramError {
            program: self.program.name.clone(),
            problems: vec![problem],
        })
    }

    /// The value of buffer `b` now: a view reads its base, reshaped.
    fn read(&self, b: BufferId) -> Option<HostTensor> {
        let base = self.program.base(b);
        let value = self.values[base.index()].clone()?;
        if base == b {
            return Some(value);
        }
        value.reshaped(&self.program.buffer(b).shape)
    }

    fn run_calls(&mut self) -> Result<(), BackendError> {
        let program = self.program.clone();
        for (i, call) in program.calls.iter().enumerate() {
            let k = call.kernel.kernel();
            let mut args = KernelArgs::new();
            let mut taken = Vec::new();
            for (name, arg) in &call.args {
                match *arg {
                    Arg::Scalar(x) => args.scalars.insert(name.clone(), x).map_or((), drop),
                    Arg::Buffer(b) => {
                        // A buffer updated in place is handed over, not
                        // shared, so the backend can write it without a copy.
                        let value = if call.in_out.contains(name) {
                            taken.push((name.clone(), b));
                            self.values[b.index()].take()
                        } else {
                            self.read(b)
                        };
                        let value = value.ok_or_else(|| {
                            self.fail(format!(
                                "call {i} (`{}`): buffer `{}` has no value",
                                k.name,
                                program.buffer(b).name
                            ))
                        })?;
                        args.tensors.insert(name.clone(), value);
                    }
                }
            }
            let mut out = match self.backend.run_owned(&call.kernel, args) {
                Ok(out) => out,
                Err(e) => {
                    if taken
                        .iter()
                        .any(|(_, b)| program.buffer(*b).role == BufferRole::State)
                    {
                        self.lost = Some(format!("call {i} (`{}`) failed", k.name));
                    }
                    return Err(e);
                }
            };
            for (name, b) in call
                .outputs
                .iter()
                .map(|(n, b)| (n, *b))
                .chain(taken.iter().map(|(n, b)| (n, *b)))
            {
                let t = out.remove(name).ok_or_else(|| {
                    self.fail(format!("call {i} (`{}`) returned no `{name}`", k.name))
                })?;
                self.values[b.index()] = Some(t);
            }
        }
        Ok(())
    }
}

impl<B: Backend + ?Sized> LoadedProgramSet for HostProgramSet<'_, B> {
    fn programs(&self) -> &[Arc<Program>] {
        self.set.programs()
    }

    fn execute(
        &mut self,
        which: usize,
        inputs: &[(&str, &HostTensor)],
    ) -> Result<BTreeMap<BufferId, HostTensor>, BackendError> {
        let program = self.set.program(which)?.clone();
        if let Some(why) = &self.lost {
            let again = match self.set.programs().len() {
                1 => "program",
                _ => "program set",
            };
            return Err(BackendError::Program(self.set.error(format!(
                "its state was lost when {why}; load the {again} again"
            ))));
        }
        program.check_inputs(inputs)?;
        let values = program
            .buffers
            .iter()
            .map(|b| match b.role {
                // Moved out for the execution, so a call updating it in
                // place holds the only reference.
                BufferRole::State => self.state.remove(&b.name),
                BufferRole::Input => inputs
                    .iter()
                    .find(|(n, _)| *n == b.name)
                    .map(|(_, t)| (*t).clone()),
                // Temps are made by the calls.
                _ => None,
            })
            .collect();
        let mut run = Execution {
            backend: self.backend,
            program: program.clone(),
            values,
            lost: None,
        };
        let result = run.run_calls();
        let out = program
            .outputs
            .iter()
            .filter_map(|b| run.read(*b).map(|t| (*b, t)))
            .collect();
        // State goes back to the set; inputs and temps do not outlive the
        // execution. State a failed call held stays missing: lost.
        let mut dropped = false;
        for (b, v) in program.buffers.iter().zip(run.values) {
            match (b.role, v) {
                (BufferRole::State, Some(t)) => drop(self.state.insert(b.name.clone(), t)),
                (BufferRole::State, None) => dropped = true,
                _ => {}
            }
        }
        if dropped {
            let why = run.lost.unwrap_or_else(|| "a call failed".into());
            self.lost = Some(match self.set.programs().len() {
                1 => why,
                _ => format!("{why} in program {which} (`{}`)", program.name),
            });
        }
        result.map(|()| out)
    }

    fn read_state(&self, name: &str) -> Result<HostTensor, BackendError> {
        self.set.state_decl(name)?;
        self.state
            .get(name)
            .cloned()
            .ok_or_else(|| self.lost_state(name))
    }

    fn write_state_rows(
        &mut self,
        name: &str,
        start: usize,
        rows: &HostTensor,
    ) -> Result<(), BackendError> {
        self.set.check_rows(name, start, rows)?;
        let Some(t) = self.state.get_mut(name) else {
            return Err(self.lost_state(name));
        };
        t.write_rows(start, rows)
            .map_err(|e| BackendError::Program(self.set.error(format!("state `{name}`: {e}"))))
    }
}

/// A program loaded on a backend that runs one kernel at a time: the
/// one-program [`HostProgramSet`].
pub type HostProgram<'a, B> = OneProgram<HostProgramSet<'a, B>>;

impl<'a, B: Backend + ?Sized> OneProgram<HostProgramSet<'a, B>> {
    /// Loads `program` with `state` (state buffers not given start as zeros).
    pub fn new(
        backend: &'a B,
        program: Arc<Program>,
        state: BTreeMap<String, HostTensor>,
    ) -> Result<Self, ProgramError> {
        HostProgramSet::new(backend, &[program], state).map(OneProgram)
    }
}
