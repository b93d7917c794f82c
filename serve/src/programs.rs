//! The model's step programs. Every program of a model declares the same
//! state ([`crate::state`]), so a program set shares one copy of the
//! weights and caches among them:
//!
//! - **decode** (`batch` rows): each row is one sequence's newest token at
//!   its own position; it writes its K/V into the paged cache and attends
//!   over the sequence's pages (`paged_decode`). Rows a step does not use
//!   write nothing (slot -1) and read nothing (length 0).
//! - **prefill** (`tokens` rows): one fresh sequence's prompt, positions
//!   0..T, padded to the program's length: K/V go into the cache (padding
//!   writes nothing), attention is causal over the prompt itself
//!   (`flash_attention`), and only the last prompt token's row reaches
//!   the LM head (`gather_rows`), unless the program returns every row's
//!   logits (scoring).
//!
//! - **verify** (`batch · queries` rows): each sequence's newest token and
//!   its drafted tokens at consecutive positions; every real row writes
//!   its K/V, and attention is the multi-query `paged_decode_multi` (each
//!   row sees the cache up to its own position). The head runs on every
//!   row ([`crate::verify`]).
//!
//! Inputs (i32): `ids`, `positions`, `slots` (`[rows]`); decode adds
//! `block_tables [batch, max_blocks]` and `context_lens [batch]` (verify adds `query_lens [batch]`); a
//! prefill that picks a token adds `last [1]`; sampling adds `top_k`,
//! `inv_temp`, `top_p` and `u` (`[rows, 1]`).

use crate::error::{Result, ServeError};
use crate::record::{Attention, Recorder, RowInputs};
use crate::shard;
use crate::state::{check_model, declare, CacheShape, Weights};
use std::sync::Arc;
use tilekit_core::program::{BufferId, Program, ProgramBuilder};
use tilekit_core::DType;
use tilekit_model::LlamaModel;

/// What a step program returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Head {
    /// The next token of each sequence by argmax: `next [r, 1]`.
    Greedy,
    /// The next token by temperature, top-k and top-p sampling.
    Sample,
    /// Every row's logits `[rows, V]` and the residual stream after each
    /// block (`hidden`), for scoring and tests.
    Logits,
}

/// Which program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    Decode {
        batch: usize,
        head: Head,
    },
    Prefill {
        tokens: usize,
        head: Head,
    },
    /// Speculative verification: `batch` sequences of `queries` rows each
    /// (the newest token, then the drafts; [`crate::verify`]).
    Verify {
        batch: usize,
        queries: usize,
        head: Head,
    },
}

impl StepKind {
    /// Token rows the program runs.
    pub fn rows(self) -> usize {
        match self {
            StepKind::Decode { batch, .. } => batch,
            StepKind::Prefill { tokens, .. } => tokens,
            StepKind::Verify { batch, queries, .. } => batch * queries,
        }
    }

    pub fn head(self) -> Head {
        match self {
            StepKind::Decode { head, .. }
            | StepKind::Prefill { head, .. }
            | StepKind::Verify { head, .. } => head,
        }
    }
}

/// A recorded step program and where its results are.
#[derive(Clone, Debug)]
pub struct StepProgram {
    pub kind: StepKind,
    pub program: Arc<Program>,
    /// `next [r, 1]` i32 (greedy and sampling heads).
    pub next: Option<BufferId>,
    /// `logits [rows, V]` f32 (the logits head).
    pub logits: Option<BufferId>,
    /// The residual stream after each block, `[rows, d_model]` (the logits
    /// head).
    pub hidden: Vec<BufferId>,
}

/// Records the program `kind` for `model` over the paged `cache`; `rows`
/// is the row-wise kernels' rows per program, `weights` how the linear
/// layers hold theirs.
pub fn step_program(
    model: &LlamaModel,
    cache: &CacheShape,
    kind: StepKind,
    rows: usize,
    weights: Weights,
) -> Result<StepProgram> {
    step_program_on(model, cache, kind, rows, weights, 1)
}

/// [`step_program`] tensor-parallel over `devices` ([`crate::shard`]):
/// recorded for one device's shard, the state declared as its slices.
pub fn step_program_on(
    model: &LlamaModel,
    cache: &CacheShape,
    kind: StepKind,
    rows: usize,
    weights: Weights,
    devices: usize,
) -> Result<StepProgram> {
    check_model(model, weights)?;
    shard::check_devices(&model.config, devices, weights)?;
    let shard_model;
    let model = match devices {
        1 => model,
        d => {
            shard_model = shard::shard_model(model, d);
            &shard_model
        }
    };
    let m = kind.rows();
    if m == 0 || model.weights.layers.is_empty() {
        return Err(ServeError::Unsupported(format!(
            "a step of {m} rows over {} layers runs nothing",
            model.weights.layers.len()
        )));
    }
    let name = match kind {
        StepKind::Decode { batch, head } => format!("decode_b{batch}_{head:?}"),
        StepKind::Prefill { tokens, head } => format!("prefill_t{tokens}_{head:?}"),
        StepKind::Verify {
            batch,
            queries,
            head,
        } => format!("verify_b{batch}_q{queries}_{head:?}"),
    }
    .to_lowercase();
    let mut p = ProgramBuilder::new(&name);
    p.shard(devices);
    let s = declare(&mut p, model, cache, weights);
    shard::split_state(&mut p, &s);
    let ids = p.input("ids", DType::I32, &[m]);
    let positions = p.input("positions", DType::I32, &[m]);
    let slots = p.input("slots", DType::I32, &[m]);
    let attention = match kind {
        StepKind::Decode { .. } => Attention::Paged {
            block_tables: p.input("block_tables", DType::I32, &[m, cache.max_blocks]),
            context_lens: p.input("context_lens", DType::I32, &[m]),
        },
        StepKind::Prefill { .. } => Attention::Causal,
        StepKind::Verify { batch, .. } => Attention::Multi {
            block_tables: p.input("block_tables", DType::I32, &[batch, cache.max_blocks]),
            context_lens: p.input("context_lens", DType::I32, &[batch]),
            query_lens: p.input("query_lens", DType::I32, &[batch]),
            batch,
        },
    };
    let head = kind.head();
    let picks_last = matches!(kind, StepKind::Prefill { .. }) && head != Head::Logits;
    let last = picks_last.then(|| p.input("last", DType::I32, &[1]));
    let mut r = Recorder {
        p: &mut p,
        c: model.config.clone(),
        cache: *cache,
        m,
        rows,
    };
    let per_row = RowInputs {
        positions,
        slots,
        attention,
    };
    let mut x = r.embed(ids, &s)?;
    let mut y = r.rms_norm(x, s.layers[0].attn_norm)?;
    let mut hidden = Vec::new();
    for (i, l) in s.layers.iter().enumerate() {
        let (h, down) = r.block(x, y, l, &s, &per_row)?;
        let norm = s.layers.get(i + 1).map_or(s.out_norm, |n| n.attn_norm);
        (x, y) = r.add_rms_norm(h, down, norm)?;
        hidden.push(x);
    }
    let (y, head_rows) = match last {
        Some(last) => (r.gather_rows(y, last, 1)?, 1),
        None => (y, m),
    };
    let logits = r.linear_rows(y, &s.head, head_rows)?;
    let (next, logits) = match head {
        Head::Greedy => (Some(r.argmax(logits, head_rows)?), None),
        Head::Sample => (Some(r.sample(logits, head_rows)?), None),
        Head::Logits => (None, Some(logits)),
    };
    for b in next.iter().chain(&logits) {
        p.output(*b);
    }
    // A verify step's logits are for sampling on the host: no hidden rows.
    if head == Head::Logits && !matches!(kind, StepKind::Verify { .. }) {
        for b in &hidden {
            p.output(*b);
        }
    } else {
        hidden.clear();
    }
    Ok(StepProgram {
        kind,
        program: Arc::new(p.finish()?),
        next,
        logits,
        hidden,
    })
}
