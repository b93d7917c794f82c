//! The model mode's results: the speed table printed at the end and the
//! same figures as JSON (`--metrics-json`, written atomically).

use crate::model_load::write_atomic;
use serde_json::json;
use std::path::Path;
use std::time::Duration;
use tilekit_serve::EngineStats;

/// One request's outcome.
pub struct RequestReport {
    pub id: usize,
    pub prompt: String,
    pub prompt_tokens: usize,
    pub tokens: Vec<u32>,
    pub text: String,
    pub finish: &'static str,
}

/// The table's figures.
pub struct Figures {
    pub backend: String,
    pub batch: usize,
    pub prompt_tokens: usize,
    pub generated_tokens: usize,
    pub prefill_tok_s: f64,
    /// Decode tokens per second, all rows of a step together.
    pub decode_tok_s: f64,
    pub ms_per_step: f64,
    /// Process start to the first generated token.
    pub startup_s: f64,
    pub stats: EngineStats,
}

fn per_second(n: usize, t: Duration) -> f64 {
    if n == 0 || t.is_zero() {
        0.0
    } else {
        n as f64 / t.as_secs_f64()
    }
}

impl Figures {
    pub fn new(
        backend: &str,
        batch: usize,
        stats: &EngineStats,
        requests: &[RequestReport],
        first_token: Option<Duration>,
    ) -> Figures {
        let steps = stats.decode_steps;
        Figures {
            backend: backend.to_string(),
            batch,
            prompt_tokens: requests.iter().map(|r| r.prompt_tokens).sum(),
            generated_tokens: requests.iter().map(|r| r.tokens.len()).sum(),
            prefill_tok_s: per_second(stats.prefill_tokens, stats.prefill_time),
            decode_tok_s: per_second(stats.decode_tokens, stats.decode_time),
            ms_per_step: if steps == 0 {
                0.0
            } else {
                stats.decode_time.as_secs_f64() * 1e3 / steps as f64
            },
            startup_s: first_token.map_or(0.0, |d| d.as_secs_f64()),
            stats: stats.clone(),
        }
    }
}

pub fn print_table(f: &Figures) {
    println!();
    println!("| backend        | batch | prompt tokens | generated tokens | prefill tok/s | decode tok/s | ms/step | start-up s |");
    println!("|----------------|-------|---------------|------------------|---------------|--------------|---------|------------|");
    println!(
        "| {:<14} | {:>5} | {:>13} | {:>16} | {:>13.1} | {:>12.1} | {:>7.1} | {:>10.2} |",
        f.backend,
        f.batch,
        f.prompt_tokens,
        f.generated_tokens,
        f.prefill_tok_s,
        f.decode_tok_s,
        f.ms_per_step,
        f.startup_s
    );
    println!();
    println!(
        "decode: {} steps, {} tokens in {:.2} s; prefill: {} tokens in {:.2} s; start-up: process start to the first generated token (loading the model, compiling or loading the programs, the first prefill)",
        f.stats.decode_steps,
        f.stats.decode_tokens,
        f.stats.decode_time.as_secs_f64(),
        f.stats.prefill_tokens,
        f.stats.prefill_time.as_secs_f64()
    );
    if f.stats.verify_steps > 0 || f.stats.proposed > 0 {
        println!("{}", crate::speculate::summary(&f.stats));
    }
}

/// `--metrics-json`: the table's figures, plus the model and each
/// request's tokens and text.
pub fn write_json(
    path: &Path,
    f: &Figures,
    model: &str,
    requests: &[RequestReport],
) -> Result<(), String> {
    let requests: Vec<_> = requests
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "prompt": r.prompt,
                "prompt_tokens": r.prompt_tokens,
                "tokens": r.tokens,
                "text": r.text,
                "finish": r.finish,
            })
        })
        .collect();
    let mut value = json!({
        "backend": f.backend,
        "batch": f.batch,
        "prompt_tokens": f.prompt_tokens,
        "generated_tokens": f.generated_tokens,
        "prefill_tok_s": f.prefill_tok_s,
        "decode_tok_s": f.decode_tok_s,
        "ms_per_step": f.ms_per_step,
        "startup_s": f.startup_s,
        "model": model,
        "decode_steps": f.stats.decode_steps,
        "requests": requests,
    });
    for (k, v) in crate::speculate::json_fields(&f.stats) {
        value[k] = v;
    }
    let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
    write_atomic(path, |temp| {
        std::fs::write(temp, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
    })
}
