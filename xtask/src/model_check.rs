//! `cargo xtask model-check [--model PATH] [--no-exact] [--bench] [--floor]`:
//! tilekit's SmolLM2-135M against llama.cpp (the peer) on the same GGUF
//! file (by default the one `cargo xtask install-model` caches). `cargo
//! xtask test` runs it last, having started the peer's install in the
//! background at its beginning (`peer_background.rs`).
//!
//! Installs llama-cpp-python (`peer.rs`, built once per machine), has it
//! tokenize `xtask/peer/inputs.json` and compute teacher-forced logits for
//! its prompts into a scratch folder, and prints llama.cpp's figures.
//! `--bench` adds llama.cpp's speed (decode, prefill, start-up); `--floor`
//! measures llama.cpp against an exact f64 forward of the same weights
//! (`xtask/peer/f64_forward.py`), the floor the thresholds below rest on.
//!
//! Then tilekit's side: tilekit-model's tokenizer must give llama.cpp's ids
//! for every string ([`Tokenize`]), and tilekit's teacher-forced logits
//! ([`Logits`]: the serve engine's scoring, a prefill program per
//! power-of-two bucket of the prompts' lengths, on the XLA CPU PJRT plugin;
//! `tilekit_logits.rs`) must be within the thresholds of llama.cpp's on
//! every prompt. Per prompt it prints the positions, top-1 agreement, the
//! decisive positions and top-1 there, mean and max KL, the largest logit
//! difference and pass or FAIL; any failure (or a step that cannot run,
//! such as the peer's install) makes the command fail. It also runs
//! tilekit-model's exact f64 forward (`tilekit_model::reference`, about 10
//! s a prompt) on each prompt and prints tilekit's and llama.cpp's
//! distance from it, figures only: tilekit's is f32 rounding (KL ~1e-11),
//! llama.cpp's is the floor below. `--no-exact` skips it.

use crate::agreement::{agreement, Agreement, DECISIVE_GAP};
use crate::peer::{self, PeerLogits, PeerTokens};
use crate::peer_background::{PeerInstall, INSTALL_COMMAND};
use crate::tilekit_logits;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tilekit_core::Backend;

/// Thresholds for tilekit's logits against llama.cpp's, per prompt. llama.cpp
/// quantizes activations to 8 bits in its quantized dot products, so even
/// the exact f64 forward of the same weights is off it (xtask/peer/README.md,
/// 5 prompts, 493 positions): top-1 94.5% to 100% per prompt, every flip at
/// a near-tie (llama.cpp's top two logits under 0.17 apart), mean KL up to
/// 4.1e-3, max KL 5.4e-2. An f32 forward is within KL 1e-10 of the exact
/// one, so tilekit should see that floor, and does: its figures against
/// llama.cpp are the floor's to three digits (it is within KL 8e-11 of the
/// exact forward). The bounds give it about twice the floor's room, and no
/// flip at all where the top two are [`DECISIVE_GAP`] apart.
pub const MIN_TOP1: f64 = 0.90;
pub const MIN_DECISIVE_TOP1: f64 = 1.0;
pub const MAX_MEAN_KL: f64 = 1e-2;
pub const MAX_KL: f64 = 0.1;

/// tilekit's tokenizer, as the check calls it.
pub trait Tokenize {
    /// Token ids of `text`, no BOS, special tokens written in the text parsed
    /// as such (llama.cpp's `add_bos=False, special=True`).
    fn tokenize(&self, text: &str) -> Result<Vec<u32>, String>;
}

/// tilekit's forward, as the check calls it.
pub trait Logits {
    /// Logits `[tokens.len(), vocab]` row-major, row j after token j, one
    /// causal pass from an empty cache.
    fn logits(&mut self, tokens: &[u32]) -> Result<Vec<f32>, String>;
}

impl Tokenize for tilekit_model::Tokenizer {
    fn tokenize(&self, text: &str) -> Result<Vec<u32>, String> {
        Ok(self.encode_with(text, false, true))
    }
}

fn tilekit_tokenizer(model: &Path) -> Result<tilekit_model::Tokenizer, String> {
    let gguf = tilekit_model::Gguf::read(model).map_err(|e| e.to_string())?;
    tilekit_model::Tokenizer::from_metadata(gguf.metadata()).map_err(|e| e.to_string())
}

/// Every tokenizer input tilekit splits differently from llama.cpp, as a
/// line naming the string and both id lists.
pub fn check_tokens(peer: &PeerTokens, ours: &dyn Tokenize) -> Result<(), String> {
    let mut diffs = Vec::new();
    for t in peer.strings.iter().chain(&peer.prompts) {
        let mine = ours.tokenize(&t.text)?;
        if mine != t.ids {
            diffs.push(format!(
                "{:?}: llama.cpp {:?}, tilekit {mine:?}",
                t.text, t.ids
            ));
        }
    }
    let total = peer.strings.len() + peer.prompts.len();
    if diffs.is_empty() {
        println!("tokenizer: {total} strings, all the same ids as llama.cpp");
        Ok(())
    } else {
        Err(format!(
            "tokenizer: {} of {total} strings differ from llama.cpp:\n{}",
            diffs.len(),
            diffs.join("\n")
        ))
    }
}

/// Whether one prompt's agreement with llama.cpp is within the thresholds.
pub fn within_thresholds(a: &Agreement) -> bool {
    a.top1 >= MIN_TOP1
        && a.decisive_top1 >= MIN_DECISIVE_TOP1
        && a.mean_kl <= MAX_MEAN_KL
        && a.max_kl <= MAX_KL
}

/// One line of figures.
fn figures(a: &Agreement) -> String {
    format!(
        "{:3} positions, top-1 {:5.1}%, decisive {:3} at {:5.1}%, mean KL {:.2e}, max KL {:.2e}, max |dlogit| {:.2e}",
        a.positions,
        100.0 * a.top1,
        a.decisive,
        100.0 * a.decisive_top1,
        a.mean_kl,
        a.max_kl,
        a.max_abs_diff
    )
}

/// All prompts together (weighted by positions).
fn pooled(all: &[Agreement]) -> Agreement {
    let n: usize = all.iter().map(|a| a.positions).sum();
    let d: usize = all.iter().map(|a| a.decisive).sum();
    let sum = |f: fn(&Agreement) -> f64, w: fn(&Agreement) -> usize| {
        all.iter().map(|a| f(a) * w(a) as f64).sum::<f64>()
    };
    let max = |f: fn(&Agreement) -> f64| all.iter().map(f).fold(0.0, f64::max);
    Agreement {
        positions: n,
        top1: sum(|a| a.top1, |a| a.positions) / n as f64,
        decisive: d,
        decisive_top1: if d == 0 {
            1.0
        } else {
            sum(|a| a.decisive_top1, |a| a.decisive) / d as f64
        },
        mean_kl: sum(|a| a.mean_kl, |a| a.positions) / n as f64,
        max_kl: max(|a| a.max_kl),
        max_abs_diff: max(|a| a.max_abs_diff),
    }
}

/// tilekit's logits on llama.cpp's prompts, each held to the thresholds;
/// with `exact`, both are also compared with it (figures only).
pub fn check_logits(
    peer: &[PeerLogits],
    ours: &mut dyn Logits,
    mut exact: Option<&mut dyn Logits>,
) -> Result<(), String> {
    let (mut failed, mut all) = (Vec::new(), Vec::new());
    println!(
        "logits: tilekit against llama.cpp, teacher-forced; KL(llama.cpp || tilekit) in nats; decisive: llama.cpp's top two >= {DECISIVE_GAP} apart"
    );
    if exact.is_some() {
        println!("  and under each prompt, against the exact f64 forward: KL(f64 || tilekit), and KL(llama.cpp || f64), the floor");
    }
    for (i, p) in peer.iter().enumerate() {
        let start = Instant::now();
        let mine = ours.logits(&p.tokens)?;
        let took = start.elapsed();
        if mine.len() != p.logits.len() {
            return Err(format!(
                "prompt {i}: tilekit gave {} logits, llama.cpp {}",
                mine.len(),
                p.logits.len()
            ));
        }
        let a = agreement(&p.logits, &mine, p.vocab);
        let pass = within_thresholds(&a);
        println!(
            "  prompt {i}: {} ({:.1} s): {}",
            figures(&a),
            took.as_secs_f64(),
            if pass { "pass" } else { "FAIL" }
        );
        if let Some(exact) = exact.as_mut() {
            let start = Instant::now();
            let e = exact.logits(&p.tokens)?;
            println!(
                "    tilekit vs the f64 forward:   {} ({:.1} s)",
                figures(&agreement(&e, &mine, p.vocab)),
                start.elapsed().as_secs_f64()
            );
            println!(
                "    llama.cpp vs the f64 forward: {}",
                figures(&agreement(&p.logits, &e, p.vocab))
            );
        }
        if !pass {
            failed.push(i);
        }
        all.push(a);
    }
    println!("  all:      {}", figures(&pooled(&all)));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "logits: prompts {failed:?} beyond the thresholds (top-1 >= {MIN_TOP1}, at decisive positions >= {MIN_DECISIVE_TOP1}, mean KL <= {MAX_MEAN_KL}, max KL <= {MAX_KL})"
        ))
    }
}

struct Options {
    model: PathBuf,
    exact: bool,
    bench: bool,
    floor: bool,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        model: PathBuf::new(),
        exact: true,
        bench: false,
        floor: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--model" => o.model = it.next().ok_or("--model needs a path")?.into(),
            "--no-exact" => o.exact = false,
            "--bench" => o.bench = true,
            "--floor" => o.floor = true,
            _ => return Err(format!("model-check: unknown argument `{a}`; arguments: --model PATH (the GGUF file), --no-exact (skip tilekit and llama.cpp against tilekit-model's f64 forward), --bench (llama.cpp's speed), --floor (llama.cpp against the Python f64 forward)")),
        }
    }
    if o.model.as_os_str().is_empty() {
        // The cached model, downloaded first on a fresh machine.
        o.model = tilekit_model::fetch::install().map_err(|e| format!("model-check: {e}"))?;
    } else if !o.model.is_file() {
        return Err(format!("model-check: no model at {}", o.model.display()));
    }
    Ok(o)
}

/// `cargo xtask model-check ARGS`; `peer` is an install `test` started
/// earlier (else it installs the peer here).
pub fn model_check(args: &[String], peer: Option<PeerInstall>) -> Result<(), String> {
    let start = Instant::now();
    let o = options(args)?;
    let python = match peer {
        Some(install) if !o.floor => install.join(),
        _ => peer::install(o.floor).map_err(|e| {
            format!("installing llama-cpp-python: {e}; `{INSTALL_COMMAND}` installs it")
        }),
    }
    .map_err(|e| format!("model-check: {e}"))?;
    let dir = std::env::temp_dir().join(format!("tilekit-model-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = checks(&o, &python, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result?;
    println!(
        "model-check: tilekit agrees with llama.cpp on tokens and logits ({:.0} s)",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn checks(o: &Options, python: &Path, dir: &Path) -> Result<(), String> {
    let model = o.model.display().to_string();
    let tokens_file = dir.join("tokens.json");
    let logits_file = dir.join("logits.safetensors");
    eprintln!(
        "xtask: llama.cpp tokenizes xtask/peer/inputs.json and computes teacher-forced logits"
    );
    let tokens_arg = tokens_file.display().to_string();
    let logits_arg = logits_file.display().to_string();
    peer::harness(
        python,
        "llama_peer.py",
        &["tokenize", "--model", &model, "--out", &tokens_arg],
    )?;
    peer::harness(
        python,
        "llama_peer.py",
        &["logits", "--model", &model, "--out", &logits_arg],
    )?;
    let tokens = peer::read_tokens(&tokens_file)?;
    let logits = peer::read_logits(&logits_file)?;
    let positions: usize = logits.iter().map(|p| p.tokens.len()).sum();
    println!(
        "llama.cpp: {} strings tokenized; {} prompts, {positions} positions of logits over a vocabulary of {}",
        tokens.strings.len(),
        logits.len(),
        logits.first().map_or(0, |p| p.vocab)
    );
    if o.bench {
        peer::harness(python, "llama_peer.py", &["bench", "--model", &model])?;
    }
    if o.floor {
        eprintln!("xtask: the exact f64 forward (a few minutes: every weight dequantized to f64)");
        peer::harness(
            python,
            "f64_forward.py",
            &["--model", &model, "--logits", &logits_arg, "--f32"],
        )?;
    }
    check_tokens(&tokens, &tilekit_tokenizer(&o.model)?)?;
    let start = Instant::now();
    let weights = tilekit_model::LlamaModel::load(&o.model).map_err(|e| e.to_string())?;
    let backend = tilekit_logits::pjrt()?;
    let lengths: Vec<usize> = logits.iter().map(|p| p.tokens.len()).collect();
    let mut ours = tilekit_logits::engine(&backend, &weights, &lengths)?;
    println!(
        "tilekit: serve engine on {}, quantized weights, prefill programs of {:?} tokens, loaded and compiled in {:.1} s",
        backend.name(),
        ours.prefill_lengths(),
        start.elapsed().as_secs_f64()
    );
    let mut exact = tilekit_logits::Exact(&weights);
    let exact: Option<&mut dyn Logits> = if o.exact { Some(&mut exact) } else { None };
    check_logits(&logits, &mut ours, exact)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits on spaces into byte lengths: a stand-in tokenizer.
    struct Lengths;
    impl Tokenize for Lengths {
        fn tokenize(&self, text: &str) -> Result<Vec<u32>, String> {
            Ok(text.split(' ').map(|w| w.len() as u32).collect())
        }
    }

    #[test]
    fn a_tokenizer_difference_names_the_string() {
        let t = |text: &str, ids: &[u32]| peer::Tokenized {
            text: text.into(),
            ids: ids.to_vec(),
        };
        let peer = PeerTokens {
            strings: vec![t("ab c", &[2, 1]), t("abc d", &[3, 9])],
            prompts: vec![t("x", &[1])],
        };
        let err = check_tokens(&peer, &Lengths).unwrap_err();
        assert!(err.contains("1 of 3") && err.contains("\"abc d\""), "{err}");
        assert!(!err.contains("\"ab c\""), "{err}");
    }

    /// The reference's logits, the last position's top two swapped on
    /// prompts listed in `swap`.
    struct Swapped {
        swap: Vec<usize>,
        peer: Vec<PeerLogits>,
        calls: usize,
    }
    impl Logits for Swapped {
        fn logits(&mut self, tokens: &[u32]) -> Result<Vec<f32>, String> {
            let p = &self.peer[self.calls];
            assert_eq!(tokens, p.tokens);
            let mut z = p.logits.clone();
            if self.swap.contains(&self.calls) {
                z.swap(p.logits.len() - 2, p.logits.len() - 1);
            }
            self.calls += 1;
            Ok(z)
        }
    }

    fn prompts() -> Vec<PeerLogits> {
        // Two positions of a vocabulary of 2; the last one is decisive.
        let p = |t: u32| PeerLogits {
            tokens: vec![t, t + 1],
            logits: vec![0.0, 0.1, 0.0, 3.0],
            vocab: 2,
        };
        vec![p(1), p(5), p(9)]
    }

    #[test]
    fn logits_within_the_thresholds_pass() {
        let mut ours = Swapped {
            swap: vec![],
            peer: prompts(),
            calls: 0,
        };
        check_logits(&prompts(), &mut ours, None).unwrap();
        assert_eq!(ours.calls, 3);
    }

    #[test]
    fn a_decisive_flip_fails_its_prompt_only() {
        let mut ours = Swapped {
            swap: vec![1],
            peer: prompts(),
            calls: 0,
        };
        let err = check_logits(&prompts(), &mut ours, None).unwrap_err();
        assert!(err.contains("prompts [1] beyond"), "{err}");
    }

    #[test]
    fn pooled_figures_weigh_prompts_by_positions() {
        let a = |positions, top1, decisive, mean_kl, max_kl| Agreement {
            positions,
            top1,
            decisive,
            decisive_top1: 1.0,
            mean_kl,
            max_kl,
            max_abs_diff: max_kl,
        };
        let p = pooled(&[a(10, 1.0, 4, 1e-3, 0.5), a(30, 0.5, 0, 3e-3, 0.25)]);
        assert_eq!((p.positions, p.decisive, p.decisive_top1), (40, 4, 1.0));
        assert!((p.top1 - 0.625).abs() < 1e-12 && (p.mean_kl - 2.5e-3).abs() < 1e-12);
        assert_eq!((p.max_kl, p.max_abs_diff), (0.5, 0.5));
    }
}
