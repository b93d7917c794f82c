//! Host-side repacking for the TPU-shaped quantized kernels: GGUF Q8_0 /
//! Q4_1 bytes into the K-major planes of [`super::quant_matmul`] (or the
//! row-major ones of the embedding gather, [`super::gather`]), x padded
//! to whole 8-row tiles, and per-token KV scales into the head-major rows
//! of [`super::kv_quant_decode`]. All conversions are exact (an f16 scale
//! is an f32; codes are copied bit for bit).

use super::quant_matmul::{PlaneTiling, CHUNK, ROWS};
use crate::quant::BLOCK;
use tilekit_core::{DType, HostTensor};

/// Errors name the tensor and say what its shape lacks.
type Result<T> = std::result::Result<T, String>;

fn shape_error(name: &str, shape: &[usize], why: String) -> String {
    format!("`{name}` {shape:?}: {why}")
}

fn tensor<T>(r: std::result::Result<T, tilekit_core::TensorError>) -> Result<T> {
    r.map_err(|e| e.to_string())
}

/// The f16 stored little-endian at `b[0..2]`, as f32 (exact).
fn f16_le(b: &[u8]) -> f32 {
    DType::F16.float_from_bits(u16::from_le_bytes([b[0], b[1]]) as u32)
}

/// Checks `n`, `k` against the planes' tiling and the byte count.
fn check(bytes: &[u8], n: usize, k: usize, block_bytes: usize) -> Result<PlaneTiling> {
    let tiling = PlaneTiling::for_matrix(n, k).map_err(|e| shape_error("w", &[n, k], e))?;
    if bytes.len() != n * (k / BLOCK) * block_bytes {
        return Err(shape_error(
            "w",
            &[n, k],
            format!("{} bytes do not hold this matrix", bytes.len()),
        ));
    }
    Ok(tiling)
}

/// Q8_0 bytes of `W[n, k]` as `(codes [K, N] i8, d [K/32, N] f32)`.
pub fn q8_0_planes(w: &HostTensor, n: usize, k: usize) -> Result<(HostTensor, HostTensor)> {
    let bytes = w.to_le_bytes();
    check(&bytes, n, k, 34)?;
    let nb = k / BLOCK;
    let mut codes = vec![0u8; k * n];
    let mut d = vec![0f32; nb * n];
    for row in 0..n {
        for b in 0..nb {
            let blk = &bytes[(row * nb + b) * 34..][..34];
            d[b * n + row] = f16_le(blk);
            for j in 0..BLOCK {
                codes[(b * BLOCK + j) * n + row] = blk[2 + j];
            }
        }
    }
    Ok((
        tensor(HostTensor::from_le_bytes(DType::I8, &[k, n], &codes))?,
        tensor(HostTensor::from_f32(DType::F32, &[nb, n], &d))?,
    ))
}

/// Q8_0 bytes of `W[n, k]` row-major, for the embedding gather
/// ([`super::gather`]): `(codes [N, K] i8, d [N, K/32] f32)`, N a multiple
/// of 32 (the gather reads whole 32-row int8 tiles).
pub fn q8_0_rows(w: &HostTensor, n: usize, k: usize) -> Result<(HostTensor, HostTensor)> {
    let bytes = w.to_le_bytes();
    if n % 32 != 0 || k % BLOCK != 0 || bytes.len() != n * (k / BLOCK) * 34 {
        return Err(shape_error(
            "w",
            &[n, k],
            format!(
                "{} bytes: the row planes need N a multiple of 32, K of {BLOCK}, and the matrix's bytes",
                bytes.len()
            ),
        ));
    }
    let nb = k / BLOCK;
    let mut codes = vec![0u8; n * k];
    let mut d = vec![0f32; n * nb];
    for (b, blk) in bytes.chunks_exact(34).enumerate() {
        d[b] = f16_le(blk);
        codes[b * BLOCK..][..BLOCK].copy_from_slice(&blk[2..]);
    }
    Ok((
        tensor(HostTensor::from_le_bytes(DType::I8, &[n, k], &codes))?,
        tensor(HostTensor::from_f32(DType::F32, &[n, nb], &d))?,
    ))
}

/// Q4_1 bytes of `W[n, k]` as `(codes [K/2, N] u8, d, m [K/32, N] f32)`
/// for the kernels' default chunk of 256 weights: byte `[c·128 + r, n]`
/// packs weight `c·256 + r` (low nibble) with weight `c·256 + 128 + r`
/// (high nibble). K must be a multiple of 256 ([`q4_1_planes_for`] takes
/// any K the TPU planes take).
pub fn q4_1_planes(
    w: &HostTensor,
    n: usize,
    k: usize,
) -> Result<(HostTensor, HostTensor, HostTensor)> {
    if k % CHUNK != 0 {
        return Err(shape_error(
            "w",
            &[n, k],
            format!("K must be a multiple of {CHUNK}"),
        ));
    }
    q4_1_planes_for(w, n, k)
}

/// Q4_1 planes for the kernels' chunk of [`PlaneTiling::for_matrix`]
/// (`chunk` C): byte `[c·C/2 + r, n]` packs weights `c·C + r` and
/// `c·C + C/2 + r`.
pub fn q4_1_planes_for(
    w: &HostTensor,
    n: usize,
    k: usize,
) -> Result<(HostTensor, HostTensor, HostTensor)> {
    let bytes = w.to_le_bytes();
    let chunk = check(&bytes, n, k, 20)?.chunk;
    let nb = k / BLOCK;
    let nibble = |row: usize, kk: usize| {
        let blk = &bytes[(row * nb + kk / BLOCK) * 20..][..20];
        let j = kk % BLOCK;
        if j < 16 {
            blk[4 + j] & 0xF
        } else {
            blk[4 + j - 16] >> 4
        }
    };
    let half = chunk / 2;
    let mut codes = vec![0u8; k / 2 * n];
    for row in 0..n {
        for (i, byte) in (0..k / 2).map(|i| (i, i * n + row)) {
            let (c, r) = (i / half, i % half);
            codes[byte] = nibble(row, c * chunk + r) | nibble(row, c * chunk + half + r) << 4;
        }
    }
    let (mut d, mut m) = (vec![0f32; nb * n], vec![0f32; nb * n]);
    for row in 0..n {
        for b in 0..nb {
            let blk = &bytes[(row * nb + b) * 20..][..20];
            d[b * n + row] = f16_le(blk);
            m[b * n + row] = f16_le(&blk[2..]);
        }
    }
    Ok((
        tensor(HostTensor::from_u8(&[k / 2, n], codes))?,
        tensor(HostTensor::from_f32(DType::F32, &[nb, n], &d))?,
        tensor(HostTensor::from_f32(DType::F32, &[nb, n], &m))?,
    ))
}

/// `x [M, K]` f32 with zero rows appended up to a multiple of 8 rows.
pub fn pad_rows(x: &HostTensor) -> Result<HostTensor> {
    let (m, k) = (x.shape()[0], x.shape()[1]);
    let mp = m.div_ceil(ROWS).max(1) * ROWS;
    let mut v = x.to_f32_vec();
    v.resize(mp * k, 0.0);
    tensor(HostTensor::from_f32(DType::F32, &[mp, k], &v))
}

/// Per-token scales `[NB, BS, Hkv]` → `[Hkv, NB, 1, BS]`.
pub fn scales_to_head_major(s: &HostTensor) -> Result<HostTensor> {
    let (nb, bs, hkv) = match s.shape() {
        [nb, bs, hkv] => (*nb, *bs, *hkv),
        other => return Err(shape_error("scale", other, "expected [NB, BS, Hkv]".into())),
    };
    // i indexes [h, n, 0, t] of the result.
    let src = |i: usize| {
        let (t, rest) = (i % bs, i / bs);
        let (n, h) = (rest % nb, rest / nb);
        (n * bs + t) * hkv + h
    };
    tensor(HostTensor::new(
        &[hkv, nb, 1, bs],
        s.data().gather(s.len(), src),
    ))
}
