//! `run_decode --devices D` as a user runs it (the example binary,
//! `run_decode_bin`): SmolLM2's step split
//! over 3 XLA CPU devices generates the same greedy tokens as one device;
//! `--synthetic`'s paged step split over 2 and 4 devices passes its f64
//! reference checks (every step checked); a split the model or the
//! backend cannot take is one error line with exit status 1.

mod run_decode_bin;

use run_decode_bin::binary;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .output()
        .expect("run_decode starts")
}

/// The generated tokens of each request with the step on `devices`.
fn tokens(devices: &str) -> Vec<serde_json::Value> {
    let dir = std::env::temp_dir().join(format!(
        "tilekit-run-decode-tp-{}-{devices}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let metrics = dir.join("metrics.json");
    let m = metrics.display().to_string();
    let out = run(&[
        "--model",
        "smollm2",
        "--backend",
        "pjrt-cpu",
        "--devices",
        devices,
        "--prompt",
        "The capital of France is",
        "--prompt",
        "def fibonacci(n):",
        "--max-tokens",
        "10",
        "--metrics-json",
        &m,
    ]);
    assert!(
        out.status.success(),
        "run_decode --devices {devices} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{devices} device(s)")), "{stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&metrics).unwrap()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    json["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["tokens"].clone())
        .collect()
}

#[test]
fn run_decode_tensor_parallel_tokens_equal_one_device() {
    let one = tokens("1");
    let three = tokens("3");
    assert_eq!(one.len(), 2);
    assert!(one
        .iter()
        .all(|t| t.as_array().is_some_and(|a| a.len() == 10)));
    assert_eq!(three, one);
}

#[test]
fn run_decode_tensor_parallel_synthetic_passes_its_reference_checks() {
    for devices in ["2", "4"] {
        let args = [
            "--synthetic",
            "--backend",
            "pjrt-cpu",
            "--devices",
            devices,
            "--steps",
            "4",
            "--batch",
            "3",
            "--context",
            "80",
            "--check-every",
            "1",
        ];
        let out = run(&args);
        assert!(
            out.status.success(),
            "run_decode {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("tokens/s"), "{stdout}");
    }
}

/// Runs and expects exit status 1 with one error line containing `want`.
fn refused(args: &[&str], want: &str) {
    let out = run(args);
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("run_decode: error"))
        .collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].contains(want), "{args:?}: {stderr}");
}

#[test]
fn run_decode_tensor_parallel_refuses_bad_devices() {
    refused(
        &["--backend", "pjrt-cpu", "--devices", "2"],
        "2 does not divide the 3 KV heads",
    );
    refused(
        &[
            "--backend",
            "pjrt-cpu",
            "--devices",
            "4",
            "--weights",
            "quantized",
        ],
        "only f32 weights are split",
    );
    refused(&["--devices", "0"], "--devices must be at least 1");
    refused(
        &["--devices", "3", "--backend", "interp"],
        "runs on pjrt-cpu",
    );
    refused(
        &["--devices", "3", "--tokenize", "hello"],
        "--devices is an option of the model's generation",
    );
    refused(&["--devices", "three"], "`three` is not a whole number");
    refused(
        &["--synthetic", "--backend", "pjrt-cpu", "--devices", "3"],
        "splits its 8 KV heads over a count that divides them",
    );
    refused(
        &["--synthetic", "--devices", "2", "--kernel", "kascade"],
        "with --kernel paged",
    );
    refused(
        &["--devices", "3", "--speculate", "ngram:4"],
        "--speculate runs on one device",
    );
}
