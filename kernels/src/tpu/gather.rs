//! The Q8_0 embedding lookup shaped for a TPU: `out[t] = dequant(W[ids[t]])`
//! over the row-major planes [`super::quant_layout::q8_0_rows`] (codes
//! `[N, K]` i8, scales `[N, K/32]` f32), viewed `[N/32, 32, K]` and
//! `[N/8, 8, K/32]` so that a token's row lies in one whole-tile window:
//! its 32-row group of codes and its 8-row group of scales, one DMA each
//! at a dynamic offset from the prefetched id.
//!
//! One program owns `rows` tokens (`llama::tpu_rows`: 8, whole (8, 128)
//! output tiles). For each token (a loop) it picks its row out of the two groups
//! with one-hot MXU products (`[rows, 32] · [32, K]`, a single nonzero term
//! per output, so exact), which also places it in the token's row of the
//! `[rows, K]` result, and spreads the row's K/32 block scales over their
//! 32 lanes with a 0/1 product (`[rows, K/32] · [K/32, K]`). Ids are
//! checked on the host, as for the GPU gather (`crate::quant::gather`).

use tilekit_core::dsl::*;

/// `[rows, n]` f32: 1 at `(t, j)`, 0 elsewhere.
#[track_caller]
fn one_hot(rows: usize, n: usize, t: Tile<i32>, j: Tile<i32>) -> Tile<f32> {
    let hit = iota_along([rows, n], 0).eq(t) & iota_along([rows, n], 1).eq(j);
    select::<f32>(hit, 1.0, 0.0)
}

#[kernel(grid = [ids.dim(0) / rows.max(1)], name = "gather_q8_0_tpu")]
pub fn gather_q8_0_tpu(
    #[prefetch] ids: Prefetch<1>, // [T], T a multiple of rows
    codes: Ref<i8, 3>,            // [N/32, 32, K]
    scales: Ref<f32, 3>,          // [N/8, 8, K/32]
    #[shape([ids.dim(0), codes.dim(2)])] out: RefMut<f32, 2>,
    #[trace] rows: usize,
) {
    let (k, nb) = (codes.dim(2), scales.dim(2));
    let r0 = program_id(0) * rows;
    let lane_block = iota_along([nb, k], 1) >> 5usize;
    let spread = select::<f32>(lane_block.eq(iota_along([nb, k], 0)), 1.0, 0.0);
    let mut acc = zeros([rows, k]);
    // A traced loop, not unrolled: the body is the kernel's whole code.
    for t in 0..scalar_index(rows) {
        let id = ids[r0 + t];
        let group = codes.load([id >> 5usize, .., ..]).to_f32(); // [32, K]
        let d = scales.load([id >> 3usize, .., ..]); // [8, K/32]
        let q = dot(one_hot(rows, 32, t, id & 31usize), group);
        let s = dot(dot(one_hot(rows, 8, t, id & 7usize), d), spread);
        acc += q * s;
    }
    out.store([ds(r0, rows), ..], acc);
}
