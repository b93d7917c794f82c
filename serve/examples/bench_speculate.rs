//! N-gram speculative decoding against plain decoding on SmolLM2-135M
//! (PJRT CPU, f32 weights, greedy), all in one run: for a set of
//! repetitive prompts (lists, code, repeated lines: text whose
//! continuation is in its context) and a set of free-form prompts, at
//! batch 1 (the first two prompts, one after the other) and batch 8 (all
//! eight at once, continuous batching), the decode tokens/s with and
//! without `--speculate ngram:K` (verifying at every step with a draft,
//! and adaptive: only where the gate expects it to pay, what `run_decode`
//! does) and the acceptance rate. Both modes run
//! on one engine (the verify program is loaded beside the decode
//! program) after a warm-up, and the speculative tokens are checked to be
//! the plain ones.
//!
//! `cargo run --release -p tilekit-serve --example bench_speculate -- [--tokens N] [--drafts K] [--rounds R]`

use std::time::Duration;
use tilekit_model::{fetch, LlamaModel};
use tilekit_pjrt::PjrtBackend;
use tilekit_serve::*;

const REPETITIVE: [&str; 8] = [
    "Repeat this line five times.\nThe quick brown fox jumps over the lazy dog.\nThe quick brown fox jumps over the lazy dog.\n",
    "Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday. Monday, Tuesday, Wednesday,",
    "def add(a, b):\n    return a + b\n\ndef sub(a, b):\n    return a - b\n\ndef mul(a, b):\n",
    "<ul>\n  <li>red</li>\n  <li>green</li>\n  <li>blue</li>\n</ul>\n<ul>\n  <li>red</li>\n",
    "SELECT name FROM users WHERE id = 1;\nSELECT name FROM users WHERE id = 2;\nSELECT name FROM users WHERE id = 3;\n",
    "a, b, c, d, e, f, g, a, b, c, d, e, f, g, a, b,",
    "I like cats. I like dogs. I like birds. I like",
    "Row 1: 0 0 0 0\nRow 2: 0 0 0 0\nRow 3: 0 0 0 0\nRow",
];

const FREE_FORM: [&str; 8] = [
    "Once upon a time, in a small village by the sea,",
    "The history of the printing press begins",
    "Photosynthesis is the process by which",
    "The best way to learn a new language is",
    "In the year 2050, cities will",
    "My favourite meal is",
    "The main causes of the French Revolution were",
    "A good software engineer should",
];

struct Row {
    kind: &'static str,
    batch: usize,
    mode: String,
    stats: EngineStats,
    tokens: Vec<Vec<u32>>,
}

fn per_second(n: usize, t: Duration) -> f64 {
    n as f64 / t.as_secs_f64().max(1e-9)
}

fn main() -> Result<(), String> {
    let mut tokens = 64;
    let mut drafts = 4;
    let mut rounds = 3;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next().ok_or(format!("{a} needs a value"))?;
        let n: usize = v
            .parse()
            .map_err(|_| format!("{a}: `{v}` is not a count"))?;
        match a.as_str() {
            "--tokens" => tokens = n,
            "--drafts" => drafts = n,
            "--rounds" => rounds = n.max(1),
            _ => return Err(format!("unknown option `{a}`")),
        }
    }
    let model = LlamaModel::load(&fetch::model_path().map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let backend = PjrtBackend::default_plugin().map_err(|e| e.to_string())?;
    let encode = |t: &str| model.tokenizer.encode(t);
    let longest_prompt = REPETITIVE
        .iter()
        .chain(&FREE_FORM)
        .map(|t| encode(t).len())
        .max()
        .unwrap_or(1);
    let prefill = longest_prompt.next_power_of_two().max(16);
    let max_blocks = (prefill + tokens).div_ceil(16);
    let always = Ngram {
        drafts,
        max_ngram: 3,
        adaptive: false,
    };
    let adaptive = Ngram {
        adaptive: true,
        ..always
    };
    let mut rows: Vec<Vec<Row>> = Vec::new();
    for batch in [1usize, 8] {
        let config = EngineConfig {
            cache: CacheShape {
                num_blocks: 8 * max_blocks + 1,
                block_size: 16,
                max_blocks,
            },
            rows: 1,
            decode_batch: batch,
            prefill_lengths: vec![prefill],
            head: Head::Greedy,
            weights: Weights::F32,
        };
        let mut engine =
            Engine::new_speculative(&backend, &model, config, drafts).map_err(|e| e.to_string())?;
        let n = if batch == 1 { 2 } else { 8 };
        let requests = |prompts: &[&str]| -> Vec<Request> {
            prompts[..n]
                .iter()
                .enumerate()
                .map(|(id, t)| Request {
                    id,
                    prompt: encode(t),
                    max_tokens: tokens,
                    sampling: Sampling::GREEDY,
                })
                .collect()
        };
        // Warm-up: every program runs once (compiled or loaded, caches hot).
        serve_speculative(
            &mut engine,
            requests(&REPETITIVE),
            None,
            always,
            &mut |_, _| {},
        )
        .map_err(|e| e.to_string())?;
        serve(&mut engine, requests(&FREE_FORM), None, &mut |_, _| {})
            .map_err(|e| e.to_string())?;
        // Rounds interleave the configurations, so a burst of load on the
        // shared machine hits them alike; each row reports its median.
        let first = rows.len();
        for round in 0..rounds {
            let mut slot = first;
            for (kind, prompts) in [("repetitive", &REPETITIVE), ("free-form", &FREE_FORM)] {
                for spec in [None, Some(always), Some(adaptive)] {
                    engine.stats = EngineStats::default();
                    let r = requests(prompts);
                    let mut done = match spec {
                        Some(ngram) => {
                            serve_speculative(&mut engine, r, None, ngram, &mut |_, _| {})
                        }
                        None => serve(&mut engine, r, None, &mut |_, _| {}),
                    }
                    .map_err(|e| e.to_string())?;
                    done.sort_by_key(|f| f.id);
                    if round == 0 {
                        rows.push(Vec::new());
                    }
                    rows[slot].push(Row {
                        kind,
                        batch,
                        mode: match spec {
                            None => "plain".into(),
                            Some(n) if n.adaptive => format!("ngram:{drafts}, adaptive"),
                            Some(_) => format!("ngram:{drafts}, every step"),
                        },
                        stats: engine.stats.clone(),
                        tokens: done.into_iter().map(|f| f.tokens).collect(),
                    });
                    slot += 1;
                }
            }
        }
    }
    let rate = |r: &Row| per_second(r.stats.decode_tokens, r.stats.decode_time);
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|mut runs| {
            runs.sort_by(|a, b| rate(a).total_cmp(&rate(b)));
            let mid = runs.len() / 2;
            runs.swap_remove(mid)
        })
        .collect();
    println!(
        "SmolLM2-135M, PJRT CPU, f32 weights, greedy, {tokens} new tokens a request; batch 1: 2 requests in turn, batch 8: 8 at once; median of {rounds} interleaved rounds"
    );
    println!();
    println!("| prompts | batch | decoding | decode steps | decode tok/s | ms/step | proposed | accepted | acceptance | vs plain | same tokens |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for pair in rows.chunks(3) {
        let plain_rate = per_second(pair[0].stats.decode_tokens, pair[0].stats.decode_time);
        for r in pair {
            let s = &r.stats;
            let rate = per_second(s.decode_tokens, s.decode_time);
            let acceptance = if s.proposed == 0 {
                "-".to_string()
            } else {
                format!("{:.1}%", 100.0 * s.accepted as f64 / s.proposed as f64)
            };
            println!(
                "| {} | {} | {} | {} | {:.1} | {:.1} | {} | {} | {} | {:.2}x | {} |",
                r.kind,
                r.batch,
                r.mode,
                s.decode_steps,
                rate,
                s.decode_time.as_secs_f64() * 1e3 / s.decode_steps.max(1) as f64,
                s.proposed,
                s.accepted,
                acceptance,
                rate / plain_rate,
                if r.tokens == pair[0].tokens {
                    "yes"
                } else {
                    "NO"
                }
            );
        }
    }
    Ok(())
}
