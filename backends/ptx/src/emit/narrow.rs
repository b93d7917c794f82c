//! The 8/16-bit dtypes in registers: narrow integers (i8, u8, u16) live
//! sign- or zero-extended in b32 registers and are re-wrapped after every op
//! that can leave their range; fp8 values live as their exact f32 value in
//! f32 registers (like bf16) and meet their byte code only at memory and at
//! `bitcast`.
//!
//! fp8 ↔ f32: sm_90a has the conversions in hardware (`cvt.rn.f16x2.e4m3x2`
//! to decode, `cvt.rn.satfinite.e4m3x2.f32` to encode, and the e5m2 forms;
//! PTX ISA 7.8, sm_89 and later). sm_80 has none, so there they are emulated
//! exactly with integer ops: the same round-to-nearest-even and
//! saturate-to-finite rule (`cvt.rn.satfinite`), so both targets agree bit
//! for bit with the interpreter except for the sign of a NaN (the hardware
//! writes the canonical 0x7f; the emulation keeps the sign, as the
//! interpreter does).

use super::Emitter;
use crate::asm::{f32_imm, Reg, RegKind};
use crate::Target;
use tilekit_core::DType;

/// The parameters of an fp8 format that the emulation needs.
struct Fmt {
    /// PTX's name of the two-element type (`e4m3x2`).
    ptx: &'static str,
    man_bits: u32,
    bias: u32,
    /// Code of the largest finite magnitude.
    max_code: u32,
}

fn fmt(d: DType) -> Fmt {
    match d {
        DType::F8E4M3 => Fmt {
            ptx: "e4m3x2",
            man_bits: 3,
            bias: 7,
            max_code: 0x7e,
        },
        _ => Fmt {
            ptx: "e5m2x2",
            man_bits: 2,
            bias: 15,
            max_code: 0x7b,
        },
    }
}

impl Emitter<'_> {
    fn b32(&mut self, text: impl FnOnce(Reg) -> String) -> Reg {
        let d = self.a.reg(RegKind::B32);
        self.a.ins(text(d));
        d
    }

    /// Re-wraps a b32 register to a narrow integer dtype (two's complement
    /// truncation, then sign or zero extension); identity for i32.
    pub fn wrap_int(&mut self, dtype: DType, x: Reg) -> Reg {
        match dtype {
            DType::I8 => self.b32(|d| format!("cvt.s32.s8 {d}, {x}")),
            DType::U8 => self.b32(|d| format!("and.b32 {d}, {x}, 255")),
            DType::U16 => self.b32(|d| format!("and.b32 {d}, {x}, 65535")),
            _ => x,
        }
    }

    /// The f32 value of an fp8 code (a b32 register holding 0..=255).
    pub fn fp8_decode(&mut self, dtype: DType, code: Reg) -> Reg {
        let f = fmt(dtype);
        let d = self.a.reg(RegKind::F32);
        if self.target == Target::Sm90a {
            let h = self.a.reg(RegKind::B16);
            self.a.ins(format!("cvt.u16.u32 {h}, {code}"));
            let w = self.a.reg(RegKind::B32);
            self.a.ins(format!("cvt.rn.f16x2.{} {w}, {h}", f.ptx));
            let (lo, hi) = (self.a.reg(RegKind::B16), self.a.reg(RegKind::B16));
            self.a.ins(format!("mov.b32 {{{lo}, {hi}}}, {w}"));
            self.a.ins(format!("cvt.f32.f16 {d}, {lo}"));
            return d;
        }
        if dtype == DType::F8E5M2 {
            // An e5m2 code is the top byte of the f16 of the same value
            // (same exponent width and bias), subnormals, inf and NaN included.
            let w = self.a.reg(RegKind::B32);
            self.a.ins(format!("shl.b32 {w}, {code}, 8"));
            let (lo, hi) = (self.a.reg(RegKind::B16), self.a.reg(RegKind::B16));
            self.a.ins(format!("mov.b32 {{{lo}, {hi}}}, {w}"));
            self.a.ins(format!("cvt.f32.f16 {d}, {lo}"));
            return d;
        }
        // e4m3: normals shift into an f32's exponent and mantissa (rebias
        // 7 → 127); subnormals are m · 2^-9, exact in f32; 0x7f/0xff is NaN.
        let r = |e: &mut Self| e.a.reg(RegKind::B32);
        let (mag, sign, norm, sub_bits, bits, out) =
            (r(self), r(self), r(self), r(self), r(self), r(self));
        let ins = |e: &mut Self, t: String| e.a.ins(t);
        ins(self, format!("and.b32 {mag}, {code}, 127"));
        ins(self, format!("and.b32 {sign}, {code}, 128"));
        ins(self, format!("shl.b32 {sign}, {sign}, 24"));
        ins(self, format!("shl.b32 {norm}, {mag}, 20"));
        ins(
            self,
            format!("add.u32 {norm}, {norm}, {}", (127 - f.bias) << 23),
        );
        let sub = self.a.reg(RegKind::F32);
        ins(self, format!("cvt.rn.f32.u32 {sub}, {mag}"));
        ins(
            self,
            format!("mul.rn.f32 {sub}, {sub}, {}", f32_imm(2f32.powi(-9))),
        );
        ins(self, format!("mov.b32 {sub_bits}, {sub}"));
        let (is_sub, is_nan) = (self.a.reg(RegKind::Pred), self.a.reg(RegKind::Pred));
        ins(self, format!("setp.lt.u32 {is_sub}, {mag}, 8"));
        ins(
            self,
            format!("selp.b32 {bits}, {sub_bits}, {norm}, {is_sub}"),
        );
        ins(self, format!("or.b32 {bits}, {bits}, {sign}"));
        ins(self, format!("setp.eq.u32 {is_nan}, {mag}, 127"));
        ins(
            self,
            format!("selp.b32 {out}, 2143289344, {bits}, {is_nan}"),
        );
        ins(self, format!("mov.b32 {d}, {out}"));
        d
    }

    /// The fp8 code (b32, 0..=255) of an f32 value: round to nearest even,
    /// then saturate to the largest finite value (infinities too); NaN
    /// stays NaN.
    pub fn fp8_encode(&mut self, dtype: DType, x: Reg) -> Reg {
        let f = fmt(dtype);
        if self.target == Target::Sm90a {
            // Both halves convert `x`; the low byte is the code.
            let h = self.a.reg(RegKind::B16);
            self.a
                .ins(format!("cvt.rn.satfinite.{}.f32 {h}, {x}, {x}", f.ptx));
            let w = self.b32(|d| format!("cvt.u32.u16 {d}, {h}"));
            return self.b32(|d| format!("and.b32 {d}, {w}, 255"));
        }
        let u = self.b32(|d| format!("mov.b32 {d}, {x}"));
        let mag = self.b32(|d| format!("and.b32 {d}, {u}, 2147483647"));
        let s = self.b32(|d| format!("shr.u32 {d}, {u}, 24"));
        let sign = self.b32(|d| format!("and.b32 {d}, {s}, 128"));
        // Normal range: round the f32 bits to `man_bits` mantissa bits (ties
        // to even: add half an ulp minus one plus the kept lsb), rebias the
        // exponent, saturate (a carry past the top, or inf, lands above the
        // largest code).
        let drop = 23 - f.man_bits;
        let lsb = self.b32(|d| format!("shr.u32 {d}, {mag}, {drop}"));
        let lsb = self.b32(|d| format!("and.b32 {d}, {lsb}, 1"));
        let t = self.b32(|d| format!("add.u32 {d}, {mag}, {}", (1u32 << (drop - 1)) - 1));
        let t = self.b32(|d| format!("add.u32 {d}, {t}, {lsb}"));
        let t = self.b32(|d| format!("shr.u32 {d}, {t}, {drop}"));
        let rebias = (127 - f.bias) << f.man_bits;
        let t = self.b32(|d| format!("sub.s32 {d}, {t}, {rebias}"));
        let norm = self.b32(|d| format!("min.s32 {d}, {t}, {}", f.max_code));
        // Below the smallest normal the code is |x| / 2^(1 - bias - man_bits)
        // rounded to an integer (ties to even); the scaling is exact, and a
        // round up to 2^man_bits is the smallest normal's code.
        let a = self.a.reg(RegKind::F32);
        self.a.ins(format!("mov.b32 {a}, {mag}"));
        let scaled = self.a.reg(RegKind::F32);
        let scale = 2f32.powi((f.bias - 1 + f.man_bits) as i32);
        self.a
            .ins(format!("mul.rn.f32 {scaled}, {a}, {}", f32_imm(scale)));
        let sub = self.b32(|d| format!("cvt.rni.s32.f32 {d}, {scaled}"));
        let (is_sub, is_nan) = (self.a.reg(RegKind::Pred), self.a.reg(RegKind::Pred));
        let min_normal = (127 - f.bias + 1) << 23;
        self.a
            .ins(format!("setp.lt.u32 {is_sub}, {mag}, {min_normal}"));
        let code = self.b32(|d| format!("selp.b32 {d}, {sub}, {norm}, {is_sub}"));
        self.a
            .ins(format!("setp.gt.u32 {is_nan}, {mag}, 2139095040"));
        let code = self.b32(|d| format!("selp.b32 {d}, 127, {code}, {is_nan}"));
        self.b32(|d| format!("or.b32 {d}, {code}, {sign}"))
    }

    /// Turns the bits of an element (a b32 register, garbage above the
    /// element's width allowed) into its register form.
    pub fn elem_from_bits(&mut self, dtype: DType, bits: Reg) -> Reg {
        match dtype {
            DType::F8E4M3 | DType::F8E5M2 => {
                let c = self.a.reg(RegKind::B32);
                self.a.ins(format!("and.b32 {c}, {bits}, 255"));
                self.fp8_decode(dtype, c)
            }
            DType::I8 | DType::U8 | DType::U16 => {
                let d = self.a.reg(RegKind::B32);
                let text = match dtype {
                    DType::I8 => format!("cvt.s32.s8 {d}, {bits}"),
                    DType::U8 => format!("and.b32 {d}, {bits}, 255"),
                    _ => format!("and.b32 {d}, {bits}, 65535"),
                };
                self.a.ins(text);
                d
            }
            _ => unreachable!("elem_from_bits is only called for 8/16-bit dtypes"),
        }
    }

    /// The bits of an element in the low `width` bits of a b32 register,
    /// zero above (the inverse of [`Emitter::elem_from_bits`]).
    pub fn elem_to_bits(&mut self, dtype: DType, x: Reg) -> Reg {
        match dtype {
            DType::F8E4M3 | DType::F8E5M2 => self.fp8_encode(dtype, x),
            DType::I8 | DType::U8 => self.b32(|d| format!("and.b32 {d}, {x}, 255")),
            DType::U16 => self.b32(|d| format!("and.b32 {d}, {x}, 65535")),
            DType::Bf16 | DType::F16 => {
                let t = if dtype == DType::Bf16 { "bf16" } else { "f16" };
                let h = self.a.reg(RegKind::B16);
                self.a.ins(format!("cvt.rn.{t}.f32 {h}, {x}"));
                self.b32(|d| format!("cvt.u32.u16 {d}, {h}"))
            }
            _ => self.b32(|d| format!("mov.b32 {d}, {x}")),
        }
    }

    /// `bitcast` of one element between dtypes of equal width.
    pub fn bitcast(&mut self, from: DType, to: DType, x: Reg) -> Reg {
        if from == to {
            return x;
        }
        let bits = self.elem_to_bits(from, x);
        match to {
            DType::F32 => {
                let d = self.a.reg(RegKind::F32);
                self.a.ins(format!("mov.b32 {d}, {bits}"));
                d
            }
            DType::I32 => bits,
            DType::Bf16 | DType::F16 => {
                let t = if to == DType::Bf16 { "bf16" } else { "f16" };
                let h = self.a.reg(RegKind::B16);
                self.a.ins(format!("cvt.u16.u32 {h}, {bits}"));
                let d = self.a.reg(RegKind::F32);
                self.a.ins(format!("cvt.f32.{t} {d}, {h}"));
                d
            }
            _ => self.elem_from_bits(to, bits),
        }
    }
}
