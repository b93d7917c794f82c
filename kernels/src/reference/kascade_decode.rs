//! Kascade reuse-layer decode: attention over the anchor's selected keys,
//! with K/V contiguous or paged, and with token or block selection.
//!
//! All three public functions reduce to one loop: validate the selection of
//! each `(b, g)` (the anchor's list for head `head_map[g]`), expand it into a
//! token set, and attend every query head of group g over that set with the
//! reuse layer's own K and V.

use super::check::Check;
use super::kv::{self, Decode, Kv};
use super::{AttnOut, RefError};
use tilekit_core::HostTensor;

/// Reuse-layer decode over selected tokens, K/V contiguous.
///
/// `q: [B, Hq, D]`, `k, v: [B, S, Hkv, D]`, `lens: [B]`, `idx: [B, Ha, Kmax]`
/// (Ha anchor heads, usually Hkv), `n_sel: [B]`, `head_map: [Hkv]` into
/// `[0, Ha)`. Group g of sequence b attends over `{ idx[b, head_map[g], j] :
/// j < n_sel[b] }`; those entries must be unique and in `[0, lens[b])`, the
/// rest are ignored. Returns `o: [B, Hq, D]`, `lse: [B, Hq]`.
#[allow(clippy::too_many_arguments)] // the kernel's signature, one-to-one
pub fn kascade_decode(
    q: &HostTensor,
    k: &HostTensor,
    v: &HostTensor,
    lens: &HostTensor,
    idx: &HostTensor,
    n_sel: &HostTensor,
    head_map: &HostTensor,
    scale: f64,
) -> Result<AttnOut, RefError> {
    let c = Check {
        op: "kascade_decode",
    };
    let q64 = kv::decode_q(c, q)?;
    let (batch, d) = (q64.shape[0], q64.shape[2]);
    let kv = Kv::contiguous(c, q, k, v, batch, d)?;
    let dec = kv::decode(c, q64, kv, "lens", lens, scale)?;
    sparse_decode(c, &dec, "idx", idx, n_sel, head_map, 1, scale)
}

/// [`kascade_decode`] with K/V in a paged cache `[NB, BS, Hkv, D]` addressed by
/// `block_tables: [B, MB]` exactly as in `paged_decode`.
#[allow(clippy::too_many_arguments)] // the kernel's signature, one-to-one
pub fn kascade_decode_paged(
    q: &HostTensor,
    k_cache: &HostTensor,
    v_cache: &HostTensor,
    block_tables: &HostTensor,
    lens: &HostTensor,
    idx: &HostTensor,
    n_sel: &HostTensor,
    head_map: &HostTensor,
    scale: f64,
) -> Result<AttnOut, RefError> {
    let c = Check {
        op: "kascade_decode_paged",
    };
    let q64 = kv::decode_q(c, q)?;
    let (batch, d) = (q64.shape[0], q64.shape[2]);
    let kv = Kv::paged(c, q, k_cache, v_cache, block_tables, batch, d)?;
    let dec = kv::decode(c, q64, kv, "lens", lens, scale)?;
    sparse_decode(c, &dec, "idx", idx, n_sel, head_map, 1, scale)
}

/// [`kascade_decode`] with block-level selection: `block_idx[b, a, j]` names a
/// block of `sel` tokens, block `i` covering `[i·sel, min((i+1)·sel, lens[b]))`,
/// so valid block indices are `[0, ceil(lens[b] / sel))`; `n_sel` counts blocks.
#[allow(clippy::too_many_arguments)] // the kernel's signature, one-to-one
pub fn kascade_decode_blocks(
    q: &HostTensor,
    k: &HostTensor,
    v: &HostTensor,
    lens: &HostTensor,
    block_idx: &HostTensor,
    n_sel: &HostTensor,
    head_map: &HostTensor,
    sel: usize,
    scale: f64,
) -> Result<AttnOut, RefError> {
    let c = Check {
        op: "kascade_decode_blocks",
    };
    c.positive("sel", sel)?;
    let q64 = kv::decode_q(c, q)?;
    let (batch, d) = (q64.shape[0], q64.shape[2]);
    let kv = Kv::contiguous(c, q, k, v, batch, d)?;
    let dec = kv::decode(c, q64, kv, "lens", lens, scale)?;
    sparse_decode(c, &dec, "block_idx", block_idx, n_sel, head_map, sel, scale)
}

/// The shared loop. `unit` is the selection granularity in tokens (1 for
/// token selection, SEL for blocks).
#[allow(clippy::too_many_arguments)]
fn sparse_decode(
    c: Check,
    dec: &Decode,
    idx_arg: &'static str,
    idx: &HostTensor,
    n_sel: &HostTensor,
    head_map: &HostTensor,
    unit: usize,
    scale: f64,
) -> Result<AttnOut, RefError> {
    let (batch, hkv) = (dec.batch(), dec.kv.heads);
    let idx_vals = c.int(idx_arg, idx, &["B", "Ha", "Kmax"])?;
    c.dim(idx_arg, idx.shape(), 0, "B", batch, "`q`")?;
    let (anchor_heads, kmax) = (idx.shape()[1], idx.shape()[2]);
    let n_sel = c.lens(
        "n_sel",
        n_sel,
        (batch, "`q`"),
        kmax,
        "Kmax, the last axis of `idx`",
    )?;
    let head_map = c.head_map(head_map, hkv, anchor_heads)?;

    let mut out = dec.outputs();
    for b in 0..batch {
        let len = dec.lens[b];
        let units = len.div_ceil(unit);
        let bound_what = if unit == 1 {
            format!("lens[{b}] = {len}")
        } else {
            format!("the {units} blocks of {unit} tokens in lens[{b}] = {len}")
        };
        for (g, &a) in head_map.iter().enumerate() {
            let row = &idx_vals[(b * anchor_heads + a) * kmax..][..kmax];
            let chosen = c.selection(idx_arg, row, n_sel[b], units, &bound_what, |j| {
                format!("[{b}, {a}, {j}]")
            })?;
            let tokens: Vec<usize> = chosen
                .iter()
                .flat_map(|&u| u * unit..((u + 1) * unit).min(len))
                .collect();
            dec.attend_group(&mut out, b, g, &tokens, scale, |_, _| {});
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{default_scale, kascade_decode_scores, Array64};
    use crate::testdata::{random_tensor, PagedDecodeSpec, Rng, TailFill};
    use tilekit_core::DType;

    const D: usize = 8;

    struct Case {
        q: HostTensor,
        k: HostTensor,
        v: HostTensor,
        lens: HostTensor,
    }

    fn case(lens: &[usize], s: usize, hq: usize, hkv: usize, seed: u64) -> Case {
        let b = lens.len();
        let mut rng = Rng::new(seed);
        Case {
            q: random_tensor(&mut rng, DType::F32, &[b, hq, D], 2.0),
            k: random_tensor(&mut rng, DType::F32, &[b, s, hkv, D], 1.0),
            v: random_tensor(&mut rng, DType::F32, &[b, s, hkv, D], 1.0),
            lens: HostTensor::from_i32(&[b], lens.iter().map(|&l| l as i32).collect()).unwrap(),
        }
    }

    fn i32s(shape: &[usize], v: Vec<i32>) -> HostTensor {
        HostTensor::from_i32(shape, v).unwrap()
    }

    fn assert_close(a: &Array64, b: &Array64) {
        assert_eq!(a.shape, b.shape);
        for (x, y) in a.data.iter().zip(&b.data) {
            assert!(x == y || (x - y).abs() < 1e-12, "{x} vs {y}");
        }
    }

    #[test]
    fn selecting_every_token_equals_dense_decode_for_any_head_map() {
        // Unsorted, -1 padded selections holding all of 0..L, for L = 5 and 0.
        let c = case(&[5, 0], 6, 4, 2, 3);
        let (dense, _) =
            kascade_decode_scores(&c.q, &c.k, &c.v, &c.lens, default_scale(D)).unwrap();
        let idx = i32s(
            &[2, 2, 7],
            vec![
                3, 0, 4, 1, 2, -1, -1, /* */ 4, 3, 2, 1, 0, -1, 99, //
                -1, -1, -1, -1, -1, -1, -1, /* */ 5, 5, -1, -1, -1, -1, -1,
            ],
        );
        let n_sel = i32s(&[2], vec![5, 0]);
        for map in [vec![0, 1], vec![1, 0], vec![0, 0]] {
            let r = kascade_decode(
                &c.q,
                &c.k,
                &c.v,
                &c.lens,
                &idx,
                &n_sel,
                &i32s(&[2], map),
                default_scale(D),
            )
            .unwrap();
            assert_close(&r.o, &dense.o);
            assert_close(&r.lse, &dense.lse);
        }
    }

    #[test]
    fn a_subset_uses_only_its_tokens() {
        // Token 1 alone: o = v[1], lse = scale·q·k[1].
        let c = case(&[4], 4, 1, 1, 5);
        let r = kascade_decode(
            &c.q,
            &c.k,
            &c.v,
            &c.lens,
            &i32s(&[1, 1, 2], vec![1, 3]),
            &i32s(&[1], vec![1]),
            &i32s(&[1], vec![0]),
            1.0,
        )
        .unwrap();
        let (q, k, v) = (
            Array64::from_host(&c.q),
            Array64::from_host(&c.k),
            Array64::from_host(&c.v),
        );
        assert_eq!(r.o.data, v.row(&[0, 1, 0]));
        let logit: f64 = q
            .data
            .iter()
            .zip(k.row(&[0, 1, 0]))
            .map(|(a, b)| a * b)
            .sum();
        assert!((r.lse.data[0] - logit).abs() < 1e-12);
    }

    #[test]
    fn bad_selections_are_named() {
        let c = case(&[4, 2], 4, 2, 1, 9);
        let run = |idx: Vec<i32>, n: Vec<i32>, map: Vec<i32>| {
            kascade_decode(
                &c.q,
                &c.k,
                &c.v,
                &c.lens,
                &i32s(&[2, 1, 3], idx),
                &i32s(&[2], n),
                &i32s(&[1], map),
                1.0,
            )
            .unwrap_err()
            .to_string()
        };
        assert_eq!(
            run(vec![0, 1, 2, 0, 2, -1], vec![3, 2], vec![0]),
            "reference kascade_decode: argument `idx`: entry [1, 0, 1] = 2 is out of range [0, 2) (lens[1] = 2)"
        );
        assert!(run(vec![0, -3, 2, 0, 1, -1], vec![3, 2], vec![0])
            .contains("entry [0, 0, 1] = -3 is out of range"));
        assert!(run(vec![2, 1, 2, 0, 1, -1], vec![3, 2], vec![0])
            .contains("entry [0, 0, 2] = 2 duplicates entry [0, 0, 0]"));
        assert!(run(vec![0; 6], vec![4, 0], vec![0])
            .contains("argument `n_sel`: entry [0] = 4 exceeds Kmax"));
        assert!(run(vec![0; 6], vec![1, 1], vec![1])
            .contains("argument `head_map`: entry [0] = 1 is out of range [0, 1)"));
    }

    #[test]
    fn blocks_of_one_token_equal_token_selection_and_last_block_is_clipped() {
        let c = case(&[7], 8, 2, 2, 13);
        let map = i32s(&[2], vec![1, 0]);
        let idx = i32s(&[1, 2, 3], vec![6, 2, 0, 5, 3, 1]);
        let n = i32s(&[1], vec![3]);
        let tok = kascade_decode(&c.q, &c.k, &c.v, &c.lens, &idx, &n, &map, 0.3).unwrap();
        let blk = kascade_decode_blocks(&c.q, &c.k, &c.v, &c.lens, &idx, &n, &map, 1, 0.3).unwrap();
        assert_close(&tok.o, &blk.o);
        // Blocks of 3 over L = 7: block 2 is just token 6; blocks {2, 0} = {0,1,2,6}.
        let bidx = i32s(&[1, 2, 2], vec![2, 0, 1, 2]);
        let blk = kascade_decode_blocks(
            &c.q,
            &c.k,
            &c.v,
            &c.lens,
            &bidx,
            &i32s(&[1], vec![2]),
            &map,
            3,
            0.3,
        )
        .unwrap();
        let tidx = i32s(&[1, 2, 4], vec![0, 1, 2, 6, 3, 4, 5, 6]);
        let tok = kascade_decode(
            &c.q,
            &c.k,
            &c.v,
            &c.lens,
            &tidx,
            &i32s(&[1], vec![4]),
            &map,
            0.3,
        )
        .unwrap();
        assert_close(&tok.o, &blk.o);
        assert_close(&tok.lse, &blk.lse);
        let e = kascade_decode_blocks(
            &c.q,
            &c.k,
            &c.v,
            &c.lens,
            &i32s(&[1, 2, 1], vec![3, 0]),
            &i32s(&[1], vec![1]),
            &map,
            3,
            0.3,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("entry [0, 0, 0] = 3 is out of range [0, 3) (the 3 blocks"),
            "{e}"
        );
        let e =
            kascade_decode_blocks(&c.q, &c.k, &c.v, &c.lens, &bidx, &n, &map, 0, 0.3).unwrap_err();
        assert_eq!(e.arg(), "sel");
    }

    #[test]
    fn paged_variant_equals_contiguous() {
        let spec = PagedDecodeSpec {
            batch: 3,
            q_heads: 4,
            kv_heads: 2,
            head_dim: D,
            block_size: 4,
            lens: vec![9, 0, 5],
            dtype: DType::Bf16,
            logit_scale: 3.0,
            share_pages: true,
            tail_fill: TailFill::Garbage,
            seed: 21,
        };
        let p = spec.build();
        let (k, v) = p.contiguous_kv();
        // Every sequence keeps its odd tokens (unsorted); head_map swaps heads.
        let mut idx = vec![-1i32; 3 * 2 * 5];
        for (b, &l) in spec.lens.iter().enumerate() {
            for a in 0..2 {
                for (j, t) in (1..l).step_by(2).rev().enumerate() {
                    idx[(b * 2 + a) * 5 + j] = t as i32;
                }
            }
        }
        let idx = i32s(&[3, 2, 5], idx);
        let n = i32s(&[3], spec.lens.iter().map(|&l| (l / 2) as i32).collect());
        let map = i32s(&[2], vec![1, 0]);
        let cont = kascade_decode(&p.q, &k, &v, &p.context_lens, &idx, &n, &map, p.scale).unwrap();
        let paged = kascade_decode_paged(
            &p.q,
            &p.k_cache,
            &p.v_cache,
            &p.block_tables,
            &p.context_lens,
            &idx,
            &n,
            &map,
            p.scale,
        )
        .unwrap();
        assert_close(&cont.o, &paged.o);
        assert_close(&cont.lse, &paged.lse);
        assert_eq!(paged.lse.row(&[1]), &[f64::NEG_INFINITY; 4]);
    }
}
