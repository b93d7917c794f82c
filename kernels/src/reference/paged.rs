//! Paged decode (`paged_decode`): one query token per sequence attending over
//! a KV cache stored in fixed-size pages named by a block table.

use super::check::Check;
use super::kv::{self, Kv};
use super::{AttnOut, RefError};
use tilekit_core::HostTensor;

/// `o[b,h] = Σ_{t<L} softmax_t(scale · q[b,h]·k_t) · v_t` with `L =
/// context_lens[b]` and token t at `k_cache[block_tables[b, t / BS], t % BS, h / G]`.
///
/// Shapes: `q: [B, Hq, D]`, `k_cache, v_cache: [NB, BS, Hkv, D]`,
/// `block_tables: [B, MB]` i32, `context_lens: [B]` i32; returns `o: [B, Hq, D]`
/// and `lse: [B, Hq]`. Only the first `ceil(L / BS)` entries of each table row
/// are read and validated; `L` may not exceed `MB * BS`.
pub fn paged_decode(
    q: &HostTensor,
    k_cache: &HostTensor,
    v_cache: &HostTensor,
    block_tables: &HostTensor,
    context_lens: &HostTensor,
    scale: f64,
) -> Result<AttnOut, RefError> {
    let c = Check { op: "paged_decode" };
    let q64 = kv::decode_q(c, q)?;
    let (batch, d) = (q64.shape[0], q64.shape[2]);
    let kv = Kv::paged(c, q, k_cache, v_cache, block_tables, batch, d)?;
    let dec = kv::decode(c, q64, kv, "context_lens", context_lens, scale)?;
    let mut out = dec.outputs();
    for b in 0..dec.batch() {
        let tokens: Vec<usize> = (0..dec.lens[b]).collect();
        for g in 0..dec.kv.heads {
            dec.attend_group(&mut out, b, g, &tokens, scale, |_, _| {});
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{default_scale, flash_attention, Array64};
    use crate::testdata::{random_tensor, Rng};
    use tilekit_core::DType;

    /// Scatters contiguous `k: [1, L, Hkv, D]` into pages following `table`
    /// (page `table[j]` holds tokens `j*BS ..`); unused slots get a huge
    /// value so reading one would show.
    fn to_pages(k: &HostTensor, table: &[i32], nb: usize, bs: usize) -> HostTensor {
        let a = Array64::from_host(k);
        let (l, hkv, d) = (a.shape[1], a.shape[2], a.shape[3]);
        let mut pages = vec![1e4f32; nb * bs * hkv * d];
        for t in 0..l {
            let page = table[t / bs] as usize;
            for g in 0..hkv {
                let dst = ((page * bs + t % bs) * hkv + g) * d;
                for (x, &y) in pages[dst..dst + d].iter_mut().zip(a.row(&[0, t, g])) {
                    *x = y as f32;
                }
            }
        }
        HostTensor::from_f32(k.dtype(), &[nb, bs, hkv, d], &pages).unwrap()
    }

    fn check_against_flash(table: Vec<i32>, nb: usize) {
        let (l, bs, hq, hkv, d) = (11, 4, 4, 2, 8);
        let mut rng = Rng::new(7);
        let q = random_tensor(&mut rng, DType::F32, &[1, 1, hq, d], 3.0);
        let k = random_tensor(&mut rng, DType::F32, &[1, l, hkv, d], 1.0);
        let v = random_tensor(&mut rng, DType::F32, &[1, l, hkv, d], 1.0);
        let dense = flash_attention(&q, &k, &v, false, default_scale(d)).unwrap();

        let q_dec = HostTensor::from_f32(DType::F32, &[1, hq, d], &q.to_f32_vec()).unwrap();
        let tables = HostTensor::from_i32(&[1, table.len()], table.clone()).unwrap();
        let lens = HostTensor::from_i32(&[1], vec![l as i32]).unwrap();
        let r = paged_decode(
            &q_dec,
            &to_pages(&k, &table, nb, bs),
            &to_pages(&v, &table, nb, bs),
            &tables,
            &lens,
            default_scale(d),
        )
        .unwrap();
        for (a, b) in r.o.data.iter().zip(&dense.o.data) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
        for (a, b) in r.lse.data.iter().zip(&dense.lse.data) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
    }

    #[test]
    fn equals_dense_decode_with_contiguous_pages() {
        check_against_flash(vec![0, 1, 2], 3);
    }

    #[test]
    fn equals_dense_decode_with_shuffled_table_and_garbage_tail() {
        // 11 tokens in pages of 4 need 3 pages; slots 3.. are never read.
        check_against_flash(vec![5, 0, 3, -1, 1 << 20], 6);
    }

    fn small_case(lens: Vec<i32>, table: Vec<i32>) -> Result<AttnOut, RefError> {
        let (b, nb, bs, d) = (lens.len(), 8, 4, 2);
        let mb = table.len() / b;
        let q = HostTensor::from_f32(DType::F32, &[b, 1, d], &vec![1.0; b * d]).unwrap();
        let kv =
            HostTensor::from_f32(DType::F32, &[nb, bs, 1, d], &vec![0.5; nb * bs * d]).unwrap();
        let tables = HostTensor::from_i32(&[b, mb], table).unwrap();
        let lens = HostTensor::from_i32(&[b], lens).unwrap();
        paged_decode(&q, &kv, &kv, &tables, &lens, 1.0)
    }

    #[test]
    fn empty_sequences_give_zero_and_minus_inf() {
        let r = small_case(vec![0, 3], vec![-1, -1, 2, -7]).unwrap();
        assert_eq!(r.lse.data[0], f64::NEG_INFINITY);
        assert_eq!(&r.o.data[..2], &[0.0, 0.0]);
        // Three equal keys: o = v, lse = logit + ln 3.
        assert_eq!(&r.o.data[2..], &[0.5, 0.5]);
        assert!((r.lse.data[1] - (1.0 + 3f64.ln())).abs() < 1e-12);
    }

    #[test]
    fn out_of_range_table_entry_is_reported_with_its_slot() {
        // Sequence 1 has 13 tokens: pages 0..=3 are live, and [1, 3] = 9 >= NB = 8.
        let e = small_case(vec![4, 13], vec![0, -1, -1, -1, 1, 2, 3, 9]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "reference paged_decode: argument `block_tables`: entry [1, 3] = 9 is out of range [0, 8)"
        );
    }

    #[test]
    fn lengths_beyond_capacity_or_negative_are_rejected() {
        let e = small_case(vec![9], vec![0, 1]).unwrap_err();
        assert_eq!(e.arg(), "context_lens");
        assert!(
            e.to_string()
                .contains("exceeds the table capacity MB * BS = 8"),
            "{e}"
        );
        let e = small_case(vec![-1], vec![0, 1]).unwrap_err();
        assert!(e.to_string().contains("entry [0] = -1 is negative"), "{e}");
        let lens_f = HostTensor::from_f32(DType::F32, &[1], &[1.0]).unwrap();
        let q = HostTensor::from_f32(DType::F32, &[1, 1, 2], &[1.0; 2]).unwrap();
        let kv = HostTensor::from_f32(DType::F32, &[1, 4, 1, 2], &[0.0; 8]).unwrap();
        let t = HostTensor::from_i32(&[1, 1], vec![0]).unwrap();
        let e = paged_decode(&q, &kv, &kv, &t, &lens_f, 1.0).unwrap_err();
        assert_eq!(e.arg(), "context_lens");
        assert!(
            e.to_string()
                .contains("dtype f32 is not accepted (expected i32)"),
            "{e}"
        );
    }
}
