//! Where each ref lives on the TPU, decided before emitting:
//!
//! - a ref with a block spec becomes a Mosaic *window*: the kernel sees one
//!   block in VMEM, and Mosaic's own pipeline moves blocks between HBM and
//!   VMEM (double-buffered) using the block spec's index map as the
//!   window's transform function;
//! - any other input, output or in/out ref stays in HBM (memory space
//!   `any`): each load from it is a DMA of the indexed window into a VMEM
//!   staging buffer (one slot, or `stages` slots in a pipelined loop, each
//!   with its DMA semaphore), each store a DMA out of one;
//! - scratch is a VMEM scratch operand.

use crate::error::MosaicError;
use std::collections::HashMap;
use tilekit_core::ir::{Index, Kernel, OpId, OpKind, RefId, RefKind};
use tilekit_core::{DType, VerifiedKernel};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A block-spec'd ref: a VMEM window of its block shape.
    Window,
    /// Device memory reached by DMA.
    Hbm,
    /// A VMEM scratch operand.
    Scratch,
}

/// A VMEM buffer that one load or store of an HBM ref moves its window
/// through.
#[derive(Clone, Debug)]
pub struct Staging {
    pub op: OpId,
    pub src: RefId,
    pub dtype: DType,
    /// The accessed window of the ref: 1 for point indices, the slice length
    /// for slices, the extent for `..`.
    pub window: Vec<usize>,
    /// Buffers (and semaphores): the pipeline depth of a load issued ahead, else 1.
    pub slots: u32,
    pub is_load: bool,
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub places: Vec<Place>,
    pub staging: Vec<Staging>,
    pub staging_of: HashMap<OpId, usize>,
}

/// The window a load or store with `indices` touches in a ref of `shape`.
pub fn window(shape: &[usize], indices: &[Index]) -> Vec<usize> {
    indices
        .iter()
        .zip(shape)
        .map(|(i, &d)| match i {
            Index::Point(_) => 1,
            Index::Slice { len, .. } => *len,
            Index::Full => d,
        })
        .collect()
}

pub fn plan(vk: &VerifiedKernel) -> Result<Plan, MosaicError> {
    let k = vk.kernel();
    let places = k
        .refs
        .iter()
        .map(|r| match (r.kind, &r.block) {
            (RefKind::Scratch, _) => Place::Scratch,
            (_, Some(_)) => Place::Window,
            (_, None) => Place::Hbm,
        })
        .collect::<Vec<_>>();
    let mut plan = Plan {
        places,
        staging: Vec::new(),
        staging_of: HashMap::new(),
    };
    let mut error = None;
    k.walk_ops(|op, _| {
        if error.is_some() {
            return;
        }
        if let Err(e) = stage(vk, k, op, &mut plan) {
            error = Some(e);
        }
    });
    match error {
        Some(e) => Err(e),
        None => Ok(plan),
    }
}

fn stage(vk: &VerifiedKernel, k: &Kernel, op: OpId, plan: &mut Plan) -> Result<(), MosaicError> {
    let (r, indices, mask, is_load) = match &k.op(op).kind {
        OpKind::Load {
            src, indices, mask, ..
        } => (*src, indices, mask, true),
        OpKind::Store {
            dst, indices, mask, ..
        } => (*dst, indices, mask, false),
        _ => return Ok(()),
    };
    if plan.places[r.index()] != Place::Hbm {
        return Ok(());
    }
    if mask.is_some() {
        return Err(MosaicError::unsupported_op(
            k,
            op,
            format!(
                "a masked {} of `{}`, which lives in HBM: TPU DMAs move whole windows, so masks are not supported there; keep the window inside the ref and mask the values with `select`",
                if is_load { "load" } else { "store" },
                k.ref_decl(r).name
            ),
        ));
    }
    let decl = k.ref_decl(r);
    let slots = vk
        .info()
        .pipelined_load(op)
        .map_or(1, |(l, _)| l.stages.max(1));
    plan.staging_of.insert(op, plan.staging.len());
    plan.staging.push(Staging {
        op,
        src: r,
        dtype: decl.dtype,
        window: window(&decl.shape, indices),
        slots,
        is_load,
    });
    Ok(())
}
