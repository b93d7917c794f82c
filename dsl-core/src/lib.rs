//! tilekit-core: the tile IR, its builder, verifier, printer and CPU interpreter.
//!
//! The path of a kernel through this crate:
//! [`KernelBuilder`] records [`ir::Kernel`] → [`verify`] checks it and
//! returns a [`VerifiedKernel`] (IR + [`KernelInfo`]) → [`interp::run`]
//! executes it on [`HostTensor`]s, and every backend reads the same
//! `VerifiedKernel`. [`print`] gives the textual form used in errors and
//! golden files.
//!
//! A kernel built by hand:
//! ```
//! use tilekit_core::{ir::Index, interp, DType, HostTensor, KernelArgs, KernelBuilder};
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
//! let out = interp::run(&kernel, &KernelArgs::new().tensor("x", x))?;
//! assert_eq!(out["y"].as_f32().unwrap()[7], 16.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod args;
pub mod backend;
pub mod builder;
pub mod dsl;
pub mod dtype;
pub mod fp8;
pub mod golden;
pub mod interp;
pub mod ir;
pub mod print;
pub mod program;
pub mod tensor;
pub mod verify;

pub use args::{ArgError, KernelArgs, ScalarArg};
pub use backend::{Backend, BackendError, Interpreter};
pub use builder::{BuildError, KernelBuilder};
pub use dtype::DType;
pub use interp::RunError;
pub use tensor::{HostTensor, TensorData, TensorError};
pub use verify::{verify, KernelInfo, VerifiedKernel, VerifyError, VerifyErrors};
