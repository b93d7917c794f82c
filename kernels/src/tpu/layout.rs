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
