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

/// Dtypes with arithmetic (floats and i32).
pub trait Numeric: Element {}
impl Numeric for bf16 {}
impl Numeric for f16 {}
impl Numeric for f32 {}
impl Numeric for i32 {}

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
