//! Turning an emitted module into what the driver loads, through the
//! [`crate::cache`]: ptxas's cubin when ptxas is installed (`cargo xtask
//! ptx-check` puts it under `~/.cache/tilekit`, `TILEKIT_PTXAS` overrides),
//! else (on the device, feature `cuda`) the driver JIT's cubin. Each is
//! keyed by its compiler's version, so a new ptxas or driver never loads
//! an old file.

use crate::cache::{CacheKey, CubinCache, Source};
use std::path::{Path, PathBuf};
use std::process::Command;
use tilekit_ptx::ptxas::{self, PtxasError};
use tilekit_ptx::PtxModule;

/// An installed ptxas and its version line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ptxas {
    pub path: PathBuf,
    /// `ptxas V13.5.37` (from `ptxas --version`).
    pub version: String,
}

impl Ptxas {
    /// The installed ptxas, if any ([`ptxas::find`]: `TILEKIT_PTXAS`, the
    /// cache, `PATH`), with its version.
    pub fn find() -> Result<Ptxas, PtxasError> {
        let path = ptxas::find()?;
        let version = version(&path)?;
        Ok(Ptxas { path, version })
    }

    /// `module` assembled by this ptxas, from the cache when it is there.
    pub fn cubin(
        &self,
        cache: &CubinCache,
        module: &PtxModule,
    ) -> Result<(Vec<u8>, Source), PtxasError> {
        let key = CacheKey::for_module(&self.version, module);
        cache.get_or_build(&key, || {
            let report = ptxas::assemble(&self.path, &module.text, &module.entry, module.target)?;
            if report.cubin.is_empty() {
                return Err(PtxasError::Run {
                    path: self.path.clone(),
                    error: format!("no cubin written for kernel `{}`", module.kernel),
                });
            }
            Ok(report.cubin)
        })
    }
}

/// The release line of `ptxas --version` (`Cuda compilation tools, release
/// 13.5, V13.5.37` → `ptxas V13.5.37`).
fn version(path: &Path) -> Result<String, PtxasError> {
    let out = Command::new(path)
        .arg("--version")
        .output()
        .map_err(|e| PtxasError::Run {
            path: path.to_path_buf(),
            error: e.to_string(),
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    parse_version(&text).ok_or_else(|| PtxasError::Run {
        path: path.to_path_buf(),
        error: format!("`--version` printed no release line: {text:?}"),
    })
}

fn parse_version(text: &str) -> Option<String> {
    let line = text.lines().find(|l| l.contains("release"))?;
    let v = line.split([',', ' ']).find(|w| w.starts_with('V'))?;
    Some(format!("ptxas {v}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tilekit_core::{ir::Index, DType, KernelBuilder};
    use tilekit_ptx::{emit, Target};

    #[test]
    fn reads_the_release_line() {
        let text = "ptxas: NVIDIA (R) Ptx optimizing assembler\nCopyright (c) 2005-2026 NVIDIA Corporation\nBuilt on Mon_Oct_12_19:25:48_PDT_2026\nCuda compilation tools, release 13.5, V13.5.37\nBuild cuda_13.5.r13.5/compiler.39125733_0\n";
        assert_eq!(parse_version(text).as_deref(), Some("ptxas V13.5.37"));
        assert_eq!(parse_version("garbage"), None);
    }

    /// Runs where ptxas is installed (`cargo xtask ptx-check`); says so and
    /// passes where it is not.
    #[test]
    fn caches_ptxas_cubins_per_target() {
        let p = match Ptxas::find() {
            Ok(p) => p,
            Err(e) => {
                eprintln!("skipped: {e}");
                return;
            }
        };
        let mut kb = KernelBuilder::new("double");
        kb.grid(&[1]);
        let x = kb.input("x", DType::F32, &[4]);
        let y = kb.output("y", DType::F32, &[4]);
        let t = kb.load(x, &[Index::Full]);
        let two = kb.f32(2.0);
        let t = kb.mul(t, two);
        kb.store(y, &[Index::Full], t);
        let k = kb.finish().unwrap();
        let dir = std::env::temp_dir().join(format!("tilekit-ptxas-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let cache = CubinCache::new(&dir);
        for target in Target::ALL {
            let m = emit(&k, target).unwrap();
            let (cubin, s) = p.cubin(&cache, &m).unwrap();
            assert_eq!(s, Source::Built);
            assert_eq!(&cubin[..4], b"\x7fELF", "a cubin is an ELF file");
            let (again, s) = p.cubin(&cache, &m).unwrap();
            assert!(matches!(s, Source::Cached(_)), "{s:?}");
            assert_eq!(again, cubin);
            // Damage on disk: assembled again, not loaded.
            let key = CacheKey::for_module(&p.version, &m);
            std::fs::write(cache.path(&key), b"TKCUBIN\0junk").unwrap();
            let (fixed, s) = p.cubin(&cache, &m).unwrap();
            assert!(matches!(s, Source::Rebuilt(_)), "{s:?}");
            assert_eq!(fixed, cubin);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
