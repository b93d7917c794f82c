//! Casts that round exactly like the interpreter (`Tile::cast`).
//!
//! - float → float: one round-to-nearest-even from the exact source value
//!   (`convert` through f32, which holds every bf16/f16/fp8 value exactly);
//!   to fp8 the f32 value is first clamped to the largest finite value, so
//!   XLA's conversion (which overflows to NaN or infinity) saturates as the
//!   interpreter and the hardware's `satfinite` do;
//! - float → integer: truncate toward zero, saturate, NaN → 0 (Rust's `as`),
//!   spelled out because `convert` leaves out-of-range values undefined;
//! - integer → integer: two's complement wrap (`convert` truncates and
//!   sign- or zero-extends);
//! - i32 → bf16/f16: one rounding from the integer. `convert` may round
//!   twice (i32 → f32 → bf16), which differs on integers above 2^24, so the
//!   f32 step rounds to odd instead (exact for the second rounding, since
//!   f32 has more than 8 + 2 and 11 + 2 significand bits). The narrow
//!   integers are exact in f32, and any integer that f32 rounds lies far
//!   past fp8's range, where both paths saturate;
//! - anything → bool: `!= 0`; bool → number: 0 or 1.

use super::Lowering;
use crate::types::{Scalar, V};
use tilekit_core::DType;

impl Lowering<'_> {
    pub(super) fn cast(&mut self, x: &V, to: DType) -> V {
        let from = x.ty.dtype;
        if from == to {
            return x.clone();
        }
        match (from, to) {
            (_, DType::Bool) => {
                let zero = if from.is_int() {
                    Scalar::I(0)
                } else {
                    Scalar::F(0.0)
                };
                let zero = self.em.splat(zero, &x.ty);
                self.em.compare("NE", x, &zero)
            }
            (DType::Bool, _) => self.em.convert(x, to),
            (f, t) if f.is_int() && t.is_int() => self.em.convert(x, to),
            (DType::I32, t) if t.is_arith_float() && t != DType::F32 => {
                let odd = self.i32_to_f32_round_to_odd(x);
                self.em.convert(&odd, to)
            }
            (f, _) if f.is_int() => {
                let wide = self.em.convert(x, DType::F32);
                self.float_to_float(&wide, to)
            }
            (_, DType::I32) => self.float_to_i32(x),
            (_, t) if t.is_int() => {
                let wide = self.float_to_i32(x);
                let (lo, hi) = t.int_range().unwrap_or((0, 0));
                let ity = wide.ty.clone();
                let lo = self.em.splat(Scalar::I(lo as i32), &ity);
                let hi = self.em.splat(Scalar::I(hi as i32), &ity);
                let c = self.em.same("maximum", &[&wide, &lo]);
                let c = self.em.same("minimum", &[&c, &hi]);
                self.em.convert(&c, to)
            }
            _ => {
                let wide = self.em.convert(x, DType::F32);
                self.float_to_float(&wide, to)
            }
        }
    }

    /// An f32 tensor rounded once to the float dtype `to`; fp8 saturates.
    fn float_to_float(&mut self, wide: &V, to: DType) -> V {
        let Some(format) = to.fp8_format() else {
            return self.em.convert(wide, to);
        };
        // Clamp with compares and selects: NaN fails both tests and stays
        // NaN (XLA CPU's `clamp`/`minimum` may drop it).
        let ty = wide.ty.clone();
        let max = self.em.splat(Scalar::F(format.max_finite()), &ty);
        let min = self.em.splat(Scalar::F(-format.max_finite()), &ty);
        let above = self.em.compare("GT", wide, &max);
        let below = self.em.compare("LT", wide, &min);
        let c = self.em.select(&above, &max, wide);
        let c = self.em.select(&below, &min, &c);
        self.em.convert(&c, to)
    }

    /// Rust's `f as i32`: truncation, saturation at the i32 range, NaN → 0.
    fn float_to_i32(&mut self, x: &V) -> V {
        let f = self.em.convert(x, DType::F32);
        let t = self.em.convert(&f, DType::I32);
        let ty = f.ty.clone();
        let hi = self.em.splat(Scalar::F(2147483648.0), &ty);
        let lo = self.em.splat(Scalar::F(-2147483648.0), &ty);
        let too_big = self.em.compare("GE", &f, &hi);
        let too_small = self.em.compare("LT", &f, &lo);
        let nan = self.em.compare("NE", &f, &f);
        let ity = ty.with_dtype(DType::I32);
        let max = self.em.splat(Scalar::I(i32::MAX), &ity);
        let min = self.em.splat(Scalar::I(i32::MIN), &ity);
        let zero = self.em.splat(Scalar::I(0), &ity);
        let r = self.em.select(&too_small, &min, &t);
        let r = self.em.select(&too_big, &max, &r);
        self.em.select(&nan, &zero, &r)
    }

    /// The f32 nearest to `x` toward the odd neighbour when inexact
    /// ("round to odd"), so a second rounding to bf16/f16 is correct.
    ///
    /// `x = hi + lo` with both halves exact in f32; `r = hi + lo` rounded,
    /// and TwoSum recovers the exact error `e = (hi + lo) - r`. When `e != 0`
    /// and `r` is even, the odd neighbour on the side of `e` replaces it.
    fn i32_to_f32_round_to_odd(&mut self, x: &V) -> V {
        let ity = x.ty.clone();
        let mask_hi = self.em.splat(Scalar::I(-65536), &ity);
        let mask_lo = self.em.splat(Scalar::I(65535), &ity);
        let hi = self.em.same("and", &[x, &mask_hi]);
        let lo = self.em.same("and", &[x, &mask_lo]);
        let hf = self.em.convert(&hi, DType::F32);
        let lf = self.em.convert(&lo, DType::F32);
        let r = self.em.same("add", &[&hf, &lf]);
        // TwoSum(hf, lf): e = (hf - (r - bv')) + (lf - bv').
        let bv = self.em.same("subtract", &[&r, &hf]);
        let av = self.em.same("subtract", &[&r, &bv]);
        let br = self.em.same("subtract", &[&lf, &bv]);
        let ar = self.em.same("subtract", &[&hf, &av]);
        let e = self.em.same("add", &[&ar, &br]);
        let fty = r.ty.clone();
        let zero = self.em.splat(Scalar::F(0.0), &fty);
        let inexact = self.em.compare("NE", &e, &zero);
        let bits = self.em.bitcast(&r, DType::I32);
        let one = self.em.splat(Scalar::I(1), &ity);
        let low_bit = self.em.same("and", &[&bits, &one]);
        let izero = self.em.splat(Scalar::I(0), &ity);
        let even = self.em.compare("EQ", &low_bit, &izero);
        let fix = self.em.same("and", &[&inexact, &even]);
        // Moving the bit pattern up grows the magnitude; that is toward x
        // when e has the sign of r.
        let e_pos = self.em.compare("GT", &e, &zero);
        let r_pos = self.em.compare("GT", &r, &zero);
        let away = self.em.compare("EQ", &e_pos, &r_pos);
        let minus_one = self.em.splat(Scalar::I(-1), &ity);
        let delta = self.em.select(&away, &one, &minus_one);
        let moved = self.em.same("add", &[&bits, &delta]);
        let bits = self.em.select(&fix, &moved, &bits);
        self.em.bitcast(&bits, DType::F32)
    }
}
