//! How each `dot` reads its operands: attention's `q · kᵀ` is written
//! `dot(q, k.t())`, and every backend wants to contract `k`'s last dim in
//! place rather than materialise the transpose (Mosaic's `tpu.matmul` takes
//! the contracting dims; PTX reads `k` with k along its rows). Recognising
//! that here, once, keeps the backends from each deciding it their own way.

use crate::ir::{Kernel, OpId, OpKind, Value, ValueDef};
use std::collections::HashMap;

/// The operands of one `dot` as a backend should read them.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct DotOperands {
    pub op: OpId,
    /// `[M, K]`.
    pub lhs: Value,
    /// The rhs as stored: `b` (`[N, K]`) of `dot(a, b.t())` when
    /// `rhs_transpose` is set, else the dot's own `[K, N]` rhs.
    pub rhs: Value,
    /// The `[1, 0]` transpose the dot's rhs came from, when every use of
    /// that transpose is as the rhs of a dot: then no backend needs its
    /// result, and each dot contracts `rhs`'s last dim instead.
    pub rhs_transpose: Option<OpId>,
}

/// Every `dot` of the kernel, in program order.
pub(super) fn dot_operands(k: &Kernel) -> Vec<DotOperands> {
    // Uses of each value: (all, as the rhs of a dot). Region yields count,
    // so a transpose carried out of a loop is never folded away.
    let mut uses: HashMap<Value, (usize, usize)> = HashMap::new();
    k.walk_ops(|op, _| {
        let kind = &k.op(op).kind;
        for v in kind.operands() {
            uses.entry(v).or_default().0 += 1;
        }
        if let OpKind::Dot { rhs, .. } = kind {
            uses.entry(*rhs).or_default().1 += 1;
        }
        for r in kind.regions() {
            for &y in &r.yields {
                uses.entry(y).or_default().0 += 1;
            }
        }
    });
    let folded = |rhs: Value| -> Option<(OpId, Value)> {
        let ValueDef::Op { op, .. } = k.value(rhs).def else {
            return None;
        };
        let OpKind::Transpose { x, perm } = &k.op(op).kind else {
            return None;
        };
        let only_dots = uses
            .get(&rhs)
            .is_some_and(|&(all, as_rhs)| all == as_rhs && as_rhs > 0);
        (perm == &[1, 0] && only_dots).then_some((op, *x))
    };
    let mut out = Vec::new();
    k.walk_ops(|op, _| {
        if let OpKind::Dot { lhs, rhs } = &k.op(op).kind {
            let (rhs_transpose, stored) = match folded(*rhs) {
                Some((t, x)) => (Some(t), x),
                None => (None, *rhs),
            };
            out.push(DotOperands {
                op,
                lhs: *lhs,
                rhs: stored,
                rhs_transpose,
            });
        }
    });
    out
}
