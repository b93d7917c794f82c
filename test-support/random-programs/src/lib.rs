//! Random tile programs for property tests, shared by every crate that
//! tests against them: `tilekit-core` (interpreter vs an independent
//! evaluator), the root crate's differential tests (interpreter vs PJRT and
//! the PTX simulator) and `cargo xtask tpu-check` (libtpu compiles a fixed
//! sample). It depends on `tilekit-core` only, so no backend needs the
//! kernels crate to use it.
//!
//! A program is a small [`Recipe`] (a list of steps over random inputs), so
//! proptest shrinks a failure to a minimal program. [`plan`] resolves it
//! into a typed DAG, [`build`] records it with `KernelBuilder` (each node
//! stored to its own output `y{i}`), [`eval`] evaluates it independently
//! of the IR, and [`compare`] checks a backend against the interpreter
//! within the differences the backend documents.

mod eval;
pub mod narrow_cases;
mod program;
mod recipe;
mod tolerance;

pub use eval::{eval, nan_max, nan_min};
pub use program::{args_for, build, input_values, plan, Node, Typed};
pub use recipe::{recipe, shape_of, Bin, Input, Recipe, Red, Step, Un, Wrap};
pub use tolerance::{bounds, compare, Differences};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, FileFailurePersistence, RngAlgorithm, TestRng, TestRunner};

/// A proptest configuration whose failures are persisted to `regressions`
/// (an absolute path; commit the file so CI replays them first). The case
/// count is proptest's default (256, or `PROPTEST_CASES`).
pub fn config(regressions: &'static str) -> Config {
    Config {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(regressions))),
        ..Config::default()
    }
}

/// `count` recipes drawn deterministically from `seed` (the same on every
/// machine and run), for checks outside proptest such as `cargo xtask
/// tpu-check`.
pub fn sample(seed: u64, count: usize) -> Vec<Recipe> {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    (0..count)
        .map(|_| {
            recipe()
                .new_tree(&mut runner)
                .expect("the recipe strategy never rejects")
                .current()
        })
        .collect()
}
