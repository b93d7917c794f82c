//! Quick start: paged decode attention, built with the builder API, run in
//! the CPU interpreter on a ragged batch and checked against the f64
//! reference. (`run_decode --synthetic` runs the same attention in a
//! serving-style decode loop on every backend.)
//!
//! `cargo run --release --example decode_interp`

use std::time::Instant;
use tilekit::core::DType;
use tilekit::kernels::hand_built::run_paged_decode;
use tilekit::kernels::reference::{compare, Tolerance};
use tilekit::kernels::testdata::{PagedDecodeSpec, TailFill};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let lens = vec![512, 1, 300, 0, 1024, 17, 256, 700];
    let spec = PagedDecodeSpec {
        batch: lens.len(),
        q_heads: 32,
        kv_heads: 8,
        head_dim: 128,
        block_size: 16,
        lens: lens.clone(),
        dtype: DType::Bf16,
        logit_scale: 1.0,
        share_pages: true,
        tail_fill: TailFill::MinusOne,
        seed: 2026,
    };
    println!(
        "paged decode: B={} Hq={} Hkv={} D={} BS={} bf16, context lengths {:?}",
        spec.batch, spec.q_heads, spec.kv_heads, spec.head_dim, spec.block_size, lens
    );
    let case = spec.build();
    let reference_start = Instant::now();
    let want = case.reference()?;
    let reference_s = reference_start.elapsed().as_secs_f64();

    let start = Instant::now();
    let out = run_paged_decode(
        &case.q,
        &case.k_cache,
        &case.v_cache,
        &case.block_tables,
        &case.context_lens,
        case.scale as f32,
        2,
    )?;
    let interp_s = start.elapsed().as_secs_f64();

    let tol = Tolerance::for_dtype(DType::Bf16);
    let o = compare("o", &out.o, &want.o, tol)?;
    let lse = compare("lse", &out.lse, &want.lse, tol)?;
    let tokens: usize = lens.iter().sum();
    let kv_bytes = 2 * tokens * spec.kv_heads * spec.head_dim * 2;
    println!();
    println!("| engine              | time (ms) | KV MB/s | max abs err (o) | max abs err (lse) |");
    println!("|---------------------|-----------|---------|-----------------|-------------------|");
    println!(
        "| tilekit interpreter | {:>9.1} | {:>7.1} | {:>15.2e} | {:>17.2e} |",
        interp_s * 1e3,
        kv_bytes as f64 / interp_s / 1e6,
        o.max_abs,
        lse.max_abs
    );
    println!(
        "| f64 reference       | {:>9.1} | {:>7.1} |               - |                 - |",
        reference_s * 1e3,
        kv_bytes as f64 / reference_s / 1e6
    );
    println!();
    println!(
        "interpreter / reference time: {:.2}x; within bf16 tolerance (max {:.0e}, mean {:.0e})",
        interp_s / reference_s,
        tol.max_abs,
        tol.mean_abs
    );
    Ok(())
}
