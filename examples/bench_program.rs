//! One launch per step: a 240-kernel program shaped like a 30-layer decode
//! step (8 small kernels a layer: a norm, q/k/v projections, two in-place
//! KV-cache appends, attention over the cache, an output projection with
//! the residual), run on XLA's CPU backend three ways, and on the
//! interpreter:
//!
//! - **one executable**: the whole program lowered to one StableHLO module
//!   (`PjrtBackend::load_program`), state on the device, donated in place;
//! - **240 launches, device-resident**: each kernel compiled once and
//!   launched one by one with its buffers kept on the device;
//! - **240 launches, via host**: the launch list through `PjrtBackend::run`
//!   (every call looks its kernel up by printed IR, uploads its arguments
//!   and downloads its results: what `HostProgram` does on any backend);
//! - the interpreter's launch list.
//!
//! Also times compiling the program's executable with an empty on-disk
//! cache (cold) and from it (warm).
//!
//! `cargo run --release --example bench_program` (after
//! `cargo xtask install-pjrt`).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tilekit_core::ir::Index;
use tilekit_core::program::{Arg, BufferId, BufferRole, HostProgram, Program, ProgramBuilder};
use tilekit_core::{Backend, DType, HostTensor, Interpreter, KernelBuilder, VerifiedKernel};
use tilekit_pjrt::{default_client, DeviceBuffer, ExecutableCache, PjrtBackend, PjrtKernel};
use tilekit_stablehlo::ParamKind;

const LAYERS: usize = 30;
const H: usize = 64;
const SLOTS: usize = 32;
const STEPS: usize = 20;

type K = Arc<VerifiedKernel>;

fn finish(kb: KernelBuilder) -> K {
    Arc::new(kb.finish().expect("the benchmark's kernels verify"))
}

/// `n = x * rsqrt(mean(x²) + eps) * g`.
fn norm() -> K {
    let mut kb = KernelBuilder::new("norm");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[1, H]);
    let g = kb.input("g", DType::F32, &[1, H]);
    let n = kb.output("n", DType::F32, &[1, H]);
    let full = [Index::Full, Index::Full];
    let xt = kb.load(x, &full);
    let sq = kb.mul(xt, xt);
    let ss = kb.sum(sq, 1);
    let inv = kb.f32(1.0 / H as f32);
    let ms = kb.mul(ss, inv);
    let eps = kb.f32(1e-5);
    let ms = kb.add(ms, eps);
    let r = kb.rsqrt(ms);
    let r = kb.expand_col(r, H);
    let gt = kb.load(g, &full);
    let y = kb.mul(xt, r);
    let y = kb.mul(y, gt);
    kb.store(n, &full, y);
    finish(kb)
}

/// `y = x @ w`.
fn matmul() -> K {
    let mut kb = KernelBuilder::new("matmul");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[1, H]);
    let w = kb.input("w", DType::F32, &[H, H]);
    let y = kb.output("y", DType::F32, &[1, H]);
    let full = [Index::Full, Index::Full];
    let xt = kb.load(x, &full);
    let wt = kb.load(w, &full);
    let p = kb.dot(xt, wt);
    kb.store(y, &full, p);
    finish(kb)
}

/// `cache[pos[0], :] = row[0, :]`, in place.
fn append() -> K {
    let mut kb = KernelBuilder::new("append");
    kb.grid(&[1]);
    let cache = kb.inout("cache", DType::F32, &[SLOTS, H]);
    let row = kb.input("row", DType::F32, &[1, H]);
    let pos = kb.input("pos", DType::I32, &[1]);
    let zero = kb.i32(0);
    let p = kb.load(pos, &[Index::at(zero)]);
    let r = kb.load(row, &[Index::at(zero), Index::Full]);
    kb.store(cache, &[Index::at(p), Index::Full], r);
    finish(kb)
}

/// `o = (q Kᵀ · scale) V` over every cache slot (no softmax: a matmul-ish
/// tile, not a model).
fn attend() -> K {
    let mut kb = KernelBuilder::new("attend");
    kb.grid(&[1]);
    let q = kb.input("q", DType::F32, &[1, H]);
    let k = kb.input("k", DType::F32, &[SLOTS, H]);
    let v = kb.input("v", DType::F32, &[SLOTS, H]);
    let o = kb.output("o", DType::F32, &[1, H]);
    let full = [Index::Full, Index::Full];
    let qt = kb.load(q, &full);
    let kt = kb.load(k, &full);
    let vt = kb.load(v, &full);
    let ktt = kb.t(kt);
    let s = kb.dot(qt, ktt);
    let scale = kb.f32(1.0 / (H as f32 * SLOTS as f32));
    let s = kb.mul(s, scale);
    let r = kb.dot(s, vt);
    kb.store(o, &full, r);
    finish(kb)
}

/// `y = x + a @ w`.
fn out_proj() -> K {
    let mut kb = KernelBuilder::new("out_proj");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[1, H]);
    let a = kb.input("a", DType::F32, &[1, H]);
    let w = kb.input("w", DType::F32, &[H, H]);
    let y = kb.output("y", DType::F32, &[1, H]);
    let full = [Index::Full, Index::Full];
    let xt = kb.load(x, &full);
    let at = kb.load(a, &full);
    let wt = kb.load(w, &full);
    let p = kb.dot(at, wt);
    let r = kb.add(xt, p);
    kb.store(y, &full, r);
    finish(kb)
}

fn decode_step() -> (Arc<Program>, BufferId) {
    let (norm, matmul, append, attend, out_proj) =
        (norm(), matmul(), append(), attend(), out_proj());
    let mut p = ProgramBuilder::new("decode_step");
    let mut x = p.input("x", DType::F32, &[1, H]);
    let pos = p.input("pos", DType::I32, &[1]);
    for l in 0..LAYERS {
        let g = p.state(&format!("l{l}.g"), DType::F32, &[1, H]);
        let w: Vec<BufferId> = ["wq", "wk", "wv", "wo"]
            .iter()
            .map(|n| p.state(&format!("l{l}.{n}"), DType::F32, &[H, H]))
            .collect();
        let kc = p.state(&format!("l{l}.k_cache"), DType::F32, &[SLOTS, H]);
        let vc = p.state(&format!("l{l}.v_cache"), DType::F32, &[SLOTS, H]);
        let c = p.call(&norm, &[("x", x.into()), ("g", g.into())]);
        let n = p.out(c, "n");
        let proj = |p: &mut ProgramBuilder, w: BufferId| {
            let c = p.call(&matmul, &[("x", n.into()), ("w", w.into())]);
            p.out(c, "y")
        };
        let (q, k, v) = (proj(&mut p, w[0]), proj(&mut p, w[1]), proj(&mut p, w[2]));
        for (cache, row) in [(kc, k), (vc, v)] {
            let args = [
                ("cache", Arg::from(cache)),
                ("row", row.into()),
                ("pos", pos.into()),
            ];
            p.call(&append, &args);
        }
        let c = p.call(
            &attend,
            &[("q", q.into()), ("k", kc.into()), ("v", vc.into())],
        );
        let a = p.out(c, "o");
        let c = p.call(
            &out_proj,
            &[("x", x.into()), ("a", a.into()), ("w", w[3].into())],
        );
        x = p.out(c, "y");
    }
    p.output(x);
    let program = p.finish().expect("the benchmark's program checks");
    assert_eq!(program.calls.len(), 8 * LAYERS);
    (Arc::new(program), x)
}

/// Deterministic small weights (norm gains near one).
fn initial_state(program: &Program) -> BTreeMap<String, HostTensor> {
    let mut state = BTreeMap::new();
    for (i, id) in program.with_role(BufferRole::State).enumerate() {
        let b = program.buffer(id);
        if b.name.ends_with("cache") {
            continue;
        }
        let n: usize = b.shape.iter().product();
        let base = if b.name.ends_with(".g") { 1.0 } else { 0.0 };
        let v: Vec<f32> = (0..n)
            .map(|j| base + (((j * 37 + i * 11) % 101) as f32 / 101.0 - 0.5) * 0.1)
            .collect();
        state.insert(
            b.name.clone(),
            HostTensor::from_f32(DType::F32, &b.shape, &v).unwrap(),
        );
    }
    state
}

fn inputs(step: usize) -> (HostTensor, HostTensor) {
    let x: Vec<f32> = (0..H)
        .map(|i| ((i + step) % 7) as f32 * 0.1 - 0.3)
        .collect();
    (
        HostTensor::from_f32(DType::F32, &[1, H], &x).unwrap(),
        HostTensor::from_i32(&[1], vec![(step % SLOTS) as i32]).unwrap(),
    )
}

/// The launch list with every buffer on the device: each call's kernel is
/// compiled once (by `pjrt`), arguments are the device buffers of earlier
/// calls, results stay on the device. Only `x`/`pos` go up and the output
/// comes down.
struct DeviceLaunchList<'a> {
    pjrt: &'a PjrtBackend,
    program: Arc<Program>,
    /// Each call's compiled kernel, looked up once (not per launch).
    kernels: Vec<Arc<PjrtKernel>>,
    values: Vec<Option<Arc<DeviceBuffer>>>,
}

impl<'a> DeviceLaunchList<'a> {
    fn new(
        pjrt: &'a PjrtBackend,
        program: Arc<Program>,
        state: &BTreeMap<String, HostTensor>,
    ) -> Self {
        let values = program
            .buffers
            .iter()
            .map(|b| {
                (b.role == BufferRole::State).then(|| {
                    let t = state
                        .get(&b.name)
                        .cloned()
                        .unwrap_or_else(|| HostTensor::zeros(b.dtype, &b.shape));
                    Arc::new(pjrt.client().upload_bits16(&t).unwrap())
                })
            })
            .collect();
        let kernels = program
            .calls
            .iter()
            .map(|c| pjrt.kernel(&c.kernel).unwrap())
            .collect();
        DeviceLaunchList {
            pjrt,
            program,
            kernels,
            values,
        }
    }

    fn step(&mut self, x: &HostTensor, pos: &HostTensor) -> HostTensor {
        let client = self.pjrt.client();
        for (name, t) in [("x", x), ("pos", pos)] {
            let b = self.program.find(name).unwrap();
            self.values[b.index()] = Some(Arc::new(client.upload_bits16(t).unwrap()));
        }
        let program = self.program.clone();
        for (call, k) in program.calls.iter().zip(&self.kernels) {
            let sig = &k.module().signature;
            let args: Vec<Arc<DeviceBuffer>> = sig
                .params
                .iter()
                .map(|p| {
                    assert_ne!(p.kind, ParamKind::Scalar, "the benchmark binds no scalars");
                    match call.arg(&p.name) {
                        Some(Arg::Buffer(b)) => self.values[b.index()].clone().unwrap(),
                        _ => unreachable!("checked by the program builder"),
                    }
                })
                .collect();
            let refs: Vec<&DeviceBuffer> = args.iter().map(|a| a.as_ref()).collect();
            let outs = k.execute_refs(&refs).unwrap();
            for (o, buf) in sig.outputs.iter().zip(outs) {
                let b = call.written(&o.name).unwrap();
                self.values[b.index()] = Some(Arc::new(buf));
            }
        }
        let out = program.outputs[0];
        self.values[out.index()]
            .as_ref()
            .unwrap()
            .to_host_as(DType::F32)
            .unwrap()
    }
}

fn time_steps(mut step: impl FnMut(usize) -> HostTensor) -> (Duration, HostTensor) {
    for s in 0..3 {
        step(s);
    }
    let t = Instant::now();
    let mut last = None;
    for s in 3..3 + STEPS {
        last = Some(step(s));
    }
    (t.elapsed() / STEPS as u32, last.unwrap())
}

fn max_diff(a: &HostTensor, b: &HostTensor) -> f64 {
    a.to_f64_vec()
        .iter()
        .zip(b.to_f64_vec())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (program, out) = decode_step();
    let state = initial_state(&program);
    let client = default_client()?;

    // Compile time: an empty cache directory, then the same directory from
    // a backend that has compiled nothing.
    let dir = std::env::temp_dir().join(format!("tilekit-bench-program-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cold_backend =
        PjrtBackend::with_cache(client.clone(), "pjrt-cpu", ExecutableCache::at(&dir));
    let t = Instant::now();
    let cold_compiled = cold_backend.compile_program(&program)?;
    let cold = t.elapsed();
    let warm_backend =
        PjrtBackend::with_cache(client.clone(), "pjrt-cpu", ExecutableCache::at(&dir));
    let t = Instant::now();
    let warm_compiled = warm_backend.compile_program(&program)?;
    let warm = t.elapsed();
    let _ = std::fs::remove_dir_all(&dir);

    let pjrt = PjrtBackend::with_cache(client, "pjrt-cpu", ExecutableCache::disabled());
    let mut whole = pjrt.load_program(&program, state.clone())?;
    let (t_whole, o_whole) = time_steps(|s| {
        let (x, pos) = inputs(s);
        whole
            .execute(&[("x", &x), ("pos", &pos)])
            .unwrap()
            .remove(&out)
            .unwrap()
    });
    let mut on_device = DeviceLaunchList::new(&pjrt, program.clone(), &state);
    let (t_device, o_device) = time_steps(|s| {
        let (x, pos) = inputs(s);
        on_device.step(&x, &pos)
    });
    let mut via_host = HostProgram::new(&pjrt, program.clone(), state.clone())?;
    let (t_host, o_host) = time_steps(|s| {
        let (x, pos) = inputs(s);
        tilekit_core::program::LoadedProgram::execute(&mut via_host, &[("x", &x), ("pos", &pos)])
            .unwrap()
            .remove(&out)
            .unwrap()
    });
    let mut interp = Interpreter.load_program(&program, state)?;
    let (t_interp, o_interp) = time_steps(|s| {
        let (x, pos) = inputs(s);
        interp
            .execute(&[("x", &x), ("pos", &pos)])
            .unwrap()
            .remove(&out)
            .unwrap()
    });

    println!(
        "decode-shaped program: {LAYERS} layers x 8 kernels = {} calls, {} distinct kernels, H={H}, {SLOTS} cache slots, f32; {STEPS} steps after 3 warm-up\n",
        program.calls.len(),
        cold_compiled.module.kernels.len()
    );
    println!("| engine | ms / step | vs one executable | max abs diff vs interpreter |");
    println!("|---|---:|---:|---:|");
    for (name, t, o) in [
        (
            "PJRT CPU, one executable (state donated)",
            t_whole,
            &o_whole,
        ),
        (
            "PJRT CPU, 240 launches, buffers on device",
            t_device,
            &o_device,
        ),
        (
            "PJRT CPU, 240 launches via host (`PjrtBackend::run`)",
            t_host,
            &o_host,
        ),
        ("interpreter, 240 launches", t_interp, &o_interp),
    ] {
        println!(
            "| {name} | {:.3} | {:.1}x | {:.2e} |",
            ms(t),
            t.as_secs_f64() / t_whole.as_secs_f64(),
            max_diff(o, &o_interp)
        );
    }
    let t = Instant::now();
    tilekit_stablehlo::lower_program(&program)?;
    let lower = t.elapsed();
    let outcome = |c: &tilekit_pjrt::CompiledProgram| match &c.outcome {
        Some(o) => format!("{o:?}"),
        None => "in memory".into(),
    };
    println!("\n| compile (one executable, lowering included) | ms | disk cache |");
    println!("|---|---:|---|");
    println!(
        "| cold (empty cache dir) | {:.1} | {} |",
        ms(cold),
        outcome(&cold_compiled)
    );
    println!(
        "| warm (fresh backend, same cache dir) | {:.1} | {} |",
        ms(warm),
        outcome(&warm_compiled)
    );
    println!("| of which lowering to StableHLO | {:.1} | |", ms(lower));
    Ok(())
}
