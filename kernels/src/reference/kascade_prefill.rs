//! Kascade prefill: the anchor op `kascade_prefill_scores` (tile-pooled key
//! probabilities) and the reuse op `kascade_prefill` (attention over the
//! selected prefix keys plus the query's own tile, causally).
//!
//! Queries are grouped in tiles of `tile` rows; tile t starts at `s = t·tile`
//! and `T = ceil(S / tile)`. Keys `< s` are the prefix the anchor selects
//! from; keys in `[s, i]` are always attended because they are the tile's own.

use super::check::Check;
use super::{attend, softmax, Array64, AttnOut, RefError};
use tilekit_core::HostTensor;

/// Validated prefill q and k (`[B, S, Hq, D]`, `[B, S, Hkv, D]`) and the GQA group.
struct Qk {
    q: Array64,
    k: Array64,
    group: usize,
}

fn prefill_qk(
    c: Check,
    q: &HostTensor,
    k: &HostTensor,
    tile: usize,
    scale: f64,
) -> Result<Qk, RefError> {
    let q64 = c.float("q", q, &["B", "S", "Hq", "D"])?;
    let k64 = c.float("k", k, &["B", "S", "Hkv", "D"])?;
    c.same_dtype("k", k, q)?;
    for (axis, name) in [(0, "B"), (1, "S"), (3, "D")] {
        c.dim("k", &k64.shape, axis, name, q64.shape[axis], "`q`")?;
    }
    let group = c.group("k", q64.shape[2], k64.shape[2])?;
    c.positive("tile", tile)?;
    c.scale(scale)?;
    Ok(Qk {
        q: q64,
        k: k64,
        group,
    })
}

/// Per-tile pooled probabilities of an anchor layer, `agg: [B, Hkv, T, S]`.
///
/// `agg[b,g,t,j] = Σ_{i in tile t} Σ_{h in group g} softmax_j(scale ·
/// q[b,i,h]·k[b,j,g])` over the causal keys `{0..=i}`, kept only for `j < s`
/// (the tile's own keys and later ones are 0: they are always attended, so
/// they are not candidates for selection). This materialises everything; it
/// is meant for test sizes.
pub fn kascade_prefill_scores(
    q: &HostTensor,
    k: &HostTensor,
    tile: usize,
    scale: f64,
) -> Result<Array64, RefError> {
    let c = Check {
        op: "kascade_prefill_scores",
    };
    let Qk { q, k, group } = prefill_qk(c, q, k, tile, scale)?;
    let (batch, s_len, hkv) = (q.shape[0], q.shape[1], k.shape[2]);
    let tiles = s_len.div_ceil(tile);
    let mut agg = Array64::zeros(&[batch, hkv, tiles, s_len]);
    let all: Vec<usize> = (0..s_len).collect();
    for b in 0..batch {
        for g in 0..hkv {
            for t in 0..tiles {
                let start = t * tile;
                for i in start..(start + tile).min(s_len) {
                    for h in g * group..(g + 1) * group {
                        let sm =
                            softmax(q.row(&[b, i, h]), &all[..=i], |j| k.row(&[b, j, g]), scale);
                        let row = agg.row_mut(&[b, g, t]);
                        for (a, p) in row[..start].iter_mut().zip(&sm.probs) {
                            *a += p;
                        }
                    }
                }
            }
        }
    }
    Ok(agg)
}

/// Reuse-layer prefill, `o: [B, S, Hq, D]`, `lse: [B, S, Hq]`.
///
/// For query i in tile t (start s): if `s ≤ n_sel[t]` the attended set is
/// `{0..=i}` (selecting would keep everything anyway); otherwise it is
/// `{ idx[b, head_map[g], t, j] : j < n_sel[t] } ∪ {s..=i}`. Shapes: `idx:
/// [B, Ha, T, Kmax]` i32, `n_sel: [T]` i32, `head_map: [Hkv]` into `[0, Ha)`.
/// Selected entries of sparse tiles must be unique and `< s`; the selection
/// of a dense tile is not read, so there `n_sel[t]` may exceed Kmax.
#[allow(clippy::too_many_arguments)] // the kernel's signature, one-to-one
pub fn kascade_prefill(
    q: &HostTensor,
    k: &HostTensor,
    v: &HostTensor,
    idx: &HostTensor,
    n_sel: &HostTensor,
    head_map: &HostTensor,
    tile: usize,
    scale: f64,
) -> Result<AttnOut, RefError> {
    let c = Check {
        op: "kascade_prefill",
    };
    let Qk {
        q: q64,
        k: k64,
        group,
    } = prefill_qk(c, q, k, tile, scale)?;
    let v64 = c.float("v", v, &["B", "S", "Hkv", "D"])?;
    c.same_dtype("v", v, q)?;
    if v64.shape != k64.shape {
        return Err(c.shape_err(
            "v",
            format!("shape {:?} differs from `k` {:?}", v64.shape, k64.shape),
        ));
    }
    let (batch, s_len, hq, hkv) = (q64.shape[0], q64.shape[1], q64.shape[2], k64.shape[2]);
    let tiles = s_len.div_ceil(tile);

    let idx_vals = c.int("idx", idx, &["B", "Ha", "T", "Kmax"])?;
    c.dim("idx", idx.shape(), 0, "B", batch, "`q`")?;
    c.dim("idx", idx.shape(), 2, "T", tiles, "ceil(S / tile)")?;
    let (anchor_heads, kmax) = (idx.shape()[1], idx.shape()[3]);
    let n_vals = c.int("n_sel", n_sel, &["T"])?;
    c.dim("n_sel", n_sel.shape(), 0, "T", tiles, "ceil(S / tile)")?;
    if let Some(t) = n_vals.iter().position(|&n| n < 0) {
        return Err(c.value_err("n_sel", format!("entry [{t}] = {} is negative", n_vals[t])));
    }
    let head_map = c.head_map(head_map, hkv, anchor_heads)?;

    let mut o = Array64::zeros(&q64.shape);
    let mut lse = Array64::zeros(&[batch, s_len, hq]);
    for b in 0..batch {
        for (g, &a) in head_map.iter().enumerate() {
            for t in 0..tiles {
                let start = t * tile;
                let n = n_vals[t] as usize;
                // The prefix part of the attended set, shared by the tile's queries.
                let prefix: Vec<usize> = if start <= n {
                    (0..start).collect()
                } else {
                    if n > kmax {
                        return Err(c.value_err(
                            "n_sel",
                            format!(
                                "entry [{t}] = {n} exceeds Kmax = {kmax}, the last axis of `idx`"
                            ),
                        ));
                    }
                    let row = &idx_vals[((b * anchor_heads + a) * tiles + t) * kmax..][..kmax];
                    let what = format!("keys before the start {start} of tile {t}");
                    c.selection("idx", row, n, start, &what, |j| {
                        format!("[{b}, {a}, {t}, {j}]")
                    })?
                };
                for i in start..(start + tile).min(s_len) {
                    let tokens: Vec<usize> = prefix.iter().copied().chain(start..=i).collect();
                    for h in g * group..(g + 1) * group {
                        let sm = attend(
                            q64.row(&[b, i, h]),
                            &tokens,
                            |j| k64.row(&[b, j, g]),
                            |j| v64.row(&[b, j, g]),
                            scale,
                            o.row_mut(&[b, i, h]),
                        );
                        let at = lse.offset(&[b, i, h]);
                        lse.data[at] = sm.lse;
                    }
                }
            }
        }
    }
    Ok(AttnOut { o, lse })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{default_scale, flash_attention, kascade_decode, kascade_decode_scores};
    use crate::testdata::{random_tensor, Rng};
    use tilekit_core::DType;

    const D: usize = 8;

    fn qkv(b: usize, s: usize, hq: usize, hkv: usize, seed: u64) -> [HostTensor; 3] {
        let mut rng = Rng::new(seed);
        [
            random_tensor(&mut rng, DType::F32, &[b, s, hq, D], 2.0),
            random_tensor(&mut rng, DType::F32, &[b, s, hkv, D], 1.0),
            random_tensor(&mut rng, DType::F32, &[b, s, hkv, D], 1.0),
        ]
    }

    fn i32s(shape: &[usize], v: Vec<i32>) -> HostTensor {
        HostTensor::from_i32(shape, v).unwrap()
    }

    /// Query row i of every sequence, as decode-shaped `[B, Hq, D]`.
    fn query_row(q: &HostTensor, i: usize) -> HostTensor {
        let a = Array64::from_host(q);
        let (b_n, hq) = (a.shape[0], a.shape[2]);
        let mut out = Array64::zeros(&[b_n, hq, D]);
        for b in 0..b_n {
            for h in 0..hq {
                out.row_mut(&[b, h]).copy_from_slice(a.row(&[b, i, h]));
            }
        }
        out.to_host(DType::F32)
    }

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x == y || (x - y).abs() < 1e-12)
    }

    #[test]
    fn dense_tiles_equal_causal_flash_attention() {
        // S = 10, tile 4: starts 0, 4, 8 are all <= n_sel, so every tile is
        // dense and the (garbage) idx is never read.
        let [q, k, v] = qkv(2, 10, 4, 2, 31);
        let idx = i32s(&[2, 2, 3, 1], vec![-5; 12]);
        let r = kascade_prefill(
            &q,
            &k,
            &v,
            &idx,
            &i32s(&[3], vec![0, 4, 100]),
            &i32s(&[2], vec![1, 0]),
            4,
            0.4,
        )
        .unwrap();
        let f = flash_attention(&q, &k, &v, true, 0.4).unwrap();
        assert!(close(&r.o.data, &f.o.data));
        assert!(close(&r.lse.data, &f.lse.data));
    }

    #[test]
    fn sparse_tile_attends_selection_plus_own_prefix() {
        // S = 9, tile 3: tiles 0 and 1 are dense (s <= n_sel), tile 2 (s = 6)
        // keeps 2 keys < 6 per anchor head.
        let [q, k, v] = qkv(1, 9, 2, 2, 41);
        let mut idx = vec![-1i32; 2 * 3 * 2];
        idx[2 * 2..2 * 2 + 2].copy_from_slice(&[4, 1]); // anchor 0, tile 2
        idx[(3 + 2) * 2..(3 + 2) * 2 + 2].copy_from_slice(&[0, 5]); // anchor 1, tile 2
        let map = i32s(&[2], vec![1, 0]);
        let r = kascade_prefill(
            &q,
            &k,
            &v,
            &i32s(&[1, 2, 3, 2], idx),
            &i32s(&[3], vec![2, 3, 2]),
            &map,
            3,
            0.5,
        )
        .unwrap();
        for i in 6..9 {
            // Expected: decode of query i over {selection} ∪ {6..=i}, with
            // KV head 0 using anchor 1's {0, 5} and head 1 anchor 0's {4, 1}.
            let own: Vec<i32> = (6..=i as i32).collect();
            let sets = [[&[0, 5][..], &own].concat(), [&[4, 1][..], &own].concat()];
            let kmax = sets[0].len();
            let dec_idx = i32s(&[1, 2, kmax], sets.concat());
            let n = i32s(&[1], vec![kmax as i32]);
            let lens = i32s(&[1], vec![i as i32 + 1]);
            let want = kascade_decode(
                &query_row(&q, i),
                &k,
                &v,
                &lens,
                &dec_idx,
                &n,
                &i32s(&[2], vec![0, 1]),
                0.5,
            )
            .unwrap();
            for h in 0..2 {
                assert!(
                    close(r.o.row(&[0, i, h]), want.o.row(&[0, h])),
                    "row {i} head {h}"
                );
                assert!(close(&[r.lse.get(&[0, i, h])], &[want.lse.get(&[0, h])]));
            }
        }
    }

    #[test]
    fn prefill_errors_name_the_argument() {
        let [q, k, v] = qkv(1, 6, 2, 1, 43);
        let map = i32s(&[1], vec![0]);
        let run = |idx: Vec<i32>, n: Vec<i32>, tile: usize| {
            let shape = [1, 1, n.len(), idx.len() / n.len().max(1)];
            kascade_prefill(
                &q,
                &k,
                &v,
                &i32s(&shape, idx),
                &i32s(&[n.len()], n),
                &map,
                tile,
                1.0,
            )
            .unwrap_err()
            .to_string()
        };
        assert_eq!(
            run(vec![-1, -1, 3, 0], vec![0, 2], 3),
            "reference kascade_prefill: argument `idx`: entry [0, 0, 1, 0] = 3 is out of range [0, 3) \
             (keys before the start 3 of tile 1)"
        );
        assert!(
            run(vec![-1, -1, 1, 1], vec![0, 2], 3).contains("entry [0, 0, 1, 1] = 1 duplicates")
        );
        assert!(run(vec![0; 4], vec![0, 1, 2, 3], 3).contains("argument `idx`: axis 2 (T) is 4"));
        assert!(run(vec![0; 4], vec![0, 1], 0).contains("argument `tile`: must be at least 1"));
        assert!(run(vec![0; 2], vec![0, -1], 3)
            .contains("argument `n_sel`: entry [1] = -1 is negative"));
    }

    #[test]
    fn pooled_scores_match_decode_scores_of_each_query() {
        let (s, tile, hq, hkv) = (7, 3, 4, 2);
        let [q, k, v] = qkv(1, s, hq, hkv, 47);
        let agg = kascade_prefill_scores(&q, &k, tile, default_scale(D)).unwrap();
        assert_eq!(agg.shape, vec![1, hkv, 3, s]);
        let mut want = Array64::zeros(&agg.shape);
        for i in 0..s {
            let lens = i32s(&[1], vec![i as i32 + 1]);
            let (_, a) =
                kascade_decode_scores(&query_row(&q, i), &k, &v, &lens, default_scale(D)).unwrap();
            let (t, start) = (i / tile, i / tile * tile);
            for g in 0..hkv {
                for j in 0..start {
                    let at = want.offset(&[0, g, t, j]);
                    want.data[at] += a.get(&[0, g, j]);
                }
            }
        }
        assert!(close(&agg.data, &want.data));
        // Tile 0 has no prefix; every later tile's row sums to at most G·tile.
        assert!(agg.row(&[0, 1, 0]).iter().all(|&x| x == 0.0));
        assert!(agg.row(&[0, 0, 1]).iter().sum::<f64>() < 2.0 * 3.0);
        let e = kascade_prefill_scores(&q, &query_row(&q, 0), tile, 1.0).unwrap_err();
        assert_eq!(e.arg(), "k");
    }
}
