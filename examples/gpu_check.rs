//! The GPU check: every shipped kernel, on CUDA, against the CPU
//! interpreter and the f64 reference, on property-test-like cases (ragged
//! and empty lengths, shuffled and shared pages, -1 and garbage table
//! tails, large logits). Prints one line per kernel and a closing
//! `gpu-check: N passed, M failed` line; exits non-zero on any failure.
//!
//! Built on a machine with Rust and carried to the GPU machine (which has
//! none) by `scripts/gpu-check.sh`:
//!
//! ```text
//! cargo build --release --features cuda --example gpu_check
//! ./gpu_check [--quick] [--only SUBSTRING] [--cases N]
//! ```
//!
//! `--quick` runs one small case per kernel (for compute-sanitizer, which is
//! slow); `--only` keeps the kernels whose name contains SUBSTRING.
//!
//! Then one program (`program_decode_step`: KV write + paged decode, the
//! caches as state) is loaded on the GPU and executed step after step
//! against the interpreter's launch list: outputs within tolerance, the
//! caches bit for bit, and whether the steps replayed a CUDA graph.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;
use tilekit_core::dsl::bf16;
use tilekit_core::program::{Arg, LoadedProgram, ProgramBuilder};
use tilekit_core::{Backend, DType, HostTensor, Interpreter, KernelArgs};
use tilekit_cuda::CudaRuntime;
use tilekit_kernels::catalog::decode::{self as shipped, ShippedKernel};
use tilekit_kernels::hand_built::config_for;
use tilekit_kernels::kv_write::{kv_write_kernel_cached, KvWriteKernelShapes};
use tilekit_kernels::paged_decode::{paged_decode_cached, PagedDecodeShapes};
use tilekit_kernels::reference::{compare, Array64, Tolerance};
use tilekit_kernels::testdata::{
    edge_case_lens, random_tensor, PagedDecodeCase, PagedDecodeSpec, Rng, TailFill,
};

struct Options {
    quick: bool,
    only: Option<String>,
    cases: usize,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        quick: false,
        only: None,
        cases: 6,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => o.quick = true,
            "--only" => o.only = Some(args.next().ok_or("--only needs a value")?),
            "--cases" => {
                let n = args.next().ok_or("--cases needs a number")?;
                o.cases = n
                    .parse()
                    .map_err(|_| format!("--cases {n}: not a number"))?;
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(o)
}

/// Cases for one kernel: the KERNELS.md edge lengths first, then random
/// batches; every third case shares pages, has garbage tails and big logits.
fn cases(k: &ShippedKernel, n: usize, seed: u64) -> Vec<PagedDecodeCase> {
    let v = &k.variant;
    let mut rng = Rng::new(seed);
    let edges = edge_case_lens(v.block_size);
    (0..n)
        .map(|i| {
            let lens: Vec<usize> = if i == 0 {
                edges.clone()
            } else if i == 1 {
                vec![0, 0, 3 * v.block_size + 1, 0]
            } else {
                let batch = 1 + rng.below(5);
                (0..batch)
                    .map(|_| rng.below(6 * v.block_size + 2))
                    .collect()
            };
            let hard = i % 3 == 2;
            PagedDecodeSpec {
                batch: lens.len(),
                q_heads: v.q_heads,
                kv_heads: v.kv_heads,
                head_dim: v.head_dim,
                block_size: v.block_size,
                lens,
                dtype: v.dtype,
                logit_scale: if hard { 10.0 } else { 1.0 },
                share_pages: hard || i % 2 == 1,
                tail_fill: if hard {
                    TailFill::Garbage
                } else {
                    TailFill::MinusOne
                },
                seed: seed.wrapping_mul(31).wrapping_add(i as u64),
            }
            .build()
        })
        .collect()
}

/// Runs one case on CUDA and the interpreter; the worst errors (o, lse).
fn check_case(
    rt: &CudaRuntime,
    k: &ShippedKernel,
    case: &PagedDecodeCase,
) -> Result<(f64, f64), String> {
    let cfg = config_for(&case.q, &case.k_cache, &case.block_tables, k.variant.stages)
        .map_err(|e| e.to_string())?;
    let kernel = k.build_for(&cfg)?;
    let args = KernelArgs::new()
        .tensor("q", case.q.clone())
        .tensor("k_cache", case.k_cache.clone())
        .tensor("v_cache", case.v_cache.clone())
        .tensor("block_tables", case.block_tables.clone())
        .tensor("context_lens", case.context_lens.clone())
        .f32("scale", case.scale as f32);
    let loaded = rt.load(&kernel).map_err(|e| e.to_string())?;
    let gpu = rt.run(&loaded, &args).map_err(|e| e.to_string())?;
    let interp = tilekit_core::interp::run(&kernel, &args).map_err(|e| e.to_string())?;
    let reference = case.reference().map_err(|e| e.to_string())?;
    let tol = Tolerance::for_dtype(k.variant.dtype);
    let mut worst = (0.0f64, 0.0f64);
    for (name, want) in [("o", &reference.o), ("lse", &reference.lse)] {
        let got = &gpu[name];
        let vs_ref = compare(&format!("{name} (GPU vs reference)"), got, want, tol)?;
        let vs_interp = compare(
            &format!("{name} (GPU vs interpreter)"),
            got,
            &Array64::from_host(&interp[name]),
            tol,
        )?;
        let e = vs_ref.max_abs.max(vs_interp.max_abs);
        if name == "o" {
            worst.0 = worst.0.max(e);
        } else {
            worst.1 = worst.1.max(e);
        }
    }
    Ok(worst)
}

fn main() -> ExitCode {
    let opts = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("gpu_check: {e}");
            return ExitCode::FAILURE;
        }
    };
    let rt = match CudaRuntime::new(0) {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("gpu_check: no GPU: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("gpu-check on {} ({})", rt.device(), rt.target().name());
    let (mut passed, mut failed) = (0, 0);
    let n = if opts.quick { 1 } else { opts.cases };
    for (i, k) in shipped::kernels().iter().enumerate() {
        let name = k.name();
        if opts
            .only
            .as_ref()
            .is_some_and(|s| !name.contains(s.as_str()))
        {
            continue;
        }
        let mut worst = (0.0f64, 0.0f64);
        let mut error = None;
        for (c, case) in cases(k, n, 1000 + i as u64).iter().enumerate() {
            match check_case(&rt, k, case) {
                Ok((o, l)) => worst = (worst.0.max(o), worst.1.max(l)),
                Err(e) => {
                    error = Some(format!("case {c}: {e}"));
                    break;
                }
            }
        }
        match error {
            None => {
                passed += 1;
                println!(
                    "ok {name}: {n} cases, max abs err o {:.2e}, lse {:.2e}",
                    worst.0, worst.1
                );
            }
            Some(e) => {
                failed += 1;
                println!("FAILED {name}: {e}");
            }
        }
    }
    let program = "program_decode_step";
    if !opts
        .only
        .as_ref()
        .is_some_and(|s| !program.contains(s.as_str()))
    {
        let steps = if opts.quick { 2 } else { 4 };
        match check_program(&rt, steps) {
            Ok(line) => {
                passed += 1;
                println!("ok {program}: {line}");
            }
            Err(e) => {
                failed += 1;
                println!("FAILED {program}: {e}");
            }
        }
    }
    println!("gpu-check: {passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Shapes of the program check: 2 sequences, 8 query heads over 2 KV
/// heads of 64, pages of 16 tokens, 4 pages each.
const B: usize = 2;
const HQ: usize = 8;
const HKV: usize = 2;
const D: usize = 64;
const BS: usize = 16;
const MB: usize = 4;
const NB: usize = B * MB;

/// One decode step as a program: write this step's K/V into the cached
/// pages (state), then paged decode over them. The interpreter's launch
/// list is the reference; `steps` executions each append a token.
fn check_program(rt: &CudaRuntime, steps: usize) -> Result<String, String> {
    let e = |e: &dyn std::fmt::Display| e.to_string();
    let write = kv_write_kernel_cached::<bf16>(&KvWriteKernelShapes {
        slot_mapping: [B],
        k_new: [B, HKV, D],
        v_new: [B, HKV, D],
        k_cache: [NB, BS, HKV, D],
        v_cache: [NB, BS, HKV, D],
    })
    .map_err(|x| e(&x))?;
    let decode = paged_decode_cached::<bf16>(&PagedDecodeShapes {
        block_tables: [B, MB],
        context_lens: [B],
        q: [B, HQ, D],
        k_cache: [NB, BS, HKV, D],
        v_cache: [NB, BS, HKV, D],
        stages: 2,
    })
    .map_err(|x| e(&x))?;
    let mut p = ProgramBuilder::new("decode_step");
    let slots = p.input("slot_mapping", DType::I32, &[B]);
    let k_new = p.input("k_new", DType::Bf16, &[B, HKV, D]);
    let v_new = p.input("v_new", DType::Bf16, &[B, HKV, D]);
    let q = p.input("q", DType::Bf16, &[B, HQ, D]);
    let tables = p.input("block_tables", DType::I32, &[B, MB]);
    let lens = p.input("context_lens", DType::I32, &[B]);
    let k_cache = p.state("k_cache", DType::Bf16, &[NB, BS, HKV, D]);
    let v_cache = p.state("v_cache", DType::Bf16, &[NB, BS, HKV, D]);
    p.call(
        &write,
        &[
            ("slot_mapping", Arg::from(slots)),
            ("k_new", k_new.into()),
            ("v_new", v_new.into()),
            ("k_cache", k_cache.into()),
            ("v_cache", v_cache.into()),
        ],
    );
    let c = p.call(
        &decode,
        &[
            ("block_tables", Arg::from(tables)),
            ("context_lens", lens.into()),
            ("q", q.into()),
            ("k_cache", k_cache.into()),
            ("v_cache", v_cache.into()),
            ("scale", (1.0 / (D as f32).sqrt()).into()),
        ],
    );
    let (o, lse) = (p.out(c, "o"), p.out(c, "lse"));
    p.output(o);
    p.output(lse);
    let program = Arc::new(p.finish().map_err(|x| e(&x))?);

    let mut rng = Rng::new(77);
    let cache = |rng: &mut Rng| random_tensor(rng, DType::Bf16, &[NB, BS, HKV, D], 1.0);
    let state = BTreeMap::from([
        ("k_cache".to_string(), cache(&mut rng)),
        ("v_cache".to_string(), cache(&mut rng)),
    ]);
    let mut gpu = rt
        .load_program(&program, state.clone())
        .map_err(|x| e(&x))?;
    let mut cpu = Interpreter
        .load_program(&program, state)
        .map_err(|x| e(&x))?;
    // Sequence b owns pages b·MB .. b·MB + MB, in reverse order.
    let table: Vec<i32> = (0..B)
        .flat_map(|b| (0..MB).rev().map(move |j| (b * MB + j) as i32))
        .collect();
    let tables = HostTensor::from_i32(&[B, MB], table.clone()).map_err(|x| e(&x))?;
    let mut len = [5usize, 3 * BS - 1];
    let tol = Tolerance::for_dtype(DType::Bf16);
    let mut worst = 0.0f64;
    for step in 0..steps {
        // The new token goes at position len (its slot), then len grows.
        let slot: Vec<i32> = (0..B)
            .map(|b| table[b * MB + len[b] / BS] * BS as i32 + (len[b] % BS) as i32)
            .collect();
        len = [len[0] + 1, len[1] + 1];
        let new = |rng: &mut Rng, shape: &[usize]| random_tensor(rng, DType::Bf16, shape, 1.0);
        let slots = HostTensor::from_i32(&[B], slot).map_err(|x| e(&x))?;
        let lens = HostTensor::from_i32(&[B], len.iter().map(|l| *l as i32).collect())
            .map_err(|x| e(&x))?;
        let (k, v, q) = (
            new(&mut rng, &[B, HKV, D]),
            new(&mut rng, &[B, HKV, D]),
            new(&mut rng, &[B, HQ, D]),
        );
        let inputs: [(&str, &HostTensor); 6] = [
            ("slot_mapping", &slots),
            ("k_new", &k),
            ("v_new", &v),
            ("q", &q),
            ("block_tables", &tables),
            ("context_lens", &lens),
        ];
        let got = gpu
            .execute(&inputs)
            .map_err(|x| format!("step {step}: {x}"))?;
        let want = cpu
            .execute(&inputs)
            .map_err(|x| format!("step {step} (interpreter): {x}"))?;
        for (name, b) in [("o", o), ("lse", lse)] {
            let (g, w) = (&got[&b], &want[&b]);
            let c = compare(
                &format!("step {step}: {name}"),
                g,
                &Array64::from_host(w),
                tol,
            )?;
            worst = worst.max(c.max_abs);
        }
    }
    for name in ["k_cache", "v_cache"] {
        let g = gpu.read_state(name).map_err(|x| e(&x))?;
        let w = cpu.read_state(name).map_err(|x| e(&x))?;
        if g.to_le_bytes() != w.to_le_bytes() {
            return Err(format!(
                "state `{name}` differs from the interpreter's after {steps} steps"
            ));
        }
    }
    Ok(format!(
        "{steps} steps, max abs err {worst:.2e}, caches equal, {}",
        if gpu.uses_graph() {
            "replayed as one CUDA graph"
        } else {
            "kernel by kernel (graph capture failed)"
        }
    ))
}
