//! The model's hyper-parameters, read from GGUF metadata (`llama.*` and
//! `tokenizer.ggml.*` keys) and checked for consistency.

use crate::error::{ModelError, Result};
use crate::gguf::Metadata;

/// A Llama-architecture model's shape and constants.
#[derive(Clone, Debug, PartialEq)]
pub struct LlamaConfig {
    pub n_layers: usize,
    /// Embedding width (`llama.embedding_length`).
    pub d_model: usize,
    pub n_heads: usize,
    pub n_kv_heads: usize,
    pub head_dim: usize,
    /// Feed-forward width.
    pub ffn: usize,
    pub rope_base: f64,
    /// Leading dimensions of each head that are rotated (ggml "normal"
    /// RoPE: adjacent pairs).
    pub rope_dim: usize,
    pub rms_eps: f64,
    pub vocab: usize,
    pub context_length: usize,
    pub bos_id: Option<u32>,
    pub eos_id: Option<u32>,
    /// Whether a prompt starts with BOS (`tokenizer.ggml.add_bos_token`).
    pub add_bos: bool,
}

impl LlamaConfig {
    /// Reads the config; the architecture must be `llama`.
    pub fn from_metadata(m: &Metadata) -> Result<LlamaConfig> {
        let arch = m.str("general.architecture")?;
        if arch != "llama" {
            return Err(ModelError::NotLlama {
                architecture: arch.to_string(),
            });
        }
        let key = |k: &str| format!("llama.{k}");
        let opt = |k: &str| m.get(&key(k)).is_some();
        let d_model = m.usize(&key("embedding_length"))?;
        let n_heads = m.usize(&key("attention.head_count"))?;
        // llama.cpp's defaults for keys a converter may leave out.
        let n_kv_heads = if opt("attention.head_count_kv") {
            m.usize(&key("attention.head_count_kv"))?
        } else {
            n_heads
        };
        let head_dim = if opt("attention.key_length") {
            m.usize(&key("attention.key_length"))?
        } else {
            d_model.checked_div(n_heads).unwrap_or(0)
        };
        let rope_dim = if opt("rope.dimension_count") {
            m.usize(&key("rope.dimension_count"))?
        } else {
            head_dim
        };
        let rope_base = if opt("rope.freq_base") {
            m.f64(&key("rope.freq_base"))?
        } else {
            10000.0
        };
        let vocab = if opt("vocab_size") {
            m.usize(&key("vocab_size"))?
        } else {
            m.array("tokenizer.ggml.tokens")?.len()
        };
        let id = |k: &str| -> Result<Option<u32>> {
            match m.get(k) {
                None => Ok(None),
                Some(_) => u32::try_from(m.u64(k)?)
                    .map(Some)
                    .map_err(|_| ModelError::Config(format!("`{k}` does not fit a token id"))),
            }
        };
        let add_bos = match m.get("tokenizer.ggml.add_bos_token") {
            None => false,
            Some(_) => m.bool("tokenizer.ggml.add_bos_token")?,
        };
        let config = LlamaConfig {
            n_layers: m.usize(&key("block_count"))?,
            d_model,
            n_heads,
            n_kv_heads,
            head_dim,
            ffn: m.usize(&key("feed_forward_length"))?,
            rope_base,
            rope_dim,
            rms_eps: m.f64(&key("attention.layer_norm_rms_epsilon"))?,
            vocab,
            context_length: m.usize(&key("context_length"))?,
            bos_id: id("tokenizer.ggml.bos_token_id")?,
            eos_id: id("tokenizer.ggml.eos_token_id")?,
            add_bos,
        };
        config.validate()?;
        Ok(config)
    }

    /// Checks the invariants the forward pass relies on.
    pub fn validate(&self) -> Result<()> {
        let bad = |s: String| Err(ModelError::Config(s));
        for (name, v) in [
            ("block_count", self.n_layers),
            ("embedding_length", self.d_model),
            ("head_count", self.n_heads),
            ("head_count_kv", self.n_kv_heads),
            ("head dim", self.head_dim),
            ("feed_forward_length", self.ffn),
            ("vocab", self.vocab),
            ("context_length", self.context_length),
        ] {
            if v == 0 {
                return bad(format!("{name} is 0"));
            }
        }
        // Products the weight shapes are built from must not overflow.
        for (what, a, b) in [
            ("heads x head dim", self.n_heads, self.head_dim),
            ("vocab x embedding", self.vocab, self.d_model),
            ("feed-forward x embedding", self.ffn, self.d_model),
        ] {
            if !matches!(a.checked_mul(b), Some(p) if p <= 1 << 40) {
                return bad(format!("{what} = {a} x {b} is too large"));
            }
        }
        if self.n_layers > 1 << 16 {
            return bad(format!("{} layers is too many", self.n_layers));
        }
        if self.n_heads % self.n_kv_heads != 0 {
            return bad(format!(
                "{} query heads are not a multiple of {} KV heads",
                self.n_heads, self.n_kv_heads
            ));
        }
        if self.head_dim % 2 != 0 {
            return bad(format!(
                "head dim {} is odd (RoPE rotates pairs)",
                self.head_dim
            ));
        }
        if self.rope_dim > self.head_dim || self.rope_dim % 2 != 0 {
            return bad(format!(
                "RoPE dimension {} must be even and at most the head dim {}",
                self.rope_dim, self.head_dim
            ));
        }
        if !(self.rope_base.is_finite() && self.rope_base > 0.0) {
            return bad(format!(
                "RoPE base {} is not a positive number",
                self.rope_base
            ));
        }
        if !(self.rms_eps.is_finite() && self.rms_eps > 0.0) {
            return bad(format!(
                "RMSNorm epsilon {} is not a positive number",
                self.rms_eps
            ));
        }
        for (name, id) in [("bos", self.bos_id), ("eos", self.eos_id)] {
            if let Some(id) = id {
                if id as usize >= self.vocab {
                    return bad(format!(
                        "{name} id {id} is outside the vocabulary of {}",
                        self.vocab
                    ));
                }
            }
        }
        Ok(())
    }

    /// Query heads per KV head.
    pub fn group(&self) -> usize {
        self.n_heads / self.n_kv_heads
    }
}
