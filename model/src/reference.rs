//! The model's own oracle: a plain-Rust forward pass in f64 from the
//! dequantized weights (exact: Q4_1, Q8_0 and F16 values are all f64
//! numbers), written straight from the Llama definition with no tilekit
//! IR, so the kernels' forward is checked against arithmetic that shares
//! nothing with it.
//!
//! Per block: `h = x + attn(rms_norm(x))`, `x' = h + mlp(rms_norm(h))`, with
//! causal grouped-query attention over RoPE'd queries and keys (adjacent
//! pairs `(x[2i], x[2i+1])`, angle `pos · base^(-2i / rope_dim)`, llama.cpp's
//! "normal" rotation, which GGUF files for Llama are converted for) and a
//! SwiGLU MLP (`down(silu(gate(h)) · up(h))`); then the final norm and the
//! LM head (the token embedding when the file ties them).

use crate::error::Result;
use crate::weights::Weight;
use crate::LlamaModel;

/// What a teacher-forced forward over `T` tokens produced.
#[derive(Clone, Debug)]
pub struct Forward {
    /// The residual stream after each block, `[T, d_model]` row-major.
    pub hidden: Vec<Vec<f64>>,
    /// Logits `[T, vocab]` row-major.
    pub logits: Vec<f64>,
}

/// `y[t] = x[t] · Wᵀ` for `x` of `[t, K]`; `w` is `[N, K]`.
fn linear(w: &Weight, x: &[f64], tokens: usize) -> Result<Vec<f64>> {
    let (n, k) = (w.shape[0], w.shape[1]);
    let values = w.dequantize_f64()?;
    let mut y = vec![0.0; tokens * n];
    for row in 0..n {
        let wr = &values[row * k..(row + 1) * k];
        for t in 0..tokens {
            let xt = &x[t * k..(t + 1) * k];
            y[t * n + row] = wr.iter().zip(xt).map(|(a, b)| a * b).sum();
        }
    }
    Ok(y)
}

fn rms_norm(x: &[f64], w: &[f64], eps: f64) -> Vec<f64> {
    let d = w.len();
    let mut out = Vec::with_capacity(x.len());
    for row in x.chunks_exact(d) {
        let mean = row.iter().map(|v| v * v).sum::<f64>() / d as f64;
        let inv = 1.0 / (mean + eps).sqrt();
        out.extend(row.iter().zip(w).map(|(v, g)| v * inv * g));
    }
    out
}

/// Rotates adjacent pairs of each `head_dim` slice of `x` (`[T, heads *
/// head_dim]`) by position `t` (token `t` is at position `t`).
fn rope(x: &mut [f64], heads: usize, head_dim: usize, rope_dim: usize, base: f64) {
    let row = heads * head_dim;
    for (t, token) in x.chunks_exact_mut(row).enumerate() {
        for head in token.chunks_exact_mut(head_dim) {
            for i in 0..rope_dim / 2 {
                let theta = t as f64 * base.powf(-2.0 * i as f64 / rope_dim as f64);
                let (sin, cos) = theta.sin_cos();
                let (a, b) = (head[2 * i], head[2 * i + 1]);
                head[2 * i] = a * cos - b * sin;
                head[2 * i + 1] = a * sin + b * cos;
            }
        }
    }
}

/// Causal attention: query head `h` reads KV head `h / group`.
fn attention(q: &[f64], k: &[f64], v: &[f64], tokens: usize, model: &LlamaModel) -> Vec<f64> {
    let c = &model.config;
    let (hd, hq, hkv) = (c.head_dim, c.n_heads, c.n_kv_heads);
    let group = c.group();
    let scale = 1.0 / (hd as f64).sqrt();
    let mut out = vec![0.0; tokens * hq * hd];
    for t in 0..tokens {
        for h in 0..hq {
            let qh = &q[(t * hq + h) * hd..(t * hq + h + 1) * hd];
            let kv = h / group;
            let scores: Vec<f64> = (0..=t)
                .map(|s| {
                    let ks = &k[(s * hkv + kv) * hd..(s * hkv + kv + 1) * hd];
                    qh.iter().zip(ks).map(|(a, b)| a * b).sum::<f64>() * scale
                })
                .collect();
            let max = scores.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let weights: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
            let total: f64 = weights.iter().sum();
            let o = &mut out[(t * hq + h) * hd..(t * hq + h + 1) * hd];
            for (s, w) in weights.iter().enumerate() {
                let vs = &v[(s * hkv + kv) * hd..(s * hkv + kv + 1) * hd];
                for (oi, vi) in o.iter_mut().zip(vs) {
                    *oi += w / total * vi;
                }
            }
        }
    }
    out
}

/// The forward pass over `tokens` at positions `0..T`, teacher-forced.
pub fn forward(model: &LlamaModel, tokens: &[u32]) -> Result<Forward> {
    let c = &model.config;
    let w = &model.weights;
    let (d, t) = (c.d_model, tokens.len());
    let embd = w.token_embd.dequantize_f64()?;
    let mut x = Vec::with_capacity(t * d);
    for &tok in tokens {
        let row = tok as usize;
        if row >= c.vocab {
            return Err(crate::ModelError::UnknownTokenId {
                id: tok,
                vocab: c.vocab,
            });
        }
        x.extend_from_slice(&embd[row * d..(row + 1) * d]);
    }
    drop(embd);
    let mut hidden = Vec::with_capacity(c.n_layers);
    for layer in &w.layers {
        let h = rms_norm(&x, &layer.attn_norm.dequantize_f64()?, c.rms_eps);
        let mut q = linear(&layer.attn_q, &h, t)?;
        let mut k = linear(&layer.attn_k, &h, t)?;
        let v = linear(&layer.attn_v, &h, t)?;
        rope(&mut q, c.n_heads, c.head_dim, c.rope_dim, c.rope_base);
        rope(&mut k, c.n_kv_heads, c.head_dim, c.rope_dim, c.rope_base);
        let o = attention(&q, &k, &v, t, model);
        let attn = linear(&layer.attn_output, &o, t)?;
        x.iter_mut().zip(&attn).for_each(|(a, b)| *a += b);
        let h = rms_norm(&x, &layer.ffn_norm.dequantize_f64()?, c.rms_eps);
        let gate = linear(&layer.ffn_gate, &h, t)?;
        let up = linear(&layer.ffn_up, &h, t)?;
        let act: Vec<f64> = gate
            .iter()
            .zip(&up)
            .map(|(g, u)| g / (1.0 + (-g).exp()) * u)
            .collect();
        let down = linear(&layer.ffn_down, &act, t)?;
        x.iter_mut().zip(&down).for_each(|(a, b)| *a += b);
        hidden.push(x.clone());
    }
    let h = rms_norm(&x, &w.output_norm.dequantize_f64()?, c.rms_eps);
    let logits = linear(w.lm_head(), &h, t)?;
    Ok(Forward { hidden, logits })
}
