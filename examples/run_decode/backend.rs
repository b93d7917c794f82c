//! Choosing and creating the backend (`--backend`).

use crate::cli::BackendChoice;
use tilekit::core::{Backend, Interpreter};
use tilekit::ptx_sim::{PtxSim, Target};
use tilekit_pjrt::{provision, Client, CpuCodegen, PjrtBackend, Plugin};

/// The chosen backend (PJRT kept concrete: its programs keep the cache on
/// its device through `Backend::load_program`).
pub enum Engine {
    Pjrt(PjrtBackend),
    Other(Box<dyn Backend>),
}

impl Engine {
    pub fn backend(&self) -> &dyn Backend {
        match self {
            Engine::Pjrt(p) => p,
            Engine::Other(b) => b.as_ref(),
        }
    }
}

/// The PJRT CPU backend, fetching the plugin first if it is not cached.
fn pjrt_cpu() -> Result<Engine, String> {
    let cached = provision::cached_cpu_plugin().map_err(|e| e.to_string())?;
    if !cached.is_file() {
        eprintln!(
            "run_decode: fetching the XLA CPU PJRT plugin (once; cached under {})...",
            cached
                .parent()
                .map_or_else(String::new, |p| p.display().to_string())
        );
    }
    let path = provision::install().map_err(|e| e.to_string())?;
    // A serving run takes the host's whole ISA: FMA and AVX-512 make the
    // matrix products faster, and a model's tolerance is far above the one
    // rounding a fused multiply-add saves (the kernel tests compile exact).
    let client = Plugin::load(&path)
        .and_then(Client::new)
        .map_err(|e| e.to_string())?
        .with_codegen(CpuCodegen::Native);
    Ok(Engine::Pjrt(PjrtBackend::new(client, "pjrt-cpu")))
}

/// JAX's CUDA PJRT plugin: `TILEKIT_PJRT_GPU_PLUGIN`, else the one in the
/// system Python's `jax_plugins`.
fn pjrt_gpu() -> Result<Engine, String> {
    let path = match std::env::var("TILEKIT_PJRT_GPU_PLUGIN") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            let probe = "import jax_plugins.xla_cuda13 as p, os; print(os.path.join(os.path.dirname(p.__file__), 'xla_cuda_plugin.so'))";
            let out = std::process::Command::new("python3")
                .args(["-c", probe])
                .output()
                .map_err(|e| {
                    format!("pjrt-gpu: cannot run python3 to find JAX's CUDA plugin: {e}")
                })?;
            if !out.status.success() {
                return Err("pjrt-gpu: JAX's CUDA PJRT plugin (jax_plugins.xla_cuda13) is not installed; install jax with CUDA support or set TILEKIT_PJRT_GPU_PLUGIN to the plugin's .so".into());
            }
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        }
    };
    let client = Plugin::load(&path)
        .and_then(Client::new)
        .map_err(|e| format!("pjrt-gpu: {e}"))?;
    Ok(Engine::Pjrt(PjrtBackend::new(client, "pjrt-gpu")))
}

#[cfg(feature = "cuda")]
fn cuda() -> Result<Engine, String> {
    tilekit_cuda::CudaRuntime::new(0)
        .map(|r| Engine::Other(Box::new(r)))
        .map_err(|e| format!("cuda: {e}"))
}

#[cfg(not(feature = "cuda"))]
fn cuda() -> Result<Engine, String> {
    Err("cuda: this build has no CUDA support; build with `cargo run --release --features cuda --example run_decode`".into())
}

pub fn create(choice: BackendChoice) -> Result<Engine, String> {
    match choice {
        BackendChoice::Interp => Ok(Engine::Other(Box::new(Interpreter))),
        BackendChoice::PtxSim => Ok(Engine::Other(Box::new(PtxSim::new(Target::Sm90a)))),
        BackendChoice::PtxSimSm80 => Ok(Engine::Other(Box::new(PtxSim::new(Target::Sm80)))),
        BackendChoice::PjrtCpu => pjrt_cpu(),
        BackendChoice::PjrtGpu => pjrt_gpu(),
        BackendChoice::Cuda => cuda(),
        BackendChoice::Auto => cuda().or_else(|_| pjrt_cpu()).or_else(|e| {
            eprintln!("run_decode: PJRT CPU is unavailable ({e}); using the interpreter");
            Ok(Engine::Other(Box::new(Interpreter)))
        }),
    }
}
