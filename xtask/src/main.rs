//! Project chores: `cargo xtask <task>`.
//!
//! - `test`: everything CI runs (installs what the tests need first), and
//!   builds what only the `cuda` feature builds (the CUDA launcher, the GPU
//!   check and benchmark), which no test here can run.
//! - `bless`: re-writes golden files from the current output.
//! - `ptx-check`: assembles every shipped kernel's PTX with ptxas (also run by `test`).
//! - `decode-check`: runs `run_decode` (the main job) and checks its file
//!   mode on good and malformed inputs (also run by `test`).
//! - `install-pjrt`: downloads the XLA CPU PJRT plugin into the user's cache
//!   (also run by `test`; `TILEKIT_PJRT_PLUGIN` names another plugin instead).
//! - `tpu-check`: lowers every shipped TPU kernel to Mosaic and compiles it
//!   with libtpu for v5e and v6e, no TPU needed (also run by `test`).
//! - `tpu-sharded`: only `tpu-check`'s last part, SmolLM2's tensor-parallel
//!   step compiled for a multi-chip v5e slice.
//! - `install-libtpu`: downloads libtpu into the user's cache (also run by
//!   `tpu-check`; `TILEKIT_LIBTPU` names another copy instead).
//! - `install-model`: downloads the SmolLM2-135M GGUF into the user's cache
//!   (also run by `test`; `TILEKIT_MODEL_DIR` names another cache directory).
//! - `model-check`: tilekit's SmolLM2-135M against llama.cpp on the same
//!   GGUF file: token ids, and teacher-forced logits within thresholds
//!   (also run by `test`, last).
//! - `install-peer`: builds llama-cpp-python (llama.cpp, the peer of
//!   `model-check`) into a venv in the user's cache, once per machine
//!   (`test` starts it in the background at its beginning).

mod agreement;
mod decode_check;
mod model_check;
mod peer;
mod peer_background;
mod ptx_check;
mod tilekit_logits;
mod tpu_check;
mod tpu_sharded;

use std::process::{Command, ExitCode};

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn run(what: &str, cmd: &mut Command) -> Result<(), String> {
    eprintln!("xtask: {what}");
    let status = cmd
        .status()
        .map_err(|e| format!("{what}: could not start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what}: failed ({status})"))
    }
}

fn test() -> Result<(), String> {
    let start = std::time::Instant::now();
    // llama-cpp-python's build (minutes, once per machine) runs beside
    // everything below; model-check waits for it at the end.
    let peer = peer_background::start()?;
    // The CUDA launcher and the GPU examples only build with the `cuda`
    // feature and only run on a GPU, so this is the one place they are
    // compiled (cudarc loads libcuda at run time: no CUDA toolkit needed).
    run(
        "cargo check --workspace --all-targets --features cuda",
        cargo().args([
            "check",
            "--workspace",
            "--all-targets",
            "--features",
            "cuda",
        ]),
    )?;
    // The StableHLO/PJRT tests run on the XLA CPU plugin.
    install_pjrt()?;
    // tilekit-model's tests, serve's and tpu-check's sharded step read the
    // real model.
    install_model()?;
    // It installs ptxas, which the PTX tests use.
    ptx_check::ptx_check()?;
    // Installs libtpu, which the Mosaic backend's tests use.
    tpu_check::tpu_check()?;
    run(
        "cargo test --workspace",
        cargo().args(["test", "--workspace", "--all-targets"]),
    )?;
    run("doc tests", cargo().args(["test", "--workspace", "--doc"]))?;
    run(
        "IR dump example",
        cargo()
            .args(["run", "--quiet", "--example", "ir_dump"])
            .stdout(std::process::Stdio::null()),
    )?;
    decode_check::decode_check()?;
    model_check::model_check(&[], Some(peer))?;
    eprintln!(
        "xtask: test passed in {:.1} min",
        start.elapsed().as_secs_f64() / 60.0
    );
    Ok(())
}

fn install_peer() -> Result<(), String> {
    let python = peer::install(false)?;
    eprintln!("xtask: llama-cpp-python's Python at {}", python.display());
    Ok(())
}

fn install_pjrt() -> Result<(), String> {
    eprintln!("xtask: install the PJRT CPU plugin (downloaded once, then cached)");
    let path = tilekit_pjrt::provision::install().map_err(|e| e.to_string())?;
    eprintln!("xtask: PJRT plugin at {}", path.display());
    Ok(())
}

fn install_model() -> Result<(), String> {
    eprintln!("xtask: install the model (downloaded once, then cached)");
    let path = tilekit_model::fetch::install().map_err(|e| e.to_string())?;
    eprintln!("xtask: model at {}", path.display());
    Ok(())
}

fn bless() -> Result<(), String> {
    run(
        "golden tests with TILEKIT_BLESS=1",
        cargo()
            .args(["test", "--workspace", "golden"])
            .env("TILEKIT_BLESS", "1"),
    )
}

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "test" => test(),
        "bless" => bless(),
        "ptx-check" => ptx_check::ptx_check(),
        "install-pjrt" => install_pjrt(),
        "decode-check" => decode_check::decode_check(),
        "tpu-check" => tpu_check::tpu_check(),
        "install-libtpu" => tpu_check::install_libtpu(),
        "tpu-sharded" => tpu_check::install_libtpu().and_then(|()| tpu_sharded::sharded_step()),
        "install-model" => install_model(),
        "model-check" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            model_check::model_check(&args, None)
        }
        "install-peer" => install_peer(),
        _ => Err(format!(
            "unknown task `{task}`; tasks: test (everything CI runs), bless (re-write golden files), ptx-check (assemble every kernel's PTX), install-pjrt (fetch the XLA CPU PJRT plugin), decode-check (run_decode and its file mode), tpu-check (compile every TPU kernel with libtpu), tpu-sharded (only tpu-check's tensor-parallel step), install-libtpu (fetch libtpu), install-model (fetch the SmolLM2-135M GGUF), model-check [--model PATH] [--no-exact] [--bench] [--floor] (tilekit's model against llama.cpp), install-peer (build llama-cpp-python)"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
