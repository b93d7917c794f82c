//! Elementwise and reduction kernels lower to Mosaic and libtpu compiles
//! them for v5e and v6e, through windows (block specs) and through DMA;
//! their bodies are golden files (re-bless with `cargo xtask bless`, which
//! needs no libtpu: the golden tests only lower).

mod common;

use common::compiles_everywhere;
use std::path::Path;
use tilekit_core::golden::check_golden;
use tilekit_core::ir::{Index, UnaryOp};
use tilekit_core::{DType, KernelBuilder, VerifiedKernel};
use tilekit_mosaic::{lower, TpuGeneration};

/// y = exp(x) * 2 + x over [16, 256] in [8, 128] blocks (grid 2 x 2).
fn blocked_exp() -> VerifiedKernel {
    let mut kb = KernelBuilder::new("blocked_exp");
    kb.grid(&[2, 2]);
    let x = kb.input("x", DType::F32, &[16, 256]);
    let y = kb.output("y", DType::F32, &[16, 256]);
    kb.block_spec(x, &[8, 128], |_, ids| vec![ids[0], ids[1]]);
    kb.block_spec(y, &[8, 128], |_, ids| vec![ids[0], ids[1]]);
    let t = kb.load(x, &[Index::Full, Index::Full]);
    let e = kb.unary(UnaryOp::Exp, t);
    let two = kb.full(&[8, 128], DType::F32, 2.0);
    let m = kb.mul(e, two);
    let s = kb.add(m, t);
    kb.store(y, &[Index::Full, Index::Full], s);
    kb.finish().unwrap()
}

/// Row sums of x[b] ([16, 128] bf16 pages in HBM, moved by DMA) into f32.
fn row_sums() -> VerifiedKernel {
    let mut kb = KernelBuilder::new("row_sums");
    kb.grid(&[4]);
    let x = kb.input("x", DType::Bf16, &[4, 16, 128]);
    let y = kb.output("y", DType::F32, &[4, 16, 1]);
    let b = kb.program_id(0);
    let t = kb.load(x, &[Index::at(b), Index::Full, Index::Full]);
    let f = kb.cast(t, DType::F32);
    let s = kb.sum(f, 1);
    let c = kb.reshape(s, &[16, 1]);
    kb.store(y, &[Index::at(b), Index::Full, Index::Full], c);
    kb.finish().unwrap()
}

fn golden(k: &VerifiedKernel) {
    let m = lower(k, TpuGeneration::V5e).unwrap_or_else(|e| panic!("{e}"));
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/{}.mlir", k.name()));
    check_golden(&path, &m.body).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn golden_blocked_elementwise() {
    golden(&blocked_exp());
}

#[test]
fn golden_dma_row_sums() {
    golden(&row_sums());
}

#[test]
fn elementwise_and_reductions_compile() {
    compiles_everywhere(&blocked_exp());
    compiles_everywhere(&row_sums());
}
