//! tilekit-stablehlo: lowers verified tile IR to StableHLO, as MLIR text
//! any PJRT plugin compiles (`format = "mlir"`). It knows nothing about
//! PJRT; `tilekit-pjrt` runs what it emits.
//!
//! ```text
//! VerifiedKernel ──lower()──► Module { text, signature }
//!                               │
//!                               ├─ func.func private @kernel(...)   one per kernel
//!                               └─ func.func public @main(...)      calls them in order
//!
//! Program ──lower_program()──► ProgramModule { text, params, results }
//!                               │
//!                               ├─ func.func private @kernel(...)   one per distinct kernel
//!                               └─ func.func public @main(state..., inputs...)
//!                                    -> (state..., outputs...)       state aliased in place
//! ```
//!
//! A whole [`tilekit_core::program::Program`] (a model's decode step) is one
//! module, so a runtime launches it once: see [`lower_program`]. Its `main`
//! binds buffers to kernel parameters explicitly, turns build-time scalars
//! into constants, and marks each state parameter `tf.aliasing_output = i`
//! (an input/output alias in XLA) so donated state is updated in place.
//!
//! # How a kernel maps to StableHLO
//!
//! - **Grid.** When every grid axis is parallel and the kernel has no
//!   scratch, all programs run at once ("batched"): values that depend on
//!   the program id get a leading dimension of one entry per program, and
//!   loops whose trip count differs between programs run to the longest one
//!   with finished programs masked out. Otherwise a `stablehlo.while` runs
//!   the programs one after another in row-major order, like the
//!   interpreter ([`GridStrategy::Sequential`] forces this).
//! - **Memory.** Refs are tensors threaded through the program; outputs and
//!   scratch start as zeros. Loads and stores are `dynamic_slice` and
//!   `dynamic_update_slice`, or `gather`/`scatter` at per-program addresses;
//!   masked accesses gather or scatter single elements, with masked-off
//!   lanes clamped (then replaced by `other` with a `select`) or dropped.
//! - **Control flow.** `for` is `stablehlo.while` and `if` is `stablehlo.if`,
//!   both carrying the refs they store to; pipelined loops are plain loops
//!   (their values are the same; XLA schedules transfers itself).
//! - **Rounding.** Ops on bf16/f16 compute in f32 and round once; `dot` and
//!   reductions accumulate in f32 (`precision = HIGHEST`); casts and
//!   constants round exactly like the interpreter (i32 → bf16 rounds once,
//!   float → i32 saturates); `max`/`min` propagate NaN.
//! - **Calling convention.** `main` takes and returns the tensors named in
//!   [`Signature`] (for a program: [`ProgramModule::params`] and
//!   [`ProgramModule::results`]); bf16 and f16 tensors travel as their
//!   `i16` bits.
//! - **Not modelled.** Out-of-bounds unmasked accesses and integer division
//!   by zero, which the interpreter reports, are not checked: XLA clamps
//!   indices and defines the quotient. Run a kernel on the interpreter to
//!   check it.
//!
//! ```
//! use tilekit_core::{ir::Index, DType, KernelBuilder};
//!
//! let mut kb = KernelBuilder::new("double");
//! kb.grid(&[2]);
//! let x = kb.input("x", DType::F32, &[2, 4]);
//! let y = kb.output("y", DType::F32, &[2, 4]);
//! let row = kb.program_id(0);
//! let tile = kb.load(x, &[Index::at(row), Index::Full]);
//! let two = kb.f32(2.0);
//! let doubled = kb.mul(tile, two);
//! kb.store(y, &[Index::at(row), Index::Full], doubled);
//! let module = tilekit_stablehlo::lower(&kb.finish()?)?;
//! assert!(module.text.contains("stablehlo.multiply"));
//! assert_eq!(module.signature.outputs[0].name, "y");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod emit;
mod error;
mod lower;
mod module;
mod program;
mod shard;
mod signature;
mod state_ops;
mod types;

pub use error::LowerError;
pub use lower::{GridStrategy, Lowered};
pub use module::{lower, lower_chain, lower_with, Module};
pub use program::{lower_program, lower_program_with, ProgramModule};
pub use signature::{Output, Param, ParamKind, Signature};
pub use state_ops::{write_rows_module, zeros_module};
