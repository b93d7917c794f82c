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
        })
        .collect();
    let mut active: Vec<(Work, Sequence)> = Vec::new();
    let mut finished = Vec::new();
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
        let mut seqs: Vec<&mut Sequence> = active.iter_mut().map(|(_, s)| s).collect();
        engine.decode(&mut seqs)?;
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
