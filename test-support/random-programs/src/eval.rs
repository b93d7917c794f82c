//! The independent evaluator: every node of a plan on row-major
//! `Vec<f32>`s, applying the project's rounding rules with
//! `DType::round_f32`, with no IR involved.

use crate::program::{input_values, Node, Typed};
use crate::recipe::{Bin, Recipe, Red, Un};

pub fn nan_max(a: f32, b: f32) -> f32 {
    if a.is_nan() || b.is_nan() {
        f32::NAN
    } else if a >= b {
        a
    } else {
        b
    }
}

pub fn nan_min(a: f32, b: f32) -> f32 {
    if a.is_nan() || b.is_nan() {
        f32::NAN
    } else if a <= b {
        a
    } else {
        b
    }
}

/// Evaluates every node of the plan on row-major `Vec<f32>`s: each op in
/// f32, rounded to the node's dtype; reductions in index order rounded once;
/// dots accumulated in f32 in k order.
pub fn eval(r: &Recipe, plan: &[Typed]) -> Vec<Vec<f32>> {
    let mut vals: Vec<Vec<f32>> = Vec::new();
    for t in plan {
        let d = t.dtype;
        let [rows, cols] = t.shape;
        let out: Vec<f32> = match t.node {
            Node::Input(i) => input_values(&r.inputs[i], rows * cols)
                .into_iter()
                .map(|x| d.round_f32(x))
                .collect(),
            Node::Unary(o, x) => vals[x]
                .iter()
                .map(|&v| {
                    d.round_f32(match o {
                        Un::Neg => -v,
                        Un::Abs => v.abs(),
                        Un::Exp => v.exp(),
                    })
                })
                .collect(),
            Node::Binary(o, l, rhs) => vals[l]
                .iter()
                .zip(&vals[rhs])
                .map(|(&a, &b)| {
                    d.round_f32(match o {
                        Bin::Add => a + b,
                        Bin::Sub => a - b,
                        Bin::Mul => a * b,
                        Bin::Max => nan_max(a, b),
                        Bin::Min => nan_min(a, b),
                    })
                })
                .collect(),
            Node::Cast(x) => vals[x].iter().map(|&v| d.round_f32(v)).collect(),
            Node::ReduceBcast(o, x, axis) => {
                let src = &vals[x];
                let (init, f): (f32, fn(f32, f32) -> f32) = match o {
                    Red::Sum => (0.0, |a, b| a + b),
                    Red::Max => (f32::NEG_INFINITY, nan_max),
                    Red::Min => (f32::INFINITY, nan_min),
                };
                let mut out = vec![0f32; rows * cols];
                if axis == 0 {
                    for j in 0..cols {
                        let acc = (0..rows).fold(init, |acc, i| f(acc, src[i * cols + j]));
                        for i in 0..rows {
                            out[i * cols + j] = d.round_f32(acc);
                        }
                    }
                } else {
                    for i in 0..rows {
                        let acc = (0..cols).fold(init, |acc, j| f(acc, src[i * cols + j]));
                        for j in 0..cols {
                            out[i * cols + j] = d.round_f32(acc);
                        }
                    }
                }
                out
            }
            Node::Dot(l, rhs) => {
                let kk = plan[l].shape[1];
                let (a, b) = (&vals[l], &vals[rhs]);
                let mut out = vec![0f32; rows * cols];
                for i in 0..rows {
                    for j in 0..cols {
                        let mut acc = 0f32;
                        for k in 0..kk {
                            acc += a[i * kk + k] * b[k * cols + j];
                        }
                        out[i * cols + j] = acc;
                    }
                }
                out
            }
            Node::Transpose(x) => {
                // The operand is [cols, rows].
                let src = &vals[x];
                (0..rows * cols)
                    .map(|e| src[(e % cols) * rows + e / cols])
                    .collect()
            }
        };
        vals.push(out);
    }
    vals
}
