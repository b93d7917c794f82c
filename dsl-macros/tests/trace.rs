//! What `#[kernel]` expands to, checked by tracing and running kernels:
//! trace-time loops unroll, traced loops carry the variables they assign,
//! branches yield values, helpers inline, and errors only the trace can see
//! (a carried value changing shape) point at the user's line.

use tilekit_core::dsl::*;
use tilekit_core::ir::OpKind;
use tilekit_core::verify::ErrorKind;
use tilekit_core::{interp, DType, HostTensor, KernelArgs};

#[helper]
fn scaled_exp(t: Tile<f32>, by: f32) -> Tile<f32> {
    (t * by).exp()
}

#[kernel(grid = [x.dim(0)], name = "row_ops")]
#[allow(clippy::assign_op_pattern)] // plain assignments are what this tests
fn row_ops<const UNROLL: usize>(
    #[prefetch] lens: Prefetch<1>,
    x: Ref<f32, 2>,
    #[shape(x.shape())] y: RefMut<f32, 2>,
    #[shape([x.dim(0)])] total: RefMut<f32, 1>,
    flip: bool,
) {
    let i = program_id(0);
    let row = x.load([i, ..]);
    // Unrolled at trace time: no loop op.
    let mut doubled = row;
    for _ in 0..UNROLL {
        doubled = doubled * 2.0;
    }
    // A traced loop carrying a scalar sum over the first lens[i] columns.
    let mut sum = zeros::<f32>([]);
    for j in 0..lens[i] {
        sum += x.load([i, j]);
    }
    // A traced branch with a value and an assignment.
    let mut note = zeros::<f32>([]);
    let out = if sum.gt(0.0) {
        note = note + 1.0;
        scaled_exp(doubled, 0.5)
    } else {
        doubled
    };
    // A runtime bool scalar still branches in IR; a trace-time one prunes.
    let out = if flip { -out } else { out };
    let out = if UNROLL > 100 { out * 0.0 } else { out };
    y.store([i, ..], out);
    total.store([i..i + 1], (sum + note).reshape([1]));
}

fn run_row_ops(flip: bool) -> (Vec<f32>, Vec<f32>) {
    let shapes = RowOpsShapes {
        lens: [2],
        x: [2, 3],
    };
    let kernel = row_ops::<2>(&shapes).unwrap_or_else(|e| panic!("{e}"));
    let k = kernel.kernel();
    let loops = k
        .ops
        .iter()
        .filter(|o| matches!(o.kind, OpKind::For { .. }))
        .count();
    assert_eq!(
        loops,
        1,
        "the trace-time loop must unroll:\n{}",
        kernel.to_text()
    );
    let x = HostTensor::from_f32(DType::F32, &[2, 3], &[1.0, -2.0, 3.0, -1.0, -1.0, 2.0]).unwrap();
    let args = KernelArgs::new()
        .tensor("lens", HostTensor::from_i32(&[2], vec![3, 2]).unwrap())
        .tensor("x", x)
        .scalar("flip", flip.into());
    let out = interp::run(&kernel, &args).unwrap();
    (out["y"].to_f32_vec(), out["total"].to_f32_vec())
}

#[test]
fn loops_branches_and_helpers_trace_and_run() {
    let (y, total) = run_row_ops(false);
    // Row 0 sums to 2 > 0: exp(0.5 * 4x) and note = 1; row 1 sums to -2: 4x.
    let want_row0: Vec<f32> = [1.0f32, -2.0, 3.0]
        .iter()
        .map(|v| (v * 4.0 * 0.5).exp())
        .collect();
    assert_eq!(&y[..3], &want_row0[..]);
    assert_eq!(&y[3..], &[-4.0, -4.0, 8.0]);
    assert_eq!(total, vec![3.0, -2.0]);
    let (y_flipped, _) = run_row_ops(true);
    assert_eq!(y_flipped[3], 4.0);
}

#[kernel(grid = [x.dim(0)])]
fn shape_changes(
    #[prefetch] lens: Prefetch<1>,
    x: Ref<f32, 2>,
    #[shape(x.shape())] y: RefMut<f32, 2>,
) {
    let i = program_id(0);
    let mut acc = x.load([i, ..]);
    for _j in 0..lens[i] {
        acc = acc.sum(0);
    }
    y.store([i, ..], acc);
}

#[test]
fn a_carried_value_changing_shape_names_the_variable_and_the_loop_line() {
    let err = shape_changes(&ShapeChangesShapes {
        lens: [2],
        x: [2, 4],
    })
    .unwrap_err();
    let errors = &err.errors.0;
    assert_eq!(errors.len(), 1, "{err}");
    assert_eq!(errors[0].kind, ErrorKind::CarriedTypeChanged);
    assert!(errors[0].message.contains("`acc`"), "{err}");
    assert!(errors[0].message.contains("f32[4]"), "{err}");
    let line = errors[0].location.line as usize;
    let source = include_str!("trace.rs");
    assert!(
        source
            .lines()
            .nth(line - 1)
            .unwrap()
            .contains("for _j in 0..lens[i]"),
        "{err}"
    );
}

#[kernel(grid = [x.dim(0), x.dim(1) / 4], semantics = [parallel, arbitrary])]
fn column_sums(
    x: Ref<f32, 2>,
    #[shape([x.dim(0), 4])] y: RefMut<f32, 2>,
    #[shape([4])] acc: Scratch<f32, 1>,
) {
    let (i, c) = (program_id(0), program_id(1));
    let part = x.load([i, c * 4..c * 4 + 4]);
    let first = c.eq(0);
    let prev = acc.load([..]);
    let sum = select(first, part, prev + part);
    acc.store([..], sum);
    y.store([i, ..], sum);
}

#[test]
fn semantics_and_scratch_accumulate_across_an_arbitrary_axis() {
    let kernel = column_sums(&ColumnSumsShapes { x: [1, 8] }).unwrap();
    assert_eq!(kernel.info().parallel_axes, vec![true, false]);
    let x =
        HostTensor::from_f32(DType::F32, &[1, 8], &[1., 2., 3., 4., 10., 20., 30., 40.]).unwrap();
    let out = interp::run(&kernel, &KernelArgs::new().tensor("x", x)).unwrap();
    assert_eq!(out["y"].to_f32_vec(), vec![11.0, 22.0, 33.0, 44.0]);
}
