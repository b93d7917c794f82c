//! Loading a Llama-architecture model from a GGUF file: the file
//! ([`gguf`]), its hyper-parameters ([`config`]), its tensors as tilekit
//! host tensors in the kernels' layout ([`weights`], [`dequant`]), its
//! byte-level BPE tokenizer ([`tokenizer`]) and chat template ([`chat`]),
//! and the provisioning of the default model, SmolLM2-135M-Instruct
//! ([`fetch`]).
//!
//! This crate depends on `tilekit-core` only (for [`HostTensor`]); it runs
//! nothing. Every failure on input — a truncated or corrupt file, another
//! architecture, an unsupported tensor type, an unknown token id — is a
//! [`ModelError`], never a panic.
//!
//! [`HostTensor`]: tilekit_core::HostTensor

pub mod chat;
pub mod config;
pub mod dequant;
pub mod error;
pub mod fetch;
pub mod gguf;
pub mod reference;
pub mod tokenizer;
pub mod weights;

pub use chat::{ChatMessage, ChatTemplate};
pub use config::LlamaConfig;
pub use error::{ModelError, Result};
pub use gguf::{GgmlType, Gguf, GgufLayout, MetaValue, Metadata, TensorInfo};
pub use tokenizer::{StreamDecoder, Tokenizer};
pub use weights::{LayerWeights, LlamaWeights, Weight};

use std::path::Path;

/// Everything a forward pass and a chat loop need from a GGUF file.
#[derive(Debug)]
pub struct LlamaModel {
    pub config: LlamaConfig,
    pub weights: LlamaWeights,
    pub tokenizer: Tokenizer,
    /// `None` when the file has no `tokenizer.chat_template`.
    pub chat_template: Option<ChatTemplate>,
}

impl LlamaModel {
    /// Reads and checks the model at `path`.
    pub fn load(path: &Path) -> Result<LlamaModel> {
        LlamaModel::from_gguf(&Gguf::read(path)?)
    }

    pub fn from_gguf(gguf: &Gguf) -> Result<LlamaModel> {
        let m = gguf.metadata();
        let config = LlamaConfig::from_metadata(m)?;
        let tokenizer = Tokenizer::from_metadata(m)?;
        if tokenizer.vocab_size() != config.vocab {
            return Err(ModelError::Config(format!(
                "the vocabulary has {} tokens but the model {}",
                tokenizer.vocab_size(),
                config.vocab
            )));
        }
        let weights = LlamaWeights::from_gguf(gguf, &config)?;
        let chat_template = match m.get("tokenizer.chat_template") {
            None => None,
            Some(_) => Some(ChatTemplate::from_metadata(m)?),
        };
        Ok(LlamaModel {
            config,
            weights,
            tokenizer,
            chat_template,
        })
    }
}
