//! Rotary position embeddings in llama.cpp's "normal" convention (the one
//! the Llama GGUF files use): the adjacent pairs `(x[2i], x[2i+1])` of a
//! head turn by the angle `pos · base^(-2i/D)`.
//!
//! The IR has no sine or cosine, and a table is what lowers everywhere: the
//! host computes `cos`/`sin` of every (position, pair) once per model
//! ([`rope_table`], in f64 rounded to f32, closer to the exact rotation
//! than llama.cpp's f32 recurrence of the angle) and each program loads
//! the row of its token's position at a dynamic offset, as vLLM's
//! `cos_sin_cache` does. Heads are viewed `[M, H, D/2, 2]` (a free reshape)
//! so the two halves of every pair are two `[H, D/2]` loads.

use super::f32_arg;
use crate::error::KernelError;
use crate::host;
use crate::validate::Check;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, DType, HostTensor};

/// Rotates the heads of token `i` of `x` into `out` by the angles whose
/// cosines and sines are `c`, `s` (`[1, D/2]`).
#[helper]
fn rotate(x: Ref<f32, 4>, out: RefMut<f32, 4>, i: Tile<i32>, c: Tile<f32>, s: Tile<f32>) {
    let x0 = x.load([i, .., .., 0]); // [H, D/2]: x[2i]
    let x1 = x.load([i, .., .., 1]); // x[2i + 1]
    let (y0, y1) = (x0 * c - x1 * s, x0 * s + x1 * c);
    // One store of whole pairs, not one per half: program i's window is
    // then row i of `out`, so the batched lowering is a reshape of all the
    // programs' rows instead of two scatters (`stablehlo` `lower/tiling`).
    let (h, half) = (y0.shape()[0], y0.shape()[1]);
    let pairs = [h, half, 2];
    let first = iota_along(pairs, 2).eq(0);
    out.store(
        [i, .., .., ..],
        select(first, spread(y0, pairs), spread(y1, pairs)),
    );
}

/// `[H, D/2]` broadcast along a new last axis to `pairs` = `[H, D/2, 2]`.
#[helper]
fn spread(y: Tile<f32>, pairs: [usize; 3]) -> Tile<f32> {
    y.reshape([pairs[0], pairs[1], 1]).broadcast_to(pairs)
}

/// `q_out`, `k_out`: `q`, `k` (`[M, H, D/2, 2]`) rotated at `pos[m]`.
#[kernel(grid = [pos.dim(0)])]
pub fn rope_kernel(
    #[prefetch] pos: Prefetch<1>, // [M]
    q: Ref<f32, 4>,               // [M, Hq, D/2, 2]
    k: Ref<f32, 4>,               // [M, Hkv, D/2, 2]
    cos: Ref<f32, 2>,             // [P, D/2]
    sin: Ref<f32, 2>,             // [P, D/2]
    #[shape(q.shape())] q_out: RefMut<f32, 4>,
    #[shape(k.shape())] k_out: RefMut<f32, 4>,
) {
    let i = program_id(0);
    let p = pos[i];
    let c = cos.load([p, ..]).row();
    let s = sin.load([p, ..]).row();
    rotate(q, q_out, i, c, s);
    rotate(k, k_out, i, c, s);
}

/// `cos` and `sin` of every position's angles: f32 `[positions, D/2]`.
#[derive(Clone, Debug, PartialEq)]
pub struct RopeTable {
    pub cos: HostTensor,
    pub sin: HostTensor,
}

impl RopeTable {
    /// Positions the table covers.
    pub fn positions(&self) -> usize {
        self.cos.shape()[0]
    }

    /// The head dimension D it rotates (twice its width).
    pub fn head_dim(&self) -> usize {
        self.cos.shape()[1] * 2
    }
}

/// The table of positions `0..positions` for heads of `head_dim` (even)
/// and frequency `base` (SmolLM2: 64 and 100000): angle `p · base^(-2i/D)`
/// of pair `i`, computed in f64.
pub fn rope_table(head_dim: usize, base: f64, positions: usize) -> Result<RopeTable, KernelError> {
    let c = Check { op: "rope_table" };
    if head_dim == 0 || head_dim % 2 != 0 {
        return Err(c.err(
            "head_dim",
            format!("must be even and at least 2, got {head_dim}"),
        ));
    }
    if !(base.is_finite() && base > 0.0) {
        return Err(c.err("base", format!("must be finite and > 0, got {base}")));
    }
    let half = head_dim / 2;
    let (mut cos, mut sin) = (Vec::with_capacity(positions * half), Vec::new());
    sin.reserve(positions * half);
    for p in 0..positions {
        for i in 0..half {
            let theta = p as f64 * base.powf(-2.0 * i as f64 / head_dim as f64);
            cos.push(theta.cos() as f32);
            sin.push(theta.sin() as f32);
        }
    }
    let table = |v: Vec<f32>| {
        HostTensor::from_f32(DType::F32, &[positions, half], &v).expect("element count matches")
    };
    Ok(RopeTable {
        cos: table(cos),
        sin: table(sin),
    })
}

/// `q` and `k` after [`rope`], in their own shapes.
#[derive(Clone, Debug, PartialEq)]
pub struct RotatedHeads {
    pub q: HostTensor,
    pub k: HostTensor,
}

/// Rotates `q [M, Hq, D]` and `k [M, Hkv, D]` (f32) at the positions
/// `pos [M]` (i32, each in `[0, table.positions())`).
pub fn rope(
    backend: &dyn Backend,
    q: &HostTensor,
    k: &HostTensor,
    pos: &HostTensor,
    table: &RopeTable,
) -> Result<RotatedHeads, KernelError> {
    const OP: &str = "rope";
    let c = Check { op: OP };
    f32_arg(c, "q", q, &["M", "Hq", "D"])?;
    f32_arg(c, "k", k, &["M", "Hkv", "D"])?;
    let (m, hq, d) = (q.shape()[0], q.shape()[1], q.shape()[2]);
    let hkv = k.shape()[1];
    c.dim("k", k.shape(), 0, "M", m, "`q`")?;
    c.dim("k", k.shape(), 2, "D", d, "`q`")?;
    c.dim("q", q.shape(), 2, "D", table.head_dim(), "the table")?;
    if hq == 0 || hkv == 0 || d == 0 {
        return Err(c.err("q", "heads and head dimension must be at least 1"));
    }
    let positions = c.int("pos", pos, &["M"])?;
    c.dim("pos", pos.shape(), 0, "M", m, "`q`")?;
    let limit = table.positions();
    if let Some((t, &p)) = positions
        .iter()
        .enumerate()
        .find(|(_, &p)| p < 0 || p as usize >= limit)
    {
        return Err(c.err(
            "pos",
            format!("entry [{t}] (token {t}) = {p} is out of range [0, {limit}) (the table's positions)"),
        ));
    }
    if m == 0 {
        return Ok(RotatedHeads {
            q: q.clone(),
            k: k.clone(),
        });
    }
    let args = RopeKernelArgs {
        pos: pos.clone(),
        q: host::reshape(q.clone(), &[m, hq, d / 2, 2]),
        k: host::reshape(k.clone(), &[m, hkv, d / 2, 2]),
        cos: table.cos.clone(),
        sin: table.sin.clone(),
    }
    .to_kernel_args();
    let shapes = RopeKernelShapes::from_args(&args).map_err(|e| KernelError::backend(OP, e))?;
    let kernel = host::built(OP, "rope_kernel", rope_kernel_cached(&shapes))?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    Ok(RotatedHeads {
        q: host::reshape(
            host::take(OP, backend, &mut out, &kernel, "q_out")?,
            q.shape(),
        ),
        k: host::reshape(
            host::take(OP, backend, &mut out, &kernel, "k_out")?,
            k.shape(),
        ),
    })
}
