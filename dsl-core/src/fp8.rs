//! The two 8-bit float formats (OCP FP8): `f8e4m3` (E4M3FN: 4 exponent bits,
//! 3 mantissa bits, bias 7, no infinities, one NaN pattern per sign, largest
//! finite 448) and `f8e5m2` (E5M2: IEEE-style with infinities, largest finite
//! 57344).
//!
//! The one conversion rule every backend reproduces: round to nearest, ties to
//! even, then saturate to the largest finite value of the sign ("satfinite",
//! which is what the hardware conversions `cvt.rn.satfinite.e4m3x2` and
//! `cvt.rn.satfinite.e5m2x2` do). Infinities saturate too, so a conversion to
//! fp8 never produces an infinity; NaN stays NaN (`0x7f`, or `0xff` for a
//! negative NaN). Decoding is exact: every fp8 value is an f32.

/// An 8-bit float format described by its field widths.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Fp8Format {
    exp_bits: u32,
    man_bits: u32,
    /// E5M2 keeps IEEE infinities and NaNs in the top exponent; E4M3FN uses
    /// the top exponent for finite values except the all-ones pattern (NaN).
    ieee_top: bool,
}

/// E4M3FN.
pub const E4M3: Fp8Format = Fp8Format {
    exp_bits: 4,
    man_bits: 3,
    ieee_top: false,
};

/// E5M2.
pub const E5M2: Fp8Format = Fp8Format {
    exp_bits: 5,
    man_bits: 2,
    ieee_top: true,
};

impl Fp8Format {
    fn bias(self) -> i32 {
        (1 << (self.exp_bits - 1)) - 1
    }

    /// The bit pattern (without sign) of the largest finite value.
    pub fn max_bits(self) -> u8 {
        if self.ieee_top {
            // Exponent one below all-ones, mantissa all ones.
            ((((1u32 << self.exp_bits) - 2) << self.man_bits) | ((1 << self.man_bits) - 1)) as u8
        } else {
            // All ones except the last mantissa bit (all ones is NaN).
            0x7e
        }
    }

    /// The largest finite value (448 for E4M3, 57344 for E5M2).
    pub fn max_finite(self) -> f32 {
        self.decode(self.max_bits())
    }

    /// Decodes a bit pattern exactly.
    pub fn decode(self, bits: u8) -> f32 {
        let sign = if bits & 0x80 != 0 { -1.0f32 } else { 1.0 };
        let mag = (bits & 0x7f) as u32;
        let exp = mag >> self.man_bits;
        let man = mag & ((1 << self.man_bits) - 1);
        let top = (1u32 << self.exp_bits) - 1;
        if self.ieee_top && exp == top {
            return if man == 0 {
                sign * f32::INFINITY
            } else {
                f32::NAN
            };
        }
        if !self.ieee_top && mag == 0x7f {
            return f32::NAN;
        }
        let scale = |e: i32| 2f32.powi(e);
        if exp == 0 {
            sign * man as f32 * scale(1 - self.bias() - self.man_bits as i32)
        } else {
            let frac = (1u32 << self.man_bits) | man;
            sign * frac as f32 * scale(exp as i32 - self.bias() - self.man_bits as i32)
        }
    }

    /// Encodes an f64 with one rounding (nearest, ties to even) and
    /// saturation to the largest finite value; NaN gives `0x7f`/`0xff`.
    pub fn encode(self, x: f64) -> u8 {
        let sign: u8 = if x.is_sign_negative() { 0x80 } else { 0 };
        if x.is_nan() {
            return sign | 0x7f;
        }
        let a = x.abs();
        let max = self.max_finite() as f64;
        if a >= max {
            return sign | self.max_bits();
        }
        if a == 0.0 {
            return sign;
        }
        let emin = 1 - self.bias();
        // floor(log2 a), exact for finite nonzero f64 (frexp-style).
        let e = (a.log2().floor() as i32).max(emin);
        // Correct a possible off-by-one of log2 near powers of two.
        let e = if e > emin && a < 2f64.powi(e) {
            e - 1
        } else if a >= 2f64.powi(e + 1) {
            e + 1
        } else {
            e
        };
        let quantum = 2f64.powi(e - self.man_bits as i32);
        // `a / quantum` is exact (a power-of-two scaling).
        let q = (a / quantum).round_ties_even() as u32;
        let bits = if e == emin && a < 2f64.powi(emin) {
            // Subnormal: a carry into the implicit bit lands exactly on the
            // smallest normal's encoding.
            q
        } else {
            (((e + self.bias()) as u32) << self.man_bits) + q - (1 << self.man_bits)
        };
        sign | (bits.min(self.max_bits() as u32) as u8)
    }

    /// The bit pattern of a value of this format (infinities of E5M2
    /// included, which [`Fp8Format::encode`] would saturate).
    pub fn bits_of(self, x: f32) -> u8 {
        if x.is_infinite() && self.ieee_top {
            let sign: u8 = if x < 0.0 { 0x80 } else { 0 };
            return sign | ((((1u32 << self.exp_bits) - 1) << self.man_bits) as u8);
        }
        self.encode(x as f64)
    }

    /// Rounds an f64 to the nearest value of this format (see the module doc).
    pub fn round(self, x: f64) -> f32 {
        self.decode(self.encode(x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_round_trips() {
        for fmt in [E4M3, E5M2] {
            for bits in 0..=255u8 {
                let v = fmt.decode(bits);
                if v.is_nan() {
                    assert!(fmt.round(v as f64).is_nan());
                } else if v.is_infinite() {
                    assert_eq!(fmt.encode(v as f64), (bits & 0x80) | fmt.max_bits());
                } else {
                    assert_eq!(fmt.encode(v as f64), bits, "{fmt:?} {bits:#x} = {v}");
                }
            }
        }
    }

    #[test]
    fn limits_and_ties() {
        assert_eq!(E4M3.max_finite(), 448.0);
        assert_eq!(E5M2.max_finite(), 57344.0);
        assert_eq!(E4M3.round(1e9), 448.0);
        assert_eq!(E4M3.round(f64::NEG_INFINITY), -448.0);
        assert_eq!(E5M2.round(f64::INFINITY), 57344.0);
        // 1.0625 is halfway between 1.0 and 1.125 (E4M3 step at 1 is 1/8): even is 1.0.
        assert_eq!(E4M3.round(1.0625), 1.0);
        assert_eq!(E4M3.round(1.1875), 1.25);
        // Smallest subnormal 2^-9; half of it ties to zero, just above rounds up.
        assert_eq!(E4M3.round(2f64.powi(-10)), 0.0);
        assert_eq!(E4M3.round(2f64.powi(-10) * 1.01), 2f32.powi(-9));
        // Largest subnormal rounds up into the smallest normal.
        assert_eq!(E4M3.round(2f64.powi(-6) * 0.99), 2f32.powi(-6));
        assert_eq!(E4M3.encode(-0.0), 0x80);
        assert!(E4M3.decode(0x7f).is_nan() && E4M3.decode(0xff).is_nan());
        assert_eq!(E5M2.decode(0x7c), f32::INFINITY);
    }
}
