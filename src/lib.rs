#![doc = include_str!("../README.md")]

/// The IR, builder, verifier, printer and interpreter (`tilekit-core`).
pub use tilekit_core as core;
/// Shipped kernels and their references (`tilekit-kernels`).
pub use tilekit_kernels as kernels;
/// The PTX simulator as a backend (`tilekit-ptx-sim`).
pub use tilekit_ptx_sim as ptx_sim;

/// What a kernel author needs in scope.
pub mod prelude {
    pub use tilekit_core::interp::run as run_interpreter;
    pub use tilekit_core::ir::{AxisSemantics, ConstValue, Index};
    pub use tilekit_core::{DType, HostTensor, KernelArgs, KernelBuilder, VerifiedKernel};
}
