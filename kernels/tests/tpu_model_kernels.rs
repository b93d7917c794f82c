//! The TPU-shaped kernels of SmolLM2's decode step (`catalog::model_tpu`)
//! on the interpreter: RoPE on `[M, H·D]` rows against the f64 rotation
//! (`reference::llama::rope`), the head-major KV write against the GPU-shaped
//! write (through `tpu::layout`), the Q8_0 embedding gather against the
//! f64 dequantization (exact), and the quantized products at the model's
//! shapes (K = 576 in one step, N = 576 and 192 in one tile) against the
//! f64 products.

use tilekit_core::{DType, HostTensor, Interpreter};
use tilekit_kernels::llama::{rope_table, tpu_rows};
use tilekit_kernels::quant::QuantFormat;
use tilekit_kernels::reference::{self, Array64};
use tilekit_kernels::testdata::{random_tensor, Rng};
use tilekit_kernels::testdata_quant::random_quant_matrix;
use tilekit_kernels::tpu::gather::GatherQ80TpuArgs;
use tilekit_kernels::tpu::kv_write::KvWriteTpuArgs;
use tilekit_kernels::tpu::layout::{cache_to_head_major, reshape};
use tilekit_kernels::tpu::quant_layout::{pad_rows, q4_1_planes_for, q8_0_planes, q8_0_rows};
use tilekit_kernels::tpu::quant_matmul::{MatmulQ41TpuArgs, MatmulQ80TpuArgs, PlaneTiling};
use tilekit_kernels::tpu::rope::RopeTpuArgs;

/// Max |got - want| ≤ `tol`, naming the first element past it.
fn close(what: &str, got: &HostTensor, want: &[f64], tol: f64) {
    let got = got.to_f64_vec();
    assert_eq!(got.len(), want.len(), "{what}: element count");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!((g - w).abs() <= tol, "{what}: [{i}] = {g}, want {w}");
    }
}

#[test]
fn rope_tpu_matches_the_reference() {
    let mut rng = Rng::new(21);
    // SmolLM2's heads (two 8-row programs), and small ones in one program.
    for (m, hq, hkv, d, base) in [(16, 9, 3, 64, 1e5), (3, 4, 2, 8, 1e4)] {
        let positions = 2048;
        let table = rope_table(d, base, positions).unwrap();
        let q = random_tensor(&mut rng, DType::F32, &[m, hq, d], 1.0);
        let k = random_tensor(&mut rng, DType::F32, &[m, hkv, d], 1.0);
        let pos: Vec<i32> = (0..m)
            .map(|t| match t {
                0 => 0,
                1 => positions as i32 - 1,
                _ => rng.below(positions) as i32,
            })
            .collect();
        let got = RopeTpuArgs {
            pos: HostTensor::from_i32(&[m, 1], pos.clone()).unwrap(),
            q: reshape(&q, &[m, hq * d]).unwrap(),
            k: reshape(&k, &[m, hkv * d]).unwrap(),
            cos: table.cos.clone(),
            sin: table.sin.clone(),
            rows: tpu_rows(m),
        }
        .run_interpreter()
        .unwrap();
        let pos = HostTensor::from_i32(&[m], pos).unwrap();
        let what = format!("M={m} {hq}/{hkv}x{d}");
        let want_q = reference::llama::rope(&q, &pos, base).unwrap();
        let want_k = reference::llama::rope(&k, &pos, base).unwrap();
        close(&format!("{what} q"), &got.q_out, &want_q.data, 1e-5);
        close(&format!("{what} k"), &got.k_out, &want_k.data, 1e-5);
    }
}

#[test]
fn kv_write_tpu_matches_the_gpu_write() {
    let mut rng = Rng::new(22);
    let (nb, bs, hkv, d, b) = (6, 16, 3, 64, 5);
    let cache = |rng: &mut Rng| random_tensor(rng, DType::F32, &[nb, bs, hkv, d], 1.0);
    let (k_cache, v_cache) = (cache(&mut rng), cache(&mut rng));
    let k_new = random_tensor(&mut rng, DType::F32, &[b, hkv, d], 1.0);
    let v_new = random_tensor(&mut rng, DType::F32, &[b, hkv, d], 1.0);
    // First and last slot of a page, a skipped row, two rows in one page.
    let slots = HostTensor::from_i32(&[b], vec![0, 31, -1, 95, 33]).unwrap();
    let want = tilekit_kernels::kv_write(&Interpreter, &k_cache, &v_cache, &k_new, &v_new, &slots)
        .unwrap();
    let got = KvWriteTpuArgs {
        slot_mapping: slots,
        k_new: reshape(&k_new, &[b, hkv, 1, d]).unwrap(),
        v_new: reshape(&v_new, &[b, hkv, 1, d]).unwrap(),
        k_cache: cache_to_head_major(&k_cache).unwrap(),
        v_cache: cache_to_head_major(&v_cache).unwrap(),
    }
    .run_interpreter::<f32>()
    .unwrap();
    let want_k = cache_to_head_major(&want.k_cache).unwrap();
    let want_v = cache_to_head_major(&want.v_cache).unwrap();
    assert_eq!(got.k_cache.to_f32_vec(), want_k.to_f32_vec());
    assert_eq!(got.v_cache.to_f32_vec(), want_v.to_f32_vec());
}

#[test]
fn gather_q8_0_tpu_matches_the_dequantized_rows() {
    let mut rng = Rng::new(23);
    let (n, k) = (96, 576);
    let w = random_quant_matrix(&mut rng, QuantFormat::Q8_0, n, k);
    let (codes, scales) = q8_0_rows(&w, n, k).unwrap();
    let dense = reference::dequantize_q8_0(&w, n, k).unwrap();
    for m in [16, 5] {
        // Both ends of the table, repeats, and rows in every 32-row group.
        let ids: Vec<i32> = (0..m)
            .map(|t| match t {
                0 => 0,
                1 => n as i32 - 1,
                2 => 0,
                _ => rng.below(n) as i32,
            })
            .collect();
        let got = GatherQ80TpuArgs {
            ids: HostTensor::from_i32(&[m], ids.clone()).unwrap(),
            codes: reshape(&codes, &[n / 32, 32, k]).unwrap(),
            scales: reshape(&scales, &[n / 8, 8, k / 32]).unwrap(),
            rows: tpu_rows(m),
        }
        .run_interpreter()
        .unwrap();
        let want: Vec<f64> = ids
            .iter()
            .flat_map(|&i| dense.row(&[i as usize]).to_vec())
            .collect();
        close(&format!("M={m}"), &got.out, &want, 0.0);
    }
}

/// `got` (`[Mp, N]`, padded rows ignored) against `want` within an f32
/// accumulation bound per element.
fn close_product(what: &str, got: &HostTensor, want: &Array64, x: &Array64, w: &Array64) {
    let (m, n) = (want.shape[0], want.shape[1]);
    let got = got.to_f64_vec();
    for j in 0..n {
        let wmax = w.row(&[j]).iter().fold(0.0f64, |a, v| a.max(v.abs()));
        for i in 0..m {
            let xsum: f64 = x.row(&[i]).iter().map(|v| v.abs()).sum();
            let (g, e) = (got[i * n + j], want.data[i * n + j]);
            assert!(
                (g - e).abs() <= 1e-5 * xsum * wmax,
                "{what}: y[{i}, {j}] = {g} but the reference is {e}"
            );
        }
    }
}

#[test]
fn quant_matmul_tpu_at_smollm2_shapes_matches_the_reference() {
    let mut rng = Rng::new(24);
    // k/v (one step, one tile), q/o (one step, one 576-wide tile), down
    // (256-weight steps, one tile).
    for (m, n, k) in [(3, 192, 576), (9, 576, 576), (2, 576, 1536)] {
        let t = PlaneTiling::for_matrix(n, k).unwrap();
        let x = random_tensor(&mut rng, DType::F32, &[m, k], 1.0 / (k as f64).sqrt());
        let (xp, x64) = (pad_rows(&x).unwrap(), Array64::from_host(&x));
        let w = random_quant_matrix(&mut rng, QuantFormat::Q4_1, n, k);
        let (codes, scales, mins) = q4_1_planes_for(&w, n, k).unwrap();
        let got = MatmulQ41TpuArgs {
            x: xp.clone(),
            codes,
            scales,
            mins,
            chunk: t.chunk,
            tile_n: t.tile_n,
        }
        .run_interpreter()
        .unwrap();
        let want = reference::matmul_q4_1(&x, &w, n, k).unwrap();
        let wd = reference::dequantize_q4_1(&w, n, k).unwrap();
        close_product(&format!("q4_1 {m}x{n}x{k}"), &got.y, &want, &x64, &wd);

        let w = random_quant_matrix(&mut rng, QuantFormat::Q8_0, n, k);
        let (codes, scales) = q8_0_planes(&w, n, k).unwrap();
        let got = MatmulQ80TpuArgs {
            x: xp,
            codes,
            scales,
            chunk: t.chunk,
            tile_n: t.tile_n,
        }
        .run_interpreter()
        .unwrap();
        let want = reference::matmul_q8_0(&x, &w, n, k).unwrap();
        let wd = reference::dequantize_q8_0(&w, n, k).unwrap();
        close_product(&format!("q8_0 {m}x{n}x{k}"), &got.y, &want, &x64, &wd);
    }
}
