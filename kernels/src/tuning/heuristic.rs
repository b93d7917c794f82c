//! How many KV splits (and which pipeline depth) paged decode should use,
//! from the shape alone: what the hot path falls back to when the tuning
//! cache has no entry.
//!
//! Decode is memory-bound: what matters is that every SM has enough loads
//! in flight, and a grid of `B · Hkv` programs does not fill an H100 (132
//! SMs) until the batch is large. The rule, after FlashAttention-2's
//! `num_splits_heuristic`:
//!
//! 1. `slots = SMs × CTAs per SM`, where CTAs per SM comes from the
//!    partition kernel's shared memory (an estimate of the PTX emitter's
//!    plan, checked against it in tilekit-cuda's tests) and is capped at
//!    [`MAX_CTAS_PER_SM`] (registers are not known before ptxas).
//! 2. If `B · Hkv ≥ 0.8 · slots` the grid already fills the machine: no
//!    split (splitting would only add the combine's traffic).
//! 3. Otherwise consider `s = 1 ..= max_splits`, where `max_splits` is the
//!    smallest of [`MAX_SPLITS`], the number of pages, and `L / 256` (a
//!    partition should stream at least [`MIN_TOKENS_PER_SPLIT`] tokens, so
//!    the partial outputs the combine reads stay a few percent of the KV
//!    bytes). Skip an `s` that gives the same pages per split as `s - 1`
//!    (it only adds empty partitions). The wave efficiency of `s` is
//!    `w / ceil(w)` with `w = B · Hkv · s / slots`; take the smallest `s`
//!    whose efficiency is at least 85% of the best one (fewer splits, less
//!    combine work, for nearly the same occupancy).
//!
//! Pipeline depth: the split partition kernel is fixed at two stages
//! ([`crate::split_kv::STAGES`]); when two stages of a K and a V page do
//! not fit in shared memory (pages of 256 × D 128 in bf16 need 256 KiB;
//! sm_90a allows 227 KiB) the only runnable choice is the one-pass kernel
//! with one stage and no split, so that is what the rule returns.

use super::DecodeChoice;
use tilekit_core::DType;

/// Fewest tokens a KV partition should stream.
pub const MIN_TOKENS_PER_SPLIT: usize = 256;
/// Most partitions per sequence (the combine reads them all).
pub const MAX_SPLITS: usize = 64;
/// Resident CTAs per SM assumed at most: 256-thread CTAs with up to 64
/// registers a thread would allow 4; the emitter's register use is only
/// known after ptxas, which is what the tuner measures instead.
pub const MAX_CTAS_PER_SM: usize = 4;
/// A grid this fraction of the slots already fills the machine.
const FILL_FRACTION: f64 = 0.8;
/// Accept a split count within this fraction of the best wave efficiency.
const EFFICIENCY_SLACK: f64 = 0.85;

/// What the rule needs to know about a GPU.
#[derive(Clone, Debug, PartialEq)]
pub struct GpuSpec {
    pub sm_count: usize,
    /// Shared memory of one SM, bytes.
    pub smem_per_sm: usize,
    /// The most dynamic shared memory one CTA may use, bytes.
    pub max_smem_per_cta: usize,
}

impl GpuSpec {
    /// H100 SXM (sm_90): 132 SMs, 228 KiB of shared memory per SM, 227 KiB
    /// per CTA.
    pub const H100: GpuSpec = GpuSpec {
        sm_count: 132,
        smem_per_sm: 228 * 1024,
        max_smem_per_cta: 227 * 1024,
    };
}

/// The shape of a paged decode call, as the rule and the tuning key see it.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodeShape {
    pub batch: usize,
    pub q_heads: usize,
    pub kv_heads: usize,
    pub head_dim: usize,
    pub block_size: usize,
    /// The longest context in the batch, tokens.
    pub context_len: usize,
    pub dtype: DType,
}

impl DecodeShape {
    fn page_bytes(&self) -> usize {
        self.block_size * self.head_dim * self.dtype.size_bytes()
    }

    /// Estimated shared memory of one split partition CTA: two stages of a
    /// K and a V page, plus the emitter's staging of the dot operands and
    /// results, about 5.4 pages in all (sm_90a, bf16 D 128: 23.5 KiB at BS
    /// 16, 170 KiB at BS 128). tilekit-cuda's tests hold it to the
    /// emitter's plan.
    pub fn partition_smem_estimate(&self) -> usize {
        self.page_bytes() * 11 / 2 + 1536
    }

    /// Estimated shared memory of the one-pass kernel at `stages`: `stages`
    /// K and V pages plus about a third of a page (sm_90a, bf16 D 128, BS
    /// 256, one stage: about 150 KiB). A pipelined loop adds one V page:
    /// the V the dot reads is the staged page with its rows past the length
    /// zeroed, a copy (one stage loads it straight into that tile).
    pub fn one_pass_smem_estimate(&self, stages: u32) -> usize {
        let pages = 2 * stages as usize + usize::from(stages > 1);
        pages * self.page_bytes() + self.page_bytes() / 3 + 2304
    }
}

/// Wave efficiency of `programs` CTAs on `slots` resident slots: the
/// fraction of slot-waves doing work when the grid runs in `ceil(programs /
/// slots)` waves (1.0 when the last wave is full).
pub fn wave_efficiency(programs: usize, slots: usize) -> f64 {
    if programs == 0 || slots == 0 {
        return 0.0;
    }
    let waves = programs as f64 / slots as f64;
    waves / waves.ceil()
}

/// Resident partition CTAs per SM for this shape.
pub fn ctas_per_sm(shape: &DecodeShape, gpu: &GpuSpec) -> usize {
    (gpu.smem_per_sm / shape.partition_smem_estimate().max(1)).clamp(1, MAX_CTAS_PER_SM)
}

/// The number of KV partitions per sequence for `shape` on `gpu` (1 = no
/// split). The module doc states the rule.
pub fn choose_splits(shape: &DecodeShape, gpu: &GpuSpec) -> usize {
    let programs = shape.batch * shape.kv_heads;
    let slots = gpu.sm_count * ctas_per_sm(shape, gpu);
    if programs == 0 || programs as f64 >= FILL_FRACTION * slots as f64 {
        return 1;
    }
    let pages = shape.context_len.div_ceil(shape.block_size.max(1));
    let max_splits = MAX_SPLITS
        .min(pages)
        .min(shape.context_len / MIN_TOKENS_PER_SPLIT)
        .max(1);
    let eligible = |s: usize| s == 1 || pages.div_ceil(s) != pages.div_ceil(s - 1);
    let efficiency = |s: usize| wave_efficiency(programs * s, slots);
    let best = (1..=max_splits)
        .filter(|&s| eligible(s))
        .map(efficiency)
        .fold(0.0, f64::max);
    (1..=max_splits)
        .find(|&s| eligible(s) && efficiency(s) >= EFFICIENCY_SLACK * best)
        .unwrap_or(1)
}

/// The heuristic choice: [`choose_splits`] with the partition kernel's two
/// stages, or, when two stages of pages cannot fit in a CTA's shared
/// memory, the one-pass kernel with one stage.
pub fn heuristic(shape: &DecodeShape, gpu: &GpuSpec) -> DecodeChoice {
    if shape.partition_smem_estimate() > gpu.max_smem_per_cta {
        return DecodeChoice {
            splits: 1,
            stages: 1,
        };
    }
    DecodeChoice {
        splits: choose_splits(shape, gpu),
        stages: crate::split_kv::STAGES,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(batch: usize, len: usize, bs: usize) -> DecodeShape {
        DecodeShape {
            batch,
            q_heads: 32,
            kv_heads: 8,
            head_dim: 128,
            block_size: bs,
            context_len: len,
            dtype: DType::Bf16,
        }
    }

    fn splits(batch: usize, len: usize, bs: usize) -> usize {
        heuristic(&shape(batch, len, bs), &GpuSpec::H100).splits
    }

    #[test]
    fn large_batches_are_not_split() {
        // 64 · 8 = 512 programs and 256 · 8 = 2048 already fill 132 SMs.
        for len in [1024, 8192, 32768, 131072] {
            assert_eq!(splits(64, len, 16), 1, "B 64, L {len}");
            assert_eq!(splits(256, len, 16), 1, "B 256, L {len}");
        }
    }

    #[test]
    fn single_sequences_split_until_the_grid_fills_the_machine() {
        // B 1: 8 programs. Short contexts are capped by 256 tokens a split.
        assert_eq!(splits(1, 1024, 16), 4);
        // 29, not 32: the smallest count within 85% of the best efficiency
        // (28 would give the same 19 pages per split as 27).
        assert_eq!(splits(1, 8192, 16), 29);
        // Long contexts: enough splits to fill ~85% of 132 · 4 slots.
        let s = splits(1, 131072, 16);
        assert!((50..=MAX_SPLITS).contains(&s), "{s}");
        let eff = wave_efficiency(8 * s, 132 * 4);
        assert!(eff >= 0.8, "efficiency {eff} with {s} splits");
    }

    #[test]
    fn medium_batches_split_a_little() {
        // B 8: 64 programs; 8 splits make 512 CTAs, 97% of one wave.
        assert_eq!(splits(8, 131072, 16), 8);
        assert_eq!(splits(8, 32768, 16), 8);
        assert_eq!(splits(8, 1024, 16), 4, "capped at L / 256");
    }

    #[test]
    fn short_contexts_and_empty_batches_do_not_split() {
        assert_eq!(splits(1, 200, 16), 1);
        assert_eq!(splits(1, 0, 16), 1);
        assert_eq!(splits(0, 4096, 16), 1);
    }

    #[test]
    fn pages_too_big_for_two_stages_fall_back_to_one_pass() {
        // 256-token pages of D 128 bf16: two stages of K and V are 256 KiB.
        for (b, len) in [(1, 1024), (8, 131072), (256, 8192)] {
            let c = heuristic(&shape(b, len, 256), &GpuSpec::H100);
            assert_eq!(
                c,
                DecodeChoice {
                    splits: 1,
                    stages: 1
                },
                "B {b}, L {len}"
            );
        }
        // BS 16 keeps the partition kernel's two stages.
        assert_eq!(heuristic(&shape(1, 8192, 16), &GpuSpec::H100).stages, 2);
    }

    #[test]
    fn split_counts_never_leave_partitions_without_work() {
        // 5 pages: 4 splits would be 2+2+1+0 pages, the same per split as 3.
        let s = shape(1, 5 * 256, 256);
        let gpu = GpuSpec {
            max_smem_per_cta: usize::MAX,
            ..GpuSpec::H100
        };
        let n = choose_splits(&s, &gpu);
        assert!(n <= 5 && (n == 1 || 5usize.div_ceil(n) != 5usize.div_ceil(n - 1)));
    }

    /// The representative shapes of issue #9 (Hq 32, Hkv 8, D 128, bf16) on
    /// an H100, as `splits/stages` for L = 1K, 8K, 32K, 128K.
    #[test]
    fn representative_shapes() {
        let table = [
            (16, 1, ["4/2", "29/2", "56/2", "55/2"]),
            (16, 8, ["4/2", "7/2", "8/2", "8/2"]),
            (16, 64, ["1/2"; 4]),
            (16, 256, ["1/2"; 4]),
            (256, 1, ["1/1"; 4]),
            (256, 8, ["1/1"; 4]),
            (256, 64, ["1/1"; 4]),
            (256, 256, ["1/1"; 4]),
        ];
        for (bs, b, want) in table {
            for (len, want) in [1024, 8192, 32768, 131072].into_iter().zip(want) {
                let c = heuristic(&shape(b, len, bs), &GpuSpec::H100);
                let got = format!("{}/{}", c.splits, c.stages);
                assert_eq!(got, want, "BS {bs}, B {b}, L {len}");
            }
        }
    }

    #[test]
    fn wave_efficiency_counts_the_partial_last_wave() {
        assert_eq!(wave_efficiency(132, 132), 1.0);
        assert!((wave_efficiency(133, 132) - 133.0 / 264.0).abs() < 1e-12);
        assert_eq!(wave_efficiency(0, 132), 0.0);
    }
}
