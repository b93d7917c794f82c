//! The facts `KernelInfo` publishes for backends beyond the pipeline:
//! program-id dependence (the rule for loops) and how each dot reads its
//! operands; and the interpreter's tile math refusing impossible operands.

use tilekit_core::interp::Tile;
use tilekit_core::ir::{CmpOp, ConstValue, Index, OpId, ReduceOp, UnaryOp, Value};
use tilekit_core::verify::AxisSet;
use tilekit_core::{DType, KernelBuilder};

fn axes(list: &[usize]) -> AxisSet {
    list.iter()
        .fold(AxisSet::EMPTY, |acc, &a| acc | AxisSet::single(a))
}

/// Values of a loop `for j in lo..len[p0]` carrying `acc`, over a grid of
/// two axes; the loop's lower bound depends on axis 1 when `lower_on_1`.
struct Loop {
    iv: Value,
    carried: Value,
    uniform_in_body: Value,
    result: Value,
    branch: [Value; 2],
}

fn loop_kernel(lower_on_1: bool) -> (tilekit_core::VerifiedKernel, Loop) {
    let mut kb = KernelBuilder::new("deps");
    kb.grid(&[2, 3]);
    let lens = kb.prefetch("lens", &[2]);
    let y = kb.output("y", DType::F32, &[2, 3]);
    let p0 = kb.program_id(0);
    let p1 = kb.program_id(1);
    let len = kb.prefetch_read(lens, &[p0]);
    let lo = if lower_on_1 { p1 } else { kb.i32(0) };
    let acc = kb.f32(0.0);
    let mut vals = None;
    let r = kb.for_loop(lo, len, &[acc], |b, j, c| {
        let one = b.f32(1.0);
        vals = Some((j, c[0], one));
        vec![b.add(c[0], one)]
    });
    // An `if` on a uniform condition: result 0 is per-program only
    // through its own yields.
    let t = kb.bool(true);
    let branch = kb.if_else(
        t,
        |b| vec![b.f32(2.0), b.cast(p1, DType::F32)],
        |b| vec![b.f32(3.0), b.f32(4.0)],
    );
    let v = kb.add(r[0], branch[1]);
    let v = kb.add(v, branch[0]);
    kb.store(y, &[Index::at(p0), Index::at(p1)], v);
    let (iv, carried, uniform_in_body) = vals.unwrap();
    let l = Loop {
        iv,
        carried,
        uniform_in_body,
        result: r[0],
        branch: [branch[0], branch[1]],
    };
    (kb.finish().unwrap(), l)
}

#[test]
fn loop_induction_variables_depend_on_the_lower_bound_only() {
    let (vk, l) = loop_kernel(false);
    let info = vk.info();
    // `upper` (len[p0]) decides how many iterations run, not the iv's value.
    assert_eq!(info.axes_of(l.iv), AxisSet::EMPTY);
    assert_eq!(info.axes_of(l.uniform_in_body), AxisSet::EMPTY);
    // Carried state and results differ once trip counts do.
    assert_eq!(info.axes_of(l.carried), axes(&[0]));
    assert_eq!(info.axes_of(l.result), axes(&[0]));
    assert_eq!(info.axes_of(l.branch[0]), AxisSet::EMPTY);
    assert_eq!(info.axes_of(l.branch[1]), axes(&[1]));

    let (vk, l) = loop_kernel(true);
    assert_eq!(vk.info().axes_of(l.iv), axes(&[1]));
    assert_eq!(vk.info().axes_of(l.carried), axes(&[0, 1]));
    assert!(axes(&[0, 1]).contains(1) && !axes(&[1]).contains(0));
    assert_eq!(format!("{:?}", axes(&[0, 2])), "{0, 2}");
}

/// `dot(a, b.t())` twice, plus `dot(a, c)` where `c.t()` also feeds an add.
fn dots() -> (tilekit_core::VerifiedKernel, [OpId; 5]) {
    let mut kb = KernelBuilder::new("dots");
    kb.grid(&[1]);
    let x = kb.input("x", DType::Bf16, &[4, 4]);
    let o = kb.output("o", DType::F32, &[4, 4]);
    let a = kb.load(x, &[Index::Full, Index::Full]);
    let next = |kb: &KernelBuilder| OpId(kb.kernel().ops.len() as u32);
    let t_op = next(&kb);
    let bt = kb.t(a);
    let d1_op = next(&kb);
    let d1 = kb.dot(a, bt);
    let d2_op = next(&kb);
    let d2 = kb.dot(a, bt);
    let u_op = next(&kb);
    let ct = kb.t(a);
    let d3_op = next(&kb);
    let d3 = kb.dot(a, ct);
    let ct32 = kb.cast(ct, DType::F32);
    let s = kb.add(d1, d2);
    let s = kb.add(s, d3);
    let s = kb.add(s, ct32);
    kb.store(o, &[Index::Full, Index::Full], s);
    (kb.finish().unwrap(), [t_op, d1_op, d2_op, u_op, d3_op])
}

#[test]
fn dots_read_a_transposed_rhs_in_place_when_only_dots_use_it() {
    let (vk, [t_op, d1, d2, u_op, d3]) = dots();
    let info = vk.info();
    let k = vk.kernel();
    let a = k.op(d1).kind.operands()[0];
    assert_eq!(info.dots.len(), 3);
    for d in [d1, d2] {
        let facts = info.dot(d).unwrap();
        assert_eq!(
            (facts.lhs, facts.rhs, facts.rhs_transpose),
            (a, a, Some(t_op))
        );
    }
    assert!(info.is_folded_transpose(t_op));
    // `c.t()` is also cast, so it is materialised and read as it is.
    let facts = info.dot(d3).unwrap();
    assert_eq!(facts.rhs, k.op(u_op).results[0]);
    assert_eq!(facts.rhs_transpose, None);
    assert!(!info.is_folded_transpose(u_op));
    assert!(info.dot(t_op).is_none());
}

#[test]
fn structured_op_views_say_what_they_found() {
    let (vk, _) = dots();
    let k = vk.kernel();
    let e = k.for_op(OpId(0)).unwrap_err();
    assert_eq!(e, "internal error: expected a `for` op, found `load`");
    assert!(k.if_op(OpId(0)).is_err());
    let (vk, l) = loop_kernel(false);
    let k = vk.kernel();
    let for_op = (0..k.ops.len() as u32)
        .map(OpId)
        .find(|&o| k.for_op(o).is_ok())
        .unwrap();
    let f = k.for_op(for_op).unwrap();
    assert_eq!((f.iv(), f.carried()[0], f.step), (l.iv, l.carried, 1));
}

#[test]
fn tile_math_on_impossible_operands_is_an_error() {
    let i = Tile::splat(DType::I32, &[2, 2], ConstValue::Int(1));
    let f = Tile::splat(DType::F32, &[2, 2], ConstValue::Float(1.0));
    let b = Tile::splat(DType::Bool, &[2, 2], ConstValue::Bool(true));
    assert_eq!(i.dot(&i).unwrap_err(), "dot of a i32 tile and a i32 tile");
    assert_eq!(f.dot(&f).unwrap().to_f32(), vec![2.0; 4]);
    assert!(i.compare(CmpOp::Lt, &f).is_err());
    assert!(Tile::select(&i, &f, &f).is_err());
    assert!(Tile::select(&b, &f, &i).is_err());
    assert!(f.unary(UnaryOp::Not).is_err());
    assert!(i.unary(UnaryOp::Exp).is_err());
    assert!(b.unary(UnaryOp::Neg).is_err());
    assert!(b.reduce(ReduceOp::Sum, 0).is_err());
    assert_eq!(i.unary(UnaryOp::Not).unwrap().scalar_i32(), !1);
}
