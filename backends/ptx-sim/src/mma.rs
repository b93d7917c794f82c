//! Tensor-core instructions in the simulator: warp-collective
//! `mma.sync.m16n8k16` and warpgroup-collective `wgmma.mma_async`.
//!
//! The fragment layouts are the PTX ISA's (rows `lane / 4` (+8), k or
//! columns `2 * (lane % 4)` (+1, +8)), written out independently of the
//! emitter so a layout mistake there shows up as wrong results here. Sums
//! are exact (f64) and rounded once to f32; hardware accumulates at least as
//! precisely per step, so tests compare with a tolerance.
//!
//! `wgmma.mma_async` results land in the registers only at
//! `wgmma.wait_group`: reading the accumulators before waiting sees the old
//! values, as on the GPU. B is read from shared memory through the matrix
//! descriptor (K-major, no swizzle; anything else is an error), with the
//! same bounds and race checks as any shared read.

use crate::decode::{Ins, Opnd};
use crate::machine::Cta;
use std::collections::HashMap;

/// Element type of the multiplicands.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum MmaType {
    Bf16,
    F16,
}

impl MmaType {
    pub fn parse(s: &str) -> Option<MmaType> {
        match s {
            "bf16" => Some(MmaType::Bf16),
            "f16" => Some(MmaType::F16),
            _ => None,
        }
    }

    fn value(self, bits: u16) -> f64 {
        match self {
            MmaType::Bf16 => half::bf16::from_bits(bits).to_f64(),
            MmaType::F16 => half::f16::from_bits(bits).to_f64(),
        }
    }
}

/// Accumulator writes of issued `wgmma`s not yet retired by a wait:
/// (thread, register) → f32 bits.
pub type Pending = HashMap<(usize, usize), u64>;

fn half_of(word: u64, hi: bool) -> u16 {
    (if hi { word >> 16 } else { word }) as u16
}

fn reg(o: &Opnd) -> usize {
    match o {
        Opnd::R(r) => *r,
        _ => usize::MAX,
    }
}

/// `A[row][k]` of a 16x16 A fragment held by one warp (threads `base..base+32`).
fn a_elem(c: &Cta, base: usize, a: &[usize], ty: MmaType) -> [[f64; 16]; 16] {
    let mut m = [[0f64; 16]; 16];
    for lane in 0..32 {
        let (g, t) = (lane / 4, lane % 4);
        for (i, &r) in a.iter().enumerate() {
            let word = c.regs[(base + lane) * c.nregs + r];
            let row = g + 8 * (i % 2);
            let k = 2 * t + 8 * (i / 2);
            m[row][k] = ty.value(half_of(word, false));
            m[row][k + 1] = ty.value(half_of(word, true));
        }
    }
    m
}

/// Executes one `mma.sync.aligned.m16n8k16.row.col.f32.T.T.f32` for every
/// warp of the CTA (the emitter never predicates it).
pub fn mma_sync(c: &mut Cta, i: &Ins, ty: MmaType) -> Result<(), String> {
    let regs: Vec<usize> = i.src.iter().map(reg).collect();
    let (a, b, acc) = (&regs[0..4], &regs[4..6], &regs[6..10]);
    for base in (0..c.t).step_by(32) {
        let am = a_elem(c, base, a, ty);
        let mut bm = [[0f64; 8]; 16];
        let mut cm = [[0f64; 8]; 16];
        for lane in 0..32 {
            let (g, t) = (lane / 4, lane % 4);
            let th = base + lane;
            for (j, &r) in b.iter().enumerate() {
                let word = c.regs[th * c.nregs + r];
                bm[2 * t + 8 * j][g] = ty.value(half_of(word, false));
                bm[2 * t + 8 * j + 1][g] = ty.value(half_of(word, true));
            }
            for (j, &r) in acc.iter().enumerate() {
                let x = f32::from_bits(c.regs[th * c.nregs + r] as u32);
                cm[g + 8 * (j / 2)][2 * t + j % 2] = x as f64;
            }
        }
        for lane in 0..32 {
            let (g, t) = (lane / 4, lane % 4);
            for (j, &d) in i.dst.iter().enumerate() {
                let (row, col) = (g + 8 * (j / 2), 2 * t + j % 2);
                let sum: f64 = cm[row][col] + (0..16).map(|k| am[row][k] * bm[k][col]).sum::<f64>();
                c.regs[(base + lane) * c.nregs + d] = (sum as f32).to_bits() as u64;
            }
        }
    }
    Ok(())
}

/// Issues one `wgmma.mma_async.sync.aligned.m64nNk16.f32.T.T` with A in
/// registers: `src` = a0..a3, the B descriptor, scale-d, then immediates.
pub fn wgmma(
    c: &mut Cta,
    i: &Ins,
    n: usize,
    ty: MmaType,
    pending: &mut Pending,
) -> Result<(), String> {
    if c.t % 128 != 0 {
        return Err(format!(
            "wgmma with {} threads (not whole warpgroups) at `{}`",
            c.t, i.text
        ));
    }
    if i.dst.len() != n / 2 {
        return Err(format!(
            "wgmma m64n{n} needs {} accumulators at `{}`",
            n / 2,
            i.text
        ));
    }
    let regs: Vec<usize> = i.src.iter().map(reg).collect();
    let (a, desc_reg, scale_reg) = (&regs[0..4], regs[4], regs[5]);
    if !matches!(i.src.get(8), Some(Opnd::Imm(0))) {
        return Err(format!(
            "simulator: only imm-trans-b = 0 is modelled, at `{}`",
            i.text
        ));
    }
    for group in (0..c.t).step_by(128) {
        let desc = c.regs[group * c.nregs + desc_reg];
        for th in group..group + 128 {
            if c.regs[th * c.nregs + desc_reg] != desc {
                return Err(format!(
                    "wgmma descriptor differs across the warpgroup at `{}`",
                    i.text
                ));
            }
        }
        let lo = desc as u32;
        let hi = (desc >> 32) as u32;
        if hi >> 30 != 0 {
            return Err(format!(
                "simulator: swizzled wgmma operands are not modelled, at `{}`",
                i.text
            ));
        }
        let start = ((lo & 0x3fff) << 4) as usize;
        let lbo = (((lo >> 16) & 0x3fff) << 4) as usize;
        let sbo = ((hi & 0x3fff) << 4) as usize;
        // B[k][col] from the canonical K-major layout.
        let mut bm = vec![[0f64; 16]; n];
        for (col, row) in bm.iter_mut().enumerate() {
            for (k, x) in row.iter_mut().enumerate() {
                let at = start + (col / 8) * sbo + (k / 8) * lbo + (col % 8) * 16 + (k % 8) * 2;
                c.smem_access(group, at, 2, false, &i.text)?;
                *x = ty.value(u16::from_le_bytes([c.smem[at], c.smem[at + 1]]));
            }
        }
        let accumulate = c.regs[group * c.nregs + scale_reg] != 0;
        for w in 0..4 {
            let base = group + 32 * w;
            let am = a_elem(c, base, a, ty);
            for lane in 0..32 {
                let (g, t) = (lane / 4, lane % 4);
                let th = base + lane;
                for (j, &d) in i.dst.iter().enumerate() {
                    let row = g + 8 * ((j % 4) / 2);
                    let col = 8 * (j / 4) + 2 * t + j % 2;
                    let old = pending
                        .get(&(th, d))
                        .copied()
                        .unwrap_or(c.regs[th * c.nregs + d]);
                    let old = if accumulate {
                        f32::from_bits(old as u32) as f64
                    } else {
                        0.0
                    };
                    let sum: f64 = old + (0..16).map(|k| am[row][k] * bm[col][k]).sum::<f64>();
                    pending.insert((th, d), (sum as f32).to_bits() as u64);
                }
            }
        }
    }
    Ok(())
}

/// `wgmma.wait_group`: every issued `wgmma` retires (the emitter waits for
/// all groups), writing its accumulators.
pub fn wgmma_wait(c: &mut Cta, pending: &mut Pending) {
    for ((th, d), v) in pending.drain() {
        c.regs[th * c.nregs + d] = v;
    }
}
