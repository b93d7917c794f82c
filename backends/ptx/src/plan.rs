//! The pre-pass: how many threads a CTA gets, and which values each op
//! needs in registers and which in shared memory.
//!
//! Elementwise math wants a tile in registers (spread over threads, see
//! `layout`); ops that move data between threads (dot operands, transposes,
//! broadcasts of tiles, slow-path reductions) read it from shared memory.
//! Knowing every use before emitting lets each value be produced once, at
//! its definition, in every form its uses need: a conversion emitted lazily
//! inside a loop or branch would not dominate later uses.

use crate::layout::Layout;
use tilekit_core::ir::{Kernel, OpKind, Region, Value};

/// Forms a value is needed in.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    pub regs: bool,
    pub smem: bool,
}

pub struct Plan {
    pub threads: usize,
    pub needs: Vec<Needs>,
}

/// Threads per CTA: enough that the largest tile gives each thread about
/// eight elements, within 64..=256 (two to eight warps).
pub fn choose_threads(k: &Kernel) -> usize {
    let max_elems = k
        .values
        .iter()
        .map(|v| v.ty.num_elements())
        .max()
        .unwrap_or(1);
    (max_elems / 8).next_power_of_two().clamp(64, 256)
}

/// Whether a reduction of `shape` along `axis` takes the warp-shuffle path:
/// along the last axis, with each row's runs on a power-of-two group of at
/// most 32 lanes of one warp.
pub fn reduce_is_shuffle(shape: &[usize], axis: usize, threads: usize) -> bool {
    if shape.is_empty() || axis + 1 != shape.len() {
        return false;
    }
    let l = Layout::new(shape, threads);
    let group = shape[axis] / l.vec;
    group.is_power_of_two() && group <= 32 && threads % group == 0
}

/// Whether a reshape can keep the operand's registers: row-major order is
/// unchanged, so equal run widths mean identical slot assignments.
pub fn reshape_keeps_regs(from: &[usize], to: &[usize], threads: usize) -> bool {
    !from.is_empty()
        && !to.is_empty()
        && Layout::new(from, threads).vec == Layout::new(to, threads).vec
}

impl Plan {
    pub fn new(k: &Kernel, threads: usize) -> Plan {
        let mut p = Plan {
            threads,
            needs: vec![Needs::default(); k.values.len()],
        };
        p.region(k, &k.body);
        for decl in &k.refs {
            if let Some(b) = &decl.block {
                p.region(k, &b.index_map);
            }
        }
        p
    }

    fn regs(&mut self, v: Value) {
        self.needs[v.index()].regs = true;
    }

    fn smem(&mut self, v: Value) {
        self.needs[v.index()].smem = true;
    }

    /// Visits ops in reverse so that an op's results have all their uses
    /// recorded before the op passes needs on to its operands.
    fn region(&mut self, k: &Kernel, r: &Region) {
        for &y in &r.yields {
            self.regs(y);
        }
        for &op in r.ops.iter().rev() {
            let data = k.op(op);
            let rank = |v: Value| k.ty(v).rank();
            match &data.kind {
                OpKind::Dot { lhs, rhs } => {
                    self.smem(*lhs);
                    self.smem(*rhs);
                }
                OpKind::Transpose { x, .. } => self.smem(*x),
                OpKind::Broadcast { x, .. } => {
                    if rank(*x) == 0 {
                        self.regs(*x)
                    } else {
                        self.smem(*x)
                    }
                }
                OpKind::Reshape { x, shape } => {
                    if reshape_keeps_regs(&k.ty(*x).shape, shape, self.threads) {
                        self.regs(*x)
                    } else {
                        self.smem(*x)
                    }
                }
                OpKind::Reduce { x, axis, .. } => {
                    if reduce_is_shuffle(&k.ty(*x).shape, *axis, self.threads) {
                        self.regs(*x)
                    } else {
                        self.smem(*x)
                    }
                }
                OpKind::For { body, .. } => {
                    // Carried values enter and leave the body in registers.
                    for &a in &body.args {
                        self.regs(a);
                    }
                    self.region(k, body);
                    for v in data.kind.operands() {
                        self.regs(v);
                    }
                }
                OpKind::If {
                    then_region,
                    else_region,
                    cond,
                } => {
                    self.region(k, then_region);
                    self.region(k, else_region);
                    self.regs(*cond);
                }
                other => {
                    for v in other.operands() {
                        self.regs(v);
                    }
                }
            }
        }
    }
}
