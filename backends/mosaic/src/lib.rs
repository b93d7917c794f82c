//! tilekit-mosaic: verified tile IR → a Mosaic TPU kernel inside a
//! `stablehlo.custom_call @tpu_custom_call`, compiled ahead of time by
//! libtpu on a machine without a TPU.
//!
//! ```text
//! VerifiedKernel ─plan─► where refs live (VMEM windows / HBM + DMA / scratch)
//!        │          └─target::check─► tiling, VMEM and dtype rules of the chip
//!        ▼
//!   emit (Mosaic body, serialized generic form, version 11) ─wrap─► StableHLO module
//!        │
//!   TpuCompiler (libtpu: PJRT_TopologyDescription_Create + PJRT_Compile)
//! ```
//!
//! The kernel's grid becomes `iteration_bounds` and `dimension_semantics`;
//! prefetch arrays (and scalar parameters) scalar-prefetch operands in SMEM;
//! block specs windows with transform functions; loads and stores of other
//! device refs DMAs through VMEM staging buffers, double-buffered in
//! pipelined loops; `dot` `tpu.matmul`. Every rule the chip imposes that
//! tilekit can see is checked first ([`target`]) and reported naming the
//! kernel, the ref and the shape; what only Mosaic knows comes back from
//! libtpu as [`MosaicError::Compile`], pointing at the tilekit op that the
//! failing line of the body came from.
//!
//! A [`Program`](tilekit_core::program::Program) lowers to one module
//! ([`lower_program`]): one custom call per kernel call, program buffers
//! threaded from call to call as SSA values, state buffers aliased from
//! `@main`'s parameters to its results so they stay in place.

mod base64;
mod compile;
mod emit;
mod error;
mod mlir;
mod options;
mod plan;
mod program;
mod signature;
pub mod target;
mod wrap;

pub use compile::{CompiledKernel, CompiledProgram, TpuCompiler, LIBTPU_INSTALL_COMMAND};
pub use emit::kernel::MOSAIC_VERSION;
pub use error::MosaicError;
pub use program::{lower_program, MosaicProgram};
pub use target::TpuGeneration;

use tilekit_core::ir::{Location, OpId};
use tilekit_core::print::print_op;
use tilekit_core::VerifiedKernel;

/// A kernel lowered for one TPU generation.
#[derive(Clone, Debug)]
pub struct MosaicKernel {
    pub name: String,
    pub chip: TpuGeneration,
    /// The Mosaic module (what the custom call's `body` holds, decoded).
    pub body: String,
    /// The StableHLO module that calls it.
    pub module: String,
    /// VMEM a program needs by tilekit's count (padded to whole tiles).
    pub vmem_bytes: usize,
    /// Per body line (0-based): the tilekit op it came from, printed, and
    /// where that op is in the user's source.
    line_ops: Vec<Option<(String, Location)>>,
}

impl MosaicKernel {
    /// The tilekit op a (1-based) body line came from.
    pub fn op_at_line(&self, line: usize) -> Option<&(String, Location)> {
        self.line_ops.get(line.checked_sub(1)?)?.as_ref()
    }
}

/// Lowers `vk` for `chip`, checking the chip's rules first.
pub fn lower(vk: &VerifiedKernel, chip: TpuGeneration) -> Result<MosaicKernel, MosaicError> {
    lower_with_signature(vk, chip).map(|(m, _)| m)
}

/// [`lower`], with the calling convention a program's module needs to
/// call the kernel.
fn lower_with_signature(
    vk: &VerifiedKernel,
    chip: TpuGeneration,
) -> Result<(MosaicKernel, signature::Signature), MosaicError> {
    let k = vk.kernel();
    let plan = plan::plan(vk)?;
    let vmem_bytes = target::check(k, &plan, chip)?;
    let sig = signature::signature(k, &plan);
    if sig.results.is_empty() {
        return Err(MosaicError::unsupported(
            k,
            "the kernel has no output or in/out ref, so a TPU custom call would return nothing",
        ));
    }
    let body = emit::emit_module(vk, &plan, &sig)?;
    let module = wrap::wrap(k, &sig, &body.text);
    let line_ops = body
        .line_ops
        .iter()
        .map(|o: &Option<OpId>| o.map(|op| (print_op(k, op), k.op(op).location.clone())))
        .collect();
    let kernel = MosaicKernel {
        name: k.name.clone(),
        chip,
        body: body.text,
        module,
        vmem_bytes,
        line_ops,
    };
    Ok((kernel, sig))
}
