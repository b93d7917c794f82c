//! tilekit-ptx-sim: the PTX that tilekit-ptx emits, run on the CPU.
//!
//! [`PtxSim`] is a [`Backend`]: it lowers a verified kernel for sm_90a or
//! sm_80 with tilekit-ptx, simulates the PTX on the host tensors and returns
//! outputs and in/out refs as the interpreter does. Slow (one CTA at a
//! time, every thread in lockstep), but it checks what only a GPU run with
//! compute-sanitizer would: a shared-memory race, an access out of bounds
//! (shared or global), an mbarrier or TMA protocol mistake, a divergent
//! branch or an instruction outside the emitted subset is an error naming
//! the kernel, never a panic.
//!
//! ```
//! use tilekit_core::{ir::Index, Backend, DType, HostTensor, KernelArgs, KernelBuilder};
//! use tilekit_ptx_sim::{PtxSim, Target};
//!
//! let mut kb = KernelBuilder::new("double");
//! kb.grid(&[2]);
//! let x = kb.input("x", DType::F32, &[2, 4]);
//! let y = kb.output("y", DType::F32, &[2, 4]);
//! let row = kb.program_id(0);
//! let tile = kb.load(x, &[Index::at(row), Index::Full]);
//! let two = kb.f32(2.0);
//! let doubled = kb.mul(tile, two);
//! kb.store(y, &[Index::at(row), Index::Full], doubled);
//! let kernel = kb.finish()?;
//!
//! let x = HostTensor::from_f32(DType::F32, &[2, 4], &[1., 2., 3., 4., 5., 6., 7., 8.])?;
//! let out = PtxSim::new(Target::Sm80).run(&kernel, &KernelArgs::new().tensor("x", x))?;
//! assert_eq!(out["y"].as_f32().unwrap()[7], 16.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Numerics: the simulator computes what the instructions compute, except
//! that `ex2.approx`/`lg2.approx` are exact here and tensor-core dots sum
//! their products exactly and round once per 16-deep k step (the hardware
//! sums in its own order, at least as precisely). So results match the
//! interpreter bit for bit except where ARCHITECTURE.md ("On the GPU")
//! documents a difference: `exp`/`exp2`/`log`, shuffle-reduced sums, and
//! bf16/f16 dots. The 8/16-bit loads (`ld.s8` sign-extends), bit ops,
//! shifts (amounts clamped to 32) and conversions, the sm_89+ fp8 `cvt`
//! forms included (`fp8.rs`, from the ISA's description), are exact.

mod decode;
mod fp8;
mod harness;
mod machine;
mod mma;
mod tma;

pub use harness::{simulate, simulate_all_targets, simulate_text};
pub use machine::{run as run_ptx, Arg, TensorMapDesc};
pub use tilekit_ptx::Target;

use std::collections::BTreeMap;
use tilekit_core::args::check_args;
use tilekit_core::{Backend, BackendError, HostTensor, KernelArgs, VerifiedKernel};

/// Why a simulation failed: lowering, a race, an access out of bounds, an
/// unsupported instruction; the message says which and where.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{backend}: kernel `{kernel}`: {message}")]
pub struct SimError {
    /// `ptx-sim-sm_90a` or `ptx-sim-sm_80`.
    pub backend: String,
    pub kernel: String,
    pub message: String,
}

impl SimError {
    fn new(kernel: &VerifiedKernel, target: Target, message: String) -> SimError {
        SimError {
            backend: backend_name(target),
            kernel: kernel.kernel().name.clone(),
            message,
        }
    }
}

fn backend_name(target: Target) -> String {
    format!("ptx-sim-{}", target.name())
}

/// The simulator as a [`Backend`] for one target.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct PtxSim {
    target: Target,
}

impl PtxSim {
    pub fn new(target: Target) -> PtxSim {
        PtxSim { target }
    }

    pub fn target(&self) -> Target {
        self.target
    }
}

impl Default for PtxSim {
    /// sm_90a: TMA pipelines and `wgmma`, the richer of the two.
    fn default() -> PtxSim {
        PtxSim::new(Target::Sm90a)
    }
}

impl Backend for PtxSim {
    fn name(&self) -> String {
        backend_name(self.target)
    }

    fn run(
        &self,
        kernel: &VerifiedKernel,
        args: &KernelArgs,
    ) -> Result<BTreeMap<String, HostTensor>, BackendError> {
        check_args(kernel.kernel(), args)?;
        simulate(kernel, args, self.target).map_err(|e| BackendError::Target {
            backend: e.backend,
            kernel: e.kernel,
            message: e.message,
        })
    }
}
