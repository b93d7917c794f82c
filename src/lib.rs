//! tilekit: write a block-tiled kernel once, in Rust, and run it everywhere.

pub use tilekit_core as core;
pub use tilekit_kernels as kernels;
