//! The 8- and 16-bit dtypes (i8, u8, u16, f8e4m3, f8e5m2). Memory holds
//! them at their width; registers hold them as [`mlir::reg`] says: narrow
//! integers as i32 in the interpreter's canonical form (sign-extended for
//! i8, zero-extended for u8/u16), fp8 as the exact f32 of its value. So the
//! VPU only ever computes on 32-bit words (what every generation has), a
//! load widens once (`arith.extsi`/`extui`/`extf`) and a store narrows once
//! (`arith.trunci`/`truncf` of a value that already fits, so neither
//! rounds). Wrapping arithmetic re-canonicalizes after the i32 op; shifts
//! and float-to-int casts select their way to the defined results where
//! `arith` leaves them poison; rounding to fp8 is done in f32/i32 bit
//! arithmetic (round to nearest even, then saturate), so no chip needs an
//! fp8 conversion unit.

use super::Emitter;
use crate::error::MosaicError;
use crate::mlir::{reg, value_type};
use tilekit_core::ir::{BinaryOp, ConstValue, OpId, Value};
use tilekit_core::DType;

/// Whether `d` is one of the dtypes this module handles.
pub(super) fn is_narrow(d: DType) -> bool {
    matches!(
        d,
        DType::I8 | DType::U8 | DType::U16 | DType::F8E4M3 | DType::F8E5M2
    )
}

/// fp8 parameters: (mantissa bits, exponent bias, smallest normal exponent,
/// largest finite value).
fn fp8_params(d: DType) -> (i64, i64, i32, f64) {
    match d {
        DType::F8E4M3 => (3, 7, -6, 448.0),
        _ => (2, 15, -14, 57344.0),
    }
}

impl Emitter<'_> {
    fn i32c(&mut self, x: i64, shape: &[usize]) -> String {
        self.splat(ConstValue::Int(x), DType::I32, shape)
    }

    fn f32c(&mut self, x: f64, shape: &[usize]) -> String {
        self.splat(ConstValue::Float(x), DType::F32, shape)
    }

    /// `name(a, b)` on i32 (or f32 with `float`) values of `shape`.
    fn bin(&mut self, name: &str, a: &str, b: &str, shape: &[usize], float: bool) -> String {
        let t = value_type(if float { DType::F32 } else { DType::I32 }, shape);
        self.op(name, &[a, b], "", &[&t, &t], &t)
    }

    fn cmp(&mut self, name: &str, pred: i64, a: &str, b: &str, shape: &[usize]) -> String {
        let float = name == "arith.cmpf";
        let t = value_type(if float { DType::F32 } else { DType::I32 }, shape);
        let bt = value_type(DType::Bool, shape);
        let attr = format!("predicate = {pred} : i64");
        self.op(name, &[a, b], &attr, &[&t, &t], &bt)
    }

    fn sel(&mut self, c: &str, a: &str, b: &str, shape: &[usize], float: bool) -> String {
        let t = value_type(if float { DType::F32 } else { DType::I32 }, shape);
        let bt = value_type(DType::Bool, shape);
        self.op("arith.select", &[c, a, b], "", &[&bt, &t, &t], &t)
    }

    fn bits_of(&mut self, x: &str, shape: &[usize], to_int: bool) -> String {
        let (f, i) = (value_type(DType::F32, shape), value_type(DType::I32, shape));
        if to_int {
            self.op("arith.bitcast", &[x], "", &[&f], &i)
        } else {
            self.op("arith.bitcast", &[x], "", &[&i], &f)
        }
    }

    /// An i32 register wrapped to `d`'s width (nothing for 32-bit types).
    pub(super) fn canon(&mut self, x: &str, d: DType, shape: &[usize]) -> String {
        match d {
            DType::I8 => {
                let s = self.i32c(24, shape);
                let up = self.bin("arith.shli", x, &s, shape, false);
                self.bin("arith.shrsi", &up, &s, shape, false)
            }
            DType::U8 | DType::U16 => {
                let m = self.i32c((1i64 << d.bits()) - 1, shape);
                self.bin("arith.andi", x, &m, shape, false)
            }
            _ => x.to_string(),
        }
    }

    /// A vector loaded from memory of `d`, widened to its register form.
    pub(super) fn loaded_to_reg(&mut self, x: &str, d: DType, shape: &[usize]) -> String {
        if !is_narrow(d) {
            return x.to_string();
        }
        let (mt, rt) = (value_type(d, shape), value_type(reg(d), shape));
        let name = match d {
            DType::I8 => "arith.extsi",
            DType::U8 | DType::U16 => "arith.extui",
            _ => "arith.extf",
        };
        self.op(name, &[x], "", &[&mt], &rt)
    }

    /// A register value of `d` narrowed to its memory form (exactly: the
    /// value already fits).
    pub(super) fn reg_to_stored(&mut self, x: &str, d: DType, shape: &[usize]) -> String {
        if !is_narrow(d) {
            return x.to_string();
        }
        let (mt, rt) = (value_type(d, shape), value_type(reg(d), shape));
        let name = if d.is_float() {
            "arith.truncf"
        } else {
            "arith.trunci"
        };
        self.op(name, &[x], "", &[&rt], &mt)
    }

    /// A shift of `d` values: the amount is read as unsigned in `d`'s
    /// width, and an amount of the width or more (poison for `arith`)
    /// gives 0, or the sign for an arithmetic right shift.
    pub(super) fn shift(
        &mut self,
        b: BinaryOp,
        l: &str,
        r: &str,
        d: DType,
        shape: &[usize],
    ) -> String {
        let w = d.bits() as i64;
        let amount = if w < 32 {
            let m = self.i32c((1 << w) - 1, shape);
            self.bin("arith.andi", r, &m, shape, false)
        } else {
            r.to_string()
        };
        let wc = self.i32c(w, shape);
        // uge (9): the amount is unsigned.
        let big = self.cmp("arith.cmpi", 9, &amount, &wc, shape);
        let zero = self.i32c(0, shape);
        if b == BinaryOp::Shr && d.is_signed_int() {
            // Shifting a sign-extended value by width - 1 leaves its sign.
            let last = self.i32c(w - 1, shape);
            let a = self.sel(&big, &last, &amount, shape, false);
            return self.bin("arith.shrsi", l, &a, shape, false);
        }
        let a = self.sel(&big, &zero, &amount, shape, false);
        let y = if b == BinaryOp::Shl {
            let y = self.bin("arith.shli", l, &a, shape, false);
            self.canon(&y, d, shape)
        } else {
            self.bin("arith.shrui", l, &a, shape, false)
        };
        self.sel(&big, &zero, &y, shape, false)
    }

    /// An f32 rounded to fp8 `d` (nearest even, then saturated to the
    /// largest finite value; NaN stays NaN), still as an f32.
    fn round_fp8(&mut self, x: &str, d: DType, shape: &[usize]) -> String {
        let (m, _, emin, max) = fp8_params(d);
        let ft = value_type(DType::F32, shape);
        let a = self.op("math.absf", &[x], "", &[&ft], &ft);
        // Normal range: round the f32 mantissa to m bits on its bit pattern
        // (a carry correctly bumps the exponent).
        let bits = self.bits_of(&a, shape, true);
        let sh = 23 - m;
        let shc = self.i32c(sh, shape);
        let one = self.i32c(1, shape);
        let lsb = self.bin("arith.shrui", &bits, &shc, shape, false);
        let lsb = self.bin("arith.andi", &lsb, &one, shape, false);
        let half = self.i32c((1 << (sh - 1)) - 1, shape);
        let up = self.bin("arith.addi", &bits, &half, shape, false);
        let up = self.bin("arith.addi", &up, &lsb, shape, false);
        let keep = self.i32c(!((1i64 << sh) - 1), shape);
        let up = self.bin("arith.andi", &up, &keep, shape, false);
        let normal = self.bits_of(&up, shape, false);
        // Subnormal range: adding 2^(emin - m + 23) makes f32's ulp the fp8
        // quantum, so f32's own round-to-nearest-even rounds there.
        let c = self.f32c(2f64.powi(emin - m as i32 + 23), shape);
        let s = self.bin("arith.addf", &a, &c, shape, true);
        let s = self.bin("arith.subf", &s, &c, shape, true);
        let tiny = self.f32c(2f64.powi(emin), shape);
        let is_sub = self.cmp("arith.cmpf", 4, &a, &tiny, shape);
        let r = self.sel(&is_sub, &s, &normal, shape, true);
        let maxc = self.f32c(max, shape);
        let r = self.bin("arith.minimumf", &r, &maxc, shape, true);
        // Put the sign back.
        let xb = self.bits_of(x, shape, true);
        let sign = self.i32c(i32::MIN as i64, shape);
        let sign = self.bin("arith.andi", &xb, &sign, shape, false);
        let rb = self.bits_of(&r, shape, true);
        let rb = self.bin("arith.ori", &rb, &sign, shape, false);
        self.bits_of(&rb, shape, false)
    }

    /// The fp8 bit pattern (in the low byte of an i32) of the f32 `x`, an
    /// exact fp8 value; NaN encodes as all ones but the sign.
    fn fp8_encode(&mut self, x: &str, d: DType, shape: &[usize]) -> String {
        let (m, bias, emin, _) = fp8_params(d);
        let ft = value_type(DType::F32, shape);
        let a = self.op("math.absf", &[x], "", &[&ft], &ft);
        let bits = self.bits_of(&a, shape, true);
        // Normal: rebias the exponent, keep the top m mantissa bits.
        let c23 = self.i32c(23, shape);
        let e = self.bin("arith.shrui", &bits, &c23, shape, false);
        let rebias = self.i32c(bias - 127, shape);
        let e = self.bin("arith.addi", &e, &rebias, shape, false);
        let mc = self.i32c(m, shape);
        let e = self.bin("arith.shli", &e, &mc, shape, false);
        let sh = self.i32c(23 - m, shape);
        let man = self.bin("arith.shrui", &bits, &sh, shape, false);
        let mm = self.i32c((1 << m) - 1, shape);
        let man = self.bin("arith.andi", &man, &mm, shape, false);
        let normal = self.bin("arith.ori", &e, &man, shape, false);
        // Subnormal: the mantissa is a / quantum, an exact small integer.
        let q = self.f32c(2f64.powi(m as i32 - emin), shape);
        let scaled = self.bin("arith.mulf", &a, &q, shape, true);
        let it = value_type(DType::I32, shape);
        let sub = self.op("arith.fptosi", &[&scaled], "", &[&ft], &it);
        let tiny = self.f32c(2f64.powi(emin), shape);
        let is_sub = self.cmp("arith.cmpf", 4, &a, &tiny, shape);
        let mut code = self.sel(&is_sub, &sub, &normal, shape, false);
        if d == DType::F8E5M2 {
            let inf = self.f32c(f64::INFINITY, shape);
            let is_inf = self.cmp("arith.cmpf", 1, &a, &inf, shape);
            let inf_code = self.i32c(0x7C, shape);
            code = self.sel(&is_inf, &inf_code, &code, shape, false);
        }
        // oeq (1) of x with itself: not NaN (Mosaic has no `uno`/`une`).
        let not_nan = self.cmp("arith.cmpf", 1, x, x, shape);
        let nan_code = self.i32c(0x7F, shape);
        let code = self.sel(&not_nan, &code, &nan_code, shape, false);
        let xb = self.bits_of(x, shape, true);
        let c24 = self.i32c(24, shape);
        let sign = self.bin("arith.shrui", &xb, &c24, shape, false);
        let s80 = self.i32c(0x80, shape);
        let sign = self.bin("arith.andi", &sign, &s80, shape, false);
        self.bin("arith.ori", &code, &sign, shape, false)
    }

    /// The f32 value of the fp8 bit pattern in the low byte of i32 `b`.
    fn fp8_decode(&mut self, b: &str, d: DType, shape: &[usize]) -> String {
        let (m, bias, emin, _) = fp8_params(d);
        let ft = value_type(DType::F32, shape);
        let it = value_type(DType::I32, shape);
        let mc = self.i32c(m, shape);
        let em = self.i32c((1 << (7 - m)) - 1, shape);
        let e = self.bin("arith.shrui", b, &mc, shape, false);
        let e = self.bin("arith.andi", &e, &em, shape, false);
        let mm = self.i32c((1 << m) - 1, shape);
        let man = self.bin("arith.andi", b, &mm, shape, false);
        let rebias = self.i32c(127 - bias, shape);
        let fe = self.bin("arith.addi", &e, &rebias, shape, false);
        let c23 = self.i32c(23, shape);
        let fe = self.bin("arith.shli", &fe, &c23, shape, false);
        let sh = self.i32c(23 - m, shape);
        let fm = self.bin("arith.shli", &man, &sh, shape, false);
        let nb = self.bin("arith.ori", &fe, &fm, shape, false);
        let normal = self.bits_of(&nb, shape, false);
        let mf = self.op("arith.sitofp", &[&man], "", &[&it], &ft);
        let q = self.f32c(2f64.powi(emin - m as i32), shape);
        let sub = self.bin("arith.mulf", &mf, &q, shape, true);
        let zero = self.i32c(0, shape);
        let is_sub = self.cmp("arith.cmpi", 0, &e, &zero, shape);
        let mut v = self.sel(&is_sub, &sub, &normal, shape, true);
        let top = self.i32c((1 << (7 - m)) - 1, shape);
        let e_top = self.cmp("arith.cmpi", 0, &e, &top, shape);
        let nan = self.f32c(f64::NAN, shape);
        if d == DType::F8E4M3 {
            // Only all-ones is NaN; the rest of the top exponent is finite.
            let m_top = self.cmp("arith.cmpi", 0, &man, &mm, shape);
            let both = self.bin_bool("arith.andi", &e_top, &m_top, shape);
            v = self.sel(&both, &nan, &v, shape, true);
        } else {
            let inf = self.f32c(f64::INFINITY, shape);
            let m_zero = self.cmp("arith.cmpi", 0, &man, &zero, shape);
            let special = self.sel(&m_zero, &inf, &nan, shape, true);
            v = self.sel(&e_top, &special, &v, shape, true);
        }
        let c80 = self.i32c(0x80, shape);
        let s = self.bin("arith.andi", b, &c80, shape, false);
        let neg = self.cmp("arith.cmpi", 1, &s, &zero, shape);
        let nv = self.op("arith.negf", &[&v], "", &[&ft], &ft);
        self.sel(&neg, &nv, &v, shape, true)
    }

    /// `a != b` on f32 values, true where either is NaN: `not oeq`, since
    /// Mosaic rejects the unordered predicates (`une`, `uno`).
    pub(super) fn fne(&mut self, a: &str, b: &str, shape: &[usize]) -> String {
        let eq = self.cmp("arith.cmpf", 1, a, b, shape);
        let t = self.splat(ConstValue::Bool(true), DType::Bool, shape);
        self.bin_bool("arith.xori", &eq, &t, shape)
    }

    fn bin_bool(&mut self, name: &str, a: &str, b: &str, shape: &[usize]) -> String {
        let t = value_type(DType::Bool, shape);
        self.op(name, &[a, b], "", &[&t, &t], &t)
    }

    /// Reinterprets `x` (of a dtype of `to`'s width) as `to`.
    pub(super) fn bitcast(&mut self, op: OpId, x: Value, to: DType) -> Result<String, MosaicError> {
        let (xs, from, shape) = (self.get(x)?, self.dtype(x), self.shape(x));
        if from == to {
            return Ok(xs);
        }
        let (ft, it) = (
            value_type(DType::F32, &shape),
            value_type(DType::I32, &shape),
        );
        Ok(match (from, to) {
            (DType::I32, DType::F32) => self.op("arith.bitcast", &[&xs], "", &[&it], &ft),
            (DType::F32, DType::I32) => self.op("arith.bitcast", &[&xs], "", &[&ft], &it),
            (DType::I8 | DType::U8, DType::I8 | DType::U8) => self.canon(&xs, to, &shape),
            (DType::I8 | DType::U8, DType::F8E4M3 | DType::F8E5M2) => {
                let b = self.canon(&xs, DType::U8, &shape);
                self.fp8_decode(&b, to, &shape)
            }
            (DType::F8E4M3 | DType::F8E5M2, _) if to.bits() == 8 => {
                let b = self.fp8_encode(&xs, from, &shape);
                if to.is_int() {
                    self.canon(&b, to, &shape)
                } else {
                    self.fp8_decode(&b, to, &shape)
                }
            }
            (DType::U16, DType::Bf16) => {
                // The bf16's bits are the top half of its f32.
                let c16 = self.i32c(16, &shape);
                let hi = self.bin("arith.shli", &xs, &c16, &shape, false);
                let f = self.bits_of(&hi, &shape, false);
                self.narrow(&f, DType::Bf16, &shape)
            }
            (DType::Bf16, DType::U16) => {
                let f = self.widen(&xs, DType::Bf16, &shape);
                let b = self.bits_of(&f, &shape, true);
                let c16 = self.i32c(16, &shape);
                self.bin("arith.shrui", &b, &c16, &shape, false)
            }
            _ => return Err(self.unsupported(op, format!("bitcast from {from} to {to}"))),
        })
    }

    /// Casts involving a narrow dtype, following the interpreter: integer
    /// to integer wraps; float to integer truncates, saturates and maps NaN
    /// to 0; to fp8 rounds to nearest even and saturates.
    pub(super) fn cast_narrow(
        &mut self,
        xs: &str,
        from: DType,
        to: DType,
        shape: &[usize],
    ) -> String {
        let (ft, it, bt) = (
            value_type(DType::F32, shape),
            value_type(DType::I32, shape),
            value_type(DType::Bool, shape),
        );
        if to == DType::Bool {
            return if from.is_float() {
                let z = self.f32c(0.0, shape);
                self.fne(xs, &z, shape)
            } else {
                let z = self.i32c(0, shape);
                self.cmp("arith.cmpi", 1, xs, &z, shape)
            };
        }
        let xs = if from == DType::Bool {
            self.op("arith.extui", &[xs], "", &[&bt], &it)
        } else {
            xs.to_string()
        };
        match (from.is_float(), to.is_float()) {
            (false, false) => self.canon(&xs, to, shape),
            (false, true) => {
                let f = self.op("arith.sitofp", &[&xs], "", &[&it], &ft);
                self.round_f32_to(&f, to, shape)
            }
            (true, true) => {
                let f = self.widen(&xs, from, shape);
                self.round_f32_to(&f, to, shape)
            }
            (true, false) => {
                let f = self.widen(&xs, from, shape);
                let f = match to.int_range() {
                    Some((lo, hi)) if to != DType::I32 => {
                        let (loc, hic) = (self.f32c(lo as f64, shape), self.f32c(hi as f64, shape));
                        let c = self.bin("arith.minimumf", &f, &hic, shape, true);
                        self.bin("arith.maximumf", &c, &loc, shape, true)
                    }
                    _ => f,
                };
                // oeq (1) of f with itself: not NaN (Mosaic has no `ord`);
                // NaN converts to 0.
                let ok = self.cmp("arith.cmpf", 1, &f, &f, shape);
                let z = self.f32c(0.0, shape);
                let f = self.sel(&ok, &f, &z, shape, true);
                self.op("arith.fptosi", &[&f], "", &[&ft], &it)
            }
        }
    }

    /// An f32 rounded to float dtype `to`.
    fn round_f32_to(&mut self, f: &str, to: DType, shape: &[usize]) -> String {
        if to.is_fp8() {
            self.round_fp8(f, to, shape)
        } else {
            self.narrow(f, to, shape)
        }
    }
}
