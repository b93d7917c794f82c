//! The Llama kernels (`tilekit_kernels::llama`) on the interpreter against
//! `reference::llama`, at random shapes around the model's (d_model 576,
//! 9/3 heads of 64, SwiGLU 1536, rows that walk the vocabulary in one or
//! several chunks, a masked last chunk), plus the host API's errors.
//! Case counts are small; `PROPTEST_CASES` overrides them.

mod llama_checks;

use llama_checks::*;
use proptest::prelude::*;
use tilekit_core::{DType, HostTensor, Interpreter};
use tilekit_kernels::llama::{self, SamplingParams};

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn run(r: R) -> Result<(), TestCaseError> {
    r.map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn rms_norm_matches_reference(
        m in prop::sample::select(vec![1usize, 3, 16, 17]),
        d in prop::sample::select(vec![1usize, 8, 64, 576]),
        seed in any::<u64>(),
    ) {
        run(check_rms_norm(&Interpreter, m, d, seed))?;
    }

    #[test]
    fn rope_matches_reference(
        m in 2usize..6,
        heads in prop::sample::select(vec![(9usize, 3usize, 64usize), (1, 1, 2), (4, 2, 8)]),
        base in prop::sample::select(vec![1e4f64, 1e5]),
        seed in any::<u64>(),
    ) {
        run(check_rope(&Interpreter, m, heads, base, seed))?;
    }

    #[test]
    fn gather_rows_matches_reference(
        m in prop::sample::select(vec![1usize, 5, 64]),
        d in prop::sample::select(vec![1usize, 576]),
        seed in any::<u64>(),
    ) {
        run(check_gather_rows(&Interpreter, m, d, seed))?;
    }

    #[test]
    fn linear_f32_matches_reference(
        m in prop::sample::select(vec![1usize, 3, 16]),
        nk in prop::sample::select(vec![(64usize, 32usize, 64usize), (192, 576, 64), (128, 8, 128)]),
        seed in any::<u64>(),
    ) {
        let (n, k, tile_n) = nk;
        run(check_linear_f32(&Interpreter, m, n, k, tile_n, seed))?;
    }

    #[test]
    fn swiglu_matches_reference(
        m in prop::sample::select(vec![1usize, 4, 24]),
        f in prop::sample::select(vec![1usize, 96, 1536]),
        seed in any::<u64>(),
    ) {
        run(check_swiglu(&Interpreter, m, f, seed))?;
    }

    #[test]
    fn argmax_matches_reference(
        m in prop::sample::select(vec![1usize, 3, 16, 17]),
        v in prop::sample::select(vec![1usize, 7, 1024, 1500, 3072]),
        seed in any::<u64>(),
    ) {
        run(check_argmax(&Interpreter, m, v, seed))?;
    }
}

proptest! {
    #![proptest_config(config(8))]

    #[test]
    fn sample_matches_reference(
        m in prop::sample::select(vec![1usize, 5, 16, 17]),
        v in prop::sample::select(vec![1usize, 7, 300, 1500]),
        seed in any::<u64>(),
    ) {
        run(check_sample(&Interpreter, m, v, seed))?;
    }
}

#[test]
fn tpu_row_blocks_match_references() {
    for (v, seed) in [(1024, 1), (1500, 2), (7, 3)] {
        check_tpu_rows(&Interpreter, v, seed).unwrap_or_else(|e| panic!("V {v}: {e}"));
    }
}

#[test]
fn greedy_sampling_is_argmax() {
    let mut rng = tilekit_kernels::testdata::Rng::new(3);
    let logits = tricky_logits(&mut rng, 4, 2100, 1.0);
    let greedy = llama::sample(&Interpreter, &logits, &[SamplingParams::greedy(); 4]).unwrap();
    assert_eq!(greedy, llama::argmax(&Interpreter, &logits).unwrap());
}

#[test]
fn bad_inputs_name_the_argument() {
    let f = |shape: &[usize]| {
        HostTensor::from_f32(DType::F32, shape, &vec![0.5; shape.iter().product()]).unwrap()
    };
    let err = llama::rms_norm(&Interpreter, &f(&[2, 8]), &f(&[7]), 1e-5).unwrap_err();
    assert_eq!((err.op(), err.arg()), ("rms_norm", Some("w")), "{err}");
    let err = llama::rms_norm(&Interpreter, &f(&[2, 8]), &f(&[8]), 0.0).unwrap_err();
    assert_eq!(err.arg(), Some("eps"), "{err}");
    let err =
        llama::add_rms_norm(&Interpreter, &f(&[2, 8]), &f(&[3, 8]), &f(&[8]), 1e-5).unwrap_err();
    assert_eq!(err.arg(), Some("r"), "{err}");
    let err = llama::swiglu(&Interpreter, &f(&[2, 8]), &f(&[2, 9])).unwrap_err();
    assert_eq!(err.arg(), Some("up"), "{err}");

    let table = llama::rope_table(8, 1e5, 16).unwrap();
    let pos = HostTensor::from_i32(&[2], vec![3, 16]).unwrap();
    let err = llama::rope(&Interpreter, &f(&[2, 4, 8]), &f(&[2, 2, 8]), &pos, &table).unwrap_err();
    assert_eq!(err.arg(), Some("pos"), "{err}");
    assert!(err.to_string().contains("token 1"), "{err}");
    let pos = HostTensor::from_i32(&[2], vec![3, 4]).unwrap();
    let err = llama::rope(&Interpreter, &f(&[2, 4, 6]), &f(&[2, 2, 6]), &pos, &table).unwrap_err();
    assert_eq!(err.arg(), Some("q"), "{err}");
    assert_eq!(
        llama::rope_table(7, 1e5, 4).unwrap_err().arg(),
        Some("head_dim")
    );

    let logits = f(&[2, 5]);
    let err = llama::argmax(&Interpreter, &f(&[2, 0])).unwrap_err();
    assert_eq!(err.arg(), Some("logits"), "{err}");
    for bad in [
        SamplingParams {
            temperature: -1.0,
            ..SamplingParams::greedy()
        },
        SamplingParams {
            temperature: f32::NAN,
            ..SamplingParams::greedy()
        },
        SamplingParams {
            temperature: 1e-45,
            ..SamplingParams::greedy()
        },
        SamplingParams {
            top_p: 0.0,
            ..SamplingParams::greedy()
        },
        SamplingParams {
            top_p: 1.5,
            ..SamplingParams::greedy()
        },
        SamplingParams {
            u: 1.0,
            ..SamplingParams::greedy()
        },
    ] {
        let err = llama::sample(&Interpreter, &logits, &[bad, bad]).unwrap_err();
        assert_eq!((err.op(), err.arg()), ("sample", Some("params")), "{err}");
    }
    let err = llama::sample(&Interpreter, &logits, &[SamplingParams::greedy()]).unwrap_err();
    assert_eq!(err.arg(), Some("params"), "{err}");
}

#[test]
fn empty_batches_launch_nothing() {
    let empty = HostTensor::from_f32(DType::F32, &[0, 8], &[]).unwrap();
    let w = HostTensor::from_f32(DType::F32, &[8], &[1.0; 8]).unwrap();
    assert_eq!(
        llama::rms_norm(&Interpreter, &empty, &w, 1e-5)
            .unwrap()
            .shape(),
        &[0, 8]
    );
    assert_eq!(llama::argmax(&Interpreter, &empty).unwrap().shape(), &[0]);
    assert_eq!(
        llama::sample(&Interpreter, &empty, &[]).unwrap().shape(),
        &[0]
    );
}
