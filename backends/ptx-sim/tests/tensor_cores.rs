//! Tensor-core dots (`mma.sync` on both targets, `wgmma` on sm_90a) run in
//! the simulator against the interpreter, on shapes that are and are not
//! multiples of the instruction shapes, with B read in place from a
//! transposed tile and from a row-major one. Also: which instruction each
//! shape selects, and that a `wgmma` read before its wait is caught.

mod common;

use common::{random_tensor, Rng};
use tilekit_core::ir::{Index, RefKind};
use tilekit_core::{DType, HostTensor, KernelArgs, KernelBuilder, VerifiedKernel};
use tilekit_ptx::emit;
use tilekit_ptx_sim::Target;

/// `o = dot(a, b)` (or `dot(a, bt.t())` when `transposed`), then `o * 0.5`
/// so the result also flows through registers.
fn dot_kernel(dtype: DType, m: usize, k: usize, n: usize, transposed: bool) -> VerifiedKernel {
    let mut kb = KernelBuilder::new("tc_dot");
    kb.grid(&[1]);
    let a = kb.input("a", dtype, &[m, k]);
    let b_shape = if transposed { [n, k] } else { [k, n] };
    let b = kb.input("b", dtype, &b_shape);
    let o = kb.output("o", DType::F32, &[m, n]);
    let full = [Index::Full, Index::Full];
    let at = kb.load(a, &full);
    let bt = kb.load(b, &full);
    let bt = if transposed { kb.t(bt) } else { bt };
    let d = kb.dot(at, bt);
    let half = kb.f32(0.5);
    let r = kb.mul(d, half);
    kb.store(o, &full, r);
    kb.finish().unwrap()
}

fn args_for(kernel: &VerifiedKernel, seed: u64) -> KernelArgs {
    let mut rng = Rng::new(seed);
    let mut args = KernelArgs::new();
    for r in &kernel.kernel().refs {
        if r.kind == RefKind::Input {
            args = args.tensor(&r.name, random_tensor(&mut rng, r.dtype, &r.shape, 1.0));
        }
    }
    args
}

/// Simulates `kernel` for `target` (text edited by `edit`); returns `o`.
fn simulate(
    kernel: &VerifiedKernel,
    args: &KernelArgs,
    target: Target,
    edit: impl Fn(String) -> String,
) -> Result<HostTensor, String> {
    let mut outs =
        tilekit_ptx_sim::simulate_text(kernel, args, target, edit).map_err(|e| e.to_string())?;
    outs.remove("o").ok_or_else(|| "no output `o`".to_string())
}

/// Largest |simulated - interpreted| relative to the scale of the sums.
fn max_err(got: &HostTensor, want: &HostTensor, k: usize) -> f64 {
    let tol_scale = (k as f64).sqrt();
    got.to_f64_vec()
        .iter()
        .zip(want.to_f64_vec())
        .map(|(a, b)| {
            assert!(!a.is_nan(), "NaN where the interpreter has {b}");
            (a - b).abs() / tol_scale
        })
        .fold(0.0, f64::max)
}

const SHAPES: [(usize, usize, usize); 7] = [
    (4, 128, 16),  // decode q·Kᵀ: G x D x BS
    (4, 16, 128),  // decode p·V
    (16, 32, 8),   // exactly one mma tile in M and N
    (5, 20, 13),   // nothing a multiple of anything
    (64, 64, 64),  // one warpgroup block
    (65, 40, 33),  // wgmma with padding in M, N and K
    (64, 16, 264), // two wgmma N chunks (256 + 8)
];

#[test]
fn tensor_core_dots_match_the_interpreter_on_both_targets() {
    let mut cases = 0;
    for (i, &(m, k, n)) in SHAPES.iter().enumerate() {
        for dtype in [DType::Bf16, DType::F16] {
            for transposed in [false, true] {
                let kernel = dot_kernel(dtype, m, k, n, transposed);
                let args = args_for(&kernel, 11 + i as u64);
                let want = &tilekit_core::interp::run(&kernel, &args).unwrap()["o"];
                for target in Target::ALL {
                    let what = format!(
                        "{dtype} [{m},{k}]x[{k},{n}] transposed={transposed} {}",
                        target.name()
                    );
                    let got = simulate(&kernel, &args, target, |t| t)
                        .unwrap_or_else(|e| panic!("{what}: {e}"));
                    // Products are exact; only the summation order differs.
                    let err = max_err(&got, want, k);
                    assert!(err < 1e-5, "{what}: error {err}");
                    cases += 1;
                }
            }
        }
    }
    assert_eq!(cases, SHAPES.len() * 8);
}

#[test]
fn each_shape_selects_the_expected_instruction() {
    for &(m, k, n) in &SHAPES {
        let kernel = dot_kernel(DType::Bf16, m, k, n, true);
        let sm90 = emit(&kernel, Target::Sm90a).unwrap().text;
        let sm80 = emit(&kernel, Target::Sm80).unwrap().text;
        assert!(
            !sm80.contains("wgmma") && sm80.contains("mma.sync.aligned.m16n8k16"),
            "[{m},{k},{n}] sm_80"
        );
        let wants_wgmma = m >= 64;
        assert_eq!(
            sm90.contains("wgmma.mma_async"),
            wants_wgmma,
            "[{m},{k},{n}] sm_90a"
        );
        assert_eq!(
            sm90.contains("mma.sync"),
            !wants_wgmma,
            "[{m},{k},{n}] sm_90a"
        );
    }
    // f32 operands keep the exact scalar path.
    let f32_dot = dot_kernel(DType::F32, 16, 16, 16, false);
    let text = emit(&f32_dot, Target::Sm90a).unwrap().text;
    assert!(!text.contains("mma") && text.contains("mul.rn.f32"));
}

#[test]
fn reading_wgmma_accumulators_before_the_wait_is_caught() {
    let kernel = dot_kernel(DType::Bf16, 64, 32, 16, true);
    let args = args_for(&kernel, 3);
    let want = &tilekit_core::interp::run(&kernel, &args).unwrap()["o"];
    let ok = simulate(&kernel, &args, Target::Sm90a, |t| t).unwrap();
    assert!(max_err(&ok, want, 32) < 1e-5);
    // Without the wait, the stores read the zero-initialised accumulators.
    let racy = simulate(&kernel, &args, Target::Sm90a, |t| {
        t.replace("wgmma.wait_group.sync.aligned 0;", "")
    })
    .unwrap();
    assert!(
        max_err(&racy, want, 32) > 1e-2,
        "a missing wait went unnoticed"
    );
}
