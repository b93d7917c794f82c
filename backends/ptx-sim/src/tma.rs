//! The simulator's model of TMA pipelines: mbarriers (arrival count,
//! `expect_tx`, tx-count, phase parity, `try_wait.parity`, `inval`) and
//! `cp.async.bulk.tensor` reading a tensor-map description.
//!
//! A bulk copy reads global memory when issued but lands in shared memory
//! only when a thread waits on its mbarrier and the phase completes, so a
//! buffer read early sees stale data. Stricter than the hardware, so that
//! protocol mistakes are errors rather than flaky results:
//! - any generic shared access to bytes a copy in flight will write, or to
//!   a live mbarrier, is an error (a missing wait, reused memory);
//! - a copy into bytes some thread accessed since the last `bar.sync` is a
//!   race (a refill before everyone finished reading);
//! - a wait on the parity of a phase that completed earlier while the
//!   current phase still has copies in flight, or a wait that could never
//!   complete, is an error (wrong parity);
//! - barriers must be initialised, fenced (`fence.mbarrier_init`) before a
//!   copy completes on them, seen by other threads only after a `bar.sync`,
//!   and re-armed only once their previous phase completed;
//! - a box crossing the tensor's bounds is a memcheck error (the hardware
//!   fills zeros, but only unmasked, in-bounds loads use TMA).
//!
//! The CUtensorMap NVIDIA's driver encodes is opaque, so the harness passes
//! [`TensorMapDesc`] (what `tilekit_ptx::TensorMap` says) instead.

use crate::decode::{Decoder, Ins, Opnd};
use crate::machine::{Arg, Cta};
use std::collections::HashMap;

/// Marks a register holding the address of kernel parameter `p`.
const PARAM_TAG: u64 = 1 << 62;

/// A tensor map as the simulator reads it: ref buffer, shape and box.
#[derive(Clone, Debug)]
pub struct TensorMapDesc {
    /// Index (in the argument list) of the buffer the map describes.
    pub buffer: usize,
    pub elem_bytes: usize,
    /// Innermost first.
    pub dims: Vec<u64>,
    /// Byte strides of dimensions 1.., innermost first.
    pub strides: Vec<u64>,
    pub box_dims: Vec<u32>,
}

#[derive(Clone, Debug)]
pub enum TmaOp {
    /// `mov.b64 %rd, param`: the parameter's address.
    ParamAddr(usize),
    Init(u64),
    /// `mbarrier.arrive.expect_tx` of this many bytes (src 0).
    ArriveExpectTx,
    /// `try_wait.parity`: dst predicate, parity in src 0.
    TryWait,
    Inval,
    /// src: tensor map, `rank` coordinates, then the mbarrier address.
    Copy(usize),
    FenceInit,
    FenceProxy,
}

struct Mbar {
    expected: u64,
    pending: u64,
    tx: i64,
    phase: u64,
    /// Copies completing on this barrier, not landed yet: (at, bytes).
    copies: Vec<(usize, Vec<u8>)>,
    init_by: usize,
    init_epoch: u32,
    fenced: bool,
}

/// Per-CTA TMA state.
pub struct TmaState {
    bars: HashMap<usize, Mbar>,
    /// Per shared byte: a copy in flight writes it.
    inflight: Vec<bool>,
    /// Per shared byte: part of a live mbarrier.
    barrier: Vec<bool>,
}

impl TmaState {
    pub fn new(smem: usize) -> TmaState {
        TmaState {
            bars: HashMap::new(),
            inflight: vec![false; smem],
            barrier: vec![false; smem],
        }
    }

    /// Checks a generic (non-mbarrier, non-TMA) shared access.
    pub fn check_generic(&self, at: usize, n: usize, ins: &str) -> Result<(), String> {
        let end = (at + n).min(self.inflight.len());
        if let Some(i) = (at..end).find(|&i| self.inflight[i]) {
            return Err(format!(
                "tma: shared byte {i} is accessed while a cp.async.bulk.tensor into it is in flight (missing mbarrier wait?) at `{ins}`"
            ));
        }
        if let Some(i) = (at..end).find(|&i| self.barrier[i]) {
            return Err(format!(
                "tma: shared byte {i} belongs to a live mbarrier (missing mbarrier.inval?) at `{ins}`"
            ));
        }
        Ok(())
    }

    /// At CTA exit: every copy has landed.
    pub fn check_exit(&self) -> Result<(), String> {
        let n: usize = self.bars.values().map(|b| b.copies.len()).sum();
        if n > 0 {
            return Err(format!("tma: the CTA exits with {n} bulk copies in flight"));
        }
        Ok(())
    }
}

/// Decodes the TMA instructions (and `mov` of a parameter's address).
pub fn decode(
    d: &mut Decoder,
    i: &mut Ins,
    opcode: &str,
    ops: &[String],
    params: &[String],
) -> Result<Option<TmaOp>, String> {
    let err = || format!("simulator: unsupported instruction `{}`", i.text);
    if opcode.starts_with("mov") && ops.len() == 2 {
        if let Some(p) = params.iter().position(|p| *p == ops[1]) {
            i.dst = d.regs_of(&ops[0]);
            return Ok(Some(TmaOp::ParamAddr(p)));
        }
        return Ok(None);
    }
    let op = match opcode {
        "mbarrier.init.shared::cta.b64" => {
            i.addr = Some(d.addr(&ops[0]));
            let count = ops[1].parse().map_err(|_| err())?;
            TmaOp::Init(count)
        }
        "mbarrier.arrive.expect_tx.shared::cta.b64" if ops[0] == "_" => {
            i.addr = Some(d.addr(&ops[1]));
            i.src.push(d.opnd(&ops[2])?);
            TmaOp::ArriveExpectTx
        }
        "mbarrier.try_wait.parity.shared::cta.b64" => {
            i.dst = d.regs_of(&ops[0]);
            i.addr = Some(d.addr(&ops[1]));
            i.src.push(d.opnd(&ops[2])?);
            TmaOp::TryWait
        }
        "mbarrier.inval.shared::cta.b64" => {
            i.addr = Some(d.addr(&ops[0]));
            TmaOp::Inval
        }
        "fence.mbarrier_init.release.cluster" => TmaOp::FenceInit,
        "fence.proxy.async.shared::cta" => TmaOp::FenceProxy,
        _ if opcode.starts_with("cp.async.bulk.tensor.")
            && opcode.ends_with(".shared::cluster.global.mbarrier::complete_tx::bytes") =>
        {
            i.addr = Some(d.addr(&ops[0]));
            let inner = ops[1].trim_matches(|c| c == '[' || c == ']');
            let (tmap, coords) = inner.split_once(',').ok_or_else(err)?;
            i.src.push(d.opnd(tmap.trim())?);
            let coords = d.regs_of(coords.trim());
            let rank = coords.len();
            i.src.extend(coords.into_iter().map(Opnd::R));
            let bar = d.addr(&ops[2]).0.ok_or_else(err)?;
            i.src.push(Opnd::R(bar));
            TmaOp::Copy(rank)
        }
        _ => return Ok(None),
    };
    Ok(Some(op))
}

impl Cta<'_> {
    fn addr_of(&self, th: usize, i: &Ins) -> usize {
        let (base, off) = i.addr.unwrap_or((None, 0));
        base.map_or(0, |r| self.get(th, &Opnd::R(r)))
            .wrapping_add(off as u64) as usize
    }

    /// The live mbarrier at `at`, visible to thread `th`.
    fn bar(&mut self, th: usize, at: usize, ins: &str) -> Result<&mut Mbar, String> {
        let epoch = self.epoch;
        let ctaid = self.ctaid;
        let b = self.tma.bars.get_mut(&at).ok_or_else(|| {
            format!("tma: CTA {ctaid}: no live mbarrier at shared {at} at `{ins}`")
        })?;
        if b.init_by != th && b.init_epoch == epoch {
            return Err(format!(
                "racecheck: CTA {ctaid}: thread {th} uses the mbarrier at {at} initialised by thread {} without a bar.sync since, at `{ins}`",
                b.init_by
            ));
        }
        Ok(b)
    }

    pub(super) fn exec_tma(&mut self, th: usize, i: &Ins, op: &TmaOp) -> Result<(), String> {
        let ins = i.text.as_str();
        match op {
            TmaOp::ParamAddr(p) => self.set(th, i.dst[0], PARAM_TAG | *p as u64),
            TmaOp::FenceProxy => {}
            TmaOp::FenceInit => {
                for b in self.tma.bars.values_mut().filter(|b| b.init_by == th) {
                    b.fenced = true;
                }
            }
            TmaOp::Init(count) => {
                let at = self.addr_of(th, i);
                if at % 8 != 0 {
                    return Err(format!(
                        "tma: mbarrier at {at} is not 8-byte aligned at `{ins}`"
                    ));
                }
                // Initialising writes the bytes: race-checked like a store.
                self.smem_access(th, at, 8, true, ins)?;
                let b = Mbar {
                    expected: *count,
                    pending: *count,
                    tx: 0,
                    phase: 0,
                    copies: Vec::new(),
                    init_by: th,
                    init_epoch: self.epoch,
                    fenced: false,
                };
                self.tma.bars.insert(at, b);
                self.tma.barrier[at..at + 8].fill(true);
            }
            TmaOp::ArriveExpectTx => {
                let at = self.addr_of(th, i);
                let bytes = self.get(th, &i.src[0]) as i64;
                let b = self.bar(th, at, ins)?;
                if b.pending == 0 {
                    return Err(format!(
                        "tma: arrive on the mbarrier at {at}, whose phase {} already has every arrival (re-armed before its copies were waited for?) at `{ins}`",
                        b.phase
                    ));
                }
                b.tx += bytes;
                b.pending -= 1;
            }
            TmaOp::Copy(rank) => self.bulk_copy(th, i, *rank)?,
            TmaOp::TryWait => {
                let at = self.addr_of(th, i);
                let parity = self.get(th, &i.src[0]) & 1;
                let done = self.try_wait(th, at, parity, ins)?;
                self.set(th, i.dst[0], done as u64);
            }
            TmaOp::Inval => {
                let at = self.addr_of(th, i);
                let b = self.bar(th, at, ins)?;
                if !b.copies.is_empty() {
                    return Err(format!(
                        "tma: mbarrier at {at} invalidated with copies in flight at `{ins}`"
                    ));
                }
                self.tma.bars.remove(&at);
                self.tma.barrier[at..at + 8].fill(false);
                self.smem_access(th, at, 8, true, ins)?;
            }
        }
        Ok(())
    }

    fn try_wait(&mut self, th: usize, at: usize, parity: u64, ins: &str) -> Result<bool, String> {
        let ctaid = self.ctaid;
        let b = self.bar(th, at, ins)?;
        if b.phase & 1 != parity {
            // The phase with this parity completed earlier: passes at once.
            let armed = !b.copies.is_empty() || b.tx != 0 || b.pending != b.expected;
            if armed || b.phase == 0 {
                return Err(format!(
                    "tma: CTA {ctaid}: try_wait.parity {parity} on the mbarrier at {at} passes at once on an earlier phase while phase {} {} (wrong parity?) at `{ins}`",
                    b.phase,
                    if armed { "has copies in flight" } else { "is the first" }
                ));
            }
            return Ok(true);
        }
        // Land the copies: the phase completes when they and every arrival are in.
        let copies = std::mem::take(&mut b.copies);
        for (dst, data) in copies {
            self.smem[dst..dst + data.len()].copy_from_slice(&data);
            for k in dst..dst + data.len() {
                self.tma.inflight[k] = false;
                // Waiting on the barrier orders the landing before every
                // later access, so it leaves no generic access history.
                self.w[k] = (u32::MAX, 0);
                self.r[k] = (u32::MAX, 0);
            }
            let b = self.tma.bars.get_mut(&at).ok_or("internal")?;
            b.tx -= data.len() as i64;
        }
        let b = self.tma.bars.get_mut(&at).ok_or("internal")?;
        if b.tx < 0 {
            return Err(format!(
                "tma: {} more bytes landed on the mbarrier at {at} than expect_tx announced at `{ins}`",
                -b.tx
            ));
        }
        if b.pending == 0 && b.tx == 0 {
            b.phase += 1;
            b.pending = b.expected;
            return Ok(true);
        }
        Err(format!(
            "tma: CTA {ctaid}: try_wait.parity {parity} on the mbarrier at {at} never completes (phase {}: {} arrivals and {} bytes missing) at `{ins}`",
            b.phase, b.pending, b.tx
        ))
    }

    fn bulk_copy(&mut self, th: usize, i: &Ins, rank: usize) -> Result<(), String> {
        let ins = i.text.as_str();
        let dst = self.addr_of(th, i);
        let tmap = self.get(th, &i.src[0]);
        let coords: Vec<i64> = (1..=rank)
            .map(|k| self.get(th, &i.src[k]) as u32 as i32 as i64)
            .collect();
        let bar = self.get(th, &i.src[rank + 1]) as usize;
        let desc = match (tmap & PARAM_TAG != 0)
            .then(|| self.bufs.get((tmap & !PARAM_TAG) as usize))
            .flatten()
        {
            Some(Arg::TensorMap(d)) => d.clone(),
            _ => {
                return Err(format!(
                    "tma: the tensor-map operand is not a tensor-map parameter at `{ins}`"
                ))
            }
        };
        if desc.dims.len() != rank {
            return Err(format!(
                "tma: a {rank}d copy through a rank-{} tensor map at `{ins}`",
                desc.dims.len()
            ));
        }
        if !self.bar(th, bar, ins)?.fenced {
            return Err(format!("tma: copy completes on the mbarrier at {bar} before fence.mbarrier_init at `{ins}`"));
        }
        let data = self.gather(&desc, &coords, ins)?;
        if dst % 128 != 0 || dst + data.len() > self.smem.len() {
            return Err(format!(
                "tma: destination [{dst}, {}) is not 128-byte aligned inside {} bytes of shared memory at `{ins}`",
                dst + data.len(),
                self.smem.len()
            ));
        }
        let e = self.epoch;
        for k in dst..dst + data.len() {
            if self.tma.inflight[k] || self.tma.barrier[k] {
                return Err(format!("tma: copy into shared byte {k}, which another copy or an mbarrier holds, at `{ins}`"));
            }
            let (re, rt) = self.r[k];
            let (we, wt) = self.w[k];
            if re == e || we == e {
                let t = if re == e { rt } else { wt };
                let who = if t == usize::MAX {
                    "several threads".to_string()
                } else {
                    format!("thread {t}")
                };
                return Err(format!(
                    "racecheck: CTA {}: copy into shared byte {k}, accessed by {who} since the last barrier, at `{ins}`",
                    self.ctaid
                ));
            }
            self.tma.inflight[k] = true;
        }
        self.tma
            .bars
            .get_mut(&bar)
            .ok_or("internal")?
            .copies
            .push((dst, data));
        Ok(())
    }

    /// The box at `coords`, densely, innermost fastest. A box crossing the
    /// tensor's bounds is an error: the hardware would fill zeros, but TMA
    /// only serves unmasked loads, which the interpreter requires in bounds
    /// (so this is the memcheck of an out-of-range page or block).
    fn gather(&self, m: &TensorMapDesc, coords: &[i64], ins: &str) -> Result<Vec<u8>, String> {
        let Some(Arg::Buf(buf)) = self.bufs.get(m.buffer) else {
            return Err(format!(
                "tma: the tensor map's buffer is not a buffer at `{ins}`"
            ));
        };
        for (d, &c) in coords.iter().enumerate() {
            if c < 0 || c as u64 + m.box_dims[d] as u64 > m.dims[d] {
                return Err(format!(
                    "memcheck: CTA {}: TMA box {:?} at {coords:?} crosses the bounds {:?} of its tensor at `{ins}`",
                    self.ctaid, m.box_dims, m.dims
                ));
            }
        }
        let total: usize = m.box_dims.iter().map(|&n| n as usize).product();
        let mut out = Vec::with_capacity(total * m.elem_bytes);
        let mut idx = vec![0u64; m.box_dims.len()];
        for _ in 0..total {
            let mut o = 0u64;
            for (d, (&c, &b)) in coords.iter().zip(&idx).enumerate() {
                let stride = if d == 0 {
                    m.elem_bytes as u64
                } else {
                    m.strides[d - 1]
                };
                o += (c as u64 + b) * stride;
            }
            let o = o as usize;
            let bytes = buf.get(o..o + m.elem_bytes).ok_or_else(|| {
                format!(
                    "memcheck: tensor map element at byte {o} outside its buffer of {} at `{ins}`",
                    buf.len()
                )
            })?;
            out.extend_from_slice(bytes);
            for (d, x) in idx.iter_mut().enumerate() {
                *x += 1;
                if *x < m.box_dims[d] as u64 {
                    break;
                }
                *x = 0;
            }
        }
        Ok(out)
    }
}
