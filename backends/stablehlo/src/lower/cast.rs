//! Casts that round exactly like the interpreter (`Tile::cast`).
//!
//! - float → float: one round-to-nearest-even from the exact source value
//!   (`convert` through f32, which holds every bf16/f16 value exactly);
//! - float → i32: truncate toward zero, saturate, NaN → 0 (Rust's `as`),
//!   spelled out because `convert` leaves out-of-range values undefined;
//! - i32 → bf16/f16: one rounding from the integer. `convert` may round
//!   twice (i32 → f32 → bf16), which differs on integers above 2^24, so the
//!   f32 step rounds to odd instead (exact for the second rounding, since
//!   f32 has more than 8 + 2 and 11 + 2 significand bits);
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
                let zero = match from {
                    DType::I32 => Scalar::I(0),
                    _ => Scalar::F(0.0),
                };
                let zero = self.em.splat(zero, &x.ty);
                self.em.compare("NE", x, &zero)
            }
            (DType::Bool, _) => self.em.convert(x, to),
            (DType::I32, DType::F32) => self.em.convert(x, to),
            (DType::I32, _) => {
                let odd = self.i32_to_f32_round_to_odd(x);
                self.em.convert(&odd, to)
            }
            (_, DType::I32) => self.float_to_i32(x),
            _ => {
                let wide = self.em.convert(x, DType::F32);
                self.em.convert(&wide, to)
            }
        }
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
