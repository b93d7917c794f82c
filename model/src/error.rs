//! The one error type of the crate. Every failure on user input (a file,
//! a prompt, a token id) is one of these, never a panic.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("reading {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("GGUF truncated in {section}: {needed} bytes wanted at offset {offset}, but the file ends at {len}")]
    Truncated {
        section: String,
        offset: u64,
        needed: u64,
        len: u64,
    },
    #[error("not a GGUF file: the magic is {found:02x?}, not \"GGUF\"")]
    BadMagic { found: Vec<u8> },
    #[error("GGUF version {version} is not supported (versions 2 and 3 are)")]
    UnsupportedVersion { version: u32 },
    #[error("GGUF {section} at offset {offset}: {message}")]
    Malformed {
        section: String,
        offset: u64,
        message: String,
    },
    #[error("tensor `{name}`: its data [{start}, {end}) lies outside the file's data section of {data_len} bytes")]
    TensorOutOfBounds {
        name: String,
        start: u64,
        end: u64,
        data_len: u64,
    },
    #[error("tensor `{name}`: unknown ggml type id {type_id}")]
    UnknownGgmlType { name: String, type_id: u32 },
    #[error("tensor `{name}` has ggml type {ggml_type}, which is not supported (supported: Q4_1, Q8_0, F16, F32)")]
    UnsupportedTensorType { name: String, ggml_type: String },
    #[error("the model's architecture is `{architecture}`, not `llama`")]
    NotLlama { architecture: String },
    #[error("the GGUF has no metadata key `{key}`")]
    MissingKey { key: String },
    #[error("metadata `{key}` is {found}, expected {expected}")]
    WrongKeyType {
        key: String,
        expected: &'static str,
        found: String,
    },
    #[error("invalid model config: {0}")]
    Config(String),
    #[error("the GGUF has no tensor `{name}`")]
    MissingTensor { name: String },
    #[error("tensor `{name}` has shape {found:?} (innermost first), expected {expected:?}")]
    TensorShape {
        name: String,
        expected: Vec<u64>,
        found: Vec<u64>,
    },
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    #[error("token id {id} is outside the vocabulary of {vocab} tokens")]
    UnknownTokenId { id: u32, vocab: usize },
    #[error("chat template: {0}")]
    Template(String),
    #[error("{0}")]
    Fetch(String),
}

pub type Result<T, E = ModelError> = std::result::Result<T, E>;
