//! Compiles a StableHLO module ahead of time for one TPU chip with libtpu
//! and prints the generated code size or libtpu's error:
//!
//! ```sh
//! cargo run -p tilekit-pjrt --example aot_compile -- v5e module.mlir [v6e ...]
//! ```

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((file, chips)) = args.split_last() else {
        eprintln!("usage: aot_compile CHIP... FILE (chips: v5e v6e v4 v5p tpu7x)");
        return ExitCode::FAILURE;
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let plugin = match tilekit_pjrt::libtpu::load_libtpu() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    for chip in chips {
        let start = Instant::now();
        let result = tilekit_pjrt::libtpu::one_chip_topology(plugin.clone(), chip)
            .and_then(|t| t.compile(&text))
            .and_then(|exe| exe.code_size());
        match result {
            Ok(size) => println!("{chip}: ok, {size} bytes of code, {:?}", start.elapsed()),
            Err(e) => {
                failed = true;
                println!("{chip}: {e}");
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
