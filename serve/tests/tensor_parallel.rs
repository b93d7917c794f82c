//! Tensor parallelism on the real SmolLM2 file: the step split over 3 XLA
//! CPU devices (one KV head and its 3 query heads, a third of the FFN
//! each; two all-reduces a block) gives the logits and greedy tokens of
//! the one-device step. The sums differ only in order (three partial
//! products added by the all-reduce against one dot), so logits agree to
//! within `LOGIT_TOLERANCE` and greedy tokens exactly. Splits that do not
//! divide the model, and backends that run one device, are errors.

mod common;

use common::{model, pjrt};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use tilekit_core::{Backend, DType, HostTensor, Interpreter};
use tilekit_pjrt::PjrtBackend;
use tilekit_serve::{
    initial_state, serve, step_program_on, CacheShape, Engine, EngineConfig, Head, Request,
    Sampling, StepKind, Weights,
};

/// Largest difference allowed between a D = 3 and a D = 1 logit (SmolLM2's
/// logits here are of order 10-30; f32 sums in another order differ in
/// the last few bits of each of 30 blocks).
const LOGIT_TOLERANCE: f32 = 1e-3;

const CACHE: CacheShape = CacheShape {
    num_blocks: 8,
    block_size: 16,
    max_blocks: 4,
};

fn pjrt3() -> &'static PjrtBackend {
    static BACKEND: OnceLock<PjrtBackend> = OnceLock::new();
    BACKEND.get_or_init(|| {
        PjrtBackend::with_cpu_devices(3)
            .unwrap_or_else(|e| panic!("these tests need the PJRT CPU plugin: {e}"))
    })
}

fn i32s(shape: &[usize], v: &[i32]) -> HostTensor {
    HostTensor::from_i32(shape, v.to_vec()).unwrap()
}

/// The logits of a batch-1 decode step fed `tokens` one at a time (each
/// at its position, writing the cache) on `devices` devices.
fn decode_logits(backend: &dyn Backend, devices: usize, tokens: &[u32]) -> Vec<Vec<f32>> {
    let m = model();
    let kind = StepKind::Decode {
        batch: 1,
        head: Head::Logits,
    };
    let step = step_program_on(m, &CACHE, kind, 1, Weights::F32, devices).unwrap();
    assert_eq!(step.program.devices(), devices);
    let state = initial_state(m, &CACHE, Weights::F32).unwrap();
    let mut set = backend
        .load_program_set(std::slice::from_ref(&step.program), state)
        .unwrap();
    let mut table = vec![-1; CACHE.max_blocks];
    table[0] = 0;
    table[1] = 1;
    let mut out = Vec::new();
    for (pos, &t) in tokens.iter().enumerate() {
        let p = pos as i32;
        let inputs = [
            ("ids", i32s(&[1], &[t as i32])),
            ("positions", i32s(&[1], &[p])),
            ("slots", i32s(&[1], &[p])),
            ("block_tables", i32s(&[1, CACHE.max_blocks], &table)),
            ("context_lens", i32s(&[1], &[p + 1])),
        ];
        let named: Vec<(&str, &HostTensor)> = inputs.iter().map(|(n, t)| (*n, t)).collect();
        let r = set.execute(0, &named).unwrap();
        let logits = &r[&step.logits.unwrap()];
        assert_eq!(logits.dtype(), DType::F32);
        out.push(logits.as_f32().unwrap().to_vec());
    }
    out
}

#[test]
fn tensor_parallel_decode_logits_equal_one_device() {
    // Over 16 tokens, so attention reads a second page.
    let tokens = model()
        .tokenizer
        .encode("Tensor parallel decoding splits the attention heads and the MLP across several devices, then sums the partial products.");
    assert!(tokens.len() > 16 && tokens.len() <= 32, "{}", tokens.len());
    let one = decode_logits(pjrt(), 1, &tokens);
    let three = decode_logits(pjrt3(), 3, &tokens);
    let mut worst = 0f32;
    for (a, b) in one.iter().zip(&three) {
        assert_eq!(a.len(), model().config.vocab);
        for (x, y) in a.iter().zip(b) {
            assert!(x.is_finite() && y.is_finite());
            worst = worst.max((x - y).abs());
        }
    }
    eprintln!(
        "max |logit(D=3) - logit(D=1)| over {} steps: {worst:e}",
        tokens.len()
    );
    assert!(worst <= LOGIT_TOLERANCE, "logits differ by {worst}");
    // The comparison is not vacuous: steps give different logits.
    assert!(one[0].iter().zip(&one[1]).any(|(a, b)| (a - b).abs() > 1.0));
}

fn greedy(backend: &dyn Backend, devices: usize) -> Vec<Vec<u32>> {
    let config = EngineConfig {
        cache: CACHE,
        rows: 1,
        decode_batch: 2,
        prefill_lengths: vec![16],
        head: Head::Greedy,
        weights: Weights::F32,
    };
    let mut engine = Engine::on_devices(backend, model(), config, devices).unwrap();
    let requests = [
        "The capital of France is",
        "Once upon a time, a small robot",
    ]
    .iter()
    .enumerate()
    .map(|(id, text)| Request {
        id,
        prompt: model().tokenizer.encode(text),
        max_tokens: 12,
        sampling: Sampling::GREEDY,
    })
    .collect();
    let mut done = serve(&mut engine, requests, None, &mut |_, _| {}).unwrap();
    done.sort_by_key(|f| f.id);
    done.into_iter().map(|f| f.tokens).collect()
}

#[test]
fn tensor_parallel_greedy_tokens_equal_one_device() {
    let one = greedy(pjrt(), 1);
    let three = greedy(pjrt3(), 3);
    assert_eq!(one.len(), 2);
    assert!(one.iter().all(|t| t.len() == 12));
    assert_eq!(three, one);
}

#[test]
fn tensor_parallel_refuses_splits_that_do_not_divide_the_model() {
    let kind = StepKind::Decode {
        batch: 1,
        head: Head::Greedy,
    };
    let err = step_program_on(model(), &CACHE, kind, 1, Weights::F32, 2)
        .unwrap_err()
        .to_string();
    assert!(err.contains("2 does not divide the 3 KV heads"), "{err}");
    let err = step_program_on(model(), &CACHE, kind, 1, Weights::Quantized, 3)
        .unwrap_err()
        .to_string();
    assert!(err.contains("only f32 weights are split"), "{err}");
    let err = step_program_on(model(), &CACHE, kind, 1, Weights::F32, 0)
        .unwrap_err()
        .to_string();
    assert!(err.contains("0 devices"), "{err}");
}

#[test]
fn tensor_parallel_programs_need_a_backend_with_the_devices() {
    let kind = StepKind::Decode {
        batch: 1,
        head: Head::Greedy,
    };
    let step = step_program_on(model(), &CACHE, kind, 1, Weights::F32, 3).unwrap();
    let programs: Vec<Arc<_>> = vec![step.program.clone()];
    let on_interp = Interpreter
        .load_program_set(&programs, BTreeMap::new())
        .err()
        .unwrap()
        .to_string();
    assert!(on_interp.contains("sharded over 3 devices"), "{on_interp}");
    // (The plugin's default client has 4 CPU devices: ask for one.)
    let one_device = PjrtBackend::with_cpu_devices(1).unwrap();
    let on_one = one_device
        .load_program_set(&programs, BTreeMap::new())
        .err()
        .unwrap()
        .to_string();
    assert!(on_one.contains("this client has 1"), "{on_one}");
    // Whole tensors are what a sharded set takes: a slice is refused.
    let wrong = BTreeMap::from([(
        "blk.0.k_cache".to_string(),
        HostTensor::zeros(DType::F32, &[8, 16, 1, 64]),
    )]);
    let err = pjrt3()
        .load_program_set(&programs, wrong)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("the whole tensor f32[8, 16, 3, 64]"), "{err}");
}

#[test]
fn tensor_parallel_state_reads_back_whole() {
    let kind = StepKind::Decode {
        batch: 1,
        head: Head::Greedy,
    };
    let step = step_program_on(model(), &CACHE, kind, 1, Weights::F32, 3).unwrap();
    let state = initial_state(model(), &CACHE, Weights::F32).unwrap();
    let want = state["blk.0.attn_q.weight"].clone();
    let set = pjrt3()
        .load_program_set(std::slice::from_ref(&step.program), state)
        .unwrap();
    let got = set.read_state("blk.0.attn_q.weight").unwrap();
    assert_eq!(got.shape(), want.shape());
    assert_eq!(got.as_f32(), want.as_f32());
    // Rows of a cache split by KV head land in every device's slice.
    let mut set = set;
    let shape = [2, 16, 3, 64];
    let n: usize = shape.iter().product();
    let rows: Vec<f32> = (0..n).map(|i| i as f32).collect();
    let rows = HostTensor::from_f32(DType::F32, &shape, &rows).unwrap();
    set.write_state_rows("blk.0.k_cache", 5, &rows).unwrap();
    let cache = set.read_state("blk.0.k_cache").unwrap();
    assert_eq!(cache.shape(), &[8, 16, 3, 64]);
    let at = 5 * 16 * 3 * 64;
    assert_eq!(&cache.as_f32().unwrap()[at..at + n], rows.as_f32().unwrap());
    assert!(cache.as_f32().unwrap()[..at].iter().all(|&x| x == 0.0));
    let err = set
        .write_state_rows("blk.0.k_cache", 7, &rows)
        .unwrap_err()
        .to_string();
    assert!(err.contains("rows 7..9 of state `blk.0.k_cache`"), "{err}");
}
