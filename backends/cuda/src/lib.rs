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
//! lays them out in the PTX entry's parameter order. With the feature,
//! `timing` keeps buffers on the device and times launches with CUDA
//! events. This crate knows no shipped kernel: the GPU check, the benchmark
//! and its host half (`tilekit::bench`) live in the root crate.

pub mod plan;
#[cfg(feature = "cuda")]
mod runtime;
#[cfg(feature = "cuda")]
pub mod timing;

pub use plan::{plan_launch, ArgSlot, LaunchPlan};
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
