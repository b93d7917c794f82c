//! Shared helpers: one libtpu compiler per test binary, and lowering plus
//! compiling a kernel for every TPU generation.

#![allow(dead_code)]

use std::sync::OnceLock;
use tilekit_core::VerifiedKernel;
use tilekit_mosaic::{lower, MosaicKernel, TpuCompiler, TpuGeneration};

pub fn compiler() -> &'static TpuCompiler {
    static C: OnceLock<TpuCompiler> = OnceLock::new();
    C.get_or_init(|| {
        TpuCompiler::new().unwrap_or_else(|e| panic!("these tests compile with libtpu: {e}"))
    })
}

/// Lowers and compiles `vk` for v5e and v6e; panics with the error.
pub fn compiles_everywhere(vk: &VerifiedKernel) -> Vec<MosaicKernel> {
    TpuGeneration::ALL
        .iter()
        .map(|&chip| {
            let m = lower(vk, chip).unwrap_or_else(|e| panic!("{e}"));
            if let Err(e) = compiler().compile(&m) {
                panic!("{e}\n--- body ---\n{}", numbered(&m.body));
            }
            m
        })
        .collect()
}

pub fn numbered(text: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| format!("{:4} {l}", i + 1))
        .collect::<Vec<_>>()
        .join("\n")
}
