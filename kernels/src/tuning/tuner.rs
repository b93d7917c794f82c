//! Tuning: run every candidate configuration on one set of inputs, check
//! its output against a reference, time the ones that pass, and record the
//! fastest in the [`TuningCache`].
//!
//! How a candidate is run and timed is the [`Measure`]'s business, so the
//! same loop tunes on any backend: `tuning::decode::BackendMeasure` runs
//! the host API on any `&dyn Backend` (interpreter, PJRT) and times wall
//! clock; tilekit-cuda's `timing` module keeps the inputs on the GPU and
//! times with CUDA events.

use super::cache::{Entry, TuningCache};
use super::TuneError;
use crate::host::AttnOutputs;
use crate::reference::{compare, Array64, Tolerance};
use serde::Serialize;
use std::fmt::Display;

/// Why a [`Measure`] could not run a candidate.
#[derive(Debug, Clone, PartialEq)]
pub enum MeasureError {
    /// The candidate is not something this runner can express.
    Unsupported(String),
    /// Building, launching or timing it failed.
    Failed(String),
}

impl Display for MeasureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MeasureError::Unsupported(s) => write!(f, "unsupported: {s}"),
            MeasureError::Failed(s) => write!(f, "failed: {s}"),
        }
    }
}

/// Runs candidates of type `C` on fixed inputs.
pub trait Measure<C> {
    /// The backend that runs them, for the cache entry (`cuda-sm_90a`).
    fn backend(&self) -> String;
    /// How [`time`](Self::time) measures (`cuda events`, `wall clock`).
    fn timer(&self) -> String;
    /// Runs `candidate` once and returns its outputs, for the check.
    fn run(&mut self, candidate: &C) -> Result<AttnOutputs, MeasureError>;
    /// Runs it `warmup` times untimed, then `iters` times; the time of each
    /// timed run in milliseconds.
    fn time(
        &mut self,
        candidate: &C,
        warmup: usize,
        iters: usize,
    ) -> Result<Vec<f64>, MeasureError>;
}

/// A measure borrowed mutably is a measure (to wrap one in another).
impl<C, M: Measure<C> + ?Sized> Measure<C> for &mut M {
    fn backend(&self) -> String {
        (**self).backend()
    }
    fn timer(&self) -> String {
        (**self).timer()
    }
    fn run(&mut self, c: &C) -> Result<AttnOutputs, MeasureError> {
        (**self).run(c)
    }
    fn time(&mut self, c: &C, warmup: usize, iters: usize) -> Result<Vec<f64>, MeasureError> {
        (**self).time(c, warmup, iters)
    }
}

/// Decides whether a candidate's outputs are right; `Ok` carries a short
/// summary (`max abs err 3.1e-3`).
pub trait Check {
    fn check(&self, out: &AttnOutputs) -> Result<String, String>;
}

/// Checks `o` and `lse` against f64 reference values with a tolerance.
pub struct ReferenceCheck {
    pub o: Array64,
    pub lse: Array64,
    pub tol: Tolerance,
}

impl Check for ReferenceCheck {
    fn check(&self, out: &AttnOutputs) -> Result<String, String> {
        let o = compare("o", &out.o, &self.o, self.tol)?;
        let lse = compare("lse", &out.lse, &self.lse, self.tol)?;
        Ok(format!(
            "max abs err o {:.1e}, lse {:.1e}",
            o.max_abs, lse.max_abs
        ))
    }
}

/// Any closure over the outputs is a check too.
impl<F: Fn(&AttnOutputs) -> Result<String, String>> Check for F {
    fn check(&self, out: &AttnOutputs) -> Result<String, String> {
        self(out)
    }
}

/// Warm-up and timed runs per candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TuneOptions {
    pub warmup: usize,
    pub iters: usize,
}

impl Default for TuneOptions {
    fn default() -> Self {
        TuneOptions {
            warmup: 3,
            iters: 10,
        }
    }
}

/// One candidate's timing.
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    pub median_ms: f64,
    pub min_ms: f64,
    pub samples_ms: Vec<f64>,
    /// The check's summary.
    pub check: String,
}

/// What happened to one candidate: timed, or rejected and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome<C> {
    pub candidate: C,
    pub result: Result<Timing, String>,
}

/// The result of tuning one key.
#[derive(Clone, Debug, PartialEq)]
pub struct TuneReport<C> {
    pub key: String,
    pub outcomes: Vec<Outcome<C>>,
    pub winner: C,
    pub winner_ms: f64,
    /// The heuristic's candidate and its time, when it was accepted.
    pub heuristic: Option<(C, f64)>,
    pub backend: String,
    pub timer: String,
}

/// The median of `xs` (mean of the middle two for an even count).
pub fn median(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Tunes `key` over `candidates`: each is run once and checked (a wrong
/// result rejects it), then timed; the fastest median wins. `heuristic`,
/// when given and among the candidates, is reported beside the winner.
/// `progress` is called after each candidate with its index and outcome.
pub fn tune<C: Clone + PartialEq + Display>(
    key: &str,
    candidates: &[C],
    heuristic: Option<&C>,
    measure: &mut dyn Measure<C>,
    check: &dyn Check,
    opts: TuneOptions,
    progress: &mut dyn FnMut(usize, usize, &Outcome<C>),
) -> Result<TuneReport<C>, TuneError> {
    let bad = |detail: &str| TuneError::BadRequest {
        key: key.to_string(),
        detail: detail.to_string(),
    };
    if candidates.is_empty() {
        return Err(bad("no candidates to tune over"));
    }
    if opts.iters == 0 {
        return Err(bad("no timed iterations (iters = 0)"));
    }
    let mut outcomes = Vec::with_capacity(candidates.len());
    for (i, c) in candidates.iter().enumerate() {
        let result = measure_one(c, measure, check, opts);
        let outcome = Outcome {
            candidate: c.clone(),
            result,
        };
        progress(i, candidates.len(), &outcome);
        outcomes.push(outcome);
    }
    let best = outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok().map(|t| (&o.candidate, t.median_ms)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let Some((winner, winner_ms)) = best.map(|(c, t)| (c.clone(), t)) else {
        return Err(TuneError::NoCandidate {
            key: key.to_string(),
            rejected: outcomes
                .iter()
                .map(|o| {
                    format!(
                        "{}: {}",
                        o.candidate,
                        o.result.as_ref().err().unwrap_or(&String::new())
                    )
                })
                .collect(),
        });
    };
    let heuristic = heuristic.and_then(|h| {
        outcomes
            .iter()
            .find(|o| &o.candidate == h)
            .and_then(|o| o.result.as_ref().ok())
            .map(|t| (h.clone(), t.median_ms))
    });
    Ok(TuneReport {
        key: key.to_string(),
        outcomes,
        winner,
        winner_ms,
        heuristic,
        backend: measure.backend(),
        timer: measure.timer(),
    })
}

fn measure_one<C: Display>(
    c: &C,
    measure: &mut dyn Measure<C>,
    check: &dyn Check,
    opts: TuneOptions,
) -> Result<Timing, String> {
    let out = measure.run(c).map_err(|e| e.to_string())?;
    let summary = check
        .check(&out)
        .map_err(|e| format!("wrong result: {e}"))?;
    let samples = measure
        .time(c, opts.warmup, opts.iters)
        .map_err(|e| e.to_string())?;
    if samples.is_empty() || samples.iter().any(|t| !t.is_finite() || *t < 0.0) {
        return Err(format!("bad timings {samples:?}"));
    }
    Ok(Timing {
        median_ms: median(&samples),
        min_ms: samples.iter().copied().fold(f64::INFINITY, f64::min),
        samples_ms: samples,
        check: summary,
    })
}

impl<C: Serialize> TuneReport<C> {
    /// The cache entry recording this report's winner.
    pub fn entry(&self) -> Entry {
        let json = |c: &C| serde_json::to_value(c).unwrap_or(serde_json::Value::Null);
        Entry {
            config: json(&self.winner),
            median_ms: self.winner_ms,
            heuristic: self.heuristic.as_ref().map(|(c, _)| json(c)),
            heuristic_ms: self.heuristic.as_ref().map(|(_, t)| *t),
            backend: self.backend.clone(),
            candidates: self.outcomes.len(),
            accepted: self.outcomes.iter().filter(|o| o.result.is_ok()).count(),
            timer: self.timer.clone(),
        }
    }

    /// Records the winner in `cache` and saves it.
    pub fn record(&self, cache: &mut TuningCache) -> Result<(), TuneError> {
        cache.insert(&self.key, self.entry());
        cache.save()
    }
}
