//! Host-side validation of the shipped kernels' arguments.
//!
//! Two tiers. Shapes, dtypes, ranks, lengths and small per-head maps are
//! always checked: they are O(B + H), and a wrong one would otherwise
//! surface as a verifier error about the kernel's internals or an
//! out-of-bounds read. Index arrays whose size grows with the context
//! (block-table entries, Top-k selections) are scanned in checked mode
//! (`checked: true` in every config, the default): what an unchecked call
//! gets for a bad entry is the backend's behaviour (an error on the
//! interpreter, undefined on a GPU). Every error names the argument, and
//! for index arrays the sequence and the slot.

use crate::error::KernelError;
use std::collections::HashSet;
use tilekit_core::{DType, HostTensor};

/// The validation context of one host call: its name for messages.
#[derive(Clone, Copy)]
pub(crate) struct Check {
    pub op: &'static str,
}

type R<T> = Result<T, KernelError>;

impl Check {
    pub fn err(&self, arg: &'static str, detail: impl Into<String>) -> KernelError {
        KernelError::input(self.op, arg, detail)
    }

    /// Checks the rank; `dims` names the axes for the message.
    pub fn rank(&self, arg: &'static str, t: &HostTensor, dims: &[&str]) -> R<()> {
        if t.shape().len() != dims.len() {
            return Err(self.err(
                arg,
                format!(
                    "expected shape [{}] (rank {}), got {:?}",
                    dims.join(", "),
                    dims.len(),
                    t.shape()
                ),
            ));
        }
        Ok(())
    }

    /// A bf16, f16 or f32 tensor of the given rank.
    pub fn float(&self, arg: &'static str, t: &HostTensor, dims: &[&str]) -> R<()> {
        if !t.dtype().is_float() {
            return Err(self.err(
                arg,
                format!(
                    "dtype {} is not accepted (expected bf16, f16 or f32)",
                    t.dtype()
                ),
            ));
        }
        self.rank(arg, t, dims)
    }

    /// KERNELS.md: q, k and v share one dtype per call.
    pub fn same_dtype(&self, arg: &'static str, t: &HostTensor, q: &HostTensor) -> R<()> {
        if t.dtype() != q.dtype() {
            return Err(self.err(
                arg,
                format!(
                    "dtype {} differs from `q`'s {} (q, k and v share one dtype per call)",
                    t.dtype(),
                    q.dtype()
                ),
            ));
        }
        Ok(())
    }

    /// An i32 tensor of the given rank.
    pub fn int<'t>(&self, arg: &'static str, t: &'t HostTensor, dims: &[&str]) -> R<&'t [i32]> {
        let Some(vals) = t.as_i32() else {
            return Err(self.err(
                arg,
                format!("dtype {} is not accepted (expected i32)", t.dtype()),
            ));
        };
        self.rank(arg, t, dims)?;
        Ok(vals)
    }

    /// Axis `axis` (called `name`) of `arg` must be `want`, which `source` gives.
    pub fn dim(
        &self,
        arg: &'static str,
        shape: &[usize],
        axis: usize,
        name: &str,
        want: usize,
        source: &str,
    ) -> R<()> {
        if shape[axis] != want {
            return Err(self.err(
                arg,
                format!(
                    "axis {axis} ({name}) is {} but {source} gives {name} = {want} (shape {shape:?})",
                    shape[axis]
                ),
            ));
        }
        Ok(())
    }

    pub fn same_shape(
        &self,
        arg: &'static str,
        t: &HostTensor,
        other_arg: &str,
        other: &HostTensor,
    ) -> R<()> {
        if t.shape() != other.shape() {
            return Err(self.err(
                arg,
                format!(
                    "shape {:?} differs from `{other_arg}`'s {:?}",
                    t.shape(),
                    other.shape()
                ),
            ));
        }
        Ok(())
    }

    /// The head dimension of `q` (its last axis) must be at least 1, and
    /// `arg`'s last axis must equal it.
    pub fn head_dim(&self, arg: &'static str, t: &HostTensor, q: &HostTensor) -> R<usize> {
        let d = *q.shape().last().unwrap_or(&0);
        if d == 0 {
            return Err(self.err("q", "the head dimension D (last axis) is 0"));
        }
        let got = *t.shape().last().unwrap_or(&0);
        if got != d {
            return Err(self.err(
                arg,
                format!(
                    "head dimension {got} (last axis, shape {:?}) differs from `q`'s {d}",
                    t.shape()
                ),
            ));
        }
        Ok(d)
    }

    /// GQA group size `G = Hq / Hkv`, a whole number >= 1.
    pub fn group(&self, kv_arg: &'static str, hq: usize, hkv: usize) -> R<usize> {
        if hkv == 0 || hq % hkv != 0 || hq < hkv {
            return Err(self.err(
                kv_arg,
                format!(
                    "{hkv} KV heads do not divide the {hq} query heads of `q` \
                     (GQA needs Hq / Hkv to be a whole number >= 1)"
                ),
            ));
        }
        Ok(hq / hkv)
    }

    /// The softmax scale: `1 / sqrt(D)` unless given; must be finite.
    pub fn scale(&self, scale: Option<f32>, d: usize) -> R<f32> {
        let s = scale.unwrap_or(1.0 / (d as f32).sqrt());
        if !s.is_finite() {
            return Err(self.err("scale", format!("must be finite, got {s}")));
        }
        Ok(s)
    }

    /// Per-sequence counts `[B]` (context lengths, selection sizes), each in
    /// `[0, cap]`; `cap_what` says where the capacity comes from.
    pub fn counts(
        &self,
        arg: &'static str,
        t: &HostTensor,
        batch: usize,
        cap: usize,
        cap_what: &str,
    ) -> R<Vec<usize>> {
        let vals = self.int(arg, t, &["B"])?;
        self.dim(arg, t.shape(), 0, "B", batch, "`q`")?;
        vals.iter()
            .enumerate()
            .map(|(b, &l)| {
                if l < 0 {
                    Err(self.err(arg, format!("entry [{b}] (sequence {b}) = {l} is negative")))
                } else if l as usize > cap {
                    Err(self.err(
                        arg,
                        format!("entry [{b}] (sequence {b}) = {l} exceeds {cap_what} = {cap}"),
                    ))
                } else {
                    Ok(l as usize)
                }
            })
            .collect()
    }

    /// A paged cache's `block_tables [B, MB]` and per-sequence lengths
    /// (`lens_arg`, each in `[0, MB * BS]`), for a cache of `num_blocks`
    /// pages of `block_size` tokens; checked mode also scans every page a
    /// length makes live. Returns MB and the lengths.
    pub fn paged_tables(
        &self,
        block_tables: &HostTensor,
        (lens_arg, lens): (&'static str, &HostTensor),
        batch: usize,
        [num_blocks, block_size]: [usize; 2],
        checked: bool,
    ) -> R<(usize, Vec<usize>)> {
        if block_size == 0 {
            return Err(self.err("k_cache", "the page size BS (axis 1) is 0"));
        }
        let tables = self.int("block_tables", block_tables, &["B", "MB"])?;
        self.dim("block_tables", block_tables.shape(), 0, "B", batch, "`q`")?;
        let mb = block_tables.shape()[1];
        let lens = self.counts(
            lens_arg,
            lens,
            batch,
            mb.saturating_mul(block_size),
            "the table capacity MB * BS",
        )?;
        if checked {
            self.live_pages(tables, mb, &lens, block_size, num_blocks)?;
        }
        Ok((mb, lens))
    }

    /// Every block-table entry a length makes live (`j < ceil(L / BS)`) must
    /// name a page in `[0, NB)`; the rest may be -1 or garbage.
    pub fn live_pages(
        &self,
        tables: &[i32],
        max_blocks: usize,
        lens: &[usize],
        block_size: usize,
        num_blocks: usize,
    ) -> R<()> {
        for (b, &l) in lens.iter().enumerate() {
            for j in 0..l.div_ceil(block_size.max(1)) {
                let e = tables[b * max_blocks + j];
                if e < 0 || e as usize >= num_blocks {
                    return Err(self.err(
                        "block_tables",
                        format!(
                            "entry [{b}, {j}] (sequence {b}, slot {j}) = {e} is out of range [0, {num_blocks}) \
                             (the pages of `k_cache`); it is read because the sequence has {l} tokens"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// `head_map[Hkv]`: each entry indexes the anchor's `anchor_heads` heads.
    pub fn head_map(&self, t: &HostTensor, hkv: usize, anchor_heads: usize) -> R<()> {
        let vals = self.int("head_map", t, &["Hkv"])?;
        self.dim("head_map", t.shape(), 0, "Hkv", hkv, "the KV heads of `k`")?;
        for (g, &a) in vals.iter().enumerate() {
            if a < 0 || a as usize >= anchor_heads {
                return Err(self.err(
                    "head_map",
                    format!(
                        "entry [{g}] (KV head {g}) = {a} is out of range [0, {anchor_heads}) (the heads of `idx`)"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The first `n` entries of a selection `row` must be unique and in
    /// `[0, bound)`; `at(j)` describes entry j (index, sequence and slot).
    pub fn selection(
        &self,
        arg: &'static str,
        row: &[i32],
        n: usize,
        bound: usize,
        bound_what: &str,
        at: impl Fn(usize) -> String,
    ) -> R<()> {
        let mut seen = HashSet::with_capacity(n);
        for (j, &x) in row[..n].iter().enumerate() {
            if x < 0 || x as usize >= bound {
                return Err(self.err(
                    arg,
                    format!(
                        "entry {} = {x} is out of range [0, {bound}) ({bound_what})",
                        at(j)
                    ),
                ));
            }
            if !seen.insert(x) {
                let first = row[..j].iter().position(|&y| y == x).unwrap_or(0);
                return Err(self.err(
                    arg,
                    format!(
                        "entry {} = {x} duplicates entry {} (a selection lists each key once)",
                        at(j),
                        at(first)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A strictly positive configuration value.
    pub fn positive(&self, arg: &'static str, x: usize) -> R<()> {
        if x == 0 {
            return Err(self.err(arg, "must be at least 1, got 0"));
        }
        Ok(())
    }
}

/// The dtype of q, k and v, for kernels that accept bf16, f16 and f32.
pub(crate) fn float_dtype(c: Check, t: &HostTensor) -> R<DType> {
    match t.dtype() {
        d @ (DType::Bf16 | DType::F16 | DType::F32) => Ok(d),
        other => Err(c.err(
            "q",
            format!("dtype {other} is not accepted (expected bf16, f16 or f32)"),
        )),
    }
}
