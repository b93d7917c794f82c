//! Property tests over randomly generated tile programs.
//!
//! The generator is `tilekit-random-programs` (shared with the root
//! crate's differential tests against PJRT and the PTX simulator): a
//! program is a small recipe that proptest shrinks to a minimal program,
//! resolved into a typed DAG which is both built with `KernelBuilder` and
//! run in the interpreter, and evaluated directly on `Vec<f32>` by an
//! independent evaluator that applies the project's rounding rules with
//! `DType::round_f32`. Every intermediate value is stored to its own output
//! and must match exactly (NaN equals NaN; +0 equals -0, because the sign
//! of a zero picked by max/min is unspecified).
//!
//! `PROPTEST_CASES` overrides the default of 256 cases per property;
//! failures are kept in `tests/random_programs.proptest-regressions`.

mod common;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::collections::BTreeMap;
use tilekit_core::ir::OpId;
use tilekit_core::print::{print_kernel, print_op};
use tilekit_random_programs::{args_for, build, eval, plan, recipe};

fn config() -> Config {
    tilekit_random_programs::config(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/random_programs.proptest-regressions"
    ))
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
