//! The default mode: the real model served through tilekit kernels. The
//! prompts (built-in or `--prompt`) become `--batch` requests served with
//! continuous batching over a paged KV cache sized for them; request 0's
//! text is streamed to stdout as it is generated, every request's text is
//! printed at the end, then the speed table ([`crate::report`]).
//! `--tokenize` also lives here.

use crate::cli::Options;
use crate::model_load::{self, bucket, cache_shape, BLOCK_SIZE};
use crate::report::{self, Figures, RequestReport};
use std::io::Write;
use std::time::Instant;
use tilekit_model::{LlamaModel, StreamDecoder};
use tilekit_serve::{
    serve, serve_speculative, EngineConfig, FinishReason, Head, Request, Sampling,
};

/// The built-in prompts: short completions the instruct model continues
/// sensibly without its chat template.
pub const PROMPTS: [&str; 4] = [
    "The history of the printing press begins",
    "The three primary colors are",
    "Here is a simple recipe for pancakes:",
    "def fibonacci(n):",
];

/// `--tokenize TEXT`: the ids, space-separated, on one line.
pub fn tokenize(opts: &Options, text: &str) -> Result<(), String> {
    let (_, model) = model_load::load(opts, false)?;
    let ids = model_load::encode(&model, text, opts.chat)?;
    let ids: Vec<String> = ids.iter().map(u32::to_string).collect();
    println!("{}", ids.join(" "));
    Ok(())
}

/// The requests: request i takes prompt i % n.
fn requests(opts: &Options, model: &LlamaModel) -> Result<(Vec<String>, Vec<Request>), String> {
    let texts: Vec<String> = if opts.prompts.is_empty() {
        PROMPTS.iter().map(|s| s.to_string()).collect()
    } else {
        opts.prompts.clone()
    };
    let ids = texts
        .iter()
        .enumerate()
        .map(|(i, t)| model_load::prompt_ids(model, i, t, opts.chat))
        .collect::<Result<Vec<_>, _>>()?;
    let batch = if opts.batch_given {
        opts.batch
    } else {
        texts.len()
    };
    let requests = (0..batch)
        .map(|i| Request {
            id: i,
            prompt: ids[i % ids.len()].clone(),
            max_tokens: opts.max_tokens,
            sampling: Sampling {
                temperature: opts.temperature,
                top_k: opts.top_k,
                top_p: opts.top_p,
                seed: opts.seed + i as u64,
            },
        })
        .collect();
    Ok((texts, requests))
}

pub fn generate(opts: &Options) -> Result<(), String> {
    if let Some(path) = &opts.metrics_json {
        model_load::check_writable(path, "--metrics-json")?;
    }
    let (model_path, model) = model_load::load(opts, true)?;
    let (texts, requests) = requests(opts, &model)?;
    let batch = requests.len();
    let context = model.config.context_length;
    // Every request runs at once: pages for each one's longest sequence.
    let longest = |r: &Request| (r.prompt.len() + r.max_tokens).min(context);
    let pages: usize = requests
        .iter()
        .map(|r| longest(r).div_ceil(BLOCK_SIZE))
        .sum();
    let mut lengths: Vec<usize> = requests.iter().map(|r| bucket(r.prompt.len())).collect();
    lengths.sort_unstable();
    lengths.dedup();
    let max_longest = requests.iter().map(longest).max().unwrap_or(1);
    let cache = cache_shape(pages, max_longest, *lengths.last().unwrap_or(&16));
    let what = format!("{batch} requests of up to {max_longest} tokens");
    model_load::check_memory(&model, &cache, &what)?;

    crate::devices::check_model(opts, &model.config)?;
    let chosen = crate::devices::create(opts)?;
    let backend = chosen.backend();
    let name = backend.name();
    let greedy = opts.temperature == 0.0;
    let head = if greedy { Head::Greedy } else { Head::Sample };
    let weights = model_load::weights(opts.weights, &name);
    println!(
        "run_decode: {} on `{name}`: {batch} requests (batch {batch}), up to {} new tokens each, {}",
        model_load::file_name(&model_path),
        opts.max_tokens,
        if greedy {
            "greedy".to_string()
        } else {
            format!(
                "temperature {}, top-k {}, top-p {}, seed {}",
                opts.temperature, opts.top_k, opts.top_p, opts.seed
            )
        }
    );
    let start = Instant::now();
    let config = EngineConfig {
        cache,
        rows: 1,
        decode_batch: batch,
        prefill_lengths: lengths.clone(),
        head,
        weights,
    };
    let mut engine = match opts.speculate {
        Some(ngram) => {
            tilekit_serve::Engine::new_speculative(backend, &model, config, ngram.drafts)
        }
        None => tilekit_serve::Engine::on_devices(backend, &model, config, opts.devices),
    }
    .map_err(|e| e.to_string())?;
    let l = engine.load;
    eprintln!(
        "run_decode: programs ready in {:.1} s (decode x{batch}, prefill {lengths:?}, {weights:?} weights, {} device(s)): recorded in {:.2} s, weights prepared in {:.2} s, compiled or loaded from the executable cache in {:.2} s",
        start.elapsed().as_secs_f64(),
        opts.devices,
        l.record.as_secs_f64(),
        l.weights.as_secs_f64(),
        l.backend.as_secs_f64()
    );

    let eos = model.config.eos_id;
    let mut first_token = None;
    let mut stream = StreamDecoder::new();
    let mut out = std::io::stdout();
    // A chat reply is a message of its own: it starts on a new line.
    let shown = |i: usize| {
        let text = &texts[i % texts.len()];
        if opts.chat {
            format!("{text}\n")
        } else {
            text.clone()
        }
    };
    println!("\n[request 0, streamed]");
    print!("{}", shown(0));
    let _ = out.flush();
    let mut on_token = |id: usize, token: u32| {
        first_token.get_or_insert_with(|| crate::process_start().elapsed());
        if id == 0 && Some(token) != eos {
            if let Ok(text) = stream.push(&model.tokenizer, token) {
                print!("{text}");
                let _ = out.flush();
            }
        }
    };
    let mut finished = match opts.speculate {
        Some(ngram) => serve_speculative(&mut engine, requests.clone(), eos, ngram, &mut on_token),
        None => serve(&mut engine, requests.clone(), eos, &mut on_token),
    }
    .map_err(|e| e.to_string())?;
    println!("{}", stream.finish());
    finished.sort_by_key(|f| f.id);

    let mut reports = Vec::new();
    for f in &finished {
        let r = &requests[f.id];
        let text = model
            .tokenizer
            .decode_with(&f.tokens, true)
            .map_err(|e| e.to_string())?;
        let reason = match f.reason {
            FinishReason::Length => "max tokens",
            FinishReason::Eos => "end of sequence",
            FinishReason::Context => "context full",
        };
        println!(
            "\n[request {}: {} prompt tokens, {} generated, stopped at {reason}]",
            f.id,
            r.prompt.len(),
            f.tokens.len()
        );
        println!("{}{}", shown(f.id), text.trim_end());
        reports.push(RequestReport {
            id: f.id,
            prompt: texts[f.id % texts.len()].clone(),
            prompt_tokens: r.prompt.len(),
            tokens: f.tokens.clone(),
            text,
            finish: reason,
        });
    }
    let figures = Figures::new(&name, batch, &engine.stats, &reports, first_token);
    report::print_table(&figures);
    if let Some(path) = &opts.metrics_json {
        let model_name = model_load::file_name(&model_path);
        report::write_json(path, &figures, &model_name, &reports)?;
    }
    Ok(())
}
