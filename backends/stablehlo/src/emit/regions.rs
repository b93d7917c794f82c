//! Ops with regions: `while`, `if` and `reduce`.
//!
//! Region ops are written in pieces (begin, middle, end) so that the
//! lowering, which owns the emitter, can emit the region bodies in between.

use super::Emitter;
use crate::types::{list, Ty, V};
use tilekit_core::DType;

/// The values of a `while` being emitted: its results (usable after
/// [`Emitter::while_end`]) and its region arguments (usable inside).
pub(crate) struct WhileParts {
    pub results: Vec<V>,
    pub args: Vec<V>,
}

fn results_of(name: &str, types: &[Ty]) -> Vec<V> {
    if types.len() == 1 {
        return vec![V {
            name: name.to_string(),
            ty: types[0].clone(),
        }];
    }
    types
        .iter()
        .enumerate()
        .map(|(i, t)| V {
            name: format!("{name}#{i}"),
            ty: t.clone(),
        })
        .collect()
}

fn lhs(name: &str, n: usize) -> String {
    if n == 1 {
        name.to_string()
    } else {
        format!("{name}:{n}")
    }
}

fn types_text(vs: &[V]) -> String {
    let t: Vec<String> = vs.iter().map(|v| v.ty.to_string()).collect();
    t.join(", ")
}

fn names_text(vs: &[V]) -> String {
    let t: Vec<&str> = vs.iter().map(|v| v.name.as_str()).collect();
    t.join(", ")
}

impl Emitter {
    /// Opens `stablehlo.while` over `init` and its `cond` region.
    pub fn while_begin(&mut self, init: &[V]) -> WhileParts {
        let name = self.fresh();
        let types: Vec<Ty> = init.iter().map(|v| v.ty.clone()).collect();
        let args: Vec<V> = init
            .iter()
            .map(|v| V {
                name: self.fresh(),
                ty: v.ty.clone(),
            })
            .collect();
        let binds: Vec<String> = args
            .iter()
            .zip(init)
            .map(|(a, i)| format!("{a} = {i}"))
            .collect();
        self.line(&format!(
            "{} = stablehlo.while({}) : {}",
            lhs(&name, init.len()),
            binds.join(", "),
            types_text(init)
        ));
        self.line(" cond {");
        self.indent += 1;
        WhileParts {
            results: results_of(&name, &types),
            args,
        }
    }

    /// Ends the `cond` region with `pred` and opens the body.
    pub fn while_cond_end(&mut self, pred: &V) {
        self.line(&format!("stablehlo.return {pred} : {}", pred.ty));
        self.indent -= 1;
        self.line("} do {");
        self.indent += 1;
    }

    /// Ends the body, yielding the next values of the loop arguments.
    pub fn while_end(&mut self, yields: &[V]) {
        self.line(&format!(
            "stablehlo.return {} : {}",
            names_text(yields),
            types_text(yields)
        ));
        self.indent -= 1;
        self.line("}");
    }

    /// Opens `stablehlo.if` on a bool scalar and its `then` region.
    pub fn if_begin(&mut self, cond: &V, types: &[Ty]) -> Vec<V> {
        let name = self.fresh();
        self.line(&format!(
            "{} = \"stablehlo.if\"({cond}) ({{",
            lhs(&name, types.len())
        ));
        self.indent += 1;
        results_of(&name, types)
    }

    fn region_return(&mut self, yields: &[V]) {
        self.line(&format!(
            "\"stablehlo.return\"({}) : ({}) -> ()",
            names_text(yields),
            types_text(yields)
        ));
    }

    /// Ends `then` with its yields and opens `else`.
    pub fn if_else(&mut self, yields: &[V]) {
        self.region_return(yields);
        self.indent -= 1;
        self.line("}, {");
        self.indent += 1;
    }

    /// Ends `else` with its yields.
    pub fn if_end(&mut self, yields: &[V]) {
        self.region_return(yields);
        self.indent -= 1;
        let types: Vec<String> = yields.iter().map(|v| v.ty.to_string()).collect();
        self.line(&format!("}}) : (tensor<i1>) -> ({})", types.join(", ")));
    }

    /// Reduces `x` along `dims` with the binary op `op` (`add`, `maximum`,
    /// `minimum`, `or`), starting from the scalar `init`.
    pub fn reduce(&mut self, x: &V, init: &V, op: &str, dims: &[usize]) -> V {
        let shape: Vec<usize> =
            x.ty.shape
                .iter()
                .enumerate()
                .filter(|(d, _)| !dims.contains(d))
                .map(|(_, &n)| n)
                .collect();
        let ty = x.ty.with_shape(&shape);
        self.def(
            &format!(
                "stablehlo.reduce({x} init: {init}) applies stablehlo.{op} across dimensions = {} : ({}, {}) -> {ty}",
                list(dims),
                x.ty,
                init.ty
            ),
            ty,
        )
    }

    /// Whether any element along `axis` of a bool tensor is true.
    pub fn reduce_any(&mut self, x: &V, axis: usize) -> V {
        let f = self.splat(crate::types::Scalar::B(false), &Ty::scalar(DType::Bool));
        self.reduce(x, &f, "or", &[axis])
    }

    /// Whether any element of a bool tensor is true (a bool scalar).
    pub fn any(&mut self, x: &V) -> V {
        if x.ty.rank() == 0 {
            return x.clone();
        }
        let f = self.splat(crate::types::Scalar::B(false), &Ty::scalar(DType::Bool));
        let dims: Vec<usize> = (0..x.ty.rank()).collect();
        self.reduce(x, &f, "or", &dims)
    }
}
