//! `cast`, element by element, with the interpreter's rules: to a float one
//! rounding to nearest even (fp8 saturating to its largest finite value);
//! float to integer truncates toward zero and saturates (NaN gives 0);
//! integer to integer wraps; anything to bool tests `!= 0`.

use super::Emitter;
use crate::asm::{f32_imm, Reg, RegKind};
use tilekit_core::DType;

impl Emitter<'_> {
    /// Converts one element, as `Tile::cast` does.
    pub fn cast(&mut self, from: DType, to: DType, x: Reg) -> Reg {
        if from == to {
            return x;
        }
        match (from, to) {
            (DType::Bool, t) if t.is_int() => {
                let d = self.a.reg(RegKind::B32);
                self.a.ins(format!("selp.b32 {d}, 1, 0, {x}"));
                d
            }
            (DType::Bool, _) => {
                let d = self.a.reg(RegKind::F32);
                let (one, zero) = (f32_imm(1.0), f32_imm(0.0));
                self.a.ins(format!("selp.f32 {d}, {one}, {zero}, {x}"));
                d
            }
            (f, DType::Bool) if f.is_int() => {
                let d = self.a.reg(RegKind::Pred);
                self.a.ins(format!("setp.ne.s32 {d}, {x}, 0"));
                d
            }
            // Integer to integer wraps; the source is already extended.
            (f, t) if f.is_int() && t.is_int() => self.wrap_int(t, x),
            (DType::I32, DType::F32) => {
                let d = self.a.reg(RegKind::F32);
                self.a.ins(format!("cvt.rn.f32.s32 {d}, {x}"));
                d
            }
            // i8/u8/u16 are exact in f32: one rounding into the target.
            (f, _) if f.is_int() && f != DType::I32 => {
                let d = self.a.reg(RegKind::F32);
                self.a.ins(format!("cvt.rn.f32.s32 {d}, {x}"));
                self.round(to, d)
            }
            (DType::I32, _) => {
                // One rounding straight from the integer: convert toward
                // zero, set the lowest bit when that was inexact ("round to
                // odd"), then round to nearest into the narrow type.
                let t = self.a.reg(RegKind::F32);
                self.a.ins(format!("cvt.rz.f32.s32 {t}, {x}"));
                let back = self.a.reg(RegKind::B32);
                self.a.ins(format!("cvt.rzi.s32.f32 {back}, {t}"));
                let inexact = self.a.reg(RegKind::Pred);
                self.a.ins(format!("setp.ne.s32 {inexact}, {back}, {x}"));
                let bits = self.a.reg(RegKind::B32);
                self.a.ins(format!("mov.b32 {bits}, {t}"));
                let odd = self.a.reg(RegKind::B32);
                self.a.ins(format!("or.b32 {odd}, {bits}, 1"));
                let sel = self.a.reg(RegKind::B32);
                self.a
                    .ins(format!("selp.b32 {sel}, {odd}, {bits}, {inexact}"));
                let f = self.a.reg(RegKind::F32);
                self.a.ins(format!("mov.b32 {f}, {sel}"));
                self.round(to, f)
            }
            (_, t) if t.is_int() => {
                // Truncates, saturates to i32, and gives 0 for NaN, like
                // Rust's `as`; narrow targets then clamp to their range.
                let d = self.a.reg(RegKind::B32);
                self.a.ins(format!("cvt.rzi.s32.f32 {d}, {x}"));
                let Some((lo, hi)) = t.int_range().filter(|_| t != DType::I32) else {
                    return d;
                };
                let c = self.a.reg(RegKind::B32);
                self.a.ins(format!("max.s32 {c}, {d}, {lo}"));
                let e = self.a.reg(RegKind::B32);
                self.a.ins(format!("min.s32 {e}, {c}, {hi}"));
                e
            }
            (_, DType::Bool) => {
                let d = self.a.reg(RegKind::Pred);
                self.a
                    .ins(format!("setp.neu.f32 {d}, {x}, {}", f32_imm(0.0)));
                d
            }
            (_, to) => self.round(to, x),
        }
    }
}
