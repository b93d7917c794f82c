//! The calling convention shared by the Mosaic kernel function and its
//! StableHLO wrapper: which custom-call operands and results a kernel has,
//! in which order, and which results alias which operands.
//!
//! Custom-call operands are the scalar-prefetch operands first (every
//! prefetch array flattened to 1-D, then each scalar parameter as a
//! 1-element array; Mosaic puts them in SMEM), then one operand per input
//! and in/out ref, and one zero-filled operand per HBM output; results are
//! the output and in/out refs. An HBM output aliases its zeros (outputs
//! start zeroed, as in the interpreter; a DMA writes only what is stored)
//! and an in/out ref aliases its input.

use crate::plan::{Place, Plan};
use tilekit_core::ir::{Kernel, PrefetchId, RefId, RefKind};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    Prefetch(PrefetchId),
    /// Scalar parameter `i` of the kernel.
    Scalar(usize),
    /// An input or in/out ref's data.
    Ref(RefId),
    /// Zeros an HBM output starts as.
    Zeros(RefId),
}

#[derive(Clone, Debug)]
pub struct Signature {
    /// Scalar-prefetch operands, then the others.
    pub operands: Vec<Operand>,
    pub num_prefetch: usize,
    /// Output and in/out refs, in declaration order.
    pub results: Vec<RefId>,
    /// `(result, operand)` pairs that share a buffer.
    pub aliases: Vec<(usize, usize)>,
}

pub fn signature(k: &Kernel, plan: &Plan) -> Signature {
    let mut operands: Vec<Operand> = (0..k.prefetch.len())
        .map(|i| Operand::Prefetch(PrefetchId(i as u32)))
        .collect();
    operands.extend((0..k.scalars.len()).map(Operand::Scalar));
    let num_prefetch = operands.len();
    let mut results = Vec::new();
    let mut aliases = Vec::new();
    for (i, r) in k.refs.iter().enumerate() {
        let id = RefId(i as u32);
        let place = plan.places[i];
        match r.kind {
            RefKind::Scratch => continue,
            RefKind::Input => operands.push(Operand::Ref(id)),
            RefKind::InOut => {
                operands.push(Operand::Ref(id));
                aliases.push((results.len(), operands.len() - 1));
                results.push(id);
            }
            RefKind::Output => {
                if place == Place::Hbm {
                    operands.push(Operand::Zeros(id));
                    aliases.push((results.len(), operands.len() - 1));
                }
                results.push(id);
            }
        }
    }
    Signature {
        operands,
        num_prefetch,
        results,
        aliases,
    }
}
