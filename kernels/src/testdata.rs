//! Deterministic test inputs for the kernels.
//!
//! Everything is generated from a seed by a tiny SplitMix64 generator, so a
//! failing case is reproduced by its seed alone on any machine and backend
//! (no external crate whose stream could change between versions).
//! [`PagedDecodeSpec`] builds paged-cache cases with the awkward features
//! `KERNELS.md` asks every test to cover: shuffled, non-monotonic block
//! tables, pages shared between sequences, -1 or garbage table tails, and
//! cache slots that no sequence reads filled with loud values.

use crate::reference::{self, default_scale, AttnOut, RefError};
use tilekit_core::{DType, HostTensor, TensorData};

/// SplitMix64 (Steele, Lea & Flood 2014): one 64-bit state, full period,
/// good enough statistics for test data, trivial to port to other languages.
#[derive(Clone, Debug)]
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

    /// Uniform in `[0, 1)` with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal by Box–Muller (one value per call, for simplicity).
    pub fn normal(&mut self) -> f64 {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Uniform in `[0, n)` by multiply-shift (bias below 2^-32 for test sizes).
    /// Panics if `n == 0`.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "Rng::below(0): empty range");
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// A tensor of `normal · scale` values, rounded into `dtype`.
pub fn random_tensor(rng: &mut Rng, dtype: DType, shape: &[usize], scale: f64) -> HostTensor {
    let n: usize = shape.iter().product();
    let mut draw = || (rng.normal() * scale) as f32;
    // 16-bit tensors are drawn straight into their own type: going through
    // an f32 vector would triple the peak memory of a large KV cache.
    let data = match dtype {
        DType::Bf16 => TensorData::Bf16((0..n).map(|_| half::bf16::from_f32(draw())).collect()),
        DType::F16 => TensorData::F16((0..n).map(|_| half::f16::from_f32(draw())).collect()),
        _ => {
            let vals: Vec<f32> = (0..n).map(|_| draw()).collect();
            return HostTensor::from_f32(dtype, shape, &vals).expect("element count matches shape");
        }
    };
    HostTensor::new(shape, data).expect("element count matches shape")
}

/// What to write in the block-table slots a sequence never reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TailFill {
    /// -1, as vLLM pads.
    MinusOne,
    /// Out-of-range values (`1 << 20`, -7, NB, `i32::MAX`): reading one is a bug.
    Garbage,
}

/// The recipe for a paged-decode case; [`PagedDecodeSpec::build`] makes it.
#[derive(Clone, Debug)]
pub struct PagedDecodeSpec {
    pub batch: usize,
    pub q_heads: usize,
    pub kv_heads: usize,
    pub head_dim: usize,
    pub block_size: usize,
    /// Context length per sequence; must have `batch` entries.
    pub lens: Vec<usize>,
    pub dtype: DType,
    /// Multiplies q: with `scale = 1/sqrt(D)` the logits have standard
    /// deviation `logit_scale`, so about 10 gives logits near 30 at the tails.
    pub logit_scale: f64,
    /// Every non-empty sequence's first page is one shared physical page.
    pub share_pages: bool,
    pub tail_fill: TailFill,
    pub seed: u64,
}

/// A generated paged-decode case: the kernel's inputs plus its scale.
#[derive(Clone, Debug)]
pub struct PagedDecodeCase {
    pub q: HostTensor,
    pub k_cache: HostTensor,
    pub v_cache: HostTensor,
    pub block_tables: HostTensor,
    pub context_lens: HostTensor,
    pub scale: f64,
    pub block_size: usize,
}

/// Spare pages beyond what the sequences need: never referenced by a live
/// table entry, they catch kernels that read past the table.
const SPARE_PAGES: usize = 3;
/// Cache slots no sequence reads hold these: NaN, which survives every
/// arithmetic op (even a multiplication by a masked probability of exactly
/// 0), so a kernel that reads one, on any backend, returns NaN rather than
/// a result that merely looks off. Kernels must mask what they load past
/// a length (`select`, or a masked load), never rely on a zero weight.
pub const POISON_K: f32 = f32::NAN;
pub const POISON_V: f32 = f32::NAN;

impl PagedDecodeSpec {
    /// A spec with unit logit scale, private pages and -1 table tails; set
    /// the other fields on the result for the harder cases.
    pub fn new(
        lens: Vec<usize>,
        block_size: usize,
        q_heads: usize,
        kv_heads: usize,
        head_dim: usize,
        dtype: DType,
        seed: u64,
    ) -> PagedDecodeSpec {
        PagedDecodeSpec {
            batch: lens.len(),
            q_heads,
            kv_heads,
            head_dim,
            block_size,
            lens,
            dtype,
            logit_scale: 1.0,
            share_pages: false,
            tail_fill: TailFill::MinusOne,
            seed,
        }
    }

    /// Builds the case. Panics on an inconsistent spec (wrong `lens` count,
    /// zero block size or KV heads, Hq not a multiple of Hkv): it is test code.
    pub fn build(&self) -> PagedDecodeCase {
        assert_eq!(
            self.lens.len(),
            self.batch,
            "PagedDecodeSpec: lens must have `batch` entries"
        );
        assert!(
            self.block_size > 0,
            "PagedDecodeSpec: block_size must be > 0"
        );
        assert!(
            self.kv_heads > 0 && self.q_heads % self.kv_heads == 0,
            "PagedDecodeSpec: q_heads must be a multiple of kv_heads"
        );
        let mut rng = Rng::new(self.seed);
        let bs = self.block_size;
        let need: Vec<usize> = self.lens.iter().map(|&l| l.div_ceil(bs)).collect();
        let mb = need.iter().copied().max().unwrap_or(0).max(1);
        let users = need.iter().filter(|&&n| n > 0).count();
        let shared = self.share_pages && users > 0;
        let distinct = need.iter().sum::<usize>() - if shared { users - 1 } else { 0 };
        let nb = distinct + SPARE_PAGES;

        // Physical pages are handed out in shuffled order, so tables are
        // scattered over the cache rather than 0, 1, 2, ...
        let mut pool: Vec<usize> = (0..nb).collect();
        rng.shuffle(&mut pool);
        let mut pool = pool.into_iter();
        let shared_page = if shared { pool.next() } else { None };
        let mut tables = vec![0i32; self.batch * mb];
        for (b, &n) in need.iter().enumerate() {
            let row = &mut tables[b * mb..(b + 1) * mb];
            for (j, slot) in row[..n].iter_mut().enumerate() {
                let page = match shared_page {
                    Some(p) if j == 0 => p,
                    _ => pool.next().expect("pool holds every needed page"),
                };
                *slot = page as i32;
            }
            // Guarantee a non-monotonic table whenever there are two own pages.
            let own = &mut row[usize::from(shared).min(n)..n];
            if own.len() >= 2 && own.windows(2).all(|w| w[0] < w[1]) {
                own.swap(0, 1);
            }
            for slot in &mut row[n..] {
                *slot = match self.tail_fill {
                    TailFill::MinusOne => -1,
                    TailFill::Garbage => [1 << 20, -7, nb as i32, i32::MAX][rng.below(4)],
                };
            }
        }

        // Mark the cache slots some sequence reads; the rest get poison.
        let mut live = vec![false; nb * bs];
        for (b, &l) in self.lens.iter().enumerate() {
            for t in 0..l {
                live[tables[b * mb + t / bs] as usize * bs + t % bs] = true;
            }
        }
        let (hkv, d) = (self.kv_heads, self.head_dim);
        let mut cache = |poison: f32| {
            let mut vals = Vec::with_capacity(nb * bs * hkv * d);
            for &is_live in &live {
                for _ in 0..hkv * d {
                    vals.push(if is_live { rng.normal() as f32 } else { poison });
                }
            }
            HostTensor::from_f32(self.dtype, &[nb, bs, hkv, d], &vals).expect("cache shape")
        };
        let k_cache = cache(POISON_K);
        let v_cache = cache(POISON_V);
        let q = random_tensor(
            &mut rng,
            self.dtype,
            &[self.batch, self.q_heads, d],
            self.logit_scale,
        );
        let lens = self.lens.iter().map(|&l| l as i32).collect();
        PagedDecodeCase {
            q,
            k_cache,
            v_cache,
            block_tables: HostTensor::from_i32(&[self.batch, mb], tables).expect("table shape"),
            context_lens: HostTensor::from_i32(&[self.batch], lens).expect("lens shape"),
            scale: default_scale(d),
            block_size: bs,
        }
    }
}

impl PagedDecodeCase {
    /// The context lengths as usize.
    pub fn lens(&self) -> Vec<usize> {
        let lens = self.context_lens.as_i32().expect("context_lens is i32");
        lens.iter().map(|&l| l as usize).collect()
    }

    /// The f64 reference output for this case.
    pub fn reference(&self) -> Result<AttnOut, RefError> {
        reference::paged_decode(
            &self.q,
            &self.k_cache,
            &self.v_cache,
            &self.block_tables,
            &self.context_lens,
            self.scale,
        )
    }

    /// K and V gathered into contiguous `[B, max L, Hkv, D]` (zeros past each
    /// sequence's length), for the contiguous kernels and cross-checks.
    pub fn contiguous_kv(&self) -> (HostTensor, HostTensor) {
        let lens = self.lens();
        let s = lens.iter().copied().max().unwrap_or(0);
        let tables = self.block_tables.as_i32().expect("block_tables is i32");
        let mb = self.block_tables.shape()[1];
        let (bs, hkv, d) = (
            self.block_size,
            self.k_cache.shape()[2],
            self.k_cache.shape()[3],
        );
        let row = hkv * d;
        let gather = |cache: &HostTensor| {
            let src = cache.to_f32_vec();
            let mut out = vec![0.0f32; lens.len() * s * row];
            for (b, &l) in lens.iter().enumerate() {
                for t in 0..l {
                    let page = tables[b * mb + t / bs] as usize;
                    let from = (page * bs + t % bs) * row;
                    let to = (b * s + t) * row;
                    out[to..to + row].copy_from_slice(&src[from..from + row]);
                }
            }
            HostTensor::from_f32(cache.dtype(), &[lens.len(), s, hkv, d], &out)
                .expect("gather shape")
        };
        (gather(&self.k_cache), gather(&self.v_cache))
    }
}

/// The context lengths every paged kernel test covers (`KERNELS.md`): empty,
/// one token, one short of a page, exactly a page, one past, and a
/// random-looking multi-page length; duplicates (tiny pages) removed.
pub fn edge_case_lens(block_size: usize) -> Vec<usize> {
    let bs = block_size;
    let mut out: Vec<usize> = Vec::new();
    for l in [0, 1, bs.saturating_sub(1), bs, bs + 1, 3 * bs + 5] {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{compare, kascade_decode_scores, Tolerance};

    fn spec(
        lens: Vec<usize>,
        share_pages: bool,
        tail_fill: TailFill,
        dtype: DType,
    ) -> PagedDecodeSpec {
        PagedDecodeSpec {
            batch: lens.len(),
            q_heads: 4,
            kv_heads: 2,
            head_dim: 16,
            block_size: 4,
            lens,
            dtype,
            logit_scale: 10.0,
            share_pages,
            tail_fill,
            seed: 5,
        }
    }

    #[test]
    fn rng_is_deterministic_and_in_range() {
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        let xs: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        assert_eq!(xs, (0..8).map(|_| b.next_u64()).collect::<Vec<_>>());
        // SplitMix64's published first output for seed 0.
        assert_eq!(Rng::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
        let mut r = Rng::new(1);
        let n = 20_000;
        let normals: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = normals.iter().sum::<f64>() / n as f64;
        let var = normals.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(
            mean.abs() < 0.03 && (var - 1.0).abs() < 0.05,
            "mean {mean} var {var}"
        );
        assert!((0..1000).all(|_| (0.0..1.0).contains(&r.uniform()) && r.below(7) < 7));
        let mut v: Vec<usize> = (0..50).collect();
        r.shuffle(&mut v);
        assert_ne!(v, (0..50).collect::<Vec<_>>());
        v.sort();
        assert_eq!(v, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn edge_lens_follow_the_list() {
        assert_eq!(edge_case_lens(16), vec![0, 1, 15, 16, 17, 53]);
        assert_eq!(edge_case_lens(1), vec![0, 1, 2, 8]);
    }

    #[test]
    fn tables_are_scattered_and_tails_never_needed() {
        for fill in [TailFill::MinusOne, TailFill::Garbage] {
            let s = spec(vec![9, 0, 13, 4], false, fill, DType::Bf16);
            let c = s.build();
            let (nb, mb) = (c.k_cache.shape()[0], 4);
            assert_eq!(c.q.shape(), &[4, 4, 16]);
            assert_eq!(c.k_cache.shape(), &[nb, 4, 2, 16]);
            assert_eq!(c.v_cache.shape(), c.k_cache.shape());
            assert_eq!(c.block_tables.shape(), &[4, mb]);
            assert_eq!(nb, 3 + 4 + 1 + SPARE_PAGES);
            let t = c.block_tables.as_i32().unwrap();
            let mut used = Vec::new();
            for (b, need) in [3, 0, 4, 1].into_iter().enumerate() {
                let row = &t[b * mb..(b + 1) * mb];
                assert!(row[..need].iter().all(|&p| (0..nb as i32).contains(&p)));
                match fill {
                    TailFill::MinusOne => assert!(row[need..].iter().all(|&p| p == -1)),
                    TailFill::Garbage => {
                        assert!(row[need..].iter().all(|&p| !(0..nb as i32).contains(&p)))
                    }
                }
                if need >= 2 {
                    assert!(
                        !row[..need].windows(2).all(|w| w[0] < w[1]),
                        "row {b} is monotonic"
                    );
                }
                used.extend_from_slice(&row[..need]);
            }
            let n_used = used.len();
            used.sort();
            used.dedup();
            assert_eq!(used.len(), n_used, "no page shared unless asked");
            // Spare pages hold nothing but poison.
            let k = c.k_cache.to_f32_vec();
            let page = 4 * 2 * 16;
            let spare = (0..nb as i32).find(|p| !used.contains(p)).unwrap() as usize;
            assert!(k[spare * page..(spare + 1) * page]
                .iter()
                .all(|x| x.is_nan()));
        }
        let a = spec(vec![5, 2], false, TailFill::Garbage, DType::F16).build();
        let b = spec(vec![5, 2], false, TailFill::Garbage, DType::F16).build();
        // Bytes, since the NaN poison never equals itself.
        assert_eq!(
            (a.q, a.k_cache.to_le_bytes(), a.block_tables),
            (b.q, b.k_cache.to_le_bytes(), b.block_tables)
        );
    }

    #[test]
    fn shared_prefix_page_is_one_physical_page() {
        let c = spec(vec![6, 0, 3, 12], true, TailFill::MinusOne, DType::F32).build();
        let t = c.block_tables.as_i32().unwrap();
        let mb = c.block_tables.shape()[1];
        assert_eq!(t[0], t[2 * mb]);
        assert_eq!(t[0], t[3 * mb]);
        assert_eq!(c.k_cache.shape()[0], 1 + 1 + 2 + SPARE_PAGES);
        // Sequence 2 reads 3 of the shared page's slots, sequence 3 all 4:
        // slot 3 must hold real data, not poison.
        let k = c.k_cache.to_f32_vec();
        let slot3 = (t[0] as usize * 4 + 3) * 2 * 16;
        assert!(k[slot3..slot3 + 32].iter().all(|x| !x.is_nan()));
        let (kc, _) = c.contiguous_kv();
        let kc = kc.to_f32_vec();
        let row = 12 * 2 * 16;
        assert_eq!(
            &kc[..4 * 32],
            &kc[3 * row..3 * row + 4 * 32],
            "same first page"
        );
    }

    #[test]
    fn reference_accepts_generated_edge_cases_and_matches_contiguous() {
        for dtype in [DType::Bf16, DType::F16, DType::F32] {
            for (share, fill) in [(false, TailFill::Garbage), (true, TailFill::MinusOne)] {
                let mut lens = edge_case_lens(4);
                lens.push(0);
                let c = spec(lens, share, fill, dtype).build();
                let r = c.reference().unwrap();
                assert!(r.o.data.iter().all(|x| x.is_finite()));
                assert!(
                    r.o.data.iter().all(|x| x.abs() < 10.0),
                    "no poison was read"
                );
                let (k, v) = c.contiguous_kv();
                let (dense, _) =
                    kascade_decode_scores(&c.q, &k, &v, &c.context_lens, c.scale).unwrap();
                let o = dense.o.to_host(DType::F32);
                compare("o", &o, &r.o, Tolerance::for_dtype(DType::F32)).unwrap();
                let lse = dense.lse.to_host(DType::F32);
                compare("lse", &lse, &r.lse, Tolerance::for_dtype(DType::F32)).unwrap();
            }
        }
    }
}
