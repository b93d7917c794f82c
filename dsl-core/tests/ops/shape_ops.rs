//! Shape ops: broadcast, reduce, dot, transpose, reshape.

use super::*;

#[test]
fn broadcast_scalars_vectors_and_size_one_dims() {
    let v3 = tensor(DType::F32, &[3], &[1.0, 2.0, 3.0]);
    let ys = apply_many(std::slice::from_ref(&v3), |kb, x| {
        let s = kb.f32(4.5);
        vec![
            kb.broadcast(s, &[2, 3], &[]),
            kb.expand_col(x[0], 4), // [3] -> [3, 4]
            kb.expand_row(x[0], 2), // [3] -> [2, 3]
            kb.broadcast(x[0], &[2, 3, 4], &[1]),
        ]
    });
    assert_eq!(ys[0].shape(), &[2, 3]);
    assert_bits(&floats(&ys[0]), &[4.5; 6], "scalar");
    let col: Vec<f32> = (0..3).flat_map(|i| [i as f32 + 1.0; 4]).collect();
    assert_bits(&floats(&ys[1]), &col, "column broadcast");
    let row: Vec<f32> = (0..2).flat_map(|_| [1.0, 2.0, 3.0]).collect();
    assert_bits(&floats(&ys[2]), &row, "row broadcast");
    let mid: Vec<f32> = (0..2)
        .flat_map(|_| (0..3).flat_map(|j| [j as f32 + 1.0; 4]))
        .collect();
    assert_bits(&floats(&ys[3]), &mid, "[3] -> [2, 3, 4] along dim 1");

    // Size-1 dims stretch.
    let r13 = tensor(DType::Bf16, &[1, 3], &[1.0, 2.0, 3.0]);
    let c31 = i32_tensor(&[3, 1], &[7, 8, 9]);
    let t211 = tensor(DType::F32, &[2, 1, 1], &[-1.0, 1.0]);
    let ys = apply_many(&[r13, c31, t211], |kb, x| {
        vec![
            kb.broadcast(x[0], &[4, 3], &[0, 1]),
            kb.broadcast(x[1], &[3, 5], &[0, 1]),
            kb.broadcast(x[2], &[2, 3, 4], &[0, 1, 2]),
            kb.broadcast(x[0], &[2, 1, 3], &[1, 2]),
        ]
    });
    assert_eq!(ys[0].dtype(), DType::Bf16);
    assert_bits(
        &floats(&ys[0]),
        &[[1.0, 2.0, 3.0]; 4].concat(),
        "[1,3] -> [4,3]",
    );
    assert_eq!(
        ints(&ys[1]),
        [[7; 5], [8; 5], [9; 5]].concat(),
        "[3,1] -> [3,5]"
    );
    assert_bits(
        &floats(&ys[2]),
        &[[-1.0; 12], [1.0; 12]].concat(),
        "[2,1,1] -> [2,3,4]",
    );
    assert_eq!(ys[3].shape(), &[2, 1, 3]);
    assert_bits(
        &floats(&ys[3]),
        &[1.0, 2.0, 3.0, 1.0, 2.0, 3.0],
        "[1,3] -> [2,1,3]",
    );
}

/// Reference reduction of a rank-3 row-major tile along `axis`, accumulating
/// in index order from `init` and rounding once at the end.
fn reduce3(x: &[f32], s: [usize; 3], axis: usize, init: f32, f: F2, dt: DType) -> Vec<f32> {
    let mut out = Vec::new();
    let others: Vec<usize> = (0..3).filter(|&d| d != axis).collect();
    for a in 0..s[others[0]] {
        for b in 0..s[others[1]] {
            let mut acc = init;
            for j in 0..s[axis] {
                let mut idx = [0; 3];
                idx[others[0]] = a;
                idx[others[1]] = b;
                idx[axis] = j;
                acc = f(acc, x[(idx[0] * s[1] + idx[1]) * s[2] + idx[2]]);
            }
            out.push(dt.round_f32(acc));
        }
    }
    out
}

#[test]
fn reductions_along_each_axis_of_a_rank_3_tile() {
    let s = [2usize, 3, 4];
    let data: Vec<f32> = (0..24)
        .map(|i| ((i * 7 % 11) as f32 - 5.0) * 0.3 + (i as f32).sin())
        .collect();
    let ops: [(ReduceOp, f32, F2); 3] = [
        (ReduceOp::Sum, 0.0, |a, b| a + b),
        (ReduceOp::Max, f32::NEG_INFINITY, nan_max),
        (ReduceOp::Min, f32::INFINITY, nan_min),
    ];
    for dtype in FLOATS {
        let input = tensor(dtype, &s, &data);
        let x = floats(&input);
        for (op, init, f) in ops {
            for axis in 0..3 {
                let y = apply(std::slice::from_ref(&input), |kb, v| {
                    kb.reduce(op, v[0], axis)
                });
                let mut shape = s.to_vec();
                shape.remove(axis);
                assert_eq!(y.shape(), &shape[..]);
                assert_eq!(y.dtype(), dtype);
                let want = reduce3(&x, s, axis, init, f, dtype);
                assert_bits(
                    &floats(&y),
                    &want,
                    &format!("{op:?} axis {axis} on {dtype}"),
                );
            }
        }
    }
    let idata: Vec<i32> = (0..24)
        .map(|i| (i * 37 % 23) - 11 + if i == 5 { i32::MAX } else { 0 })
        .collect();
    let input = i32_tensor(&s, &idata);
    let iops: [(ReduceOp, i32, I2); 3] = [
        (ReduceOp::Sum, 0, i32::wrapping_add),
        (ReduceOp::Max, i32::MIN, std::cmp::max),
        (ReduceOp::Min, i32::MAX, std::cmp::min),
    ];
    for (op, init, f) in iops {
        for axis in 0..3 {
            let y = apply(std::slice::from_ref(&input), |kb, v| {
                kb.reduce(op, v[0], axis)
            });
            let others: Vec<usize> = (0..3).filter(|&d| d != axis).collect();
            let mut want = Vec::new();
            for a in 0..s[others[0]] {
                for b in 0..s[others[1]] {
                    let mut acc = init;
                    for j in 0..s[axis] {
                        let mut idx = [0; 3];
                        idx[others[0]] = a;
                        idx[others[1]] = b;
                        idx[axis] = j;
                        acc = f(acc, idata[(idx[0] * s[1] + idx[1]) * s[2] + idx[2]]);
                    }
                    want.push(acc);
                }
            }
            assert_eq!(ints(&y), want, "i32 {op:?} axis {axis}");
        }
    }
}

#[test]
fn reductions_round_once_and_propagate_nan() {
    // Summed in f32 then rounded: 1 + 2^-8 + 2^-8 = 1 + 2^-7 exactly. Rounding
    // after each addition would give 1.
    let x = tensor(DType::Bf16, &[1, 3], &[1.0, pow2(-8), pow2(-8)]);
    let y = apply(&[x], |kb, v| kb.sum(v[0], 1));
    assert_eq!(floats(&y), [1.0 + pow2(-7)]);
    let x = tensor(DType::F32, &[2, 3], &[1.0, f32::NAN, 3.0, -1.0, -2.0, -3.0]);
    let ys = apply_many(&[x], |kb, v| {
        vec![
            kb.reduce_max(v[0], 1),
            kb.reduce_min(v[0], 1),
            kb.sum(v[0], 1),
        ]
    });
    let (max, min, sum) = (floats(&ys[0]), floats(&ys[1]), floats(&ys[2]));
    assert!(max[0].is_nan() && min[0].is_nan() && sum[0].is_nan());
    assert_eq!((max[1], min[1], sum[1]), (-1.0, -3.0, -6.0));
}

#[test]
fn dot_of_non_square_tiles_accumulates_in_f32() {
    let (m, k, n) = (3usize, 5usize, 2usize);
    let a: Vec<f32> = (0..m * k).map(|i| (i as f32 * 0.37).sin() * 2.0).collect();
    let b: Vec<f32> = (0..k * n).map(|i| (i as f32 * 0.91).cos() * 1.5).collect();
    for dtype in FLOATS {
        let (ta, tb) = (tensor(dtype, &[m, k], &a), tensor(dtype, &[k, n], &b));
        let (ra, rb) = (floats(&ta), floats(&tb));
        let ys = apply_many(&[ta, tb], |kb, v| {
            let d = kb.dot(v[0], v[1]);
            let bt = kb.t(v[1]);
            let at = kb.t(v[0]);
            let d2 = kb.dot(bt, at); // [n, m] = (a b)^T
            vec![d, d2]
        });
        assert_eq!(ys[0].dtype(), DType::F32);
        assert_eq!(ys[0].shape(), &[m, n]);
        let mut want = vec![0f32; m * n];
        let mut want_t = vec![0f32; n * m];
        for i in 0..m {
            for j in 0..n {
                let mut acc = 0f32;
                for kk in 0..k {
                    acc += ra[i * k + kk] * rb[kk * n + j];
                }
                want[i * n + j] = acc;
                let mut acc = 0f32;
                for kk in 0..k {
                    acc += rb[kk * n + j] * ra[i * k + kk];
                }
                want_t[j * m + i] = acc;
            }
        }
        assert_bits(&floats(&ys[0]), &want, &format!("dot on {dtype}"));
        assert_bits(
            &floats(&ys[1]),
            &want_t,
            &format!("transposed dot on {dtype}"),
        );
    }
}

#[test]
fn transpose_rank_2_and_rank_3() {
    let x2: Vec<f32> = (0..6).map(|i| i as f32).collect();
    let y = apply(&[tensor(DType::F32, &[2, 3], &x2)], |kb, v| kb.t(v[0]));
    assert_eq!(y.shape(), &[3, 2]);
    assert_eq!(floats(&y), [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    let s = [2usize, 3, 4];
    let x3: Vec<i32> = (0..24).collect();
    for perm in [[0, 1, 2], [2, 0, 1], [1, 2, 0], [0, 2, 1], [2, 1, 0]] {
        let y = apply(&[i32_tensor(&s, &x3)], |kb, v| kb.transpose(v[0], &perm));
        let rs = [s[perm[0]], s[perm[1]], s[perm[2]]];
        assert_eq!(y.shape(), &rs);
        let mut want = Vec::new();
        for r0 in 0..rs[0] {
            for r1 in 0..rs[1] {
                for r2 in 0..rs[2] {
                    let mut idx = [0; 3];
                    idx[perm[0]] = r0;
                    idx[perm[1]] = r1;
                    idx[perm[2]] = r2;
                    want.push(x3[(idx[0] * s[1] + idx[1]) * s[2] + idx[2]]);
                }
            }
        }
        assert_eq!(ints(&y), want, "perm {perm:?}");
    }
}

#[test]
fn reshape_is_row_major() {
    let x: Vec<f32> = (0..12).map(|i| i as f32 * 0.5).collect();
    let ys = apply_many(&[tensor(DType::Bf16, &[2, 6], &x)], |kb, v| {
        let a = kb.reshape(v[0], &[3, 4]);
        let b = kb.reshape(a, &[12]);
        let c = kb.reshape(b, &[2, 1, 3, 2]);
        let t = kb.t(v[0]); // [6, 2]
        let d = kb.reshape(t, &[12]);
        vec![a, b, c, d]
    });
    assert_eq!(ys[0].shape(), &[3, 4]);
    assert_eq!(ys[2].shape(), &[2, 1, 3, 2]);
    for y in &ys[..3] {
        assert_bits(&floats(y), &x, "reshape keeps row-major order");
    }
    let want: Vec<f32> = (0..6).flat_map(|j| [x[j], x[6 + j]]).collect();
    assert_bits(&floats(&ys[3]), &want, "reshape of a transposed tile");
}
