//! Shared memory of paged decode's kernels on a GPU, asked of the PTX
//! emitter ([`tilekit_ptx::shared_memory_bytes`]) rather than estimated:
//! the heuristic and the candidate list need to know which choices fit a
//! CTA before any of them runs, and a formula drifts from the emitter.
//!
//! The figure depends on the tile shapes (page size, head dim, group size,
//! dtype, pipeline depth), not on the batch, the number of pages or the
//! split count (those are grid sizes, strides and trip counts), so it is
//! computed once per shape class on a small instance and cached: the hot
//! path pays a trace and an emission the first time a class is seen.

use super::heuristic::DecodeShape;
use crate::hand_built::{self, PagedDecodeConfig};
use crate::split_kv::{paged_decode_partition, PagedDecodePartitionShapes};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use tilekit_core::dsl::{bf16, f16};
use tilekit_core::{DType, VerifiedKernel};
use tilekit_ptx::Target;

/// Which of paged decode's kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DecodeKernel {
    /// The split-KV partition kernel ([`crate::split_kv::STAGES`] stages).
    Partition,
    /// The one-pass hand-built kernel at this pipeline depth.
    OnePass { stages: u32 },
}

/// Sequences and pages of the instance the figure is computed on.
const BATCH: usize = 2;
const PAGES: usize = 2;

/// `kernel` built for `shape`'s tile shapes on a small instance (same
/// shared memory as any batch and length, see the module doc).
pub fn build(shape: &DecodeShape, kernel: DecodeKernel) -> Result<VerifiedKernel, String> {
    let (hq, hkv, d, bs) = (
        shape.q_heads,
        shape.kv_heads,
        shape.head_dim,
        shape.block_size,
    );
    let built = match kernel {
        DecodeKernel::OnePass { stages } => hand_built::paged_decode(&PagedDecodeConfig {
            batch: BATCH,
            q_heads: hq,
            kv_heads: hkv,
            head_dim: d,
            block_size: bs,
            num_blocks: BATCH * PAGES,
            max_blocks: PAGES,
            dtype: shape.dtype,
            stages,
        }),
        DecodeKernel::Partition => {
            let s = PagedDecodePartitionShapes {
                block_tables: [BATCH, PAGES],
                context_lens: [BATCH],
                page_ranges: [BATCH, 2, 2],
                q: [BATCH, hq, d],
                k_cache: [BATCH * PAGES, bs, hkv, d],
                v_cache: [BATCH * PAGES, bs, hkv, d],
            };
            match shape.dtype {
                DType::Bf16 => paged_decode_partition::<bf16>(&s),
                DType::F16 => paged_decode_partition::<f16>(&s),
                DType::F32 => paged_decode_partition::<f32>(&s),
                other => return Err(format!("paged decode has no {other} instantiation")),
            }
        }
    };
    built.map_err(|e| e.to_string())
}

type Key = (DType, usize, usize, usize, usize, DecodeKernel, Target);

/// Bytes of dynamic shared memory one CTA of `kernel` needs for `shape` on
/// `target`, exactly as the PTX emitter plans it (also when it exceeds
/// what the target allows). An error when the kernel does not build or
/// the emitter cannot lower it: such a choice cannot run on that GPU.
pub fn decode_smem(
    shape: &DecodeShape,
    kernel: DecodeKernel,
    target: Target,
) -> Result<usize, String> {
    static CACHE: OnceLock<Mutex<HashMap<Key, Result<usize, String>>>> = OnceLock::new();
    let key = (
        shape.dtype,
        shape.q_heads,
        shape.kv_heads,
        shape.head_dim,
        shape.block_size,
        kernel,
        target,
    );
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return hit.clone();
    }
    // Computed outside the lock: tracing and emitting take milliseconds.
    let figure = build(shape, kernel)
        .and_then(|k| tilekit_ptx::shared_memory_bytes(&k, target).map_err(|e| e.to_string()));
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, figure.clone());
    figure
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(batch: usize, len: usize, bs: usize, dtype: DType) -> DecodeShape {
        DecodeShape {
            batch,
            q_heads: 32,
            kv_heads: 8,
            head_dim: 128,
            block_size: bs,
            context_len: len,
            dtype,
        }
    }

    /// The kernel at the shape's own batch and length, as a launch builds it.
    fn full_size(s: &DecodeShape, kernel: DecodeKernel) -> VerifiedKernel {
        let pages = s.context_len.div_ceil(s.block_size);
        let nb = s.batch * pages + 1;
        match kernel {
            DecodeKernel::OnePass { stages } => hand_built::paged_decode(&PagedDecodeConfig {
                batch: s.batch,
                q_heads: s.q_heads,
                kv_heads: s.kv_heads,
                head_dim: s.head_dim,
                block_size: s.block_size,
                num_blocks: nb,
                max_blocks: pages,
                dtype: s.dtype,
                stages,
            })
            .unwrap(),
            DecodeKernel::Partition => {
                assert_eq!(s.dtype, DType::Bf16);
                paged_decode_partition::<bf16>(&PagedDecodePartitionShapes {
                    block_tables: [s.batch, pages],
                    context_lens: [s.batch],
                    page_ranges: [s.batch, 4, 2],
                    q: [s.batch, s.q_heads, s.head_dim],
                    k_cache: [nb, s.block_size, s.kv_heads, s.head_dim],
                    v_cache: [nb, s.block_size, s.kv_heads, s.head_dim],
                })
                .unwrap()
            }
        }
    }

    #[test]
    fn the_figure_is_what_the_emitted_module_declares() {
        let kernels = [
            DecodeKernel::Partition,
            DecodeKernel::OnePass { stages: 1 },
            DecodeKernel::OnePass { stages: 2 },
        ];
        for target in Target::ALL {
            for bs in [16, 32, 64, 128] {
                let s = shape(8, 64 * bs, bs, DType::Bf16);
                for kernel in kernels {
                    let figure = decode_smem(&s, kernel, target).unwrap();
                    let k = full_size(&s, kernel);
                    match tilekit_ptx::emit(&k, target) {
                        Ok(m) => {
                            assert_eq!(
                                figure, m.launch.dynamic_smem_bytes as usize,
                                "BS {bs} {kernel:?} on {target:?}"
                            );
                            let declared = format!("{figure} bytes dynamic shared memory");
                            assert!(m.text.contains(&declared), "no `{declared}`");
                        }
                        // Too big for the target: the plan says so too.
                        Err(e) => {
                            assert!(figure > target.max_dynamic_smem(), "{e}");
                            assert!(e.to_string().contains(&format!("needs {figure} bytes")));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn every_dtype_has_a_figure() {
        for dtype in [DType::Bf16, DType::F16, DType::F32] {
            let s = shape(1, 1024, 16, dtype);
            let p = decode_smem(&s, DecodeKernel::Partition, Target::Sm90a).unwrap();
            // Two stages of a K and a V page at least.
            assert!(p >= 4 * 16 * 128 * dtype.size_bytes(), "{dtype}: {p}");
        }
    }
}
