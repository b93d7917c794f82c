//! A GGUF v2/v3 reader: header, metadata of every value type (arrays of
//! strings included), tensor infos, `general.alignment` (default 32), and
//! the tensor data as byte slices of the file read into memory.
//!
//! # Why our own parser
//!
//! The GGUF crates on the registry were weighed: `gguf` (last release
//! 2023) is unmaintained; `gguf-rs` parses v3 and metadata arrays but
//! sizes its allocations from the file's counts and is written to inspect
//! models, not to bound hostile input; candle's reader comes with all of
//! `candle-core`. The format is small (a header, a key/value table, tensor
//! infos, aligned data), and the property this crate needs most — any
//! input, truncated or corrupt, is an error naming the section and offset,
//! never a panic or a huge allocation — is easiest to guarantee and test
//! in ~300 lines of our own (`gguf/parse.rs`).
//!
//! The whole file is read into memory (the model is 98 MB): tensor data
//! are then plain slices, and weights are copied into [`HostTensor`]s
//! once, which need owned data anyway. No mmap, so no `unsafe`.
//!
//! [`HostTensor`]: tilekit_core::HostTensor

mod parse;
mod types;
mod value;

pub use types::GgmlType;
pub use value::{MetaValue, Metadata};

use crate::error::{ModelError, Result};
use std::path::Path;

/// One tensor's entry in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct TensorInfo {
    pub name: String,
    /// Dimensions as GGUF lists them: innermost (contiguous) first, so a
    /// row-major `[N, K]` matrix is `[K, N]` here.
    pub dims: Vec<u64>,
    pub ggml_type: GgmlType,
    /// Offset from the start of the data section (a multiple of the alignment).
    pub offset: u64,
    pub n_elements: u64,
    /// Bytes of data, `None` for a type whose block size is unknown.
    pub n_bytes: Option<u64>,
}

/// Everything in a GGUF file but the tensor data.
#[derive(Clone, Debug)]
pub struct GgufLayout {
    pub version: u32,
    pub metadata: Metadata,
    pub tensors: Vec<TensorInfo>,
    pub alignment: u64,
    /// Where the data section starts in the file.
    pub data_offset: u64,
}

impl GgufLayout {
    /// Parses the header, metadata and tensor infos from the start of a
    /// file (`bytes` must be the whole file for the bounds checks of the
    /// tensor data to mean anything).
    pub fn parse(bytes: &[u8]) -> Result<GgufLayout> {
        parse::parse_layout(bytes)
    }

    pub fn tensor(&self, name: &str) -> Option<&TensorInfo> {
        self.tensors.iter().find(|t| t.name == name)
    }

    /// The bytes of tensor `info` within `file` (the bytes `self` was
    /// parsed from).
    pub fn tensor_bytes<'a>(&self, file: &'a [u8], info: &TensorInfo) -> Result<&'a [u8]> {
        let n = info.n_bytes.ok_or_else(|| ModelError::UnknownGgmlType {
            name: info.name.clone(),
            type_id: info.ggml_type.id(),
        })?;
        let out_of_bounds = || ModelError::TensorOutOfBounds {
            name: info.name.clone(),
            start: info.offset,
            end: info.offset.saturating_add(n),
            data_len: (file.len() as u64).saturating_sub(self.data_offset),
        };
        let start = self
            .data_offset
            .checked_add(info.offset)
            .ok_or_else(out_of_bounds)?;
        let end = start.checked_add(n).ok_or_else(out_of_bounds)?;
        let (Ok(start), Ok(end)) = (usize::try_from(start), usize::try_from(end)) else {
            return Err(out_of_bounds());
        };
        file.get(start..end).ok_or_else(out_of_bounds)
    }

    /// `general.architecture`, required to be `llama`.
    pub fn require_llama(&self) -> Result<()> {
        let arch = self.metadata.str("general.architecture")?;
        if arch == "llama" {
            Ok(())
        } else {
            Err(ModelError::NotLlama {
                architecture: arch.to_string(),
            })
        }
    }
}

/// A GGUF file in memory.
#[derive(Clone, Debug)]
pub struct Gguf {
    pub layout: GgufLayout,
    bytes: Vec<u8>,
}

impl Gguf {
    /// Reads and parses the file at `path`.
    pub fn read(path: &Path) -> Result<Gguf> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Gguf::from_bytes(bytes)
    }

    pub fn from_bytes(bytes: Vec<u8>) -> Result<Gguf> {
        let layout = GgufLayout::parse(&bytes)?;
        Ok(Gguf { layout, bytes })
    }

    pub fn metadata(&self) -> &Metadata {
        &self.layout.metadata
    }

    pub fn tensors(&self) -> &[TensorInfo] {
        &self.layout.tensors
    }

    /// The whole file.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The info and data of tensor `name`.
    pub fn tensor(&self, name: &str) -> Result<(&TensorInfo, &[u8])> {
        let info = self
            .layout
            .tensor(name)
            .ok_or_else(|| ModelError::MissingTensor {
                name: name.to_string(),
            })?;
        Ok((info, self.layout.tensor_bytes(&self.bytes, info)?))
    }
}
