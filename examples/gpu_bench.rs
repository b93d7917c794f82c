//! The GPU benchmark (issue #9): tilekit's paged decode (heuristic and
//! tuned split-KV choices), Kascade reuse decode at 10% Top-k and causal
//! flash attention prefill, beside a device-to-device copy (the bandwidth
//! roofline), timed with CUDA events (warm-up, then the median of N). Rows
//! that cannot run (no room in GPU memory, rejected by the PTX backend, a
//! wrong result) are written with their reason, never dropped. The results
//! file is rewritten after every row, so a run cut short keeps what it did.
//!
//! ```text
//! cargo build --release --features cuda --example gpu_bench
//! ./gpu_bench --out DIR [--warmup 5] [--iters 20] [--only SUBSTRING] [--no-tune]
//!             [--tuning-cache FILE] [--dry-run]
//! ./gpu_bench --out DIR --pjrt-plugin PATH/xla_cuda_plugin.so [--pjrt-max-gb 8]
//! ```
//!
//! Writes `DIR/tilekit.json` (or `DIR/pjrt.json`), the decode inputs under
//! `DIR/inputs/` for `benchmarks/anchors.py`, the StableHLO of each decode
//! shape under `DIR/stablehlo/`, and the tuning cache.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tilekit::bench::gpu::{device_key, DecodeOnGpu};
use tilekit::bench::*;
use tilekit_core::HostTensor;
use tilekit_cuda::timing::{Buffers, Gpu};
use tilekit_kernels::reference::{compare, Tolerance};
use tilekit_kernels::tuning::{self, heuristic, DecodeChoice, GpuSpec, TuneOptions, TuningCache};

struct Options {
    out: PathBuf,
    warmup: usize,
    iters: usize,
    only: Option<String>,
    tune: bool,
    tuning_cache: Option<PathBuf>,
    dry_run: bool,
    pjrt_plugin: Option<PathBuf>,
    pjrt_max_gb: f64,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        out: PathBuf::from("bench-out"),
        warmup: 5,
        iters: 20,
        only: None,
        tune: true,
        tuning_cache: None,
        dry_run: false,
        pjrt_plugin: None,
        pjrt_max_gb: 8.0,
    };
    let mut args = std::env::args().skip(1);
    let num = |v: Option<String>, flag: &str| -> Result<f64, String> {
        let v = v.ok_or(format!("{flag} needs a value"))?;
        v.parse().map_err(|_| format!("{flag} {v}: not a number"))
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => o.out = args.next().ok_or("--out needs a directory")?.into(),
            "--warmup" => o.warmup = num(args.next(), "--warmup")? as usize,
            "--iters" => o.iters = (num(args.next(), "--iters")? as usize).max(1),
            "--only" => o.only = Some(args.next().ok_or("--only needs a value")?),
            "--no-tune" => o.tune = false,
            "--tuning-cache" => {
                o.tuning_cache = Some(args.next().ok_or("--tuning-cache needs a file")?.into())
            }
            "--dry-run" => o.dry_run = true,
            "--pjrt-plugin" => {
                o.pjrt_plugin = Some(args.next().ok_or("--pjrt-plugin needs a path")?.into())
            }
            "--pjrt-max-gb" => o.pjrt_max_gb = num(args.next(), "--pjrt-max-gb")?,
            "-h" | "--help" => return Err("see the doc comment at the top of gpu_bench.rs".into()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let opts = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("gpu_bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = if opts.dry_run {
        dry_run(&opts)
    } else if opts.pjrt_plugin.is_some() {
        pjrt::run(&opts)
    } else {
        run(&opts)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gpu_bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn only(opts: &Options) -> Option<&str> {
    opts.only.as_deref()
}

/// Plans every row without a GPU (shapes, choices, PTX emission checks).
fn dry_run(opts: &Options) -> Result<(), String> {
    let file = BenchFile {
        tool: "tilekit gpu_bench".into(),
        device: "none (dry run)".into(),
        compute_capability: None,
        sm_count: None,
        memory_bytes: None,
        timer: "none".into(),
        dry_run: true,
        rows: planned_rows(Some(80_000_000_000), only(opts)),
    };
    let path = opts.out.join("tilekit.json");
    file.write(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    for r in &file.rows {
        println!("{}", r.summary());
    }
    println!(
        "gpu_bench: dry run, {} rows planned in {}",
        file.rows.len(),
        path.display()
    );
    Ok(())
}

/// The results file, rewritten after every row.
struct Results {
    file: BenchFile,
    path: PathBuf,
    total: usize,
}

impl Results {
    fn push(&mut self, row: Row) -> Result<(), String> {
        println!(
            "[{}/{}] {}",
            self.file.rows.len() + 1,
            self.total,
            row.summary()
        );
        self.file.rows.push(row);
        self.file
            .write(&self.path)
            .map_err(|e| format!("{}: {e}", self.path.display()))
    }
}

fn bytes_of(t: &HostTensor) -> Vec<u8> {
    t.to_le_bytes()
}

fn run(opts: &Options) -> Result<(), String> {
    let gpu = Gpu::new(0).map_err(|e| format!("no GPU: {e}"))?;
    println!(
        "gpu_bench on {} (sm_{}{}, {} SMs, {:.1} GB), {} warm-up + median of {} runs, CUDA events",
        gpu.name,
        gpu.compute_capability.0,
        gpu.compute_capability.1,
        gpu.sm_count,
        gpu.total_mem as f64 / 1e9,
        opts.warmup,
        opts.iters
    );
    let plan = planned_rows(None, only(opts));
    let mut res = Results {
        file: BenchFile {
            tool: "tilekit gpu_bench".into(),
            device: gpu.name.clone(),
            compute_capability: Some(format!(
                "{}.{}",
                gpu.compute_capability.0, gpu.compute_capability.1
            )),
            sm_count: Some(gpu.sm_count),
            memory_bytes: Some(gpu.total_mem),
            timer: format!(
                "cuda events, {} warm-up, median of {}",
                opts.warmup, opts.iters
            ),
            dry_run: false,
            rows: Vec::new(),
        },
        path: opts.out.join("tilekit.json"),
        total: plan.len(),
    };
    let spec = GpuSpec {
        sm_count: gpu.sm_count,
        target: gpu.target,
        ..GpuSpec::H100
    };
    let cache_path = match &opts.tuning_cache {
        Some(p) => p.clone(),
        None => tuning::cache::path_in(&opts.out.join("tuning"), &device_key(&gpu)),
    };
    let (mut cache, moved) =
        TuningCache::open_or_reset(&cache_path, device_key(&gpu)).map_err(|e| e.to_string())?;
    if let Some(m) = moved {
        println!(
            "gpu_bench: the tuning cache was corrupt; moved it to {} and started a new one",
            m.display()
        );
    }

    // The bandwidth roofline first.
    let copy = copy_row(plan::COPY_BYTES);
    let row = match gpu.copy_times(plan::COPY_BYTES, opts.warmup, opts.iters) {
        Ok(t) => copy.timed(t, opts.warmup),
        Err(e) => copy.failed(e.to_string()),
    };
    res.push(row)?;

    let inputs_dir = opts.out.join("inputs");
    let mut current: Option<(DecodeCase, DecodeOnGpu, DecodeInputs)> = None;
    for planned in plan.into_iter().skip(1) {
        if planned.status != Status::DryRun {
            res.push(planned)?;
            continue;
        }
        let row = match planned.kernel.as_str() {
            "paged_decode" | "kascade_decode" => {
                let case = DecodeCase {
                    batch: planned.batch,
                    context: planned.len,
                    block_size: planned.block_size.unwrap_or(16),
                };
                if let Some(why) = case
                    .does_not_fit(gpu.free_mem().map_err(|e| e.to_string())? + resident(&current))
                {
                    res.push(planned.skipped(why))?;
                    continue;
                }
                if current.as_ref().map_or(true, |(c, _, _)| *c != case) {
                    drop(current.take()); // frees the previous case's device memory first
                    current = Some(prepare_case(&gpu, case, &inputs_dir)?);
                }
                let (_, dev, inputs) = current.as_mut().expect("just prepared");
                if planned.kernel == "paged_decode" {
                    let rows = decode_rows(opts, &spec, dev, inputs, &mut cache);
                    for r in rows {
                        res.push(r)?;
                    }
                    continue;
                }
                kascade(opts, &gpu, dev, planned)
            }
            "flash_attention" => prefill(opts, &gpu, planned),
            _ => planned.failed("gpu_bench: no runner for this kernel"),
        };
        res.push(row)?;
    }
    let ok = res
        .file
        .rows
        .iter()
        .filter(|r| r.status == Status::Ok)
        .count();
    println!(
        "gpu_bench: {} rows ({ok} timed) in {}; tuning cache {}",
        res.file.rows.len(),
        res.path.display(),
        cache.path().display()
    );
    Ok(())
}

/// Device memory the prepared case holds (freed before the next one).
fn resident(current: &Option<(DecodeCase, DecodeOnGpu, DecodeInputs)>) -> u64 {
    current.as_ref().map_or(0, |(c, _, _)| c.device_bytes())
}

/// Uploads a case's inputs (the cache as its chunk repeated) and saves them
/// for the anchors.
fn prepare_case<'g>(
    gpu: &'g Gpu,
    case: DecodeCase,
    dir: &Path,
) -> Result<(DecodeCase, DecodeOnGpu<'g>, DecodeInputs), String> {
    println!(
        "== {}: building inputs ({:.1} GB KV cache)",
        case.name(),
        case.cache_bytes() as f64 / 1e9
    );
    let inputs = DecodeInputs::build(case, 9);
    inputs.save(dir).map_err(|e| e.to_string())?;
    let cache = case.num_blocks() * case.page_bytes();
    let mut bufs = Buffers::new();
    let e = |e: tilekit_cuda::CudaError| e.to_string();
    bufs.insert(
        "k_cache".into(),
        gpu.tiled("k_cache", &bytes_of(&inputs.k_chunk), cache)
            .map_err(e)?,
    );
    bufs.insert(
        "v_cache".into(),
        gpu.tiled("v_cache", &bytes_of(&inputs.v_chunk), cache)
            .map_err(e)?,
    );
    for (name, t) in [
        ("q", &inputs.q),
        ("block_tables", &inputs.block_tables),
        ("context_lens", &inputs.context_lens),
        ("lens", &inputs.context_lens),
        ("block_idx", &inputs.block_idx),
        ("n_sel", &inputs.n_sel),
        ("head_map", &inputs.head_map),
    ] {
        bufs.insert(name.into(), gpu.upload(name, &bytes_of(t)).map_err(e)?);
    }
    let scale = 1.0 / (HEAD_DIM as f32).sqrt();
    Ok((case, DecodeOnGpu::new(gpu, case, bufs, scale), inputs))
}

/// Checks sequence 0's output against the f64 reference.
fn check_seq0(inputs: &DecodeInputs, out: &tilekit_kernels::AttnOutputs) -> Result<String, String> {
    let want = inputs
        .reference_seq0(1.0 / (HEAD_DIM as f64).sqrt())
        .map_err(|e| e.to_string())?;
    let o0 = HostTensor::from_f32(
        tilekit_core::DType::F32,
        &[1, HQ, HEAD_DIM],
        &out.o.to_f32_vec()[..HQ * HEAD_DIM],
    )
    .map_err(|e| e.to_string())?;
    let s = compare(
        "o (sequence 0)",
        &o0,
        &want.o,
        Tolerance::for_dtype(tilekit_core::DType::Bf16),
    )?;
    Ok(format!(
        "sequence 0 vs f64 reference: max abs err {:.1e}",
        s.max_abs
    ))
}

/// The heuristic row, then (for batches the heuristic splits, with tuning
/// on) every candidate, the tuned winner and its cache entry.
fn decode_rows(
    opts: &Options,
    spec: &GpuSpec,
    dev: &mut DecodeOnGpu,
    inputs: &DecodeInputs,
    cache: &mut TuningCache,
) -> Vec<Row> {
    use tilekit_kernels::tuning::tuner::Measure;
    let case = dev.case;
    let choice = heuristic(&case.shape(), spec);
    let mut rows = Vec::new();
    let base = decode_row(&case, "heuristic", choice);
    let checked = dev
        .run(&choice)
        .map_err(|e| e.to_string())
        .and_then(|out| check_seq0(inputs, &out));
    rows.push(match checked {
        Err(e) => base.failed(e),
        Ok(check) => match dev.time(&choice, opts.warmup, opts.iters) {
            Ok(t) => Row {
                check: Some(check),
                ..base.timed(t, opts.warmup)
            },
            Err(e) => base.failed(e.to_string()),
        },
    });
    // Tuning where the split choice matters: the small batches, page 16.
    if !opts.tune || case.batch > 8 || case.block_size != 16 {
        return rows;
    }
    let key = tuning::decode_key(&case.shape());
    let cands = tuning::candidates(&case.shape(), spec);
    let check = |out: &tilekit_kernels::AttnOutputs| check_seq0(inputs, out);
    let report = tuning::tune(
        &key,
        &cands,
        Some(&choice),
        dev,
        &check,
        TuneOptions {
            warmup: opts.warmup,
            iters: opts.iters,
        },
        &mut |i, n, o| {
            println!(
                "   tuning {key}: [{}/{n}] {}: {}",
                i + 1,
                o.candidate,
                match &o.result {
                    Ok(t) => format!("{:.4} ms", t.median_ms),
                    Err(e) => e.clone(),
                }
            )
        },
    );
    match report {
        Err(e) => rows.push(decode_row(&case, "tuned", choice).failed(e.to_string())),
        Ok(report) => {
            for o in &report.outcomes {
                let r = decode_row(&case, "candidate", o.candidate);
                rows.push(match &o.result {
                    Ok(t) => Row {
                        check: Some(t.check.clone()),
                        ..r.timed(t.samples_ms.clone(), opts.warmup)
                    },
                    Err(e) => r.failed(e.clone()),
                });
            }
            let winner = report
                .outcomes
                .iter()
                .find(|o| o.candidate == report.winner);
            let mut r = decode_row(&case, "tuned", report.winner);
            if let Some(Ok(t)) = winner.map(|o| &o.result) {
                r = Row {
                    check: Some(t.check.clone()),
                    ..r.timed(t.samples_ms.clone(), opts.warmup)
                };
            }
            if let Err(e) = report.record(cache) {
                r = r.failed(format!("tuned, but the cache was not saved: {e}"));
            }
            rows.push(r);
            // What the hot path now picks: a lookup, no tuning.
            if let Ok((c, src)) = tuning::choose(Some(cache), &case.shape(), spec) {
                println!("   lookup {key}: {c} ({src:?}; heuristic {choice})");
            }
        }
    }
    rows
}

fn kascade(opts: &Options, gpu: &Gpu, dev: &DecodeOnGpu, planned: Row) -> Row {
    let case = dev.case;
    let kernel = match kascade_kernel(&case, planned.variant == "tokens")
        .and_then(|k| gpu.load(&k).map_err(|e| e.to_string()))
    {
        Ok(k) => k,
        Err(e) => return planned.failed(e),
    };
    let mut outs = Buffers::new();
    for r in &kernel.kernel.kernel().refs {
        if r.kind == tilekit_core::ir::RefKind::Output {
            let n = r.shape.iter().product::<usize>() * r.dtype.size_bytes();
            match gpu.zeros(&r.name, n) {
                Ok(b) => outs.insert(r.name.clone(), b),
                Err(e) => return planned.failed(e.to_string()),
            };
        }
    }
    let args = tilekit_core::KernelArgs::new().f32("scale", 1.0 / (HEAD_DIM as f32).sqrt());
    let find = |n: &str| outs.get(n).or_else(|| dev.inputs.get(n));
    match gpu.time("kascade_decode", opts.warmup, opts.iters, &mut || {
        gpu.launch(&kernel, &find, &args)
    }) {
        Ok(t) => planned.timed(t, opts.warmup),
        Err(e) => planned.failed(e.to_string()),
    }
}

fn prefill(opts: &Options, gpu: &Gpu, planned: Row) -> Row {
    let s = planned.len;
    let kernel = match flash_kernel(s).and_then(|k| gpu.load(&k).map_err(|e| e.to_string())) {
        Ok(k) => k,
        Err(e) => return planned.failed(e),
    };
    let mut rng = tilekit_kernels::testdata::Rng::new(11);
    let chunk = tilekit_kernels::testdata::random_tensor(
        &mut rng,
        tilekit_core::DType::Bf16,
        &[1 << 22],
        1.0,
    );
    let chunk = bytes_of(&chunk);
    let mut bufs = Buffers::new();
    for r in &kernel.kernel.kernel().refs {
        let n = r.shape.iter().product::<usize>() * r.dtype.size_bytes();
        let b = if r.kind == tilekit_core::ir::RefKind::Output {
            gpu.zeros(&r.name, n)
        } else {
            gpu.tiled(&r.name, &chunk, n)
        };
        match b {
            Ok(b) => bufs.insert(r.name.clone(), b),
            Err(e) => return planned.failed(e.to_string()),
        };
    }
    let args = tilekit_core::KernelArgs::new().f32("scale", 1.0 / (HEAD_DIM as f32).sqrt());
    let find = |n: &str| bufs.get(n);
    match gpu.time("flash_attention", opts.warmup, opts.iters, &mut || {
        gpu.launch(&kernel, &find, &args)
    }) {
        Ok(t) => planned.timed(t, opts.warmup),
        Err(e) => planned.failed(e.to_string()),
    }
}

/// tilekit's StableHLO for the decode shapes, dumped and (with JAX's CUDA
/// PJRT plugin) run; wall clock around `execute`, which waits for the
/// device, with inputs resident.
mod pjrt {
    use super::*;
    use tilekit_pjrt::{Client, PjrtKernel, Plugin};

    pub fn run(opts: &Options) -> Result<(), String> {
        let plugin = opts.pjrt_plugin.as_ref().expect("checked by main");
        let client = Plugin::load(plugin)
            .and_then(Client::new)
            .map_err(|e| format!("{}: {e}", plugin.display()))?;
        println!(
            "gpu_bench: PJRT on `{}` from {}",
            client.platform(),
            plugin.display()
        );
        let mut file = BenchFile {
            tool: "tilekit gpu_bench".into(),
            device: format!("pjrt {}", client.platform()),
            compute_capability: None,
            sm_count: None,
            memory_bytes: None,
            timer: format!(
                "wall clock around PJRT execute, {} warm-up, median of {}",
                opts.warmup, opts.iters
            ),
            dry_run: false,
            rows: Vec::new(),
        };
        let path = opts.out.join("pjrt.json");
        let hlo_dir = opts.out.join("stablehlo");
        std::fs::create_dir_all(&hlo_dir).map_err(|e| format!("{}: {e}", hlo_dir.display()))?;
        let cases: Vec<DecodeCase> = decode_cases()
            .into_iter()
            .filter(|c| opts.only.as_deref().map_or(true, |s| c.name().contains(s)))
            .collect();
        for (i, case) in cases.iter().enumerate() {
            let one_pass = DecodeChoice {
                splits: 1,
                stages: 2,
            };
            let mut row = decode_row(case, "one-pass", one_pass);
            row.backend = "pjrt-gpu".into();
            let row = match decode_kernels(case, one_pass) {
                Err(e) => row.failed(e),
                Ok(ks) => {
                    let k = &ks[0];
                    match tilekit_stablehlo::lower(k) {
                        Err(e) => row.failed(format!("StableHLO: {e}")),
                        Ok(m) => {
                            let f = hlo_dir.join(format!("paged_decode_{}.mlir", case.name()));
                            std::fs::write(&f, &m.text)
                                .map_err(|e| format!("{}: {e}", f.display()))?;
                            if case.cache_bytes() as f64 > opts.pjrt_max_gb * 1e9 {
                                row.skipped(format!(
                                    "skipped: the PJRT path builds the {:.1} GB cache on the host; above --pjrt-max-gb {}",
                                    case.cache_bytes() as f64 / 1e9,
                                    opts.pjrt_max_gb
                                ))
                            } else {
                                time_case(opts, &client, k, case, row)
                            }
                        }
                    }
                }
            };
            println!("[{}/{}] {}", i + 1, cases.len(), row.summary());
            file.rows.push(row);
            file.write(&path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(())
    }

    fn time_case(
        opts: &Options,
        client: &Client,
        k: &tilekit_core::VerifiedKernel,
        case: &DecodeCase,
        row: Row,
    ) -> Row {
        let inputs = DecodeInputs::build(*case, 9);
        let args = tilekit_core::KernelArgs::new()
            .tensor("q", inputs.q.clone())
            .tensor("k_cache", inputs.full_cache(&inputs.k_chunk))
            .tensor("v_cache", inputs.full_cache(&inputs.v_chunk))
            .tensor("block_tables", inputs.block_tables.clone())
            .tensor("context_lens", inputs.context_lens.clone())
            .f32("scale", 1.0 / (HEAD_DIM as f32).sqrt());
        let result = (|| -> Result<Row, String> {
            let exe = PjrtKernel::compile(client, k).map_err(|e| e.to_string())?;
            let bufs = exe.upload(&args).map_err(|e| e.to_string())?;
            let out = exe.execute(&bufs).map_err(|e| e.to_string())?;
            let host = exe.download(&out).map_err(|e| e.to_string())?;
            let o = host.get("o").ok_or("no output `o`")?.clone();
            let lse = host.get("lse").ok_or("no output `lse`")?.clone();
            let check = check_seq0(&inputs, &tilekit_kernels::AttnOutputs { o, lse })?;
            let mut times = Vec::new();
            for i in 0..opts.warmup + opts.iters {
                let t = std::time::Instant::now();
                exe.execute(&bufs).map_err(|e| e.to_string())?;
                if i >= opts.warmup {
                    times.push(t.elapsed().as_secs_f64() * 1e3);
                }
            }
            Ok(Row {
                check: Some(check),
                ..row.clone().timed(times, opts.warmup)
            })
        })();
        result.unwrap_or_else(|e| row.failed(e))
    }
}
