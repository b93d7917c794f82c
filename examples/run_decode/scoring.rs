//! Scoring: `--logits-for IN --output OUT` reads `tokens` (i32 `[B, T]`)
//! and writes each row's teacher-forced logits (f32 `[B, T, vocab]`),
//! computed by a prefill program with a logits head over the paged cache
//! (`Engine::score`). Everything is checked before the model runs, and
//! the output is written to a temporary file and renamed, so a failure
//! never leaves a partial file behind.

use crate::cli::Options;
use crate::model_load::{self, bucket, cache_shape};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;
use tilekit::core::tensor::{read_safetensors, write_safetensors};
use tilekit::core::{DType, HostTensor};
use tilekit_serve::{EngineConfig, Head};

/// The `tokens` of `input`: rows of ids, checked for dtype and shape.
fn read_tokens(input: &Path) -> Result<(usize, usize, Vec<i32>), String> {
    let origin = input.display().to_string();
    let mut t = read_safetensors(input).map_err(|e| e.to_string())?;
    let Some(tokens) = t.remove("tokens") else {
        let have: Vec<&str> = t.keys().map(String::as_str).collect();
        return Err(format!(
            "{origin}: tensor `tokens` (i32 [B, T]) is missing (the file has: {})",
            if have.is_empty() {
                "nothing".to_string()
            } else {
                have.join(", ")
            }
        ));
    };
    let (dtype, shape) = (tokens.dtype(), tokens.shape().to_vec());
    let (DType::I32, &[b, t]) = (dtype, &shape[..]) else {
        return Err(format!(
            "{origin}: tensor `tokens` must be i32 [B, T], got {dtype} {shape:?}"
        ));
    };
    if b == 0 || t == 0 {
        return Err(format!(
            "{origin}: tensor `tokens` is empty ({shape:?}); it needs at least one row of one token"
        ));
    }
    let ids = tokens.as_i32().unwrap_or(&[]).to_vec();
    Ok((b, t, ids))
}

pub fn run(opts: &Options, input: &Path, output: &Path) -> Result<(), String> {
    model_load::check_writable(output, "--output")?;
    let (rows, len, ids) = read_tokens(input)?;
    let (_, model) = model_load::load(opts, true)?;
    let (vocab, context) = (model.config.vocab, model.config.context_length);
    if let Some((at, bad)) = ids
        .iter()
        .enumerate()
        .find(|(_, &id)| id < 0 || id as usize >= vocab)
    {
        return Err(format!(
            "{}: tensor `tokens`: id {bad} at [{}, {}] is outside the vocabulary of {vocab} tokens",
            input.display(),
            at / len,
            at % len
        ));
    }
    if len > context {
        return Err(format!(
            "{}: tensor `tokens` has rows of {len} tokens; the model's context is {context}",
            input.display()
        ));
    }
    // One sequence at a time: the pages of one row (and the token after).
    let cache = cache_shape(0, len + 1, bucket(len));
    model_load::check_memory(&model, &cache, &format!("a row of {len} tokens"))?;
    let chosen = crate::backend::create(opts.backend)?;
    let backend = chosen.backend();
    let config = EngineConfig {
        cache,
        rows: 1,
        decode_batch: 0,
        prefill_lengths: vec![bucket(len)],
        head: Head::Logits,
        weights: model_load::weights(opts.weights, &backend.name()),
    };
    let start = Instant::now();
    let mut engine =
        tilekit_serve::Engine::new(backend, &model, config).map_err(|e| e.to_string())?;
    let loaded = start.elapsed().as_secs_f64();
    let mut logits = Vec::with_capacity(rows * len * vocab);
    for (r, row) in ids.chunks(len).enumerate() {
        let row: Vec<u32> = row.iter().map(|&t| t as u32).collect();
        let out = engine.score(r, &row).map_err(|e| e.to_string())?;
        logits.extend(out.to_f32_vec());
    }
    let tensor = HostTensor::from_f32(DType::F32, &[rows, len, vocab], &logits)
        .map_err(|e| e.to_string())?;
    let mut results = BTreeMap::new();
    results.insert("logits".to_string(), tensor);
    model_load::write_atomic(output, |temp| {
        write_safetensors(temp, &results).map_err(|e| e.to_string())
    })?;
    eprintln!(
        "run_decode: wrote `logits` [{rows}, {len}, {vocab}] to {} on `{}` (programs ready in {loaded:.1} s, {rows} rows scored in {:.2} s)",
        output.display(),
        backend.name(),
        engine.stats.prefill_time.as_secs_f64()
    );
    Ok(())
}
