//! The model's persistent buffers, as program state shared by name by
//! every program of a model (decode at each batch size, prefill at each
//! length, scoring): the weights in the kernels' layout (quantized blocks
//! stay quantized), the RoPE tables and one paged K and V cache per layer.
//!
//! Names follow the GGUF file (`blk.3.attn_q.weight`) so an error names
//! the tensor a user can find in the file; the caches and tables are
//! `blk.3.k_cache`, `blk.3.v_cache`, `rope.cos`, `rope.sin`.

use crate::error::{Result, ServeError};
use std::collections::BTreeMap;
use tilekit_core::program::{BufferId, ProgramBuilder};
use tilekit_core::{DType, HostTensor};
use tilekit_kernels::llama::rope_table;
use tilekit_kernels::QuantFormat;
use tilekit_model::{GgmlType, LlamaConfig, LlamaModel, Weight};

/// The paged KV cache's geometry (the same in every program of a model).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheShape {
    /// Pages in the cache (per layer).
    pub num_blocks: usize,
    /// Tokens per page.
    pub block_size: usize,
    /// Pages one sequence may hold: its block table's width.
    pub max_blocks: usize,
}

impl CacheShape {
    /// The longest sequence (prompt and generated tokens) the cache serves.
    pub fn max_len(&self) -> usize {
        self.max_blocks * self.block_size
    }

    /// `[NB, BS, Hkv, D]`.
    pub fn dims(&self, c: &LlamaConfig) -> [usize; 4] {
        [self.num_blocks, self.block_size, c.n_kv_heads, c.head_dim]
    }

    /// Bytes of all layers' K and V caches (f32).
    pub fn bytes(&self, c: &LlamaConfig) -> usize {
        2 * c.n_layers * self.dims(c).iter().product::<usize>() * 4
    }
}

/// How the linear layers' weights are held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Weights {
    /// As in the file (Q4_1/Q8_0 blocks), dequantized in the matrix
    /// kernels' registers: the bytes GPUs and TPUs are limited by.
    #[default]
    Quantized,
    /// Dequantized to f32 once at load (4-8x the bytes), each product one
    /// plain dot: what XLA's CPU backend runs fastest (`../shared/MODEL.md`
    /// measured its dot far ahead of its fused dequantize-reduce).
    F32,
}

/// A matrix `[N, K]` held as state.
#[derive(Clone, Copy, Debug)]
pub struct Matrix {
    pub id: BufferId,
    /// `None`: f32, transposed to `[K, N]` ([`Weights::F32`]).
    pub format: Option<QuantFormat>,
    pub n: usize,
    pub k: usize,
}

/// One block's buffers.
#[derive(Clone, Debug)]
pub struct LayerState {
    pub attn_norm: BufferId,
    pub q: Matrix,
    pub k: Matrix,
    pub v: Matrix,
    pub o: Matrix,
    pub ffn_norm: BufferId,
    pub gate: Matrix,
    pub up: Matrix,
    pub down: Matrix,
    pub k_cache: BufferId,
    pub v_cache: BufferId,
}

/// Every state buffer of the model, declared in one program.
#[derive(Clone, Debug)]
pub struct ModelState {
    /// The embedding `[V, d_model]`: Q8_0 blocks with quantized weights
    /// (also the LM head when tied), else f32.
    pub embd: BufferId,
    pub embd_f32: bool,
    pub layers: Vec<LayerState>,
    pub out_norm: BufferId,
    pub head: Matrix,
    pub cos: BufferId,
    pub sin: BufferId,
}

/// Checks that the kernels can run `model` with `weights`: heads in whole
/// GQA groups, RoPE over whole heads, and tensor types the layout serves
/// (quantized: Q4_1/Q8_0 matrices and a Q8_0 embedding; f32: any type the
/// model crate dequantizes: Q4_1, Q8_0, F16, F32). Every problem at once.
pub fn check_model(model: &LlamaModel, weights: Weights) -> Result<()> {
    let c = &model.config;
    let w = &model.weights;
    let mut problems = Vec::new();
    if c.rope_dim != c.head_dim {
        problems.push(format!(
            "RoPE rotates {} of {} head dimensions; the rope kernel rotates whole heads",
            c.rope_dim, c.head_dim
        ));
    }
    if c.head_dim % 2 != 0 || c.n_kv_heads == 0 || c.n_heads % c.n_kv_heads != 0 {
        problems.push(format!(
            "{} query heads over {} KV heads of {}: the attention kernels need whole groups and an even head",
            c.n_heads, c.n_kv_heads, c.head_dim
        ));
    }
    if c.d_model % 32 != 0 || c.ffn % 32 != 0 {
        problems.push(format!(
            "d_model {} and ffn {} must be multiples of 32 (the quantized blocks)",
            c.d_model, c.ffn
        ));
    }
    if weights == Weights::F32 {
        // Every tensor is dequantized at load; LlamaWeights only holds
        // types the model crate dequantizes.
        return finish(problems);
    }
    if w.token_embd.ggml_type != GgmlType::Q8_0 {
        problems.push(format!(
            "`token_embd.weight` is {}; with quantized weights the embedding gather reads Q8_0 (f32 weights serve any type)",
            w.token_embd.ggml_type.name()
        ));
    }
    let mut matrices: Vec<&Weight> = vec![w.lm_head()];
    for l in &w.layers {
        matrices.extend(l.matrices());
    }
    for m in matrices {
        if format(m).is_none() {
            problems.push(format!(
                "`{}` is {}; the matrix kernels run Q4_1 and Q8_0 (F16/F32 matrices are not served with quantized weights; f32 weights serve them)",
                m.name,
                m.ggml_type.name()
            ));
        }
    }
    finish(problems)
}

fn finish(problems: Vec<String>) -> Result<()> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ServeError::Unsupported(problems.join("; ")))
    }
}

fn format(w: &Weight) -> Option<QuantFormat> {
    match w.ggml_type {
        GgmlType::Q4_1 => Some(QuantFormat::Q4_1),
        GgmlType::Q8_0 => Some(QuantFormat::Q8_0),
        _ => None,
    }
}

/// The name of the f32 copy of the LM head when it is tied to the
/// embedding (which the gather reads quantized).
const TIED_HEAD_F32: &str = "lm_head.f32";

/// Declares every state buffer of `model` in `p` (after [`check_model`],
/// which guarantees every quantized matrix a format). Norms are f32 in
/// every layout (dequantized at load if the file holds them otherwise).
pub(crate) fn declare(
    p: &mut ProgramBuilder,
    model: &LlamaModel,
    cache: &CacheShape,
    weights: Weights,
) -> ModelState {
    let c = &model.config;
    let w = &model.weights;
    let tensor =
        |p: &mut ProgramBuilder, w: &Weight| p.state(&w.name, w.tensor.dtype(), w.tensor.shape());
    let matrix = |p: &mut ProgramBuilder, w: &Weight, name: &str| {
        let (id, format) = match weights {
            Weights::Quantized => (p.state(name, w.tensor.dtype(), w.tensor.shape()), format(w)),
            Weights::F32 => (p.state(name, DType::F32, &[w.shape[1], w.shape[0]]), None),
        };
        Matrix {
            id,
            format,
            n: w.shape[0],
            k: w.shape[1],
        }
    };
    let embd_f32 = weights == Weights::F32;
    let embd = if embd_f32 {
        p.state(&w.token_embd.name, DType::F32, &w.token_embd.shape)
    } else {
        tensor(p, &w.token_embd)
    };
    let out_norm = p.state(&w.output_norm.name, DType::F32, &[c.d_model]);
    let head = match (&w.output, weights) {
        (Some(o), _) => matrix(p, o, &o.name),
        (None, Weights::Quantized) => Matrix {
            id: embd,
            format: Some(QuantFormat::Q8_0),
            n: w.token_embd.shape[0],
            k: w.token_embd.shape[1],
        },
        (None, Weights::F32) => matrix(p, &w.token_embd, TIED_HEAD_F32),
    };
    let half = c.head_dim / 2;
    let cos = p.state("rope.cos", DType::F32, &[cache.max_len(), half]);
    let sin = p.state("rope.sin", DType::F32, &[cache.max_len(), half]);
    let layers = w
        .layers
        .iter()
        .enumerate()
        .map(|(i, l)| LayerState {
            attn_norm: p.state(&l.attn_norm.name, DType::F32, &[c.d_model]),
            q: matrix(p, &l.attn_q, &l.attn_q.name),
            k: matrix(p, &l.attn_k, &l.attn_k.name),
            v: matrix(p, &l.attn_v, &l.attn_v.name),
            o: matrix(p, &l.attn_output, &l.attn_output.name),
            ffn_norm: p.state(&l.ffn_norm.name, DType::F32, &[c.d_model]),
            gate: matrix(p, &l.ffn_gate, &l.ffn_gate.name),
            up: matrix(p, &l.ffn_up, &l.ffn_up.name),
            down: matrix(p, &l.ffn_down, &l.ffn_down.name),
            k_cache: p.state(&format!("blk.{i}.k_cache"), DType::F32, &cache.dims(c)),
            v_cache: p.state(&format!("blk.{i}.v_cache"), DType::F32, &cache.dims(c)),
        })
        .collect();
    ModelState {
        embd,
        embd_f32,
        layers,
        out_norm,
        head,
        cos,
        sin,
    }
}

/// How a tensor becomes state.
#[derive(Clone, Copy, Debug)]
enum Prepare {
    /// Shared with the model as it is.
    AsIs,
    /// f32 in its own shape.
    F32,
    /// An `[N, K]` matrix as f32 `[K, N]`.
    Transposed,
}

/// Runs every job, spread over the machine's cores: dequantizing and
/// transposing SmolLM2's matrices is most of a warm start otherwise.
fn prepare_all(jobs: Vec<(String, &Weight, Prepare)>) -> Result<BTreeMap<String, HostTensor>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = jobs.len().div_ceil(threads.max(1)).max(1);
    let results: Vec<Result<Vec<(String, HostTensor)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(name, w, how)| {
                            let t = match how {
                                Prepare::AsIs => w.tensor.clone(),
                                Prepare::F32 => as_f32(w)?,
                                Prepare::Transposed => dequantized(w)?,
                            };
                            Ok((name.clone(), t))
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(ServeError::Unsupported(
                        "preparing the weights panicked".into(),
                    ))
                })
            })
            .collect()
    });
    let mut state = BTreeMap::new();
    for part in results {
        state.extend(part?);
    }
    Ok(state)
}

/// `w` as f32 in its own row-major shape: shared when it is F32 already.
fn as_f32(w: &Weight) -> Result<HostTensor> {
    if w.tensor.dtype() == DType::F32 {
        return Ok(w.tensor.clone());
    }
    let values = w.dequantize()?;
    HostTensor::from_f32(DType::F32, &w.shape, &values)
        .map_err(|e| ServeError::Unsupported(format!("`{}` dequantized to f32: {e}", w.name)))
}

/// The matrix `w` (`[N, K]`) dequantized to f32 (ggml's arithmetic) and
/// transposed to `[K, N]`, the layout `linear_f32` takes.
fn dequantized(w: &Weight) -> Result<HostTensor> {
    transposed(&w.dequantize()?, w)
}

/// `values`, `w`'s `[N, K]` elements, as an f32 `[K, N]` tensor.
fn transposed(values: &[f32], w: &Weight) -> Result<HostTensor> {
    let (n, k) = (w.shape[0], w.shape[1]);
    let mut t = vec![0f32; n * k];
    // In 32 × 32 blocks, so both sides stay in cache.
    const B: usize = 32;
    for r0 in (0..n).step_by(B) {
        for c0 in (0..k).step_by(B) {
            for row in r0..(r0 + B).min(n) {
                for col in c0..(c0 + B).min(k) {
                    t[col * n + row] = values[row * k + col];
                }
            }
        }
    }
    HostTensor::from_f32(DType::F32, &[k, n], &t)
        .map_err(|e| ServeError::Unsupported(format!("`{}` dequantized to f32: {e}", w.name)))
}

/// The initial state: every weight (quantized ones shared with `model`,
/// not copied; with [`Weights::F32`] the matrices dequantized) and the
/// RoPE tables. The caches are left out: they start as zeros, made where
/// the state lives.
pub fn initial_state(
    model: &LlamaModel,
    cache: &CacheShape,
    weights: Weights,
) -> Result<BTreeMap<String, HostTensor>> {
    let c = &model.config;
    let w = &model.weights;
    // (state name, tensor, how it is prepared)
    let mut jobs: Vec<(String, &Weight, Prepare)> = Vec::new();
    let (embd, matrix) = match weights {
        Weights::Quantized => (Prepare::AsIs, Prepare::AsIs),
        Weights::F32 => (Prepare::F32, Prepare::Transposed),
    };
    jobs.push((w.token_embd.name.clone(), &w.token_embd, embd));
    jobs.push((w.output_norm.name.clone(), &w.output_norm, Prepare::F32));
    match (&w.output, weights) {
        (Some(o), _) => jobs.push((o.name.clone(), o, matrix)),
        // The tied head is the f32 embedding transposed (below), not a
        // second dequantization of the same 28M weights.
        (None, Weights::F32) => {}
        (None, Weights::Quantized) => {}
    }
    for l in &w.layers {
        for t in l.matrices() {
            jobs.push((t.name.clone(), t, matrix));
        }
        for t in [&l.attn_norm, &l.ffn_norm] {
            jobs.push((t.name.clone(), t, Prepare::F32));
        }
    }
    let mut state = prepare_all(jobs)?;
    if w.output.is_none() && weights == Weights::F32 {
        let head = match state[&w.token_embd.name].as_f32() {
            Some(embd) => transposed(embd, &w.token_embd)?,
            None => dequantized(&w.token_embd)?,
        };
        state.insert(TIED_HEAD_F32.into(), head);
    }
    let table = rope_table(c.head_dim, c.rope_base, cache.max_len())?;
    state.insert("rope.cos".into(), table.cos);
    state.insert("rope.sin".into(), table.sin);
    Ok(state)
}
