//! `matmul_q4_1`, `matmul_q8_0` and `gather_q8_0` against the f64
//! references, on random block bytes (every kind of f16 scale, every code),
//! on the interpreter and on PJRT CPU.
//!
//! Case counts are small (`PROPTEST_CASES` overrides them) so the file runs
//! in well under a minute.

mod common;

use common::*;
use proptest::prelude::*;
use tilekit_core::{Backend, DType, HostTensor, Interpreter};
use tilekit_kernels::reference::{self, Array64};
use tilekit_kernels::testdata::{random_tensor, Rng};
use tilekit_kernels::testdata_quant::random_quant_matrix;
use tilekit_kernels::{gather_q8_0, matmul_q4_1, matmul_q8_0, QuantFormat, QuantMatrix};

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// One product: `x[m, k] · W[n, k]ᵀ`.
#[derive(Clone, Copy, Debug)]
struct Shape {
    m: usize,
    n: usize,
    k: usize,
}

/// Free shapes for the interpreter: both paths (M ≤ 16 and above), N and
/// M tiles that divide and that do not (masked edges), K of 1 to 18 blocks
/// (chunks of 1, 2, 3, 4, 6 and 8 blocks).
fn shapes() -> impl Strategy<Value = Shape> {
    (
        prop::sample::select(vec![1usize, 3, 16, 17, 64, 70]),
        prop::sample::select(vec![1usize, 7, 64, 100, 128]),
        prop::sample::select(vec![32usize, 64, 96, 192, 256, 576]),
    )
        .prop_map(|(m, n, k)| Shape { m, n, k })
}

/// Fixed shapes for PJRT (each compiles once): the model's k/v projection
/// at decode, a masked small-path tile, and the tiled path with and
/// without masked edges.
#[rustfmt::skip]
const PJRT_SHAPES: [Shape; 4] = [
    Shape { m: 1, n: 192, k: 576 },
    Shape { m: 5, n: 100, k: 96 },
    Shape { m: 64, n: 128, k: 256 },
    Shape { m: 40, n: 70, k: 64 },
];

/// The property: `backend`'s product matches the reference within an f32
/// accumulation bound. The bound of element `[i, j]` is `1e-5 · Σ_k |x_ik| ·
/// max_k |W_jk|`: f32 rounding of each dequantized weight and of a K-term
/// sum is far below it, and a misplaced nibble or scale is far above.
fn check(
    backend: &dyn Backend,
    format: QuantFormat,
    s: Shape,
    seed: u64,
) -> Result<(), TestCaseError> {
    let mut rng = Rng::new(seed);
    let w = random_quant_matrix(&mut rng, format, s.n, s.k);
    let x = random_tensor(&mut rng, DType::F32, &[s.m, s.k], 1.0 / (s.k as f64).sqrt());
    let matrix = QuantMatrix {
        data: &w,
        n: s.n,
        k: s.k,
    };
    let (got, want, wd) = match format {
        QuantFormat::Q4_1 => (
            ok(matmul_q4_1(backend, &x, &matrix))?,
            ok(reference::matmul_q4_1(&x, &w, s.n, s.k))?,
            ok(reference::dequantize_q4_1(&w, s.n, s.k))?,
        ),
        QuantFormat::Q8_0 => (
            ok(matmul_q8_0(backend, &x, &matrix))?,
            ok(reference::matmul_q8_0(&x, &w, s.n, s.k))?,
            ok(reference::dequantize_q8_0(&w, s.n, s.k))?,
        ),
    };
    close_product(&got, &want, &Array64::from_host(&x), &wd)
}

fn close_product(
    got: &HostTensor,
    want: &Array64,
    x: &Array64,
    w: &Array64,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(got.shape(), want.shape.as_slice());
    let (m, n) = (want.shape[0], want.shape[1]);
    let got = got.to_f64_vec();
    for j in 0..n {
        let wmax = w.row(&[j]).iter().fold(0.0f64, |a, v| a.max(v.abs()));
        for i in 0..m {
            let xsum: f64 = x.row(&[i]).iter().map(|v| v.abs()).sum();
            let (g, e) = (got[i * n + j], want.data[i * n + j]);
            let bound = 1e-5 * xsum * wmax;
            prop_assert!(
                (g - e).abs() <= bound,
                "y[{}, {}] = {} but the reference is {} (bound {:.2e})",
                i,
                j,
                g,
                e,
                bound
            );
        }
    }
    Ok(())
}

/// Gathers `t` ids (repeats allowed, first and last rows included) of an
/// `[n, k]` Q8_0 matrix and compares exactly: each output is one f32
/// product of an f16 scale and an int8 code, exact in f32.
fn check_gather(
    backend: &dyn Backend,
    n: usize,
    k: usize,
    t: usize,
    seed: u64,
) -> Result<(), TestCaseError> {
    let mut rng = Rng::new(seed);
    let w = random_quant_matrix(&mut rng, QuantFormat::Q8_0, n, k);
    let mut ids: Vec<i32> = (0..t).map(|_| rng.below(n) as i32).collect();
    ids[0] = 0;
    ids[t - 1] = n as i32 - 1;
    let ids = HostTensor::from_i32(&[t], ids).unwrap();
    let got = ok(gather_q8_0(backend, &QuantMatrix { data: &w, n, k }, &ids))?;
    let want = ok(reference::gather_q8_0(&w, n, k, &ids))?;
    prop_assert_eq!(got.shape(), want.shape.as_slice());
    prop_assert_eq!(got.to_f64_vec(), want.data);
    Ok(())
}

proptest! {
    #![proptest_config(config(12))]

    #[test]
    fn matmul_q4_1_matches_reference_interp(s in shapes(), seed in any::<u64>()) {
        check(&Interpreter, QuantFormat::Q4_1, s, seed)?;
    }

    #[test]
    fn matmul_q8_0_matches_reference_interp(s in shapes(), seed in any::<u64>()) {
        check(&Interpreter, QuantFormat::Q8_0, s, seed)?;
    }

    #[test]
    fn gather_q8_0_matches_reference_interp(
        n in 1usize..50,
        k in prop::sample::select(vec![32usize, 96, 576]),
        t in 1usize..20,
        seed in any::<u64>(),
    ) {
        check_gather(&Interpreter, n, k, t, seed)?;
    }
}

proptest! {
    #![proptest_config(config(6))]

    #[test]
    fn matmul_q4_1_matches_reference_pjrt_cpu(s in one_of(&PJRT_SHAPES), seed in any::<u64>()) {
        check(pjrt(), QuantFormat::Q4_1, s, seed)?;
    }

    #[test]
    fn matmul_q8_0_matches_reference_pjrt_cpu(s in one_of(&PJRT_SHAPES), seed in any::<u64>()) {
        check(pjrt(), QuantFormat::Q8_0, s, seed)?;
    }

    #[test]
    fn gather_q8_0_matches_reference_pjrt_cpu(seed in any::<u64>()) {
        check_gather(pjrt(), 300, 576, 9, seed)?;
    }
}

#[test]
fn small_and_tiled_paths_agree_on_the_same_rows() {
    // Row 3 of a 17-row product (tiled path) equals the 1-row product of
    // that row alone (small path).
    let mut rng = Rng::new(5);
    let (n, k) = (72, 128);
    let w = random_quant_matrix(&mut rng, QuantFormat::Q4_1, n, k);
    let x = random_tensor(&mut rng, DType::F32, &[17, k], 0.1);
    let matrix = QuantMatrix { data: &w, n, k };
    let all = matmul_q4_1(&Interpreter, &x, &matrix).unwrap().to_f32_vec();
    let row = HostTensor::from_f32(DType::F32, &[1, k], &x.to_f32_vec()[3 * k..4 * k]).unwrap();
    let one = matmul_q4_1(&Interpreter, &row, &matrix)
        .unwrap()
        .to_f32_vec();
    for (a, b) in all[3 * n..4 * n].iter().zip(&one) {
        assert!((a - b).abs() <= 1e-5 * a.abs().max(1e-3), "{a} vs {b}");
    }
}

#[test]
fn empty_products_are_zero_sized_or_zero() {
    let w = HostTensor::from_u8(&[0], vec![]).unwrap();
    let x = HostTensor::zeros(DType::F32, &[3, 64]);
    let y = matmul_q8_0(
        &Interpreter,
        &x,
        &QuantMatrix {
            data: &w,
            n: 0,
            k: 64,
        },
    )
    .unwrap();
    assert_eq!(y.shape(), &[3, 0]);
    let x = HostTensor::zeros(DType::F32, &[0, 64]);
    let w = HostTensor::zeros(DType::U8, &[2 * 2 * 20]);
    let y = matmul_q4_1(
        &Interpreter,
        &x,
        &QuantMatrix {
            data: &w,
            n: 2,
            k: 64,
        },
    )
    .unwrap();
    assert_eq!(y.shape(), &[0, 2]);
}
