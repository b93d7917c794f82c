//! The Llama model's elementwise and small kernels (`KERNELS.md`, "Llama
//! layer kernels"), in f64, straight from their definitions: RMSNorm (with
//! and without the residual add), RoPE in llama.cpp's adjacent-pair
//! convention with angles computed here (no table), SwiGLU, greedy argmax
//! and temperature / top-k / top-p sampling by sorting.

use super::check::Check;
use super::{Array64, RefError};
use tilekit_core::HostTensor;

/// `y[i] = x[i] / sqrt(mean(x[i]²) + eps) · w`, per row of `x [M, D]`.
pub fn rms_norm(x: &HostTensor, w: &HostTensor, eps: f64) -> Result<Array64, RefError> {
    let c = Check { op: "rms_norm" };
    let x = c.float("x", x, &["M", "D"])?;
    let w = norm_weight(c, w, x.shape[1])?;
    Ok(normalize(&x, &w, eps))
}

/// `h = x + r` and `y = rms_norm(h, w, eps)`: the residual add each Llama
/// sub-layer ends with, fused with the next sub-layer's norm.
pub fn add_rms_norm(
    x: &HostTensor,
    r: &HostTensor,
    w: &HostTensor,
    eps: f64,
) -> Result<(Array64, Array64), RefError> {
    let c = Check { op: "add_rms_norm" };
    let mut h = c.float("x", x, &["M", "D"])?;
    let r = c.float("r", r, &["M", "D"])?;
    if r.shape != h.shape {
        return Err(c.shape_err(
            "r",
            format!("shape {:?} differs from `x`'s {:?}", r.shape, h.shape),
        ));
    }
    let w = norm_weight(c, w, h.shape[1])?;
    h.data.iter_mut().zip(&r.data).for_each(|(a, b)| *a += b);
    let y = normalize(&h, &w, eps);
    Ok((h, y))
}

fn norm_weight(c: Check, w: &HostTensor, d: usize) -> Result<Vec<f64>, RefError> {
    let w = c.float("w", w, &["D"])?;
    c.dim("w", &w.shape, 0, "D", d, "`x`")?;
    Ok(w.data)
}

fn normalize(x: &Array64, w: &[f64], eps: f64) -> Array64 {
    let mut y = x.clone();
    let d = x.shape[1];
    if d == 0 {
        return y;
    }
    for row in y.data.chunks_mut(d) {
        let mean_sq = row.iter().map(|v| v * v).sum::<f64>() / d as f64;
        let inv = 1.0 / (mean_sq + eps).sqrt();
        row.iter_mut().zip(w).for_each(|(v, wi)| *v *= inv * wi);
    }
    y
}

/// RoPE on `x [M, H, D]` (D even) at positions `pos [M]`, llama.cpp's
/// "normal" convention: each adjacent pair `(x[2i], x[2i+1])` of a head is
/// rotated by the angle `pos · base^(-2i/D)`:
/// `(x0 cos θ - x1 sin θ, x0 sin θ + x1 cos θ)`.
pub fn rope(x: &HostTensor, pos: &HostTensor, base: f64) -> Result<Array64, RefError> {
    let c = Check { op: "rope" };
    let mut y = c.float("x", x, &["M", "H", "D"])?;
    let pos_shape = pos.shape().to_vec();
    let pos = c.int("pos", pos, &["M"])?;
    c.dim("pos", &pos_shape, 0, "M", y.shape[0], "`x`")?;
    let d = y.shape[2];
    if d % 2 != 0 {
        return Err(c.shape_err("x", format!("head dimension {d} is odd")));
    }
    if d == 0 {
        return Ok(y);
    }
    let per_token = y.shape[1] * d;
    for (m, token) in y.data.chunks_mut(per_token.max(1)).enumerate() {
        let p = pos[m] as f64;
        for head in token.chunks_mut(d) {
            for i in 0..d / 2 {
                let theta = p * base.powf(-2.0 * i as f64 / d as f64);
                let (s, co) = theta.sin_cos();
                let (x0, x1) = (head[2 * i], head[2 * i + 1]);
                head[2 * i] = x0 * co - x1 * s;
                head[2 * i + 1] = x0 * s + x1 * co;
            }
        }
    }
    Ok(y)
}

/// `silu(gate) · up` with `silu(g) = g / (1 + e^-g)`.
pub fn swiglu(gate: &HostTensor, up: &HostTensor) -> Result<Array64, RefError> {
    let c = Check { op: "swiglu" };
    let mut out = c.float("gate", gate, &["M", "F"])?;
    let up = c.float("up", up, &["M", "F"])?;
    if up.shape != out.shape {
        return Err(c.shape_err(
            "up",
            format!("shape {:?} differs from `gate`'s {:?}", up.shape, out.shape),
        ));
    }
    for (g, u) in out.data.iter_mut().zip(&up.data) {
        *g = *g / (1.0 + (-*g).exp()) * u;
    }
    Ok(out)
}

/// `x [M, K] · w [K, N]`.
pub fn linear(x: &HostTensor, w: &HostTensor) -> Result<Array64, RefError> {
    let c = Check { op: "linear_f32" };
    let x = c.float("x", x, &["M", "K"])?;
    let w = c.float("w", w, &["K", "N"])?;
    let (m, k, n) = (x.shape[0], x.shape[1], w.shape[1]);
    if w.shape[0] != k {
        return Err(c.shape_err("w", format!("K = {} differs from x's {k}", w.shape[0])));
    }
    let mut data = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            data[i * n + j] = (0..k).map(|l| x.data[i * k + l] * w.data[l * n + j]).sum();
        }
    }
    Ok(Array64 {
        shape: vec![m, n],
        data,
    })
}

/// Rows `ids` of `x [M, D]`; an id outside `[0, M)` is an error.
pub fn gather_rows(x: &HostTensor, ids: &HostTensor) -> Result<Array64, RefError> {
    let c = Check { op: "gather_rows" };
    let x = c.float("x", x, &["M", "D"])?;
    let ids = c.int("ids", ids, &["R"])?;
    let (m, d) = (x.shape[0], x.shape[1]);
    let mut data = Vec::with_capacity(ids.len() * d);
    for (i, &id) in ids.iter().enumerate() {
        if id < 0 || id as usize >= m {
            return Err(c.shape_err("ids", format!("id {id} at {i} is outside [0, {m})")));
        }
        data.extend_from_slice(&x.data[id as usize * d..(id as usize + 1) * d]);
    }
    Ok(Array64 {
        shape: vec![ids.len(), d],
        data,
    })
}

/// NaN logits count as `-inf` in argmax and sampling.
fn clean(v: f64) -> f64 {
    if v.is_nan() {
        f64::NEG_INFINITY
    } else {
        v
    }
}

/// The index of the largest logit of each row of `logits [M, V]`: ties go
/// to the lowest index, NaN counts as `-inf`, a row of only `-inf`/NaN
/// gives 0.
pub fn argmax(logits: &HostTensor) -> Result<Vec<i32>, RefError> {
    let c = Check { op: "argmax" };
    let x = c.float("logits", logits, &["M", "V"])?;
    let v = x.shape[1];
    if v == 0 {
        return Err(c.shape_err("logits", "the vocabulary axis V is empty".into()));
    }
    Ok(x.data
        .chunks(v)
        .map(|row| {
            let mut best = 0;
            for (i, &l) in row.iter().enumerate() {
                if clean(l) > clean(row[best]) {
                    best = i;
                }
            }
            best as i32
        })
        .collect())
}

/// One row's sampling: `temperature > 0`, `top_k` (0 or ≥ V: all tokens),
/// `top_p` in (0, 1], `u` in [0, 1). Greedy is `top_k = 1, u = 0`.
///
/// The rule (`KERNELS.md`, `sample`): NaN counts as `-inf`; keep the
/// tokens whose logit is at least the `top_k`-th largest (ties at the cut
/// all kept); weigh them `p_i = exp((x_i - max) / T)` of total `Z`; keep
/// those whose logit is at least the largest value `t` for which the
/// kept tokens with logit ≥ `t` hold at least `top_p · Z`; draw the smallest
/// index `j` whose running sum of kept weights (in index order) exceeds
/// `u ·` their total. A row with no finite logit gives 0; a draw that
/// rounding pushes past the end gives the last kept token of weight > 0.
pub fn sample_row(logits: &[f64], temperature: f64, top_k: usize, top_p: f64, u: f64) -> usize {
    draw_index(&sample_weights(logits, temperature, top_k, top_p), u)
}

/// The weights [`sample_row`] draws from, one a token: `exp((x - max) / T)`
/// for the tokens top-k and top-p keep, 0 for the rest (not normalized).
/// Every weight is 0 for an empty row or one with no finite logit.
pub fn sample_weights(logits: &[f64], temperature: f64, top_k: usize, top_p: f64) -> Vec<f64> {
    let x: Vec<f64> = logits.iter().map(|&l| clean(l)).collect();
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if x.is_empty() || max == f64::NEG_INFINITY {
        return vec![0.0; x.len()];
    }
    let mut sorted = x.clone();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let k = if top_k == 0 || top_k > x.len() {
        x.len()
    } else {
        top_k
    };
    let t_k = sorted[k - 1];
    let weight = |l: f64| ((l - max) / temperature).exp();
    let z: f64 = x.iter().filter(|&&l| l >= t_k).map(|&l| weight(l)).sum();
    // Walk the distinct kept values from the top until their mass reaches
    // top_p · Z; every token tied at the cut is kept.
    let mut t_p = t_k;
    let mut mass = 0.0;
    let mut i = 0;
    while i < sorted.len() && sorted[i] >= t_k {
        let v = sorted[i];
        while i < sorted.len() && sorted[i] == v {
            mass += weight(v);
            i += 1;
        }
        if mass >= top_p * z {
            t_p = v;
            break;
        }
    }
    x.iter()
        .map(|&l| if l >= t_k && l >= t_p { weight(l) } else { 0.0 })
        .collect()
}

/// The smallest index whose running sum of `weights` exceeds `u ·` their
/// total; the last index of weight > 0 when rounding runs past the end
/// (0 when every weight is 0).
pub fn draw_index(weights: &[f64], u: f64) -> usize {
    let target = u * weights.iter().sum::<f64>();
    let mut run = 0.0;
    let mut last = 0;
    for (j, &w) in weights.iter().enumerate() {
        if w > 0.0 {
            run += w;
            last = j;
            if run > target {
                return j;
            }
        }
    }
    last
}

/// [`sample_row`] on each row of `logits [M, V]` with its parameters
/// `(temperature, top_k, top_p, u)`.
pub fn sample(
    logits: &HostTensor,
    params: &[(f64, usize, f64, f64)],
) -> Result<Vec<i32>, RefError> {
    let c = Check { op: "sample" };
    let x = c.float("logits", logits, &["M", "V"])?;
    let (m, v) = (x.shape[0], x.shape[1]);
    if params.len() != m {
        return Err(c.shape_err(
            "params",
            format!("{} rows of parameters for {m} rows of logits", params.len()),
        ));
    }
    if v == 0 {
        return Err(c.shape_err("logits", "the vocabulary axis V is empty".into()));
    }
    Ok(x.data
        .chunks(v)
        .zip(params)
        .map(|(row, &(t, k, p, u))| sample_row(row, t, k, p, u) as i32)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rope_rotates_adjacent_pairs() {
        // D = 4: pair 0 turns by pos, pair 1 by pos / 100 (base 10^4).
        let x =
            HostTensor::from_f32(tilekit_core::DType::F32, &[1, 1, 4], &[1., 0., 1., 0.]).unwrap();
        let pos = HostTensor::from_i32(&[1], vec![2]).unwrap();
        let y = rope(&x, &pos, 10000.0).unwrap();
        let want = [2f64.cos(), 2f64.sin(), 0.02f64.cos(), 0.02f64.sin()];
        for (g, w) in y.data.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{:?}", y.data);
        }
    }

    #[test]
    fn sampling_rules() {
        let row = [1.0, 3.0, 3.0, 2.0, f64::NAN];
        // Greedy: the lowest of the tied maxima.
        assert_eq!(sample_row(&row, 1.0, 1, 1.0, 0.0), 1);
        // top_k = 1 keeps both tied maxima; u near 1 takes the second.
        assert_eq!(sample_row(&row, 1.0, 1, 1.0, 0.99), 2);
        // A small top_p keeps only the tied maxima too.
        assert_eq!(sample_row(&row, 1.0, 0, 0.1, 0.99), 2);
        // Everything kept: u near 1 reaches index 3, never the NaN.
        assert_eq!(sample_row(&row, 1.0, 0, 1.0, 0.999_999), 3);
        assert_eq!(sample_row(&[f64::NEG_INFINITY; 3], 1.0, 0, 1.0, 0.5), 0);
        let x = HostTensor::from_f32(
            tilekit_core::DType::F32,
            &[1, 5],
            &[1., 3., 3., 2., f32::NAN],
        )
        .unwrap();
        assert_eq!(argmax(&x).unwrap(), vec![1]);
    }
}
