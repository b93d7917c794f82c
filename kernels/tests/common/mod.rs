//! Shared by the kernels' integration tests: the proptest configuration,
//! comparison against the f64 references, and small strategies.
//!
//! Every property check is a function taking `&dyn Backend`, so running it
//! on another backend (PJRT, CUDA) is one more `proptest!` line.

#![allow(dead_code)] // each test binary uses a different part

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use tilekit_core::{DType, HostTensor};
use tilekit_kernels::reference::{compare, Array64, Tolerance};
use tilekit_kernels::AttnOutputs;

/// Cases per property: 256 by default, `PROPTEST_CASES` to change it.
pub fn proptest_config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Compares one output tensor with its reference at `dtype`'s tolerance.
pub fn close(
    what: &str,
    got: &HostTensor,
    want: &Array64,
    dtype: DType,
) -> Result<(), TestCaseError> {
    compare(what, got, want, Tolerance::for_dtype(dtype))
        .map(|_| ())
        .map_err(TestCaseError::fail)
}

/// Compares `o` and `lse` with the reference.
pub fn close_attn(
    got: &AttnOutputs,
    want: &tilekit_kernels::reference::AttnOut,
    dtype: DType,
) -> Result<(), TestCaseError> {
    close("o", &got.o, &want.o, dtype)?;
    close("lse", &got.lse, &want.lse, dtype)
}

/// Turns a `Result` with a displayable error into a test-case failure.
pub fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> Result<T, TestCaseError> {
    r.map_err(|e| TestCaseError::fail(e.to_string()))
}

pub fn dtypes() -> impl Strategy<Value = DType> {
    prop::sample::select(vec![DType::Bf16, DType::F16, DType::F32])
}

/// Head dims: mostly 64 (fast), sometimes 128 or 256.
pub fn head_dims() -> impl Strategy<Value = usize> {
    prop_oneof![8 => Just(64usize), 1 => Just(128usize), 1 => Just(256usize)]
}

/// GQA group sizes 1..16, small ones first so failures shrink to them.
pub fn groups() -> impl Strategy<Value = usize> {
    prop::sample::select(vec![1usize, 2, 4, 8, 16])
}

/// A length drawn from the KERNELS.md edge cases around a block of `bs`:
/// `kind` 0..6 picks 0, 1, bs-1, bs, bs+1 or `free % (max + 1)`.
pub fn edge_len(kind: u8, free: usize, bs: usize, max: usize) -> usize {
    let l = match kind {
        0 => 0,
        1 => 1,
        2 => bs.saturating_sub(1),
        3 => bs,
        4 => bs + 1,
        _ => free % (max + 1),
    };
    l.min(max)
}

/// The strategy behind [`edge_len`]'s two draws.
pub fn len_draws(
    batch: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = Vec<(u8, usize)>> {
    prop::collection::vec((0u8..6, any::<usize>()), batch)
}

/// K and V of a paged case gathered into contiguous `[B, S, Hkv, D]` with
/// `S = max L + extra`; positions at or past each length hold the testdata
/// poison values, so a kernel that reads one shows it.
pub fn contiguous_with_poison(
    case: &tilekit_kernels::testdata::PagedDecodeCase,
    extra: usize,
) -> (HostTensor, HostTensor) {
    use tilekit_kernels::testdata::{POISON_K, POISON_V};
    let lens = case.lens();
    let (k, v) = case.contiguous_kv();
    let (b_n, s0, hkv, d) = (k.shape()[0], k.shape()[1], k.shape()[2], k.shape()[3]);
    let s = s0 + extra;
    let row = hkv * d;
    let widen = |t: &HostTensor, poison: f32| {
        let src = t.to_f32_vec();
        let mut out = vec![poison; b_n * s * row];
        for (b, &l) in lens.iter().enumerate() {
            let from = b * s0 * row;
            let to = b * s * row;
            out[to..to + l * row].copy_from_slice(&src[from..from + l * row]);
        }
        HostTensor::from_f32(t.dtype(), &[b_n, s, hkv, d], &out).unwrap()
    };
    (widen(&k, POISON_K), widen(&v, POISON_V))
}

/// A count drawn from the KERNELS.md `n_sel` edge cases, at most `units`:
/// `kind` 0..7 picks 0, 1, 127, 128, 129, all of them, or `free % (units + 1)`.
pub fn edge_count(kind: u8, free: usize, units: usize) -> usize {
    let n = match kind {
        0 => 0,
        1 => 1,
        2 => 127,
        3 => 128,
        4 => 129,
        5 => units,
        _ => free % (units + 1),
    };
    n.min(units)
}

/// How a reuse layer maps its KV heads onto the anchor's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadMap {
    Identity,
    /// Reversed order (a permutation).
    Reversed,
    /// Every head reads anchor head 0.
    AllToZero,
}

pub fn head_maps() -> impl Strategy<Value = HeadMap> {
    prop::sample::select(vec![
        HeadMap::Identity,
        HeadMap::Reversed,
        HeadMap::AllToZero,
    ])
}

impl HeadMap {
    pub fn tensor(self, hkv: usize) -> HostTensor {
        let map = (0..hkv)
            .map(|g| match self {
                HeadMap::Identity => g as i32,
                HeadMap::Reversed => (hkv - 1 - g) as i32,
                HeadMap::AllToZero => 0,
            })
            .collect();
        HostTensor::from_i32(&[hkv], map).unwrap()
    }
}

/// A random selection `idx: [B, Ha, Kmax]` (unique, unsorted, -1 padded past
/// each count, `Kmax = max count + pad`) of `counts[b]` units out of
/// `units[b]`, and `n_sel: [B]`.
pub fn random_selection(
    units: &[usize],
    counts: &[usize],
    anchor_heads: usize,
    pad: usize,
    seed: u64,
) -> (HostTensor, HostTensor) {
    let mut rng = tilekit_kernels::testdata::Rng::new(seed);
    let kmax = counts.iter().copied().max().unwrap_or(0) + pad;
    let mut idx = vec![-1i32; units.len() * anchor_heads * kmax];
    for (b, (&u, &n)) in units.iter().zip(counts).enumerate() {
        for a in 0..anchor_heads {
            let mut all: Vec<i32> = (0..u as i32).collect();
            rng.shuffle(&mut all);
            let dst = (b * anchor_heads + a) * kmax;
            idx[dst..dst + n].copy_from_slice(&all[..n]);
        }
    }
    let n_sel = counts.iter().map(|&n| n as i32).collect();
    (
        HostTensor::from_i32(&[units.len(), anchor_heads, kmax], idx).unwrap(),
        HostTensor::from_i32(&[counts.len()], n_sel).unwrap(),
    )
}

/// Prefill-shaped `q: [B, Sq, Hq, D]` (scaled by `logit_scale`, so logits
/// reach ~30 at 10) and `k, v: [B, Skv, Hkv, D]`.
#[allow(clippy::too_many_arguments)]
pub fn prefill_qkv(
    batch: usize,
    sq: usize,
    skv: usize,
    hq: usize,
    hkv: usize,
    d: usize,
    dtype: DType,
    logit_scale: f64,
    seed: u64,
) -> (HostTensor, HostTensor, HostTensor) {
    use tilekit_kernels::testdata::{random_tensor, Rng};
    let mut rng = Rng::new(seed);
    (
        random_tensor(&mut rng, dtype, &[batch, sq, hq, d], logit_scale),
        random_tensor(&mut rng, dtype, &[batch, skv, hkv, d], 1.0),
        random_tensor(&mut rng, dtype, &[batch, skv, hkv, d], 1.0),
    )
}
