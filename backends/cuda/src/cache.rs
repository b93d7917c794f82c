//! The on-disk cache of compiled modules (cubins), so that loading a
//! program does not assemble or JIT-compile its PTX again.
//!
//! A file is keyed by everything that decides its contents: the compiler
//! that produced it (ptxas's version, or the driver's version when the
//! driver's JIT did), the target and the PTX text's hash and length. The
//! key's hash names the file; the whole key is stored in it too, so a hash
//! collision or a renamed file is caught rather than trusted. Layout:
//!
//! ```text
//! magic "TKCUBIN\0" | format u32 | key length u32 | key | payload length u64 | payload | FNV-1a-64 of all before, u64
//! ```
//!
//! (integers little-endian). A file that is short, has another magic,
//! format or key, or a wrong checksum is ignored with a one-line warning
//! naming it and rebuilt; writes go to a temporary file renamed into
//! place, so readers never see half a file. The directory is
//! `TILEKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/tilekit/cubin`, else
//! `~/.cache/tilekit/cubin`. A cache that cannot be written is reported
//! once and otherwise ignored: it only saves time.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tilekit_ptx::{PtxModule, Target};

const MAGIC: &[u8; 8] = b"TKCUBIN\0";
const FORMAT: u32 = 1;

/// FNV-1a, 64 bits: enough to name files and to catch torn or flipped
/// bytes (the key is compared in full, so it is not trusted for identity).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// What decides a cached module's contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheKey {
    /// The compiler and its version (`ptxas V13.5.37`, `driver 13000`).
    pub compiler: String,
    pub target: Target,
    /// [`fnv1a`] of the PTX text.
    pub module_hash: u64,
    pub module_len: usize,
}

impl CacheKey {
    pub fn for_module(compiler: &str, module: &PtxModule) -> CacheKey {
        CacheKey {
            compiler: compiler.to_string(),
            target: module.target,
            module_hash: fnv1a(module.text.as_bytes()),
            module_len: module.text.len(),
        }
    }

    /// The key as stored in the file.
    pub fn describe(&self) -> String {
        format!(
            "compiler={}; target={}; ptx={:016x}/{}",
            self.compiler,
            self.target.name(),
            self.module_hash,
            self.module_len
        )
    }

    pub fn file_name(&self) -> String {
        format!(
            "{}-{:016x}.cubin",
            self.target.name(),
            fnv1a(self.describe().as_bytes())
        )
    }
}

/// The file's bytes for `payload` under `key`.
pub fn encode(key: &CacheKey, payload: &[u8]) -> Vec<u8> {
    let k = key.describe();
    let mut out = Vec::with_capacity(32 + k.len() + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&(k.len() as u32).to_le_bytes());
    out.extend_from_slice(k.as_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(payload);
    let sum = fnv1a(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// The payload of a file written by [`encode`] for `key`, or why it is not
/// one.
pub fn decode(key: &CacheKey, file: &[u8]) -> Result<Vec<u8>, String> {
    let mut r = Reader { bytes: file, at: 0 };
    if r.take(8)? != MAGIC {
        return Err("not a tilekit cubin cache file (bad magic)".into());
    }
    let format = r.u32()?;
    if format != FORMAT {
        return Err(format!("format {format}, expected {FORMAT}"));
    }
    let k = r.u32()? as usize;
    let stored = r.take(k)?;
    let payload_len = usize::try_from(r.u64()?).map_err(|_| "payload length overflows")?;
    let payload = r.take(payload_len)?;
    let body = r.at;
    let sum = r.u64()?;
    if r.at != file.len() {
        return Err(format!("{} bytes after the checksum", file.len() - r.at));
    }
    if fnv1a(&file[..body]) != sum {
        return Err("checksum mismatch".into());
    }
    if stored != key.describe().as_bytes() {
        return Err(format!(
            "stale: made for `{}`, wanted `{}`",
            String::from_utf8_lossy(stored),
            key.describe()
        ));
    }
    if payload.is_empty() {
        return Err("empty module".into());
    }
    Ok(payload.to_vec())
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| format!("truncated ({} bytes)", self.bytes.len()))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

/// Where a module came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Cached(PathBuf),
    /// Compiled now (and stored, if the cache is writable).
    Built,
    /// The cached file was unusable (why); compiled again.
    Rebuilt(String),
}

/// A directory of cached modules.
#[derive(Clone, Debug)]
pub struct CubinCache {
    dir: PathBuf,
}

static WARNED: Mutex<Option<HashSet<String>>> = Mutex::new(None);
static TEMP: AtomicUsize = AtomicUsize::new(0);

/// Prints `message` once per process per `what` (a file, a directory):
/// a cache problem is worth one line, not one per load.
pub(crate) fn warn_once(what: &str, message: &str) {
    let mut w = WARNED.lock().unwrap_or_else(|e| e.into_inner());
    if w.get_or_insert_with(HashSet::new).insert(what.to_string()) {
        eprintln!("tilekit-cuda: {message}");
    }
}

impl CubinCache {
    pub fn new(dir: impl Into<PathBuf>) -> CubinCache {
        CubinCache { dir: dir.into() }
    }

    /// `TILEKIT_CACHE_DIR`, `$XDG_CACHE_HOME/tilekit/cubin` or
    /// `~/.cache/tilekit/cubin`.
    pub fn from_env() -> CubinCache {
        let var = |n: &str| std::env::var_os(n).filter(|v| !v.is_empty());
        let dir = var("TILEKIT_CACHE_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                var("XDG_CACHE_HOME")
                    .map(PathBuf::from)
                    .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache")))
                    .unwrap_or_else(std::env::temp_dir)
                    .join("tilekit")
                    .join("cubin")
            });
        CubinCache::new(dir)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self, key: &CacheKey) -> PathBuf {
        self.dir.join(key.file_name())
    }

    /// The cached module: `Ok(None)` when there is no file, `Err(why)` when
    /// the file is unusable.
    pub fn lookup(&self, key: &CacheKey) -> Result<Option<Vec<u8>>, String> {
        let path = self.path(key);
        match std::fs::read(&path) {
            Ok(bytes) => decode(key, &bytes).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("unreadable: {e}")),
        }
    }

    /// Writes `payload` under `key` atomically (a temporary file in the
    /// same directory, renamed over the old one).
    pub fn store(&self, key: &CacheKey, payload: &[u8]) -> Result<PathBuf, String> {
        let path = self.path(key);
        std::fs::create_dir_all(&self.dir).map_err(|e| format!("{}: {e}", self.dir.display()))?;
        let n = TEMP.fetch_add(1, Ordering::Relaxed);
        let tmp = self.dir.join(format!(
            ".{}.{}-{n}.tmp",
            key.file_name(),
            std::process::id()
        ));
        let written = std::fs::File::create(&tmp).and_then(|mut f| {
            f.write_all(&encode(key, payload))?;
            f.sync_all()
        });
        let renamed = written.and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = renamed {
            let _ = std::fs::remove_file(&tmp);
            return Err(format!("{}: {e}", path.display()));
        }
        Ok(path)
    }

    /// Removes the file of `key` (after the driver rejected its module).
    pub fn remove(&self, key: &CacheKey) {
        let _ = std::fs::remove_file(self.path(key));
    }

    /// The cached module for `key`, or `build`'s (stored for next time). An
    /// unusable file is reported once, naming it, and rebuilt.
    pub fn get_or_build<E>(
        &self,
        key: &CacheKey,
        build: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<(Vec<u8>, Source), E> {
        let path = self.path(key);
        let source = match self.lookup(key) {
            Ok(Some(bytes)) => return Ok((bytes, Source::Cached(path))),
            Ok(None) => Source::Built,
            Err(why) => {
                let p = path.display().to_string();
                warn_once(
                    &p,
                    &format!("ignoring cached module {p}: {why}; rebuilding"),
                );
                Source::Rebuilt(why)
            }
        };
        let bytes = build()?;
        if let Err(e) = self.store(key, &bytes) {
            let d = self.dir.display().to_string();
            warn_once(&d, &format!("cannot write the module cache: {e}"));
        }
        Ok((bytes, source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(compiler: &str) -> CacheKey {
        CacheKey {
            compiler: compiler.into(),
            target: Target::Sm90a,
            module_hash: fnv1a(b".entry k()"),
            module_len: 10,
        }
    }

    fn temp_cache(tag: &str) -> CubinCache {
        let dir =
            std::env::temp_dir().join(format!("tilekit-cubin-test-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        CubinCache::new(dir)
    }

    #[test]
    fn round_trips_and_rejects_every_kind_of_damage() {
        let k = key("ptxas V13.5.37");
        let file = encode(&k, b"\x7fELF cubin");
        assert_eq!(decode(&k, &file).unwrap(), b"\x7fELF cubin");
        // Truncated anywhere.
        for n in [0, 5, 12, file.len() - 1] {
            let e = decode(&k, &file[..n]).unwrap_err();
            assert!(e.contains("truncated") || e.contains("magic"), "{n}: {e}");
        }
        // Any flipped byte after the magic is caught.
        for i in 8..file.len() {
            let mut bad = file.clone();
            bad[i] ^= 0x10;
            assert!(decode(&k, &bad).is_err(), "byte {i} flipped");
        }
        let mut bad = file.clone();
        bad[0] = b'X';
        assert!(decode(&k, &bad).unwrap_err().contains("magic"));
        let mut long = file.clone();
        long.push(0);
        assert!(decode(&k, &long)
            .unwrap_err()
            .contains("after the checksum"));
        // A file made by another compiler is stale, not trusted.
        let other = encode(&key("ptxas V13.0.1"), b"cubin");
        assert!(decode(&k, &other).unwrap_err().contains("stale"));
    }

    #[test]
    fn keys_separate_compiler_target_and_module() {
        let a = key("driver 13000");
        let mut b = a.clone();
        b.target = Target::Sm80;
        let mut c = a.clone();
        c.module_hash ^= 1;
        let d = key("driver 12080");
        let names: HashSet<String> = [&a, &b, &c, &d].iter().map(|k| k.file_name()).collect();
        assert_eq!(names.len(), 4);
        assert!(b.file_name().starts_with("sm_80-"));
    }

    #[test]
    fn builds_once_then_hits_and_rebuilds_a_corrupt_file() {
        let cache = temp_cache("cycle");
        let k = key("driver 13000");
        let mut builds = 0;
        let mut build = || {
            builds += 1;
            Ok::<_, String>(b"module".to_vec())
        };
        let (m, s) = cache.get_or_build(&k, &mut build).unwrap();
        assert_eq!((m.as_slice(), s), (&b"module"[..], Source::Built));
        let (m, s) = cache.get_or_build(&k, &mut build).unwrap();
        assert_eq!(m, b"module");
        assert_eq!(s, Source::Cached(cache.path(&k)));
        // Corrupt it: rebuilt (and rewritten), never trusted.
        let path = cache.path(&k);
        let mut bytes = std::fs::read(&path).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let (m, s) = cache.get_or_build(&k, &mut build).unwrap();
        assert_eq!(m, b"module");
        assert!(
            matches!(s, Source::Rebuilt(ref why) if why.contains("checksum")),
            "{s:?}"
        );
        assert!(matches!(
            cache.get_or_build(&k, &mut build).unwrap().1,
            Source::Cached(_)
        ));
        assert_eq!(builds, 2);
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(cache.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec![k.file_name()]);
        let _ = std::fs::remove_dir_all(cache.dir());
    }

    #[test]
    fn build_errors_pass_through_and_an_unwritable_cache_still_builds() {
        let cache = temp_cache("errors");
        let k = key("driver 13000");
        let e = cache
            .get_or_build(&k, || Err::<Vec<u8>, _>("ptxas failed"))
            .unwrap_err();
        assert_eq!(e, "ptxas failed");
        // A file where the directory should be: storing fails, loading works.
        let blocked = CubinCache::new(cache.dir().join("file"));
        std::fs::create_dir_all(cache.dir()).unwrap();
        std::fs::write(cache.dir().join("file"), b"x").unwrap();
        let (m, _) = blocked
            .get_or_build(&k, || Ok::<_, String>(b"m".to_vec()))
            .unwrap();
        assert_eq!(m, b"m");
        assert!(blocked.lookup(&k).is_err());
        let _ = std::fs::remove_dir_all(cache.dir());
    }
}
