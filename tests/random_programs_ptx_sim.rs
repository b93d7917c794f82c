//! Random programs (`tilekit-random-programs`) on the PTX simulator for
//! sm_80 and sm_90a against the interpreter: every node of every program
//! equal, or within the GPU differences ARCHITECTURE.md documents
//! (approximate `exp`, shuffle-tree sums, tensor-core dot order) where the
//! node depends on one. 256 cases per target (`PROPTEST_CASES` for more);
//! shrunk failures are kept in
//! `tests/random_programs_ptx_sim_{sm80,sm90a}.proptest-regressions`.

mod random_programs_common;

use proptest::prelude::*;
use random_programs_common::check;
use tilekit::ptx_sim::{PtxSim, Target};
use tilekit_random_programs::{config, recipe, Differences};

proptest! {
    #![proptest_config(config(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/random_programs_ptx_sim_sm80.proptest-regressions"
    )))]

    #[test]
    fn random_programs_match_the_interpreter_on_ptx_sim_sm80(r in recipe()) {
        check(&r, &PtxSim::new(Target::Sm80), Differences::PTX)?;
    }
}

proptest! {
    #![proptest_config(config(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/random_programs_ptx_sim_sm90a.proptest-regressions"
    )))]

    #[test]
    fn random_programs_match_the_interpreter_on_ptx_sim_sm90a(r in recipe()) {
        check(&r, &PtxSim::new(Target::Sm90a), Differences::PTX)?;
    }
}
