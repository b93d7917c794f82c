//! `out[i] = x[ids[i]]`: rows of an f32 `[M, D]` picked by a prefetch
//! array. A prefill runs the whole prompt through the blocks but needs the
//! LM head (49152 × 576 for SmolLM2, the largest product of the model) only
//! on the last prompt token of each sequence: this picks those rows first,
//! so the head runs on R rows instead of M.

use super::f32_arg;
use crate::error::KernelError;
use crate::host;
use crate::validate::Check;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, HostTensor};

/// One program per picked row.
#[kernel(grid = [ids.dim(0)])]
pub fn gather_rows_kernel(
    #[prefetch] ids: Prefetch<1>, // [R], each in [0, M)
    x: Ref<f32, 2>,               // [M, D]
    #[shape([ids.dim(0), x.dim(1)])] out: RefMut<f32, 2>,
) {
    let i = program_id(0);
    out.store([i, ..], x.load([ids[i], ..]));
}

/// Rows `ids` (i32 `[R]`, each in `[0, M)`) of `x` (f32 `[M, D]`): `[R, D]`.
pub fn gather_rows(
    backend: &dyn Backend,
    x: &HostTensor,
    ids: &HostTensor,
) -> Result<HostTensor, KernelError> {
    const OP: &str = "gather_rows";
    let c = Check { op: OP };
    f32_arg(c, "x", x, &["M", "D"])?;
    let vals = c.int("ids", ids, &["R"])?;
    let m = x.shape()[0];
    if let Some((i, id)) = vals
        .iter()
        .enumerate()
        .find(|(_, &id)| id < 0 || id as usize >= m)
    {
        return Err(c.err(
            "ids",
            format!("id {id} at {i} is outside the {m} rows of `x`"),
        ));
    }
    if vals.is_empty() || x.shape()[1] == 0 {
        return Ok(host::filled(&[vals.len(), x.shape()[1]], 0.0));
    }
    let args = GatherRowsKernelArgs {
        ids: ids.clone(),
        x: x.clone(),
    }
    .to_kernel_args();
    let shapes =
        GatherRowsKernelShapes::from_args(&args).map_err(|e| KernelError::backend(OP, e))?;
    let kernel = host::built(OP, "gather_rows_kernel", gather_rows_kernel_cached(&shapes))?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    host::take(OP, backend, &mut out, &kernel, "out")
}
