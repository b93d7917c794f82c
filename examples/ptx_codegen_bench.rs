//! Code generation speed: milliseconds from a kernel's builder to PTX text,
//! per shipped kernel and target (median of several runs).
//!
//! `cargo run --release --example ptx_codegen_bench`

use std::time::Instant;
use tilekit::kernels::catalog;
use tilekit::ptx::{emit, Target};

const RUNS: usize = 15;

fn median_ms(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("| kernel | target | build (ms) | emit (ms) | total (ms) | PTX lines |");
    println!("|---|---|---|---|---|---|");
    for k in catalog::ptx::all() {
        for target in Target::ALL {
            let (mut build, mut emit_ms, mut lines) = (Vec::new(), Vec::new(), 0);
            for _ in 0..RUNS {
                let t0 = Instant::now();
                let kernel = k.build()?;
                let t1 = Instant::now();
                let module = emit(&kernel, target)?;
                let t2 = Instant::now();
                build.push((t1 - t0).as_secs_f64() * 1e3);
                emit_ms.push((t2 - t1).as_secs_f64() * 1e3);
                lines = module.text.lines().count();
            }
            let (b, e) = (median_ms(build), median_ms(emit_ms));
            println!(
                "| {} | {} | {b:.3} | {e:.3} | {:.3} | {lines} |",
                k.name(),
                target.name(),
                b + e
            );
        }
    }
    Ok(())
}
