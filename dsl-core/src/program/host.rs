//! The launch list: a program run call by call through
//! [`Backend::run_owned`], with its state held as host tensors. This is the
//! interpreter's way (and any backend's that has no whole-program form);
//! the argument checks are the ones every backend makes.

use super::{Arg, BufferId, BufferRole, LoadedProgram, Program, ProgramError};
use crate::backend::{Backend, BackendError};
use crate::{HostTensor, KernelArgs};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A program loaded on a backend that runs one kernel at a time.
pub struct HostProgram<'a, B: Backend + ?Sized> {
    backend: &'a B,
    program: Arc<Program>,
    /// The current value of each buffer; state persists between
    /// executions, the rest is dropped at the end of each.
    values: Vec<Option<HostTensor>>,
    /// Why state was lost (a call failed while it held a buffer), if it was.
    lost: Option<String>,
}

impl<'a, B: Backend + ?Sized> HostProgram<'a, B> {
    /// Loads `program` with `state` (state buffers not given start as zeros).
    pub fn new(
        backend: &'a B,
        program: Arc<Program>,
        mut state: BTreeMap<String, HostTensor>,
    ) -> Result<Self, ProgramError> {
        program.check_state(&state)?;
        let values = program
            .buffers
            .iter()
            .map(|b| match b.role {
                BufferRole::State => Some(
                    state
                        .remove(&b.name)
                        .unwrap_or_else(|| HostTensor::zeros(b.dtype, &b.shape)),
                ),
                _ => None,
            })
            .collect();
        Ok(HostProgram {
            backend,
            program,
            values,
            lost: None,
        })
    }

    fn fail(&self, problem: String) -> BackendError {
        BackendError::Program(ProgramError {
            program: self.program.name.clone(),
            problems: vec![problem],
        })
    }

    fn lost_state(&self, name: &str) -> BackendError {
        self.fail(format!(
            "state `{name}` was lost when {}",
            self.lost.as_deref().unwrap_or("a call failed")
        ))
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

impl<B: Backend + ?Sized> LoadedProgram for HostProgram<'_, B> {
    fn program(&self) -> &Arc<Program> {
        &self.program
    }

    fn execute(
        &mut self,
        inputs: &[(&str, &HostTensor)],
    ) -> Result<BTreeMap<BufferId, HostTensor>, BackendError> {
        if let Some(why) = &self.lost {
            return Err(self.fail(format!(
                "its state was lost when {why}; load the program again"
            )));
        }
        self.program
            .check_inputs(inputs)
            .map_err(BackendError::Program)?;
        for (name, t) in inputs {
            if let Some(b) = self.program.find(name) {
                self.values[b.index()] = Some((*t).clone());
            }
        }
        let result = self.run_calls();
        let out = self
            .program
            .outputs
            .iter()
            .filter_map(|b| self.read(*b).map(|t| (*b, t)))
            .collect();
        // Inputs and temps do not outlive the execution.
        for (b, v) in self.program.buffers.iter().zip(&mut self.values) {
            if b.role != BufferRole::State {
                *v = None;
            }
        }
        result.map(|()| out)
    }

    fn read_state(&self, name: &str) -> Result<HostTensor, BackendError> {
        let b = self
            .program
            .state_buffer(name)
            .map_err(BackendError::Program)?;
        self.values[b.index()]
            .clone()
            .ok_or_else(|| self.lost_state(name))
    }

    fn write_state_rows(
        &mut self,
        name: &str,
        start: usize,
        rows: &HostTensor,
    ) -> Result<(), BackendError> {
        let b = self.program.check_rows(name, start, rows)?;
        if self.values[b.index()].is_none() {
            return Err(self.lost_state(name));
        }
        let t = self.values[b.index()].as_mut().expect("checked just above");
        t.write_rows(start, rows)
            .map_err(|e| self.fail(format!("state `{name}`: {e}")))
    }
}
