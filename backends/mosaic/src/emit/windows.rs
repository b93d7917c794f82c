//! Windowed outputs and in/out refs on their first visit. Mosaic's
//! pipeline fetches an input window when its block index changes between
//! consecutive programs and writes an output window back when it changes,
//! but never reads an output window in. So that a window holds what the
//! interpreter's memory would (outputs start zeroed; an in/out ref its
//! input), a program whose block index differs from the previous
//! program's (or the first program) fills the output window first: with
//! zeros, or with the in/out ref's input window. Consecutive programs on
//! the same block keep accumulating in it, as in Pallas. The fill is
//! skipped for an output the body overwrites whole, unmasked, at its top
//! level.

use super::Emitter;
use crate::error::MosaicError;
use crate::mlir::{self, Space};
use tilekit_core::ir::{ConstValue, Index, OpKind, RefId};
use tilekit_core::DType;

impl Emitter<'_> {
    /// The block indices `r`'s index map gives for grid point `ids`.
    fn block_index(&mut self, r: RefId, ids: &[String]) -> Result<Vec<String>, MosaicError> {
        let Some(spec) = self.k.ref_decl(r).block.clone() else {
            return Ok(Vec::new());
        };
        let saved = self.vals.clone();
        for (&v, id) in spec.index_map.args.iter().zip(ids) {
            self.bind(v, id.clone());
        }
        let result = self.region(&spec.index_map).and_then(|_| {
            spec.index_map
                .yields
                .iter()
                .map(|&y| self.get(y))
                .collect::<Result<Vec<_>, _>>()
        });
        self.vals = saved;
        result
    }

    /// True (i1) when this program is the first on its block of `r`.
    fn first_visit(&mut self, r: RefId) -> Result<String, MosaicError> {
        let ids = self.args.program_ids.clone();
        let grid = self.k.grid.clone();
        // The previous grid point in row-major order: decrement with borrow.
        let mut borrow = self.splat(ConstValue::Bool(true), DType::Bool, &[]);
        let mut prev = ids.clone();
        for axis in (0..ids.len()).rev() {
            let id = &ids[axis];
            let zero = self.const_i32(0);
            let one = self.const_i32(1);
            let last = self.const_i32(grid[axis] as i64 - 1);
            let is0 = self.op(
                "arith.cmpi",
                &[id, &zero],
                "predicate = 0 : i64",
                &["i32", "i32"],
                "i1",
            );
            let dec = self.op("arith.subi", &[id, &one], "", &["i32", "i32"], "i32");
            let wrapped = self.op(
                "arith.select",
                &[&is0, &last, &dec],
                "",
                &["i1", "i32", "i32"],
                "i32",
            );
            prev[axis] = self.op(
                "arith.select",
                &[&borrow, &wrapped, id],
                "",
                &["i1", "i32", "i32"],
                "i32",
            );
            borrow = self.op("arith.andi", &[&borrow, &is0], "", &["i1", "i1"], "i1");
        }
        let (now, before) = (self.block_index(r, &ids)?, self.block_index(r, &prev)?);
        let mut first = borrow;
        for (a, b) in now.iter().zip(&before) {
            let ne = self.op(
                "arith.cmpi",
                &[a, b],
                "predicate = 1 : i64",
                &["i32", "i32"],
                "i1",
            );
            first = self.op("arith.ori", &[&first, &ne], "", &["i1", "i1"], "i1");
        }
        Ok(first)
    }

    /// Whether the body's top level stores all of `r`'s window, unmasked.
    fn overwritten_whole(&self, r: RefId) -> bool {
        self.k.body.ops.iter().any(|&op| match &self.k.op(op).kind {
            OpKind::Store {
                dst, indices, mask, ..
            } => *dst == r && mask.is_none() && indices.iter().all(|i| *i == Index::Full),
            _ => false,
        })
    }

    /// Fills `r`'s output window on its block's first visit: from `input`
    /// (an in/out ref's input window) or with zeros.
    pub(super) fn init_window(&mut self, r: RefId, input: Option<&str>) -> Result<(), MosaicError> {
        if input.is_none() && self.overwritten_whole(r) {
            return Ok(());
        }
        let decl = self.k.ref_decl(r).clone();
        let block = decl.view_shape().to_vec();
        let out = self.args.refs[r.index()].clone().unwrap_or_default();
        let first = self.first_visit(r)?;
        self.line(format!("\"stable_mosaic.scf.if\"({first}) ({{"));
        self.nest(2);
        let zeros: Vec<String> = block.iter().map(|_| self.const_index(0)).collect();
        let (mt, vt) = (
            mlir::memref(decl.dtype, &block, Space::Vmem),
            mlir::value_type(decl.dtype, &block),
        );
        let value = match input {
            Some(src) => {
                let mut ops = vec![src];
                ops.extend(zeros.iter().map(|z| z.as_str()));
                let mut ins = vec![mt.as_str()];
                ins.extend(std::iter::repeat("index").take(zeros.len()));
                self.op("vector.load", &ops, "", &ins, &vt)
            }
            None => {
                let z = self.splat(ConstValue::Int(0), decl.dtype, &block);
                self.reg_to_stored(&z, decl.dtype, &block)
            }
        };
        let mut ops = vec![value.as_str(), out.as_str()];
        ops.extend(zeros.iter().map(|z| z.as_str()));
        let mut ins = vec![vt.as_str(), mt.as_str()];
        ins.extend(std::iter::repeat("index").take(zeros.len()));
        self.op0("vector.store", &ops, "", &ins);
        self.line("\"stable_mosaic.scf.yield\"() : () -> ()");
        self.nest(-2);
        self.line("}, {");
        self.line("  \"stable_mosaic.scf.yield\"() : () -> ()");
        self.line("}) : (i1) -> ()");
        Ok(())
    }
}
