//! Kascade Top-k selection on the host: the paper's budget rule and the
//! per-(sequence, KV head) selection of the highest anchor scores, at token
//! or block granularity.
//!
//! The scores are small (`B · Hkv · S` floats) and the selection is a
//! partial sort, so the host does it between the anchor kernel and the
//! reuse kernels; the result is exactly what those kernels take as scalar
//! prefetch (`idx`, `n_sel`). Ties go to the lower index and each list is
//! best first, so the selection is deterministic.

use crate::error::KernelError;
use crate::host;
use crate::validate::Check;
use std::cmp::Ordering;
use tilekit_core::{DType, HostTensor};

/// The Kascade budget: `k = min(L, roundup128(max(128, floor(p · L))))`.
/// Contexts of at most 128 keys stay dense; longer ones keep a multiple of
/// 128 keys (the published kernels gather in chunks of 128).
pub fn kascade_budget(len: usize, p: f64) -> usize {
    let frac = if p.is_finite() && p > 0.0 {
        (p * len as f64).floor() as usize
    } else {
        0
    };
    frac.max(128).div_ceil(128).saturating_mul(128).min(len)
}

/// A Top-k selection: `idx: [B, Hkv, Kmax]` i32 (best first, padded with
/// -1; `Kmax` is the largest count in the batch) and `n_sel: [B]` i32.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    pub idx: HostTensor,
    pub n_sel: HostTensor,
}

/// Top-k of the anchor scores `agg: [B, Hkv, S]` (f32), keeping
/// `kascade_budget(lens[b], p)` keys among `t < lens[b]` per (b, KV head).
pub fn topk_select(agg: &HostTensor, lens: &HostTensor, p: f64) -> Result<Selection, KernelError> {
    select_units(Check { op: "topk_select" }, agg, lens, p, 1)
}

/// Block-level Top-k: blocks of `sel` tokens (block `i` covers
/// `[i·sel, min((i+1)·sel, L))`) scored by the sum of their tokens' scores,
/// keeping `ceil(kascade_budget(L, p) / sel)` blocks. `idx` then holds
/// block indices and `n_sel` block counts (what the block-sparse
/// `kascade_decode` takes).
pub fn topk_select_blocks(
    agg: &HostTensor,
    lens: &HostTensor,
    sel: usize,
    p: f64,
) -> Result<Selection, KernelError> {
    let c = Check {
        op: "topk_select_blocks",
    };
    c.positive("sel", sel)?;
    select_units(c, agg, lens, p, sel)
}

/// The shared selection over units of `unit` tokens.
fn select_units(
    c: Check,
    agg: &HostTensor,
    lens: &HostTensor,
    p: f64,
    unit: usize,
) -> Result<Selection, KernelError> {
    c.rank("agg", agg, &["B", "Hkv", "S"])?;
    if agg.dtype() != DType::F32 {
        return Err(c.err(
            "agg",
            format!("dtype {} is not accepted (expected f32)", agg.dtype()),
        ));
    }
    if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
        return Err(c.err("p", format!("the kept fraction must be in [0, 1], got {p}")));
    }
    let (batch, hkv, s) = (agg.shape()[0], agg.shape()[1], agg.shape()[2]);
    let lens = c.counts("lens", lens, batch, s, "the key axis S of `agg`")?;
    let scores = agg.to_f32_vec();
    let counts: Vec<usize> = lens
        .iter()
        .map(|&l| kascade_budget(l, p).div_ceil(unit).min(l.div_ceil(unit)))
        .collect();
    let kmax = counts.iter().copied().max().unwrap_or(0);
    let mut idx = vec![-1i32; batch * hkv * kmax];
    let mut unit_scores = Vec::new();
    let mut order = Vec::new();
    for (b, &len) in lens.iter().enumerate() {
        for g in 0..hkv {
            let row = &scores[(b * hkv + g) * s..][..len];
            if let Some(t) = row.iter().position(|x| x.is_nan()) {
                return Err(c.err(
                    "agg",
                    format!("entry [{b}, {g}, {t}] (sequence {b}, KV head {g}, key {t}) is NaN"),
                ));
            }
            unit_scores.clear();
            unit_scores.extend(row.chunks(unit).map(|u| u.iter().sum::<f32>()));
            let best = top_n(&unit_scores, counts[b], &mut order);
            let dst = &mut idx[(b * hkv + g) * kmax..][..best.len()];
            for (slot, &u) in dst.iter_mut().zip(best) {
                *slot = u as i32;
            }
        }
    }
    let n_sel = counts.iter().map(|&n| n as i32).collect();
    Ok(Selection {
        idx: host::i32_tensor(&[batch, hkv, kmax], idx),
        n_sel: host::i32_tensor(&[batch], n_sel),
    })
}

/// The indices of the `n` highest `scores`, best first, ties to the lower
/// index (a total order, so the result is deterministic). `order` is
/// scratch space reused across calls.
pub(crate) fn top_n<'o>(scores: &[f32], n: usize, order: &'o mut Vec<usize>) -> &'o [usize] {
    order.clear();
    order.extend(0..scores.len());
    let n = n.min(scores.len());
    let better =
        |&x: &usize, &y: &usize| -> Ordering { scores[y].total_cmp(&scores[x]).then(x.cmp(&y)) };
    if n > 0 && n < order.len() {
        order.select_nth_unstable_by(n - 1, better);
    }
    order[..n].sort_unstable_by(better);
    &order[..n]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_follows_the_paper_rule() {
        for (len, p, k) in [
            (0, 0.1, 0),
            (100, 0.1, 100),
            (128, 0.3, 128),
            (129, 0.1, 128),
            (2000, 0.1, 256),
            (10000, 0.3, 3072),
            (300, 1.0, 300),
        ] {
            assert_eq!(kascade_budget(len, p), k, "L = {len}, p = {p}");
            assert_eq!(
                kascade_budget(len, p),
                crate::reference::kascade_budget(len, p)
            );
        }
    }

    #[test]
    fn blocks_are_scored_by_their_sum() {
        // One sequence of 5 keys in blocks of 2: block sums 3, 1, 5.
        let agg =
            HostTensor::from_f32(DType::F32, &[1, 1, 6], &[1.0, 2.0, 0.5, 0.5, 5.0, 9.0]).unwrap();
        let lens = HostTensor::from_i32(&[1], vec![5]).unwrap();
        let s = topk_select_blocks(&agg, &lens, 2, 0.1).unwrap();
        assert_eq!(s.idx.as_i32().unwrap(), &[2, 0, 1]);
        assert_eq!(s.n_sel.as_i32().unwrap(), &[3]);
    }
}
