//! Paged decode attention written by hand with the builder API: the proof
//! that the builder alone can express a real kernel, and the twin the
//! `#[kernel]` version is checked against.
//!
//! One program per (sequence, KV head) owns all `G` query heads of that KV
//! head, so each K/V page is read once per KV head. The loop over the
//! sequence's pages is pipelined two deep: the page number comes from the
//! block table (a prefetch array), so the next page's K and V can be
//! fetched while the current one is used.

use tilekit_core::builder::{BuildError, KernelBuilder};
use tilekit_core::ir::{Index, RefId};
use tilekit_core::{DType, VerifiedKernel};

/// Static shapes of one paged-decode launch.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PagedDecodeConfig {
    pub batch: usize,
    pub q_heads: usize,
    pub kv_heads: usize,
    pub head_dim: usize,
    pub block_size: usize,
    /// Physical pages in the cache (`NB`).
    pub num_blocks: usize,
    /// Columns of the block table (`MB`).
    pub max_blocks: usize,
    /// Dtype of q, k_cache and v_cache.
    pub dtype: DType,
    /// Pipeline depth of the page loop (1 = no prefetch).
    pub stages: u32,
}

impl PagedDecodeConfig {
    /// Query heads per KV head; `None` when `q_heads` is not a multiple.
    pub fn group(&self) -> Option<usize> {
        (self.kv_heads > 0 && self.q_heads % self.kv_heads == 0)
            .then(|| self.q_heads / self.kv_heads)
    }
}

/// Builds `paged_decode(q, k_cache, v_cache, block_tables, context_lens, scale) -> (o, lse)`.
pub fn paged_decode(cfg: &PagedDecodeConfig) -> Result<VerifiedKernel, BuildError> {
    let g = cfg.group().unwrap_or(1);
    let (d, bs) = (cfg.head_dim, cfg.block_size);
    let mut kb = KernelBuilder::new("paged_decode");
    kb.grid(&[cfg.batch, cfg.kv_heads]);
    let block_tables = kb.prefetch("block_tables", &[cfg.batch, cfg.max_blocks]);
    let context_lens = kb.prefetch("context_lens", &[cfg.batch]);
    let q = kb.input("q", cfg.dtype, &[cfg.batch, cfg.q_heads, d]);
    let cache = [cfg.num_blocks, bs, cfg.kv_heads, d];
    let k_cache = kb.input("k_cache", cfg.dtype, &cache);
    let v_cache = kb.input("v_cache", cfg.dtype, &cache);
    let o = kb.output("o", DType::F32, &[cfg.batch, cfg.q_heads, d]);
    let lse = kb.output("lse", DType::F32, &[cfg.batch, cfg.q_heads]);
    let scale = kb.scalar("scale", DType::F32);

    let b = kb.program_id(0);
    let h = kb.program_id(1);
    let len = kb.prefetch_read(context_lens, &[b]);
    let g_const = kb.i32(g as i32);
    let head0 = kb.mul(h, g_const);
    let q_tile = kb.load(q, &[Index::at(b), Index::slice(head0, g), Index::Full]);

    let m0 = kb.full(&[g], DType::F32, f64::NEG_INFINITY);
    let l0 = kb.zeros(&[g], DType::F32);
    let acc0 = kb.zeros(&[g, d], DType::F32);
    let (m0, l0, acc0) = (
        kb.set_name(m0, "m"),
        kb.set_name(l0, "l"),
        kb.set_name(acc0, "acc"),
    );
    let zero = kb.i32(0);
    let bs_const = kb.i32(bs as i32);
    let bs_minus_one = kb.i32(bs as i32 - 1);
    let padded = kb.add(len, bs_minus_one);
    let pages = kb.div(padded, bs_const);

    let page_loop = |kb: &mut KernelBuilder, j, carried: &[_]| {
        let (m, l, acc) = (carried[0], carried[1], carried[2]);
        let page = kb.prefetch_read(block_tables, &[b, j]);
        let kv = |kb: &mut KernelBuilder, cache: RefId| {
            kb.load(
                cache,
                &[Index::at(page), Index::Full, Index::at(h), Index::Full],
            )
        };
        let k = kv(kb, k_cache);
        let v = kv(kb, v_cache);
        // Token positions of this page; those at or past `len` are padding.
        let first = kb.mul(j, bs_const);
        let iota = kb.iota(&[bs], 0, DType::I32);
        let pos = kb.add(iota, first);
        let keep = kb.lt(pos, len);
        // Slots past the length hold anything (NaN in the test data): a
        // zero weight times NaN is NaN, so they are zeroed, not weighted.
        let keep_rows = kb.expand_col(keep, d);
        let zero_v = kb.zeros(&[bs, d], cfg.dtype);
        let v = kb.select(keep_rows, v, zero_v);
        let keep = kb.expand_row(keep, g);
        let kt = kb.t(k);
        let raw = kb.dot(q_tile, kt);
        let scaled = kb.mul(raw, scale);
        let neg_inf = kb.f32(f32::NEG_INFINITY);
        let s = kb.select(keep, scaled, neg_inf);
        // Online softmax: every page read has at least one valid token, so
        // m_new is finite and alpha = exp(-inf - m_new) = 0 on the first page.
        let page_max = kb.reduce_max(s, 1);
        let m_new = kb.max(m, page_max);
        let m_col = kb.expand_col(m_new, bs);
        let shifted = kb.sub(s, m_col);
        let p = kb.exp(shifted);
        let dm = kb.sub(m, m_new);
        let alpha = kb.exp(dm);
        let l_scaled = kb.mul(l, alpha);
        let p_sum = kb.sum(p, 1);
        let l_new = kb.add(l_scaled, p_sum);
        let p_low = kb.cast(p, cfg.dtype);
        let pv = kb.dot(p_low, v);
        let alpha_col = kb.expand_col(alpha, d);
        let acc_scaled = kb.mul(acc, alpha_col);
        let acc_new = kb.add(acc_scaled, pv);
        vec![
            kb.set_name(m_new, "m_new"),
            kb.set_name(l_new, "l_new"),
            kb.set_name(acc_new, "acc_new"),
        ]
    };
    let out = if cfg.stages > 1 {
        kb.pipeline(zero, pages, cfg.stages, &[m0, l0, acc0], page_loop)
    } else {
        kb.for_loop(zero, pages, &[m0, l0, acc0], page_loop)
    };
    let (m, l, acc) = (out[0], out[1], out[2]);

    // Empty rows (len = 0) have l = 0: o = 0 and lse = -inf, never NaN.
    let zero_f = kb.f32(0.0);
    let nonempty = kb.gt(l, zero_f);
    let one = kb.f32(1.0);
    let safe_l = kb.select(nonempty, l, one);
    let l_col = kb.expand_col(safe_l, d);
    let o_tile = kb.div(acc, l_col);
    let log_l = kb.log(safe_l);
    let lse_raw = kb.add(m, log_l);
    let neg_inf = kb.f32(f32::NEG_INFINITY);
    let lse_tile = kb.select(nonempty, lse_raw, neg_inf);
    kb.store(
        o,
        &[Index::at(b), Index::slice(head0, g), Index::Full],
        o_tile,
    );
    kb.store(lse, &[Index::at(b), Index::slice(head0, g)], lse_tile);
    kb.finish()
}

/// Output of a paged-decode launch.
#[derive(Clone, Debug)]
pub struct DecodeOutputs {
    pub o: tilekit_core::HostTensor,
    pub lse: tilekit_core::HostTensor,
}

/// Why a hand-built paged decode could not run.
#[derive(Debug, thiserror::Error)]
pub enum PagedDecodeError {
    #[error("paged_decode: argument `{arg}`: {problem}")]
    Input { arg: &'static str, problem: String },
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error(transparent)]
    Run(#[from] tilekit_core::RunError),
}

/// Derives the launch configuration from the inputs' shapes.
pub fn config_for(
    q: &tilekit_core::HostTensor,
    k_cache: &tilekit_core::HostTensor,
    block_tables: &tilekit_core::HostTensor,
    stages: u32,
) -> Result<PagedDecodeConfig, PagedDecodeError> {
    let bad = |arg, problem: String| PagedDecodeError::Input { arg, problem };
    let [batch, q_heads, head_dim] = q.shape() else {
        return Err(bad(
            "q",
            format!("expected [B, Hq, D], got shape {:?}", q.shape()),
        ));
    };
    let [num_blocks, block_size, kv_heads, kd] = k_cache.shape() else {
        return Err(bad(
            "k_cache",
            format!("expected [NB, BS, Hkv, D], got shape {:?}", k_cache.shape()),
        ));
    };
    let [_, max_blocks] = block_tables.shape() else {
        return Err(bad(
            "block_tables",
            format!("expected [B, MB], got shape {:?}", block_tables.shape()),
        ));
    };
    if kd != head_dim {
        return Err(bad(
            "k_cache",
            format!("head dim {kd} differs from q's {head_dim}"),
        ));
    }
    let cfg = PagedDecodeConfig {
        batch: *batch,
        q_heads: *q_heads,
        kv_heads: *kv_heads,
        head_dim: *head_dim,
        block_size: *block_size,
        num_blocks: *num_blocks,
        max_blocks: *max_blocks,
        dtype: q.dtype(),
        stages,
    };
    if cfg.group().is_none() {
        return Err(bad(
            "q",
            format!("{q_heads} query heads are not a multiple of {kv_heads} KV heads"),
        ));
    }
    Ok(cfg)
}

/// Builds and runs the hand-built paged decode in the interpreter.
pub fn run_paged_decode(
    q: &tilekit_core::HostTensor,
    k_cache: &tilekit_core::HostTensor,
    v_cache: &tilekit_core::HostTensor,
    block_tables: &tilekit_core::HostTensor,
    context_lens: &tilekit_core::HostTensor,
    scale: f32,
    stages: u32,
) -> Result<DecodeOutputs, PagedDecodeError> {
    let kernel = paged_decode(&config_for(q, k_cache, block_tables, stages)?)?;
    let args = tilekit_core::KernelArgs::new()
        .tensor("q", q.clone())
        .tensor("k_cache", k_cache.clone())
        .tensor("v_cache", v_cache.clone())
        .tensor("block_tables", block_tables.clone())
        .tensor("context_lens", context_lens.clone())
        .f32("scale", scale);
    let mut out = tilekit_core::interp::run(&kernel, &args)?;
    let take = |out: &mut std::collections::BTreeMap<_, _>, name: &str| {
        out.remove(name).expect("kernel declares this output")
    };
    Ok(DecodeOutputs {
        o: take(&mut out, "o"),
        lse: take(&mut out, "lse"),
    })
}
