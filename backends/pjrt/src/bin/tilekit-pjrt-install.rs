//! Installs the XLA CPU PJRT plugin into tilekit's cache (what
//! `cargo xtask install-pjrt` runs) and prints its path.

use std::process::ExitCode;

fn main() -> ExitCode {
    match tilekit_pjrt::provision::install() {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tilekit-pjrt-install: {e}");
            ExitCode::FAILURE
        }
    }
}
