//! `y[M, N] = x[M, K] · W[N, K]ᵀ` with W block-quantized (Q8_0, Q4_1),
//! shaped for a TPU. The GGUF bytes (`[N, K/32, 34|20]`, the reference
//! kernels' input) interleave f16 scales with the codes, which no TPU
//! tiling can split; the host repacks them once ([`super::quant_layout`])
//! into *planes*, K-major so that a K chunk of W is a block of whole rows:
//!
//! - **Q8_0**: `codes [K, N]` i8 and `d [K/32, N]` f32 (the f16 scales,
//!   exactly);
//! - **Q4_1**: `codes [K/2, N]` u8, two weights a byte: byte `[c·128 + r,
//!   n]` holds weight `k = c·256 + r` in its low nibble and `k = c·256 +
//!   128 + r` in its high one, so each nibble plane is a contiguous
//!   128-row half of a 256-weight chunk; `d` and `m` `[K/32, N]` f32.
//!
//! One program owns 8 rows of x (M is padded to a multiple of 8 on the
//! host: the f32 sublane tile) and [`TILE_N`] columns of y, and walks K in
//! chunks of 256 weights (8 blocks), pipelined: one `[256, TN]` i8 (or
//! `[128, TN]` u8) DMA of codes and one `[8, TN]` f32 DMA per scale plane
//! per step, every window whole tiles (int8 tiles are 32 x 128). The
//! per-block scales are expanded to the chunk's rows with an MXU product
//! `E · d` (`E[k, b] = 1` where weight `k` is in block `b`): exact, since
//! each output has one nonzero term, and it avoids a sublane-to-lane
//! relayout a broadcast-and-reshape would need. Then `w = code · scale
//! (+ min)` in f32 and `acc += x_chunk · w`, both dots in full f32
//! precision, as the reference kernels compute them.

use tilekit_core::dsl::*;

/// Columns of y (and of the weight planes) per program.
pub const TILE_N: usize = 128;
/// Weights of K per pipelined step: 8 blocks, so a step's scales are one
/// 8-row f32 tile.
pub const CHUNK: usize = 256;
/// Rows of x per program (M is padded to a multiple of this).
pub const ROWS: usize = 8;
const STAGES: u32 = 2;

/// `[rows, 8]` f32: 1 where row `r + offset` falls in block column `b`.
#[track_caller]
fn expander(rows: usize, offset: usize) -> Tile<f32> {
    let block = (iota_along([rows, 8], 0) + offset) >> 5usize;
    select::<f32>(block.eq(iota_along([rows, 8], 1)), 1.0, 0.0)
}

#[kernel(grid = [x.dim(0) / ROWS, codes.dim(1) / TILE_N], name = "matmul_q8_0_tpu")]
pub fn matmul_q8_0_tpu(
    x: Ref<f32, 2>,      // [M, K], M a multiple of 8
    codes: Ref<i8, 2>,   // [K, N]
    scales: Ref<f32, 2>, // [K/32, N]
    #[shape([x.dim(0), codes.dim(1)])] y: RefMut<f32, 2>,
) {
    let (m0, n0) = (program_id(0) * ROWS, program_id(1) * TILE_N);
    let e = expander(CHUNK, 0);
    let mut acc = zeros([ROWS, TILE_N]);
    for c in pipeline(0..scalar_index(codes.dim(0) / CHUNK), STAGES) {
        let xs = x.load([ds(m0, ROWS), ds(c * CHUNK, CHUNK)]);
        let q = codes.load([ds(c * CHUNK, CHUNK), ds(n0, TILE_N)]);
        let d = scales.load([ds(c * 8, 8), ds(n0, TILE_N)]);
        let w = q.to_f32() * dot(e, d);
        acc += dot(xs, w);
    }
    y.store([ds(m0, ROWS), ds(n0, TILE_N)], acc);
}

#[kernel(grid = [x.dim(0) / ROWS, codes.dim(1) / TILE_N], name = "matmul_q4_1_tpu")]
pub fn matmul_q4_1_tpu(
    x: Ref<f32, 2>,      // [M, K], M a multiple of 8
    codes: Ref<u8, 2>,   // [K/2, N], two nibbles a byte (module doc)
    scales: Ref<f32, 2>, // [K/32, N]
    mins: Ref<f32, 2>,   // [K/32, N]
    #[shape([x.dim(0), codes.dim(1)])] y: RefMut<f32, 2>,
) {
    let half = CHUNK / 2;
    let (m0, n0) = (program_id(0) * ROWS, program_id(1) * TILE_N);
    let (e_lo, e_hi) = (expander(half, 0), expander(half, half));
    let mut acc = zeros([ROWS, TILE_N]);
    for c in pipeline(0..scalar_index(codes.dim(0) / half), STAGES) {
        let bytes = codes.load([ds(c * half, half), ds(n0, TILE_N)]);
        let d = scales.load([ds(c * 8, 8), ds(n0, TILE_N)]);
        let m = mins.load([ds(c * 8, 8), ds(n0, TILE_N)]);
        let (lo, hi) = (bytes & 0xFusize, bytes >> 4usize);
        let w_lo = lo.to_f32() * dot(e_lo, d) + dot(e_lo, m);
        let w_hi = hi.to_f32() * dot(e_hi, d) + dot(e_hi, m);
        let x_lo = x.load([ds(m0, ROWS), ds(c * CHUNK, half)]);
        let x_hi = x.load([ds(m0, ROWS), ds(c * CHUNK + half, half)]);
        acc += dot(x_lo, w_lo) + dot(x_hi, w_hi);
    }
    y.store([ds(m0, ROWS), ds(n0, TILE_N)], acc);
}
