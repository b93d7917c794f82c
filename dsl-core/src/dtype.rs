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
}

impl DType {
    /// Every dtype, in a fixed order (for tests and tables).
    pub const ALL: [DType; 5] = [DType::Bf16, DType::F16, DType::F32, DType::I32, DType::Bool];

    /// Size of one element in device memory, in bytes.
    pub fn size_bytes(self) -> usize {
        match self {
            DType::Bf16 | DType::F16 => 2,
            DType::F32 | DType::I32 => 4,
            DType::Bool => 1,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, DType::Bf16 | DType::F16 | DType::F32)
    }

    pub fn is_int(self) -> bool {
        self == DType::I32
    }

    /// The short name used by the printer and in error messages.
    pub fn name(self) -> &'static str {
        match self {
            DType::Bf16 => "bf16",
            DType::F16 => "f16",
            DType::F32 => "f32",
            DType::I32 => "i32",
            DType::Bool => "bool",
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
            _ => x,
        }
    }

    /// Rounds an f64 (or an integer widened to f64) to this dtype once, ties
    /// to even. Going through f32 with round-to-odd keeps the second rounding
    /// exact, so the result is what a direct conversion gives.
    pub fn round_f64(self, x: f64) -> f32 {
        match self {
            DType::Bf16 | DType::F16 => self.round_f32(f64_to_f32_round_to_odd(x)),
            _ => x as f32,
        }
    }

    /// Rounds a whole slice in place (see [`DType::round_f32`]).
    pub fn round_slice(self, xs: &mut [f32]) {
        if matches!(self, DType::Bf16 | DType::F16) {
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
