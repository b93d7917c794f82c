//! `dot`: `[M, K] x [K, N] -> f32[M, N]` from shared-memory operands.
//!
//! bf16 and f16 operands go to the tensor cores: `wgmma` on sm_90a when M
//! fills 64-row warpgroup blocks, `mma.sync` otherwise (modules `mma` and
//! `wgmma`). Other dtypes (f32) take the scalar path below: each thread
//! owns the output elements of its register layout and walks k in order,
//! accumulating `a * b` with separately rounded `mul.rn` and
//! `add.rn` — exactly the interpreter's f32 arithmetic, so results match it
//! bit for bit. Operands are views, so a transposed K tile is read in place:
//! for `dot(a, b.t())` (recognised once, in `KernelInfo::dots`) B is a
//! strided view of `b` itself and the transpose is never materialised. When
//! a run of B's columns is contiguous it is read with one vector load.

use super::mma::mma_type;
use super::moves::Space;
use super::{Emitter, Val};
use crate::asm::{f32_imm, Reg, RegKind};
use crate::error::R;
use crate::Target;
use tilekit_core::ir::{OpId, Value};
use tilekit_core::DType;

struct Round {
    valid: Option<Reg>,
    /// Address of `A[i, k]` for the run's row, advanced along k.
    a: Reg,
    /// Address of `B[k, j]` for each column of the run (or of the run's
    /// first column when B's columns are read as a vector).
    b: Vec<Reg>,
    acc: Vec<Reg>,
}

impl Emitter<'_> {
    pub fn dot(&mut self, op: OpId, result: Value) -> R<()> {
        let d = *self
            .info
            .dot(op)
            .ok_or_else(|| self.err("internal error: no operand facts for this dot"))?;
        let a = self.view(d.lhs)?;
        // B is always a [K, N] view; the stride checks below pick the wide
        // loads a K-contiguous B (such as `b.t()`) allows.
        let b = match d.rhs_transpose {
            Some(_) => self.view(d.rhs)?.transpose(&[1, 0]),
            None => self.view(d.rhs)?,
        };
        let (m, kk, n) = (a.shape[0], a.shape[1], b.shape[1]);
        if let (Some(ty), true) = (mma_type(a.dtype), a.dtype == b.dtype) {
            let out = self.alloc_view(DType::F32, &[m, n]);
            if self.target == Target::Sm90a && self.wgmma_fits(m) {
                self.dot_wgmma(&a, &b, &out, ty)?;
            } else {
                self.dot_mma_sync(&a, &b, &out, ty)?;
            }
            return self.define(result, Val::smem(out));
        }
        let l = self.layout(&[m, n]);
        let (sa, sb) = (a.byte_strides(), b.byte_strides());
        let b_vector = b.contiguous && b.strides[1] == 1 && {
            let bytes = l.vec * b.dtype.size_bytes();
            bytes >= 4 && bytes % 4 == 0
        };
        self.before_smem_read();
        let zero = f32_imm(0.0);
        let mut rounds = Vec::new();
        for k in 0..l.rounds() {
            let valid = self.round_valid(&l, k);
            let c = self.run_coords(&l, k);
            let a_start = self.offset_u32(a.base, &c[..1], &sa[..1]);
            let b_start = self.offset_u32(b.base, &c[1..], &sb[1..]);
            let a_addr = self.a.copy(a_start);
            let columns = if b_vector { 1 } else { l.vec };
            let b_addrs = (0..columns)
                .map(|j| {
                    let r = self.a.reg(RegKind::B32);
                    self.a
                        .ins(format!("add.u32 {r}, {b_start}, {}", j as i64 * sb[1]));
                    r
                })
                .collect();
            let acc = (0..l.vec)
                .map(|_| {
                    let r = self.a.reg(RegKind::F32);
                    self.a.ins(format!("mov.f32 {r}, {zero}"));
                    r
                })
                .collect();
            rounds.push(Round {
                valid,
                a: a_addr,
                b: b_addrs,
                acc,
            });
        }
        if kk > 0 {
            let unroll = [4, 2, 1].into_iter().find(|u| kk % u == 0).unwrap_or(1);
            let i = self.a.imm_u32(0);
            let top = self.a.new_label("dot");
            self.a.label(&top);
            for u in 0..unroll as i64 {
                for r in &rounds {
                    let x = self.a.reg(RegKind::F32);
                    self.ld_elems(Space::Shared, r.a, u * sa[1], a.dtype, &[x], false, r.valid);
                    let ys: Vec<Reg> = (0..l.vec).map(|_| self.a.reg(RegKind::F32)).collect();
                    if b_vector {
                        self.ld_elems(
                            Space::Shared,
                            r.b[0],
                            u * sb[0],
                            b.dtype,
                            &ys,
                            true,
                            r.valid,
                        );
                    } else {
                        for (j, &y) in ys.iter().enumerate() {
                            self.ld_elems(
                                Space::Shared,
                                r.b[j],
                                u * sb[0],
                                b.dtype,
                                &[y],
                                false,
                                r.valid,
                            );
                        }
                    }
                    for (&acc, &y) in r.acc.iter().zip(&ys) {
                        let p = self.a.reg(RegKind::F32);
                        self.a.ins(format!("mul.rn.f32 {p}, {x}, {y}"));
                        self.a.ins(format!("add.rn.f32 {acc}, {acc}, {p}"));
                    }
                }
            }
            for r in &rounds {
                self.a
                    .ins(format!("add.u32 {0}, {0}, {1}", r.a, unroll as i64 * sa[1]));
                for &bj in &r.b {
                    self.a
                        .ins(format!("add.u32 {bj}, {bj}, {}", unroll as i64 * sb[0]));
                }
            }
            self.a.ins(format!("add.u32 {i}, {i}, {unroll}"));
            let more = self.a.reg(RegKind::Pred);
            self.a.ins(format!("setp.lt.u32 {more}, {i}, {kk}"));
            self.a.ins(format!("@{more} bra.uni {top}"));
        }
        let regs = rounds.into_iter().flat_map(|r| r.acc).collect();
        self.define(result, Val::regs(regs))
    }
}
