//! Dequantization to f32 and f64 of the four tensor types a model may use
//! (Q4_1, Q8_0, F16, F32), straight from the file's bytes. The f64 path is
//! for the reference forward pass: each weight is `d·q + m` evaluated in
//! f64 from the f16 scales, so it is exact (every such value is an f64).

use crate::error::{ModelError, Result};
use crate::gguf::GgmlType;
use half::f16;

const BLOCK: usize = 32;

fn f16_at(b: &[u8], i: usize) -> f16 {
    f16::from_le_bytes([b[i], b[i + 1]])
}

/// Calls `emit(d, m, q)` for each weight in order, with the block's scale
/// `d`, offset `m` (0 for Q8_0) and the integer code `q`.
fn for_each_code(ty: GgmlType, bytes: &[u8], mut emit: impl FnMut(f16, f16, i32)) {
    match ty {
        GgmlType::Q4_1 => {
            for b in bytes.chunks_exact(20) {
                let (d, m) = (f16_at(b, 0), f16_at(b, 2));
                let qs = &b[4..20];
                // Low nibbles are weights 0..16, high nibbles 16..32.
                for &q in qs {
                    emit(d, m, (q & 0x0F) as i32);
                }
                for &q in qs {
                    emit(d, m, (q >> 4) as i32);
                }
            }
        }
        GgmlType::Q8_0 => {
            for b in bytes.chunks_exact(34) {
                let d = f16_at(b, 0);
                for &q in &b[2..34] {
                    emit(d, f16::ZERO, q as i8 as i32);
                }
            }
        }
        _ => {}
    }
}

fn check(ty: GgmlType, bytes: &[u8], name: &str) -> Result<()> {
    let ok = match ty.block() {
        Some((block, block_bytes)) => {
            matches!(
                ty,
                GgmlType::Q4_1 | GgmlType::Q8_0 | GgmlType::F16 | GgmlType::F32
            ) && bytes.len() as u64 % block_bytes == 0
                && (block == 1 || block as usize == BLOCK)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(ModelError::UnsupportedTensorType {
            name: name.to_string(),
            ggml_type: format!("{ty} ({} bytes)", bytes.len()),
        })
    }
}

/// The values of a tensor of type `ty` held in `bytes`, as f32 (ggml's own
/// arithmetic: `d·q + m` in f32). `name` is for the error.
pub fn dequantize_f32(ty: GgmlType, bytes: &[u8], name: &str) -> Result<Vec<f32>> {
    check(ty, bytes, name)?;
    Ok(match ty {
        GgmlType::F32 => bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
        GgmlType::F16 => bytes
            .chunks_exact(2)
            .map(|c| f16_at(c, 0).to_f32())
            .collect(),
        _ => {
            let mut out = Vec::with_capacity(bytes.len() * 2);
            for_each_code(ty, bytes, |d, m, q| {
                out.push(d.to_f32() * q as f32 + m.to_f32())
            });
            out
        }
    })
}

/// As [`dequantize_f32`], evaluated in f64 (exact for all four types).
pub fn dequantize_f64(ty: GgmlType, bytes: &[u8], name: &str) -> Result<Vec<f64>> {
    check(ty, bytes, name)?;
    Ok(match ty {
        GgmlType::F32 => bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f64)
            .collect(),
        GgmlType::F16 => bytes
            .chunks_exact(2)
            .map(|c| f16_at(c, 0).to_f64())
            .collect(),
        _ => {
            let mut out = Vec::with_capacity(bytes.len() * 2);
            for_each_code(ty, bytes, |d, m, q| {
                out.push(d.to_f64() * q as f64 + m.to_f64())
            });
            out
        }
    })
}
