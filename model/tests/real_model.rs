//! The real SmolLM2-135M file: what the reader, the config and the weights
//! make of it, against facts measured with the `gguf` Python package.

mod common;

use tilekit_core::DType;
use tilekit_model::{GgmlType, LlamaConfig, LlamaModel, LlamaWeights};

#[test]
fn layout() {
    let g = common::real();
    assert_eq!(g.layout.version, 3);
    assert_eq!(g.layout.alignment, 32);
    assert_eq!(g.metadata().len(), 33, "key/value entries");
    assert_eq!(g.tensors().len(), 272);
    let count = |t: GgmlType| g.tensors().iter().filter(|i| i.ggml_type == t).count();
    assert_eq!(
        (
            count(GgmlType::Q4_1),
            count(GgmlType::F32),
            count(GgmlType::Q8_0)
        ),
        (210, 61, 1)
    );
    let (info, bytes) = g.tensor("blk.3.ffn_gate.weight").unwrap();
    assert_eq!(info.dims, [576, 1536]);
    assert_eq!(bytes.len(), 1536 * 576 / 32 * 20);
    assert_eq!(g.metadata().str("tokenizer.ggml.pre").unwrap(), "smollm");
    assert_eq!(
        g.metadata().strings("tokenizer.ggml.tokens").unwrap()[1],
        "<|im_start|>"
    );
    assert_eq!(
        g.metadata().strings("tokenizer.ggml.merges").unwrap().len(),
        48900
    );
    // The last tensor ends at the end of the file.
    let last = g.tensors().iter().max_by_key(|t| t.offset).unwrap();
    assert_eq!(
        g.layout.data_offset + last.offset + last.n_bytes.unwrap(),
        g.bytes().len() as u64
    );
}

#[test]
fn config() {
    let c = LlamaConfig::from_metadata(common::real().metadata()).unwrap();
    let want = LlamaConfig {
        n_layers: 30,
        d_model: 576,
        n_heads: 9,
        n_kv_heads: 3,
        head_dim: 64,
        ffn: 1536,
        rope_base: 100000.0,
        rope_dim: 64,
        rms_eps: 1e-5f32 as f64,
        vocab: 49152,
        context_length: 8192,
        bos_id: Some(1),
        eos_id: Some(2),
        add_bos: false,
    };
    assert_eq!(c, want);
    assert_eq!(c.group(), 3);
}

#[test]
fn weights_in_the_kernels_layout() {
    let g = common::real();
    let c = LlamaConfig::from_metadata(g.metadata()).unwrap();
    let w = LlamaWeights::from_gguf(g, &c).unwrap();
    assert_eq!(w.layers.len(), 30);
    assert!(w.tied(), "no output.weight: the LM head is the embedding");
    assert_eq!(w.lm_head().name, "token_embd.weight");
    let e = &w.token_embd;
    assert_eq!(
        (e.ggml_type, e.shape.as_slice()),
        (GgmlType::Q8_0, &[49152, 576][..])
    );
    assert_eq!(
        (e.tensor.dtype(), e.tensor.shape()),
        (DType::U8, &[49152, 18, 34][..])
    );
    let l = &w.layers[7];
    for (m, n, k) in [
        (&l.attn_q, 576, 576),
        (&l.attn_k, 192, 576),
        (&l.attn_v, 192, 576),
        (&l.attn_output, 576, 576),
        (&l.ffn_gate, 1536, 576),
        (&l.ffn_up, 1536, 576),
        (&l.ffn_down, 576, 1536),
    ] {
        assert_eq!(m.ggml_type, GgmlType::Q4_1, "{}", m.name);
        assert_eq!(m.shape, [n, k], "{}", m.name);
        assert_eq!(m.tensor.shape(), [n, k / 32, 20], "{}", m.name);
    }
    assert_eq!(
        (l.attn_norm.tensor.dtype(), l.attn_norm.tensor.shape()),
        (DType::F32, &[576][..])
    );
    assert_eq!(w.output_norm.tensor.shape(), [576]);
}

/// Values and sums checked against the `gguf` package's dequantize.
#[test]
fn dequantize() {
    let g = common::real();
    let c = LlamaConfig::from_metadata(g.metadata()).unwrap();
    let w = LlamaWeights::from_gguf(g, &c).unwrap();
    let check = |name: &str, v: Vec<f64>, first: &[f64], last: &[f64], sum: f64| {
        assert_eq!(&v[..first.len()], first, "{name}");
        assert_eq!(&v[v.len() - last.len()..], last, "{name}");
        let s: f64 = v.iter().sum();
        assert!(
            (s - sum).abs() < 1e-6 * sum.abs().max(1.0) + 1e-3,
            "{name}: sum {s} vs {sum}"
        );
    };
    let q = w.layers[0].attn_q.dequantize_f64().unwrap();
    check(
        "attn_q",
        q,
        &[-0.0963134765625, 0.1573486328125, -0.0963134765625],
        &[-0.14984130859375, -0.255859375],
        59.22322082519531,
    );
    let e = w.token_embd.dequantize_f64().unwrap();
    check(
        "token_embd",
        e,
        &[
            -0.10654449462890625,
            0.032978057861328125,
            0.048198699951171875,
        ],
        &[-0.11989402770996094, -0.0417022705078125],
        -15353.04449415207,
    );
    let d = w.layers[29].ffn_down.dequantize_f64().unwrap();
    check(
        "ffn_down",
        d,
        &[-0.2733154296875, 0.186279296875, 0.186279296875],
        &[-0.08984375, 0.056640625],
        49.83570861816406,
    );
    let n = w.output_norm.dequantize().unwrap();
    assert_eq!(&n[..3], &[1.7578125, 1.8203125, 1.78125]);
    // f32 and f64 agree to f32 rounding.
    let q32 = w.layers[0].attn_q.dequantize().unwrap();
    let q64 = w.layers[0].attn_q.dequantize_f64().unwrap();
    assert!(q32
        .iter()
        .zip(&q64)
        .all(|(a, b)| (*a as f64 - b).abs() <= 1e-6 * b.abs().max(1e-3)));
}

#[test]
fn whole_model() {
    let m = LlamaModel::from_gguf(common::real()).unwrap();
    assert_eq!(m.tokenizer.vocab_size(), 49152);
    assert!(m.chat_template.is_some());
}
