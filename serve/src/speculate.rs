//! Draft-free speculative decoding: n-gram ("prompt lookup") proposals and
//! the acceptance rules that keep the output what plain decoding gives.
//!
//! A sequence's drafts are the tokens that followed the most recent earlier
//! occurrence of its last `n` tokens, for `n` from the longest configured
//! down to 1 (the first `n` that matches wins). The engine verifies them in
//! one step ([`crate::verify`]); this module decides what is accepted:
//!
//! - **greedy** (temperature 0): the longest prefix of the drafts equal to
//!   the model's argmax at each position, then the argmax after it (the
//!   "bonus" token), so the output is token for token plain greedy output;
//! - **sampling**: the standard rejection rule for a deterministic draft
//!   (a one-hot proposal `q`): accept draft `x` with probability `p(x)`
//!   under the processed target distribution (temperature, top-k, top-p,
//!   as the `sample` kernel defines it); on rejection draw from `p` with
//!   `x` removed and renormalized, and stop; with every draft accepted,
//!   draw the bonus token from `p`. Each emitted token is then distributed
//!   as `p`, as without speculation (the draws differ, not the law).

use crate::engine::Sampling;
use tilekit_kernels::llama::uniform;
use tilekit_kernels::reference::llama::{draw_index, sample_weights};

/// The n-gram proposer's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ngram {
    /// Drafted tokens per step at most (K, 1..=15).
    pub drafts: usize,
    /// The longest suffix matched (N >= 1); shorter ones down to 1 are
    /// tried after it.
    pub max_ngram: usize,
    /// Verify only when it is expected to pay ([`Gate`]); otherwise every
    /// step with a draft is a verify step.
    pub adaptive: bool,
}

impl Ngram {
    /// Proposes up to `min(self.drafts, limit)` tokens to follow `context`.
    pub fn propose(&self, context: &[u32], limit: usize) -> Vec<u32> {
        let want = self.drafts.min(limit);
        let len = context.len();
        if want == 0 || len < 2 {
            return Vec::new();
        }
        for n in (1..=self.max_ngram.min(len - 1)).rev() {
            let suffix = &context[len - n..];
            // The most recent earlier occurrence: local repetition is the
            // likeliest to continue the same way.
            if let Some(start) = (0..len - n).rev().find(|&i| &context[i..i + n] == suffix) {
                let from = start + n;
                return context[from..(from + want).min(len)].to_vec();
            }
        }
        Vec::new()
    }
}

/// Whether a verify step is expected to produce tokens faster than a plain
/// decode step. A step program's cost barely depends on how many of its
/// rows are in use (it always runs all of them), so each kind's time is
/// one figure, measured as the run goes (an exponential average). A
/// verify step is expected to emit, per sequence, one token plus
/// `a + a² + … + aⁿ` accepted drafts for `n` drafts, with `a` the
/// request's acceptance rate so far (`(accepted + 1) / (proposed + 2)`,
/// so an untried request counts as 1/2); a decode step emits one token a
/// sequence. Until both kinds are measured, one step of each is run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Gate {
    decode_s: Option<f64>,
    verify_s: Option<f64>,
}

impl Gate {
    /// Adds a step's time.
    pub fn record(&mut self, verify: bool, seconds: f64) {
        let slot = if verify {
            &mut self.verify_s
        } else {
            &mut self.decode_s
        };
        *slot = Some(slot.map_or(seconds, |t| 0.75 * t + 0.25 * seconds));
    }

    /// Whether to verify `drafts[i]` tokens for sequences whose acceptance
    /// so far is `(proposed, accepted)[i]`.
    pub fn verify_pays(&self, drafts: &[usize], history: &[(usize, usize)]) -> bool {
        let (Some(d), Some(v)) = (self.decode_s, self.verify_s) else {
            // Measure a verify step first, then a decode step.
            return self.verify_s.is_none();
        };
        let expected: f64 = drafts
            .iter()
            .zip(history)
            .map(|(&n, &(proposed, accepted))| {
                let a = (accepted as f64 + 1.0) / (proposed as f64 + 2.0);
                1.0 + (1..=n as i32).map(|k| a.powi(k)).sum::<f64>()
            })
            .sum();
        expected / v > drafts.len() as f64 / d
    }
}

/// Salts separating a request's acceptance and resampling draws from its
/// plain sampling stream.
const ACCEPT_SALT: u64 = 0x5bec_a11a_ccef_7ed1;
const RESAMPLE_SALT: u64 = 0x7e5a_3b1e_d4af_70c5;

/// The greedy choice of a row: the lowest index of the largest logit, NaN
/// counted as `-inf` (the `argmax` kernel's rule).
pub fn argmax(logits: &[f32]) -> u32 {
    let mut best = 0;
    let mut top = f32::NEG_INFINITY;
    for (i, &x) in logits.iter().enumerate() {
        if !x.is_nan() && x > top {
            top = x;
            best = i;
        }
    }
    best as u32
}

/// The processed target distribution of one row of logits: greedy is a
/// one-hot at [`argmax`]; otherwise the tokens at or above the top-k-th
/// logit (ties kept), weighed `exp((x - max) / T)`, cut to the smallest
/// top set holding `top_p` of their mass (ties at the cut kept), and
/// normalized: the `sample` kernel's rule (`KERNELS.md`, `sample`), through
/// its reference's [`sample_weights`].
pub fn target_probs(logits: &[f32], s: &Sampling) -> Vec<f64> {
    let v = logits.len();
    let mut p = vec![0.0; v];
    if v == 0 {
        return p;
    }
    let finite = logits.iter().any(|&l| l > f32::NEG_INFINITY);
    if s.temperature == 0.0 || s.top_k == 1 || !finite {
        p[argmax(logits) as usize] = 1.0;
        return p;
    }
    let x: Vec<f64> = logits.iter().map(|&l| l as f64).collect();
    p = sample_weights(&x, s.temperature as f64, s.top_k, s.top_p as f64);
    let total: f64 = p.iter().sum();
    p.iter_mut().for_each(|pi| *pi /= total);
    p
}

/// The `sample` kernel's draw from `p` ([`draw_index`]).
fn draw(p: &[f64], u: f64) -> u32 {
    draw_index(p, u) as u32
}

/// The tokens one verify step emits for a sequence: `rows[i]` are the
/// target's logits after the newest token and drafts `0..i`, so
/// `rows.len() == drafts.len() + 1`; `counter` is the request's count of
/// generated tokens (its sampling stream's position). Returns the
/// accepted drafts followed by one more token (the correction or bonus).
pub fn accept(drafts: &[u32], rows: &[&[f32]], s: &Sampling, counter: u64) -> Vec<u32> {
    let mut out = Vec::with_capacity(drafts.len() + 1);
    for (i, &x) in drafts.iter().enumerate() {
        let c = counter + i as u64;
        let mut p = target_probs(rows[i], s);
        let u = uniform(s.seed ^ ACCEPT_SALT, c) as f64;
        // u < p(x) has probability p(x); a one-hot p accepts exactly the
        // argmax.
        if u < p[x as usize] {
            out.push(x);
            continue;
        }
        p[x as usize] = 0.0;
        out.push(draw(&p, uniform(s.seed ^ RESAMPLE_SALT, c) as f64));
        return out;
    }
    let c = counter + drafts.len() as u64;
    let p = target_probs(rows[drafts.len()], s);
    out.push(draw(&p, uniform(s.seed, c) as f64));
    out
}

/// The greedy rule on the verify rows' argmax ids: the drafts while they
/// equal the model's choice, then the model's choice after them.
pub fn accept_greedy(drafts: &[u32], choices: &[u32]) -> Vec<u32> {
    let j = drafts
        .iter()
        .zip(choices)
        .take_while(|(d, c)| d == c)
        .count();
    let mut out = drafts[..j].to_vec();
    out.push(choices[j]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ngram_proposals_follow_the_latest_longest_match() {
        let ng = Ngram {
            drafts: 3,
            max_ngram: 3,
            adaptive: false,
        };
        // "1 2 3 9 1 2 3 7 8 1 2 3": the latest earlier "1 2 3" is at 4.
        let ctx = [1, 2, 3, 9, 1, 2, 3, 7, 8, 1, 2, 3];
        assert_eq!(ng.propose(&ctx, 10), vec![7, 8, 1]);
        assert_eq!(ng.propose(&ctx, 2), vec![7, 8]);
        // No 3- or 2-gram match; the 1-gram "5" matches.
        assert_eq!(ng.propose(&[5, 6, 4, 5], 10), vec![6, 4, 5]);
        assert_eq!(ng.propose(&[1, 2, 3], 10), Vec::<u32>::new());
        assert_eq!(ng.propose(&ctx, 0), Vec::<u32>::new());
    }

    #[test]
    fn the_gate_measures_both_steps_then_verifies_where_it_pays() {
        let mut g = Gate::default();
        assert!(g.verify_pays(&[4], &[(0, 0)]), "a verify step first");
        g.record(true, 0.065);
        assert!(!g.verify_pays(&[4], &[(0, 0)]), "then a decode step");
        g.record(false, 0.050);
        // Half the drafts accepted: 1.94 tokens per 65 ms beats 1 per 50.
        assert!(g.verify_pays(&[4], &[(100, 50)]));
        // One in ten: 1.11 tokens per 65 ms does not.
        assert!(!g.verify_pays(&[4], &[(100, 10)]));
        // A verify step twice a decode step's cost needs nearly 2 tokens a row.
        g.record(true, 0.2);
        g.record(true, 0.2);
        g.record(true, 0.2);
        assert!(!g.verify_pays(&[4, 4], &[(100, 50), (100, 50)]));
        assert!(g.verify_pays(&[4, 4], &[(100, 95), (100, 95)]));
    }

    #[test]
    fn greedy_acceptance_keeps_the_agreeing_prefix_and_adds_the_choice_after_it() {
        assert_eq!(accept_greedy(&[4, 5, 6], &[4, 5, 9, 1]), vec![4, 5, 9]);
        assert_eq!(accept_greedy(&[4, 5], &[4, 5, 7]), vec![4, 5, 7]);
        assert_eq!(accept_greedy(&[], &[3]), vec![3]);
        assert_eq!(accept_greedy(&[8], &[3, 8]), vec![3]);
    }

    #[test]
    fn sampled_acceptance_is_greedy_at_temperature_zero_and_keeps_the_law() {
        let rows: Vec<f32> = vec![0.0, 2.0, 1.0, 0.5];
        let r: Vec<&[f32]> = vec![&rows, &rows];
        assert_eq!(accept(&[1], &r, &Sampling::GREEDY, 0), vec![1, 1]);
        assert_eq!(accept(&[2], &r, &Sampling::GREEDY, 0), vec![1]);
        // At temperature 1 the first emitted token is distributed as p,
        // whatever the draft: count it over many streams.
        let hot = Sampling {
            temperature: 1.0,
            top_k: 0,
            top_p: 1.0,
            seed: 0,
        };
        let p = target_probs(&rows, &hot);
        let n = 40_000;
        let mut counts = [0usize; 4];
        for seed in 0..n {
            let s = Sampling { seed, ..hot };
            counts[accept(&[2], &r, &s, 0)[0] as usize] += 1;
        }
        for (c, want) in counts.iter().zip(&p) {
            let got = *c as f64 / n as f64;
            assert!((got - want).abs() < 0.01, "{counts:?} vs {p:?}");
        }
    }

    #[test]
    fn target_probs_cut_top_k_and_top_p() {
        let s = Sampling {
            temperature: 1.0,
            top_k: 2,
            top_p: 1.0,
            seed: 0,
        };
        let p = target_probs(&[0.0, 3.0, f32::NAN, 2.0], &s);
        assert_eq!(p[0], 0.0);
        assert_eq!(p[2], 0.0);
        assert!((p[1] + p[3] - 1.0).abs() < 1e-12 && p[1] > p[3]);
        let p = target_probs(
            &[0.0, 3.0, 2.0],
            &Sampling {
                top_k: 0,
                top_p: 0.5,
                ..s
            },
        );
        assert_eq!(p, vec![0.0, 1.0, 0.0]);
    }
}
