//! Block-quantized weights (`matmul_q4_1`, `matmul_q8_0`, `gather_q8_0`),
//! straight from the ggml block layouts, in f64.
//!
//! Q4_1: 20 bytes per 32 weights, f16 `d` (little-endian bytes 0-1), f16 `m`
//! (bytes 2-3), 16 bytes `qs`; weight `j < 16` is `d · (qs[j] & 0xF) + m`,
//! weight `j + 16` is `d · (qs[j] >> 4) + m`. Q8_0: 34 bytes, f16 `d`, 32
//! int8 `qs`; weight `j` is `d · qs[j]`. The f16 is decoded here from the
//! IEEE binary16 definition, not with a library.
//!
//! The encoders (`quantize_*`) make test and benchmark data from f32
//! weights; the oracle is the decoding.

use super::check::Check;
use super::{Array64, RefError};
use tilekit_core::{DType, HostTensor};

/// The IEEE binary16 value of `bits`: 1 sign bit, 5 exponent bits (bias
/// 15), 10 fraction bits; exponent 0 is subnormal, 31 infinity or NaN.
pub fn f16_value(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((bits >> 10) & 0x1f) as i32;
    let frac = (bits & 0x3ff) as f64;
    sign * match exp {
        0 => frac * 2f64.powi(-24),
        31 if frac == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1024.0 + frac) * 2f64.powi(exp - 25),
    }
}

fn f16_at(bytes: &[u8], at: usize) -> f64 {
    f16_value(u16::from_le_bytes([bytes[at], bytes[at + 1]]))
}

/// Bytes per block of 32 weights: Q4_1 20, Q8_0 34.
fn block_bytes(q4_1: bool) -> usize {
    if q4_1 {
        20
    } else {
        34
    }
}

/// The 32 weights of one block.
fn block_weights(block: &[u8], q4_1: bool) -> [f64; 32] {
    let d = f16_at(block, 0);
    let mut w = [0.0; 32];
    if q4_1 {
        let m = f16_at(block, 2);
        for j in 0..16 {
            let q = block[4 + j];
            w[j] = d * (q & 0xF) as f64 + m;
            w[j + 16] = d * (q >> 4) as f64 + m;
        }
    } else {
        for (j, wj) in w.iter_mut().enumerate() {
            *wj = d * block[2 + j] as i8 as f64;
        }
    }
    w
}

/// Validates a quantized matrix and returns its bytes.
fn bytes(c: Check, w: &HostTensor, n: usize, k: usize, q4_1: bool) -> Result<Vec<u8>, RefError> {
    if w.dtype() != DType::U8 {
        return Err(RefError::DType {
            op: c.op,
            arg: "w",
            got: w.dtype(),
            expected: "u8".into(),
        });
    }
    if k % 32 != 0 {
        return Err(c.shape_err("w", format!("K = {k} is not a multiple of 32")));
    }
    let want = n * (k / 32) * block_bytes(q4_1);
    let got: Vec<u8> = w
        .to_i32_vec()
        .unwrap_or_default()
        .iter()
        .map(|&b| b as u8)
        .collect();
    if got.len() != want {
        return Err(c.shape_err(
            "w",
            format!("{} bytes, expected {want} for [{n}, {k}]", got.len()),
        ));
    }
    Ok(got)
}

/// Dequantizes `w` (the bytes of an `[n, k]` matrix) into `[n, k]` f64.
fn dequantize(bytes: &[u8], n: usize, k: usize, q4_1: bool) -> Array64 {
    let bb = block_bytes(q4_1);
    let mut out = Array64::zeros(&[n, k]);
    for (b, block) in bytes.chunks_exact(bb).enumerate() {
        let at = b * 32;
        out.data[at..at + 32].copy_from_slice(&block_weights(block, q4_1));
    }
    out
}

/// The Q4_1 matrix `w` (`[n, k]`) as f64.
pub fn dequantize_q4_1(w: &HostTensor, n: usize, k: usize) -> Result<Array64, RefError> {
    let c = Check {
        op: "dequantize_q4_1",
    };
    Ok(dequantize(&bytes(c, w, n, k, true)?, n, k, true))
}

/// The Q8_0 matrix `w` (`[n, k]`) as f64.
pub fn dequantize_q8_0(w: &HostTensor, n: usize, k: usize) -> Result<Array64, RefError> {
    let c = Check {
        op: "dequantize_q8_0",
    };
    Ok(dequantize(&bytes(c, w, n, k, false)?, n, k, false))
}

fn matmul(
    op: &'static str,
    x: &HostTensor,
    w: &HostTensor,
    n: usize,
    k: usize,
    q4_1: bool,
) -> Result<Array64, RefError> {
    let c = Check { op };
    let wd = dequantize(&bytes(c, w, n, k, q4_1)?, n, k, q4_1);
    let x = c.float("x", x, &["M", "K"])?;
    c.dim("x", &x.shape, 1, "K", k, "the weight")?;
    let m = x.shape[0];
    let mut y = Array64::zeros(&[m, n]);
    for i in 0..m {
        for j in 0..n {
            y.data[i * n + j] = x
                .row(&[i])
                .iter()
                .zip(wd.row(&[j]))
                .map(|(a, b)| a * b)
                .sum();
        }
    }
    Ok(y)
}

/// `y[M, N] = x[M, K] · Wᵀ` with `W` the Q4_1 bytes of an `[n, k]` matrix.
pub fn matmul_q4_1(
    x: &HostTensor,
    w: &HostTensor,
    n: usize,
    k: usize,
) -> Result<Array64, RefError> {
    matmul("matmul_q4_1", x, w, n, k, true)
}

/// `y[M, N] = x[M, K] · Wᵀ` with `W` the Q8_0 bytes of an `[n, k]` matrix.
pub fn matmul_q8_0(
    x: &HostTensor,
    w: &HostTensor,
    n: usize,
    k: usize,
) -> Result<Array64, RefError> {
    matmul("matmul_q8_0", x, w, n, k, false)
}

/// Rows `ids` of the Q8_0 matrix `w` (`[n, k]`), dequantized: `[T, k]`.
pub fn gather_q8_0(
    w: &HostTensor,
    n: usize,
    k: usize,
    ids: &HostTensor,
) -> Result<Array64, RefError> {
    let c = Check { op: "gather_q8_0" };
    let wd = dequantize(&bytes(c, w, n, k, false)?, n, k, false);
    let ids = c.int("ids", ids, &["T"])?;
    let mut out = Array64::zeros(&[ids.len(), k]);
    for (t, &id) in ids.iter().enumerate() {
        if id < 0 || id as usize >= n {
            return Err(c.value_err(
                "ids",
                format!("entry [{t}] = {id} is out of range [0, {n})"),
            ));
        }
        out.row_mut(&[t]).copy_from_slice(wd.row(&[id as usize]));
    }
    Ok(out)
}

/// The f16 bits nearest `x` (ties to even), for the encoders.
fn f16_bits(x: f64) -> [u8; 2] {
    let bits = DType::F16.float_to_bits(DType::F16.round_f64(x)) as u16;
    bits.to_le_bytes()
}

/// Encodes row-major f32 weights `[n, k]` (`k` a multiple of 32, so blocks
/// of 32 never straddle rows) as Q4_1 the way ggml does: `m` = the block's
/// minimum, `d` = (max - min) / 15, codes the nearest step, both scales
/// rounded to f16.
pub fn quantize_q4_1(w: &[f32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(w.len() / 32 * 20);
    for block in w.chunks_exact(32) {
        let lo = block.iter().copied().fold(f32::INFINITY, f32::min) as f64;
        let hi = block.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
        let d = (hi - lo) / 15.0;
        let (db, mb) = (f16_bits(d), f16_bits(lo));
        let (d, m) = (f16_at(&db, 0), f16_at(&mb, 0));
        let code = |x: f32| {
            let q = if d == 0.0 {
                0.0
            } else {
                ((x as f64 - m) / d).round()
            };
            q.clamp(0.0, 15.0) as u8
        };
        out.extend_from_slice(&db);
        out.extend_from_slice(&mb);
        out.extend((0..16).map(|j| code(block[j]) | (code(block[j + 16]) << 4)));
    }
    out
}

/// Encodes f32 weights as Q8_0: `d = max|w| / 127` in f16, codes rounded.
pub fn quantize_q8_0(w: &[f32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(w.len() / 32 * 34);
    for block in w.chunks_exact(32) {
        let amax = block.iter().fold(0.0f64, |a, &x| a.max((x as f64).abs()));
        let db = f16_bits(amax / 127.0);
        let d = f16_at(&db, 0);
        out.extend_from_slice(&db);
        out.extend(block.iter().map(|&x| {
            let q = if d == 0.0 {
                0.0
            } else {
                (x as f64 / d).round()
            };
            q.clamp(-127.0, 127.0) as i8 as u8
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_values_from_the_definition() {
        assert_eq!(f16_value(0x3c00), 1.0);
        assert_eq!(f16_value(0xc000), -2.0);
        assert_eq!(f16_value(0x7bff), 65504.0);
        assert_eq!(f16_value(0x0001), 2f64.powi(-24));
        assert_eq!(f16_value(0x3555), 0.333251953125);
        assert!(f16_value(0x7e00).is_nan());
    }

    #[test]
    fn q4_1_block_low_nibbles_first() {
        // d = 1, m = -8: weight j = lo(qs[j]) - 8, weight j + 16 = hi(qs[j]) - 8.
        let mut block = vec![0x00, 0x3c, 0x00, 0xc8];
        block.extend((0..16u8).map(|j| j | ((15 - j) << 4)));
        let w = block_weights(&block, true);
        assert_eq!(w[0], -8.0);
        assert_eq!(w[15], 7.0);
        assert_eq!(w[16], 7.0);
        assert_eq!(w[31], -8.0);
    }

    #[test]
    fn q8_0_codes_are_signed() {
        let mut block = vec![0x00, 0x38]; // d = 0.5
        block.extend((0..32).map(|j| if j == 0 { 0x80 } else { j as u8 }));
        let w = block_weights(&block, false);
        assert_eq!(w[0], -64.0);
        assert_eq!(w[3], 1.5);
    }

    #[test]
    fn encoders_round_trip_within_half_a_step() {
        let w: Vec<f32> = (0..64)
            .map(|i| ((i * 37 % 64) as f32 - 30.0) / 17.0)
            .collect();
        for (bytes, q4) in [(quantize_q4_1(&w), true), (quantize_q8_0(&w), false)] {
            let back = dequantize(&bytes, 1, 64, q4);
            let step = if q4 {
                61.0 / 17.0 / 15.0
            } else {
                34.0 / 17.0 / 127.0
            };
            for (a, b) in w.iter().zip(&back.data) {
                assert!((*a as f64 - b).abs() <= step * 0.51, "{a} vs {b}");
            }
        }
    }
}
