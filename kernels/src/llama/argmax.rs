//! Greedy decoding on the device: the index of each row's largest logit.
//!
//! A vocabulary row (49152 logits for SmolLM2) is far larger than a tile a
//! GPU thread block should hold, so each program walks its rows (up to 8,
//! `rows`, so a TPU window is whole (8, 128) tiles) in chunks
//! of [`CHUNK`] logits in all, carrying the best value and index: a chunk's best
//! is its maximum and the lowest index holding it, and a later chunk wins
//! only when strictly larger, so ties go to the lowest index overall.
//! NaN counts as `-inf` (a NaN logit is never chosen; a row of only NaN
//! and `-inf` gives 0). Semantics: `KERNELS.md`, `argmax`.

use super::{f32_arg, require_rows, HOST_ROWS};
use crate::error::KernelError;
use crate::host;
use crate::validate::Check;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, HostTensor};

/// Logits per step of a program's walk, over all its rows together.
pub const CHUNK: usize = 1024;

/// The chunk length for rows of `v` logits, `r` rows at a time: the whole
/// row if it fits, else [`CHUNK`] `/ r` rounded down to a multiple of 128
/// (a TPU's lane tile).
pub(crate) fn chunk_len(v: usize, r: usize) -> usize {
    let c = (CHUNK / r.max(1)) / 128 * 128;
    v.clamp(1, c.max(128))
}

/// Logits `[j·c, j·c + c)` of rows `[r0, r0 + r)`, NaN replaced by `-inf`:
/// `[r, c]`. Lanes past a row's end (only in a last, partial chunk) read
/// `-inf`.
#[helper]
pub(crate) fn logit_chunk(
    logits: Ref<f32, 2>,
    r0: Tile<i32>,
    r: usize,
    j: Tile<i32>,
    c: usize,
) -> Tile<f32> {
    let v = logits.dim(1);
    let start = j * c;
    let x = if v % c == 0 {
        logits.load([ds(r0, r), ds(start, c)])
    } else {
        let inside = (iota_along([r, c], 1) + start).lt(v);
        logits.load_masked([ds(r0, r), ds(start, c)], inside, f32::NEG_INFINITY)
    };
    // `x == x` is false only for NaN, on every backend.
    select(x.eq(x), x, f32::NEG_INFINITY)
}

/// `ids[i, 0]`: the lowest index of the largest logit of row `i` (`[M, 1]`
/// so a block of rows is a whole TPU window).
#[kernel(grid = [logits.dim(0) / rows.max(1)])]
pub fn argmax_kernel(
    logits: Ref<f32, 2>, // [M, V]
    #[shape([logits.dim(0), 1])] ids: RefMut<i32, 2>,
    #[trace] rows: usize,
) {
    require_rows(logits.dim(0), rows);
    let r = rows;
    let c = chunk_len(logits.dim(1), r);
    let r0 = program_id(0) * r;
    let mut best = full([r], f32::NEG_INFINITY);
    let mut best_id = zeros::<i32>([r]);
    for j in 0..scalar_index(cdiv_usize(logits.dim(1), c)) {
        let x = logit_chunk(logits, r0, r, j, c); // [r, c]
        let m = x.max_along(1);
        let at = select(x.eq(m.col()), iota_along([r, c], 1) + j * c, i32::MAX).min_along(1);
        let better = m.gt(best);
        best_id = select(better, at, best_id);
        best = best.max(m);
    }
    ids.store([ds(r0, r), ..], best_id.col());
}

/// The greedy token of each row of `logits [M, V]` (f32, V ≥ 1): i32 `[M]`.
pub fn argmax(backend: &dyn Backend, logits: &HostTensor) -> Result<HostTensor, KernelError> {
    const OP: &str = "argmax";
    let c = Check { op: OP };
    f32_arg(c, "logits", logits, &["M", "V"])?;
    let (m, v) = (logits.shape()[0], logits.shape()[1]);
    if v == 0 {
        return Err(c.err("logits", "the vocabulary axis V is empty"));
    }
    if m == 0 {
        return Ok(host::i32_tensor(&[0], Vec::new()));
    }
    let args = ArgmaxKernelArgs {
        logits: logits.clone(),
        rows: HOST_ROWS,
    }
    .to_kernel_args();
    let shapes =
        ArgmaxKernelShapes::from_args(&args, HOST_ROWS).map_err(|e| KernelError::backend(OP, e))?;
    let kernel = host::built(OP, "argmax_kernel", argmax_kernel_cached(&shapes))?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    let ids = host::take(OP, backend, &mut out, &kernel, "ids")?;
    Ok(host::reshape(ids, &[m]))
}
