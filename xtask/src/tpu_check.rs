//! `cargo xtask tpu-check`: lowers every shipped TPU kernel to Mosaic and
//! compiles it ahead of time with libtpu (installed into the cache on first
//! use) for v5e and v6e, with no TPU: libtpu's topology + `PJRT_Compile`
//! through tilekit's PJRT runtime. A kernel using a dtype a generation
//! lacks is refused by tilekit's target rule (`tilekit_mosaic::target`)
//! before libtpu: listed per kernel and chip as `refused` and counted in
//! the summary, never a failure. Then the same for a fixed-seed sample of
//! random programs (`tilekit-random-programs`): those the target rules
//! refuse (f16, tiling, VMEM) are counted, every other one must compile.
//! Then every decode-step program (`catalog::programs::all`: the quantized
//! KV-cache steps and SmolLM2-135M's whole decode step), each lowered to
//! one module with one custom call per kernel call, whose state libtpu must
//! keep in place (its aliased bytes cover the state). Last, SmolLM2's
//! tensor-parallel decode step for a multi-chip v5e slice
//! ([`crate::tpu_sharded`]). Fails on any lowering or compile error.

use std::time::Instant;
use tilekit_kernels::catalog;
use tilekit_mosaic::{lower, lower_program, MosaicError, TpuCompiler, TpuGeneration};

/// The random-program sample: the same programs on every machine and run.
const RANDOM_SEED: u64 = 2026;
const RANDOM_PROGRAMS: usize = 128;

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
    for kernel in catalog::tpu::kernels() {
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
    let random_failed = random_programs(&compiler);
    let programs_failed = programs(&compiler);
    let sharded = crate::tpu_sharded::sharded_step();
    if let Err(e) = &sharded {
        println!("FAILED sharded step: {e}");
    }
    if failed + random_failed + programs_failed > 0 || sharded.is_err() {
        return Err(format!(
            "tpu-check: {failed} shipped kernel, {random_failed} random program and {programs_failed} program compiles failed{}",
            if sharded.is_err() { "; the sharded step failed" } else { "" }
        ));
    }
    Ok(())
}

/// Lowers and compiles the random-program sample for each chip; returns how
/// many failed (a refusal by the target rules is not a failure).
fn random_programs(compiler: &TpuCompiler) -> usize {
    let mut compiled = [0usize; TpuGeneration::ALL.len()];
    let (mut refused, mut failed) = (0usize, 0usize);
    let recipes = tilekit_random_programs::sample(RANDOM_SEED, RANDOM_PROGRAMS);
    for (n, r) in recipes.iter().enumerate() {
        let plan = tilekit_random_programs::plan(r);
        let kernel = match tilekit_random_programs::build(r, &plan) {
            Ok(k) => k,
            Err(e) => {
                failed += TpuGeneration::ALL.len();
                println!("FAILED random program {n}: does not build: {e}");
                continue;
            }
        };
        for (i, chip) in TpuGeneration::ALL.into_iter().enumerate() {
            match lower(&kernel, chip).and_then(|m| compiler.compile(&m)) {
                Ok(_) => compiled[i] += 1,
                Err(MosaicError::Target { .. }) => refused += 1,
                Err(e) => {
                    failed += 1;
                    println!(
                        "FAILED random program {n} (seed {RANDOM_SEED}) {chip}: {e}\n{}",
                        kernel.to_text()
                    );
                }
            }
        }
    }
    println!(
        "libtpu: {} random programs compiled for v5e, {} for v6e, {failed} failed ({refused} refused by target rules)",
        compiled[0], compiled[1]
    );
    failed
}

/// Lowers every catalog program to one module per chip and compiles it;
/// returns how many failed (any error counts: the programs are made of
/// shipped kernels the chips hold), a program whose state libtpu does not
/// keep in place included.
fn programs(compiler: &TpuCompiler) -> usize {
    let mut compiled = [0usize; TpuGeneration::ALL.len()];
    let mut failed = 0usize;
    for program in catalog::programs::all() {
        let name = program.name();
        let built = match program.build() {
            Ok(p) => p,
            Err(e) => {
                failed += TpuGeneration::ALL.len();
                println!("FAILED program {name}: does not build: {e}");
                continue;
            }
        };
        for (i, chip) in TpuGeneration::ALL.into_iter().enumerate() {
            let result = lower_program(&built, chip)
                .and_then(|m| compiler.compile_program(&m).map(|c| (c, m)));
            // The state must stay in place: libtpu reuses every state
            // parameter for its result, so the aliased bytes cover the
            // state (more: on the device buffers are padded to tiles).
            let state = built.state_bytes() as i64;
            match result {
                Ok((c, _)) if c.memory.is_some_and(|s| s.alias_bytes < state) => {
                    failed += 1;
                    println!(
                        "FAILED program {name} {chip}: {state} bytes of state but libtpu keeps fewer in place: {:?}",
                        c.memory
                    );
                }
                Ok((c, m)) => {
                    compiled[i] += 1;
                    let hbm = c.memory.map_or("HBM use not reported".into(), |s| {
                        format!(
                            "HBM: {} bytes of arguments ({} of state, {} kept in place), peak {}",
                            s.argument_bytes, state, s.alias_bytes, s.peak_bytes
                        )
                    });
                    println!(
                        "ok program {name} {chip}: {} calls, {} bytes of code, {} bytes of VMEM (largest call), {hbm}, compiled in {:.2}s",
                        m.calls.len(),
                        c.code_bytes,
                        m.vmem_bytes,
                        c.compile_time.as_secs_f64()
                    );
                }
                Err(e) => {
                    failed += 1;
                    println!("FAILED program {name} {chip}: {e}");
                }
            }
        }
    }
    println!(
        "libtpu: {} programs compiled for v5e, {} for v6e, {failed} failed",
        compiled[0], compiled[1]
    );
    failed
}
