//! Element types at the type level: `Tile<bf16>` and `Tile<f32>` are
//! different Rust types, so mixing dtypes without a cast does not compile.

use crate::DType;

/// A dtype as a Rust type.
pub trait Element: Copy + 'static {
    const DTYPE: DType;
}

/// bfloat16 (the marker type; values live in tiles).
#[allow(non_camel_case_types)]
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct bf16;

/// IEEE half precision (the marker type).
#[allow(non_camel_case_types)]
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct f16;

impl Element for bf16 {
    const DTYPE: DType = DType::Bf16;
}
impl Element for f16 {
    const DTYPE: DType = DType::F16;
}
impl Element for f32 {
    const DTYPE: DType = DType::F32;
}
impl Element for i32 {
    const DTYPE: DType = DType::I32;
}
impl Element for bool {
    const DTYPE: DType = DType::Bool;
}
impl Element for i8 {
    const DTYPE: DType = DType::I8;
}
impl Element for u8 {
    const DTYPE: DType = DType::U8;
}
impl Element for u16 {
    const DTYPE: DType = DType::U16;
}

/// fp8 E4M3FN (the marker type): a storage type, cast to a wider float
/// before computing.
#[allow(non_camel_case_types)]
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct f8e4m3;

/// fp8 E5M2 (the marker type): a storage type like [`f8e4m3`].
#[allow(non_camel_case_types)]
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct f8e5m2;

impl Element for f8e4m3 {
    const DTYPE: DType = DType::F8E4M3;
}
impl Element for f8e5m2 {
    const DTYPE: DType = DType::F8E5M2;
}

/// Dtypes with arithmetic (bf16, f16, f32 and the integers; fp8 is
/// storage only).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no arithmetic",
    label = "fp8 and bool tiles are not computed on",
    note = "cast first, e.g. `.to_f32()`"
)]
pub trait Numeric: Element {}
impl Numeric for bf16 {}
impl Numeric for f16 {}
impl Numeric for f32 {}
impl Numeric for i32 {}
impl Numeric for i8 {}
impl Numeric for u8 {}
impl Numeric for u16 {}

/// Integer dtypes: bitwise ops and shifts (`&`, `|`, `^`, `!`, `<<`, `>>`;
/// `>>` is logical on unsigned and arithmetic on signed types).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an integer dtype",
    label = "bitwise ops and shifts need an integer tile (i8, u8, u16, i32)",
    note = "reinterpret a float's bits with `.bitcast::<u16>()` (or another integer of its width)"
)]
pub trait Integer: Numeric {}
impl Integer for i32 {}
impl Integer for i8 {}
impl Integer for u8 {}
impl Integer for u16 {}

/// Floating-point dtypes (exp, log, sqrt, dot).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a float dtype",
    label = "this op needs a bf16, f16 or f32 tile",
    note = "cast first, e.g. `.to_f32()`"
)]
pub trait Float: Numeric {}
impl Float for bf16 {}
impl Float for f16 {}
impl Float for f32 {}

/// Holds when `Self` and `T` are the same dtype; the compile error for
/// mixing dtypes comes from here.
#[diagnostic::on_unimplemented(
    message = "cannot combine a `Tile<{T}>` with a `Tile<{Self}>` without a cast",
    label = "this is a `Tile<{Self}>`, the other operand is a `Tile<{T}>`",
    note = "cast one operand so both match, e.g. `.to_f32()` or `.cast::<{T}>()`"
)]
pub trait SameDType<T> {}
impl<T: Element> SameDType<T> for T {}
