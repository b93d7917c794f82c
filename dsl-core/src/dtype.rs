//! Element types and the exact rounding rules the whole project shares.
//!
//! The interpreter keeps every floating-point value in an `f32` that is
//! exactly representable in the value's dtype: after each operation on a bf16
//! or f16 tile the f32 result is rounded to nearest, ties to even, exactly as
//! hardware converts (`cvt.rn.bf16.f32`, XLA's `convert`). Backends must
//! reproduce these rules, so they live here and nowhere else.

use std::fmt;

/// The element type of a tile, a ref or a scalar.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    Bf16,
    F16,
    F32,
    I32,
    Bool,
    /// Signed 8-bit integer (int8 KV caches, Q8_0 codes).
    I8,
    /// Unsigned 8-bit integer (raw bytes of block-quantized weights).
    U8,
    /// Unsigned 16-bit integer: the bits of an f16/bf16 assembled from bytes
    /// (a Q4_1 block's scale), reinterpreted with `bitcast`.
    U16,
    /// fp8 E4M3FN (see [`crate::fp8`]).
    F8E4M3,
    /// fp8 E5M2 (see [`crate::fp8`]).
    F8E5M2,
}

impl DType {
    /// Every dtype, in a fixed order (for tests and tables).
    pub const ALL: [DType; 10] = [
        DType::Bf16,
        DType::F16,
        DType::F32,
        DType::I32,
        DType::Bool,
        DType::I8,
        DType::U8,
        DType::U16,
        DType::F8E4M3,
        DType::F8E5M2,
    ];

    /// Size of one element in device memory, in bytes.
    pub fn size_bytes(self) -> usize {
        match self {
            DType::Bf16 | DType::F16 | DType::U16 => 2,
            DType::F32 | DType::I32 => 4,
            DType::Bool | DType::I8 | DType::U8 | DType::F8E4M3 | DType::F8E5M2 => 1,
        }
    }

    /// Width in bits (bool counts as 8, its size in memory).
    pub fn bits(self) -> u32 {
        self.size_bytes() as u32 * 8
    }

    /// Every floating-point dtype, the fp8 storage types included.
    pub fn is_float(self) -> bool {
        matches!(
            self,
            DType::Bf16 | DType::F16 | DType::F32 | DType::F8E4M3 | DType::F8E5M2
        )
    }

    /// The fp8 formats: storage types that are cast to a wider float before
    /// any arithmetic (no backend computes in fp8 outside a matrix unit).
    pub fn is_fp8(self) -> bool {
        matches!(self, DType::F8E4M3 | DType::F8E5M2)
    }

    /// Floats with arithmetic: bf16, f16 and f32.
    pub fn is_arith_float(self) -> bool {
        self.is_float() && !self.is_fp8()
    }

    /// Every integer dtype (not bool).
    pub fn is_int(self) -> bool {
        matches!(self, DType::I32 | DType::I8 | DType::U8 | DType::U16)
    }

    /// Signed integers (arithmetic right shift, sign extension).
    pub fn is_signed_int(self) -> bool {
        matches!(self, DType::I32 | DType::I8)
    }

    /// The smallest and largest value of an integer dtype.
    pub fn int_range(self) -> Option<(i64, i64)> {
        match self {
            DType::I32 => Some((i32::MIN as i64, i32::MAX as i64)),
            DType::I8 => Some((i8::MIN as i64, i8::MAX as i64)),
            DType::U8 => Some((0, u8::MAX as i64)),
            DType::U16 => Some((0, u16::MAX as i64)),
            _ => None,
        }
    }

    /// Wraps an integer to this integer dtype (two's complement truncation,
    /// then sign or zero extension), the rule for integer overflow and
    /// integer-to-integer casts. Identity for i32 and non-integers.
    #[inline]
    pub fn wrap_int(self, x: i32) -> i32 {
        match self {
            DType::I8 => x as i8 as i32,
            DType::U8 => x as u8 as i32,
            DType::U16 => x as u16 as i32,
            _ => x,
        }
    }

    /// The fp8 format of an fp8 dtype.
    pub fn fp8_format(self) -> Option<crate::fp8::Fp8Format> {
        match self {
            DType::F8E4M3 => Some(crate::fp8::E4M3),
            DType::F8E5M2 => Some(crate::fp8::E5M2),
            _ => None,
        }
    }

    /// The bit pattern of a float value of this dtype (which must already be
    /// representable in it), zero-extended; for [`DType::bitcast`].
    pub fn float_to_bits(self, x: f32) -> u32 {
        match self {
            DType::Bf16 => half::bf16::from_f32(x).to_bits() as u32,
            DType::F16 => half::f16::from_f32(x).to_bits() as u32,
            DType::F8E4M3 | DType::F8E5M2 => self.fp8_format().unwrap().bits_of(x) as u32,
            _ => x.to_bits(),
        }
    }

    /// The float value of a bit pattern of this float dtype (low bits used).
    pub fn float_from_bits(self, bits: u32) -> f32 {
        match self {
            DType::Bf16 => half::bf16::from_bits(bits as u16).to_f32(),
            DType::F16 => half::f16::from_bits(bits as u16).to_f32(),
            DType::F8E4M3 | DType::F8E5M2 => self.fp8_format().unwrap().decode(bits as u8),
            _ => f32::from_bits(bits),
        }
    }

    /// The short name used by the printer and in error messages.
    pub fn name(self) -> &'static str {
        match self {
            DType::Bf16 => "bf16",
            DType::F16 => "f16",
            DType::F32 => "f32",
            DType::I32 => "i32",
            DType::Bool => "bool",
            DType::I8 => "i8",
            DType::U8 => "u8",
            DType::U16 => "u16",
            DType::F8E4M3 => "f8e4m3",
            DType::F8E5M2 => "f8e5m2",
        }
    }

    /// Parses the printer's short name.
    pub fn from_name(name: &str) -> Option<DType> {
        DType::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Rounds an f32 to the nearest value of this float dtype (ties to even).
    /// Identity for f32; for non-float dtypes the value is returned unchanged.
    #[inline]
    pub fn round_f32(self, x: f32) -> f32 {
        match self {
            DType::Bf16 => half::bf16::from_f32(x).to_f32(),
            DType::F16 => half::f16::from_f32(x).to_f32(),
            DType::F8E4M3 | DType::F8E5M2 => self.fp8_format().unwrap().round(x as f64),
            _ => x,
        }
    }

    /// Rounds an f64 (or an integer widened to f64) to this dtype once, ties
    /// to even. Going through f32 with round-to-odd keeps the second rounding
    /// exact, so the result is what a direct conversion gives.
    pub fn round_f64(self, x: f64) -> f32 {
        match self {
            DType::Bf16 | DType::F16 => self.round_f32(f64_to_f32_round_to_odd(x)),
            // fp8 rounds straight from the f64: one rounding.
            DType::F8E4M3 | DType::F8E5M2 => self.fp8_format().unwrap().round(x),
            _ => x as f32,
        }
    }

    /// Rounds a whole slice in place (see [`DType::round_f32`]).
    pub fn round_slice(self, xs: &mut [f32]) {
        if matches!(
            self,
            DType::Bf16 | DType::F16 | DType::F8E4M3 | DType::F8E5M2
        ) {
            for x in xs {
                *x = self.round_f32(*x);
            }
        }
    }
}

/// Truncates toward zero to f32 and sets the last mantissa bit if anything
/// was lost ("round to odd"), the standard way to make a later rounding to a
/// narrower format behave like a single rounding.
fn f64_to_f32_round_to_odd(x: f64) -> f32 {
    let nearest = x as f32;
    if !nearest.is_finite() || nearest as f64 == x {
        return nearest;
    }
    let truncated = if (nearest as f64).abs() > x.abs() {
        f32::from_bits(nearest.to_bits() - 1)
    } else {
        nearest
    };
    f32::from_bits(truncated.to_bits() | 1)
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bf16_rounds_to_nearest_even() {
        // 1 + 2^-8 is exactly halfway between bf16 neighbours 1 and 1 + 2^-7:
        // ties go to the even mantissa (1.0).
        let halfway = 1.0f32 + f32::powi(2.0, -8);
        assert_eq!(DType::Bf16.round_f32(halfway), 1.0);
        // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even).
        let halfway_up = 1.0f32 + 3.0 * f32::powi(2.0, -8);
        assert_eq!(DType::Bf16.round_f32(halfway_up), 1.0 + f32::powi(2.0, -6));
        assert!(DType::Bf16.round_f32(f32::NAN).is_nan());
        assert_eq!(DType::Bf16.round_f32(f32::NEG_INFINITY), f32::NEG_INFINITY);
    }

    #[test]
    fn f16_rounds_and_overflows_to_infinity() {
        assert_eq!(DType::F16.round_f32(65520.0), f32::INFINITY);
        assert_eq!(DType::F16.round_f32(1.0 + f32::powi(2.0, -11)), 1.0);
        assert_eq!(DType::F32.round_f32(0.1), 0.1);
    }

    #[test]
    fn wide_values_round_once() {
        // 2^21 + 2^13 + 1 lies just above the bf16 halfway point 2^21 + 2^13.
        let x = (1u64 << 21) + (1 << 13) + 1;
        assert_eq!(
            DType::Bf16.round_f64(x as f64),
            ((1u64 << 21) + (1 << 14)) as f32
        );
        assert_eq!(
            DType::Bf16.round_f64(1.0 + 2f64.powi(-8) + 2f64.powi(-40)),
            1.0 + 2f32.powi(-7)
        );
        assert_eq!(DType::Bf16.round_f64(1.0 + 2f64.powi(-8)), 1.0);
        assert_eq!(DType::F16.round_f64(70000.0), f32::INFINITY);
        assert_eq!(DType::F32.round_f64(0.1), 0.1f32);
    }

    #[test]
    fn names_round_trip() {
        for d in DType::ALL {
            assert_eq!(DType::from_name(d.name()), Some(d));
        }
    }
}
