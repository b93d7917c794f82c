//! The real PTX assembler, to check emitted text on machines without a GPU.
//!
//! ptxas comes from the `nvidia-cuda-nvcc` Python wheel (it runs on any
//! x86-64 Linux and assembles for every architecture). [`find`] looks for it
//! (`TILEKIT_PTXAS`, then the cache, then `PATH`); [`install`] fetches the
//! wheel with pip and unpacks ptxas into the cache (`$XDG_CACHE_HOME` or
//! `~/.cache`, under `tilekit/`). [`assemble`] runs `ptxas -v` and reads
//! back registers, spills and stack use.

use crate::Target;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The pinned wheel version (13.x carries `nvidia/cu13/bin/ptxas`).
pub const NVCC_WHEEL_VERSION: &str = "13.5.37";
const WHEEL_PTXAS: &str = "nvidia/cu13/bin/ptxas";

/// The command that installs ptxas into the cache.
pub fn install_command() -> String {
    format!(
        "`cargo xtask ptx-check` (which runs `python3 -m pip download --no-deps nvidia-cuda-nvcc=={NVCC_WHEEL_VERSION} -d DIR` and unpacks {WHEEL_PTXAS} to {}), or set TILEKIT_PTXAS to a ptxas binary",
        cached_path().display()
    )
}

#[derive(Debug, thiserror::Error)]
pub enum PtxasError {
    #[error("ptxas not found; install it with {}", install_command())]
    NotFound,
    #[error("TILEKIT_PTXAS={0} does not exist")]
    BadOverride(PathBuf),
    #[error("installing ptxas failed: {0}")]
    Install(String),
    #[error("running {path}: {error}")]
    Run { path: PathBuf, error: String },
    #[error("ptxas rejected kernel `{entry}` for {target}:\n{log}")]
    Rejected {
        entry: String,
        target: &'static str,
        log: String,
    },
}

fn cache_dir() -> PathBuf {
    crate::wheel::cache_dir("nvidia-cuda-nvcc", NVCC_WHEEL_VERSION)
}

/// Where [`install`] puts ptxas.
pub fn cached_path() -> PathBuf {
    cache_dir().join(WHEEL_PTXAS)
}

/// Finds ptxas: `TILEKIT_PTXAS`, the cache, then `PATH`.
pub fn find() -> Result<PathBuf, PtxasError> {
    if let Some(p) = std::env::var_os("TILEKIT_PTXAS").filter(|v| !v.is_empty()) {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(PtxasError::BadOverride(p))
        };
    }
    let cached = cached_path();
    if cached.is_file() {
        return Ok(cached);
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join("ptxas"))
        .find(|p| p.is_file())
        .ok_or(PtxasError::NotFound)
}

/// Finds ptxas, installing it into the cache first if needed.
pub fn find_or_install() -> Result<PathBuf, PtxasError> {
    match find() {
        Err(PtxasError::NotFound) => install(),
        other => other,
    }
}

/// Downloads the `nvidia-cuda-nvcc` wheel with pip and unpacks ptxas into
/// the cache. Returns its path.
pub fn install() -> Result<PathBuf, PtxasError> {
    crate::wheel::install("nvidia-cuda-nvcc", NVCC_WHEEL_VERSION, WHEEL_PTXAS)
        .map_err(PtxasError::Install)
}

/// What `ptxas -v` reported for one kernel.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PtxasReport {
    pub registers: u32,
    pub spill_stores: u32,
    pub spill_loads: u32,
    pub stack_bytes: u32,
    /// `ptxas warning` lines.
    pub warnings: Vec<String>,
    /// Everything ptxas printed.
    pub log: String,
    /// The assembled cubin (for disassembly with [`crate::sass`]).
    pub cubin: Vec<u8>,
}

impl PtxasReport {
    pub fn spill_bytes(&self) -> u32 {
        self.spill_stores + self.spill_loads
    }

    fn parse(log: &str) -> PtxasReport {
        // "N bytes stack frame, N bytes spill stores, N bytes spill loads"
        // and "Used N registers, ...".
        let number_before = |line: &str, what: &str| -> Option<u32> {
            let at = line.find(what)?;
            line[..at].split_whitespace().last()?.parse().ok()
        };
        let number_after = |line: &str, what: &str| -> Option<u32> {
            let at = line.find(what)? + what.len();
            line[at..].split_whitespace().next()?.parse().ok()
        };
        let mut r = PtxasReport {
            log: log.to_string(),
            ..Default::default()
        };
        for line in log.lines() {
            if let Some(n) = number_after(line, "Used ") {
                r.registers = r.registers.max(n);
            }
            if let Some(n) = number_before(line, " bytes stack frame") {
                r.stack_bytes = r.stack_bytes.max(n);
            }
            if let Some(n) = number_before(line, " bytes spill stores") {
                r.spill_stores = r.spill_stores.max(n);
            }
            if let Some(n) = number_before(line, " bytes spill loads") {
                r.spill_loads = r.spill_loads.max(n);
            }
            if line.contains("warning") {
                r.warnings.push(line.trim().to_string());
            }
        }
        r
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Assembles `ptx` (whose entry is `entry`) for `target` with `ptxas -v`.
pub fn assemble(
    ptxas: &Path,
    ptx: &str,
    entry: &str,
    target: Target,
) -> Result<PtxasReport, PtxasError> {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let stem = std::env::temp_dir().join(format!("tilekit-ptxas-{}-{n}", std::process::id()));
    let (src, out) = (stem.with_extension("ptx"), stem.with_extension("cubin"));
    let run_err = |error: String| PtxasError::Run {
        path: ptxas.to_path_buf(),
        error,
    };
    std::fs::write(&src, ptx).map_err(|e| run_err(format!("{}: {e}", src.display())))?;
    let result = Command::new(ptxas)
        .arg("-v")
        .arg(format!("-arch={}", target.name()))
        .arg("-o")
        .arg(&out)
        .arg(&src)
        .output();
    let _ = std::fs::remove_file(&src);
    let cubin = std::fs::read(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    let output = result.map_err(|e| run_err(e.to_string()))?;
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if !output.status.success() {
        return Err(PtxasError::Rejected {
            entry: entry.to_string(),
            target: target.name(),
            log,
        });
    }
    Ok(PtxasReport {
        cubin,
        ..PtxasReport::parse(&log)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_verbose_report() {
        let log = "ptxas info    : 0 bytes gmem\nptxas info    : Compiling entry function 't' for 'sm_80'\nptxas info    : Function properties for t\n    8 bytes stack frame, 4 bytes spill stores, 12 bytes spill loads\nptxas info    : Used 13 registers, used 1 barriers, 364 bytes cmem[0]\n";
        let r = PtxasReport::parse(log);
        assert_eq!(
            (r.registers, r.stack_bytes, r.spill_stores, r.spill_loads),
            (13, 8, 4, 12)
        );
        assert_eq!(r.spill_bytes(), 16);
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn the_missing_ptxas_error_names_the_install_command() {
        let msg = PtxasError::NotFound.to_string();
        assert!(
            msg.contains("pip download --no-deps nvidia-cuda-nvcc=="),
            "{msg}"
        );
        assert!(msg.contains("TILEKIT_PTXAS"), "{msg}");
    }
}
