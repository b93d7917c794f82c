//! tilekit-core: the tile IR, its builder, verifier, printer and CPU interpreter.

pub mod dtype;
pub mod tensor;

pub use dtype::DType;
pub use tensor::{HostTensor, TensorData, TensorError};
pub mod ir;
pub mod print;
pub mod verify;

pub use verify::{verify, KernelInfo, VerifiedKernel, VerifyError, VerifyErrors};
pub mod builder;

pub use builder::{BuildError, KernelBuilder};
pub mod args;
pub mod interp;

pub use args::{ArgError, KernelArgs, ScalarArg};
pub use interp::RunError;
