//! Tensor-parallel step programs (Megatron-style) over `D` devices, for a
//! backend that partitions ([`tilekit_core::program::Sharding`]; PJRT).
//!
//! Each device runs the step on its shard, recorded as an ordinary step
//! of a narrower model: `n_heads / D` query heads and `n_kv_heads / D` KV
//! heads (device `d` holds KV head group `d` and the query heads that
//! read it, consecutive in the GGUF's head-major columns), `ffn / D`
//! columns of gate and up, and the matching rows of the output and down
//! projections. Q/K/V and gate/up are column-parallel (the f32 `[K, N]`
//! matrices split along N), output and down row-parallel (split along K),
//! so each block sums the devices' partial products twice
//! (`all_reduce_sum` after O and after down, recorded by
//! [`crate::record`]). The paged KV caches `[NB, BS, Hkv, D]` are split
//! along Hkv; norms, embedding, LM head and RoPE tables are replicated,
//! so every device computes the same logits and token. The state is
//! still declared and given whole, by the same names: the backend slices
//! it.
//!
//! Only [`Weights::F32`] is split (the pjrt-cpu layout): a quantized
//! matrix's blocks run along K, so a row-parallel split of Q4_1 blocks
//! would need its own layout.

use crate::error::{Result, ServeError};
use crate::state::{ModelState, Weights};
use tilekit_core::program::ProgramBuilder;
use tilekit_model::{LlamaConfig, LlamaModel, Weight};

/// An error unless the step of `c` splits evenly over `devices`.
pub fn check_devices(c: &LlamaConfig, devices: usize, weights: Weights) -> Result<()> {
    let mut problems = Vec::new();
    if devices == 0 {
        problems.push("0 devices run nothing".to_string());
    } else if devices > 1 {
        if c.n_kv_heads % devices != 0 {
            problems.push(format!(
                "{devices} does not divide the {} KV heads",
                c.n_kv_heads
            ));
        }
        if c.ffn % devices != 0 {
            problems.push(format!("{devices} does not divide the FFN width {}", c.ffn));
        }
        if weights != Weights::F32 {
            problems.push("only f32 weights are split (quantized blocks are not)".to_string());
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(ServeError::Unsupported(format!(
        "tensor parallelism over {devices} devices: {}",
        problems.join("; ")
    )))
}

/// The model one device sees: a `1/devices` share of the heads and the
/// FFN, matrices shaped as their slices (the tensors themselves are the
/// whole model's, `Arc`-shared: recording reads only shapes).
pub(crate) fn shard_model(model: &LlamaModel, devices: usize) -> LlamaModel {
    let mut config = model.config.clone();
    config.n_heads /= devices;
    config.n_kv_heads /= devices;
    config.ffn /= devices;
    let mut weights = model.weights.clone();
    // `shape` is `[N, K]`: column-parallel splits N, row-parallel K.
    let split = |w: &mut Weight, axis: usize| w.shape[axis] /= devices;
    for l in &mut weights.layers {
        for w in [
            &mut l.attn_q,
            &mut l.attn_k,
            &mut l.attn_v,
            &mut l.ffn_gate,
            &mut l.ffn_up,
        ] {
            split(w, 0);
        }
        for w in [&mut l.attn_output, &mut l.ffn_down] {
            split(w, 1);
        }
    }
    LlamaModel {
        config,
        weights,
        tokenizer: model.tokenizer.clone(),
        chat_template: None,
    }
}

/// Marks the split state of a program recorded over `devices` (f32
/// matrices are `[K, N]`: column-parallel ones split along axis 1,
/// row-parallel ones along axis 0; caches along Hkv, axis 2).
pub(crate) fn split_state(p: &mut ProgramBuilder, s: &ModelState) {
    for l in &s.layers {
        for m in [&l.q, &l.k, &l.v, &l.gate, &l.up] {
            p.split(m.id, 1);
        }
        for m in [&l.o, &l.down] {
            p.split(m.id, 0);
        }
        p.split(l.k_cache, 2);
        p.split(l.v_cache, 2);
    }
}
