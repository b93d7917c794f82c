//! Kascade anchor-layer pieces for decode: the Top-k budget, the scoring
//! pass `kascade_decode_scores`, and the host Top-k `topk_select`.
//!
//! An anchor layer attends densely and, per KV head, sums each key's
//! post-softmax probability over the G query heads of the group; the reuse
//! layers then attend only over the Top-k keys of that score.

use super::check::Check;
use super::kv::{self, Kv};
use super::{Array64, AttnOut, RefError};
use tilekit_core::HostTensor;

/// The Kascade budget: `k = min(L, roundup128(max(128, floor(p · L))))`, so
/// contexts of at most 128 keys are dense and larger ones keep a multiple of
/// 128 keys (the gather granularity of the published kernels).
pub fn kascade_budget(len: usize, p: f64) -> usize {
    // A NaN or negative fraction floors to 0 here and the 128 minimum wins.
    let frac = (p * len as f64).floor().max(0.0) as usize;
    frac.max(128).div_ceil(128).saturating_mul(128).min(len)
}

/// Dense decode plus the head-aware key scores of an anchor layer.
///
/// `q: [B, Hq, D]`, `k, v: [B, S, Hkv, D]`, `lens: [B]` i32 with each `L ≤ S`.
/// Returns the attention output (`o: [B, Hq, D]`, `lse: [B, Hq]`) and
/// `agg: [B, Hkv, S]` with `agg[b,g,t] = Σ_{h in group g} softmax_t(scale ·
/// q[b,h]·k[b,t,g])` for `t < L` and 0 beyond.
pub fn kascade_decode_scores(
    q: &HostTensor,
    k: &HostTensor,
    v: &HostTensor,
    lens: &HostTensor,
    scale: f64,
) -> Result<(AttnOut, Array64), RefError> {
    let c = Check {
        op: "kascade_decode_scores",
    };
    let q64 = kv::decode_q(c, q)?;
    let (batch, d) = (q64.shape[0], q64.shape[2]);
    let kv = Kv::contiguous(c, q, k, v, batch, d)?;
    let dec = kv::decode(c, q64, kv, "lens", lens, scale)?;
    let (hkv, s) = (dec.kv.heads, dec.kv.capacity);
    let mut out = dec.outputs();
    let mut agg = Array64::zeros(&[batch, hkv, s]);
    for b in 0..batch {
        let tokens: Vec<usize> = (0..dec.lens[b]).collect();
        for g in 0..hkv {
            let row = agg.row_mut(&[b, g]);
            dec.attend_group(&mut out, b, g, &tokens, scale, |_, probs| {
                for (a, p) in row.iter_mut().zip(probs) {
                    *a += p;
                }
            });
        }
    }
    Ok((out, agg))
}

/// Host Top-k over anchor scores `agg: [B, Hkv, S]`.
///
/// For each `(b, g)` keeps the `k = kascade_budget(lens[b], p)` highest scores
/// among `t < lens[b]`, ties broken by the lower index, listed best first.
/// Returns `idx: [B, Hkv, Kmax]` i32 padded with -1, where `Kmax` is the
/// largest budget in the batch, and `n_sel: [B]` i32 with `n_sel[b] = k`.
pub fn topk_select(
    agg: &Array64,
    lens: &[i32],
    p: f64,
) -> Result<(HostTensor, HostTensor), RefError> {
    let c = Check { op: "topk_select" };
    if agg.shape.len() != 3 || agg.data.len() != agg.shape.iter().product::<usize>() {
        return Err(c.shape_err(
            "agg",
            format!(
                "expected shape [B, Hkv, S] with matching data, got shape {:?} with {} values",
                agg.shape,
                agg.data.len()
            ),
        ));
    }
    let (batch, hkv, s) = (agg.shape[0], agg.shape[1], agg.shape[2]);
    let lens_t = HostTensor::from_i32(&[lens.len()], lens.to_vec()).expect("1-d shape fits");
    let lens = c.lens(
        "lens",
        &lens_t,
        (batch, "`agg`"),
        s,
        "the key axis S of `agg`",
    )?;
    let n_sel: Vec<usize> = lens.iter().map(|&l| kascade_budget(l, p)).collect();
    let kmax = n_sel.iter().copied().max().unwrap_or(0);

    let mut idx = vec![-1i32; batch * hkv * kmax];
    for b in 0..batch {
        for g in 0..hkv {
            let row = agg.row(&[b, g]);
            if let Some(t) = row[..lens[b]].iter().position(|x| x.is_nan()) {
                return Err(c.value_err("agg", format!("entry [{b}, {g}, {t}] is NaN")));
            }
            let mut order: Vec<usize> = (0..lens[b]).collect();
            // Descending score; the stable sort keeps lower indices first on ties.
            order.sort_by(|&x, &y| row[y].total_cmp(&row[x]));
            let dst = (b * hkv + g) * kmax;
            for (j, &t) in order[..n_sel[b]].iter().enumerate() {
                idx[dst + j] = t as i32;
            }
        }
    }
    let n_sel = n_sel.iter().map(|&n| n as i32).collect();
    Ok((
        HostTensor::from_i32(&[batch, hkv, kmax], idx).expect("shape fits"),
        HostTensor::from_i32(&[batch], n_sel).expect("shape fits"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{default_scale, flash_attention};
    use crate::testdata::{random_tensor, Rng};
    use tilekit_core::DType;

    #[test]
    fn budget_follows_the_paper_rule() {
        assert_eq!(kascade_budget(0, 0.1), 0);
        assert_eq!(kascade_budget(100, 0.1), 100);
        assert_eq!(kascade_budget(128, 0.3), 128);
        assert_eq!(kascade_budget(129, 0.1), 128);
        assert_eq!(kascade_budget(1000, 0.1), 128);
        assert_eq!(kascade_budget(2000, 0.1), 256);
        assert_eq!(kascade_budget(10000, 0.3), 3072);
        assert_eq!(kascade_budget(10000, 0.2), 2048);
        assert_eq!(kascade_budget(300, 1.0), 300);
    }

    #[test]
    fn topk_breaks_ties_by_lower_index_and_pads() {
        // Two sequences: L = 200 (budget 128) and L = 5 (dense, budget 5).
        let s = 200;
        let mut agg = Array64::zeros(&[2, 1, s]);
        for t in 0..s {
            // Scores repeat every 50 keys, so each value appears 4 times.
            agg.data[t] = ((t % 50) as f64) / 50.0;
        }
        agg.data[s..s + 5].copy_from_slice(&[0.1, 0.3, 0.3, 0.0, 0.3]);
        agg.data[s + 5] = 9.0; // beyond L = 5: must never be chosen
        let (idx, n_sel) = topk_select(&agg, &[200, 5], 0.1).unwrap();
        assert_eq!(idx.shape(), &[2, 1, 128]);
        assert_eq!(n_sel.as_i32().unwrap(), &[128, 5]);
        let idx = idx.as_i32().unwrap();
        // Highest score 49/50 at t = 49, 99, 149, 199, in index order; then 48s.
        assert_eq!(&idx[..6], &[49, 99, 149, 199, 48, 98]);
        assert_eq!(&idx[128..128 + 6], &[1, 2, 4, 0, 3, -1]);
        assert!(idx[128 + 5..].iter().all(|&x| x == -1));

        let e = topk_select(&agg, &[201, 0], 0.1).unwrap_err();
        assert_eq!(e.arg(), "lens");
        let e = topk_select(&agg, &[1], 0.1).unwrap_err();
        assert_eq!(e.arg(), "lens");
    }

    #[test]
    fn scores_sum_to_group_size_and_output_is_dense_decode() {
        let (b, s, hq, hkv, d) = (2, 6, 4, 2, 8);
        let mut rng = Rng::new(11);
        let q = random_tensor(&mut rng, DType::F32, &[b, hq, d], 2.0);
        let k = random_tensor(&mut rng, DType::F32, &[b, s, hkv, d], 1.0);
        let v = random_tensor(&mut rng, DType::F32, &[b, s, hkv, d], 1.0);
        let lens = HostTensor::from_i32(&[b], vec![6, 0]).unwrap();
        let (out, agg) = kascade_decode_scores(&q, &k, &v, &lens, default_scale(d)).unwrap();
        assert_eq!(agg.shape, vec![b, hkv, s]);
        for g in 0..hkv {
            let total: f64 = agg.row(&[0, g]).iter().sum();
            assert!((total - 2.0).abs() < 1e-12, "G = 2 heads each sum to 1");
            assert!(agg.row(&[1, g]).iter().all(|&x| x == 0.0), "empty sequence");
        }
        // Batch 0 equals flash attention of one query over all 6 keys.
        let q1 =
            HostTensor::from_f32(DType::F32, &[1, 1, hq, d], &q.to_f32_vec()[..hq * d]).unwrap();
        let cut = |t: &HostTensor| {
            HostTensor::from_f32(DType::F32, &[1, s, hkv, d], &t.to_f32_vec()[..s * hkv * d])
                .unwrap()
        };
        let dense = flash_attention(&q1, &cut(&k), &cut(&v), false, default_scale(d)).unwrap();
        for (x, y) in out.o.data[..hq * d].iter().zip(&dense.o.data) {
            assert!((x - y).abs() < 1e-12);
        }
        assert!(out.lse.data[hq..].iter().all(|&x| x == f64::NEG_INFINITY));
        assert!(out.o.data[hq * d..].iter().all(|&x| x == 0.0));
    }
}
