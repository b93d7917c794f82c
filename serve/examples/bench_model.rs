//! SmolLM2-135M on PJRT CPU through tilekit's programs, next to llama.cpp
//! on the same file and to XLA's floor, all measured in this run:
//!
//! - **decode**: aggregate tokens/s at each batch size (continuous batching
//!   of that many requests), with the weights dequantized to f32 at load
//!   (`Weights::F32`, one dot per product) and kept quantized
//!   (`Weights::Quantized`, the Q4_1/Q8_0 kernels);
//! - **prefill**: one 512-token prompt (best of 3);
//! - **floor**: the model's matrix products alone (the 210 linear layers
//!   and the LM head) as plain dots on f32 weights, one executable, at the
//!   decode batch sizes: what a step cannot beat on XLA's CPU backend;
//! - **llama.cpp** (llama-cpp-python, 2 threads): batch-1 decode, 512-token
//!   prefill, process start to first token. Installed by
//!   `cargo xtask model-check`; without it the table says so.
//!
//! `cargo run --release -p tilekit-serve --example bench_model -- [--tokens N] [--batches 1,8,16,32] [--quantized-batches 1]`

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tilekit_core::program::ProgramBuilder;
use tilekit_core::{Backend, DType};
use tilekit_kernels::llama::{linear_f32_kernel_cached, LinearF32KernelShapes};
use tilekit_model::{fetch, LlamaModel};
use tilekit_pjrt::{CpuCodegen, PjrtBackend};
use tilekit_serve::*;

struct Options {
    tokens: usize,
    batches: Vec<usize>,
    quantized_batches: Vec<usize>,
    prefill: usize,
}

fn parse() -> Result<Options, String> {
    let mut o = Options {
        tokens: 32,
        batches: vec![1, 8, 16, 32],
        quantized_batches: vec![1],
        prefill: 512,
    };
    let list = |v: &str| -> Result<Vec<usize>, String> {
        v.split(',')
            .filter(|x| !x.trim().is_empty())
            .map(|x| {
                x.trim()
                    .parse()
                    .map_err(|_| format!("`{x}` is not a count"))
            })
            .collect()
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--tokens" => o.tokens = value()?.parse().map_err(|_| "--tokens: a count")?,
            "--batches" => o.batches = list(&value()?)?,
            "--quantized-batches" => o.quantized_batches = list(&value()?)?,
            "--prefill" => o.prefill = value()?.parse().map_err(|_| "--prefill: a count")?,
            _ => return Err(format!("unknown argument `{a}`")),
        }
    }
    if o.tokens < 2 || o.batches.contains(&0) || o.prefill < 16 {
        return Err("--tokens ≥ 2, batches ≥ 1, --prefill ≥ 16".into());
    }
    Ok(o)
}

/// llama.cpp's figures, from the peer's `bench` command.
#[derive(Default)]
struct Peer {
    decode: Option<f64>,
    prefill: Option<f64>,
    startup: Option<f64>,
}

fn peer(model: &str) -> Result<Peer, String> {
    let home = std::env::var("HOME").map_err(|_| "HOME is not set")?;
    let python = PathBuf::from(home).join(".cache/tilekit/llama-cpp-python-0.3.36/bin/python");
    if !python.exists() {
        return Err(format!(
            "{} is missing: `cargo xtask model-check` installs llama.cpp's Python binding",
            python.display()
        ));
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../xtask/peer/llama_peer.py");
    let out = Command::new(&python)
        .args([script, "bench", "--model", model, "--threads", "2"])
        .output()
        .map_err(|e| format!("running the peer: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "the peer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let number_before = |line: &str, unit: &str| -> Option<f64> {
        let end = line.find(unit)?;
        line[..end].rsplit([' ', '(']).next()?.parse().ok()
    };
    let mut p = Peer::default();
    for line in text.lines() {
        if line.starts_with("decode:") && line.contains("tok/s") {
            p.decode = number_before(line, " tok/s");
        } else if line.starts_with("prefill:") {
            p.prefill = number_before(line, " tok/s");
        } else if line.starts_with("start:") {
            p.startup = number_before(line, "s (");
        }
    }
    Ok(p)
}

fn cache_for(batch: usize, longest: usize) -> CacheShape {
    let max_blocks = longest.div_ceil(16) + 1;
    CacheShape {
        num_blocks: batch * max_blocks,
        block_size: 16,
        max_blocks,
    }
}

/// Decode tok/s (aggregate) and ms per step of `batch` requests.
fn decode(
    backend: &dyn Backend,
    model: &LlamaModel,
    weights: Weights,
    batch: usize,
    tokens: usize,
) -> Result<(f64, f64), ServeError> {
    let prompt = model
        .tokenizer
        .encode("Here is a list of the planets of the solar system:");
    let config = EngineConfig {
        cache: cache_for(batch, prompt.len() + tokens),
        rows: 1,
        decode_batch: batch,
        prefill_lengths: vec![prompt.len().next_power_of_two().max(16)],
        head: Head::Greedy,
        weights,
    };
    let mut engine = Engine::new(backend, model, config)?;
    let requests = |n: usize, max_tokens: usize| -> Vec<Request> {
        (0..n)
            .map(|id| Request {
                id,
                prompt: prompt.clone(),
                max_tokens,
                sampling: Sampling::GREEDY,
            })
            .collect()
    };
    // A warm-up step, then the measured run.
    serve(&mut engine, requests(batch, 2), None, &mut |_, _| {})?;
    engine.stats = EngineStats::default();
    serve(&mut engine, requests(batch, tokens), None, &mut |_, _| {})?;
    let s = &engine.stats;
    let secs = s.decode_time.as_secs_f64();
    Ok((
        s.decode_tokens as f64 / secs,
        secs * 1e3 / s.decode_steps as f64,
    ))
}

/// Prefill tok/s of one `len`-token prompt (best of 3).
fn prefill(
    backend: &dyn Backend,
    model: &LlamaModel,
    weights: Weights,
    len: usize,
) -> Result<f64, ServeError> {
    let text = "The history of the printing press begins in the fifteenth century. ";
    let mut prompt = Vec::new();
    while prompt.len() < len {
        prompt.extend(model.tokenizer.encode(text));
    }
    prompt.truncate(len);
    let config = EngineConfig {
        cache: cache_for(1, len + 2),
        rows: 1,
        decode_batch: 1,
        prefill_lengths: vec![len.next_power_of_two()],
        head: Head::Greedy,
        weights,
    };
    let mut engine = Engine::new(backend, model, config)?;
    let mut best = Duration::MAX;
    for _ in 0..4 {
        engine.stats = EngineStats::default();
        let r = Request {
            id: 0,
            prompt: prompt.clone(),
            max_tokens: 1,
            sampling: Sampling::GREEDY,
        };
        serve(&mut engine, vec![r], None, &mut |_, _| {})?;
        best = best.min(engine.stats.prefill_time);
    }
    Ok(len as f64 / best.as_secs_f64())
}

/// ms of the model's products alone at `m` rows: every linear layer and
/// the LM head as one f32 dot each, in one executable.
fn floor(backend: &dyn Backend, model: &LlamaModel, m: usize) -> Result<f64, ServeError> {
    let cache = cache_for(1, 16);
    let state = initial_state(model, &cache, Weights::F32)?;
    let mut p = ProgramBuilder::new("floor");
    let x576 = p.input("x", DType::F32, &[m, model.config.d_model]);
    let x1536 = p.input("x_ffn", DType::F32, &[m, model.config.ffn]);
    let mut declared = BTreeMap::new();
    for (name, t) in &state {
        // The linear layers and the LM head; not the embedding (a gather)
        // or the RoPE tables.
        let is_matrix = t.dtype() == DType::F32
            && t.shape().len() == 2
            && !name.starts_with("rope")
            && *name != model.weights.token_embd.name;
        if !is_matrix {
            continue;
        }
        let (k, n) = (t.shape()[0], t.shape()[1]);
        let w = p.state(name, DType::F32, &[k, n]);
        declared.insert(name.clone(), t.clone());
        let kernel = linear_f32_kernel_cached(&LinearF32KernelShapes {
            x: [m, k],
            w: [k, n],
            tile_n: n,
        })
        .map_err(|source| ServeError::Build {
            kernel: "linear_f32",
            source,
        })?;
        let x = if k == model.config.ffn { x1536 } else { x576 };
        let call = p.call(&kernel, &[("x", x.into()), ("w", w.into())]);
        let y = p.out(call, "y");
        p.output(y);
    }
    let program = Arc::new(p.finish()?);
    let mut loaded = backend.load_program(&program, declared)?;
    let x = tilekit_core::HostTensor::zeros(DType::F32, &[m, model.config.d_model]);
    let xf = tilekit_core::HostTensor::zeros(DType::F32, &[m, model.config.ffn]);
    let inputs = [("x", &x), ("x_ffn", &xf)];
    loaded.execute(&inputs)?;
    let mut times = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        loaded.execute(&inputs)?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_model: error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let o = parse()?;
    let path = fetch::model_path().map_err(|e| e.to_string())?;
    let model = LlamaModel::load(&path).map_err(|e| e.to_string())?;
    // Compiled as `run_decode` serves: the host's whole ISA, FMA included.
    let pjrt = PjrtBackend::default_plugin_with(CpuCodegen::Native).map_err(|e| e.to_string())?;
    println!(
        "bench_model: {} on pjrt-cpu, {} decode tokens per request",
        path.display(),
        o.tokens
    );
    let peer = peer(&path.display().to_string()).unwrap_or_else(|e| {
        println!("llama.cpp: not measured: {e}");
        Peer::default()
    });
    let show = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.1}"));
    let ratio = |a: f64, b: Option<f64>| b.map_or("n/a".to_string(), |b| format!("{:.2}x", a / b));
    println!("\n| engine | weights | batch | decode tok/s | ms/step | floor ms | step / floor | vs llama.cpp b1 |");
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "| llama.cpp | Q4_1 | 1 | {} | {} | | | 1.00x |",
        show(peer.decode),
        show(peer.decode.map(|d| 1e3 / d))
    );
    let e = |e: ServeError| e.to_string();
    for (weights, batches) in [
        (Weights::F32, &o.batches),
        (Weights::Quantized, &o.quantized_batches),
    ] {
        for &b in batches {
            let (tok_s, ms) = decode(&pjrt, &model, weights, b, o.tokens).map_err(e)?;
            let fl = floor(&pjrt, &model, b).map_err(e)?;
            println!(
                "| tilekit | {weights:?} | {b} | {tok_s:.1} | {ms:.1} | {fl:.1} | {:.2}x | {} |",
                ms / fl,
                ratio(tok_s, peer.decode)
            );
        }
    }
    println!(
        "\n| engine | weights | prefill of {} tokens, tok/s | vs llama.cpp |",
        o.prefill
    );
    println!("|---|---|---|---|");
    println!("| llama.cpp | Q4_1 | {} | 1.00x |", show(peer.prefill));
    for weights in [Weights::F32, Weights::Quantized] {
        let tok_s = prefill(&pjrt, &model, weights, o.prefill).map_err(e)?;
        println!(
            "| tilekit | {weights:?} | {tok_s:.1} | {} |",
            ratio(tok_s, peer.prefill)
        );
    }
    println!(
        "\nllama.cpp start-up (process start to first token): {} s",
        show(peer.startup)
    );
    Ok(())
}
