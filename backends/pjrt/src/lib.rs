//! tilekit-pjrt: a safe runtime over the PJRT C API.
//!
//! ```text
//! Plugin::load(path) ─► Client::new ─► compile(StableHLO text) ─► Executable
//!                          │                                         │
//!                      upload(HostTensor) ─► DeviceBuffer ─► execute ─┘─► to_host()
//! ```
//!
//! The FFI (`ffi`) is transcribed from the `pjrt_c_api.h` that ships with
//! the plugin (API 0.81), and [`Plugin::load`] checks the plugin's version
//! against it. [`provision`] finds or installs the XLA CPU plugin;
//! [`PjrtKernel`] compiles a tilekit kernel through `tilekit-stablehlo` and
//! runs it with the same arguments and results as the interpreter.
//! [`PjrtBackend`] loads a whole `tilekit_core::program::Program` as one
//! executable ([`PjrtProgram`]: state kept on the device and donated into
//! each execution; [`PjrtProgramSet`]: several programs over one device
//! state, shared by name), and caches compiled executables on disk
//! ([`ExecutableCache`]: `TILEKIT_CACHE_DIR`, else
//! `~/.cache/tilekit/executables`; `TILEKIT_CACHE_DIR=off` disables).
//!
//! Ahead of time, with no device: [`libtpu`] installs and loads libtpu,
//! [`Topology`] describes a chip (`v5e:1x1`) and compiles StableHLO for it
//! (`PJRT_TopologyDescription_Create` + `PJRT_Compile`, no client), which is
//! how `tilekit-mosaic`'s TPU kernels are checked on machines without a TPU.

mod aot;
mod backend;
mod buffer;
mod cache;
mod client;
mod error;
mod event;
mod executable;
pub mod ffi;
mod kernel;
pub mod libtpu;
#[cfg(test)]
mod libtpu_abi_tests;
mod multi;
mod plugin;
mod program;
pub mod provision;
mod sharded;
mod state_ops;

pub use aot::{AotExecutable, MemoryStats, Topology};
pub use backend::{CompiledProgram, PjrtBackend};
pub use buffer::DeviceBuffer;
pub use cache::{CacheOutcome, CacheStats, ExecutableCache};
pub use client::{Client, CpuCodegen};
pub use error::{PjrtError, INSTALL_COMMAND};
pub use executable::Executable;
pub use kernel::{default_client, run, KernelError, PjrtKernel};
pub use plugin::{Attribute, Plugin};
pub use program::{PjrtProgram, PjrtProgramSet};
pub use sharded::PjrtShardedSet;
