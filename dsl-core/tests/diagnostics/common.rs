//! Helpers shared by the diagnostics tests.

use std::path::Path;
use tilekit_core::verify::{ErrorKind, VerifyError, VerifyErrors};
use tilekit_core::{BuildError, DType, HostTensor, KernelBuilder, RunError};

/// `file:line:column` of the call whose text starts with `call` (e.g.
/// `"add("` or `"KernelBuilder::new("`) on line `line` of `file` (a `file!()`
/// path): where `#[track_caller]` records a method call (the method name) or
/// a path call (the path). Reading the source keeps expected messages exact
/// without hard-coding columns, and checks the column points at the call.
pub fn at(file: &str, line: u32, call: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("dsl-core lives in the workspace");
    let src = std::fs::read_to_string(root.join(file))
        .unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let text = src
        .lines()
        .nth(line as usize - 1)
        .unwrap_or_else(|| panic!("{file} has no line {line}"));
    let hits: Vec<usize> = text
        .match_indices(call)
        .map(|(i, _)| i)
        .filter(|&i| {
            !text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "expected exactly one call `{call}` on {file}:{line}: {text:?}"
    );
    format!("{file}:{line}:{}", hits[0] + 1)
}

/// The verifier's rejection of `kb`.
pub fn rejected(kb: KernelBuilder) -> BuildError {
    match kb.finish() {
        Ok(vk) => panic!("the verifier accepted a broken kernel:\n{}", vk.to_text()),
        Err(e) => e,
    }
}

/// Asserts `errors` holds exactly one error, of `kind`, printing as `text`;
/// returns it.
pub fn only(errors: &VerifyErrors, kind: ErrorKind, text: &str) -> VerifyError {
    assert_eq!(
        errors.0.len(),
        1,
        "expected exactly one error, got:\n{errors}"
    );
    let e = &errors.0[0];
    assert_eq!(e.kind, kind, "wrong kind for: {e}");
    assert_eq!(e.to_string(), text);
    assert_eq!(
        errors.to_string(),
        format!("1 error in tile IR:\n  {text}\n")
    );
    e.clone()
}

/// Finishing `kb` fails with exactly one error of `kind`, printing as `text`.
pub fn one_error(kb: KernelBuilder, kind: ErrorKind, text: &str) -> VerifyError {
    only(&rejected(kb).errors, kind, text)
}

/// The Display text of a runtime error, after checking it is an execution
/// error (not an argument error) for `program`.
pub fn exec_error(e: RunError, program: &[usize]) -> String {
    match &e {
        RunError::Exec { program: p, .. } => assert_eq!(p, program, "{e}"),
        RunError::Args(a) => panic!("expected an execution error, got: {a}"),
    }
    e.to_string()
}

/// An f32 host tensor.
pub fn f32s(shape: &[usize], values: &[f32]) -> HostTensor {
    HostTensor::from_f32(DType::F32, shape, values).unwrap()
}

/// `[1, 2, ..., n]`.
pub fn iota_f32(n: usize) -> Vec<f32> {
    (0..n).map(|i| i as f32 + 1.0).collect()
}
