//! The rows of `gpu_bench`'s results file and how it is written. One row
//! per (kernel, shape, variant); a row that could not run carries its
//! reason instead of a time, so nothing is dropped silently.
//! `benchmarks/report.py` reads this format.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// Whether a row was measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Timed; `ms` holds the median.
    Ok,
    /// Could not run (the PTX backend rejected it, a launch failed, the
    /// output was wrong); `error` says why.
    Error,
    /// Not attempted (does not fit in GPU memory, or not requested);
    /// `error` says why.
    Skipped,
    /// Planned on a machine without a GPU: shape, bytes and choice only.
    DryRun,
}

/// One measurement (or the reason there is none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// `paged_decode`, `kascade_decode`, `flash_attention`, `dtod_copy`.
    pub kernel: String,
    /// Which configuration: `heuristic`, `tuned`, `splits=8 stages=2`,
    /// `tokens`, `blocks16`, `causal`, `pjrt`.
    pub variant: String,
    /// `cuda` (tilekit's PTX) or `pjrt-gpu` (tilekit's StableHLO on JAX's
    /// CUDA PJRT plugin).
    pub backend: String,
    #[serde(rename = "B")]
    pub batch: usize,
    /// Context length (decode) or sequence length (prefill); bytes for a copy.
    #[serde(rename = "L")]
    pub len: usize,
    #[serde(rename = "Hq")]
    pub q_heads: usize,
    #[serde(rename = "Hkv")]
    pub kv_heads: usize,
    #[serde(rename = "D")]
    pub head_dim: usize,
    #[serde(rename = "BS")]
    pub block_size: Option<usize>,
    pub dtype: String,
    pub splits: Option<usize>,
    pub stages: Option<u32>,
    /// Tokens attended per (sequence, KV head) for sparse rows.
    pub selected: Option<usize>,
    /// Bytes the kernel must move at least (KV bytes read for decode; read
    /// plus written for a copy).
    pub bytes: u64,
    pub flops: f64,
    pub status: Status,
    pub error: Option<String>,
    /// Median, minimum and every timed run, milliseconds.
    pub ms: Option<f64>,
    pub ms_min: Option<f64>,
    pub ms_samples: Vec<f64>,
    pub warmup: usize,
    pub iters: usize,
    /// What the output was checked against, and how close it was.
    pub check: Option<String>,
    /// The safetensors file (under the run's `inputs/`) holding the row's
    /// inputs, for the anchors.
    pub inputs: Option<String>,
}

impl Row {
    /// A row for `kernel`/`variant` with no shape yet; callers fill the rest.
    pub fn new(kernel: &str, variant: &str, backend: &str) -> Row {
        Row {
            kernel: kernel.into(),
            variant: variant.into(),
            backend: backend.into(),
            batch: 0,
            len: 0,
            q_heads: 0,
            kv_heads: 0,
            head_dim: 0,
            block_size: None,
            dtype: "bf16".into(),
            splits: None,
            stages: None,
            selected: None,
            bytes: 0,
            flops: 0.0,
            status: Status::DryRun,
            error: None,
            ms: None,
            ms_min: None,
            ms_samples: Vec::new(),
            warmup: 0,
            iters: 0,
            check: None,
            inputs: None,
        }
    }

    /// Marks the row failed with `why`.
    pub fn failed(mut self, why: impl Into<String>) -> Row {
        self.status = Status::Error;
        self.error = Some(why.into());
        self
    }

    /// Marks the row skipped with `why`.
    pub fn skipped(mut self, why: impl Into<String>) -> Row {
        self.status = Status::Skipped;
        self.error = Some(why.into());
        self
    }

    /// Records timings (ms per run) after `warmup` untimed runs.
    pub fn timed(mut self, samples: Vec<f64>, warmup: usize) -> Row {
        self.ms = Some(tilekit_kernels::tuning::tuner::median(&samples));
        self.ms_min = samples.iter().copied().reduce(f64::min);
        self.iters = samples.len();
        self.ms_samples = samples;
        self.warmup = warmup;
        self.status = Status::Ok;
        self
    }

    /// Achieved bandwidth, GB/s, of a timed row.
    pub fn gbps(&self) -> Option<f64> {
        self.ms
            .filter(|&t| t > 0.0)
            .map(|t| self.bytes as f64 / (t * 1e-3) / 1e9)
    }

    /// One line for the progress log.
    pub fn summary(&self) -> String {
        let shape = format!(
            "B {} L {}{}",
            self.batch,
            self.len,
            self.block_size
                .map_or(String::new(), |b| format!(" BS {b}"))
        );
        let what = format!("{} [{}] {shape}", self.kernel, self.variant);
        match self.status {
            Status::Ok => format!(
                "{what}: {:.4} ms median of {}, {:.0} GB/s",
                self.ms.unwrap_or(f64::NAN),
                self.iters,
                self.gbps().unwrap_or(f64::NAN)
            ),
            _ => format!(
                "{what}: {:?}: {}",
                self.status,
                self.error.as_deref().unwrap_or("")
            ),
        }
    }
}

/// The whole results file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchFile {
    /// `tilekit gpu_bench`.
    pub tool: String,
    /// The device as the driver names it, and its compute capability.
    pub device: String,
    pub compute_capability: Option<String>,
    pub sm_count: Option<usize>,
    pub memory_bytes: Option<u64>,
    /// How rows were timed (`cuda events, warmup W, median of N`).
    pub timer: String,
    /// True when no GPU was used: no row has a time.
    pub dry_run: bool,
    pub rows: Vec<Row>,
}

impl BenchFile {
    /// Writes the file as pretty JSON: to a temporary name, then renamed, so
    /// a run killed mid-write leaves the previous file whole.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        std::fs::write(&tmp, text + "\n")?;
        std::fs::rename(&tmp, path)
    }

    /// Reads a file [`write`](Self::write) wrote.
    pub fn read(path: &Path) -> Result<BenchFile, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BenchFile {
        let mut r = Row::new("paged_decode", "heuristic", "cuda");
        r.batch = 8;
        r.len = 32768;
        r.block_size = Some(16);
        r.bytes = 1_000_000_000;
        BenchFile {
            tool: "tilekit gpu_bench".into(),
            device: "test".into(),
            compute_capability: None,
            sm_count: None,
            memory_bytes: None,
            timer: "none".into(),
            dry_run: true,
            rows: vec![
                r.clone(),
                r.clone().timed(vec![3.0, 1.0, 2.0], 5),
                r.clone()
                    .failed("PTX backend: needs 339488 bytes of shared memory"),
                r.skipped("skipped: needs 137 GB"),
            ],
        }
    }

    #[test]
    fn rows_serialise_with_the_report_s_field_names() {
        let f = sample();
        let v: serde_json::Value = serde_json::to_value(&f).unwrap();
        let row = &v["rows"][1];
        for key in [
            "kernel", "B", "L", "Hq", "Hkv", "D", "BS", "bytes", "ms", "status",
        ] {
            assert!(row.get(key).is_some(), "missing `{key}` in {row}");
        }
        assert_eq!(row["status"], "ok");
        assert_eq!(row["ms"], 2.0, "the median");
        assert_eq!(row["ms_min"], 1.0);
        assert_eq!(v["rows"][0]["status"], "dry_run");
        assert_eq!(v["rows"][2]["status"], "error");
        assert_eq!(v["rows"][3]["status"], "skipped");
        assert!(v["rows"][0]["ms"].is_null());
    }

    #[test]
    fn timed_rows_report_bandwidth_and_progress_lines() {
        let f = sample();
        // 1 GB in 2 ms = 500 GB/s.
        assert_eq!(f.rows[1].gbps(), Some(500.0));
        assert_eq!(f.rows[0].gbps(), None);
        let line = f.rows[1].summary();
        assert!(line.contains("2.0000 ms median of 3, 500 GB/s"), "{line}");
        let line = f.rows[2].summary();
        assert!(line.contains("Error: PTX backend"), "{line}");
    }

    #[test]
    fn files_round_trip() {
        let dir = std::env::temp_dir().join(format!("tilekit-bench-rows-{}", std::process::id()));
        let path = dir.join("rows.json");
        let f = sample();
        f.write(&path).unwrap();
        assert_eq!(BenchFile::read(&path).unwrap(), f);
        std::fs::write(&path, "[1, 2").unwrap();
        let err = BenchFile::read(&path).unwrap_err();
        assert!(err.contains("rows.json"), "{err}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
