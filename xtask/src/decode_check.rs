//! `cargo xtask decode-check`: runs the main job the way a user and an
//! external checker would. The README's first command (the model on its
//! built-in prompts) must finish with its table; the synthetic simulation
//! (`--synthetic`, its defaults) must finish and print tokens/s; file mode
//! must give the same `o` on the interpreter and PJRT CPU, and reject
//! malformed files (missing tensor, wrong dtype, wrong shape, out-of-range
//! index) with an error naming the tensor, a non-zero exit and no output
//! file. (`tests/run_decode_model.rs` checks the model's other modes.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use tilekit_core::tensor::{read_safetensors, write_safetensors};
use tilekit_core::{DType, HostTensor};

fn run_decode(args: &[&str]) -> Result<std::process::Output, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args([
            "run",
            "--release",
            "--quiet",
            "--example",
            "run_decode",
            "--",
        ])
        .args(args)
        .output()
        .map_err(|e| format!("could not start run_decode: {e}"))
}

fn ok(args: &[&str]) -> Result<String, String> {
    let out = run_decode(args)?;
    if !out.status.success() {
        return Err(format!(
            "run_decode {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn read(path: &Path) -> Result<BTreeMap<String, HostTensor>, String> {
    read_safetensors(path).map_err(|e| e.to_string())
}

fn with(
    case: &Path,
    dir: &Path,
    name: &str,
    edit: impl FnOnce(&mut BTreeMap<String, HostTensor>),
) -> Result<PathBuf, String> {
    let mut t = read(case)?;
    edit(&mut t);
    let path = dir.join(format!("{name}.safetensors"));
    write_safetensors(&path, &t).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Runs file mode on `input`, expecting it to be rejected with `needle` in
/// the error and no output left behind.
fn rejected(kernel: &str, input: &Path, dir: &Path, needle: &str) -> Result<(), String> {
    let output = dir.join("rejected.safetensors");
    let _ = std::fs::remove_file(&output);
    let out = run_decode(&[
        "--kernel",
        kernel,
        "--backend",
        "interp",
        "--inputs",
        &input.display().to_string(),
        "--output",
        &output.display().to_string(),
    ])?;
    let err = String::from_utf8_lossy(&out.stderr);
    if out.status.success() || !err.contains(needle) || output.exists() {
        return Err(format!(
            "{} should be rejected with an error mentioning {needle} and no output (exit {}, output written: {}):\n{err}",
            input.display(),
            out.status,
            output.exists()
        ));
    }
    Ok(())
}

fn max_abs_diff(a: &HostTensor, b: &HostTensor) -> f32 {
    a.to_f32_vec()
        .iter()
        .zip(b.to_f32_vec())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

pub fn decode_check() -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("tilekit-decode-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let result = checks(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn checks(dir: &Path) -> Result<(), String> {
    eprintln!("xtask: run_decode, the model on its built-in prompts (the README's first command)");
    let stdout = ok(&[])?;
    let row = stdout
        .lines()
        .skip_while(|l| !l.starts_with("| backend"))
        .nth(2)
        .ok_or("run_decode printed no table")?;
    eprintln!("xtask: run_decode {row}");

    eprintln!("xtask: run_decode --synthetic, the default simulation");
    let stdout = ok(&["--synthetic"])?;
    let tokens = stdout
        .lines()
        .find(|l| l.starts_with("tokens/s:"))
        .ok_or("run_decode printed no tokens/s line")?;
    eprintln!("xtask: run_decode {tokens}");

    let mut agreed = 0;
    for kernel in ["paged", "kascade-decode"] {
        let case = dir.join(format!("{kernel}.safetensors"));
        ok(&[
            "--kernel",
            kernel,
            "--batch",
            "3",
            "--context",
            "300",
            "--write-case",
            &case.display().to_string(),
        ])?;
        let mut outputs = Vec::new();
        for backend in ["interp", "pjrt-cpu"] {
            let out = dir.join(format!("{kernel}-{backend}.safetensors"));
            ok(&[
                "--kernel",
                kernel,
                "--backend",
                backend,
                "--inputs",
                &case.display().to_string(),
                "--output",
                &out.display().to_string(),
            ])?;
            outputs.push(read(&out)?);
        }
        let diff = max_abs_diff(&outputs[0]["o"], &outputs[1]["o"]);
        if diff > 2e-2 {
            return Err(format!(
                "{kernel}: `o` differs between interp and pjrt-cpu by {diff}"
            ));
        }
        agreed += 1;
    }

    let paged = dir.join("paged.safetensors");
    let bad = [
        (
            with(&paged, dir, "missing", |t| {
                t.remove("v_cache");
            })?,
            "`v_cache`",
        ),
        (
            with(&paged, dir, "dtype", |t| {
                let lens = t["context_lens"].to_f32_vec();
                t.insert(
                    "context_lens".into(),
                    HostTensor::from_f32(DType::F32, &[lens.len()], &lens).unwrap(),
                );
            })?,
            "`context_lens`",
        ),
        (
            with(&paged, dir, "shape", |t| {
                let q = &t["q"];
                let s = q.shape().to_vec();
                t.insert(
                    "q".into(),
                    HostTensor::zeros(q.dtype(), &[s[0], s[1], s[2] / 2]),
                );
            })?,
            "`q`",
        ),
        (
            with(&paged, dir, "index", |t| {
                let bt = &t["block_tables"];
                let mut v = bt.as_i32().unwrap().to_vec();
                v[0] = 1 << 20;
                t.insert(
                    "block_tables".into(),
                    HostTensor::from_i32(bt.shape(), v).unwrap(),
                );
            })?,
            "`block_tables`",
        ),
    ];
    for (file, needle) in &bad {
        rejected("paged", file, dir, needle)?;
    }
    let kascade = dir.join("kascade-decode.safetensors");
    let bad_idx = with(&kascade, dir, "kascade-index", |t| {
        let idx = &t["idx"];
        let mut v = idx.as_i32().unwrap().to_vec();
        v[0] = 1 << 20;
        t.insert("idx".into(), HostTensor::from_i32(idx.shape(), v).unwrap());
    })?;
    rejected("kascade-decode", &bad_idx, dir, "`idx`")?;
    println!(
        "run_decode: model run ok; synthetic run ok ({tokens}); file mode: {agreed} kernels agree on interp and pjrt-cpu, {} malformed files rejected",
        bad.len() + 1
    );
    Ok(())
}
