//! Dense attention (`flash_attention`): the baseline every sparse result is
//! measured against.

use super::check::Check;
use super::{attend, Array64, AttnOut, RefError};
use tilekit_core::HostTensor;

/// `o[b,i,h] = Σ_{j in J(i)} softmax_j(scale · q[b,i,h]·k[b,j,h/G]) · v[b,j,h/G]`
/// with `J(i) = {0..=i}` when `causal`, else every key.
///
/// `q: [B, Sq, Hq, D]`, `k, v: [B, Skv, Hkv, D]`; returns `o: [B, Sq, Hq, D]`
/// and `lse: [B, Sq, Hq]`. A causal call needs `Sq == Skv`; a non-causal one
/// may have `Sq != Skv` (e.g. `Sq = 1` is plain decode over `Skv` keys), which
/// the tests use to cross-check the decode references.
pub fn flash_attention(
    q: &HostTensor,
    k: &HostTensor,
    v: &HostTensor,
    causal: bool,
    scale: f64,
) -> Result<AttnOut, RefError> {
    let c = Check {
        op: "flash_attention",
    };
    let dims_q = ["B", "S", "Hq", "D"];
    let dims_kv = ["B", "S", "Hkv", "D"];
    let q64 = c.float("q", q, &dims_q)?;
    let k64 = c.float("k", k, &dims_kv)?;
    let v64 = c.float("v", v, &dims_kv)?;
    c.same_dtype("k", k, q)?;
    c.same_dtype("v", v, q)?;
    let (b_n, sq, hq, d) = (q64.shape[0], q64.shape[1], q64.shape[2], q64.shape[3]);
    c.dim("k", &k64.shape, 0, "B", b_n, "`q`")?;
    c.dim("k", &k64.shape, 3, "D", d, "`q`")?;
    if v64.shape != k64.shape {
        return Err(c.shape_err(
            "v",
            format!("shape {:?} differs from `k` {:?}", v64.shape, k64.shape),
        ));
    }
    if causal {
        c.dim(
            "k",
            &k64.shape,
            1,
            "S",
            sq,
            "`q` (causal attention needs as many keys as queries)",
        )?;
    }
    let (skv, hkv) = (k64.shape[1], k64.shape[2]);
    let group = c.group("k", hq, hkv)?;
    c.scale(scale)?;

    let mut o = Array64::zeros(&q64.shape);
    let mut lse = Array64::zeros(&[b_n, sq, hq]);
    let all: Vec<usize> = (0..skv).collect();
    for b in 0..b_n {
        for i in 0..sq {
            let tokens = if causal { &all[..=i] } else { &all[..] };
            for h in 0..hq {
                let g = h / group;
                let sm = attend(
                    q64.row(&[b, i, h]),
                    tokens,
                    |t| k64.row(&[b, t, g]),
                    |t| v64.row(&[b, t, g]),
                    scale,
                    o.row_mut(&[b, i, h]),
                );
                let at = lse.offset(&[b, i, h]);
                lse.data[at] = sm.lse;
            }
        }
    }
    Ok(AttnOut { o, lse })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::default_scale;
    use crate::testdata::{random_tensor, Rng};
    use tilekit_core::DType;

    fn t32(shape: &[usize], vals: &[f32]) -> HostTensor {
        HostTensor::from_f32(DType::F32, shape, vals).unwrap()
    }

    #[test]
    fn single_key_returns_its_value_and_logit() {
        let q = t32(&[1, 1, 1, 2], &[1.0, 2.0]);
        let k = t32(&[1, 1, 1, 2], &[3.0, -1.0]);
        let v = t32(&[1, 1, 1, 2], &[0.25, -4.0]);
        let r = flash_attention(&q, &k, &v, true, 0.5).unwrap();
        assert_eq!(r.o.data, vec![0.25, -4.0]);
        assert_eq!(r.lse.data, vec![0.5 * (3.0 - 2.0)]);
    }

    #[test]
    fn two_equal_keys_average_the_values() {
        let q = t32(&[1, 1, 1, 2], &[1.0, 1.0]);
        let k = t32(&[1, 2, 1, 2], &[0.5, 0.5, 0.5, 0.5]);
        let v = t32(&[1, 2, 1, 2], &[1.0, 2.0, 3.0, 6.0]);
        let r = flash_attention(&q, &k, &v, false, 1.0).unwrap();
        assert_eq!(r.o.data, vec![2.0, 4.0]);
        assert!((r.lse.data[0] - (1.0 + 2f64.ln())).abs() < 1e-12);
    }

    #[test]
    fn causal_row_i_ignores_later_keys() {
        let mut rng = Rng::new(1);
        let q = random_tensor(&mut rng, DType::F32, &[1, 5, 2, 4], 1.0);
        let k = random_tensor(&mut rng, DType::F32, &[1, 5, 2, 4], 1.0);
        let v = random_tensor(&mut rng, DType::F32, &[1, 5, 2, 4], 1.0);
        let full = flash_attention(&q, &k, &v, true, default_scale(4)).unwrap();
        // Row 0 sees only key 0: its output is v[0] exactly.
        assert_eq!(
            full.o.row(&[0, 0, 1]),
            Array64::from_host(&v).row(&[0, 0, 1])
        );
        // Row 2 of the causal result equals non-causal attention over 3 keys.
        let cut = |t: &HostTensor, s: usize| {
            let a = Array64::from_host(t);
            let n = s * 2 * 4;
            t32(
                &[1, s, 2, 4],
                &a.data[..n].iter().map(|&x| x as f32).collect::<Vec<_>>(),
            )
        };
        let q3 = cut(&q, 3);
        let part = flash_attention(&q3, &cut(&k, 3), &cut(&v, 3), false, default_scale(4)).unwrap();
        for h in 0..2 {
            for (a, b) in full.o.row(&[0, 2, h]).iter().zip(part.o.row(&[0, 2, h])) {
                assert!((a - b).abs() < 1e-12);
            }
            assert!((full.lse.get(&[0, 2, h]) - part.lse.get(&[0, 2, h])).abs() < 1e-12);
        }
    }

    #[test]
    fn gqa_query_head_h_reads_kv_head_h_over_g() {
        // Hq = 4, Hkv = 2: every KV head's values are one constant, so each
        // query head's output reveals which KV head it read.
        let mut rng = Rng::new(2);
        let q = random_tensor(&mut rng, DType::F32, &[1, 3, 4, 2], 1.0);
        let k = random_tensor(&mut rng, DType::F32, &[1, 3, 2, 2], 1.0);
        let v: Vec<f32> = (0..3 * 2 * 2)
            .map(|i| ((i / 2) % 2) as f32 + 10.0)
            .collect();
        let v = t32(&[1, 3, 2, 2], &v);
        let r = flash_attention(&q, &k, &v, false, 1.0).unwrap();
        for i in 0..3 {
            for h in 0..4 {
                let want = (h / 2) as f64 + 10.0;
                assert!(r
                    .o
                    .row(&[0, i, h])
                    .iter()
                    .all(|&x| (x - want).abs() < 1e-12));
            }
        }
    }

    #[test]
    fn no_keys_gives_zero_output_and_minus_inf_lse() {
        let q = t32(&[2, 1, 1, 3], &[1.0; 6]);
        let kv = t32(&[2, 0, 1, 3], &[]);
        let r = flash_attention(&q, &kv, &kv, false, 1.0).unwrap();
        assert_eq!(r.o.data, vec![0.0; 6]);
        assert_eq!(r.lse.data, vec![f64::NEG_INFINITY; 2]);
    }

    #[test]
    fn bad_arguments_are_named() {
        let q = t32(&[1, 2, 3, 4], &[0.0; 24]);
        let k = t32(&[1, 2, 2, 4], &[0.0; 16]);
        let e = flash_attention(&q, &k, &k, false, 1.0).unwrap_err();
        assert_eq!(e.arg(), "k");
        assert!(
            e.to_string()
                .contains("2 KV heads do not divide the 3 query heads"),
            "{e}"
        );

        let kb = HostTensor::from_f32(DType::Bf16, &[1, 2, 3, 4], &[0.0; 24]).unwrap();
        let e = flash_attention(&q, &kb, &kb, false, 1.0).unwrap_err();
        assert!(
            matches!(e, crate::reference::RefError::DType { arg: "k", .. }),
            "{e}"
        );

        let k1 = t32(&[1, 1, 3, 4], &[0.0; 12]);
        let e = flash_attention(&q, &k1, &k1, true, 1.0).unwrap_err();
        assert_eq!(e.arg(), "k");
        assert!(flash_attention(&q, &k1, &k1, false, 1.0).is_ok());

        let e = flash_attention(&q, &q, &q, false, f64::NAN).unwrap_err();
        assert_eq!(
            e.to_string(),
            "reference flash_attention: argument `scale`: must be finite, got NaN"
        );
    }
}
