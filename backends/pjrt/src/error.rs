//! Errors of the PJRT runtime. Each says what was being done and carries the
//! plugin's own message when the plugin reported the problem.

use std::path::PathBuf;

/// The command that downloads and caches the XLA CPU plugin.
pub const INSTALL_COMMAND: &str = "cargo xtask install-pjrt";
/// The command that downloads and caches libtpu (here, beside the error
/// that names it; `libtpu` re-exports it).
pub const LIBTPU_INSTALL_COMMAND: &str = "cargo xtask install-libtpu";

/// Everything that can go wrong between finding a plugin and reading results.
#[derive(Debug, thiserror::Error)]
pub enum PjrtError {
    /// No plugin where one was expected.
    #[error("PJRT plugin not found at {path}{origin}; install the XLA CPU plugin with `{INSTALL_COMMAND}`, or set TILEKIT_PJRT_PLUGIN to a plugin's .so")]
    PluginNotFound { path: PathBuf, origin: String },
    /// No libtpu where one was expected.
    #[error("libtpu not found at {path}{origin}; install it with `{LIBTPU_INSTALL_COMMAND}`, or set TILEKIT_LIBTPU to a libtpu.so")]
    LibtpuNotFound { path: PathBuf, origin: String },
    /// The file exists but is not a loadable PJRT plugin.
    #[error("{path} is not a PJRT plugin: {reason}")]
    NotAPlugin { path: PathBuf, reason: String },
    /// The plugin speaks a PJRT C API these bindings cannot talk to.
    #[error("PJRT plugin {path} implements C API {major}.{minor}, but tilekit's bindings were generated from the {want_major}.{want_minor} header: {reason}")]
    VersionMismatch {
        path: PathBuf,
        major: i32,
        minor: i32,
        want_major: i32,
        want_minor: i32,
        reason: String,
    },
    /// A PJRT call failed; `message` is the plugin's.
    #[error("PJRT {call} failed ({code}): {message}")]
    Api {
        call: &'static str,
        code: String,
        message: String,
    },
    /// A PJRT call reported success but broke its contract (null result...).
    #[error("PJRT {call}: {message}")]
    Protocol { call: &'static str, message: String },
    /// Downloading or unpacking the plugin failed.
    #[error("installing the PJRT plugin: {0}")]
    Install(String),
}

/// A name for each `PJRT_Error_Code` (absl status codes).
pub(crate) fn code_name(code: i32) -> String {
    const NAMES: [&str; 17] = [
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED",
    ];
    usize::try_from(code)
        .ok()
        .and_then(|c| NAMES.get(c))
        .map_or_else(|| format!("code {code}"), |n| n.to_string())
}
