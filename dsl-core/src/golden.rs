//! Golden-file checks shared by every crate's tests: compare text against a
//! checked-in file, or re-write the file when `TILEKIT_BLESS=1`
//! (`cargo xtask bless`).

use std::path::Path;

/// Compares `actual` with the file at `path`; with `TILEKIT_BLESS=1` writes it.
pub fn check_golden(path: &Path, actual: &str) -> Result<(), String> {
    if std::env::var("TILEKIT_BLESS").is_ok_and(|v| v == "1") {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        return std::fs::write(path, actual).map_err(|e| format!("{}: {e}", path.display()));
    }
    let expected = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "golden file {} cannot be read ({e}); create it with `cargo xtask bless`",
            path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    let first_diff = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    Err(format!(
        "output differs from golden file {} at line {}:\n  golden: {}\n  actual: {}\nif the change is intended, run `cargo xtask bless`",
        path.display(),
        first_diff + 1,
        expected.lines().nth(first_diff).unwrap_or("<end of file>"),
        actual.lines().nth(first_diff).unwrap_or("<end of file>"),
    ))
}
