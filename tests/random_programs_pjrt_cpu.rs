//! Random programs (`tilekit-random-programs`) on XLA's CPU backend through
//! PJRT against the interpreter: every node of every program equal, or
//! within XLA's documented differences (its `exp`, reduction and dot
//! order) where the node depends on one. 256 cases (`PROPTEST_CASES` for
//! more); shrunk failures are kept in
//! `tests/random_programs_pjrt_cpu.proptest-regressions`. Without the
//! plugin the test fails with the command that installs it (`cargo xtask
//! install-pjrt`).

mod random_programs_common;

use proptest::prelude::*;
use random_programs_common::check;
use tilekit_pjrt::PjrtBackend;
use tilekit_random_programs::{config, recipe, Differences};

/// One backend (one client, one compile cache) for every case.
fn pjrt() -> &'static PjrtBackend {
    static PJRT: std::sync::OnceLock<PjrtBackend> = std::sync::OnceLock::new();
    PJRT.get_or_init(|| PjrtBackend::default_plugin().unwrap_or_else(|e| panic!("{e}")))
}

proptest! {
    #![proptest_config(config(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/random_programs_pjrt_cpu.proptest-regressions"
    )))]

    #[test]
    fn random_programs_match_the_interpreter_on_pjrt_cpu(r in recipe()) {
        check(&r, pjrt(), Differences::XLA)?;
    }
}
