//! The autotuner end to end on CPU backends: real tuning runs (interpreter
//! and PJRT CPU, wall clock) that check every candidate against the f64
//! reference, persistence of the winner, lookups that never tune, and the
//! errors for corrupt and foreign cache files.

mod common;

use common::pjrt;
use std::cell::Cell;
use std::path::PathBuf;
use tilekit_core::{Backend, DType, Interpreter};
use tilekit_kernels::reference::Tolerance;
use tilekit_kernels::testdata::{PagedDecodeCase, PagedDecodeSpec};
use tilekit_kernels::tuning::tuner::{Outcome, Timing};
use tilekit_kernels::tuning::*;
use tilekit_kernels::{AttnOutputs, PagedDecodeConfig, PagedDecodeInputs};

/// A fresh directory for one test's cache files.
fn scratch_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tilekit-tuning-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn case() -> (PagedDecodeCase, DecodeShape) {
    // Two ragged sequences over 16-token pages: 9 and 5 pages.
    let spec = PagedDecodeSpec::new(vec![137, 70], 16, 8, 2, 64, DType::Bf16, 7);
    let shape = DecodeShape {
        batch: 2,
        q_heads: 8,
        kv_heads: 2,
        head_dim: 64,
        block_size: 16,
        context_len: 137,
        dtype: DType::Bf16,
    };
    (spec.build(), shape)
}

fn inputs(c: &PagedDecodeCase) -> PagedDecodeInputs<'_> {
    PagedDecodeInputs {
        q: &c.q,
        k_cache: &c.k_cache,
        v_cache: &c.v_cache,
        block_tables: &c.block_tables,
        context_lens: &c.context_lens,
    }
}

fn reference_check(c: &PagedDecodeCase) -> ReferenceCheck {
    let want = c.reference().unwrap();
    ReferenceCheck {
        o: want.o,
        lse: want.lse,
        tol: Tolerance::for_dtype(DType::Bf16),
    }
}

/// Tunes the small case on `backend` and records the winner; returns the
/// report and the cache file.
fn tune_on(backend: &dyn Backend, dir: &str) -> (TuneReport<DecodeChoice>, PathBuf) {
    let (c, shape) = case();
    let gpu = GpuSpec::H100;
    let mut cands = candidates(&shape, &gpu);
    // One the split kernel cannot express: it must be rejected, not chosen.
    cands.push(DecodeChoice {
        splits: 4,
        stages: 3,
    });
    let mut measure = BackendMeasure {
        backend,
        inputs: inputs(&c),
        config: PagedDecodeConfig::default(),
    };
    let device = DeviceKey::cpu(&backend.name());
    let path = cache::path_in(&scratch_dir(dir), &device);
    let mut cache = TuningCache::open(&path, device).unwrap();
    let mut seen = 0;
    let report = tune(
        &decode_key(&shape),
        &cands,
        Some(&heuristic(&shape, &gpu)),
        &mut measure,
        &reference_check(&c),
        TuneOptions {
            warmup: 1,
            iters: 3,
        },
        &mut |i, n, _| {
            assert_eq!(i, seen);
            assert_eq!(n, cands.len());
            seen += 1;
        },
    )
    .unwrap();
    assert_eq!(seen, cands.len(), "progress after every candidate");
    report.record(&mut cache).unwrap();
    (report, path)
}

fn check_report(report: &TuneReport<DecodeChoice>) {
    // Split counts 1, 2, 4, 8 (9 pages), the one-pass kernel at 1-3 stages
    // and the unsupported one.
    assert!(report.outcomes.len() >= 7, "{:#?}", report.outcomes);
    let bad = report
        .outcomes
        .iter()
        .find(|o| o.candidate.splits == 4 && o.candidate.stages == 3)
        .unwrap();
    let why = bad.result.as_ref().unwrap_err();
    assert!(why.contains("unsupported"), "{why}");
    let timed: Vec<(&DecodeChoice, &Timing)> = report
        .outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok().map(|t| (&o.candidate, t)))
        .collect();
    assert_eq!(timed.len(), report.outcomes.len() - 1);
    for (c, t) in &timed {
        assert_eq!(t.samples_ms.len(), 3, "{c}");
        assert!(t.median_ms > 0.0 && t.min_ms <= t.median_ms, "{c}: {t:?}");
        assert!(t.check.starts_with("max abs err"), "{}", t.check);
    }
    let fastest = timed
        .iter()
        .map(|(_, t)| t.median_ms)
        .fold(f64::INFINITY, f64::min);
    assert_eq!(report.winner_ms, fastest);
    assert!(report.heuristic.is_some(), "the heuristic was a candidate");
}

#[test]
fn tuning_on_the_interpreter_picks_the_fastest_checked_candidate() {
    let (report, path) = tune_on(&Interpreter, "interp");
    check_report(&report);
    assert_eq!(report.timer, "wall clock");
    // The winner persisted, and reads back from a fresh open.
    let cache = TuningCache::open(&path, DeviceKey::cpu("interp")).unwrap();
    let got: DecodeChoice = cache.lookup(&report.key).unwrap().unwrap();
    assert_eq!(got, report.winner);
    let e = cache.entry(&report.key).unwrap();
    assert_eq!(e.backend, "interp");
    assert_eq!(e.accepted, report.outcomes.len() - 1);
}

#[test]
fn tuning_on_pjrt_cpu_picks_the_fastest_checked_candidate() {
    let (report, path) = tune_on(pjrt(), "pjrt");
    check_report(&report);
    assert!(report.backend.starts_with("pjrt"), "{}", report.backend);
    assert!(path.is_file());
}

/// A measure that counts what it is asked to do.
struct Counting<'a> {
    inner: BackendMeasure<'a>,
    runs: &'a Cell<usize>,
}

impl Measure<DecodeChoice> for Counting<'_> {
    fn backend(&self) -> String {
        self.inner.backend()
    }
    fn timer(&self) -> String {
        self.inner.timer()
    }
    fn run(&mut self, c: &DecodeChoice) -> Result<AttnOutputs, MeasureError> {
        self.runs.set(self.runs.get() + 1);
        self.inner.run(c)
    }
    fn time(&mut self, c: &DecodeChoice, w: usize, n: usize) -> Result<Vec<f64>, MeasureError> {
        self.runs.set(self.runs.get() + w + n);
        self.inner.time(c, w, n)
    }
}

#[test]
fn lookups_never_tune_and_misses_fall_back_to_the_heuristic() {
    let (c, shape) = case();
    let gpu = GpuSpec::H100;
    let runs = Cell::new(0);
    let mut measure = Counting {
        inner: BackendMeasure {
            backend: &Interpreter,
            inputs: inputs(&c),
            config: PagedDecodeConfig::default(),
        },
        runs: &runs,
    };
    let device = DeviceKey::cpu("interp");
    let path = cache::path_in(&scratch_dir("lookup"), &device);
    let mut cache = TuningCache::open(&path, device.clone()).unwrap();
    // A miss: the heuristic, and nothing ran.
    let (choice, source) = choose(Some(&cache), &shape, &gpu).unwrap();
    assert_eq!(
        (choice, source),
        (heuristic(&shape, &gpu), Source::Heuristic)
    );
    assert_eq!(choose(None, &shape, &gpu).unwrap().1, Source::Heuristic);
    assert_eq!(runs.get(), 0);
    // Tune over two candidates where the heuristic's is not one of them.
    let cands = [
        DecodeChoice {
            splits: 1,
            stages: 1,
        },
        DecodeChoice {
            splits: 2,
            stages: 2,
        },
    ];
    let report = tune(
        &decode_key(&shape),
        &cands,
        None,
        &mut measure,
        &reference_check(&c),
        TuneOptions {
            warmup: 0,
            iters: 1,
        },
        &mut |_, _, _| {},
    )
    .unwrap();
    report.record(&mut cache).unwrap();
    let after_tuning = runs.get();
    assert_eq!(after_tuning, 4, "one checked run and one timed run each");
    // Hits return the tuned choice and run nothing, here and after reopening.
    for _ in 0..100 {
        assert_eq!(
            choose(Some(&cache), &shape, &gpu).unwrap(),
            (report.winner, Source::Tuned)
        );
    }
    let reopened = TuningCache::open(&path, device).unwrap();
    assert_eq!(
        choose(Some(&reopened), &shape, &gpu).unwrap(),
        (report.winner, Source::Tuned)
    );
    // Another length bucket is another key: a miss.
    let longer = DecodeShape {
        context_len: 5000,
        ..shape
    };
    assert_eq!(
        choose(Some(&reopened), &longer, &gpu).unwrap().1,
        Source::Heuristic
    );
    assert_eq!(runs.get(), after_tuning);
}

#[test]
fn a_candidate_that_fails_the_check_is_rejected() {
    let (c, _) = case();
    let mut measure = BackendMeasure {
        backend: &Interpreter,
        inputs: inputs(&c),
        config: PagedDecodeConfig::default(),
    };
    let check = reference_check(&c);
    // Corrupts what the victim candidate returns, as a miscompiled
    // configuration would.
    struct Sabotage<'a, M> {
        inner: M,
        victim: DecodeChoice,
        _p: std::marker::PhantomData<&'a ()>,
    }
    impl<M: Measure<DecodeChoice>> Measure<DecodeChoice> for Sabotage<'_, M> {
        fn backend(&self) -> String {
            self.inner.backend()
        }
        fn timer(&self) -> String {
            self.inner.timer()
        }
        fn run(&mut self, c: &DecodeChoice) -> Result<AttnOutputs, MeasureError> {
            let mut out = self.inner.run(c)?;
            if *c == self.victim {
                let mut o = out.o.to_f32_vec();
                o[5] += 1.0;
                out.o =
                    tilekit_core::HostTensor::from_f32(out.o.dtype(), out.o.shape(), &o).unwrap();
            }
            Ok(out)
        }
        fn time(&mut self, c: &DecodeChoice, w: usize, n: usize) -> Result<Vec<f64>, MeasureError> {
            self.inner.time(c, w, n)
        }
    }
    let victim = DecodeChoice {
        splits: 2,
        stages: 2,
    };
    let mut sabotaged = Sabotage {
        inner: &mut measure,
        victim,
        _p: std::marker::PhantomData,
    };
    let cands = [
        victim,
        DecodeChoice {
            splits: 1,
            stages: 2,
        },
    ];
    let report = tune(
        "k",
        &cands,
        None,
        &mut sabotaged,
        &check,
        TuneOptions::default(),
        &mut |_, _, _| {},
    )
    .unwrap();
    let rejected: &Outcome<DecodeChoice> = &report.outcomes[0];
    let why = rejected.result.as_ref().unwrap_err();
    assert!(why.starts_with("wrong result: o:"), "{why}");
    assert_eq!(report.winner, cands[1]);
    // With every candidate rejected, tuning is an error naming the key.
    let err = tune(
        "paged_decode k",
        &[victim],
        None,
        &mut sabotaged,
        &check,
        TuneOptions::default(),
        &mut |_, _, _| {},
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("paged_decode k: no candidate was accepted"),
        "{msg}"
    );
    assert!(msg.contains("splits=2 stages=2: wrong result"), "{msg}");
}

#[test]
fn corrupt_and_foreign_cache_files_are_errors_naming_the_file() {
    let dir = scratch_dir("corrupt");
    let device = DeviceKey::gpu("NVIDIA H100 80GB HBM3", 9, 0);
    let path = cache::path_in(&dir, &device);
    std::fs::write(&path, "{ this is not json").unwrap();
    let err = TuningCache::open(&path, device.clone()).unwrap_err();
    assert!(matches!(err, TuneError::CorruptCache { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains(&path.display().to_string()) && msg.contains("corrupt"),
        "{msg}"
    );
    // Opening did not touch it.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "{ this is not json"
    );

    // Valid JSON of another layout is corrupt too.
    std::fs::write(&path, r#"{"format": "something-else", "version": 1}"#).unwrap();
    let msg = TuningCache::open(&path, device.clone())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("corrupt"), "{msg}");

    // open_or_reset moves it aside and says where.
    let (fresh, moved) = TuningCache::open_or_reset(&path, device.clone()).unwrap();
    assert!(fresh.is_empty());
    let moved = moved.expect("the corrupt file was moved");
    assert!(
        moved.to_string_lossy().ends_with(".json.corrupt"),
        "{moved:?}"
    );
    assert!(moved.is_file() && !path.exists());

    // A file written for another GPU is refused, not overwritten.
    let mut other = TuningCache::empty(&path, DeviceKey::gpu("NVIDIA A100", 8, 0));
    other.insert(
        "k",
        Entry {
            config: serde_json::json!({"splits": 2, "stages": 2}),
            median_ms: 1.0,
            heuristic: None,
            heuristic_ms: None,
            backend: "cuda-sm_80".into(),
            candidates: 1,
            accepted: 1,
            timer: "cuda events".into(),
        },
    );
    other.save().unwrap();
    let err = TuningCache::open(&path, device.clone()).unwrap_err();
    assert!(matches!(err, TuneError::WrongDevice { .. }), "{err:?}");
    assert!(err.to_string().contains("NVIDIA A100"), "{err}");

    // An entry that does not parse as the choice type names file and key.
    let mine = TuningCache::open(&path, DeviceKey::gpu("NVIDIA A100", 8, 0)).unwrap();
    assert!(mine.lookup::<DecodeChoice>("k").unwrap().is_some());
    let mut bad = TuningCache::empty(&path, device.clone());
    bad.insert(
        "k",
        Entry {
            config: serde_json::json!({"splits": "many"}),
            ..mine.entry("k").unwrap().clone()
        },
    );
    bad.save().unwrap();
    let reread = TuningCache::open(&path, device).unwrap();
    let err = reread.lookup::<DecodeChoice>("k").unwrap_err().to_string();
    assert!(
        err.contains("entry `k`") && err.contains(&path.display().to_string()),
        "{err}"
    );
}

#[test]
fn a_missing_cache_file_is_an_empty_cache_and_save_creates_it() {
    let dir = scratch_dir("missing").join("nested");
    let device = DeviceKey::cpu("interp");
    let path = cache::path_in(&dir, &device);
    let mut c = TuningCache::open(&path, device.clone()).unwrap();
    assert!(c.is_empty());
    c.insert(
        "a",
        Entry {
            config: serde_json::to_value(DecodeChoice {
                splits: 8,
                stages: 2,
            })
            .unwrap(),
            median_ms: 0.5,
            heuristic: None,
            heuristic_ms: None,
            backend: "interp".into(),
            candidates: 3,
            accepted: 3,
            timer: "wall clock".into(),
        },
    );
    c.save().unwrap();
    let back = TuningCache::open(&path, device).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(
        back.lookup::<DecodeChoice>("a").unwrap(),
        Some(DecodeChoice {
            splits: 8,
            stages: 2
        })
    );
    assert_eq!(back.entry("a"), c.entry("a"));
}

#[test]
fn tuning_rejects_empty_requests() {
    let (c, _) = case();
    let mut m = BackendMeasure {
        backend: &Interpreter,
        inputs: inputs(&c),
        config: PagedDecodeConfig::default(),
    };
    let check = reference_check(&c);
    let none: [DecodeChoice; 0] = [];
    let e = tune(
        "k",
        &none,
        None,
        &mut m,
        &check,
        TuneOptions::default(),
        &mut |_, _, _| {},
    );
    assert!(e.unwrap_err().to_string().contains("no candidates"));
    let one = [DecodeChoice {
        splits: 1,
        stages: 2,
    }];
    let opts = TuneOptions {
        warmup: 0,
        iters: 0,
    };
    let e = tune("k", &one, None, &mut m, &check, opts, &mut |_, _, _| {});
    assert!(e.unwrap_err().to_string().contains("iters = 0"));
}

#[test]
fn default_cache_dir_follows_xdg() {
    // Only reads the environment; the variables are set for the process.
    let dir = cache::default_dir().unwrap();
    assert!(dir.ends_with("tilekit/tuning"), "{dir:?}");
}
