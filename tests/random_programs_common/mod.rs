//! One random program on one backend against the interpreter, for the
//! differential tests (`random_programs_*.rs`): build, run both, compare
//! every node within the backend's documented differences.

use proptest::test_runner::TestCaseError;
use tilekit::core::Backend;
use tilekit_random_programs::{args_for, build, compare, plan, Differences, Recipe};

/// Runs `r` on `backend` and on the interpreter; fails with the kernel's
/// text and the first disagreement.
pub fn check(r: &Recipe, backend: &dyn Backend, diff: Differences) -> Result<(), TestCaseError> {
    let p = plan(r);
    let kernel = build(r, &p).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let args = args_for(r);
    let want = tilekit::core::interp::run(&kernel, &args)
        .map_err(|e| TestCaseError::fail(format!("interpreter: {e}\n{}", kernel.to_text())))?;
    let got = backend.run(&kernel, &args).map_err(|e| {
        TestCaseError::fail(format!("{}: {e}\n{}", backend.name(), kernel.to_text()))
    })?;
    compare(&p, &got, &want, diff).map_err(|e| {
        TestCaseError::fail(format!(
            "{} vs the interpreter: {e}\nplan: {p:?}\n{}",
            backend.name(),
            kernel.to_text()
        ))
    })
}
