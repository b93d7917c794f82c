//! The engine: a model's step programs loaded as one program set over
//! shared state, and the host side of each step (pages, slots, block
//! tables, sampling inputs). It runs what it is asked; which sequences
//! step together is the scheduler's choice ([`crate::batch`]).
//!
//! Per step only small i32/f32 arrays go up and only the next token ids
//! (or logits, for scoring) come back; the weights and the KV cache stay
//! where the backend keeps its state.

use crate::error::{Result, ServeError};
use crate::pages::{PagePool, SeqPages};
use crate::programs::{step_program_on, Head, StepKind, StepProgram};
use crate::state::{initial_state, CacheShape, Weights};
use std::time::{Duration, Instant};
use tilekit_core::program::LoadedProgramSet;
use tilekit_core::{Backend, DType, HostTensor};
use tilekit_kernels::llama::{uniform, SamplingParams, SamplingRow};
use tilekit_model::{LlamaConfig, LlamaModel};

/// How a request picks its tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sampling {
    /// 0 is greedy.
    pub temperature: f32,
    /// 0 keeps every token.
    pub top_k: usize,
    pub top_p: f32,
    /// The request's stream of uniform numbers.
    pub seed: u64,
}

impl Sampling {
    pub const GREEDY: Sampling = Sampling {
        temperature: 0.0,
        top_k: 0,
        top_p: 1.0,
        seed: 0,
    };

    pub(crate) fn row(&self, vocab: usize, counter: u64) -> Result<SamplingRow, String> {
        SamplingParams {
            temperature: self.temperature,
            top_k: self.top_k,
            top_p: self.top_p,
            u: uniform(self.seed, counter),
        }
        .kernel_row(vocab)
    }
}

/// What the engine loads.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    pub cache: CacheShape,
    /// Rows per program of the row-wise kernels.
    pub rows: usize,
    /// Rows of the decode program (sequences per step); 0 loads none.
    pub decode_batch: usize,
    /// The prefill programs' lengths (a prompt runs on the shortest that
    /// holds it).
    pub prefill_lengths: Vec<usize>,
    /// [`Head::Greedy`] or [`Head::Sample`] for generation;
    /// [`Head::Logits`] for scoring.
    pub head: Head,
    /// How the linear layers hold their weights.
    pub weights: Weights,
}

/// A sequence being generated: its pages and the token it will feed next.
#[derive(Debug)]
pub struct Sequence {
    /// The request it serves (named in errors).
    pub request: usize,
    pub pages: SeqPages,
    /// The newest token: generated, not yet in the cache.
    pub next: u32,
    pub sampling: Sampling,
    /// Tokens generated so far (the sampling stream's counter).
    pub generated: u64,
}

/// Time and tokens spent in each kind of step.
#[derive(Clone, Debug, Default)]
pub struct EngineStats {
    pub prefill_tokens: usize,
    pub prefill_time: Duration,
    pub decode_steps: usize,
    /// Tokens produced by decode steps (rows in use, not the program's).
    pub decode_tokens: usize,
    pub decode_time: Duration,
    /// Speculative decoding ([`crate::verify`]): verify steps (also
    /// counted in `decode_steps`, their tokens in `decode_tokens`), drafted
    /// tokens proposed and drafted tokens accepted.
    pub verify_steps: usize,
    pub proposed: usize,
    pub accepted: usize,
}

/// A model loaded for generation or scoring on one backend.
pub struct Engine<'b> {
    pub(crate) config: EngineConfig,
    pub(crate) model: LlamaConfig,
    set: Box<dyn LoadedProgramSet + 'b>,
    pub(crate) programs: Vec<StepProgram>,
    pub(crate) pool: PagePool,
    pub stats: EngineStats,
    /// Where [`Engine::new`]'s time went.
    pub load: LoadTimes,
}

/// The parts of loading an engine.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadTimes {
    /// Tracing and verifying the kernels, recording the programs.
    pub record: Duration,
    /// Preparing the weights (dequantizing them for `Weights::F32`) and the
    /// RoPE tables.
    pub weights: Duration,
    /// The backend: compiling the programs (or loading them from its cache)
    /// and taking the state.
    pub backend: Duration,
}

pub(crate) fn i32s(v: Vec<i32>) -> HostTensor {
    let n = v.len();
    HostTensor::from_i32(&[n], v).expect("a vector's length is its shape")
}

/// A prefill's `ids`, `positions` and `slots` for `tokens` at positions
/// 0.. in `seq`'s pages, padded to the program's `rows` (padding writes
/// nothing: slot -1).
fn prompt_inputs(
    seq: &SeqPages,
    tokens: &[u32],
    rows: usize,
    block_size: usize,
) -> Vec<(&'static str, HostTensor)> {
    let mut ids: Vec<i32> = tokens.iter().map(|&t| t as i32).collect();
    ids.resize(rows, 0);
    let slots = (0..rows)
        .map(|i| {
            if i < tokens.len() {
                seq.slot(i, block_size)
            } else {
                -1
            }
        })
        .collect();
    vec![
        ("ids", i32s(ids)),
        ("positions", i32s((0..rows as i32).collect())),
        ("slots", i32s(slots)),
    ]
}

fn column(dtype: DType, v: Vec<f32>) -> HostTensor {
    let n = v.len();
    HostTensor::from_f32(dtype, &[n, 1], &v).expect("a vector's length is its shape")
}

impl<'b> Engine<'b> {
    /// Records the programs `config` asks for, loads them as one set on
    /// `backend` with the model's weights as state (compiling each).
    pub fn new(backend: &'b dyn Backend, model: &LlamaModel, config: EngineConfig) -> Result<Self> {
        Self::load(backend, model, config, &[], 1)
    }

    /// [`Engine::new`] with every step tensor-parallel over `devices`
    /// ([`crate::shard`]; the backend must run sharded programs).
    pub fn on_devices(
        backend: &'b dyn Backend,
        model: &LlamaModel,
        config: EngineConfig,
        devices: usize,
    ) -> Result<Self> {
        Self::load(backend, model, config, &[], devices)
    }

    /// [`Engine::on_devices`] with the programs `extra` loaded too (after
    /// the decode and prefill programs, into the same set).
    pub(crate) fn load(
        backend: &'b dyn Backend,
        model: &LlamaModel,
        config: EngineConfig,
        extra: &[StepKind],
        devices: usize,
    ) -> Result<Self> {
        let c = &config.cache;
        if c.num_blocks == 0 || c.block_size == 0 || c.max_blocks == 0 {
            return Err(ServeError::Unsupported(format!("an empty KV cache: {c:?}")));
        }
        let mut kinds = Vec::new();
        if config.decode_batch > 0 {
            kinds.push(StepKind::Decode {
                batch: config.decode_batch,
                head: config.head,
            });
        }
        let mut lengths = config.prefill_lengths.clone();
        lengths.sort_unstable();
        lengths.dedup();
        for &tokens in &lengths {
            if tokens > c.max_len() {
                return Err(ServeError::Unsupported(format!(
                    "a prefill of {tokens} tokens is longer than a sequence's {} cache slots",
                    c.max_len()
                )));
            }
            kinds.push(StepKind::Prefill {
                tokens,
                head: config.head,
            });
        }
        kinds.extend_from_slice(extra);
        let start = Instant::now();
        let programs = kinds
            .into_iter()
            .map(|k| step_program_on(model, c, k, config.rows, config.weights, devices))
            .collect::<Result<Vec<_>>>()?;
        let list: Vec<_> = programs.iter().map(|p| p.program.clone()).collect();
        let record = start.elapsed();
        let state = initial_state(model, c, config.weights)?;
        let weights = start.elapsed() - record;
        let set = backend.load_program_set(&list, state)?;
        let load = LoadTimes {
            record,
            weights,
            backend: start.elapsed() - record - weights,
        };
        Ok(Engine {
            load,
            pool: PagePool::new(c.num_blocks),
            config: EngineConfig {
                prefill_lengths: lengths,
                ..config
            },
            model: model.config.clone(),
            set,
            programs,
            stats: EngineStats::default(),
        })
    }

    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    pub fn pages(&self) -> &PagePool {
        &self.pool
    }

    /// The longest prompt a prefill program holds.
    pub fn max_prompt(&self) -> usize {
        self.config.prefill_lengths.last().copied().unwrap_or(0)
    }

    pub(crate) fn program(&self, kind: StepKind) -> Option<usize> {
        self.programs.iter().position(|p| p.kind == kind)
    }

    /// Pages a prompt of `len` tokens needs (and one more token after it).
    pub fn pages_for_prompt(&self, len: usize) -> usize {
        SeqPages::pages_for(len + 1, self.config.cache.block_size)
    }

    /// Checks a prompt can ever be served (ignoring pages in use).
    pub fn check_prompt(&self, request: usize, prompt: &[u32]) -> Result<()> {
        let fail = |problem: String| Err(ServeError::Request { request, problem });
        if prompt.is_empty() {
            return fail("the prompt has no tokens".into());
        }
        if let Some(&bad) = prompt.iter().find(|&&t| t as usize >= self.model.vocab) {
            return fail(format!(
                "token id {bad} is outside the vocabulary of {}",
                self.model.vocab
            ));
        }
        let max = self.max_prompt().min(self.config.cache.max_len() - 1);
        if prompt.len() > max {
            return fail(format!(
                "the prompt has {} tokens; this engine holds {max} (the context is {} tokens)",
                prompt.len(),
                self.config.cache.max_len()
            ));
        }
        if self.pages_for_prompt(prompt.len()) > self.pool.total() {
            return fail(format!(
                "the prompt needs {} pages; the cache has {}",
                self.pages_for_prompt(prompt.len()),
                self.pool.total()
            ));
        }
        Ok(())
    }

    /// Runs the prompt through a prefill program: its K/V go into fresh
    /// pages, and the sequence comes back with its next token, drawn with
    /// the sampling stream's number `counter` (the tokens generated before:
    /// 0 for a new request). `Ok(None)` when the free pages do not hold it
    /// now (retry later).
    pub fn prefill(
        &mut self,
        request: usize,
        prompt: &[u32],
        sampling: Sampling,
        counter: u64,
    ) -> Result<Option<Sequence>> {
        self.check_prompt(request, prompt)?;
        let row = sampling
            .row(self.model.vocab, counter)
            .map_err(|problem| ServeError::Request { request, problem })?;
        let len = prompt.len();
        let tokens = *self
            .config
            .prefill_lengths
            .iter()
            .find(|&&t| t >= len)
            .expect("check_prompt bounds the length");
        let Some(pages) = self.pool.take(self.pages_for_prompt(len)) else {
            return Ok(None);
        };
        let seq = SeqPages { pages, len };
        let mut inputs = prompt_inputs(&seq, prompt, tokens, self.config.cache.block_size);
        let which = self
            .program(StepKind::Prefill {
                tokens,
                head: self.config.head,
            })
            .expect("loaded");
        inputs.push(("last", i32s(vec![len as i32 - 1])));
        self.sampling_inputs(&mut inputs, &[row]);
        let start = Instant::now();
        let next = match self.run(which, &inputs) {
            Ok(next) => next[0],
            Err(e) => {
                self.pool.give_back(seq.pages);
                return Err(e);
            }
        };
        self.stats.prefill_time += start.elapsed();
        self.stats.prefill_tokens += len;
        Ok(Some(Sequence {
            request,
            pages: seq,
            next,
            sampling,
            generated: counter + 1,
        }))
    }

    pub(crate) fn sampling_inputs(
        &self,
        inputs: &mut Vec<(&'static str, HostTensor)>,
        rows: &[SamplingRow],
    ) {
        if self.config.head != Head::Sample {
            return;
        }
        inputs.push((
            "top_k",
            HostTensor::from_i32(&[rows.len(), 1], rows.iter().map(|r| r.top_k).collect())
                .expect("shape"),
        ));
        inputs.push((
            "inv_temp",
            column(DType::F32, rows.iter().map(|r| r.inv_temp).collect()),
        ));
        inputs.push((
            "top_p",
            column(DType::F32, rows.iter().map(|r| r.top_p).collect()),
        ));
        inputs.push(("u", column(DType::F32, rows.iter().map(|r| r.u).collect())));
    }

    /// Executes program `which` and reads its next-token output.
    pub(crate) fn run(
        &mut self,
        which: usize,
        inputs: &[(&'static str, HostTensor)],
    ) -> Result<Vec<u32>> {
        let refs: Vec<(&str, &HostTensor)> = inputs.iter().map(|(n, t)| (*n, t)).collect();
        let mut out = self.set.execute(which, &refs)?;
        let step = &self.programs[which];
        let next = step.next.and_then(|b| out.remove(&b)).ok_or_else(|| {
            ServeError::Unsupported(format!(
                "program `{}` returned no next tokens",
                step.program.name
            ))
        })?;
        Ok(next
            .as_i32()
            .unwrap_or(&[])
            .iter()
            .map(|&t| t.max(0) as u32)
            .collect())
    }

    /// Executes program `which` and takes its output buffer `buffer`.
    pub(crate) fn run_output(
        &mut self,
        which: usize,
        inputs: &[(&'static str, HostTensor)],
        buffer: tilekit_core::program::BufferId,
    ) -> Result<HostTensor> {
        let refs: Vec<(&str, &HostTensor)> = inputs.iter().map(|(n, t)| (*n, t)).collect();
        let mut out = self.set.execute(which, &refs)?;
        out.remove(&buffer).ok_or_else(|| {
            ServeError::Unsupported(format!(
                "program `{}` did not return buffer {buffer:?}",
                self.programs[which].program.name
            ))
        })
    }

    /// Teacher-forced logits of `tokens` (positions 0..T) through a
    /// [`Head::Logits`] prefill program, which writes the sequence's K/V
    /// into the paged cache as generation does and frees the pages after:
    /// f32 `[T, V]`.
    pub fn score(&mut self, request: usize, tokens: &[u32]) -> Result<HostTensor> {
        if self.config.head != Head::Logits {
            return Err(ServeError::Unsupported(
                "scoring needs an engine loaded with Head::Logits".into(),
            ));
        }
        self.check_prompt(request, tokens)?;
        let len = tokens.len();
        let bucket = *self
            .config
            .prefill_lengths
            .iter()
            .find(|&&t| t >= len)
            .expect("check_prompt bounds the length");
        let pages =
            self.pool
                .take(self.pages_for_prompt(len))
                .ok_or_else(|| ServeError::Request {
                    request,
                    problem: "the cache's pages are in use".into(),
                })?;
        let seq = SeqPages { pages, len };
        let inputs = prompt_inputs(&seq, tokens, bucket, self.config.cache.block_size);
        let refs: Vec<(&str, &HostTensor)> = inputs.iter().map(|(n, t)| (*n, t)).collect();
        let which = self
            .program(StepKind::Prefill {
                tokens: bucket,
                head: Head::Logits,
            })
            .expect("loaded");
        let start = Instant::now();
        let result = self.set.execute(which, &refs);
        self.pool.give_back(seq.pages);
        let mut out = result?;
        self.stats.prefill_time += start.elapsed();
        self.stats.prefill_tokens += len;
        let step = &self.programs[which];
        let logits = step.logits.and_then(|b| out.remove(&b)).ok_or_else(|| {
            ServeError::Unsupported(format!(
                "program `{}` returned no logits",
                step.program.name
            ))
        })?;
        let v = self.model.vocab;
        let data = logits.to_f32_vec();
        Ok(HostTensor::from_f32(DType::F32, &[len, v], &data[..len * v]).expect("T rows of V"))
    }

    /// Pages the next decode step needs for `seqs` (one per sequence whose
    /// newest token starts a page).
    pub fn pages_for_step(&self, seqs: &[&mut Sequence]) -> usize {
        let bs = self.config.cache.block_size;
        seqs.iter()
            .filter(|s| s.pages.len + 1 > s.pages.pages.len() * bs)
            .count()
    }

    /// One decode step: each sequence's `next` token goes into the cache
    /// and is replaced by the token after it. Fails (changing nothing)
    /// when more sequences are given than the program's batch, or a
    /// sequence is at the end of its context, or the free pages do not
    /// hold the step ([`Engine::pages_for_step`] tells how many it needs).
    pub fn decode(&mut self, seqs: &mut [&mut Sequence]) -> Result<()> {
        let (batch, cache) = (self.config.decode_batch, self.config.cache);
        let which = self.program(StepKind::Decode {
            batch,
            head: self.config.head,
        });
        let Some(which) = which.filter(|_| seqs.len() <= batch) else {
            return Err(ServeError::Unsupported(format!(
                "a decode step of {} sequences; the engine's decode program takes {batch}",
                seqs.len()
            )));
        };
        if let Some(full) = seqs.iter().find(|s| s.pages.len + 1 > cache.max_len()) {
            return Err(ServeError::Request {
                request: full.request,
                problem: format!(
                    "the sequence has reached its context of {} tokens",
                    cache.max_len()
                ),
            });
        }
        let rows = seqs
            .iter()
            .map(|s| {
                s.sampling
                    .row(self.model.vocab, s.generated)
                    .map_err(|problem| ServeError::Request {
                        request: s.request,
                        problem,
                    })
            })
            .collect::<Result<Vec<_>>>();
        let mut rows = rows?;
        let need = self.pages_for_step(seqs);
        let Some(mut fresh) = self.pool.take(need) else {
            return Err(ServeError::Unsupported(format!(
                "the step needs {need} free pages and {} are free",
                self.pool.free()
            )));
        };
        let bs = cache.block_size;
        let (mut ids, mut positions, mut slots) = (vec![0; batch], vec![0; batch], vec![-1; batch]);
        let (mut tables, mut lens) = (vec![0; batch * cache.max_blocks], vec![0; batch]);
        for (i, s) in seqs.iter_mut().enumerate() {
            if s.pages.len + 1 > s.pages.pages.len() * bs {
                s.pages.pages.push(fresh.pop().expect("counted above"));
            }
            let pos = s.pages.len;
            ids[i] = s.next as i32;
            positions[i] = pos as i32;
            slots[i] = s.pages.slot(pos, bs);
            lens[i] = pos as i32 + 1;
            for (j, p) in s.pages.table_row(cache.max_blocks).enumerate() {
                tables[i * cache.max_blocks + j] = p;
            }
        }
        // Unused rows: greedy, read nothing, write nothing.
        rows.resize(
            batch,
            Sampling::GREEDY
                .row(self.model.vocab, 0)
                .expect("greedy is valid"),
        );
        let mut inputs = vec![
            ("ids", i32s(ids)),
            ("positions", i32s(positions)),
            ("slots", i32s(slots)),
            (
                "block_tables",
                HostTensor::from_i32(&[batch, cache.max_blocks], tables).expect("shape"),
            ),
            ("context_lens", i32s(lens)),
        ];
        self.sampling_inputs(&mut inputs, &rows);
        let start = Instant::now();
        let next = self.run(which, &inputs)?;
        self.stats.decode_time += start.elapsed();
        self.stats.decode_steps += 1;
        self.stats.decode_tokens += seqs.len();
        for (s, t) in seqs.iter_mut().zip(next) {
            s.pages.len += 1;
            s.next = t;
            s.generated += 1;
        }
        Ok(())
    }

    /// Frees a sequence's pages.
    pub fn release(&mut self, seq: Sequence) {
        self.pool.give_back(seq.pages.pages);
    }
}
