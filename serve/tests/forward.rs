//! The model's programs against the f64 reference forward
//! (`tilekit_model::reference`) on the real SmolLM2 file: a prefill's
//! logits and per-block residual stream, and decode steps after it over
//! the paged cache, on the interpreter and on PJRT CPU.

mod common;

use common::{model, pjrt};
use std::time::Instant;
use tilekit_core::{Backend, HostTensor, Interpreter};
use tilekit_model::{fetch, reference, LlamaModel};
use tilekit_serve::{initial_state, step_program, CacheShape, Head, StepKind, Weights};

const CACHE: CacheShape = CacheShape {
    num_blocks: 8,
    block_size: 16,
    max_blocks: 4,
};

fn i32s(v: &[i32]) -> HostTensor {
    HostTensor::from_i32(&[v.len()], v.to_vec()).unwrap()
}

/// Max |a - b| over max |b| (1 at least).
fn rel_err(got: &[f32], want: &[f64]) -> f64 {
    let scale = want.iter().fold(1f64, |m, x| m.max(x.abs()));
    got.iter()
        .zip(want)
        .fold(0f64, |m, (g, w)| m.max((*g as f64 - w).abs()))
        / scale
}

fn prefill_matches_reference(backend: &dyn Backend, weights: Weights) {
    let model = model();
    let prompt = model.tokenizer.encode("The capital of France is");
    let t = prompt.len();
    let start = Instant::now();
    let step = step_program(
        model,
        &CACHE,
        StepKind::Prefill {
            tokens: t,
            head: Head::Logits,
        },
        1,
        weights,
    )
    .unwrap();
    let mut loaded = backend
        .load_program(
            &step.program,
            initial_state(model, &CACHE, weights).unwrap(),
        )
        .unwrap();
    let ids: Vec<i32> = prompt.iter().map(|&x| x as i32).collect();
    let positions: Vec<i32> = (0..t as i32).collect();
    let slots: Vec<i32> = (0..t as i32).collect();
    let out = loaded
        .execute(&[
            ("ids", &i32s(&ids)),
            ("positions", &i32s(&positions)),
            ("slots", &i32s(&slots)),
        ])
        .unwrap();
    eprintln!(
        "prefill of {t} tokens ({weights:?}): {:.2?}",
        start.elapsed()
    );
    let want = reference::forward(model, &prompt).unwrap();
    for (l, b) in step.hidden.iter().enumerate() {
        let e = rel_err(&out[b].to_f32_vec(), &want.hidden[l]);
        assert!(
            e < 1e-3,
            "hidden state after block {l}: relative error {e:.2e}"
        );
    }
    let logits = out[&step.logits.unwrap()].to_f32_vec();
    let e = rel_err(&logits, &want.logits);
    eprintln!("logits relative error {e:.2e}");
    assert!(e < 1e-3, "logits: relative error {e:.2e}");
}

#[test]
fn prefill_logits_and_hidden_states_match_the_f64_forward_interp() {
    prefill_matches_reference(&Interpreter, Weights::Quantized);
}

#[test]
fn prefill_logits_and_hidden_states_match_the_f64_forward_pjrt_cpu() {
    prefill_matches_reference(pjrt(), Weights::Quantized);
}

#[test]
fn prefill_with_f32_weights_matches_the_f64_forward_pjrt_cpu() {
    prefill_matches_reference(pjrt(), Weights::F32);
}

/// `w` re-encoded as F16 or F32 (values rounded as the file would hold
/// them), so the f64 forward sees exactly what the kernels do.
fn retyped(w: &tilekit_model::Weight, ty: tilekit_model::GgmlType) -> tilekit_model::Weight {
    let values = w.dequantize().unwrap();
    let dtype = match ty {
        tilekit_model::GgmlType::F16 => tilekit_core::DType::F16,
        _ => tilekit_core::DType::F32,
    };
    tilekit_model::Weight {
        name: w.name.clone(),
        ggml_type: ty,
        shape: w.shape.clone(),
        tensor: HostTensor::from_f32(dtype, &w.shape, &values).unwrap(),
    }
}

/// f32 weights serve every tensor type the model crate reads: a model with
/// an F16 embedding (gathered as f32 rows, and the tied head), F16 query
/// and F32 down projections and F16 norms.
#[test]
fn f16_and_f32_tensors_are_served_with_f32_weights_pjrt_cpu() {
    use tilekit_model::GgmlType::{F16, F32};
    let path = fetch::model_path().unwrap();
    let mut model = LlamaModel::load(&path).unwrap();
    let w = &mut model.weights;
    w.token_embd = retyped(&w.token_embd, F16);
    w.output_norm = retyped(&w.output_norm, F16);
    for l in &mut w.layers {
        l.attn_q = retyped(&l.attn_q, F16);
        l.ffn_down = retyped(&l.ffn_down, F32);
        l.attn_norm = retyped(&l.attn_norm, F16);
    }
    let quantized = tilekit_serve::check_model(&model, Weights::Quantized).unwrap_err();
    assert!(
        quantized
            .to_string()
            .contains("F16/F32 matrices are not served with quantized weights"),
        "{quantized}"
    );
    let prompt = model.tokenizer.encode("Water boils at");
    let t = prompt.len();
    let step = step_program(
        &model,
        &CACHE,
        StepKind::Prefill {
            tokens: t,
            head: Head::Logits,
        },
        1,
        Weights::F32,
    )
    .unwrap();
    let mut loaded = pjrt()
        .load_program(
            &step.program,
            initial_state(&model, &CACHE, Weights::F32).unwrap(),
        )
        .unwrap();
    let ids: Vec<i32> = prompt.iter().map(|&x| x as i32).collect();
    let positions: Vec<i32> = (0..t as i32).collect();
    let out = loaded
        .execute(&[
            ("ids", &i32s(&ids)),
            ("positions", &i32s(&positions)),
            ("slots", &i32s(&positions)),
        ])
        .unwrap();
    let want = reference::forward(&model, &prompt).unwrap();
    let e = rel_err(&out[&step.logits.unwrap()].to_f32_vec(), &want.logits);
    assert!(e < 1e-3, "logits: relative error {e:.2e}");
}
