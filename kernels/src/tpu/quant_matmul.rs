//! `y[M, N] = x[M, K] · W[N, K]ᵀ` with W block-quantized (Q8_0, Q4_1),
//! shaped for a TPU. The GGUF bytes (`[N, K/32, 34|20]`, the reference
//! kernels' input) interleave f16 scales with the codes, which no TPU
//! tiling can split; the host repacks them once ([`super::quant_layout`])
//! into *planes*, K-major so that a K chunk of W is a block of whole rows:
//!
//! - **Q8_0**: `codes [K, N]` i8 and `d [K/32, N]` f32 (the f16 scales,
//!   exactly);
//! - **Q4_1**: `codes [K/2, N]` u8, two weights a byte: with K walked in
//!   chunks of C weights ([`PlaneTiling`]), byte `[c·C/2 + r, n]` holds
//!   weight `k = c·C + r` in its low nibble and `k = c·C + C/2 + r` in its
//!   high one, so each nibble plane is a contiguous half of a chunk; `d`
//!   and `m` `[K/32, N]` f32.
//!
//! One program owns 8 rows of x (M is padded to a multiple of 8 on the
//! host: the f32 sublane tile) and `tile_n` columns of y ([`TILE_N`]),
//! and walks K in chunks of `chunk` weights (256, 8 blocks), pipelined: one
//! `[256, TN]` i8 (or `[128, TN]` u8) DMA of codes and one `[8, TN]` f32
//! DMA per scale plane per step, every window whole tiles (int8 tiles are
//! 32 x 128). A K that 256 does not divide (SmolLM2's 576) is one step of
//! all of K, and an N that 128 does not divide one tile of all of N: those
//! windows span their dims, which the tiling also allows; the Q4_1 halves
//! of x are then not lane-tile windows, so they come from the whole rows
//! by exact 0/1 products. The
//! per-block scales are expanded to the chunk's rows with an MXU product
//! `E · d` (`E[k, b] = 1` where weight `k` is in block `b`): exact, since
//! each output has one nonzero term, and it avoids a sublane-to-lane
//! relayout a broadcast-and-reshape would need. Then `w = code · scale
//! (+ min)` in f32 and `acc += x_chunk · w`, both dots in full f32
//! precision, as the reference kernels compute them.

use tilekit_core::dsl::*;

/// Columns of y (and of the weight planes) per program when 128 divides N.
pub const TILE_N: usize = 128;
/// Weights of K per pipelined step when 256 divides K: 8 blocks, so a
/// step's scales are one 8-row f32 tile.
pub const CHUNK: usize = 256;
/// Rows of x per program (M is padded to a multiple of this).
pub const ROWS: usize = 8;
const STAGES: u32 = 2;

/// How a product walks its planes: `chunk` weights of K per pipelined step
/// and `tile_n` columns of y per program (trace-time values of the
/// kernels; the Q4_1 planes' nibble pairing depends on `chunk`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlaneTiling {
    pub chunk: usize,
    pub tile_n: usize,
}

impl PlaneTiling {
    /// The tiling of a `[N, K]` matrix: [`CHUNK`]-weight steps when 256
    /// divides K, else all of K in one step (K a multiple of 64, so each
    /// Q4_1 nibble half is whole blocks: SmolLM2's K = 576); [`TILE_N`]
    /// columns when 128 divides N, else all of N (576, 192). Each window
    /// is then whole tiles or spans its dim, as the TPU tiling requires.
    pub fn for_matrix(n: usize, k: usize) -> Result<PlaneTiling, String> {
        if n == 0 || k == 0 || k % 64 != 0 {
            return Err(format!(
                "a [{n}, {k}] matrix: the TPU planes need N ≥ 1 and K a multiple of 64"
            ));
        }
        Ok(PlaneTiling {
            chunk: if k % CHUNK == 0 { CHUNK } else { k },
            tile_n: if n % TILE_N == 0 { TILE_N } else { n },
        })
    }
}

/// `[rows, blocks]` f32: 1 where row `r + offset` falls in block column `b`.
#[track_caller]
fn expander(rows: usize, blocks: usize, offset: usize) -> Tile<f32> {
    let block = (iota_along([rows, blocks], 0) + offset) >> 5usize;
    select::<f32>(block.eq(iota_along([rows, blocks], 1)), 1.0, 0.0)
}

/// `[rows, cols]` f32: 1 where row `r` is column `c + offset` (`x · P`
/// picks `cols` lanes of x from `offset`, exactly).
#[track_caller]
fn picker(rows: usize, cols: usize, offset: usize) -> Tile<f32> {
    let col = iota_along([rows, cols], 1) + offset;
    select::<f32>(iota_along([rows, cols], 0).eq(col), 1.0, 0.0)
}

/// Rows `r0..r0 + rows` and columns `n0..n0 + tn` of a plane `n` wide: the
/// columns `..` when the tile spans them (an offset Mosaic sees is 0; a
/// dynamic one must be provably a multiple of 128, which `n0 = j · tn` is
/// not for a `tn` of 576).
#[track_caller]
fn window(r0: Tile<i32>, rows: usize, n0: Tile<i32>, tn: usize, n: usize) -> [Idx; 2] {
    let cols = if tn == n { Idx::Full } else { ds(n0, tn) };
    [ds(r0, rows), cols]
}

#[kernel(grid = [x.dim(0) / ROWS, codes.dim(1) / tile_n.max(1)], name = "matmul_q8_0_tpu")]
pub fn matmul_q8_0_tpu(
    x: Ref<f32, 2>,      // [M, K], M a multiple of 8
    codes: Ref<i8, 2>,   // [K, N]
    scales: Ref<f32, 2>, // [K/32, N]
    #[shape([x.dim(0), codes.dim(1)])] y: RefMut<f32, 2>,
    #[trace] chunk: usize,
    #[trace] tile_n: usize,
) {
    let (tn, blocks, n) = (tile_n, chunk / 32, codes.dim(1));
    let (m0, n0) = (program_id(0) * ROWS, program_id(1) * tn);
    let e = expander(chunk, blocks, 0);
    let mut acc = zeros([ROWS, tn]);
    for c in pipeline(0..scalar_index(codes.dim(0) / chunk), STAGES) {
        let xs = x.load([ds(m0, ROWS), ds(c * chunk, chunk)]);
        let q = codes.load(window(c * chunk, chunk, n0, tn, n));
        let d = scales.load(window(c * blocks, blocks, n0, tn, n));
        let w = q.to_f32() * dot(e, d);
        acc += dot(xs, w);
    }
    y.store(window(m0, ROWS, n0, tn, n), acc);
}

#[kernel(grid = [x.dim(0) / ROWS, codes.dim(1) / tile_n.max(1)], name = "matmul_q4_1_tpu")]
pub fn matmul_q4_1_tpu(
    x: Ref<f32, 2>,      // [M, K], M a multiple of 8
    codes: Ref<u8, 2>,   // [K/2, N], two nibbles a byte (module doc)
    scales: Ref<f32, 2>, // [K/32, N]
    mins: Ref<f32, 2>,   // [K/32, N]
    #[shape([x.dim(0), codes.dim(1)])] y: RefMut<f32, 2>,
    #[trace] chunk: usize,
    #[trace] tile_n: usize,
) {
    let (tn, blocks, half, n) = (tile_n, chunk / 32, chunk / 2, codes.dim(1));
    let (m0, n0) = (program_id(0) * ROWS, program_id(1) * tn);
    let (e_lo, e_hi) = (expander(half, blocks, 0), expander(half, blocks, half));
    let mut acc = zeros([ROWS, tn]);
    for c in pipeline(0..scalar_index(codes.dim(0) / half), STAGES) {
        let bytes = codes.load(window(c * half, half, n0, tn, n));
        let d = scales.load(window(c * blocks, blocks, n0, tn, n));
        let m = mins.load(window(c * blocks, blocks, n0, tn, n));
        let (lo, hi) = (bytes & 0xFusize, bytes >> 4usize);
        let w_lo = lo.to_f32() * dot(e_lo, d) + dot(e_lo, m);
        let w_hi = hi.to_f32() * dot(e_hi, d) + dot(e_hi, m);
        let (x_lo, x_hi) = if half % 128 == 0 {
            (
                x.load([ds(m0, ROWS), ds(c * chunk, half)]),
                x.load([ds(m0, ROWS), ds(c * chunk + half, half)]),
            )
        } else {
            // All of K in one step, its halves not lane-tile windows: the
            // whole rows, split by exact 0/1 products.
            let xs = x.load([ds(m0, ROWS), ds(c * chunk, chunk)]);
            (
                dot(xs, picker(chunk, half, 0)),
                dot(xs, picker(chunk, half, half)),
            )
        };
        acc += dot(x_lo, w_lo) + dot(x_hi, w_hi);
    }
    y.store(window(m0, ROWS, n0, tn, n), acc);
}
