//! Speculative decoding with n-gram drafts on the real SmolLM2 file: at
//! temperature 0 the output is token for token what plain greedy decoding
//! gives, on the interpreter and on PJRT CPU, with requests that propose
//! different numbers of drafts in one step (continuous batching) and
//! drafts that are both accepted and rejected (rollback); every page comes
//! back.

mod common;

use common::{model, pjrt};
use tilekit_core::{Backend, Interpreter};
use tilekit_serve::{
    serve, serve_speculative, CacheShape, Engine, EngineConfig, Head, Ngram, Request, Sampling,
    Weights,
};

fn config(batch: usize, head: Head, weights: Weights) -> EngineConfig {
    EngineConfig {
        cache: CacheShape {
            num_blocks: 24,
            block_size: 16,
            max_blocks: 6,
        },
        rows: 1,
        decode_batch: batch,
        prefill_lengths: vec![32],
        head,
        weights,
    }
}

const PROMPTS: [&str; 4] = [
    "Monday, Tuesday, Wednesday, Monday, Tuesday, Wednesday, Monday,",
    "The capital of France is",
    "a b c d a b c d a b",
    "def add(a, b):\n    return a + b\n\ndef sub(a, b):\n",
];

fn requests(which: &[usize], max_tokens: usize, sampling: Sampling) -> Vec<Request> {
    which
        .iter()
        .enumerate()
        .map(|(id, &p)| Request {
            id,
            prompt: model().tokenizer.encode(PROMPTS[p]),
            max_tokens,
            sampling,
        })
        .collect()
}

/// Plain and speculative greedy output of the prompts `which`, served
/// `batch` at a time through one engine.
fn speculative_equals_plain(
    backend: &dyn Backend,
    weights: Weights,
    batch: usize,
    which: &[usize],
    max_tokens: usize,
    ngram: Ngram,
) {
    let mut engine = Engine::new_speculative(
        backend,
        model(),
        config(batch, Head::Greedy, weights),
        ngram.drafts,
    )
    .unwrap();
    let mut plain = serve(
        &mut engine,
        requests(which, max_tokens, Sampling::GREEDY),
        None,
        &mut |_, _| {},
    )
    .unwrap();
    plain.sort_by_key(|f| f.id);
    assert_eq!(engine.stats.verify_steps, 0);
    let n = which.len();
    let mut streamed = vec![Vec::new(); n];
    let mut spec = serve_speculative(
        &mut engine,
        requests(which, max_tokens, Sampling::GREEDY),
        None,
        ngram,
        &mut |id, t| streamed[id].push(t),
    )
    .unwrap();
    spec.sort_by_key(|f| f.id);
    for (p, s) in plain.iter().zip(&spec) {
        assert_eq!(s.tokens, p.tokens, "request {}", p.id);
        assert_eq!(streamed[s.id], p.tokens, "request {} streamed", p.id);
        assert_eq!(s.reason, p.reason);
    }
    let st = &engine.stats;
    assert!(st.verify_steps > 0 && st.accepted > 0, "{st:?}");
    if n > 1 {
        assert!(st.accepted < st.proposed, "some drafts rejected: {st:?}");
    }
    assert_eq!(engine.pages().in_use(), 0, "rolled-back pages are freed");
}

#[test]
fn speculative_greedy_equals_plain_greedy_interp() {
    let ngram = Ngram {
        drafts: 2,
        max_ngram: 3,
        adaptive: false,
    };
    speculative_equals_plain(&Interpreter, Weights::Quantized, 1, &[2], 6, ngram);
}

#[test]
fn speculative_greedy_equals_plain_greedy_batched_pjrt_cpu() {
    let ngram = Ngram {
        drafts: 4,
        max_ngram: 3,
        adaptive: false,
    };
    speculative_equals_plain(pjrt(), Weights::F32, 3, &[0, 1, 2, 3], 40, ngram);
}

/// With temperature > 0 the verify rows' logits come back and the
/// rejection rule runs on the host: the output is reproducible from the
/// seeds and independent of the batch it ran in.
#[test]
fn speculative_sampling_is_reproducible_pjrt_cpu() {
    let hot = Sampling {
        temperature: 0.7,
        top_k: 40,
        top_p: 0.9,
        seed: 11,
    };
    let ngram = Ngram {
        drafts: 3,
        max_ngram: 2,
        adaptive: false,
    };
    let run = |batch: usize| {
        let mut engine = Engine::new_speculative(
            pjrt(),
            model(),
            config(batch, Head::Sample, Weights::F32),
            ngram.drafts,
        )
        .unwrap();
        let mut done = serve_speculative(
            &mut engine,
            requests(&[0, 1, 2], 16, hot),
            None,
            ngram,
            &mut |_, _| {},
        )
        .unwrap();
        done.sort_by_key(|f| f.id);
        assert!(engine.stats.proposed > 0, "{:?}", engine.stats);
        assert_eq!(engine.pages().in_use(), 0);
        done.into_iter().map(|f| f.tokens).collect::<Vec<_>>()
    };
    let a = run(2);
    assert!(a.iter().all(|t| t.len() == 16), "{a:?}");
    assert_eq!(a, run(1));
}
