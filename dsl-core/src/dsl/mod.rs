//! The tracing layer `#[kernel]` expands to: typed handles (`Tile<T>`, refs,
//! prefetch arrays) whose operators and methods record IR into the kernel
//! being traced.
//!
//! A kernel function runs once, at build time, inside [`trace`]; the handles
//! reach the [`KernelBuilder`] through a thread-local, so ordinary Rust
//! (operators, helper functions, trace-time loops over `#[trace]` values) is
//! the kernel language. Every entry point is `#[track_caller]` and hands the
//! user's location to the builder, so IR ops point at the user's source.
//!
//! Dtypes are part of the handle types (`Tile<bf16>`, `Tile<f32>`): mixing
//! them without a cast is a compile-time error; shapes are checked by the
//! verifier when the trace finishes.

mod cache;
mod control;
mod elem;
mod launch;
mod refs;
mod tile;

pub use cache::{KernelCache, CAPACITY as KERNEL_CACHE_CAPACITY};
pub use control::{for_range, if_else, pipeline, Carry, IfCond, LoopRange, Pipelined};
pub use elem::{bf16, f16, f8e4m3, f8e5m2, Element, Float, Integer, Numeric, SameDType};
pub use launch::{
    arg_shape, assert_trace_value, take_output, trace_time, LaunchError, TraceTime, TraceValue,
};
pub use refs::{
    ds, scalar_index, scalar_param, Idx, InOut, IntoIdx, Prefetch, Ref, RefMut, Scratch,
};
pub use tile::{cdiv, dot, full, iota, iota_along, program_id, select, zeros, Operand, Tile};
pub use tilekit_macros::{helper, kernel};

use crate::builder::KernelBuilder;
use crate::ir::{AxisSemantics, Location};
use crate::verify::{BuildError, VerifiedKernel};
use std::cell::RefCell;

thread_local! {
    static CURRENT: RefCell<Option<KernelBuilder>> = const { RefCell::new(None) };
}

/// Runs `f` on the builder of the kernel being traced, recording ops at `location`.
///
/// Panics if no kernel is being traced: handles only exist inside [`trace`].
pub(crate) fn with_builder<R>(location: Location, f: impl FnOnce(&mut KernelBuilder) -> R) -> R {
    CURRENT.with(|c| {
        let mut guard = c.borrow_mut();
        let kb = guard
            .as_mut()
            .expect("tilekit handles are used outside the kernel trace that created them");
        kb.set_location_override(Some(location));
        let r = f(kb);
        kb.set_location_override(None);
        r
    })
}

/// Restores the previous trace when a trace ends, even by panic.
struct TraceGuard(Option<KernelBuilder>);

impl Drop for TraceGuard {
    fn drop(&mut self) {
        let previous = self.0.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// Traces a kernel: declares nothing by itself; `body` declares parameters
/// (through the ref constructors), sets the grid with [`grid`] and records
/// the ops. Returns the verified kernel or every verifier error.
#[track_caller]
pub fn trace(name: &str, body: impl FnOnce()) -> Result<VerifiedKernel, BuildError> {
    let kb = KernelBuilder::new_at(name, Location::caller());
    let previous = CURRENT.with(|c| c.borrow_mut().replace(kb));
    let guard = TraceGuard(previous);
    body();
    let kb = CURRENT
        .with(|c| c.borrow_mut().take())
        .expect("the traced kernel's builder is present until the trace ends");
    drop(guard);
    kb.finish()
}

/// Sets the grid of the kernel being traced; all axes parallel unless
/// `semantics` says otherwise.
#[track_caller]
pub fn grid(extents: &[usize], semantics: Option<&[AxisSemantics]>) {
    let all_parallel = vec![AxisSemantics::Parallel; extents.len()];
    let semantics = semantics.unwrap_or(&all_parallel);
    with_builder(Location::caller(), |kb| {
        kb.grid_with(extents, semantics);
    });
}

/// The grid's extent along `axis` (1 past the grid's rank), at trace time.
#[track_caller]
pub fn num_programs(axis: usize) -> usize {
    with_builder(Location::caller(), |kb| {
        kb.kernel().grid.get(axis).copied().unwrap_or(1)
    })
}

/// Requires `holds` of the kernel being traced (a relation between shapes
/// or trace-time values, e.g. that the query heads are a multiple of the KV
/// heads); if it is false the build fails with `message` at this line.
#[track_caller]
pub fn require(holds: bool, message: &str) {
    with_builder(Location::caller(), |kb| kb.require(holds, message));
}

/// `ceil(a / b)` for trace-time sizes.
pub fn cdiv_usize(a: usize, b: usize) -> usize {
    a.div_ceil(b)
}
