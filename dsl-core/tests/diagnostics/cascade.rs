//! Errors do not cascade: ops fed by an ill-typed op are not reported again,
//! while independent mistakes are all reported, in program order.

use crate::common::{at, one_error, rejected};
use tilekit_core::ir::Index;
use tilekit_core::verify::ErrorKind;
use tilekit_core::{DType, KernelBuilder};

#[test]
fn one_bad_op_feeding_five_more_ops_is_one_error() {
    let mut kb = KernelBuilder::new("cascade");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let n = kb.input("n", DType::I32, &[4]);
    let y = kb.output("y", DType::F32, &[4]);
    let xv = kb.load(x, &[Index::Full]);
    let nv = kb.load(n, &[Index::Full]);
    let line = line!() + 1;
    let bad = kb.add(xv, nv);
    // Five ops fed by `bad`; the dot would be an error of its own (rank-1
    // operands) if it were checked.
    let e = kb.exp(bad);
    let m = kb.mul(e, xv);
    let d = kb.dot(m, m);
    let t = kb.neg(d);
    kb.store(y, &[Index::Full], t);
    one_error(
        kb,
        ErrorKind::DTypeMismatch,
        &format!(
            "kernel `cascade`, op `%2 = add %0, %1 : f32[4]` at {}: operands are f32 and i32; \
             insert a cast (e.g. `.to_f32()`) so both match",
            at(file!(), line, "add(")
        ),
    );
}

/// Poison flows through loop-carried values, loop results, `if` results and
/// scalar broadcasts.
#[test]
fn poison_flows_through_loops_and_branches() {
    let mut kb = KernelBuilder::new("deep_cascade");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let y = kb.output("y", DType::F32, &[4]);
    let lo = kb.i32(0);
    let hi = kb.i32(4);
    let acc = kb.zeros(&[4], DType::F32);
    let mut line = 0;
    let r = kb.for_loop(lo, hi, &[acc], |b, i, c| {
        let v = b.load(x, &[Index::Full]);
        line = line!() + 1;
        let bad = b.add(v, i);
        vec![b.add(c[0], bad)]
    });
    let flag = kb.bool(true);
    let picked = kb.if_else(flag, |_| vec![r[0]], |b| vec![b.zeros(&[4], DType::F32)]);
    let s = kb.sum(picked[0], 0);
    let out = kb.mul(picked[0], s);
    kb.store(y, &[Index::Full], out);
    let e = rejected(kb);
    assert_eq!(e.errors.kinds(), vec![ErrorKind::DTypeMismatch], "{e}");
    assert_eq!(e.errors.0[0].location.line, line, "{e}");
    assert_eq!(
        e.errors.0[0].message,
        "operands are f32 and i32; insert a cast (e.g. `.to_f32()`) so both match"
    );
}

#[test]
fn three_independent_mistakes_are_three_errors_in_program_order() {
    let mut kb = KernelBuilder::new("three_bugs");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4]);
    let n = kb.input("n", DType::I32, &[4]);
    let y = kb.output("y", DType::F32, &[4]);
    let xv = kb.load(x, &[Index::Full]);
    let nv = kb.load(n, &[Index::Full]);
    let first = line!() + 1;
    let a = kb.add(xv, nv);
    kb.store(y, &[Index::Full], a);
    let second = line!() + 1;
    let s = kb.sum(xv, 2);
    let zero = kb.i32(0);
    kb.store(y, &[Index::at(zero)], s);
    let third = line!() + 1;
    kb.store(x, &[Index::Full], xv);
    let e = rejected(kb);
    let errors = &e.errors.0;
    assert_eq!(
        e.errors.kinds(),
        vec![
            ErrorKind::DTypeMismatch,
            ErrorKind::BadAxis,
            ErrorKind::StoreToInput
        ],
        "{e}"
    );
    let texts: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        texts,
        vec![
            format!(
                "kernel `three_bugs`, op `%2 = add %0, %1 : f32[4]` at {}: operands are f32 and \
                 i32; insert a cast (e.g. `.to_f32()`) so both match",
                at(file!(), first, "add(")
            ),
            format!(
                "kernel `three_bugs`, op `%3 = reduce.sum %0 axis 2 : f32[4]` at {}: reduce \
                 along axis 2 of a rank-1 tile",
                at(file!(), second, "sum(")
            ),
            format!(
                "kernel `three_bugs`, op `store %0 -> @x[:]` at {}: `x` is an input ref and \
                 cannot be stored to; declare it as an output or in/out",
                at(file!(), third, "store(")
            ),
        ]
    );
    assert_eq!(
        e.to_string(),
        format!(
            "3 errors in tile IR:\n  {}\n  {}\n  {}\n",
            texts[0], texts[1], texts[2]
        )
    );
}
