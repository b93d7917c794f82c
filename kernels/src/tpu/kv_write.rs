//! The KV-cache write shaped for a TPU: one new token per sequence into
//! the head-major caches `[Hkv, NB, BS, D]` of [`super::paged_decode`],
//! unquantized (the cache's element type is the rows'). Semantics:
//! `KERNELS.md`, `kv_write` (a negative slot writes nothing), the same as
//! the GPU-shaped [`crate::kv_write()`] (through [`super::layout`]).
//!
//! Grid (sequence, KV head). The new rows are `[B, Hkv, 1, D]` (a free
//! reshape of `[B, Hkv·D]`, the K/V projections' output), so a row is a
//! `[1, D]` DMA spanning its dims. A token's row is one sublane of its
//! page's tile and a TPU DMA moves whole tiles, so the program reads the
//! page's `[BS, D]` block, replaces the row with `select` and writes the
//! block back, as [`super::kv_quant_write`] does; programs run one after
//! another on v5e and v6e (one TensorCore), so two sequences writing into
//! one page never race.

use tilekit_core::dsl::*;

/// Writes `row` (`[1, D]`) at `offset` of page `page` of head `h`.
#[track_caller]
fn write_row<T: Float>(
    cache: InOut<T, 4>,
    h: Tile<i32>,
    page: Tile<i32>,
    offset: Tile<i32>,
    row: Tile<T>,
) {
    let (bs, d) = (cache.dim(2), cache.dim(3));
    let at = || [Idx::at(h), Idx::at(page), Idx::Full, Idx::Full];
    let old = cache.load(at()); // [BS, D]
    let here = iota_along([bs, d], 0).eq(offset);
    cache.store(at(), select(here, row, old));
}

#[kernel(grid = [k_new.dim(0), k_new.dim(1)], name = "kv_write_tpu")]
pub fn kv_write_tpu<T: Float>(
    #[prefetch] slot_mapping: Prefetch<1>, // [B]
    k_new: Ref<T, 4>,                      // [B, Hkv, 1, D]
    v_new: Ref<T, 4>,
    k_cache: InOut<T, 4>, // [Hkv, NB, BS, D]
    v_cache: InOut<T, 4>,
) {
    let bs = k_cache.dim(2);
    let (b, h) = (program_id(0), program_id(1));
    let slot = slot_mapping[b];
    if slot.ge(0) {
        let (page, offset) = (slot / bs, slot % bs);
        write_row(k_cache, h, page, offset, k_new.load([b, h, .., ..]));
        write_row(v_cache, h, page, offset, v_new.load([b, h, .., ..]));
    }
}
