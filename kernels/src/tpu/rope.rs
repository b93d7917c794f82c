//! RoPE shaped for a TPU: the same rotation as [`crate::llama::rope`]
//! (llama.cpp's adjacent pairs, angles from the host's `[P, D/2]` table),
//! on the projections as they come out of the matrix products, `q [M,
//! Hq·D]` and `k [M, Hkv·D]`, `rows` tokens a program (`llama::tpu_rows`:
//! 8, whole (8, 128) tiles). The GPU kernel loads one table row per token
//! and reads pairs as a last axis of 2, windows no TPU tiling holds; here
//! every move is whole rows or whole arrays and the rearranging is done by
//! exact 0/1 MXU products (each output one nonzero term, f32 products in
//! full precision):
//!
//! 1. **gather**: the tokens' positions (`pos [M, 1]` i32, a VMEM column)
//!    against `iota` give a one-hot `[rows, P]`; times the whole table it
//!    is the tokens' `cos`, `sin` rows `[rows, D/2]`;
//! 2. **spread**: `[rows, D/2] · S` with `S[i, a] = 1` where lane `a` of the
//!    row belongs to pair `i` of its head (`(a mod D) / 2 = i`) gives every
//!    lane its angle, `[rows, H·D]`;
//! 3. **swap**: `x · X` with `X[a, b] = ∓1` where `a = b xor 1` (− for even
//!    `b`) moves each pair's partner into place with the sign of the
//!    rotation, so `x' = x · cos + (x · X) · sin`: `x'[2i] = x[2i] cos −
//!    x[2i+1] sin`, `x'[2i+1] = x[2i+1] cos + x[2i] sin`.
//!
//! The f64 reference is [`crate::reference::llama::rope`] on `[M, H, D]` (a free
//! reshape). Positions must lie in `[0, P)` (the host checks them, as
//! [`crate::llama::rope`] does): one outside matches no table row, so its
//! `cos` and `sin` are 0 and its rows come out 0.

use tilekit_core::dsl::*;

/// `x [rows, H·D]` rotated by the pair angles whose cosines and sines are
/// `c`, `s` (`[rows, D/2]`), heads of `d`.
#[helper]
fn rotate(x: Tile<f32>, c: Tile<f32>, s: Tile<f32>, d: usize) -> Tile<f32> {
    let (half, w) = (d / 2, x.dim(1));
    let pair = (iota_along([half, w], 1) % d) >> 1usize;
    let spread = select::<f32>(pair.eq(iota_along([half, w], 0)), 1.0, 0.0);
    let (a, b) = (iota_along([w, w], 0), iota_along([w, w], 1));
    let odd = (b & 1usize).to_f32(); // 1 for odd b
    let swap = select(a.eq(b ^ 1usize), odd * 2.0 - 1.0, 0.0);
    x * dot(c, spread) + dot(x, swap) * dot(s, spread)
}

/// `q_out`, `k_out`: `q`, `k` rotated at `pos[m]`.
#[kernel(grid = [q.dim(0) / rows.max(1)], name = "rope_tpu")]
pub fn rope_tpu(
    pos: Ref<i32, 2>, // [M, 1], each in [0, P)
    q: Ref<f32, 2>,   // [M, Hq·D]
    k: Ref<f32, 2>,   // [M, Hkv·D]
    cos: Ref<f32, 2>, // [P, D/2]
    sin: Ref<f32, 2>, // [P, D/2]
    #[shape(q.shape())] q_out: RefMut<f32, 2>,
    #[shape(k.shape())] k_out: RefMut<f32, 2>,
    #[trace] rows: usize,
) {
    let (p, d) = (cos.dim(0), 2 * cos.dim(1));
    let r0 = program_id(0) * rows;
    let at = pos.load([ds(r0, rows), ..]); // [rows, 1]
    let one_hot = select::<f32>(iota_along([rows, p], 1).eq(at), 1.0, 0.0);
    let c = dot(one_hot, cos.load([.., ..])); // [rows, D/2]
    let s = dot(one_hot, sin.load([.., ..]));
    let qs = q.load([ds(r0, rows), ..]);
    q_out.store([ds(r0, rows), ..], rotate(qs, c, s, d));
    let ks = k.load([ds(r0, rows), ..]);
    k_out.store([ds(r0, rows), ..], rotate(ks, c, s, d));
}
