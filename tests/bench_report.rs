//! The benchmark's Python side on CPU: both scripts compile, and
//! `benchmarks/report.py` turns the Rust runner's dry-run file, and a
//! fixture with made-up timings (never written outside a temp directory),
//! into the merged JSON, the markdown table and the PNG, with the roofline
//! fraction and Kascade speedup computed as documented.

use std::path::{Path, PathBuf};
use std::process::Command;
use tilekit::bench::{copy_row, decode_row, kascade_row, planned_rows, BenchFile, DecodeCase};
use tilekit_kernels::tuning::DecodeChoice;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn python(args: &[&str]) -> String {
    let out = Command::new("python3")
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed for this test (install python3): {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "python3 {args:?} failed:\n{text}");
    text
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "tilekit-bench-report-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn file(rows: Vec<tilekit::bench::Row>, dry: bool) -> BenchFile {
    BenchFile {
        tool: "tilekit gpu_bench".into(),
        device: "test fixture".into(),
        compute_capability: None,
        sm_count: None,
        memory_bytes: None,
        timer: "none".into(),
        dry_run: dry,
        rows,
    }
}

fn report(run: &Path) -> serde_json::Value {
    let out = run.join("report");
    let text = python(&[
        "benchmarks/report.py",
        "--run",
        run.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--builtin-png",
    ]);
    assert!(text.contains("report.py:"), "{text}");
    let png = std::fs::read(out.join("h100_bandwidth.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(std::fs::read_to_string(out.join("h100.md"))
        .unwrap()
        .contains("| kernel |"));
    serde_json::from_str(&std::fs::read_to_string(out.join("h100.json")).unwrap()).unwrap()
}

#[test]
fn the_scripts_compile() {
    python(&[
        "-m",
        "py_compile",
        "benchmarks/anchors.py",
        "benchmarks/report.py",
    ]);
}

#[test]
fn report_reads_a_dry_run() {
    let run = scratch("dry");
    file(planned_rows(Some(80_000_000_000), None), true)
        .write(&run.join("tilekit.json"))
        .unwrap();
    let v = report(&run);
    assert_eq!(v["measured"], false);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 101);
    assert!(rows.iter().all(|r| r["tilekit_ms"].is_null()));
    let md = std::fs::read_to_string(run.join("report/h100.md")).unwrap();
    assert!(md.starts_with("No row of this run was timed"), "{md}");
}

#[test]
fn report_computes_roofline_and_speedup_from_rows() {
    // Made-up timings, to check the arithmetic only.
    let run = scratch("fixture");
    let case = DecodeCase {
        batch: 8,
        context: 32768,
        block_size: 16,
    };
    let copy = copy_row(1 << 30).timed(vec![1.0], 0); // 2^31 bytes in 1 ms
    let choice = DecodeChoice {
        splits: 8,
        stages: 2,
    };
    let dense = decode_row(&case, "heuristic", choice).timed(vec![2.0, 2.0, 2.0], 1);
    let kascade = kascade_row(&case, false).timed(vec![0.5], 1);
    file(vec![copy, dense.clone(), kascade], false)
        .write(&run.join("tilekit.json"))
        .unwrap();
    std::fs::write(
        run.join("anchors.json"),
        r#"{"rows": [{"kernel": "paged_decode", "anchor": "pallas_paged_attention", "B": 8, "L": 32768, "BS": 16, "ms": 1.5, "status": "ok"}]}"#,
    )
    .unwrap();
    let v = report(&run);
    let copy_gbps = 2.0 * (1u64 << 30) as f64 / 1e-3 / 1e9;
    assert!((v["copy_gbps"].as_f64().unwrap() - copy_gbps).abs() < 1e-6);
    let rows = v["rows"].as_array().unwrap();
    let d = &rows[1];
    let gbps = case.kv_bytes() as f64 / 2e-3 / 1e9;
    assert!((d["gbps"].as_f64().unwrap() - gbps).abs() < 1e-6, "{d}");
    assert!((d["roofline_frac"].as_f64().unwrap() - gbps / copy_gbps).abs() < 1e-9);
    assert_eq!(d["anchor"], "pallas_paged_attention");
    assert_eq!(d["anchor_ms"], 1.5);
    assert_eq!(rows[2]["speedup_vs_dense"], 4.0);
}
