//! Plain-Rust ground truth for every shipped kernel, in f64.
//!
//! Nothing here touches the tilekit IR: each function builds the attended set
//! of every query row explicitly, exactly as `KERNELS.md` states it, computes
//! `softmax(scale · q·kᵀ)` over that set in f64 and multiplies by v. The point
//! is to be obviously right rather than fast, so the code favours one clear
//! loop per definition over anything clever.
//!
//! Layout of the module:
//! - this file: the result types, [`RefError`], the shared softmax core;
//! - `check`: argument validation (every error names the argument);
//! - `kv`: K/V access, contiguous or paged, behind one interface;
//! - `compare`: [`Tolerance`] and [`compare`] for checking a kernel's output;
//! - `dense`, `paged`: dense prefill and paged decode;
//! - `kascade` (budget, anchor scores, Top-k), `kascade_decode` (reuse-layer
//!   decode, contiguous, paged or block-sparse), `kascade_prefill`;
//! - `quant`: Q4_1 / Q8_0 weights (matmul, gather); `kv_quant`: int8 and
//!   fp8 KV caches (quantizing writes, paged decode);
//! - `llama`: the Llama model's norms, RoPE, SwiGLU, argmax and sampling.

mod check;
mod compare;
mod dense;
mod kascade;
mod kascade_decode;
mod kascade_prefill;
mod kv;
mod kv_quant;
pub mod llama;
mod paged;
mod paged_multi;
mod quant;

pub use compare::{compare, ErrorStats, Tolerance};
pub use dense::flash_attention;
pub use kascade::{kascade_budget, kascade_decode_scores, topk_select};
pub use kascade_decode::{kascade_decode, kascade_decode_blocks, kascade_decode_paged};
pub use kascade_prefill::{kascade_prefill, kascade_prefill_scores};
pub use kv::kv_gather;
pub use kv_quant::{
    e4m3_bits, e4m3_value, kv_write_quantized, paged_decode_quantized, quantize_row_fp8,
    quantize_row_int8,
};
pub use paged::paged_decode;
pub use paged_multi::paged_decode_multi;
pub use quant::{
    dequantize_q4_1, dequantize_q8_0, f16_value, gather_q8_0, matmul_q4_1, matmul_q8_0,
    quantize_q4_1, quantize_q8_0,
};

use tilekit_core::{DType, HostTensor};

/// A dense row-major f64 array: what every reference returns.
#[derive(Clone, Debug, PartialEq)]
pub struct Array64 {
    pub shape: Vec<usize>,
    pub data: Vec<f64>,
}

impl Array64 {
    /// An array of zeros (the value of an empty attention row's output).
    pub fn zeros(shape: &[usize]) -> Self {
        Array64 {
            shape: shape.to_vec(),
            data: vec![0.0; shape.iter().product()],
        }
    }

    /// Widens a host tensor of any dtype to f64 (exact).
    pub fn from_host(t: &HostTensor) -> Self {
        Array64 {
            shape: t.shape().to_vec(),
            data: t.to_f64_vec(),
        }
    }

    /// Rounds into a host tensor of `dtype` (through f32), e.g. to feed a
    /// reference result to another kernel as input.
    pub fn to_host(&self, dtype: DType) -> HostTensor {
        let vals: Vec<f32> = self.data.iter().map(|&x| x as f32).collect();
        HostTensor::from_f32(dtype, &self.shape, &vals)
            .expect("Array64 shape and data length agree")
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Flat offset of a full multi-index. Panics if it is out of bounds:
    /// callers index only within shapes they validated.
    pub fn offset(&self, index: &[usize]) -> usize {
        assert_eq!(index.len(), self.shape.len(), "index rank");
        index.iter().zip(&self.shape).fold(0, |acc, (&i, &n)| {
            assert!(
                i < n,
                "index {index:?} out of bounds for shape {:?}",
                self.shape
            );
            acc * n + i
        })
    }

    pub fn get(&self, index: &[usize]) -> f64 {
        self.data[self.offset(index)]
    }

    /// The innermost row selected by all but the last index, e.g.
    /// `q.row(&[b, h])` of a `[B, Hq, D]` array is the D-vector of that head.
    pub fn row(&self, lead: &[usize]) -> &[f64] {
        let (start, n) = self.row_span(lead);
        &self.data[start..start + n]
    }

    pub fn row_mut(&mut self, lead: &[usize]) -> &mut [f64] {
        let (start, n) = self.row_span(lead);
        &mut self.data[start..start + n]
    }

    fn row_span(&self, lead: &[usize]) -> (usize, usize) {
        assert_eq!(lead.len() + 1, self.shape.len(), "row index rank");
        let n = *self.shape.last().expect("rank >= 1");
        let mut full = lead.to_vec();
        full.push(0);
        // A zero-length row has no element to index; its span is empty.
        if n == 0 {
            return (0, 0);
        }
        (self.offset(&full), n)
    }
}

/// Output and log-sum-exp of an attention call.
#[derive(Clone, Debug, PartialEq)]
pub struct AttnOut {
    pub o: Array64,
    pub lse: Array64,
}

/// Why a reference refused its inputs. Every message names the function and
/// the offending argument, so a failing test says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum RefError {
    /// Wrong rank, or a dimension that disagrees with another argument.
    #[error("reference {op}: argument `{arg}`: {detail}")]
    Shape {
        op: &'static str,
        arg: &'static str,
        detail: String,
    },
    /// A dtype the function does not accept.
    #[error("reference {op}: argument `{arg}`: dtype {got} is not accepted (expected {expected})")]
    DType {
        op: &'static str,
        arg: &'static str,
        got: DType,
        expected: String,
    },
    /// A bad value: an out-of-range index or length, a duplicate selection,
    /// a non-finite scale, a zero tile size.
    #[error("reference {op}: argument `{arg}`: {detail}")]
    Value {
        op: &'static str,
        arg: &'static str,
        detail: String,
    },
}

impl RefError {
    /// The argument the error is about (for tests and tooling).
    pub fn arg(&self) -> &'static str {
        match self {
            RefError::Shape { arg, .. }
            | RefError::DType { arg, .. }
            | RefError::Value { arg, .. } => arg,
        }
    }

    /// The reference function that raised it.
    pub fn op(&self) -> &'static str {
        match self {
            RefError::Shape { op, .. }
            | RefError::DType { op, .. }
            | RefError::Value { op, .. } => op,
        }
    }
}

/// The default softmax scale, `1 / sqrt(D)`.
pub fn default_scale(d: usize) -> f64 {
    1.0 / (d as f64).sqrt()
}

/// One softmax row: the probabilities of the attended keys (in the order
/// given) and the log-sum-exp of the scaled logits.
pub(crate) struct Softmax {
    pub probs: Vec<f64>,
    pub lse: f64,
}

/// `softmax(scale · q·k_t)` over `tokens`, stable: the max logit is
/// subtracted before exponentiating so logits of any size stay finite.
/// An empty set gives no probabilities and `lse = -inf`.
pub(crate) fn softmax<'a>(
    q: &[f64],
    tokens: &[usize],
    key: impl Fn(usize) -> &'a [f64],
    scale: f64,
) -> Softmax {
    if tokens.is_empty() {
        return Softmax {
            probs: Vec::new(),
            lse: f64::NEG_INFINITY,
        };
    }
    let logits: Vec<f64> = tokens.iter().map(|&t| scale * dot(q, key(t))).collect();
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = logits.iter().map(|&s| (s - max).exp()).collect();
    // The max term contributes exp(0) = 1, so the sum is >= 1 and ln is safe.
    let sum: f64 = exps.iter().sum();
    Softmax {
        probs: exps.iter().map(|&e| e / sum).collect(),
        lse: max + sum.ln(),
    }
}

/// Attends `q` over `tokens`: writes `Σ p_t · v_t` into `out` (left at zero
/// for an empty set, so empty rows give o = 0, never NaN) and returns the
/// softmax, whose `lse` is the row's log-sum-exp.
pub(crate) fn attend<'a>(
    q: &[f64],
    tokens: &[usize],
    key: impl Fn(usize) -> &'a [f64],
    value: impl Fn(usize) -> &'a [f64],
    scale: f64,
    out: &mut [f64],
) -> Softmax {
    let sm = softmax(q, tokens, key, scale);
    out.iter_mut().for_each(|x| *x = 0.0);
    for (&t, &p) in tokens.iter().zip(&sm.probs) {
        for (o, &v) in out.iter_mut().zip(value(t)) {
            *o += p * v;
        }
    }
    sm
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_of_single_key_is_one_with_lse_equal_to_logit() {
        let q = [1.0, 2.0];
        let k = [[0.5, -1.0]];
        let v = [[3.0, 4.0]];
        let mut out = [9.0; 2];
        let sm = attend(&q, &[0], |t| &k[t], |t| &v[t], 0.5, &mut out);
        assert_eq!(sm.probs, vec![1.0]);
        assert_eq!(sm.lse, 0.5 * (0.5 - 2.0));
        assert_eq!(out, [3.0, 4.0]);
    }

    #[test]
    fn empty_set_gives_zero_output_and_minus_inf_lse() {
        let mut out = [7.0; 3];
        let sm = attend(&[1.0; 3], &[], |_| &[][..], |_| &[][..], 1.0, &mut out);
        assert_eq!(out, [0.0; 3]);
        assert_eq!(sm.lse, f64::NEG_INFINITY);
    }

    #[test]
    fn huge_logits_stay_finite() {
        // Logits of ±1e4: a naive exp would overflow to inf and give NaN.
        let k = [[100.0], [-100.0], [99.0]];
        let v = [[1.0], [2.0], [3.0]];
        let mut out = [0.0];
        let sm = attend(&[100.0], &[0, 1, 2], |t| &k[t], |t| &v[t], 1.0, &mut out);
        let e = (-100.0f64).exp();
        assert!((out[0] - (1.0 + 3.0 * e) / (1.0 + e)).abs() < 1e-12);
        assert!((sm.lse - (1e4 + (1.0 + e).ln())).abs() < 1e-9);
    }

    #[test]
    fn array_rows_and_offsets() {
        let mut a = Array64::zeros(&[2, 3, 4]);
        a.row_mut(&[1, 2]).copy_from_slice(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(a.offset(&[1, 2, 3]), 23);
        assert_eq!(a.get(&[1, 2, 1]), 2.0);
        assert_eq!(a.row(&[1, 2]), &[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(default_scale(64), 0.125);
    }
}
