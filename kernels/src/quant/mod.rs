//! Block-quantized weights read as the raw bytes of a GGUF file, dequantized
//! inside the kernels: [`matmul_q4_1`], [`matmul_q8_0`] and the embedding
//! lookup [`gather_q8_0`].
//!
//! # The block layouts (ggml)
//!
//! A quantized matrix `W[N, K]` is stored row by row (K contiguous), each
//! row as `K / 32` blocks of 32 weights:
//!
//! - **Q4_1**, 20 bytes a block: f16 `d` (little-endian, bytes 0-1), f16
//!   `m` (bytes 2-3), then 16 bytes `qs`. Weight `j` (0..16) is
//!   `d · (qs[j] & 0xF) + m`, weight `j + 16` is `d · (qs[j] >> 4) + m`.
//! - **Q8_0**, 34 bytes a block: f16 `d`, then 32 int8 `qs`; weight `j` is
//!   `d · qs[j]`.
//!
//! The kernels take those bytes as a `u8` ref viewed as `[N, K / 32,
//! bytes per block]` (a free reshape of the same buffer), so nothing is
//! converted on the host and the dequantized matrix never exists in memory:
//! each program loads a tile of blocks, assembles each f16 scale from its
//! two bytes with integer ops (`lo | hi << 8` as `u16`, `bitcast` to f16,
//! cast to f32), and dequantizes the tile in registers right before its
//! `dot`. XLA CPU runs dots far faster than reductions, which is why the
//! tile is dequantized and multiplied with one f32 `dot` rather than summed
//! per block (`d · Σ q·x + m · Σ x`).
//!
//! Q4_1 splits a block's weights into the low nibbles (weights 0..16) and
//! the high ones (16..32). There is no op to interleave two tiles, so
//! instead of reassembling the 32 weights in order the kernel views `x` the
//! same way, as `[M, K / 32, 2, 16]`, and sums two dots: low nibbles
//! against `x[.., .., 0, ..]`, high nibbles against `x[.., .., 1, ..]`.

mod gather;
mod matmul;

pub use gather::{
    gather_q8_0, gather_q8_0_kernel, gather_q8_0_kernel_cached, GatherQ80KernelShapes,
};
pub use matmul::{
    matmul_q4_1, matmul_q4_1_small, matmul_q4_1_small_cached, matmul_q4_1_tiled,
    matmul_q4_1_tiled_cached, matmul_q8_0, matmul_q8_0_small, matmul_q8_0_small_cached,
    matmul_q8_0_tiled, matmul_q8_0_tiled_cached, prepare_matmul, MatmulLaunch, MatmulPath,
    MatmulQ41SmallShapes, MatmulQ41TiledShapes, MatmulQ80SmallShapes, MatmulQ80TiledShapes,
    SMALL_CHUNK, SMALL_M, TILED_CHUNK, TILE_M, TILE_N,
};

use crate::error::KernelError;
use crate::validate::Check;
use tilekit_core::dsl::*;
use tilekit_core::{DType, HostTensor};

/// Weights per block, along K, in both formats.
pub const BLOCK: usize = 32;

/// A block-quantized format of GGUF.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuantFormat {
    Q4_1,
    Q8_0,
}

impl QuantFormat {
    /// Bytes of one block of 32 weights.
    pub fn block_bytes(self) -> usize {
        match self {
            QuantFormat::Q4_1 => 20,
            QuantFormat::Q8_0 => 34,
        }
    }

    /// Bytes of a `[rows, cols]` matrix (`cols` a multiple of 32).
    pub fn matrix_bytes(self, rows: usize, cols: usize) -> usize {
        rows * (cols / BLOCK) * self.block_bytes()
    }

    pub fn name(self) -> &'static str {
        match self {
            QuantFormat::Q4_1 => "Q4_1",
            QuantFormat::Q8_0 => "Q8_0",
        }
    }
}

/// A quantized matrix `W[n, k]`: the bytes exactly as they sit in the file.
#[derive(Clone, Copy, Debug)]
pub struct QuantMatrix<'a> {
    /// `u8`, of any shape (e.g. the flat byte range of the tensor); only
    /// the element count matters, which must be `n · k / 32 · block bytes`.
    pub data: &'a HostTensor,
    /// Rows (output features).
    pub n: usize,
    /// Columns (input features), a multiple of 32.
    pub k: usize,
}

/// Checks `w` against `format` and returns its bytes viewed as
/// `[N, K / 32, block bytes]`.
pub(crate) fn check_matrix(
    c: Check,
    format: QuantFormat,
    w: &QuantMatrix<'_>,
) -> Result<HostTensor, KernelError> {
    if w.data.dtype() != DType::U8 {
        return Err(c.err(
            "w",
            format!(
                "dtype {} is not accepted (expected u8: the {} bytes as they sit in the file)",
                w.data.dtype(),
                format.name()
            ),
        ));
    }
    if w.k % BLOCK != 0 {
        return Err(c.err(
            "w",
            format!(
                "K = {} is not a multiple of {BLOCK} ({} blocks hold 32 weights along K)",
                w.k,
                format.name()
            ),
        ));
    }
    let want = format.matrix_bytes(w.n, w.k);
    let got = w.data.shape().iter().product::<usize>();
    if got != want {
        return Err(c.err(
            "w",
            format!(
                "{got} bytes do not hold a {} matrix of N = {} rows and K = {} columns \
                 ({} · {} blocks · {} bytes = {want})",
                format.name(),
                w.n,
                w.k,
                w.n,
                w.k / BLOCK,
                format.block_bytes()
            ),
        ));
    }
    Ok(crate::host::reshape(
        w.data.clone(),
        &[w.n, w.k / BLOCK, format.block_bytes()],
    ))
}

/// The f16 stored little-endian in bytes `lo`, `hi`, as f32 (exact).
#[track_caller]
pub(crate) fn f16_le(lo: Tile<u8>, hi: Tile<u8>) -> Tile<f32> {
    let bits = lo.cast::<u16>() | (hi.cast::<u16>() << 8usize);
    bits.bitcast::<f16>().to_f32()
}

/// The largest divisor of `n` that is at most `max` (at least 1): a chunk
/// of blocks that tiles `n` exactly, so the K loop needs no mask.
pub(crate) fn divisor_at_most(n: usize, max: usize) -> usize {
    (1..=max.max(1).min(n.max(1)))
        .rev()
        .find(|d| n % d == 0)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_divide_the_block_count() {
        assert_eq!(divisor_at_most(18, 8), 6);
        assert_eq!(divisor_at_most(48, 8), 8);
        assert_eq!(divisor_at_most(37, 8), 1);
        assert_eq!(divisor_at_most(3, 8), 3);
        assert_eq!(divisor_at_most(0, 8), 1);
    }

    #[test]
    fn matrix_sizes_follow_the_block_layouts() {
        assert_eq!(QuantFormat::Q4_1.matrix_bytes(192, 576), 192 * 18 * 20);
        assert_eq!(QuantFormat::Q8_0.matrix_bytes(49152, 576), 49152 * 18 * 34);
    }
}
