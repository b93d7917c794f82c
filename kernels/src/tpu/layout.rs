//! Host-side conversions between the reference layouts (`q: [B, Hq, D]`,
//! caches `[NB, BS, Hkv, D]`, `lse: [B, Hq]`) and the TPU-shaped kernels'
//! (`q: [B, Hkv, G, D]`, caches `[Hkv, NB, BS, D]`, `lse: [B, Hkv, G, 1]`).
//! Query and output heads only change shape (head `h·G + i` is `[h, i]`);
//! the caches are transposed.

use tilekit_core::{HostTensor, TensorError};

/// `t` with a new shape of the same element count (row-major, no copy of meaning).
pub fn reshape(t: &HostTensor, shape: &[usize]) -> Result<HostTensor, TensorError> {
    HostTensor::new(shape, t.data().clone())
}

/// Multi-query rows `[B, M, Hq, D]` → `[B, Hkv, M·G, D]` (row `i·G + g`
/// of KV head `h` is token `i`, query head `h·G + g`); `lse`-shaped
/// `[B, M, Hq]` tensors go through the same map with `D = 1`.
pub fn rows_to_head_major(t: &HostTensor, hkv: usize) -> Result<HostTensor, TensorError> {
    let s = t.shape();
    let bad = || TensorError::ElementCount {
        name: "multi-query rows".into(),
        shape: s.to_vec(),
        expected: 4,
        got: s.len(),
    };
    let (b, m, hq, d) = match s {
        [b, m, hq, d] => (*b, *m, *hq, *d),
        _ => return Err(bad()),
    };
    if hkv == 0 || hq % hkv != 0 {
        return Err(bad());
    }
    let g = hq / hkv;
    let src_index = |i: usize| {
        // i indexes [b, h, i·G + g, x] of the result.
        let (x, rest) = (i % d, i / d);
        let (r, rest) = (rest % (m * g), rest / (m * g));
        let (h, bi) = (rest % hkv, rest / hkv);
        ((bi * m + r / g) * hq + h * g + r % g) * d + x
    };
    let data = t.data().gather(t.len(), src_index);
    HostTensor::new(&[b, hkv, m * g, d], data)
}

/// `[NB, BS, Hkv, D]` → `[Hkv, NB, BS, D]`.
pub fn cache_to_head_major(cache: &HostTensor) -> Result<HostTensor, TensorError> {
    let s = cache.shape();
    let (nb, bs, hkv, d) = match s {
        [nb, bs, hkv, d] => (*nb, *bs, *hkv, *d),
        _ => {
            return Err(TensorError::ElementCount {
                name: "cache".into(),
                shape: s.to_vec(),
                expected: 4,
                got: s.len(),
            })
        }
    };
    let src_index = |i: usize| {
        // i indexes [h, n, b, x] of the result.
        let (x, rest) = (i % d, i / d);
        let (b, rest) = (rest % bs, rest / bs);
        let (n, h) = (rest % nb, rest / nb);
        ((n * bs + b) * hkv + h) * d + x
    };
    let data = cache.data().gather(cache.len(), src_index);
    HostTensor::new(&[hkv, nb, bs, d], data)
}
