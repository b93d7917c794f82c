//! The tuning cache: one JSON file per device, mapping shape keys to the
//! configuration tuning chose. The hot path only reads it
//! ([`TuningCache::lookup`]); only [`crate::tuning::tune`] writes entries.
//!
//! Files live under `$XDG_CACHE_HOME/tilekit/tuning/` (else
//! `~/.cache/tilekit/tuning/`) as `<device slug>.json`, or wherever the
//! caller says. A file that does not parse is an error naming it, never
//! silently replaced: [`TuningCache::open_or_reset`] moves it aside to
//! `<name>.corrupt` and reports where it went. Saves write a temporary
//! file and rename it over the old one, so a crash never leaves half a file.

use super::key::DeviceKey;
use super::TuneError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the file's `format` field must say.
const FORMAT: &str = "tilekit-tuning";
/// The file layout version this code reads and writes.
const VERSION: u32 = 1;

/// One tuned decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The winning configuration (its own JSON form, e.g. `DecodeChoice`).
    pub config: serde_json::Value,
    /// Its median time, milliseconds.
    pub median_ms: f64,
    /// The heuristic's configuration and median time, when it was among
    /// the candidates: what tuning gained over the fallback.
    pub heuristic: Option<serde_json::Value>,
    pub heuristic_ms: Option<f64>,
    /// The backend that ran the candidates (`cuda-sm_90a`, `pjrt-cpu`).
    pub backend: String,
    /// How many candidates were timed and how many passed the check.
    pub candidates: usize,
    pub accepted: usize,
    /// How each candidate was timed (`cuda events`, `wall clock`).
    pub timer: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    format: String,
    version: u32,
    device: DeviceKey,
    entries: BTreeMap<String, Entry>,
}

/// A device's tuning decisions, backed by a file.
#[derive(Debug)]
pub struct TuningCache {
    path: PathBuf,
    device: DeviceKey,
    entries: BTreeMap<String, Entry>,
}

/// The default directory: `$XDG_CACHE_HOME/tilekit/tuning`, else
/// `$HOME/.cache/tilekit/tuning`.
pub fn default_dir() -> Result<PathBuf, TuneError> {
    let base = match std::env::var_os("XDG_CACHE_HOME") {
        Some(x) if !x.is_empty() => PathBuf::from(x),
        _ => match std::env::var_os("HOME") {
            Some(h) if !h.is_empty() => PathBuf::from(h).join(".cache"),
            _ => return Err(TuneError::NoCacheDir),
        },
    };
    Ok(base.join("tilekit").join("tuning"))
}

/// The cache file for `device` in `dir`.
pub fn path_in(dir: &Path, device: &DeviceKey) -> PathBuf {
    dir.join(format!("{}.json", device.slug()))
}

impl TuningCache {
    /// An empty cache that will be saved to `path`.
    pub fn empty(path: impl Into<PathBuf>, device: DeviceKey) -> TuningCache {
        TuningCache {
            path: path.into(),
            device,
            entries: BTreeMap::new(),
        }
    }

    /// Reads `path` (a missing file is an empty cache). A file that does not
    /// parse, or was written for another device, is an error naming it.
    pub fn open(path: impl Into<PathBuf>, device: DeviceKey) -> Result<TuningCache, TuneError> {
        let path = path.into();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(TuningCache::empty(path, device))
            }
            Err(source) => {
                return Err(TuneError::Io {
                    path,
                    action: "reading",
                    source,
                })
            }
        };
        let corrupt = |detail: String| TuneError::CorruptCache {
            path: path.clone(),
            detail,
        };
        let file: CacheFile = serde_json::from_str(&text).map_err(|e| corrupt(e.to_string()))?;
        if file.format != FORMAT {
            return Err(corrupt(format!(
                "`format` is {:?}, not {FORMAT:?}",
                file.format
            )));
        }
        if file.version != VERSION {
            return Err(corrupt(format!(
                "layout version {} is not {VERSION}, the one this tilekit reads",
                file.version
            )));
        }
        if file.device != device {
            return Err(TuneError::WrongDevice {
                path,
                found: file.device.to_string(),
                expected: device.to_string(),
            });
        }
        Ok(TuningCache {
            path,
            device,
            entries: file.entries,
        })
    }

    /// [`open`](Self::open), but a corrupt file is moved aside to
    /// `<path>.corrupt` and an empty cache returned with the place it went,
    /// which the caller should report.
    pub fn open_or_reset(
        path: impl Into<PathBuf>,
        device: DeviceKey,
    ) -> Result<(TuningCache, Option<PathBuf>), TuneError> {
        let path = path.into();
        match TuningCache::open(path.clone(), device.clone()) {
            Err(TuneError::CorruptCache { .. }) => {
                let mut aside = path.clone().into_os_string();
                aside.push(".corrupt");
                let aside = PathBuf::from(aside);
                std::fs::rename(&path, &aside).map_err(|source| TuneError::Io {
                    path: path.clone(),
                    action: "moving the corrupt file aside",
                    source,
                })?;
                Ok((TuningCache::empty(path, device), Some(aside)))
            }
            other => other.map(|c| (c, None)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn device(&self) -> &DeviceKey {
        &self.device
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The raw entry for `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// The tuned configuration for `key`, if any. Never tunes. An entry
    /// that does not parse as `C` is an error naming the file and key.
    pub fn lookup<C: DeserializeOwned>(&self, key: &str) -> Result<Option<C>, TuneError> {
        let Some(e) = self.entries.get(key) else {
            return Ok(None);
        };
        serde_json::from_value(e.config.clone())
            .map(Some)
            .map_err(|err| TuneError::CorruptCache {
                path: self.path.clone(),
                detail: format!("entry `{key}`: {err}"),
            })
    }

    /// Records (or replaces) the decision for `key`; [`save`](Self::save)
    /// writes it.
    pub fn insert(&mut self, key: &str, entry: Entry) {
        self.entries.insert(key.to_string(), entry);
    }

    /// Writes the cache: a temporary file in the same directory, renamed
    /// over the old one.
    pub fn save(&self) -> Result<(), TuneError> {
        let io = |action, source| TuneError::Io {
            path: self.path.clone(),
            action,
            source,
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| io("creating its directory", e))?;
        }
        let file = CacheFile {
            format: FORMAT.into(),
            version: VERSION,
            device: self.device.clone(),
            entries: self.entries.clone(),
        };
        let text = serde_json::to_string_pretty(&file).map_err(|e| {
            io(
                "serialising",
                std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            )
        })?;
        let mut tmp = self.path.clone().into_os_string();
        tmp.push(format!(".tmp{}", std::process::id()));
        let tmp = PathBuf::from(tmp);
        std::fs::write(&tmp, text + "\n").map_err(|e| io("writing a temporary file", e))?;
        std::fs::rename(&tmp, &self.path).map_err(|e| io("renaming the temporary file", e))
    }
}
