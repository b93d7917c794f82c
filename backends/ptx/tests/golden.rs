//! Golden PTX of the shipped paged decode (the configuration of the golden
//! IR), one file per target. Re-bless with `cargo xtask bless`.

mod common;

use std::path::Path;
use tilekit_core::golden::check_golden;
use tilekit_ptx::{emit, Target};

#[test]
fn golden_ptx_of_paged_decode() {
    let kernel = common::golden_decode();
    for target in Target::ALL {
        let module = emit(&kernel, target).unwrap();
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/golden/paged_decode.{}.ptx", target.name()));
        check_golden(&path, &module.text).unwrap();
    }
}
