//! K/V access for the decode references, contiguous or paged.
//!
//! Decode kernels read K and V either as `[B, S, Hkv, D]` or from a paged
//! cache `[NB, BS, Hkv, D]` through a block table. The attention definition is
//! the same, so the references resolve "token t of sequence b, KV head g" here
//! once and share everything else. Validation of the paged form follows
//! `KERNELS.md`: only the first `ceil(L / BS)` table entries of a sequence are
//! read and checked; the rest may be -1 or garbage.

use super::check::Check;
use super::{Array64, RefError};
use tilekit_core::HostTensor;

enum Layout {
    /// `[B, S, Hkv, D]`: token t of sequence b is row `[b, t, g]`.
    Contiguous,
    /// `[NB, BS, Hkv, D]`: token t lives at page `tables[b, t / BS]`, slot `t % BS`.
    Paged { tables: Vec<i32>, max_blocks: usize },
}

pub(crate) struct Kv {
    k: Array64,
    v: Array64,
    layout: Layout,
    /// Sequence capacity: S, or MB * BS for a paged cache.
    pub capacity: usize,
    pub heads: usize,
}

impl Kv {
    /// Contiguous `k, v: [B, S, Hkv, D]` for a batch of `batch` with head dim `d`.
    pub fn contiguous(
        c: Check,
        q: &HostTensor,
        k: &HostTensor,
        v: &HostTensor,
        batch: usize,
        d: usize,
    ) -> Result<Kv, RefError> {
        let dims = ["B", "S", "Hkv", "D"];
        let k64 = c.float("k", k, &dims)?;
        let v64 = c.float("v", v, &dims)?;
        c.same_dtype("k", k, q)?;
        c.same_dtype("v", v, q)?;
        c.dim("k", k.shape(), 0, "B", batch, "`q`")?;
        c.dim("k", k.shape(), 3, "D", d, "`q`")?;
        same_shape(c, "v", v, "k", k)?;
        let s = k.shape();
        Ok(Kv {
            capacity: s[1],
            heads: s[2],
            k: k64,
            v: v64,
            layout: Layout::Contiguous,
        })
    }

    /// A paged cache `[NB, BS, Hkv, D]` with `block_tables: [B, MB]`. The table
    /// entries are checked later, by [`Kv::lens`], once the lengths are known.
    pub fn paged(
        c: Check,
        q: &HostTensor,
        k_cache: &HostTensor,
        v_cache: &HostTensor,
        block_tables: &HostTensor,
        batch: usize,
        d: usize,
    ) -> Result<Kv, RefError> {
        let dims = ["NB", "BS", "Hkv", "D"];
        let k64 = c.float("k_cache", k_cache, &dims)?;
        let v64 = c.float("v_cache", v_cache, &dims)?;
        c.same_dtype("k_cache", k_cache, q)?;
        c.same_dtype("v_cache", v_cache, q)?;
        c.dim("k_cache", k_cache.shape(), 3, "D", d, "`q`")?;
        same_shape(c, "v_cache", v_cache, "k_cache", k_cache)?;
        let tables = c.int("block_tables", block_tables, &["B", "MB"])?.to_vec();
        c.dim("block_tables", block_tables.shape(), 0, "B", batch, "`q`")?;
        let s = k_cache.shape();
        let max_blocks = block_tables.shape()[1];
        Ok(Kv {
            capacity: max_blocks * s[1],
            heads: s[2],
            k: k64,
            v: v64,
            layout: Layout::Paged { tables, max_blocks },
        })
    }

    /// A paged cache already widened to f64 (a quantized cache, dequantized
    /// by its reference); `k` and `v` are `[NB, BS, Hkv, D]` of one shape.
    pub fn paged_f64(
        c: Check,
        k: Array64,
        v: Array64,
        block_tables: &HostTensor,
        batch: usize,
    ) -> Result<Kv, RefError> {
        let tables = c.int("block_tables", block_tables, &["B", "MB"])?.to_vec();
        c.dim("block_tables", block_tables.shape(), 0, "B", batch, "`q`")?;
        let max_blocks = block_tables.shape()[1];
        Ok(Kv {
            capacity: max_blocks * k.shape[1],
            heads: k.shape[2],
            k,
            v,
            layout: Layout::Paged { tables, max_blocks },
        })
    }

    /// Reads and validates per-sequence lengths against the capacity, and for
    /// a paged cache every table entry those lengths make live.
    pub fn lens(
        &self,
        c: Check,
        arg: &'static str,
        lens: &HostTensor,
        batch: usize,
    ) -> Result<Vec<usize>, RefError> {
        let what = match self.layout {
            Layout::Contiguous => "the sequence axis S of `k`",
            Layout::Paged { .. } => "the table capacity MB * BS",
        };
        let lens = c.lens(arg, lens, (batch, "`q`"), self.capacity, what)?;
        if let Layout::Paged { tables, max_blocks } = &self.layout {
            let (nb, bs) = (self.k.shape[0], self.k.shape[1]);
            for (b, &l) in lens.iter().enumerate() {
                // Only the pages a length of l touches are read; a zero page
                // size is impossible here since capacity 0 forces l = 0.
                for j in 0..l.div_ceil(bs.max(1)) {
                    let e = tables[b * max_blocks + j];
                    if e < 0 || e as usize >= nb {
                        return Err(c.value_err(
                            "block_tables",
                            format!("entry [{b}, {j}] = {e} is out of range [0, {nb})"),
                        ));
                    }
                }
            }
        }
        Ok(lens)
    }

    fn at(&self, b: usize, t: usize, g: usize) -> [usize; 3] {
        match &self.layout {
            Layout::Contiguous => [b, t, g],
            Layout::Paged { tables, max_blocks } => {
                let bs = self.k.shape[1];
                [tables[b * max_blocks + t / bs] as usize, t % bs, g]
            }
        }
    }

    /// Key row of token `t` of sequence `b`, KV head `g` (validated `t < L`).
    pub fn key(&self, b: usize, t: usize, g: usize) -> &[f64] {
        self.k.row(&self.at(b, t, g))
    }

    pub fn value(&self, b: usize, t: usize, g: usize) -> &[f64] {
        self.v.row(&self.at(b, t, g))
    }
}

fn same_shape(
    c: Check,
    arg: &'static str,
    t: &HostTensor,
    other_arg: &str,
    other: &HostTensor,
) -> Result<(), RefError> {
    if t.shape() != other.shape() {
        return Err(c.shape_err(
            arg,
            format!(
                "shape {:?} differs from `{other_arg}` {:?}",
                t.shape(),
                other.shape()
            ),
        ));
    }
    Ok(())
}

/// Decode-shaped queries `q: [B, Hq, D]` widened to f64.
pub(crate) fn decode_q(c: Check, q: &HostTensor) -> Result<Array64, RefError> {
    c.float("q", q, &["B", "Hq", "D"])
}

/// Everything one decode reference needs once its arguments are validated.
pub(crate) struct Decode {
    pub q: Array64,
    pub kv: Kv,
    pub lens: Vec<usize>,
    pub group: usize,
}

impl Decode {
    pub fn batch(&self) -> usize {
        self.q.shape[0]
    }

    /// Empty outputs `o: [B, Hq, D]`, `lse: [B, Hq]` (lse filled per row).
    pub fn outputs(&self) -> super::AttnOut {
        super::AttnOut {
            o: Array64::zeros(&self.q.shape),
            lse: Array64::zeros(&self.q.shape[..2]),
        }
    }

    /// Attends every query head of sequence `b` in KV group `g` over `tokens`
    /// and calls `probs(h, p)` with each head's probabilities.
    pub fn attend_group(
        &self,
        out: &mut super::AttnOut,
        b: usize,
        g: usize,
        tokens: &[usize],
        scale: f64,
        mut probs: impl FnMut(usize, &[f64]),
    ) {
        let kv = &self.kv;
        for h in g * self.group..(g + 1) * self.group {
            let sm = super::attend(
                self.q.row(&[b, h]),
                tokens,
                |t| kv.key(b, t, g),
                |t| kv.value(b, t, g),
                scale,
                out.o.row_mut(&[b, h]),
            );
            let i = out.lse.offset(&[b, h]);
            out.lse.data[i] = sm.lse;
            probs(h, &sm.probs);
        }
    }
}

/// Validates a decode call whose K/V is already wrapped: q against kv, GQA,
/// scale and lengths.
pub(crate) fn decode(
    c: Check,
    q64: Array64,
    kv: Kv,
    lens_arg: &'static str,
    lens: &HostTensor,
    scale: f64,
) -> Result<Decode, RefError> {
    let kv_arg = match kv.layout {
        Layout::Contiguous => "k",
        Layout::Paged { .. } => "k_cache",
    };
    let group = c.group(kv_arg, q64.shape[1], kv.heads)?;
    c.scale(scale)?;
    let lens = kv.lens(c, lens_arg, lens, q64.shape[0])?;
    Ok(Decode {
        q: q64,
        kv,
        lens,
        group,
    })
}

/// `kv_gather` (`KERNELS.md`): the live pages of each sequence copied into
/// contiguous `[B, MB * BS, Hkv, D]` rows (f64), zeros elsewhere. Every
/// token of a live page is copied, including a last page's slots past the
/// length, as the kernel moves whole pages.
pub fn kv_gather(
    cache: &HostTensor,
    block_tables: &HostTensor,
    context_lens: &HostTensor,
) -> Result<(Vec<usize>, Vec<f64>), RefError> {
    let c = Check { op: "kv_gather" };
    c.rank("cache", cache, &["NB", "BS", "Hkv", "D"])?;
    let tables = c.int("block_tables", block_tables, &["B", "MB"])?;
    let lens = c.int("context_lens", context_lens, &["B"])?;
    let (nb, bs, row) = (
        cache.shape()[0],
        cache.shape()[1],
        cache.shape()[2] * cache.shape()[3],
    );
    let (b, mb) = (block_tables.shape()[0], block_tables.shape()[1]);
    let src = cache.to_f64_vec();
    let mut out = vec![0.0; b * mb * bs * row];
    for s in 0..b {
        let len = lens[s].max(0) as usize;
        for j in 0..mb.min(len.div_ceil(bs)) {
            let page = tables[s * mb + j];
            if page < 0 || page as usize >= nb {
                return Err(c.shape_err(
                    "block_tables",
                    format!("sequence {s} slot {j} holds page {page}, outside [0, {nb})"),
                ));
            }
            let from = page as usize * bs * row;
            let to = (s * mb + j) * bs * row;
            out[to..to + bs * row].copy_from_slice(&src[from..from + bs * row]);
        }
    }
    Ok((vec![b, mb * bs, cache.shape()[2], cache.shape()[3]], out))
}
