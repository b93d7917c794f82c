//! SmolLM2-135M's decode step on PJRT CPU (`CpuCodegen::Native`, as
//! `run_decode` serves) on one device and
//! tensor-parallel over several (`tilekit_serve::shard`: one executable
//! partitioned by XLA's SPMD partitioner over that many in-process CPU
//! devices, two all-reduces a block), in one run, same requests: decode
//! tokens/s (aggregate over the batch) and ms per step, and whether each
//! split's greedy tokens equal one device's. On a machine with fewer
//! cores than devices the split cannot be faster; the figure is its
//! overhead (collectives, per-device dispatch).
//!
//! `cargo run --release -p tilekit-serve --example bench_tensor_parallel -- [--devices 1,3] [--batches 1,8] [--tokens 32]`

use tilekit_core::Backend;
use tilekit_model::{fetch, LlamaModel};
use tilekit_pjrt::{default_client, Client, CpuCodegen, PjrtBackend};
use tilekit_serve::*;

struct Options {
    devices: Vec<usize>,
    batches: Vec<usize>,
    tokens: usize,
}

fn list(flag: &str, v: &str) -> Result<Vec<usize>, String> {
    v.split(',')
        .map(|x| {
            x.trim()
                .parse()
                .ok()
                .filter(|&n: &usize| n > 0)
                .ok_or(format!("{flag}: `{x}` is not a positive count"))
        })
        .collect()
}

fn parse() -> Result<Options, String> {
    let mut o = Options {
        devices: vec![1, 3],
        batches: vec![1, 8],
        tokens: 32,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next().ok_or(format!("{a} needs a value"))?;
        match a.as_str() {
            "--devices" => o.devices = list(&a, &v)?,
            "--batches" => o.batches = list(&a, &v)?,
            "--tokens" => o.tokens = list(&a, &v)?[0],
            _ => {
                return Err(format!(
                    "unknown option `{a}` (--devices, --batches, --tokens)"
                ))
            }
        }
    }
    Ok(o)
}

/// One measured run: decode tok/s, ms per step and every request's tokens.
struct Run {
    tok_s: f64,
    ms_step: f64,
    tokens: Vec<Vec<u32>>,
}

fn decode(
    backend: &dyn Backend,
    model: &LlamaModel,
    devices: usize,
    batch: usize,
    tokens: usize,
) -> Result<Run, ServeError> {
    let prompt = model
        .tokenizer
        .encode("Here is a list of the planets of the solar system:");
    let longest = prompt.len() + tokens;
    let max_blocks = longest.div_ceil(16);
    let config = EngineConfig {
        cache: CacheShape {
            num_blocks: batch * max_blocks,
            block_size: 16,
            max_blocks,
        },
        rows: 1,
        decode_batch: batch,
        prefill_lengths: vec![prompt.len().next_power_of_two().max(16)],
        head: Head::Greedy,
        weights: Weights::F32,
    };
    let mut engine = Engine::on_devices(backend, model, config, devices)?;
    let requests = |max_tokens: usize| -> Vec<Request> {
        (0..batch)
            .map(|id| Request {
                id,
                prompt: prompt.clone(),
                max_tokens,
                sampling: Sampling::GREEDY,
            })
            .collect()
    };
    // A warm-up, then the measured run.
    serve(&mut engine, requests(2), None, &mut |_, _| {})?;
    engine.stats = EngineStats::default();
    let mut done = serve(&mut engine, requests(tokens), None, &mut |_, _| {})?;
    done.sort_by_key(|f| f.id);
    let s = &engine.stats;
    let secs = s.decode_time.as_secs_f64();
    Ok(Run {
        tok_s: s.decode_tokens as f64 / secs,
        ms_step: secs * 1e3 / s.decode_steps.max(1) as f64,
        tokens: done.into_iter().map(|f| f.tokens).collect(),
    })
}

fn main() -> Result<(), String> {
    let o = parse()?;
    let model = LlamaModel::load(&fetch::model_path().map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    for &d in &o.devices {
        shard::check_devices(&model.config, d, Weights::F32).map_err(|e| e.to_string())?;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "SmolLM2-135M decode on pjrt-cpu (f32 weights, greedy, {} tokens a request), {cores} CPU cores",
        o.tokens
    );
    println!(
        "| devices | batch | decode tok/s | ms/step | vs 1 device | tokens equal 1 device's |"
    );
    println!("|---|---|---|---|---|---|");
    for &batch in &o.batches {
        let mut base: Option<Run> = None;
        for &d in &o.devices {
            // Served as run_decode serves: the host's whole ISA.
            let plugin = default_client()
                .map_err(|e| e.to_string())?
                .plugin()
                .clone();
            let client = Client::with_cpu_devices(plugin, d)
                .map_err(|e| e.to_string())?
                .with_codegen(CpuCodegen::Native);
            let backend = PjrtBackend::new(client, "pjrt-cpu");
            let r = decode(&backend, &model, d, batch, o.tokens).map_err(|e| e.to_string())?;
            let (ratio, same) = match &base {
                Some(b) => (
                    format!("{:.2}x", r.tok_s / b.tok_s),
                    if r.tokens == b.tokens { "yes" } else { "NO" },
                ),
                None => ("1.00x".to_string(), "-"),
            };
            println!(
                "| {d} | {batch} | {:.1} | {:.1} | {ratio} | {same} |",
                r.tok_s, r.ms_step
            );
            if base.is_none() {
                base = Some(r);
            }
        }
    }
    Ok(())
}
