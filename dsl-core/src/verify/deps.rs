//! Program-id dependence: for every value, the grid axes along which it may
//! differ between programs that execute the same point of the body. The
//! verifier's race check reads it (a store on a parallel axis must depend on
//! that axis), and backends that run programs together read it from
//! [`super::KernelInfo`] (StableHLO's batched grid gives exactly these values
//! a per-program dimension).
//!
//! Data flow carries dependence from operands to results. Structured ops:
//!
//! - A loop's induction variable depends on `lower` only. In iteration `n` it
//!   is `lower + n * step` in every program; `upper` decides whether
//!   iteration `n` runs at all, which is a control dependence. Consumers get
//!   that from the loop itself: the race check counts the bounds of every
//!   loop around a store, and a batched lowering masks finished programs. Were
//!   `upper` a data dependence, every decode loop (`0..len[b]`) would have a
//!   per-program page counter, and its prefetch reads, for nothing.
//! - Carried values (the body's arguments and the op's results) depend on the
//!   initial values, the yields *and both bounds*: programs whose trip counts
//!   differ leave with different state, and the body's arguments are that
//!   same state (a backend running programs in lockstep keeps one loop
//!   variable, in which finished programs hold their final values). For the
//!   race check this adds nothing: a store that reads a carried value is
//!   inside the loop, where the bounds count already.
//! - An `if`'s result `i` depends on the condition and on both branches'
//!   yield `i`.
//! - A block spec's index-map arguments are the program ids, one per axis.

use crate::ir::{Kernel, OpKind};
use std::fmt;

/// A set of grid axes (axes past 63 share the last bit, so such an axis is
/// conservatively taken to depend on its neighbours too).
#[derive(Copy, Clone, Default, PartialEq, Eq, Hash)]
pub struct AxisSet(u64);

impl AxisSet {
    pub const EMPTY: AxisSet = AxisSet(0);

    /// The set holding `axis` only.
    pub fn single(axis: usize) -> AxisSet {
        AxisSet(1u64 << axis.min(63))
    }

    pub fn contains(self, axis: usize) -> bool {
        self.0 & (1u64 << axis.min(63)) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The axes in increasing order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..64).filter(move |&a| self.0 & (1u64 << a) != 0)
    }
}

impl std::ops::BitOr for AxisSet {
    type Output = AxisSet;
    fn bitor(self, rhs: AxisSet) -> AxisSet {
        AxisSet(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for AxisSet {
    fn bitor_assign(&mut self, rhs: AxisSet) {
        self.0 |= rhs.0;
    }
}

impl fmt::Debug for AxisSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// `deps[v]`: the grid axes value `v` depends on (see the module doc).
pub(super) fn program_deps(k: &Kernel) -> Vec<AxisSet> {
    let mut deps = vec![AxisSet::EMPTY; k.values.len()];
    for r in &k.refs {
        if let Some(b) = &r.block {
            for (axis, &a) in b.index_map.args.iter().enumerate() {
                deps[a.index()] = AxisSet::single(axis);
            }
        }
    }
    let union = |deps: &[AxisSet], vs: &[crate::ir::Value]| {
        vs.iter()
            .fold(AxisSet::EMPTY, |acc, v| acc | deps[v.index()])
    };
    // Carried values feed back into themselves, so iterate to a fixed point
    // (sets only grow, with at most 64 bits each).
    loop {
        let before = deps.clone();
        k.walk_ops(|op, _| {
            let data = k.op(op);
            if let Some(f) = data.kind.as_for() {
                let bounds = deps[f.lower.index()] | deps[f.upper.index()];
                let lower = deps[f.lower.index()];
                deps[f.iv().index()] |= lower;
                for (i, (&arg, &r)) in f.carried().iter().zip(&data.results).enumerate() {
                    let d = bounds
                        | deps[arg.index()]
                        | deps[f.init[i].index()]
                        | deps[f.body.yields[i].index()];
                    deps[arg.index()] |= d;
                    deps[r.index()] |= d;
                }
            } else if let Some(c) = data.kind.as_if() {
                for (i, &r) in data.results.iter().enumerate() {
                    let d = deps[c.cond.index()]
                        | deps[c.then_region.yields[i].index()]
                        | deps[c.else_region.yields[i].index()];
                    deps[r.index()] |= d;
                }
            } else {
                let d = match &data.kind {
                    OpKind::ProgramId { axis } => AxisSet::single(*axis),
                    kind => union(&deps, &kind.operands()),
                };
                for &r in &data.results {
                    deps[r.index()] |= d;
                }
            }
        });
        if deps == before {
            return deps;
        }
    }
}
