//! Bad input is an error, never a panic: truncated and corrupted copies of
//! the real file, random bytes, and small synthetic models broken on
//! purpose (another architecture, an unsupported tensor type, ...).

mod common;

use proptest::prelude::*;
use tilekit_model::{GgufLayout, LlamaConfig, LlamaModel, LlamaWeights, ModelError, Tokenizer};

/// Everything the crate does with a file, on `bytes`; errors are fine.
fn load_all(bytes: &[u8]) {
    let Ok(layout) = GgufLayout::parse(bytes) else {
        return;
    };
    let _ = Tokenizer::from_metadata(&layout.metadata).map(|t| t.encode("Hello 123 wörld"));
    let _ = tilekit_model::ChatTemplate::from_metadata(&layout.metadata);
    if let Ok(c) = LlamaConfig::from_metadata(&layout.metadata) {
        let _ = LlamaWeights::from_parts(&layout, bytes, &c);
    }
}

#[test]
fn truncated_real_file_is_an_error() {
    let bytes = common::real().bytes();
    let data_offset = common::real().layout.data_offset as usize;
    // Densely through the header and the first metadata, then spread over
    // the tokenizer's arrays and into the tensor data.
    let cuts = (0..512)
        .chain((512..data_offset).step_by(7919))
        .chain((data_offset..bytes.len()).step_by(4_999_999))
        .chain([data_offset - 1, bytes.len() - 1]);
    for cut in cuts {
        match GgufLayout::parse(&bytes[..cut]) {
            Err(
                ModelError::Truncated { .. }
                | ModelError::BadMagic { .. }
                | ModelError::TensorOutOfBounds { .. },
            ) => {}
            other => panic!("cut at {cut}: {:?}", other.map(|_| ())),
        }
    }
}

#[test]
fn flipped_header_bytes_never_panic() {
    let mut bytes = common::real().bytes().to_vec();
    let data_offset = common::real().layout.data_offset as usize;
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for i in 0..160 {
        // Half in the first 64 KiB (header, small metadata, lengths), half
        // anywhere before the data.
        let span = if i % 2 == 0 { 65536 } else { data_offset };
        let at = (next() as usize) % span;
        let old = bytes[at];
        bytes[at] ^= 1 << (next() % 8);
        load_all(&bytes);
        bytes[at] = old;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512), header in any::<bool>()) {
        let mut bytes = Vec::new();
        if header {
            bytes.extend(b"GGUF");
            bytes.extend(3u32.to_le_bytes());
        }
        bytes.extend(body);
        load_all(&bytes);
    }

    #[test]
    fn corrupted_tiny_models_never_panic(flips in proptest::collection::vec((any::<usize>(), 0u8..8), 1..6)) {
        let mut bytes = common::tiny("llama", 3);
        let n = bytes.len();
        for (at, bit) in flips {
            bytes[at % n.max(1)] ^= 1 << bit;
        }
        load_all(&bytes);
    }
}

#[test]
fn tiny_model_loads() {
    let bytes = common::tiny("llama", 3);
    let g = tilekit_model::Gguf::from_bytes(bytes).unwrap();
    let m = LlamaModel::from_gguf(&g).unwrap();
    assert_eq!(
        (m.config.d_model, m.config.head_dim, m.config.group()),
        (32, 16, 2)
    );
    // Q4_1 block: d = 1, m = -8, low nibbles j, high nibbles 15 - j.
    let q = m.weights.layers[0].attn_q.dequantize_f64().unwrap();
    let want: Vec<f64> = (0..16)
        .map(|j| j as f64 - 8.0)
        .chain((0..16).map(|j| 7.0 - j as f64))
        .collect();
    assert_eq!(&q[..32], &want[..]);
    let e = m.weights.token_embd.dequantize().unwrap();
    assert_eq!(&e[..3], &[-8.0, -7.5, -7.0]);
    // BPE: "ab" merges, " a" merges; "c" stays.
    assert_eq!(m.tokenizer.encode("ab ac"), [4, 5, 6]);
    assert_eq!(m.tokenizer.encode_special("<|im_start|>ab"), [7, 4]);
}

#[test]
fn float_matrices_load() {
    for (ty, dtype) in [(0, tilekit_core::DType::F32), (1, tilekit_core::DType::F16)] {
        let g = tilekit_model::Gguf::from_bytes(common::tiny("llama", ty)).unwrap();
        let m = LlamaModel::from_gguf(&g).unwrap();
        let w = &m.weights.layers[0].ffn_down;
        assert_eq!((w.tensor.dtype(), w.tensor.shape()), (dtype, &[32, 64][..]));
        let v = w.dequantize_f64().unwrap();
        assert_eq!((v[1], v[64], v.len()), (1.0 / 64.0, 1.0, 2048));
    }
}

fn err(bytes: Vec<u8>) -> ModelError {
    let g = match tilekit_model::Gguf::from_bytes(bytes) {
        Ok(g) => g,
        Err(e) => return e,
    };
    LlamaModel::from_gguf(&g).unwrap_err()
}

#[test]
fn clear_errors() {
    let e = err(common::tiny("gpt2", 3));
    assert!(
        matches!(&e, ModelError::NotLlama { architecture } if architecture == "gpt2"),
        "{e}"
    );

    let e = err(common::tiny("llama", 2));
    assert!(
        matches!(&e, ModelError::UnsupportedTensorType { name, ggml_type } if name == "blk.0.attn_q.weight" && ggml_type == "Q4_0"),
        "{e}"
    );
    assert!(e.to_string().contains("Q4_0"));

    let mut bad = common::tiny("llama", 3);
    bad[0] = b'X';
    assert!(matches!(err(bad), ModelError::BadMagic { .. }));

    let mut v1 = common::tiny("llama", 3);
    v1[4] = 1;
    assert!(matches!(
        err(v1),
        ModelError::UnsupportedVersion { version: 1 }
    ));

    let full = common::tiny("llama", 3);
    let e = err(full[..full.len() - 1].to_vec());
    assert!(
        matches!(&e, ModelError::TensorOutOfBounds { name, .. } if name == "output_norm.weight"),
        "{e}"
    );

    let e = err(full[..40].to_vec());
    assert!(
        matches!(&e, ModelError::Truncated { section, offset: 32, .. } if section.contains("metadata")),
        "{e}"
    );

    let e = err(common::write(
        &[("general.architecture", common::V::Str("llama".into()))],
        &[],
    ));
    assert!(
        matches!(&e, ModelError::MissingKey { key } if key == "llama.embedding_length"),
        "{e}"
    );
}
