//! `y[M, N] = x[M, K] · W[N, K]ᵀ` with W in Q4_1 or Q8_0 (see the parent
//! module for the layouts), x and y f32.
//!
//! Two paths, chosen by the host function from M:
//!
//! - **small** (M ≤ [`SMALL_M`], decode): one program per tile of
//!   [`TILE_N`] rows of W holds all M rows of x, so W is streamed exactly
//!   once; the K loop walks up to [`SMALL_CHUNK`] blocks (256 weights) a
//!   step, pipelined so the next chunk of W is fetched while this one is
//!   dequantized. Each step loads its K chunk of x for all M rows rather
//!   than holding x in registers from the start: the IR has no op to take
//!   a dynamic slice of a tile, and x (at most 16 · K f32) stays in cache.
//! - **tiled** (prefill): a grid over `[TILE_M, TILE_N]` tiles of y, each
//!   program walking K in chunks of up to [`TILED_CHUNK`] blocks, so a W
//!   tile is dequantized once per M tile and the x tile and the
//!   dequantized W tile (64 × 128 f32 each) stay small.
//!
//! Chunks divide the block count exactly (no mask on K). An N or M tile is
//! the whole axis when it fits in 64, else the largest power of two from
//! 64 down to 16 dividing it (`block_len`), else 64 with the last tile
//! masked: its missing W rows load as zero bytes, so their scales and
//! weights are 0, never NaN, and its missing x rows load as 0.

use super::{check_matrix, divisor_at_most, f16_le, QuantFormat, QuantMatrix, BLOCK};
use crate::error::KernelError;
use crate::host;
use crate::tiles::block_len;
use crate::validate::Check;
use std::sync::Arc;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, DType, HostTensor, KernelArgs, VerifiedKernel};

/// The largest M the small path takes.
pub const SMALL_M: usize = 16;
/// Rows of W (columns of y) per program.
pub const TILE_N: usize = 64;
/// Rows of x (rows of y) per program on the tiled path.
pub const TILE_M: usize = 64;
/// Blocks of 32 weights per K step: at most 8 (256 weights) when a
/// program holds only a few rows of x, 4 when it holds 64.
pub const SMALL_CHUNK: usize = 8;
pub const TILED_CHUNK: usize = 4;
/// The K loop fetches one chunk ahead.
const STAGES: u32 = 2;

/// Which kernel a product runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatmulPath {
    Small,
    Tiled,
}

impl MatmulPath {
    /// The path for `m` rows of x.
    pub fn for_rows(m: usize) -> MatmulPath {
        if m <= SMALL_M {
            MatmulPath::Small
        } else {
            MatmulPath::Tiled
        }
    }
}

/// Byte `i` of blocks `[b0, b0 + kb)` of W rows `[n0, n0 + tn)`: `[tn, kb]`.
#[track_caller]
fn w_byte(w: Ref<u8, 3>, n0: Tile<i32>, tn: usize, b0: Tile<i32>, kb: usize, i: i32) -> Tile<u8> {
    let idx = [ds(n0, tn), ds(b0, kb), Idx::at(i)];
    if w.dim(0) % tn == 0 {
        w.load(idx)
    } else {
        w.load_masked(idx, (iota_along([tn, kb], 0) + n0).lt(w.dim(0)), 0u8)
    }
}

/// Bytes `[first, first + len)` of the same blocks: `[tn, kb, len]`.
#[track_caller]
#[allow(clippy::too_many_arguments)] // the tile's coordinates, one by one
fn w_bytes(
    w: Ref<u8, 3>,
    n0: Tile<i32>,
    tn: usize,
    b0: Tile<i32>,
    kb: usize,
    first: i32,
    len: usize,
) -> Tile<u8> {
    let idx = [ds(n0, tn), ds(b0, kb), ds(first, len)];
    if w.dim(0) % tn == 0 {
        w.load(idx)
    } else {
        let inside = (iota_along([tn, kb, len], 0) + n0).lt(w.dim(0));
        w.load_masked(idx, inside, 0u8)
    }
}

/// One K chunk of a Q4_1 product: `x[m0.., b0·32..] · W[n0.., b0·32..]ᵀ`
/// over `kb` blocks, as `[tm, tn]`. `x` is viewed as `[M, K/32, 2, 16]`.
#[track_caller]
#[allow(clippy::too_many_arguments)]
fn q4_1_chunk(
    x: Ref<f32, 4>,
    w: Ref<u8, 3>,
    m0: Tile<i32>,
    tm: usize,
    n0: Tile<i32>,
    tn: usize,
    b0: Tile<i32>,
    kb: usize,
) -> Tile<f32> {
    let half = BLOCK / 2;
    let d = f16_le(w_byte(w, n0, tn, b0, kb, 0), w_byte(w, n0, tn, b0, kb, 1));
    let m = f16_le(w_byte(w, n0, tn, b0, kb, 2), w_byte(w, n0, tn, b0, kb, 3));
    let (d, m) = (d.reshape([tn, kb, 1]), m.reshape([tn, kb, 1]));
    let qs = w_bytes(w, n0, tn, b0, kb, 4, half); // [tn, kb, 16]
    let dequant = |q: Tile<u8>| (d * q.to_f32() + m).reshape([tn, kb * half]);
    let (w_lo, w_hi) = (dequant(qs & 0xFusize), dequant(qs >> 4usize));
    let x_half = |h: i32| {
        let idx = [ds(m0, tm), ds(b0, kb), Idx::at(h), Idx::Full];
        let tile = if x.dim(0) % tm == 0 {
            x.load(idx)
        } else {
            let inside = (iota_along([tm, kb, half], 0) + m0).lt(x.dim(0));
            x.load_masked(idx, inside, 0.0f32)
        };
        tile.reshape([tm, kb * half])
    };
    dot(x_half(0), w_lo.t()) + dot(x_half(1), w_hi.t())
}

/// One K chunk of a Q8_0 product, as [`q4_1_chunk`]; `x` is `[M, K]`.
#[track_caller]
#[allow(clippy::too_many_arguments)]
fn q8_0_chunk(
    x: Ref<f32, 2>,
    w: Ref<u8, 3>,
    m0: Tile<i32>,
    tm: usize,
    n0: Tile<i32>,
    tn: usize,
    b0: Tile<i32>,
    kb: usize,
) -> Tile<f32> {
    let d = f16_le(w_byte(w, n0, tn, b0, kb, 0), w_byte(w, n0, tn, b0, kb, 1));
    let q = w_bytes(w, n0, tn, b0, kb, 2, BLOCK)
        .bitcast::<i8>()
        .to_f32();
    let w_tile = (d.reshape([tn, kb, 1]) * q).reshape([tn, kb * BLOCK]);
    let idx = [ds(m0, tm), ds(b0 * BLOCK, kb * BLOCK)];
    let x_tile = if x.dim(0) % tm == 0 {
        x.load(idx)
    } else {
        let inside = (iota_along([tm, kb * BLOCK], 0) + m0).lt(x.dim(0));
        x.load_masked(idx, inside, 0.0f32)
    };
    dot(x_tile, w_tile.t())
}

/// Stores a `[tm, tn]` tile of y, masking rows and columns past its end.
#[track_caller]
fn store_y(y: RefMut<f32, 2>, m0: Tile<i32>, tm: usize, n0: Tile<i32>, tn: usize, acc: Tile<f32>) {
    let idx = [ds(m0, tm), ds(n0, tn)];
    if y.dim(0) % tm == 0 && y.dim(1) % tn == 0 {
        y.store(idx, acc);
    } else {
        let rows = (iota_along([tm, tn], 0) + m0).lt(y.dim(0));
        let cols = (iota_along([tm, tn], 1) + n0).lt(y.dim(1));
        y.store_masked(idx, acc, rows & cols);
    }
}

/// Small-M Q4_1 product: one program per [`TILE_N`] rows of W, all of x.
#[kernel(grid = [cdiv_usize(w.dim(0), block_len(w.dim(0), TILE_N))], name = "matmul_q4_1_small")]
pub fn matmul_q4_1_small(
    x: Ref<f32, 4>, // [M, K/32, 2, 16]
    w: Ref<u8, 3>,  // [N, K/32, 20]
    #[shape([x.dim(0), w.dim(0)])] y: RefMut<f32, 2>,
) {
    let (m, tn) = (x.dim(0), block_len(w.dim(0), TILE_N));
    let kb = divisor_at_most(w.dim(1), SMALL_CHUNK);
    let (m0, n0) = (scalar_index(0), program_id(0) * tn);
    let mut acc = zeros([m, tn]);
    for c in pipeline(0..scalar_index(w.dim(1) / kb), STAGES) {
        acc += q4_1_chunk(x, w, m0, m, n0, tn, c * kb, kb);
    }
    store_y(y, m0, m, n0, tn, acc);
}

/// Tiled Q4_1 product: one program per `[TILE_M, TILE_N]` tile of y.
#[kernel(
    grid = [cdiv_usize(x.dim(0), block_len(x.dim(0), TILE_M)), cdiv_usize(w.dim(0), block_len(w.dim(0), TILE_N))],
    name = "matmul_q4_1_tiled"
)]
pub fn matmul_q4_1_tiled(
    x: Ref<f32, 4>, // [M, K/32, 2, 16]
    w: Ref<u8, 3>,  // [N, K/32, 20]
    #[shape([x.dim(0), w.dim(0)])] y: RefMut<f32, 2>,
) {
    let (tm, tn) = (block_len(x.dim(0), TILE_M), block_len(w.dim(0), TILE_N));
    let kb = divisor_at_most(w.dim(1), TILED_CHUNK);
    let (m0, n0) = (program_id(0) * tm, program_id(1) * tn);
    let mut acc = zeros([tm, tn]);
    for c in pipeline(0..scalar_index(w.dim(1) / kb), STAGES) {
        acc += q4_1_chunk(x, w, m0, tm, n0, tn, c * kb, kb);
    }
    store_y(y, m0, tm, n0, tn, acc);
}

/// Small-M Q8_0 product.
#[kernel(grid = [cdiv_usize(w.dim(0), block_len(w.dim(0), TILE_N))], name = "matmul_q8_0_small")]
pub fn matmul_q8_0_small(
    x: Ref<f32, 2>, // [M, K]
    w: Ref<u8, 3>,  // [N, K/32, 34]
    #[shape([x.dim(0), w.dim(0)])] y: RefMut<f32, 2>,
) {
    let (m, tn) = (x.dim(0), block_len(w.dim(0), TILE_N));
    let kb = divisor_at_most(w.dim(1), SMALL_CHUNK);
    let (m0, n0) = (scalar_index(0), program_id(0) * tn);
    let mut acc = zeros([m, tn]);
    for c in pipeline(0..scalar_index(w.dim(1) / kb), STAGES) {
        acc += q8_0_chunk(x, w, m0, m, n0, tn, c * kb, kb);
    }
    store_y(y, m0, m, n0, tn, acc);
}

/// Tiled Q8_0 product.
#[kernel(
    grid = [cdiv_usize(x.dim(0), block_len(x.dim(0), TILE_M)), cdiv_usize(w.dim(0), block_len(w.dim(0), TILE_N))],
    name = "matmul_q8_0_tiled"
)]
pub fn matmul_q8_0_tiled(
    x: Ref<f32, 2>, // [M, K]
    w: Ref<u8, 3>,  // [N, K/32, 34]
    #[shape([x.dim(0), w.dim(0)])] y: RefMut<f32, 2>,
) {
    let (tm, tn) = (block_len(x.dim(0), TILE_M), block_len(w.dim(0), TILE_N));
    let kb = divisor_at_most(w.dim(1), TILED_CHUNK);
    let (m0, n0) = (program_id(0) * tm, program_id(1) * tn);
    let mut acc = zeros([tm, tn]);
    for c in pipeline(0..scalar_index(w.dim(1) / kb), STAGES) {
        acc += q8_0_chunk(x, w, m0, tm, n0, tn, c * kb, kb);
    }
    store_y(y, m0, tm, n0, tn, acc);
}

/// `y = x · Wᵀ` with `W` in Q4_1: `x` f32 `[M, K]`, `w` the matrix's bytes
/// (`N · K/32 · 20`); returns f32 `[M, N]`. M ≤ 16 runs the small path.
pub fn matmul_q4_1(
    backend: &dyn Backend,
    x: &HostTensor,
    w: &QuantMatrix<'_>,
) -> Result<HostTensor, KernelError> {
    matmul("matmul_q4_1", QuantFormat::Q4_1, backend, x, w)
}

/// `y = x · Wᵀ` with `W` in Q8_0 (`N · K/32 · 34` bytes), as [`matmul_q4_1`].
pub fn matmul_q8_0(
    backend: &dyn Backend,
    x: &HostTensor,
    w: &QuantMatrix<'_>,
) -> Result<HostTensor, KernelError> {
    matmul("matmul_q8_0", QuantFormat::Q8_0, backend, x, w)
}

/// A product ready to launch: the kernel built (or cached) for the shapes,
/// and its arguments (`x`, and `w` viewed as `[N, K/32, block bytes]`).
/// The host functions launch it on a `&dyn Backend`; a benchmark can
/// compile it once and keep the arguments on a device.
#[derive(Clone)]
pub struct MatmulLaunch {
    pub kernel: Arc<VerifiedKernel>,
    pub args: KernelArgs,
    pub path: MatmulPath,
}

/// Validates a product and builds its launch; `None` when it is empty
/// (M, N or K is 0: y is all zeros, nothing to run).
pub fn prepare_matmul(
    format: QuantFormat,
    x: &HostTensor,
    w: &QuantMatrix<'_>,
) -> Result<Option<MatmulLaunch>, KernelError> {
    let op = match format {
        QuantFormat::Q4_1 => "matmul_q4_1",
        QuantFormat::Q8_0 => "matmul_q8_0",
    };
    let c = Check { op };
    let w_blocks = check_matrix(c, format, w)?;
    if x.dtype() != DType::F32 {
        return Err(c.err(
            "x",
            format!("dtype {} is not accepted (expected f32)", x.dtype()),
        ));
    }
    c.rank("x", x, &["M", "K"])?;
    let (m, k, n) = (x.shape()[0], x.shape()[1], w.n);
    c.dim("x", x.shape(), 1, "K", w.k, "the weight `w`")?;
    if m == 0 || n == 0 || k == 0 {
        return Ok(None);
    }
    let path = MatmulPath::for_rows(m);
    let x = match format {
        QuantFormat::Q4_1 => host::reshape(x.clone(), &[m, k / BLOCK, 2, BLOCK / 2]),
        QuantFormat::Q8_0 => x.clone(),
    };
    // One arm per kernel: each `#[kernel]` has its own argument types.
    macro_rules! build {
        ($name:literal, $kernel:ident, $Args:ident, $Shapes:ident) => {{
            let args = $Args { x, w: w_blocks }.to_kernel_args();
            let shapes = $Shapes::from_args(&args).map_err(|e| KernelError::backend(op, e))?;
            let kernel = host::built(op, $name, $kernel(&shapes))?;
            MatmulLaunch { kernel, args, path }
        }};
    }
    Ok(Some(match (format, path) {
        (QuantFormat::Q4_1, MatmulPath::Small) => build!(
            "matmul_q4_1_small",
            matmul_q4_1_small_cached,
            MatmulQ41SmallArgs,
            MatmulQ41SmallShapes
        ),
        (QuantFormat::Q4_1, MatmulPath::Tiled) => build!(
            "matmul_q4_1_tiled",
            matmul_q4_1_tiled_cached,
            MatmulQ41TiledArgs,
            MatmulQ41TiledShapes
        ),
        (QuantFormat::Q8_0, MatmulPath::Small) => build!(
            "matmul_q8_0_small",
            matmul_q8_0_small_cached,
            MatmulQ80SmallArgs,
            MatmulQ80SmallShapes
        ),
        (QuantFormat::Q8_0, MatmulPath::Tiled) => build!(
            "matmul_q8_0_tiled",
            matmul_q8_0_tiled_cached,
            MatmulQ80TiledArgs,
            MatmulQ80TiledShapes
        ),
    }))
}

fn matmul(
    op: &'static str,
    format: QuantFormat,
    backend: &dyn Backend,
    x: &HostTensor,
    w: &QuantMatrix<'_>,
) -> Result<HostTensor, KernelError> {
    let Some(launch) = prepare_matmul(format, x, w)? else {
        return Ok(host::filled(&[x.shape()[0], w.n], 0.0));
    };
    let mut out = host::launch(op, backend, &launch.kernel, &launch.args)?;
    host::take(op, backend, &mut out, &launch.kernel, "y")
}
