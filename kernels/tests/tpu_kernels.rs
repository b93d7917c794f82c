//! The TPU-shaped kernels (`tilekit_kernels::tpu`) on the interpreter
//! against the f64 references, through the layout conversions, on the
//! KERNELS.md edge-case lengths (empty, one token, page boundaries) with
//! shuffled and shared pages and garbage table tails; the quantized ones
//! (Q8_0 / Q4_1 matmul, paged decode over int8 / fp8-e4m3 KV caches) after
//! repacking their inputs on the host.

use tilekit_core::dsl::{bf16, f8e4m3};
use tilekit_core::{DType, HostTensor, TensorData};
use tilekit_kernels::kv_quant::KvCodec;
use tilekit_kernels::quant::QuantFormat;
use tilekit_kernels::reference::{self, compare, Array64, Tolerance};
use tilekit_kernels::testdata::{
    edge_case_lens, random_tensor, PagedDecodeCase, PagedDecodeSpec, Rng, TailFill,
};
use tilekit_kernels::testdata_quant::{quantize_paged_case, random_quant_matrix};
use tilekit_kernels::tpu::kascade_decode::KascadeDecodeTpuArgs;
use tilekit_kernels::tpu::kv_quant_decode::PagedDecodeQuantizedTpuArgs;
use tilekit_kernels::tpu::kv_quant_write::KvWriteQuantizedTpuArgs;
use tilekit_kernels::tpu::layout::{cache_to_head_major, reshape};
use tilekit_kernels::tpu::paged_decode::PagedDecodeTpuArgs;
use tilekit_kernels::tpu::quant_layout::{
    pad_rows, q4_1_planes, q8_0_planes, scales_to_head_major,
};
use tilekit_kernels::tpu::quant_matmul::{MatmulQ41TpuArgs, MatmulQ80TpuArgs, PlaneTiling};

const BS: usize = 16;

fn case(lens: Vec<usize>, dtype: DType, seed: u64) -> PagedDecodeCase {
    PagedDecodeSpec {
        batch: lens.len(),
        q_heads: 8,
        kv_heads: 2,
        head_dim: 32,
        block_size: BS,
        lens,
        dtype,
        logit_scale: 3.0,
        share_pages: true,
        tail_fill: TailFill::Garbage,
        seed,
    }
    .build()
}

/// `q` as `[B, Hkv, G, D]` and the caches head-major.
fn tpu_inputs(c: &PagedDecodeCase) -> (HostTensor, HostTensor, HostTensor) {
    let [b, hq, d] = [c.q.shape()[0], c.q.shape()[1], c.q.shape()[2]];
    let hkv = c.k_cache.shape()[2];
    (
        reshape(&c.q, &[b, hkv, hq / hkv, d]).unwrap(),
        cache_to_head_major(&c.k_cache).unwrap(),
        cache_to_head_major(&c.v_cache).unwrap(),
    )
}

fn check(what: &str, o: &HostTensor, lse: &HostTensor, want: &reference::AttnOut, dtype: DType) {
    let [b, hq, d] = [want.o.shape[0], want.o.shape[1], want.o.shape[2]];
    let tol = Tolerance::for_dtype(dtype);
    compare("o", &reshape(o, &[b, hq, d]).unwrap(), &want.o, tol)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    compare("lse", &reshape(lse, &[b, hq]).unwrap(), &want.lse, tol)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
}

#[test]
fn paged_decode_tpu_matches_the_reference() {
    for dtype in [DType::Bf16, DType::F32] {
        for (i, len) in edge_case_lens(BS).into_iter().enumerate() {
            let c = case(vec![len, 0, len / 3 + 2, 3 * BS], dtype, i as u64);
            let (q, k_cache, v_cache) = tpu_inputs(&c);
            let args = PagedDecodeTpuArgs {
                block_tables: c.block_tables.clone(),
                context_lens: c.context_lens.clone(),
                q,
                k_cache,
                v_cache,
                scale: c.scale as f32,
                pages_per_step: 2,
                stages: 2,
            };
            let what = format!("{dtype} L={len}");
            // Two pages per step (the last step may hold one live page), and one.
            let want = c.reference().unwrap();
            let one = PagedDecodeTpuArgs {
                pages_per_step: 1,
                ..args.clone()
            };
            let runs = match dtype {
                DType::Bf16 => vec![("PPB=2", args.run_interpreter::<bf16>())],
                _ => vec![
                    ("PPB=2", args.run_interpreter::<f32>()),
                    ("PPB=1", one.run_interpreter::<f32>()),
                ],
            };
            for (ppb, got) in runs {
                let what = format!("{what} {ppb}");
                let got = got.unwrap_or_else(|e| panic!("{what}: {e}"));
                check(&what, &got.o, &got.lse, &want, dtype);
            }
        }
    }
}

/// Picks `n_sel[b]` distinct pages of each sequence per anchor head.
fn selection(rng: &mut Rng, lens: &[usize], heads: usize) -> (HostTensor, HostTensor) {
    let kmax = lens
        .iter()
        .map(|l| l.div_ceil(BS))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut idx = vec![0i32; lens.len() * heads * kmax];
    let mut n_sel = Vec::new();
    for (b, &len) in lens.iter().enumerate() {
        let units = len.div_ceil(BS);
        let n = if units == 0 { 0 } else { 1 + rng.below(units) };
        n_sel.push(n as i32);
        for a in 0..heads {
            let mut pages: Vec<i32> = (0..units as i32).collect();
            rng.shuffle(&mut pages);
            for (j, p) in pages.into_iter().take(n).enumerate() {
                idx[(b * heads + a) * kmax + j] = p;
            }
        }
    }
    (
        HostTensor::from_i32(&[lens.len(), heads, kmax], idx).unwrap(),
        HostTensor::from_i32(&[lens.len()], n_sel).unwrap(),
    )
}

#[test]
fn kascade_decode_tpu_matches_the_reference() {
    let mut rng = Rng::new(7);
    for dtype in [DType::Bf16, DType::F32] {
        for (i, len) in edge_case_lens(BS).into_iter().enumerate() {
            let lens = vec![len, 5 * BS + 3, 0];
            let c = case(lens.clone(), dtype, 100 + i as u64);
            let (q, k_cache, v_cache) = tpu_inputs(&c);
            let hkv = 2;
            let (block_idx, n_sel) = selection(&mut rng, &lens, hkv);
            let head_map = HostTensor::from_i32(&[hkv], vec![1, 0]).unwrap();
            let (k, v) = c.contiguous_kv();
            let want = reference::kascade_decode_blocks(
                &c.q,
                &k,
                &v,
                &c.context_lens,
                &block_idx,
                &n_sel,
                &head_map,
                BS,
                c.scale,
            )
            .unwrap();
            let args = KascadeDecodeTpuArgs {
                block_tables: c.block_tables.clone(),
                lens: c.context_lens.clone(),
                block_idx,
                n_sel,
                head_map,
                q,
                k_cache,
                v_cache,
                scale: c.scale as f32,
                stages: 2,
            };
            let got = match dtype {
                DType::Bf16 => args.run_interpreter::<bf16>(),
                _ => args.run_interpreter::<f32>(),
            }
            .unwrap_or_else(|e| panic!("{dtype} L={len}: {e}"));
            check(&format!("{dtype} L={len}"), &got.o, &got.lse, &want, dtype);
        }
    }
}

// ---------------------------------------------------------------------------
// Quantized kernels: the weight planes and per-token KV scales repacked on
// the host (`tpu::quant_layout`), against the f64 references.

/// `got` (`[Mp, N]`, padded rows ignored) against the reference `[M, N]`
/// within an f32 accumulation bound per element, `1e-5 · Σ_k |x_ik| ·
/// max_k |W_jk|` (a misplaced nibble or scale is far above it).
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
fn matmul_q8_0_and_q4_1_tpu_match_the_reference() {
    let mut rng = Rng::new(14);
    // M = 1 and 3 pad to one 8-row tile, 13 to two; K spans two chunks.
    for (m, n, k) in [(1, 128, 256), (3, 256, 512), (13, 128, 512)] {
        let x = random_tensor(&mut rng, DType::F32, &[m, k], 1.0 / (k as f64).sqrt());
        let xp = pad_rows(&x).unwrap();
        let x64 = Array64::from_host(&x);
        let w = random_quant_matrix(&mut rng, QuantFormat::Q8_0, n, k);
        let (codes, scales) = q8_0_planes(&w, n, k).unwrap();
        let t = PlaneTiling::for_matrix(n, k).unwrap();
        let got = MatmulQ80TpuArgs {
            x: xp.clone(),
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

        let w = random_quant_matrix(&mut rng, QuantFormat::Q4_1, n, k);
        let (codes, scales, mins) = q4_1_planes(&w, n, k).unwrap();
        let got = MatmulQ41TpuArgs {
            x: xp,
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
    }
}

fn kv_quant_tpu_matches_the_reference(codec: KvCodec) {
    for dtype in [DType::Bf16, DType::F32] {
        for (i, len) in edge_case_lens(BS).into_iter().enumerate() {
            let f = case(vec![len, 0, len / 3 + 2, 3 * BS], dtype, 40 + i as u64);
            let c = quantize_paged_case(&f, codec, i % 2 == 0);
            let [b, hq, d] = [c.q.shape()[0], c.q.shape()[1], c.q.shape()[2]];
            let hkv = c.cache.k_cache.shape()[2];
            let args = PagedDecodeQuantizedTpuArgs {
                block_tables: c.block_tables.clone(),
                context_lens: c.context_lens.clone(),
                q: reshape(&c.q, &[b, hkv, hq / hkv, d]).unwrap(),
                k_cache: cache_to_head_major(&c.cache.k_cache).unwrap(),
                k_scale: scales_to_head_major(&c.cache.k_scale).unwrap(),
                v_cache: cache_to_head_major(&c.cache.v_cache).unwrap(),
                v_scale: scales_to_head_major(&c.cache.v_scale).unwrap(),
                scale: c.scale as f32,
                stages: 2,
            };
            let what = format!("{codec:?} {dtype} L={len}");
            let got = match (dtype, codec) {
                (DType::Bf16, KvCodec::Int8) => args.run_interpreter::<bf16, i8>(),
                (DType::Bf16, _) => args.run_interpreter::<bf16, f8e4m3>(),
                (_, KvCodec::Int8) => args.run_interpreter::<f32, i8>(),
                _ => args.run_interpreter::<f32, f8e4m3>(),
            }
            .unwrap_or_else(|e| panic!("{what}: {e}"));
            check(&what, &got.o, &got.lse, &c.reference().unwrap(), dtype);
        }
    }
}

#[test]
fn paged_decode_kv_int8_tpu_matches_the_reference() {
    kv_quant_tpu_matches_the_reference(KvCodec::Int8);
}

#[test]
fn paged_decode_kv_fp8_tpu_matches_the_reference() {
    kv_quant_tpu_matches_the_reference(KvCodec::Fp8E4M3);
}

fn kv_write_tpu_matches_the_reference(codec: KvCodec) {
    let mut rng = Rng::new(23);
    let [nb, bs, hkv, d, batch] = [3, BS, 2, 32, 6];
    let shape = [nb, bs, hkv, d];
    for dtype in [DType::F32, DType::Bf16] {
        // Old codes avoid 0x7f/0xff (fp8 NaN), so caches compare exactly.
        let codes = |rng: &mut Rng| {
            let b: Vec<u8> = (0..nb * bs * hkv * d)
                .map(|_| rng.below(255) as u8 & 0xfe)
                .collect();
            let data = match codec {
                KvCodec::Int8 => TensorData::I8(b.iter().map(|&x| x as i8).collect()),
                KvCodec::Fp8E4M3 => TensorData::F8E4M3(b),
            };
            HostTensor::new(&shape, data).unwrap()
        };
        let scales = |rng: &mut Rng| {
            let v: Vec<f32> = (0..nb * bs * hkv).map(|_| rng.uniform() as f32).collect();
            HostTensor::from_f32(DType::F32, &shape[..3], &v).unwrap()
        };
        let cache = [
            codes(&mut rng),
            scales(&mut rng),
            codes(&mut rng),
            scales(&mut rng),
        ];
        // Distinct slots, two in one page, one sequence without a token.
        let slots = HostTensor::from_i32(&[batch], vec![5, -1, 17, 3, 40, 16]).unwrap();
        let rows = |rng: &mut Rng| {
            let mut v: Vec<f32> = (0..batch * hkv * d).map(|_| rng.normal() as f32).collect();
            v[..d].iter_mut().for_each(|x| *x = 0.0); // a zero row: scale 0
            HostTensor::from_f32(dtype, &[batch, hkv, d], &v).unwrap()
        };
        let (k_new, v_new) = (rows(&mut rng), rows(&mut rng));
        let want = reference::kv_write_quantized(
            [&cache[0], &cache[1], &cache[2], &cache[3]],
            &k_new,
            &v_new,
            &slots,
        )
        .unwrap();
        let args = KvWriteQuantizedTpuArgs {
            slot_mapping: slots,
            k_new: reshape(&k_new, &[batch, hkv, 1, d]).unwrap(),
            v_new: reshape(&v_new, &[batch, hkv, 1, d]).unwrap(),
            k_cache: cache_to_head_major(&cache[0]).unwrap(),
            k_scale: scales_to_head_major(&cache[1]).unwrap(),
            v_cache: cache_to_head_major(&cache[2]).unwrap(),
            v_scale: scales_to_head_major(&cache[3]).unwrap(),
        };
        let got = match (dtype, codec) {
            (DType::Bf16, KvCodec::Int8) => args.run_interpreter::<bf16, i8>(),
            (DType::Bf16, _) => args.run_interpreter::<bf16, f8e4m3>(),
            (_, KvCodec::Int8) => args.run_interpreter::<f32, i8>(),
            _ => args.run_interpreter::<f32, f8e4m3>(),
        }
        .unwrap();
        let outs = [&got.k_cache, &got.k_scale, &got.v_cache, &got.v_scale];
        let news = [args.k_new.to_f64_vec(), args.v_new.to_f64_vec()];
        let slot_of = args.slot_mapping.as_i32().unwrap().to_vec();
        for (i, (g, e)) in outs.into_iter().zip(&want).enumerate() {
            let what = format!("{codec:?} {dtype}: output {i}");
            let (g, e) = if i % 2 == 0 {
                (g.to_f64_vec(), cache_to_head_major(e).unwrap().to_f64_vec())
            } else {
                let e = scales_to_head_major(e).unwrap().to_f64_vec();
                assert_eq!(g.to_f64_vec(), e, "{what}: scales are exact");
                continue;
            };
            let scale = outs[i + 1].to_f64_vec();
            for (at, (&a, &b)) in g.iter().zip(&e).enumerate() {
                if a == b {
                    continue;
                }
                // As in tests/kv_quant.rs: the kernel divides in f32, the
                // reference exactly, so codes (compared as values) may
                // differ only where the quotient is within f32 rounding of
                // a tie.
                let (j, row) = (at % d, at / d); // row of [Hkv, NB, BS]
                let (h, slot) = (row / (nb * bs), (row % (nb * bs)) as i32);
                let b_new = slot_of.iter().position(|&s| s == slot);
                let b_new = b_new.unwrap_or_else(|| panic!("{what}: [{at}] changed unwritten"));
                let x = news[i / 2][(b_new * hkv + h) * d + j];
                let q = x / scale[row];
                assert!(
                    (a - q).abs() <= (b - q).abs() + 4.0 * f64::from(f32::EPSILON) * q.abs(),
                    "{what} [{at}]: code {a} for x / scale = {q}, the reference's {b} is closer"
                );
            }
        }
    }
}

#[test]
fn kv_int8_write_tpu_matches_the_reference() {
    kv_write_tpu_matches_the_reference(KvCodec::Int8);
}

#[test]
fn kv_fp8_write_tpu_matches_the_reference() {
    kv_write_tpu_matches_the_reference(KvCodec::Fp8E4M3);
}
