//! Comparing a backend's outputs with the interpreter's on a random
//! program, op by op, with the differences the backend documents and no
//! others.
//!
//! Every node of a random program is stored to its own output, so the
//! comparison knows each node's interpreter value and can bound, per
//! element, how far a backend may be from it: zero for a node whose every
//! ancestor is bit-exact by the semantics (then the values must be equal,
//! NaN equal to NaN, +0 to -0), else an error bound propagated through the
//! ops from the sources of difference the backend has ([`Differences`]):
//! approximate `exp`, sums in another order, dots summed in another order.
//! A node that rounds a value carrying error may also land on the
//! neighbouring representable value, which the bound adds.

use crate::program::{Node, Typed};
use crate::recipe::{Bin, Red, Un};
use std::collections::BTreeMap;
use tilekit_core::{DType, HostTensor};

/// What a backend may compute differently from the interpreter
/// (ARCHITECTURE.md, "Semantics chosen").
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Differences {
    /// `exp` is the target's approximation, not the correctly rounded one.
    pub approx_exp: bool,
    /// f32 sums add in another order (shuffle trees, vectorised loops).
    pub sum_order: bool,
    /// f32 dots sum their products in another order.
    pub f32_dot_order: bool,
    /// bf16/f16 dots sum their (exact) products in another order.
    pub low_dot_order: bool,
}

impl Differences {
    /// The PTX backend ("On the GPU"): `ex2.approx`, shuffle-tree sums,
    /// tensor-core dots; f32 dots are k-ordered `mul.rn`/`add.rn`.
    pub const PTX: Differences = Differences {
        approx_exp: true,
        sum_order: true,
        f32_dot_order: false,
        low_dot_order: true,
    };
    /// XLA: its own `exp`, reductions and dots at HIGHEST precision in the
    /// order its kernels choose.
    pub const XLA: Differences = Differences {
        approx_exp: true,
        sum_order: true,
        f32_dot_order: true,
        low_dot_order: true,
    };
}

const U32: f64 = 1.0 / (1u64 << 24) as f64;
/// Relative error allowed for an approximate `exp` beyond its argument's
/// rounding (`ex2.approx` is within 2 ulp; XLA's polynomial similar).
const EXP_REL: f64 = 8.0 * U32;

/// Largest spacing of representable values near `x` (plus the subnormal
/// step), and the largest finite value.
fn ulp(d: DType, x: f64) -> f64 {
    let (bits, min_sub) = match d {
        DType::Bf16 => (7, 2f64.powi(-133)),
        DType::F16 => (10, 2f64.powi(-24)),
        _ => (23, 2f64.powi(-149)),
    };
    x.abs() * 2f64.powi(-bits) + min_sub
}

fn max_finite(d: DType) -> f64 {
    match d {
        DType::F16 => 65504.0,
        DType::Bf16 => half::bf16::MAX.to_f64(),
        _ => f32::MAX as f64,
    }
}

/// `e` plus one rounding step of `d` at `v`, when `e` is not already zero;
/// infinite when the value could overflow.
fn rounded(d: DType, v: f64, e: f64) -> f64 {
    if e == 0.0 {
        return 0.0;
    }
    if v.abs() + e >= max_finite(d) {
        return f64::INFINITY;
    }
    e + ulp(d, v.abs() + e)
}

/// Per-element error bounds of every node (row-major like its values).
pub fn bounds(plan: &[Typed], vals: &[Vec<f64>], diff: Differences) -> Vec<Vec<f64>> {
    let mut errs: Vec<Vec<f64>> = Vec::with_capacity(plan.len());
    for (n, t) in plan.iter().enumerate() {
        let d = t.dtype;
        let [rows, cols] = t.shape;
        let v = &vals[n];
        let e: Vec<f64> = match t.node {
            Node::Input(_) => vec![0.0; rows * cols],
            Node::Unary(Un::Neg | Un::Abs, x) => errs[x].clone(),
            Node::Unary(Un::Exp, x) => (0..rows * cols)
                .map(|i| {
                    let (ex, xv) = (errs[x][i], vals[x][i]);
                    let mut rel = ex.exp_m1();
                    if diff.approx_exp {
                        // The argument's rounding in `x * log2(e)` scales with |x|.
                        rel += EXP_REL * (1.0 + xv.abs());
                    }
                    let mut bound = v[i].abs() * rel;
                    if diff.approx_exp && v[i].abs() < f32::MIN_POSITIVE as f64 {
                        // Approximate exps (XLA CPU's, `ex2.approx`) flush
                        // a subnormal result to zero.
                        bound = bound.max(f32::MIN_POSITIVE as f64);
                    }
                    rounded(d, v[i], bound)
                })
                .collect(),
            Node::Binary(o, l, r) => (0..rows * cols)
                .map(|i| {
                    let (el, er) = (errs[l][i], errs[r][i]);
                    match o {
                        Bin::Add | Bin::Sub => rounded(d, v[i], el + er),
                        Bin::Mul => {
                            let (a, b) = (vals[l][i].abs(), vals[r][i].abs());
                            rounded(d, v[i], a * er + b * el + el * er)
                        }
                        Bin::Max | Bin::Min => el.max(er),
                    }
                })
                .collect(),
            Node::Cast(x) => (0..rows * cols)
                .map(|i| rounded(d, v[i], errs[x][i]))
                .collect(),
            Node::Transpose(x) => (0..rows * cols)
                .map(|e| errs[x][(e % cols) * rows + e / cols])
                .collect(),
            Node::ReduceBcast(o, x, axis) => {
                // The reduced elements of output element (i, j).
                let line = |i: usize, j: usize| -> Vec<usize> {
                    if axis == 0 {
                        (0..rows).map(|k| k * cols + j).collect()
                    } else {
                        (0..cols).map(|k| i * cols + k).collect()
                    }
                };
                let mut out = vec![0.0; rows * cols];
                for i in 0..rows {
                    for j in 0..cols {
                        let idx = line(i, j);
                        out[i * cols + j] = match o {
                            Red::Max | Red::Min => {
                                idx.iter().map(|&k| errs[x][k]).fold(0.0, f64::max)
                            }
                            Red::Sum => {
                                let mut e: f64 = idx.iter().map(|&k| errs[x][k]).sum();
                                if diff.sum_order && idx.len() > 1 {
                                    let mag: f64 = idx.iter().map(|&k| vals[x][k].abs()).sum();
                                    // Two summation orders, each within
                                    // (n - 1) u of the exact sum.
                                    e += 2.0 * (idx.len() - 1) as f64 * U32 * mag;
                                }
                                rounded(d, v[i * cols + j], e)
                            }
                        };
                    }
                }
                out
            }
            Node::Dot(l, r) => {
                let kk = plan[l].shape[1];
                let reordered = if plan[l].dtype == DType::F32 {
                    diff.f32_dot_order
                } else {
                    diff.low_dot_order
                };
                let mut out = vec![0.0; rows * cols];
                for i in 0..rows {
                    for j in 0..cols {
                        let (mut e, mut mag) = (0.0, 0.0);
                        for k in 0..kk {
                            let (a, b) = (vals[l][i * kk + k], vals[r][k * cols + j]);
                            let (ea, eb) = (errs[l][i * kk + k], errs[r][k * cols + j]);
                            e += a.abs() * eb + b.abs() * ea + ea * eb;
                            mag += (a * b).abs();
                        }
                        if reordered && kk > 1 {
                            // Both orders within k u of the exact sum, and
                            // the products themselves rounded in f32.
                            e += 2.0 * (kk + 1) as f64 * U32 * mag;
                        }
                        out[i * cols + j] = rounded(DType::F32, v[i * cols + j], e);
                    }
                }
                out
            }
        };
        errs.push(e);
    }
    errs
}

/// Compares a backend's outputs `got` with the interpreter's `want` on
/// every node of `plan`; the first disagreement, described.
pub fn compare(
    plan: &[Typed],
    got: &BTreeMap<String, HostTensor>,
    want: &BTreeMap<String, HostTensor>,
    diff: Differences,
) -> Result<(), String> {
    let mut vals = Vec::with_capacity(plan.len());
    for i in 0..plan.len() {
        let name = format!("y{i}");
        let w = want
            .get(&name)
            .ok_or_else(|| format!("the interpreter returned no `{name}`"))?;
        vals.push(w.to_f64_vec());
    }
    let errs = bounds(plan, &vals, diff);
    for (i, t) in plan.iter().enumerate() {
        let name = format!("y{i}");
        let g = got
            .get(&name)
            .ok_or_else(|| format!("the backend returned no `{name}`"))?;
        if g.dtype() != t.dtype || g.shape() != &t.shape[..] {
            return Err(format!(
                "`{name}` is {}{:?}, expected {}{:?}",
                g.dtype(),
                g.shape(),
                t.dtype,
                t.shape
            ));
        }
        for (e, (gv, wv)) in g.to_f64_vec().into_iter().zip(&vals[i]).enumerate() {
            let bound = errs[i][e];
            let ok = if bound == 0.0 {
                gv == *wv || (gv.is_nan() && wv.is_nan())
            } else if !bound.is_finite() || !wv.is_finite() {
                // Past overflow or through a non-finite value: not comparable.
                true
            } else {
                (gv - wv).abs() <= bound
            };
            if !ok {
                return Err(format!(
                    "node {name} = {:?} ({}), element {e}: backend {gv:e}, interpreter {wv:e}, allowed difference {bound:e}{}",
                    t.node,
                    t.dtype,
                    if bound == 0.0 { " (bit-exact by the semantics)" } else { "" }
                ));
            }
        }
    }
    Ok(())
}
