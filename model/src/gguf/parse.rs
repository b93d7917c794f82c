//! The byte-level reader: every read is bounds-checked and every count read
//! from the file is checked against the bytes left before anything is
//! allocated for it, so a corrupt or hostile file is an error, never a
//! panic or a huge allocation.

use super::types::GgmlType;
use super::value::{MetaValue, Metadata};
use super::{GgufLayout, TensorInfo};
use crate::error::{ModelError, Result};
use std::collections::HashSet;

/// "GGUF" read as a little-endian u32.
const MAGIC: &[u8; 4] = b"GGUF";
/// ggml's limit on tensor rank.
const MAX_DIMS: u32 = 4;
/// GGUF allows arrays of arrays; no real file nests them, and a bound keeps
/// a crafted file from recursing the stack away.
const MAX_ARRAY_DEPTH: usize = 3;
pub(crate) const DEFAULT_ALIGNMENT: u64 = 32;

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// What is being read, for errors ("header", "metadata `key`", ...).
    section: String,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: u64) -> Result<&'a [u8]> {
        let end = usize::try_from(n)
            .ok()
            .and_then(|n| self.pos.checked_add(n))
            .filter(|&end| end <= self.bytes.len());
        let Some(end) = end else {
            return Err(ModelError::Truncated {
                section: self.section.clone(),
                offset: self.pos as u64,
                needed: n,
                len: self.bytes.len() as u64,
            });
        };
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N as u64)?);
        Ok(a)
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn remaining(&self) -> u64 {
        (self.bytes.len() - self.pos) as u64
    }

    fn malformed(&self, offset: usize, message: String) -> ModelError {
        ModelError::Malformed {
            section: self.section.clone(),
            offset: offset as u64,
            message,
        }
    }

    fn string(&mut self) -> Result<String> {
        let start = self.pos;
        let len = self.u64()?;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec())
            .map_err(|e| self.malformed(start, format!("a string is not UTF-8 ({e})")))
    }

    fn value(&mut self, type_id: u32, depth: usize) -> Result<MetaValue> {
        let at = self.pos;
        Ok(match type_id {
            0 => MetaValue::U8(u8::from_le_bytes(self.array()?)),
            1 => MetaValue::I8(i8::from_le_bytes(self.array()?)),
            2 => MetaValue::U16(u16::from_le_bytes(self.array()?)),
            3 => MetaValue::I16(i16::from_le_bytes(self.array()?)),
            4 => MetaValue::U32(self.u32()?),
            5 => MetaValue::I32(i32::from_le_bytes(self.array()?)),
            6 => MetaValue::F32(f32::from_le_bytes(self.array()?)),
            7 => match self.array::<1>()?[0] {
                0 => MetaValue::Bool(false),
                1 => MetaValue::Bool(true),
                b => return Err(self.malformed(at, format!("bool byte {b} is neither 0 nor 1"))),
            },
            8 => MetaValue::String(self.string()?),
            9 => {
                if depth >= MAX_ARRAY_DEPTH {
                    return Err(self.malformed(at, "arrays nested too deep".into()));
                }
                let elem = self.u32()?;
                let len = self.u64()?;
                // Every element takes at least one byte, so a length beyond
                // the bytes left is corrupt; it also bounds the allocation.
                if len > self.remaining() {
                    return Err(ModelError::Truncated {
                        section: self.section.clone(),
                        offset: self.pos as u64,
                        needed: len,
                        len: self.bytes.len() as u64,
                    });
                }
                let mut items = Vec::with_capacity(len as usize);
                for _ in 0..len {
                    items.push(self.value(elem, depth + 1)?);
                }
                MetaValue::Array(items)
            }
            10 => MetaValue::U64(self.u64()?),
            11 => MetaValue::I64(i64::from_le_bytes(self.array()?)),
            12 => MetaValue::F64(f64::from_le_bytes(self.array()?)),
            t => return Err(self.malformed(at, format!("unknown metadata value type {t}"))),
        })
    }
}

/// Parses everything but the tensor data and checks that every tensor of
/// a known type lies inside the file.
pub(crate) fn parse_layout(bytes: &[u8]) -> Result<GgufLayout> {
    let mut c = Cursor {
        bytes,
        pos: 0,
        section: "header".into(),
    };
    let magic = c.take(4).map_err(|_| ModelError::BadMagic {
        found: bytes[..bytes.len().min(4)].to_vec(),
    })?;
    if magic != MAGIC {
        return Err(ModelError::BadMagic {
            found: magic.to_vec(),
        });
    }
    let version = c.u32()?;
    // Version 1 had 32-bit counts and lengths; nothing current writes it.
    if version != 2 && version != 3 {
        if matches!(version.swap_bytes(), 2 | 3) {
            return Err(c.malformed(
                4,
                "a big-endian GGUF; only little-endian files are read".into(),
            ));
        }
        return Err(ModelError::UnsupportedVersion { version });
    }
    let n_tensors = c.u64()?;
    let n_kv = c.u64()?;

    let mut metadata = Metadata::default();
    for i in 0..n_kv {
        c.section = format!("metadata entry {i}");
        let key = c.string()?;
        c.section = format!("metadata `{key}`");
        let type_id = c.u32()?;
        let at = c.pos;
        let value = c.value(type_id, 0)?;
        if !metadata.insert(key.clone(), value) {
            return Err(c.malformed(at, format!("key `{key}` appears twice")));
        }
    }

    let alignment = match metadata.get("general.alignment") {
        None => DEFAULT_ALIGNMENT,
        Some(v) => match v.as_u64() {
            Some(a) if a > 0 && a.is_power_of_two() && a <= 1 << 20 => a,
            _ => {
                return Err(ModelError::Malformed {
                    section: "metadata `general.alignment`".into(),
                    offset: 0,
                    message: format!("{v:?} is not a power of two up to 1 MiB"),
                })
            }
        },
    };

    // Each tensor info takes at least 24 bytes: bound the count first.
    if n_tensors > c.remaining() / 24 {
        return Err(ModelError::Truncated {
            section: "tensor infos".into(),
            offset: c.pos as u64,
            needed: n_tensors.saturating_mul(24),
            len: bytes.len() as u64,
        });
    }
    let mut tensors = Vec::with_capacity(n_tensors as usize);
    let mut names = HashSet::new();
    for i in 0..n_tensors {
        c.section = format!("tensor info {i}");
        let at = c.pos;
        let name = c.string()?;
        c.section = format!("tensor info {i} (`{name}`)");
        let n_dims = c.u32()?;
        if n_dims > MAX_DIMS {
            return Err(c.malformed(
                at,
                format!("{n_dims} dimensions (ggml allows up to {MAX_DIMS})"),
            ));
        }
        let mut dims = Vec::with_capacity(n_dims as usize);
        for _ in 0..n_dims {
            dims.push(c.u64()?);
        }
        let ggml_type = GgmlType::from_id(c.u32()?);
        let offset = c.u64()?;
        if offset % alignment != 0 {
            return Err(c.malformed(
                at,
                format!("data offset {offset} is not a multiple of the alignment {alignment}"),
            ));
        }
        let n_elements = dims
            .iter()
            .try_fold(1u64, |acc, &d| acc.checked_mul(d))
            .ok_or_else(|| c.malformed(at, format!("dimensions {dims:?} overflow")))?;
        let n_bytes = match ggml_type.block() {
            None => None,
            Some((block, block_bytes)) => {
                let row = dims.first().copied().unwrap_or(1);
                if row % block != 0 {
                    return Err(c.malformed(
                        at,
                        format!("{ggml_type} rows of {row} are not whole blocks of {block}"),
                    ));
                }
                Some(
                    (n_elements / block)
                        .checked_mul(block_bytes)
                        .ok_or_else(|| c.malformed(at, "size overflows".into()))?,
                )
            }
        };
        if !names.insert(name.clone()) {
            return Err(c.malformed(at, format!("tensor `{name}` appears twice")));
        }
        tensors.push(TensorInfo {
            name,
            dims,
            ggml_type,
            offset,
            n_elements,
            n_bytes,
        });
    }

    let end_of_infos = c.pos as u64;
    let data_offset = end_of_infos.div_ceil(alignment) * alignment;
    let data_len = (bytes.len() as u64).saturating_sub(data_offset);
    if !tensors.is_empty() && data_offset > bytes.len() as u64 {
        return Err(ModelError::Truncated {
            section: "padding before the tensor data".into(),
            offset: end_of_infos,
            needed: data_offset - end_of_infos,
            len: bytes.len() as u64,
        });
    }
    for t in &tensors {
        if let Some(n) = t.n_bytes {
            let end = t.offset.saturating_add(n);
            if end > data_len {
                return Err(ModelError::TensorOutOfBounds {
                    name: t.name.clone(),
                    start: t.offset,
                    end,
                    data_len,
                });
            }
        }
    }
    Ok(GgufLayout {
        version,
        metadata,
        tensors,
        alignment,
        data_offset,
    })
}
