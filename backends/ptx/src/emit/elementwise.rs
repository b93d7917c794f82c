//! Elementwise ops, register by register, with the interpreter's rounding:
//! bf16/f16 values live in f32 registers, every op computes in f32 and
//! rounds its result to nearest even (`cvt.rn`). Float add/sub/mul/div use
//! `.rn` so ptxas cannot fuse them into FMAs the interpreter does not do.
//! `exp` and `log` go through `ex2`/`lg2` with the log2(e) and ln(2)
//! scalings (approximate: results agree within the kernels' tolerances).

use super::{Emitter, Val};
use crate::asm::{f32_imm, Reg, RegKind};
use crate::error::R;
use tilekit_core::ir::{BinaryOp, CmpOp, ConstValue, OpKind, UnaryOp, Value};
use tilekit_core::DType;

const LOG2_E: f32 = std::f32::consts::LOG2_E;
const LN_2: f32 = std::f32::consts::LN_2;

/// PTX type suffix of an element in registers.
fn suffix(d: DType) -> &'static str {
    match d {
        // Narrow integers are sign- or zero-extended: signed compares of
        // the 32-bit registers order them correctly.
        d if d.is_int() => "s32",
        DType::Bool => "pred",
        _ => "f32",
    }
}

impl Emitter<'_> {
    /// Writes constant `c` of `dtype` into `dst`, converted as the
    /// interpreter's splat converts it.
    pub fn set_const(&mut self, dst: Reg, dtype: DType, c: ConstValue) {
        match dtype {
            d if d.is_int() => {
                let x = d.wrap_int(match c {
                    ConstValue::Int(i) => i as i32,
                    other => other.as_f32() as i32,
                });
                self.a.ins(format!("mov.b32 {dst}, {x}"));
            }
            DType::Bool => {
                let b = c.as_f32() != 0.0;
                self.a.ins(format!("mov.pred {dst}, {}", b as u8));
            }
            _ => {
                let x = dtype.round_f32(c.as_f32());
                self.a.ins(format!("mov.f32 {dst}, {}", f32_imm(x)));
            }
        }
    }

    /// Rounds an f32 register to `dtype` (identity for f32), or re-wraps an
    /// integer register to a narrow integer dtype.
    pub fn round(&mut self, dtype: DType, r: Reg) -> Reg {
        let t = match dtype {
            DType::Bf16 => "bf16",
            DType::F16 => "f16",
            DType::F8E4M3 | DType::F8E5M2 => {
                let code = self.fp8_encode(dtype, r);
                return self.fp8_decode(dtype, code);
            }
            DType::I8 | DType::U8 | DType::U16 => return self.wrap_int(dtype, r),
            _ => return r,
        };
        let h = self.a.reg(RegKind::B16);
        self.a.ins(format!("cvt.rn.{t}.f32 {h}, {r}"));
        let out = self.a.reg(RegKind::F32);
        self.a.ins(format!("cvt.f32.{t} {out}, {h}"));
        out
    }

    /// The registers of an elementwise op's result.
    pub fn elementwise(&mut self, kind: &OpKind, result: Value) -> R<Vec<Reg>> {
        let ty = self.k.ty(result).clone();
        let l = self.layout(&ty.shape);
        match kind {
            OpKind::Constant { value, .. } => {
                let r = self.a.reg(RegKind::of(ty.dtype));
                self.set_const(r, ty.dtype, *value);
                Ok(vec![r; l.slots()])
            }
            OpKind::Iota { dim, .. } => {
                let stride = l.strides()[*dim];
                let extent = ty.shape[*dim];
                let mut out = Vec::with_capacity(l.slots());
                for k in 0..l.rounds() {
                    let run = self.run_index(k);
                    for j in 0..l.vec {
                        let lin = self.a.reg(RegKind::B32);
                        self.a
                            .ins(format!("mad.lo.u32 {lin}, {run}, {}, {j}", l.vec));
                        let q = self.a.reg(RegKind::B32);
                        self.a.ins(format!("div.u32 {q}, {lin}, {stride}"));
                        let c = self.a.reg(RegKind::B32);
                        self.a.ins(format!("rem.u32 {c}, {q}, {extent}"));
                        out.push(if ty.dtype.is_int() {
                            self.wrap_int(ty.dtype, c)
                        } else {
                            let f = self.a.reg(RegKind::F32);
                            self.a.ins(format!("cvt.rn.f32.u32 {f}, {c}"));
                            self.round(ty.dtype, f)
                        });
                    }
                }
                Ok(out)
            }
            OpKind::Unary { op, x } => {
                let xs = self.regs(*x)?;
                xs.iter().map(|&r| self.unary(*op, ty.dtype, r)).collect()
            }
            OpKind::Binary { op, lhs, rhs } => {
                let (a, b) = (self.regs(*lhs)?, self.regs(*rhs)?);
                a.iter()
                    .zip(&b)
                    .map(|(&x, &y)| self.binary(*op, ty.dtype, x, y))
                    .collect()
            }
            OpKind::Compare { op, lhs, rhs } => {
                let dtype = self.k.ty(*lhs).dtype;
                let (a, b) = (self.regs(*lhs)?, self.regs(*rhs)?);
                Ok(a.iter()
                    .zip(&b)
                    .map(|(&x, &y)| self.compare(*op, dtype, x, y))
                    .collect())
            }
            OpKind::Select {
                cond,
                on_true,
                on_false,
            } => {
                let (c, t, f) = (
                    self.regs(*cond)?,
                    self.regs(*on_true)?,
                    self.regs(*on_false)?,
                );
                Ok((0..c.len())
                    .map(|i| self.select(ty.dtype, c[i], t[i], f[i]))
                    .collect())
            }
            OpKind::Cast { x, to } => {
                let from = self.k.ty(*x).dtype;
                let xs = self.regs(*x)?;
                Ok(xs.iter().map(|&r| self.cast(from, *to, r)).collect())
            }
            OpKind::Bitcast { x, to } => {
                let from = self.k.ty(*x).dtype;
                let xs = self.regs(*x)?;
                Ok(xs.iter().map(|&r| self.bitcast(from, *to, r)).collect())
            }
            _ => Err(self.err("internal: not an elementwise op")),
        }
    }

    fn unary(&mut self, op: UnaryOp, dtype: DType, x: Reg) -> R<Reg> {
        if matches!(dtype, DType::I8 | DType::U8 | DType::U16) {
            // Computed on the extended value, then wrapped (-(-128) and a
            // u8's `not` leave the range).
            let d = self.unary(op, DType::I32, x)?;
            return Ok(self.wrap_int(dtype, d));
        }
        let d = self.a.reg(x.kind);
        match (dtype, op) {
            (DType::Bool, _) => self.a.ins(format!("not.pred {d}, {x}")),
            (DType::I32, UnaryOp::Not) => self.a.ins(format!("not.b32 {d}, {x}")),
            (DType::I32, UnaryOp::Neg) => self.a.ins(format!("sub.s32 {d}, 0, {x}")),
            (DType::I32, UnaryOp::Abs) => {
                // wrapping_abs: |i32::MIN| stays i32::MIN.
                let n = self.a.reg(RegKind::B32);
                self.a.ins(format!("sub.s32 {n}, 0, {x}"));
                self.a.ins(format!("max.s32 {d}, {x}, {n}"));
            }
            (DType::I32, _) => return Err(self.err(format!("{op:?} on i32"))),
            (_, UnaryOp::Neg) => self.a.ins(format!("neg.f32 {d}, {x}")),
            (_, UnaryOp::Abs) => self.a.ins(format!("abs.f32 {d}, {x}")),
            (_, UnaryOp::Not) => return Err(self.err("not on floats")),
            (_, UnaryOp::Exp) => {
                let t = self.a.reg(RegKind::F32);
                self.a
                    .ins(format!("mul.rn.f32 {t}, {x}, {}", f32_imm(LOG2_E)));
                self.a.ins(format!("ex2.approx.f32 {d}, {t}"));
                return Ok(self.round(dtype, d));
            }
            (_, UnaryOp::Exp2) => {
                self.a.ins(format!("ex2.approx.f32 {d}, {x}"));
                return Ok(self.round(dtype, d));
            }
            (_, UnaryOp::Log) => {
                let t = self.a.reg(RegKind::F32);
                self.a.ins(format!("lg2.approx.f32 {t}, {x}"));
                self.a
                    .ins(format!("mul.rn.f32 {d}, {t}, {}", f32_imm(LN_2)));
                return Ok(self.round(dtype, d));
            }
            (_, UnaryOp::Sqrt) => {
                self.a.ins(format!("sqrt.rn.f32 {d}, {x}"));
                return Ok(self.round(dtype, d));
            }
            (_, UnaryOp::Rsqrt) => {
                // 1 / sqrt(x) with two correct roundings, as the interpreter.
                let t = self.a.reg(RegKind::F32);
                self.a.ins(format!("sqrt.rn.f32 {t}, {x}"));
                self.a.ins(format!("div.rn.f32 {d}, {}, {t}", f32_imm(1.0)));
                return Ok(self.round(dtype, d));
            }
        }
        Ok(d)
    }

    fn binary(&mut self, op: BinaryOp, dtype: DType, x: Reg, y: Reg) -> R<Reg> {
        if matches!(dtype, DType::I8 | DType::U8 | DType::U16) {
            // The extended values' i32 result, wrapped: exact for add, sub,
            // mul, div (-128 / -1), rem, max, min and the bit ops. Right
            // shifts must not see a sign-extended u8, so they pick their
            // own instruction.
            if op == BinaryOp::Shr && !dtype.is_signed_int() {
                let d = self.a.reg(RegKind::B32);
                self.a.ins(format!("shr.u32 {d}, {x}, {y}"));
                return Ok(d);
            }
            let d = self.binary(op, DType::I32, x, y)?;
            return Ok(self.wrap_int(dtype, d));
        }
        let d = self.a.reg(x.kind);
        let text = match (dtype, op) {
            (DType::Bool, BinaryOp::And) => format!("and.pred {d}, {x}, {y}"),
            (DType::Bool, BinaryOp::Or) => format!("or.pred {d}, {x}, {y}"),
            (DType::Bool, _) => return Err(self.err(format!("{op:?} on bool"))),
            (DType::I32, op) => {
                let m = match op {
                    BinaryOp::Add => "add.s32",
                    BinaryOp::Sub => "sub.s32",
                    BinaryOp::Mul => "mul.lo.s32",
                    BinaryOp::Div => "div.s32",
                    BinaryOp::Rem => "rem.s32",
                    BinaryOp::Max => "max.s32",
                    BinaryOp::Min => "min.s32",
                    BinaryOp::And => "and.b32",
                    BinaryOp::Or => "or.b32",
                    BinaryOp::Xor => "xor.b32",
                    // PTX clamps shift amounts above 32 to 32 (the amount is
                    // unsigned), so an amount of the width or more shifts
                    // everything out, or fills with the sign: the semantics.
                    // Narrow types reach here with amounts read in 32 bits;
                    // for them any amount in width..32 shifts everything out
                    // of the narrow value too.
                    BinaryOp::Shl => "shl.b32",
                    BinaryOp::Shr => "shr.s32",
                };
                format!("{m} {d}, {x}, {y}")
            }
            (_, BinaryOp::Rem) => return Err(self.err(
                "`rem` on floats is not supported by the PTX backend yet (PTX has no exact fmod)",
            )),
            (_, BinaryOp::And | BinaryOp::Or) => return Err(self.err(format!("{op:?} on floats"))),
            (_, op) => {
                let (m, exact) = match op {
                    BinaryOp::Add => ("add.rn.f32", false),
                    BinaryOp::Sub => ("sub.rn.f32", false),
                    BinaryOp::Mul => ("mul.rn.f32", false),
                    BinaryOp::Div => ("div.rn.f32", false),
                    // NaN-propagating, like the interpreter and stablehlo.
                    BinaryOp::Max => ("max.NaN.f32", true),
                    _ => ("min.NaN.f32", true),
                };
                self.a.ins(format!("{m} {d}, {x}, {y}"));
                return Ok(if exact { d } else { self.round(dtype, d) });
            }
        };
        self.a.ins(text);
        Ok(d)
    }

    fn compare(&mut self, op: CmpOp, dtype: DType, x: Reg, y: Reg) -> Reg {
        let d = self.a.reg(RegKind::Pred);
        if dtype == DType::Bool {
            self.a.ins(format!("xor.pred {d}, {x}, {y}"));
            if op == CmpOp::Eq {
                let e = self.a.reg(RegKind::Pred);
                self.a.ins(format!("not.pred {e}, {d}"));
                return e;
            }
            return d;
        }
        let float = dtype.is_float();
        let c = match op {
            CmpOp::Lt => "lt",
            CmpOp::Le => "le",
            CmpOp::Gt => "gt",
            CmpOp::Ge => "ge",
            CmpOp::Eq => "eq",
            // Rust's `!=` is true when either side is NaN: unordered-or-not-equal.
            CmpOp::Ne if float => "neu",
            CmpOp::Ne => "ne",
        };
        self.a
            .ins(format!("setp.{c}.{} {d}, {x}, {y}", suffix(dtype)));
        d
    }

    fn select(&mut self, dtype: DType, c: Reg, t: Reg, f: Reg) -> Reg {
        let d = self.a.reg(t.kind);
        match dtype {
            DType::Bool => {
                let (a, nc, b) = (
                    self.a.reg(RegKind::Pred),
                    self.a.reg(RegKind::Pred),
                    self.a.reg(RegKind::Pred),
                );
                self.a.ins(format!("and.pred {a}, {c}, {t}"));
                self.a.ins(format!("not.pred {nc}, {c}"));
                self.a.ins(format!("and.pred {b}, {nc}, {f}"));
                self.a.ins(format!("or.pred {d}, {a}, {b}"));
            }
            _ if t.kind == RegKind::B32 => self.a.ins(format!("selp.b32 {d}, {t}, {f}, {c}")),
            _ => self.a.ins(format!("selp.f32 {d}, {t}, {f}, {c}")),
        }
        d
    }

    /// `broadcast`: a scalar is splatted in registers; a tile becomes a
    /// strided view of its shared-memory copy.
    pub fn broadcast(&mut self, x: Value, shape: &[usize], dims: &[usize], result: Value) -> R<()> {
        let xt = self.k.ty(x).clone();
        if xt.is_scalar() {
            let r = self.scalar(x)?;
            let n = self.layout(shape).slots();
            return self.define(result, Val::regs(vec![r; n]));
        }
        let v = self.view(x)?;
        let mut strides = vec![0i64; shape.len()];
        for (i, &d) in dims.iter().enumerate() {
            if xt.shape[i] != 1 {
                strides[d] = v.strides[i];
            }
        }
        let view = super::View {
            base: v.base,
            dtype: v.dtype,
            shape: shape.to_vec(),
            contiguous: v.contiguous && shape == xt.shape.as_slice(),
            strides,
        };
        self.define(result, Val::smem(view))
    }

    /// `reshape`: free in registers when the run width is unchanged, else a
    /// re-strided view of a dense shared-memory copy.
    pub fn reshape(&mut self, x: Value, shape: &[usize], result: Value) -> R<()> {
        let from = self.k.ty(x).shape.clone();
        if crate::plan::reshape_keeps_regs(&from, shape, self.threads()) {
            let regs = self.regs(x)?;
            return self.define(result, Val::regs(regs));
        }
        let v = self.view(x)?;
        let dense = self.densify(&v)?;
        let view = super::View::dense(dense.base, dense.dtype, shape);
        self.define(result, Val::smem(view))
    }
}
