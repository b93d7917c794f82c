//! The layering ARCHITECTURE.md states, checked on the workspace's own
//! manifests: no crate under `backends/` depends on tilekit-kernels, as a
//! dependency or a dev-dependency (the kernels sit above the backends).

use std::path::Path;
use std::process::Command;

#[test]
fn no_backend_depends_on_the_kernels() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let backends = Path::new(env!("CARGO_MANIFEST_DIR")).join("backends");
    let mut checked = 0;
    for p in meta["packages"].as_array().unwrap() {
        let manifest = Path::new(p["manifest_path"].as_str().unwrap());
        if !manifest.starts_with(&backends) {
            continue;
        }
        checked += 1;
        for d in p["dependencies"].as_array().unwrap() {
            assert_ne!(
                d["name"], "tilekit-kernels",
                "{} depends on tilekit-kernels ({} dependency)",
                p["name"], d["kind"]
            );
        }
    }
    // stablehlo, pjrt, ptx, ptx-sim, cuda, mosaic: a new backend crate
    // must be added here on purpose.
    assert_eq!(checked, 6, "the six backend crates");
}
