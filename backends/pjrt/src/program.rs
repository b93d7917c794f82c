//! Programs on PJRT: the whole program is one executable
//! ([`tilekit_stablehlo::lower_program`]), so a decode step is one launch.
//!
//! The state (KV cache, weights) is uploaded once and stays on the device.
//! Each state parameter of the module is aliased to its result, so every
//! execution donates the state buffers to XLA, which updates them in place
//! and returns them as new buffers; those replace the donated ones (which
//! PJRT has invalidated and must not be used again). Each execution uploads
//! only the inputs and downloads only the program's outputs.
//!
//! If an execution fails, the donated state may be gone: the program says
//! so on every later call instead of running on stale or missing state.

use crate::buffer::DeviceBuffer;
use crate::client::Client;
use crate::executable::Executable;
use crate::state_ops::StateOps;
use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::program::{BufferId, LoadedProgram, Program};
use tilekit_core::{BackendError, HostTensor};
use tilekit_stablehlo::ProgramModule;

/// A program loaded on a PJRT client, its state on the device.
pub struct PjrtProgram {
    backend: String,
    client: Client,
    program: Arc<Program>,
    module: Arc<ProgramModule>,
    exe: Arc<Executable>,
    /// The state buffers, in the order of `module.params[..num_state]`.
    state: Vec<DeviceBuffer>,
    /// Why the state was lost, once an execution failed.
    lost: Option<String>,
    /// Zeros and row writes of state on the device.
    ops: StateOps,
}

impl PjrtProgram {
    /// Uploads `state` (checked by the caller; state buffers not given
    /// start as zeros) for a compiled `module` of `program`.
    pub(crate) fn load(
        backend: &str,
        client: &Client,
        program: Arc<Program>,
        module: Arc<ProgramModule>,
        exe: Arc<Executable>,
        mut state: BTreeMap<String, HostTensor>,
    ) -> Result<PjrtProgram, BackendError> {
        let mut loaded = PjrtProgram {
            backend: backend.to_string(),
            client: client.clone(),
            program,
            module,
            exe,
            state: Vec::new(),
            lost: None,
            ops: StateOps::default(),
        };
        for &b in &loaded.module.params[..loaded.module.num_state] {
            let d = loaded.program.buffer(b);
            // Given state is uploaded and its host copy dropped before the
            // next; state not given is made as zeros on the device.
            let buf = match state.remove(&d.name) {
                Some(t) => client.upload_bits16(&t),
                None => loaded.ops.zeros(client, d.dtype, &d.shape),
            }
            .map_err(|e| loaded.fail(format!("creating state `{}`: {e}", d.name)))?;
            loaded.state.push(buf);
        }
        Ok(loaded)
    }

    /// The lowered module (its text, parameter and result order).
    pub fn module(&self) -> &ProgramModule {
        &self.module
    }

    /// The device buffer holding state `name` now (replaced by every
    /// execution); `None` for a name that is not state or after a failure.
    pub fn state_on_device(&self, name: &str) -> Option<&DeviceBuffer> {
        let b = self.program.state_buffer(name).ok()?;
        self.state.get(self.state_index(name, b).ok()?)
    }

    /// Where state buffer `b` (called `name`) sits in `self.state`; an
    /// error once the state is lost.
    fn state_index(&self, name: &str, b: BufferId) -> Result<usize, BackendError> {
        if let Some(why) = &self.lost {
            return Err(self.fail(format!("state `{name}` was lost when {why}")));
        }
        self.module.params[..self.module.num_state]
            .iter()
            .position(|&p| p == b)
            .ok_or_else(|| self.fail(format!("state `{name}` is not a parameter")))
    }

    fn fail(&self, message: String) -> BackendError {
        BackendError::Target {
            backend: self.backend.clone(),
            kernel: format!("program `{}`", self.program.name),
            message,
        }
    }

    fn download(&self, b: BufferId, buf: &DeviceBuffer) -> Result<HostTensor, BackendError> {
        let d = self.program.buffer(b);
        let t = buf
            .to_host_as(d.dtype)
            .map_err(|e| self.fail(format!("downloading `{}`: {e}", d.name)))?;
        if t.dtype() != d.dtype || t.shape() != d.shape.as_slice() {
            return Err(self.fail(format!(
                "`{}` came back as {}{:?}, expected {}{:?}",
                d.name,
                t.dtype(),
                t.shape(),
                d.dtype,
                d.shape
            )));
        }
        Ok(t)
    }
}

impl LoadedProgram for PjrtProgram {
    fn program(&self) -> &Arc<Program> {
        &self.program
    }

    fn execute(
        &mut self,
        inputs: &[(&str, &HostTensor)],
    ) -> Result<BTreeMap<BufferId, HostTensor>, BackendError> {
        if let Some(why) = &self.lost {
            return Err(self.fail(format!(
                "its device state was lost when {why}; load the program again"
            )));
        }
        self.program.check_inputs(inputs)?;
        let n = self.module.num_state;
        let mut uploaded = Vec::with_capacity(self.module.params.len() - n);
        for &b in &self.module.params[n..] {
            let name = &self.program.buffer(b).name;
            // `check_inputs` saw every input.
            let Some((_, t)) = inputs.iter().find(|(i, _)| i == name) else {
                return Err(self.fail(format!("input `{name}` is missing")));
            };
            let buf = self
                .client
                .upload_bits16(t)
                .map_err(|e| self.fail(format!("uploading input `{name}`: {e}")))?;
            uploaded.push(buf);
        }
        let args: Vec<&DeviceBuffer> = self.state.iter().chain(&uploaded).collect();
        let mut results = match self.exe.execute(&args) {
            Ok(r) => r,
            Err(e) => {
                // The state buffers may have been donated: do not run on
                // them again.
                self.state.clear();
                self.lost = Some(format!("an execution failed ({e})"));
                return Err(self.fail(format!("execution failed, device state lost: {e}")));
            }
        };
        if results.len() != self.module.results.len() {
            self.state.clear();
            self.lost = Some("an execution returned the wrong number of results".into());
            return Err(self.fail(format!(
                "the executable returned {} results, the module declares {}",
                results.len(),
                self.module.results.len()
            )));
        }
        let outputs = results.split_off(n);
        // The old state buffers were donated; the results replace them.
        self.state = results;
        let mut out = BTreeMap::new();
        for (&b, buf) in self.module.results[n..].iter().zip(&outputs) {
            out.insert(b, self.download(b, buf)?);
        }
        Ok(out)
    }

    fn read_state(&self, name: &str) -> Result<HostTensor, BackendError> {
        let b = self.program.state_buffer(name)?;
        let i = self.state_index(name, b)?;
        self.download(b, &self.state[i])
    }

    fn write_state_rows(
        &mut self,
        name: &str,
        start: usize,
        rows: &HostTensor,
    ) -> Result<(), BackendError> {
        let b = self.program.check_rows(name, start, rows)?;
        let i = self.state_index(name, b)?;
        let shape = self.program.buffer(b).shape.clone();
        match self
            .ops
            .write_rows(&self.client, &self.state[i], &shape, start, rows)
        {
            Ok(written) => {
                // The old buffer was donated; the result takes its place.
                self.state[i] = written;
                Ok(())
            }
            Err(e) => {
                self.state.clear();
                self.lost = Some(format!("writing rows of `{name}` failed ({e})"));
                Err(self.fail(format!("writing rows of state `{name}`: {e}")))
            }
        }
    }
}
