//! The Llama kernels' checks against `reference::llama`, each taking a
//! `&dyn Backend`: the interpreter runs them in `kernels/tests/llama.rs`,
//! PJRT CPU in the root crate's `tests/llama_pjrt_cpu.rs` (which includes
//! this file by path).

#![allow(dead_code)] // each test binary uses a part

use tilekit_core::{Backend, DType, HostTensor};
use tilekit_kernels::llama::{self, SamplingParams};
use tilekit_kernels::reference::llama as reference;
use tilekit_kernels::reference::{compare, Array64, Tolerance};
use tilekit_kernels::testdata::{random_tensor, Rng};

pub type R = Result<(), String>;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> Result<T, String> {
    r.map_err(|e| e.to_string())
}

/// f32 kernels against f64 references: agreement to f32 rounding of
/// values of order 1 (the KERNELS.md f32 tolerance).
fn close(what: &str, got: &HostTensor, want: &Array64) -> R {
    compare(what, got, want, Tolerance::for_dtype(DType::F32))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

pub fn check_rms_norm(backend: &dyn Backend, m: usize, d: usize, seed: u64) -> R {
    let mut rng = Rng::new(seed);
    let x = random_tensor(&mut rng, DType::F32, &[m, d], 3.0);
    let r = random_tensor(&mut rng, DType::F32, &[m, d], 1.0);
    let w = random_tensor(&mut rng, DType::F32, &[d], 1.0);
    let eps = 1e-5;
    let y = ok(llama::rms_norm(backend, &x, &w, eps))?;
    close("y", &y, &ok(reference::rms_norm(&x, &w, eps as f64))?)?;
    let out = ok(llama::add_rms_norm(backend, &x, &r, &w, eps))?;
    let (h, y) = ok(reference::add_rms_norm(&x, &r, &w, eps as f64))?;
    close("h", &out.h, &h)?;
    close("y", &out.y, &y)
}

pub fn check_rope(
    backend: &dyn Backend,
    m: usize,
    (hq, hkv, d): (usize, usize, usize),
    base: f64,
    seed: u64,
) -> R {
    let mut rng = Rng::new(seed);
    let positions = 8192;
    let table = ok(llama::rope_table(d, base, positions))?;
    let q = random_tensor(&mut rng, DType::F32, &[m, hq, d], 1.0);
    let k = random_tensor(&mut rng, DType::F32, &[m, hkv, d], 1.0);
    // Both ends of the table, and anything between.
    let pos: Vec<i32> = (0..m)
        .map(|t| match t {
            0 => 0,
            1 => positions as i32 - 1,
            _ => rng.below(positions) as i32,
        })
        .collect();
    let pos = HostTensor::from_i32(&[m], pos).unwrap();
    let out = ok(llama::rope(backend, &q, &k, &pos, &table))?;
    close("q", &out.q, &ok(reference::rope(&q, &pos, base))?)?;
    close("k", &out.k, &ok(reference::rope(&k, &pos, base))?)
}

pub fn check_swiglu(backend: &dyn Backend, m: usize, f: usize, seed: u64) -> R {
    let mut rng = Rng::new(seed);
    let mut g = random_tensor(&mut rng, DType::F32, &[m, f], 4.0).to_f32_vec();
    // The tails of silu: e^-g overflows to inf for g far below 0.
    g[0] = -100.0;
    if g.len() > 1 {
        g[1] = 30.0;
    }
    let gate = HostTensor::from_f32(DType::F32, &[m, f], &g).unwrap();
    let up = random_tensor(&mut rng, DType::F32, &[m, f], 1.0);
    let out = ok(llama::swiglu(backend, &gate, &up))?;
    let want = ok(reference::swiglu(&gate, &up))?;
    let scaled = Array64 {
        shape: want.shape.clone(),
        data: want.data.iter().map(|x| x / 30.0).collect(),
    };
    let got = HostTensor::from_f32(
        DType::F32,
        out.shape(),
        &out.to_f32_vec()
            .iter()
            .map(|x| x / 30.0)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    close("out / 30", &got, &scaled)
}

/// Logits with ties (values on a coarse grid), NaN and `-inf` entries,
/// and a row of only NaN and `-inf`.
pub fn tricky_logits(rng: &mut Rng, m: usize, v: usize, spread: f64) -> HostTensor {
    let mut x: Vec<f32> = (0..m * v)
        .map(|_| ((rng.normal() * spread * 4.0).round() / 4.0) as f32)
        .collect();
    for _ in 0..(m * v / 50).max(1) {
        let at = rng.below(m * v);
        x[at] = if rng.below(2) == 0 {
            f32::NAN
        } else {
            f32::NEG_INFINITY
        };
    }
    if m > 1 {
        for (j, e) in x[v..2 * v].iter_mut().enumerate() {
            *e = if j % 2 == 0 {
                f32::NAN
            } else {
                f32::NEG_INFINITY
            };
        }
    }
    HostTensor::from_f32(DType::F32, &[m, v], &x).unwrap()
}

pub fn check_argmax(backend: &dyn Backend, m: usize, v: usize, seed: u64) -> R {
    let mut rng = Rng::new(seed);
    let logits = tricky_logits(&mut rng, m, v, 1.0);
    let got = ok(llama::argmax(backend, &logits))?;
    let want = ok(reference::argmax(&logits))?;
    if got.as_i32() != Some(&want[..]) {
        return Err(format!("argmax {:?}, reference {want:?}", got.as_i32()));
    }
    Ok(())
}

/// Sampling: the kernel's token must be the reference's, unless the row's
/// `u` or `top_p` sits within 1e-4 of a boundary (f32 sums in another
/// order may then fall on either side): then any token the reference gives
/// with `u`, `top_p` moved by ±1e-4 is accepted.
pub fn check_sample(backend: &dyn Backend, m: usize, v: usize, seed: u64) -> R {
    let mut rng = Rng::new(seed);
    let logits = tricky_logits(&mut rng, m, v, 2.0);
    let params = random_params(&mut rng, m, v, seed);
    let got = ok(llama::sample(backend, &logits, &params))?;
    sampled_ok(&logits, &params, got.as_i32().unwrap())
}

fn random_params(rng: &mut Rng, m: usize, v: usize, seed: u64) -> Vec<SamplingParams> {
    (0..m)
        .map(|row| {
            if row % 5 == 4 {
                return SamplingParams::greedy();
            }
            SamplingParams {
                temperature: [0.3, 0.7, 1.0, 1.5][rng.below(4)],
                top_k: [0, 1, 5, 40, v + 3][rng.below(5)],
                top_p: [1.0, 0.9, 0.5, 0.05][rng.below(4)],
                u: llama::uniform(seed, row as u64),
            }
        })
        .collect()
}

/// Each sampled id against the reference, with the tolerance of
/// [`check_sample`].
fn sampled_ok(logits: &HostTensor, params: &[SamplingParams], got: &[i32]) -> R {
    let v = logits.shape()[1];
    let x = logits.to_f64_vec();
    for (row, s) in params.iter().enumerate() {
        let logits = &x[row * v..(row + 1) * v];
        let greedy = s.temperature == 0.0;
        let draw = |du: f64, dp: f64| {
            if greedy {
                reference::sample_row(logits, 1.0, 1, 1.0, 0.0)
            } else {
                let p = (s.top_p as f64 + dp).min(1.0);
                let u = (s.u as f64 + du).clamp(0.0, 1.0 - 1e-9);
                reference::sample_row(logits, s.temperature as f64, s.top_k, p, u)
            }
        };
        let want = draw(0.0, 0.0);
        let mut near = vec![want];
        for (du, dp) in [(1e-4, 0.0), (-1e-4, 0.0), (0.0, 1e-4), (0.0, -1e-4)] {
            near.push(draw(du, dp));
        }
        if !near.contains(&(got[row] as usize)) {
            return Err(format!(
                "row {row} ({s:?}): sampled {} but the reference draws {want} (near: {near:?})",
                got[row]
            ));
        }
    }
    Ok(())
}

/// The kernels as a TPU launches them, [`llama::tpu_rows`] rows a program
/// (8 of the 16 rows here), through their generated launchers, against the
/// references: the host functions take one row a program.
pub fn check_tpu_rows(backend: &dyn Backend, v: usize, seed: u64) -> R {
    use tilekit_kernels::llama::*;
    let (m, d, f) = (16, 576, 1536);
    let rows = tpu_rows(m);
    assert_eq!(rows, 8);
    let mut rng = Rng::new(seed);
    let x = random_tensor(&mut rng, DType::F32, &[m, d], 3.0);
    let r = random_tensor(&mut rng, DType::F32, &[m, d], 1.0);
    let w = random_tensor(&mut rng, DType::F32, &[d], 1.0);
    let y = ok(RmsNormKernelArgs {
        x: x.clone(),
        w: w.clone(),
        eps: 1e-5,
        rows,
    }
    .run(backend))?
    .y;
    close("y", &y, &ok(reference::rms_norm(&x, &w, 1e-5))?)?;
    let out = ok(AddRmsNormKernelArgs {
        x: x.clone(),
        r: r.clone(),
        w: w.clone(),
        eps: 1e-5,
        rows,
    }
    .run(backend))?;
    let (h, y) = ok(reference::add_rms_norm(&x, &r, &w, 1e-5))?;
    close("h", &out.h, &h)?;
    close("y", &out.y, &y)?;
    let gate = random_tensor(&mut rng, DType::F32, &[m, f], 2.0);
    let up = random_tensor(&mut rng, DType::F32, &[m, f], 1.0);
    let out = ok(SwigluKernelArgs {
        gate: gate.clone(),
        up: up.clone(),
        rows,
    }
    .run(backend))?
    .out;
    close("out", &out, &ok(reference::swiglu(&gate, &up))?)?;

    let logits = tricky_logits(&mut rng, m, v, 2.0);
    let ids = ok(ArgmaxKernelArgs {
        logits: logits.clone(),
        rows,
    }
    .run(backend))?
    .ids;
    let want = ok(reference::argmax(&logits))?;
    if ids.as_i32() != Some(&want[..]) {
        return Err(format!("argmax {:?}, reference {want:?}", ids.as_i32()));
    }
    // The launcher takes what `llama::sample` derives from the parameters.
    let params: Vec<SamplingParams> = random_params(&mut rng, m, v, seed)
        .into_iter()
        .map(|p| {
            if p.temperature == 0.0 {
                SamplingParams {
                    temperature: 1.0,
                    top_k: 1,
                    top_p: 1.0,
                    u: 0.0,
                }
            } else {
                p
            }
        })
        .collect();
    let col = |f: &dyn Fn(&SamplingParams) -> f32| {
        HostTensor::from_f32(
            DType::F32,
            &[m, 1],
            &params.iter().map(f).collect::<Vec<_>>(),
        )
        .unwrap()
    };
    let top_k = params
        .iter()
        .map(|p| {
            if p.top_k == 0 || p.top_k > v {
                v as i32
            } else {
                p.top_k as i32
            }
        })
        .collect();
    let ids = ok(SampleKernelArgs {
        logits: logits.clone(),
        top_k: HostTensor::from_i32(&[m, 1], top_k).unwrap(),
        inv_temp: col(&|p| 1.0 / p.temperature),
        top_p: col(&|p| p.top_p),
        u: col(&|p| p.u),
        rows,
    }
    .run(backend))?
    .ids;
    sampled_ok(&logits, &params, ids.as_i32().unwrap())
}

/// Picked rows are exact copies (duplicates and any order allowed).
pub fn check_gather_rows(backend: &dyn Backend, m: usize, d: usize, seed: u64) -> R {
    let mut rng = Rng::new(seed);
    let x = random_tensor(&mut rng, DType::F32, &[m, d], 2.0);
    let ids: Vec<i32> = (0..m + 2)
        .map(|i| ((i * 7 + seed as usize) % m) as i32)
        .collect();
    let ids = HostTensor::from_i32(&[ids.len()], ids).unwrap();
    let out = ok(llama::gather_rows(backend, &x, &ids))?;
    let want = ok(reference::gather_rows(&x, &ids))?;
    if out.shape() != want.shape.as_slice() || out.to_f64_vec() != want.data {
        return Err(format!(
            "gather_rows [{m}, {d}]: rows differ from the reference"
        ));
    }
    Ok(())
}

/// The f32 linear layer against the f64 product (K-long sums of values of
/// order 1: a relative tolerance on the row's scale).
pub fn check_linear_f32(
    backend: &dyn Backend,
    m: usize,
    n: usize,
    k: usize,
    tile_n: usize,
    seed: u64,
) -> R {
    let mut rng = Rng::new(seed);
    let x = random_tensor(&mut rng, DType::F32, &[m, k], 1.0);
    let w = random_tensor(&mut rng, DType::F32, &[k, n], 1.0);
    let out = ok(llama::linear_f32(backend, &x, &w, tile_n))?;
    let want = ok(reference::linear(&x, &w))?;
    let scale = (k as f64).sqrt();
    let got: Vec<f64> = out.to_f64_vec();
    for (i, (g, w)) in got.iter().zip(&want.data).enumerate() {
        if (g - w).abs() > 1e-5 * scale.max(1.0) * 4.0 {
            return Err(format!("linear_f32 [{m},{k}]x[{k},{n}] at {i}: {g} vs {w}"));
        }
    }
    Ok(())
}
