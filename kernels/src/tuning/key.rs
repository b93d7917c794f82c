//! What a tuning decision is keyed on: the GPU (device name and compute
//! capability, one cache file per device) and the shape of the call.

use super::heuristic::DecodeShape;
use serde::{Deserialize, Serialize};

/// The device a decision was measured on. Two GPUs with the same name and
/// compute capability share decisions; anything else gets its own file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceKey {
    /// As the driver reports it (`NVIDIA H100 80GB HBM3`), or a backend
    /// name for CPU backends (`interp`, `pjrt-cpu`).
    pub name: String,
    /// `"9.0"` for an H100; `None` for CPU backends.
    pub compute_capability: Option<String>,
}

impl DeviceKey {
    pub fn gpu(name: &str, major: u32, minor: u32) -> DeviceKey {
        DeviceKey {
            name: name.to_string(),
            compute_capability: Some(format!("{major}.{minor}")),
        }
    }

    pub fn cpu(backend: &str) -> DeviceKey {
        DeviceKey {
            name: backend.to_string(),
            compute_capability: None,
        }
    }

    /// A file-name-friendly form: `nvidia-h100-80gb-hbm3-sm90`.
    pub fn slug(&self) -> String {
        let mut s: String = self
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        while s.contains("--") {
            s = s.replace("--", "-");
        }
        let mut s = s.trim_matches('-').to_string();
        if s.is_empty() {
            s = "device".into();
        }
        if let Some(cc) = &self.compute_capability {
            s.push_str(&format!("-sm{}", cc.replace('.', "")));
        }
        s
    }
}

impl std::fmt::Display for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.compute_capability {
            Some(cc) => write!(f, "{} (compute capability {cc})", self.name),
            None => write!(f, "{}", self.name),
        }
    }
}

/// The context-length bucket of a decode call: the next power of two at or
/// above it (at least 256). A serving loop's lengths grow by one token a
/// step; bucketing keeps one decision per doubling instead of one per step.
pub fn length_bucket(len: usize) -> usize {
    len.max(256).next_power_of_two()
}

/// The shape part of a paged decode decision's key:
/// `paged_decode bf16 B8 Hq32 Hkv8 D128 BS16 L<=8192`.
pub fn decode_key(shape: &DecodeShape) -> String {
    format!(
        "paged_decode {} B{} Hq{} Hkv{} D{} BS{} L<={}",
        shape.dtype,
        shape.batch,
        shape.q_heads,
        shape.kv_heads,
        shape.head_dim,
        shape.block_size,
        length_bucket(shape.context_len)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tilekit_core::DType;

    #[test]
    fn slugs_are_file_names() {
        let d = DeviceKey::gpu("NVIDIA H100 80GB HBM3", 9, 0);
        assert_eq!(d.slug(), "nvidia-h100-80gb-hbm3-sm90");
        assert_eq!(DeviceKey::cpu("pjrt-cpu").slug(), "pjrt-cpu");
        assert_eq!(DeviceKey::cpu("../..").slug(), "device");
    }

    #[test]
    fn lengths_bucket_by_doubling() {
        assert_eq!(length_bucket(0), 256);
        assert_eq!(length_bucket(1000), 1024);
        assert_eq!(length_bucket(1024), 1024);
        assert_eq!(length_bucket(1025), 2048);
        let shape = DecodeShape {
            batch: 8,
            q_heads: 32,
            kv_heads: 8,
            head_dim: 128,
            block_size: 16,
            context_len: 5000,
            dtype: DType::Bf16,
        };
        assert_eq!(
            decode_key(&shape),
            "paged_decode bf16 B8 Hq32 Hkv8 D128 BS16 L<=8192"
        );
    }
}
