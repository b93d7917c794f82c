//! Ahead-of-time compilation of lowered kernels with libtpu, through the
//! project's PJRT runtime: one topology per chip generation (`v5e:1x1`),
//! `PJRT_Compile` with no client. A compile error from Mosaic names a line
//! of the body (`loc("-":LINE:COL)`); it is mapped back to the tilekit op
//! that line came from.

use crate::error::MosaicError;
use crate::target::TpuGeneration;
use crate::{MosaicKernel, MosaicProgram};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tilekit_pjrt::libtpu::{load_libtpu, one_chip_topology};
use tilekit_pjrt::{MemoryStats, PjrtError, Plugin, Topology};

pub use tilekit_pjrt::libtpu::LIBTPU_INSTALL_COMMAND;

/// What a successful compile reports.
#[derive(Clone, Debug)]
pub struct CompiledKernel {
    pub chip: TpuGeneration,
    /// Bytes of TPU code libtpu generated.
    pub code_bytes: i64,
    pub compile_time: Duration,
}

/// Compiles lowered kernels for TPU generations (topologies made once).
pub struct TpuCompiler {
    plugin: Arc<Plugin>,
    topologies: Mutex<HashMap<TpuGeneration, Arc<Topology>>>,
}

impl std::fmt::Debug for TpuCompiler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TpuCompiler")
            .field("libtpu", &self.plugin.path())
            .finish()
    }
}

impl TpuCompiler {
    /// Loads the installed libtpu (an error naming the install command if
    /// there is none).
    pub fn new() -> Result<TpuCompiler, MosaicError> {
        Ok(TpuCompiler {
            plugin: load_libtpu()?,
            topologies: Mutex::new(HashMap::new()),
        })
    }

    fn topology(&self, chip: TpuGeneration) -> Result<Arc<Topology>, MosaicError> {
        let mut t = self.topologies.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(t) = t.get(&chip) {
            return Ok(t.clone());
        }
        let topo = Arc::new(one_chip_topology(self.plugin.clone(), chip.name())?);
        t.insert(chip, topo.clone());
        Ok(topo)
    }

    /// Compiles `kernel` for the chip it was lowered for.
    pub fn compile(&self, kernel: &MosaicKernel) -> Result<CompiledKernel, MosaicError> {
        self.compile_module(kernel, &kernel.module)
    }

    /// Compiles a (possibly edited) wrapper module of `kernel`.
    pub fn compile_module(
        &self,
        kernel: &MosaicKernel,
        module: &str,
    ) -> Result<CompiledKernel, MosaicError> {
        let topology = self.topology(kernel.chip)?;
        let start = Instant::now();
        let exe = topology
            .compile(module)
            .map_err(|e| compile_error(kernel, e))?;
        let compile_time = start.elapsed();
        Ok(CompiledKernel {
            chip: kernel.chip,
            code_bytes: exe.code_size()?,
            compile_time,
        })
    }
}

/// What a successful compile of a program reports.
#[derive(Clone, Debug)]
pub struct CompiledProgram {
    pub chip: TpuGeneration,
    /// Bytes of TPU code libtpu generated.
    pub code_bytes: i64,
    pub compile_time: Duration,
    /// HBM use as libtpu plans it: `alias_bytes` is the state kept in
    /// place. `None` if libtpu did not report it.
    pub memory: Option<MemoryStats>,
}

impl TpuCompiler {
    /// Compiles a program's module (all its calls in one executable) for
    /// the chip it was lowered for.
    pub fn compile_program(&self, program: &MosaicProgram) -> Result<CompiledProgram, MosaicError> {
        let topology = self.topology(program.chip)?;
        let start = Instant::now();
        let options = crate::options::compile_options(&program.param_types, &program.result_types);
        let exe = topology
            .compile_with_options(&program.module, &options)
            .map_err(|e| match e {
                PjrtError::Api { message, .. } => MosaicError::ProgramCompile {
                    program: program.name.clone(),
                    chip: program.chip.name(),
                    message: message.trim().to_string(),
                },
                other => MosaicError::Pjrt(other),
            })?;
        let compile_time = start.elapsed();
        Ok(CompiledProgram {
            chip: program.chip,
            code_bytes: exe.code_size()?,
            compile_time,
            // Informative only: a plugin without the call still compiled.
            memory: exe.memory_stats().ok(),
        })
    }
}

/// libtpu's message, with the body line it names mapped to a tilekit op.
fn compile_error(kernel: &MosaicKernel, e: PjrtError) -> MosaicError {
    let message = match e {
        PjrtError::Api { message, .. } => message,
        other => return MosaicError::Pjrt(other),
    };
    let from = body_line(&message).and_then(|line| {
        kernel
            .op_at_line(line)
            .map(|(op, loc)| (line, op.clone(), loc.clone()))
    });
    MosaicError::Compile {
        kernel: kernel.name.clone(),
        chip: kernel.chip.name(),
        from,
        message: message.trim().to_string(),
    }
}

/// The line of `loc("-":LINE:COL)` in a Mosaic error, if any.
fn body_line(message: &str) -> Option<usize> {
    let rest = &message[message.find("loc(\"-\":")? + 8..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_body_line() {
        assert_eq!(
            super::body_line("Mosaic failed: at location: loc(\"-\":7:10)\n"),
            Some(7)
        );
        assert_eq!(super::body_line("no location"), None);
    }
}
