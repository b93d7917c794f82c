//! Shape ops: iota, reshape (including to and from scalars) and
//! broadcasts. Mosaic cannot relayout mask (`i1`) vectors, so bool tiles
//! are reshaped and broadcast as i32 and compared back.

use super::Emitter;
use crate::error::MosaicError;
use crate::mlir::{self, value_type};
use tilekit_core::ir::{ConstValue, Value};
use tilekit_core::DType;

impl Emitter<'_> {
    pub(super) fn iota(&mut self, dtype: DType, shape: &[usize], dim: usize) -> String {
        // Mosaic builds iotas on 2-D (or higher) vectors; a 1-D one is a row.
        let (ishape, idim) = if shape.len() == 1 {
            (vec![1, shape[0]], 1)
        } else {
            (shape.to_vec(), dim)
        };
        let it = value_type(DType::I32, &ishape);
        let attr = format!("dimensions = {}", mlir::array("i32", &[idim as i64]));
        let mut x = self.op("tpu.iota", &[], &attr, &[], &it);
        if ishape != shape {
            x = self.op(
                "vector.shape_cast",
                &[&x],
                "",
                &[&it],
                &value_type(DType::I32, shape),
            );
        }
        if dtype.is_float() {
            let ft = value_type(DType::F32, shape);
            let f = self.op(
                "arith.sitofp",
                &[&x],
                "",
                &[&value_type(DType::I32, shape)],
                &ft,
            );
            self.narrow(&f, dtype, shape)
        } else {
            x
        }
    }

    /// Row-major reshape, including to and from scalars.
    pub(super) fn reshape(
        &mut self,
        x: &str,
        dtype: DType,
        from: &[usize],
        to: &[usize],
    ) -> Result<String, MosaicError> {
        if from == to {
            return Ok(x.to_string());
        }
        let dtype = mlir::reg(dtype);
        if dtype == DType::Bool && !from.is_empty() && !to.is_empty() {
            // Mosaic cannot relayout mask (i1) vectors: go through i32.
            return self.via_i32(x, from, to, |e, w| e.reshape(w, DType::I32, from, to));
        }
        let (ft, tt) = (value_type(dtype, from), value_type(dtype, to));
        Ok(if from.is_empty() {
            self.op("vector.broadcast", &[x], "", &[&ft], &tt)
        } else if to.is_empty() {
            let zeros = vec![0i64; from.len()];
            let attr = format!("static_position = {}", mlir::array("i64", &zeros));
            self.op("vector.extract", &[x], &attr, &[&ft], &tt)
        } else {
            self.op("vector.shape_cast", &[x], "", &[&ft], &tt)
        })
    }

    /// Applies `f` to bool vector `x` (of `from`) widened to i32, and turns
    /// its i32 result (of `to`) back into bools.
    fn via_i32(
        &mut self,
        x: &str,
        from: &[usize],
        to: &[usize],
        f: impl FnOnce(&mut Self, &str) -> Result<String, MosaicError>,
    ) -> Result<String, MosaicError> {
        let (bt, it) = (value_type(DType::Bool, from), value_type(DType::I32, from));
        let wide = self.op("arith.extui", &[x], "", &[&bt], &it);
        let y = f(self, &wide)?;
        let z = self.splat(ConstValue::Int(0), DType::I32, to);
        let (yt, ot) = (value_type(DType::I32, to), value_type(DType::Bool, to));
        Ok(self.op(
            "arith.cmpi",
            &[&y, &z],
            "predicate = 1 : i64",
            &[&yt, &yt],
            &ot,
        ))
    }

    pub(super) fn broadcast(
        &mut self,
        x: Value,
        shape: &[usize],
        dims: &[usize],
    ) -> Result<String, MosaicError> {
        let (xs, dtype, from) = (self.get(x)?, self.dtype(x), self.shape(x));
        if dtype == DType::Bool && !from.is_empty() {
            return self.via_i32(&xs, &from, shape, |e, w| {
                e.broadcast_value(w, DType::I32, &from, shape, dims)
            });
        }
        self.broadcast_value(&xs, dtype, &from, shape, dims)
    }

    fn broadcast_value(
        &mut self,
        xs: &str,
        dtype: DType,
        from: &[usize],
        shape: &[usize],
        dims: &[usize],
    ) -> Result<String, MosaicError> {
        let dtype = mlir::reg(dtype);
        let out = value_type(dtype, shape);
        if from.is_empty() {
            return Ok(self.op(
                "vector.broadcast",
                &[xs],
                "",
                &[&value_type(dtype, from)],
                &out,
            ));
        }
        // Put the operand's axes where `dims` says (unit dims elsewhere),
        // then stretch the unit dims.
        let mut mid = vec![1usize; shape.len()];
        for (i, &d) in dims.iter().enumerate() {
            mid[d] = from[i];
        }
        let placed = self.reshape(xs, dtype, from, &mid)?;
        if mid == shape {
            return Ok(placed);
        }
        Ok(self.op(
            "vector.broadcast",
            &[&placed],
            "",
            &[&value_type(dtype, &mid)],
            &out,
        ))
    }
}
