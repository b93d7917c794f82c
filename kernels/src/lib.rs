//! tilekit's shipped kernels, each beside a plain-Rust reference.
//!
//! `reference` is ground truth written without tilekit, in f64, straight from
//! `KERNELS.md`; `testdata` builds deterministic inputs with the edge cases
//! every kernel's tests cover. `paged_decode` is written with `#[kernel]`;
//! `hand_built` is the same kernel written with the builder API, its twin.

pub mod hand_built;
pub mod paged_decode;
pub mod reference;
pub mod testdata;
