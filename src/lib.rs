#![doc = include_str!("../README.md")]

/// The IR, builder, verifier, printer and interpreter (`tilekit-core`).
pub use tilekit_core as core;
/// Launches PTX on a GPU (`tilekit-cuda`; the launcher itself needs the
/// `cuda` feature).
pub use tilekit_cuda as cuda;
/// Shipped kernels and their references (`tilekit-kernels`).
pub use tilekit_kernels as kernels;
/// Verified IR → Mosaic TPU kernels (`tilekit-mosaic`).
pub use tilekit_mosaic as mosaic;
/// The PJRT runtime: XLA plugins, ahead-of-time compiles (`tilekit-pjrt`).
pub use tilekit_pjrt as pjrt;
/// Verified IR → PTX for sm_90a and sm_80 (`tilekit-ptx`).
pub use tilekit_ptx as ptx;
/// The PTX simulator as a backend (`tilekit-ptx-sim`).
pub use tilekit_ptx_sim as ptx_sim;
/// Verified IR → StableHLO text (`tilekit-stablehlo`).
pub use tilekit_stablehlo as stablehlo;

pub mod bench;

/// What a kernel author needs in scope.
pub mod prelude {
    pub use tilekit_core::interp::run as run_interpreter;
    pub use tilekit_core::ir::{AxisSemantics, ConstValue, Index};
    pub use tilekit_core::{DType, HostTensor, KernelArgs, KernelBuilder, VerifiedKernel};
}
