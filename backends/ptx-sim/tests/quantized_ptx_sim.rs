//! Differential tests of the 8- and 16-bit dtypes and the bit ops on the
//! PTX simulator, sm_90a (hardware fp8 `cvt`) and sm_80 (fp8 emulated with
//! integer ops) each on its own (mirrors tilekit-pjrt's
//! `quantized_pjrt_cpu.rs`): casts between every pair of dtypes (fp8 saturation, integer wrap,
//! float → integer saturation), and/or/xor/not, shifts past the width,
//! bitcasts, wrapping narrow arithmetic and reductions, and a GGUF-style
//! dequantization (bytes → f16 scale → f32), all bit for bit against the
//! interpreter.

use std::collections::BTreeMap;
use tilekit_core::ir::{BinaryOp, Index, ReduceOp, UnaryOp, Value};
use tilekit_core::{interp, DType, HostTensor, KernelArgs, KernelBuilder, VerifiedKernel};
use tilekit_ptx_sim::{simulate, Target};

const ROWS: usize = 3;
const N: usize = 8;

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

fn f32s(dtype: DType, shape: &[usize], values: &[f32]) -> HostTensor {
    HostTensor::from_f32(dtype, shape, values).expect("test data matches its shape")
}

/// A kernel over a `[rows]` parallel grid: program `r` loads row `r` of
/// each input, combines the rows with `f`, and stores row `r` of `y`.
fn row_kernel(
    name: &str,
    rows: usize,
    n: usize,
    inputs: &[DType],
    f: impl FnOnce(&mut KernelBuilder, &[Value]) -> Value,
) -> VerifiedKernel {
    let mut kb = KernelBuilder::new(name);
    kb.grid(&[rows]);
    let refs: Vec<_> = inputs
        .iter()
        .enumerate()
        .map(|(i, &d)| kb.input(&format!("x{i}"), d, &[rows, n]))
        .collect();
    let r = kb.program_id(0);
    let tiles: Vec<Value> = refs
        .iter()
        .map(|&x| kb.load(x, &[Index::at(r), Index::Full]))
        .collect();
    let out = f(&mut kb, &tiles);
    let ty = kb.ty(out).clone();
    let y = kb.output("y", ty.dtype, &[rows, n]);
    kb.store(y, &[Index::at(r), Index::Full], out);
    kb.finish().unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn row_args(xs: Vec<HostTensor>) -> KernelArgs {
    xs.into_iter()
        .enumerate()
        .fold(KernelArgs::new(), |a, (i, t)| a.tensor(&format!("x{i}"), t))
}

const ALL: [DType; 9] = [
    DType::F32,
    DType::Bf16,
    DType::F16,
    DType::I32,
    DType::I8,
    DType::U8,
    DType::U16,
    DType::F8E4M3,
    DType::F8E5M2,
];
const INTS: [DType; 4] = [DType::I8, DType::U8, DType::U16, DType::I32];

/// 24 values with fp8 ties and overflow, integer range edges, NaN and
/// infinities (for float sources).
fn source(d: DType) -> HostTensor {
    let floats: [f32; 24] = [
        0.0,
        -0.0,
        1.0625,
        -1.1875,
        448.0,
        470.0,
        -1e6,
        61440.0,
        2f32.powi(-10),
        2f32.powi(-10) * 1.01,
        127.7,
        -128.9,
        255.5,
        256.0,
        65535.9,
        70000.0,
        0.3,
        -2.7,
        3e9,
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        1.0 + 2f32.powi(-8),
        -5.5,
    ];
    if let Some((lo, hi)) = d.int_range() {
        let ints: Vec<i32> = floats
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                let v = if x.is_finite() {
                    x as i64
                } else {
                    i as i64 * 37
                };
                v.clamp(lo, hi) as i32
            })
            .collect();
        let mut ints = ints;
        ints[0] = lo as i32;
        ints[1] = hi as i32;
        HostTensor::from_ints(d, &[ROWS, N], &ints).unwrap()
    } else {
        f32s(d, &[ROWS, N], &floats)
    }
}

#[test]
fn casts_between_every_pair_of_dtypes_ptx_sim() {
    for from in ALL {
        for to in ALL {
            let vk = row_kernel(&format!("cast_{from}_{to}"), ROWS, N, &[from], |kb, x| {
                kb.cast(x[0], to)
            });
            check(&vk, &row_args(vec![source(from)]), Cmp::Exact);
        }
    }
}

#[test]
fn bit_ops_and_wrapping_arithmetic_on_narrow_integers_ptx_sim() {
    let binary = [
        BinaryOp::And,
        BinaryOp::Or,
        BinaryOp::Xor,
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::Max,
        BinaryOp::Min,
    ];
    for d in INTS {
        let a = source(d);
        let b_vals: Vec<i32> = a.to_i32_vec().unwrap().into_iter().rev().collect();
        let b = HostTensor::from_ints(d, &[ROWS, N], &b_vals).unwrap();
        for op in binary {
            let vk = row_kernel(&format!("{op:?}_{d}"), ROWS, N, &[d, d], |kb, x| {
                kb.binary(op, x[0], x[1])
            });
            check(&vk, &row_args(vec![a.clone(), b.clone()]), Cmp::Exact);
        }
        for op in [UnaryOp::Not, UnaryOp::Neg, UnaryOp::Abs] {
            let vk = row_kernel(&format!("{op:?}_{d}"), ROWS, N, &[d], |kb, x| {
                kb.unary(op, x[0])
            });
            check(&vk, &row_args(vec![a.clone()]), Cmp::Exact);
        }
    }
}

#[test]
fn shifts_past_the_width_and_of_negative_values_ptx_sim() {
    for d in INTS {
        let width = d.bits() as i32;
        let amounts: Vec<i32> = (0..(ROWS * N) as i32)
            .map(|i| d.wrap_int([0, 1, 3, 4, width - 1, width, width + 5, -1][i as usize % 8]))
            .collect();
        let amounts = HostTensor::from_ints(d, &[ROWS, N], &amounts).unwrap();
        for op in [BinaryOp::Shl, BinaryOp::Shr] {
            let vk = row_kernel(&format!("{op:?}_{d}"), ROWS, N, &[d, d], |kb, x| {
                kb.binary(op, x[0], x[1])
            });
            check(&vk, &row_args(vec![source(d), amounts.clone()]), Cmp::Exact);
        }
    }
}

#[test]
fn bitcasts_between_equal_widths_ptx_sim() {
    let u16s: Vec<i32> = (0..24).map(|i| (i * 2731 + 0x3c00) % 0x7c00).collect();
    let u16s = HostTensor::from_ints(DType::U16, &[ROWS, N], &u16s).unwrap();
    for to in [DType::F16, DType::Bf16] {
        let vk = row_kernel(
            &format!("bitcast_u16_{to}"),
            ROWS,
            N,
            &[DType::U16],
            |kb, x| {
                let f = kb.bitcast(x[0], to);
                kb.cast(f, DType::F32)
            },
        );
        check(&vk, &row_args(vec![u16s.clone()]), Cmp::Exact);
    }
    // Every fp8 pattern but the NaNs (whose payloads the interpreter does
    // not keep), through the format and back to its bits.
    for fp8 in [DType::F8E4M3, DType::F8E5M2] {
        let format = fp8.fp8_format().unwrap();
        let bytes: Vec<i32> = (0..=255u8)
            .filter(|&b| !format.decode(b).is_nan())
            .map(i32::from)
            .take(ROWS * N * 8)
            .collect();
        let n = bytes.len() / ROWS;
        let t = HostTensor::from_ints(DType::U8, &[ROWS, n], &bytes[..ROWS * n]).unwrap();
        let vk = row_kernel(
            &format!("bitcast_u8_{fp8}"),
            ROWS,
            n,
            &[DType::U8],
            |kb, x| {
                let f = kb.bitcast(x[0], fp8);
                let wide = kb.cast(f, DType::F32);
                let back = kb.cast(wide, fp8);
                kb.bitcast(back, DType::I8)
            },
        );
        check(&vk, &row_args(vec![t]), Cmp::Exact);
    }
    let vk = row_kernel("bitcast_f32_i32", ROWS, N, &[DType::F32], |kb, x| {
        kb.bitcast(x[0], DType::I32)
    });
    check(&vk, &row_args(vec![source(DType::F32)]), Cmp::Exact);
}

#[test]
fn narrow_integer_reductions_ptx_sim() {
    for d in INTS {
        for op in [ReduceOp::Sum, ReduceOp::Max, ReduceOp::Min] {
            let mut kb = tilekit_core::KernelBuilder::new(&format!("reduce_{op:?}_{d}"));
            kb.grid(&[1]);
            let x = kb.input("x0", d, &[ROWS, N]);
            let t = kb.load(
                x,
                &[tilekit_core::ir::Index::Full, tilekit_core::ir::Index::Full],
            );
            let r = kb.reduce(op, t, 1);
            let y = kb.output("y", d, &[ROWS]);
            kb.store(y, &[tilekit_core::ir::Index::Full], r);
            let vk = kb.finish().unwrap();
            check(&vk, &row_args(vec![source(d)]), Cmp::Exact);
        }
    }
}

/// A Q4_1 block as GGUF stores it: f16 scale and min in bytes 0..4, then
/// 16 bytes of nibbles; decoded in the kernel with shifts, masks and a
/// bitcast of the assembled u16.
#[test]
fn gguf_q4_1_block_decodes_like_the_interpreter_ptx_sim() {
    let blocks = 3;
    let mut bytes = Vec::new();
    for b in 0..blocks {
        let d = half::f16::from_f32(0.01 * (b as f32 + 1.0)).to_le_bytes();
        let m = half::f16::from_f32(-0.3 + b as f32 * 0.2).to_le_bytes();
        bytes.extend(d);
        bytes.extend(m);
        bytes.extend((0..16).map(|j| ((j * 37 + b * 11) % 256) as u8));
    }
    let w = HostTensor::from_u8(&[blocks, 20], bytes).unwrap();
    let mut kb = tilekit_core::KernelBuilder::new("q4_1_block");
    kb.grid(&[blocks]);
    let wr = kb.input("w", DType::U8, &[blocks, 20]);
    let y = kb.output("y", DType::F32, &[blocks, 32]);
    let i = kb.program_id(0);
    let byte = |kb: &mut tilekit_core::KernelBuilder, at: i32| {
        let c = kb.i32(at);
        let v = kb.load(wr, &[Index::at(i), Index::slice(c, 1)]);
        kb.cast(v, DType::U16)
    };
    let half_at = |kb: &mut tilekit_core::KernelBuilder, at: i32| {
        let lo = byte(kb, at);
        let hi = byte(kb, at + 1);
        let eight = kb.constant(
            tilekit_core::ir::ConstValue::Int(8),
            tilekit_core::ir::Type::tile(DType::U16, &[1]),
        );
        let hi = kb.shl(hi, eight);
        let bits = kb.or(hi, lo);
        let h = kb.bitcast(bits, DType::F16);
        kb.cast(h, DType::F32)
    };
    let d = half_at(&mut kb, 0);
    let m = half_at(&mut kb, 2);
    let four = kb.i32(4);
    let qs = kb.load(wr, &[Index::at(i), Index::slice(four, 16)]);
    let mask = kb.constant(
        tilekit_core::ir::ConstValue::Int(15),
        tilekit_core::ir::Type::tile(DType::U8, &[16]),
    );
    let shift = kb.constant(
        tilekit_core::ir::ConstValue::Int(4),
        tilekit_core::ir::Type::tile(DType::U8, &[16]),
    );
    let lo = kb.and(qs, mask);
    let hi = kb.shr(qs, shift);
    let lo = kb.cast(lo, DType::F32);
    let hi = kb.cast(hi, DType::F32);
    let d16 = kb.broadcast(d, &[16], &[0]);
    let m16 = kb.broadcast(m, &[16], &[0]);
    let lo = kb.mul(lo, d16);
    let lo = kb.add(lo, m16);
    let hi = kb.mul(hi, d16);
    let hi = kb.add(hi, m16);
    let zero = kb.i32(0);
    let sixteen = kb.i32(16);
    kb.store(y, &[Index::at(i), Index::slice(zero, 16)], lo);
    kb.store(y, &[Index::at(i), Index::slice(sixteen, 16)], hi);
    let vk = kb.finish().unwrap();
    let args = tilekit_core::KernelArgs::new().tensor("w", w);
    check(&vk, &args, Cmp::Exact);
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
