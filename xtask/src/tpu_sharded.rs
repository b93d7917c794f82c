//! `tpu-check`'s tensor-parallel step: SmolLM2-135M's decode step split
//! over TPU chips (`tilekit_serve::shard`: KV heads, query heads and the
//! FFN split, two all-reduces a block), lowered to one sharded StableHLO
//! module and compiled ahead of time by libtpu for a multi-chip v5e slice
//! with XLA's SPMD partitioner: the executable each chip of the slice
//! would run, collectives over the chips' interconnect included.
//!
//! SmolLM2 has 3 KV heads, so its step splits over 1 or 3 devices; v5e
//! slices come as 1x1, 2x2, 2x4 and larger, none of 3 chips. The step is
//! compiled for 3 of the 4 chips of a 2x2 slice (partition `d` on chip
//! `d`), which libtpu accepts: a device assignment may name any chips of
//! the topology.

use std::time::Instant;
use tilekit_model::{fetch, LlamaModel};
use tilekit_serve::{step_program_on, CacheShape, Head, StepKind, Weights};

/// Devices the step is split over (SmolLM2's KV heads).
const DEVICES: usize = 3;
/// The slice: `v5e:2x2`.
const SLICE: (&str, usize, usize) = ("v5e", 2, 2);

/// Compiles the sharded step; prints one line, the `libtpu:` summary.
pub fn sharded_step() -> Result<(), String> {
    // Downloads the model on a fresh machine (pip's progress on stderr),
    // as tpu-check itself installs libtpu.
    let path = fetch::install().map_err(|e| e.to_string())?;
    let model = LlamaModel::load(&path).map_err(|e| e.to_string())?;
    // A serving-sized cache: 8 sequences of up to 1024 tokens.
    let cache = CacheShape {
        num_blocks: 512,
        block_size: 16,
        max_blocks: 64,
    };
    let kind = StepKind::Decode {
        batch: 8,
        head: Head::Greedy,
    };
    let step = step_program_on(&model, &cache, kind, 8, Weights::F32, DEVICES)
        .map_err(|e| format!("recording the sharded step: {e}"))?;
    let module = tilekit_stablehlo::lower_program(&step.program)
        .map_err(|e| format!("lowering the sharded step: {e}"))?;
    let plugin = tilekit_pjrt::libtpu::load_libtpu().map_err(|e| e.to_string())?;
    let (chip, x, y) = SLICE;
    let topology = tilekit_pjrt::libtpu::slice_topology(plugin, chip, x, y)
        .map_err(|e| format!("libtpu: topology {chip}:{x}x{y}: {e}"))?;
    let start = Instant::now();
    let exe = topology
        .compile_partitioned(&module.text, DEVICES)
        .map_err(|e| format!("libtpu: the sharded step for {chip} {x}x{y}: {e}"))?;
    let code = exe.code_size().map_err(|e| e.to_string())?;
    let all_reduces = module.text.matches("stablehlo.all_reduce").count();
    println!(
        "libtpu: sharded step compiled for {chip} {x}x{y} ({DEVICES} of {} chips): SmolLM2-135M decode x8, {} layers, {all_reduces} all-reduces, {code} bytes of code, in {:.1}s",
        x * y,
        model.config.n_layers,
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
