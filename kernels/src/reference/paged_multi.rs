//! Multi-query paged decode (`paged_decode_multi`): each sequence brings
//! `query_lens[b]` new tokens at the end of its cached context, each
//! attending causally over the cache up to its own position.

use super::check::Check;
use super::kv::Kv;
use super::{attend, Array64, AttnOut, RefError};
use tilekit_core::HostTensor;

/// Token `i < n = query_lens[b]` of sequence `b` sits at position
/// `p = context_lens[b] - n + i` and attends to cache positions `0..=p`:
/// `o[b,i,h] = Σ_{t<=p} softmax_t(scale · q[b,i,h]·k_t) · v_t`. Rows
/// `i >= n` have `o = 0`, `lse = -inf`.
///
/// Shapes: `q: [B, M, Hq, D]`, `k_cache, v_cache: [NB, BS, Hkv, D]`,
/// `block_tables: [B, MB]`, `context_lens, query_lens: [B]` (i32);
/// returns `o: [B, M, Hq, D]`, `lse: [B, M, Hq]`.
pub fn paged_decode_multi(
    q: &HostTensor,
    k_cache: &HostTensor,
    v_cache: &HostTensor,
    block_tables: &HostTensor,
    context_lens: &HostTensor,
    query_lens: &HostTensor,
    scale: f64,
) -> Result<AttnOut, RefError> {
    let c = Check {
        op: "paged_decode_multi",
    };
    let q64 = c.float("q", q, &["B", "M", "Hq", "D"])?;
    let (batch, mq, hq, d) = (q64.shape[0], q64.shape[1], q64.shape[2], q64.shape[3]);
    let kv = Kv::paged(c, q, k_cache, v_cache, block_tables, batch, d)?;
    let group = c.group("k_cache", hq, kv.heads)?;
    c.scale(scale)?;
    let lens = kv.lens(c, "context_lens", context_lens, batch)?;
    let qlens = c.lens("query_lens", query_lens, (batch, "`q`"), mq, "M")?;
    let mut out = AttnOut {
        o: Array64::zeros(&q64.shape),
        lse: Array64::zeros(&q64.shape[..3]),
    };
    out.lse.data.fill(f64::NEG_INFINITY);
    for b in 0..batch {
        if qlens[b] > lens[b] {
            return Err(c.value_err(
                "query_lens",
                format!(
                    "entry [{b}] = {} exceeds context length {}",
                    qlens[b], lens[b]
                ),
            ));
        }
        for i in 0..qlens[b] {
            let pos = lens[b] - qlens[b] + i;
            let tokens: Vec<usize> = (0..=pos).collect();
            for h in 0..hq {
                let g = h / group;
                let sm = attend(
                    q64.row(&[b, i, h]),
                    &tokens,
                    |t| kv.key(b, t, g),
                    |t| kv.value(b, t, g),
                    scale,
                    out.o.row_mut(&[b, i, h]),
                );
                let at = out.lse.offset(&[b, i, h]);
                out.lse.data[at] = sm.lse;
            }
        }
    }
    Ok(out)
}
