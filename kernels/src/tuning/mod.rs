//! Choosing paged decode's configuration (KV splits, pipeline depth) per
//! GPU and shape: a heuristic from the shape alone, and an autotuner whose
//! decisions persist per device in a JSON file so the hot path only looks
//! them up.
//!
//! ```text
//! hot path:   choose(cache, shape, gpu) ──► tuned entry? ──yes──► DecodeChoice (Source::Tuned)
//!                                                │ no
//!                                                └──► heuristic(shape, gpu)   (Source::Heuristic)
//! offline:    tune(key, candidates, measure, check) ──► TuneReport ──record──► TuningCache (JSON)
//! ```
//!
//! - [`heuristic`](mod@heuristic): the split and stage rule (documented there).
//! - [`smem`]: shared memory of paged decode's kernels, asked of the PTX
//!   emitter.
//! - [`key`]: the device key (name + compute capability) and shape keys.
//! - [`cache`]: the JSON file, typed errors for corrupt or foreign files.
//! - [`tuner`]: the backend-agnostic loop: run, check against a reference,
//!   time, pick the fastest median.
//! - [`decode`]: paged decode as a tuning problem, and a wall-clock
//!   [`Measure`] over any `&dyn Backend`.

pub mod cache;
pub mod decode;
mod error;
pub mod heuristic;
pub mod key;
pub mod smem;
pub mod tuner;

pub use cache::{Entry, TuningCache};
pub use decode::{candidates, choose, run_choice, BackendMeasure, DecodeChoice, Source};
pub use error::TuneError;
pub use heuristic::{heuristic, DecodeShape, GpuSpec};
pub use key::{decode_key, length_bucket, DeviceKey};
pub use tuner::{tune, Check, Measure, MeasureError, ReferenceCheck, TuneOptions, TuneReport};
