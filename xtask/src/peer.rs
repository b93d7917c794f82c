//! llama.cpp as the peer of tilekit's model: installing llama-cpp-python
//! (once per machine) and running `xtask/peer/llama_peer.py` on a GGUF file.
//!
//! llama-cpp-python has no prebuilt wheel for this platform, so pip builds
//! llama.cpp from source (about 8 minutes on 2 cores). The build happens
//! once: `pip wheel` leaves the wheel and its dependencies' wheels under
//! `~/.cache/tilekit/wheels`, and a virtual environment under
//! `~/.cache/tilekit/llama-cpp-python-<version>` is installed from there
//! with `--no-index`, so later installs need no network and the machine's
//! own Python is left alone.

use std::path::{Path, PathBuf};
use std::process::Command;
use tilekit_core::tensor::read_safetensors;
use tilekit_core::HostTensor;

/// The pinned llama-cpp-python (it pins its llama.cpp); figures in
/// `xtask/peer/README.md` were measured with it.
pub const LLAMA_CPP_PYTHON_VERSION: &str = "0.3.36";
/// The GGUF reader the exact f64 forward uses (`--floor` only).
const GGUF_VERSION: &str = "0.19.0";

pub fn cache_dir() -> Result<PathBuf, String> {
    tilekit_pjrt::provision::cache_dir().map_err(|e| e.to_string())
}

fn harness_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("peer")
}

/// Runs `cmd`, its output shown; an error names the command.
fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{}`: {e}", shown(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", shown(cmd)))
    }
}

fn shown(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn venv_dir() -> Result<PathBuf, String> {
    Ok(cache_dir()?.join(format!("llama-cpp-python-{LLAMA_CPP_PYTHON_VERSION}")))
}

/// The peer's Python if the venv already imports llama_cpp (and, with
/// `with_gguf`, gguf): a fraction of a second, no network.
pub fn installed(with_gguf: bool) -> Result<Option<PathBuf>, String> {
    let python = venv_dir()?.join("bin").join("python");
    let probe = if with_gguf {
        "import llama_cpp, gguf"
    } else {
        "import llama_cpp"
    };
    let ok = python.is_file()
        && Command::new(&python)
            .args(["-c", probe])
            .output()
            .is_ok_and(|o| o.status.success());
    Ok(ok.then_some(python))
}

/// An exclusive lock on the install (held until dropped), so that two
/// installs (a background one of `cargo xtask test` left running, and a
/// later one) do not build into the same folders at once.
fn lock(cache: &Path) -> Result<std::fs::File, String> {
    std::fs::create_dir_all(cache).map_err(|e| format!("{}: {e}", cache.display()))?;
    let path = cache.join("llama-cpp-python.lock");
    let file = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if file.try_lock().is_err() {
        eprintln!(
            "xtask: another llama-cpp-python install holds {}; waiting for it",
            path.display()
        );
        file.lock()
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(file)
}

/// The peer's Python: a venv with llama-cpp-python (and, with `with_gguf`,
/// the `gguf` reader), installed from the cached wheels, built first if
/// missing.
pub fn install(with_gguf: bool) -> Result<PathBuf, String> {
    if let Some(python) = installed(with_gguf)? {
        return Ok(python);
    }
    let cache = cache_dir()?;
    let _lock = lock(&cache)?;
    if let Some(python) = installed(with_gguf)? {
        // Another install finished while this one waited for the lock.
        return Ok(python);
    }
    let wheels = cache.join("wheels");
    let venv = venv_dir()?;
    let python = venv.join("bin").join("python");
    let mut wanted = vec![format!("llama-cpp-python=={LLAMA_CPP_PYTHON_VERSION}")];
    if with_gguf {
        wanted.push(format!("gguf=={GGUF_VERSION}"));
    }
    eprintln!(
        "xtask: install {} into {}",
        wanted.join(", "),
        venv.display()
    );
    if !python.is_file() {
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    let pip = |args: &[&str]| {
        let mut c = Command::new(&python);
        c.args(["-m", "pip", "--disable-pip-version-check"])
            .args(args)
            .arg("--find-links")
            .arg(&wheels)
            .args(&wanted);
        c
    };
    let mut offline = pip(&["install", "--quiet", "--no-index"]);
    if offline.output().is_ok_and(|o| o.status.success()) {
        return Ok(python);
    }
    // Not cached yet: `pip wheel` reuses what --find-links already holds and
    // builds or downloads the rest into the same folder.
    eprintln!(
        "xtask: building llama-cpp-python {LLAMA_CPP_PYTHON_VERSION} from source into {} (about 8 minutes on 2 cores, once per machine)",
        wheels.display()
    );
    std::fs::create_dir_all(&wheels).map_err(|e| format!("{}: {e}", wheels.display()))?;
    let wheels_arg = wheels.display().to_string();
    run(&mut pip(&["wheel", "--quiet", "-w", &wheels_arg]))?;
    run(&mut pip(&["install", "--quiet", "--no-index"]))?;
    Ok(python)
}

/// Runs `llama_peer.py <args>` (or another script of `xtask/peer/`) with the
/// peer's Python; returns its stdout, which is also echoed.
pub fn harness(python: &Path, script: &str, args: &[&str]) -> Result<String, String> {
    let mut cmd = Command::new(python);
    cmd.arg(harness_dir().join(script)).args(args);
    let out = cmd
        .output()
        .map_err(|e| format!("could not start `{}`: {e}", shown(&cmd)))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    print!("{stdout}");
    if !out.status.success() {
        return Err(format!(
            "`{}` failed ({}):\n{}",
            shown(&cmd),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(stdout)
}

/// A string and llama.cpp's token ids for it.
pub struct Tokenized {
    pub text: String,
    pub ids: Vec<u32>,
}

/// `llama_peer.py tokenize` output: the tokenizer inputs and the logits prompts.
pub struct PeerTokens {
    pub strings: Vec<Tokenized>,
    pub prompts: Vec<Tokenized>,
}

pub fn read_tokens(path: &Path) -> Result<PeerTokens, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let list = |key: &str| -> Result<Vec<Tokenized>, String> {
        let bad = || format!("{}: `{key}` is not a list of {{text, ids}}", path.display());
        let items = json[key].as_array().ok_or_else(bad)?;
        items
            .iter()
            .map(|e| {
                let text = e["text"].as_str().ok_or_else(bad)?.to_string();
                let ids = e["ids"]
                    .as_array()
                    .ok_or_else(bad)?
                    .iter()
                    .map(|v| v.as_u64().map(|v| v as u32).ok_or_else(bad))
                    .collect::<Result<_, _>>()?;
                Ok(Tokenized { text, ids })
            })
            .collect()
    };
    Ok(PeerTokens {
        strings: list("tokenize")?,
        prompts: list("logits")?,
    })
}

/// One teacher-forced prompt: its tokens and llama.cpp's logits after each.
pub struct PeerLogits {
    pub tokens: Vec<u32>,
    /// `[tokens.len(), vocab]`, row-major.
    pub logits: Vec<f32>,
    pub vocab: usize,
}

/// `llama_peer.py logits` output, prompt by prompt.
pub fn read_logits(path: &Path) -> Result<Vec<PeerLogits>, String> {
    let mut t = read_safetensors(path).map_err(|e| e.to_string())?;
    let mut prompts = Vec::new();
    for i in 0.. {
        let (Some(tokens), Some(logits)) = (
            t.remove(&format!("tokens.{i}")),
            t.remove(&format!("logits.{i}")),
        ) else {
            break;
        };
        let tokens: Vec<u32> = tokens
            .as_i32()
            .ok_or(format!("{}: tokens.{i} is not i32", path.display()))?
            .iter()
            .map(|&t| t as u32)
            .collect();
        let shape = logits.shape().to_vec();
        if shape.len() != 2 || shape[0] != tokens.len() {
            return Err(format!(
                "{}: logits.{i} has shape {shape:?} for {} tokens",
                path.display(),
                tokens.len()
            ));
        }
        prompts.push(PeerLogits {
            tokens,
            logits: HostTensor::to_f32_vec(&logits),
            vocab: shape[1],
        });
    }
    Ok(prompts)
}
