//! The quantized shipped kernels' emitted PTX run by the CPU simulator
//! (`tilekit-ptx-sim`, sm_90a and sm_80) against the interpreter, through
//! their host functions: `matmul_q4_1` / `matmul_q8_0` on both paths (small
//! M and tiled, with masked edges), `gather_q8_0`, and paged decode over
//! int8 and fp8-e4m3 KV caches with their quantizing write. Matmuls,
//! gathers and writes must agree bit for bit (f32 dots are a scalar
//! k-ordered loop on the GPU, as in the interpreter); decode within the
//! documented PTX differences (`ex2.approx`, shuffle sum order).

use tilekit::core::{Backend, DType, HostTensor, Interpreter, TensorData};
use tilekit::kernels::testdata::{random_tensor, PagedDecodeSpec, Rng};
use tilekit::kernels::testdata_quant::{quantize_paged_case, random_quant_matrix};
use tilekit::kernels::{
    gather_q8_0, kv_write_quantized, matmul_q4_1, matmul_q8_0, paged_decode_quantized, KvCodec,
    QuantFormat, QuantKvCache, QuantMatrix, QuantPagedDecodeInputs,
};
use tilekit_ptx_sim::{PtxSim, Target};

/// Bit for bit (NaN matches NaN).
fn same(what: &str, got: &HostTensor, want: &HostTensor) {
    assert_eq!(got.dtype(), want.dtype(), "{what}");
    assert_eq!(got.shape(), want.shape(), "{what}");
    let (g, w) = (got.to_f64_vec(), want.to_f64_vec());
    for (i, (a, b)) in g.iter().zip(&w).enumerate() {
        let ok = (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits();
        assert!(ok, "{what}[{i}]: simulated {a:e}, interpreter {b:e}");
    }
}

fn close(what: &str, got: &HostTensor, want: &HostTensor, tol: f64) {
    assert_eq!(got.shape(), want.shape(), "{what}");
    let (g, w) = (got.to_f64_vec(), want.to_f64_vec());
    for (i, (a, b)) in g.iter().zip(&w).enumerate() {
        let ok = (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= tol * (1.0 + b.abs());
        assert!(ok, "{what}[{i}]: simulated {a:e}, interpreter {b:e}");
    }
}

/// (m, n, k): the small path with a masked N tile, and the tiled path
/// with and without masked edges.
const SHAPES: [(usize, usize, usize); 3] = [(3, 100, 96), (64, 128, 128), (20, 70, 64)];

fn matmul_case(format: QuantFormat) {
    for (i, &(m, n, k)) in SHAPES.iter().enumerate() {
        let mut rng = Rng::new(i as u64 + 7);
        let w = random_quant_matrix(&mut rng, format, n, k);
        let x = random_tensor(&mut rng, DType::F32, &[m, k], 1.0 / (k as f64).sqrt());
        let matrix = QuantMatrix { data: &w, n, k };
        let run = |b: &dyn Backend| match format {
            QuantFormat::Q4_1 => matmul_q4_1(b, &x, &matrix),
            QuantFormat::Q8_0 => matmul_q8_0(b, &x, &matrix),
        };
        let want = run(&Interpreter).unwrap();
        for target in Target::ALL {
            let got = run(&PtxSim::new(target)).unwrap_or_else(|e| panic!("{e}"));
            same(
                &format!("{format:?} {m}x{n}x{k} {}", target.name()),
                &got,
                &want,
            );
        }
    }
}

#[test]
fn matmul_q4_1_both_paths_match_the_interpreter_ptx_sim() {
    matmul_case(QuantFormat::Q4_1);
}

#[test]
fn matmul_q8_0_both_paths_match_the_interpreter_ptx_sim() {
    matmul_case(QuantFormat::Q8_0);
}

#[test]
fn gather_q8_0_matches_the_interpreter_ptx_sim() {
    let (n, k) = (10, 128);
    let w = random_quant_matrix(&mut Rng::new(3), QuantFormat::Q8_0, n, k);
    let matrix = QuantMatrix { data: &w, n, k };
    let ids = HostTensor::from_i32(&[5], vec![9, 0, 4, 4, 7]).unwrap();
    let want = gather_q8_0(&Interpreter, &matrix, &ids).unwrap();
    for target in Target::ALL {
        let got =
            gather_q8_0(&PtxSim::new(target), &matrix, &ids).unwrap_or_else(|e| panic!("{e}"));
        same(&format!("gather {}", target.name()), &got, &want);
    }
}

fn decode_case(codec: KvCodec) {
    for (seed, lens, bs) in [(1, vec![37, 0, 16], 16), (2, vec![5, 64], 8)] {
        let spec = PagedDecodeSpec::new(lens, bs, 8, 2, 64, DType::Bf16, seed);
        let c = quantize_paged_case(&spec.build(), codec, true);
        let inputs = QuantPagedDecodeInputs {
            q: &c.q,
            k_cache: &c.cache.k_cache,
            k_scale: &c.cache.k_scale,
            v_cache: &c.cache.v_cache,
            v_scale: &c.cache.v_scale,
            block_tables: &c.block_tables,
            context_lens: &c.context_lens,
        };
        let want = paged_decode_quantized(&Interpreter, &inputs, None, true).unwrap();
        for target in Target::ALL {
            let got = paged_decode_quantized(&PtxSim::new(target), &inputs, None, true)
                .unwrap_or_else(|e| panic!("{e}"));
            let what = format!("{codec:?} seed {seed} {}", target.name());
            close(&format!("{what} o"), &got.o, &want.o, 1e-4);
            close(&format!("{what} lse"), &got.lse, &want.lse, 1e-4);
        }
    }
}

#[test]
fn kv_int8_decode_matches_the_interpreter_ptx_sim() {
    decode_case(KvCodec::Int8);
}

#[test]
fn kv_fp8_decode_matches_the_interpreter_ptx_sim() {
    decode_case(KvCodec::Fp8E4M3);
}

fn write_case(codec: KvCodec) {
    let (nb, bs, hkv, d, batch) = (3, 8, 2, 64, 4);
    let mut rng = Rng::new(11);
    let shape = [nb, bs, hkv, d];
    let n: usize = shape.iter().product();
    let codes = |rng: &mut Rng| {
        let bytes: Vec<u8> = (0..n).map(|_| rng.below(255) as u8).collect();
        let data = match codec {
            KvCodec::Int8 => TensorData::I8(bytes.iter().map(|&b| b as i8).collect()),
            KvCodec::Fp8E4M3 => TensorData::F8E4M3(bytes.iter().map(|&b| b & 0xfe).collect()),
        };
        HostTensor::new(&shape, data).unwrap()
    };
    let scales = |rng: &mut Rng| {
        let v: Vec<f32> = (0..nb * bs * hkv).map(|_| rng.uniform() as f32).collect();
        HostTensor::from_f32(DType::F32, &shape[..3], &v).unwrap()
    };
    let cache = QuantKvCache {
        k_cache: codes(&mut rng),
        k_scale: scales(&mut rng),
        v_cache: codes(&mut rng),
        v_scale: scales(&mut rng),
    };
    let rows = |rng: &mut Rng, big: f32| {
        let mut v: Vec<f32> = (0..batch * hkv * d).map(|_| rng.normal() as f32).collect();
        v[3] = big; // one huge value among normal ones
        v[d..2 * d].fill(0.0); // an all-zero row
        HostTensor::from_f32(DType::F32, &[batch, hkv, d], &v).unwrap()
    };
    let (k_new, v_new) = (rows(&mut rng, 3e4), rows(&mut rng, -7.5));
    let slots = HostTensor::from_i32(&[batch], vec![5, -1, 17, 0]).unwrap();
    let want = kv_write_quantized(&Interpreter, &cache, &k_new, &v_new, &slots).unwrap();
    for target in Target::ALL {
        let got = kv_write_quantized(&PtxSim::new(target), &cache, &k_new, &v_new, &slots)
            .unwrap_or_else(|e| panic!("{e}"));
        let what = format!("{codec:?} write {}", target.name());
        same(&format!("{what} k_cache"), &got.k_cache, &want.k_cache);
        same(&format!("{what} k_scale"), &got.k_scale, &want.k_scale);
        same(&format!("{what} v_cache"), &got.v_cache, &want.v_cache);
        same(&format!("{what} v_scale"), &got.v_scale, &want.v_scale);
    }
}

#[test]
fn kv_int8_write_matches_the_interpreter_ptx_sim() {
    write_case(KvCodec::Int8);
}

#[test]
fn kv_fp8_write_matches_the_interpreter_ptx_sim() {
    write_case(KvCodec::Fp8E4M3);
}
