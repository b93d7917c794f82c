//! Deterministic inputs for the quantized kernels: raw Q4_1 / Q8_0 bytes
//! with every kind of scale, and quantized paged KV caches built from a
//! [`PagedDecodeCase`] with stale (even NaN) data in the slots nobody reads.

use crate::kv_quant::{KvCodec, QuantKvCache};
use crate::quant::{QuantFormat, BLOCK};
use crate::reference::{self, AttnOut, RefError};
use crate::testdata::{PagedDecodeCase, Rng};
use tilekit_core::{DType, HostTensor, TensorData};

/// The f16 bits of `x` (nearest, ties to even), little-endian.
fn f16_le(x: f64) -> [u8; 2] {
    (DType::F16.float_to_bits(DType::F16.round_f64(x)) as u16).to_le_bytes()
}

/// A scale for a random block: mostly `normal · size`, sometimes negative
/// zero, a subnormal f16 or exactly zero, so the bit assembly is exercised
/// beyond the usual exponents.
fn random_scale(rng: &mut Rng, size: f64) -> [u8; 2] {
    match rng.below(16) {
        0 => [0x00, 0x00],
        1 => [0x00, 0x80],                   // -0.0
        2 => [(rng.below(256)) as u8, 0x03], // subnormal
        _ => f16_le(rng.normal() * size),
    }
}

/// The bytes of a random `[n, k]` matrix in `format` (`k` a multiple of
/// 32): random scales (see above) and uniformly random code bytes, as a
/// flat u8 tensor. Products of order 1 need `x` of order `1 / sqrt(k)`.
pub fn random_quant_matrix(rng: &mut Rng, format: QuantFormat, n: usize, k: usize) -> HostTensor {
    let mut bytes = Vec::with_capacity(format.matrix_bytes(n, k));
    for _ in 0..n * (k / BLOCK) {
        bytes.extend_from_slice(&random_scale(rng, 0.1));
        let codes = match format {
            QuantFormat::Q4_1 => {
                bytes.extend_from_slice(&random_scale(rng, 0.5)); // m
                16
            }
            QuantFormat::Q8_0 => 32,
        };
        bytes.extend((0..codes).map(|_| rng.below(256) as u8));
    }
    HostTensor::from_u8(&[bytes.len()], bytes).expect("flat shape")
}

/// A quantized paged decode case: the inputs of `paged_decode_quantized`.
#[derive(Clone, Debug)]
pub struct QuantDecodeCase {
    pub q: HostTensor,
    pub cache: QuantKvCache,
    pub block_tables: HostTensor,
    pub context_lens: HostTensor,
    pub scale: f64,
}

impl QuantDecodeCase {
    /// The f64 reference output.
    pub fn reference(&self) -> Result<AttnOut, RefError> {
        reference::paged_decode_quantized(
            &self.q,
            &self.cache.k_cache,
            &self.cache.k_scale,
            &self.cache.v_cache,
            &self.cache.v_scale,
            &self.block_tables,
            &self.context_lens,
            self.scale,
        )
    }
}

/// Quantizes the caches of `case` with `codec` (each live row with the
/// reference quantizer). Slots no sequence reads get the largest code and
/// a scale of 1e4, or NaN with `stale_nan`; an fp8 cache also gets NaN
/// codes there, as stale memory may hold.
pub fn quantize_paged_case(
    case: &PagedDecodeCase,
    codec: KvCodec,
    stale_nan: bool,
) -> QuantDecodeCase {
    let shape = case.k_cache.shape().to_vec();
    let (nb, bs, hkv, d) = (shape[0], shape[1], shape[2], shape[3]);
    let tables = case.block_tables.as_i32().expect("i32 tables");
    let mb = case.block_tables.shape()[1];
    let mut live = vec![false; nb * bs];
    for (b, &l) in case.lens().iter().enumerate() {
        for t in 0..l {
            live[tables[b * mb + t / bs] as usize * bs + t % bs] = true;
        }
    }
    let stale_scale = if stale_nan { f32::NAN } else { 1e4 };
    let quantize = |cache: &HostTensor| {
        let vals = cache.to_f64_vec();
        let mut codes = Vec::with_capacity(vals.len());
        let mut scales = Vec::with_capacity(nb * bs * hkv);
        for (r, row) in vals.chunks_exact(d).enumerate() {
            if !live[r / hkv] {
                let code = match codec {
                    KvCodec::Int8 => 127,
                    KvCodec::Fp8E4M3 if stale_nan => 0x7f,
                    KvCodec::Fp8E4M3 => 0x7e,
                };
                codes.extend(std::iter::repeat(code).take(d));
                scales.push(stale_scale);
                continue;
            }
            let scale = match codec {
                KvCodec::Int8 => {
                    let (q, s) = reference::quantize_row_int8(row);
                    codes.extend(q.iter().map(|&c| c as u8));
                    s
                }
                KvCodec::Fp8E4M3 => {
                    let (q, s) = reference::quantize_row_fp8(row);
                    codes.extend(q);
                    s
                }
            };
            scales.push(scale);
        }
        let data = match codec {
            KvCodec::Int8 => TensorData::I8(codes.iter().map(|&c| c as i8).collect()),
            KvCodec::Fp8E4M3 => TensorData::F8E4M3(codes),
        };
        (
            HostTensor::new(&shape, data).expect("cache shape"),
            HostTensor::from_f32(DType::F32, &shape[..3], &scales).expect("scale shape"),
        )
    };
    let (k_cache, k_scale) = quantize(&case.k_cache);
    let (v_cache, v_scale) = quantize(&case.v_cache);
    QuantDecodeCase {
        q: case.q.clone(),
        cache: QuantKvCache {
            k_cache,
            k_scale,
            v_cache,
            v_scale,
        },
        block_tables: case.block_tables.clone(),
        context_lens: case.context_lens.clone(),
        scale: case.scale,
    }
}
