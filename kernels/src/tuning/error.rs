//! The tuner's one error type. Problems with the cache file name the file;
//! problems with a candidate name the tuning key and the candidate.

use std::path::PathBuf;

/// Why tuning, or reading or writing the tuning cache, failed.
#[derive(Debug, thiserror::Error)]
pub enum TuneError {
    /// The cache file exists but is not a tuning cache tilekit can read.
    /// It is left as it is: [`crate::tuning::TuningCache::open_or_reset`]
    /// moves it aside (and says where) when the caller wants a fresh one.
    #[error("tuning cache {path}: corrupt: {detail}")]
    CorruptCache { path: PathBuf, detail: String },
    /// The cache file was written for another GPU.
    #[error("tuning cache {path}: written for `{found}`, not for this device `{expected}`")]
    WrongDevice {
        path: PathBuf,
        found: String,
        expected: String,
    },
    /// Reading, writing or renaming the cache file failed.
    #[error("tuning cache {path}: {action}: {source}")]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    /// No cache directory: neither `XDG_CACHE_HOME` nor `HOME` is set.
    #[error("tuning cache: no cache directory (set XDG_CACHE_HOME or HOME, or pass a path)")]
    NoCacheDir,
    /// A candidate the runner cannot express (e.g. a split count with a
    /// pipeline depth the split kernel is not built for).
    #[error("{key}: candidate {candidate}: {detail}")]
    Unsupported {
        key: String,
        candidate: String,
        detail: String,
    },
    /// Running a candidate failed.
    #[error("{key}: candidate {candidate}: {detail}")]
    Run {
        key: String,
        candidate: String,
        detail: String,
    },
    /// Every candidate failed to run or to match the reference.
    #[error("{key}: no candidate was accepted: {}", rejected.join("; "))]
    NoCandidate { key: String, rejected: Vec<String> },
    /// `tune` was called with no candidates, or with no timed iterations.
    #[error("{key}: {detail}")]
    BadRequest { key: String, detail: String },
}
