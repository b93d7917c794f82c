//! Shipped kernels' emitted PTX executed by the CPU simulator
//! (`tilekit-ptx-sim`) against the interpreter and the f64 reference: the
//! paged decode in several configurations on the KERNELS.md edge cases,
//! and the kernels beyond it. The simulator also race-checks shared memory
//! and bounds-checks every access, so these tests stand in for the GPU
//! check and compute-sanitizer on machines without a GPU. (The builder-made
//! kernels' simulations are `backends/ptx-sim/tests`.)

mod ptx_sim_common;

use ptx_sim_common::{close, golden_decode, simulate};
use tilekit::core::ir::RefKind;
use tilekit::core::{DType, HostTensor, KernelArgs, VerifiedKernel};
use tilekit::kernels::catalog::decode::{self as shipped, DecodeVariant, Flavor, ShippedKernel};
use tilekit::kernels::catalog::ptx as shipped_ptx;
use tilekit::kernels::hand_built::config_for;
use tilekit::kernels::reference::{compare, Tolerance};
use tilekit::kernels::testdata::{edge_case_lens, PagedDecodeSpec, TailFill};
use tilekit_ptx_sim::{simulate_text, Target};

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
    // `simulate` runs sm_90a, whose pipelined pages come through TMA.
    let sm90 = tilekit_ptx::emit(&kernel, Target::Sm90a).unwrap().text;
    assert_eq!(
        sm90.contains("cp.async.bulk.tensor"),
        v.stages > 1,
        "{}",
        k.name()
    );
    let args = KernelArgs::new()
        .tensor("q", case.q.clone())
        .tensor("k_cache", case.k_cache.clone())
        .tensor("v_cache", case.v_cache.clone())
        .tensor("block_tables", case.block_tables.clone())
        .tensor("context_lens", case.context_lens.clone())
        .f32("scale", case.scale as f32);
    let got = simulate(&kernel, &args).unwrap_or_else(|e| panic!("{}: {e}", k.name()));
    let want = tilekit::core::interp::run(&kernel, &args).unwrap();
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
fn the_simulator_catches_a_missing_barrier_and_an_out_of_range_page() {
    let kernel = golden_decode();
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
    let q = tilekit::core::HostTensor::zeros(DType::Bf16, &[2, 8, 64]);
    let kv = tilekit::core::HostTensor::zeros(DType::Bf16, &[8, 16, 2, 64]);
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
        .unwrap_err()
        .to_string();
        assert!(racy.contains("racecheck"), "{}: {racy}", target.name());
    }
    table[1] = 8;
    for target in Target::ALL {
        let oob = simulate_text(&kernel, &args(table.clone()), target, |t| t)
            .unwrap_err()
            .to_string();
        assert!(oob.contains("memcheck"), "{}: {oob}", target.name());
    }
}

/// Random arguments for a shipped kernel without index data to keep in
/// range: every non-output ref random in [-1, 1], f32 scalars 0.125; a
/// prefetch named `slot_mapping` gets distinct slots (one -1).
fn random_args(kernel: &VerifiedKernel, seed: u64) -> KernelArgs {
    let k = kernel.kernel();
    let mut rng = tilekit::kernels::testdata::Rng::new(seed);
    let mut args = KernelArgs::new();
    for r in &k.refs {
        if r.kind != RefKind::Output {
            args = args.tensor(
                &r.name,
                tilekit::kernels::testdata::random_tensor(&mut rng, r.dtype, &r.shape, 1.0),
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
    let entries = shipped_ptx::other_kernels();
    for name in names {
        let e = entries.iter().find(|e| e.name() == name).unwrap();
        let kernel = e.build().unwrap();
        let args = random_args(&kernel, 7);
        let got = simulate(&kernel, &args).unwrap_or_else(|err| panic!("{name}: {err}"));
        let want = tilekit::core::interp::run(&kernel, &args).unwrap();
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
