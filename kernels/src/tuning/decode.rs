//! Paged decode as a tuning problem: the configurations ([`DecodeChoice`]),
//! the candidates worth timing for a shape, running a choice on any
//! backend, a wall-clock [`Measure`] for CPU backends, and [`choose`], the
//! hot path's lookup with the heuristic as fallback.

use super::heuristic::{heuristic, DecodeShape, GpuSpec, MAX_SPLITS};
use super::key::decode_key;
use super::smem::DecodeKernel;
use super::tuner::{Measure, MeasureError};
use super::{TuneError, TuningCache};
use crate::error::KernelError;
use crate::hand_built;
use crate::host::{self, AttnOutputs};
use crate::split_kv::{self, PagedDecodeConfig, PagedDecodeInputs};
use serde::{Deserialize, Serialize};
use std::any::TypeId;
use std::time::Instant;
use tilekit_core::dsl::KernelCache;
use tilekit_core::{Backend, KernelArgs};

/// How to run one paged decode: `splits` KV partitions per sequence (the
/// split-KV kernels, whose page loop is [`split_kv::STAGES`] deep), or with
/// `splits = 1` the one-pass kernel (`hand_built::paged_decode`) with a
/// `stages`-deep page loop (1 = no prefetch).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DecodeChoice {
    pub splits: usize,
    pub stages: u32,
}

impl std::fmt::Display for DecodeChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "splits={} stages={}", self.splits, self.stages)
    }
}

impl DecodeChoice {
    /// Why this choice cannot be run, if it cannot.
    pub fn unsupported(&self) -> Option<String> {
        if self.splits == 0 || self.stages == 0 {
            return Some("splits and stages must be at least 1".into());
        }
        if self.splits > 1 && self.stages != split_kv::STAGES {
            return Some(format!(
                "the split-KV partition kernel's page loop is {} stages deep; only the one-pass kernel (splits = 1) takes another depth",
                split_kv::STAGES
            ));
        }
        None
    }
}

/// Where [`choose`] got its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Tuned,
    Heuristic,
}

/// The configuration for `shape`: the tuned one when `cache` has it, else
/// [`heuristic`]. Never tunes; only reads the in-memory cache.
pub fn choose(
    cache: Option<&TuningCache>,
    shape: &DecodeShape,
    gpu: &GpuSpec,
) -> Result<(DecodeChoice, Source), TuneError> {
    if let Some(c) = cache {
        if let Some(choice) = c.lookup::<DecodeChoice>(&decode_key(shape))? {
            return Ok((choice, Source::Tuned));
        }
    }
    Ok((heuristic(shape, gpu), Source::Heuristic))
}

/// The candidates worth timing for `shape`: the heuristic's choice, split
/// counts 1, 2, 4, ..., up to the page count (and [`MAX_SPLITS`]), and the
/// one-pass kernel at 1, 2 and 3 stages. Choices whose shared memory (as
/// the PTX emitter plans it) exceeds the GPU's are left out.
pub fn candidates(shape: &DecodeShape, gpu: &GpuSpec) -> Vec<DecodeChoice> {
    let pages = shape.context_len.div_ceil(shape.block_size.max(1)).max(1);
    let mut out = vec![heuristic(shape, gpu)];
    let mut push = |c: DecodeChoice| {
        if !out.contains(&c) {
            out.push(c);
        }
    };
    if shape.fits(DecodeKernel::Partition, gpu) {
        let mut s = 1;
        while s <= pages.min(MAX_SPLITS) {
            push(DecodeChoice {
                splits: s,
                stages: split_kv::STAGES,
            });
            s *= 2;
        }
    }
    for stages in 1..=3 {
        if shape.fits(DecodeKernel::OnePass { stages }, gpu) {
            push(DecodeChoice { splits: 1, stages });
        }
    }
    out
}

/// Runs paged decode with `choice` on `backend`. The inputs are validated
/// as [`split_kv::paged_decode`] validates them, whichever kernel runs.
pub fn run_choice(
    backend: &dyn Backend,
    inputs: &PagedDecodeInputs<'_>,
    config: &PagedDecodeConfig,
    choice: DecodeChoice,
) -> Result<AttnOutputs, KernelError> {
    const OP: &str = "paged_decode";
    if let Some(why) = choice.unsupported() {
        return Err(KernelError::unsupported(OP, "choice", why));
    }
    if choice.splits > 1 {
        let config = PagedDecodeConfig {
            splits: choice.splits,
            ..config.clone()
        };
        return split_kv::paged_decode(backend, inputs, &config);
    }
    let checked = split_kv::check_inputs(OP, inputs, config)?;
    if checked.batch == 0 {
        return Ok(host::empty_outputs(inputs.q.shape()));
    }
    let cfg = hand_built::config_for(inputs.q, inputs.k_cache, inputs.block_tables, choice.stages)
        .map_err(|e| KernelError::unsupported(OP, "choice", e.to_string()))?;
    // The hand-built kernel has no generated cache; it gets the same kind.
    static HAND_BUILT: KernelCache<hand_built::PagedDecodeConfig> = KernelCache::new();
    let kernel = host::built(
        OP,
        "paged_decode",
        HAND_BUILT.get_or_build(TypeId::of::<()>(), &cfg, || hand_built::paged_decode(&cfg)),
    )?;
    let args = KernelArgs::new()
        .tensor("q", inputs.q.clone())
        .tensor("k_cache", inputs.k_cache.clone())
        .tensor("v_cache", inputs.v_cache.clone())
        .tensor("block_tables", inputs.block_tables.clone())
        .tensor("context_lens", inputs.context_lens.clone())
        .f32("scale", checked.scale);
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    Ok(AttnOutputs {
        o: host::take(OP, backend, &mut out, &kernel, "o")?,
        lse: host::take(OP, backend, &mut out, &kernel, "lse")?,
    })
}

/// Times paged decode choices on any [`Backend`] by wall clock around each
/// host API call. On PJRT that includes moving the inputs to the device
/// and the outputs back, as a caller of the host API pays; the GPU path
/// (tilekit-cuda) keeps inputs resident and times with CUDA events.
pub struct BackendMeasure<'a> {
    pub backend: &'a dyn Backend,
    pub inputs: PagedDecodeInputs<'a>,
    pub config: PagedDecodeConfig,
}

impl Measure<DecodeChoice> for BackendMeasure<'_> {
    fn backend(&self) -> String {
        self.backend.name()
    }

    fn timer(&self) -> String {
        "wall clock".into()
    }

    fn run(&mut self, c: &DecodeChoice) -> Result<AttnOutputs, MeasureError> {
        if let Some(why) = c.unsupported() {
            return Err(MeasureError::Unsupported(why));
        }
        run_choice(self.backend, &self.inputs, &self.config, *c)
            .map_err(|e| MeasureError::Failed(e.to_string()))
    }

    fn time(
        &mut self,
        c: &DecodeChoice,
        warmup: usize,
        iters: usize,
    ) -> Result<Vec<f64>, MeasureError> {
        for _ in 0..warmup {
            self.run(c)?;
        }
        (0..iters)
            .map(|_| {
                let t = Instant::now();
                self.run(c)?;
                Ok(t.elapsed().as_secs_f64() * 1e3)
            })
            .collect()
    }
}
