//! Structured control flow: `for` (plain or pipelined) and `if`.
//!
//! Conditions and bounds are uniform scalars, so every thread takes the
//! same branches and `bar.sync` inside loops is safe. Carried values live in
//! registers that the body's yields overwrite (through temporaries, since a
//! yield may name another carried value).
//!
//! A pipelined loop with `stages = s` keeps `s` shared-memory buffers per
//! load. The prologue issues iterations `0..s-1`; iteration `i` issues
//! iteration `i + s - 1` into the buffer iteration `i - 1` used (after a
//! barrier: everyone finished reading it), commits one `cp.async` group per
//! iteration (empty past the end, so the count stays static), waits until at
//! most `s - 1` groups are in flight (its own has landed) and barriers so
//! every thread's copies are visible. Loads that cannot use `cp.async`
//! (masked, misaligned) are copied synchronously at issue time, which the
//! interpreter's "read at issue" semantics allow.
//!
//! On sm_90a, loads that qualify (see `tma`) are instead copied by one
//! thread with a TMA bulk tensor copy per load and stage, completing on the
//! stage's mbarrier; the same barrier before the refill protects the
//! buffer, and iterations wait on the mbarrier instead of a `cp.async`
//! group (which a loop with no `cp.async` loads does not commit at all).

use super::tma::{TmaBarriers, DST_ALIGN};
use super::{Emitter, Val, View};
use crate::asm::{Reg, RegKind};
use crate::error::R;
use std::collections::BTreeSet;
use tilekit_core::ir::{OpId, OpKind, RefKind, Value};
use tilekit_core::verify::PipelinedLoop;

/// Stage buffers of one pipelined load.
struct Stages {
    load: OpId,
    /// Shared address of stage 0.
    base: Reg,
    bytes: usize,
    dtype: tilekit_core::DType,
    shape: Vec<usize>,
    /// The tensor map of a TMA load.
    tma: Option<usize>,
}

/// The stage buffers of a pipelined loop and, with TMA loads, its mbarriers.
struct Pipeline {
    stages: Vec<Stages>,
    bars: Option<TmaBarriers>,
}

impl Pipeline {
    /// Whether any load uses `cp.async` (so iterations commit groups).
    fn cp_async(&self) -> bool {
        self.stages.iter().any(|st| st.tma.is_none())
    }
}

impl Emitter<'_> {
    /// Fresh registers holding a copy of `v`'s registers.
    fn carried_copy(&mut self, v: Value) -> R<Vec<Reg>> {
        let src = self.regs(v)?;
        Ok(src.iter().map(|&r| self.a.copy(r)).collect())
    }

    /// Assigns `values` to `dst` as one parallel copy.
    fn assign(&mut self, dst: &[Vec<Reg>], values: &[Value]) -> R<()> {
        let mut tmps = Vec::new();
        for &v in values {
            tmps.push(self.carried_copy(v)?);
        }
        for (d, t) in dst.iter().zip(&tmps) {
            for (&dr, &tr) in d.iter().zip(t) {
                self.a.mov(dr, tr);
            }
        }
        Ok(())
    }

    pub fn for_loop(&mut self, op: OpId) -> R<()> {
        let k = self.k;
        let data = k.op(op);
        let f = k.for_op(op).map_err(|m| self.err(m))?;
        let (body, step) = (f.body, f.step);
        let (lo, hi) = (self.scalar(f.lower)?, self.scalar(f.upper)?);
        let mut carried = Vec::new();
        for &v in f.init {
            carried.push(self.carried_copy(v)?);
        }
        let mark = self.smem.mark();
        let pipeline = self
            .info
            .pipelined_loop(op)
            .filter(|p| p.stages > 1 && !p.loads.is_empty())
            .cloned();
        let iv = self.a.copy(lo);
        let count = self.a.imm_u32(0);
        let stages = match &pipeline {
            Some(pl) => Some(self.prologue(pl, f.iv(), lo, hi, step)?),
            None => None,
        };
        let (top, end) = (self.a.new_label("loop"), self.a.new_label("end"));
        self.a.label(&top);
        let done = self.a.reg(RegKind::Pred);
        self.a.ins(format!("setp.ge.s32 {done}, {iv}, {hi}"));
        self.a.ins(format!("@{done} bra.uni {end}"));
        self.forget_sync();
        if let (Some(pl), Some(st)) = (&pipeline, &stages) {
            self.steady_state(pl, st, f.iv(), iv, count, hi, step)?;
        }
        self.define(f.iv(), Val::regs(vec![iv]))?;
        for (&arg, regs) in f.carried().iter().zip(&carried) {
            self.define(arg, Val::regs(regs.clone()))?;
        }
        self.region(body)?;
        self.assign(&carried, &body.yields)?;
        self.a.ins(format!("add.s32 {iv}, {iv}, {step}"));
        self.a.ins(format!("add.u32 {count}, {count}, 1"));
        self.a.ins(format!("bra.uni {top}"));
        self.a.label(&end);
        if let Some(pipe) = &stages {
            if let Some(bars) = &pipe.bars {
                self.tma_release(bars);
            }
            for st in &pipe.stages {
                self.staged.remove(&st.load);
            }
        }
        self.forget_sync();
        self.smem.release(mark);
        for (&r, regs) in data.results.iter().zip(carried) {
            self.define(r, Val::regs(regs))?;
        }
        Ok(())
    }

    /// Allocates the stage buffers and issues the first `stages - 1` iterations.
    fn prologue(
        &mut self,
        pl: &PipelinedLoop,
        iv: Value,
        lo: Reg,
        hi: Reg,
        step: u32,
    ) -> R<Pipeline> {
        let s = pl.stages as usize;
        let any_tma = pl.loads.iter().any(|p| self.tma_map(p.op).is_some());
        // TMA writes whole stages at 128-byte aligned destinations.
        let align = if any_tma { DST_ALIGN } else { 16 };
        let mut stages = Vec::new();
        let mut tx_bytes = 0;
        for p in &pl.loads {
            let res = self.k.op(p.op).results[0];
            let ty = self.k.ty(res).clone();
            let bytes = ty.size_bytes().div_ceil(align) * align;
            let tma = self.tma_map(p.op);
            if let Some(map) = tma {
                tx_bytes += self.tma_box_bytes(map);
            }
            let at = self.smem.alloc_aligned(bytes * s, align);
            let base = self.a.reg(RegKind::B32);
            self.a
                .ins(format!("add.u32 {base}, {}, {at}", self.smem_base));
            stages.push(Stages {
                load: p.op,
                base,
                bytes,
                dtype: ty.dtype,
                shape: ty.shape.clone(),
                tma,
            });
        }
        let bars = any_tma.then(|| self.tma_init(s, tx_bytes));
        let stages = Pipeline { stages, bars };
        for i in 0..s - 1 {
            let it = self.a.reg(RegKind::B32);
            self.a
                .ins(format!("add.s32 {it}, {lo}, {}", i as u64 * step as u64));
            let stage = self.a.imm_u32(i as i64);
            self.issue_if_in_range(pl, &stages, iv, it, hi, stage)?;
        }
        Ok(stages)
    }

    /// The top of a pipelined iteration: issue ahead, wait for this
    /// iteration's buffers, and point the body's loads at them.
    #[allow(clippy::too_many_arguments)]
    fn steady_state(
        &mut self,
        pl: &PipelinedLoop,
        stages: &Pipeline,
        iv_value: Value,
        iv: Reg,
        count: Reg,
        hi: Reg,
        step: u32,
    ) -> R<()> {
        let s = pl.stages as usize;
        let ahead = self.a.reg(RegKind::B32);
        self.a.ins(format!(
            "add.s32 {ahead}, {iv}, {}",
            (s as u64 - 1) * step as u64
        ));
        let slot = self.a.reg(RegKind::B32);
        self.a.ins(format!("add.u32 {slot}, {count}, {}", s - 1));
        let issue_stage = self.a.reg(RegKind::B32);
        self.a.ins(format!("rem.u32 {issue_stage}, {slot}, {s}"));
        // Everyone is done with the buffer about to be overwritten.
        if stages.bars.is_some() {
            self.tma_fence();
        }
        self.barrier();
        self.issue_if_in_range(pl, stages, iv_value, ahead, hi, issue_stage)?;
        if stages.cp_async() {
            self.a.ins(format!("cp.async.wait_group {}", s - 1));
        }
        let cur = self.a.reg(RegKind::B32);
        if let Some(bars) = &stages.bars {
            self.a.ins(format!("rem.u32 {cur}, {count}, {s}"));
            self.tma_wait(bars, count, cur);
        }
        // Every thread's cp.async copies (and synchronous fills) are visible.
        self.barrier();
        if stages.bars.is_none() {
            self.a.ins(format!("rem.u32 {cur}, {count}, {s}"));
        }
        for st in &stages.stages {
            let base = self.a.reg(RegKind::B32);
            self.a.ins(format!(
                "mad.lo.u32 {base}, {cur}, {}, {}",
                st.bytes, st.base
            ));
            let view = View::dense(base, st.dtype, &st.shape);
            self.staged.insert(st.load, view);
        }
        Ok(())
    }

    /// Issues iteration `it` into stage `stage` when `it < hi`, then commits
    /// a (possibly empty) group.
    fn issue_if_in_range(
        &mut self,
        pl: &PipelinedLoop,
        stages: &Pipeline,
        iv: Value,
        it: Reg,
        hi: Reg,
        stage: Reg,
    ) -> R<()> {
        let skip = self.a.new_label("skip_issue");
        let out = self.a.reg(RegKind::Pred);
        self.a.ins(format!("setp.ge.s32 {out}, {it}, {hi}"));
        self.a.ins(format!("@{out} bra.uni {skip}"));
        self.issue(pl, stages, iv, it, stage)?;
        self.a.label(&skip);
        self.forget_sync();
        if stages.cp_async() {
            self.a.ins("cp.async.commit_group");
        }
        Ok(())
    }

    /// Evaluates the loads' address ops with the induction variable bound to
    /// `it` and copies each load's window into its stage buffer.
    fn issue(
        &mut self,
        pl: &PipelinedLoop,
        stages: &Pipeline,
        iv: Value,
        it: Reg,
        stage: Reg,
    ) -> R<()> {
        let ops: BTreeSet<OpId> = pl
            .loads
            .iter()
            .flat_map(|p| p.address_ops.iter().copied())
            .collect();
        let mut saved = vec![(iv, self.swap_env(iv, Some(Val::regs(vec![it]))))];
        for &op in &ops {
            for &r in &self.k.op(op).results {
                saved.push((r, self.swap_env(r, None)));
            }
        }
        let mark = self.smem.mark();
        let result = (|| {
            for &op in &ops {
                self.op(op)?;
            }
            let armed = stages.bars.as_ref().map(|b| self.tma_arm(b, stage));
            for st in &stages.stages {
                match (st.tma, armed) {
                    (Some(map), Some((bar, p))) => {
                        let dst = self.a.reg(RegKind::B32);
                        self.a.ins(format!(
                            "mad.lo.u32 {dst}, {stage}, {}, {}",
                            st.bytes, st.base
                        ));
                        self.tma_copy(st.load, map, dst, bar, p)?;
                    }
                    _ => self.issue_load(st, stage)?,
                }
            }
            Ok(())
        })();
        self.smem.release(mark);
        for (v, old) in saved.into_iter().rev() {
            self.swap_env(v, old);
        }
        result
    }

    fn issue_load(&mut self, st: &Stages, stage: Reg) -> R<()> {
        let saved = self.op.replace(st.load);
        let OpKind::Load {
            src,
            indices,
            mask,
            other,
        } = &self.k.op(st.load).kind
        else {
            return Err(self.err("internal: pipelined op is not a load"));
        };
        let acc = self.global_access(*src, indices)?;
        let mask = mask.map(|m| self.regs(m)).transpose()?;
        let space = match self.k.ref_decl(*src).kind {
            RefKind::Input => super::moves::Space::GlobalNc,
            _ => super::moves::Space::Global,
        };
        let base = self.a.reg(RegKind::B32);
        self.a.ins(format!(
            "mad.lo.u32 {base}, {stage}, {}, {}",
            st.bytes, st.base
        ));
        let view = View::dense(base, st.dtype, &st.shape);
        self.fill_view(&acc, mask.as_deref(), *other, &view, space)?;
        self.op = saved;
        Ok(())
    }

    pub fn if_op(&mut self, op: OpId) -> R<()> {
        let k = self.k;
        let data = k.op(op);
        let view = k.if_op(op).map_err(|m| self.err(m))?;
        let (then_region, else_region) = (view.then_region, view.else_region);
        let c = self.scalar(view.cond)?;
        let results: Vec<Vec<Reg>> = data
            .results
            .iter()
            .map(|&r| {
                let l = self.layout_of(r);
                let kind = RegKind::of(self.k.ty(r).dtype);
                (0..l.slots()).map(|_| self.a.reg(kind)).collect()
            })
            .collect();
        let (else_l, end) = (self.a.new_label("else"), self.a.new_label("endif"));
        let not = self.a.reg(RegKind::Pred);
        self.a.ins(format!("not.pred {not}, {c}"));
        self.a.ins(format!("@{not} bra.uni {else_l}"));
        for (region, label) in [(then_region, None), (else_region, Some(&else_l))] {
            if let Some(l) = label {
                self.a.label(l);
                self.forget_sync();
            }
            let mark = self.smem.mark();
            self.region(region)?;
            self.assign(&results, &region.yields)?;
            self.smem.release(mark);
            if label.is_none() {
                self.a.ins(format!("bra.uni {end}"));
            }
        }
        self.a.label(&end);
        self.forget_sync();
        for (&r, regs) in data.results.iter().zip(results) {
            self.define(r, Val::regs(regs))?;
        }
        Ok(())
    }
}
