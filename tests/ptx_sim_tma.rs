//! The sm_90a TMA pipelines in the simulator: the pipelined shipped
//! kernels beyond paged decode (split-KV partitions, Kascade scores and
//! block-sparse decode, flash attention) with their index data, against the
//! interpreter and bit for bit against the `cp.async` pipelines of sm_80;
//! and protocol mistakes the simulator must catch (a missing mbarrier wait,
//! a wait on the wrong parity, a refill before everyone finished reading).
//! (Here, not in tilekit-ptx, because that crate does not depend on the
//! kernels crate.)

mod ptx_sim_common;

use ptx_sim_common::{close, golden_decode, simulate};
use tilekit::core::ir::RefKind;
use tilekit::core::{DType, HostTensor, KernelArgs, VerifiedKernel};
use tilekit::kernels::catalog::ptx as shipped_ptx;
use tilekit::kernels::testdata::{random_tensor, Rng};
use tilekit_ptx::emit;
use tilekit_ptx_sim::{simulate_text, Target};

const BULK_COPY: &str = "cp.async.bulk.tensor";

/// Arguments for a shipped kernel with paged or contiguous K/V: random refs
/// and scalars 0.125; lengths from full to empty; distinct pages per
/// sequence; page ranges splitting each sequence's pages evenly; `sel`-token
/// blocks selected in reverse order, the last sequence selecting none.
fn index_args(kernel: &VerifiedKernel, sel: usize, seed: u64) -> KernelArgs {
    let k = kernel.kernel();
    let mut rng = Rng::new(seed);
    let mut args = KernelArgs::new();
    for r in k.refs.iter().filter(|r| r.kind != RefKind::Output) {
        args = args.tensor(&r.name, random_tensor(&mut rng, r.dtype, &r.shape, 1.0));
    }
    for s in &k.scalars {
        args = args.f32(&s.name, 0.125);
    }
    let shape = |name: &str| -> Option<Vec<usize>> {
        k.prefetch
            .iter()
            .map(|p| (&p.name, &p.shape))
            .chain(k.refs.iter().map(|r| (&r.name, &r.shape)))
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s.clone())
    };
    let batch = k.prefetch.first().map_or(0, |p| p.shape[0]);
    // Tokens a sequence can hold and tokens per page.
    let (cap, page) = match (shape("block_tables"), shape("k_cache")) {
        (Some(t), Some(c)) => (t[1] * c[1], c[1]),
        _ => {
            let s = shape("k").map_or(1, |s| s[1]);
            (s, s)
        }
    };
    let lens: Vec<usize> = (0..batch)
        .map(|b| match b % 4 {
            0 => cap,
            1 => cap / 2 + 3,
            2 => 1,
            _ => 0,
        })
        .collect();
    for p in &k.prefetch {
        let n: usize = p.shape.iter().product();
        let data: Vec<i32> = match p.name.as_str() {
            "context_lens" | "lens" => lens.iter().map(|&l| l as i32).collect(),
            "block_tables" => (0..n).map(|i| i as i32).collect(),
            "page_ranges" => {
                let splits = p.shape[1];
                (0..n)
                    .map(|i| {
                        let (b, s, end) = (i / (2 * splits), i / 2 % splits, i % 2);
                        let pages = lens[b].div_ceil(page);
                        ((s + end) * pages / splits) as i32
                    })
                    .collect()
            }
            "n_sel" => (0..batch)
                .map(|b| (lens[b].div_ceil(sel)).min(shape("block_idx").unwrap()[2]) as i32)
                .collect(),
            "block_idx" => (0..n)
                .map(|i| {
                    let (b, j) = (i / (p.shape[1] * p.shape[2]), i % p.shape[2]);
                    let blocks = lens[b].div_ceil(sel).max(1);
                    (blocks - 1 - j % blocks) as i32
                })
                .collect(),
            "head_map" => {
                let ha = shape("block_idx").unwrap()[1];
                (0..n).map(|h| (h % ha) as i32).collect()
            }
            other => panic!("{}: no data for prefetch `{other}`", k.name),
        };
        args = args.tensor(&p.name, HostTensor::from_i32(&p.shape, data).unwrap());
    }
    args
}

#[test]
fn shipped_pipelined_kernels_use_tma_and_match_the_interpreter() {
    // (name, selection block size where the kernel has one)
    let cases = [
        ("paged_decode_partition", 1),
        ("paged_decode_partition_f16_bs16_d64_hq4_hkv2", 1),
        ("kascade_decode_scores_bf16_d128_hq32_hkv8", 1),
        ("kascade_decode_blocks_paged", 32),
        ("flash_attention_causal_f32_sq16_d64_hq16_hkv1", 1),
    ];
    let entries = shipped_ptx::all();
    for (name, sel) in cases {
        let e = entries.iter().find(|e| e.name() == name).unwrap();
        let kernel = e.build().unwrap();
        let m = emit(&kernel, Target::Sm90a).unwrap();
        assert!(m.text.contains(BULK_COPY), "{name}: no TMA copy");
        assert!(!m.tensor_maps.is_empty(), "{name}");
        let args = index_args(&kernel, sel, 3);
        let got = simulate(&kernel, &args).unwrap_or_else(|err| panic!("{name}: {err}"));
        let want = tilekit::core::interp::run(&kernel, &args).unwrap();
        for (out, w) in &want {
            let (atol, rtol) = match w.dtype() {
                DType::Bf16 | DType::F16 => (2e-2, 2e-2),
                _ => (1e-4, 1e-3),
            };
            close(&format!("{name} {out}"), &got[out], w, atol, rtol);
        }
    }
}

/// The golden decode on sm_90a with its PTX edited by `edit`: the error.
fn edited_decode_error(edit: impl Fn(String) -> String) -> String {
    edited_error(golden_decode(), edit)
}

fn edited_error(kernel: VerifiedKernel, edit: impl Fn(String) -> String) -> String {
    let args = index_args(&kernel, 1, 5);
    simulate_text(&kernel, &args, Target::Sm90a, |t| t).unwrap();
    simulate_text(&kernel, &args, Target::Sm90a, |t| {
        let edited = edit(t.clone());
        assert_ne!(edited, t, "the edit changed nothing");
        edited
    })
    .unwrap_err()
    .to_string()
}

/// `mbarrier.try_wait.parity... %pN, [..], %rM` → `mov.pred %pN, <value>`.
fn replace_waits(text: String, value: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            match l
                .trim()
                .strip_prefix("mbarrier.try_wait.parity.shared::cta.b64 ")
            {
                Some(rest) => format!("\tmov.pred {}, {value};", rest.split(',').next().unwrap()),
                None => l.to_string(),
            }
        })
        .collect();
    lines.join("\n") + "\n"
}

#[test]
fn the_simulator_catches_a_missing_mbarrier_wait() {
    let err = edited_decode_error(|t| replace_waits(t, "1"));
    assert!(err.contains("in flight (missing mbarrier wait?)"), "{err}");
}

#[test]
fn the_simulator_catches_a_wait_on_the_wrong_parity() {
    // Parity 1 for every use: the first use of stage 0 waits on a phase
    // before its first, which would pass at once on hardware.
    let err = edited_decode_error(|t| {
        t.lines()
            .map(|l| {
                if l.contains("mbarrier.try_wait.parity") {
                    let (head, _) = l.rsplit_once(',').unwrap();
                    format!("{head}, 1;")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    assert!(err.contains("wrong parity"), "{err}");
}

/// `acc += dot(q, x[j])` over a two-stage pipelined loop of f32 pages: the
/// f32 dot (a scalar loop) reads each TMA stage last in the iteration and
/// writes nothing to shared memory.
fn f32_stage_reader() -> VerifiedKernel {
    use tilekit::core::ir::Index;
    let mut kb = tilekit::core::KernelBuilder::new("stage_reader");
    kb.grid(&[1]);
    let q = kb.input("q", DType::F32, &[8, 16]);
    let x = kb.input("x", DType::F32, &[4, 16, 16]);
    let y = kb.output("y", DType::F32, &[8, 16]);
    let qt = kb.load(q, &[Index::Full, Index::Full]);
    let (lo, hi) = (kb.i32(0), kb.i32(4));
    let init = kb.zeros(&[8, 16], DType::F32);
    let out = kb.pipeline(lo, hi, 2, &[init], |kb, j, acc| {
        let page = kb.load(x, &[Index::at(j), Index::Full, Index::Full]);
        let d = kb.dot(qt, page);
        vec![kb.add(acc[0], d)]
    });
    kb.store(y, &[Index::Full, Index::Full], out[0]);
    kb.finish().unwrap()
}

#[test]
fn the_simulator_catches_a_refill_before_everyone_finished_reading() {
    // Drop the barrier in front of the steady-state refill (the second
    // fence + bar.sync; the first follows the mbarrier initialisation). The
    // f32 dot reads the stage last and writes nothing to shared memory, so
    // that barrier is all that orders the reads before the refill (bf16
    // dots on tensor cores store their accumulators behind a barrier, and
    // paged decode's V is copied with its rows past the length zeroed).
    let kernel = f32_stage_reader();
    assert!(emit(&kernel, Target::Sm90a)
        .unwrap()
        .text
        .contains(BULK_COPY));
    let err = edited_error(kernel, |t| {
        let pat = "\tfence.proxy.async.shared::cta;\n\tbar.sync 0;\n";
        let at = t.match_indices(pat).nth(1).unwrap().0;
        format!("{}{}", &t[..at], &t[at + pat.len()..])
    });
    assert!(err.contains("racecheck"), "{err}");
}
