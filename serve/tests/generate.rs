//! Generation through the engine on the real SmolLM2 file: greedy tokens
//! equal the f64 reference forward's; continuous batching (requests
//! joining and leaving, more requests than the cache holds at once) gives
//! each request what it gets alone; sampling is reproducible from a seed;
//! bad requests are errors that name the request.

mod common;

use common::{model, pjrt};
use tilekit_core::{Backend, Interpreter};
use tilekit_model::reference;
use tilekit_serve::{
    serve, CacheShape, Engine, EngineConfig, FinishReason, Head, Request, Sampling, ServeError,
    Weights,
};

fn config(batch: usize, num_blocks: usize, head: Head, weights: Weights) -> EngineConfig {
    EngineConfig {
        cache: CacheShape {
            num_blocks,
            block_size: 16,
            max_blocks: 4,
        },
        rows: 1,
        decode_batch: batch,
        prefill_lengths: vec![16],
        head,
        weights,
    }
}

fn request(id: usize, text: &str, max_tokens: usize, sampling: Sampling) -> Request {
    Request {
        id,
        prompt: model().tokenizer.encode(text),
        max_tokens,
        sampling,
    }
}

/// Greedy continuation by the f64 forward, recomputed for every token.
fn reference_greedy(prompt: &[u32], n: usize) -> Vec<u32> {
    let m = model();
    let v = m.config.vocab;
    let mut tokens = prompt.to_vec();
    for _ in 0..n {
        let out = reference::forward(m, &tokens).unwrap();
        let last = &out.logits[(tokens.len() - 1) * v..];
        let best = (0..v).max_by(|&a, &b| last[a].total_cmp(&last[b])).unwrap();
        tokens.push(best as u32);
    }
    tokens[prompt.len()..].to_vec()
}

fn greedy_matches_reference(backend: &dyn Backend, weights: Weights) {
    let mut engine = Engine::new(backend, model(), config(1, 8, Head::Greedy, weights)).unwrap();
    let r = request(
        0,
        "The history of the printing press begins",
        6,
        Sampling::GREEDY,
    );
    let want = reference_greedy(&r.prompt, 6);
    let done = serve(&mut engine, vec![r], None, &mut |_, _| {}).unwrap();
    assert_eq!(done[0].tokens, want);
    assert_eq!(done[0].reason, FinishReason::Length);
    let text = model().tokenizer.decode(&done[0].tokens).unwrap();
    assert_eq!(text, " with the invention of the printing");
    assert_eq!(
        engine.pages().in_use(),
        0,
        "finished requests free their pages"
    );
    assert_eq!(engine.stats.decode_steps, 5);
}

#[test]
fn greedy_generation_equals_the_f64_forward_interp() {
    greedy_matches_reference(&Interpreter, Weights::Quantized);
}

#[test]
fn greedy_generation_with_f32_weights_equals_the_f64_forward_pjrt_cpu() {
    greedy_matches_reference(pjrt(), Weights::F32);
}

const PROMPTS: [(&str, usize); 4] = [
    ("The capital of France is", 9),
    ("1, 2, 3, 4,", 14),
    ("Water boils at", 4),
    ("def add(a, b):", 11),
];

fn requests(sampling: Sampling) -> Vec<Request> {
    PROMPTS
        .iter()
        .enumerate()
        .map(|(i, (text, n))| {
            let s = Sampling {
                seed: sampling.seed + i as u64,
                ..sampling
            };
            request(i, text, *n, s)
        })
        .collect()
}

/// Each request alone at batch 1, then all four through a batch of 2 with
/// a cache of 3 pages (so requests queue for pages as well as rows). f32
/// weights: the fast layout on PJRT CPU.
fn batched_equals_alone(head: Head, sampling: Sampling) {
    let mut alone = Engine::new(pjrt(), model(), config(1, 8, head, Weights::F32)).unwrap();
    let want: Vec<Vec<u32>> = requests(sampling)
        .into_iter()
        .map(|r| {
            serve(&mut alone, vec![r], None, &mut |_, _| {}).unwrap()[0]
                .tokens
                .clone()
        })
        .collect();
    let mut batched = Engine::new(pjrt(), model(), config(2, 3, head, Weights::F32)).unwrap();
    let mut streamed = vec![Vec::new(); PROMPTS.len()];
    let mut done = serve(&mut batched, requests(sampling), None, &mut |id, t| {
        streamed[id].push(t)
    })
    .unwrap();
    done.sort_by_key(|f| f.id);
    for (f, want) in done.iter().zip(&want) {
        assert_eq!(&f.tokens, want, "request {}", f.id);
        assert_eq!(&streamed[f.id], want, "request {} streamed", f.id);
    }
    assert_eq!(batched.pages().in_use(), 0);
    // Two rows were in use in most steps: fewer steps than tokens.
    let total: usize = want.iter().map(|w| w.len() - 1).sum();
    assert!(batched.stats.decode_steps < total, "{:?}", batched.stats);
}

#[test]
fn continuous_batching_gives_each_request_what_it_gets_alone_pjrt_cpu() {
    batched_equals_alone(Head::Greedy, Sampling::GREEDY);
}

#[test]
fn sampling_is_reproducible_and_independent_of_batching_pjrt_cpu() {
    let hot = Sampling {
        temperature: 0.8,
        top_k: 40,
        top_p: 0.95,
        seed: 7,
    };
    batched_equals_alone(Head::Sample, hot);
}

#[test]
fn bad_requests_are_errors_naming_the_request() {
    let mut engine = Engine::new(
        &Interpreter,
        model(),
        config(1, 8, Head::Greedy, Weights::Quantized),
    )
    .unwrap();
    let cases = [
        (String::new(), "no tokens"),
        ("word ".repeat(40), "the prompt has"),
    ];
    for (text, want) in cases {
        let r = request(3, &text, 2, Sampling::GREEDY);
        match serve(&mut engine, vec![r], None, &mut |_, _| {}) {
            Err(ServeError::Request {
                request: 3,
                problem,
            }) => {
                assert!(problem.contains(want), "{problem}")
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
    let mut r = request(5, "hi", 2, Sampling::GREEDY);
    r.prompt.push(1_000_000);
    let e = serve(&mut engine, vec![r], None, &mut |_, _| {}).unwrap_err();
    assert!(e.to_string().contains("outside the vocabulary"), "{e}");
    let mut r = request(6, "hi", 2, Sampling::GREEDY);
    r.sampling.top_p = 0.0;
    let e = serve(&mut engine, vec![r], None, &mut |_, _| {}).unwrap_err();
    assert!(
        e.to_string()
            .contains("request 6: top_p 0 is not in (0, 1]"),
        "{e}"
    );
    assert_eq!(engine.pages().in_use(), 0, "nothing leaked");
}
