//! libtpu compiles a hand-written Mosaic kernel (`exp(x) * y + x` on one
//! 16x256 f32 block, wrapped in a `tpu_custom_call`) ahead of time for one
//! chip, with no TPU and no client; a broken program, or a body Mosaic
//! rejects, comes back as a Rust error carrying libtpu's message. Needs
//! libtpu (`cargo xtask install-libtpu`).

use std::time::Instant;
use tilekit_pjrt::libtpu::{load_libtpu, one_chip_topology};

const HANDWRITTEN: &str = include_str!("data/mosaic_handwritten.mlir");
/// A body whose `vector.shape_cast` of a transposed [256, 16] vector back to
/// [16, 256] is valid MLIR that Mosaic cannot lay out.
const BROKEN_BODY: &str = include_str!("data/mosaic_broken_body.mlir");

fn libtpu() -> std::sync::Arc<tilekit_pjrt::Plugin> {
    load_libtpu().unwrap_or_else(|e| panic!("this test needs libtpu: {e}"))
}

#[test]
fn libtpu_compiles_a_handwritten_mosaic_kernel_for_v5e_and_v6e() {
    let plugin = libtpu();
    assert!(
        plugin.api_version() >= (0, 81),
        "{:?}",
        plugin.api_version()
    );
    for chip in ["v5e", "v6e"] {
        let topology = one_chip_topology(plugin.clone(), chip).unwrap();
        let start = Instant::now();
        let exe = topology
            .compile(HANDWRITTEN)
            .unwrap_or_else(|e| panic!("{chip}: {e}"));
        let size = exe.code_size().unwrap();
        eprintln!(
            "{chip}: compiled in {:?}, {size} bytes of code",
            start.elapsed()
        );
    }
}

#[test]
fn a_broken_program_is_a_rust_error_with_libtpus_message() {
    let plugin = libtpu();
    let topology = one_chip_topology(plugin, "v5e").unwrap();
    // The custom call's result type no longer matches @main's.
    let broken = HANDWRITTEN.replace(
        "tensor<16x256xf32>) -> tensor<16x256xf32>",
        "tensor<16x256xf32>) -> tensor<16x25xf32>",
    );
    let err = topology.compile(&broken).unwrap_err().to_string();
    assert!(err.contains("PJRT_Compile failed"), "{err}");
}

#[test]
fn a_body_mosaic_rejects_is_a_rust_error_with_mosaics_message() {
    let topology = one_chip_topology(libtpu(), "v5e").unwrap();
    let err = topology.compile(BROKEN_BODY).unwrap_err().to_string();
    assert!(
        err.contains("Mosaic failed to compile TPU kernel")
            && err.contains("unsupported shape cast")
            && err.contains("loc(\"-\":7:"),
        "{err}"
    );
}

#[test]
fn an_unknown_topology_is_an_error() {
    let err = one_chip_topology(libtpu(), "v99").unwrap_err().to_string();
    assert!(err.contains("PJRT_TopologyDescription_Create"), "{err}");
}
