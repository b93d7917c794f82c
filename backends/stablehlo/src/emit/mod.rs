//! The text emitter: one method per StableHLO op, each writing one line
//! (`%12 = stablehlo.add %10, %11 : tensor<4xf32>`) and returning the typed
//! SSA value. Lowering code above this layer never formats MLIR itself.
//!
//! SSA names are a per-function counter (`%0`, `%1`, ...), unique across
//! nested regions, so regions may refer to any value defined above them
//! (StableHLO allows implicit capture in `while` and `if` regions).

pub(crate) mod indexing;
mod regions;

use crate::types::{list, Scalar, Ty, V};
use std::fmt::Write;
use tilekit_core::DType;

pub(crate) struct Emitter {
    out: String,
    indent: usize,
    next: usize,
}

impl Emitter {
    pub fn new(indent: usize) -> Emitter {
        Emitter {
            out: String::new(),
            indent,
            next: 0,
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    pub fn fresh(&mut self) -> String {
        self.next += 1;
        format!("%{}", self.next - 1)
    }

    pub fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A `//` comment line (line breaks in user-chosen names become spaces,
    /// so they cannot end the comment early).
    pub fn comment(&mut self, text: &str) {
        let text = text.replace(['\n', '\r'], " ");
        self.line(&format!("// {text}"));
    }

    pub fn indented<T>(&mut self, f: impl FnOnce(&mut Emitter) -> T) -> T {
        self.indent += 1;
        let r = f(self);
        self.indent -= 1;
        r
    }

    /// `%N = rhs`, typed `ty`.
    fn def(&mut self, rhs: &str, ty: Ty) -> V {
        let name = self.fresh();
        let _ = write!(self.out, "{}", "  ".repeat(self.indent));
        let _ = writeln!(self.out, "{name} = {rhs}");
        V { name, ty }
    }

    pub fn constant(&mut self, value: Scalar, ty: &Ty) -> V {
        let lit = match (ty.raw, value) {
            (true, Scalar::F(x)) => raw_bits(x, ty.dtype).to_string(),
            _ => value.literal(ty.dtype),
        };
        self.def(
            &format!("stablehlo.constant dense<{lit}> : {ty}"),
            ty.clone(),
        )
    }

    pub fn const_i32(&mut self, x: i32) -> V {
        self.constant(Scalar::I(x), &Ty::scalar(DType::I32))
    }

    /// A splat of `value` in the shape and dtype of `ty`.
    pub fn splat(&mut self, value: Scalar, ty: &Ty) -> V {
        self.constant(value, ty)
    }

    pub fn iota(&mut self, ty: &Ty, dim: usize) -> V {
        self.def(&format!("stablehlo.iota dim = {dim} : {ty}"), ty.clone())
    }

    /// An elementwise op whose operands and result share one type.
    pub fn same(&mut self, op: &str, args: &[&V]) -> V {
        let ty = args[0].ty.clone();
        let names: Vec<&str> = args.iter().map(|a| a.name.as_str()).collect();
        self.def(&format!("stablehlo.{op} {} : {ty}", names.join(", ")), ty)
    }

    pub fn compare(&mut self, dir: &str, a: &V, b: &V) -> V {
        let kind = match a.ty.dtype {
            DType::I32 | DType::I8 => "SIGNED",
            DType::Bool | DType::U8 | DType::U16 => "UNSIGNED",
            _ => "FLOAT",
        };
        let ty = a.ty.with_dtype(DType::Bool);
        self.def(
            &format!(
                "stablehlo.compare {dir}, {a}, {b}, {kind} : ({}, {}) -> {ty}",
                a.ty, b.ty
            ),
            ty,
        )
    }

    pub fn select(&mut self, cond: &V, on_true: &V, on_false: &V) -> V {
        let ty = on_true.ty.clone();
        self.def(
            &format!(
                "stablehlo.select {cond}, {on_true}, {on_false} : ({}, {ty}, {ty}) -> {ty}",
                cond.ty
            ),
            ty,
        )
    }

    pub fn convert(&mut self, x: &V, to: DType) -> V {
        if x.ty.dtype == to {
            return x.clone();
        }
        let ty = x.ty.with_dtype(to);
        self.def(&format!("stablehlo.convert {x} : ({}) -> {ty}", x.ty), ty)
    }

    pub fn bitcast(&mut self, x: &V, to: DType) -> V {
        let ty = x.ty.with_dtype(to);
        self.def(
            &format!("stablehlo.bitcast_convert {x} : ({}) -> {ty}", x.ty),
            ty,
        )
    }

    /// A bf16/f16 tensor as its `i16` bits (other dtypes are returned as is).
    pub fn bits_of(&mut self, x: &V) -> V {
        let ty = x.ty.raw();
        if ty == x.ty {
            return x.clone();
        }
        self.def(
            &format!("stablehlo.bitcast_convert {x} : ({}) -> {ty}", x.ty),
            ty,
        )
    }

    /// The float tensor whose bits `x` holds (identity unless `x` is raw).
    pub fn float_of(&mut self, x: &V) -> V {
        if !x.ty.raw {
            return x.clone();
        }
        let ty = x.ty.with_dtype(x.ty.dtype);
        self.def(
            &format!("stablehlo.bitcast_convert {x} : ({}) -> {ty}", x.ty),
            ty,
        )
    }

    pub fn broadcast_in_dim(&mut self, x: &V, shape: &[usize], dims: &[usize]) -> V {
        let ty = x.ty.with_shape(shape);
        self.def(
            &format!(
                "stablehlo.broadcast_in_dim {x}, dims = {} : ({}) -> {ty}",
                list(dims),
                x.ty
            ),
            ty,
        )
    }

    pub fn reshape(&mut self, x: &V, shape: &[usize]) -> V {
        if x.ty.shape == shape {
            return x.clone();
        }
        let ty = x.ty.with_shape(shape);
        self.def(&format!("stablehlo.reshape {x} : ({}) -> {ty}", x.ty), ty)
    }

    pub fn transpose(&mut self, x: &V, perm: &[usize]) -> V {
        if perm.iter().enumerate().all(|(i, &p)| i == p) {
            return x.clone();
        }
        let shape: Vec<usize> = perm.iter().map(|&p| x.ty.shape[p]).collect();
        let ty = x.ty.with_shape(&shape);
        self.def(
            &format!(
                "stablehlo.transpose {x}, dims = {} : ({}) -> {ty}",
                list(perm),
                x.ty
            ),
            ty,
        )
    }

    /// Concatenates along `dim`.
    pub fn concatenate(&mut self, xs: &[V], dim: usize) -> V {
        if xs.len() == 1 {
            return xs[0].clone();
        }
        let mut shape = xs[0].ty.shape.clone();
        shape[dim] = xs.iter().map(|x| x.ty.shape[dim]).sum();
        let ty = xs[0].ty.with_shape(&shape);
        let names: Vec<&str> = xs.iter().map(|x| x.name.as_str()).collect();
        let types: Vec<String> = xs.iter().map(|x| x.ty.to_string()).collect();
        self.def(
            &format!(
                "stablehlo.concatenate {}, dim = {dim} : ({}) -> {ty}",
                names.join(", "),
                types.join(", ")
            ),
            ty,
        )
    }

    /// `dot_general` at full f32 precision (no TF32 or bf16 passes on GPUs).
    pub fn dot_general(
        &mut self,
        a: &V,
        b: &V,
        batch: (&[usize], &[usize]),
        contract: (usize, usize),
        shape: &[usize],
    ) -> V {
        let ty = Ty::new(DType::F32, shape);
        let batching = if batch.0.is_empty() {
            String::new()
        } else {
            format!("batching_dims = {} x {}, ", list(batch.0), list(batch.1))
        };
        self.def(
            &format!(
                "stablehlo.dot_general {a}, {b}, {batching}contracting_dims = [{}] x [{}], precision = [HIGHEST, HIGHEST] : ({}, {}) -> {ty}",
                contract.0, contract.1, a.ty, b.ty
            ),
            ty,
        )
    }
}

/// The bits of `x` in a 16-bit float dtype, as a signed 16-bit integer.
fn raw_bits(x: f32, dtype: DType) -> i16 {
    let bits = match dtype {
        DType::F16 => half::f16::from_f32(x).to_bits(),
        _ => half::bf16::from_f32(x).to_bits(),
    };
    bits as i16
}
