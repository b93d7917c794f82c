//! How close one model's logits are to another's, position by position:
//! top-1 agreement (everywhere, and where the reference is decisive), KL
//! divergence, the largest logit difference.

/// A position is decisive when the reference's top two logits are at least
/// this far apart; a flip there is not a near-tie.
pub const DECISIVE_GAP: f32 = 0.5;

/// Agreement of one prompt's logits with the reference's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agreement {
    pub positions: usize,
    /// Fraction of positions whose argmax agrees.
    pub top1: f64,
    /// Positions where the reference's two largest logits are at least
    /// [`DECISIVE_GAP`] apart, and the fraction of those whose argmax agrees
    /// (1 when there are none).
    pub decisive: usize,
    pub decisive_top1: f64,
    /// KL(reference || test) in nats, mean and max over positions.
    pub mean_kl: f64,
    pub max_kl: f64,
    pub max_abs_diff: f64,
}

fn log_softmax(z: &[f32]) -> Vec<f64> {
    let max = z.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x as f64));
    let lse = max + z.iter().map(|&x| (x as f64 - max).exp()).sum::<f64>().ln();
    z.iter().map(|&x| x as f64 - lse).collect()
}

fn argmax(z: &[f32]) -> usize {
    (0..z.len()).fold(0, |best, i| if z[i] > z[best] { i } else { best })
}

/// The largest value minus the second largest.
fn top_gap(z: &[f32]) -> f32 {
    let (a, b) = z
        .iter()
        .fold((f32::NEG_INFINITY, f32::NEG_INFINITY), |(a, b), &x| {
            if x > a {
                (x, a)
            } else {
                (a, b.max(x))
            }
        });
    a - b
}

/// Per-position agreement of `test` with `reference`, both `[n, vocab]`.
pub fn agreement(reference: &[f32], test: &[f32], vocab: usize) -> Agreement {
    let n = reference.len() / vocab;
    let (mut same, mut sum_kl, mut max_kl, mut max_abs_diff) = (0, 0.0, 0.0f64, 0.0f64);
    let (mut decisive, mut decisive_same) = (0, 0);
    for (r, t) in reference.chunks(vocab).zip(test.chunks(vocab)) {
        let agree = argmax(r) == argmax(t);
        same += usize::from(agree);
        if top_gap(r) >= DECISIVE_GAP {
            decisive += 1;
            decisive_same += usize::from(agree);
        }
        let (lr, lt) = (log_softmax(r), log_softmax(t));
        let kl: f64 = lr.iter().zip(&lt).map(|(a, b)| a.exp() * (a - b)).sum();
        sum_kl += kl;
        max_kl = max_kl.max(kl);
        for (a, b) in r.iter().zip(t) {
            max_abs_diff = max_abs_diff.max((a - b).abs() as f64);
        }
    }
    Agreement {
        positions: n,
        top1: same as f64 / n as f64,
        decisive,
        decisive_top1: if decisive == 0 {
            1.0
        } else {
            decisive_same as f64 / decisive as f64
        },
        mean_kl: sum_kl / n as f64,
        max_kl,
        max_abs_diff,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_logits_agree_exactly() {
        let z = [1.0, 3.0, -2.0, 0.5, 0.0, 2.0];
        let a = agreement(&z, &z, 3);
        assert_eq!((a.positions, a.top1, a.max_abs_diff), (2, 1.0, 0.0));
        // Both rows' top two are at least DECISIVE_GAP apart (2 and 1.5).
        assert_eq!((a.decisive, a.decisive_top1), (2, 1.0));
        assert!(a.max_kl.abs() < 1e-12);
    }

    #[test]
    fn kl_and_top1_see_a_difference() {
        // Same first row; the second row's argmax moves from 1 to 2.
        let r = [1.0, 3.0, -2.0, 0.5, 2.0, 0.0];
        let t = [1.0, 3.0, -2.0, 0.5, 0.0, 2.0];
        let a = agreement(&r, &t, 3);
        assert_eq!((a.top1, a.decisive, a.decisive_top1), (0.5, 2, 0.5));
        assert_eq!(a.max_abs_diff, 2.0);
        // Row 2: p = softmax([0.5, 2, 0]), q = softmax([0.5, 0, 2]).
        let p: Vec<f64> = log_softmax(&r[3..]).iter().map(|x| x.exp()).collect();
        let kl = p[1] * 2.0 + p[2] * -2.0;
        assert!((a.max_kl - kl).abs() < 1e-12 && (a.mean_kl - kl / 2.0).abs() < 1e-12);
    }
}
