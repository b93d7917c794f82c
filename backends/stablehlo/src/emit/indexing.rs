//! Ops that read or write windows of a tensor at dynamic positions.
//!
//! XLA's semantics matter here: `dynamic_slice`, `dynamic_update_slice` and
//! `gather` clamp start indices so the window fits, while `scatter` skips an
//! update whose window falls outside the operand. The lowering relies on the
//! latter to drop masked-off and inactive lanes of a store.

use super::Emitter;
use crate::types::{i64_array, list, V};

/// Dimension numbers of a gather.
pub(crate) struct GatherDims<'a> {
    pub offset_dims: &'a [usize],
    pub collapsed: &'a [usize],
    pub start_index_map: &'a [usize],
    pub index_vector_dim: usize,
    pub slice_sizes: &'a [usize],
}

/// Dimension numbers of a scatter.
pub(crate) struct ScatterDims<'a> {
    pub update_window_dims: &'a [usize],
    pub inserted_window_dims: &'a [usize],
    pub scatter_dims_to_operand_dims: &'a [usize],
    pub index_vector_dim: usize,
}

/// `name = [..]` for a dimension-numbers attribute; empty lists are left out.
fn field(out: &mut Vec<String>, name: &str, xs: &[usize]) {
    if !xs.is_empty() {
        out.push(format!("{name} = {}", list(xs)));
    }
}

impl Emitter {
    /// A window of `sizes` starting at the i32 scalars `starts`.
    pub fn dynamic_slice(&mut self, x: &V, starts: &[V], sizes: &[usize]) -> V {
        let ty = x.ty.with_shape(sizes);
        let names: Vec<&str> = starts.iter().map(|s| s.name.as_str()).collect();
        let types: Vec<String> = starts.iter().map(|s| s.ty.to_string()).collect();
        let mut operands = vec![x.name.as_str()];
        operands.extend(names);
        self.def(
            &format!(
                "stablehlo.dynamic_slice {}, sizes = {} : ({}, {}) -> {ty}",
                operands.join(", "),
                list(sizes),
                x.ty,
                types.join(", ")
            ),
            ty,
        )
    }

    /// `x` with `update` written at the i32 scalars `starts`.
    pub fn dynamic_update_slice(&mut self, x: &V, update: &V, starts: &[V]) -> V {
        let mut operands = vec![x.name.as_str(), update.name.as_str()];
        operands.extend(starts.iter().map(|s| s.name.as_str()));
        let mut types = vec![x.ty.to_string(), update.ty.to_string()];
        types.extend(starts.iter().map(|s| s.ty.to_string()));
        self.def(
            &format!(
                "stablehlo.dynamic_update_slice {} : ({}) -> {}",
                operands.join(", "),
                types.join(", "),
                x.ty
            ),
            x.ty.clone(),
        )
    }

    pub fn gather(&mut self, x: &V, indices: &V, d: &GatherDims, out_shape: &[usize]) -> V {
        let ty = x.ty.with_shape(out_shape);
        let mut dims = Vec::new();
        field(&mut dims, "offset_dims", d.offset_dims);
        field(&mut dims, "collapsed_slice_dims", d.collapsed);
        field(&mut dims, "start_index_map", d.start_index_map);
        dims.push(format!("index_vector_dim = {}", d.index_vector_dim));
        self.def(
            &format!(
                "\"stablehlo.gather\"({x}, {indices}) {{dimension_numbers = #stablehlo.gather<{}>, indices_are_sorted = false, slice_sizes = {}}} : ({}, {}) -> {ty}",
                dims.join(", "),
                i64_array(d.slice_sizes),
                x.ty,
                indices.ty
            ),
            ty,
        )
    }

    /// Scatter that replaces elements (later updates of a duplicate index
    /// win in no defined order, so callers keep live indices unique).
    pub fn scatter(&mut self, x: &V, indices: &V, updates: &V, d: &ScatterDims) -> V {
        let mut dims = Vec::new();
        field(&mut dims, "update_window_dims", d.update_window_dims);
        field(&mut dims, "inserted_window_dims", d.inserted_window_dims);
        field(
            &mut dims,
            "scatter_dims_to_operand_dims",
            d.scatter_dims_to_operand_dims,
        );
        dims.push(format!("index_vector_dim = {}", d.index_vector_dim));
        let name = self.fresh();
        let (old, new) = (self.fresh(), self.fresh());
        let elem = x.ty.with_shape(&[]);
        self.line(&format!(
            "{name} = \"stablehlo.scatter\"({x}, {indices}, {updates}) ({{"
        ));
        self.line(&format!("^bb0({old}: {elem}, {new}: {elem}):"));
        self.indented(|e| e.line(&format!("stablehlo.return {new} : {elem}")));
        self.line(&format!(
            "}}) {{indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<{}>, unique_indices = false}} : ({}, {}, {}) -> {}",
            dims.join(", "),
            x.ty,
            indices.ty,
            updates.ty,
            x.ty
        ));
        V {
            name,
            ty: x.ty.clone(),
        }
    }
}
