//! Helpers of the cross-crate tests that run shipped kernels on a backend:
//! the PJRT CPU client and libtpu compiles, each failing with the command
//! that installs what is missing (`cargo xtask test` installs both first).

#![allow(dead_code)]

use std::sync::OnceLock;
use tilekit_core::VerifiedKernel;
use tilekit_mosaic::{lower, MosaicKernel, TpuCompiler, TpuGeneration};
use tilekit_pjrt::{default_client, Client};

/// The shared PJRT client; a missing plugin fails the test with the
/// install command in the message.
pub fn client() -> Client {
    default_client().unwrap_or_else(|e| panic!("these tests need the PJRT CPU plugin: {e}"))
}

/// One libtpu compiler per test binary.
pub fn tpu_compiler() -> &'static TpuCompiler {
    static C: OnceLock<TpuCompiler> = OnceLock::new();
    C.get_or_init(|| {
        TpuCompiler::new().unwrap_or_else(|e| panic!("these tests compile with libtpu: {e}"))
    })
}

/// Compiles a lowered kernel with libtpu; panics with the error and the
/// numbered body.
pub fn compiles_on(m: &MosaicKernel) {
    if let Err(e) = tpu_compiler().compile(m) {
        let body: Vec<String> = m
            .body
            .lines()
            .enumerate()
            .map(|(i, l)| format!("{:4} {l}", i + 1))
            .collect();
        panic!("{e}\n--- body ---\n{}", body.join("\n"));
    }
}

/// Lowers and compiles `vk` for v5e and v6e; panics with the error.
pub fn compiles_everywhere(vk: &VerifiedKernel) -> Vec<MosaicKernel> {
    TpuGeneration::ALL
        .iter()
        .map(|&chip| {
            let m = lower(vk, chip).unwrap_or_else(|e| panic!("{e}"));
            compiles_on(&m);
            m
        })
        .collect()
}
