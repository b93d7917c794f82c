//! PJRT through the `Backend` trait: a `#[kernel]` launcher runs on it and
//! agrees with the interpreter; argument errors are the interpreter's.

use tilekit_core::dsl::bf16;
use tilekit_core::{Backend, DType};
use tilekit_kernels::paged_decode::PagedDecodeArgs;
use tilekit_kernels::testdata::{PagedDecodeSpec, TailFill};
use tilekit_pjrt::PjrtBackend;

fn args() -> PagedDecodeArgs {
    let case = PagedDecodeSpec {
        batch: 3,
        q_heads: 8,
        kv_heads: 2,
        head_dim: 64,
        block_size: 16,
        lens: vec![33, 0, 16],
        dtype: DType::Bf16,
        logit_scale: 1.0,
        share_pages: true,
        tail_fill: TailFill::Garbage,
        seed: 9,
    }
    .build();
    PagedDecodeArgs {
        block_tables: case.block_tables,
        context_lens: case.context_lens,
        q: case.q,
        k_cache: case.k_cache,
        v_cache: case.v_cache,
        scale: case.scale as f32,
        stages: 2,
    }
}

#[test]
fn pjrt_cpu_backend_runs_a_launcher_like_the_interpreter() {
    let backend = PjrtBackend::default_plugin().unwrap_or_else(|e| panic!("{e}"));
    assert!(backend.name().starts_with("pjrt-"), "{}", backend.name());
    let a = args();
    let on_pjrt = a.run::<bf16>(&backend).unwrap_or_else(|e| panic!("{e}"));
    let on_interp = a.run_interpreter::<bf16>().unwrap();
    let (x, y) = (on_pjrt.o.to_f32_vec(), on_interp.o.to_f32_vec());
    let worst = x
        .iter()
        .zip(&y)
        .map(|(a, b)| (a - b).abs())
        .fold(0f32, f32::max);
    assert!(worst < 2e-2, "max |pjrt - interp| = {worst}");
    // The second launch reuses the traced kernel, so PJRT's compile cache hits.
    a.run::<bf16>(&backend).unwrap();
}

#[test]
fn pjrt_cpu_backend_reports_argument_errors_like_the_interpreter() {
    let backend = PjrtBackend::default_plugin().unwrap_or_else(|e| panic!("{e}"));
    let mut a = args();
    a.q = tilekit_core::HostTensor::zeros(DType::F16, a.q.shape());
    let err = a.run::<bf16>(&backend).unwrap_err().to_string();
    assert_eq!(
        err,
        "kernel `paged_decode`: argument `q` has dtype f16 but the kernel expects bf16"
    );
}
