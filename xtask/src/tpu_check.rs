//! `cargo xtask tpu-check`: lowers every shipped TPU kernel to Mosaic and
//! compiles it ahead of time with libtpu (installed into the cache on first
//! use) for v5e and v6e, with no TPU: libtpu's topology + `PJRT_Compile`
//! through tilekit's PJRT runtime. Fails on any lowering or compile error.
//! A kernel using a dtype a generation lacks is refused by tilekit's target
//! rule (`tilekit_mosaic::target`) before libtpu: listed per kernel and
//! chip as `refused` and counted in the summary, never a failure.

use std::time::Instant;
use tilekit_mosaic::{lower, shipped, MosaicError, TpuCompiler, TpuGeneration};

pub fn install_libtpu() -> Result<(), String> {
    eprintln!("xtask: install libtpu (a 213 MB wheel, downloaded once, then cached)");
    let path = tilekit_pjrt::libtpu::install_libtpu().map_err(|e| e.to_string())?;
    eprintln!("xtask: libtpu at {}", path.display());
    Ok(())
}

pub fn tpu_check() -> Result<(), String> {
    install_libtpu()?;
    let start = Instant::now();
    let compiler = TpuCompiler::new().map_err(|e| e.to_string())?;
    let mut compiled = [0usize; TpuGeneration::ALL.len()];
    let mut refused = [0usize; TpuGeneration::ALL.len()];
    let mut failed = 0usize;
    for kernel in shipped::kernels() {
        let name = kernel.name();
        let built = match kernel.build() {
            Ok(k) => k,
            Err(e) => {
                failed += TpuGeneration::ALL.len();
                println!("FAILED {name}: does not build: {e}");
                continue;
            }
        };
        for (i, chip) in TpuGeneration::ALL.into_iter().enumerate() {
            let result = match lower(&built, chip) {
                Ok(m) => compiler.compile(&m).map(|c| (c, m.vmem_bytes)),
                Err(e) => Err(e),
            };
            match result {
                Ok((c, vmem)) => {
                    compiled[i] += 1;
                    println!(
                        "ok {name} {chip}: {} bytes of code, {vmem} bytes of VMEM, compiled in {:.2}s",
                        c.code_bytes,
                        c.compile_time.as_secs_f64()
                    );
                }
                Err(e @ MosaicError::Target { dtype: Some(_), .. }) => {
                    refused[i] += 1;
                    println!("refused {name} {chip}: {e}");
                }
                Err(e) => {
                    failed += 1;
                    println!("FAILED {name} {chip}: {e}");
                }
            }
        }
    }
    eprintln!(
        "xtask: tpu-check took {:.1}s (libtpu load included)",
        start.elapsed().as_secs_f64()
    );
    println!(
        "libtpu: {} kernels compiled for v5e, {} for v6e, {failed} failed; refused by the target rules: {} for v5e, {} for v6e",
        compiled[0], compiled[1], refused[0], refused[1]
    );
    if failed > 0 {
        return Err(format!("tpu-check: {failed} failed"));
    }
    Ok(())
}
