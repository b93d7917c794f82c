//! The rows of a benchmark run before anything is timed: one constructor
//! per kind of row (shared by the GPU run and the dry run), and
//! [`planned_rows`], the whole run planned on any machine: the heuristic's
//! choice per shape, and each kernel emitted for sm_90a, so rows the PTX
//! backend rejects or that cannot fit the GPU's memory show up with their
//! reason before a GPU is involved.

use super::{
    decode_cases, decode_kernels, emit_check, flash_kernel, kascade_kernel, prefill_cost,
    DecodeCase, Row, Status, HEAD_DIM, HKV, HQ, KASCADE_SEL, PREFILL_LENS,
};
use tilekit_kernels::tuning::{heuristic, DecodeChoice, GpuSpec};

/// Bytes each buffer of the copy row holds (2 GiB; 4 GiB move per copy).
pub const COPY_BYTES: usize = 2 << 30;

fn shaped(kernel: &str, variant: &str, case: &DecodeCase) -> Row {
    let mut r = Row::new(kernel, variant, "cuda");
    r.batch = case.batch;
    r.len = case.context;
    r.q_heads = HQ;
    r.kv_heads = HKV;
    r.head_dim = HEAD_DIM;
    r.block_size = Some(case.block_size);
    r.flops = case.flops();
    r.inputs = Some(format!("decode_{}.safetensors", case.name()));
    r
}

/// Dense paged decode of `case` with `choice`; `variant` says where the
/// choice came from (`heuristic`, `tuned`, `candidate`).
pub fn decode_row(case: &DecodeCase, variant: &str, choice: DecodeChoice) -> Row {
    let mut r = shaped("paged_decode", variant, case);
    r.splits = Some(choice.splits);
    r.stages = Some(choice.stages);
    r.bytes = case.kv_bytes();
    r
}

/// Kascade reuse decode at 10% Top-k: `tokens` (token gather) or blocks of
/// [`KASCADE_SEL`] tokens.
pub fn kascade_row(case: &DecodeCase, tokens: bool) -> Row {
    let variant = if tokens {
        "tokens".to_string()
    } else {
        format!("blocks{KASCADE_SEL}")
    };
    let mut r = shaped("kascade_decode", &variant, case);
    let sel = case.kascade_tokens().min(case.context);
    r.selected = Some(sel);
    r.bytes = case.kascade_bytes();
    r.flops = case.flops() * sel as f64 / case.context.max(1) as f64;
    r
}

/// Causal prefill over `s` tokens, B 1.
pub fn prefill_row(s: usize) -> Row {
    let mut r = Row::new("flash_attention", "causal", "cuda");
    r.batch = 1;
    r.len = s;
    r.q_heads = HQ;
    r.kv_heads = HKV;
    r.head_dim = HEAD_DIM;
    let (bytes, flops) = prefill_cost(s);
    r.bytes = bytes;
    r.flops = flops;
    r
}

/// The device-to-device copy: `bytes` read and `bytes` written.
pub fn copy_row(bytes: usize) -> Row {
    let mut r = Row::new("dtod_copy", "cuMemcpyDtoD", "cuda");
    r.len = bytes;
    r.bytes = 2 * bytes as u64;
    r.dtype = "u8".into();
    r
}

/// `row` with the emission check of `built` applied: an error row when the
/// kernels do not build or the PTX backend rejects one.
fn checked(row: Row, built: Result<Vec<tilekit_core::VerifiedKernel>, String>) -> Row {
    match built.and_then(|ks| ks.iter().try_for_each(|k| emit_check(k).map(|_| ()))) {
        Ok(()) => row,
        Err(e) => row.failed(e),
    }
}

/// Every row of a run on a GPU with `free` bytes of memory (`None`: no
/// memory check), without timing anything: status `dry_run`, or `error` /
/// `skipped` with the reason. `only` keeps rows whose kernel name or shape
/// name contains it.
pub fn planned_rows(free: Option<u64>, only: Option<&str>) -> Vec<Row> {
    let keep = |what: &str| only.map_or(true, |s| what.contains(s));
    let mut rows = vec![copy_row(COPY_BYTES)];
    for case in decode_cases() {
        let name = case.name();
        let fits = free.and_then(|f| case.does_not_fit(f));
        let choice = heuristic(&case.shape(), &GpuSpec::H100);
        let mut these = Vec::new();
        if keep(&format!("paged_decode {name}")) {
            these.push(checked(
                decode_row(&case, "heuristic", choice),
                decode_kernels(&case, choice),
            ));
        }
        for tokens in [false, true] {
            if keep(&format!("kascade_decode {name}")) {
                these.push(checked(
                    kascade_row(&case, tokens),
                    kascade_kernel(&case, tokens).map(|k| vec![k]),
                ));
            }
        }
        for r in these {
            rows.push(match (&fits, r.status) {
                (Some(why), Status::DryRun) => r.skipped(why.clone()),
                _ => r,
            });
        }
    }
    for s in PREFILL_LENS {
        if keep(&format!("flash_attention S{s}")) {
            rows.push(checked(prefill_row(s), flash_kernel(s).map(|k| vec![k])));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_covers_every_row_and_explains_the_missing_ones() {
        let rows = planned_rows(Some(79 << 30), None);
        // The copy, 32 decode shapes × (dense + 2 Kascade), 4 prefill lengths.
        assert_eq!(rows.len(), 1 + 32 * 3 + 4);
        for r in &rows {
            match r.status {
                Status::DryRun => assert!(r.error.is_none() && r.ms.is_none()),
                Status::Error | Status::Skipped => {
                    assert!(r.error.as_deref().is_some_and(|e| !e.is_empty()), "{r:?}")
                }
                Status::Ok => panic!("a dry run timed something: {r:?}"),
            }
        }
        // B 256 at 128K does not fit an H100's memory (dense and block
        // Kascade, two page sizes; the token rows already failed to emit).
        let skipped = rows.iter().filter(|r| r.status == Status::Skipped).count();
        assert_eq!(skipped, 4);
        // The token-gather Kascade kernel uses scratch refs, which the PTX
        // backend does not lower today: every such row says so.
        let tokens: Vec<&Row> = rows.iter().filter(|r| r.variant == "tokens").collect();
        assert_eq!(tokens.len(), 32);
        for r in tokens {
            assert_eq!(r.status, Status::Error, "{r:?}");
            assert!(
                r.error.as_deref().unwrap().starts_with("PTX backend:"),
                "{r:?}"
            );
        }
        // Dense decode always has a runnable heuristic choice.
        assert!(rows
            .iter()
            .filter(|r| r.kernel == "paged_decode")
            .all(|r| r.status != Status::Error));
        let only = planned_rows(None, Some("B8_L1024_BS16"));
        assert_eq!(only.len(), 1 + 3);
    }
}
