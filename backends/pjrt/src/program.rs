//! Programs on PJRT: each program is one executable
//! ([`tilekit_stablehlo::lower_program`]), so a decode step is one launch.
//!
//! The state (KV cache, weights) is uploaded once and stays on the device.
//! Each state parameter of a module is aliased to its result, so every
//! execution donates the state buffers to XLA, which updates them in place
//! and returns them as new buffers; those replace the donated ones (which
//! PJRT has invalidated and must not be used again). Each execution uploads
//! only the inputs and downloads only the program's outputs.
//!
//! A set of programs ([`PjrtProgramSet`]: a decode step per batch size, a
//! prefill per prompt bucket) shares one table of device state buffers by
//! name: running program `i` passes the buffers its module takes, in its
//! parameter order, and puts the returned ones back under their names, so
//! switching programs moves nothing through the host. [`PjrtProgram`] is
//! the one-program set.
//!
//! If an execution fails, the donated state may be gone: the set says so
//! on every later call instead of running on stale or missing state.

use crate::buffer::DeviceBuffer;
use crate::client::Client;
use crate::executable::Executable;
use crate::state_ops::StateOps;
use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::program::{
    BufferDecl, BufferId, LoadedProgramSet, OneProgram, Program, ProgramSet,
};
use tilekit_core::{BackendError, HostTensor};
use tilekit_stablehlo::ProgramModule;

/// Programs loaded on a PJRT client over one state, kept on the device.
pub struct PjrtProgramSet {
    backend: String,
    client: Client,
    set: ProgramSet,
    /// Each program's module and executable, in the set's order.
    compiled: Vec<(Arc<ProgramModule>, Arc<Executable>)>,
    /// The device buffer of each state name (replaced by every execution
    /// that takes it); a name missing was donated to a failed execution.
    state: BTreeMap<String, DeviceBuffer>,
    /// Why state was lost, once an execution failed.
    lost: Option<String>,
    /// Zeros and row writes of state on the device.
    ops: StateOps,
}

impl PjrtProgramSet {
    /// Uploads `state` (checked by the caller; state buffers not given
    /// start as zeros) for `set`, each program compiled to
    /// `compiled[i]`.
    pub(crate) fn load(
        backend: &str,
        client: &Client,
        set: ProgramSet,
        compiled: Vec<(Arc<ProgramModule>, Arc<Executable>)>,
        mut state: BTreeMap<String, HostTensor>,
    ) -> Result<PjrtProgramSet, BackendError> {
        let mut loaded = PjrtProgramSet {
            backend: backend.to_string(),
            client: client.clone(),
            set,
            compiled,
            state: BTreeMap::new(),
            lost: None,
            ops: StateOps::default(),
        };
        let decls: Vec<BufferDecl> = loaded.set.state().cloned().collect();
        for d in decls {
            // Given state is uploaded and its host copy dropped before the
            // next; state not given is made as zeros on the device.
            let buf = match state.remove(&d.name) {
                Some(t) => client.upload_bits16(&t),
                None => loaded.ops.zeros(client, d.dtype, &d.shape),
            }
            .map_err(|e| loaded.fail(format!("creating state `{}`: {e}", d.name)))?;
            loaded.state.insert(d.name, buf);
        }
        Ok(loaded)
    }

    /// The checked set (its shared state declarations).
    pub fn set(&self) -> &ProgramSet {
        &self.set
    }

    /// Program `which`'s lowered module (its text, parameter and result
    /// order).
    pub fn module(&self, which: usize) -> Option<&ProgramModule> {
        self.compiled.get(which).map(|(m, _)| &**m)
    }

    /// The device buffer holding state `name` now (replaced by every
    /// execution that takes it); `None` for a name that is not state or
    /// whose buffer was lost.
    pub fn state_on_device(&self, name: &str) -> Option<&DeviceBuffer> {
        self.state.get(name)
    }

    /// State buffer `name`; an error once it is lost.
    fn state_buffer(&self, name: &str) -> Result<&DeviceBuffer, BackendError> {
        self.state.get(name).ok_or_else(|| self.lost_state(name))
    }

    fn lost_state(&self, name: &str) -> BackendError {
        let why = self.lost.as_deref().unwrap_or("an execution failed");
        self.fail(format!("state `{name}` was lost when {why}"))
    }

    /// An error about the set as a whole.
    fn fail(&self, message: String) -> BackendError {
        self.fail_in(self.set.name(), message)
    }

    fn fail_in(&self, program: &str, message: String) -> BackendError {
        BackendError::Target {
            backend: self.backend.clone(),
            kernel: format!("program `{program}`"),
            message,
        }
    }

    /// Marks the state buffers program `which` took as lost (they may have
    /// been donated) and says why.
    fn lose(&mut self, which: usize, why: String) {
        let (program, module) = (&self.set.programs()[which], &self.compiled[which].0);
        for &b in &module.params[..module.num_state] {
            self.state.remove(&program.buffer(b).name);
        }
        self.lost = Some(match self.set.programs().len() {
            1 => why,
            _ => format!("{why} in program {which} (`{}`)", program.name),
        });
    }

    fn download(&self, d: &BufferDecl, buf: &DeviceBuffer) -> Result<HostTensor, BackendError> {
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

impl LoadedProgramSet for PjrtProgramSet {
    fn programs(&self) -> &[Arc<Program>] {
        self.set.programs()
    }

    fn execute(
        &mut self,
        which: usize,
        inputs: &[(&str, &HostTensor)],
    ) -> Result<BTreeMap<BufferId, HostTensor>, BackendError> {
        let program = self.set.program(which)?.clone();
        let (module, exe) = self.compiled[which].clone();
        let fail = |this: &Self, m: String| this.fail_in(&program.name, m);
        if let Some(why) = &self.lost {
            let again = match self.set.programs().len() {
                1 => "program",
                _ => "program set",
            };
            return Err(fail(
                self,
                format!("its device state was lost when {why}; load the {again} again"),
            ));
        }
        program.check_inputs(inputs)?;
        let n = module.num_state;
        let mut uploaded = Vec::with_capacity(module.params.len() - n);
        for &b in &module.params[n..] {
            let name = &program.buffer(b).name;
            // `check_inputs` saw every input.
            let Some((_, t)) = inputs.iter().find(|(i, _)| i == name) else {
                return Err(fail(self, format!("input `{name}` is missing")));
            };
            let buf = self
                .client
                .upload_bits16(t)
                .map_err(|e| fail(self, format!("uploading input `{name}`: {e}")))?;
            uploaded.push(buf);
        }
        let mut args = Vec::with_capacity(module.params.len());
        for &b in &module.params[..n] {
            args.push(self.state_buffer(&program.buffer(b).name)?);
        }
        args.extend(&uploaded);
        let mut results = match exe.execute(&args) {
            Ok(r) => r,
            Err(e) => {
                // The state buffers may have been donated: do not run on
                // them again.
                self.lose(which, format!("an execution failed ({e})"));
                return Err(fail(
                    self,
                    format!("execution failed, device state lost: {e}"),
                ));
            }
        };
        if results.len() != module.results.len() {
            self.lose(
                which,
                "an execution returned the wrong number of results".into(),
            );
            return Err(fail(
                self,
                format!(
                    "the executable returned {} results, the module declares {}",
                    results.len(),
                    module.results.len()
                ),
            ));
        }
        let outputs = results.split_off(n);
        // The old state buffers were donated; the results (aliased to the
        // same parameters, in the same order) replace them.
        for (&b, buf) in module.results[..n].iter().zip(results) {
            self.state.insert(program.buffer(b).name.clone(), buf);
        }
        let mut out = BTreeMap::new();
        for (&b, buf) in module.results[n..].iter().zip(&outputs) {
            out.insert(b, self.download(program.buffer(b), buf)?);
        }
        Ok(out)
    }

    fn read_state(&self, name: &str) -> Result<HostTensor, BackendError> {
        let d = self.set.state_decl(name)?;
        self.download(d, self.state_buffer(name)?)
    }

    fn write_state_rows(
        &mut self,
        name: &str,
        start: usize,
        rows: &HostTensor,
    ) -> Result<(), BackendError> {
        let shape = self.set.check_rows(name, start, rows)?.shape.clone();
        // Not through `state_buffer`: `ops` is borrowed mutably below.
        let buf = self.state.get(name).ok_or_else(|| self.lost_state(name))?;
        match self.ops.write_rows(&self.client, buf, &shape, start, rows) {
            Ok(written) => {
                // The old buffer was donated; the result takes its place.
                self.state.insert(name.to_string(), written);
                Ok(())
            }
            Err(e) => {
                self.state.remove(name);
                self.lost = Some(format!("writing rows of `{name}` failed ({e})"));
                Err(self.fail(format!("writing rows of state `{name}`: {e}")))
            }
        }
    }
}

/// A program loaded on a PJRT client, its state on the device: the
/// one-program [`PjrtProgramSet`] (`.set()` has its device buffers).
pub type PjrtProgram = OneProgram<PjrtProgramSet>;
