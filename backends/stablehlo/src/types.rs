//! StableHLO tensor types and literals as MLIR text.

use std::fmt;
use tilekit_core::ir::ConstValue;
use tilekit_core::DType;

/// A ranked tensor type (`tensor<4x64xbf16>`, `tensor<i32>` for scalars).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ty {
    pub dtype: DType,
    pub shape: Vec<usize>,
    /// The bits of a 16-bit float dtype held as `i16` (how refs of bf16
    /// and f16 live in memory; see `lower::memory`).
    pub raw: bool,
}

impl Ty {
    pub fn new(dtype: DType, shape: &[usize]) -> Ty {
        Ty {
            dtype,
            shape: shape.to_vec(),
            raw: false,
        }
    }

    /// The `i16` storage form of a bf16/f16 type (other dtypes are kept).
    pub fn raw(&self) -> Ty {
        Ty {
            raw: matches!(self.dtype, DType::Bf16 | DType::F16),
            ..self.clone()
        }
    }

    pub fn scalar(dtype: DType) -> Ty {
        Ty::new(dtype, &[])
    }

    pub fn with_dtype(&self, dtype: DType) -> Ty {
        Ty::new(dtype, &self.shape)
    }

    pub fn with_shape(&self, shape: &[usize]) -> Ty {
        Ty {
            shape: shape.to_vec(),
            ..self.clone()
        }
    }

    pub fn rank(&self) -> usize {
        self.shape.len()
    }
}

/// The MLIR element type of a dtype.
pub(crate) fn elem(d: DType) -> &'static str {
    match d {
        DType::Bf16 => "bf16",
        DType::F16 => "f16",
        DType::F32 => "f32",
        DType::I32 => "i32",
        DType::Bool => "i1",
        DType::I8 => "i8",
        DType::U8 => "ui8",
        DType::U16 => "ui16",
        DType::F8E4M3 => "f8E4M3FN",
        DType::F8E5M2 => "f8E5M2",
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("tensor<")?;
        for d in &self.shape {
            write!(f, "{d}x")?;
        }
        let e = if self.raw { "i16" } else { elem(self.dtype) };
        write!(f, "{e}>")
    }
}

/// An SSA value of the emitted function.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct V {
    pub name: String,
    pub ty: Ty,
}

impl fmt::Display for V {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A scalar as stored in a tensor of `dtype`, exactly as the interpreter
/// makes it (`Data::splat`: a float constant is rounded once from its f64
/// value to the dtype), so constants agree bit for bit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Scalar {
    F(f32),
    I(i32),
    B(bool),
}

impl Scalar {
    pub fn of(value: ConstValue, dtype: DType) -> Scalar {
        match dtype {
            d if d.is_int() => Scalar::I(d.wrap_int(match value {
                ConstValue::Int(i) => i as i32,
                other => other.as_f32() as i32,
            })),
            DType::Bool => Scalar::B(value.as_f32() != 0.0),
            _ => Scalar::F(dtype.round_f64(value.as_f64())),
        }
    }

    /// The literal inside `dense<...>` for a tensor of `dtype`.
    pub fn literal(self, dtype: DType) -> String {
        match self {
            Scalar::I(i) => i.to_string(),
            Scalar::B(b) => b.to_string(),
            Scalar::F(x) => float_literal(x, dtype),
        }
    }
}

/// A float literal MLIR parses back to exactly `x` in `dtype` (which `x` is
/// representable in). Finite values print as the shortest decimal that
/// round-trips through f32 (so through any coarser dtype too); infinities
/// and NaN print as the dtype's bit pattern, which MLIR accepts in hex.
pub(crate) fn float_literal(x: f32, dtype: DType) -> String {
    if x.is_finite() {
        let s = format!("{x:?}");
        // MLIR float literals need a '.' before any exponent ("1e-5" is not one).
        if s.contains('.') {
            s
        } else if let Some((m, e)) = s.split_once('e') {
            format!("{m}.0e{e}")
        } else {
            format!("{s}.0")
        }
    } else {
        match dtype {
            DType::Bf16 => format!("0x{:04X}", half::bf16::from_f32(x).to_bits()),
            DType::F16 => format!("0x{:04X}", half::f16::from_f32(x).to_bits()),
            DType::F8E4M3 | DType::F8E5M2 => format!("0x{:02X}", dtype.float_to_bits(x)),
            _ => format!("0x{:08X}", x.to_bits()),
        }
    }
}

/// `[a, b, c]` for attribute lists.
pub(crate) fn list<T: fmt::Display>(xs: &[T]) -> String {
    let parts: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
    format!("[{}]", parts.join(", "))
}

/// `array<i64: a, b>` (or `array<i64>` when empty).
pub(crate) fn i64_array(xs: &[usize]) -> String {
    if xs.is_empty() {
        "array<i64>".into()
    } else {
        let parts: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
        format!("array<i64: {}>", parts.join(", "))
    }
}

/// An SSA name made from a name in the user's source: MLIR identifiers
/// allow letters, digits and `$._-`, and must not start with a digit.
pub(crate) fn ssa_ident(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "$._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic() || "$._-".contains(c)) {
        s.insert(0, 'v');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_print_like_mlir() {
        assert_eq!(
            Ty::new(DType::Bf16, &[4, 64]).to_string(),
            "tensor<4x64xbf16>"
        );
        assert_eq!(Ty::scalar(DType::Bool).to_string(), "tensor<i1>");
    }

    #[test]
    fn float_literals_round_trip() {
        assert_eq!(float_literal(1.0, DType::F32), "1.0");
        assert_eq!(float_literal(1e-5, DType::F32), "1.0e-5");
        assert_eq!(float_literal(1.5e20, DType::F32), "1.5e20");
        assert_eq!(float_literal(f32::NEG_INFINITY, DType::F32), "0xFF800000");
        assert_eq!(float_literal(f32::NEG_INFINITY, DType::Bf16), "0xFF80");
        assert_eq!(float_literal(f32::INFINITY, DType::F16), "0x7C00");
        for x in [0.1f32, 3.0e-38, 123456.79, -2.5e-7] {
            let parsed: f32 = float_literal(x, DType::F32).parse().unwrap();
            assert_eq!(parsed, x);
        }
    }

    #[test]
    fn constants_round_like_the_interpreter() {
        let c = Scalar::of(ConstValue::Float(0.1), DType::Bf16);
        assert_eq!(c, Scalar::F(half::bf16::from_f32(0.1).to_f32()));
        assert_eq!(Scalar::of(ConstValue::Float(2.7), DType::I32), Scalar::I(2));
        // Just above a bf16 tie: one rounding goes up, two would go down.
        let x = 1.0 + 2f64.powi(-8) + 2f64.powi(-40);
        assert_eq!(
            Scalar::of(ConstValue::Float(x), DType::Bf16),
            Scalar::F(1.0 + 2f32.powi(-7))
        );
        assert_eq!(
            Scalar::of(ConstValue::Int(70000), DType::F16),
            Scalar::F(f32::INFINITY)
        );
        assert_eq!(ssa_ident("m_new"), "m_new");
        assert_eq!(ssa_ident("9x y"), "v9x_y");
    }
}
