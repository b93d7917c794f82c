//! Gathering a paged KV cache into contiguous per-sequence rows on the
//! device, so a program can feed the contiguous Kascade anchor kernel
//! from the paged cache without a round trip through the host. Semantics:
//! `KERNELS.md`, `kv_gather`; reference: `reference::kv_gather`.

use tilekit_core::dsl::*;

/// `k[b, j*BS + t] = k_cache[block_tables[b, j], t]` for every live page `j`
/// of sequence `b` (`j * BS < context_lens[b]`); rows of pages past the
/// length are zero. `k`, `v`: `[B, MB * BS, Hkv, D]`.
#[kernel(grid = [block_tables.dim(0), block_tables.dim(1)])]
pub fn kv_gather_kernel<T: Float>(
    #[prefetch] block_tables: Prefetch<2>, // [B, MB]
    #[prefetch] context_lens: Prefetch<1>, // [B]
    k_cache: Ref<T, 4>,                    // [NB, BS, Hkv, D]
    v_cache: Ref<T, 4>,
    #[shape([block_tables.dim(0), block_tables.dim(1) * k_cache.dim(1), k_cache.dim(2), k_cache.dim(3)])]
    k: RefMut<T, 4>,
    #[shape([block_tables.dim(0), block_tables.dim(1) * k_cache.dim(1), k_cache.dim(2), k_cache.dim(3)])]
    v: RefMut<T, 4>,
) {
    let bs = k_cache.dim(1);
    let (b, j) = (program_id(0), program_id(1));
    // Only live pages: a dead table entry may hold anything (-1, garbage).
    if (j * bs).lt(context_lens[b]) {
        let page = block_tables[[b, j]];
        k.store(
            [b, j * bs..j * bs + bs, .., ..],
            k_cache.load([page, .., .., ..]),
        );
        v.store(
            [b, j * bs..j * bs + bs, .., ..],
            v_cache.load([page, .., .., ..]),
        );
    }
}
