//! Shared test helpers: the real model (installed by `cargo xtask test`;
//! a missing file fails the test with the command to run) and a writer of
//! small synthetic GGUF files.
#![allow(dead_code)]

use std::sync::OnceLock;
use tilekit_model::{fetch, Gguf};

/// The real model file, read once per test binary.
pub fn real() -> &'static Gguf {
    static MODEL: OnceLock<Gguf> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = fetch::model_path().unwrap_or_else(|e| panic!("{e}"));
        Gguf::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    })
}

/// A GGUF value for the writer.
pub enum V {
    U32(u32),
    F32(f32),
    Bool(bool),
    Str(String),
    Strs(Vec<String>),
    I32s(Vec<i32>),
}

fn string(out: &mut Vec<u8>, s: &str) {
    out.extend((s.len() as u64).to_le_bytes());
    out.extend(s.as_bytes());
}

/// A tensor: name, dims (innermost first), ggml type id, data.
pub struct T(pub String, pub Vec<u64>, pub u32, pub Vec<u8>);

/// Writes a GGUF v3 file (alignment 32).
pub fn write(kv: &[(&str, V)], tensors: &[T]) -> Vec<u8> {
    let mut out = b"GGUF".to_vec();
    out.extend(3u32.to_le_bytes());
    out.extend((tensors.len() as u64).to_le_bytes());
    out.extend((kv.len() as u64).to_le_bytes());
    for (k, v) in kv {
        string(&mut out, k);
        match v {
            V::U32(x) => {
                out.extend(4u32.to_le_bytes());
                out.extend(x.to_le_bytes());
            }
            V::F32(x) => {
                out.extend(6u32.to_le_bytes());
                out.extend(x.to_le_bytes());
            }
            V::Bool(b) => {
                out.extend(7u32.to_le_bytes());
                out.push(*b as u8);
            }
            V::Str(s) => {
                out.extend(8u32.to_le_bytes());
                string(&mut out, s);
            }
            V::Strs(a) => {
                out.extend(9u32.to_le_bytes());
                out.extend(8u32.to_le_bytes());
                out.extend((a.len() as u64).to_le_bytes());
                for s in a {
                    string(&mut out, s);
                }
            }
            V::I32s(a) => {
                out.extend(9u32.to_le_bytes());
                out.extend(5u32.to_le_bytes());
                out.extend((a.len() as u64).to_le_bytes());
                for x in a {
                    out.extend(x.to_le_bytes());
                }
            }
        }
    }
    let mut offset = 0u64;
    let mut offsets = Vec::new();
    for t in tensors {
        offsets.push(offset);
        offset = (offset + t.3.len() as u64).div_ceil(32) * 32;
    }
    for (t, off) in tensors.iter().zip(&offsets) {
        string(&mut out, &t.0);
        out.extend((t.1.len() as u32).to_le_bytes());
        for d in &t.1 {
            out.extend(d.to_le_bytes());
        }
        out.extend(t.2.to_le_bytes());
        out.extend(off.to_le_bytes());
    }
    for t in tensors {
        while out.len() % 32 != 0 {
            out.push(0);
        }
        out.extend(&t.3);
    }
    out
}

/// A tiny but complete Llama model: d_model 32, 2 heads of 16, 1 KV head,
/// ffn 64, 1 layer, 8 tokens; matrices Q4_1, the embedding Q8_0, norms F32.
/// `arch` and `matrix_type` let a test break it.
pub fn tiny(arch: &str, matrix_type: u32) -> Vec<u8> {
    let tokens: Vec<String> = [
        "<|endoftext|>",
        "a",
        "b",
        "Ġ",
        "ab",
        "Ġa",
        "c",
        "<|im_start|>",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let kv = vec![
        ("general.architecture", V::Str(arch.into())),
        ("llama.block_count", V::U32(1)),
        ("llama.context_length", V::U32(64)),
        ("llama.embedding_length", V::U32(32)),
        ("llama.feed_forward_length", V::U32(64)),
        ("llama.attention.head_count", V::U32(2)),
        ("llama.attention.head_count_kv", V::U32(1)),
        ("llama.rope.freq_base", V::F32(10000.0)),
        ("llama.attention.layer_norm_rms_epsilon", V::F32(1e-5)),
        ("tokenizer.ggml.model", V::Str("gpt2".into())),
        ("tokenizer.ggml.pre", V::Str("smollm".into())),
        ("tokenizer.ggml.tokens", V::Strs(tokens)),
        (
            "tokenizer.ggml.token_type",
            V::I32s(vec![3, 1, 1, 1, 1, 1, 1, 3]),
        ),
        (
            "tokenizer.ggml.merges",
            V::Strs(vec!["a b".into(), "Ġ a".into()]),
        ),
        ("tokenizer.ggml.bos_token_id", V::U32(0)),
        ("tokenizer.ggml.eos_token_id", V::U32(0)),
        ("tokenizer.ggml.add_bos_token", V::Bool(false)),
    ];
    // Q4_1 blocks: d = 1.0 (f16 0x3C00), m = -8.0 (0xC800), codes 0..16.
    let q4_1_block: Vec<u8> = [0x00, 0x3C, 0x00, 0xC8]
        .into_iter()
        .chain((0..16u8).map(|j| j | ((15 - j) << 4)))
        .collect();
    let matrix = |n: u64, k: u64| -> (u32, Vec<u8>) {
        let blocks = (n * k / 32) as usize;
        match matrix_type {
            3 => (3, q4_1_block.repeat(blocks)),
            // F32 and F16: element i is i / 64.
            0 => (
                0,
                (0..n * k)
                    .flat_map(|i| (i as f32 / 64.0).to_le_bytes())
                    .collect(),
            ),
            1 => (
                1,
                (0..n * k)
                    .flat_map(|i| half::f16::from_f32(i as f32 / 64.0).to_le_bytes())
                    .collect(),
            ),
            // Q4_0, 18 bytes a block, for the unsupported-type test.
            t => (t, vec![0u8; blocks * 18]),
        }
    };
    let mut tensors = Vec::new();
    // Q8_0 embedding [8 rows of 32]: d = 0.5, codes -16..16.
    let q8_block: Vec<u8> = [0x00, 0x38]
        .into_iter()
        .chain((0..32).map(|j| (j as i8 - 16) as u8))
        .collect();
    tensors.push(T(
        "token_embd.weight".into(),
        vec![32, 8],
        8,
        q8_block.repeat(8),
    ));
    let norm: Vec<u8> = (0..32)
        .flat_map(|i| (1.0 + i as f32 / 32.0).to_le_bytes())
        .collect();
    for (role, n, k) in [
        ("attn_q", 32, 32),
        ("attn_k", 16, 32),
        ("attn_v", 16, 32),
        ("attn_output", 32, 32),
        ("ffn_gate", 64, 32),
        ("ffn_up", 64, 32),
        ("ffn_down", 32, 64),
    ] {
        let (ty, data) = matrix(n, k);
        tensors.push(T(format!("blk.0.{role}.weight"), vec![k, n], ty, data));
    }
    for role in ["attn_norm", "ffn_norm"] {
        tensors.push(T(format!("blk.0.{role}.weight"), vec![32], 0, norm.clone()));
    }
    tensors.push(T("output_norm.weight".into(), vec![32], 0, norm));
    write(&kv, &tensors)
}
