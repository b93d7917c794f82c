//! The fp8 conversions of sm_89+ (`cvt.rn.f16x2.e4m3x2`,
//! `cvt.rn.satfinite.e4m3x2.f32` and the e5m2 forms), from the PTX ISA's
//! description and the OCP FP8 formats, written without the emitter or
//! dsl-core: decoding reads the fields; encoding picks the nearest of the
//! format's finite magnitudes by search (ties to the even code), saturates
//! anything at or past the largest finite magnitude (infinities included:
//! `.satfinite`) and writes the canonical NaN 0x7f for NaN.

#[derive(Copy, Clone)]
pub(crate) enum Fp8 {
    /// E4M3FN: bias 7, no infinities, S.1111.111 is NaN.
    E4m3,
    /// E5M2: bias 15, IEEE-style infinities and NaNs at exponent 31.
    E5m2,
}

impl Fp8 {
    fn man_bits(self) -> u32 {
        match self {
            Fp8::E4m3 => 3,
            Fp8::E5m2 => 2,
        }
    }

    fn bias(self) -> i32 {
        match self {
            Fp8::E4m3 => 7,
            Fp8::E5m2 => 15,
        }
    }

    /// The value of a magnitude code (sign bit clear), `None` for NaN.
    fn magnitude(self, code: u8) -> Option<f64> {
        let m = self.man_bits();
        let exp = (code >> m) as i32;
        let man = (code & ((1 << m) - 1)) as f64;
        match self {
            Fp8::E4m3 if code == 0x7f => return None,
            Fp8::E5m2 if exp == 31 => return (man == 0.0).then_some(f64::INFINITY),
            _ => {}
        }
        let frac = 2f64.powi(m as i32);
        Some(if exp == 0 {
            man / frac * 2f64.powi(1 - self.bias())
        } else {
            (1.0 + man / frac) * 2f64.powi(exp - self.bias())
        })
    }

    /// The largest finite magnitude's code.
    fn max_code(self) -> u8 {
        match self {
            Fp8::E4m3 => 0x7e,
            Fp8::E5m2 => 0x7b,
        }
    }

    /// One fp8 code as the bits of an f16 (every fp8 value is exact in
    /// f16; NaN becomes the canonical 0x7fff).
    pub(crate) fn to_f16_bits(self, code: u8) -> u16 {
        let sign = if code & 0x80 != 0 { -1.0 } else { 1.0 };
        match self.magnitude(code & 0x7f) {
            None => 0x7fff,
            Some(v) => half::f16::from_f64(sign * v).to_bits(),
        }
    }

    /// `cvt.rn.satfinite` of one f32 into this format.
    pub(crate) fn encode_f32(self, x: f32) -> u8 {
        if x.is_nan() {
            return 0x7f;
        }
        let sign = if x.is_sign_negative() { 0x80 } else { 0 };
        let a = x.abs() as f64;
        let max = self.max_code();
        if a >= self.magnitude(max).unwrap() {
            return sign | max;
        }
        // The last code whose magnitude is <= a, then the nearer of it and
        // the next one.
        let below = (0..=max)
            .rev()
            .find(|&c| self.magnitude(c).unwrap() <= a)
            .unwrap_or(0);
        let lo = self.magnitude(below).unwrap();
        if lo == a {
            return sign | below;
        }
        let hi = self.magnitude(below + 1).unwrap();
        let code = match (a - lo).partial_cmp(&(hi - a)) {
            Some(std::cmp::Ordering::Less) => below,
            Some(std::cmp::Ordering::Greater) => below + 1,
            _ if below % 2 == 0 => below,
            _ => below + 1,
        };
        sign | code
    }
}

#[cfg(test)]
mod tests {
    use super::Fp8;

    #[test]
    fn known_values() {
        assert_eq!(Fp8::E4m3.encode_f32(448.0), 0x7e);
        assert_eq!(Fp8::E4m3.encode_f32(1e9), 0x7e);
        assert_eq!(Fp8::E4m3.encode_f32(f32::NEG_INFINITY), 0xfe);
        assert_eq!(Fp8::E4m3.encode_f32(1.0), 0x38);
        assert_eq!(Fp8::E4m3.encode_f32(1.0625), 0x38); // tie to even
        assert_eq!(Fp8::E4m3.encode_f32(1.1875), 0x3a); // tie to even
        assert_eq!(Fp8::E4m3.encode_f32(2f32.powi(-10)), 0x00);
        assert_eq!(Fp8::E4m3.encode_f32(2f32.powi(-9)), 0x01);
        assert_eq!(Fp8::E5m2.encode_f32(f32::INFINITY), 0x7b);
        assert_eq!(Fp8::E5m2.encode_f32(57344.0), 0x7b);
        assert_eq!(Fp8::E5m2.encode_f32(2f32.powi(-16)), 0x01);
        assert_eq!(Fp8::E4m3.to_f16_bits(0x38), 0x3c00);
        assert_eq!(Fp8::E5m2.to_f16_bits(0x7c), 0x7c00);
        assert_eq!(Fp8::E5m2.to_f16_bits(0xfc), 0xfc00);
        assert_eq!(Fp8::E4m3.to_f16_bits(0xff), 0x7fff);
        assert_eq!(Fp8::E4m3.to_f16_bits(0x01), 0x1800); // 2^-9
    }
}
