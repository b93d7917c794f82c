//! Kernels, arguments and comparisons shared by the simulator's tests; the
//! random data comes from a local generator so that this crate needs no
//! kernel catalog.

#![allow(dead_code)]

use std::collections::BTreeMap;
use tilekit_core::ir::{ConstValue, Index};
use tilekit_core::{DType, HostTensor, KernelArgs, KernelBuilder, VerifiedKernel};

/// SplitMix64, as in `tilekit-kernels`' test data (copied: backends do not
/// depend on the kernels crate).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal by Box-Muller.
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Uniform in `[0, n)`.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}

/// Normal values times `scale`, rounded to `dtype`.
pub fn random_tensor(rng: &mut Rng, dtype: DType, shape: &[usize], scale: f64) -> HostTensor {
    let n: usize = shape.iter().product();
    let vals: Vec<f32> = (0..n).map(|_| (rng.normal() * scale) as f32).collect();
    HostTensor::from_f32(dtype, shape, &vals).expect("element count matches shape")
}

/// Elementwise agreement: exact for i32/bool and infinities, else within
/// `atol + rtol * |expected|`.
pub fn close(name: &str, got: &HostTensor, want: &HostTensor, atol: f64, rtol: f64) {
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

/// Every output of `got` close to `want`'s.
pub fn close_all(
    what: &str,
    got: &BTreeMap<String, HostTensor>,
    want: &BTreeMap<String, HostTensor>,
    atol: f64,
    rtol: f64,
) {
    assert!(!want.is_empty(), "{what}: no outputs");
    for (name, w) in want {
        close(&format!("{what} {name}"), &got[name], w, atol, rtol);
    }
}

/// A kernel that uses every op family the paged decode does not: integer
/// and bool math, every cast, serial and shuffle reductions, reshapes in
/// registers and through shared memory, masked loads and stores, an in/out
/// ref, a block spec, `if`, a plain loop, and dots in f32 and f16.
pub fn zoo() -> VerifiedKernel {
    let mut kb = KernelBuilder::new("zoo");
    kb.grid(&[2]);
    let x = kb.input("x", DType::F32, &[2, 8, 16]);
    let h = kb.input("h", DType::Bf16, &[2, 16]);
    let idx = kb.input("idx", DType::I32, &[2, 16]);
    let flags = kb.input("flags", DType::Bool, &[2, 16]);
    let blocked = kb.input("blocked", DType::F32, &[4, 16]);
    let acc = kb.inout("acc", DType::F32, &[2, 16]);
    let y = kb.output("y", DType::F32, &[2, 8, 16]);
    let z = kb.output("z", DType::F32, &[2, 16]);
    let w = kb.output("w", DType::I32, &[2, 16]);
    let v = kb.output("v", DType::Bool, &[2, 16]);
    let hb = kb.output("hb", DType::F16, &[2, 16]);
    kb.block_spec(blocked, &[2, 16], |kb, ids| {
        let zero = kb.i32(0);
        vec![ids[0], zero]
    });
    let n = kb.scalar("n", DType::I32);
    let flag = kb.scalar("flag", DType::Bool);
    let p = kb.program_id(0);
    let row = |p| [Index::at(p), Index::Full];

    // Reductions, transpose, unary math.
    let xt = kb.load(x, &[Index::at(p), Index::Full, Index::Full]); // [8, 16]
    let t1 = kb.t(xt); // [16, 8]
    let r0 = kb.sum(xt, 0); // [16], serial
    let rmin = kb.reduce_min(t1, 1); // [16], shuffles
    let a0 = kb.abs(r0);
    let na = kb.neg(a0);
    let e = kb.exp2(na);
    let am = kb.abs(rmin);
    let sq = kb.sqrt(am);
    let one = kb.f32(1.0);
    let a1 = kb.add(a0, one);
    let rs = kb.rsqrt(a1);
    let lg = kb.log(a1);
    let ex = kb.exp(na);

    // bf16 input, dots in f32 and f16.
    let hl = kb.load(h, &row(p));
    let hf = kb.cast(hl, DType::F32);
    let d32 = kb.dot(t1, xt); // [16, 16]
    let t16 = kb.cast(t1, DType::F16);
    let x16 = kb.cast(xt, DType::F16);
    let d16 = kb.dot(t16, x16);
    let dsum = kb.sum(d32, 1);
    let dmax = kb.reduce_max(d16, 1);

    // Integer and bool math, masked load.
    let it = kb.iota(&[16], 0, DType::I32);
    let i2 = kb.load(idx, &row(p));
    let three = kb.i32(3);
    let i3 = kb.mul(i2, three);
    let i4 = kb.add(i3, it);
    let seven = kb.i32(7);
    let iw = kb.rem(i4, seven);
    let two = kb.i32(2);
    let idv = kb.div(i4, two);
    let imax = kb.max(iw, idv);
    let imin = kb.min(iw, it);
    let inot = kb.not(imin);
    let iand = kb.and(imax, inot);
    let ior = kb.or(iand, it);
    let ineg = kb.neg(ior);
    let iab = kb.abs(ineg);
    // `load` records `other: Int(0)`, which the verifier rejects for bool
    // refs; a masked load with a true mask and `other: false` is the same.
    let all = kb.constant(
        ConstValue::Bool(true),
        tilekit_core::ir::Type::tile(DType::Bool, &[16]),
    );
    let fl = kb.load_masked(flags, &row(p), all, ConstValue::Bool(false));
    let lt = kb.lt(it, n);
    let both = kb.and(fl, lt);
    let either = kb.or(fl, lt);
    let nb = kb.not(both);
    let same = kb.eq(nb, either);
    let bsel = kb.select(fl, same, lt);
    let masked = kb.load_masked(idx, &row(p), lt, ConstValue::Int(-5));
    let wsum = kb.add(iab, masked);

    // Casts.
    let big = kb.i32(16_777_217);
    let bigt = kb.add(wsum, big);
    let ib = kb.cast(bigt, DType::Bf16);
    let ibf = kb.cast(ib, DType::F32);
    let ih = kb.cast(wsum, DType::F16);
    let ihf = kb.cast(ih, DType::F32);
    let fi = kb.cast(dsum, DType::I32);
    let fb = kb.cast(e, DType::Bool);
    let bf = kb.cast(bsel, DType::F32);
    let bi = kb.cast(fb, DType::I32);
    let ifl = kb.cast(wsum, DType::F32);
    let itb = kb.cast(iw, DType::Bool);
    let fiota = kb.iota(&[16], 0, DType::Bf16);
    let fio = kb.cast(fiota, DType::F32);

    // Block spec, in/out ref, reshapes, if, plain loop.
    let bl = kb.load(blocked, &[Index::Full, Index::Full]); // [2, 16]
    let bmax = kb.reduce_max(bl, 0);
    let old = kb.load(acc, &row(p));
    let newacc = kb.add(old, e);
    kb.store(acc, &row(p), newacc);
    let flat = kb.reshape(xt, &[128]);
    let col = kb.reshape(flat, &[128, 1]);
    let back = kb.reshape(col, &[8, 16]);
    let chosen = kb.if_else(
        flag,
        |kb| {
            let twice = kb.add(back, back);
            vec![twice]
        },
        |kb| {
            let c = kb.f32(1.0);
            let minus = kb.sub(back, c);
            vec![minus]
        },
    );
    let zero = kb.i32(0);
    let init = kb.zeros(&[16], DType::F32);
    let summed = kb.for_loop(zero, n, &[init], |kb, j, carried| {
        let r = kb.load(x, &[Index::at(p), Index::at(j), Index::Full]);
        vec![kb.add(carried[0], r)]
    });

    // Outputs.
    let mut total = kb.add(sq, rs);
    for t in [lg, ex, hf, dmax, ibf, ihf, bf, ifl, fio, bmax, summed[0]] {
        total = kb.add(total, t);
    }
    kb.store_masked(z, &row(p), total, fl);
    let wout = kb.add(fi, bi);
    kb.store(w, &row(p), wout);
    kb.store(v, &row(p), itb);
    let half = kb.cast(total, DType::F16);
    kb.store(hb, &row(p), half);
    kb.store(y, &[Index::at(p), Index::Full, Index::Full], chosen[0]);
    kb.finish().unwrap_or_else(|e| panic!("{e}"))
}

/// Arguments for [`zoo`].
pub fn zoo_args(seed: u64) -> KernelArgs {
    let mut rng = Rng::new(seed);
    let idx: Vec<i32> = (0..32).map(|_| rng.below(100) as i32 - 50).collect();
    let flags: Vec<bool> = (0..32).map(|_| rng.below(2) == 1).collect();
    let acc = random_tensor(&mut rng, DType::F32, &[2, 16], 1.0);
    KernelArgs::new()
        .tensor("x", random_tensor(&mut rng, DType::F32, &[2, 8, 16], 1.0))
        .tensor("h", random_tensor(&mut rng, DType::Bf16, &[2, 16], 1.0))
        .tensor("idx", HostTensor::from_i32(&[2, 16], idx).unwrap())
        .tensor(
            "flags",
            HostTensor::new(&[2, 16], tilekit_core::TensorData::Bool(flags)).unwrap(),
        )
        .tensor(
            "blocked",
            random_tensor(&mut rng, DType::F32, &[4, 16], 1.0),
        )
        .tensor("acc", acc)
        .i32("n", 5)
        .scalar("flag", tilekit_core::ScalarArg::Bool(seed % 2 == 0))
}

/// A three-stage pipelined loop whose loads are masked (so they are staged
/// synchronously rather than with `cp.async`); `n` valid elements per row.
pub fn masked_pipeline() -> VerifiedKernel {
    let mut kb = KernelBuilder::new("masked_pipeline");
    kb.grid(&[2]);
    let x = kb.input("x", DType::F32, &[2, 40]);
    let y = kb.output("y", DType::F32, &[2, 8]);
    let n = kb.scalar("n", DType::I32);
    let p = kb.program_id(0);
    let zero = kb.i32(0);
    let eight = kb.i32(8);
    let seven = kb.i32(7);
    let padded = kb.add(n, seven);
    let chunks = kb.div(padded, eight);
    let init = kb.zeros(&[8], DType::F32);
    let out = kb.pipeline(zero, chunks, 3, &[init], |kb, j, carried| {
        let start = kb.mul(j, eight);
        let lane = kb.iota(&[8], 0, DType::I32);
        let pos = kb.add(lane, start);
        let keep = kb.lt(pos, n);
        let t = kb.load_masked(
            x,
            &[Index::at(p), Index::slice(start, 8)],
            keep,
            ConstValue::Float(0.5),
        );
        vec![kb.add(carried[0], t)]
    });
    kb.store(y, &[Index::at(p), Index::Full], out[0]);
    kb.finish().unwrap_or_else(|e| panic!("{e}"))
}
