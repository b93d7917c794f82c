//! The `run_decode` example's executable for the tests that run it as a
//! user does: built once per test binary with `cargo build --release
//! --example run_decode` (a test cannot name an example's binary
//! otherwise), its path taken from cargo's own report of the artifact.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub fn binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo)
            .args(["build", "--release", "--example", "run_decode"])
            .arg("--message-format=json-render-diagnostics")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("cargo runs");
        assert!(
            out.status.success(),
            "building run_decode failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "run_decode")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports run_decode's executable")
    })
}
