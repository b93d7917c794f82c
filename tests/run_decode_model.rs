//! `run_decode`'s model modes, run as a user runs them: the example binary
//! (built here with `cargo build --release --example run_decode`, as the
//! README builds it; a test cannot name an example's binary otherwise) on
//! the real SmolLM2 file. `--tokenize` prints the ids generation feeds;
//! `--logits-for` writes teacher-forced logits whose last row's argmax is
//! the token generation picks; `--metrics-json` has the table's figures;
//! bad input (model files, prompts, sampling values, token files) is one
//! error line, exit status 1, and no output file; a closed stdout ends the
//! run by SIGPIPE, not a panic.
//!
//! The interpreter runs what needs no compile (a 6-token prefill takes it
//! a few seconds); PJRT CPU runs the metrics test, as the default run does.

#[path = "../model/tests/common/mod.rs"]
mod gguf;
mod run_decode_bin;

use run_decode_bin::binary;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use tilekit::core::tensor::{read_safetensors, write_safetensors};
use tilekit::core::{DType, HostTensor};

const VOCAB: usize = 49152;
const CONTEXT: usize = 8192;

fn run(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .output()
        .expect("run_decode starts")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "run_decode {args:?} failed:\n{}",
        stderr(&out)
    );
    stdout(&out)
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "tilekit-run-decode-model-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Files left in `dir` (a partial output would show here).
fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Runs `args`, which must fail with exit status 1 and one error line
/// containing `needle`, and leave `output` unwritten.
fn rejected(args: &[&str], needle: &str, output: &Path) {
    let out = run(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "run_decode {args:?}:\n{err}");
    assert!(
        err.contains(needle),
        "run_decode {args:?}: the error should mention {needle:?}:\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one error line:\n{err}");
    assert!(err.starts_with("run_decode: error: "), "{err}");
    assert!(!output.exists(), "run_decode {args:?} wrote {output:?}");
}

fn ids(text: &str) -> Vec<i32> {
    ok(&["--tokenize", text])
        .split_whitespace()
        .map(|t| t.parse().unwrap())
        .collect()
}

#[test]
fn tokenize_prints_the_ids_a_prompt_is_fed_as() {
    // No BOS: SmolLM2 does not ask for one.
    assert_eq!(ids("def fibonacci(n):"), [1604, 3987, 46477, 24, 94, 727]);
    assert_eq!(ok(&["--tokenize", ""]), "\n");
    // The chat template wraps the text in control tokens (<|im_start|> = 1).
    let chat: Vec<i32> = ok(&["--tokenize", "hi", "--chat"])
        .split_whitespace()
        .map(|t| t.parse().unwrap())
        .collect();
    assert_eq!(chat[0], 1);
    assert!(chat.len() > 10, "{chat:?}");
}

#[test]
fn a_closed_stdout_ends_the_run_without_a_panic() {
    // `run_decode --tokenize ... | head -c0`: the reader is gone before
    // the first line is printed. Rust ignores SIGPIPE by default, so
    // `println!` would panic (exit status 101); run_decode ends the way
    // `cat` does instead, by the signal, with nothing on stderr.
    let mut child = Command::new(binary())
        .args(["--tokenize", "def fibonacci(n):"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run_decode starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("run_decode ends");
    let err = stderr(&out);
    assert!(
        !err.contains("panicked"),
        "a panic on a closed pipe:\n{err}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{err}");
    }
}

#[test]
fn logits_for_match_the_greedy_token() {
    let dir = scratch("logits");
    let prompts = ["def fibonacci(n):", "The history of the printing press"];
    let rows: Vec<Vec<i32>> = prompts.iter().map(|p| ids(p)).collect();
    assert!(rows.iter().all(|r| r.len() == 6), "{rows:?}");
    let input = dir.join("tokens.safetensors");
    let output = dir.join("logits.safetensors");
    let tokens = HostTensor::from_i32(&[2, 6], rows.concat()).unwrap();
    write_safetensors(&input, &BTreeMap::from([("tokens".to_string(), tokens)])).unwrap();
    let (i, o) = (input.display().to_string(), output.display().to_string());
    ok(&["--backend", "interp", "--logits-for", &i, "--output", &o]);
    let logits = read_safetensors(&output).unwrap().remove("logits").unwrap();
    assert_eq!(
        (logits.dtype(), logits.shape()),
        (DType::F32, &[2, 6, VOCAB][..])
    );
    let v = logits.to_f32_vec();
    assert!(v.iter().all(|x| x.is_finite()));

    let metrics = dir.join("metrics.json");
    let m = metrics.display().to_string();
    ok(&[
        "--backend",
        "interp",
        "--prompt",
        prompts[0],
        "--prompt",
        prompts[1],
        "--max-tokens",
        "1",
        "--metrics-json",
        &m,
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&metrics).unwrap()).unwrap();
    for r in 0..2 {
        let last = &v[(r * 6 + 5) * VOCAB..(r * 6 + 6) * VOCAB];
        let best = (0..VOCAB)
            .max_by(|&a, &b| last[a].total_cmp(&last[b]))
            .unwrap();
        let generated = json["requests"][r]["tokens"][0].as_u64().unwrap();
        assert_eq!(best as u64, generated, "request {r}: {}", prompts[r]);
    }
    assert_eq!(
        files(&dir),
        ["logits.safetensors", "metrics.json", "tokens.safetensors"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn metrics_json_has_the_table_figures() {
    let dir = scratch("metrics");
    let metrics = dir.join("metrics.json");
    let m = metrics.display().to_string();
    let out = ok(&[
        "--backend",
        "pjrt-cpu",
        "--prompt",
        "The capital of France is",
        "--batch",
        "2",
        "--max-tokens",
        "3",
        "--metrics-json",
        &m,
    ]);
    assert!(out.contains("| backend"), "{out}");
    assert!(out.contains("decode tok/s"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&metrics).unwrap()).unwrap();
    assert_eq!(json["backend"], "pjrt-cpu");
    assert_eq!(json["batch"], 2);
    assert_eq!(json["prompt_tokens"], 10);
    for field in [
        "generated_tokens",
        "prefill_tok_s",
        "decode_tok_s",
        "ms_per_step",
        "startup_s",
    ] {
        let x = json[field].as_f64().unwrap_or(-1.0);
        assert!(x > 0.0, "{field} = {}", json[field]);
    }
    assert!(json["generated_tokens"].as_u64().unwrap() <= 6);
    // Both requests had the same prompt and are greedy.
    assert_eq!(json["requests"][0]["tokens"], json["requests"][1]["tokens"]);
    assert_eq!(files(&dir), ["metrics.json"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--speculate ngram:4` on PJRT CPU: greedy output equal to the plain
/// run's, and the speculation figures in the JSON (0 and null without the
/// flag).
#[test]
fn speculative_run_matches_plain_greedy_and_reports_acceptance() {
    let dir = scratch("speculate");
    let prompt = "1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3,";
    let mut runs = Vec::new();
    for spec in [None, Some("ngram:4")] {
        let metrics = dir.join("metrics.json");
        let m = metrics.display().to_string();
        let mut args = vec![
            "--backend",
            "pjrt-cpu",
            "--prompt",
            prompt,
            "--max-tokens",
            "12",
            "--metrics-json",
            &m,
        ];
        args.extend(spec.iter().flat_map(|s| ["--speculate", *s]));
        let out = ok(&args);
        assert_eq!(out.contains("speculation: "), spec.is_some(), "{out}");
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&metrics).unwrap()).unwrap();
        runs.push(json);
    }
    let (plain, spec) = (&runs[0], &runs[1]);
    assert_eq!(plain["proposed"], 0);
    assert_eq!(plain["accepted"], 0);
    assert!(plain["acceptance_rate"].is_null(), "{plain}");
    assert_eq!(
        spec["requests"][0]["tokens"],
        plain["requests"][0]["tokens"]
    );
    let (p, a) = (
        spec["proposed"].as_u64().unwrap(),
        spec["accepted"].as_u64().unwrap(),
    );
    assert!(p > 0 && a > 0 && a <= p, "{spec}");
    let rate = spec["acceptance_rate"].as_f64().unwrap();
    assert!((rate - a as f64 / p as f64).abs() < 1e-12, "{spec}");
    // Accepted drafts save steps.
    assert!(
        spec["decode_steps"].as_u64() < plain["decode_steps"].as_u64(),
        "{spec}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_model_files_are_one_error_line() {
    let dir = scratch("models");
    let real = tilekit_model::fetch::model_path().unwrap_or_else(|e| panic!("{e}"));
    let bytes = std::fs::read(real).unwrap();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("truncated", bytes[..1 << 20].to_vec(), "truncated"),
        ("corrupt", b"GGML not a model".to_vec(), "not a GGUF file"),
        ("gpt2", gguf::tiny("gpt2", 3), "`gpt2`, not `llama`"),
        ("q4_0", gguf::tiny("llama", 2), "Q4_0"),
        ("f32", gguf::tiny("llama", 0), "F32 matrices are not served"),
    ];
    let metrics = dir.join("metrics.json");
    let m = metrics.display().to_string();
    for (name, bytes, needle) in cases {
        let path = dir.join(format!("{name}.gguf"));
        std::fs::write(&path, bytes).unwrap();
        let p = path.display().to_string();
        let args = ["--backend", "interp", "--model", &p, "--metrics-json", &m];
        rejected(&args, needle, &metrics);
        let output = dir.join("logits.safetensors");
        let o = output.display().to_string();
        let args = ["--model", &p, "--logits-for", &p, "--output", &o];
        // The token file is checked first: a GGUF is no safetensors file.
        rejected(&args, &p, &output);
    }
    let missing = dir.join("missing.gguf").display().to_string();
    rejected(&["--model", &missing], "missing.gguf", &metrics);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_prompts_and_sampling_values_are_one_error_line() {
    let dir = scratch("prompts");
    let metrics = dir.join("metrics.json");
    let m = metrics.display().to_string();
    let long = "word ".repeat(CONTEXT + 100);
    let cases: [(&[&str], &str); 10] = [
        (&["--prompt", ""], "prompt 0 is empty"),
        (
            &["--speculate", "ngram:0"],
            "--speculate: `ngram:0` has K = 0",
        ),
        (&["--speculate", "ngram:4:0"], "has N = 0"),
        (&["--speculate", "lookahead"], "is not an n-gram proposer"),
        (&["--prompt", "hi", "--prompt", &long], "prompt 1 has"),
        (&["--top-p", "0"], "--top-p: 0 is not in (0, 1]"),
        (&["--top-p", "1.5"], "--top-p: 1.5 is not in (0, 1]"),
        (&["--temperature", "-1"], "--temperature: -1 is negative"),
        (
            &["--temperature", "hot"],
            "--temperature: `hot` is not a number",
        ),
        (&["--max-tokens", "0"], "--max-tokens must be at least 1"),
    ];
    for (args, needle) in cases {
        let mut all = vec!["--backend", "interp", "--metrics-json", &m];
        all.extend_from_slice(args);
        rejected(&all, needle, &metrics);
    }
    let nowhere = dir.join("no/such/dir/metrics.json");
    let n = nowhere.display().to_string();
    rejected(&["--metrics-json", &n], "does not exist", &nowhere);
    assert!(files(&dir).is_empty(), "{:?}", files(&dir));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_token_files_are_one_error_line_and_no_output() {
    let dir = scratch("tokens");
    let output = dir.join("logits.safetensors");
    let o = output.display().to_string();
    let i32s = |shape: &[usize], v: Vec<i32>| HostTensor::from_i32(shape, v).unwrap();
    let cases: Vec<(&str, &str, HostTensor, &str)> = vec![
        ("missing", "ids", i32s(&[1, 2], vec![1, 2]), "`tokens`"),
        (
            "dtype",
            "tokens",
            HostTensor::from_f32(DType::F32, &[1, 2], &[1.0, 2.0]).unwrap(),
            "must be i32 [B, T], got f32",
        ),
        (
            "rank1",
            "tokens",
            i32s(&[2], vec![1, 2]),
            "must be i32 [B, T]",
        ),
        (
            "rank3",
            "tokens",
            i32s(&[1, 1, 2], vec![1, 2]),
            "must be i32 [B, T]",
        ),
        ("empty", "tokens", i32s(&[2, 0], vec![]), "is empty"),
        (
            "vocab",
            "tokens",
            i32s(&[2, 2], vec![1, 2, 3, VOCAB as i32]),
            "id 49152 at [1, 1] is outside the vocabulary",
        ),
        (
            "negative",
            "tokens",
            i32s(&[1, 2], vec![-1, 2]),
            "id -1 at [0, 0]",
        ),
        (
            "long",
            "tokens",
            i32s(&[1, CONTEXT + 1], vec![1; CONTEXT + 1]),
            "the model's context is 8192",
        ),
    ];
    for (name, key, tensor, needle) in cases {
        let input = dir.join(format!("{name}.safetensors"));
        write_safetensors(&input, &BTreeMap::from([(key.to_string(), tensor)])).unwrap();
        let i = input.display().to_string();
        rejected(
            &["--backend", "interp", "--logits-for", &i, "--output", &o],
            needle,
            &output,
        );
    }
    let absent = dir.join("absent.safetensors").display().to_string();
    rejected(
        &["--logits-for", &absent, "--output", &o],
        "absent.safetensors",
        &output,
    );
    rejected(
        &["--logits-for", &absent],
        "--logits-for needs --output",
        &output,
    );
    let names = files(&dir);
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".safetensors") && n != "logits.safetensors"),
        "{names:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
