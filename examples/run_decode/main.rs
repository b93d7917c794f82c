//! `run_decode`: the main job, a serving engine on tilekit kernels.
//!
//! By default it serves the real model (SmolLM2-135M, a Llama GGUF,
//! fetched once) through `tilekit-serve` on a few built-in prompts
//! (`model_mode`): continuous batching over a paged KV cache, request 0's
//! text streamed as it is generated, every request's text, then a table of
//! prefill and decode speed and start-up time (`report`, also as JSON with
//! `--metrics-json`). `--logits-for` scores token files (`scoring`),
//! `--tokenize` prints a prompt's ids.
//!
//! `--synthetic` runs the paged-attention decode loop on random tensors
//! like vLLM's or nano-vLLM's (`sim`): a block allocator with shared prefix
//! pages, a ragged batch, and per step a KV-write kernel (driven by a slot
//! mapping) followed by paged decode attention (or Kascade anchor/reuse
//! steps), on any backend; sampled steps are checked against the f64
//! reference, and the run ends with a throughput table next to the
//! interpreter's on a sample. File mode (`--inputs`/`--output`,
//! `--write-case`) runs one attention kernel call on a safetensors case.
//!
//! `cargo run --release --example run_decode -- --help`

mod backend;
mod cache;
mod cli;
mod devices;
mod file_mode;
mod memory;
mod model_load;
mod model_mode;
mod programs;
mod progress;
mod report;
mod scoring;
mod sim;
mod speculate;

use cli::Mode;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

/// When `main` began (start-up is measured from here).
pub fn process_start() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    process_start();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("run_decode: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Rust starts programs with SIGPIPE ignored, so printing into a closed
/// pipe (`run_decode | head`) makes `println!` panic. A command-line tool
/// should end quietly there, as `cat` does: restore the default action.
/// Output files are written to a temporary name and renamed, so being
/// stopped this way may leave that temporary file, never a partial file
/// under the asked-for name.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: first thing in `main`, before any other thread exists; it
    // changes only SIGPIPE's disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn run() -> Result<(), String> {
    let Some(opts) = cli::parse(std::env::args().skip(1))? else {
        println!("{}", cli::USAGE);
        return Ok(());
    };
    match &opts.mode {
        Mode::Generate => model_mode::generate(&opts),
        Mode::Tokenize(text) => model_mode::tokenize(&opts, text),
        Mode::Score { input, output } => scoring::run(&opts, input, output),
        Mode::WriteCase(path) => file_mode::write_case(&opts, path),
        Mode::File { inputs, output } => {
            let engine = backend::create(opts.backend)?;
            file_mode::run(&opts, engine.backend(), inputs, output)
        }
        Mode::Synthetic => synthetic(&opts),
    }
}

/// `--synthetic`: the decode loop on random tensors.
fn synthetic(opts: &cli::Options) -> Result<(), String> {
    let engine = devices::create(opts)?;
    let backend = engine.backend();
    let mut sim = sim::Simulation::new(opts, &backend.name())?;
    println!(
        "run_decode: {:?} decode on `{}`: {}",
        opts.kernel,
        backend.name(),
        sim.describe()
    );
    let main = sim.run(&engine, opts.steps, opts.check_every, &backend.name())?;
    let cache_bytes = sim.cache_bytes();
    // Measured before the interpreter's sample builds a cache of its own.
    let peak = memory::peak_rss_bytes();
    drop(sim);
    let sample = if backend.name() == "interp" {
        None
    } else if cache_bytes >= 1 << 30 {
        println!(
            "(no interpreter sample: it would build a second cache of {:.2} GB)",
            cache_bytes as f64 / 1e9
        );
        None
    } else {
        Some(sim::interpreter_sample(opts)?)
    };
    print_table(&main, sample.as_ref());
    if let Some(peak) = peak {
        println!(
            "peak resident memory: {:.2} GB, {:.2}x the KV cache ({:.2} GB)",
            peak as f64 / 1e9,
            peak as f64 / cache_bytes.max(1) as f64,
            cache_bytes as f64 / 1e9
        );
    }
    Ok(())
}

fn print_table(main: &sim::RunStats, sample: Option<&sim::RunStats>) {
    println!();
    println!("| backend        | warm-up s | steps | steps/s | tokens/s | KV GB/s read | max abs err (o), {} checked steps |", main.checked_steps);
    println!("|----------------|-----------|-------|---------|----------|--------------|------------------------------------|");
    let row = |s: &sim::RunStats, err: String| {
        println!(
            "| {:<14} | {:>9.2} | {:>5} | {:>7.2} | {:>8.1} | {:>12.3} | {:<34} |",
            s.backend,
            s.warmup,
            s.steps,
            s.steps as f64 / s.seconds,
            s.tokens as f64 / s.seconds,
            s.kv_bytes_read / s.seconds / 1e9,
            err
        )
    };
    row(main, format!("{:.2e}", main.max_err_o));
    if let Some(s) = sample {
        row(s, "(sample, unchecked)".into());
        println!();
        let ratio = (main.tokens as f64 / main.seconds) / (s.tokens as f64 / s.seconds);
        // Two significant digits for the simulator's small ratios.
        let places = if ratio < 1.0 { 3 } else { 1 };
        println!(
            "{} is {ratio:.places$}x the interpreter's tokens/s (interpreter timed on {} steps of the same workload)",
            main.backend, s.steps
        );
    }
    println!(
        "start-up: {:.2} s from process start to the first executed step (tracing, compiling or loading compiled programs, the cache)",
        main.startup
    );
    println!("tokens/s: {:.1}", main.tokens as f64 / main.seconds);
}
