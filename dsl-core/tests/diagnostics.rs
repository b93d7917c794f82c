//! Diagnostics: every verifier error kind, cascade suppression, interpreter
//! runtime errors, launch-argument errors and the verifier's analyses.
//!
//! Messages are compared as exact strings: each must name the kernel, the op
//! (as printed) and the user's source location, and say what to write instead.

#[path = "diagnostics/analyses.rs"]
mod analyses;
#[path = "diagnostics/args.rs"]
mod args;
#[path = "diagnostics/cascade.rs"]
mod cascade;
#[path = "diagnostics/common.rs"]
mod common;
#[path = "diagnostics/info.rs"]
mod info;
#[path = "diagnostics/interp.rs"]
mod interp;
#[path = "diagnostics/regressions.rs"]
mod regressions;
#[path = "diagnostics/verifier.rs"]
mod verifier;
