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

/// Turns `fn name<consts>(params) { body }` into a kernel builder
/// `name::<consts>(&NameShapes) -> Result<VerifiedKernel, BuildError>`,
/// plus `NameShapes`, `NameArgs` (a typed launcher) and `NameOutputs`.
///
/// Attribute arguments: `grid = [extents..]` (required; expressions over the
/// parameters, e.g. `q.dim(0)`), `semantics = [parallel, arbitrary, ..]`
/// (optional), `name = "..."` (optional kernel name).
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
