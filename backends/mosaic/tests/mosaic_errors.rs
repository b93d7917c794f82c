//! What only Mosaic knows comes back from libtpu as a Rust error that
//! names the kernel, the chip, the line of the Mosaic body and the tilekit
//! op (and its source line) that the body line came from.

mod common;

use common::compiler;
use tilekit_core::ir::Index;
use tilekit_core::{DType, KernelBuilder};
use tilekit_mosaic::{lower, MosaicError, TpuGeneration};

#[test]
fn a_reshape_mosaic_cannot_lay_out_is_reported_at_the_tilekit_op() {
    // [8, 128] -> [16, 64] moves elements across vreg lanes: legal IR,
    // valid on the interpreter, but not a shape cast Mosaic implements.
    let mut kb = KernelBuilder::new("odd_reshape");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[8, 128]);
    let y = kb.output("y", DType::F32, &[16, 64]);
    let t = kb.load(x, &[Index::Full, Index::Full]);
    let line = line!() + 1;
    let r = kb.reshape(t, &[16, 64]);
    kb.store(y, &[Index::Full, Index::Full], r);
    let k = kb.finish().unwrap();
    let m = lower(&k, TpuGeneration::V5e).unwrap();
    let err = compiler().compile(&m).unwrap_err();
    let MosaicError::Compile {
        from: Some((body_line, op, loc)),
        ..
    } = &err
    else {
        panic!("expected a compile error mapped to an op, got: {err}");
    };
    assert!(op.contains("reshape"), "{op}");
    assert_eq!(loc.line, line, "{err}");
    assert!(m
        .body
        .lines()
        .nth(body_line - 1)
        .unwrap()
        .contains("shape_cast"));
    let msg = err.to_string();
    for want in ["kernel `odd_reshape`", "v5e", "Mosaic", "mosaic_errors.rs"] {
        assert!(msg.contains(want), "missing `{want}` in: {msg}");
    }
}
