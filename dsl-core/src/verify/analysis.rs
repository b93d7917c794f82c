//! Analysis of verified IR for backends: which grid axes are parallel (and a
//! check that parallel programs do not write the same elements), which values
//! depend on which program ids (`deps.rs`), how each dot reads its operands
//! (`dots.rs`), which loads of pipelined loops are issued ahead and the index
//! math they need, and the per-program memory footprint. Backends read these
//! facts from [`KernelInfo`] rather than recomputing them.

use super::deps::{program_deps, AxisSet};
use super::dots::{dot_operands, DotOperands};
use super::error::{ErrorKind, VerifyError};
use super::error_at;
use crate::ir::{AxisSemantics, Index, Kernel, OpId, OpKind, RefKind, Region, Value};
use crate::print::value_name;
use std::collections::{BTreeMap, HashMap};

/// What backends need to know about a verified kernel.
#[derive(Clone, Debug, PartialEq)]
pub struct KernelInfo {
    /// `parallel_axes[a]`: programs along grid axis `a` are independent.
    pub parallel_axes: Vec<bool>,
    /// `program_deps[v.index()]`: the grid axes along which value `v` may
    /// differ between programs (see [`KernelInfo::axes_of`]).
    pub program_deps: Vec<AxisSet>,
    /// Every `dot`, in program order, with how it reads its operands.
    pub dots: Vec<DotOperands>,
    /// Every loop with a pipeline depth, in program order.
    pub pipelined_loops: Vec<PipelinedLoop>,
    pub footprint: Footprint,
}

/// A `for` loop whose device-memory loads are issued `stages - 1` iterations ahead.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelinedLoop {
    pub op: OpId,
    pub stages: u32,
    /// Loads at the top level of the body, issued ahead; loads nested in
    /// inner regions are not pipelined.
    pub loads: Vec<PipelinedLoad>,
}

/// One load issued ahead, with the pure ops of the loop body that compute its
/// indices and mask (in program order), to be evaluated for a future
/// iteration.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelinedLoad {
    pub op: OpId,
    pub address_ops: Vec<OpId>,
}

/// Bytes a program keeps on chip, before any backend-specific layout.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Footprint {
    /// Scratch refs.
    pub scratch_bytes: usize,
    /// Tiles loaded from device memory, times the pipeline depth for loads
    /// issued ahead (the buffers double-buffering needs).
    pub staged_load_bytes: usize,
    /// The largest single tile value.
    pub max_tile_bytes: usize,
}

impl Footprint {
    pub fn total_bytes(&self) -> usize {
        self.scratch_bytes + self.staged_load_bytes
    }
}

impl KernelInfo {
    /// The grid axes whose program id `v` depends on, through data flow and
    /// loop trip counts (the rule for loops is in `verify/deps.rs`). Empty:
    /// `v` is the same in every program at the same point of the body.
    pub fn axes_of(&self, v: Value) -> AxisSet {
        self.program_deps[v.index()]
    }

    /// How `dot` op `op` reads its operands (`None` if `op` is no dot).
    pub fn dot(&self, op: OpId) -> Option<&DotOperands> {
        self.dots.iter().find(|d| d.op == op)
    }

    /// Whether transpose op `op` only feeds dots that read its operand in
    /// place, so a backend need not materialise it.
    pub fn is_folded_transpose(&self, op: OpId) -> bool {
        self.dots.iter().any(|d| d.rhs_transpose == Some(op))
    }

    /// The pipelined loop containing `load` at its top level, if any.
    pub fn pipelined_load(&self, load: OpId) -> Option<(&PipelinedLoop, &PipelinedLoad)> {
        self.pipelined_loops
            .iter()
            .find_map(|l| l.loads.iter().find(|p| p.op == load).map(|p| (l, p)))
    }

    pub fn pipelined_loop(&self, op: OpId) -> Option<&PipelinedLoop> {
        self.pipelined_loops.iter().find(|l| l.op == op)
    }
}

pub(super) fn analyse(k: &Kernel) -> (KernelInfo, Vec<VerifyError>) {
    let mut errors = Vec::new();
    let deps = program_deps(k);
    check_parallel_stores(k, &deps, &mut errors);
    let pipelined_loops = pipelined_loops(k, &mut errors);
    let footprint = footprint(k, &pipelined_loops);
    let parallel_axes = k
        .semantics
        .iter()
        .map(|s| *s == AxisSemantics::Parallel)
        .collect();
    (
        KernelInfo {
            parallel_axes,
            dots: dot_operands(k),
            program_deps: deps,
            pipelined_loops,
            footprint,
        },
        errors,
    )
}

/// A store to device memory along a parallel axis (extent > 1) must depend on
/// that axis' program id through its indices, its block index map or an
/// enclosing condition; otherwise programs would race on the same elements.
fn check_parallel_stores(k: &Kernel, deps: &[AxisSet], errors: &mut Vec<VerifyError>) {
    fn walk(
        k: &Kernel,
        r: &Region,
        control: AxisSet,
        deps: &[AxisSet],
        errors: &mut Vec<VerifyError>,
    ) {
        for &op in &r.ops {
            let kind = &k.op(op).kind;
            if let Some(f) = kind.as_for() {
                let c = control | deps[f.lower.index()] | deps[f.upper.index()];
                walk(k, f.body, c, deps, errors);
            } else if let Some(i) = kind.as_if() {
                let c = control | deps[i.cond.index()];
                walk(k, i.then_region, c, deps, errors);
                walk(k, i.else_region, c, deps, errors);
            } else if let OpKind::Store {
                dst, indices, mask, ..
            } = kind
            {
                let decl = k.ref_decl(*dst);
                if !decl.kind.is_device_memory() {
                    continue;
                }
                // A mask that depends on a program id partitions the writes too.
                let mut d = control | mask.map_or(AxisSet::EMPTY, |m| deps[m.index()]);
                for i in indices {
                    if let Index::Point(v) | Index::Slice { start: v, .. } = i {
                        d |= deps[v.index()];
                    }
                }
                if let Some(b) = &decl.block {
                    for v in &b.index_map.yields {
                        d |= deps[v.index()];
                    }
                }
                for (axis, (&extent, sem)) in k.grid.iter().zip(&k.semantics).enumerate() {
                    if *sem == AxisSemantics::Parallel && extent > 1 && !d.contains(axis) {
                        errors.push(error_at(k, Some(op), ErrorKind::ParallelRace, format!(
                            "the store to `{}` does not depend on program_id({axis}), so the {extent} programs along parallel axis {axis} would all write the same elements; index the store by program_id({axis}) or mark the axis arbitrary",
                            decl.name
                        )));
                    }
                }
            }
        }
    }
    walk(k, &k.body, AxisSet::EMPTY, deps, errors);
}

fn pipelined_loops(k: &Kernel, errors: &mut Vec<VerifyError>) -> Vec<PipelinedLoop> {
    let mut loops = Vec::new();
    k.walk_ops(|op, _| {
        if let OpKind::For {
            body,
            stages: Some(stages),
            ..
        } = &k.op(op).kind
        {
            let position: HashMap<OpId, usize> =
                body.ops.iter().enumerate().map(|(i, &o)| (o, i)).collect();
            let defined_by: HashMap<Value, OpId> = body
                .ops
                .iter()
                .flat_map(|&o| k.op(o).results.iter().map(move |&r| (r, o)))
                .collect();
            let mut loads = Vec::new();
            for &inner in &body.ops {
                let OpKind::Load { src, .. } = &k.op(inner).kind else {
                    continue;
                };
                if !k.ref_decl(*src).kind.is_device_memory() {
                    continue;
                }
                match address_slice(k, inner, body, &defined_by) {
                    Ok(mut slice) => {
                        slice.sort_by_key(|o| position[o]);
                        loads.push(PipelinedLoad {
                            op: inner,
                            address_ops: slice,
                        });
                    }
                    Err(msg) => {
                        errors.push(error_at(k, Some(inner), ErrorKind::NotPipelinable, msg))
                    }
                }
            }
            loops.push(PipelinedLoop {
                op,
                stages: *stages,
                loads,
            });
        }
    });
    loops
}

/// The pure ops of `body` that compute `load`'s indices and mask, or why the
/// load cannot be issued for a future iteration.
fn address_slice(
    k: &Kernel,
    load: OpId,
    body: &Region,
    defined_by: &HashMap<Value, OpId>,
) -> Result<Vec<OpId>, String> {
    let mut slice = BTreeMap::new();
    let mut stack = k.op(load).kind.operands();
    while let Some(v) = stack.pop() {
        if body.args[1..].contains(&v) {
            return Err(format!(
                "this load is in a pipelined loop and is issued ahead of its iteration, but its address depends on the loop-carried value {}; compute the address from the induction variable, prefetch arrays and values from before the loop, or drop `pipeline`",
                value_name(k, v)
            ));
        }
        let Some(&def) = defined_by.get(&v) else {
            continue;
        };
        if slice.contains_key(&def) {
            continue;
        }
        let kind = &k.op(def).kind;
        if !kind.is_pure() {
            return Err(format!(
                "this load is in a pipelined loop and is issued ahead of its iteration, but its address depends on `{}` {} inside the loop; only index math can be issued ahead (keep indices such as page numbers in a prefetch array)",
                kind.mnemonic(),
                value_name(k, v)
            ));
        }
        slice.insert(def, ());
        stack.extend(kind.operands());
    }
    Ok(slice.into_keys().collect())
}

fn footprint(k: &Kernel, loops: &[PipelinedLoop]) -> Footprint {
    let mut f = Footprint {
        scratch_bytes: k
            .refs
            .iter()
            .filter(|r| r.kind == RefKind::Scratch)
            .map(|r| r.shape.iter().product::<usize>() * r.dtype.size_bytes())
            .sum(),
        ..Footprint::default()
    };
    k.walk_ops(|op, _| {
        let data = k.op(op);
        for &r in &data.results {
            f.max_tile_bytes = f.max_tile_bytes.max(k.ty(r).size_bytes());
        }
        if let OpKind::Load { src, .. } = &data.kind {
            if k.ref_decl(*src).kind.is_device_memory() {
                let depth = loops
                    .iter()
                    .find(|l| l.loads.iter().any(|p| p.op == op))
                    .map_or(1, |l| l.stages as usize);
                f.staged_load_bytes += k.ty(data.results[0]).size_bytes() * depth;
            }
        }
    });
    f
}
