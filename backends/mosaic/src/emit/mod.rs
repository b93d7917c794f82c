//! Emits the Mosaic body: one `stable_mosaic.func.func` for the kernel plus
//! one per window transform, every op in the serialized generic form.
//!
//! An [`Emitter`] writes one function. It maps each tilekit value to an SSA
//! name (scalars are MLIR scalars, tiles `vector`s of the same shape) and
//! records, for every line it writes, the tilekit op being lowered, so a
//! libtpu error naming a body line can name the op and its source line.
//! The op families live in `compute` (math, casts, shapes), `memory`
//! (loads, stores, DMAs) and `control` (loops, branches, pipelining);
//! `kernel` assembles the module.

mod compute;
mod control;

mod memory;
mod narrow;
mod shape;
mod windows;

pub mod kernel;
pub use kernel::emit_module;

use crate::error::MosaicError;
use crate::mlir;
use crate::plan::Plan;
use std::collections::HashMap;
use tilekit_core::ir::{ConstValue, Kernel, OpId, OpKind, Region, Value};
use tilekit_core::{DType, VerifiedKernel};

/// The memrefs a function's body reaches.
#[derive(Clone, Debug, Default)]
pub(crate) struct Args {
    /// Per ref: the memref loads and stores use.
    pub refs: Vec<Option<String>>,
    /// Per prefetch array, then per scalar parameter: its SMEM memref.
    pub prefetch: Vec<String>,
    /// Per staging buffer: the buffer and its semaphore(s).
    pub staging: Vec<(String, String)>,
    /// Grid program ids (i32).
    pub program_ids: Vec<String>,
}

pub(crate) struct Emitter<'k> {
    pub k: &'k Kernel,
    pub vk: &'k VerifiedKernel,
    pub plan: &'k Plan,
    pub args: Args,
    lines: Vec<String>,
    line_ops: Vec<Option<OpId>>,
    indent: usize,
    next: usize,
    vals: HashMap<Value, String>,
    cur: Option<OpId>,
    /// The pipelined loops being emitted, innermost last, with the i32
    /// slot of the current iteration.
    pipes: Vec<(OpId, String)>,
    /// Constants already defined, per open region (innermost last), so
    /// each is written once where every later use can see it.
    consts: Vec<HashMap<String, String>>,
}

impl<'k> Emitter<'k> {
    pub fn new(vk: &'k VerifiedKernel, plan: &'k Plan, args: Args) -> Emitter<'k> {
        let k = vk.kernel();
        Emitter {
            k,
            vk,
            plan,
            args,
            lines: Vec::new(),
            line_ops: Vec::new(),
            indent: 2,
            next: 0,
            vals: HashMap::new(),
            cur: None,
            pipes: Vec::new(),
            consts: vec![HashMap::new()],
        }
    }

    /// The lines written so far, with the op each came from.
    pub fn finish(self) -> (Vec<String>, Vec<Option<OpId>>) {
        (self.lines, self.line_ops)
    }

    pub fn fresh(&mut self) -> String {
        self.next += 1;
        format!("%{}", self.next - 1)
    }

    pub fn line(&mut self, text: impl AsRef<str>) {
        self.lines
            .push(format!("{}{}", " ".repeat(self.indent), text.as_ref()));
        self.line_ops.push(self.cur);
    }

    /// Indents by `delta`; entering a region (a positive delta) opens a
    /// constant scope, leaving it closes one.
    pub fn nest(&mut self, delta: isize) {
        self.indent = self.indent.saturating_add_signed(delta);
        if delta > 0 {
            self.consts.push(HashMap::new());
        } else if delta < 0 && self.consts.len() > 1 {
            self.consts.pop();
        }
    }

    /// An `arith.constant` with `attr` of type `ty`, reusing a visible one.
    fn constant(&mut self, attr: String, ty: &str) -> String {
        let key = format!("{attr}|{ty}");
        if let Some(v) = self.consts.iter().rev().find_map(|s| s.get(&key)) {
            return v.clone();
        }
        let v = self.op("arith.constant", &[], &attr, &[], ty);
        if let Some(scope) = self.consts.last_mut() {
            scope.insert(key, v.clone());
        }
        v
    }

    /// `%r = "stable_mosaic.NAME"(operands) {attrs} : (in) -> out`.
    pub fn op(
        &mut self,
        name: &str,
        operands: &[&str],
        attrs: &str,
        ins: &[&str],
        out: &str,
    ) -> String {
        let r = self.fresh();
        let text = format!("{r} = {}", op_text(name, operands, attrs, ins, out));
        self.line(text);
        r
    }

    /// An op without results.
    pub fn op0(&mut self, name: &str, operands: &[&str], attrs: &str, ins: &[&str]) {
        let text = op_text(name, operands, attrs, ins, "()");
        self.line(text);
    }

    pub fn bind(&mut self, v: Value, ssa: String) {
        self.vals.insert(v, ssa);
    }

    pub fn get(&self, v: Value) -> Result<String, MosaicError> {
        self.vals.get(&v).cloned().ok_or_else(|| {
            MosaicError::unsupported(
                self.k,
                format!(
                    "internal: value %{} used before the Mosaic lowering defined it",
                    v.0
                ),
            )
        })
    }

    /// The MLIR type of a tilekit value as registers hold it ([`mlir::reg`]).
    pub fn ty(&self, v: Value) -> String {
        let t = self.k.ty(v);
        mlir::value_type(mlir::reg(t.dtype), &t.shape)
    }

    pub fn const_i32(&mut self, x: i64) -> String {
        self.constant(format!("value = {x} : i32"), "i32")
    }

    pub fn const_index(&mut self, x: i64) -> String {
        self.constant(format!("value = {x} : index"), "index")
    }

    /// A scalar or splat constant of `dtype` and `shape`, as registers hold
    /// it: a narrow integer wrapped to its width, an fp8 value rounded.
    pub fn splat(&mut self, value: ConstValue, dtype: DType, shape: &[usize]) -> String {
        let value = match dtype {
            DType::I8 | DType::U8 | DType::U16 => {
                ConstValue::Int(dtype.wrap_int(value.as_f64() as i64 as i32) as i64)
            }
            DType::F8E4M3 | DType::F8E5M2 => {
                ConstValue::Float(dtype.round_f64(value.as_f64()) as f64)
            }
            d => return self.splat_exact(value, d, shape),
        };
        self.splat_exact(value, mlir::reg(dtype), shape)
    }

    fn splat_exact(&mut self, value: ConstValue, dtype: DType, shape: &[usize]) -> String {
        let attr = format!("value = {}", mlir::constant_attr(value, dtype, shape));
        let ty = mlir::value_type(dtype, shape);
        self.constant(attr, &ty)
    }

    /// An i32 scalar as an `index` (one cast per value and scope).
    pub fn index_of(&mut self, i32_value: &str) -> String {
        let key = format!("index_cast {i32_value}");
        if let Some(v) = self.consts.iter().rev().find_map(|s| s.get(&key)) {
            return v.clone();
        }
        let v = self.op("arith.index_cast", &[i32_value], "", &["i32"], "index");
        if let Some(scope) = self.consts.last_mut() {
            scope.insert(key, v.clone());
        }
        v
    }

    pub fn region(&mut self, r: &Region) -> Result<(), MosaicError> {
        for &op in &r.ops {
            self.emit_op(op)?;
        }
        Ok(())
    }

    pub fn emit_op(&mut self, op: OpId) -> Result<(), MosaicError> {
        let saved = self.cur.replace(op);
        let result = self.emit_op_inner(op);
        self.cur = saved;
        result
    }

    fn emit_op_inner(&mut self, op: OpId) -> Result<(), MosaicError> {
        let data = self.k.op(op);
        match &data.kind {
            OpKind::Load { .. } => self.load(op),
            OpKind::Store { .. } => self.store(op),
            OpKind::For { .. } => self.for_loop(op),
            OpKind::If { .. } => self.if_op(op),
            _ => self.compute(op),
        }
    }

    pub fn unsupported(&self, op: OpId, message: impl Into<String>) -> MosaicError {
        MosaicError::unsupported_op(self.k, op, message)
    }

    /// Rebinds `iv` to `value` while `f` emits (the ops computing a load's
    /// address for a future iteration), then restores every value `f` bound.
    pub fn with_rebound<T>(
        &mut self,
        iv: Value,
        value: String,
        f: impl FnOnce(&mut Self) -> Result<T, MosaicError>,
    ) -> Result<T, MosaicError> {
        let saved = self.vals.clone();
        self.vals.insert(iv, value);
        let result = f(self);
        self.vals = saved;
        result
    }
}

fn op_text(name: &str, operands: &[&str], attrs: &str, ins: &[&str], out: &str) -> String {
    let attrs = if attrs.is_empty() {
        String::new()
    } else {
        format!(" {{{attrs}}}")
    };
    format!(
        "\"stable_mosaic.{name}\"({}){attrs} : ({}) -> {out}",
        operands.join(", "),
        ins.join(", ")
    )
}
