//! Grid, constants, iota.

use super::*;

#[test]
fn program_id_over_a_3_axis_grid() {
    let mut kb = KernelBuilder::new("pid");
    kb.grid(&[2, 3, 4]);
    let ids = kb.output("ids", DType::I32, &[2, 3, 4]);
    let order = kb.output("order", DType::I32, &[2, 3, 4]);
    let counter = kb.scratch("counter", DType::I32, &[]);
    let p: Vec<Value> = (0..3).map(|a| kb.program_id(a)).collect();
    let (c100, c10) = (kb.i32(100), kb.i32(10));
    let a = kb.mul(p[0], c100);
    let b = kb.mul(p[1], c10);
    let s = kb.add(a, b);
    let s = kb.add(s, p[2]);
    let at = [Index::at(p[0]), Index::at(p[1]), Index::at(p[2])];
    kb.store(ids, &at, s);
    // The interpreter runs programs in row-major order; a scratch counter
    // records the position of each program in that order.
    let n = kb.load(counter, &[]);
    kb.store(order, &at, n);
    let one = kb.i32(1);
    let n1 = kb.add(n, one);
    kb.store(counter, &[], n1);
    let out = run_ok(&finish(kb), &KernelArgs::new());
    let mut want_ids = Vec::new();
    for i in 0..2 {
        for j in 0..3 {
            for k in 0..4 {
                want_ids.push(100 * i + 10 * j + k);
            }
        }
    }
    assert_eq!(ints(&out["ids"]), want_ids);
    assert_eq!(ints(&out["order"]), (0..24).collect::<Vec<i32>>());
}

#[test]
fn constants_of_every_dtype() {
    let ys = apply_many(&[], |kb, _| {
        vec![
            kb.full(&[2, 2], DType::F32, 0.1),
            kb.full(&[3], DType::Bf16, 0.1),
            kb.full(&[3], DType::Bf16, 1.0 + 2f64.powi(-8)),
            kb.full(&[2], DType::F16, 1.0 + 2f64.powi(-11)),
            kb.full(&[2], DType::F16, 70000.0),
            kb.constant(ConstValue::Int(-7), Type::tile(DType::I32, &[3])),
            kb.constant(ConstValue::Bool(true), Type::tile(DType::Bool, &[2])),
            kb.f32(2.5),
            kb.i32(i32::MIN),
            kb.bool(false),
            kb.zeros(&[2], DType::Bf16),
            kb.zeros(&[2], DType::I32),
            kb.zeros(&[2], DType::Bool),
            kb.constant(ConstValue::Int(3), Type::tile(DType::F16, &[2])),
        ]
    });
    assert_bits(&floats(&ys[0]), &[0.1f32; 4], "f32 0.1");
    assert_eq!(ys[0].shape(), &[2, 2]);
    assert_bits(
        &floats(&ys[1]),
        &[half::bf16::from_f32(0.1).to_f32(); 3],
        "bf16 0.1",
    );
    assert_eq!(ys[1].dtype(), DType::Bf16);
    assert_bits(&floats(&ys[2]), &[1.0; 3], "bf16 tie rounds to even");
    assert_bits(&floats(&ys[3]), &[1.0; 2], "f16 tie rounds to even");
    assert_bits(&floats(&ys[4]), &[f32::INFINITY; 2], "f16 overflow");
    assert_eq!(ints(&ys[5]), [-7; 3]);
    assert_eq!(bools(&ys[6]), [true; 2]);
    assert_bits(&floats(&ys[7]), &[2.5], "f32 scalar");
    assert_eq!(ys[7].shape(), &[] as &[usize]);
    assert_eq!(ints(&ys[8]), [i32::MIN]);
    assert_eq!(bools(&ys[9]), [false]);
    assert_bits(&floats(&ys[10]), &[0.0; 2], "bf16 zeros");
    assert_eq!(ints(&ys[11]), [0; 2]);
    assert_eq!(bools(&ys[12]), [false; 2]);
    assert_bits(&floats(&ys[13]), &[3.0; 2], "int constant of a float tile");
}

#[test]
fn iota_i32_and_floats_along_each_dim() {
    let shape = [2usize, 3, 4];
    for dtype in [DType::I32, DType::F32, DType::Bf16] {
        for dim in 0..3 {
            let y = apply(&[], |kb, _| kb.iota(&shape, dim, dtype));
            assert_eq!(y.dtype(), dtype);
            assert_eq!(y.shape(), &shape);
            let mut want = Vec::new();
            for i in 0..2 {
                for j in 0..3 {
                    for k in 0..4 {
                        want.push([i, j, k][dim]);
                    }
                }
            }
            if dtype == DType::I32 {
                assert_eq!(ints(&y), want, "{dtype} iota dim {dim}");
            } else {
                let want: Vec<f32> = want.iter().map(|&c| c as f32).collect();
                assert_bits(&floats(&y), &want, &format!("{dtype} iota dim {dim}"));
            }
        }
    }
    // Coordinates past 256 are not all bf16 values: each is rounded.
    let y = apply(&[], |kb, _| kb.iota(&[1, 300], 1, DType::Bf16));
    let want: Vec<f32> = (0..300).map(|c| DType::Bf16.round_f32(c as f32)).collect();
    assert_bits(&floats(&y), &want, "bf16 iota 0..300");
    assert_eq!(floats(&y)[257], 256.0);
    assert_eq!(floats(&y)[259], 260.0);
}
