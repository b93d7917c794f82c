use std::time::Instant;
use tilekit_model::{fetch, LlamaModel};
use tilekit_pjrt::PjrtBackend;
use tilekit_serve::*;
fn main() {
    let model = LlamaModel::load(&fetch::model_path().unwrap()).unwrap();
    let pjrt = PjrtBackend::default_plugin().unwrap();
    for batch in [1usize, 4] {
        let t = Instant::now();
        let cfg = EngineConfig {
            cache: CacheShape {
                num_blocks: 64,
                block_size: 16,
                max_blocks: 16,
            },
            rows: 1,
            decode_batch: batch,
            prefill_lengths: vec![32],
            head: Head::Greedy,
            weights: Weights::Quantized,
        };
        let mut e = Engine::new(&pjrt, &model, cfg).unwrap();
        eprintln!("batch {batch}: load {:.2?}", t.elapsed());
        let reqs: Vec<Request> = (0..batch)
            .map(|i| Request {
                id: i,
                prompt: model.tokenizer.encode("The capital of France is"),
                max_tokens: 20,
                sampling: Sampling::GREEDY,
            })
            .collect();
        let t = Instant::now();
        serve(&mut e, reqs, None, &mut |_, _| {}).unwrap();
        eprintln!("batch {batch}: serve {:.2?} {:?}", t.elapsed(), e.stats);
    }
}
