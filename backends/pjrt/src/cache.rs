//! An on-disk cache of compiled executables, so a process that compiles
//! the module an earlier process compiled (a model's 240-kernel decode
//! step, every test run) loads it instead of running XLA again.
//!
//! Where: `TILEKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/tilekit/executables`,
//! else `~/.cache/tilekit/executables`. `TILEKIT_CACHE_DIR=off` (or `0`,
//! `none`, `false`) turns it off.
//!
//! Key: a 128-bit hash of everything that can change the executable: the
//! plugin's path, size, modification time and C API version, the
//! platform's name and version, the compile options, `XLA_FLAGS` and the
//! module text. An entry is one file,
//! `<key>.pjrtx`:
//!
//! ```text
//! magic "TKPJRTX\0" | format version u32 | key [16] | payload length u64
//! | payload checksum u64 (FNV-1a) | payload (PJRT_Executable_Serialize)
//! ```
//!
//! An entry that does not check out (wrong magic, version or key, short,
//! checksum mismatch, or the plugin refuses to load it) is never trusted:
//! the module is compiled again, the entry rewritten, and a one-line
//! warning naming the file goes to stderr. Writes go to a temporary file
//! renamed into place, so a reader never sees half an entry.

use crate::client::Client;
use crate::error::PjrtError;
use crate::executable::Executable;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

const MAGIC: &[u8; 8] = b"TKPJRTX\0";
const FORMAT_VERSION: u32 = 1;
const HEADER_LEN: usize = 8 + 4 + 16 + 8 + 8;

/// What [`ExecutableCache::compile`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheOutcome {
    /// The cache is off: compiled.
    Disabled,
    /// Loaded from the cache; nothing compiled.
    Hit,
    /// Not in the cache: compiled and stored.
    Miss,
    /// The entry was corrupt or stale (the reason): compiled and rewritten.
    Rebuilt(String),
    /// Compiled, but the entry could not be stored (the plugin cannot
    /// serialize, or the write failed: the reason).
    NotStored(String),
}

/// Counts of outcomes since the cache was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: usize,
    pub misses: usize,
    pub rebuilt: usize,
    pub not_stored: usize,
}

/// A directory of serialized executables (or none: compile every time).
#[derive(Debug, Default)]
pub struct ExecutableCache {
    dir: Option<PathBuf>,
    hits: AtomicUsize,
    misses: AtomicUsize,
    rebuilt: AtomicUsize,
    not_stored: AtomicUsize,
    /// Whether "cannot serialize" was reported already (once per cache).
    warned_unsupported: std::sync::atomic::AtomicBool,
}

impl ExecutableCache {
    /// The cache `TILEKIT_CACHE_DIR` asks for (see the module docs).
    pub fn from_env() -> ExecutableCache {
        match std::env::var_os("TILEKIT_CACHE_DIR").filter(|v| !v.is_empty()) {
            Some(v) if ["off", "0", "none", "false"].contains(&v.to_string_lossy().as_ref()) => {
                ExecutableCache::disabled()
            }
            Some(v) => ExecutableCache::at(PathBuf::from(v)),
            None => match crate::provision::cache_dir() {
                Ok(d) => ExecutableCache::at(d.join("executables")),
                Err(_) => ExecutableCache::disabled(),
            },
        }
    }

    /// A cache in `dir` (created on first store).
    pub fn at(dir: impl Into<PathBuf>) -> ExecutableCache {
        ExecutableCache {
            dir: Some(dir.into()),
            ..Default::default()
        }
    }

    pub fn disabled() -> ExecutableCache {
        ExecutableCache::default()
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            rebuilt: self.rebuilt.load(Ordering::Relaxed),
            not_stored: self.not_stored.load(Ordering::Relaxed),
        }
    }

    /// The file an executable of `mlir` compiled on `client` is stored in.
    pub fn entry_path(&self, client: &Client, mlir: &str) -> Result<Option<PathBuf>, PjrtError> {
        let Some(dir) = &self.dir else {
            return Ok(None);
        };
        Ok(Some(
            dir.join(format!("{}.pjrtx", hex(&key(client, mlir)?))),
        ))
    }

    /// `client.compile(mlir)`, through the cache.
    pub fn compile(
        &self,
        client: &Client,
        mlir: &str,
    ) -> Result<(Executable, CacheOutcome), PjrtError> {
        self.compile_with(client, mlir, client.compile_options())
    }

    /// [`ExecutableCache::compile`] with explicit compile options (part of
    /// the key).
    pub(crate) fn compile_with(
        &self,
        client: &Client,
        mlir: &str,
        options: &[u8],
    ) -> Result<(Executable, CacheOutcome), PjrtError> {
        let Some(dir) = &self.dir else {
            return Ok((client.compile_with(mlir, options)?, CacheOutcome::Disabled));
        };
        let key = key_with(client, mlir, options)?;
        let path = dir.join(format!("{}.pjrtx", hex(&key)));
        let mut rebuilt = None;
        match std::fs::read(&path) {
            Ok(bytes) => match parse(&bytes, &key) {
                Ok(payload) => match client.deserialize(payload) {
                    Ok(exe) => {
                        self.hits.fetch_add(1, Ordering::Relaxed);
                        return Ok((exe, CacheOutcome::Hit));
                    }
                    Err(e) => rebuilt = Some(format!("the plugin cannot load it ({e})")),
                },
                Err(why) => rebuilt = Some(why),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => rebuilt = Some(format!("cannot read it ({e})")),
        }
        if let Some(why) = &rebuilt {
            eprintln!(
                "tilekit: executable cache entry {} is not usable: {why}; recompiling",
                path.display()
            );
        }
        let exe = client.compile_with(mlir, options)?;
        let stored = exe
            .serialize()
            .map_err(|e| {
                // Once per cache: every compile would say the same.
                if !self.warned_unsupported.swap(true, Ordering::Relaxed) {
                    eprintln!("tilekit: executable cache: the plugin cannot serialize executables ({e}); compiling every time");
                }
                format!("the plugin cannot serialize executables ({e})")
            })
            .and_then(|payload| {
                write_atomic(dir, &path, &entry(&key, &payload)).map_err(|e| {
                    let why = format!("cannot write {} ({e})", path.display());
                    eprintln!("tilekit: executable cache: {why}");
                    why
                })
            });
        let outcome = match (stored, rebuilt) {
            (Err(why), _) => {
                self.not_stored.fetch_add(1, Ordering::Relaxed);
                CacheOutcome::NotStored(why)
            }
            (Ok(()), Some(why)) => {
                self.rebuilt.fetch_add(1, Ordering::Relaxed);
                CacheOutcome::Rebuilt(why)
            }
            (Ok(()), None) => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                CacheOutcome::Miss
            }
        };
        Ok((exe, outcome))
    }
}

/// The cache key of `mlir` compiled on `client`.
fn key(client: &Client, mlir: &str) -> Result<[u8; 16], PjrtError> {
    key_with(client, mlir, client.compile_options())
}

/// The cache key of `mlir` compiled on `client` with `options`.
fn key_with(client: &Client, mlir: &str, options: &[u8]) -> Result<[u8; 16], PjrtError> {
    let plugin = client.plugin();
    let (major, minor) = plugin.api_version();
    // A plugin replaced in place may keep its version strings: its size and
    // modification time tell the builds apart.
    let file = std::fs::metadata(plugin.path())
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {modified}", m.len())
        })
        .unwrap_or_default();
    // XLA reads its debug options from XLA_FLAGS when it compiles, so two
    // processes with different flags build different executables.
    let xla_flags = std::env::var("XLA_FLAGS").unwrap_or_default();
    let mut h = Fnv128::new();
    // Each part is length-prefixed, so no two different keys concatenate
    // to the same bytes.
    for part in [
        plugin.path().to_string_lossy().as_bytes(),
        file.as_bytes(),
        format!("{major}.{minor}").as_bytes(),
        client.platform().as_bytes(),
        client.platform_version()?.as_bytes(),
        options,
        xla_flags.as_bytes(),
        mlir.as_bytes(),
    ] {
        h.write(&(part.len() as u64).to_le_bytes());
        h.write(part);
    }
    Ok(h.0.to_le_bytes())
}

fn entry(key: &[u8; 16], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(key);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&fnv64(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of an entry, or why it cannot be trusted.
fn parse<'a>(bytes: &'a [u8], key: &[u8; 16]) -> Result<&'a [u8], String> {
    if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
        return Err("not a tilekit executable cache entry (bad magic or truncated)".into());
    }
    let u64_at = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or([0; 8]));
    let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap_or([0; 4]));
    if version != FORMAT_VERSION {
        return Err(format!(
            "stale: format version {version}, this tilekit writes {FORMAT_VERSION}"
        ));
    }
    if &bytes[12..28] != key {
        return Err("stale: written for another module, plugin or platform".into());
    }
    let len = u64_at(28);
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != len {
        return Err(format!(
            "truncated: the payload is {} bytes, the header says {len}",
            payload.len()
        ));
    }
    if fnv64(payload) != u64_at(36) {
        return Err("corrupt: the payload's checksum does not match".into());
    }
    Ok(payload)
}

/// Writes `bytes` to `path` through a temporary file in `dir` and a rename.
fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".tmp-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// FNV-1a, 128 bits: a stable hash (std's `DefaultHasher` may change
/// between Rust releases) for keys.
struct Fnv128(u128);

impl Fnv128 {
    fn new() -> Fnv128 {
        Fnv128(0x6c62272e07bb014262b821756295c58d)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u128;
            self.0 = self.0.wrapping_mul(0x0000000001000000000000000000013B);
        }
    }
}

/// FNV-1a, 64 bits: the payload checksum (detects corruption, not tampering).
fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_damage_is_detected() {
        let key = [7u8; 16];
        let e = entry(&key, b"payload");
        assert_eq!(parse(&e, &key), Ok(&b"payload"[..]));
        let mut flipped = e.clone();
        *flipped.last_mut().unwrap() ^= 0xff;
        assert!(parse(&flipped, &key).unwrap_err().contains("checksum"));
        assert!(parse(&e[..e.len() - 1], &key)
            .unwrap_err()
            .contains("truncated"));
        assert!(parse(&e, &[0; 16]).unwrap_err().contains("stale"));
        assert!(parse(b"garbage", &key).unwrap_err().contains("magic"));
    }
}
