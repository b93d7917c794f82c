//! Continuous batching: requests join the decode batch as soon as a row
//! and the pages for their prompt are free, and leave it when they finish,
//! so the batch stays full while requests of different lengths come and
//! go. A request is admitted only when the free pages, less those the
//! running requests may still claim, hold its whole prompt and
//! `max_tokens` (capped by the context): more requests than the cache
//! holds wait in the queue, and a running request never finds the cache
//! full. A request that needs more than the whole cache runs alone and
//! stops ([`FinishReason::Context`]) when the pages run out.

use crate::engine::{Engine, Sampling, Sequence};
use crate::error::{Result, ServeError};
use crate::speculate::{Gate, Ngram};
use std::collections::VecDeque;

/// One generation request.
#[derive(Clone, Debug)]
pub struct Request {
    pub id: usize,
    pub prompt: Vec<u32>,
    /// Tokens to generate at most.
    pub max_tokens: usize,
    pub sampling: Sampling,
}

/// Why a request stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinishReason {
    /// It generated `max_tokens`.
    Length,
    /// It generated the end-of-sequence token (kept in its output).
    Eos,
    /// Its sequence filled the context (or, running alone, the cache).
    Context,
}

/// A finished request.
#[derive(Clone, Debug)]
pub struct Finished {
    pub id: usize,
    pub tokens: Vec<u32>,
    pub reason: FinishReason,
}

/// A request and what it has generated so far.
struct Work {
    request: Request,
    tokens: Vec<u32>,
    /// Drafted tokens proposed for it and accepted (speculation).
    proposed: usize,
    accepted: usize,
}

impl Work {
    fn finished(&self, eos: Option<u32>, max_len: usize) -> Option<FinishReason> {
        let last = self.tokens.last().copied();
        if self.tokens.len() >= self.request.max_tokens {
            Some(FinishReason::Length)
        } else if last.is_some() && last == eos {
            Some(FinishReason::Eos)
        } else if self.request.prompt.len() + self.tokens.len() >= max_len {
            Some(FinishReason::Context)
        } else {
            None
        }
    }

    fn done(self, reason: FinishReason) -> Finished {
        Finished {
            id: self.request.id,
            tokens: self.tokens,
            reason,
        }
    }
}

/// Serves `requests` to the end on `engine` (a generation engine with a
/// decode program): at most the engine's decode batch at once, in order of
/// arrival. `on_token(id, token)` sees every token as it is generated.
/// Every request is checked first; a bad one fails the call before any
/// runs.
pub fn serve(
    engine: &mut Engine<'_>,
    requests: Vec<Request>,
    eos: Option<u32>,
    on_token: &mut dyn FnMut(usize, u32),
) -> Result<Vec<Finished>> {
    serve_with(engine, requests, eos, on_token, None)
}

/// [`serve`] with n-gram speculation on an engine loaded by
/// [`Engine::new_speculative`]: every step each running request proposes
/// up to `ngram.drafts` tokens from its own prompt and output (none when
/// nothing matches, and never more than its `max_tokens` or context has
/// room for, so admission's worst-case pages still bound what a step
/// writes); a step where any request proposed is one verify step for all
/// of them, otherwise a plain decode step. With `ngram.adaptive`, a step
/// with drafts is a verify step only when [`Gate`] expects it to produce
/// tokens faster than a decode step.
pub fn serve_speculative(
    engine: &mut Engine<'_>,
    requests: Vec<Request>,
    eos: Option<u32>,
    ngram: Ngram,
    on_token: &mut dyn FnMut(usize, u32),
) -> Result<Vec<Finished>> {
    if engine.max_drafts() == 0 {
        return Err(ServeError::Unsupported(
            "speculation needs an engine with a verify program (Engine::new_speculative)".into(),
        ));
    }
    serve_with(engine, requests, eos, on_token, Some(ngram))
}

fn serve_with(
    engine: &mut Engine<'_>,
    requests: Vec<Request>,
    eos: Option<u32>,
    on_token: &mut dyn FnMut(usize, u32),
    ngram: Option<Ngram>,
) -> Result<Vec<Finished>> {
    for r in &requests {
        engine.check_prompt(r.id, &r.prompt)?;
    }
    let batch = engine.config().decode_batch;
    let max_len = engine.config().cache.max_len();
    if batch == 0 {
        return Err(ServeError::Unsupported(
            "the engine has no decode program (decode_batch 0)".into(),
        ));
    }
    let mut queue: VecDeque<Work> = requests
        .into_iter()
        .map(|request| Work {
            request,
            tokens: Vec::new(),
            proposed: 0,
            accepted: 0,
        })
        .collect();
    let mut active: Vec<(Work, Sequence)> = Vec::new();
    let mut finished = Vec::new();
    let mut gate = Gate::default();
    while !queue.is_empty() || !active.is_empty() {
        // Admit while a row and the request's pages are free.
        while active.len() < batch {
            let Some(work) = queue.pop_front() else { break };
            if work.request.max_tokens == 0 {
                finished.push(work.done(FinishReason::Length));
                continue;
            }
            let claimed: usize = active.iter().map(|(w, s)| outstanding(engine, w, s)).sum();
            let need = full_need(engine, &work.request);
            if !active.is_empty() && need + claimed > engine.pages().free() {
                queue.push_front(work);
                break;
            }
            match engine.prefill(
                work.request.id,
                &work.request.prompt,
                work.request.sampling,
                0,
            )? {
                Some(seq) => {
                    let mut settle = Settle {
                        engine: &mut *engine,
                        eos,
                        max_len,
                        finished: &mut finished,
                        on_token: &mut *on_token,
                    };
                    if let Some(running) = settle.token(work, seq) {
                        active.push(running);
                    }
                }
                // With nothing running every page is free and the prompt
                // was checked to fit: never wait on nothing.
                None if active.is_empty() => {
                    return Err(ServeError::Request {
                        request: work.request.id,
                        problem: format!(
                            "the prompt's pages do not fit the {} free pages",
                            engine.pages().free()
                        ),
                    })
                }
                None => {
                    queue.push_front(work);
                    break;
                }
            }
        }
        if active.is_empty() {
            continue;
        }
        // Only a request that needs more than the whole cache runs short.
        let seqs: Vec<&mut Sequence> = active.iter_mut().map(|(_, s)| s).collect();
        if engine.pages_for_step(&seqs) > engine.pages().free() {
            for (work, seq) in active.drain(..) {
                engine.release(seq);
                finished.push(work.done(FinishReason::Context));
            }
            continue;
        }
        drop(seqs);
        if let Some(ngram) = ngram {
            if let Some(emitted) = speculate(engine, &mut active, ngram, &mut gate)? {
                let mut settle = Settle {
                    engine: &mut *engine,
                    eos,
                    max_len,
                    finished: &mut finished,
                    on_token: &mut *on_token,
                };
                active = active
                    .drain(..)
                    .zip(emitted)
                    .filter_map(|((work, seq), out)| settle.tokens(work, seq, &out))
                    .collect();
                continue;
            }
        }
        let mut seqs: Vec<&mut Sequence> = active.iter_mut().map(|(_, s)| s).collect();
        let before = engine.stats.decode_time;
        engine.decode(&mut seqs)?;
        gate.record(false, (engine.stats.decode_time - before).as_secs_f64());
        let mut settle = Settle {
            engine: &mut *engine,
            eos,
            max_len,
            finished: &mut finished,
            on_token: &mut *on_token,
        };
        active = active
            .drain(..)
            .filter_map(|(work, seq)| settle.token(work, seq))
            .collect();
    }
    Ok(finished)
}

/// What happens to a request's newest token (`seq.next`).
struct Settle<'a, 'e> {
    engine: &'a mut Engine<'e>,
    eos: Option<u32>,
    max_len: usize,
    finished: &'a mut Vec<Finished>,
    on_token: &'a mut dyn FnMut(usize, u32),
}

impl Settle<'_, '_> {
    /// Records and streams the token; a finished request frees its pages,
    /// a running one comes back.
    fn token(&mut self, mut work: Work, seq: Sequence) -> Option<(Work, Sequence)> {
        work.tokens.push(seq.next);
        (self.on_token)(work.request.id, seq.next);
        match work.finished(self.eos, self.max_len) {
            Some(reason) => {
                self.engine.release(seq);
                self.finished.push(work.done(reason));
                None
            }
            None => Some((work, seq)),
        }
    }

    /// Records and streams a verify step's tokens in order (the last is
    /// `seq.next`), stopping where the request finishes.
    fn tokens(&mut self, mut work: Work, seq: Sequence, out: &[u32]) -> Option<(Work, Sequence)> {
        for &t in out {
            work.tokens.push(t);
            (self.on_token)(work.request.id, t);
            if let Some(reason) = work.finished(self.eos, self.max_len) {
                self.engine.release(seq);
                self.finished.push(work.done(reason));
                return None;
            }
        }
        Some((work, seq))
    }
}

/// Proposes drafts for every running request and, when any has one and
/// the pages hold the step, runs one verify step: the tokens each request
/// emits, in `active`'s order. `None`: run a plain decode step instead.
fn speculate(
    engine: &mut Engine<'_>,
    active: &mut [(Work, Sequence)],
    ngram: Ngram,
    gate: &mut Gate,
) -> Result<Option<Vec<Vec<u32>>>> {
    let ngram = Ngram {
        drafts: ngram.drafts.min(engine.max_drafts()),
        ..ngram
    };
    let max_len = engine.config().cache.max_len();
    let drafts: Vec<Vec<u32>> = active
        .iter()
        .map(|(w, s)| {
            // Every draft may be accepted and one more token follows: stay
            // within max_tokens and the context.
            let room = w.request.max_tokens.saturating_sub(w.tokens.len() + 1);
            let context = max_len.saturating_sub(s.pages.len + 1);
            let mut seen = w.request.prompt.clone();
            seen.extend_from_slice(&w.tokens);
            ngram.propose(&seen, room.min(context))
        })
        .collect();
    if drafts.iter().all(Vec::is_empty) {
        return Ok(None);
    }
    if ngram.adaptive {
        let counts: Vec<usize> = drafts.iter().map(Vec::len).collect();
        let history: Vec<(usize, usize)> = active
            .iter()
            .map(|(w, _)| (w.proposed, w.accepted))
            .collect();
        if !gate.verify_pays(&counts, &history) {
            return Ok(None);
        }
    }
    let mut seqs: Vec<&mut Sequence> = active.iter_mut().map(|(_, s)| s).collect();
    if engine.pages_for_verify(&seqs, &drafts) > engine.pages().free() {
        return Ok(None);
    }
    let before = engine.stats.decode_time;
    let emitted = engine.verify(&mut seqs, &drafts)?;
    gate.record(true, (engine.stats.decode_time - before).as_secs_f64());
    for ((w, _), (d, out)) in active.iter_mut().zip(drafts.iter().zip(&emitted)) {
        w.proposed += d.len();
        w.accepted += out.len() - 1;
    }
    Ok(Some(emitted))
}

/// Pages `r` may hold at its longest.
fn full_need(engine: &Engine<'_>, r: &Request) -> usize {
    let c = engine.config().cache;
    let longest = (r.prompt.len() + r.max_tokens).min(c.max_len());
    longest.div_ceil(c.block_size)
}

/// Pages a running request may still claim.
fn outstanding(engine: &Engine<'_>, w: &Work, s: &Sequence) -> usize {
    full_need(engine, &w.request).saturating_sub(s.pages.pages.len())
}
