//! Checking a kernel's output against its reference, with the tolerances of
//! `KERNELS.md`.
//!
//! Errors are plain strings meant to be printed by a failing test: they name
//! the tensor, the worst element, both values there, and the statistics, so
//! the failure says by how much and where without a rerun.

use super::Array64;
use tilekit_core::{DType, HostTensor};

/// Absolute error bounds for outputs of order 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerance {
    pub max_abs: f64,
    pub mean_abs: f64,
}

impl Tolerance {
    /// The bound for kernels fed inputs of dtype `d`: bf16 2e-2 max / 2e-3
    /// mean; f16 2e-3 / 2e-3; f32 1e-4 / 1e-4; integer and bool outputs exact.
    pub fn for_dtype(d: DType) -> Tolerance {
        let (max_abs, mean_abs) = match d {
            DType::Bf16 => (2e-2, 2e-3),
            DType::F16 => (2e-3, 2e-3),
            DType::F32 => (1e-4, 1e-4),
            // fp8 inputs: a relative step of 2^-3 (E4M3) or 2^-2 (E5M2),
            // of which products and sums of order-1 values keep a part.
            DType::F8E4M3 => (6e-2, 1e-2),
            DType::F8E5M2 => (1.2e-1, 2e-2),
            DType::I32 | DType::Bool | DType::I8 | DType::U8 | DType::U16 => (0.0, 0.0),
        };
        Tolerance { max_abs, mean_abs }
    }
}

/// Error statistics over the finite elements of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorStats {
    pub max_abs: f64,
    pub mean_abs: f64,
    /// Multi-index of the largest error (empty when there is none).
    pub worst_index: Vec<usize>,
}

/// Compares `actual` with `expected` elementwise.
///
/// Fails on a shape mismatch, on NaN on either side, on a non-finite value
/// that is not matched exactly (an empty row's `lse = -inf` must be `-inf`),
/// and when the max or mean absolute error exceeds `tol`. Matching infinities
/// are not counted in the statistics.
pub fn compare(
    name: &str,
    actual: &HostTensor,
    expected: &Array64,
    tol: Tolerance,
) -> Result<ErrorStats, String> {
    if actual.shape() != expected.shape.as_slice() {
        return Err(format!(
            "{name}: shape {:?} does not match the reference's {:?}",
            actual.shape(),
            expected.shape
        ));
    }
    if expected.data.len() != expected.shape.iter().product::<usize>() {
        return Err(format!(
            "{name}: malformed reference: shape {:?} with {} values",
            expected.shape,
            expected.data.len()
        ));
    }
    let got = actual.to_f64_vec();
    let (mut max_abs, mut sum, mut count, mut worst) = (0.0f64, 0.0f64, 0usize, None);
    for (i, (&a, &e)) in got.iter().zip(&expected.data).enumerate() {
        if a.is_nan() || e.is_nan() {
            let side = if e.is_nan() {
                "the reference"
            } else {
                "the output"
            };
            return Err(format!(
                "{name}: NaN in {side} at {:?} (actual {a}, expected {e})",
                unravel(i, &expected.shape)
            ));
        }
        if !a.is_finite() || !e.is_finite() {
            if a != e {
                return Err(format!(
                    "{name}: at {:?} actual {a}, expected {e} (non-finite values must match exactly)",
                    unravel(i, &expected.shape)
                ));
            }
            continue;
        }
        let err = (a - e).abs();
        sum += err;
        count += 1;
        if worst.is_none() || err > max_abs {
            max_abs = err;
            worst = Some(i);
        }
    }
    let stats = ErrorStats {
        max_abs,
        mean_abs: if count == 0 { 0.0 } else { sum / count as f64 },
        worst_index: worst
            .map(|i| unravel(i, &expected.shape))
            .unwrap_or_default(),
    };
    if stats.max_abs > tol.max_abs || stats.mean_abs > tol.mean_abs {
        // With no finite element (only possible with a negative tolerance)
        // there is no worst value to show.
        let (a, e) = worst.map_or((f64::NAN, f64::NAN), |i| (got[i], expected.data[i]));
        return Err(format!(
            "{name}: max abs error {:.3e} at {:?} (actual {}, expected {}), mean abs error {:.3e}; \
             tolerance max {:.1e}, mean {:.1e}",
            stats.max_abs, stats.worst_index, a, e, stats.mean_abs, tol.max_abs, tol.mean_abs
        ));
    }
    Ok(stats)
}

/// Row-major multi-index of flat offset `i`.
fn unravel(mut i: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for (slot, &n) in idx.iter_mut().zip(shape).rev() {
        *slot = i % n;
        i /= n;
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arr(shape: &[usize], data: Vec<f64>) -> Array64 {
        Array64 {
            shape: shape.to_vec(),
            data,
        }
    }

    fn f32t(shape: &[usize], vals: &[f32]) -> HostTensor {
        HostTensor::from_f32(DType::F32, shape, vals).unwrap()
    }

    #[test]
    fn tolerances_match_kernels_md() {
        assert_eq!(
            Tolerance::for_dtype(DType::Bf16),
            Tolerance {
                max_abs: 2e-2,
                mean_abs: 2e-3
            }
        );
        assert_eq!(
            Tolerance::for_dtype(DType::F16),
            Tolerance {
                max_abs: 2e-3,
                mean_abs: 2e-3
            }
        );
        assert_eq!(
            Tolerance::for_dtype(DType::F32),
            Tolerance {
                max_abs: 1e-4,
                mean_abs: 1e-4
            }
        );
    }

    #[test]
    fn within_tolerance_reports_stats() {
        let exp = arr(&[2, 2], vec![1.0, 2.0, 3.0, f64::NEG_INFINITY]);
        let act = f32t(&[2, 2], &[1.0, 2.01, 3.0, f32::NEG_INFINITY]);
        let tol = Tolerance {
            max_abs: 2e-2,
            mean_abs: 1e-2,
        };
        let s = compare("o", &act, &exp, tol).unwrap();
        assert_eq!(s.worst_index, vec![0, 1]);
        assert!((s.max_abs - 0.01).abs() < 1e-6);
        assert!(
            (s.mean_abs - 0.01 / 3.0).abs() < 1e-6,
            "infinities are not averaged in"
        );
    }

    #[test]
    fn failures_name_tensor_index_and_values() {
        let exp = arr(&[1, 3], vec![0.0, 1.0, 2.0]);
        let e = compare(
            "lse",
            &f32t(&[1, 3], &[0.0, 1.5, 2.0]),
            &exp,
            Tolerance::for_dtype(DType::F16),
        )
        .unwrap_err();
        assert!(
            e.starts_with("lse: max abs error 5.000e-1 at [0, 1] (actual 1.5, expected 1)"),
            "{e}"
        );
        let e = compare(
            "o",
            &f32t(&[3], &[0.0; 3]),
            &exp,
            Tolerance::for_dtype(DType::F32),
        )
        .unwrap_err();
        assert!(e.contains("shape [3] does not match"), "{e}");
        let e = compare(
            "o",
            &f32t(&[1, 3], &[0.0, f32::NAN, 2.0]),
            &exp,
            Tolerance::for_dtype(DType::F32),
        )
        .unwrap_err();
        assert!(e.contains("NaN in the output at [0, 1]"), "{e}");
        let minf = arr(&[1], vec![f64::NEG_INFINITY]);
        let e = compare(
            "lse",
            &f32t(&[1], &[-1e30]),
            &minf,
            Tolerance::for_dtype(DType::F32),
        )
        .unwrap_err();
        assert!(e.contains("expected -inf"), "{e}");
        let e = compare(
            "lse",
            &f32t(&[1], &[f32::INFINITY]),
            &minf,
            Tolerance::for_dtype(DType::F32),
        )
        .unwrap_err();
        assert!(e.contains("actual inf"), "{e}");
        // Mean-only failure: many small errors under the max bound.
        let exp = arr(&[4], vec![0.0; 4]);
        assert!(compare(
            "o",
            &f32t(&[4], &[0.015; 4]),
            &exp,
            Tolerance::for_dtype(DType::Bf16)
        )
        .is_err());
    }
}
