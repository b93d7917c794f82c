//! Quantized paged KV caches (`kv_write_quantized`,
//! `paged_decode_quantized`), in f64 from the definitions.
//!
//! Codes are `i8` or fp8 E4M3 (decoded and encoded here from the format's
//! fields, not with `tilekit_core::fp8`), one f32 scale per (token, KV
//! head). A row `x` quantizes with `scale = f32(max|x| / qmax)` (qmax 127
//! or 448) and codes of the exact quotient `x / scale`: int8 rounds half
//! away from zero and clamps to ±127, E4M3 rounds to nearest with ties to
//! the even pattern and saturates at ±448. A zero scale gives codes 0.
//! Attention is `paged_decode` over `k = code · scale`, `v = code · scale`.

use super::check::Check;
use super::kv::{self, Kv};
use super::{Array64, AttnOut, RefError};
use tilekit_core::{DType, HostTensor, TensorData};

/// The value of an fp8 E4M3FN pattern: 1 sign bit, 4 exponent bits (bias
/// 7), 3 fraction bits; exponent 0 is subnormal; `S.1111.111` is NaN and
/// there is no infinity.
pub fn e4m3_value(bits: u8) -> f64 {
    let sign = if bits & 0x80 != 0 { -1.0 } else { 1.0 };
    let (exp, frac) = (((bits >> 3) & 0xf) as i32, (bits & 7) as f64);
    if exp == 15 && frac == 7.0 {
        return f64::NAN;
    }
    sign * if exp == 0 {
        frac * 2f64.powi(-9)
    } else {
        (8.0 + frac) * 2f64.powi(exp - 10)
    }
}

/// The E4M3 pattern nearest `x` (ties to the even pattern), saturating to
/// ±448; NaN gives `0x7f`. Found by search: the positive patterns
/// `0x00..=0x7e` increase with their value.
pub fn e4m3_bits(x: f64) -> u8 {
    if x.is_nan() {
        return 0x7f;
    }
    let sign = if x.is_sign_negative() { 0x80 } else { 0 };
    let a = x.abs();
    let mut best = 0u8;
    for b in 1..=0x7eu8 {
        let (d, db) = ((e4m3_value(b) - a).abs(), (e4m3_value(best) - a).abs());
        if d < db || (d == db && b % 2 == 0) {
            best = b;
        }
    }
    sign | best
}

/// int8 codes and scale of one row.
pub fn quantize_row_int8(x: &[f64]) -> (Vec<i8>, f32) {
    let scale = row_scale(x, 127.0);
    let codes = x
        .iter()
        .map(|&v| {
            let q = if scale == 0.0 { 0.0 } else { v / scale as f64 };
            // f64::round rounds half away from zero.
            q.round().clamp(-127.0, 127.0) as i8
        })
        .collect();
    (codes, scale)
}

/// E4M3 codes (bit patterns) and scale of one row.
pub fn quantize_row_fp8(x: &[f64]) -> (Vec<u8>, f32) {
    let scale = row_scale(x, 448.0);
    let codes = x
        .iter()
        .map(|&v| e4m3_bits(if scale == 0.0 { 0.0 } else { v / scale as f64 }))
        .collect();
    (codes, scale)
}

/// `f32(max|x| / qmax)`: the f64 quotient of two f32 values rounded once
/// to f32 is the correctly rounded f32 quotient.
fn row_scale(x: &[f64], qmax: f64) -> f32 {
    (x.iter().fold(0.0f64, |a, v| a.max(v.abs())) / qmax) as f32
}

/// The code values (not yet scaled) of an `i8` or `f8e4m3` tensor.
fn code_values(c: Check, arg: &'static str, t: &HostTensor) -> Result<Vec<f64>, RefError> {
    match t.data() {
        TensorData::I8(v) => Ok(v.iter().map(|&q| q as f64).collect()),
        TensorData::F8E4M3(v) => Ok(v.iter().map(|&b| e4m3_value(b)).collect()),
        _ => Err(RefError::DType {
            op: c.op,
            arg,
            got: t.dtype(),
            expected: "i8 or f8e4m3".into(),
        }),
    }
}

/// `code · scale` of a cache `[NB, BS, Hkv, D]` and its scales `[NB, BS, Hkv]`.
fn dequantize(
    c: Check,
    arg: &'static str,
    codes: &HostTensor,
    scale_arg: &'static str,
    scales: &HostTensor,
) -> Result<Array64, RefError> {
    let vals = code_values(c, arg, codes)?;
    c.rank(arg, codes, &["NB", "BS", "Hkv", "D"])?;
    let s = c.float(scale_arg, scales, &["NB", "BS", "Hkv"])?;
    if s.shape != codes.shape()[..3] {
        return Err(c.shape_err(
            scale_arg,
            format!("shape {:?}, expected {:?}", s.shape, &codes.shape()[..3]),
        ));
    }
    let d = codes.shape()[3];
    Ok(Array64 {
        shape: codes.shape().to_vec(),
        data: vals
            .iter()
            .enumerate()
            .map(|(i, &q)| q * s.data[i / d])
            .collect(),
    })
}

/// The caches after writing one token per sequence at `slot_mapping`
/// (negative: none), quantized as the module doc says:
/// `[k_cache, k_scale, v_cache, v_scale]`.
pub fn kv_write_quantized(
    cache: [&HostTensor; 4],
    k_new: &HostTensor,
    v_new: &HostTensor,
    slot_mapping: &HostTensor,
) -> Result<[HostTensor; 4], RefError> {
    let c = Check {
        op: "kv_write_quantized",
    };
    let [k_cache, k_scale, v_cache, v_scale] = cache;
    let fp8 = match k_cache.dtype() {
        DType::I8 => false,
        DType::F8E4M3 => true,
        got => {
            return Err(RefError::DType {
                op: c.op,
                arg: "k_cache",
                got,
                expected: "i8 or f8e4m3".into(),
            })
        }
    };
    c.rank("k_cache", k_cache, &["NB", "BS", "Hkv", "D"])?;
    let shape = k_cache.shape().to_vec();
    let (bs, row) = (shape[1], shape[2] * shape[3]);
    let slots = c.int("slot_mapping", slot_mapping, &["B"])?;
    let mut out = Vec::new();
    for (codes, scales, new, arg) in [
        (k_cache, k_scale, k_new, "k_new"),
        (v_cache, v_scale, v_new, "v_new"),
    ] {
        let new = c.float(arg, new, &["B", "Hkv", "D"])?;
        if new.shape != [slots.len(), shape[2], shape[3]] {
            return Err(c.shape_err(arg, format!("shape {:?}", new.shape)));
        }
        let mut code_bytes: Vec<u8> = match codes.data() {
            TensorData::I8(v) => v.iter().map(|&q| q as u8).collect(),
            TensorData::F8E4M3(v) => v.clone(),
            _ => return Err(c.shape_err("v_cache", "dtype differs from k_cache".into())),
        };
        let mut scale_vals = c.float("k_scale", scales, &["NB", "BS", "Hkv"])?.data;
        for (b, &slot) in slots.iter().enumerate() {
            if slot < 0 {
                continue;
            }
            let slot = slot as usize;
            if slot >= shape[0] * bs {
                return Err(c.value_err("slot_mapping", format!("slot {slot} is past the cache")));
            }
            for h in 0..shape[2] {
                let x = new.row(&[b, h]);
                let (row_codes, scale) = if fp8 {
                    quantize_row_fp8(x)
                } else {
                    let (q, s) = quantize_row_int8(x);
                    (q.iter().map(|&v| v as u8).collect(), s)
                };
                let at = slot * row + h * shape[3];
                code_bytes[at..at + shape[3]].copy_from_slice(&row_codes);
                scale_vals[slot * shape[2] + h] = scale as f64;
            }
        }
        let data = if fp8 {
            TensorData::F8E4M3(code_bytes)
        } else {
            TensorData::I8(code_bytes.iter().map(|&b| b as i8).collect())
        };
        out.push(HostTensor::new(&shape, data).expect("cache shape"));
        let scales: Vec<f32> = scale_vals.iter().map(|&s| s as f32).collect();
        out.push(HostTensor::from_f32(DType::F32, &shape[..3], &scales).expect("scale shape"));
    }
    Ok(out.try_into().expect("four tensors"))
}

/// `paged_decode` over the dequantized caches `k = code · k_scale`,
/// `v = code · v_scale` (shapes as `paged_decode`, plus the scales
/// `[NB, BS, Hkv]` f32).
#[allow(clippy::too_many_arguments)] // the cache is four tensors
pub fn paged_decode_quantized(
    q: &HostTensor,
    k_cache: &HostTensor,
    k_scale: &HostTensor,
    v_cache: &HostTensor,
    v_scale: &HostTensor,
    block_tables: &HostTensor,
    context_lens: &HostTensor,
    scale: f64,
) -> Result<AttnOut, RefError> {
    let c = Check {
        op: "paged_decode_quantized",
    };
    let q64 = kv::decode_q(c, q)?;
    let (batch, d) = (q64.shape[0], q64.shape[2]);
    let k = dequantize(c, "k_cache", k_cache, "k_scale", k_scale)?;
    let v = dequantize(c, "v_cache", v_cache, "v_scale", v_scale)?;
    if k.shape != v.shape || k.shape[3] != d {
        return Err(c.shape_err(
            "v_cache",
            format!(
                "k {:?} and v {:?} must agree, with D = {d}",
                k.shape, v.shape
            ),
        ));
    }
    let kv = Kv::paged_f64(c, k, v, block_tables, batch)?;
    let dec = kv::decode(c, q64, kv, "context_lens", context_lens, scale)?;
    let mut out = dec.outputs();
    for b in 0..dec.batch() {
        let tokens: Vec<usize> = (0..dec.lens[b]).collect();
        for g in 0..dec.kv.heads {
            dec.attend_group(&mut out, b, g, &tokens, scale, |_, _| {});
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e4m3_from_the_definition() {
        assert_eq!(e4m3_value(0x7e), 448.0);
        assert_eq!(e4m3_value(0x38), 1.0);
        assert_eq!(e4m3_value(0x01), 2f64.powi(-9));
        assert!(e4m3_value(0xff).is_nan());
        // 1.0625 is halfway between 1 (0x38, even) and 1.125 (0x39).
        assert_eq!(e4m3_bits(1.0625), 0x38);
        assert_eq!(e4m3_bits(1.1875), 0x3a);
        assert_eq!(e4m3_bits(1e6), 0x7e);
        assert_eq!(e4m3_bits(-1e6), 0xfe);
        for b in (0..=0xffu8).filter(|b| b & 0x7f != 0x7f) {
            assert_eq!(e4m3_bits(e4m3_value(b)), b, "{b:#x}");
        }
    }

    #[test]
    fn rows_quantize_to_their_max() {
        let (q, s) = quantize_row_int8(&[0.3, -1.0, 0.25, 0.0]);
        assert_eq!(s, 1.0 / 127.0);
        assert_eq!(q, vec![38, -127, 32, 0]);
        let (q, s) = quantize_row_fp8(&[448.0, -1.0, 0.0]);
        assert_eq!((q, s), (vec![0x7e, 0xb8, 0x00], 1.0));
        assert_eq!(quantize_row_int8(&[0.0; 3]), (vec![0; 3], 0.0));
    }
}
