//! tilekit-cuda: runs kernels from tilekit-ptx on an NVIDIA GPU.
//!
//! The launcher (behind the `cuda` feature) loads the driver at run time
//! through cudarc's dynamic loading, so building needs no CUDA toolkit and
//! the workspace builds without the feature at all:
//!
//! ```text
//! cargo build --release --features cuda --example gpu_check   # at the workspace root
//! ```
//!
//! What is always built is the host half, testable anywhere: [`plan`] checks
//! a launch's arguments against the kernel's signature (with
//! `tilekit_core::args::check_args`, the same check as the interpreter) and
//! lays them out in the PTX entry's parameter order; [`program`] plans a
//! whole program (buffers, launches, bindings) and [`cache`] keeps
//! compiled modules on disk ([`compile`] assembles them with ptxas). With
//! the feature, `timing` keeps buffers on the device and times launches
//! with CUDA events, and `CudaProgram` runs a program as one CUDA graph. This crate knows no shipped kernel: the GPU check, the benchmark
//! and its host half (`tilekit::bench`) live in the root crate.

pub mod cache;
pub mod compile;
#[cfg(feature = "cuda")]
mod jit;
#[cfg(feature = "cuda")]
mod loaded;
pub mod plan;
pub mod program;
#[cfg(feature = "cuda")]
mod runtime;
#[cfg(feature = "cuda")]
pub mod timing;

pub use cache::CubinCache;
#[cfg(feature = "cuda")]
pub use loaded::CudaProgram;
pub use plan::{plan_launch, ArgSlot, LaunchPlan};
pub use program::{plan_program, ProgramPlan};
#[cfg(feature = "cuda")]
pub use runtime::{CudaKernel, CudaRuntime};

use tilekit_core::{ArgError, TensorError};
use tilekit_ptx::PtxError;

/// Why a CUDA launch failed. Every variant names the kernel.
#[derive(Debug, thiserror::Error)]
pub enum CudaError {
    #[error(transparent)]
    Args(#[from] ArgError),
    #[error(transparent)]
    Emit(#[from] PtxError),
    #[error(transparent)]
    Program(#[from] tilekit_core::program::ProgramError),
    /// A CUDA driver call failed.
    #[error("kernel `{kernel}`: CUDA error in {call}: {error}")]
    Driver {
        kernel: String,
        call: &'static str,
        error: String,
    },
    #[error("kernel `{kernel}`: output `{name}`: {error}")]
    Output {
        kernel: String,
        name: String,
        error: TensorError,
    },
}
