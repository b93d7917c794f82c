//! Device memory as the interpreter models it: one buffer per ref, loads and
//! stores of tile windows with bounds checks that report instead of panic.
//!
//! A buffer is the host tensor itself, in its own dtype: an input shares the
//! caller's elements, an in/out ref handed over by value is written in place
//! (and copied first only if the caller kept a clone), and the results are
//! the buffers moved out. Only the windows loads read and stores write are
//! converted (see [`super::elements`]).

use super::elements;
use super::tile::{strides, Tile};
use crate::ir::ConstValue;
use crate::{DType, HostTensor};

/// A ref's contents, with the row-major strides loads and stores walk.
#[derive(Clone, Debug)]
pub struct Buffer {
    tensor: HostTensor,
    strides: Vec<usize>,
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

fn outside_lane(shape: &[usize], w: &Window, lane: usize) -> String {
    format!(
        "element {lane} of {} is unmasked but outside shape {shape:?}",
        window_text(w)
    )
}

/// The first lane of `w` that `mask` enables but that lies outside `shape`.
pub fn unmasked_outside(shape: &[usize], w: &Window, mask: &[bool]) -> Option<String> {
    let lane = lane_offsets(shape, w)
        .iter()
        .zip(mask)
        .position(|(off, &on)| on && off.is_none())?;
    Some(outside_lane(shape, w, lane))
}

impl Buffer {
    /// Zeros (false for bool) in `dtype`: an output or scratch ref.
    pub fn zeros(dtype: DType, shape: &[usize]) -> Buffer {
        Buffer::from_host(HostTensor::zeros(dtype, shape))
    }

    /// A buffer over `t`'s elements, shared with any other clone of `t`
    /// until the first store.
    pub fn from_host(t: HostTensor) -> Buffer {
        Buffer {
            strides: strides(t.shape()),
            tensor: t,
        }
    }

    /// The contents as a host tensor (no copy).
    pub fn into_host(self) -> HostTensor {
        self.tensor
    }

    pub fn host(&self) -> &HostTensor {
        &self.tensor
    }

    pub fn dtype(&self) -> DType {
        self.tensor.dtype()
    }

    pub fn shape(&self) -> &[usize] {
        self.tensor.shape()
    }

    fn tile_shape(w: &Window) -> Vec<usize> {
        w.iter().filter(|s| s.keep).map(|s| s.len).collect()
    }

    /// The element offset of a window's first element and its extents
    /// (point indices count as extent 1).
    fn origin(&self, w: &Window) -> (usize, Vec<usize>) {
        let offset = w
            .iter()
            .zip(&self.strides)
            .map(|(s, st)| s.start as usize * st)
            .sum();
        (offset, w.iter().map(|s| s.len).collect())
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
        let dtype = self.dtype();
        match mask {
            None => {
                if let Some(msg) = out_of_bounds(self.shape(), w) {
                    return Err(msg);
                }
                let (offset, lens) = self.origin(w);
                let data = elements::gather(self.tensor.data(), offset, &lens, &self.strides);
                Ok(Tile::new(dtype, shape, data))
            }
            Some(mask) => {
                let mut tile = Tile::splat(dtype, &shape, other);
                for (i, off) in lane_offsets(self.shape(), w).into_iter().enumerate() {
                    if !mask[i] {
                        continue;
                    }
                    let off = off.ok_or_else(|| outside_lane(self.shape(), w, i))?;
                    elements::read_one(self.tensor.data(), off, &mut tile.data, i);
                }
                Ok(tile)
            }
        }
    }

    /// Writes a tile into a window, narrowed to the buffer's dtype;
    /// masked-off elements are left alone. The elements are copied first
    /// only if another clone of the tensor still shares them.
    pub fn store(&mut self, w: &Window, value: &Tile, mask: Option<&[bool]>) -> Result<(), String> {
        let Some(mask) = mask else {
            if let Some(msg) = out_of_bounds(self.shape(), w) {
                return Err(msg);
            }
            let (offset, lens) = self.origin(w);
            let data = self.tensor.data_mut();
            elements::scatter(data, offset, &lens, &self.strides, &value.data);
            return Ok(());
        };
        let offsets = lane_offsets(self.shape(), w);
        let shape = self.shape().to_vec();
        let data = self.tensor.data_mut();
        // An enabled lane outside the buffer ends the store with an error;
        // the lanes before it stay written (the launch fails either way).
        for (i, off) in offsets.into_iter().enumerate() {
            if !mask[i] {
                continue;
            }
            let off = off.ok_or_else(|| outside_lane(&shape, w, i))?;
            elements::write_one(data, off, &value.data, i);
        }
        Ok(())
    }
}
