//! Memory the run needs and has: a cache that cannot fit is refused before
//! anything is allocated (with the bytes needed and available), and the
//! peak resident memory is reported at the end.

use crate::cache::CacheShape;

/// What a backend holds besides the cache itself, as a multiple of the
/// cache: the interpreter updates it in place; PJRT keeps it on its device
/// and uploads K and V one at a time (one half on both sides at once);
/// the others run call by call through host copies.
fn overhead(backend: &str) -> f64 {
    match backend {
        "interp" => 1.1,
        b if b.starts_with("pjrt") => 1.6,
        _ => 2.1,
    }
}

/// Bytes of K and V for `shape`, or `None` when the product overflows.
pub fn cache_bytes(shape: &CacheShape) -> Option<usize> {
    [
        shape.block_size,
        shape.kv_heads,
        shape.head_dim,
        shape.dtype.size_bytes(),
        2,
    ]
    .iter()
    .try_fold(shape.num_blocks, |acc, &x| acc.checked_mul(x))
}

/// `MemAvailable` of /proc/meminfo in bytes, where there is one.
pub fn available_bytes() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    kib_field(&text, "MemAvailable:")
}

/// The peak resident set of this process (`VmHWM`) in bytes.
pub fn peak_rss_bytes() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    kib_field(&text, "VmHWM:")
}

fn kib_field(text: &str, field: &str) -> Option<usize> {
    let line = text.lines().find(|l| l.starts_with(field))?;
    let kib: usize = line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    kib.checked_mul(1024)
}

fn gb(bytes: usize) -> String {
    format!("{:.2} GB", bytes as f64 / 1e9)
}

/// Refuses a cache that cannot fit in memory on `backend`, before any of
/// it is allocated.
pub fn check_fits(shape: &CacheShape, backend: &str) -> Result<usize, String> {
    let what = format!(
        "{} pages of {} tokens x {} KV heads x {} dims, K and V, {}",
        shape.num_blocks, shape.block_size, shape.kv_heads, shape.head_dim, shape.dtype
    );
    let Some(bytes) = cache_bytes(shape) else {
        return Err(format!("the KV cache ({what}) is too large to address"));
    };
    let needed = (bytes as f64 * overhead(backend)) as usize;
    match available_bytes() {
        Some(avail) if needed > avail => Err(format!(
            "the KV cache needs {} ({what}); with what `{backend}` holds besides, the run needs about {}, and {} are available; use a smaller --context or --batch",
            gb(bytes),
            gb(needed),
            gb(avail)
        )),
        _ => Ok(bytes),
    }
}
