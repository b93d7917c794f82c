//! A recipe resolved into a typed DAG ([`plan`]), built with
//! `KernelBuilder` ([`build`]; every node is stored to its own output
//! `y{i}`) and its arguments ([`args_for`]).

use crate::recipe::{shape_of, Bin, Input, Recipe, Red, Step, Un, Wrap};
use tilekit_core::builder::KernelBuilder;
use tilekit_core::ir::{BinaryOp, Index, ReduceOp, RefId, UnaryOp, Value};
use tilekit_core::{BuildError, DType, HostTensor, KernelArgs, VerifiedKernel};

#[derive(Clone, Copy, Debug)]
pub enum Node {
    Input(usize),
    Unary(Un, usize),
    Binary(Bin, usize, usize),
    Cast(usize),
    ReduceBcast(Red, usize, usize),
    Dot(usize, usize),
    Transpose(usize),
}

#[derive(Clone, Copy, Debug)]
pub struct Typed {
    pub node: Node,
    pub dtype: DType,
    pub shape: [usize; 2],
}

/// Resolves a recipe into a DAG of typed nodes (operands always precede
/// their users). Casts and transposes needed to make operands fit are nodes
/// of their own.
pub fn plan(r: &Recipe) -> Vec<Typed> {
    let mut p: Vec<Typed> = r
        .inputs
        .iter()
        .enumerate()
        .map(|(i, inp)| Typed {
            node: Node::Input(i),
            dtype: inp.dtype,
            shape: shape_of(r.dims, inp.shape),
        })
        .collect();
    fn coerce(p: &mut Vec<Typed>, j: usize, dtype: DType) -> usize {
        if p[j].dtype == dtype {
            return j;
        }
        p.push(Typed {
            node: Node::Cast(j),
            dtype,
            shape: p[j].shape,
        });
        p.len() - 1
    }
    for s in &r.steps {
        let n = p.len();
        let t = match *s {
            Step::Unary(o, x) => {
                let x = x % n;
                Typed {
                    node: Node::Unary(o, x),
                    ..p[x]
                }
            }
            Step::Binary(o, l, rhs) => {
                let l = l % n;
                let cands: Vec<usize> = (0..n).filter(|&j| p[j].shape == p[l].shape).collect();
                let dt = p[l].dtype;
                let rhs = coerce(&mut p, cands[rhs % cands.len()], dt);
                Typed {
                    node: Node::Binary(o, l, rhs),
                    ..p[l]
                }
            }
            Step::Cast(x, to) => {
                let x = x % n;
                Typed {
                    node: Node::Cast(x),
                    dtype: to,
                    shape: p[x].shape,
                }
            }
            Step::Reduce(o, x, axis) => {
                let x = x % n;
                Typed {
                    node: Node::ReduceBcast(o, x, axis % 2),
                    ..p[x]
                }
            }
            Step::Dot(l, rhs) => {
                let l = l % n;
                let inner = p[l].shape[1];
                let cands: Vec<usize> = (0..n).filter(|&j| p[j].shape[0] == inner).collect();
                let rhs = if cands.is_empty() {
                    let [r0, r1] = p[l].shape;
                    p.push(Typed {
                        node: Node::Transpose(l),
                        dtype: p[l].dtype,
                        shape: [r1, r0],
                    });
                    p.len() - 1
                } else {
                    cands[rhs % cands.len()]
                };
                let dt = p[l].dtype;
                let rhs = coerce(&mut p, rhs, dt);
                Typed {
                    node: Node::Dot(l, rhs),
                    dtype: DType::F32,
                    shape: [p[l].shape[0], p[rhs].shape[1]],
                }
            }
            Step::Transpose(x) => {
                let x = x % n;
                let [r0, r1] = p[x].shape;
                Typed {
                    node: Node::Transpose(x),
                    dtype: p[x].dtype,
                    shape: [r1, r0],
                }
            }
        };
        p.push(t);
    }
    p
}

pub fn input_values(inp: &Input, n: usize) -> Vec<f32> {
    (0..n)
        .map(|i| {
            // Past the 16 drawn values, shift each lap so that larger tiles
            // are not periodic, staying within [-24, 24].
            let lap = (i / inp.data.len()) as i32;
            let v = (inp.data[i % inp.data.len()] as i32 + 24 + 7 * lap) % 49 - 24;
            v as f32 * 0.13
        })
        .collect()
}

pub fn emit(b: &mut KernelBuilder, plan: &[Typed], ins: &[RefId], outs: &[RefId]) {
    let full = [Index::Full, Index::Full];
    let mut v: Vec<Value> = Vec::new();
    for t in plan {
        let x = match t.node {
            Node::Input(i) => b.load(ins[i], &full),
            Node::Unary(o, x) => b.unary(
                match o {
                    Un::Neg => UnaryOp::Neg,
                    Un::Abs => UnaryOp::Abs,
                    Un::Exp => UnaryOp::Exp,
                },
                v[x],
            ),
            Node::Binary(o, l, r) => b.binary(
                match o {
                    Bin::Add => BinaryOp::Add,
                    Bin::Sub => BinaryOp::Sub,
                    Bin::Mul => BinaryOp::Mul,
                    Bin::Max => BinaryOp::Max,
                    Bin::Min => BinaryOp::Min,
                },
                v[l],
                v[r],
            ),
            Node::Cast(x) => b.cast(v[x], t.dtype),
            Node::ReduceBcast(o, x, axis) => {
                let op = match o {
                    Red::Sum => ReduceOp::Sum,
                    Red::Max => ReduceOp::Max,
                    Red::Min => ReduceOp::Min,
                };
                let red = b.reduce(op, v[x], axis);
                b.broadcast(red, &t.shape, &[1 - axis])
            }
            Node::Dot(l, r) => b.dot(v[l], v[r]),
            Node::Transpose(x) => b.t(v[x]),
        };
        v.push(x);
    }
    for (&x, &out) in v.iter().zip(outs) {
        b.store(out, &full, x);
    }
}

pub fn build(r: &Recipe, plan: &[Typed]) -> Result<VerifiedKernel, BuildError> {
    let mut kb = KernelBuilder::new("random");
    kb.grid(&[1]);
    let ins: Vec<RefId> = r
        .inputs
        .iter()
        .enumerate()
        .map(|(i, inp)| kb.input(&format!("x{i}"), inp.dtype, &shape_of(r.dims, inp.shape)))
        .collect();
    let outs: Vec<RefId> = plan
        .iter()
        .enumerate()
        .map(|(i, t)| kb.output(&format!("y{i}"), t.dtype, &t.shape))
        .collect();
    let body = |b: &mut KernelBuilder| emit(b, plan, &ins, &outs);
    match r.wrap {
        Wrap::Body => body(&mut kb),
        Wrap::Loop | Wrap::Pipeline => {
            let stages = matches!(r.wrap, Wrap::Pipeline).then_some(2);
            let (lo, hi) = (kb.i32(0), kb.i32(2));
            kb.for_loop_with(lo, hi, 1, stages, &[], |b, _, _| {
                body(b);
                vec![]
            });
        }
        Wrap::IfThen | Wrap::IfElse => {
            let then = matches!(r.wrap, Wrap::IfThen);
            let c = kb.bool(then);
            kb.if_else(
                c,
                |b| {
                    if then {
                        body(b);
                    }
                    vec![]
                },
                |b| {
                    if !then {
                        body(b);
                    }
                    vec![]
                },
            );
        }
    }
    kb.finish()
}

pub fn args_for(r: &Recipe) -> KernelArgs {
    let mut args = KernelArgs::new();
    for (i, inp) in r.inputs.iter().enumerate() {
        let shape = shape_of(r.dims, inp.shape);
        let values = input_values(inp, shape[0] * shape[1]);
        let t = HostTensor::from_f32(inp.dtype, &shape, &values).expect("element count");
        args = args.tensor(&format!("x{i}"), t);
    }
    args
}
