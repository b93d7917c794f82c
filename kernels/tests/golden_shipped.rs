//! Golden printed IR of every shipped kernel in its representative
//! configuration (`tilekit_kernels::catalog`). A change to a kernel, the
//! tracing layer or the printer shows up here; `cargo xtask bless`
//! (TILEKIT_BLESS=1) re-writes the files.

use std::path::Path;
use tilekit_core::golden::check_golden;
use tilekit_kernels::catalog::representatives;

#[test]
fn golden_printed_ir_of_every_shipped_kernel() {
    for r in representatives() {
        let kernel = (r.build)().unwrap_or_else(|e| panic!("{}: {e}", r.name));
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/{}.ir", r.name));
        check_golden(&path, &kernel.to_text()).unwrap_or_else(|e| panic!("{}: {e}", r.name));
    }
}
