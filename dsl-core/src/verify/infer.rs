//! Result-type inference for every op: the single definition of what each op
//! accepts. The builder calls it to give results their types; the verifier
//! calls it again to check IR however it was built.

use super::error::{ErrorKind as K, TypeError};
use crate::ir::{BinaryOp, CmpOp, ConstValue, Index, Kernel, OpKind, Region, Type, UnaryOp, Value};
use crate::DType;

type R<T> = Result<T, TypeError>;

fn err<T>(kind: K, msg: impl Into<String>) -> R<T> {
    Err(TypeError::new(kind, msg))
}

/// Infers the result types of `kind` in kernel `k` (whose values, refs and
/// prefetch arrays it reads). Region arguments and yields must already exist.
pub fn infer(k: &Kernel, kind: &OpKind) -> R<Vec<Type>> {
    let ty = |v: Value| k.ty(v).clone();
    Ok(match kind {
        OpKind::ProgramId { axis } => {
            if *axis >= k.grid.len() {
                return err(
                    K::BadAxis,
                    format!("program_id({axis}) but the grid has {} axes", k.grid.len()),
                );
            }
            vec![Type::scalar(DType::I32)]
        }
        OpKind::Constant { value, ty } => {
            check_const_fits(*value, ty.dtype)?;
            vec![ty.clone()]
        }
        OpKind::Iota { ty, dim } => {
            if *dim >= ty.rank() {
                return err(
                    K::BadAxis,
                    format!("iota along dim {dim} of a rank-{} tile", ty.rank()),
                );
            }
            if !(ty.dtype.is_arith_float() || ty.dtype == DType::I32) {
                return err(
                    K::BadOperand,
                    format!("iota of {}; use i32, bf16, f16 or f32 and cast", ty.dtype),
                );
            }
            vec![ty.clone()]
        }
        OpKind::Unary { op, x } => {
            let t = ty(*x);
            storage_only(t.dtype, kind)?;
            let ok = match op {
                UnaryOp::Neg | UnaryOp::Abs => t.dtype.is_float() || t.dtype.is_int(),
                UnaryOp::Not => t.dtype == DType::Bool || t.dtype.is_int(),
                _ => t.dtype.is_float(),
            };
            if !ok {
                return err(
                    K::BadOperand,
                    format!(
                        "`{}` is not defined on {}; cast to a float dtype first",
                        kind.mnemonic(),
                        t.dtype
                    ),
                );
            }
            vec![t]
        }
        OpKind::Binary { op, lhs, rhs } => {
            let (a, b) = (ty(*lhs), ty(*rhs));
            same_type(&a, &b)?;
            storage_only(a.dtype, kind)?;
            let ok = match op {
                BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => {
                    a.dtype == DType::Bool || a.dtype.is_int()
                }
                BinaryOp::Shl | BinaryOp::Shr => a.dtype.is_int(),
                _ => a.dtype.is_float() || a.dtype.is_int(),
            };
            if !ok {
                let hint = match op {
                    BinaryOp::Shl | BinaryOp::Shr if a.dtype.is_float() => {
                        "; shifts are defined on integer tiles (bitcast the float to an integer of its width first)"
                    }
                    BinaryOp::And | BinaryOp::Or | BinaryOp::Xor if a.dtype.is_float() => {
                        "; bitwise ops are defined on integer and bool tiles (bitcast first)"
                    }
                    _ => "",
                };
                return err(
                    K::BadOperand,
                    format!("`{}` is not defined on {}{hint}", kind.mnemonic(), a.dtype),
                );
            }
            vec![a]
        }
        OpKind::Compare { op, lhs, rhs } => {
            let (a, b) = (ty(*lhs), ty(*rhs));
            same_type(&a, &b)?;
            storage_only(a.dtype, kind)?;
            if a.dtype == DType::Bool && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                return err(
                    K::BadOperand,
                    "ordering comparisons are not defined on bool",
                );
            }
            vec![a.with_dtype(DType::Bool)]
        }
        OpKind::Select {
            cond,
            on_true,
            on_false,
        } => {
            let (c, a, b) = (ty(*cond), ty(*on_true), ty(*on_false));
            if c.dtype != DType::Bool {
                return err(
                    K::BadOperand,
                    format!("select condition is {c}, expected bool"),
                );
            }
            same_type(&a, &b)?;
            if c.shape != a.shape {
                return err(
                    K::ShapeMismatch,
                    format!(
                        "select condition has shape {:?} but the values have {:?}",
                        c.shape, a.shape
                    ),
                );
            }
            vec![a]
        }
        OpKind::Cast { x, to } => vec![ty(*x).with_dtype(*to)],
        OpKind::Bitcast { x, to } => {
            let t = ty(*x);
            if t.dtype == DType::Bool || *to == DType::Bool {
                return err(
                    K::BadOperand,
                    format!(
                        "bitcast of {} to {}: bool has no defined bit pattern; use `cast`",
                        t.dtype, to
                    ),
                );
            }
            if t.dtype.bits() != to.bits() {
                return err(
                    K::BadOperand,
                    format!(
                        "bitcast of {} ({} bits) to {} ({} bits): the widths differ; bitcast between types of one width, and `cast` to change the width",
                        t.dtype,
                        t.dtype.bits(),
                        to,
                        to.bits()
                    ),
                );
            }
            vec![t.with_dtype(*to)]
        }
        OpKind::Broadcast { x, shape, dims } => {
            let t = ty(*x);
            if dims.len() != t.rank() {
                return err(
                    K::BadAxis,
                    format!(
                        "broadcast maps {} dims but the operand has rank {}",
                        dims.len(),
                        t.rank()
                    ),
                );
            }
            for (i, &d) in dims.iter().enumerate() {
                if d >= shape.len() || (i > 0 && d <= dims[i - 1]) {
                    return err(
                        K::BadAxis,
                        format!(
                            "broadcast dims {dims:?} must increase and be < {}",
                            shape.len()
                        ),
                    );
                }
                if t.shape[i] != 1 && t.shape[i] != shape[d] {
                    return err(
                        K::ShapeMismatch,
                        format!("cannot broadcast {:?} to {:?}: operand dim {i} is {}, target dim {d} is {}", t.shape, shape, t.shape[i], shape[d]),
                    );
                }
            }
            vec![Type::tile(t.dtype, shape)]
        }
        OpKind::Reduce { x, axis, .. } => {
            let t = ty(*x);
            if *axis >= t.rank() {
                return err(
                    K::BadAxis,
                    format!("reduce along axis {axis} of a rank-{} tile", t.rank()),
                );
            }
            storage_only(t.dtype, kind)?;
            if !(t.dtype.is_float() || t.dtype.is_int()) {
                return err(
                    K::BadOperand,
                    format!("`{}` is not defined on {}", kind.mnemonic(), t.dtype),
                );
            }
            let mut shape = t.shape.clone();
            shape.remove(*axis);
            vec![Type::tile(t.dtype, &shape)]
        }
        OpKind::Dot { lhs, rhs } => {
            let (a, b) = (ty(*lhs), ty(*rhs));
            if a.rank() != 2 || b.rank() != 2 {
                return err(
                    K::BadOperand,
                    format!("dot needs rank-2 tiles, got {a} and {b}"),
                );
            }
            if a.dtype != b.dtype {
                return err(
                    K::DTypeMismatch,
                    format!(
                        "dot operands are {} and {}; cast one so both match",
                        a.dtype, b.dtype
                    ),
                );
            }
            if !a.dtype.is_arith_float() {
                return err(
                    K::BadOperand,
                    format!(
                        "dot is defined on bf16, f16 and f32, not {}; cast the operands first",
                        a.dtype
                    ),
                );
            }
            if a.shape[1] != b.shape[0] {
                return err(
                    K::ShapeMismatch,
                    format!("dot of {a} and {b}: inner dimensions {} and {} differ (transpose with `.t()`?)", a.shape[1], b.shape[0]),
                );
            }
            vec![Type::tile(DType::F32, &[a.shape[0], b.shape[1]])]
        }
        OpKind::Transpose { x, perm } => {
            let t = ty(*x);
            let mut seen = vec![false; t.rank()];
            if perm.len() != t.rank()
                || perm
                    .iter()
                    .any(|&p| p >= t.rank() || std::mem::replace(&mut seen[p], true))
            {
                return err(
                    K::BadAxis,
                    format!(
                        "{perm:?} is not a permutation of the {} axes of {t}",
                        t.rank()
                    ),
                );
            }
            let shape: Vec<usize> = perm.iter().map(|&p| t.shape[p]).collect();
            vec![Type::tile(t.dtype, &shape)]
        }
        OpKind::Reshape { x, shape } => {
            let t = ty(*x);
            if shape.iter().product::<usize>() != t.num_elements() {
                return err(
                    K::ShapeMismatch,
                    format!(
                        "cannot reshape {t} ({} elements) to {shape:?}",
                        t.num_elements()
                    ),
                );
            }
            vec![Type::tile(t.dtype, shape)]
        }
        OpKind::PrefetchRead { array, indices } => {
            let decl = k.prefetch_decl(*array);
            if indices.len() != decl.shape.len() {
                return err(
                    K::IndexCount,
                    format!(
                        "prefetch array `{}` has rank {} but {} indices were given",
                        decl.name,
                        decl.shape.len(),
                        indices.len()
                    ),
                );
            }
            for &i in indices {
                index_scalar(k, i, &decl.name)?;
            }
            vec![Type::scalar(DType::I32)]
        }
        OpKind::Load {
            src,
            indices,
            mask,
            other,
        } => {
            let decl = k.ref_decl(*src);
            let tile = indexed_tile(k, &decl.name, decl.view_shape(), indices)?;
            check_mask(k, *mask, &tile)?;
            // `other` only matters (and is only checked) under a mask.
            if mask.is_some() {
                check_const_fits(*other, decl.dtype)?;
            }
            vec![Type::tile(decl.dtype, &tile)]
        }
        OpKind::Store {
            dst,
            indices,
            value,
            mask,
        } => {
            let decl = k.ref_decl(*dst);
            if !decl.kind.is_writable() {
                return err(
                    K::StoreToInput,
                    format!("`{}` is an input ref and cannot be stored to; declare it as an output or in/out", decl.name),
                );
            }
            let tile = indexed_tile(k, &decl.name, decl.view_shape(), indices)?;
            let v = ty(*value);
            if v.dtype != decl.dtype {
                return err(
                    K::DTypeMismatch,
                    format!(
                        "storing {} into `{}` of {}; cast the value first",
                        v.dtype, decl.name, decl.dtype
                    ),
                );
            }
            if v.shape != tile {
                return err(
                    K::ShapeMismatch,
                    format!(
                        "storing a {v} tile into a {:?} window of `{}`",
                        tile, decl.name
                    ),
                );
            }
            check_mask(k, *mask, &tile)?;
            vec![]
        }
        OpKind::For {
            lower,
            upper,
            step,
            init,
            body,
            stages,
        } => {
            for (what, v) in [("lower bound", lower), ("upper bound", upper)] {
                if ty(*v) != Type::scalar(DType::I32) {
                    return err(
                        K::BadOperand,
                        format!("loop {what} is {}, expected an i32 scalar", ty(*v)),
                    );
                }
            }
            if *step == 0 {
                return err(K::BadLoop, "loop step must be at least 1");
            }
            if *stages == Some(0) {
                return err(
                    K::BadLoop,
                    "pipeline depth must be at least 1 (1 = no prefetch, 2 = double buffering)",
                );
            }
            if body.args.len() != init.len() + 1 || ty(body.args[0]) != Type::scalar(DType::I32) {
                return err(K::BadLoop, "loop body must take the i32 induction variable and one argument per carried value");
            }
            let init_types: Vec<Type> = init.iter().map(|&v| ty(v)).collect();
            for (i, t) in init_types.iter().enumerate() {
                if ty(body.args[i + 1]) != *t {
                    return err(
                        K::CarriedTypeChanged,
                        format!(
                            "carried value #{i} starts as {t} but the body argument is {}",
                            ty(body.args[i + 1])
                        ),
                    );
                }
            }
            check_yields(
                k,
                body,
                &init_types,
                &body.args[1..],
                "loop",
                K::CarriedTypeChanged,
            )?;
            init_types
        }
        OpKind::If {
            cond,
            then_region,
            else_region,
        } => {
            if ty(*cond) != Type::scalar(DType::Bool) {
                return err(
                    K::BadOperand,
                    format!("if condition is {}, expected a bool scalar", ty(*cond)),
                );
            }
            let then_types: Vec<Type> = then_region.yields.iter().map(|&v| ty(v)).collect();
            check_yields(
                k,
                else_region,
                &then_types,
                &then_region.yields,
                "else branch",
                K::BranchTypeMismatch,
            )?;
            then_types
        }
    })
}

/// Checks that `r` yields values of `expected` types; `named` holds the
/// values whose source names identify each position in messages.
fn check_yields(
    k: &Kernel,
    r: &Region,
    expected: &[Type],
    named: &[Value],
    what: &str,
    kind: K,
) -> R<()> {
    if r.yields.len() != expected.len() {
        return err(
            kind,
            format!(
                "{what} yields {} values, expected {}",
                r.yields.len(),
                expected.len()
            ),
        );
    }
    for (i, (&v, t)) in r.yields.iter().zip(expected).enumerate() {
        if k.ty(v) != t {
            let name = named
                .get(i)
                .and_then(|&n| k.value(n).name.clone())
                .or_else(|| k.value(v).name.clone())
                .map(|n| format!(" `{n}`"))
                .unwrap_or_default();
            return err(
                kind,
                format!("{what} yields {} for value #{i}{name}, which was {t}; a carried or yielded value must keep its shape and dtype", k.ty(v)),
            );
        }
    }
    Ok(())
}

/// fp8 tiles are storage: they are loaded, stored, moved, cast and
/// bitcast, and every computation happens after a cast to a wider float.
fn storage_only(dtype: DType, kind: &OpKind) -> R<()> {
    if dtype.is_fp8() {
        return err(
            K::BadOperand,
            format!(
                "`{}` is not defined on {dtype}, a storage type; cast to f32 (or bf16/f16) first",
                kind.mnemonic()
            ),
        );
    }
    Ok(())
}

fn same_type(a: &Type, b: &Type) -> R<()> {
    if a.dtype != b.dtype {
        return err(
            K::DTypeMismatch,
            format!(
                "operands are {} and {}; insert a cast (e.g. `.to_f32()`) so both match",
                a.dtype, b.dtype
            ),
        );
    }
    if a.shape != b.shape {
        return err(
            K::ShapeMismatch,
            format!(
                "operand shapes {:?} and {:?} differ; broadcast one explicitly",
                a.shape, b.shape
            ),
        );
    }
    Ok(())
}

fn check_const_fits(value: ConstValue, dtype: DType) -> R<()> {
    let ok = match value {
        ConstValue::Float(_) => dtype.is_float(),
        ConstValue::Int(i) => {
            dtype.is_float()
                || dtype
                    .int_range()
                    .is_some_and(|(lo, hi)| (lo..=hi).contains(&i))
        }
        ConstValue::Bool(_) => dtype == DType::Bool,
    };
    if ok {
        Ok(())
    } else {
        err(
            K::BadOperand,
            format!("constant {value:?} does not fit {dtype}"),
        )
    }
}

fn index_scalar(k: &Kernel, v: Value, what: &str) -> R<()> {
    if *k.ty(v) != Type::scalar(DType::I32) {
        return err(
            K::BadOperand,
            format!("index into `{what}` is {}, expected an i32 scalar", k.ty(v)),
        );
    }
    Ok(())
}

/// The shape of the tile `indices` select from a ref view of `shape`.
fn indexed_tile(k: &Kernel, name: &str, shape: &[usize], indices: &[Index]) -> R<Vec<usize>> {
    if indices.len() != shape.len() {
        return err(
            K::IndexCount,
            format!("`{name}` has rank {} ({shape:?}) but {} indices were given; index every dimension (use `..` for a whole one)", shape.len(), indices.len()),
        );
    }
    let mut tile = Vec::new();
    for (d, (i, &extent)) in indices.iter().zip(shape).enumerate() {
        match i {
            Index::Point(v) => index_scalar(k, *v, name)?,
            Index::Slice { start, len } => {
                index_scalar(k, *start, name)?;
                if *len == 0 || *len > extent {
                    return err(
                        K::SliceOutOfBounds,
                        format!(
                            "slice of length {len} in dim {d} of `{name}` whose extent is {extent}"
                        ),
                    );
                }
                tile.push(*len);
            }
            Index::Full => tile.push(extent),
        }
    }
    Ok(tile)
}

fn check_mask(k: &Kernel, mask: Option<Value>, tile: &[usize]) -> R<()> {
    if let Some(m) = mask {
        let t = k.ty(m);
        if t.dtype != DType::Bool || t.shape != tile {
            return err(
                K::ShapeMismatch,
                format!("mask is {t} but the tile is bool{tile:?}"),
            );
        }
    }
    Ok(())
}
