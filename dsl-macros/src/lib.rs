//! `#[kernel]`: turns a Rust function into a builder that traces tilekit IR.
//!
//! Built like serde_derive: [`signature`] parses the attribute and the
//! parameters into a typed model (keeping spans), [`body`] rewrites the body
//! (loops, branches, index syntax) and collects every unsupported construct,
//! and [`expand`] generates the API. Any error produces `compile_error!`s
//! plus a fallback expansion with the same API, so one mistake gives one
//! diagnostic instead of a cascade.
//!
//! The macro knows nothing about backends: it only calls `tilekit_core::dsl`.

mod body;
mod expand;
mod signature;

use proc_macro::TokenStream;

/// Turns `fn name<T: Float>(params) { body }` into a kernel builder
/// `name::<T>(&NameShapes) -> Result<VerifiedKernel, BuildError>` (traces
/// every call), its cached twin `name_cached::<T>(&NameShapes) ->
/// Result<Arc<VerifiedKernel>, BuildError>` (traces once per shapes,
/// trace-time values and type parameters, in a process-wide cache), plus
/// `NameShapes`, `NameArgs` (a typed launcher whose `run` uses the cache)
/// and `NameOutputs`.
///
/// Parameters: `#[prefetch] Prefetch<N>`, `Ref`/`RefMut`/`InOut`/`Scratch`
/// `<T, N>` (outputs and scratch with `#[shape(..)]`), runtime scalars
/// (`f32`, `i32`, `bool`), and trace-time values `#[trace] name: Ty` (any
/// `Clone + Eq + Hash + Debug` type, e.g. `#[trace] stages: u32`): fields
/// of `NameShapes` and `NameArgs`, part of the cache key, ordinary values
/// in the body. Prefer them to const generics, which need one
/// instantiation per value.
///
/// Attribute arguments: `grid = [extents..]` (required; expressions over the
/// parameters, e.g. `q.dim(0)`), `semantics = [parallel, arbitrary, ..]`
/// (optional), `name = "..."` (optional kernel name).
///
/// ```
/// use tilekit_core::dsl::*;
/// use tilekit_core::{DType, HostTensor};
///
/// /// Sums the first `lens[i]` entries of row `i` (a traced loop).
/// #[kernel(grid = [x.dim(0)])]
/// fn prefix_sum(#[prefetch] lens: Prefetch<1>, x: Ref<f32, 2>, #[shape([x.dim(0)])] y: RefMut<f32, 1>) {
///     let i = program_id(0);
///     let mut total = zeros::<f32>([]);
///     for j in 0..lens[i] {
///         total += x.load([i, j]);
///     }
///     y.store([i..i + 1], total.reshape([1]));
/// }
///
/// let out = PrefixSumArgs {
///     lens: HostTensor::from_i32(&[2], vec![2, 3])?,
///     x: HostTensor::from_f32(DType::F32, &[2, 3], &[1., 2., 4., 1., 2., 4.])?,
/// }
/// .run_interpreter()?;
/// assert_eq!(out.y.to_f32_vec(), vec![3.0, 7.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[proc_macro_attribute]
pub fn kernel(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::kernel(attr.into(), item.into()).into()
}

/// Marks a helper function called from kernels: its body gets the same
/// rewriting (traced loops and branches, index syntax) and it is inlined
/// into the kernel's trace by being called.
#[proc_macro_attribute]
pub fn helper(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::helper(attr.into(), item.into()).into()
}
