//! The embedding lookup of a Q8_0 matrix: `out[t, :] = dequant(W[ids[t], :])`.
//!
//! The token ids are a prefetch array, so each program reads its row
//! number as a scalar and loads that row's blocks at a dynamic offset: one
//! program per token, one row of `K / 32` blocks each. Ids are checked on
//! the host (an id outside `[0, N)` is an error naming the token), so no
//! backend ever sees one.

use super::{check_matrix, f16_le, QuantFormat, QuantMatrix, BLOCK};
use crate::error::KernelError;
use crate::host;
use crate::validate::Check;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, HostTensor};

#[kernel(grid = [ids.dim(0)], name = "gather_q8_0")]
pub fn gather_q8_0_kernel(
    #[prefetch] ids: Prefetch<1>, // [T]
    w: Ref<u8, 3>,                // [N, K/32, 34]
    #[shape([ids.dim(0), w.dim(1) * 32])] out: RefMut<f32, 2>,
) {
    let t = program_id(0);
    let row = ids[t];
    let d = f16_le(w.load([row, .., 0]), w.load([row, .., 1])); // [K/32]
    let q = w.load([row, .., 2..2 + BLOCK]).bitcast::<i8>().to_f32(); // [K/32, 32]
    out.store([t, ..], (d.col() * q).reshape([w.dim(1) * BLOCK]));
}

/// Rows `ids` (i32 `[T]`, each in `[0, N)`) of the Q8_0 matrix `w`,
/// dequantized: f32 `[T, K]`.
pub fn gather_q8_0(
    backend: &dyn Backend,
    w: &QuantMatrix<'_>,
    ids: &HostTensor,
) -> Result<HostTensor, KernelError> {
    const OP: &str = "gather_q8_0";
    let c = Check { op: OP };
    let w_blocks = check_matrix(c, QuantFormat::Q8_0, w)?;
    let vals = c.int("ids", ids, &["T"])?;
    if let Some((t, &id)) = vals
        .iter()
        .enumerate()
        .find(|(_, &id)| id < 0 || id as usize >= w.n)
    {
        return Err(c.err(
            "ids",
            format!(
                "entry [{t}] (token {t}) = {id} is out of range [0, {}) (the rows of `w`)",
                w.n
            ),
        ));
    }
    if vals.is_empty() || w.k == 0 {
        return Ok(host::filled(&[vals.len(), w.k], 0.0));
    }
    let args = GatherQ80KernelArgs {
        ids: ids.clone(),
        w: w_blocks,
    }
    .to_kernel_args();
    let shapes =
        GatherQ80KernelShapes::from_args(&args).map_err(|e| KernelError::backend(OP, e))?;
    let kernel = host::built(OP, "gather_q8_0", gather_q8_0_kernel_cached(&shapes))?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    host::take(OP, backend, &mut out, &kernel, "out")
}
