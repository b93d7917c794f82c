//! Moving elements between a buffer, held in its own dtype, and tile data
//! (f32, i32 or bool), one window at a time.
//!
//! Buffers keep their elements as the host tensor stores them (a bf16 KV
//! cache stays 2 bytes an element), so only what a load reads is widened and
//! only what a store writes is narrowed. The narrowing is the one
//! `HostTensor::from_f32` and `HostTensor::from_ints` apply (round to nearest
//! even; the tile's values are already representable, so it is exact), except
//! that fp8 is written by its bits, so an E5M2 infinity a bitcast produced is
//! kept rather than saturated as a cast would.

use super::tile::{strided_gather, Data};
use crate::fp8::{Fp8Format, E4M3, E5M2};
use crate::TensorData;
use half::{bf16, f16};
use std::sync::OnceLock;

/// Every fp8 bit pattern decoded, so loads convert by a table look-up.
fn fp8_table(f: Fp8Format) -> &'static [f32; 256] {
    static E4: OnceLock<[f32; 256]> = OnceLock::new();
    static E5: OnceLock<[f32; 256]> = OnceLock::new();
    let cell = if f == E4M3 { &E4 } else { &E5 };
    cell.get_or_init(|| std::array::from_fn(|b| f.decode(b as u8)))
}

/// Calls `row(base, len, stride)` for each innermost row of the window of
/// `shape` (with element `strides`) starting at element `offset`, in
/// row-major order; `stride` is the distance between a row's elements.
fn rows(
    offset: usize,
    shape: &[usize],
    strides: &[usize],
    mut row: impl FnMut(usize, usize, usize),
) {
    if shape.contains(&0) {
        return;
    }
    let Some((&inner, outer)) = shape.split_last() else {
        row(offset, 1, 1);
        return;
    };
    let inner_stride = strides[shape.len() - 1];
    let mut idx = vec![0usize; outer.len()];
    loop {
        let base = offset + idx.iter().zip(strides).map(|(i, s)| i * s).sum::<usize>();
        row(base, inner, inner_stride);
        // Odometer over the outer dimensions.
        let mut d = outer.len();
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            idx[d] += 1;
            if idx[d] < outer[d] {
                break;
            }
            idx[d] = 0;
        }
    }
}

/// The window's elements converted by `f`, in tile order.
fn gather_map<T: Copy, U>(
    src: &[T],
    offset: usize,
    shape: &[usize],
    strides: &[usize],
    f: impl Fn(T) -> U,
) -> Vec<U> {
    let mut out = Vec::with_capacity(shape.iter().product());
    rows(offset, shape, strides, |base, len, stride| {
        if stride == 1 {
            out.extend(src[base..base + len].iter().map(|&x| f(x)));
        } else {
            out.extend((0..len).map(|j| f(src[base + j * stride])));
        }
    });
    out
}

/// Writes `src` (in tile order) into the window, converting by `f`.
fn scatter_map<T, U: Copy>(
    dst: &mut [T],
    offset: usize,
    shape: &[usize],
    strides: &[usize],
    src: &[U],
    f: impl Fn(U) -> T,
) {
    let mut next = src.iter();
    rows(offset, shape, strides, |base, len, stride| {
        if stride == 1 {
            for (d, &x) in dst[base..base + len].iter_mut().zip(next.by_ref()) {
                *d = f(x);
            }
        } else {
            for (j, &x) in (0..len).zip(next.by_ref()) {
                dst[base + j * stride] = f(x);
            }
        }
    });
}

/// Reads the window of `shape` at element `offset` (element strides
/// `strides`) as tile data.
pub fn gather(data: &TensorData, offset: usize, shape: &[usize], strides: &[usize]) -> Data {
    let (o, s, st) = (offset, shape, strides);
    match data {
        TensorData::F32(v) => Data::F(strided_gather(v, o, s, st)),
        TensorData::Bf16(v) => Data::F(gather_map(v, o, s, st, bf16::to_f32)),
        TensorData::F16(v) => Data::F(gather_map(v, o, s, st, f16::to_f32)),
        TensorData::F8E4M3(v) => {
            let t = fp8_table(E4M3);
            Data::F(gather_map(v, o, s, st, |b| t[b as usize]))
        }
        TensorData::F8E5M2(v) => {
            let t = fp8_table(E5M2);
            Data::F(gather_map(v, o, s, st, |b| t[b as usize]))
        }
        TensorData::I32(v) => Data::I(strided_gather(v, o, s, st)),
        TensorData::I8(v) => Data::I(gather_map(v, o, s, st, i32::from)),
        TensorData::U8(v) => Data::I(gather_map(v, o, s, st, i32::from)),
        TensorData::U16(v) => Data::I(gather_map(v, o, s, st, i32::from)),
        TensorData::Bool(v) => Data::B(strided_gather(v, o, s, st)),
    }
}

/// Writes tile data into the window of `shape` at element `offset`. Data
/// of another kind than the buffer's (which the verifier rules out) writes
/// nothing.
pub fn scatter(
    data: &mut TensorData,
    offset: usize,
    shape: &[usize],
    strides: &[usize],
    src: &Data,
) {
    let (o, s, st) = (offset, shape, strides);
    match (data, src) {
        (TensorData::F32(d), Data::F(v)) => scatter_map(d, o, s, st, v, |x| x),
        (TensorData::Bf16(d), Data::F(v)) => scatter_map(d, o, s, st, v, bf16::from_f32),
        (TensorData::F16(d), Data::F(v)) => scatter_map(d, o, s, st, v, f16::from_f32),
        (TensorData::F8E4M3(d), Data::F(v)) => scatter_map(d, o, s, st, v, |x| E4M3.bits_of(x)),
        (TensorData::F8E5M2(d), Data::F(v)) => scatter_map(d, o, s, st, v, |x| E5M2.bits_of(x)),
        (TensorData::I32(d), Data::I(v)) => scatter_map(d, o, s, st, v, |x| x),
        // Tiles hold narrow integers sign- or zero-extended, so the cast
        // keeps the value.
        (TensorData::I8(d), Data::I(v)) => scatter_map(d, o, s, st, v, |x| x as i8),
        (TensorData::U8(d), Data::I(v)) => scatter_map(d, o, s, st, v, |x| x as u8),
        (TensorData::U16(d), Data::I(v)) => scatter_map(d, o, s, st, v, |x| x as u16),
        (TensorData::Bool(d), Data::B(v)) => scatter_map(d, o, s, st, v, |x| x),
        _ => {}
    }
}

/// Sets element `i` of tile data `dst` to element `off` of `data` (a masked
/// load's enabled lane); nothing for data of another kind.
pub fn read_one(data: &TensorData, off: usize, dst: &mut Data, i: usize) {
    match (dst, data) {
        (Data::F(t), TensorData::F32(v)) => t[i] = v[off],
        (Data::F(t), TensorData::Bf16(v)) => t[i] = v[off].to_f32(),
        (Data::F(t), TensorData::F16(v)) => t[i] = v[off].to_f32(),
        (Data::F(t), TensorData::F8E4M3(v)) => t[i] = fp8_table(E4M3)[v[off] as usize],
        (Data::F(t), TensorData::F8E5M2(v)) => t[i] = fp8_table(E5M2)[v[off] as usize],
        (Data::I(t), TensorData::I32(v)) => t[i] = v[off],
        (Data::I(t), TensorData::I8(v)) => t[i] = v[off] as i32,
        (Data::I(t), TensorData::U8(v)) => t[i] = v[off] as i32,
        (Data::I(t), TensorData::U16(v)) => t[i] = v[off] as i32,
        (Data::B(t), TensorData::Bool(v)) => t[i] = v[off],
        _ => {}
    }
}

/// Sets element `off` of `data` to element `i` of tile data `src` (a masked
/// store's enabled lane), converted as [`scatter`] does.
pub fn write_one(data: &mut TensorData, off: usize, src: &Data, i: usize) {
    match (data, src) {
        (TensorData::F32(d), Data::F(v)) => d[off] = v[i],
        (TensorData::Bf16(d), Data::F(v)) => d[off] = bf16::from_f32(v[i]),
        (TensorData::F16(d), Data::F(v)) => d[off] = f16::from_f32(v[i]),
        (TensorData::F8E4M3(d), Data::F(v)) => d[off] = E4M3.bits_of(v[i]),
        (TensorData::F8E5M2(d), Data::F(v)) => d[off] = E5M2.bits_of(v[i]),
        (TensorData::I32(d), Data::I(v)) => d[off] = v[i],
        (TensorData::I8(d), Data::I(v)) => d[off] = v[i] as i8,
        (TensorData::U8(d), Data::I(v)) => d[off] = v[i] as u8,
        (TensorData::U16(d), Data::I(v)) => d[off] = v[i] as u16,
        (TensorData::Bool(d), Data::B(v)) => d[off] = v[i],
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::tile::strides;

    #[test]
    fn gather_and_scatter_walk_windows_in_tile_order() {
        // A [3, 4] buffer; the window rows 1..3, columns 1..4 step 1, and a
        // transposed walk (strides swapped) of the same elements.
        let mut data = TensorData::Bf16((0..12).map(|i| bf16::from_f32(i as f32)).collect());
        let st = strides(&[3, 4]);
        let Data::F(w) = gather(&data, 5, &[2, 3], &st) else {
            panic!("bf16 reads as floats")
        };
        assert_eq!(w, [5., 6., 7., 9., 10., 11.]);
        let Data::F(t) = gather(&data, 5, &[3, 2], &[1, 4]) else {
            panic!()
        };
        assert_eq!(t, [5., 9., 6., 10., 7., 11.]);
        scatter(&mut data, 5, &[3, 2], &[1, 4], &Data::F(vec![-1.; 6]));
        let Data::F(all) = gather(&data, 0, &[12], &[1]) else {
            panic!()
        };
        assert_eq!(all, [0., 1., 2., 3., 4., -1., -1., -1., 8., -1., -1., -1.]);
        // Rank 0 and empty windows.
        let Data::F(one) = gather(&data, 3, &[], &[]) else {
            panic!()
        };
        assert_eq!(one, [3.]);
        assert!(gather(&data, 0, &[0, 4], &st).is_empty());
    }

    #[test]
    fn stores_narrow_like_host_tensors() {
        // Ties between bf16 values round to even, as from_f32 does.
        let mut data = TensorData::Bf16(vec![bf16::ZERO; 2]);
        scatter(
            &mut data,
            0,
            &[2],
            &[1],
            &Data::F(vec![1.0 + 1.0 / 256.0, 1.0 + 3.0 / 256.0]),
        );
        assert_eq!(
            data,
            TensorData::Bf16(vec![bf16::from_f32(1.0), bf16::from_f32(1.015625)])
        );
        // An E5M2 infinity keeps its bits; E4M3 values outside saturate.
        let mut e5 = TensorData::F8E5M2(vec![0; 2]);
        scatter(
            &mut e5,
            0,
            &[2],
            &[1],
            &Data::F(vec![f32::INFINITY, -f32::INFINITY]),
        );
        assert_eq!(e5, TensorData::F8E5M2(vec![0x7c, 0xfc]));
        let mut e4 = TensorData::F8E4M3(vec![0; 1]);
        write_one(&mut e4, 0, &Data::F(vec![1e9]), 0);
        assert_eq!(e4, TensorData::F8E4M3(vec![0x7e]));
        let mut u8s = TensorData::U8(vec![0; 1]);
        write_one(&mut u8s, 0, &Data::I(vec![255]), 0);
        let mut t = Data::I(vec![0]);
        read_one(&u8s, 0, &mut t, 0);
        assert_eq!(t, Data::I(vec![255]));
    }
}
