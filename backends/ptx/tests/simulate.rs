//! Emitted PTX executed by the CPU simulator (tests/sim) against the
//! interpreter: the shipped paged decode in several configurations on the
//! KERNELS.md edge cases, and the op zoo. The simulator also race-checks
//! shared memory and bounds-checks every access, so these tests stand in
//! for the GPU check and compute-sanitizer on machines without a GPU.

mod common;
mod sim;

use std::collections::BTreeMap;
use tilekit_core::ir::RefKind;
use tilekit_core::{DType, HostTensor, KernelArgs, ScalarArg, VerifiedKernel};
use tilekit_kernels::hand_built::config_for;
use tilekit_kernels::reference::{compare, Tolerance};
use tilekit_kernels::testdata::{edge_case_lens, PagedDecodeSpec, TailFill};
use tilekit_ptx::shipped::{self, DecodeVariant, Flavor, ShippedKernel};
use tilekit_ptx::{emit, ParamKind, Target};

/// Runs `kernel` in the simulator for sm_90a (TMA pipelines) and sm_80
/// (`cp.async` pipelines); the two must agree bit for bit (only the copy
/// mechanism differs). Returns outputs and in/out refs.
fn simulate(
    kernel: &VerifiedKernel,
    args: &KernelArgs,
) -> Result<BTreeMap<String, HostTensor>, String> {
    let sm90 = simulate_text(kernel, args, Target::Sm90a, |t| t)?;
    let sm80 = simulate_text(kernel, args, Target::Sm80, |t| t)?;
    for (name, t) in &sm90 {
        if sm80.get(name) != Some(t) {
            return Err(format!("`{name}` differs between sm_90a and sm_80"));
        }
    }
    Ok(sm90)
}

fn simulate_text(
    kernel: &VerifiedKernel,
    args: &KernelArgs,
    target: Target,
    edit: impl Fn(String) -> String,
) -> Result<BTreeMap<String, HostTensor>, String> {
    let k = kernel.kernel();
    let m = emit(kernel, target).map_err(|e| e.to_string())?;
    let mut bufs = Vec::new();
    for p in &m.params {
        bufs.push(match p.kind {
            ParamKind::Prefetch(i) => {
                sim::Arg::Buf(args.tensors[&k.prefetch[i].name].to_le_bytes())
            }
            ParamKind::Ref(i) => {
                let r = &k.refs[i];
                match r.kind {
                    RefKind::Output => sim::Arg::Buf(vec![
                        0;
                        r.shape.iter().product::<usize>()
                            * r.dtype.size_bytes()
                    ]),
                    _ => sim::Arg::Buf(args.tensors[&r.name].to_le_bytes()),
                }
            }
            ParamKind::Scalar(i) => match args.scalars[&k.scalars[i].name] {
                ScalarArg::F32(x) => sim::Arg::F32(x),
                ScalarArg::I32(x) => sim::Arg::U32(x as u32),
                ScalarArg::Bool(x) => sim::Arg::U32(x as u32),
            },
            ParamKind::TensorMap { map, ref_index } => {
                let buffer = m
                    .params
                    .iter()
                    .position(|q| q.kind == ParamKind::Ref(ref_index))
                    .ok_or("tensor map of a ref that is not a parameter")?;
                let t = &m.tensor_maps[map];
                sim::Arg::TensorMap(sim::TensorMapDesc {
                    buffer,
                    elem_bytes: t.dtype.size_bytes(),
                    dims: t.dims.clone(),
                    strides: t.strides.clone(),
                    box_dims: t.box_dims.clone(),
                })
            }
        });
    }
    let l = &m.launch;
    sim::run(
        &edit(m.text.clone()),
        l.grid[0] as usize,
        l.threads() as usize,
        l.dynamic_smem_bytes as usize,
        &mut bufs,
    )?;
    let mut out = BTreeMap::new();
    for (p, buf) in m.params.iter().zip(bufs) {
        if let (ParamKind::Ref(i), sim::Arg::Buf(bytes)) = (p.kind, buf) {
            let r = &k.refs[i];
            if r.kind != RefKind::Input {
                out.insert(
                    r.name.clone(),
                    HostTensor::from_le_bytes(r.dtype, &r.shape, &bytes).unwrap(),
                );
            }
        }
    }
    Ok(out)
}

/// Elementwise agreement: exact for i32/bool and infinities, else within
/// `atol + rtol * |expected|`.
fn close(name: &str, got: &HostTensor, want: &HostTensor, atol: f64, rtol: f64) {
    assert_eq!(got.shape(), want.shape(), "{name}");
    let exact = matches!(want.dtype(), DType::I32 | DType::Bool);
    for (i, (a, b)) in got.to_f64_vec().iter().zip(want.to_f64_vec()).enumerate() {
        let ok = if exact || b.is_infinite() {
            *a == b
        } else {
            !a.is_nan() && (a - b).abs() <= atol + rtol * b.abs()
        };
        assert!(ok, "{name}[{i}]: simulated {a}, interpreter {b}");
    }
}

fn decode_case_check(k: &ShippedKernel, lens: Vec<usize>, hard: bool, seed: u64) {
    let v = &k.variant;
    let case = PagedDecodeSpec {
        batch: lens.len(),
        q_heads: v.q_heads,
        kv_heads: v.kv_heads,
        head_dim: v.head_dim,
        block_size: v.block_size,
        lens,
        dtype: v.dtype,
        logit_scale: if hard { 10.0 } else { 1.0 },
        share_pages: hard,
        tail_fill: if hard {
            TailFill::Garbage
        } else {
            TailFill::MinusOne
        },
        seed,
    }
    .build();
    let cfg = config_for(&case.q, &case.k_cache, &case.block_tables, v.stages).unwrap();
    let kernel = k.build_for(&cfg).unwrap();
    let args = KernelArgs::new()
        .tensor("q", case.q.clone())
        .tensor("k_cache", case.k_cache.clone())
        .tensor("v_cache", case.v_cache.clone())
        .tensor("block_tables", case.block_tables.clone())
        .tensor("context_lens", case.context_lens.clone())
        .f32("scale", case.scale as f32);
    let got = simulate(&kernel, &args).unwrap_or_else(|e| panic!("{}: {e}", k.name()));
    let want = tilekit_core::interp::run(&kernel, &args).unwrap();
    let reference = case.reference().unwrap();
    let tol = Tolerance::for_dtype(v.dtype);
    for name in ["o", "lse"] {
        close(
            &format!("{} {name}", k.name()),
            &got[name],
            &want[name],
            1e-5,
            1e-4,
        );
    }
    compare("o", &got["o"], &reference.o, tol).unwrap_or_else(|e| panic!("{}: {e}", k.name()));
    compare("lse", &got["lse"], &reference.lse, tol)
        .unwrap_or_else(|e| panic!("{}: {e}", k.name()));
}

fn hand_built(
    dtype: DType,
    bs: usize,
    d: usize,
    hq: usize,
    hkv: usize,
    stages: u32,
) -> ShippedKernel {
    ShippedKernel {
        flavor: Flavor::HandBuilt,
        variant: DecodeVariant {
            dtype,
            block_size: bs,
            head_dim: d,
            q_heads: hq,
            kv_heads: hkv,
            stages,
        },
    }
}

#[test]
fn simulated_paged_decode_matches_the_interpreter_on_edge_lengths() {
    let k = hand_built(DType::Bf16, 16, 64, 8, 2, 2);
    decode_case_check(&k, edge_case_lens(16), false, 1);
    decode_case_check(&k, vec![0, 0, 37, 0], true, 2);
}

#[test]
fn simulated_paged_decode_matches_in_every_dtype_group_and_depth() {
    for (i, k) in [
        hand_built(DType::Bf16, 16, 64, 8, 2, 1),
        hand_built(DType::Bf16, 16, 64, 8, 2, 3),
        hand_built(DType::F16, 16, 64, 4, 2, 2),
        hand_built(DType::F32, 16, 64, 8, 2, 2),
        hand_built(DType::Bf16, 16, 64, 2, 2, 2),
        hand_built(DType::F16, 16, 64, 32, 2, 2),
        hand_built(DType::Bf16, 32, 64, 8, 2, 2),
        hand_built(DType::Bf16, 16, 128, 4, 2, 2),
    ]
    .iter()
    .enumerate()
    {
        decode_case_check(
            k,
            vec![3 * k.variant.block_size + 5, 1, 0],
            i % 2 == 1,
            10 + i as u64,
        );
    }
}

#[test]
fn simulated_macro_paged_decode_matches_the_interpreter() {
    let k = shipped::kernels()
        .into_iter()
        .find(|k| k.flavor == Flavor::Macro && k.variant.dtype == DType::Bf16)
        .unwrap();
    decode_case_check(&k, vec![40, 17, 0], true, 5);
}

#[test]
fn simulated_op_zoo_matches_the_interpreter() {
    let kernel = common::zoo();
    for seed in [0, 1] {
        let args = common::zoo_args(seed);
        let got = simulate(&kernel, &args).unwrap_or_else(|e| panic!("{e}"));
        let want = tilekit_core::interp::run(&kernel, &args).unwrap();
        for (name, w) in &want {
            close(
                &format!("zoo seed {seed} {name}"),
                &got[name],
                w,
                1e-4,
                1e-3,
            );
        }
    }
}

#[test]
fn the_simulator_catches_a_missing_barrier_and_an_out_of_range_page() {
    let kernel = common::golden_decode();
    let case = PagedDecodeSpec {
        batch: 2,
        q_heads: 8,
        kv_heads: 2,
        head_dim: 64,
        block_size: 16,
        lens: vec![40, 20],
        dtype: DType::Bf16,
        logit_scale: 1.0,
        share_pages: false,
        tail_fill: TailFill::MinusOne,
        seed: 3,
    }
    .build();
    // The golden configuration has 8 pages and a 4-wide table.
    let mut table = vec![0i32; 8];
    table[..3].copy_from_slice(&[1, 2, 3]);
    table[4..6].copy_from_slice(&[4, 5]);
    let q = tilekit_core::HostTensor::zeros(DType::Bf16, &[2, 8, 64]);
    let kv = tilekit_core::HostTensor::zeros(DType::Bf16, &[8, 16, 2, 64]);
    let args = |table: Vec<i32>| {
        KernelArgs::new()
            .tensor("q", q.clone())
            .tensor("k_cache", kv.clone())
            .tensor("v_cache", kv.clone())
            .tensor(
                "block_tables",
                HostTensor::from_i32(&[2, 4], table).unwrap(),
            )
            .tensor("context_lens", case.context_lens.clone())
            .f32("scale", 0.125)
    };
    simulate(&kernel, &args(table.clone())).unwrap();
    for target in Target::ALL {
        let racy = simulate_text(&kernel, &args(table.clone()), target, |t| {
            t.replace("\tbar.sync 0;\n", "")
        })
        .unwrap_err();
        assert!(racy.contains("racecheck"), "{}: {racy}", target.name());
    }
    table[1] = 8;
    let oob = simulate(&kernel, &args(table)).unwrap_err();
    assert!(oob.contains("memcheck"), "{oob}");
}

#[test]
fn simulated_masked_pipelined_loads_match_the_interpreter() {
    let kernel = common::masked_pipeline();
    assert_eq!(kernel.info().pipelined_loops[0].loads.len(), 1);
    let mut rng = tilekit_kernels::testdata::Rng::new(9);
    let xs = tilekit_kernels::testdata::random_tensor(&mut rng, DType::F32, &[2, 40], 1.0);
    for len in [0, 1, 8, 37, 40] {
        let args = KernelArgs::new().tensor("x", xs.clone()).i32("n", len);
        let got = simulate(&kernel, &args).unwrap_or_else(|e| panic!("{e}"));
        let want = tilekit_core::interp::run(&kernel, &args).unwrap();
        close(&format!("n = {len}"), &got["y"], &want["y"], 0.0, 0.0);
    }
}

/// Random arguments for a shipped kernel without index data to keep in
/// range: every non-output ref random in [-1, 1], f32 scalars 0.125; a
/// prefetch named `slot_mapping` gets distinct slots (one -1).
fn random_args(kernel: &VerifiedKernel, seed: u64) -> KernelArgs {
    let k = kernel.kernel();
    let mut rng = tilekit_kernels::testdata::Rng::new(seed);
    let mut args = KernelArgs::new();
    for r in &k.refs {
        if r.kind != RefKind::Output {
            args = args.tensor(
                &r.name,
                tilekit_kernels::testdata::random_tensor(&mut rng, r.dtype, &r.shape, 1.0),
            );
        }
    }
    for p in &k.prefetch {
        assert_eq!(p.name, "slot_mapping", "{}: no data for {}", k.name, p.name);
        let n = p.shape[0];
        let slots: Vec<i32> = (0..n)
            .map(|i| if i == 1 { -1 } else { (3 * i + 1) as i32 })
            .collect();
        args = args.tensor(&p.name, HostTensor::from_i32(&p.shape, slots).unwrap());
    }
    for s in &k.scalars {
        assert_eq!(s.dtype, DType::F32, "{}: scalar {}", k.name, s.name);
        args = args.f32(&s.name, 0.125);
    }
    args
}

/// The shipped kernels beyond paged decode whose inputs need no index data
/// (KV write with its in/out caches, split-KV combine, flash attention),
/// simulated against the interpreter.
#[test]
fn simulated_shipped_kernels_match_the_interpreter() {
    let names = [
        "kv_write",
        "paged_decode_combine",
        "flash_attention_causal_f32_sq16_d64_hq16_hkv1",
        "flash_attention_causal_bf16_sq65_d64_hq2_hkv2",
    ];
    let entries = shipped::other_kernels();
    for name in names {
        let e = entries.iter().find(|e| e.name() == name).unwrap();
        let kernel = e.build().unwrap();
        let args = random_args(&kernel, 7);
        let got = simulate(&kernel, &args).unwrap_or_else(|err| panic!("{name}: {err}"));
        let want = tilekit_core::interp::run(&kernel, &args).unwrap();
        assert!(!want.is_empty(), "{name}");
        for (out, w) in &want {
            let (atol, rtol) = match w.dtype() {
                DType::Bf16 | DType::F16 => (2e-2, 2e-2),
                _ => (1e-4, 1e-3),
            };
            close(&format!("{name} {out}"), &got[out], w, atol, rtol);
        }
    }
}
