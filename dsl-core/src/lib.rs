//! tilekit-core: the tile IR, its builder, verifier, printer and CPU interpreter.

pub mod dtype;
pub mod tensor;

pub use dtype::DType;
pub use tensor::{HostTensor, TensorData, TensorError};
