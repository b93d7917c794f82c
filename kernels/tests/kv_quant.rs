//! Quantized KV caches: the quantizing write (`kv_write_quantized`) and
//! paged decode over int8 / fp8-e4m3 codes (`paged_decode_quantized`)
//! against the f64 references, on the interpreter and on PJRT CPU.
//!
//! Case counts are small (`PROPTEST_CASES` overrides them) so the file runs
//! in well under a minute.

mod common;

use common::*;
use proptest::prelude::*;
use tilekit_core::{Backend, DType, HostTensor, Interpreter, TensorData};
use tilekit_kernels::reference::{self, e4m3_value};
use tilekit_kernels::testdata::{PagedDecodeSpec, Rng, TailFill};
use tilekit_kernels::testdata_quant::quantize_paged_case;
use tilekit_kernels::{
    kv_write_quantized, paged_decode_quantized, KvCodec, QuantKvCache, QuantPagedDecodeInputs,
};

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Paged decode

#[derive(Clone, Debug)]
struct DecodeCase {
    spec: PagedDecodeSpec,
    stale_nan: bool,
    /// Pad to `(NB, MB)` (fixed PJRT shapes).
    capacity: Option<(usize, usize)>,
}

fn decode_cases() -> impl Strategy<Value = DecodeCase> {
    (
        len_draws(1..=3),
        prop::sample::select(vec![4usize, 16, 32]),
        prop::sample::select(vec![1usize, 3, 4]),
        1usize..=2,
        prop::sample::select(vec![16usize, 64]),
        dtypes(),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        any::<u64>(),
    )
        .prop_map(
            |(draws, bs, g, hkv, d, dtype, (big, stale_nan, garbage), seed)| {
                let lens = draws
                    .iter()
                    .map(|&(k, f)| edge_len(k, f, bs, 4 * bs))
                    .collect::<Vec<_>>();
                let mut spec = PagedDecodeSpec::new(lens, bs, g * hkv, hkv, d, dtype, seed);
                spec.logit_scale = if big { 10.0 } else { 1.0 };
                spec.share_pages = seed % 3 == 0;
                spec.tail_fill = if garbage {
                    TailFill::Garbage
                } else {
                    TailFill::MinusOne
                };
                DecodeCase {
                    spec,
                    stale_nan,
                    capacity: None,
                }
            },
        )
}

/// PJRT shapes: `(batch, g, hkv, d, bs, mb, dtype)`; the model's GQA group
/// of 3 and head dim 64 first.
#[rustfmt::skip]
const PJRT_DECODE: [(usize, usize, usize, usize, usize, usize, DType); 2] = [
    (2, 3, 3, 64, 16, 4, DType::F32),
    (3, 4, 1, 64, 32, 2, DType::Bf16),
];

fn pjrt_decode_cases() -> impl Strategy<Value = DecodeCase> {
    (
        one_of(&PJRT_DECODE),
        len_draws(3..=3),
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(
            |((batch, g, hkv, d, bs, mb, dtype), draws, stale_nan, seed)| {
                let lens = draws[..batch]
                    .iter()
                    .map(|&(k, f)| edge_len(k, f, bs, mb * bs))
                    .collect();
                let spec = PagedDecodeSpec::new(lens, bs, g * hkv, hkv, d, dtype, seed);
                DecodeCase {
                    spec,
                    stale_nan,
                    capacity: Some((page_capacity(batch, mb), mb)),
                }
            },
        )
}

fn check_decode(
    backend: &dyn Backend,
    codec: KvCodec,
    case: &DecodeCase,
) -> Result<(), TestCaseError> {
    let mut f = case.spec.build();
    if let Some((nb, mb)) = case.capacity {
        f = pad_paged(&f, nb, mb, case.spec.tail_fill, case.spec.seed);
    }
    let c = quantize_paged_case(&f, codec, case.stale_nan);
    let inputs = QuantPagedDecodeInputs {
        q: &c.q,
        k_cache: &c.cache.k_cache,
        k_scale: &c.cache.k_scale,
        v_cache: &c.cache.v_cache,
        v_scale: &c.cache.v_scale,
        block_tables: &c.block_tables,
        context_lens: &c.context_lens,
    };
    let got = ok(paged_decode_quantized(backend, &inputs, None, true))?;
    let want = ok(c.reference())?;
    close_attn(&got, &want, case.spec.dtype)
}

// ---------------------------------------------------------------------------
// Quantizing write

#[derive(Clone, Debug)]
struct WriteCase {
    nb: usize,
    bs: usize,
    hkv: usize,
    d: usize,
    batch: usize,
    dtype: DType,
    seed: u64,
}

fn write_cases() -> impl Strategy<Value = WriteCase> {
    (
        1usize..=3,
        prop::sample::select(vec![1usize, 4, 16]),
        1usize..=3,
        prop::sample::select(vec![8usize, 64]),
        1usize..=4,
        dtypes(),
        any::<u64>(),
    )
        .prop_map(|(nb, bs, hkv, d, batch, dtype, seed)| WriteCase {
            nb,
            bs,
            hkv,
            d,
            batch,
            dtype,
            seed,
        })
}

#[rustfmt::skip]
const PJRT_WRITE: [WriteCase; 2] = [
    WriteCase { nb: 4, bs: 16, hkv: 3, d: 64, batch: 4, dtype: DType::F32, seed: 0 },
    WriteCase { nb: 2, bs: 8, hkv: 2, d: 64, batch: 3, dtype: DType::Bf16, seed: 0 },
];

/// A row of new K or V values: mostly normal, sometimes all zero, one huge
/// value among small ones, or exact ties of the int8 rounding (max |x| =
/// 127 · 2^e, so every `(j + 0.5) · 2^e` is exactly half a step).
fn new_row(rng: &mut Rng, d: usize) -> Vec<f32> {
    match rng.below(6) {
        0 => vec![0.0; d],
        1 => {
            let mut r: Vec<f32> = (0..d).map(|_| (rng.normal() * 1e-3) as f32).collect();
            r[rng.below(d)] = 3e4;
            r
        }
        2 => {
            let e = 2f32.powi(rng.below(8) as i32 - 4);
            let mut r: Vec<f32> = (0..d)
                .map(|_| (rng.below(254) as f32 - 126.5) * e)
                .collect();
            r[0] = 127.0 * e;
            r
        }
        _ => (0..d).map(|_| rng.normal() as f32).collect(),
    }
}

/// Random codes of a cache's other slots: they must come through unchanged.
fn random_codes(rng: &mut Rng, codec: KvCodec, shape: &[usize]) -> HostTensor {
    let n = shape.iter().product();
    let bytes: Vec<u8> = (0..n).map(|_| rng.below(255) as u8).collect();
    let data = match codec {
        KvCodec::Int8 => TensorData::I8(bytes.iter().map(|&b| b as i8).collect()),
        // 0x7f / 0xff are NaN; keep the old contents comparable.
        KvCodec::Fp8E4M3 => TensorData::F8E4M3(bytes.iter().map(|&b| b & 0xfe).collect()),
    };
    HostTensor::new(shape, data).unwrap()
}

fn code_value(codec: KvCodec, t: &HostTensor, i: usize) -> f64 {
    match (codec, t.data()) {
        (KvCodec::Int8, TensorData::I8(v)) => v[i] as f64,
        (KvCodec::Fp8E4M3, TensorData::F8E4M3(v)) => e4m3_value(v[i]),
        _ => f64::NAN,
    }
}

fn check_write(
    backend: &dyn Backend,
    codec: KvCodec,
    w: &WriteCase,
    exact_scales: bool,
) -> Result<(), TestCaseError> {
    let mut rng = Rng::new(w.seed);
    let shape = [w.nb, w.bs, w.hkv, w.d];
    let scales = |rng: &mut Rng| {
        let v: Vec<f32> = (0..w.nb * w.bs * w.hkv)
            .map(|_| rng.uniform() as f32)
            .collect();
        HostTensor::from_f32(DType::F32, &shape[..3], &v).unwrap()
    };
    let cache = QuantKvCache {
        k_cache: random_codes(&mut rng, codec, &shape),
        k_scale: scales(&mut rng),
        v_cache: random_codes(&mut rng, codec, &shape),
        v_scale: scales(&mut rng),
    };
    // Distinct slots, some sequences without a token.
    let mut free: Vec<i32> = (0..(w.nb * w.bs) as i32).collect();
    rng.shuffle(&mut free);
    let slots: Vec<i32> = (0..w.batch)
        .map(|b| {
            if b >= free.len() || rng.below(4) == 0 {
                -1
            } else {
                free[b]
            }
        })
        .collect();
    let rows = |rng: &mut Rng| {
        let v: Vec<f32> = (0..w.batch * w.hkv)
            .flat_map(|_| new_row(rng, w.d))
            .collect();
        HostTensor::from_f32(w.dtype, &[w.batch, w.hkv, w.d], &v).unwrap()
    };
    let (k_new, v_new) = (rows(&mut rng), rows(&mut rng));
    let slot_mapping = HostTensor::from_i32(&[w.batch], slots).unwrap();
    let got = ok(kv_write_quantized(
        backend,
        &cache,
        &k_new,
        &v_new,
        &slot_mapping,
    ))?;
    let want = ok(reference::kv_write_quantized(
        [
            &cache.k_cache,
            &cache.k_scale,
            &cache.v_cache,
            &cache.v_scale,
        ],
        &k_new,
        &v_new,
        &slot_mapping,
    ))?;
    let [want_k, want_ks, want_v, want_vs] = &want;
    for (name, g, e) in [
        ("k_scale", &got.k_scale, want_ks),
        ("v_scale", &got.v_scale, want_vs),
    ] {
        // The interpreter divides exactly. XLA rewrites a division by a
        // constant as a multiplication by its reciprocal, so there a scale
        // may be one f32 ulp off the correctly rounded `max|x| / qmax`;
        // codes are computed from the stored scale either way.
        let ulps = if exact_scales { 0 } else { 1 };
        for (i, (a, b)) in g.to_f32_vec().iter().zip(e.to_f32_vec()).enumerate() {
            prop_assert!(
                a.to_bits().abs_diff(b.to_bits()) <= ulps,
                "{} [{}] = {} but the reference is {}",
                name,
                i,
                a,
                b
            );
        }
    }
    for (name, g, e, scales) in [
        ("k_cache", &got.k_cache, want_k, &got.k_scale),
        ("v_cache", &got.v_cache, want_v, &got.v_scale),
    ] {
        prop_assert_eq!(g.dtype(), e.dtype());
        let news = if name == "k_cache" {
            k_new.to_f64_vec()
        } else {
            v_new.to_f64_vec()
        };
        let slots = slot_mapping.as_i32().unwrap();
        let scales = scales.to_f32_vec();
        for i in 0..g.shape().iter().product::<usize>() {
            let (a, b) = (code_value(codec, g, i), code_value(codec, e, i));
            if a == b {
                continue;
            }
            // A code may differ only where the exact quotient x / scale
            // sits within f32 rounding of a tie (the kernel divides in f32,
            // the reference exactly): the kernel's code must then be the
            // nearest to a value within a few f32 ulps of the quotient.
            let (row, j) = (i / w.d, i % w.d);
            let (slot, h) = ((row / w.hkv) as i32, row % w.hkv);
            let b_new = slots.iter().position(|&s| s == slot);
            prop_assert!(
                b_new.is_some(),
                "{} [{}] changed in a slot nobody wrote",
                name,
                i
            );
            let x = news[(b_new.unwrap() * w.hkv + h) * w.d + j];
            let q = x / scales[row] as f64;
            prop_assert!(
                (a - q).abs() <= (b - q).abs() + 4.0 * f64::from(f32::EPSILON) * q.abs(),
                "{} [{}]: code {} for x / scale = {}, the reference's {} is closer",
                name,
                i,
                a,
                q,
                b
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(10))]

    #[test]
    fn kv_int8_decode_matches_reference_interp(case in decode_cases()) {
        check_decode(&Interpreter, KvCodec::Int8, &case)?;
    }

    #[test]
    fn kv_fp8_decode_matches_reference_interp(case in decode_cases()) {
        check_decode(&Interpreter, KvCodec::Fp8E4M3, &case)?;
    }

    #[test]
    fn kv_int8_write_matches_reference_interp(case in write_cases()) {
        check_write(&Interpreter, KvCodec::Int8, &case, true)?;
    }

    #[test]
    fn kv_fp8_write_matches_reference_interp(case in write_cases()) {
        check_write(&Interpreter, KvCodec::Fp8E4M3, &case, true)?;
    }
}

proptest! {
    #![proptest_config(config(5))]

    #[test]
    fn kv_int8_decode_matches_reference_pjrt_cpu(case in pjrt_decode_cases()) {
        check_decode(pjrt(), KvCodec::Int8, &case)?;
    }

    #[test]
    fn kv_fp8_decode_matches_reference_pjrt_cpu(case in pjrt_decode_cases()) {
        check_decode(pjrt(), KvCodec::Fp8E4M3, &case)?;
    }

    #[test]
    fn kv_int8_write_matches_reference_pjrt_cpu(shape in one_of(&PJRT_WRITE), seed in any::<u64>()) {
        check_write(pjrt(), KvCodec::Int8, &WriteCase { seed, ..shape }, false)?;
    }

    #[test]
    fn kv_fp8_write_matches_reference_pjrt_cpu(shape in one_of(&PJRT_WRITE), seed in any::<u64>()) {
        check_write(pjrt(), KvCodec::Fp8E4M3, &WriteCase { seed, ..shape }, false)?;
    }
}

#[test]
fn kv_int8_written_rows_decode_back_within_half_a_step() {
    // Write, then attend with a single token: o is exactly the
    // dequantized value row.
    let (hkv, d) = (1, 8);
    let cache = QuantKvCache {
        k_cache: HostTensor::zeros(DType::I8, &[1, 4, hkv, d]),
        k_scale: HostTensor::zeros(DType::F32, &[1, 4, hkv]),
        v_cache: HostTensor::zeros(DType::I8, &[1, 4, hkv, d]),
        v_scale: HostTensor::zeros(DType::F32, &[1, 4, hkv]),
    };
    let v: Vec<f32> = vec![0.3, -1.7, 2.2, 0.0, 5.0, -5.0, 1e-3, 4.9];
    let v_new = HostTensor::from_f32(DType::F32, &[1, hkv, d], &v).unwrap();
    let k_new = HostTensor::from_f32(DType::F32, &[1, hkv, d], &[1.0; 8]).unwrap();
    let slots = HostTensor::from_i32(&[1], vec![2]).unwrap();
    let out = kv_write_quantized(&Interpreter, &cache, &k_new, &v_new, &slots).unwrap();
    let q = HostTensor::from_f32(DType::F32, &[1, 1, d], &[0.5; 8]).unwrap();
    let tables = HostTensor::from_i32(&[1, 1], vec![0]).unwrap();
    let lens = HostTensor::from_i32(&[1], vec![3]).unwrap();
    // Slots 0 and 1 hold zero codes with zero scales: keys of logit 0, values 0.
    let inputs = QuantPagedDecodeInputs {
        q: &q,
        k_cache: &out.k_cache,
        k_scale: &out.k_scale,
        v_cache: &out.v_cache,
        v_scale: &out.v_scale,
        block_tables: &tables,
        context_lens: &lens,
    };
    let o = paged_decode_quantized(&Interpreter, &inputs, None, true).unwrap();
    let step = 5.0 / 127.0;
    // p(token 2) = e^s / (2 + e^s) with s = 0.5 · 8 / sqrt(8) · (1 · 127 · scale).
    let s = (0.5f64 * 8.0 / 8f64.sqrt()) as f32;
    let p = s.exp() / (2.0 + s.exp());
    for (got, want) in o.o.to_f32_vec().iter().zip(&v) {
        assert!(
            (got / p - want).abs() <= step / 2.0 + 1e-5,
            "{got} vs {want}"
        );
    }
}
