//! `cargo xtask model-check [--model PATH] [--bench] [--floor]`: tilekit's
//! SmolLM2-135M against llama.cpp (the peer) on the same GGUF file (by
//! default the one `cargo xtask install-model` caches).
//!
//! Installs llama-cpp-python (`peer.rs`, built once per machine), has it
//! tokenize `xtask/peer/inputs.json` and compute teacher-forced logits for
//! its prompts into a scratch folder, and prints llama.cpp's figures.
//! `--bench` adds llama.cpp's speed (decode, prefill, start-up); `--floor`
//! measures llama.cpp against an exact f64 forward of the same weights
//! (`xtask/peer/f64_forward.py`), the floor the thresholds below rest on.
//!
//! Then tilekit's side: tilekit-model's tokenizer must give llama.cpp's ids
//! for every string ([`Tokenize`]). tilekit's logits (the kernels' forward)
//! are not wired yet, so the check then ends with an error saying so
//! instead of passing, and it is not part of `cargo xtask test`. Wiring
//! them in means implementing [`Logits`] and returning it from
//! [`tilekit_logits`].

use crate::peer::{self, PeerLogits, PeerTokens};
use std::path::{Path, PathBuf};

/// Thresholds for tilekit's logits against llama.cpp's, per prompt. llama.cpp
/// quantizes activations to 8 bits in its quantized dot products, so even
/// the exact f64 forward of the same weights is off it (xtask/peer/README.md,
/// 5 prompts, 493 positions): top-1 94.5% to 100% per prompt, every flip at
/// a near-tie (llama.cpp's top two logits under 0.17 apart), mean KL up to
/// 4.1e-3, max KL 5.4e-2. An f32 forward is within KL 1e-10 of the exact
/// one, so tilekit should see that floor; the bounds give it about twice
/// the room, and no flip at all where the top two are [`DECISIVE_GAP`] apart.
pub const MIN_TOP1: f64 = 0.90;
pub const DECISIVE_GAP: f32 = 0.5;
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
    fn logits(&self, tokens: &[u32]) -> Result<Vec<f32>, String>;
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

/// tilekit's forward on the model at `model`; `None` until the kernels'
/// forward is wired here.
fn tilekit_logits(_model: &Path) -> Option<Box<dyn Logits>> {
    None
}

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

/// tilekit's logits on llama.cpp's prompts, each held to the thresholds.
pub fn check_logits(peer: &[PeerLogits], ours: &dyn Logits) -> Result<(), String> {
    let mut failed = Vec::new();
    println!("logits: tilekit against llama.cpp (teacher-forced; KL(llama.cpp || tilekit))");
    for (i, p) in peer.iter().enumerate() {
        let mine = ours.logits(&p.tokens)?;
        if mine.len() != p.logits.len() {
            return Err(format!(
                "prompt {i}: tilekit gave {} logits, llama.cpp {}",
                mine.len(),
                p.logits.len()
            ));
        }
        let a = agreement(&p.logits, &mine, p.vocab);
        println!(
            "  prompt {i}: {} positions, top-1 {:.1}% ({:.1}% of {} decisive), mean KL {:.2e}, max KL {:.2e}, max |dlogit| {:.3}",
            a.positions,
            100.0 * a.top1,
            100.0 * a.decisive_top1,
            a.decisive,
            a.mean_kl,
            a.max_kl,
            a.max_abs_diff
        );
        if a.top1 < MIN_TOP1
            || a.decisive_top1 < MIN_DECISIVE_TOP1
            || a.mean_kl > MAX_MEAN_KL
            || a.max_kl > MAX_KL
        {
            failed.push(i);
        }
    }
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
    bench: bool,
    floor: bool,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        model: PathBuf::new(),
        bench: false,
        floor: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--model" => o.model = it.next().ok_or("--model needs a path")?.into(),
            "--bench" => o.bench = true,
            "--floor" => o.floor = true,
            _ => return Err(format!("model-check: unknown argument `{a}`; arguments: --model PATH (the GGUF file), --bench (llama.cpp's speed), --floor (llama.cpp against an exact f64 forward)")),
        }
    }
    if o.model.as_os_str().is_empty() {
        // The cached model; the error says how to install it.
        o.model = tilekit_model::fetch::model_path().map_err(|e| format!("model-check: {e}"))?;
    } else if !o.model.is_file() {
        return Err(format!("model-check: no model at {}", o.model.display()));
    }
    Ok(o)
}

pub fn model_check(args: &[String]) -> Result<(), String> {
    let o = options(args)?;
    let python = peer::install(o.floor)?;
    let dir = std::env::temp_dir().join(format!("tilekit-model-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = checks(&o, &python, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
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
    let Some(ours) = tilekit_logits(&o.model) else {
        return Err("model-check: tilekit's logits are not wired yet (the kernels' forward is not on this branch): llama.cpp's figures and the tokenizer only, no logits were compared".into());
    };
    check_logits(&logits, ours.as_ref())?;
    println!("model-check: tilekit agrees with llama.cpp on tokens and logits");
    Ok(())
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
