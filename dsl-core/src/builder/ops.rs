//! Op methods of [`KernelBuilder`]. Rank-0 operands of elementwise ops are
//! broadcast to the other operand's shape automatically (an explicit
//! `broadcast` op is recorded); dtypes are never converted implicitly.

use super::KernelBuilder;
use crate::ir::{
    BinaryOp, CmpOp, ConstValue, Index, Location, OpKind, PrefetchId, ReduceOp, RefId, Type,
    UnaryOp, Value,
};
use crate::DType;

impl Index {
    /// One position of a dimension (the dimension is dropped from the tile).
    pub fn at(v: Value) -> Index {
        Index::Point(v)
    }

    /// `len` positions from `start`.
    pub fn slice(start: Value, len: usize) -> Index {
        Index::Slice { start, len }
    }
}

macro_rules! unary_methods {
    ($($name:ident => $op:ident),* $(,)?) => {$(
        #[track_caller]
        pub fn $name(&mut self, x: Value) -> Value {
            self.unary(UnaryOp::$op, x)
        }
    )*};
}

macro_rules! binary_methods {
    ($($name:ident => $op:ident),* $(,)?) => {$(
        #[track_caller]
        pub fn $name(&mut self, lhs: Value, rhs: Value) -> Value {
            self.binary(BinaryOp::$op, lhs, rhs)
        }
    )*};
}

macro_rules! compare_methods {
    ($($name:ident => $op:ident),* $(,)?) => {$(
        #[track_caller]
        pub fn $name(&mut self, lhs: Value, rhs: Value) -> Value {
            self.compare(CmpOp::$op, lhs, rhs)
        }
    )*};
}

impl KernelBuilder {
    #[track_caller]
    pub fn program_id(&mut self, axis: usize) -> Value {
        self.push1(OpKind::ProgramId { axis }, Location::caller())
    }

    /// A constant of type `ty` (a scalar when `shape` is empty).
    #[track_caller]
    pub fn constant(&mut self, value: ConstValue, ty: Type) -> Value {
        self.push1(OpKind::Constant { value, ty }, Location::caller())
    }

    #[track_caller]
    pub fn i32(&mut self, x: i32) -> Value {
        self.constant(ConstValue::Int(x as i64), Type::scalar(DType::I32))
    }

    #[track_caller]
    pub fn f32(&mut self, x: f32) -> Value {
        self.constant(ConstValue::Float(x as f64), Type::scalar(DType::F32))
    }

    #[track_caller]
    pub fn bool(&mut self, x: bool) -> Value {
        self.constant(ConstValue::Bool(x), Type::scalar(DType::Bool))
    }

    /// A float tile filled with `x`.
    #[track_caller]
    pub fn full(&mut self, shape: &[usize], dtype: DType, x: f64) -> Value {
        self.constant(ConstValue::Float(x), Type::tile(dtype, shape))
    }

    #[track_caller]
    pub fn zeros(&mut self, shape: &[usize], dtype: DType) -> Value {
        let value = if dtype == DType::Bool {
            ConstValue::Bool(false)
        } else if dtype.is_int() {
            ConstValue::Int(0)
        } else {
            ConstValue::Float(0.0)
        };
        self.constant(value, Type::tile(dtype, shape))
    }

    #[track_caller]
    pub fn iota(&mut self, shape: &[usize], dim: usize, dtype: DType) -> Value {
        self.push1(
            OpKind::Iota {
                ty: Type::tile(dtype, shape),
                dim,
            },
            Location::caller(),
        )
    }

    #[track_caller]
    pub fn unary(&mut self, op: UnaryOp, x: Value) -> Value {
        self.push1(OpKind::Unary { op, x }, Location::caller())
    }

    unary_methods!(neg => Neg, abs => Abs, exp => Exp, exp2 => Exp2, log => Log, sqrt => Sqrt, rsqrt => Rsqrt, not => Not);

    /// Broadcasts a rank-0 operand to the other operand's shape.
    #[track_caller]
    fn splat_pair(&mut self, lhs: Value, rhs: Value) -> (Value, Value) {
        let (a, b) = (self.ty(lhs).clone(), self.ty(rhs).clone());
        if a.is_scalar() && !b.is_scalar() {
            (self.broadcast(lhs, &b.shape, &[]), rhs)
        } else if b.is_scalar() && !a.is_scalar() {
            (lhs, self.broadcast(rhs, &a.shape, &[]))
        } else {
            (lhs, rhs)
        }
    }

    #[track_caller]
    pub fn binary(&mut self, op: BinaryOp, lhs: Value, rhs: Value) -> Value {
        let (lhs, rhs) = self.splat_pair(lhs, rhs);
        self.push1(OpKind::Binary { op, lhs, rhs }, Location::caller())
    }

    binary_methods!(add => Add, sub => Sub, mul => Mul, div => Div, rem => Rem, max => Max, min => Min, and => And, or => Or, xor => Xor, shl => Shl, shr => Shr);

    #[track_caller]
    pub fn compare(&mut self, op: CmpOp, lhs: Value, rhs: Value) -> Value {
        let (lhs, rhs) = self.splat_pair(lhs, rhs);
        self.push1(OpKind::Compare { op, lhs, rhs }, Location::caller())
    }

    compare_methods!(lt => Lt, le => Le, gt => Gt, ge => Ge, eq => Eq, ne => Ne);

    /// `cond ? on_true : on_false`; rank-0 values are broadcast to `cond`'s shape.
    #[track_caller]
    pub fn select(&mut self, cond: Value, on_true: Value, on_false: Value) -> Value {
        let shape = self.ty(cond).shape.clone();
        let fit = |b: &mut Self, v: Value| {
            if b.ty(v).is_scalar() && !shape.is_empty() {
                b.broadcast(v, &shape, &[])
            } else {
                v
            }
        };
        let (on_true, on_false) = (fit(self, on_true), fit(self, on_false));
        self.push1(
            OpKind::Select {
                cond,
                on_true,
                on_false,
            },
            Location::caller(),
        )
    }

    #[track_caller]
    pub fn cast(&mut self, x: Value, to: DType) -> Value {
        self.push1(OpKind::Cast { x, to }, Location::caller())
    }

    /// Reinterprets the bits of `x` as `to` (a dtype of the same width).
    #[track_caller]
    pub fn bitcast(&mut self, x: Value, to: DType) -> Value {
        self.push1(OpKind::Bitcast { x, to }, Location::caller())
    }

    /// `stablehlo.broadcast_in_dim`: operand axis `i` becomes axis `dims[i]`.
    #[track_caller]
    pub fn broadcast(&mut self, x: Value, shape: &[usize], dims: &[usize]) -> Value {
        self.push1(
            OpKind::Broadcast {
                x,
                shape: shape.to_vec(),
                dims: dims.to_vec(),
            },
            Location::caller(),
        )
    }

    /// `[M] -> [M, n]`: each row repeats the element (a column vector).
    #[track_caller]
    pub fn expand_col(&mut self, x: Value, n: usize) -> Value {
        let m = self.ty(x).shape.first().copied().unwrap_or(1);
        self.broadcast(x, &[m, n], &[0])
    }

    /// `[N] -> [m, N]`: each row is a copy of `x`.
    #[track_caller]
    pub fn expand_row(&mut self, x: Value, m: usize) -> Value {
        let n = self.ty(x).shape.first().copied().unwrap_or(1);
        self.broadcast(x, &[m, n], &[1])
    }

    #[track_caller]
    pub fn reduce(&mut self, op: ReduceOp, x: Value, axis: usize) -> Value {
        self.push1(OpKind::Reduce { op, x, axis }, Location::caller())
    }

    #[track_caller]
    pub fn sum(&mut self, x: Value, axis: usize) -> Value {
        self.reduce(ReduceOp::Sum, x, axis)
    }

    #[track_caller]
    pub fn reduce_max(&mut self, x: Value, axis: usize) -> Value {
        self.reduce(ReduceOp::Max, x, axis)
    }

    #[track_caller]
    pub fn reduce_min(&mut self, x: Value, axis: usize) -> Value {
        self.reduce(ReduceOp::Min, x, axis)
    }

    #[track_caller]
    pub fn dot(&mut self, lhs: Value, rhs: Value) -> Value {
        self.push1(OpKind::Dot { lhs, rhs }, Location::caller())
    }

    #[track_caller]
    pub fn transpose(&mut self, x: Value, perm: &[usize]) -> Value {
        self.push1(
            OpKind::Transpose {
                x,
                perm: perm.to_vec(),
            },
            Location::caller(),
        )
    }

    /// Swaps the two axes of a rank-2 tile.
    #[track_caller]
    pub fn t(&mut self, x: Value) -> Value {
        self.transpose(x, &[1, 0])
    }

    #[track_caller]
    pub fn reshape(&mut self, x: Value, shape: &[usize]) -> Value {
        self.push1(
            OpKind::Reshape {
                x,
                shape: shape.to_vec(),
            },
            Location::caller(),
        )
    }

    #[track_caller]
    pub fn prefetch_read(&mut self, array: PrefetchId, indices: &[Value]) -> Value {
        self.push1(
            OpKind::PrefetchRead {
                array,
                indices: indices.to_vec(),
            },
            Location::caller(),
        )
    }

    #[track_caller]
    pub fn load(&mut self, src: RefId, indices: &[Index]) -> Value {
        self.push1(
            OpKind::Load {
                src,
                indices: indices.to_vec(),
                mask: None,
                other: ConstValue::Int(0),
            },
            Location::caller(),
        )
    }

    /// A load whose masked-off elements read `other` and are never accessed.
    #[track_caller]
    pub fn load_masked(
        &mut self,
        src: RefId,
        indices: &[Index],
        mask: Value,
        other: ConstValue,
    ) -> Value {
        self.push1(
            OpKind::Load {
                src,
                indices: indices.to_vec(),
                mask: Some(mask),
                other,
            },
            Location::caller(),
        )
    }

    #[track_caller]
    pub fn store(&mut self, dst: RefId, indices: &[Index], value: Value) {
        self.push(
            OpKind::Store {
                dst,
                indices: indices.to_vec(),
                value,
                mask: None,
            },
            Location::caller(),
        );
    }

    #[track_caller]
    pub fn store_masked(&mut self, dst: RefId, indices: &[Index], value: Value, mask: Value) {
        self.push(
            OpKind::Store {
                dst,
                indices: indices.to_vec(),
                value,
                mask: Some(mask),
            },
            Location::caller(),
        );
    }

    /// `for iv in lower..upper` carrying `init`; `body` gets the induction
    /// variable and the carried values and returns their next values.
    #[track_caller]
    pub fn for_loop(
        &mut self,
        lower: Value,
        upper: Value,
        init: &[Value],
        body: impl FnOnce(&mut Self, Value, &[Value]) -> Vec<Value>,
    ) -> Vec<Value> {
        self.for_loop_with(lower, upper, 1, None, init, body)
    }

    /// A loop whose device-memory loads are issued `stages - 1` iterations ahead.
    #[track_caller]
    pub fn pipeline(
        &mut self,
        lower: Value,
        upper: Value,
        stages: u32,
        init: &[Value],
        body: impl FnOnce(&mut Self, Value, &[Value]) -> Vec<Value>,
    ) -> Vec<Value> {
        self.for_loop_with(lower, upper, 1, Some(stages), init, body)
    }

    #[track_caller]
    pub fn for_loop_with(
        &mut self,
        lower: Value,
        upper: Value,
        step: u32,
        stages: Option<u32>,
        init: &[Value],
        body: impl FnOnce(&mut Self, Value, &[Value]) -> Vec<Value>,
    ) -> Vec<Value> {
        use crate::ir::ValueDef;
        let location = Location::caller();
        let mut args =
            vec![self.new_value(Type::scalar(DType::I32), ValueDef::RegionArg { index: 0 })];
        for (i, &v) in init.iter().enumerate() {
            let ty = self.ty(v).clone();
            let arg = self.new_value(
                ty,
                ValueDef::RegionArg {
                    index: i as u32 + 1,
                },
            );
            if let Some(name) = self.k.value(v).name.clone() {
                self.set_name(arg, &name);
            }
            args.push(arg);
        }
        let region = self.with_region(args, |b, args| body(b, args[0], &args[1..]));
        let results = self.push(
            OpKind::For {
                lower,
                upper,
                step,
                init: init.to_vec(),
                body: region,
                stages,
            },
            location,
        );
        // A loop's results are the final values of the carried variables.
        for (&r, &v) in results.iter().zip(init) {
            if let Some(name) = self.k.value(v).name.clone() {
                self.set_name(r, &name);
            }
        }
        results
    }

    /// `if cond { then } else { otherwise }`, each branch yielding the results.
    #[track_caller]
    pub fn if_else(
        &mut self,
        cond: Value,
        then_branch: impl FnOnce(&mut Self) -> Vec<Value>,
        else_branch: impl FnOnce(&mut Self) -> Vec<Value>,
    ) -> Vec<Value> {
        let location = Location::caller();
        let then_region = self.with_region(Vec::new(), |b, _| then_branch(b));
        let else_region = self.with_region(Vec::new(), |b, _| else_branch(b));
        self.push(
            OpKind::If {
                cond,
                then_region,
                else_region,
            },
            location,
        )
    }
}
