//! What the model's modes share: finding and loading the GGUF (installing
//! the default model on first use), turning prompts into token ids the way
//! generation feeds them, the paged cache's geometry, the weights' form
//! for a backend, and writing output files atomically.

use crate::cli::{Options, WeightsChoice};
use std::path::{Path, PathBuf};
use tilekit_model::{fetch, ChatMessage, LlamaModel};
use tilekit_serve::{check_model, CacheShape, Weights};

/// Tokens per page of the KV cache.
pub const BLOCK_SIZE: usize = 16;

/// The model file: `--model`, else (or for `--model smollm2`) the cached
/// SmolLM2 (installed first, with progress, when it is not there).
pub fn model_path(opts: &Options) -> Result<PathBuf, String> {
    match &opts.model {
        // `--model smollm2` names the default model (unless a file of
        // that name is there).
        Some(path) if path.as_os_str() == "smollm2" && !path.exists() => {
            fetch::install().map_err(|e| e.to_string())
        }
        Some(path) => Ok(path.clone()),
        None => fetch::install().map_err(|e| e.to_string()),
    }
}

/// Loads the model; with `servable`, also checks that the kernels run it
/// (tensor types, head shapes).
pub fn load(opts: &Options, servable: bool) -> Result<(PathBuf, LlamaModel), String> {
    let path = model_path(opts)?;
    let model = LlamaModel::load(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if servable {
        // Shapes only: which tensor types are served depends on the weight
        // layout, which the backend picks (`Engine::new` checks the rest).
        check_model(&model, Weights::F32).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok((path, model))
}

/// The file name, for messages and tables.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}

/// The token ids generation feeds for `text`: the tokenizer's encoding
/// (BOS first only when the model asks for it), or with `chat` the chat
/// template rendered around it as a user message, its control tokens
/// parsed as such.
pub fn encode(model: &LlamaModel, text: &str, chat: bool) -> Result<Vec<u32>, String> {
    if !chat {
        return Ok(model.tokenizer.encode(text));
    }
    let template = model
        .chat_template
        .as_ref()
        .ok_or("--chat: the model file has no chat template (tokenizer.chat_template)")?;
    let rendered = template
        .render(&[ChatMessage::new("user", text)], true)
        .map_err(|e| e.to_string())?;
    Ok(model.tokenizer.encode_special(&rendered))
}

/// Encodes prompt `i` and checks it: not empty, and leaving room in the
/// model's context for one generated token.
pub fn prompt_ids(
    model: &LlamaModel,
    i: usize,
    text: &str,
    chat: bool,
) -> Result<Vec<u32>, String> {
    if text.is_empty() {
        return Err(format!("prompt {i} is empty"));
    }
    let ids = encode(model, text, chat)?;
    let context = model.config.context_length;
    if ids.is_empty() {
        return Err(format!("prompt {i} has no tokens"));
    }
    if ids.len() >= context {
        return Err(format!(
            "prompt {i} has {} tokens; the model's context is {context} tokens, and a prompt must leave room for one generated token",
            ids.len()
        ));
    }
    Ok(ids)
}

/// The prefill program's length for a prompt of `len` tokens: the power of
/// two at or above it, at least 16.
pub fn bucket(len: usize) -> usize {
    len.next_power_of_two().max(16)
}

/// A cache for sequences that grow to `longest` tokens each (`pages`
/// pages in all), whose prompts run through prefills of up to `bucket`
/// rows.
pub fn cache_shape(pages: usize, longest: usize, bucket: usize) -> CacheShape {
    let max_blocks = longest.max(bucket).div_ceil(BLOCK_SIZE);
    CacheShape {
        num_blocks: pages.max(max_blocks),
        block_size: BLOCK_SIZE,
        max_blocks,
    }
}

/// Refuses a cache that cannot fit in the memory available.
pub fn check_memory(model: &LlamaModel, cache: &CacheShape, what: &str) -> Result<(), String> {
    let bytes = cache.bytes(&model.config);
    match crate::memory::available_bytes() {
        Some(avail) if bytes > avail => Err(format!(
            "the KV cache for {what} needs {:.2} GB ({} pages of {BLOCK_SIZE} tokens over {} layers); {:.2} GB are available",
            bytes as f64 / 1e9,
            cache.num_blocks,
            model.config.n_layers,
            avail as f64 / 1e9
        )),
        _ => Ok(()),
    }
}

/// `--weights` for `backend`: f32 where XLA's CPU backend runs, quantized
/// elsewhere.
pub fn weights(choice: WeightsChoice, backend: &str) -> Weights {
    match choice {
        WeightsChoice::Quantized => Weights::Quantized,
        WeightsChoice::F32 => Weights::F32,
        WeightsChoice::Auto if backend == "pjrt-cpu" => Weights::F32,
        WeightsChoice::Auto => Weights::Quantized,
    }
}

/// Fails early (before any work) when `path` cannot be written: its
/// directory is missing.
pub fn check_writable(path: &Path, what: &str) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if dir.is_dir() {
        Ok(())
    } else {
        Err(format!(
            "{what} {}: the directory {} does not exist",
            path.display(),
            dir.display()
        ))
    }
}

/// Writes `path` through `write` into a temporary file in the same
/// directory, renamed into place only when the write succeeded, so a
/// reader never sees a partial file.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), String> {
    let name = file_name(path);
    let temp = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let result = write(&temp).and_then(|()| {
        std::fs::rename(&temp, path).map_err(|e| format!("{}: {e}", path.display()))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
