//! TMA pipelines (sm_90a): pipelined loads copied by the Tensor Memory
//! Accelerator, one `cp.async.bulk.tensor` per load and stage, completing
//! on one mbarrier per stage.
//!
//! **Which loads.** A load issued ahead by a pipelined loop (`stages >= 2`)
//! goes through TMA when, statically ([`qualify`]):
//! - the target is sm_90a;
//! - it is not masked (TMA can only zero-fill outside the tensor, not apply
//!   a mask);
//! - its ref is an `Input` (read-only for the launch, so no generic-proxy
//!   write of it has to be made visible to the async proxy);
//! - the ref has rank 1 to 5 and every dimension is 1 to 2^32 elements;
//! - the box (per ref dimension: 1 for a point index, the slice length, or
//!   the whole (block) dimension) has 1 to 256 elements per dimension, and
//!   its innermost dimension spans a multiple of 16 bytes (so a point index
//!   on the ref's last dimension, a non-contiguous row, never qualifies);
//! - every byte stride of the ref but the innermost is a multiple of 16 and
//!   below 2^40 (the base is 16-byte aligned by the launch contract of
//!   `ParamKind::Ref`; the runtime's allocations are 256-byte aligned);
//! - the loop's TMA loads of one stage move at most 2^20 - 1 bytes (the
//!   mbarrier tx-count range); loads past that stay on `cp.async`.
//!
//! Window starts need no alignment: TMA coordinates are element indices.
//! Everything else takes the per-thread `cp.async` path of `control`.
//! One difference remains for broken inputs: a window outside its ref (an
//! out-of-range page in a block table) reads zeros instead of faulting,
//! since TMA fills out-of-bounds elements (the simulator reports it).
//!
//! **The protocol.** For a loop with `s` stages: thread 0 initialises `s`
//! mbarriers (arrival count 1), then `fence.mbarrier_init` and, in every
//! thread, `fence.proxy.async` (the bytes may have held generic-proxy data)
//! and a `bar.sync`, so every thread sees initialised barriers. Issuing
//! iteration `n` into stage `n % s`: thread 0 arrives on the stage's
//! barrier with `expect_tx` of the stage's total bytes and issues the
//! copies. Iteration `n` waits with `mbarrier.try_wait.parity` on parity
//! `(n / s) & 1` (the stage's barrier completes once per use). A stage is
//! refilled at the top of the iteration after its last use, behind the
//! loop's existing `bar.sync` (every thread finished reading it), preceded
//! in every thread by `fence.proxy.async` (generic reads before async
//! writes). On exit every issued copy has been waited for; after a
//! `bar.sync` thread 0 invalidates the barriers so their bytes can be
//! reused.

use super::Emitter;
use crate::asm::{Reg, RegKind};
use crate::error::R;
use crate::layout::row_major_strides;
use crate::{Target, TensorMap};
use std::collections::HashMap;
use tilekit_core::ir::{Index, Kernel, OpId, OpKind, RefKind};
use tilekit_core::VerifiedKernel;

/// Most elements a box may span along one dimension.
const MAX_BOX: usize = 256;
/// Largest tx-count one mbarrier phase can expect.
const MAX_TX_BYTES: usize = (1 << 20) - 1;
/// Alignment of a bulk tensor copy's shared-memory destination.
pub(crate) const DST_ALIGN: usize = 128;

/// Which loads of a kernel go through TMA, and the maps they use.
#[derive(Default)]
pub(crate) struct TmaPlan {
    pub maps: Vec<TensorMap>,
    /// The map (index into `maps`) each TMA load copies through.
    loads: HashMap<OpId, usize>,
    /// Generic address of each map's kernel parameter, set at the entry.
    addrs: Vec<Option<Reg>>,
}

/// Decides, before emitting, which pipelined loads use TMA on `target`.
pub(crate) fn plan(vk: &VerifiedKernel, target: Target) -> TmaPlan {
    let mut plan = TmaPlan::default();
    if target != Target::Sm90a {
        return plan;
    }
    let k = vk.kernel();
    for pl in vk.info().pipelined_loops.iter().filter(|p| p.stages > 1) {
        let mut tx = 0;
        for p in &pl.loads {
            let Some((map, bytes)) = qualify(k, p.op) else {
                continue;
            };
            if tx + bytes > MAX_TX_BYTES {
                continue;
            }
            tx += bytes;
            let i = match plan.maps.iter().position(|m| *m == map) {
                Some(i) => i,
                None => {
                    plan.maps.push(map);
                    plan.maps.len() - 1
                }
            };
            plan.loads.insert(p.op, i);
        }
    }
    plan.addrs = vec![None; plan.maps.len()];
    plan
}

/// The tensor map a load can be copied through and the bytes one copy
/// moves, or `None` when it must take the `cp.async` path (module docs).
pub(crate) fn qualify(k: &Kernel, op: OpId) -> Option<(TensorMap, usize)> {
    let OpKind::Load {
        src,
        indices,
        mask: None,
        ..
    } = &k.op(op).kind
    else {
        return None;
    };
    let decl = k.ref_decl(*src);
    let rank = decl.shape.len();
    if decl.kind != RefKind::Input || !(1..=5).contains(&rank) || indices.len() != rank {
        return None;
    }
    if decl.shape.iter().any(|&n| n == 0 || n as u64 > 1 << 32) {
        return None;
    }
    let view = decl.view_shape();
    let size = decl.dtype.size_bytes();
    let mut box_dims = Vec::with_capacity(rank);
    for (d, idx) in indices.iter().enumerate() {
        let n = match idx {
            Index::Point(_) => 1,
            Index::Slice { len, .. } => *len,
            Index::Full => view[d],
        };
        if !(1..=MAX_BOX).contains(&n) {
            return None;
        }
        box_dims.push(n);
    }
    if box_dims[rank - 1] * size % 16 != 0 {
        return None;
    }
    let strides: Vec<u64> = row_major_strides(&decl.shape)[..rank - 1]
        .iter()
        .map(|&s| (s * size) as u64)
        .collect();
    if strides.iter().any(|&s| s % 16 != 0 || s >= 1 << 40) {
        return None;
    }
    let bytes = box_dims.iter().product::<usize>() * size;
    let map = TensorMap {
        ref_index: src.index(),
        dtype: decl.dtype,
        dims: decl.shape.iter().rev().map(|&n| n as u64).collect(),
        strides: strides.into_iter().rev().collect(),
        box_dims: box_dims.iter().rev().map(|&n| n as u32).collect(),
    };
    Some((map, bytes))
}

/// The mbarriers of one pipelined loop with TMA loads.
pub(crate) struct TmaBarriers {
    /// Shared address of stage 0's mbarrier (8 bytes per stage).
    base: Reg,
    /// Bytes the TMA copies of one stage deliver (the `expect_tx` count).
    tx_bytes: usize,
    stages: usize,
}

impl Emitter<'_> {
    /// The tensor map a pipelined load copies through, if it uses TMA.
    pub fn tma_map(&self, load: OpId) -> Option<usize> {
        self.tma.loads.get(&load).copied()
    }

    /// Bytes one TMA copy through `map` moves.
    pub fn tma_box_bytes(&self, map: usize) -> usize {
        let m = &self.tma.maps[map];
        m.box_dims.iter().map(|&n| n as usize).product::<usize>() * m.dtype.size_bytes()
    }

    /// At the entry: the generic address of a tensor-map parameter (the
    /// copy takes the map by generic address; `cvta.param` needs PTX 7.7).
    pub fn tma_param(&mut self, map: usize, ptx_name: &str) -> R<()> {
        let raw = self.a.reg(RegKind::B64);
        self.a.ins(format!("mov.b64 {raw}, {ptx_name}"));
        let g = self.a.reg(RegKind::B64);
        self.a.ins(format!("cvta.param.u64 {g}, {raw}"));
        match self.tma.addrs.get_mut(map) {
            Some(slot) => *slot = Some(g),
            None => return Err(self.err("internal: tensor map index out of range")),
        }
        Ok(())
    }

    /// Allocates and initialises one mbarrier per stage (loop prologue).
    pub fn tma_init(&mut self, stages: usize, tx_bytes: usize) -> TmaBarriers {
        let at = self.smem.alloc_aligned(8 * stages, 8);
        let base = self.a.reg(RegKind::B32);
        self.a
            .ins(format!("add.u32 {base}, {}, {at}", self.smem_base));
        // The bytes may still be read by threads finishing earlier code.
        self.before_smem_write();
        let p = self.is_thread0();
        for i in 0..stages {
            self.a.ins_if(
                Some(p),
                format!("mbarrier.init.shared::cta.b64 [{base}+{}], 1", 8 * i),
            );
        }
        // Makes the initialisation visible to the async proxy (the TMA
        // unit completes transactions on these barriers).
        self.a
            .ins_if(Some(p), "fence.mbarrier_init.release.cluster");
        // Generic-proxy accesses to the reused stage buffers come before
        // the first async-proxy writes.
        self.a.ins("fence.proxy.async.shared::cta");
        self.barrier();
        TmaBarriers {
            base,
            tx_bytes,
            stages,
        }
    }

    /// Before the barrier that precedes refilling a stage: this thread's
    /// generic reads of it are ordered before the async-proxy writes.
    pub fn tma_fence(&mut self) {
        self.a.ins("fence.proxy.async.shared::cta");
    }

    /// Thread 0 arrives on `stage`'s barrier expecting the stage's bytes;
    /// returns the barrier's address and the thread-0 predicate.
    pub fn tma_arm(&mut self, bars: &TmaBarriers, stage: Reg) -> (Reg, Reg) {
        let bar = self.a.reg(RegKind::B32);
        self.a
            .ins(format!("mad.lo.u32 {bar}, {stage}, 8, {}", bars.base));
        let p = self.is_thread0();
        self.a.ins_if(
            Some(p),
            format!(
                "mbarrier.arrive.expect_tx.shared::cta.b64 _, [{bar}], {}",
                bars.tx_bytes
            ),
        );
        (bar, p)
    }

    /// Thread 0 copies the box of `load` (whose address ops are evaluated)
    /// into `dst`, completing on `bar`.
    pub fn tma_copy(&mut self, load: OpId, map: usize, dst: Reg, bar: Reg, p: Reg) -> R<()> {
        let saved = self.op.replace(load);
        let OpKind::Load { src, indices, .. } = &self.k.op(load).kind else {
            return Err(self.err("internal: TMA op is not a load"));
        };
        let tmap = self
            .tma
            .addrs
            .get(map)
            .copied()
            .flatten()
            .ok_or_else(|| self.err("internal: tensor map parameter not loaded"))?;
        let origin = self.origin[src.index()].clone();
        let mut zero = None;
        let mut coords = Vec::with_capacity(indices.len());
        // Innermost first, as the tensor map's dimensions.
        for (d, idx) in indices.iter().enumerate().rev() {
            let start = match idx {
                Index::Point(v) | Index::Slice { start: v, .. } => Some(self.scalar(*v)?),
                Index::Full => None,
            };
            let c = match (start, &origin) {
                (Some(st), Some(o)) => {
                    let sum = self.a.reg(RegKind::B32);
                    self.a.ins(format!("add.s32 {sum}, {st}, {}", o[d]));
                    sum
                }
                (None, Some(o)) => o[d],
                (Some(st), None) => st,
                (None, None) => *zero.get_or_insert_with(|| self.a.imm_u32(0)),
            };
            coords.push(c.to_string());
        }
        self.a.ins_if(
            Some(p),
            format!(
                "cp.async.bulk.tensor.{}d.shared::cluster.global.mbarrier::complete_tx::bytes [{dst}], [{tmap}, {{{}}}], [{bar}]",
                coords.len(),
                coords.join(", ")
            ),
        );
        self.op = saved;
        Ok(())
    }

    /// Every thread waits until iteration `count`'s copies into stage `cur`
    /// have landed: the stage's barrier completes once per use, so use
    /// `count / s` waits on parity `(count / s) & 1`.
    pub fn tma_wait(&mut self, bars: &TmaBarriers, count: Reg, cur: Reg) {
        let bar = self.a.reg(RegKind::B32);
        self.a
            .ins(format!("mad.lo.u32 {bar}, {cur}, 8, {}", bars.base));
        let (phase, parity) = (self.a.reg(RegKind::B32), self.a.reg(RegKind::B32));
        self.a
            .ins(format!("div.u32 {phase}, {count}, {}", bars.stages));
        self.a.ins(format!("and.b32 {parity}, {phase}, 1"));
        let again = self.a.new_label("tma_wait");
        self.a.label(&again);
        let (done, waiting) = (self.a.reg(RegKind::Pred), self.a.reg(RegKind::Pred));
        self.a.ins(format!(
            "mbarrier.try_wait.parity.shared::cta.b64 {done}, [{bar}], {parity}"
        ));
        self.a.ins(format!("not.pred {waiting}, {done}"));
        // Not `.uni`: try_wait may time out in some threads and not others.
        self.a.ins(format!("@{waiting} bra {again}"));
    }

    /// After the loop: once every thread is past its last wait, thread 0
    /// invalidates the barriers so their bytes can hold other data.
    pub fn tma_release(&mut self, bars: &TmaBarriers) {
        self.barrier();
        let p = self.is_thread0();
        for i in 0..bars.stages {
            self.a.ins_if(
                Some(p),
                format!("mbarrier.inval.shared::cta.b64 [{}+{}]", bars.base, 8 * i),
            );
        }
    }
}
