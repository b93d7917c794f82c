//! Quantized matrix products on XLA's CPU backend (StableHLO through PJRT):
//! `matmul_q4_1` (and `matmul_q8_0` for the LM head, which is Q8_0 in the
//! model) at the real model's shapes (SmolLM2-135M, `/work/shared/MODEL.md`)
//! next to the same product with the weights dequantized to f32 ahead of
//! time, through a plain f32 matmul kernel with the same tiling, in the
//! same run.
//!
//! `cargo run --release --example bench_quant_matmul [-- --iters N]`
//! (after `cargo xtask install-pjrt`). Inputs stay resident on the device,
//! so a call is one execution; the table gives the median time per call,
//! the weight bytes a call reads (the tiled path, M > 16, reads W once per
//! 64 rows of x) and the quantized / f32 time ratio. Every quantized result
//! is checked against the f32 product first. The default run takes under a
//! minute on two busy cores; `--iters` trades time for steadier medians.

use std::time::{Duration, Instant};
use tilekit_core::dsl::*;
use tilekit_core::{DType, HostTensor, KernelArgs};
use tilekit_kernels::quant::{prepare_matmul, QuantFormat, QuantMatrix, SMALL_CHUNK, SMALL_M};
use tilekit_kernels::reference;
use tilekit_kernels::testdata::{random_tensor, Rng};
use tilekit_pjrt::{default_client, PjrtKernel};

/// The f32 baseline: `y = x · Wᵀ` with W `[N, K]` f32, tiled like the
/// quantized kernels' small path (all M rows, 64 rows of W, K in chunks of
/// up to 256), or 64 × 64 output tiles above 16 rows.
#[kernel(grid = [cdiv_usize(x.dim(0), rows(x.dim(0))), w.dim(0) / 64], name = "matmul_f32")]
fn matmul_f32(x: Ref<f32, 2>, w: Ref<f32, 2>, #[shape([x.dim(0), w.dim(0)])] y: RefMut<f32, 2>) {
    let (tm, tn, kc) = (rows(x.dim(0)), 64, chunk(x.dim(1)));
    let (m0, n0) = (program_id(0) * tm, program_id(1) * tn);
    let mut acc = zeros([tm, tn]);
    for c in pipeline(0..scalar_index(x.dim(1) / kc), 2) {
        let xt = x.load([m0..m0 + tm, c * kc..c * kc + kc]);
        let wt = w.load([n0..n0 + tn, c * kc..c * kc + kc]);
        acc += dot(xt, wt.t());
    }
    y.store([m0..m0 + tm, n0..n0 + tn], acc);
}

/// Rows of x per program: all of them up to 16, else 64 (M must divide).
fn rows(m: usize) -> usize {
    if m <= SMALL_M {
        m
    } else {
        64
    }
}

/// K per step: 32 times the largest divisor of K/32 up to 8.
fn chunk(k: usize) -> usize {
    let nb = k / 32;
    32 * (1..=SMALL_CHUNK.min(nb))
        .rev()
        .find(|d| nb % d == 0)
        .unwrap_or(1)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Compiles `kernel`, keeps `args` on the device and returns the median
/// of `iters` executions (after one warm-up) and the output `y`.
fn time(
    client: &tilekit_pjrt::Client,
    kernel: &tilekit_core::VerifiedKernel,
    args: &KernelArgs,
    iters: usize,
) -> Result<(Duration, HostTensor), Box<dyn std::error::Error>> {
    let k = PjrtKernel::compile(client, kernel)?;
    let inputs = k.upload(args)?;
    let mut outs = k.execute(&inputs)?;
    let mut times = Vec::with_capacity(iters);
    for _ in 0..iters {
        let t = Instant::now();
        outs = k.execute(&inputs)?;
        times.push(t.elapsed());
    }
    let mut got = k.download(&outs)?;
    let y = got.remove("y").ok_or("no output `y`")?;
    Ok((median(times), y))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let iters = match args.iter().position(|a| a == "--iters") {
        Some(i) => args.get(i + 1).ok_or("--iters needs a number")?.parse()?,
        None => 5,
    };
    // (name, K, N, format): the model's linear layers, one of each shape.
    let layers = [
        ("attn_k / attn_v", 576, 192, QuantFormat::Q4_1),
        ("attn_q / attn_output", 576, 576, QuantFormat::Q4_1),
        ("ffn_gate / ffn_up", 576, 1536, QuantFormat::Q4_1),
        ("ffn_down", 1536, 576, QuantFormat::Q4_1),
        ("LM head", 576, 49152, QuantFormat::Q4_1),
        ("LM head", 576, 49152, QuantFormat::Q8_0),
    ];
    let client = default_client()?;
    println!(
        "quantized matmul on PJRT CPU: median of {iters} calls, inputs resident on the device"
    );
    println!();
    println!("| layer | format | M | K | N | quantized (ms) | weight MB | f32 weights (ms) | weight MB | quantized / f32 |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut rng = Rng::new(2026);
    for (name, k, n, format) in layers {
        // Weights like a trained layer's, quantized the way ggml does.
        let w32 = random_tensor(&mut rng, DType::F32, &[n, k], 0.05).to_f32_vec();
        let bytes = match format {
            QuantFormat::Q4_1 => reference::quantize_q4_1(&w32),
            QuantFormat::Q8_0 => reference::quantize_q8_0(&w32),
        };
        let wq = HostTensor::from_u8(&[bytes.len()], bytes)?;
        let matrix = QuantMatrix { data: &wq, n, k };
        let dense = match format {
            QuantFormat::Q4_1 => reference::dequantize_q4_1(&wq, n, k)?,
            QuantFormat::Q8_0 => reference::dequantize_q8_0(&wq, n, k)?,
        }
        .to_host(DType::F32);
        for m in [1usize, 8, 64] {
            let x = random_tensor(&mut rng, DType::F32, &[m, k], 1.0);
            let launch = prepare_matmul(format, &x, &matrix)?.ok_or("empty product")?;
            let (tq, yq) = time(&client, &launch.kernel, &launch.args, iters)?;
            let base = MatmulF32Args {
                x: x.clone(),
                w: dense.clone(),
            };
            let base_args = base.to_kernel_args();
            let kernel = matmul_f32(&MatmulF32Shapes::from_args(&base_args)?)?;
            let (tf, yf) = time(&client, &kernel, &base_args, iters)?;
            let (a, b) = (yq.to_f32_vec(), yf.to_f32_vec());
            let scale = b.iter().fold(1e-6f32, |s, v| s.max(v.abs()));
            let worst = a
                .iter()
                .zip(&b)
                .fold(0.0f32, |w, (p, q)| w.max((p - q).abs()));
            if worst > 1e-4 * scale {
                return Err(
                    format!("{name} M={m}: quantized and f32 products differ by {worst}").into(),
                );
            }
            let passes = if m <= SMALL_M { 1 } else { m.div_ceil(64) };
            let q_mb = (format.matrix_bytes(n, k) * passes) as f64 / 1e6;
            let f_mb = (n * k * 4 * passes) as f64 / 1e6;
            println!(
                "| {name} | {} | {m} | {k} | {n} | {:.3} | {q_mb:.2} | {:.3} | {f_mb:.2} | {:.2} |",
                format.name(),
                tq.as_secs_f64() * 1e3,
                tf.as_secs_f64() * 1e3,
                tq.as_secs_f64() / tf.as_secs_f64()
            );
        }
    }
    Ok(())
}
