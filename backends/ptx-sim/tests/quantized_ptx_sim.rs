//! Differential tests of the 8- and 16-bit dtypes and the bit ops on the
//! PTX simulator, sm_90a (hardware fp8 `cvt`) and sm_80 (fp8 emulated with
//! integer ops) each on its own (mirrors tilekit-pjrt's
//! `quantized_pjrt_cpu.rs`): casts between every pair of dtypes (fp8 saturation, integer wrap,
//! float → integer saturation), and/or/xor/not, shifts past the width,
//! bitcasts, wrapping narrow arithmetic and reductions, and a GGUF-style
//! dequantization (bytes → f16 scale → f32), all bit for bit against the
//! interpreter.

use std::collections::BTreeMap;
use tilekit_core::{interp, DType, HostTensor, KernelArgs, VerifiedKernel};
use tilekit_ptx_sim::{simulate, Target};
use tilekit_random_programs::narrow_cases::{self, row_args, row_kernel, ALL, N, ROWS};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Cmp {
    /// Bit for bit (NaN matches NaN; the sign of zero counts).
    Exact,
}

/// Runs `vk` on the interpreter and simulates it for sm_90a and for sm_80;
/// every output must equal the interpreter's bit for bit.
fn check(vk: &VerifiedKernel, args: &KernelArgs, _cmp: Cmp) {
    let want = interp::run(vk, args).unwrap_or_else(|e| panic!("interpreter: {e}"));
    for target in Target::ALL {
        let got = simulate(vk, args, target).unwrap_or_else(|e| panic!("{e}"));
        check_outputs(&got, &want, &format!("{} on {}", vk.name(), target.name()));
    }
}

fn check_outputs(
    got: &BTreeMap<String, HostTensor>,
    want: &BTreeMap<String, HostTensor>,
    what: &str,
) {
    for (name, w) in want {
        let g = &got[name];
        assert_eq!(
            (g.dtype(), g.shape()),
            (w.dtype(), w.shape()),
            "{what}: {name}"
        );
        let (a, b) = (g.to_f64_vec(), w.to_f64_vec());
        for (i, (&x, &y)) in a.iter().zip(&b).enumerate() {
            let ok = if x.is_nan() || y.is_nan() {
                x.is_nan() && y.is_nan()
            } else {
                x == y && x.is_sign_negative() == y.is_sign_negative()
            };
            assert!(ok, "{what}: {name}[{i}]: simulated {x:e}, interpreter {y:e}; simulated {:?}, interpreter {:?}", &a[..a.len().min(24)], &b[..b.len().min(24)]);
        }
    }
}

#[test]
fn casts_between_every_pair_of_dtypes_ptx_sim() {
    for (vk, args) in narrow_cases::casts() {
        check(&vk, &args, Cmp::Exact);
    }
}

#[test]
fn bit_ops_and_wrapping_arithmetic_on_narrow_integers_ptx_sim() {
    for (vk, args) in narrow_cases::bit_ops_and_wrapping_arithmetic() {
        check(&vk, &args, Cmp::Exact);
    }
}

#[test]
fn shifts_past_the_width_and_of_negative_values_ptx_sim() {
    for (vk, args) in narrow_cases::shifts() {
        check(&vk, &args, Cmp::Exact);
    }
}

#[test]
fn bitcasts_between_equal_widths_ptx_sim() {
    for (vk, args) in narrow_cases::bitcasts() {
        check(&vk, &args, Cmp::Exact);
    }
}

#[test]
fn narrow_integer_reductions_ptx_sim() {
    for (vk, args) in narrow_cases::narrow_reductions() {
        check(&vk, &args, Cmp::Exact);
    }
}

#[test]
fn gguf_q4_1_block_decodes_like_the_interpreter_ptx_sim() {
    for (vk, args) in narrow_cases::gguf_q4_1_block() {
        check(&vk, &args, Cmp::Exact);
    }
}

/// Every byte pattern read as each 8-bit dtype through the 16-byte vector
/// path (rows of 64 bytes), cast to every dtype and stored vectorised.
#[test]
fn every_byte_pattern_through_vector_moves_and_casts_ptx_sim() {
    let bytes: Vec<i32> = (0..256).collect();
    let t = HostTensor::from_ints(DType::U8, &[4, 64], &bytes).unwrap();
    for via in [DType::U8, DType::I8, DType::F8E4M3, DType::F8E5M2] {
        for to in ALL {
            let vk = row_kernel(
                &format!("bytes_{via}_{to}"),
                4,
                64,
                &[DType::U8],
                |kb, x| {
                    let v = kb.bitcast(x[0], via);
                    kb.cast(v, to)
                },
            );
            check(&vk, &row_args(vec![t.clone()]), Cmp::Exact);
        }
    }
}

/// sm_90a converts fp8 with the hardware `cvt` forms; sm_80, which has
/// none, emulates them (both checked against the interpreter above).
#[test]
fn fp8_conversions_are_hardware_on_sm_90a_and_emulated_on_sm_80_ptx_sim() {
    for (fp8, name) in [(DType::F8E4M3, "e4m3x2"), (DType::F8E5M2, "e5m2x2")] {
        let vk = row_kernel("fp8_round_trip", ROWS, N, &[fp8], |kb, x| {
            let w = kb.cast(x[0], DType::F32);
            kb.cast(w, fp8)
        });
        let sm90 = tilekit_ptx::emit(&vk, Target::Sm90a).unwrap().text;
        assert!(sm90.contains(&format!("cvt.rn.f16x2.{name}")), "{sm90}");
        assert!(
            sm90.contains(&format!("cvt.rn.satfinite.{name}.f32")),
            "{sm90}"
        );
        let sm80 = tilekit_ptx::emit(&vk, Target::Sm80).unwrap().text;
        assert!(!sm80.contains(name), "{sm80}");
    }
}
