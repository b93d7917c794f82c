//! Finding, installing and loading libtpu, the TPU PJRT plugin, for
//! ahead-of-time compilation on a machine without a TPU.
//!
//! libtpu ships in the `libtpu` Python package (a 213 MB wheel holding the
//! 693 MB `libtpu/libtpu.so`, PJRT C API 0.112). It is fetched with pip's
//! own client and cached under the user's cache directory exactly like the
//! XLA CPU plugin ([`crate::provision`]); `TILEKIT_LIBTPU` names another
//! copy instead.

use crate::aot::Topology;
use crate::error::PjrtError;
use crate::plugin::{Attribute, Plugin};
use crate::provision::{cache_dir, install_package, Package};
use std::path::PathBuf;
use std::sync::Arc;

/// The environment variable naming a `libtpu.so` to use instead of the cache.
pub const LIBTPU_ENV: &str = "TILEKIT_LIBTPU";
/// The Python package carrying libtpu, and its pinned version.
pub const LIBTPU_PACKAGE: &str = "libtpu";
pub const LIBTPU_VERSION: &str = "0.0.42.1";
pub use crate::error::LIBTPU_INSTALL_COMMAND;
const LIBTPU_IN_PACKAGE: &str = "libtpu/libtpu.so";

/// The directory the libtpu package is unpacked into.
pub fn libtpu_package_dir() -> Result<PathBuf, PjrtError> {
    Ok(cache_dir()?
        .join("libtpu")
        .join(format!("{LIBTPU_PACKAGE}-{LIBTPU_VERSION}")))
}

/// The libtpu to use: `TILEKIT_LIBTPU` if set, else the cached copy. A
/// missing file is an error naming the install command.
pub fn libtpu_path() -> Result<PathBuf, PjrtError> {
    let (path, origin) = match std::env::var_os(LIBTPU_ENV).filter(|v| !v.is_empty()) {
        Some(p) => (PathBuf::from(p), format!(" (named by {LIBTPU_ENV})")),
        None => (
            libtpu_package_dir()?.join(LIBTPU_IN_PACKAGE),
            " (tilekit's libtpu cache)".to_string(),
        ),
    };
    if path.is_file() {
        Ok(path)
    } else {
        Err(PjrtError::LibtpuNotFound { path, origin })
    }
}

/// Makes sure libtpu is available and returns its path, downloading and
/// unpacking the wheel into the cache the first time.
pub fn install_libtpu() -> Result<PathBuf, PjrtError> {
    if std::env::var_os(LIBTPU_ENV).is_some_and(|v| !v.is_empty()) {
        return libtpu_path();
    }
    install_package(&Package {
        name: LIBTPU_PACKAGE,
        version: LIBTPU_VERSION,
        dir: libtpu_package_dir()?,
        file: LIBTPU_IN_PACKAGE,
    })
}

/// Loads the installed libtpu (once per process; see [`Plugin::load`]).
///
/// libtpu assumes it runs on a TPU VM, so four variables are set first,
/// each unless it is set already; none changes what it compiles (the code
/// sizes are identical with and without them):
/// - `TPU_SKIP_MDS_QUERY=1`: else it spends minutes polling a cloud
///   metadata server that is not there;
/// - `ALLOW_MULTIPLE_LIBTPU_LOAD=1`: else initialising takes an exclusive
///   lock (`/tmp/libtpu_lockfile`) meant for the TPU device, and a second
///   process compiling at the same time (a test binary started by
///   `cargo xtask test`, another user's check) fails with "Internal error
///   when accessing libtpu multi-process lockfile". Compiling needs no
///   device, so sharing is safe;
/// - `TPU_WORKER_HOSTNAMES=localhost`: else it logs an `INVALID_ARGUMENT`
///   error about worker hostnames on every load;
/// - `TPU_HOST_BOUNDS=1,1,1` (one host): else it warns that it cannot find
///   the host bounds of an unknown accelerator type.
///
/// They must be in the environment before libtpu initialises.
pub fn load_libtpu() -> Result<Arc<Plugin>, PjrtError> {
    let path = libtpu_path()?;
    for (key, value) in [
        ("TPU_SKIP_MDS_QUERY", "1"),
        ("ALLOW_MULTIPLE_LIBTPU_LOAD", "1"),
        ("TPU_WORKER_HOSTNAMES", "localhost"),
        ("TPU_HOST_BOUNDS", "1,1,1"),
    ] {
        if std::env::var_os(key).is_none() {
            std::env::set_var(key, value);
        }
    }
    Plugin::load(path)
}

/// A one-chip topology of TPU generation `chip` as libtpu names them:
/// `v5e` and `v6e` (2D tori: `v5e:1x1`), `v4`, `v5p` and `tpu7x` (3D:
/// `v4:1x1x1`). libtpu also wants the chips per host spelled out as the
/// create option `chips_per_host_bounds`.
pub fn one_chip_topology(plugin: Arc<Plugin>, chip: &str) -> Result<Topology, PjrtError> {
    let name = match chip {
        "v5e" | "v6e" => format!("{chip}:1x1"),
        _ => format!("{chip}:1x1x1"),
    };
    Topology::new(
        plugin,
        &name,
        &[("chips_per_host_bounds", Attribute::Ints(vec![1, 1, 1]))],
    )
}

/// A multi-chip slice of `chip` (`v5e`, `v6e`): `x` by `y` chips on one
/// host (`v5e:2x2`), what a sharded program compiles for.
pub fn slice_topology(
    plugin: Arc<Plugin>,
    chip: &str,
    x: usize,
    y: usize,
) -> Result<Topology, PjrtError> {
    Topology::new(
        plugin,
        &format!("{chip}:{x}x{y}"),
        &[(
            "chips_per_host_bounds",
            Attribute::Ints(vec![x as i64, y as i64, 1]),
        )],
    )
}
