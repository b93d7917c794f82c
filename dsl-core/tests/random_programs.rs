//! Property tests over randomly generated tile programs.
//!
//! A program is a small recipe (a `Vec<Step>` over random inputs) so that
//! proptest shrinks a failure to a minimal program. The recipe is resolved
//! into a typed DAG ([`plan`]), which is then both built with
//! `KernelBuilder` and run in the interpreter, and evaluated directly on
//! `Vec<f32>` by an independent evaluator ([`eval`]) that applies the
//! project's rounding rules with `DType::round_f32`. Every intermediate value
//! is stored to its own output and must match exactly (NaN equals NaN; +0
//! equals -0, because the sign of a zero picked by max/min is unspecified).
//!
//! `PROPTEST_CASES` overrides the default of 256 cases per property.

mod common;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::collections::BTreeMap;
use tilekit_core::builder::KernelBuilder;
use tilekit_core::ir::{BinaryOp, Index, OpId, ReduceOp, RefId, UnaryOp, Value};
use tilekit_core::print::{print_kernel, print_op};
use tilekit_core::{BuildError, DType, KernelArgs, VerifiedKernel};

// ---------------------------------------------------------------------------
// Recipes
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Un {
    Neg,
    Abs,
    Exp,
}

#[derive(Clone, Copy, Debug)]
enum Bin {
    Add,
    Sub,
    Mul,
    Max,
    Min,
}

#[derive(Clone, Copy, Debug)]
enum Red {
    Sum,
    Max,
    Min,
}

/// One step of a recipe. Operands are indices into the values defined so
/// far, taken modulo their number, so every recipe is a valid program.
#[derive(Clone, Debug)]
enum Step {
    Unary(Un, usize),
    /// The right operand is picked among values of the left one's shape and
    /// cast to its dtype if needed.
    Binary(Bin, usize, usize),
    Cast(usize, DType),
    /// Reduce along an axis, then broadcast back to the operand's shape.
    Reduce(Red, usize, usize),
    /// The right operand is picked among values whose rows match the left
    /// one's columns (the left one transposed if there is none) and cast to
    /// the left one's dtype if needed. The result is f32.
    Dot(usize, usize),
    Transpose(usize),
}

/// Where the program body is built.
#[derive(Clone, Copy, Debug)]
enum Wrap {
    Body,
    /// Inside `for i in 0..2`.
    Loop,
    /// Inside a 2-stage pipelined `for i in 0..2` (loads issued ahead).
    Pipeline,
    /// In the then branch of `if true`.
    IfThen,
    /// In the else branch of `if false`.
    IfElse,
}

#[derive(Clone, Debug)]
struct Input {
    dtype: DType,
    /// Which of the four shapes over `dims` (see [`shape_of`]).
    shape: usize,
    /// Element `i` is `data[i] * 0.13`, rounded to the dtype.
    data: Vec<i8>,
}

#[derive(Clone, Debug)]
struct Recipe {
    dims: [usize; 2],
    inputs: Vec<Input>,
    steps: Vec<Step>,
    wrap: Wrap,
}

/// Every value is rank 2 over the recipe's two extents `a` and `b`:
/// `[a, b]`, `[b, a]`, `[a, a]` or `[b, b]`; dots and transposes stay in that set.
fn shape_of(dims: [usize; 2], code: usize) -> [usize; 2] {
    let [a, b] = dims;
    [[a, b], [b, a], [a, a], [b, b]][code % 4]
}

fn float_dtype() -> impl Strategy<Value = DType> {
    prop_oneof![Just(DType::F32), Just(DType::Bf16), Just(DType::F16)]
}

fn step() -> impl Strategy<Value = Step> {
    let ix = || 0usize..16;
    let un = prop_oneof![Just(Un::Neg), Just(Un::Abs), Just(Un::Exp)];
    let bin = prop_oneof![
        Just(Bin::Add),
        Just(Bin::Sub),
        Just(Bin::Mul),
        Just(Bin::Max),
        Just(Bin::Min)
    ];
    let red = prop_oneof![Just(Red::Sum), Just(Red::Max), Just(Red::Min)];
    prop_oneof![
        3 => (un, ix()).prop_map(|(o, x)| Step::Unary(o, x)),
        4 => (bin, ix(), ix()).prop_map(|(o, l, r)| Step::Binary(o, l, r)),
        2 => (ix(), float_dtype()).prop_map(|(x, d)| Step::Cast(x, d)),
        2 => (red, ix(), 0usize..2).prop_map(|(o, x, a)| Step::Reduce(o, x, a)),
        2 => (ix(), ix()).prop_map(|(l, r)| Step::Dot(l, r)),
        1 => ix().prop_map(Step::Transpose),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    (
        float_dtype(),
        0usize..4,
        prop::collection::vec(-24i8..=24, 16),
    )
        .prop_map(|(dtype, shape, data)| Input { dtype, shape, data })
}

fn recipe() -> impl Strategy<Value = Recipe> {
    let wrap = prop_oneof![
        4 => Just(Wrap::Body),
        1 => Just(Wrap::Loop),
        1 => Just(Wrap::Pipeline),
        1 => Just(Wrap::IfThen),
        1 => Just(Wrap::IfElse),
    ];
    (
        1usize..=4,
        1usize..=4,
        prop::collection::vec(input(), 1..=3),
        prop::collection::vec(step(), 0..=10),
        wrap,
    )
        .prop_map(|(a, b, inputs, steps, wrap)| Recipe {
            dims: [a, b],
            inputs,
            steps,
            wrap,
        })
}

// ---------------------------------------------------------------------------
// Typed plan
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Node {
    Input(usize),
    Unary(Un, usize),
    Binary(Bin, usize, usize),
    Cast(usize),
    ReduceBcast(Red, usize, usize),
    Dot(usize, usize),
    Transpose(usize),
}

#[derive(Clone, Copy, Debug)]
struct Typed {
    node: Node,
    dtype: DType,
    shape: [usize; 2],
}

/// Resolves a recipe into a DAG of typed nodes (operands always precede
/// their users). Casts and transposes needed to make operands fit are nodes
/// of their own.
fn plan(r: &Recipe) -> Vec<Typed> {
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

fn input_values(inp: &Input, n: usize) -> Vec<f32> {
    inp.data[..n].iter().map(|&v| v as f32 * 0.13).collect()
}

// ---------------------------------------------------------------------------
// Building and running with tilekit
// ---------------------------------------------------------------------------

fn emit(b: &mut KernelBuilder, plan: &[Typed], ins: &[RefId], outs: &[RefId]) {
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

fn build(r: &Recipe, plan: &[Typed]) -> Result<VerifiedKernel, BuildError> {
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

// ---------------------------------------------------------------------------
// The independent evaluator
// ---------------------------------------------------------------------------

fn nan_max(a: f32, b: f32) -> f32 {
    if a.is_nan() || b.is_nan() {
        f32::NAN
    } else if a >= b {
        a
    } else {
        b
    }
}

fn nan_min(a: f32, b: f32) -> f32 {
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
fn eval(r: &Recipe, plan: &[Typed]) -> Vec<Vec<f32>> {
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

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

fn config() -> Config {
    Config {
        // Never write regression files next to the tests.
        failure_persistence: None,
        ..Config::default()
    }
}

fn args_for(r: &Recipe) -> KernelArgs {
    let mut args = KernelArgs::new();
    for (i, inp) in r.inputs.iter().enumerate() {
        let shape = shape_of(r.dims, inp.shape);
        let values = input_values(inp, shape[0] * shape[1]);
        args = args.tensor(&format!("x{i}"), tensor(inp.dtype, &shape, &values));
    }
    args
}

const MNEMONICS: [&str; 40] = [
    "program_id",
    "const",
    "iota",
    "neg",
    "abs",
    "exp",
    "exp2",
    "log",
    "sqrt",
    "rsqrt",
    "not",
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "max",
    "min",
    "and",
    "or",
    "cmp.lt",
    "cmp.le",
    "cmp.gt",
    "cmp.ge",
    "cmp.eq",
    "cmp.ne",
    "select",
    "cast",
    "broadcast",
    "reduce.sum",
    "reduce.max",
    "reduce.min",
    "dot",
    "transpose",
    "reshape",
    "prefetch.read",
    "load",
    "store",
    "for",
    "if",
];

proptest! {
    #![proptest_config(config())]

    /// The interpreter agrees exactly with the direct evaluator on every
    /// intermediate value of a random program.
    #[test]
    fn interpreter_matches_direct_evaluation(r in recipe()) {
        let p = plan(&r);
        let vk = build(&r, &p).map_err(|e| {
            TestCaseError::fail(format!("{e}\n{}", print_kernel(&e.kernel)))
        })?;
        let out = tilekit_core::interp::run(&vk, &args_for(&r))
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", vk.to_text())))?;
        let want = eval(&r, &p);
        for (i, (t, w)) in p.iter().zip(&want).enumerate() {
            let y = &out[&format!("y{i}")];
            prop_assert_eq!(y.dtype(), t.dtype, "y{} dtype", i);
            prop_assert_eq!(y.shape(), &t.shape[..], "y{} shape", i);
            let got = floats(y);
            for (e, (&g, &w)) in got.iter().zip(w).enumerate() {
                prop_assert!(
                    same_value(g, w),
                    "node y{} = {:?}, element {}: interpreter {:?} ({:#010x}), direct {:?} ({:#010x})\nplan: {:?}\n{}",
                    i, t.node, e, g, g.to_bits(), w, w.to_bits(), p, vk.to_text()
                );
            }
        }
    }

    /// Printing is deterministic (across two builds of the same program) and
    /// every op appears on its own line under its mnemonic.
    #[test]
    fn printer_is_deterministic_and_names_every_op(r in recipe()) {
        let p = plan(&r);
        let a = build(&r, &p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = build(&r, &p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = a.to_text();
        prop_assert_eq!(&text, &b.to_text());
        prop_assert_eq!(&text, &print_kernel(a.kernel()));
        let k = a.kernel();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let mut ops: Vec<OpId> = Vec::new();
        k.walk_ops(|op, _| ops.push(op));
        let mut want: BTreeMap<&str, usize> = BTreeMap::new();
        for &op in &ops {
            let line = print_op(k, op);
            let header = format!("{line} {{");
            prop_assert!(
                lines.iter().any(|&l| l == line || l == header),
                "op `{}` is not printed on a line of its own:\n{}", line, text
            );
            *want.entry(k.op(op).kind.mnemonic()).or_default() += 1;
        }
        let mut got: BTreeMap<&str, usize> = BTreeMap::new();
        for l in &lines {
            let rest = if l.starts_with('%') {
                match l.split_once(" = ") {
                    Some((_, rest)) => rest,
                    None => continue,
                }
            } else {
                l
            };
            let word = rest.split_whitespace().next().unwrap_or("");
            if let Some(&m) = MNEMONICS.iter().find(|&&m| m == word) {
                *got.entry(m).or_default() += 1;
            }
        }
        prop_assert_eq!(&got, &want, "mnemonics printed vs ops in the kernel:\n{}", text);
        for (i, _) in p.iter().enumerate() {
            let name = format!("@y{i}");
            prop_assert!(text.contains(&name), "output {} is not printed", name);
        }
    }
}

/// The generator reaches every kind of node and wrap (guards against a
/// strategy that silently stops producing some of them).
#[test]
fn generator_covers_every_node_kind() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = BTreeMap::new();
    for _ in 0..300 {
        let r = recipe().new_tree(&mut runner).unwrap().current();
        for t in plan(&r) {
            let kind = format!("{:?}", t.node);
            let kind = kind.split('(').next().unwrap().to_string();
            *seen.entry(kind).or_insert(0) += 1;
        }
        *seen.entry(format!("{:?}", r.wrap)).or_insert(0) += 1;
    }
    for kind in [
        "Input",
        "Unary",
        "Binary",
        "Cast",
        "ReduceBcast",
        "Dot",
        "Transpose",
        "Body",
        "Loop",
        "Pipeline",
        "IfThen",
        "IfElse",
    ] {
        assert!(seen.get(kind).copied().unwrap_or(0) > 5, "{kind}: {seen:?}");
    }
}
