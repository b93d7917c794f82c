//! The Llama kernels' emitted PTX (sm_90a and sm_80) run in the CPU
//! simulator, with its race and bounds checks, against `reference::llama`:
//! the interpreter tests' checks (`kernels/tests/llama_checks`) at small
//! shapes, the sampling walk over several vocabulary chunks included.

#[path = "../kernels/tests/llama_checks/mod.rs"]
mod llama_checks;

use llama_checks::*;
use tilekit_ptx_sim::{PtxSim, Target};

fn on_both(check: impl Fn(&PtxSim) -> R) {
    for target in [Target::Sm90a, Target::Sm80] {
        check(&PtxSim::new(target)).unwrap_or_else(|e| panic!("{target:?}: {e}"));
    }
}

#[test]
fn norms_rope_swiglu_ptx_sim() {
    on_both(|sim| check_rms_norm(sim, 2, 576, 1));
    on_both(|sim| check_rope(sim, 3, (9, 3, 64), 1e5, 2));
    on_both(|sim| check_swiglu(sim, 2, 1536, 3));
}

#[test]
fn argmax_and_sample_ptx_sim() {
    on_both(|sim| check_argmax(sim, 3, 2500, 4));
    on_both(|sim| check_argmax(sim, 16, 300, 6));
    on_both(|sim| check_sample(sim, 2, 1100, 5));
}
