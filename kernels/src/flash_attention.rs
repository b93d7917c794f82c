//! Dense attention, `flash_attention`: the causal or non-causal prefill
//! baseline every sparse result is measured against.
//!
//! One program per (sequence, query block, KV head) owns the block's rows
//! for all G query heads of the group, laid out as `[rows · G, D]`, so each
//! K/V block is read once per group. The key loop is the online softmax,
//! pipelined two deep; a causal program stops at the end of its query
//! block, and the mask `key ≤ query` trims the diagonal blocks. Block
//! sizes are chosen at trace time from the shapes (no instantiation).
//!
//! Semantics: `KERNELS.md`, `flash_attention`; reference:
//! [`crate::reference::flash_attention`].

use crate::error::KernelError;
use crate::host::{self, with_float_type, AttnOutputs};
use crate::tiles::{
    block_len, finish, load_query_block, load_rows, online_update, store_query_block,
};
use crate::validate::{float_dtype, Check};
use tilekit_core::dsl::*;
use tilekit_core::{Backend, HostTensor};

/// Pipeline depth of the key loop.
const STAGES: u32 = 2;
/// The longest key block a program loads at once.
const KEY_BLOCK: usize = 64;
/// About how many `(query, head)` rows one program owns.
const PROGRAM_ROWS: usize = 64;

/// Query positions per program for `sq` queries and group size `g`.
pub fn query_block(sq: usize, g: usize) -> usize {
    block_len(sq, (PROGRAM_ROWS / g.max(1)).max(1))
}

#[kernel(
    grid = [q.dim(0), cdiv_usize(q.dim(1), query_block(q.dim(1), q.dim(2) / k.dim(2).max(1))), k.dim(2)],
    name = "flash_attention"
)]
pub fn flash_attention_kernel<T: Float>(
    q: Ref<T, 4>, // [B, Sq, Hq, D]
    k: Ref<T, 4>, // [B, Skv, Hkv, D]
    v: Ref<T, 4>,
    #[shape(q.shape())] o: RefMut<f32, 4>,
    #[shape([q.dim(0), q.dim(1), q.dim(2)])] lse: RefMut<f32, 3>,
    scale: f32,
    #[trace] causal: bool,
) {
    let (skv, d) = (k.dim(1), q.dim(3));
    let g = q.dim(2) / k.dim(2).max(1);
    let bq = query_block(q.dim(1), g);
    let bk = block_len(skv, KEY_BLOCK);
    let (b, qb, h) = (program_id(0), program_id(1), program_id(2));
    let s0 = qb * bq;
    let q = load_query_block(q, b, s0, bq, h, g); // [BQ·G, D]
    let row_pos = iota([bq * g]) / g + s0; // the query position of each row
                                           // A causal block needs no key past its last query.
    let hi = if causal {
        (s0 + bq).min(skv)
    } else {
        scalar_index(skv)
    };
    let mut m = full([bq * g], f32::NEG_INFINITY);
    let mut l = zeros([bq * g]);
    let mut acc = zeros([bq * g, d]);
    for j in pipeline(0..cdiv(hi, bk), STAGES) {
        let pos = iota([bk]) + j * bk;
        // Keys past Skv load as 0 (masked) and are excluded below.
        let kb = load_rows(k, b, j * bk, bk, h); // [BK, D]
        let vb = load_rows(v, b, j * bk, bk, h);
        let keep = if causal {
            pos.row().le(row_pos.col()) // [BQ·G, BK]; rows past Sq are never stored
        } else {
            pos.lt(skv).row()
        };
        let s = select(keep, dot(q, kb.t()) * scale, f32::NEG_INFINITY);
        (m, l, acc) = online_update(m, l, acc, s, vb);
    }
    let (o_rows, lse_rows) = finish(m, l, acc);
    store_query_block(o, lse, b, s0, bq, h, g, o_rows, lse_rows);
}

/// The tensors of a dense attention call.
#[derive(Clone, Copy, Debug)]
pub struct FlashAttentionInputs<'a> {
    /// `[B, Sq, Hq, D]`, bf16, f16 or f32 (k and v the same).
    pub q: &'a HostTensor,
    /// `[B, Skv, Hkv, D]`; causal calls need `Skv = Sq`.
    pub k: &'a HostTensor,
    pub v: &'a HostTensor,
}

/// How to run dense attention.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlashAttentionConfig {
    /// Query `i` attends to keys `0..=i` only.
    pub causal: bool,
    /// Softmax scale; `None` is `1 / sqrt(D)`.
    pub scale: Option<f32>,
}

/// Validated prefill `q`, `k`, `v`: `(batch, S, Hkv, D)`.
pub(crate) fn check_prefill(
    c: Check,
    q: &HostTensor,
    k: &HostTensor,
    v: &HostTensor,
    same_len: bool,
) -> Result<(usize, usize, usize, usize), KernelError> {
    c.float("q", q, &["B", "S", "Hq", "D"])?;
    float_dtype(c, q)?;
    for (arg, t) in [("k", k), ("v", v)] {
        c.float(arg, t, &["B", "S", "Hkv", "D"])?;
        c.same_dtype(arg, t, q)?;
        c.head_dim(arg, t, q)?;
    }
    c.same_shape("v", v, "k", k)?;
    let (batch, sq, hq, d) = (q.shape()[0], q.shape()[1], q.shape()[2], q.shape()[3]);
    c.dim("k", k.shape(), 0, "B", batch, "`q`")?;
    if same_len {
        c.dim(
            "k",
            k.shape(),
            1,
            "S",
            sq,
            "`q` (causal attention needs as many keys as queries)",
        )?;
    }
    let hkv = k.shape()[2];
    c.group("k", hq, hkv)?;
    Ok((batch, sq, hkv, d))
}

/// Dense attention (`KERNELS.md`, `flash_attention`) on `backend`.
pub fn flash_attention(
    backend: &dyn Backend,
    inputs: &FlashAttentionInputs<'_>,
    config: &FlashAttentionConfig,
) -> Result<AttnOutputs, KernelError> {
    const OP: &str = "flash_attention";
    let c = Check { op: OP };
    let FlashAttentionInputs { q, k, v } = *inputs;
    let (batch, sq, _, d) = check_prefill(c, q, k, v, config.causal)?;
    let scale = c.scale(config.scale, d)?;
    if batch == 0 || sq == 0 || k.shape()[1] == 0 {
        return Ok(host::empty_outputs(q.shape()));
    }
    let args = FlashAttentionKernelArgs {
        q: q.clone(),
        k: k.clone(),
        v: v.clone(),
        scale,
        causal: config.causal,
    }
    .to_kernel_args();
    let shapes = FlashAttentionKernelShapes::from_args(&args, config.causal)
        .map_err(|e| KernelError::backend(OP, e))?;
    let dtype = q.dtype();
    let kernel = host::built(
        OP,
        "flash_attention",
        with_float_type!(dtype, T => flash_attention_kernel_cached::<T>(&shapes)),
    )?;
    let mut out = host::launch(OP, backend, &kernel, &args)?;
    Ok(AttnOutputs {
        o: host::take(OP, backend, &mut out, &kernel, "o")?,
        lse: host::take(OP, backend, &mut out, &kernel, "lse")?,
    })
}
