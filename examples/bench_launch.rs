//! Host overhead of one launch of a trivial kernel (add one to a `[4]` f32
//! tensor), measured three ways in the same run:
//!
//! - **old**: what a launcher did before it cached: trace and verify the
//!   kernel (the uncached builder `add_one`), then `backend.run`;
//! - **new**: the generated launcher `AddOneArgs::run`, which traces once
//!   per shapes and then reuses the kernel;
//! - **kernel only**: `backend.run` on a kernel built beforehand, the floor
//!   a launcher can reach.
//!
//! `cargo run --release --example bench_launch [-- --iters N]`. Runs on the
//! interpreter, and on XLA's CPU plugin through PJRT when it is installed
//! (`cargo xtask install-pjrt`); without it the table says so. The table
//! gives the median µs per call over rounds of calls (the three paths
//! alternating within each round), and old / new.

use std::time::Instant;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, DType, HostTensor, Interpreter};

#[kernel(grid = [1])]
fn add_one(x: Ref<f32, 1>, #[shape(x.shape())] y: RefMut<f32, 1>) {
    y.store([..], x.load([..]) + 1.0);
}

/// A boxed launch path, returning an error message on failure.
type Path<'a> = Box<dyn FnMut() -> Result<(), String> + 'a>;

/// Median µs per call of each path over 9 rounds of `iters` calls. The
/// paths alternate within a round, so drift in the machine's load (two
/// shared cores here) hits all of them alike.
fn per_call(iters: usize, paths: &mut [Path<'_>]) -> Result<Vec<f64>, String> {
    for f in paths.iter_mut() {
        f()?; // warm caches (the new path's first trace, PJRT's compile)
    }
    let mut samples = vec![Vec::new(); paths.len()];
    for _ in 0..9 {
        for (f, s) in paths.iter_mut().zip(&mut samples) {
            let t = Instant::now();
            for _ in 0..iters {
                f()?;
            }
            s.push(t.elapsed().as_secs_f64() * 1e6 / iters as f64);
        }
    }
    Ok(samples
        .into_iter()
        .map(|mut s| {
            s.sort_by(f64::total_cmp);
            s[s.len() / 2]
        })
        .collect())
}

struct Row {
    backend: String,
    old: f64,
    new: f64,
    kernel_only: f64,
}

fn measure(backend: &dyn Backend, iters: usize) -> Result<Row, String> {
    let args = AddOneArgs {
        x: HostTensor::from_f32(DType::F32, &[4], &[1.0, 2.0, 3.0, 4.0])
            .map_err(|e| e.to_string())?,
    };
    let got = args.run(backend).map_err(|e| e.to_string())?;
    if got.y.to_f32_vec() != [2.0, 3.0, 4.0, 5.0] {
        return Err(format!(
            "{}: wrong result {:?}",
            backend.name(),
            got.y.to_f32_vec()
        ));
    }
    let kargs = args.to_kernel_args();
    let prebuilt = args.kernel().map_err(|e| e.to_string())?;
    let mut paths: Vec<Path<'_>> = vec![
        // Old: trace + verify every call.
        Box::new(|| {
            let shapes = AddOneShapes::from_args(&kargs).map_err(|e| e.to_string())?;
            let kernel = add_one(&shapes).map_err(|e| e.to_string())?;
            backend.run(&kernel, &kargs).map_err(|e| e.to_string())?;
            Ok(())
        }),
        // New: the generated launcher, cached.
        Box::new(|| {
            args.run(backend).map_err(|e| e.to_string())?;
            Ok(())
        }),
        // The kernel alone.
        Box::new(|| {
            backend.run(&prebuilt, &kargs).map_err(|e| e.to_string())?;
            Ok(())
        }),
    ];
    let t = per_call(iters, &mut paths)?;
    let (old, new, kernel_only) = (t[0], t[1], t[2]);
    Ok(Row {
        backend: backend.name(),
        old,
        new,
        kernel_only,
    })
}

fn main() -> Result<(), String> {
    let mut iters = 2000;
    let mut argv = std::env::args().skip(1);
    while let Some(a) = argv.next() {
        match a.as_str() {
            "--iters" => {
                iters = argv
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--iters takes a positive number")?;
            }
            other => {
                return Err(format!(
                    "unknown argument `{other}`; the only one is --iters N"
                ))
            }
        }
    }
    let mut rows = vec![measure(&Interpreter, iters)?];
    let mut notes = Vec::new();
    match tilekit_pjrt::PjrtBackend::default_plugin() {
        Ok(pjrt) => rows.push(measure(&pjrt, iters.div_ceil(4))?),
        Err(e) => notes.push(format!(
            "pjrt-cpu: skipped, no PJRT plugin ({e}); `cargo xtask install-pjrt` installs it"
        )),
    }
    println!("Host overhead per launch of `add_one` on a [4] f32 tensor (median µs/call):\n");
    println!("| backend | old: trace + verify + run | new: cached `AddOneArgs::run` | kernel only | old / new |");
    println!("|---|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {:.2} | {:.2} | {:.2} | {:.1}× |",
            r.backend,
            r.old,
            r.new,
            r.kernel_only,
            r.old / r.new
        );
    }
    for n in notes {
        println!("\n{n}");
    }
    Ok(())
}
