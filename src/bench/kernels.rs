//! The kernels each benchmark row launches, built for the row's shapes, and
//! the PTX check that tells (on any machine) whether the backend can emit
//! them for sm_90a.

use super::{DecodeCase, HEAD_DIM, HKV, HQ};
use tilekit_core::dsl::bf16;
use tilekit_core::{DType, VerifiedKernel};
use tilekit_kernels::flash_attention::{flash_attention_kernel, FlashAttentionKernelShapes};
use tilekit_kernels::hand_built::{self, PagedDecodeConfig};
use tilekit_kernels::kascade_decode::*;
use tilekit_kernels::split_kv::*;
use tilekit_kernels::tuning::DecodeChoice;
use tilekit_ptx::{emit, PtxModule, Target};

/// Tokens per Kascade selection block in the block-sparse rows: the
/// smallest page size, so a block never spans pages.
pub const KASCADE_SEL: usize = 16;

/// The kernels, in launch order, of dense paged decode with `choice`:
/// the one-pass kernel, or the split partition then the combine.
pub fn decode_kernels(
    case: &DecodeCase,
    choice: DecodeChoice,
) -> Result<Vec<VerifiedKernel>, String> {
    if let Some(why) = choice.unsupported() {
        return Err(why);
    }
    let (b, mb, nb, bs) = (
        case.batch,
        case.pages_per_seq(),
        case.num_blocks(),
        case.block_size,
    );
    if choice.splits == 1 {
        let cfg = PagedDecodeConfig {
            batch: b,
            q_heads: HQ,
            kv_heads: HKV,
            head_dim: HEAD_DIM,
            block_size: bs,
            num_blocks: nb,
            max_blocks: mb,
            dtype: DType::Bf16,
            stages: choice.stages,
        };
        return Ok(vec![
            hand_built::paged_decode(&cfg).map_err(|e| e.to_string())?
        ]);
    }
    let s = choice.splits;
    let partition = paged_decode_partition::<bf16>(&PagedDecodePartitionShapes {
        block_tables: [b, mb],
        context_lens: [b],
        page_ranges: [b, s, 2],
        q: [b, HQ, HEAD_DIM],
        k_cache: [nb, bs, HKV, HEAD_DIM],
        v_cache: [nb, bs, HKV, HEAD_DIM],
    })
    .map_err(|e| e.to_string())?;
    let combine = split_kv_combine(&SplitKvCombineShapes {
        o_part: [b, s, HQ, HEAD_DIM],
        lse_part: [b, s, HQ],
    })
    .map_err(|e| e.to_string())?;
    Ok(vec![partition, combine])
}

/// Kascade reuse decode over the paged cache: `tokens` (the paper's token
/// gather) or block selection of [`KASCADE_SEL`] tokens.
pub fn kascade_kernel(case: &DecodeCase, tokens: bool) -> Result<VerifiedKernel, String> {
    let (b, mb, nb, bs) = (
        case.batch,
        case.pages_per_seq(),
        case.num_blocks(),
        case.block_size,
    );
    let k = [nb, bs, HKV, HEAD_DIM];
    let built = if tokens {
        kascade_decode_tokens_paged::<bf16>(&KascadeDecodeTokensPagedShapes {
            block_tables: [b, mb],
            idx: [b, HKV, case.kascade_tokens().min(case.context)],
            n_sel: [b],
            head_map: [HKV],
            q: [b, HQ, HEAD_DIM],
            k_cache: k,
            v_cache: k,
        })
    } else {
        let kmax = (case.kascade_tokens() / KASCADE_SEL).min(case.context.div_ceil(KASCADE_SEL));
        kascade_decode_blocks_paged::<bf16>(&KascadeDecodeBlocksPagedShapes {
            block_tables: [b, mb],
            lens: [b],
            block_idx: [b, HKV, kmax],
            n_sel: [b],
            head_map: [HKV],
            q: [b, HQ, HEAD_DIM],
            k_cache: k,
            v_cache: k,
            sel: KASCADE_SEL,
        })
    };
    built.map_err(|e| e.to_string())
}

/// Causal dense prefill over `s` tokens, B 1.
pub fn flash_kernel(s: usize) -> Result<VerifiedKernel, String> {
    flash_attention_kernel::<bf16>(&FlashAttentionKernelShapes {
        q: [1, s, HQ, HEAD_DIM],
        k: [1, s, HKV, HEAD_DIM],
        v: [1, s, HKV, HEAD_DIM],
        causal: true,
    })
    .map_err(|e| e.to_string())
}

/// Emits `kernel` for sm_90a: the module, or the backend's reason (e.g.
/// not enough shared memory) as the row's error.
pub fn emit_check(kernel: &VerifiedKernel) -> Result<PtxModule, String> {
    emit(kernel, Target::Sm90a).map_err(|e| format!("PTX backend: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tilekit_kernels::tuning::heuristic::GpuSpec;

    fn case(batch: usize, context: usize, block_size: usize) -> DecodeCase {
        DecodeCase {
            batch,
            context,
            block_size,
        }
    }

    #[test]
    fn heuristic_choices_emit_for_sm90a() {
        // Every choice the heuristic makes for the grid must be one
        // the PTX backend can emit: it asks the emitter what fits.
        for c in super::super::decode_cases() {
            let choice = tilekit_kernels::tuning::heuristic(&c.shape(), &GpuSpec::H100);
            let kernels = decode_kernels(&c, choice).unwrap();
            for k in &kernels {
                let m = emit_check(k).unwrap_or_else(|e| panic!("{} {choice}: {e}", c.name()));
                assert!(m.launch.dynamic_smem_bytes as usize <= GpuSpec::H100.max_smem_per_cta);
            }
        }
    }

    #[test]
    fn shapes_the_backend_rejects_are_reported_not_panicked() {
        // BS 256 × D 128 with two stages does not fit shared memory today.
        let c = case(1, 1024, 256);
        let two = DecodeChoice {
            splits: 4,
            stages: 2,
        };
        let err = emit_check(&decode_kernels(&c, two).unwrap()[0]).unwrap_err();
        assert!(
            err.starts_with("PTX backend:") && err.contains("shared memory"),
            "{err}"
        );
        let bad = DecodeChoice {
            splits: 4,
            stages: 1,
        };
        assert!(decode_kernels(&c, bad).unwrap_err().contains("stages"));
    }

    #[test]
    fn kascade_and_prefill_kernels_build_at_benchmark_shapes() {
        let c = case(8, 32768, 16);
        let k = kascade_kernel(&c, false).unwrap();
        assert_eq!(k.kernel().name, "kascade_decode_blocks_paged");
        emit_check(&k).unwrap();
        kascade_kernel(&c, true).unwrap();
        let f = flash_kernel(4096).unwrap();
        assert_eq!(f.kernel().name, "flash_attention");
    }
}
