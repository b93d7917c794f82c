//! The GPU check: every shipped kernel, on CUDA, against the CPU
//! interpreter and the f64 reference, on property-test-like cases (ragged
//! and empty lengths, shuffled and shared pages, -1 and garbage table
//! tails, large logits). Prints one line per kernel and a closing
//! `gpu-check: N passed, M failed` line; exits non-zero on any failure.
//!
//! Built on a machine with Rust and carried to the GPU machine (which has
//! none) by `scripts/gpu-check.sh`:
//!
//! ```text
//! cargo build --release --features cuda --example gpu_check
//! ./gpu_check [--quick] [--only SUBSTRING] [--cases N]
//! ```
//!
//! `--quick` runs one small case per kernel (for compute-sanitizer, which is
//! slow); `--only` keeps the kernels whose name contains SUBSTRING.

use std::process::ExitCode;
use tilekit_core::KernelArgs;
use tilekit_cuda::CudaRuntime;
use tilekit_kernels::catalog::decode::{self as shipped, ShippedKernel};
use tilekit_kernels::hand_built::config_for;
use tilekit_kernels::reference::{compare, Array64, Tolerance};
use tilekit_kernels::testdata::{edge_case_lens, PagedDecodeCase, PagedDecodeSpec, Rng, TailFill};

struct Options {
    quick: bool,
    only: Option<String>,
    cases: usize,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        quick: false,
        only: None,
        cases: 6,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => o.quick = true,
            "--only" => o.only = Some(args.next().ok_or("--only needs a value")?),
            "--cases" => {
                let n = args.next().ok_or("--cases needs a number")?;
                o.cases = n
                    .parse()
                    .map_err(|_| format!("--cases {n}: not a number"))?;
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(o)
}

/// Cases for one kernel: the KERNELS.md edge lengths first, then random
/// batches; every third case shares pages, has garbage tails and big logits.
fn cases(k: &ShippedKernel, n: usize, seed: u64) -> Vec<PagedDecodeCase> {
    let v = &k.variant;
    let mut rng = Rng::new(seed);
    let edges = edge_case_lens(v.block_size);
    (0..n)
        .map(|i| {
            let lens: Vec<usize> = if i == 0 {
                edges.clone()
            } else if i == 1 {
                vec![0, 0, 3 * v.block_size + 1, 0]
            } else {
                let batch = 1 + rng.below(5);
                (0..batch)
                    .map(|_| rng.below(6 * v.block_size + 2))
                    .collect()
            };
            let hard = i % 3 == 2;
            PagedDecodeSpec {
                batch: lens.len(),
                q_heads: v.q_heads,
                kv_heads: v.kv_heads,
                head_dim: v.head_dim,
                block_size: v.block_size,
                lens,
                dtype: v.dtype,
                logit_scale: if hard { 10.0 } else { 1.0 },
                share_pages: hard || i % 2 == 1,
                tail_fill: if hard {
                    TailFill::Garbage
                } else {
                    TailFill::MinusOne
                },
                seed: seed.wrapping_mul(31).wrapping_add(i as u64),
            }
            .build()
        })
        .collect()
}

/// Runs one case on CUDA and the interpreter; the worst errors (o, lse).
fn check_case(
    rt: &CudaRuntime,
    k: &ShippedKernel,
    case: &PagedDecodeCase,
) -> Result<(f64, f64), String> {
    let cfg = config_for(&case.q, &case.k_cache, &case.block_tables, k.variant.stages)
        .map_err(|e| e.to_string())?;
    let kernel = k.build_for(&cfg)?;
    let args = KernelArgs::new()
        .tensor("q", case.q.clone())
        .tensor("k_cache", case.k_cache.clone())
        .tensor("v_cache", case.v_cache.clone())
        .tensor("block_tables", case.block_tables.clone())
        .tensor("context_lens", case.context_lens.clone())
        .f32("scale", case.scale as f32);
    let loaded = rt.load(&kernel).map_err(|e| e.to_string())?;
    let gpu = rt.run(&loaded, &args).map_err(|e| e.to_string())?;
    let interp = tilekit_core::interp::run(&kernel, &args).map_err(|e| e.to_string())?;
    let reference = case.reference().map_err(|e| e.to_string())?;
    let tol = Tolerance::for_dtype(k.variant.dtype);
    let mut worst = (0.0f64, 0.0f64);
    for (name, want) in [("o", &reference.o), ("lse", &reference.lse)] {
        let got = &gpu[name];
        let vs_ref = compare(&format!("{name} (GPU vs reference)"), got, want, tol)?;
        let vs_interp = compare(
            &format!("{name} (GPU vs interpreter)"),
            got,
            &Array64::from_host(&interp[name]),
            tol,
        )?;
        let e = vs_ref.max_abs.max(vs_interp.max_abs);
        if name == "o" {
            worst.0 = worst.0.max(e);
        } else {
            worst.1 = worst.1.max(e);
        }
    }
    Ok(worst)
}

fn main() -> ExitCode {
    let opts = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("gpu_check: {e}");
            return ExitCode::FAILURE;
        }
    };
    let rt = match CudaRuntime::new(0) {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("gpu_check: no GPU: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("gpu-check on {} ({})", rt.device(), rt.target().name());
    let (mut passed, mut failed) = (0, 0);
    let n = if opts.quick { 1 } else { opts.cases };
    for (i, k) in shipped::kernels().iter().enumerate() {
        let name = k.name();
        if opts
            .only
            .as_ref()
            .is_some_and(|s| !name.contains(s.as_str()))
        {
            continue;
        }
        let mut worst = (0.0f64, 0.0f64);
        let mut error = None;
        for (c, case) in cases(k, n, 1000 + i as u64).iter().enumerate() {
            match check_case(&rt, k, case) {
                Ok((o, l)) => worst = (worst.0.max(o), worst.1.max(l)),
                Err(e) => {
                    error = Some(format!("case {c}: {e}"));
                    break;
                }
            }
        }
        match error {
            None => {
                passed += 1;
                println!(
                    "ok {name}: {n} cases, max abs err o {:.2e}, lse {:.2e}",
                    worst.0, worst.1
                );
            }
            Some(e) => {
                failed += 1;
                println!("FAILED {name}: {e}");
            }
        }
    }
    println!("gpu-check: {passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
