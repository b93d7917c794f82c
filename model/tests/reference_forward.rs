//! The f64 reference forward on the real model: a greedy continuation of a
//! well-known prompt reproduces llama.cpp's (MODEL.md: " with the invention
//! of the printing press ..."), so the oracle itself is checked against the
//! peer before it checks the kernels.

use tilekit_model::{fetch, reference, LlamaModel};

#[test]
fn reference_forward_continues_a_prompt_as_llama_cpp_does() {
    let path = fetch::model_path().unwrap_or_else(|e| panic!("{e}"));
    let model = LlamaModel::load(&path).unwrap();
    let mut tokens = model
        .tokenizer
        .encode("The history of the printing press begins");
    let prompt = tokens.len();
    let vocab = model.config.vocab;
    for _ in 0..6 {
        let out = reference::forward(&model, &tokens).unwrap();
        assert_eq!(out.hidden.len(), model.config.n_layers);
        let last = &out.logits[(tokens.len() - 1) * vocab..tokens.len() * vocab];
        assert!(last.iter().all(|x| x.is_finite()));
        let best = (0..vocab)
            .max_by(|&a, &b| last[a].total_cmp(&last[b]))
            .unwrap();
        tokens.push(best as u32);
    }
    let text = model.tokenizer.decode(&tokens[prompt..]).unwrap();
    assert_eq!(text, " with the invention of the printing", "{tokens:?}");
}
