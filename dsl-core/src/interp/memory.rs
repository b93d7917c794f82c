//! Device memory as the interpreter models it: one buffer per ref, loads and
//! stores of tile windows with bounds checks that report instead of panic.

use super::tile::{strides, Data, Tile};
use crate::ir::ConstValue;
use crate::{DType, HostTensor, TensorData};

/// A ref's contents; floats are held as f32 exactly representable in `dtype`.
#[derive(Clone, Debug)]
pub struct Buffer {
    pub dtype: DType,
    pub shape: Vec<usize>,
    pub strides: Vec<usize>,
    pub data: Data,
}

/// One dimension of a window: `len` elements from `start`; `keep` is false
/// for a point index, whose dimension the tile drops.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub start: i64,
    pub len: usize,
    pub keep: bool,
}

/// A window of a buffer, as read or written by one load or store.
pub type Window = Vec<Span>;

pub fn window_text(w: &Window) -> String {
    let parts: Vec<String> = w
        .iter()
        .map(|s| {
            if s.keep {
                format!("{}..{}", s.start, s.start + s.len as i64)
            } else {
                s.start.to_string()
            }
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// Whether two windows of the same buffer share an element.
pub fn overlaps(a: &Window, b: &Window) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| x.start < y.start + y.len as i64 && y.start < x.start + x.len as i64)
}

/// Describes the first dimension of window `w` outside `shape`, if any.
pub fn out_of_bounds(shape: &[usize], w: &Window) -> Option<String> {
    w.iter()
        .zip(shape)
        .enumerate()
        .find_map(|(d, (s, &extent))| {
            (s.start < 0 || s.start + s.len as i64 > extent as i64).then(|| {
                format!(
                    "window {} is outside shape {:?} (dim {d}: {}..{} not within 0..{extent})",
                    window_text(w),
                    shape,
                    s.start,
                    s.start + s.len as i64
                )
            })
        })
}

/// Linear offsets (row-major in `shape`) of every element of the window, in
/// tile order; `None` for elements outside `shape`.
pub fn lane_offsets(shape: &[usize], w: &Window) -> Vec<Option<usize>> {
    let strides = strides(shape);
    let lens: Vec<usize> = w.iter().map(|s| s.len).collect();
    let n: usize = lens.iter().product();
    let mut out = Vec::with_capacity(n);
    let mut idx = vec![0usize; w.len()];
    for _ in 0..n {
        let mut off = 0i64;
        let mut ok = true;
        for (d, s) in w.iter().enumerate() {
            let c = s.start + idx[d] as i64;
            ok &= c >= 0 && c < shape[d] as i64;
            off += c * strides[d] as i64;
        }
        out.push(ok.then_some(off as usize));
        for d in (0..w.len()).rev() {
            idx[d] += 1;
            if idx[d] < lens[d] {
                break;
            }
            idx[d] = 0;
        }
    }
    out
}

/// The first lane of `w` that `mask` enables but that lies outside `shape`.
pub fn unmasked_outside(shape: &[usize], w: &Window, mask: &[bool]) -> Option<String> {
    let lane = lane_offsets(shape, w)
        .iter()
        .zip(mask)
        .position(|(off, &on)| on && off.is_none())?;
    Some(format!(
        "element {lane} of {} is unmasked but outside shape {shape:?}",
        window_text(w)
    ))
}

impl Buffer {
    pub fn zeros(dtype: DType, shape: &[usize]) -> Buffer {
        let n = shape.iter().product();
        Buffer {
            dtype,
            shape: shape.to_vec(),
            strides: strides(shape),
            data: Data::splat(dtype, ConstValue::Int(0), n),
        }
    }

    pub fn from_host(t: &HostTensor) -> Buffer {
        let data = match t.data() {
            TensorData::Bool(v) => Data::B(v.clone()),
            _ => match t.to_i32_vec() {
                Some(ints) => Data::I(ints),
                None => Data::F(t.to_f32_vec()),
            },
        };
        Buffer {
            dtype: t.dtype(),
            shape: t.shape().to_vec(),
            strides: strides(t.shape()),
            data,
        }
    }

    pub fn to_host(&self) -> HostTensor {
        let r = match &self.data {
            // fp8 values are written back by their exact bits (an E5M2
            // infinity from a bitcast must not saturate as a cast would).
            Data::F(v) => match self.dtype.fp8_format() {
                Some(f) => {
                    let bits = v.iter().map(|&x| f.bits_of(x)).collect();
                    HostTensor::new(
                        &self.shape,
                        if self.dtype == DType::F8E4M3 {
                            TensorData::F8E4M3(bits)
                        } else {
                            TensorData::F8E5M2(bits)
                        },
                    )
                }
                None => HostTensor::from_f32(self.dtype, &self.shape, v),
            },
            Data::I(v) => HostTensor::from_ints(self.dtype, &self.shape, v),
            Data::B(v) => HostTensor::new(&self.shape, TensorData::Bool(v.clone())),
        };
        r.expect("buffer sizes always match their shapes")
    }

    fn tile_shape(w: &Window) -> Vec<usize> {
        w.iter().filter(|s| s.keep).map(|s| s.len).collect()
    }

    /// Reads a window. With a mask, masked-off elements read `other` and are
    /// not bounds-checked; `Err` describes an out-of-bounds element.
    pub fn load(
        &self,
        w: &Window,
        mask: Option<&[bool]>,
        other: ConstValue,
    ) -> Result<Tile, String> {
        let shape = Buffer::tile_shape(w);
        match mask {
            None => {
                if let Some(msg) = out_of_bounds(&self.shape, w) {
                    return Err(msg);
                }
                let offset: usize = w
                    .iter()
                    .zip(&self.strides)
                    .map(|(s, st)| s.start as usize * st)
                    .sum();
                let lens: Vec<usize> = w.iter().map(|s| s.len).collect();
                let data = self.data.gather(offset, &lens, &self.strides);
                Ok(Tile::new(self.dtype, shape, data))
            }
            Some(mask) => {
                let mut tile = Tile::splat(self.dtype, &shape, other);
                for (i, off) in lane_offsets(&self.shape, w).into_iter().enumerate() {
                    if !mask[i] {
                        continue;
                    }
                    let off = off.ok_or_else(|| {
                        format!(
                            "element {i} of {} is unmasked but outside shape {:?}",
                            window_text(w),
                            self.shape
                        )
                    })?;
                    match (&mut tile.data, &self.data) {
                        (Data::F(t), Data::F(s)) => t[i] = s[off],
                        (Data::I(t), Data::I(s)) => t[i] = s[off],
                        (Data::B(t), Data::B(s)) => t[i] = s[off],
                        _ => {}
                    }
                }
                Ok(tile)
            }
        }
    }

    /// Writes a tile into a window; masked-off elements are left alone.
    pub fn store(&mut self, w: &Window, value: &Tile, mask: Option<&[bool]>) -> Result<(), String> {
        if mask.is_none() {
            if let Some(msg) = out_of_bounds(&self.shape, w) {
                return Err(msg);
            }
        }
        for (i, off) in lane_offsets(&self.shape, w).into_iter().enumerate() {
            if mask.is_some_and(|m| !m[i]) {
                continue;
            }
            let off = off.ok_or_else(|| {
                format!(
                    "element {i} of {} is unmasked but outside shape {:?}",
                    window_text(w),
                    self.shape
                )
            })?;
            match (&mut self.data, &value.data) {
                (Data::F(d), Data::F(s)) => d[off] = s[i],
                (Data::I(d), Data::I(s)) => d[off] = s[i],
                (Data::B(d), Data::B(s)) => d[off] = s[i],
                _ => {}
            }
        }
        Ok(())
    }
}
