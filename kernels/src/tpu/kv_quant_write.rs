//! The quantizing KV write shaped for a TPU: one new token per sequence,
//! quantized as [`crate::kv_quant`] defines (one f32 scale per token and KV
//! head), into the head-major caches of [`super::kv_quant_decode`]
//! (`[Hkv, NB, BS, D]` codes, `[Hkv, NB, 1, BS]` scales). Grid (sequence,
//! KV head). The new rows are `[B, Hkv, 1, D]` (a free reshape of the
//! reference's `[B, Hkv, D]`), so one row is a `[1, D]` DMA spanning its
//! dims, which the TPU tiling allows. A token's row is one sublane of a page's tile and its scale
//! one lane of the page's scale row, and a TPU DMA moves whole tiles, so
//! the program reads the page's `[BS, D]` codes and `[1, BS]` scales,
//! replaces the token's row and lane with `select`, and writes both back.
//! Programs run one after another on v5e and v6e (one TensorCore), so two
//! sequences writing into one page never race. A negative slot writes
//! nothing.

use crate::kv_quant::{encode, KvCodec};
use tilekit_core::dsl::*;

/// `(codes [1, D], scale [1, 1])` of the row `x: [1, D]`.
#[track_caller]
fn quantize_row<C: Element>(x: Tile<f32>) -> (Tile<C>, Tile<f32>) {
    let codec = KvCodec::of(C::DTYPE).unwrap_or(KvCodec::Int8);
    let scale = (x.abs().max_along(1) / codec.qmax()).col(); // [1, 1]
                                                             // A zero scale (a zero or underflowing row) divides by 1: codes 0.
    let divisor = select(scale.gt(0.0), scale, 1.0);
    (encode::<C>(x / divisor, codec), scale)
}

/// Writes `row` (`[1, D]` codes) and `scale` (`[1, 1]`) at `offset` of the
/// page `page` of head `h`.
#[track_caller]
fn write_row<C: Element>(
    cache: InOut<C, 4>,
    scales: InOut<f32, 4>,
    (h, page, offset): (Tile<i32>, Tile<i32>, Tile<i32>),
    row: Tile<C>,
    scale: Tile<f32>,
) {
    let (bs, d) = (cache.dim(2), cache.dim(3));
    let page_at = || [Idx::at(h), Idx::at(page), Idx::Full, Idx::Full];
    let old = cache.load(page_at()); // [BS, D]
    let here = iota_along([bs, d], 0).eq(offset);
    cache.store(page_at(), select(here, row, old));
    let old = scales.load(page_at()); // [1, BS]
    let here = iota_along([1, bs], 1).eq(offset);
    scales.store(page_at(), select(here, scale, old));
}

#[kernel(grid = [k_new.dim(0), k_new.dim(1)], name = "kv_write_quantized_tpu")]
pub fn kv_write_quantized_tpu<T: Float, C: Element>(
    #[prefetch] slot_mapping: Prefetch<1>, // [B]
    k_new: Ref<T, 4>,                      // [B, Hkv, 1, D]
    v_new: Ref<T, 4>,
    k_cache: InOut<C, 4>,   // [Hkv, NB, BS, D]
    k_scale: InOut<f32, 4>, // [Hkv, NB, 1, BS]
    v_cache: InOut<C, 4>,
    v_scale: InOut<f32, 4>,
) {
    let bs = k_cache.dim(2);
    let (b, h) = (program_id(0), program_id(1));
    let slot = slot_mapping[b];
    if slot.ge(0) {
        let at = (h, slot / bs, slot % bs);
        let (k_row, k_s) = quantize_row::<C>(k_new.load([b, h, .., ..]).to_f32());
        let (v_row, v_s) = quantize_row::<C>(v_new.load([b, h, .., ..]).to_f32());
        write_row(k_cache, k_scale, at, k_row, k_s);
        write_row(v_cache, v_scale, at, v_row, v_s);
    }
}
