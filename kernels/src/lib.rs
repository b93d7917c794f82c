//! tilekit's shipped kernels, each beside a plain-Rust reference.
//!
//! `reference` is ground truth written without tilekit, in f64, straight from
//! `KERNELS.md`; `testdata` builds deterministic inputs with the edge cases
//! every kernel's tests cover.

pub mod hand_built;
pub mod reference;
pub mod testdata;
