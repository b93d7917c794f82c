//! End-to-end smoke test of builder → verifier → printer → interpreter.

use tilekit_core::builder::KernelBuilder;
use tilekit_core::interp::run;
use tilekit_core::ir::Index;
use tilekit_core::{DType, HostTensor, KernelArgs};

#[test]
fn row_softmax_kernel_runs() {
    let mut kb = KernelBuilder::new("row_softmax");
    kb.grid(&[4]);
    let x = kb.input("x", DType::F32, &[4, 8]);
    let y = kb.output("y", DType::F32, &[4, 8]);
    let r = kb.program_id(0);
    let row = kb.load(x, &[Index::at(r), Index::Full]);
    let row2 = kb.reshape(row, &[1, 8]);
    let mx = kb.reduce_max(row2, 1);
    let mxb = kb.broadcast(mx, &[1, 8], &[0]);
    let sh = kb.sub(row2, mxb);
    let e = kb.exp(sh);
    let s = kb.sum(e, 1);
    let sb = kb.broadcast(s, &[1, 8], &[0]);
    let p = kb.div(e, sb);
    let p = kb.reshape(p, &[8]);
    kb.store(y, &[Index::at(r), Index::Full], p);
    let vk = kb.finish().unwrap();
    let text = vk.to_text();
    assert!(text.contains("reduce.max"), "{text}");
    let data: Vec<f32> = (0..32).map(|i| (i as f32 * 0.37).sin() * 3.0).collect();
    let args = KernelArgs::new().tensor(
        "x",
        HostTensor::from_f32(DType::F32, &[4, 8], &data).unwrap(),
    );
    let out = run(&vk, &args).unwrap();
    let y = out["y"].as_f32().unwrap();
    for r in 0..4 {
        let row = &data[r * 8..r * 8 + 8];
        let m = row.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
        let z: f32 = row.iter().map(|v| (v - m).exp()).sum();
        for c in 0..8 {
            let want = (row[c] - m).exp() / z;
            assert!((y[r * 8 + c] - want).abs() < 1e-6);
        }
    }
}
