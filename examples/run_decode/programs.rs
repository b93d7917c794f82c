//! The decode step as tilekit programs: everything one step runs on the
//! device, recorded once and executed every step, with the KV cache as
//! program state (it stays on the backend between steps; only the new
//! tokens, the queries and the small index arrays go up, and only `o`,
//! `lse` and the anchor's pooled scores come back).
//!
//! - paged: KV write → paged decode partition (→ split-KV combine);
//! - Kascade anchor: KV write → page gather → dense decode that also scores
//!   every key (Top-k runs on the host between programs);
//! - Kascade reuse: KV write → paged decode over the selected tokens.

use std::sync::Arc;
use tilekit::core::dsl::bf16;
use tilekit::core::program::{Arg, BufferId, Program, ProgramBuilder};
use tilekit::core::{BuildError, DType, VerifiedKernel};
use tilekit::kernels::kascade_decode::{
    kascade_decode_tokens_paged_cached, KascadeDecodeTokensPagedShapes,
};
use tilekit::kernels::kascade_scores::{
    kascade_decode_scores_kernel_cached, KascadeDecodeScoresKernelShapes,
};
use tilekit::kernels::kv_gather::{kv_gather_kernel_cached, KvGatherKernelShapes};
use tilekit::kernels::kv_write::{kv_write_kernel_cached, KvWriteKernelShapes};
use tilekit::kernels::split_kv::{
    paged_decode_partition_cached, split_kv_combine_cached, PagedDecodePartitionShapes,
    SplitKvCombineShapes,
};

/// Which program a step runs.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    Paged,
    Anchor,
    Reuse,
}

/// The static sizes every step shares (so each program compiles once).
#[derive(Clone, Debug)]
pub struct Dims {
    pub batch: usize,
    pub q_heads: usize,
    pub kv_heads: usize,
    pub head_dim: usize,
    pub num_blocks: usize,
    pub block_size: usize,
    pub max_blocks: usize,
    pub splits: usize,
    /// Columns of the Kascade selection.
    pub k_max: usize,
    pub scale: f32,
    /// Devices the step is split over by KV head (`--devices`; paged
    /// decode only): the heads above are the whole step's.
    pub devices: usize,
}

impl Dims {
    /// What one device sees: a `1/devices` share of the heads.
    fn local(&self) -> Dims {
        Dims {
            q_heads: self.q_heads / self.devices,
            kv_heads: self.kv_heads / self.devices,
            ..self.clone()
        }
    }

    fn cache(&self) -> [usize; 4] {
        [
            self.num_blocks,
            self.block_size,
            self.kv_heads,
            self.head_dim,
        ]
    }
}

/// The traced kernel, from its launcher's cache (traced on first use).
fn built(r: Result<Arc<VerifiedKernel>, BuildError>) -> Result<Arc<VerifiedKernel>, String> {
    r.map_err(|e| e.to_string())
}

/// The buffers every step program has: the cache and the new tokens.
struct Common {
    k_cache: BufferId,
    v_cache: BufferId,
    q: BufferId,
    block_tables: BufferId,
    context_lens: BufferId,
}

/// Declares the cache and the per-step inputs, and records the KV write.
/// With `d.devices` above 1, `d` is one device's share (heads split
/// along the caches' Hkv axis and the inputs' head axis).
fn common(p: &mut ProgramBuilder, d: &Dims) -> Result<Common, String> {
    let (b, hkv, hd) = (d.batch, d.kv_heads, d.head_dim);
    p.shard(d.devices);
    let k_cache = p.state("k_cache", DType::Bf16, &d.cache());
    let v_cache = p.state("v_cache", DType::Bf16, &d.cache());
    let q = p.input("q", DType::Bf16, &[b, d.q_heads, hd]);
    let k_new = p.input("k_new", DType::Bf16, &[b, hkv, hd]);
    let v_new = p.input("v_new", DType::Bf16, &[b, hkv, hd]);
    for (buffer, axis) in [(k_cache, 2), (v_cache, 2), (q, 1), (k_new, 1), (v_new, 1)] {
        p.split(buffer, axis);
    }
    let slots = p.input("slot_mapping", DType::I32, &[b]);
    let block_tables = p.input("block_tables", DType::I32, &[b, d.max_blocks]);
    let context_lens = p.input("context_lens", DType::I32, &[b]);
    let write = built(kv_write_kernel_cached::<bf16>(&KvWriteKernelShapes {
        slot_mapping: [b],
        k_new: [b, hkv, hd],
        v_new: [b, hkv, hd],
        k_cache: d.cache(),
        v_cache: d.cache(),
    }))?;
    p.call(
        &write,
        &[
            ("slot_mapping", slots.into()),
            ("k_new", k_new.into()),
            ("v_new", v_new.into()),
            ("k_cache", k_cache.into()),
            ("v_cache", v_cache.into()),
        ],
    );
    Ok(Common {
        k_cache,
        v_cache,
        q,
        block_tables,
        context_lens,
    })
}

/// KV write → paged decode (split-KV partitions, combined when more than one).
/// Outputs: `o` (`[B, 1, Hq, D]` with one split, else `[B, Hq, D]`), `lse`.
pub fn paged_step(d: &Dims) -> Result<Program, String> {
    let mut p = ProgramBuilder::new("decode_step");
    let c = common(&mut p, d)?;
    let (b, hq, hd) = (d.batch, d.q_heads, d.head_dim);
    let ranges = p.input("page_ranges", DType::I32, &[b, d.splits, 2]);
    let partition = built(paged_decode_partition_cached::<bf16>(
        &PagedDecodePartitionShapes {
            block_tables: [b, d.max_blocks],
            context_lens: [b],
            page_ranges: [b, d.splits, 2],
            q: [b, hq, hd],
            k_cache: d.cache(),
            v_cache: d.cache(),
        },
    ))?;
    let call = p.call(
        &partition,
        &[
            ("block_tables", c.block_tables.into()),
            ("context_lens", c.context_lens.into()),
            ("page_ranges", ranges.into()),
            ("q", c.q.into()),
            ("k_cache", c.k_cache.into()),
            ("v_cache", c.v_cache.into()),
            ("scale", Arg::from(d.scale)),
        ],
    );
    let (mut o, mut lse) = (p.out(call, "o_part"), p.out(call, "lse_part"));
    if d.splits > 1 {
        let combine = built(split_kv_combine_cached(&SplitKvCombineShapes {
            o_part: [b, d.splits, hq, hd],
            lse_part: [b, d.splits, hq],
        }))?;
        let call = p.call(&combine, &[("o_part", o.into()), ("lse_part", lse.into())]);
        (o, lse) = (p.out(call, "o"), p.out(call, "lse"));
    }
    // The heads are the last but one axis of `o`, the last of `lse`.
    let (o_heads, lse_heads) = if d.splits > 1 { (1, 1) } else { (2, 2) };
    p.split(o, o_heads);
    p.split(lse, lse_heads);
    p.output(o);
    p.output(lse);
    p.finish().map_err(|e| e.to_string())
}

/// KV write → page gather → anchor decode. Outputs: `o`, `lse`, `agg`
/// (`[B, Hkv, MB * BS]` pooled probabilities for the host's Top-k).
pub fn anchor_step(d: &Dims) -> Result<Program, String> {
    let mut p = ProgramBuilder::new("kascade_anchor_step");
    let c = common(&mut p, d)?;
    let (b, hq, hkv, hd) = (d.batch, d.q_heads, d.kv_heads, d.head_dim);
    let gather = built(kv_gather_kernel_cached::<bf16>(&KvGatherKernelShapes {
        block_tables: [b, d.max_blocks],
        context_lens: [b],
        k_cache: d.cache(),
        v_cache: d.cache(),
    }))?;
    let call = p.call(
        &gather,
        &[
            ("block_tables", c.block_tables.into()),
            ("context_lens", c.context_lens.into()),
            ("k_cache", c.k_cache.into()),
            ("v_cache", c.v_cache.into()),
        ],
    );
    let (k, v) = (p.out(call, "k"), p.out(call, "v"));
    let s = d.max_blocks * d.block_size;
    let scores = built(kascade_decode_scores_kernel_cached::<bf16>(
        &KascadeDecodeScoresKernelShapes {
            lens: [b],
            q: [b, hq, hd],
            k: [b, s, hkv, hd],
            v: [b, s, hkv, hd],
        },
    ))?;
    let call = p.call(
        &scores,
        &[
            ("lens", c.context_lens.into()),
            ("q", c.q.into()),
            ("k", k.into()),
            ("v", v.into()),
            ("scale", Arg::from(d.scale)),
        ],
    );
    for name in ["o", "lse", "agg"] {
        let out = p.out(call, name);
        p.output(out);
    }
    p.finish().map_err(|e| e.to_string())
}

/// KV write → paged decode over the anchor's selected tokens. Inputs add
/// `idx` (`[B, Hkv, k_max]`, -1 padded), `n_sel` and `head_map`.
pub fn reuse_step(d: &Dims) -> Result<Program, String> {
    let mut p = ProgramBuilder::new("kascade_reuse_step");
    let c = common(&mut p, d)?;
    let (b, hq, hkv, hd) = (d.batch, d.q_heads, d.kv_heads, d.head_dim);
    let idx = p.input("idx", DType::I32, &[b, hkv, d.k_max]);
    let n_sel = p.input("n_sel", DType::I32, &[b]);
    let head_map = p.input("head_map", DType::I32, &[hkv]);
    let reuse = built(kascade_decode_tokens_paged_cached::<bf16>(
        &KascadeDecodeTokensPagedShapes {
            block_tables: [b, d.max_blocks],
            idx: [b, hkv, d.k_max],
            n_sel: [b],
            head_map: [hkv],
            q: [b, hq, hd],
            k_cache: d.cache(),
            v_cache: d.cache(),
        },
    ))?;
    let call = p.call(
        &reuse,
        &[
            ("block_tables", c.block_tables.into()),
            ("idx", idx.into()),
            ("n_sel", n_sel.into()),
            ("head_map", head_map.into()),
            ("q", c.q.into()),
            ("k_cache", c.k_cache.into()),
            ("v_cache", c.v_cache.into()),
            ("scale", Arg::from(d.scale)),
        ],
    );
    for name in ["o", "lse"] {
        let out = p.out(call, name);
        p.output(out);
    }
    p.finish().map_err(|e| e.to_string())
}

/// The program for `kind`.
pub fn build(kind: StepKind, d: &Dims) -> Result<Arc<Program>, String> {
    if d.devices > 1 && kind != StepKind::Paged {
        return Err(format!(
            "--devices {}: only the paged decode step is split over devices",
            d.devices
        ));
    }
    let p = match kind {
        StepKind::Paged => paged_step(&d.local())?,
        StepKind::Anchor => anchor_step(d)?,
        StepKind::Reuse => reuse_step(d)?,
    };
    Ok(Arc::new(p))
}
