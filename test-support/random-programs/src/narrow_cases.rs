//! Fixed cases of the 8- and 16-bit dtypes and the bit ops, shared by the
//! differential tests that hold a backend to the interpreter bit for bit
//! (PJRT CPU in tilekit-pjrt, the PTX simulator in tilekit-ptx-sim): each
//! function returns kernels with their arguments; the tests run them.

use tilekit_core::ir::{BinaryOp, Index, ReduceOp, UnaryOp, Value};
use tilekit_core::{DType, HostTensor, KernelArgs, KernelBuilder, VerifiedKernel};

/// A kernel and the arguments to run it on.
pub type Case = (VerifiedKernel, KernelArgs);

/// Rows (programs) and row length of the [`row_kernel`] cases.
pub const ROWS: usize = 3;
pub const N: usize = 8;

/// A kernel over a `[rows]` parallel grid: program `r` loads row `r` of
/// each input (`[rows, n]` of the given dtypes), combines the rows with
/// `f`, and stores the result in row `r` of output `y`.
pub fn row_kernel(
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

/// Arguments `x0, x1, ...` for a [`row_kernel`].
pub fn row_args(xs: Vec<HostTensor>) -> KernelArgs {
    xs.into_iter()
        .enumerate()
        .fold(KernelArgs::new(), |a, (i, t)| a.tensor(&format!("x{i}"), t))
}

fn f32s(dtype: DType, shape: &[usize], values: &[f32]) -> HostTensor {
    HostTensor::from_f32(dtype, shape, values).expect("test data matches its shape")
}

/// The nine numeric dtypes (every dtype but bool).
pub const ALL: [DType; 9] = [
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

/// Casts between every pair of the nine numeric dtypes.
pub fn casts() -> Vec<Case> {
    let mut out = Vec::new();
    for from in ALL {
        for to in ALL {
            let vk = row_kernel(&format!("cast_{from}_{to}"), ROWS, N, &[from], |kb, x| {
                kb.cast(x[0], to)
            });
            out.push((vk, row_args(vec![source(from)])));
        }
    }
    out
}

/// Bit ops, wrapping arithmetic, not/neg/abs on every integer dtype.
pub fn bit_ops_and_wrapping_arithmetic() -> Vec<Case> {
    let mut out = Vec::new();
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
            out.push((vk, row_args(vec![a.clone(), b.clone()])));
        }
        for op in [UnaryOp::Not, UnaryOp::Neg, UnaryOp::Abs] {
            let vk = row_kernel(&format!("{op:?}_{d}"), ROWS, N, &[d], |kb, x| {
                kb.unary(op, x[0])
            });
            out.push((vk, row_args(vec![a.clone()])));
        }
    }
    out
}

/// Shifts by amounts past the width and of negative values.
pub fn shifts() -> Vec<Case> {
    let mut out = Vec::new();
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
            out.push((vk, row_args(vec![source(d), amounts.clone()])));
        }
    }
    out
}

/// Bitcasts between equal widths (every non-NaN fp8 pattern round trip).
pub fn bitcasts() -> Vec<Case> {
    let mut out = Vec::new();
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
        out.push((vk, row_args(vec![u16s.clone()])));
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
        out.push((vk, row_args(vec![t])));
    }
    let vk = row_kernel("bitcast_f32_i32", ROWS, N, &[DType::F32], |kb, x| {
        kb.bitcast(x[0], DType::I32)
    });
    out.push((vk, row_args(vec![source(DType::F32)])));
    out
}

/// Sum, max and min reductions of every integer dtype.
pub fn narrow_reductions() -> Vec<Case> {
    let mut out = Vec::new();
    for d in INTS {
        for op in [ReduceOp::Sum, ReduceOp::Max, ReduceOp::Min] {
            let mut kb = tilekit_core::KernelBuilder::new(&format!("reduce_{op:?}_{d}"));
            kb.grid(&[1]);
            let x = kb.input("x0", d, &[ROWS, N]);
            let t = kb.load(x, &[Index::Full, Index::Full]);
            let r = kb.reduce(op, t, 1);
            let y = kb.output("y", d, &[ROWS]);
            kb.store(y, &[Index::Full], r);
            let vk = kb.finish().unwrap();
            out.push((vk, row_args(vec![source(d)])));
        }
    }
    out
}

/// A Q4_1 block as GGUF stores it: f16 scale and min in bytes 0..4, then
/// 16 bytes of nibbles; decoded in the kernel with shifts, masks and a
/// bitcast of the assembled u16.
/// A GGUF Q4_1 block decoded with shifts, masks and a bitcast of the assembled u16.
pub fn gguf_q4_1_block() -> Vec<Case> {
    let mut out = Vec::new();
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
    out.push((vk, args));
    out
}
