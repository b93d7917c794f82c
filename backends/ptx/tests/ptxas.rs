//! The emitted PTX assembles with the real ptxas for sm_90a and sm_80,
//! without spills. Fails (never skips) when ptxas is missing, naming the
//! command that installs it; `cargo xtask test` installs it first. (The
//! shipped paged decode is assembled in the root crate's
//! tests/ptx_shipped.rs.)

mod common;

use tilekit_ptx::{emit, ptxas, Target};

fn assemble_all(kernel: &tilekit_core::VerifiedKernel) {
    let path = ptxas::find().unwrap_or_else(|e| panic!("{e}"));
    for target in Target::ALL {
        let module = emit(kernel, target).unwrap();
        let report = ptxas::assemble(&path, &module.text, &module.entry, target)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.spill_bytes(), 0, "{}", report.log);
        assert!(report.warnings.is_empty(), "{}", report.log);
        assert!(report.registers > 0, "{}", report.log);
    }
}

#[test]
fn every_op_family_assembles() {
    assemble_all(&common::zoo());
}

#[test]
fn masked_pipelined_loads_assemble() {
    assemble_all(&common::masked_pipeline());
}

#[test]
fn rejected_ptx_reports_the_assembler_log() {
    let path = ptxas::find().unwrap_or_else(|e| panic!("{e}"));
    let text = ".version 8.0\n.target sm_80\n.address_size 64\n.visible .entry broken()\n{\n\tbogus.instruction;\n}\n";
    let err = ptxas::assemble(&path, text, "broken", Target::Sm80)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("ptxas rejected kernel `broken` for sm_80"),
        "{err}"
    );
    assert!(err.contains("bogus"), "{err}");
}
