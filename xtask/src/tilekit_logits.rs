//! tilekit's side of the logits check: teacher-forced logits through the
//! serve engine (`tilekit_serve::Engine::score`: the prefill program, flash
//! attention causal and the paged KV write, then the LM head) on the XLA
//! CPU PJRT plugin, and the exact f64 forward (`tilekit_model::reference`)
//! as a second reference.

use crate::model_check::Logits;
use tilekit_model::{reference, LlamaModel};
use tilekit_pjrt::PjrtBackend;
use tilekit_serve::{CacheShape, Engine, EngineConfig, Head, Weights};

const BLOCK_SIZE: usize = 16;

/// The power-of-two prefill lengths (one page at least) that cover
/// `lengths`: each prompt runs on the shortest that holds it.
pub fn buckets(lengths: &[usize]) -> Vec<usize> {
    let mut b: Vec<usize> = lengths
        .iter()
        .map(|&n| n.max(BLOCK_SIZE).next_power_of_two())
        .collect();
    b.sort_unstable();
    b.dedup();
    b
}

/// One sequence's cache, long enough for the longest bucket plus the token
/// a prompt of that length would generate next (the engine's bound).
fn cache(longest: usize) -> CacheShape {
    let blocks = (longest + 1).div_ceil(BLOCK_SIZE);
    CacheShape {
        num_blocks: blocks,
        block_size: BLOCK_SIZE,
        max_blocks: blocks,
    }
}

/// The engine loaded for scoring prompts of `lengths` tokens: one prefill
/// program per bucket, quantized weights (the file's Q4_1/Q8_0 blocks).
pub fn engine<'b>(
    backend: &'b PjrtBackend,
    model: &LlamaModel,
    lengths: &[usize],
) -> Result<EngineLogits<'b>, String> {
    let prefill_lengths = buckets(lengths);
    let longest = prefill_lengths.last().copied().unwrap_or(BLOCK_SIZE);
    let config = EngineConfig {
        cache: cache(longest),
        rows: 1,
        decode_batch: 0,
        prefill_lengths,
        head: Head::Logits,
        weights: Weights::Quantized,
    };
    let engine = Engine::new(backend, model, config).map_err(|e| format!("tilekit engine: {e}"))?;
    Ok(EngineLogits { engine, next: 0 })
}

/// The PJRT CPU plugin, with the error naming what installs it.
pub fn pjrt() -> Result<PjrtBackend, String> {
    PjrtBackend::default_plugin()
        .map_err(|e| format!("the PJRT CPU plugin: {e} (`cargo xtask install-pjrt` installs it)"))
}

/// [`Logits`] by the engine's scoring, one request per prompt.
pub struct EngineLogits<'b> {
    engine: Engine<'b>,
    next: usize,
}

impl EngineLogits<'_> {
    pub fn prefill_lengths(&self) -> &[usize] {
        &self.engine.config().prefill_lengths
    }
}

impl Logits for EngineLogits<'_> {
    fn logits(&mut self, tokens: &[u32]) -> Result<Vec<f32>, String> {
        let request = self.next;
        self.next += 1;
        let t = self
            .engine
            .score(request, tokens)
            .map_err(|e| format!("tilekit engine: {e}"))?;
        Ok(t.to_f32_vec())
    }
}

/// [`Logits`] by the exact f64 forward (rounded to f32 at the end).
pub struct Exact<'m>(pub &'m LlamaModel);

impl Logits for Exact<'_> {
    fn logits(&mut self, tokens: &[u32]) -> Result<Vec<f32>, String> {
        let f = reference::forward(self.0, tokens).map_err(|e| format!("f64 forward: {e}"))?;
        Ok(f.logits.iter().map(|&x| x as f32).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_the_powers_of_two_that_cover_the_prompts() {
        assert_eq!(buckets(&[70, 73, 109, 166, 75]), vec![128, 256]);
        assert_eq!(buckets(&[1, 16, 17, 64]), vec![16, 32, 64]);
    }

    #[test]
    fn the_cache_holds_the_longest_bucket_and_one_more_token() {
        let c = cache(256);
        assert_eq!((c.num_blocks, c.max_blocks, c.max_len()), (17, 17, 272));
    }
}
