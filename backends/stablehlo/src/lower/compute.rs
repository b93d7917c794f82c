//! Tile math: constants, iota, elementwise ops, broadcasts, reductions,
//! `dot`, transposes and reshapes.
//!
//! Rounding follows the interpreter: an op on bf16/f16 tiles converts its
//! operands to f32, computes there and rounds the result once (explicitly,
//! so the result does not depend on how a backend treats narrow floats);
//! reductions and `dot` accumulate in f32. Ops that are exact in the narrow
//! type (negation, abs, max, min, comparisons, select) stay in it.

use super::{Lowering, L, R};
use crate::error::LowerError;
use crate::types::{Scalar, Ty, V};
use tilekit_core::ir::{BinaryOp, CmpOp, ConstValue, OpId, OpKind, ReduceOp, UnaryOp};
use tilekit_core::DType;

fn is_narrow(d: DType) -> bool {
    matches!(d, DType::Bf16 | DType::F16)
}

impl Lowering<'_> {
    pub(super) fn compute_op(&mut self, op: OpId) -> R<()> {
        let k = self.k;
        let res = self.result(op);
        let out = match &k.op(op).kind {
            OpKind::Constant { value, ty } => {
                let ty = Ty::new(ty.dtype, &ty.shape);
                L {
                    v: self.em.splat(Scalar::of(*value, ty.dtype), &ty),
                    batched: false,
                }
            }
            OpKind::Iota { ty, dim } => L {
                v: self.iota(&Ty::new(ty.dtype, &ty.shape), *dim),
                batched: false,
            },
            OpKind::Unary { op: u, x } => {
                let x = self.get(*x)?;
                L {
                    v: self.unary(*u, &x.v),
                    batched: x.batched,
                }
            }
            OpKind::Binary { op: b, lhs, rhs } => {
                let (vs, batched) = self.align(&[self.get(*lhs)?, self.get(*rhs)?]);
                L {
                    v: self.binary(*b, &vs[0], &vs[1]),
                    batched,
                }
            }
            OpKind::Compare { op: c, lhs, rhs } => {
                let (vs, batched) = self.align(&[self.get(*lhs)?, self.get(*rhs)?]);
                L {
                    v: self.em.compare(direction(*c), &vs[0], &vs[1]),
                    batched,
                }
            }
            OpKind::Select {
                cond,
                on_true,
                on_false,
            } => {
                let xs = [self.get(*cond)?, self.get(*on_true)?, self.get(*on_false)?];
                let (vs, batched) = self.align(&xs);
                L {
                    v: self.em.select(&vs[0], &vs[1], &vs[2]),
                    batched,
                }
            }
            OpKind::Cast { x, to } => {
                let x = self.get(*x)?;
                L {
                    v: self.cast(&x.v, *to),
                    batched: x.batched,
                }
            }
            OpKind::Bitcast { x, to } => {
                let x = self.get(*x)?;
                L {
                    v: self.em.bitcast(&x.v, *to),
                    batched: x.batched,
                }
            }
            OpKind::Broadcast { x, shape, dims } => {
                let x = self.get(*x)?;
                let (shape, dims) = self.batched_dims(shape, dims, x.batched);
                L {
                    v: self.em.broadcast_in_dim(&x.v, &shape, &dims),
                    batched: x.batched,
                }
            }
            OpKind::Reduce { op: r, x, axis } => {
                let x = self.get(*x)?;
                let axis = axis + usize::from(x.batched);
                L {
                    v: self.reduce(*r, &x.v, axis),
                    batched: x.batched,
                }
            }
            OpKind::Dot { lhs, rhs } => {
                let (a, b) = (self.get(*lhs)?, self.get(*rhs)?);
                self.dot(&a, &b)
            }
            OpKind::Transpose { x, perm } => {
                let x = self.get(*x)?;
                let perm: Vec<usize> = if x.batched {
                    std::iter::once(0)
                        .chain(perm.iter().map(|p| p + 1))
                        .collect()
                } else {
                    perm.clone()
                };
                L {
                    v: self.em.transpose(&x.v, &perm),
                    batched: x.batched,
                }
            }
            OpKind::Reshape { x, shape } => {
                let x = self.get(*x)?;
                let ty = self.phys(&Ty::new(x.v.ty.dtype, shape), x.batched);
                L {
                    v: self.em.reshape(&x.v, &ty.shape),
                    batched: x.batched,
                }
            }
            other => {
                return Err(LowerError::at_op(
                    k,
                    op,
                    format!(
                        "the StableHLO backend does not support `{}` ops",
                        other.mnemonic()
                    ),
                ))
            }
        };
        self.set(res, out);
        Ok(())
    }

    /// Target shape and dims of a broadcast, shifted past the batch dim.
    fn batched_dims(
        &self,
        shape: &[usize],
        dims: &[usize],
        batched: bool,
    ) -> (Vec<usize>, Vec<usize>) {
        if !batched {
            return (shape.to_vec(), dims.to_vec());
        }
        let mut s = vec![self.programs];
        s.extend(shape);
        let mut d = vec![0];
        d.extend(dims.iter().map(|x| x + 1));
        (s, d)
    }

    /// Iota in `ty`: float iotas are i32 coordinates rounded once to the
    /// dtype, as the interpreter makes them.
    fn iota(&mut self, ty: &Ty, dim: usize) -> V {
        if ty.dtype == DType::I32 {
            return self.em.iota(ty, dim);
        }
        let i = self.em.iota(&ty.with_dtype(DType::I32), dim);
        let f = self.em.convert(&i, DType::F32);
        self.em.convert(&f, ty.dtype)
    }

    /// Runs `f` on f32 copies of narrow-float operands and rounds its
    /// result back, so every op rounds exactly once.
    fn in_f32(&mut self, xs: &[&V], f: impl FnOnce(&mut Self, &[V]) -> V) -> V {
        let dtype = xs[0].ty.dtype;
        if !is_narrow(dtype) {
            let xs: Vec<V> = xs.iter().map(|&x| x.clone()).collect();
            return f(self, &xs);
        }
        let wide: Vec<V> = xs.iter().map(|x| self.em.convert(x, DType::F32)).collect();
        let r = f(self, &wide);
        self.em.convert(&r, dtype)
    }

    fn unary(&mut self, op: UnaryOp, x: &V) -> V {
        let simple = match op {
            UnaryOp::Neg => "negate",
            UnaryOp::Abs => "abs",
            UnaryOp::Not => "not",
            UnaryOp::Exp => "exponential",
            UnaryOp::Log => "log",
            UnaryOp::Sqrt => "sqrt",
            UnaryOp::Exp2 | UnaryOp::Rsqrt => "",
        };
        // StableHLO's abs takes signed operands only; on unsigned it is
        // the identity.
        if op == UnaryOp::Abs && matches!(x.ty.dtype, DType::U8 | DType::U16) {
            return x.clone();
        }
        if matches!(op, UnaryOp::Neg | UnaryOp::Abs | UnaryOp::Not) {
            return self.em.same(simple, &[x]);
        }
        self.in_f32(&[x], |lw, xs| match op {
            // `power(2, x)` is exact on integers, where exp(x ln 2) is not.
            UnaryOp::Exp2 => {
                let two = lw.em.splat(Scalar::F(2.0), &xs[0].ty);
                lw.em.same("power", &[&two, &xs[0]])
            }
            // 1 / sqrt(x) with two roundings, as the interpreter computes it.
            UnaryOp::Rsqrt => {
                let one = lw.em.splat(Scalar::F(1.0), &xs[0].ty);
                let s = lw.em.same("sqrt", &[&xs[0]]);
                lw.em.same("divide", &[&one, &s])
            }
            _ => lw.em.same(simple, &[&xs[0]]),
        })
    }

    fn binary(&mut self, op: BinaryOp, a: &V, b: &V) -> V {
        let name = match op {
            BinaryOp::Add => "add",
            BinaryOp::Sub => "subtract",
            BinaryOp::Mul => "multiply",
            BinaryOp::Div => "divide",
            BinaryOp::Rem => "remainder",
            BinaryOp::Max => "maximum",
            BinaryOp::Min => "minimum",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
            BinaryOp::Xor => "xor",
            // XLA's shifts read the amount as unsigned and shift everything
            // out at the width or more, as the IR defines.
            BinaryOp::Shl => "shift_left",
            BinaryOp::Shr if a.ty.dtype.is_signed_int() => "shift_right_arithmetic",
            BinaryOp::Shr => "shift_right_logical",
        };
        // max/min pick an operand, so they are exact in any dtype.
        if matches!(op, BinaryOp::Max | BinaryOp::Min) && a.ty.dtype.is_float() {
            let m = self.em.same(name, &[a, b]);
            return self.propagate_nan(&[a, b], m);
        }
        if matches!(
            op,
            BinaryOp::Max
                | BinaryOp::Min
                | BinaryOp::And
                | BinaryOp::Or
                | BinaryOp::Xor
                | BinaryOp::Shl
                | BinaryOp::Shr
        ) {
            return self.em.same(name, &[a, b]);
        }
        self.in_f32(&[a, b], |lw, xs| lw.em.same(name, &[&xs[0], &xs[1]]))
    }

    /// `m`, or a NaN operand where there is one. XLA's CPU backend compiles
    /// `maximum`/`minimum` to instructions that return the other operand
    /// when one is NaN; the interpreter (and StableHLO's spec) propagate it.
    fn propagate_nan(&mut self, xs: &[&V], m: V) -> V {
        xs.iter().rev().fold(m, |acc, x| {
            let nan = self.em.compare("NE", x, x);
            self.em.select(&nan, x, &acc)
        })
    }

    /// A reduction in index-agnostic order, accumulated in f32 (or i32) and
    /// rounded once; max and min propagate NaN (see [`Self::propagate_nan`]).
    fn reduce(&mut self, op: ReduceOp, x: &V, axis: usize) -> V {
        self.in_f32(&[x], |lw, xs| {
            let x = &xs[0];
            let init = match (op, x.ty.dtype.int_range()) {
                (ReduceOp::Sum, Some(_)) => Scalar::I(0),
                (ReduceOp::Max, Some((lo, _))) => Scalar::I(lo as i32),
                (ReduceOp::Min, Some((_, hi))) => Scalar::I(hi as i32),
                (ReduceOp::Sum, _) => Scalar::F(0.0),
                (ReduceOp::Max, _) => Scalar::F(f32::NEG_INFINITY),
                (ReduceOp::Min, _) => Scalar::F(f32::INFINITY),
            };
            let init = lw.em.splat(init, &Ty::scalar(x.ty.dtype));
            let name = match op {
                ReduceOp::Sum => "add",
                ReduceOp::Max => "maximum",
                ReduceOp::Min => "minimum",
            };
            let r = lw.em.reduce(x, &init, name, &[axis]);
            if op == ReduceOp::Sum || !x.ty.dtype.is_float() {
                return r;
            }
            let nan = lw.em.compare("NE", x, x);
            let any_nan = lw.em.reduce_any(&nan, axis);
            let nan_value = lw.em.splat(Scalar::F(f32::NAN), &r.ty);
            lw.em.select(&any_nan, &nan_value, &r)
        })
    }

    /// `[M, K] x [K, N] -> f32[M, N]` with exact f32 products of the
    /// operands (bf16 and f16 products fit in f32) accumulated in f32.
    fn dot(&mut self, a: &L, b: &L) -> L {
        let av = self.em.convert(&a.v, DType::F32);
        let bv = self.em.convert(&b.v, DType::F32);
        let p = self.programs;
        match (a.batched, b.batched) {
            (false, false) => {
                let shape = [av.ty.shape[0], bv.ty.shape[1]];
                L {
                    v: self.em.dot_general(&av, &bv, (&[], &[]), (1, 0), &shape),
                    batched: false,
                }
            }
            (true, true) => {
                let shape = [p, av.ty.shape[1], bv.ty.shape[2]];
                L {
                    v: self.em.dot_general(&av, &bv, (&[0], &[0]), (2, 1), &shape),
                    batched: true,
                }
            }
            // [P, M, K] x [K, N]: the free dims come out as [P, M, N].
            (true, false) => {
                let shape = [p, av.ty.shape[1], bv.ty.shape[1]];
                L {
                    v: self.em.dot_general(&av, &bv, (&[], &[]), (2, 0), &shape),
                    batched: true,
                }
            }
            // [M, K] x [P, K, N] gives [M, P, N]; move P first.
            (false, true) => {
                let shape = [av.ty.shape[0], p, bv.ty.shape[2]];
                let r = self.em.dot_general(&av, &bv, (&[], &[]), (1, 1), &shape);
                L {
                    v: self.em.transpose(&r, &[1, 0, 2]),
                    batched: true,
                }
            }
        }
    }
}

fn direction(c: CmpOp) -> &'static str {
    match c {
        CmpOp::Lt => "LT",
        CmpOp::Le => "LE",
        CmpOp::Gt => "GT",
        CmpOp::Ge => "GE",
        CmpOp::Eq => "EQ",
        CmpOp::Ne => "NE",
    }
}

/// The value a masked-off load lane reads, in the ref's dtype.
pub(crate) fn other_value(c: ConstValue, dtype: DType) -> Scalar {
    Scalar::of(c, dtype)
}
