//! The engine's speculative step: every sequence's newest token and its
//! drafted tokens go through the model in one verify program
//! ([`crate::programs::StepKind::Verify`]: the weights at
//! `batch · (K + 1)` rows, the multi-query paged attention), and each
//! sequence keeps what [`crate::speculate`] accepts.
//!
//! Row layout: sequence `i` owns rows `i·(K+1) .. (i+1)·(K+1)`; its newest
//! token is the first, its `n <= K` drafts follow at the next positions,
//! and the rest are padding (slot -1: no write; `query_lens` makes them
//! attend to nothing). After the step the sequence's length moves to the
//! tokens accepted ([`crate::pages::SeqPages::truncate`]): K/V rows written
//! for rejected drafts stay in the cache as stale rows that no read
//! reaches, and pages holding only such rows go back to the pool.
//!
//! Greedy engines verify with an argmax head on the device (one id per
//! row comes back). Sampling engines return the verify rows' logits and
//! apply the rejection rule on the host in f64: the rule needs `p(x)` of
//! each draft, which the `sample` kernel does not return (measured in
//! `BENCHMARKS.md`, issue #17).

use crate::engine::{i32s, Engine, EngineConfig, Sequence};
use crate::error::{Result, ServeError};
use crate::pages::SeqPages;
use crate::programs::{Head, StepKind};
use crate::speculate::{accept, accept_greedy};
use std::time::Instant;
use tilekit_core::{Backend, HostTensor};
use tilekit_kernels::paged_decode_multi::MAX_QUERIES;
use tilekit_model::LlamaModel;

impl<'b> Engine<'b> {
    /// [`Engine::new`] plus a verify program for up to `drafts` drafted
    /// tokens per sequence (1..=15) at the decode program's batch.
    pub fn new_speculative(
        backend: &'b dyn Backend,
        model: &LlamaModel,
        config: EngineConfig,
        drafts: usize,
    ) -> Result<Self> {
        if drafts == 0 || drafts >= MAX_QUERIES {
            return Err(ServeError::Unsupported(format!(
                "{drafts} drafted tokens per step; 1 to {} are supported",
                MAX_QUERIES - 1
            )));
        }
        let head = match config.head {
            Head::Greedy => Head::Greedy,
            Head::Sample => Head::Logits,
            Head::Logits => {
                return Err(ServeError::Unsupported(
                    "speculative decoding needs a generation head (greedy or sample)".into(),
                ))
            }
        };
        if config.decode_batch == 0 {
            return Err(ServeError::Unsupported(
                "speculative decoding needs a decode batch (decode_batch 0)".into(),
            ));
        }
        let verify = StepKind::Verify {
            batch: config.decode_batch,
            queries: drafts + 1,
            head,
        };
        Self::load(backend, model, config, &[verify], 1)
    }

    fn verify_program(&self) -> Option<(usize, usize, usize)> {
        self.programs
            .iter()
            .enumerate()
            .find_map(|(i, p)| match p.kind {
                StepKind::Verify { batch, queries, .. } => Some((i, batch, queries)),
                _ => None,
            })
    }

    /// Drafted tokens a verify step takes per sequence (0: no verify
    /// program).
    pub fn max_drafts(&self) -> usize {
        self.verify_program().map_or(0, |(_, _, q)| q - 1)
    }

    /// Pages a verify step of `seqs` with `drafts` needs beyond what they
    /// hold (each writes its newest token and its drafts).
    pub fn pages_for_verify(&self, seqs: &[&mut Sequence], drafts: &[Vec<u32>]) -> usize {
        let bs = self.config.cache.block_size;
        seqs.iter()
            .zip(drafts)
            .map(|(s, d)| {
                SeqPages::pages_for(s.pages.len + 1 + d.len(), bs)
                    .saturating_sub(s.pages.pages.len())
            })
            .sum()
    }

    /// One verify step: sequence `i` feeds its `next` token and
    /// `drafts[i]`; returns, per sequence, the tokens it emits (the
    /// accepted drafts, then one more, which becomes its `next`). Fails,
    /// changing nothing, on more sequences than the batch, more drafts
    /// than the program takes, a draft outside the vocabulary, a sequence
    /// whose drafts would pass its context, or too few free pages.
    pub fn verify(
        &mut self,
        seqs: &mut [&mut Sequence],
        drafts: &[Vec<u32>],
    ) -> Result<Vec<Vec<u32>>> {
        let Some((which, batch, queries)) = self.verify_program() else {
            return Err(ServeError::Unsupported(
                "the engine has no verify program (load it with Engine::new_speculative)".into(),
            ));
        };
        let cache = self.config.cache;
        if seqs.len() > batch || drafts.len() != seqs.len() {
            return Err(ServeError::Unsupported(format!(
                "a verify step of {} sequences with {} draft lists; the program takes {batch}",
                seqs.len(),
                drafts.len()
            )));
        }
        let vocab = self.model.vocab;
        for (s, d) in seqs.iter().zip(drafts) {
            let fail = |problem: String| {
                Err(ServeError::Request {
                    request: s.request,
                    problem,
                })
            };
            if d.len() >= queries {
                return fail(format!(
                    "{} drafts; the verify step takes {}",
                    d.len(),
                    queries - 1
                ));
            }
            if let Some(bad) = d.iter().find(|&&t| t as usize >= vocab) {
                return fail(format!(
                    "draft token {bad} is outside the vocabulary of {vocab}"
                ));
            }
            if s.pages.len + 1 + d.len() > cache.max_len() {
                return fail(format!(
                    "the sequence and its {} drafts pass its context of {} tokens",
                    d.len(),
                    cache.max_len()
                ));
            }
            s.sampling
                .row(vocab, s.generated)
                .map_err(|problem| ServeError::Request {
                    request: s.request,
                    problem,
                })?;
        }
        let need = self.pages_for_verify(seqs, drafts);
        let Some(mut fresh) = self.pool.take(need) else {
            return Err(ServeError::Unsupported(format!(
                "the step needs {need} free pages and {} are free",
                self.pool.free()
            )));
        };
        let (bs, mb) = (cache.block_size, cache.max_blocks);
        let rows = batch * queries;
        let (mut ids, mut positions, mut slots) = (vec![0; rows], vec![0; rows], vec![-1; rows]);
        let (mut tables, mut lens, mut qlens) =
            (vec![0; batch * mb], vec![0; batch], vec![0; batch]);
        for (i, (s, d)) in seqs.iter_mut().zip(drafts).enumerate() {
            let len = s.pages.len;
            while s.pages.pages.len() < SeqPages::pages_for(len + 1 + d.len(), bs) {
                s.pages.pages.push(fresh.pop().expect("counted above"));
            }
            for (r, &t) in std::iter::once(&s.next).chain(d).enumerate() {
                let row = i * queries + r;
                ids[row] = t as i32;
                positions[row] = (len + r) as i32;
                slots[row] = s.pages.slot(len + r, bs);
            }
            lens[i] = (len + 1 + d.len()) as i32;
            qlens[i] = 1 + d.len() as i32;
            for (j, p) in s.pages.table_row(mb).enumerate() {
                tables[i * mb + j] = p;
            }
        }
        let inputs = vec![
            ("ids", i32s(ids)),
            ("positions", i32s(positions)),
            ("slots", i32s(slots)),
            (
                "block_tables",
                HostTensor::from_i32(&[batch, mb], tables).expect("shape"),
            ),
            ("context_lens", i32s(lens)),
            ("query_lens", i32s(qlens)),
        ];
        let start = Instant::now();
        let step = &self.programs[which];
        let result = match (step.next, step.logits) {
            (Some(next), _) => self.run_output(which, &inputs, next).map(Rows::Ids),
            (None, Some(logits)) => self
                .run_output(which, &inputs, logits)
                .map(|t| Rows::Logits(t.to_f32_vec())),
            _ => Err(ServeError::Unsupported(format!(
                "program `{}` returns neither tokens nor logits",
                step.program.name
            ))),
        };
        let rows_out = match result {
            Ok(r) => r,
            Err(e) => {
                // Nothing moved: hand back the pages this step took.
                for s in seqs.iter_mut() {
                    let freed = s.pages.truncate(s.pages.len, bs);
                    self.pool.give_back(freed);
                }
                return Err(e);
            }
        };
        let mut emitted = Vec::with_capacity(seqs.len());
        for (i, (s, d)) in seqs.iter_mut().zip(drafts).enumerate() {
            let out = rows_out.accept(i * queries, d, s, vocab);
            let accepted = out.len() - 1;
            // The newest token and the accepted drafts stay; the pages
            // that held only rejected rows go back.
            s.pages.len += 1 + accepted;
            let freed = s.pages.truncate(s.pages.len, bs);
            self.pool.give_back(freed);
            s.next = *out.last().expect("one token at least");
            s.generated += out.len() as u64;
            self.stats.proposed += d.len();
            self.stats.accepted += accepted;
            self.stats.decode_tokens += out.len();
            emitted.push(out);
        }
        self.stats.decode_time += start.elapsed();
        self.stats.decode_steps += 1;
        self.stats.verify_steps += 1;
        Ok(emitted)
    }
}

/// What a verify program returned.
enum Rows {
    /// The argmax of every row, `[rows, 1]` i32.
    Ids(HostTensor),
    /// Every row's logits, `[rows, V]` row-major.
    Logits(Vec<f32>),
}

impl Rows {
    /// The tokens sequence `s` emits from its rows starting at `first`.
    fn accept(&self, first: usize, drafts: &[u32], s: &Sequence, vocab: usize) -> Vec<u32> {
        let n = drafts.len() + 1;
        match self {
            Rows::Ids(ids) => {
                let ids = ids.as_i32().unwrap_or(&[]);
                let choices: Vec<u32> = ids[first..first + n]
                    .iter()
                    .map(|&t| t.max(0) as u32)
                    .collect();
                accept_greedy(drafts, &choices)
            }
            Rows::Logits(data) => {
                let rows: Vec<&[f32]> = (first..first + n)
                    .map(|r| &data[r * vocab..(r + 1) * vocab])
                    .collect();
                accept(drafts, &rows, &s.sampling, s.generated)
            }
        }
    }
}
