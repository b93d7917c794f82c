//! The op set of the tile IR.

use super::{PrefetchId, RefId, Region, Type, Value};
use crate::DType;

/// A compile-time constant splatted over a tile.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum ConstValue {
    Float(f64),
    Int(i64),
    Bool(bool),
}

impl ConstValue {
    /// The value as an f64 (exact for every constant; bools as 0/1).
    pub fn as_f64(self) -> f64 {
        match self {
            ConstValue::Float(x) => x,
            ConstValue::Int(x) => x as f64,
            ConstValue::Bool(b) => b as u8 as f64,
        }
    }

    /// The value as an f32 (bools as 0/1).
    pub fn as_f32(self) -> f32 {
        match self {
            ConstValue::Float(x) => x as f32,
            ConstValue::Int(x) => x as f32,
            ConstValue::Bool(b) => b as u8 as f32,
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Neg,
    Abs,
    Exp,
    Exp2,
    Log,
    Sqrt,
    Rsqrt,
    /// Logical not on bool, bitwise not on integers.
    Not,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    /// Float division, or i32 division truncating toward zero.
    Div,
    /// Remainder with the sign of the dividend (i32 and float).
    Rem,
    /// NaN-propagating maximum (like `stablehlo.maximum`).
    Max,
    /// NaN-propagating minimum.
    Min,
    /// Logical on bool, bitwise on integers.
    And,
    Or,
    Xor,
    /// Shift left on integers; shifting by the width or more gives 0. The
    /// amount is read as unsigned (a negative amount is a huge shift).
    Shl,
    /// Shift right on integers: logical for unsigned dtypes, arithmetic for
    /// signed ones; shifting by the width or more gives 0 (or -1 for a
    /// negative signed value). The amount is read as unsigned.
    Shr,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ReduceOp {
    Sum,
    Max,
    Min,
}

/// How one dimension of a ref is indexed by a load or store.
#[derive(Clone, Debug, PartialEq)]
pub enum Index {
    /// A single position; the dimension is dropped from the tile.
    Point(Value),
    /// `len` positions starting at a dynamic `start`.
    Slice { start: Value, len: usize },
    /// The whole dimension (`..`).
    Full,
}

#[derive(Clone, Debug)]
pub enum OpKind {
    /// The program's coordinate along a grid axis (i32 scalar).
    ProgramId {
        axis: usize,
    },
    /// A constant splatted over `ty`.
    Constant {
        value: ConstValue,
        ty: Type,
    },
    /// `ty` filled with its coordinate along `dim` (i32 or float).
    Iota {
        ty: Type,
        dim: usize,
    },
    Unary {
        op: UnaryOp,
        x: Value,
    },
    /// Elementwise on operands of identical type.
    Binary {
        op: BinaryOp,
        lhs: Value,
        rhs: Value,
    },
    /// Elementwise comparison; result is bool of the operands' shape.
    Compare {
        op: CmpOp,
        lhs: Value,
        rhs: Value,
    },
    /// `cond ? on_true : on_false` elementwise; cond is bool of the same shape.
    Select {
        cond: Value,
        on_true: Value,
        on_false: Value,
    },
    /// Dtype conversion; floats round to nearest even, floats to i32 truncate
    /// toward zero and saturate (NaN gives 0).
    Cast {
        x: Value,
        to: DType,
    },
    /// Reinterprets the bits of each element as `to`, a dtype of the same
    /// width (f32 <-> i32, bf16/f16 <-> u16, fp8 <-> i8/u8, i8 <-> u8).
    Bitcast {
        x: Value,
        to: DType,
    },
    /// Broadcast into `shape`; operand axis `i` becomes result axis `dims[i]`
    /// (as `stablehlo.broadcast_in_dim`). Operand extents are 1 or equal.
    Broadcast {
        x: Value,
        shape: Vec<usize>,
        dims: Vec<usize>,
    },
    /// Reduction along `axis`, which is removed from the shape.
    Reduce {
        op: ReduceOp,
        x: Value,
        axis: usize,
    },
    /// `[M, K] x [K, N] -> f32[M, N]`, operands of one float dtype,
    /// accumulated in f32.
    Dot {
        lhs: Value,
        rhs: Value,
    },
    /// Permutes axes: result axis `i` is operand axis `perm[i]`.
    Transpose {
        x: Value,
        perm: Vec<usize>,
    },
    /// Row-major reshape to a shape with the same element count.
    Reshape {
        x: Value,
        shape: Vec<usize>,
    },
    /// Reads one i32 of a prefetch array.
    PrefetchRead {
        array: PrefetchId,
        indices: Vec<Value>,
    },
    /// Reads a tile of a ref. Masked-off elements read `other` and are
    /// neither bounds-checked nor touched.
    Load {
        src: RefId,
        indices: Vec<Index>,
        mask: Option<Value>,
        other: ConstValue,
    },
    /// Writes a tile into a ref; masked-off elements are left alone.
    Store {
        dst: RefId,
        indices: Vec<Index>,
        value: Value,
        mask: Option<Value>,
    },
    /// `for iv in (lower..upper).step_by(step)` with carried values. The body's
    /// arguments are `[iv, carried...]`, its yields the next carried values;
    /// the op's results are the final carried values. With `stages = Some(s)`
    /// device-memory loads at the top level of the body are issued `s - 1`
    /// iterations ahead (double buffering at s = 2).
    For {
        lower: Value,
        upper: Value,
        step: u32,
        init: Vec<Value>,
        body: Region,
        stages: Option<u32>,
    },
    /// Runs one region depending on a bool scalar; both yield the results.
    If {
        cond: Value,
        then_region: Region,
        else_region: Region,
    },
}

impl OpKind {
    /// The op's mnemonic in the printed IR.
    pub fn mnemonic(&self) -> &'static str {
        match self {
            OpKind::ProgramId { .. } => "program_id",
            OpKind::Constant { .. } => "const",
            OpKind::Iota { .. } => "iota",
            OpKind::Unary { op, .. } => match op {
                UnaryOp::Neg => "neg",
                UnaryOp::Abs => "abs",
                UnaryOp::Exp => "exp",
                UnaryOp::Exp2 => "exp2",
                UnaryOp::Log => "log",
                UnaryOp::Sqrt => "sqrt",
                UnaryOp::Rsqrt => "rsqrt",
                UnaryOp::Not => "not",
            },
            OpKind::Binary { op, .. } => match op {
                BinaryOp::Add => "add",
                BinaryOp::Sub => "sub",
                BinaryOp::Mul => "mul",
                BinaryOp::Div => "div",
                BinaryOp::Rem => "rem",
                BinaryOp::Max => "max",
                BinaryOp::Min => "min",
                BinaryOp::And => "and",
                BinaryOp::Or => "or",
                BinaryOp::Xor => "xor",
                BinaryOp::Shl => "shl",
                BinaryOp::Shr => "shr",
            },
            OpKind::Compare { op, .. } => match op {
                CmpOp::Lt => "cmp.lt",
                CmpOp::Le => "cmp.le",
                CmpOp::Gt => "cmp.gt",
                CmpOp::Ge => "cmp.ge",
                CmpOp::Eq => "cmp.eq",
                CmpOp::Ne => "cmp.ne",
            },
            OpKind::Select { .. } => "select",
            OpKind::Cast { .. } => "cast",
            OpKind::Bitcast { .. } => "bitcast",
            OpKind::Broadcast { .. } => "broadcast",
            OpKind::Reduce { op, .. } => match op {
                ReduceOp::Sum => "reduce.sum",
                ReduceOp::Max => "reduce.max",
                ReduceOp::Min => "reduce.min",
            },
            OpKind::Dot { .. } => "dot",
            OpKind::Transpose { .. } => "transpose",
            OpKind::Reshape { .. } => "reshape",
            OpKind::PrefetchRead { .. } => "prefetch.read",
            OpKind::Load { .. } => "load",
            OpKind::Store { .. } => "store",
            OpKind::For { .. } => "for",
            OpKind::If { .. } => "if",
        }
    }

    /// Every value the op reads directly (not those read inside its regions).
    pub fn operands(&self) -> Vec<Value> {
        fn idx(out: &mut Vec<Value>, indices: &[Index]) {
            for i in indices {
                match i {
                    Index::Point(v) | Index::Slice { start: v, .. } => out.push(*v),
                    Index::Full => {}
                }
            }
        }
        let mut out = Vec::new();
        match self {
            OpKind::ProgramId { .. } | OpKind::Constant { .. } | OpKind::Iota { .. } => {}
            OpKind::Unary { x, .. }
            | OpKind::Cast { x, .. }
            | OpKind::Bitcast { x, .. }
            | OpKind::Broadcast { x, .. }
            | OpKind::Reduce { x, .. }
            | OpKind::Transpose { x, .. }
            | OpKind::Reshape { x, .. } => out.push(*x),
            OpKind::Binary { lhs, rhs, .. }
            | OpKind::Compare { lhs, rhs, .. }
            | OpKind::Dot { lhs, rhs } => out.extend([*lhs, *rhs]),
            OpKind::Select {
                cond,
                on_true,
                on_false,
            } => out.extend([*cond, *on_true, *on_false]),
            OpKind::PrefetchRead { indices, .. } => out.extend(indices.iter().copied()),
            OpKind::Load { indices, mask, .. } => {
                idx(&mut out, indices);
                out.extend(mask.iter().copied());
            }
            OpKind::Store {
                indices,
                value,
                mask,
                ..
            } => {
                idx(&mut out, indices);
                out.push(*value);
                out.extend(mask.iter().copied());
            }
            OpKind::For {
                lower, upper, init, ..
            } => {
                out.extend([*lower, *upper]);
                out.extend(init.iter().copied());
            }
            OpKind::If { cond, .. } => out.push(*cond),
        }
        out
    }

    /// The regions the op owns.
    pub fn regions(&self) -> Vec<&Region> {
        match self {
            OpKind::For { body, .. } => vec![body],
            OpKind::If {
                then_region,
                else_region,
                ..
            } => vec![then_region, else_region],
            _ => Vec::new(),
        }
    }

    /// Whether the op has no effect besides its results (no memory access
    /// except reading prefetch arrays, no regions).
    pub fn is_pure(&self) -> bool {
        !matches!(
            self,
            OpKind::Load { .. } | OpKind::Store { .. } | OpKind::For { .. } | OpKind::If { .. }
        )
    }
}
