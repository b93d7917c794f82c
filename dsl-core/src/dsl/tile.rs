//! `Tile<T>`: a traced tile (or rank-0 scalar) of dtype `T`, with the
//! operators and methods kernels are written in.
//!
//! Elementwise ops broadcast like NumPy where that is unambiguous: a rank-0
//! operand is splatted, and operands of equal rank stretch their size-1 dims
//! (`m.col()` against a `[G, BS]` tile). Anything else is recorded as written
//! and reported by the verifier at the user's line.

use super::elem::{Element, Float, Integer, Numeric, SameDType};
use super::with_builder;
use crate::builder::KernelBuilder;
use crate::ir::{BinaryOp, CmpOp, ConstValue, Location, ReduceOp, Type, UnaryOp, Value};
use std::marker::PhantomData;
use std::ops;

/// A traced tile of dtype `T`. Copy it freely: it is a handle.
pub struct Tile<T> {
    value: Value,
    _dtype: PhantomData<T>,
}

impl<T> Clone for Tile<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Tile<T> {}

impl<T> std::fmt::Debug for Tile<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tile(%{})", self.value.0)
    }
}

/// Something usable where a `Tile<T>` operand is expected: a tile of the
/// same dtype, or a constant (f32 for float tiles, integers for i32 tiles).
#[diagnostic::on_unimplemented(
    message = "expected a `Tile<{T}>` or a constant of that dtype, found `{Self}`",
    label = "not usable as a `Tile<{T}>` operand",
    note = "cast tiles with `.cast::<{T}>()` / `.to_f32()`; float tiles take f32 constants, i32 tiles take integers"
)]
pub trait Operand<T> {
    #[doc(hidden)]
    fn to_value(self, kb: &mut KernelBuilder) -> Value;
}

impl<T: Element> Operand<T> for Tile<T> {
    fn to_value(self, _: &mut KernelBuilder) -> Value {
        self.value
    }
}

impl<T: Float> Operand<T> for f32 {
    fn to_value(self, kb: &mut KernelBuilder) -> Value {
        kb.constant(ConstValue::Float(self as f64), Type::scalar(T::DTYPE))
    }
}

impl Operand<i32> for i32 {
    fn to_value(self, kb: &mut KernelBuilder) -> Value {
        kb.i32(self)
    }
}

impl<T: Integer> Operand<T> for usize {
    fn to_value(self, kb: &mut KernelBuilder) -> Value {
        // The verifier reports a constant that does not fit T.
        kb.constant(ConstValue::Int(self as i64), Type::scalar(T::DTYPE))
    }
}

impl Operand<bool> for bool {
    fn to_value(self, kb: &mut KernelBuilder) -> Value {
        kb.bool(self)
    }
}

/// The shape several operands broadcast to, if they do (NumPy rules on
/// equal ranks; rank 0 goes with anything).
fn broadcast_shape(shapes: &[Vec<usize>]) -> Option<Vec<usize>> {
    let ranked: Vec<&Vec<usize>> = shapes.iter().filter(|s| !s.is_empty()).collect();
    let first = ranked.first()?;
    if ranked.iter().any(|s| s.len() != first.len()) {
        return None;
    }
    let mut out = (*first).clone();
    for s in &ranked[1..] {
        for (o, &d) in out.iter_mut().zip(s.iter()) {
            if *o == 1 {
                *o = d;
            } else if d != 1 && d != *o {
                return None;
            }
        }
    }
    Some(out)
}

/// Stretches each ranked operand to the common broadcast shape.
fn broadcast_all(kb: &mut KernelBuilder, values: &mut [Value]) {
    let shapes: Vec<Vec<usize>> = values.iter().map(|&v| kb.ty(v).shape.clone()).collect();
    let Some(target) = broadcast_shape(&shapes) else {
        return;
    };
    for (v, s) in values.iter_mut().zip(&shapes) {
        if *s != target {
            // Rank 0 maps no dims; equal ranks stretch their size-1 dims.
            let dims: Vec<usize> = (0..s.len()).collect();
            *v = kb.broadcast(*v, &target, &dims);
        }
    }
}

impl<T: Element> Tile<T> {
    #[doc(hidden)]
    pub fn from_value(value: Value) -> Tile<T> {
        Tile {
            value,
            _dtype: PhantomData,
        }
    }

    /// The IR value this handle stands for.
    pub fn value(self) -> Value {
        self.value
    }

    /// The tile's static shape (empty for a scalar).
    #[track_caller]
    pub fn shape(self) -> Vec<usize> {
        with_builder(Location::caller(), |kb| kb.ty(self.value).shape.clone())
    }

    /// Extent of dimension `i` (1 past the rank).
    #[track_caller]
    pub fn dim(self, i: usize) -> usize {
        self.shape().get(i).copied().unwrap_or(1)
    }

    /// Gives the value a name in the printed IR.
    #[track_caller]
    pub fn named(self, name: &str) -> Tile<T> {
        with_builder(Location::caller(), |kb| kb.set_name(self.value, name));
        self
    }

    #[track_caller]
    fn op<U: Element>(self, f: impl FnOnce(&mut KernelBuilder, Value) -> Value) -> Tile<U> {
        Tile::from_value(with_builder(Location::caller(), |kb| f(kb, self.value)))
    }

    /// Converts to dtype `U` (floats round to nearest even).
    #[track_caller]
    pub fn cast<U: Element>(self) -> Tile<U> {
        self.op(|kb, v| kb.cast(v, U::DTYPE))
    }

    #[track_caller]
    pub fn to_f32(self) -> Tile<f32> {
        self.cast()
    }

    #[track_caller]
    pub fn to_bf16(self) -> Tile<super::bf16> {
        self.cast()
    }

    #[track_caller]
    pub fn to_f16(self) -> Tile<super::f16> {
        self.cast()
    }

    #[track_caller]
    pub fn to_i32(self) -> Tile<i32> {
        self.cast()
    }

    /// Reinterprets the bits as dtype `U`, which must have the same width
    /// (f32 <-> i32, bf16/f16 <-> u16, fp8 <-> u8/i8, i8 <-> u8).
    #[track_caller]
    pub fn bitcast<U: Element>(self) -> Tile<U> {
        self.op(|kb, v| kb.bitcast(v, U::DTYPE))
    }

    #[track_caller]
    pub fn reshape(self, shape: impl AsRef<[usize]>) -> Tile<T> {
        self.op(|kb, v| kb.reshape(v, shape.as_ref()))
    }

    /// Swaps the axes of a rank-2 tile.
    #[track_caller]
    pub fn t(self) -> Tile<T> {
        self.op(|kb, v| kb.t(v))
    }

    #[track_caller]
    pub fn transpose(self, perm: impl AsRef<[usize]>) -> Tile<T> {
        self.op(|kb, v| kb.transpose(v, perm.as_ref()))
    }

    /// `[M] -> [M, 1]`: a column, to broadcast along rows.
    #[track_caller]
    pub fn col(self) -> Tile<T> {
        self.op(|kb, v| {
            let m = kb.ty(v).shape.first().copied().unwrap_or(1);
            kb.reshape(v, &[m, 1])
        })
    }

    /// `[N] -> [1, N]`: a row, to broadcast along columns.
    #[track_caller]
    pub fn row(self) -> Tile<T> {
        self.op(|kb, v| {
            let n = kb.ty(v).shape.first().copied().unwrap_or(1);
            kb.reshape(v, &[1, n])
        })
    }

    /// Broadcasts to `shape` (rank 0, or the same rank with size-1 dims).
    #[track_caller]
    pub fn broadcast_to(self, shape: impl AsRef<[usize]>) -> Tile<T> {
        self.op(|kb, v| {
            let dims: Vec<usize> = (0..kb.ty(v).rank()).collect();
            kb.broadcast(v, shape.as_ref(), &dims)
        })
    }

    #[track_caller]
    fn compare(self, op: CmpOp, rhs: impl Operand<T>) -> Tile<bool> {
        self.op(|kb, v| {
            let mut vs = [v, rhs.to_value(kb)];
            broadcast_all(kb, &mut vs);
            kb.compare(op, vs[0], vs[1])
        })
    }

    #[track_caller]
    pub fn lt(self, rhs: impl Operand<T>) -> Tile<bool> {
        self.compare(CmpOp::Lt, rhs)
    }

    #[track_caller]
    pub fn le(self, rhs: impl Operand<T>) -> Tile<bool> {
        self.compare(CmpOp::Le, rhs)
    }

    #[track_caller]
    pub fn gt(self, rhs: impl Operand<T>) -> Tile<bool> {
        self.compare(CmpOp::Gt, rhs)
    }

    #[track_caller]
    pub fn ge(self, rhs: impl Operand<T>) -> Tile<bool> {
        self.compare(CmpOp::Ge, rhs)
    }

    #[track_caller]
    pub fn eq(self, rhs: impl Operand<T>) -> Tile<bool> {
        self.compare(CmpOp::Eq, rhs)
    }

    #[track_caller]
    pub fn ne(self, rhs: impl Operand<T>) -> Tile<bool> {
        self.compare(CmpOp::Ne, rhs)
    }
}

impl<T: Numeric> Tile<T> {
    #[track_caller]
    fn binary(self, op: BinaryOp, rhs: impl Operand<T>) -> Tile<T> {
        self.op(|kb, v| {
            let mut vs = [v, rhs.to_value(kb)];
            broadcast_all(kb, &mut vs);
            kb.binary(op, vs[0], vs[1])
        })
    }

    /// Elementwise maximum (NaN-propagating).
    #[track_caller]
    pub fn max(self, rhs: impl Operand<T>) -> Tile<T> {
        self.binary(BinaryOp::Max, rhs)
    }

    /// Elementwise minimum (NaN-propagating).
    #[track_caller]
    pub fn min(self, rhs: impl Operand<T>) -> Tile<T> {
        self.binary(BinaryOp::Min, rhs)
    }

    /// Sum along `axis` (removed from the shape).
    #[track_caller]
    pub fn sum(self, axis: usize) -> Tile<T> {
        self.op(|kb, v| kb.reduce(ReduceOp::Sum, v, axis))
    }

    /// Maximum along `axis` (removed from the shape).
    #[track_caller]
    pub fn max_along(self, axis: usize) -> Tile<T> {
        self.op(|kb, v| kb.reduce(ReduceOp::Max, v, axis))
    }

    /// Minimum along `axis` (removed from the shape).
    #[track_caller]
    pub fn min_along(self, axis: usize) -> Tile<T> {
        self.op(|kb, v| kb.reduce(ReduceOp::Min, v, axis))
    }

    #[track_caller]
    pub fn abs(self) -> Tile<T> {
        self.op(|kb, v| kb.unary(UnaryOp::Abs, v))
    }
}

impl<T: Float> Tile<T> {
    #[track_caller]
    pub fn exp(self) -> Tile<T> {
        self.op(|kb, v| kb.unary(UnaryOp::Exp, v))
    }

    #[track_caller]
    pub fn exp2(self) -> Tile<T> {
        self.op(|kb, v| kb.unary(UnaryOp::Exp2, v))
    }

    /// Natural logarithm.
    #[track_caller]
    pub fn ln(self) -> Tile<T> {
        self.op(|kb, v| kb.unary(UnaryOp::Log, v))
    }

    #[track_caller]
    pub fn sqrt(self) -> Tile<T> {
        self.op(|kb, v| kb.unary(UnaryOp::Sqrt, v))
    }

    #[track_caller]
    pub fn rsqrt(self) -> Tile<T> {
        self.op(|kb, v| kb.unary(UnaryOp::Rsqrt, v))
    }
}

macro_rules! arith {
    ($($Trait:ident $method:ident $Assign:ident $assign:ident => $op:ident),* $(,)?) => {$(
        impl<T: Numeric, U: SameDType<T>> ops::$Trait<Tile<U>> for Tile<T> {
            type Output = Tile<T>;
            #[track_caller]
            fn $method(self, rhs: Tile<U>) -> Tile<T> {
                self.binary(BinaryOp::$op, Tile::<T>::from_value(rhs.value))
            }
        }
        impl<T: Float> ops::$Trait<f32> for Tile<T> {
            type Output = Tile<T>;
            #[track_caller]
            fn $method(self, rhs: f32) -> Tile<T> {
                self.binary(BinaryOp::$op, rhs)
            }
        }
        impl<T: Float> ops::$Trait<Tile<T>> for f32 {
            type Output = Tile<T>;
            #[track_caller]
            fn $method(self, rhs: Tile<T>) -> Tile<T> {
                rhs.op(|kb, v| {
                    let mut vs = [Operand::<T>::to_value(self, kb), v];
                    broadcast_all(kb, &mut vs);
                    kb.binary(BinaryOp::$op, vs[0], vs[1])
                })
            }
        }
        impl<T: Integer> ops::$Trait<usize> for Tile<T> {
            type Output = Tile<T>;
            #[track_caller]
            fn $method(self, rhs: usize) -> Tile<T> {
                self.binary(BinaryOp::$op, rhs)
            }
        }
        impl<T: Integer> ops::$Trait<Tile<T>> for usize {
            type Output = Tile<T>;
            #[track_caller]
            fn $method(self, rhs: Tile<T>) -> Tile<T> {
                rhs.op(|kb, v| {
                    let mut vs = [Operand::<T>::to_value(self, kb), v];
                    broadcast_all(kb, &mut vs);
                    kb.binary(BinaryOp::$op, vs[0], vs[1])
                })
            }
        }
        impl<T: Numeric, R> ops::$Assign<R> for Tile<T>
        where
            Tile<T>: ops::$Trait<R, Output = Tile<T>>,
        {
            #[track_caller]
            fn $assign(&mut self, rhs: R) {
                *self = ops::$Trait::$method(*self, rhs);
            }
        }
    )*};
}

arith!(
    Add add AddAssign add_assign => Add,
    Sub sub SubAssign sub_assign => Sub,
    Mul mul MulAssign mul_assign => Mul,
    Div div DivAssign div_assign => Div,
    Rem rem RemAssign rem_assign => Rem,
);

impl<T: Numeric> ops::Neg for Tile<T> {
    type Output = Tile<T>;
    #[track_caller]
    fn neg(self) -> Tile<T> {
        self.op(|kb, v| kb.unary(UnaryOp::Neg, v))
    }
}

impl ops::Not for Tile<bool> {
    type Output = Tile<bool>;
    #[track_caller]
    fn not(self) -> Tile<bool> {
        self.op(|kb, v| kb.unary(UnaryOp::Not, v))
    }
}

macro_rules! logic {
    ($($Trait:ident $method:ident => $op:ident),*) => {$(
        impl ops::$Trait for Tile<bool> {
            type Output = Tile<bool>;
            #[track_caller]
            fn $method(self, rhs: Tile<bool>) -> Tile<bool> {
                self.op(|kb, v| {
                    let mut vs = [v, rhs.value];
                    broadcast_all(kb, &mut vs);
                    kb.binary(BinaryOp::$op, vs[0], vs[1])
                })
            }
        }
    )*};
}

logic!(BitAnd bitand => And, BitOr bitor => Or, BitXor bitxor => Xor);

impl<T: Integer> ops::Not for Tile<T> {
    type Output = Tile<T>;
    /// Bitwise not.
    #[track_caller]
    fn not(self) -> Tile<T> {
        self.op(|kb, v| kb.unary(UnaryOp::Not, v))
    }
}

/// Bitwise ops and shifts on integer tiles, with another tile of the same
/// dtype or a `usize` constant (which must fit the dtype).
macro_rules! bits {
    ($($Trait:ident $method:ident => $op:ident),*) => {$(
        impl<T: Integer, U: SameDType<T>> ops::$Trait<Tile<U>> for Tile<T> {
            type Output = Tile<T>;
            #[track_caller]
            fn $method(self, rhs: Tile<U>) -> Tile<T> {
                self.binary(BinaryOp::$op, Tile::<T>::from_value(rhs.value))
            }
        }
        impl<T: Integer> ops::$Trait<usize> for Tile<T> {
            type Output = Tile<T>;
            #[track_caller]
            fn $method(self, rhs: usize) -> Tile<T> {
                self.binary(BinaryOp::$op, rhs)
            }
        }
    )*};
}

bits!(BitAnd bitand => And, BitOr bitor => Or, BitXor bitxor => Xor, Shl shl => Shl, Shr shr => Shr);

/// The program's coordinate along grid axis `axis`.
#[track_caller]
pub fn program_id(axis: usize) -> Tile<i32> {
    Tile::from_value(with_builder(Location::caller(), |kb| kb.program_id(axis)))
}

/// A tile of `shape` filled with `value` (its dtype is `value`'s: f32, i32 or bool).
#[track_caller]
pub fn full<T: Element + Into<ConstLike>>(shape: impl AsRef<[usize]>, value: T) -> Tile<T> {
    let c = value.into().0;
    Tile::from_value(with_builder(Location::caller(), |kb| {
        kb.constant(c, Type::tile(T::DTYPE, shape.as_ref()))
    }))
}

#[doc(hidden)]
pub struct ConstLike(pub(crate) ConstValue);

impl From<f32> for ConstLike {
    fn from(x: f32) -> Self {
        ConstLike(ConstValue::Float(x as f64))
    }
}
impl From<i32> for ConstLike {
    fn from(x: i32) -> Self {
        ConstLike(ConstValue::Int(x as i64))
    }
}
impl From<i8> for ConstLike {
    fn from(x: i8) -> Self {
        ConstLike(ConstValue::Int(x as i64))
    }
}
impl From<u8> for ConstLike {
    fn from(x: u8) -> Self {
        ConstLike(ConstValue::Int(x as i64))
    }
}
impl From<u16> for ConstLike {
    fn from(x: u16) -> Self {
        ConstLike(ConstValue::Int(x as i64))
    }
}
impl From<bool> for ConstLike {
    fn from(x: bool) -> Self {
        ConstLike(ConstValue::Bool(x))
    }
}

/// A tile of zeros; its dtype comes from how it is used.
#[track_caller]
pub fn zeros<T: Element>(shape: impl AsRef<[usize]>) -> Tile<T> {
    Tile::from_value(with_builder(Location::caller(), |kb| {
        kb.zeros(shape.as_ref(), T::DTYPE)
    }))
}

/// `[0, 1, .., n-1]` as an i32 tile of shape `[n]`.
#[track_caller]
pub fn iota(shape: [usize; 1]) -> Tile<i32> {
    iota_along(shape, 0)
}

/// An i32 tile of `shape` holding each element's coordinate along `dim`.
#[track_caller]
pub fn iota_along(shape: impl AsRef<[usize]>, dim: usize) -> Tile<i32> {
    Tile::from_value(with_builder(Location::caller(), |kb| {
        kb.iota(shape.as_ref(), dim, crate::DType::I32)
    }))
}

/// `[M, K] x [K, N] -> Tile<f32> [M, N]`, accumulated in f32.
#[track_caller]
pub fn dot<T: Float, U: SameDType<T>>(lhs: Tile<T>, rhs: Tile<U>) -> Tile<f32> {
    Tile::from_value(with_builder(Location::caller(), |kb| {
        kb.dot(lhs.value, rhs.value)
    }))
}

/// `cond ? on_true : on_false`, broadcasting all three like elementwise ops.
#[track_caller]
pub fn select<T: Element>(
    cond: Tile<bool>,
    on_true: impl Operand<T>,
    on_false: impl Operand<T>,
) -> Tile<T> {
    Tile::from_value(with_builder(Location::caller(), |kb| {
        let mut vs = [cond.value, on_true.to_value(kb), on_false.to_value(kb)];
        broadcast_all(kb, &mut vs);
        kb.select(vs[0], vs[1], vs[2])
    }))
}

/// `ceil(a / b)` on an i32 scalar.
#[track_caller]
pub fn cdiv(a: Tile<i32>, b: usize) -> Tile<i32> {
    (a + (b.max(1) - 1)) / b.max(1)
}
