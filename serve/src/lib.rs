//! Serving a Llama-architecture model with tilekit kernels.
//!
//! The forward pass is recorded as tilekit programs ([`programs`]): a
//! decode step per batch size and a prefill per prompt length, all over
//! one shared state ([`state`]: quantized weights, RoPE tables, a paged
//! f32 KV cache per layer), so the weights are uploaded once and a step is
//! one launch on backends that run whole programs. Every kernel has an
//! f64 reference in `tilekit_kernels::reference`, and the whole forward
//! has one in `tilekit_model::reference`.

pub mod batch;
pub mod engine;
pub mod error;
pub mod pages;
pub mod programs;
mod record;
pub mod shard;
pub mod speculate;
pub mod state;
pub mod verify;

pub use batch::{serve, serve_speculative, FinishReason, Finished, Request};
pub use engine::{Engine, EngineConfig, EngineStats, LoadTimes, Sampling, Sequence};
pub use error::{Result, ServeError};
pub use programs::{step_program, step_program_on, Head, StepKind, StepProgram};
pub use speculate::Ngram;
pub use state::{check_model, initial_state, CacheShape, Weights};
