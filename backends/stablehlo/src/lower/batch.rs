//! Which values of a kernel differ between programs when the grid is
//! lowered batched: those that depend on a program id, through data flow,
//! loop-carried state and per-program control flow. They get a leading
//! per-program dimension; the rest are computed once for all programs.
//!
//! Memory is shared between programs in batched mode (each writes its own
//! elements, as the verifier's race check demands), so a load is batched
//! only when its address or mask is.

use tilekit_core::ir::{Kernel, OpKind};

/// `out[v]`: value `v` is batched.
pub(crate) fn batched_values(k: &Kernel) -> Vec<bool> {
    let mut b = vec![false; k.values.len()];
    for r in &k.refs {
        if let Some(spec) = &r.block {
            for &a in &spec.index_map.args {
                b[a.index()] = true;
            }
        }
    }
    // Carried values feed back into themselves: iterate to a fixed point
    // (flags only turn on).
    loop {
        let before = b.clone();
        k.walk_ops(|op, _| {
            let data = k.op(op);
            match &data.kind {
                OpKind::ProgramId { .. } => b[data.results[0].index()] = true,
                OpKind::For {
                    lower,
                    upper,
                    init,
                    body,
                    ..
                } => {
                    // Programs with different bounds leave the loop after
                    // different iterations, so their carried values differ.
                    let bounds = b[lower.index()] || b[upper.index()];
                    if b[lower.index()] {
                        b[body.args[0].index()] = true;
                    }
                    for (i, &r) in data.results.iter().enumerate() {
                        let c = bounds
                            || b[init[i].index()]
                            || b[body.yields[i].index()]
                            || b[body.args[i + 1].index()];
                        if c {
                            b[body.args[i + 1].index()] = true;
                            b[r.index()] = true;
                        }
                    }
                }
                OpKind::If {
                    cond,
                    then_region,
                    else_region,
                } => {
                    for (i, &r) in data.results.iter().enumerate() {
                        if b[cond.index()]
                            || b[then_region.yields[i].index()]
                            || b[else_region.yields[i].index()]
                        {
                            b[r.index()] = true;
                        }
                    }
                }
                kind => {
                    if kind.operands().iter().any(|v| b[v.index()]) {
                        for &r in &data.results {
                            b[r.index()] = true;
                        }
                    }
                }
            }
        });
        if b == before {
            return b;
        }
    }
}
