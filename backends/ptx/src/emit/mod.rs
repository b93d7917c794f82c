//! The emitter: walks verified IR once, in program order, and writes PTX.
//!
//! Every value is produced at its definition in the forms the plan says its
//! uses need: registers spread over the threads (`layout`), a view of shared
//! memory, or both. Scalars are uniform registers (every thread computes
//! the same index math), so all control flow is uniform and `bar.sync` may
//! appear anywhere. One CTA runs one grid program.

mod cast;
mod control;
mod dot;
mod elementwise;
mod kernel;
mod memory;
mod mma;
mod moves;
mod narrow;
mod packed;
mod reduce;
mod smem;
mod tma;
mod wgmma;

pub(crate) use kernel::{emit_kernel, shared_memory_bytes};
pub(crate) use smem::View;

use crate::asm::{Asm, Reg, RegKind};
use crate::error::{PtxError, R};
use crate::layout::Layout;
use crate::plan::Plan;
use crate::Target;
use smem::{SmemAlloc, SyncState};
use std::collections::{HashMap, HashSet};
use tilekit_core::ir::{Kernel, OpId, OpKind, Region, Value};
use tilekit_core::KernelInfo;

/// Registers one tile may take per thread before ptxas would spill.
const MAX_SLOTS: usize = 128;

/// A value as the emitter holds it: registers (one per slot of its layout),
/// a shared-memory view, or both.
#[derive(Clone, Debug, Default)]
pub(crate) struct Val {
    pub regs: Option<Vec<Reg>>,
    pub smem: Option<View>,
}

impl Val {
    pub fn regs(regs: Vec<Reg>) -> Val {
        Val {
            regs: Some(regs),
            smem: None,
        }
    }

    pub fn smem(view: View) -> Val {
        Val {
            regs: None,
            smem: Some(view),
        }
    }
}

pub(crate) struct Emitter<'k> {
    pub k: &'k Kernel,
    pub target: Target,
    pub info: &'k KernelInfo,
    pub plan: Plan,
    pub a: Asm,
    env: Vec<Option<Val>>,
    pub smem: SmemAlloc,
    pub sync: SyncState,
    /// `%tid.x`.
    pub tid: Reg,
    /// Shared address of the dynamic shared memory.
    pub smem_base: Reg,
    /// Global base address of each ref (none for scratch).
    pub ref_ptr: Vec<Option<Reg>>,
    pub prefetch_ptr: Vec<Reg>,
    /// Element origin of each blocked ref's window (i32, per dimension).
    pub origin: Vec<Option<Vec<Reg>>>,
    pub pids: Vec<Reg>,
    /// The op being emitted, for error messages.
    pub op: Option<OpId>,
    /// Pipelined loads of the loops being emitted: the view of the stage
    /// buffer the current iteration reads.
    pub staged: HashMap<OpId, View>,
    /// Pipelined loads copied by TMA (sm_90a) and their tensor maps.
    pub(crate) tma: tma::TmaPlan,
    /// Base registers of clean buffers not written yet (`alloc_view`).
    pub clean: HashSet<Reg>,
}

impl<'k> Emitter<'k> {
    pub fn err(&self, message: impl Into<String>) -> PtxError {
        PtxError::at(self.k, self.op, message)
    }

    pub fn threads(&self) -> usize {
        self.plan.threads
    }

    pub fn layout(&self, shape: &[usize]) -> Layout {
        Layout::new(shape, self.plan.threads)
    }

    pub fn layout_of(&self, v: Value) -> Layout {
        self.layout(&self.k.ty(v).shape)
    }

    fn val(&self, v: Value) -> R<&Val> {
        self.env
            .get(v.index())
            .and_then(|x| x.as_ref())
            .ok_or_else(|| self.err(format!("internal: value %{} was not emitted", v.0)))
    }

    /// The registers of `v` (one per slot of its layout).
    pub fn regs(&self, v: Value) -> R<Vec<Reg>> {
        self.val(v)?
            .regs
            .clone()
            .ok_or_else(|| self.err(format!("internal: %{} is not in registers", v.0)))
    }

    /// The uniform register of a scalar.
    pub fn scalar(&self, v: Value) -> R<Reg> {
        Ok(self.regs(v)?[0])
    }

    /// The shared-memory view of `v`.
    pub fn view(&self, v: Value) -> R<View> {
        self.val(v)?
            .smem
            .clone()
            .ok_or_else(|| self.err(format!("internal: %{} is not in shared memory", v.0)))
    }

    /// Records `v` and completes it with every form its uses need.
    pub fn define(&mut self, v: Value, mut val: Val) -> R<()> {
        let needs = self.plan.needs[v.index()];
        let ty = self.k.ty(v).clone();
        let slots = self.layout(&ty.shape).slots();
        if slots > MAX_SLOTS && (needs.regs || val.regs.is_some()) {
            return Err(self.err(format!(
                "a {ty} tile would need {slots} registers per thread with {} threads (at most {MAX_SLOTS}); use smaller tiles",
                self.threads()
            )));
        }
        if val.regs.is_none() && (needs.regs || !needs.smem) {
            let view = val
                .smem
                .clone()
                .ok_or_else(|| self.err("internal: value defined without a form"))?;
            let l = self.layout(&ty.shape);
            val.regs = Some(self.read_view(&view, &l)?);
        }
        if val.smem.is_none() && needs.smem {
            let regs = val.regs.clone().unwrap_or_default();
            val.smem = Some(self.materialize(&regs, &ty.shape, ty.dtype)?);
        }
        self.env[v.index()] = Some(val);
        Ok(())
    }

    /// Overrides a value's form temporarily (pipelined issue); returns the old one.
    pub fn swap_env(&mut self, v: Value, val: Option<Val>) -> Option<Val> {
        std::mem::replace(&mut self.env[v.index()], val)
    }

    pub fn region(&mut self, r: &Region) -> R<()> {
        for &op in &r.ops {
            self.op(op)?;
        }
        Ok(())
    }

    pub fn op(&mut self, op: OpId) -> R<()> {
        let saved = self.op.replace(op);
        let k = self.k;
        let data = k.op(op);
        self.a.comment(&tilekit_core::print::print_op(k, op));
        let result = match &data.kind {
            OpKind::ProgramId { axis } => {
                let r = *self
                    .pids
                    .get(*axis)
                    .ok_or_else(|| self.err("internal: program id axis out of range"))?;
                self.define(data.results[0], Val::regs(vec![r]))
            }
            OpKind::Constant { .. }
            | OpKind::Iota { .. }
            | OpKind::Unary { .. }
            | OpKind::Binary { .. }
            | OpKind::Compare { .. }
            | OpKind::Select { .. }
            | OpKind::Cast { .. }
            | OpKind::Bitcast { .. } => {
                let regs = self.elementwise(&data.kind, data.results[0])?;
                self.define(data.results[0], Val::regs(regs))
            }
            OpKind::Broadcast { x, shape, dims } => {
                self.broadcast(*x, shape, dims, data.results[0])
            }
            // Read in place by the dots it feeds (`KernelInfo::dots`).
            OpKind::Transpose { .. } if self.info.is_folded_transpose(op) => Ok(()),
            OpKind::Transpose { x, perm } => {
                let view = self.view(*x)?.transpose(perm);
                self.define(data.results[0], Val::smem(view))
            }
            OpKind::Reshape { x, shape } => self.reshape(*x, shape, data.results[0]),
            OpKind::Reduce { op: r, x, axis } => self.reduce(*r, *x, *axis, data.results[0]),
            OpKind::Dot { .. } => self.dot(op, data.results[0]),
            OpKind::PrefetchRead { array, indices } => {
                let r = self.prefetch_read(*array, indices)?;
                self.define(data.results[0], Val::regs(vec![r]))
            }
            OpKind::Load { .. } => self.load(op),
            OpKind::Store { .. } => self.store(op),
            OpKind::For { .. } => self.for_loop(op),
            OpKind::If { .. } => self.if_op(op),
        };
        self.op = saved;
        result
    }

    /// `tid + round * threads`: the run a thread holds in round `round`.
    pub fn run_index(&mut self, round: usize) -> Reg {
        if round == 0 {
            return self.tid;
        }
        let r = self.a.reg(RegKind::B32);
        let off = round * self.threads();
        self.a.ins(format!("add.u32 {r}, {}, {off}", self.tid));
        r
    }

    /// The predicate "this thread holds a run in round `k`", or `None` when
    /// every thread does.
    pub fn round_valid(&mut self, l: &Layout, k: usize) -> Option<Reg> {
        if l.round_is_full(k) {
            return None;
        }
        let p = self.a.reg(RegKind::Pred);
        let limit = l.runs - k * l.threads;
        self.a
            .ins(format!("setp.lt.u32 {p}, {}, {limit}", self.tid));
        Some(p)
    }

    /// The predicate "thread 0": the one thread that writes a uniform value.
    pub fn is_thread0(&mut self) -> Reg {
        let p = self.a.reg(RegKind::Pred);
        self.a.ins(format!("setp.eq.u32 {p}, {}, 0", self.tid));
        p
    }

    /// Row-major coordinates (u32) of linear index `lin` in `shape`.
    pub fn coords(&mut self, lin: Reg, shape: &[usize]) -> Vec<Reg> {
        let mut out = vec![lin; shape.len()];
        let mut rest = lin;
        for d in (0..shape.len()).rev() {
            let n = shape[d];
            if d == 0 {
                out[d] = rest;
            } else if n == 1 {
                out[d] = self.a.imm_u32(0);
            } else {
                let c = self.a.reg(RegKind::B32);
                self.a.ins(format!("rem.u32 {c}, {rest}, {n}"));
                let q = self.a.reg(RegKind::B32);
                self.a.ins(format!("div.u32 {q}, {rest}, {n}"));
                out[d] = c;
                rest = q;
            }
        }
        out
    }

    /// Coordinates of the first element of the run a thread holds in round `k`.
    pub fn run_coords(&mut self, l: &Layout, k: usize) -> Vec<Reg> {
        let run = self.run_index(k);
        let lin = if l.vec == 1 {
            run
        } else {
            let r = self.a.reg(RegKind::B32);
            self.a.ins(format!("mul.lo.u32 {r}, {run}, {}", l.vec));
            r
        };
        self.coords(lin, &l.shape)
    }

    /// `base + Σ coords[d] * strides[d]` in u32 (shared-memory addresses).
    pub fn offset_u32(&mut self, base: Reg, coords: &[Reg], strides: &[i64]) -> Reg {
        let mut acc = base;
        for (&c, &s) in coords.iter().zip(strides) {
            if s == 0 {
                continue;
            }
            let r = self.a.reg(RegKind::B32);
            self.a.ins(format!("mad.lo.u32 {r}, {c}, {s}, {acc}"));
            acc = r;
        }
        acc
    }

    /// `base + Σ coords[d] * strides[d]` in u64 (global addresses).
    pub fn offset_u64(&mut self, base: Reg, coords: &[Reg], strides: &[i64]) -> Reg {
        let mut acc = base;
        for (&c, &s) in coords.iter().zip(strides) {
            if s == 0 {
                continue;
            }
            let r = self.a.reg(RegKind::B64);
            self.a.ins(format!("mad.wide.u32 {r}, {c}, {s}, {acc}"));
            acc = r;
        }
        acc
    }
}
