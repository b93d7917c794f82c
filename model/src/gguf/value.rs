//! GGUF metadata values and typed look-ups on the key/value table.

use crate::error::{ModelError, Result};
use std::collections::HashMap;

/// One metadata value, of any of GGUF's thirteen value types.
#[derive(Clone, Debug, PartialEq)]
pub enum MetaValue {
    U8(u8),
    I8(i8),
    U16(u16),
    I16(i16),
    U32(u32),
    I32(i32),
    F32(f32),
    Bool(bool),
    String(String),
    /// Elements all of one type (GGUF stores the element type once).
    Array(Vec<MetaValue>),
    U64(u64),
    I64(i64),
    F64(f64),
}

impl MetaValue {
    /// The GGUF type name, for error messages.
    pub fn type_name(&self) -> String {
        match self {
            MetaValue::U8(_) => "u8".into(),
            MetaValue::I8(_) => "i8".into(),
            MetaValue::U16(_) => "u16".into(),
            MetaValue::I16(_) => "i16".into(),
            MetaValue::U32(_) => "u32".into(),
            MetaValue::I32(_) => "i32".into(),
            MetaValue::F32(_) => "f32".into(),
            MetaValue::Bool(_) => "bool".into(),
            MetaValue::String(_) => "a string".into(),
            MetaValue::Array(a) => format!("an array of {}", a.len()),
            MetaValue::U64(_) => "u64".into(),
            MetaValue::I64(_) => "i64".into(),
            MetaValue::F64(_) => "f64".into(),
        }
    }

    /// Any integer type, when it is non-negative (writers differ on
    /// whether a count is u32, i32 or u64).
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            MetaValue::U8(x) => Some(x as u64),
            MetaValue::U16(x) => Some(x as u64),
            MetaValue::U32(x) => Some(x as u64),
            MetaValue::U64(x) => Some(x),
            MetaValue::I8(x) => u64::try_from(x).ok(),
            MetaValue::I16(x) => u64::try_from(x).ok(),
            MetaValue::I32(x) => u64::try_from(x).ok(),
            MetaValue::I64(x) => u64::try_from(x).ok(),
            _ => None,
        }
    }

    /// Any float or integer type, as f64.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            MetaValue::F32(x) => Some(x as f64),
            MetaValue::F64(x) => Some(x),
            MetaValue::I8(x) => Some(x as f64),
            MetaValue::I16(x) => Some(x as f64),
            MetaValue::I32(x) => Some(x as f64),
            MetaValue::I64(x) => Some(x as f64),
            _ => self.as_u64().map(|x| x as f64),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            MetaValue::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            MetaValue::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[MetaValue]> {
        match self {
            MetaValue::Array(a) => Some(a),
            _ => None,
        }
    }
}

/// The key/value table, in file order, with typed getters whose errors
/// name the key.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    entries: Vec<(String, MetaValue)>,
    index: HashMap<String, usize>,
}

impl Metadata {
    /// Adds an entry; `false` when the key is already there.
    pub(crate) fn insert(&mut self, key: String, value: MetaValue) -> bool {
        if self.index.contains_key(&key) {
            return false;
        }
        self.index.insert(key.clone(), self.entries.len());
        self.entries.push((key, value));
        true
    }

    pub fn get(&self, key: &str) -> Option<&MetaValue> {
        self.index.get(key).map(|&i| &self.entries[i].1)
    }

    /// Every entry in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &MetaValue)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn require(&self, key: &str) -> Result<&MetaValue> {
        self.get(key).ok_or_else(|| ModelError::MissingKey {
            key: key.to_string(),
        })
    }

    fn wrong(key: &str, expected: &'static str, v: &MetaValue) -> ModelError {
        ModelError::WrongKeyType {
            key: key.to_string(),
            expected,
            found: v.type_name(),
        }
    }

    pub fn u64(&self, key: &str) -> Result<u64> {
        let v = self.require(key)?;
        v.as_u64()
            .ok_or_else(|| Self::wrong(key, "a non-negative integer", v))
    }

    /// A non-negative integer that fits `usize`.
    pub fn usize(&self, key: &str) -> Result<usize> {
        let x = self.u64(key)?;
        usize::try_from(x).map_err(|_| ModelError::WrongKeyType {
            key: key.to_string(),
            expected: "an integer that fits usize",
            found: x.to_string(),
        })
    }

    pub fn f64(&self, key: &str) -> Result<f64> {
        let v = self.require(key)?;
        v.as_f64().ok_or_else(|| Self::wrong(key, "a number", v))
    }

    pub fn str(&self, key: &str) -> Result<&str> {
        let v = self.require(key)?;
        v.as_str().ok_or_else(|| Self::wrong(key, "a string", v))
    }

    pub fn bool(&self, key: &str) -> Result<bool> {
        let v = self.require(key)?;
        v.as_bool().ok_or_else(|| Self::wrong(key, "a bool", v))
    }

    pub fn array(&self, key: &str) -> Result<&[MetaValue]> {
        let v = self.require(key)?;
        v.as_array().ok_or_else(|| Self::wrong(key, "an array", v))
    }

    /// An array of strings.
    pub fn strings(&self, key: &str) -> Result<Vec<&str>> {
        self.array(key)?
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| Self::wrong(key, "an array of strings", v))
            })
            .collect()
    }

    /// An array of integers (token types are i32).
    pub fn ints(&self, key: &str) -> Result<Vec<i64>> {
        self.array(key)?
            .iter()
            .map(|v| match *v {
                MetaValue::I8(x) => Ok(x as i64),
                MetaValue::I16(x) => Ok(x as i64),
                MetaValue::I32(x) => Ok(x as i64),
                MetaValue::I64(x) => Ok(x),
                _ => v
                    .as_u64()
                    .and_then(|x| i64::try_from(x).ok())
                    .ok_or_else(|| Self::wrong(key, "an array of integers", v)),
            })
            .collect()
    }
}
