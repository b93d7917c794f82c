//! Math, casts and shape ops. bf16 values are computed in f32 and rounded
//! once (`arith.extf` → op → `arith.truncf`), which is the interpreter's
//! rule and needs no bf16 vector unit (v5e has none). Dots use the MXU
//! (`tpu.matmul`) with an f32 accumulator; a `dot(a, b.t())` contracts `b`'s
//! last dim directly instead of transposing it.

use super::narrow::is_narrow;
use super::Emitter;
use crate::error::MosaicError;
use crate::mlir::{self, reg, value_type};
use tilekit_core::ir::{BinaryOp, CmpOp, ConstValue, OpId, OpKind, ReduceOp, UnaryOp, Value};
use tilekit_core::DType;

impl Emitter<'_> {
    pub(super) fn dtype(&self, v: Value) -> DType {
        self.k.ty(v).dtype
    }

    pub(super) fn shape(&self, v: Value) -> Vec<usize> {
        self.k.ty(v).shape.clone()
    }

    /// `x` (of `shape`) widened to f32 if it is bf16/f16.
    pub(super) fn widen(&mut self, x: &str, dtype: DType, shape: &[usize]) -> String {
        if matches!(dtype, DType::Bf16 | DType::F16) {
            let (from, to) = (value_type(dtype, shape), value_type(DType::F32, shape));
            self.op("arith.extf", &[x], "", &[&from], &to)
        } else {
            x.to_string()
        }
    }

    /// An f32 `x` rounded to `dtype` if that is bf16/f16.
    pub(super) fn narrow(&mut self, x: &str, dtype: DType, shape: &[usize]) -> String {
        if matches!(dtype, DType::Bf16 | DType::F16) {
            let (from, to) = (value_type(DType::F32, shape), value_type(dtype, shape));
            self.op("arith.truncf", &[x], "", &[&from], &to)
        } else {
            x.to_string()
        }
    }

    pub(super) fn compute(&mut self, op: OpId) -> Result<(), MosaicError> {
        let data = self.k.op(op);
        let result = data.results.first().copied();
        let r = match &data.kind {
            OpKind::ProgramId { axis } => self
                .args
                .program_ids
                .get(*axis)
                .cloned()
                .ok_or_else(|| self.unsupported(op, "program_id outside the kernel function"))?,
            OpKind::Constant { value, ty } => self.splat(*value, ty.dtype, &ty.shape),
            OpKind::Iota { ty, dim } => {
                let x = self.iota(ty.dtype, &ty.shape, *dim);
                self.canon(&x, ty.dtype, &ty.shape)
            }
            OpKind::Unary { op: u, x } => self.unary(op, *u, *x)?,
            OpKind::Binary { op: b, lhs, rhs } => self.binary(op, *b, *lhs, *rhs)?,
            OpKind::Compare { op: c, lhs, rhs } => self.compare(*c, *lhs, *rhs)?,
            OpKind::Bitcast { x, to } => self.bitcast(op, *x, *to)?,
            OpKind::Select {
                cond,
                on_true,
                on_false,
            } => {
                let (c, a, b) = (self.get(*cond)?, self.get(*on_true)?, self.get(*on_false)?);
                let (ct, t) = (self.ty(*cond), self.ty(*on_true));
                self.op("arith.select", &[&c, &a, &b], "", &[&ct, &t, &t], &t)
            }
            OpKind::Cast { x, to } => self.cast(op, *x, *to)?,
            OpKind::Broadcast { x, shape, dims } => self.broadcast(*x, shape, dims)?,
            OpKind::Reduce { op: red, x, axis } => self.reduce(op, *red, *x, *axis)?,
            OpKind::Dot { .. } => self.dot(op)?,
            // Folded into the dots that read it (`KernelInfo::dots`).
            OpKind::Transpose { .. } if self.vk.info().is_folded_transpose(op) => return Ok(()),
            OpKind::Transpose { x, perm } => {
                let (xs, xt) = (self.get(*x)?, self.ty(*x));
                let out = self.ty(data.results[0]);
                let perm: Vec<i64> = perm.iter().map(|&p| p as i64).collect();
                let attr = format!("permutation = {}", mlir::array("i64", &perm));
                self.op("vector.transpose", &[&xs], &attr, &[&xt], &out)
            }
            OpKind::Reshape { x, shape } => {
                let (xs, dtype, from) = (self.get(*x)?, self.dtype(*x), self.shape(*x));
                self.reshape(&xs, dtype, &from, shape)?
            }
            OpKind::PrefetchRead { array, indices } => {
                let decl = self.k.prefetch_decl(*array);
                let shape = decl.shape.clone();
                let mut flat: Option<String> = None;
                for (i, &v) in indices.iter().enumerate() {
                    let x = self.get(v)?;
                    flat = Some(match flat {
                        None => x,
                        Some(acc) => {
                            let n = self.const_i32(shape[i] as i64);
                            let scaled =
                                self.op("arith.muli", &[&acc, &n], "", &["i32", "i32"], "i32");
                            self.op("arith.addi", &[&scaled, &x], "", &["i32", "i32"], "i32")
                        }
                    });
                }
                let flat = match flat {
                    Some(f) => f,
                    None => self.const_i32(0),
                };
                let idx = self.index_of(&flat);
                let mem = self.args.prefetch[array.index()].clone();
                let len = shape.iter().product::<usize>().max(1);
                let mt = mlir::memref(DType::I32, &[len], mlir::Space::Smem);
                self.op("memref.load", &[&mem, &idx], "", &[&mt, "index"], "i32")
            }
            OpKind::Load { .. } | OpKind::Store { .. } | OpKind::For { .. } | OpKind::If { .. } => {
                return Err(self.unsupported(op, "internal: not a compute op"))
            }
        };
        if let Some(v) = result {
            self.bind(v, r);
        }
        Ok(())
    }

    fn unary(&mut self, op: OpId, u: UnaryOp, x: Value) -> Result<String, MosaicError> {
        let (xs, dtype, shape) = (self.get(x)?, self.dtype(x), self.shape(x));
        let t = value_type(reg(dtype), &shape);
        if dtype.is_int() || dtype == DType::Bool {
            let r = match u {
                UnaryOp::Neg => {
                    let z = self.splat(ConstValue::Int(0), dtype, &shape);
                    self.op("arith.subi", &[&z, &xs], "", &[&t, &t], &t)
                }
                UnaryOp::Abs => self.op("math.absi", &[&xs], "", &[&t], &t),
                UnaryOp::Not => {
                    // All ones of the width (a u8's 255, an i8's -1).
                    let ones = match dtype {
                        DType::Bool => ConstValue::Bool(true),
                        DType::U8 | DType::U16 => ConstValue::Int((1 << dtype.bits()) - 1),
                        _ => ConstValue::Int(-1),
                    };
                    let m = self.splat(ones, dtype, &shape);
                    self.op("arith.xori", &[&xs, &m], "", &[&t, &t], &t)
                }
                _ => return Err(self.unsupported(op, "not defined on integers")),
            };
            return Ok(self.canon(&r, dtype, &shape));
        }
        let w = self.widen(&xs, dtype, &shape);
        let ft = value_type(DType::F32, &shape);
        let name = match u {
            UnaryOp::Neg => "arith.negf",
            UnaryOp::Abs => "math.absf",
            UnaryOp::Exp => "math.exp",
            UnaryOp::Exp2 => "math.exp2",
            UnaryOp::Log => "math.log",
            UnaryOp::Sqrt => "math.sqrt",
            UnaryOp::Rsqrt => "math.rsqrt",
            UnaryOp::Not => return Err(self.unsupported(op, "`not` of a float")),
        };
        let r = self.op(name, &[&w], "", &[&ft], &ft);
        Ok(self.narrow(&r, dtype, &shape))
    }

    fn binary(
        &mut self,
        op: OpId,
        b: BinaryOp,
        lhs: Value,
        rhs: Value,
    ) -> Result<String, MosaicError> {
        let (l, r) = (self.get(lhs)?, self.get(rhs)?);
        let (dtype, shape) = (self.dtype(lhs), self.shape(lhs));
        if dtype.is_float() {
            let (wl, wr) = (self.widen(&l, dtype, &shape), self.widen(&r, dtype, &shape));
            let name = match b {
                BinaryOp::Add => "arith.addf",
                BinaryOp::Sub => "arith.subf",
                BinaryOp::Mul => "arith.mulf",
                BinaryOp::Div => "arith.divf",
                BinaryOp::Rem => "arith.remf",
                BinaryOp::Max => "arith.maximumf",
                BinaryOp::Min => "arith.minimumf",
                BinaryOp::And | BinaryOp::Or | BinaryOp::Xor | BinaryOp::Shl | BinaryOp::Shr => {
                    return Err(self.unsupported(op, "bit op on floats"))
                }
            };
            let ft = value_type(DType::F32, &shape);
            let x = self.op(name, &[&wl, &wr], "", &[&ft, &ft], &ft);
            return Ok(self.narrow(&x, dtype, &shape));
        }
        let name = match b {
            BinaryOp::Add => "arith.addi",
            BinaryOp::Sub => "arith.subi",
            BinaryOp::Mul => "arith.muli",
            BinaryOp::Div => "arith.divsi",
            BinaryOp::Rem => "arith.remsi",
            BinaryOp::Max => "arith.maxsi",
            BinaryOp::Min => "arith.minsi",
            BinaryOp::And => "arith.andi",
            BinaryOp::Or => "arith.ori",
            BinaryOp::Xor => "arith.xori",
            BinaryOp::Shl | BinaryOp::Shr => return Ok(self.shift(b, &l, &r, dtype, &shape)),
        };
        let t = value_type(reg(dtype), &shape);
        let x = self.op(name, &[&l, &r], "", &[&t, &t], &t);
        // Canonical operands keep bit ops and min/max canonical; the rest wrap.
        Ok(match b {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => {
                self.canon(&x, dtype, &shape)
            }
            _ => x,
        })
    }

    fn compare(&mut self, c: CmpOp, lhs: Value, rhs: Value) -> Result<String, MosaicError> {
        let (l, r) = (self.get(lhs)?, self.get(rhs)?);
        let (dtype, shape) = (self.dtype(lhs), self.shape(lhs));
        let bt = value_type(DType::Bool, &shape);
        if dtype.is_float() {
            let (wl, wr) = (self.widen(&l, dtype, &shape), self.widen(&r, dtype, &shape));
            // arith.cmpf predicates: oeq 1, ogt 2, oge 3, olt 4, ole 5;
            // `!=` is true for NaN, as in the interpreter.
            let p = match c {
                CmpOp::Eq => 1,
                CmpOp::Gt => 2,
                CmpOp::Ge => 3,
                CmpOp::Lt => 4,
                CmpOp::Le => 5,
                CmpOp::Ne => return Ok(self.fne(&wl, &wr, &shape)),
            };
            let ft = value_type(DType::F32, &shape);
            let attr = format!("predicate = {p} : i64");
            return Ok(self.op("arith.cmpf", &[&wl, &wr], &attr, &[&ft, &ft], &bt));
        }
        // arith.cmpi predicates: eq 0, ne 1, slt 2, sle 3, sgt 4, sge 5.
        let p = match c {
            CmpOp::Eq => 0,
            CmpOp::Ne => 1,
            CmpOp::Lt => 2,
            CmpOp::Le => 3,
            CmpOp::Gt => 4,
            CmpOp::Ge => 5,
        };
        let t = value_type(reg(dtype), &shape);
        let attr = format!("predicate = {p} : i64");
        Ok(self.op("arith.cmpi", &[&l, &r], &attr, &[&t, &t], &bt))
    }

    fn cast(&mut self, op: OpId, x: Value, to: DType) -> Result<String, MosaicError> {
        let (xs, from, shape) = (self.get(x)?, self.dtype(x), self.shape(x));
        let (ft, it, bt) = (
            value_type(DType::F32, &shape),
            value_type(DType::I32, &shape),
            value_type(DType::Bool, &shape),
        );
        if from == to {
            return Ok(xs);
        }
        if is_narrow(from) || is_narrow(to) {
            return Ok(self.cast_narrow(&xs, from, to, &shape));
        }
        Ok(match (from.is_float(), to.is_float()) {
            (true, true) => {
                let w = self.widen(&xs, from, &shape);
                self.narrow(&w, to, &shape)
            }
            (true, false) => {
                let w = self.widen(&xs, from, &shape);
                if to == DType::Bool {
                    let z = self.splat(ConstValue::Float(0.0), DType::F32, &shape);
                    self.fne(&w, &z, &shape)
                } else {
                    self.op("arith.fptosi", &[&w], "", &[&ft], &it)
                }
            }
            (false, true) => {
                let i = if from == DType::Bool {
                    self.op("arith.extui", &[&xs], "", &[&bt], &it)
                } else {
                    xs
                };
                let f = self.op("arith.sitofp", &[&i], "", &[&it], &ft);
                self.narrow(&f, to, &shape)
            }
            (false, false) => match (from, to) {
                (DType::Bool, DType::I32) => self.op("arith.extui", &[&xs], "", &[&bt], &it),
                (DType::I32, DType::Bool) => {
                    let z = self.splat(ConstValue::Int(0), DType::I32, &shape);
                    self.op(
                        "arith.cmpi",
                        &[&xs, &z],
                        "predicate = 1 : i64",
                        &[&it, &it],
                        &bt,
                    )
                }
                _ => return Err(self.unsupported(op, format!("cast from {from} to {to}"))),
            },
        })
    }

    fn reduce(
        &mut self,
        op: OpId,
        red: ReduceOp,
        x: Value,
        axis: usize,
    ) -> Result<String, MosaicError> {
        let (xs, dtype, shape) = (self.get(x)?, self.dtype(x), self.shape(x));
        let mut out_shape = shape.clone();
        out_shape.remove(axis);
        let cdt = if dtype.is_float() {
            DType::F32
        } else {
            reg(dtype)
        };
        if cdt == DType::Bool {
            return Err(self.unsupported(op, "reductions of bool tiles"));
        }
        let w = self.widen(&xs, dtype, &shape);
        let (kind, neutral) = match (red, cdt.is_float()) {
            (ReduceOp::Sum, true) => ("add", ConstValue::Float(0.0)),
            (ReduceOp::Sum, false) => ("add", ConstValue::Int(0)),
            (ReduceOp::Max, true) => ("maximumf", ConstValue::Float(f64::NEG_INFINITY)),
            (ReduceOp::Max, false) => ("maxsi", ConstValue::Int(i32::MIN as i64)),
            (ReduceOp::Min, true) => ("minimumf", ConstValue::Float(f64::INFINITY)),
            (ReduceOp::Min, false) => ("minsi", ConstValue::Int(i32::MAX as i64)),
        };
        // A rank-1 tile is reduced as a [1, N] row (Mosaic reduces 2-D vectors).
        let (src, src_shape, dim) = if shape.len() == 1 {
            let row = vec![1, shape[0]];
            (self.reshape(&w, cdt, &shape, &row)?, row, 1)
        } else {
            (w, shape.clone(), axis)
        };
        let mut red_shape = src_shape.clone();
        red_shape.remove(dim);
        let acc = self.splat(neutral, cdt, &red_shape);
        let attr = format!(
            "kind = #vector.kind<{kind}>, reduction_dims = {}",
            mlir::array("i64", &[dim as i64])
        );
        let (st, rt) = (value_type(cdt, &src_shape), value_type(cdt, &red_shape));
        let r = self.op(
            "vector.multi_reduction",
            &[&src, &acc],
            &attr,
            &[&st, &rt],
            &rt,
        );
        let r = self.reshape(&r, cdt, &red_shape, &out_shape)?;
        let r = self.canon(&r, dtype, &out_shape);
        Ok(self.narrow(&r, dtype, &out_shape))
    }

    fn dot(&mut self, op: OpId) -> Result<String, MosaicError> {
        // dot(a, b.t()) contracts b's last dim: no transpose is emitted.
        let d =
            *self.vk.info().dot(op).ok_or_else(|| {
                self.unsupported(op, "internal error: no operand facts for this dot")
            })?;
        let (lhs, rhs, transposed) = (d.lhs, d.rhs, d.rhs_transpose.is_some());
        let (l, r) = (self.get(lhs)?, self.get(rhs)?);
        let (ls, rs) = (self.shape(lhs), self.shape(rhs));
        let dtype = self.dtype(lhs);
        if is_narrow(dtype) {
            return Err(MosaicError::unsupported(
                self.k,
                format!("a dot of {dtype} tiles: cast them to bf16 or f32 first"),
            ));
        }
        let n = if transposed { rs[0] } else { rs[1] };
        let out_shape = [ls[0], n];
        let acc = self.splat(ConstValue::Float(0.0), DType::F32, &out_shape);
        // lhs contracting [1], rhs contracting [1] (transposed) or [0]; the
        // output is (lhs dim 0, rhs's other dim).
        let dims = if transposed {
            "#tpu.dot_dimension_numbers<[1], [1], [0], [0], [0, 0, 1, 0], [], []>"
        } else {
            "#tpu.dot_dimension_numbers<[1], [0], [0], [1], [0, 0, 1, 1], [], []>"
        };
        // f32 operands are multiplied in full f32 precision, as the
        // interpreter does (the MXU's default would round them to bf16).
        let precision = if dtype == DType::F32 {
            ", precision = #tpu.contract_precision<fp32>"
        } else {
            ""
        };
        let attr = format!(
            "dimension_numbers = {dims}{precision}, transpose_lhs = false, transpose_rhs = false"
        );
        let (lt, rt, ot) = (
            value_type(dtype, &ls),
            value_type(dtype, &rs),
            value_type(DType::F32, &out_shape),
        );
        Ok(self.op("tpu.matmul", &[&l, &r, &acc], &attr, &[&lt, &rt, &ot], &ot))
    }
}
