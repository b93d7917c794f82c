//! Tile values of the interpreter and the vectorised math on them.
//!
//! Floats of every dtype are held as f32 values exactly representable in the
//! dtype: each op computes in f32 and rounds the result to the dtype (ties to
//! even), which is what XLA and GPUs do for bf16/f16 elementwise math.

use crate::ir::{BinaryOp, CmpOp, ConstValue, ReduceOp, UnaryOp};
use crate::DType;

#[derive(Clone, Debug, PartialEq)]
pub enum Data {
    F(Vec<f32>),
    I(Vec<i32>),
    B(Vec<bool>),
}

/// A tile (or a rank-0 scalar) in the interpreter.
#[derive(Clone, Debug, PartialEq)]
pub struct Tile {
    pub dtype: DType,
    pub shape: Vec<usize>,
    pub data: Data,
}

/// Row-major strides of a shape.
pub fn strides(shape: &[usize]) -> Vec<usize> {
    let mut s = vec![1; shape.len()];
    for d in (0..shape.len().saturating_sub(1)).rev() {
        s[d] = s[d + 1] * shape[d + 1];
    }
    s
}

/// Gathers `out_shape` elements from `src`, where element `idx` of the output
/// is `src[offset + Σ idx[d] * strides[d]]`. Broadcast, transpose and loads
/// are all this one walk.
pub fn strided_gather<T: Copy>(
    src: &[T],
    offset: usize,
    out_shape: &[usize],
    strides: &[usize],
) -> Vec<T> {
    let n: usize = out_shape.iter().product();
    let mut out = Vec::with_capacity(n);
    if n == 0 {
        return out;
    }
    let rank = out_shape.len();
    if rank == 0 {
        out.push(src[offset]);
        return out;
    }
    let inner = out_shape[rank - 1];
    let inner_stride = strides[rank - 1];
    let mut idx = vec![0usize; rank - 1];
    loop {
        let base = offset + idx.iter().zip(strides).map(|(i, s)| i * s).sum::<usize>();
        if inner_stride == 1 {
            out.extend_from_slice(&src[base..base + inner]);
        } else {
            out.extend((0..inner).map(|j| src[base + j * inner_stride]));
        }
        // Odometer over the outer dimensions.
        let mut d = rank - 1;
        loop {
            if d == 0 {
                return out;
            }
            d -= 1;
            idx[d] += 1;
            if idx[d] < out_shape[d] {
                break;
            }
            idx[d] = 0;
        }
    }
}

impl Data {
    pub fn len(&self) -> usize {
        match self {
            Data::F(v) => v.len(),
            Data::I(v) => v.len(),
            Data::B(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A vector of `n` copies of a constant, stored as `dtype` wants.
    pub fn splat(dtype: DType, value: ConstValue, n: usize) -> Data {
        match dtype {
            d if d.is_int() => Data::I(vec![
                match value {
                    ConstValue::Int(i) => d.wrap_int(i as i32),
                    other => d.wrap_int(other.as_f32() as i32),
                };
                n
            ]),
            DType::Bool => Data::B(vec![value.as_f32() != 0.0; n]),
            _ => Data::F(vec![dtype.round_f64(value.as_f64()); n]),
        }
    }

    pub fn gather(&self, offset: usize, shape: &[usize], strides: &[usize]) -> Data {
        match self {
            Data::F(v) => Data::F(strided_gather(v, offset, shape, strides)),
            Data::I(v) => Data::I(strided_gather(v, offset, shape, strides)),
            Data::B(v) => Data::B(strided_gather(v, offset, shape, strides)),
        }
    }
}

/// A shift of an integer of dtype `d` (held sign- or zero-extended in an
/// i32). The amount is read as unsigned in `d`'s width; an amount of the
/// width or more shifts everything out (arithmetic right shifts fill with
/// the sign).
fn shift(d: DType, op: BinaryOp, x: i32, amount: i32) -> i32 {
    let width = d.bits();
    let amount = (amount as u32)
        & if width >= 32 {
            u32::MAX
        } else {
            (1 << width) - 1
        };
    if amount >= width {
        return if op == BinaryOp::Shr && d.is_signed_int() && x < 0 {
            -1
        } else {
            0
        };
    }
    match op {
        BinaryOp::Shl => ((x as u32) << amount) as i32,
        // Signed values are sign-extended, so i32's arithmetic shift is the
        // narrow type's; unsigned ones are zero-extended and non-negative.
        _ if d.is_signed_int() => x >> amount,
        _ => ((x as u32) >> amount) as i32,
    }
}

fn nan_max(a: f32, b: f32) -> f32 {
    if a.is_nan() || b.is_nan() {
        f32::NAN
    } else {
        a.max(b)
    }
}

fn nan_min(a: f32, b: f32) -> f32 {
    if a.is_nan() || b.is_nan() {
        f32::NAN
    } else {
        a.min(b)
    }
}

impl Tile {
    pub fn new(dtype: DType, shape: Vec<usize>, data: Data) -> Tile {
        Tile { dtype, shape, data }
    }

    pub fn splat(dtype: DType, shape: &[usize], value: ConstValue) -> Tile {
        let n = shape.iter().product();
        Tile::new(dtype, shape.to_vec(), Data::splat(dtype, value, n))
    }

    pub fn scalar_i32(&self) -> i32 {
        match &self.data {
            Data::I(v) => v[0],
            Data::F(v) => v[0] as i32,
            Data::B(v) => v[0] as i32,
        }
    }

    /// The elements of a bool tile (empty for other dtypes, which the
    /// verifier never lets reach a mask).
    pub fn bools(&self) -> &[bool] {
        match &self.data {
            Data::B(b) => b,
            _ => &[],
        }
    }

    pub fn scalar_bool(&self) -> bool {
        match &self.data {
            Data::B(v) => v[0],
            Data::I(v) => v[0] != 0,
            Data::F(v) => v[0] != 0.0,
        }
    }

    /// Every element widened to f32 (for tests and error messages).
    pub fn to_f32(&self) -> Vec<f32> {
        match &self.data {
            Data::F(v) => v.clone(),
            Data::I(v) => v.iter().map(|&x| x as f32).collect(),
            Data::B(v) => v.iter().map(|&x| x as u8 as f32).collect(),
        }
    }

    fn with_data(&self, data: Data) -> Tile {
        Tile::new(self.dtype, self.shape.clone(), data)
    }

    fn rounded(dtype: DType, shape: Vec<usize>, mut v: Vec<f32>) -> Tile {
        dtype.round_slice(&mut v);
        Tile::new(dtype, shape, Data::F(v))
    }

    pub fn iota(dtype: DType, shape: &[usize], dim: usize) -> Tile {
        let st = strides(shape);
        let n: usize = shape.iter().product();
        let coord = |i: usize| (i / st[dim]) % shape[dim];
        let data = match dtype {
            DType::I32 => Data::I((0..n).map(|i| coord(i) as i32).collect()),
            _ => {
                let mut v: Vec<f32> = (0..n).map(|i| coord(i) as f32).collect();
                dtype.round_slice(&mut v);
                Data::F(v)
            }
        };
        Tile::new(dtype, shape.to_vec(), data)
    }

    pub fn unary(&self, op: UnaryOp) -> Tile {
        match &self.data {
            Data::F(v) => {
                let f: fn(f32) -> f32 = match op {
                    UnaryOp::Neg => |x| -x,
                    UnaryOp::Abs => f32::abs,
                    UnaryOp::Exp => f32::exp,
                    UnaryOp::Exp2 => f32::exp2,
                    UnaryOp::Log => f32::ln,
                    UnaryOp::Sqrt => f32::sqrt,
                    UnaryOp::Rsqrt => |x| 1.0 / x.sqrt(),
                    UnaryOp::Not => |x| x,
                };
                Tile::rounded(
                    self.dtype,
                    self.shape.clone(),
                    v.iter().map(|&x| f(x)).collect(),
                )
            }
            Data::I(v) => {
                let d = self.dtype;
                self.with_data(Data::I(
                    v.iter()
                        .map(|&x| {
                            d.wrap_int(match op {
                                UnaryOp::Neg => x.wrapping_neg(),
                                UnaryOp::Abs => x.wrapping_abs(),
                                _ => !x,
                            })
                        })
                        .collect(),
                ))
            }
            Data::B(v) => self.with_data(Data::B(v.iter().map(|&x| !x).collect())),
        }
    }

    /// Elementwise binary op; `Err` names the problem (integer division by zero).
    pub fn binary(&self, op: BinaryOp, rhs: &Tile) -> Result<Tile, String> {
        Ok(match (&self.data, &rhs.data) {
            (Data::F(a), Data::F(b)) => {
                let f: fn(f32, f32) -> f32 = match op {
                    BinaryOp::Add => |x, y| x + y,
                    BinaryOp::Sub => |x, y| x - y,
                    BinaryOp::Mul => |x, y| x * y,
                    BinaryOp::Div => |x, y| x / y,
                    BinaryOp::Rem => |x, y| x % y,
                    BinaryOp::Max => nan_max,
                    BinaryOp::Min => nan_min,
                    BinaryOp::And
                    | BinaryOp::Or
                    | BinaryOp::Xor
                    | BinaryOp::Shl
                    | BinaryOp::Shr => return Err(format!("{op:?} on floats")),
                };
                Tile::rounded(
                    self.dtype,
                    self.shape.clone(),
                    a.iter().zip(b).map(|(&x, &y)| f(x, y)).collect(),
                )
            }
            (Data::I(a), Data::I(b)) => {
                let d = self.dtype;
                let mut out = Vec::with_capacity(a.len());
                for (&x, &y) in a.iter().zip(b) {
                    out.push(d.wrap_int(match op {
                        BinaryOp::Add => x.wrapping_add(y),
                        BinaryOp::Sub => x.wrapping_sub(y),
                        BinaryOp::Mul => x.wrapping_mul(y),
                        BinaryOp::Div | BinaryOp::Rem if y == 0 => {
                            return Err(format!(
                                "integer {} {x} by zero",
                                if op == BinaryOp::Div {
                                    "division of"
                                } else {
                                    "remainder of"
                                }
                            ))
                        }
                        BinaryOp::Div => x.wrapping_div(y),
                        BinaryOp::Rem => x.wrapping_rem(y),
                        BinaryOp::Max => x.max(y),
                        BinaryOp::Min => x.min(y),
                        BinaryOp::And => x & y,
                        BinaryOp::Or => x | y,
                        BinaryOp::Xor => x ^ y,
                        BinaryOp::Shl | BinaryOp::Shr => shift(d, op, x, y),
                    }));
                }
                self.with_data(Data::I(out))
            }
            (Data::B(a), Data::B(b)) => self.with_data(Data::B(
                a.iter()
                    .zip(b)
                    .map(|(&x, &y)| match op {
                        BinaryOp::Or => x | y,
                        BinaryOp::Xor => x ^ y,
                        _ => x & y,
                    })
                    .collect(),
            )),
            _ => return Err("operands of different kinds".into()),
        })
    }

    pub fn compare(&self, op: CmpOp, rhs: &Tile) -> Tile {
        fn cmp<T: PartialOrd>(op: CmpOp, a: &[T], b: &[T]) -> Vec<bool> {
            a.iter()
                .zip(b)
                .map(|(x, y)| match op {
                    CmpOp::Lt => x < y,
                    CmpOp::Le => x <= y,
                    CmpOp::Gt => x > y,
                    CmpOp::Ge => x >= y,
                    CmpOp::Eq => x == y,
                    CmpOp::Ne => x != y,
                })
                .collect()
        }
        let out = match (&self.data, &rhs.data) {
            (Data::F(a), Data::F(b)) => cmp(op, a, b),
            (Data::I(a), Data::I(b)) => cmp(op, a, b),
            (Data::B(a), Data::B(b)) => cmp(op, a, b),
            _ => vec![false; self.data.len()],
        };
        Tile::new(DType::Bool, self.shape.clone(), Data::B(out))
    }

    pub fn select(cond: &Tile, on_true: &Tile, on_false: &Tile) -> Tile {
        let Data::B(c) = &cond.data else {
            return on_false.clone();
        };
        fn pick<T: Copy>(c: &[bool], a: &[T], b: &[T]) -> Vec<T> {
            c.iter()
                .zip(a.iter().zip(b))
                .map(|(&c, (&x, &y))| if c { x } else { y })
                .collect()
        }
        let data = match (&on_true.data, &on_false.data) {
            (Data::F(a), Data::F(b)) => Data::F(pick(c, a, b)),
            (Data::I(a), Data::I(b)) => Data::I(pick(c, a, b)),
            (Data::B(a), Data::B(b)) => Data::B(pick(c, a, b)),
            _ => on_false.data.clone(),
        };
        on_true.with_data(data)
    }

    /// Converts to `to`: to a float, one rounding to nearest even (fp8
    /// saturates, see [`crate::fp8`]); float to integer truncates toward zero
    /// and saturates to the integer's range (NaN gives 0); integer to integer
    /// wraps (two's complement); anything to bool tests `!= 0`.
    pub fn cast(&self, to: DType) -> Tile {
        let shape = self.shape.clone();
        let data = match (&self.data, to) {
            (Data::F(v), DType::Bool) => Data::B(v.iter().map(|&x| x != 0.0).collect()),
            (Data::F(v), t) if t.is_int() => {
                let (lo, hi) = t.int_range().unwrap_or((i32::MIN as i64, i32::MAX as i64));
                // `as i64` truncates toward zero, saturates and maps NaN to 0.
                Data::I(v.iter().map(|&x| (x as i64).clamp(lo, hi) as i32).collect())
            }
            (Data::F(v), _) => {
                let mut v = v.clone();
                to.round_slice(&mut v);
                Data::F(v)
            }
            (Data::I(v), DType::Bool) => Data::B(v.iter().map(|&x| x != 0).collect()),
            (Data::I(v), t) if t.is_int() => Data::I(v.iter().map(|&x| t.wrap_int(x)).collect()),
            // One rounding straight from the integer, as cvt.rn does.
            (Data::I(v), _) => Data::F(v.iter().map(|&x| to.round_f64(x as f64)).collect()),
            (Data::B(v), DType::Bool) => Data::B(v.clone()),
            (Data::B(v), t) if t.is_int() => Data::I(v.iter().map(|&x| x as i32).collect()),
            (Data::B(v), _) => Data::F(v.iter().map(|&x| x as u8 as f32).collect()),
        };
        Tile::new(to, shape, data)
    }

    /// Reinterprets each element's bits as `to`, a dtype of the same width
    /// (checked by the verifier). Integers are held sign- or zero-extended,
    /// floats as their exact f32 value; NaN payloads of bf16/f16/fp8 are
    /// not preserved (fp8 NaN reads back as 0x7f/0xff).
    pub fn bitcast(&self, to: DType) -> Tile {
        let mask = if self.dtype.bits() >= 32 {
            u32::MAX
        } else {
            (1u32 << self.dtype.bits()) - 1
        };
        let bits: Vec<u32> = match &self.data {
            Data::F(v) => v.iter().map(|&x| self.dtype.float_to_bits(x)).collect(),
            Data::I(v) => v.iter().map(|&x| x as u32 & mask).collect(),
            Data::B(v) => v.iter().map(|&x| x as u32).collect(),
        };
        let data = if to.is_int() {
            Data::I(bits.into_iter().map(|b| to.wrap_int(b as i32)).collect())
        } else {
            Data::F(bits.into_iter().map(|b| to.float_from_bits(b)).collect())
        };
        Tile::new(to, self.shape.clone(), data)
    }

    pub fn broadcast(&self, shape: &[usize], dims: &[usize]) -> Tile {
        let src_strides = strides(&self.shape);
        let mut st = vec![0usize; shape.len()];
        for (i, &d) in dims.iter().enumerate() {
            if self.shape[i] != 1 {
                st[d] = src_strides[i];
            }
        }
        Tile::new(self.dtype, shape.to_vec(), self.data.gather(0, shape, &st))
    }

    pub fn transpose(&self, perm: &[usize]) -> Tile {
        let src = strides(&self.shape);
        let shape: Vec<usize> = perm.iter().map(|&p| self.shape[p]).collect();
        let st: Vec<usize> = perm.iter().map(|&p| src[p]).collect();
        Tile::new(self.dtype, shape.clone(), self.data.gather(0, &shape, &st))
    }

    pub fn reshape(&self, shape: &[usize]) -> Tile {
        Tile::new(self.dtype, shape.to_vec(), self.data.clone())
    }

    /// Reduction along `axis` in index order, accumulating in f32 (i32 for
    /// integers) and rounding once at the end.
    pub fn reduce(&self, op: ReduceOp, axis: usize) -> Tile {
        let outer: usize = self.shape[..axis].iter().product();
        let n = self.shape[axis];
        let inner: usize = self.shape[axis + 1..].iter().product();
        let mut shape = self.shape.clone();
        shape.remove(axis);
        match &self.data {
            Data::F(v) => {
                let (init, f): (f32, fn(f32, f32) -> f32) = match op {
                    ReduceOp::Sum => (0.0, |a, b| a + b),
                    ReduceOp::Max => (f32::NEG_INFINITY, nan_max),
                    ReduceOp::Min => (f32::INFINITY, nan_min),
                };
                let mut out = vec![init; outer * inner];
                for o in 0..outer {
                    for j in 0..n {
                        let row = &v[(o * n + j) * inner..(o * n + j + 1) * inner];
                        for (acc, &x) in out[o * inner..(o + 1) * inner].iter_mut().zip(row) {
                            *acc = f(*acc, x);
                        }
                    }
                }
                Tile::rounded(self.dtype, shape, out)
            }
            Data::I(v) => {
                let (init, f): (i32, fn(i32, i32) -> i32) = match op {
                    ReduceOp::Sum => (0, i32::wrapping_add),
                    ReduceOp::Max => (i32::MIN, std::cmp::max),
                    ReduceOp::Min => (i32::MAX, std::cmp::min),
                };
                let mut out = vec![init; outer * inner];
                for o in 0..outer {
                    for j in 0..n {
                        for i in 0..inner {
                            out[o * inner + i] = f(out[o * inner + i], v[(o * n + j) * inner + i]);
                        }
                    }
                }
                // Narrow integer sums wrap like every other integer op.
                let d = self.dtype;
                Tile::new(
                    d,
                    shape,
                    Data::I(out.into_iter().map(|x| d.wrap_int(x)).collect()),
                )
            }
            Data::B(_) => self.clone(),
        }
    }

    /// `[M, K] x [K, N]` accumulated in f32 in k order.
    pub fn dot(&self, rhs: &Tile) -> Tile {
        let (m, kk, n) = (self.shape[0], self.shape[1], rhs.shape[1]);
        let (Data::F(a), Data::F(b)) = (&self.data, &rhs.data) else {
            return Tile::splat(DType::F32, &[m, n], ConstValue::Float(0.0));
        };
        let mut out = vec![0f32; m * n];
        for i in 0..m {
            let acc = &mut out[i * n..(i + 1) * n];
            for k in 0..kk {
                let x = a[i * kk + k];
                for (o, &y) in acc.iter_mut().zip(&b[k * n..(k + 1) * n]) {
                    *o += x * y;
                }
            }
        }
        Tile::new(DType::F32, vec![m, n], Data::F(out))
    }
}
