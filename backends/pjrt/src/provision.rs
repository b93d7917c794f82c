//! Finding and installing the XLA CPU PJRT plugin.
//!
//! The plugin ships in the `xla-cpu-pjrt` Python package (a wheel: a zip
//! holding `xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so` and the
//! `pjrt_c_api.h` it was built from). [`install`] fetches it with pip's own
//! client (`python3 -m pip download --no-deps`), unpacks it with Python's
//! `zipfile`, and caches it under the user's cache directory, so a fresh
//! machine needs only `python3` with pip. `TILEKIT_PJRT_PLUGIN` points at
//! any other plugin (e.g. JAX's CUDA plugin on a GPU machine) instead.

use crate::error::PjrtError;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The environment variable naming a plugin `.so` to use instead of the cache.
pub const PLUGIN_ENV: &str = "TILEKIT_PJRT_PLUGIN";
/// The Python package carrying the XLA CPU plugin, and its pinned version.
pub const CPU_PACKAGE: &str = "xla-cpu-pjrt";
pub const CPU_PACKAGE_VERSION: &str = "0.0.1";
/// Where the plugin and its header sit inside the unpacked package.
const PLUGIN_IN_PACKAGE: &str = "xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so";
const HEADER_IN_PACKAGE: &str = "xla_plugins/xla_cpu_pjrt/include/pjrt_c_api.h";

/// `$XDG_CACHE_HOME/tilekit`, else `$HOME/.cache/tilekit`.
pub fn cache_dir() -> Result<PathBuf, PjrtError> {
    let non_empty = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(x) = non_empty("XDG_CACHE_HOME") {
        return Ok(PathBuf::from(x).join("tilekit"));
    }
    if let Some(h) = non_empty("HOME") {
        return Ok(PathBuf::from(h).join(".cache").join("tilekit"));
    }
    Err(PjrtError::Install(
        "neither XDG_CACHE_HOME nor HOME is set, so there is no cache directory for the plugin; set TILEKIT_PJRT_PLUGIN".into(),
    ))
}

/// The directory the CPU package is unpacked into.
pub fn cpu_package_dir() -> Result<PathBuf, PjrtError> {
    Ok(cache_dir()?
        .join("pjrt")
        .join(format!("{CPU_PACKAGE}-{CPU_PACKAGE_VERSION}")))
}

/// The cached CPU plugin's path (which may not exist yet).
pub fn cached_cpu_plugin() -> Result<PathBuf, PjrtError> {
    Ok(cpu_package_dir()?.join(PLUGIN_IN_PACKAGE))
}

/// The `pjrt_c_api.h` shipped beside the cached CPU plugin.
pub fn cached_cpu_header() -> Result<PathBuf, PjrtError> {
    Ok(cpu_package_dir()?.join(HEADER_IN_PACKAGE))
}

/// The plugin to use: `TILEKIT_PJRT_PLUGIN` if set, else the cached CPU
/// plugin. A missing file is an error naming the install command.
pub fn plugin_path() -> Result<PathBuf, PjrtError> {
    if let Some(p) = std::env::var_os(PLUGIN_ENV).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(p);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(PjrtError::PluginNotFound {
                path,
                origin: format!(" (named by {PLUGIN_ENV})"),
            })
        };
    }
    let path = cached_cpu_plugin()?;
    if path.is_file() {
        Ok(path)
    } else {
        Err(PjrtError::PluginNotFound {
            path,
            origin: " (tilekit's plugin cache)".into(),
        })
    }
}

/// Makes sure a plugin is available and returns its path: the one named by
/// `TILEKIT_PJRT_PLUGIN` if set (it must exist), else the cached CPU plugin,
/// downloading and unpacking the package first if it is not cached yet.
pub fn install() -> Result<PathBuf, PjrtError> {
    if std::env::var_os(PLUGIN_ENV).is_some_and(|v| !v.is_empty()) {
        return plugin_path();
    }
    install_package(&Package {
        name: CPU_PACKAGE,
        version: CPU_PACKAGE_VERSION,
        dir: cpu_package_dir()?,
        file: PLUGIN_IN_PACKAGE,
    })
}

/// A Python package holding a plugin, and where it is cached.
pub(crate) struct Package {
    pub name: &'static str,
    pub version: &'static str,
    /// The directory the wheel is unpacked into.
    pub dir: PathBuf,
    /// The file inside the package that must be there (the plugin).
    pub file: &'static str,
}

/// Returns `package.dir/package.file`, first downloading and unpacking the
/// package into `package.dir` if that file is not there yet.
pub(crate) fn install_package(package: &Package) -> Result<PathBuf, PjrtError> {
    let plugin = package.dir.join(package.file);
    if plugin.is_file() {
        return Ok(plugin);
    }
    let target = &package.dir;
    let parent = target
        .parent()
        .ok_or_else(|| PjrtError::Install(format!("{} has no parent", target.display())))?;
    std::fs::create_dir_all(parent)
        .map_err(|e| PjrtError::Install(format!("creating {}: {e}", parent.display())))?;
    let staging = parent.join(format!(".staging-{}-{}", package.name, std::process::id()));
    let result = download_and_unpack(package, &staging).and_then(|unpacked| {
        // A rename is atomic, so a concurrent installer sees the whole
        // package or none; if another one won, its copy is as good.
        match std::fs::rename(&unpacked, target) {
            Ok(()) => Ok(()),
            Err(_) if plugin.is_file() => Ok(()),
            Err(e) => Err(PjrtError::Install(format!(
                "moving the package into {}: {e}",
                target.display()
            ))),
        }
    });
    let _ = std::fs::remove_dir_all(&staging);
    result?;
    if plugin.is_file() {
        Ok(plugin)
    } else {
        Err(PjrtError::Install(format!(
            "the {} package unpacked into {} but holds no {}",
            package.name,
            target.display(),
            package.file
        )))
    }
}

/// Downloads the wheel into `staging` and unpacks it; returns the unpacked dir.
fn download_and_unpack(package: &Package, staging: &Path) -> Result<PathBuf, PjrtError> {
    let _ = std::fs::remove_dir_all(staging);
    let download = staging.join("download");
    std::fs::create_dir_all(&download)
        .map_err(|e| PjrtError::Install(format!("creating {}: {e}", download.display())))?;
    let spec = format!("{}=={}", package.name, package.version);
    run_python(&[
        "-m".as_ref(),
        "pip".as_ref(),
        "download".as_ref(),
        "--no-deps".as_ref(),
        spec.as_ref(),
        "-d".as_ref(),
        download.as_os_str(),
    ])?;
    let wheel = std::fs::read_dir(&download)
        .map_err(|e| PjrtError::Install(format!("reading {}: {e}", download.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| {
            PjrtError::Install(format!(
                "pip reported success but left no wheel in {}",
                download.display()
            ))
        })?;
    let unpacked = staging.join("package");
    run_python(&[
        "-m".as_ref(),
        "zipfile".as_ref(),
        "-e".as_ref(),
        wheel.as_os_str(),
        unpacked.as_os_str(),
    ])?;
    Ok(unpacked)
}

fn run_python(args: &[&std::ffi::OsStr]) -> Result<(), PjrtError> {
    let shown: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let command = format!("python3 {}", shown.join(" "));
    let out = Command::new("python3").args(args).output().map_err(|e| {
        PjrtError::Install(format!(
            "`{command}` could not start ({e}); installing the plugin needs python3 with pip"
        ))
    })?;
    if out.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(8).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Err(PjrtError::Install(format!(
            "`{command}` failed ({}):\n{}",
            out.status,
            tail.join("\n")
        )))
    }
}
