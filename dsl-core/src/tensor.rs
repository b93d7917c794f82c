//! Host tensors: a dtype, a row-major shape and typed data, with safetensors
//! reading and writing. These are what users hand to the interpreter and to
//! every backend, and what they get back.

use crate::dtype::DType;
use half::{bf16, f16};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The elements of a [`HostTensor`], stored in their own dtype.
#[derive(Clone, Debug, PartialEq)]
pub enum TensorData {
    Bf16(Vec<bf16>),
    F16(Vec<f16>),
    F32(Vec<f32>),
    I32(Vec<i32>),
    Bool(Vec<bool>),
    I8(Vec<i8>),
    U8(Vec<u8>),
    U16(Vec<u16>),
    /// fp8 E4M3FN bit patterns.
    F8E4M3(Vec<u8>),
    /// fp8 E5M2 bit patterns.
    F8E5M2(Vec<u8>),
}

/// A dense row-major tensor in host memory.
///
/// The elements are shared: cloning a tensor (to pass it as an argument,
/// to keep it in a program's state) copies a pointer, never the data.
/// [`HostTensor::data_mut`] copies only when another clone still shares
/// them, so a tensor handed over by value is updated in place.
#[derive(Clone, Debug, PartialEq)]
pub struct HostTensor {
    shape: Vec<usize>,
    data: Arc<TensorData>,
}

/// Errors from building, converting or (de)serialising host tensors.
#[derive(Debug, thiserror::Error)]
pub enum TensorError {
    #[error("tensor `{name}`: shape {shape:?} holds {expected} elements but {got} were given")]
    ElementCount {
        name: String,
        shape: Vec<usize>,
        expected: usize,
        got: usize,
    },
    #[error("tensor `{name}`: safetensors dtype {dtype} is not supported (use BF16, F16, F32, I32, BOOL, I8, U8, U16, F8_E4M3 or F8_E5M2)")]
    UnsupportedDType { name: String, dtype: String },
    #[error("{dtype} is not an integer dtype")]
    NotInteger { dtype: DType },
    #[error("{value} does not fit {dtype}")]
    IntOutOfRange { dtype: DType, value: i32 },
    #[error("safetensors file {path}: {message}")]
    File { path: String, message: String },
    #[error("safetensors file {path} has no tensor named `{name}` (it has: {available})")]
    Missing {
        path: String,
        name: String,
        available: String,
    },
}

impl HostTensor {
    /// Builds a tensor from typed data, checking the element count.
    pub fn new(shape: &[usize], data: TensorData) -> Result<Self, TensorError> {
        let expected = shape.iter().product::<usize>();
        if data.len() != expected {
            return Err(TensorError::ElementCount {
                name: String::new(),
                shape: shape.to_vec(),
                expected,
                got: data.len(),
            });
        }
        Ok(HostTensor {
            shape: shape.to_vec(),
            data: Arc::new(data),
        })
    }

    /// A tensor of zeros (false for bool).
    pub fn zeros(dtype: DType, shape: &[usize]) -> Self {
        let n = shape.iter().product();
        let data = match dtype {
            DType::Bf16 => TensorData::Bf16(vec![bf16::ZERO; n]),
            DType::F16 => TensorData::F16(vec![f16::ZERO; n]),
            DType::F32 => TensorData::F32(vec![0.0; n]),
            DType::I32 => TensorData::I32(vec![0; n]),
            DType::Bool => TensorData::Bool(vec![false; n]),
            DType::I8 => TensorData::I8(vec![0; n]),
            DType::U8 => TensorData::U8(vec![0; n]),
            DType::U16 => TensorData::U16(vec![0; n]),
            DType::F8E4M3 => TensorData::F8E4M3(vec![0; n]),
            DType::F8E5M2 => TensorData::F8E5M2(vec![0; n]),
        };
        HostTensor {
            shape: shape.to_vec(),
            data: Arc::new(data),
        }
    }

    /// Converts f32 values into `dtype` with the `cast` op's rules: rounding
    /// to nearest even for floats (fp8 saturates), truncating toward zero and
    /// saturating for integers.
    pub fn from_f32(dtype: DType, shape: &[usize], values: &[f32]) -> Result<Self, TensorError> {
        let fp8 = |f: crate::fp8::Fp8Format| values.iter().map(|&x| f.encode(x as f64)).collect();
        let data = match dtype {
            DType::Bf16 => TensorData::Bf16(values.iter().map(|&x| bf16::from_f32(x)).collect()),
            DType::F16 => TensorData::F16(values.iter().map(|&x| f16::from_f32(x)).collect()),
            DType::F32 => TensorData::F32(values.to_vec()),
            DType::I32 => TensorData::I32(values.iter().map(|&x| x as i32).collect()),
            DType::Bool => TensorData::Bool(values.iter().map(|&x| x != 0.0).collect()),
            DType::I8 => TensorData::I8(values.iter().map(|&x| x as i8).collect()),
            DType::U8 => TensorData::U8(values.iter().map(|&x| x as u8).collect()),
            DType::U16 => TensorData::U16(values.iter().map(|&x| x as u16).collect()),
            DType::F8E4M3 => TensorData::F8E4M3(fp8(crate::fp8::E4M3)),
            DType::F8E5M2 => TensorData::F8E5M2(fp8(crate::fp8::E5M2)),
        };
        HostTensor::new(shape, data)
    }

    /// An integer tensor of `dtype` from values that must lie in its range
    /// (an error names the first that does not).
    pub fn from_ints(dtype: DType, shape: &[usize], values: &[i32]) -> Result<Self, TensorError> {
        let Some((lo, hi)) = dtype.int_range() else {
            return Err(TensorError::NotInteger { dtype });
        };
        if let Some(&bad) = values.iter().find(|&&x| !(lo..=hi).contains(&(x as i64))) {
            return Err(TensorError::IntOutOfRange { dtype, value: bad });
        }
        let data = match dtype {
            DType::I8 => TensorData::I8(values.iter().map(|&x| x as i8).collect()),
            DType::U8 => TensorData::U8(values.iter().map(|&x| x as u8).collect()),
            DType::U16 => TensorData::U16(values.iter().map(|&x| x as u16).collect()),
            _ => TensorData::I32(values.to_vec()),
        };
        HostTensor::new(shape, data)
    }

    /// A u8 tensor of raw bytes (block-quantized weights).
    pub fn from_u8(shape: &[usize], values: Vec<u8>) -> Result<Self, TensorError> {
        HostTensor::new(shape, TensorData::U8(values))
    }

    /// The elements of an integer tensor widened to i32, or `None` for
    /// other dtypes.
    pub fn to_i32_vec(&self) -> Option<Vec<i32>> {
        Some(match self.data.as_ref() {
            TensorData::I32(v) => v.clone(),
            TensorData::I8(v) => v.iter().map(|&x| x as i32).collect(),
            TensorData::U8(v) => v.iter().map(|&x| x as i32).collect(),
            TensorData::U16(v) => v.iter().map(|&x| x as i32).collect(),
            _ => return None,
        })
    }

    /// An i32 tensor (block tables, lengths, indices).
    pub fn from_i32(shape: &[usize], values: Vec<i32>) -> Result<Self, TensorError> {
        HostTensor::new(shape, TensorData::I32(values))
    }

    /// A bool tensor (masks).
    pub fn from_bool(shape: &[usize], values: Vec<bool>) -> Result<Self, TensorError> {
        HostTensor::new(shape, TensorData::Bool(values))
    }

    /// A 0-d f32 tensor.
    pub fn scalar_f32(x: f32) -> Self {
        HostTensor {
            shape: vec![],
            data: Arc::new(TensorData::F32(vec![x])),
        }
    }

    pub fn dtype(&self) -> DType {
        self.data.dtype()
    }

    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.len() == 0
    }

    pub fn data(&self) -> &TensorData {
        &self.data
    }

    /// The elements, writable; copied first only if another clone of this
    /// tensor still shares them.
    pub fn data_mut(&mut self) -> &mut TensorData {
        Arc::make_mut(&mut self.data)
    }

    /// The elements by value; copied only if another clone shares them.
    pub fn into_data(self) -> TensorData {
        Arc::try_unwrap(self.data).unwrap_or_else(|shared| (*shared).clone())
    }

    /// Whether `self` and `other` share their elements (a clone of one
    /// another, with no write since).
    pub fn shares_data_with(&self, other: &HostTensor) -> bool {
        Arc::ptr_eq(&self.data, &other.data)
    }

    /// Overwrites rows `start..start + rows.shape()[0]` along axis 0 with
    /// `rows` (same dtype and trailing dims), in place when no other clone
    /// shares the elements. `Err` describes a mismatch; nothing is written.
    pub fn write_rows(&mut self, start: usize, rows: &HostTensor) -> Result<(), String> {
        let (Some((&n, tail)), Some((&total, own_tail))) =
            (rows.shape.split_first(), self.shape.split_first())
        else {
            return Err("rank-0 tensors have no rows".into());
        };
        if rows.dtype() != self.dtype() || tail != own_tail {
            return Err(format!(
                "rows are {}{:?} but the tensor is {}{:?}",
                rows.dtype(),
                rows.shape,
                self.dtype(),
                self.shape
            ));
        }
        if start.checked_add(n).map_or(true, |end| end > total) {
            return Err(format!(
                "rows {start}..{} are outside the {total} rows of the tensor",
                start.saturating_add(n)
            ));
        }
        let row: usize = tail.iter().product();
        let (from, len) = (start * row, n * row);
        macro_rules! copy {
            ($($v:ident),*) => {
                match (Arc::make_mut(&mut self.data), rows.data.as_ref()) {
                    $((TensorData::$v(d), TensorData::$v(s)) => d[from..from + len].copy_from_slice(s),)*
                    _ => unreachable!("dtypes checked equal above"),
                }
            };
        }
        copy!(Bf16, F16, F32, I32, Bool, I8, U8, U16, F8E4M3, F8E5M2);
        Ok(())
    }

    /// The same elements under another shape of the same element count
    /// (no copy); `None` when the counts differ.
    pub fn reshaped(&self, shape: &[usize]) -> Option<HostTensor> {
        (shape.iter().product::<usize>() == self.len()).then(|| HostTensor {
            shape: shape.to_vec(),
            data: self.data.clone(),
        })
    }

    pub fn size_bytes(&self) -> usize {
        self.len() * self.dtype().size_bytes()
    }

    /// Every element widened to f32 (bool as 0/1, i32 converted).
    pub fn to_f32_vec(&self) -> Vec<f32> {
        match self.data.as_ref() {
            TensorData::Bf16(v) => v.iter().map(|x| x.to_f32()).collect(),
            TensorData::F16(v) => v.iter().map(|x| x.to_f32()).collect(),
            TensorData::F32(v) => v.clone(),
            TensorData::I32(v) => v.iter().map(|&x| x as f32).collect(),
            TensorData::Bool(v) => v.iter().map(|&x| x as u8 as f32).collect(),
            TensorData::I8(v) => v.iter().map(|&x| x as f32).collect(),
            TensorData::U8(v) => v.iter().map(|&x| x as f32).collect(),
            TensorData::U16(v) => v.iter().map(|&x| x as f32).collect(),
            TensorData::F8E4M3(v) => v.iter().map(|&x| crate::fp8::E4M3.decode(x)).collect(),
            TensorData::F8E5M2(v) => v.iter().map(|&x| crate::fp8::E5M2.decode(x)).collect(),
        }
    }

    /// Every element widened to f64 (exact for all dtypes).
    pub fn to_f64_vec(&self) -> Vec<f64> {
        match self.data.as_ref() {
            TensorData::I32(v) => v.iter().map(|&x| x as f64).collect(),
            _ => self.to_f32_vec().into_iter().map(f64::from).collect(),
        }
    }

    /// The i32 elements, or `None` if this is not an i32 tensor.
    pub fn as_i32(&self) -> Option<&[i32]> {
        match self.data.as_ref() {
            TensorData::I32(v) => Some(v),
            _ => None,
        }
    }

    /// The bool elements, or `None` if this is not a bool tensor.
    pub fn as_bool(&self) -> Option<&[bool]> {
        match self.data.as_ref() {
            TensorData::Bool(v) => Some(v),
            _ => None,
        }
    }

    /// The f32 elements, or `None` if this is not an f32 tensor.
    pub fn as_f32(&self) -> Option<&[f32]> {
        match self.data.as_ref() {
            TensorData::F32(v) => Some(v),
            _ => None,
        }
    }

    /// Little-endian bytes, as safetensors and device transfers want them.
    pub fn to_le_bytes(&self) -> Vec<u8> {
        match self.data.as_ref() {
            TensorData::Bf16(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            TensorData::F16(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            TensorData::F32(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            TensorData::I32(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            TensorData::Bool(v) => v.iter().map(|&x| x as u8).collect(),
            TensorData::I8(v) => v.iter().map(|&x| x as u8).collect(),
            TensorData::U8(v) | TensorData::F8E4M3(v) | TensorData::F8E5M2(v) => v.clone(),
            TensorData::U16(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        }
    }

    /// Rebuilds a tensor from little-endian bytes.
    pub fn from_le_bytes(dtype: DType, shape: &[usize], bytes: &[u8]) -> Result<Self, TensorError> {
        let n = shape.iter().product::<usize>();
        if bytes.len() != n * dtype.size_bytes() {
            return Err(TensorError::ElementCount {
                name: String::new(),
                shape: shape.to_vec(),
                expected: n,
                got: bytes.len() / dtype.size_bytes(),
            });
        }
        let data = match dtype {
            DType::Bf16 => TensorData::Bf16(
                bytes
                    .chunks_exact(2)
                    .map(|c| bf16::from_le_bytes([c[0], c[1]]))
                    .collect(),
            ),
            DType::F16 => TensorData::F16(
                bytes
                    .chunks_exact(2)
                    .map(|c| f16::from_le_bytes([c[0], c[1]]))
                    .collect(),
            ),
            DType::F32 => TensorData::F32(
                bytes
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect(),
            ),
            DType::I32 => TensorData::I32(
                bytes
                    .chunks_exact(4)
                    .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect(),
            ),
            DType::Bool => TensorData::Bool(bytes.iter().map(|&b| b != 0).collect()),
            DType::I8 => TensorData::I8(bytes.iter().map(|&b| b as i8).collect()),
            DType::U8 => TensorData::U8(bytes.to_vec()),
            DType::U16 => TensorData::U16(
                bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect(),
            ),
            DType::F8E4M3 => TensorData::F8E4M3(bytes.to_vec()),
            DType::F8E5M2 => TensorData::F8E5M2(bytes.to_vec()),
        };
        HostTensor::new(shape, data)
    }
}

impl TensorData {
    pub fn len(&self) -> usize {
        match self {
            TensorData::Bf16(v) => v.len(),
            TensorData::F16(v) => v.len(),
            TensorData::F32(v) => v.len(),
            TensorData::I32(v) => v.len(),
            TensorData::Bool(v) => v.len(),
            TensorData::I8(v) => v.len(),
            TensorData::U16(v) => v.len(),
            TensorData::U8(v) | TensorData::F8E4M3(v) | TensorData::F8E5M2(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A tensor of the same dtype whose element `i` is `self[src(i)]` for
    /// `i` in `0..len` (layout changes: transposes, gathers).
    pub fn gather(&self, len: usize, src: impl Fn(usize) -> usize) -> TensorData {
        fn g<T: Copy>(v: &[T], len: usize, src: impl Fn(usize) -> usize) -> Vec<T> {
            (0..len).map(|i| v[src(i)]).collect()
        }
        match self {
            TensorData::Bf16(v) => TensorData::Bf16(g(v, len, src)),
            TensorData::F16(v) => TensorData::F16(g(v, len, src)),
            TensorData::F32(v) => TensorData::F32(g(v, len, src)),
            TensorData::I32(v) => TensorData::I32(g(v, len, src)),
            TensorData::Bool(v) => TensorData::Bool(g(v, len, src)),
            TensorData::I8(v) => TensorData::I8(g(v, len, src)),
            TensorData::U8(v) => TensorData::U8(g(v, len, src)),
            TensorData::U16(v) => TensorData::U16(g(v, len, src)),
            TensorData::F8E4M3(v) => TensorData::F8E4M3(g(v, len, src)),
            TensorData::F8E5M2(v) => TensorData::F8E5M2(g(v, len, src)),
        }
    }

    pub fn dtype(&self) -> DType {
        match self {
            TensorData::Bf16(_) => DType::Bf16,
            TensorData::F16(_) => DType::F16,
            TensorData::F32(_) => DType::F32,
            TensorData::I32(_) => DType::I32,
            TensorData::Bool(_) => DType::Bool,
            TensorData::I8(_) => DType::I8,
            TensorData::U8(_) => DType::U8,
            TensorData::U16(_) => DType::U16,
            TensorData::F8E4M3(_) => DType::F8E4M3,
            TensorData::F8E5M2(_) => DType::F8E5M2,
        }
    }
}

fn to_st_dtype(d: DType) -> safetensors::Dtype {
    match d {
        DType::Bf16 => safetensors::Dtype::BF16,
        DType::F16 => safetensors::Dtype::F16,
        DType::F32 => safetensors::Dtype::F32,
        DType::I32 => safetensors::Dtype::I32,
        DType::Bool => safetensors::Dtype::BOOL,
        DType::I8 => safetensors::Dtype::I8,
        DType::U8 => safetensors::Dtype::U8,
        DType::U16 => safetensors::Dtype::U16,
        DType::F8E4M3 => safetensors::Dtype::F8_E4M3,
        DType::F8E5M2 => safetensors::Dtype::F8_E5M2,
    }
}

fn from_st_dtype(name: &str, d: safetensors::Dtype) -> Result<DType, TensorError> {
    Ok(match d {
        safetensors::Dtype::BF16 => DType::Bf16,
        safetensors::Dtype::F16 => DType::F16,
        safetensors::Dtype::F32 => DType::F32,
        safetensors::Dtype::I32 => DType::I32,
        safetensors::Dtype::BOOL => DType::Bool,
        safetensors::Dtype::I8 => DType::I8,
        safetensors::Dtype::U8 => DType::U8,
        safetensors::Dtype::U16 => DType::U16,
        safetensors::Dtype::F8_E4M3 => DType::F8E4M3,
        safetensors::Dtype::F8_E5M2 => DType::F8E5M2,
        other => {
            return Err(TensorError::UnsupportedDType {
                name: name.to_string(),
                dtype: format!("{other:?}"),
            })
        }
    })
}

/// Serialises named tensors into safetensors bytes (names sorted).
pub fn safetensors_to_bytes(
    tensors: &BTreeMap<String, HostTensor>,
) -> Result<Vec<u8>, TensorError> {
    let bytes: Vec<(String, Vec<u8>, &HostTensor)> = tensors
        .iter()
        .map(|(k, t)| (k.clone(), t.to_le_bytes(), t))
        .collect();
    let mut views = Vec::with_capacity(bytes.len());
    for (name, b, t) in &bytes {
        let view =
            safetensors::tensor::TensorView::new(to_st_dtype(t.dtype()), t.shape().to_vec(), b)
                .map_err(|e| TensorError::File {
                    path: "<memory>".into(),
                    message: format!("tensor `{name}`: {e}"),
                })?;
        views.push((name.clone(), view));
    }
    safetensors::tensor::serialize(views, &None).map_err(|e| TensorError::File {
        path: "<memory>".into(),
        message: e.to_string(),
    })
}

/// Parses safetensors bytes into named tensors. `origin` names the source in errors.
pub fn safetensors_from_bytes(
    origin: &str,
    bytes: &[u8],
) -> Result<BTreeMap<String, HostTensor>, TensorError> {
    let st = safetensors::SafeTensors::deserialize(bytes).map_err(|e| TensorError::File {
        path: origin.to_string(),
        message: e.to_string(),
    })?;
    let mut out = BTreeMap::new();
    for (name, view) in st.tensors() {
        let dtype = from_st_dtype(&name, view.dtype())?;
        let t = HostTensor::from_le_bytes(dtype, view.shape(), view.data()).map_err(|e| {
            TensorError::File {
                path: origin.to_string(),
                message: format!("tensor `{name}`: {e}"),
            }
        })?;
        out.insert(name, t);
    }
    Ok(out)
}

/// Writes named tensors to a safetensors file.
pub fn write_safetensors(
    path: &Path,
    tensors: &BTreeMap<String, HostTensor>,
) -> Result<(), TensorError> {
    let bytes = safetensors_to_bytes(tensors)?;
    std::fs::write(path, bytes).map_err(|e| TensorError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// Reads every tensor of a safetensors file.
pub fn read_safetensors(path: &Path) -> Result<BTreeMap<String, HostTensor>, TensorError> {
    let bytes = std::fs::read(path).map_err(|e| TensorError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    safetensors_from_bytes(&path.display().to_string(), &bytes)
}

/// Takes a named tensor out of a map, with an error listing what is there.
pub fn take_tensor(
    origin: &str,
    tensors: &mut BTreeMap<String, HostTensor>,
    name: &str,
) -> Result<HostTensor, TensorError> {
    tensors.remove(name).ok_or_else(|| TensorError::Missing {
        path: origin.to_string(),
        name: name.to_string(),
        available: tensors.keys().cloned().collect::<Vec<_>>().join(", "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safetensors_round_trip_every_dtype() {
        let mut m = BTreeMap::new();
        for (i, d) in DType::ALL.into_iter().enumerate() {
            let vals: Vec<f32> = (0..6).map(|x| x as f32 * 0.37 - 1.0 + i as f32).collect();
            m.insert(
                format!("t_{d}"),
                HostTensor::from_f32(d, &[2, 3], &vals).unwrap(),
            );
        }
        let bytes = safetensors_to_bytes(&m).unwrap();
        let back = safetensors_from_bytes("mem", &bytes).unwrap();
        assert_eq!(m, back);
    }

    #[test]
    fn element_count_is_checked() {
        let e = HostTensor::from_i32(&[2, 2], vec![1, 2, 3]).unwrap_err();
        assert!(e.to_string().contains("4 elements but 3"), "{e}");
    }

    #[test]
    fn missing_tensor_lists_available() {
        let mut m = BTreeMap::new();
        m.insert("q".to_string(), HostTensor::scalar_f32(1.0));
        let e = take_tensor("case.safetensors", &mut m, "k").unwrap_err();
        assert_eq!(
            e.to_string(),
            "safetensors file case.safetensors has no tensor named `k` (it has: q)"
        );
    }
}
