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

// ---------------------------------------------------------------------------
// PJRT CPU
//
// PJRT compiles every distinct kernel (0.3 to 1 s each on the CPU plugin),
// and a kernel is determined by its argument shapes and dtype. So the PJRT
// variants of the properties draw their *shapes* from a few fixed
// configurations per kernel and let only the *values* vary per case
// (lengths, tables, selections, head maps, logits): the helpers below pad
// a case's tensors to the configuration's fixed capacity without changing
// what the kernel must compute. One backend serves a whole test binary, so
// each kernel compiles once.

/// The PJRT CPU backend shared by every test of the binary (its compile
/// cache with it). A missing plugin fails the test with the install
/// command (`cargo xtask install-pjrt`) in the message; it is never skipped.
pub fn pjrt() -> &'static tilekit_pjrt::PjrtBackend {
    static BACKEND: std::sync::OnceLock<tilekit_pjrt::PjrtBackend> = std::sync::OnceLock::new();
    BACKEND.get_or_init(|| {
        tilekit_pjrt::PjrtBackend::default_plugin().unwrap_or_else(|e| panic!("{e}"))
    })
}

/// `case` with its caches grown to `nb` pages (the new pages hold the
/// testdata poison values and no table entry points at them) and its
/// block table to `mb` columns (the new entries, never read, are -1 or
/// garbage per `fill`). Panics if the case already needs more.
pub fn pad_paged(
    case: &tilekit_kernels::testdata::PagedDecodeCase,
    nb: usize,
    mb: usize,
    fill: tilekit_kernels::testdata::TailFill,
    seed: u64,
) -> tilekit_kernels::testdata::PagedDecodeCase {
    use tilekit_kernels::testdata::{Rng, TailFill, POISON_K, POISON_V};
    let shape = case.k_cache.shape().to_vec();
    let (nb0, page) = (shape[0], shape[1] * shape[2] * shape[3]);
    let (b_n, mb0) = (case.block_tables.shape()[0], case.block_tables.shape()[1]);
    assert!(
        nb >= nb0 && mb >= mb0,
        "pad_paged: the case needs {nb0} pages and {mb0} table columns, the capacity is {nb} and {mb}"
    );
    let grow = |t: &HostTensor, poison: f32| {
        let mut vals = t.to_f32_vec();
        vals.resize(nb * page, poison);
        HostTensor::from_f32(t.dtype(), &[nb, shape[1], shape[2], shape[3]], &vals).unwrap()
    };
    let mut rng = Rng::new(seed ^ 0x7ab1e);
    let old = case.block_tables.as_i32().unwrap();
    let mut tables = Vec::with_capacity(b_n * mb);
    for b in 0..b_n {
        tables.extend_from_slice(&old[b * mb0..(b + 1) * mb0]);
        for _ in mb0..mb {
            tables.push(match fill {
                TailFill::MinusOne => -1,
                TailFill::Garbage => [1 << 20, -7, nb as i32, i32::MAX][rng.below(4)],
            });
        }
    }
    tilekit_kernels::testdata::PagedDecodeCase {
        q: case.q.clone(),
        k_cache: grow(&case.k_cache, POISON_K),
        v_cache: grow(&case.v_cache, POISON_V),
        block_tables: HostTensor::from_i32(&[b_n, mb], tables).unwrap(),
        context_lens: case.context_lens.clone(),
        scale: case.scale,
        block_size: case.block_size,
    }
}

/// The pages [`tilekit_kernels::testdata::PagedDecodeSpec::build`] allocates
/// at most for `batch` sequences of up to `mb` pages each (every page its
/// own, plus the spare ones): the `nb` to pad to.
pub fn page_capacity(batch: usize, mb: usize) -> usize {
    batch * mb + 3
}

/// Like [`contiguous_with_poison`], but the sequence axis is exactly `s`
/// (at least the longest length).
pub fn contiguous_padded(
    case: &tilekit_kernels::testdata::PagedDecodeCase,
    s: usize,
) -> (HostTensor, HostTensor) {
    let longest = case.lens().into_iter().max().unwrap_or(0);
    assert!(
        s >= longest,
        "contiguous_padded: S = {s} < the longest length {longest}"
    );
    contiguous_with_poison(case, s - longest)
}

/// `t` (i32) with its last axis grown to `n` entries of -1. Panics if it
/// is already longer.
pub fn pad_last_axis(t: &HostTensor, n: usize) -> HostTensor {
    let shape = t.shape();
    let last = *shape.last().unwrap();
    assert!(n >= last, "pad_last_axis: {last} entries do not fit in {n}");
    let vals = t.as_i32().unwrap();
    let rows: usize = shape[..shape.len() - 1].iter().product();
    let mut out = Vec::with_capacity(rows * n);
    for r in 0..rows {
        out.extend_from_slice(&vals[r * last..(r + 1) * last]);
        out.resize((r + 1) * n, -1);
    }
    let mut new_shape = shape.to_vec();
    *new_shape.last_mut().unwrap() = n;
    HostTensor::from_i32(&new_shape, out).unwrap()
}

/// Picks one of `configs` (shrinking toward the first).
pub fn one_of<C: Clone + std::fmt::Debug + 'static>(configs: &[C]) -> impl Strategy<Value = C> {
    prop::sample::select(configs.to_vec())
}
