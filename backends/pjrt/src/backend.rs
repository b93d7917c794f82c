//! PJRT as a [`tilekit_core::Backend`]: compiles each distinct kernel once
//! (keyed by its printed IR; through the on-disk [`ExecutableCache`]) and
//! runs it on the client's device. Programs load as one executable each
//! ([`PjrtProgram`]), compiled once per module text; a set of programs
//! ([`PjrtProgramSet`]) shares one device state.

use crate::cache::{CacheOutcome, ExecutableCache};
use crate::client::{Client, CpuCodegen};
use crate::executable::Executable;
use crate::kernel::{default_client, KernelError, PjrtKernel};
use crate::program::{PjrtProgram, PjrtProgramSet};
use crate::sharded::PjrtShardedSet;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use tilekit_core::program::{LoadedProgram, LoadedProgramSet, Program, ProgramSet};
use tilekit_core::{Backend, BackendError, HostTensor, KernelArgs, VerifiedKernel};
use tilekit_stablehlo::ProgramModule;

/// A program's lowered module and its executable.
type Compiled = (Arc<ProgramModule>, Arc<Executable>);

/// A program's module and executable, as [`PjrtBackend::compile_program`]
/// returns them.
#[derive(Clone, Debug)]
pub struct CompiledProgram {
    pub module: Arc<ProgramModule>,
    pub executable: Arc<Executable>,
    /// What the disk cache did; `None` when this backend had compiled the
    /// program already.
    pub outcome: Option<CacheOutcome>,
}

/// Runs kernels through StableHLO on one PJRT client.
pub struct PjrtBackend {
    client: Client,
    name: String,
    cache: ExecutableCache,
    compiled: Mutex<HashMap<Arc<str>, Arc<PjrtKernel>>>,
    /// Compiled programs by module text.
    programs: Mutex<HashMap<String, CompiledProgram>>,
}

impl PjrtBackend {
    /// A backend on `client`, called `name` in tables and errors
    /// (`pjrt-cpu`), with the cache `TILEKIT_CACHE_DIR` asks for.
    pub fn new(client: Client, name: &str) -> PjrtBackend {
        PjrtBackend::with_cache(client, name, ExecutableCache::from_env())
    }

    /// A backend with an explicit executable cache.
    pub fn with_cache(client: Client, name: &str, cache: ExecutableCache) -> PjrtBackend {
        PjrtBackend {
            client,
            name: name.to_string(),
            cache,
            compiled: Mutex::new(HashMap::new()),
            programs: Mutex::new(HashMap::new()),
        }
    }

    /// A backend on the default plugin (`TILEKIT_PJRT_PLUGIN`, else the
    /// cached XLA CPU plugin).
    pub fn default_plugin() -> Result<PjrtBackend, crate::PjrtError> {
        PjrtBackend::default_plugin_with(CpuCodegen::Exact)
    }

    /// [`PjrtBackend::default_plugin`] compiling with `codegen` (a model
    /// server asks for [`CpuCodegen::Native`]).
    pub fn default_plugin_with(codegen: CpuCodegen) -> Result<PjrtBackend, crate::PjrtError> {
        let client = default_client()?.with_codegen(codegen);
        let name = format!("pjrt-{}", client.platform().to_lowercase());
        Ok(PjrtBackend::new(client, &name))
    }

    /// The client kernels run on (to keep buffers on its device).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The on-disk executable cache (its counters say what compiles did).
    pub fn cache(&self) -> &ExecutableCache {
        &self.cache
    }

    /// The compiled form of `kernel`, compiling it on first use.
    pub fn kernel(&self, kernel: &VerifiedKernel) -> Result<Arc<PjrtKernel>, KernelError> {
        // Printed once per kernel (`VerifiedKernel::text`), not per launch.
        let key = kernel.text();
        let mut cache = self.compiled.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = cache.get(&*key) {
            return Ok(k.clone());
        }
        let (compiled, _) = PjrtKernel::compile_cached(&self.client, kernel, &self.cache)?;
        let compiled = Arc::new(compiled);
        cache.insert(key, compiled.clone());
        Ok(compiled)
    }

    fn target_error(&self, what: &str, message: String) -> BackendError {
        BackendError::Target {
            backend: self.name.clone(),
            kernel: what.to_string(),
            message,
        }
    }

    /// Lowers and compiles `program` (once per module text per backend).
    pub fn compile_program(&self, program: &Program) -> Result<CompiledProgram, BackendError> {
        let what = format!("program `{}`", program.name);
        let module = tilekit_stablehlo::lower_program(program)
            .map_err(|e| self.target_error(&what, e.to_string()))?;
        let mut programs = self.programs.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = programs.get(&module.text) {
            return Ok(CompiledProgram {
                outcome: None,
                ..c.clone()
            });
        }
        let compiled = match program.devices() {
            1 => self.cache.compile(&self.client, &module.text),
            d => {
                self.check_devices(program)?;
                let options = self.client.sharded_options(d);
                self.cache
                    .compile_with(&self.client, &module.text, &options)
            }
        };
        let (exe, outcome) = compiled.map_err(|e| self.target_error(&what, e.to_string()))?;
        if exe.num_outputs() != module.results.len() {
            return Err(self.target_error(
                &what,
                format!(
                    "the executable has {} outputs but the module's main returns {}",
                    exe.num_outputs(),
                    module.results.len()
                ),
            ));
        }
        let compiled = CompiledProgram {
            module: Arc::new(module),
            executable: Arc::new(exe),
            outcome: Some(outcome),
        };
        programs.insert(compiled.module.text.clone(), compiled.clone());
        Ok(compiled)
    }

    /// A backend on `devices` CPU devices of the default plugin (XLA's
    /// CPU plugin), for sharded programs; named `pjrt-cpu`.
    pub fn with_cpu_devices(devices: usize) -> Result<PjrtBackend, crate::PjrtError> {
        let plugin = default_client()?.plugin().clone();
        let client = Client::with_cpu_devices(plugin, devices)?;
        let name = format!("pjrt-{}", client.platform().to_lowercase());
        Ok(PjrtBackend::new(client, &name))
    }

    /// An error unless the client has the devices `program` is sharded over.
    fn check_devices(&self, program: &Program) -> Result<(), BackendError> {
        let have = self.client.num_devices().map_err(|e| {
            self.target_error(&format!("program `{}`", program.name), e.to_string())
        })?;
        if have < program.devices() {
            return Err(self.target_error(
                &format!("program `{}`", program.name),
                format!(
                    "it is sharded over {} devices; this client has {have} (PjrtBackend::with_cpu_devices)",
                    program.devices()
                ),
            ));
        }
        Ok(())
    }

    /// Loads sharded `programs` (every one over the same devices) over one
    /// state split across the client's devices.
    pub fn load_sharded(
        &self,
        programs: &[Arc<Program>],
        state: BTreeMap<String, HostTensor>,
    ) -> Result<PjrtShardedSet, BackendError> {
        let set = ProgramSet::new(programs)?;
        let compiled = self.compile_all(programs)?;
        PjrtShardedSet::load(&self.name, &self.client, set, compiled, state)
    }

    /// Each program's module and executable, in order.
    fn compile_all(&self, programs: &[Arc<Program>]) -> Result<Vec<Compiled>, BackendError> {
        programs
            .iter()
            .map(|p| {
                let c = self.compile_program(p)?;
                Ok((c.module, c.executable))
            })
            .collect()
    }

    /// [`Backend::load_program`] with the concrete type.
    pub fn load(
        &self,
        program: &Arc<Program>,
        state: BTreeMap<String, HostTensor>,
    ) -> Result<PjrtProgram, BackendError> {
        self.load_set(std::slice::from_ref(program), state)
            .map(tilekit_core::program::OneProgram)
    }

    /// [`Backend::load_program_set`] with the concrete type: one
    /// executable per program, one table of device state by name.
    pub fn load_set(
        &self,
        programs: &[Arc<Program>],
        state: BTreeMap<String, HostTensor>,
    ) -> Result<PjrtProgramSet, BackendError> {
        // Before compiling, so a bad set or state fails fast.
        let set = ProgramSet::new(programs)?;
        set.check_state(&state)?;
        let compiled = self.compile_all(programs)?;
        PjrtProgramSet::load(&self.name, &self.client, set, compiled, state)
    }
}

impl Backend for PjrtBackend {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn run(
        &self,
        kernel: &VerifiedKernel,
        args: &KernelArgs,
    ) -> Result<BTreeMap<String, HostTensor>, BackendError> {
        let result = self.kernel(kernel).and_then(|k| k.run(args));
        result.map_err(|e| match e {
            KernelError::Args(a) => BackendError::Args(a),
            other => BackendError::Target {
                backend: self.name.clone(),
                kernel: kernel.name().to_string(),
                message: other.to_string(),
            },
        })
    }

    /// One executable for the whole program, state kept on the device.
    fn load_program<'a>(
        &'a self,
        program: &Arc<Program>,
        state: BTreeMap<String, HostTensor>,
    ) -> Result<Box<dyn LoadedProgram + 'a>, BackendError> {
        if program.devices() > 1 {
            let set = self.load_sharded(std::slice::from_ref(program), state)?;
            return Ok(Box::new(tilekit_core::program::OneProgram(set)));
        }
        Ok(Box::new(self.load(program, state)?))
    }

    /// One executable per program, the state shared on the device.
    fn load_program_set<'a>(
        &'a self,
        programs: &[Arc<Program>],
        state: BTreeMap<String, HostTensor>,
    ) -> Result<Box<dyn LoadedProgramSet + 'a>, BackendError> {
        if programs.iter().any(|p| p.devices() > 1) {
            return Ok(Box::new(self.load_sharded(programs, state)?));
        }
        Ok(Box::new(self.load_set(programs, state)?))
    }
}
