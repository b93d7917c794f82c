//! Kascade anchor-layer decode, `kascade_decode_scores`: dense decode
//! attention plus, per KV head, each key's post-softmax probability summed
//! over the G query heads of the group (the "head-aware" score the Top-k
//! selection ranks).
//!
//! One program per (sequence, KV head) owns the G query heads, so each key
//! block is read once per group. Two passes over K: the first is the
//! online softmax (output, and each head's log-sum-exp); the second
//! recomputes the logits and turns them into probabilities with the final
//! lse, which the first pass had to finish before any probability was
//! known. Keys at or past the length score 0.
//!
//! Semantics: `KERNELS.md`, `kascade_decode_scores`; reference:
//! [`crate::reference::kascade_decode_scores`].

// A kernel loop that carries nothing (it only stores) expands to a closure
// ending in `()`, which clippy flags on the loop's own span.

use crate::error::KernelError;
use crate::host::{self, with_float_type, AttnOutputs};
use crate::tiles::{block_len, finish, group_size, load_rows, online_update};
use crate::validate::{float_dtype, Check};
use tilekit_core::dsl::*;
use tilekit_core::{Backend, HostTensor};

/// Pipeline depth of the key-block loops.
const STAGES: u32 = 2;
/// The longest key block a program loads at once.
const KEY_BLOCK: usize = 64;

#[kernel(grid = [q.dim(0), k.dim(2)], name = "kascade_decode_scores")]
pub fn kascade_decode_scores_kernel<T: Float>(
    #[prefetch] lens: Prefetch<1>, // [B]
    q: Ref<T, 3>,                  // [B, Hq, D]
    k: Ref<T, 4>,                  // [B, S, Hkv, D]
    v: Ref<T, 4>,
    #[shape(q.shape())] o: RefMut<f32, 3>,
    #[shape([q.dim(0), q.dim(1)])] lse: RefMut<f32, 2>,
    #[shape([q.dim(0), k.dim(2), k.dim(1)])] agg: RefMut<f32, 3>,
    scale: f32,
) {
    let (s_len, d) = (k.dim(1), q.dim(2));
    let g = group_size(q.dim(1), k.dim(2));
    let bk = block_len(s_len, KEY_BLOCK);
    let (b, h) = (program_id(0), program_id(1));
    let len = lens[b];
    let q = q.load([b, h * g..h * g + g, ..]); // [G, D]

    // Pass 1: online softmax over the sequence's keys.
    let mut m = full([g], f32::NEG_INFINITY);
    let mut l = zeros([g]);
    let mut acc = zeros([g, d]);
    for j in pipeline(0..cdiv(len, bk), STAGES) {
        let keep = (iota([bk]) + j * bk).lt(len);
        let kb = load_rows(k, b, j * bk, bk, h); // [BK, D]
        let vb = select(keep.col(), load_rows(v, b, j * bk, bk, h), 0.0);
        let s = select(keep.row(), dot(q, kb.t()) * scale, f32::NEG_INFINITY);
        (m, l, acc) = online_update(m, l, acc, s, vb);
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    o.store([b, h * g..h * g + g, ..], o_rows);
    lse.store([b, h * g..h * g + g], lse_rows);

    // Pass 2: probabilities exp(s - lse), summed over the group's heads.
    // Keys past the last block keep the zeros outputs start with.
    for j in pipeline(0..cdiv(len, bk), STAGES) {
        let pos = iota([bk]) + j * bk;
        let kb = load_rows(k, b, j * bk, bk, h);
        let s = dot(q, kb.t()) * scale;
        let p = select(pos.lt(len).row(), (s - lse_rows.col()).exp(), 0.0); // [G, BK]
        if s_len % bk == 0 {
            agg.store([b, h, j * bk..j * bk + bk], p.sum(0));
        } else {
            agg.store_masked([b, h, j * bk..j * bk + bk], p.sum(0), pos.lt(s_len));
        }
    }
}

/// The tensors of a decode call over contiguous K/V.
#[derive(Clone, Copy, Debug)]
pub struct DecodeInputs<'a> {
    /// `[B, Hq, D]`, bf16, f16 or f32 (k and v the same).
    pub q: &'a HostTensor,
    /// `[B, S, Hkv, D]`.
    pub k: &'a HostTensor,
    pub v: &'a HostTensor,
    /// `[B]` i32, each at most S.
    pub lens: &'a HostTensor,
}

/// Scale of a decode call.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DecodeConfig {
    /// Softmax scale; `None` is `1 / sqrt(D)`.
    pub scale: Option<f32>,
}

/// What an anchor layer's decode returns.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodeScoresOutputs {
    /// Dense decode output `o: [B, Hq, D]` and `lse: [B, Hq]` (f32).
    pub attn: AttnOutputs,
    /// `agg: [B, Hkv, S]` f32: per KV head, each key's probability summed
    /// over the group's query heads (0 at and past the length).
    pub agg: HostTensor,
}

/// What validating contiguous decode inputs establishes.
pub(crate) struct Contiguous {
    pub dtype: tilekit_core::DType,
    pub batch: usize,
    pub s_len: usize,
    pub hkv: usize,
    pub d: usize,
    pub lens: Vec<usize>,
}

/// Validates `q: [B, Hq, D]`, `k, v: [B, S, Hkv, D]` and `lens: [B]`.
pub(crate) fn check_contiguous(
    c: Check,
    q: &HostTensor,
    k: &HostTensor,
    v: &HostTensor,
    lens: &HostTensor,
) -> Result<Contiguous, KernelError> {
    c.float("q", q, &["B", "Hq", "D"])?;
    let dtype = float_dtype(c, q)?;
    for (arg, t) in [("k", k), ("v", v)] {
        c.float(arg, t, &["B", "S", "Hkv", "D"])?;
        c.same_dtype(arg, t, q)?;
        c.head_dim(arg, t, q)?;
    }
    c.same_shape("v", v, "k", k)?;
    let (batch, hq, d) = (q.shape()[0], q.shape()[1], q.shape()[2]);
    c.dim("k", k.shape(), 0, "B", batch, "`q`")?;
    let (s_len, hkv) = (k.shape()[1], k.shape()[2]);
    c.group("k", hq, hkv)?;
    let lens = c.counts("lens", lens, batch, s_len, "the sequence axis S of `k`")?;
    Ok(Contiguous {
        dtype,
        batch,
        s_len,
        hkv,
        d,
        lens,
    })
}

/// Kascade anchor decode (`KERNELS.md`, `kascade_decode_scores`) on `backend`.
pub fn kascade_decode_scores(
    backend: &dyn Backend,
    inputs: &DecodeInputs<'_>,
    config: &DecodeConfig,
) -> Result<DecodeScoresOutputs, KernelError> {
    const OP: &str = "kascade_decode_scores";
    let c = Check { op: OP };
    let DecodeInputs { q, k, v, lens } = *inputs;
    let shape = check_contiguous(c, q, k, v, lens)?;
    let scale = c.scale(config.scale, shape.d)?;
    if shape.batch == 0 || shape.s_len == 0 {
        // No keys anywhere: every row is empty.
        return Ok(DecodeScoresOutputs {
            attn: host::empty_outputs(q.shape()),
            agg: host::filled(&[shape.batch, shape.hkv, shape.s_len], 0.0),
        });
    }
    let args = KascadeDecodeScoresKernelArgs {
        lens: lens.clone(),
        q: q.clone(),
        k: k.clone(),
        v: v.clone(),
        scale,
    }
    .to_kernel_args();
    let shapes = KascadeDecodeScoresKernelShapes::from_args(&args)
        .map_err(|e| KernelError::backend(OP, e))?;
    let dtype = shape.dtype;
    let kernel = host::built(
        OP,
        "kascade_decode_scores",
        with_float_type!(dtype, T => kascade_decode_scores_kernel_cached::<T>(&shapes)),
    )?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    Ok(DecodeScoresOutputs {
        attn: AttnOutputs {
            o: host::take(OP, backend, &mut out, &kernel, "o")?,
            lse: host::take(OP, backend, &mut out, &kernel, "lse")?,
        },
        agg: host::take(OP, backend, &mut out, &kernel, "agg")?,
    })
}
