//! Paged decode attention on XLA's CPU backend (StableHLO through PJRT)
//! next to the tilekit interpreter, at a serving-sized shape: B=8, Hq=32,
//! Hkv=8, D=128, BS=16, L≈2048, bf16.
//!
//! `cargo run --release --example bench_pjrt_decode` (after
//! `cargo xtask install-pjrt`). Prints one table: time per call of each
//! engine, the KV bandwidth it reaches, and its speed relative to the
//! interpreter; every output is checked against the f64 reference first.

use std::time::{Duration, Instant};
use tilekit_core::{interp, DType, KernelArgs};
use tilekit_kernels::hand_built::{config_for, paged_decode};
use tilekit_kernels::reference::{compare, Tolerance};
use tilekit_kernels::testdata::{PagedDecodeSpec, TailFill};
use tilekit_pjrt::{default_client, PjrtKernel};
use tilekit_stablehlo::GridStrategy;

/// The best of `n` timed calls (after whatever warm-up the caller did).
fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..n {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed());
        last = Some(r);
    }
    (best, last.expect("n >= 1"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let lens: Vec<usize> = vec![2048, 2017, 1989, 2048, 2001, 1960, 2048, 2030];
    let spec = PagedDecodeSpec {
        batch: lens.len(),
        q_heads: 32,
        kv_heads: 8,
        head_dim: 128,
        block_size: 16,
        lens: lens.clone(),
        dtype: DType::Bf16,
        logit_scale: 1.0,
        share_pages: false,
        tail_fill: TailFill::MinusOne,
        seed: 2026,
    };
    let case = spec.build();
    let kernel = paged_decode(&config_for(&case.q, &case.k_cache, &case.block_tables, 2)?)?;
    let args = KernelArgs::new()
        .tensor("q", case.q.clone())
        .tensor("k_cache", case.k_cache.clone())
        .tensor("v_cache", case.v_cache.clone())
        .tensor("block_tables", case.block_tables.clone())
        .tensor("context_lens", case.context_lens.clone())
        .f32("scale", case.scale as f32);
    let want = case.reference()?;
    let tol = Tolerance::for_dtype(DType::Bf16);
    let tokens: usize = lens.iter().sum();
    let kv_bytes = (2 * tokens * spec.kv_heads * spec.head_dim * 2) as f64;
    println!(
        "paged decode: B={} Hq={} Hkv={} D={} BS={} bf16, context lengths {lens:?} ({:.0} MB of K/V read per call)",
        spec.batch,
        spec.q_heads,
        spec.kv_heads,
        spec.head_dim,
        spec.block_size,
        kv_bytes / 1e6
    );

    let (interp_t, out) = best_of(3, || interp::run(&kernel, &args));
    let out = out?;
    compare("o", &out["o"], &want.o, tol)?;
    compare("lse", &out["lse"], &want.lse, tol)?;

    let client = default_client()?;
    let mut rows = vec![("tilekit interpreter".to_string(), Duration::ZERO, interp_t)];
    for (label, strategy) in [
        ("batched grid", GridStrategy::Auto),
        ("sequential grid", GridStrategy::Sequential),
    ] {
        let t = Instant::now();
        let k = PjrtKernel::compile_with(&client, &kernel, strategy)?;
        let compile = t.elapsed();
        // Inputs resident on the device (a serving loop keeps the KV cache there).
        let inputs = k.upload(&args)?;
        k.execute(&inputs)?;
        let (resident, outs) = best_of(10, || k.execute(&inputs));
        let got = k.download(&outs?)?;
        compare("o", &got["o"], &want.o, tol)?;
        compare("lse", &got["lse"], &want.lse, tol)?;
        rows.push((format!("PJRT CPU, {label}"), compile, resident));
        // Everything per call: upload, execute, download.
        let (end_to_end, r) = best_of(3, || k.run(&args));
        r?;
        rows.push((
            format!("PJRT CPU, {label}, with host copies"),
            Duration::ZERO,
            end_to_end,
        ));
    }

    println!();
    println!("| engine                                      | compile (ms) | time (ms) | KV GB/s | interpreter time / this |");
    println!("|---------------------------------------------|--------------|-----------|---------|-------------------------|");
    for (name, compile, t) in &rows {
        let compile = if compile.is_zero() {
            "-".to_string()
        } else {
            format!("{:.0}", compile.as_secs_f64() * 1e3)
        };
        println!(
            "| {name:<43} | {compile:>12} | {:>9.1} | {:>7.2} | {:>22.1}x |",
            t.as_secs_f64() * 1e3,
            kv_bytes / t.as_secs_f64() / 1e9,
            interp_t.as_secs_f64() / t.as_secs_f64()
        );
    }
    println!();
    println!(
        "every engine's o and lse match the f64 reference within bf16 tolerance (max {:.0e}, mean {:.0e})",
        tol.max_abs, tol.mean_abs
    );
    Ok(())
}
