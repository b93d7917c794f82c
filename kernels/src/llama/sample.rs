//! Temperature, top-k and top-p sampling on the device, one program per
//! block of rows (up to 8, `rows`), with no sort: the IR has none, and a vocabulary row does not fit a
//! tile. Every threshold is found by bisection, each step one chunked pass
//! over the row ([`super::CHUNK`] logits a step):
//!
//! 1. the row's maximum (one pass);
//! 2. the top-k cut `t_k`, the `k`-th largest logit: the largest `t` with
//!    at least `k` logits `≥ t`, bisected over the 2³² order-preserving
//!    integer keys of f32 values (32 passes, exact);
//! 3. the top-p cut: the largest `t ≥ t_k` for which the tokens with
//!    logit `≥ t` hold at least `top_p` of the top-k mass, weights
//!    `exp((x - max) / T)` (one pass for the mass, 32 bisection passes);
//! 4. the draw: the smallest index whose running sum of kept weights, in
//!    index order, exceeds `u ·` their total, bisected over the index
//!    (`⌈log₂ V⌉` passes), then one pass for the rounding fallback.
//!
//! About 85 passes over the row: for SmolLM2's 49152 logits 16 MB a row
//! read (from cache after the first pass), a few microseconds at a GPU's
//! bandwidth but milliseconds on a CPU (below). `u` is a uniform number
//! the host draws per row ([`uniform`], counter-based from a seed and the
//! step, so a run is reproducible). Semantics: `KERNELS.md`, `sample`;
//! reference: `reference::llama::sample_row`.
//!
//! Measured at V = 49152 on the 2-core CPU machine, second call (compile
//! excluded), one row a program: PJRT CPU 6.3 ms for one row and 240 ms
//! for 16 (argmax: 0.5 ms and 4.4 ms); the interpreter 180 ms and 2.5 s.
//! Greedy decoding should call `argmax`; skipping the bisections a row
//! does not need (`top_k` = V, `top_p` = 1) is left to do.

use super::argmax::{chunk_len, logit_chunk};
use super::{f32_arg, require_rows, HOST_ROWS};
use crate::error::KernelError;
use crate::host;
use crate::validate::Check;
use tilekit_core::dsl::*;
use tilekit_core::{Backend, DType, HostTensor};

/// The order-preserving integer key of an f32 (as the host computes it):
/// the bits for a positive value, the magnitude bits flipped for a
/// negative one, so `a < b` ⇔ `key(a) < key(b)` (and `-0 < +0`).
fn host_key(x: f32) -> i32 {
    let b = x.to_bits() as i32;
    if b < 0 {
        b ^ 0x7fff_ffff
    } else {
        b
    }
}

#[helper]
fn to_key(x: Tile<f32>) -> Tile<i32> {
    let b = x.bitcast::<i32>();
    select(b.lt(0i32), b ^ 0x7fff_ffffusize, b)
}

#[helper]
fn from_key(k: Tile<i32>) -> Tile<f32> {
    select(k.lt(0i32), k ^ 0x7fff_ffffusize, k).bitcast::<f32>()
}

/// `⌈(lo + hi) / 2⌉` without overflowing i32 (keys span all of it).
#[helper]
fn upper_mid(lo: Tile<i32>, hi: Tile<i32>) -> Tile<i32> {
    (lo >> 1usize) + (hi >> 1usize) + ((lo | hi) & 1usize)
}

/// How many logits of each row are `≥ t` (`[r]`).
#[helper]
fn count_at_least(
    logits: Ref<f32, 2>,
    r0: Tile<i32>,
    r: usize,
    c: usize,
    t: Tile<f32>,
) -> Tile<i32> {
    let mut n = zeros::<i32>([r]);
    for j in 0..scalar_index(cdiv_usize(logits.dim(1), c)) {
        let x = logit_chunk(logits, r0, r, j, c);
        n += select(x.ge(t.col()), 1i32, 0i32).sum(1);
    }
    n
}

/// The rows' weights `exp((x - shift) · inv_t)` of the logits `≥ t` whose
/// index is at most `last`, summed per row (`[r]`; every argument but the
/// logits is `[r]`). Lanes past a row read `-inf` and weigh 0.
#[helper]
#[allow(clippy::too_many_arguments)] // the rows' coordinates and the weighting
fn mass(
    logits: Ref<f32, 2>,
    r0: Tile<i32>,
    r: usize,
    c: usize,
    t: Tile<f32>,
    last: Tile<i32>,
    shift: Tile<f32>,
    inv_t: Tile<f32>,
) -> Tile<f32> {
    let mut total = zeros::<f32>([r]);
    for j in 0..scalar_index(cdiv_usize(logits.dim(1), c)) {
        let x = logit_chunk(logits, r0, r, j, c);
        let kept = x.ge(t.col()) & (iota_along([r, c], 1) + j * c).le(last.col());
        let w = ((x - shift.col()) * inv_t.col()).exp();
        total += select(kept, w, 0.0).sum(1);
    }
    total
}

/// The largest index of each row with a logit `≥ t` and weight > 0, or -1.
#[helper]
#[allow(clippy::too_many_arguments)]
fn last_kept(
    logits: Ref<f32, 2>,
    r0: Tile<i32>,
    r: usize,
    c: usize,
    t: Tile<f32>,
    shift: Tile<f32>,
    inv_t: Tile<f32>,
) -> Tile<i32> {
    let mut last = full([r], -1i32);
    for j in 0..scalar_index(cdiv_usize(logits.dim(1), c)) {
        let x = logit_chunk(logits, r0, r, j, c);
        let kept = x.ge(t.col()) & ((x - shift.col()) * inv_t.col()).exp().gt(0.0);
        let at = select(kept, iota_along([r, c], 1) + j * c, -1i32);
        last = last.max(at.max_along(1));
    }
    last
}

/// `ids[i, 0]`: a token drawn from row `i` of `logits` with `inv_temp[i]`
/// (`1 / T`, finite, > 0), `top_k[i]` (in `[1, V]`), `top_p[i]` (in
/// `(0, 1]`) and the uniform `u[i]` (in `[0, 1)`). Each program samples
/// `rows` rows at once, every per-row value an `[r]` tile;
/// per-row inputs and the output are `[M, 1]`, so a block of rows is a
/// whole TPU window.
#[kernel(grid = [logits.dim(0) / rows.max(1)])]
pub fn sample_kernel(
    logits: Ref<f32, 2>,   // [M, V]
    top_k: Ref<i32, 2>,    // [M, 1]
    inv_temp: Ref<f32, 2>, // [M, 1]
    top_p: Ref<f32, 2>,    // [M, 1]
    u: Ref<f32, 2>,        // [M, 1]
    #[shape([logits.dim(0), 1])] ids: RefMut<i32, 2>,
    #[trace] rows: usize,
) {
    require_rows(logits.dim(0), rows);
    let v = logits.dim(1);
    let r = rows;
    let c = chunk_len(v, r);
    let r0 = program_id(0) * r;
    let inv_t = inv_temp.load([ds(r0, r), ..]).reshape([r]);
    let everything = full([r], v as i32 - 1);
    // 1. The maxima; a row of only -inf shifts by 0 so no weight is NaN.
    let mut m = full([r], f32::NEG_INFINITY);
    for j in 0..scalar_index(cdiv_usize(v, c)) {
        m = m.max(logit_chunk(logits, r0, r, j, c).max_along(1));
    }
    let shift = select(m.gt(f32::NEG_INFINITY), m, 0.0);
    // 2. Top-k: `lo` always has at least k logits at or above it (-inf
    // has all V), `hi + 1` never does.
    let k = top_k.load([ds(r0, r), ..]).reshape([r]);
    let mut lo = full([r], host_key(f32::NEG_INFINITY));
    let mut hi = full([r], host_key(f32::INFINITY));
    for _ in 0..scalar_index(32usize) {
        let mid = upper_mid(lo, hi);
        let enough = count_at_least(logits, r0, r, c, from_key(mid)).ge(k);
        lo = select(enough, mid, lo);
        hi = select(enough, hi, mid - 1);
    }
    let t_k = from_key(lo);
    // 3. Top-p over the top-k weights: `lo` = t_k keeps all of them.
    let z = mass(logits, r0, r, c, t_k, everything, shift, inv_t);
    let want = z * top_p.load([ds(r0, r), ..]).reshape([r]);
    let mut lo = to_key(t_k);
    let mut hi = full([r], host_key(f32::INFINITY));
    for _ in 0..scalar_index(32usize) {
        let mid = upper_mid(lo, hi);
        let held = mass(logits, r0, r, c, from_key(mid), everything, shift, inv_t);
        let enough = held.ge(want);
        lo = select(enough, mid, lo);
        hi = select(enough, hi, mid - 1);
    }
    let t = from_key(lo);
    // 4. The draw: the smallest j whose running kept sum exceeds the target.
    let draw = u.load([ds(r0, r), ..]).reshape([r]);
    let target = mass(logits, r0, r, c, t, everything, shift, inv_t) * draw;
    let mut first = zeros::<i32>([r]);
    let mut last = everything;
    for _ in 0..scalar_index(steps(v)) {
        let mid = (first + last) / 2usize;
        let past = mass(logits, r0, r, c, t, mid, shift, inv_t).gt(target);
        first = select(past, first, mid + 1);
        last = select(past, mid, last);
    }
    // Rounding can leave a row's whole sum at or below its target: then
    // the last kept token of positive weight (0 for a row with none).
    let found = mass(logits, r0, r, c, t, first, shift, inv_t).gt(target);
    let fallback = last_kept(logits, r0, r, c, t, shift, inv_t).max(0i32);
    ids.store([ds(r0, r), ..], select(found, first, fallback).col());
}

/// Bisection steps that narrow `[0, v)` to one index: `⌈log₂ v⌉`.
fn steps(v: usize) -> usize {
    (usize::BITS - v.saturating_sub(1).leading_zeros()) as usize
}

/// How one row is sampled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SamplingParams {
    /// Softmax temperature; 0 is greedy (the lowest index of the largest
    /// logit, like [`super::argmax`]). Otherwise finite and > 0, with a
    /// finite reciprocal.
    pub temperature: f32,
    /// Keep the tokens at or above the `top_k`-th largest logit; 0 (or at
    /// least V) keeps all.
    pub top_k: usize,
    /// Then keep the smallest top set of logits holding at least `top_p`
    /// of the renormalized mass; in `(0, 1]`, 1 keeps all.
    pub top_p: f32,
    /// The row's uniform number in `[0, 1)` ([`uniform`]).
    pub u: f32,
}

/// One row of the sampling kernel's inputs (`top_k`, `inv_temp`, `top_p`,
/// `u`), as a program binds them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SamplingRow {
    pub top_k: i32,
    pub inv_temp: f32,
    pub top_p: f32,
    pub u: f32,
}

impl SamplingParams {
    /// The kernel's inputs for these parameters over a vocabulary of `v`,
    /// or what is wrong with them. Greedy (`temperature` 0) becomes
    /// `top_k = 1, u = 0`: keep the maxima, take the first.
    pub fn kernel_row(&self, v: usize) -> Result<SamplingRow, String> {
        let t = self.temperature;
        if !(t.is_finite() && t >= 0.0 && (t == 0.0 || (1.0 / t).is_finite())) {
            return Err(format!(
                "temperature {t} is not finite and >= 0 with a finite reciprocal"
            ));
        }
        if !(self.top_p > 0.0 && self.top_p <= 1.0) {
            return Err(format!("top_p {} is not in (0, 1]", self.top_p));
        }
        if !(self.u >= 0.0 && self.u < 1.0) {
            return Err(format!("u {} is not in [0, 1)", self.u));
        }
        let greedy = t == 0.0;
        let top_k = if greedy || self.top_k == 1 {
            1
        } else if self.top_k == 0 || self.top_k > v {
            v
        } else {
            self.top_k
        };
        Ok(SamplingRow {
            top_k: top_k as i32,
            inv_temp: if greedy { 1.0 } else { 1.0 / t },
            top_p: if greedy { 1.0 } else { self.top_p },
            u: if greedy { 0.0 } else { self.u },
        })
    }
}

impl SamplingParams {
    /// Greedy decoding.
    pub fn greedy() -> Self {
        SamplingParams {
            temperature: 0.0,
            top_k: 0,
            top_p: 1.0,
            u: 0.0,
        }
    }
}

/// A uniform number in `[0, 1)` for `(seed, counter)` (e.g. a request's
/// seed and its decode step): SplitMix64 of the pair, 24 random bits, so
/// every f32 value is exact and below 1.
pub fn uniform(seed: u64, counter: u64) -> f32 {
    let mut z = seed ^ counter.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 40) as f32 / (1u64 << 24) as f32
}

/// Draws one token per row of `logits [M, V]` (f32, V ≥ 1) with that row's
/// `params`: i32 `[M]`.
pub fn sample(
    backend: &dyn Backend,
    logits: &HostTensor,
    params: &[SamplingParams],
) -> Result<HostTensor, KernelError> {
    const OP: &str = "sample";
    let c = Check { op: OP };
    f32_arg(c, "logits", logits, &["M", "V"])?;
    let (m, v) = (logits.shape()[0], logits.shape()[1]);
    if v == 0 {
        return Err(c.err("logits", "the vocabulary axis V is empty"));
    }
    if v > i32::MAX as usize / 2 {
        return Err(c.err("logits", format!("V = {v} is too large for i32 indices")));
    }
    if params.len() != m {
        return Err(c.err(
            "params",
            format!("{} rows of parameters for {m} rows of logits", params.len()),
        ));
    }
    let (mut k, mut inv_t, mut p, mut us) = (vec![], vec![], vec![], vec![]);
    for (row, s) in params.iter().enumerate() {
        let r = s
            .kernel_row(v)
            .map_err(|e| c.err("params", format!("row {row}: {e}")))?;
        k.push(r.top_k);
        inv_t.push(r.inv_temp);
        p.push(r.top_p);
        us.push(r.u);
    }
    if m == 0 {
        return Ok(host::i32_tensor(&[0], Vec::new()));
    }
    let f32s = |x: Vec<f32>| HostTensor::from_f32(DType::F32, &[m, 1], &x).expect("M values");
    let args = SampleKernelArgs {
        top_k: host::i32_tensor(&[m, 1], k),
        logits: logits.clone(),
        inv_temp: f32s(inv_t),
        top_p: f32s(p),
        u: f32s(us),
        rows: HOST_ROWS,
    }
    .to_kernel_args();
    let shapes =
        SampleKernelShapes::from_args(&args, HOST_ROWS).map_err(|e| KernelError::backend(OP, e))?;
    let kernel = host::built(OP, "sample_kernel", sample_kernel_cached(&shapes))?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    let ids = host::take(OP, backend, &mut out, &kernel, "ids")?;
    Ok(host::reshape(ids, &[m]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_floats() {
        let xs = [
            f32::NEG_INFINITY,
            -3.5,
            -0.0,
            0.0,
            1e-30,
            2.0,
            f32::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(host_key(w[0]) < host_key(w[1]), "{w:?}");
        }
        assert_eq!(steps(1), 0);
        assert_eq!(steps(2), 1);
        assert_eq!(steps(49152), 16);
        assert_eq!(steps(1024), 10);
        let u = uniform(7, 3);
        assert!((0.0..1.0).contains(&u) && u != uniform(7, 4));
    }
}
