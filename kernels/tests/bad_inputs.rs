//! Bad inputs to the shipped kernels' host API: each is an error naming the
//! argument (and, for index arrays, the sequence and slot), never a panic.

use tilekit_core::{DType, HostTensor, Interpreter};
use tilekit_kernels::testdata::{PagedDecodeCase, PagedDecodeSpec, TailFill};
use tilekit_kernels::{
    flash_attention, kascade_decode, kascade_decode_scores, kascade_prefill,
    kascade_prefill_scores, paged_decode, topk_select, DecodeConfig, DecodeInputs,
    FlashAttentionConfig, FlashAttentionInputs, Granularity, KascadeDecodeConfig,
    KascadeDecodeInputs, KascadePrefillConfig, KascadePrefillInputs, KernelError, KvCache,
    PagedDecodeConfig, PagedDecodeInputs, PrefillScoresConfig, PrefillScoresInputs,
};

fn case(lens: Vec<usize>, hq: usize, hkv: usize) -> PagedDecodeCase {
    PagedDecodeSpec {
        batch: lens.len(),
        q_heads: hq,
        kv_heads: hkv,
        head_dim: 64,
        block_size: 16,
        lens,
        dtype: DType::Bf16,
        logit_scale: 1.0,
        share_pages: false,
        tail_fill: TailFill::MinusOne,
        seed: 1,
    }
    .build()
}

fn i32s(shape: &[usize], v: Vec<i32>) -> HostTensor {
    HostTensor::from_i32(shape, v).unwrap()
}

fn zeros(dtype: DType, shape: &[usize]) -> HostTensor {
    HostTensor::zeros(dtype, shape)
}

/// Runs paged decode with some inputs replaced.
fn decode<'a>(
    c: &'a PagedDecodeCase,
    edit: impl FnOnce(&mut PagedDecodeInputs<'a>),
    config: PagedDecodeConfig,
) -> KernelError {
    let mut inputs = PagedDecodeInputs {
        q: &c.q,
        k_cache: &c.k_cache,
        v_cache: &c.v_cache,
        block_tables: &c.block_tables,
        context_lens: &c.context_lens,
    };
    edit(&mut inputs);
    paged_decode(&Interpreter, &inputs, &config).unwrap_err()
}

fn assert_names(e: &KernelError, arg: &str, text: &str) {
    assert_eq!(e.arg(), Some(arg), "{e}");
    assert!(e.to_string().contains(text), "`{e}` does not say `{text}`");
}

#[test]
fn non_integer_gqa_ratio_names_the_kv_cache() {
    let c = case(vec![5], 4, 2);
    let q = zeros(DType::Bf16, &[1, 3, 64]);
    let e = decode(&c, |i| i.q = &q, PagedDecodeConfig::default());
    assert_names(&e, "k_cache", "2 KV heads do not divide the 3 query heads");
    let (q, k) = (
        zeros(DType::F16, &[1, 3, 3, 64]),
        zeros(DType::F16, &[1, 3, 2, 64]),
    );
    let e = flash_attention(
        &Interpreter,
        &FlashAttentionInputs {
            q: &q,
            k: &k,
            v: &k,
        },
        &FlashAttentionConfig::default(),
    )
    .unwrap_err();
    assert_names(&e, "k", "2 KV heads do not divide the 3 query heads");
}

#[test]
fn out_of_range_block_table_entry_names_sequence_and_slot() {
    let c = case(vec![4, 40], 4, 2);
    let mut table = c.block_tables.as_i32().unwrap().to_vec();
    let mb = c.block_tables.shape()[1];
    table[mb + 2] = 999; // sequence 1, slot 2: live (40 tokens = 3 pages)
    let bad = i32s(c.block_tables.shape(), table);
    let e = decode(&c, |i| i.block_tables = &bad, PagedDecodeConfig::default());
    assert_names(
        &e,
        "block_tables",
        "entry [1, 2] (sequence 1, slot 2) = 999 is out of range [0, ",
    );
    // Unchecked, the interpreter still refuses the read: an error, not a panic.
    let unchecked = PagedDecodeConfig {
        checked: false,
        ..Default::default()
    };
    let e = decode(&c, |i| i.block_tables = &bad, unchecked);
    assert!(matches!(e, KernelError::Backend { .. }), "{e}");
    assert!(
        e.to_string().contains("out-of-bounds load from `k_cache`"),
        "{e}"
    );
}

#[test]
fn slots_past_the_length_may_hold_garbage() {
    let c = case(vec![4, 40], 4, 2);
    let mut table = c.block_tables.as_i32().unwrap().to_vec();
    let mb = c.block_tables.shape()[1];
    table[1] = -1; // sequence 0 reads one page only
    table[mb - 1] = i32::MAX;
    let t = i32s(c.block_tables.shape(), table);
    let inputs = PagedDecodeInputs {
        q: &c.q,
        k_cache: &c.k_cache,
        v_cache: &c.v_cache,
        block_tables: &t,
        context_lens: &c.context_lens,
    };
    paged_decode(
        &Interpreter,
        &inputs,
        &PagedDecodeConfig {
            splits: 2,
            ..Default::default()
        },
    )
    .unwrap();
}

#[test]
fn context_length_beyond_table_capacity() {
    let c = case(vec![5, 20], 4, 2);
    let mb = c.block_tables.shape()[1];
    let lens = i32s(&[2], vec![5, (mb * 16 + 1) as i32]);
    let e = decode(&c, |i| i.context_lens = &lens, PagedDecodeConfig::default());
    assert_names(
        &e,
        "context_lens",
        &format!(
            "entry [1] (sequence 1) = {} exceeds the table capacity MB * BS = {}",
            mb * 16 + 1,
            mb * 16
        ),
    );
    let lens = i32s(&[2], vec![-3, 1]);
    let e = decode(&c, |i| i.context_lens = &lens, PagedDecodeConfig::default());
    assert_names(
        &e,
        "context_lens",
        "entry [0] (sequence 0) = -3 is negative",
    );
}

#[test]
fn wrong_dtypes_are_named() {
    let c = case(vec![5], 4, 2);
    let k16 = zeros(DType::F16, c.k_cache.shape());
    let e = decode(&c, |i| i.k_cache = &k16, PagedDecodeConfig::default());
    assert_names(&e, "k_cache", "dtype f16 differs from `q`'s bf16");
    let lens_f = HostTensor::from_f32(DType::F32, &[1], &[5.0]).unwrap();
    let e = decode(
        &c,
        |i| i.context_lens = &lens_f,
        PagedDecodeConfig::default(),
    );
    assert_names(
        &e,
        "context_lens",
        "dtype f32 is not accepted (expected i32)",
    );
    let q_int = zeros(DType::I32, c.q.shape());
    let e = decode(&c, |i| i.q = &q_int, PagedDecodeConfig::default());
    assert_names(&e, "q", "dtype i32 is not accepted");
}

#[test]
fn mismatched_head_dims_are_named() {
    let c = case(vec![5], 4, 2);
    let mut shape = c.v_cache.shape().to_vec();
    shape[3] = 32;
    let v = zeros(DType::Bf16, &shape);
    let e = decode(&c, |i| i.v_cache = &v, PagedDecodeConfig::default());
    assert_names(&e, "v_cache", "head dimension 32 (last axis");
    let q = zeros(DType::Bf16, &[1, 2, 4, 64]);
    let k = zeros(DType::Bf16, &[1, 2, 2, 128]);
    let e = flash_attention(
        &Interpreter,
        &FlashAttentionInputs {
            q: &q,
            k: &k,
            v: &k,
        },
        &FlashAttentionConfig::default(),
    )
    .unwrap_err();
    assert_names(
        &e,
        "k",
        "head dimension 128 (last axis, shape [1, 2, 2, 128]) differs from `q`'s 64",
    );
}

#[test]
fn wrong_ranks_and_configurations_are_named() {
    let c = case(vec![5], 4, 2);
    let q4 = zeros(DType::Bf16, &[1, 1, 4, 64]);
    let e = decode(&c, |i| i.q = &q4, PagedDecodeConfig::default());
    assert_names(
        &e,
        "q",
        "expected shape [B, Hq, D] (rank 3), got [1, 1, 4, 64]",
    );
    let e = decode(
        &c,
        |_| {},
        PagedDecodeConfig {
            splits: 0,
            ..Default::default()
        },
    );
    assert_names(&e, "splits", "must be at least 1");
    let e = decode(
        &c,
        |_| {},
        PagedDecodeConfig {
            scale: Some(f32::NAN),
            ..Default::default()
        },
    );
    assert_names(&e, "scale", "must be finite");
    let q = zeros(DType::Bf16, &[1, 4, 2, 64]);
    let k = zeros(DType::Bf16, &[1, 5, 2, 64]);
    let causal = FlashAttentionConfig {
        causal: true,
        scale: None,
    };
    let e = flash_attention(
        &Interpreter,
        &FlashAttentionInputs {
            q: &q,
            k: &k,
            v: &k,
        },
        &causal,
    )
    .unwrap_err();
    assert_names(&e, "k", "causal attention needs as many keys as queries");
}

/// A contiguous reuse-layer decode with 2 sequences of 10 and 3 tokens.
fn reuse(
    idx: Vec<i32>,
    n_sel: Vec<i32>,
    map: Vec<i32>,
    granularity: Granularity,
) -> Result<(), KernelError> {
    let q = zeros(DType::F16, &[2, 4, 64]);
    let k = zeros(DType::F16, &[2, 10, 2, 64]);
    let lens = i32s(&[2], vec![10, 3]);
    let kmax = idx.len() / 4;
    let idx = i32s(&[2, 2, kmax], idx);
    let n_sel = i32s(&[2], n_sel);
    let map = i32s(&[map.len()], map);
    let inputs = KascadeDecodeInputs {
        q: &q,
        kv: KvCache::Contiguous { k: &k, v: &k },
        lens: &lens,
        idx: &idx,
        n_sel: &n_sel,
        head_map: &map,
    };
    let config = KascadeDecodeConfig {
        granularity,
        ..Default::default()
    };
    kascade_decode(&Interpreter, &inputs, &config).map(|_| ())
}

#[test]
fn bad_selections_name_sequence_anchor_and_slot() {
    let good = vec![0, 9, -1, 1, 2, -1, 2, 0, -1, 0, -1, 7];
    reuse(good.clone(), vec![2, 1], vec![1, 0], Granularity::Tokens).unwrap();
    // Duplicate in sequence 0, anchor head 1.
    let mut dup = good.clone();
    dup[4] = 1;
    let e = reuse(dup, vec![2, 1], vec![1, 0], Granularity::Tokens).unwrap_err();
    assert_names(
        &e,
        "idx",
        "entry [0, 1, 1] (sequence 0, anchor head 1, slot 1) = 1 duplicates entry [0, 1, 0]",
    );
    // Index 3 is past sequence 1's length 3.
    let mut past = good.clone();
    past[9] = 3;
    let e = reuse(past, vec![2, 1], vec![1, 0], Granularity::Tokens).unwrap_err();
    assert_names(
        &e,
        "idx",
        "entry [1, 1, 0] (sequence 1, anchor head 1, slot 0) = 3 is out of range [0, 3)",
    );
    let e = reuse(good.clone(), vec![4, 1], vec![1, 0], Granularity::Tokens).unwrap_err();
    assert_names(&e, "n_sel", "exceeds Kmax");
    let e = reuse(good.clone(), vec![2, 1], vec![2, 0], Granularity::Tokens).unwrap_err();
    assert_names(
        &e,
        "head_map",
        "entry [0] (KV head 0) = 2 is out of range [0, 2)",
    );
    let e = reuse(good.clone(), vec![2, 1], vec![0], Granularity::Tokens).unwrap_err();
    assert_eq!(e.arg(), Some("head_map"), "{e}");
    // Blocks of 4: sequence 0 has 3 blocks, so block 9 is out of range.
    let e = reuse(
        good.clone(),
        vec![2, 1],
        vec![1, 0],
        Granularity::Blocks { sel: 4 },
    )
    .unwrap_err();
    assert_names(
        &e,
        "idx",
        "entry [0, 0, 1] (sequence 0, anchor head 0, slot 1) = 9 is out of range [0, 3)",
    );
    let e = reuse(good, vec![2, 1], vec![1, 0], Granularity::Blocks { sel: 5 }).unwrap_err();
    assert!(
        matches!(e, KernelError::Unsupported { arg: "sel", .. }),
        "{e}"
    );
}

#[test]
fn paged_block_selection_must_fit_the_pages() {
    let c = case(vec![20], 4, 2);
    let idx = i32s(&[1, 2, 1], vec![0, 0]);
    let n = i32s(&[1], vec![1]);
    let map = i32s(&[2], vec![0, 1]);
    let inputs = KascadeDecodeInputs {
        q: &c.q,
        kv: KvCache::Paged {
            k_cache: &c.k_cache,
            v_cache: &c.v_cache,
            block_tables: &c.block_tables,
        },
        lens: &c.context_lens,
        idx: &idx,
        n_sel: &n,
        head_map: &map,
    };
    let config = KascadeDecodeConfig {
        granularity: Granularity::Blocks { sel: 8 },
        ..Default::default()
    };
    kascade_decode(&Interpreter, &inputs, &config).unwrap();
    // Blocks of 32 span two whole pages of 16.
    let config = KascadeDecodeConfig {
        granularity: Granularity::Blocks { sel: 32 },
        ..Default::default()
    };
    kascade_decode(&Interpreter, &inputs, &config).unwrap();
    // Pages of 12 and blocks of 8 do not fit.
    let mut spec = PagedDecodeSpec {
        batch: 1,
        q_heads: 4,
        kv_heads: 2,
        head_dim: 64,
        block_size: 12,
        lens: vec![20],
        dtype: DType::Bf16,
        logit_scale: 1.0,
        share_pages: false,
        tail_fill: TailFill::MinusOne,
        seed: 2,
    };
    let c12 = spec.build();
    let inputs = KascadeDecodeInputs {
        kv: KvCache::Paged {
            k_cache: &c12.k_cache,
            v_cache: &c12.v_cache,
            block_tables: &c12.block_tables,
        },
        q: &c12.q,
        lens: &c12.context_lens,
        ..inputs
    };
    let config = KascadeDecodeConfig {
        granularity: Granularity::Blocks { sel: 8 },
        ..Default::default()
    };
    let e = kascade_decode(&Interpreter, &inputs, &config).unwrap_err();
    assert!(
        matches!(e, KernelError::Unsupported { arg: "sel", .. }),
        "{e}"
    );
    assert!(
        e.to_string()
            .contains("block size 8 neither divides the page size 12 nor is a multiple of it"),
        "{e}"
    );
    spec.block_size = 4;
    let c4 = spec.build();
    let inputs = KascadeDecodeInputs {
        kv: KvCache::Paged {
            k_cache: &c4.k_cache,
            v_cache: &c4.v_cache,
            block_tables: &c4.block_tables,
        },
        q: &c4.q,
        lens: &c4.context_lens,
        ..inputs
    };
    kascade_decode(&Interpreter, &inputs, &config).unwrap();
}

#[test]
fn anchor_and_topk_inputs_are_checked() {
    let q = zeros(DType::Bf16, &[1, 2, 64]);
    let k = zeros(DType::Bf16, &[1, 8, 1, 64]);
    let lens = i32s(&[1], vec![9]);
    let e = kascade_decode_scores(
        &Interpreter,
        &DecodeInputs {
            q: &q,
            k: &k,
            v: &k,
            lens: &lens,
        },
        &DecodeConfig::default(),
    )
    .unwrap_err();
    assert_names(
        &e,
        "lens",
        "entry [0] (sequence 0) = 9 exceeds the sequence axis S of `k` = 8",
    );
    let agg = HostTensor::from_f32(DType::F32, &[1, 1, 3], &[0.1, f32::NAN, 0.3]).unwrap();
    let e = topk_select(&agg, &i32s(&[1], vec![3]), 0.1).unwrap_err();
    assert_names(
        &e,
        "agg",
        "entry [0, 0, 1] (sequence 0, KV head 0, key 1) is NaN",
    );
    let e = topk_select(&agg, &i32s(&[1], vec![3]), 1.5).unwrap_err();
    assert_eq!(e.arg(), Some("p"));
}

#[test]
fn prefill_selections_and_tiles_are_checked() {
    let q = zeros(DType::F32, &[1, 12, 2, 64]);
    let k = zeros(DType::F32, &[1, 12, 1, 64]);
    let map = i32s(&[1], vec![0]);
    // Tile 4: tiles start at 0, 4, 8; tile 2 keeps 2 keys of its 8.
    let run = |idx: Vec<i32>, n: Vec<i32>, tile: usize| {
        let kmax = idx.len() / 3;
        let idx = i32s(&[1, 1, 3, kmax], idx);
        let n = i32s(&[3], n);
        let inputs = KascadePrefillInputs {
            q: &q,
            k: &k,
            v: &k,
            idx: &idx,
            n_sel: &n,
            head_map: &map,
        };
        kascade_prefill(
            &Interpreter,
            &inputs,
            &KascadePrefillConfig {
                tile,
                ..Default::default()
            },
        )
    };
    run(vec![-1, -1, -1, -1, 7, 1], vec![0, 9, 2], 4).unwrap();
    let e = run(vec![-1, -1, -1, -1, 8, 1], vec![0, 9, 2], 4).unwrap_err();
    assert_names(&e, "idx", "entry [0, 0, 2, 0] (sequence 0, anchor head 0, tile 2, slot 0) = 8 is out of range [0, 8) (keys before the start 8 of tile 2)");
    let e = run(vec![-1, -1, -1, -1, 7, 7], vec![0, 9, 2], 4).unwrap_err();
    assert_names(&e, "idx", "duplicates entry [0, 0, 2, 0]");
    let e = run(vec![-1, -1, -1, -1, 7, 1], vec![0, 9, 3], 4).unwrap_err();
    assert_names(&e, "n_sel", "entry [2] (tile 2) = 3 exceeds Kmax = 2");
    let e = run(vec![-1, -1, -1, -1, 7, 1], vec![0, 9, 2], 8).unwrap_err();
    assert_names(&e, "idx", "axis 2 (T) is 3 but ceil(S / tile) gives T = 2");
    let e = run(vec![-1; 6], vec![0, 9, 2], 6).unwrap_err();
    assert!(
        matches!(e, KernelError::Unsupported { arg: "tile", .. }),
        "{e}"
    );
    let e = kascade_prefill_scores(
        &Interpreter,
        &PrefillScoresInputs { q: &q, k: &k },
        2..4,
        &PrefillScoresConfig {
            tile: 4,
            scale: None,
        },
    )
    .unwrap_err();
    assert_names(&e, "tiles", "2..4 is not a range of the 3 query tiles");
}
