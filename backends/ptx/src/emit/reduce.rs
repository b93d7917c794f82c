//! Reductions. Along the last axis, when a row's runs sit on a power-of-two
//! group of lanes of one warp, each thread folds its run in index order, the
//! group combines with `shfl.sync.bfly` butterflies, and each group's first
//! lane writes the row's result to shared memory, where it is read back in
//! the result's layout. Otherwise (other axes, long rows) every result
//! element is folded by its owner thread from a shared-memory copy, in index
//! order. Sums accumulate in f32 (integers wrap in 32 bits, narrow ones are
//! wrapped to their width at the end, which is the same modulo 2^width) and
//! round once at the end;
//! max/min propagate NaN. A shuffle-path f32 sum adds in a tree order, so it
//! can differ from the interpreter's sequential sum in the last bits.

use super::moves::Space;
use super::{Emitter, Val};
use crate::asm::{f32_imm, Reg, RegKind};
use crate::error::R;
use crate::plan::reduce_is_shuffle;
use tilekit_core::ir::{ReduceOp, Value};
use tilekit_core::DType;

impl Emitter<'_> {
    /// The fold step `acc = acc (op) x` in f32 (or i32) without rounding.
    fn fold(&mut self, op: ReduceOp, dtype: DType, acc: Reg, x: Reg) -> Reg {
        let d = self.a.reg(acc.kind);
        let m = match (dtype, op) {
            (d, ReduceOp::Sum) if d.is_int() => "add.s32",
            (d, ReduceOp::Max) if d.is_int() => "max.s32",
            (d, ReduceOp::Min) if d.is_int() => "min.s32",
            (_, ReduceOp::Sum) => "add.rn.f32",
            (_, ReduceOp::Max) => "max.NaN.f32",
            (_, ReduceOp::Min) => "min.NaN.f32",
        };
        self.a.ins(format!("{m} {d}, {acc}, {x}"));
        d
    }

    fn identity(&mut self, op: ReduceOp, dtype: DType) -> Reg {
        let r = self.a.reg(RegKind::of(dtype));
        let text = match (dtype, op) {
            (d, ReduceOp::Sum) if d.is_int() => format!("mov.b32 {r}, 0"),
            (d, ReduceOp::Max) if d.is_int() => format!("mov.b32 {r}, {}", i32::MIN),
            (d, ReduceOp::Min) if d.is_int() => format!("mov.b32 {r}, {}", i32::MAX),
            (_, ReduceOp::Sum) => format!("mov.f32 {r}, {}", f32_imm(0.0)),
            (_, ReduceOp::Max) => format!("mov.f32 {r}, {}", f32_imm(f32::NEG_INFINITY)),
            (_, ReduceOp::Min) => format!("mov.f32 {r}, {}", f32_imm(f32::INFINITY)),
        };
        self.a.ins(text);
        r
    }

    pub fn reduce(&mut self, op: ReduceOp, x: Value, axis: usize, result: Value) -> R<()> {
        let xt = self.k.ty(x).clone();
        if reduce_is_shuffle(&xt.shape, axis, self.threads()) {
            self.reduce_shuffle(op, x, result)
        } else {
            self.reduce_serial(op, x, axis, result)
        }
    }

    fn reduce_shuffle(&mut self, op: ReduceOp, x: Value, result: Value) -> R<()> {
        let xt = self.k.ty(x).clone();
        let l = self.layout(&xt.shape);
        let regs = self.regs(x)?;
        let group = xt.shape[xt.rank() - 1] / l.vec;
        let out_shape = &xt.shape[..xt.rank() - 1];
        let out = self.alloc_view(xt.dtype, out_shape);
        // Lanes whose position in their group is 0 write the row.
        let leader = self.a.reg(RegKind::Pred);
        let lane_in_group = self.a.reg(RegKind::B32);
        self.a.ins(format!(
            "and.b32 {lane_in_group}, {}, {}",
            self.tid,
            group - 1
        ));
        self.a
            .ins(format!("setp.eq.u32 {leader}, {lane_in_group}, 0"));
        let mut rows = Vec::new();
        for k in 0..l.rounds() {
            let mut acc = regs[k * l.vec];
            for j in 1..l.vec {
                acc = self.fold(op, xt.dtype, acc, regs[k * l.vec + j]);
            }
            let mut off = group / 2;
            while off > 0 {
                let t = self.a.reg(acc.kind);
                self.a
                    .ins(format!("shfl.sync.bfly.b32 {t}, {acc}, {off}, 31, -1"));
                acc = self.fold(op, xt.dtype, acc, t);
                off /= 2;
            }
            rows.push(acc);
        }
        // Every lane shuffled above; only now may threads diverge on writes.
        self.before_smem_write();
        let size = xt.dtype.size_bytes();
        for (k, &acc) in rows.iter().enumerate() {
            let valid = self.round_valid(&l, k);
            let pred = self.and_pred(valid, leader);
            let run = self.run_index(k);
            let row = self.a.reg(RegKind::B32);
            self.a.ins(format!("div.u32 {row}, {run}, {group}"));
            let addr = self.a.reg(RegKind::B32);
            self.a
                .ins(format!("mad.lo.u32 {addr}, {row}, {size}, {}", out.base));
            self.st_elems(Space::Shared, addr, 0, xt.dtype, &[acc], false, Some(pred));
        }
        self.define(result, Val::smem(out))
    }

    fn reduce_serial(&mut self, op: ReduceOp, x: Value, axis: usize, result: Value) -> R<()> {
        let xt = self.k.ty(x).clone();
        let view = self.view(x)?;
        let out_shape = self.k.ty(result).shape.clone();
        let l = self.layout(&out_shape);
        let mut strides = view.byte_strides();
        let axis_stride = strides.remove(axis);
        self.before_smem_read();
        // Per slot: the address of its first input element and its accumulator.
        let mut slots = Vec::new();
        for k in 0..l.rounds() {
            let valid = self.round_valid(&l, k);
            let coords = if l.is_uniform() {
                Vec::new()
            } else {
                self.run_coords(&l, k)
            };
            let base = self.offset_u32(view.base, &coords, &strides);
            let last = strides.last().copied().unwrap_or(0);
            for j in 0..l.vec {
                let addr = self.a.reg(RegKind::B32);
                self.a
                    .ins(format!("add.u32 {addr}, {base}, {}", j as i64 * last));
                let acc = self.identity(op, xt.dtype);
                slots.push((valid, addr, acc));
            }
        }
        let n = xt.shape[axis];
        if n == 0 {
            let regs = slots.iter().map(|s| s.2).collect();
            return self.define(result, Val::regs(regs));
        }
        let i = self.a.imm_u32(0);
        let top = self.a.new_label("reduce");
        self.a.label(&top);
        for (valid, addr, acc) in &slots {
            let v = self.a.reg(RegKind::of(xt.dtype));
            self.ld_elems(Space::Shared, *addr, 0, view.dtype, &[v], false, *valid);
            let next = self.fold(op, xt.dtype, *acc, v);
            self.a.mov(*acc, next);
            self.a.ins(format!("add.u32 {addr}, {addr}, {axis_stride}"));
        }
        self.a.ins(format!("add.u32 {i}, {i}, 1"));
        let more = self.a.reg(RegKind::Pred);
        self.a.ins(format!("setp.lt.u32 {more}, {i}, {n}"));
        self.a.ins(format!("@{more} bra.uni {top}"));
        let regs: Vec<Reg> = slots
            .iter()
            .map(|&(_, _, acc)| self.round(xt.dtype, acc))
            .collect();
        self.define(result, Val::regs(regs))
    }
}
