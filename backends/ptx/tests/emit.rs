//! The emitter on its own (no assembler): PTX text structure, the launch
//! configuration, and errors for what it cannot lower.

mod common;

use tilekit_core::ir::{Index, OpKind};
use tilekit_core::{DType, KernelBuilder};
use tilekit_ptx::{emit, emit_with, EmitOptions, ParamKind, Target, PTX_VERSION};

#[test]
fn module_header_entry_and_parameters() {
    let m = emit(&common::golden_decode(), Target::Sm90a).unwrap();
    assert!(m.text.contains(&format!(
        ".version {PTX_VERSION}\n.target sm_90a\n.address_size 64"
    )));
    assert!(m.text.contains(".visible .entry paged_decode("));
    assert!(m.text.contains(".reqntid 128, 1, 1"));
    let names: Vec<&str> = m.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "block_tables",
            "context_lens",
            "q",
            "k_cache",
            "v_cache",
            "o",
            "lse",
            "scale",
            "k_cache",
            "v_cache"
        ]
    );
    assert_eq!(m.params[0].kind, ParamKind::Prefetch(0));
    assert_eq!(m.params[7].kind, ParamKind::Scalar(0));
    // sm_90a: the K and V pages come through TMA, one tensor map each.
    assert_eq!(
        m.params[8].kind,
        ParamKind::TensorMap {
            map: 0,
            ref_index: 1
        }
    );
    assert!(m
        .text
        .contains(".param .align 64 .b8 tk8_k_cache_tmap[128],"));
    for p in &m.params {
        assert!(m
            .text
            .contains(&format!(".param {} {}", p.ptx_type, p.ptx_name)));
    }
    let m80 = emit(&common::golden_decode(), Target::Sm80).unwrap();
    assert!(m80.text.contains(".target sm_80\n"));
    assert_eq!(m80.params.len(), 8);
    assert!(m80.tensor_maps.is_empty());
}

#[test]
fn sm_90a_decode_pipelines_pages_with_tma_and_mbarriers_and_sm_80_does_not() {
    let kernel = common::golden_decode();
    let m = emit(&kernel, Target::Sm90a).unwrap();
    // k_cache [NB, BS, Hkv, D] loaded as [page, .., h, ..]: dimensions
    // innermost first, box {D, 1, BS, 1} at coordinates {0, h, 0, page}.
    let k = &m.tensor_maps[0];
    assert_eq!(k.ref_index, 1);
    assert_eq!(k.dims, [64, 2, 16, 8]);
    assert_eq!(k.strides, [128, 256, 4096]);
    assert_eq!(k.box_dims, [64, 1, 16, 1]);
    let text = &m.text;
    let copy = "cp.async.bulk.tensor.4d.shared::cluster.global.mbarrier::complete_tx::bytes";
    assert_eq!(
        text.matches(copy).count(),
        4,
        "K and V, prologue and steady state"
    );
    for ins in [
        "mbarrier.init.shared::cta.b64",
        "fence.mbarrier_init.release.cluster",
        "fence.proxy.async.shared::cta",
        // One arrival per stage use, expecting both 16 x 64 bf16 pages.
        "mbarrier.arrive.expect_tx.shared::cta.b64 _, [%r30], 4096",
        "mbarrier.try_wait.parity.shared::cta.b64",
        "mbarrier.inval.shared::cta.b64",
    ] {
        assert!(text.contains(ins), "no {ins}");
    }
    // The pages no longer use cp.async (the query tile still does).
    assert!(!text.contains("cp.async.wait_group 1"));
    let m80 = emit(&kernel, Target::Sm80).unwrap().text;
    assert!(!m80.contains("cp.async.bulk") && !m80.contains("mbarrier"));
    assert!(m80.contains("cp.async.wait_group 1"));
}

#[test]
fn masked_pipelined_loads_stay_on_cp_async_on_sm_90a() {
    let m = emit(&common::masked_pipeline(), Target::Sm90a).unwrap();
    assert!(m.tensor_maps.is_empty());
    assert!(!m.text.contains("mbarrier"), "{}", m.text);
}

#[test]
fn paged_decode_uses_async_copies_shuffles_and_exact_rounding() {
    let text = emit(&common::golden_decode(), Target::Sm80).unwrap().text;
    // K and V pages: 16-byte cp.async, double-buffered, one group per iteration.
    assert!(
        text.contains("cp.async.cg.shared.global"),
        "no 16-byte cp.async"
    );
    assert!(text.contains("cp.async.commit_group"));
    assert!(
        text.contains("cp.async.wait_group 1"),
        "stages = 2 waits for all but one group"
    );
    // Row max and row sum: butterfly shuffles.
    assert!(text.contains("shfl.sync.bfly.b32"));
    assert!(text.contains("max.NaN.f32"));
    // exp through ex2 with the log2(e) scaling.
    assert!(text.contains("0f3FB8AA3B") && text.contains("ex2.approx.f32"));
    // p cast to bf16 rounds to nearest even.
    assert!(text.contains("cvt.rn.bf16.f32"));
    // The output is written with vector stores.
    assert!(text.contains("st.global.v2.f32"));
}

#[test]
fn a_plain_bf16_load_is_16_byte_coalesced() {
    let mut kb = KernelBuilder::new("copy");
    kb.grid(&[4]);
    let x = kb.input("x", DType::Bf16, &[4, 16, 64]);
    let y = kb.output("y", DType::Bf16, &[4, 16, 64]);
    let p = kb.program_id(0);
    let t = kb.load(x, &[Index::at(p), Index::Full, Index::Full]);
    kb.store(y, &[Index::at(p), Index::Full, Index::Full], t);
    let m = emit(&kb.finish().unwrap(), Target::Sm80).unwrap();
    assert!(m.text.contains("ld.global.nc.v4.b32"), "{}", m.text);
    assert!(m.text.contains("st.global.v4.b32"), "{}", m.text);
    assert_eq!(m.launch.block, [128, 1, 1]);
}

#[test]
fn launch_config_covers_grid_threads_and_staged_buffers() {
    for v in tilekit_ptx::shipped::decode_variants() {
        let k = v.build().unwrap();
        let m = emit(&k, Target::Sm90a).unwrap();
        let cfg = v.default_config();
        assert_eq!(
            m.launch.grid,
            [(cfg.batch * cfg.kv_heads) as u32, 1, 1],
            "{}",
            v.name()
        );
        let t = m.launch.threads();
        assert!(
            t % 32 == 0 && (64..=256).contains(&t),
            "{}: {t} threads",
            v.name()
        );
        let staged = k.info().footprint.staged_load_bytes as u32;
        assert!(
            m.launch.dynamic_smem_bytes >= staged,
            "{}: {:?} < {staged}",
            v.name(),
            m.launch
        );
        assert!(m.launch.dynamic_smem_bytes as usize <= Target::Sm80.max_dynamic_smem());
    }
    let k = common::golden_decode();
    let m = emit_with(&k, Target::Sm80, &EmitOptions { threads: Some(64) }).unwrap();
    assert_eq!(m.launch.block, [64, 1, 1]);
    assert!(m.text.contains(".reqntid 64, 1, 1"));
}

#[test]
fn float_remainder_is_an_error_naming_the_op_and_line() {
    let mut kb = KernelBuilder::new("fmod");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[8]);
    let y = kb.output("y", DType::F32, &[8]);
    let t = kb.load(x, &[Index::Full]);
    let line = line!() + 1;
    let r = kb.rem(t, t);
    kb.store(y, &[Index::Full], r);
    let k = kb.finish().unwrap();
    let err = emit(&k, Target::Sm90a).unwrap_err();
    assert_eq!(err.kernel, "fmod");
    let op = err.op.clone().unwrap();
    assert!(op.contains("rem"), "{op}");
    assert_eq!(err.location.line, line);
    assert!(err.location.file.ends_with("emit.rs"));
    let text = err.to_string();
    assert!(text.contains("`rem` on floats is not supported"), "{text}");
    let _ = r;
    assert!(k
        .kernel()
        .ops
        .iter()
        .any(|o| matches!(o.kind, OpKind::Binary { .. })));
}

#[test]
fn unsupported_kernel_features_are_errors_not_panics() {
    // Scratch memory.
    let mut kb = KernelBuilder::new("with_scratch");
    kb.grid(&[1]);
    let s = kb.scratch("tmp", DType::F32, &[8]);
    let y = kb.output("y", DType::F32, &[8]);
    let t = kb.load(s, &[Index::Full]);
    kb.store(y, &[Index::Full], t);
    let err = emit(&kb.finish().unwrap(), Target::Sm80)
        .unwrap_err()
        .to_string();
    assert!(err.contains("scratch ref `tmp`"), "{err}");

    // Arbitrary grid axes.
    let mut kb = KernelBuilder::new("sequential");
    kb.grid_with(&[4], &[tilekit_core::ir::AxisSemantics::Arbitrary]);
    let y = kb.output("y", DType::F32, &[8]);
    let z = kb.zeros(&[8], DType::F32);
    kb.store(y, &[Index::Full], z);
    let err = emit(&kb.finish().unwrap(), Target::Sm80)
        .unwrap_err()
        .to_string();
    assert!(err.contains("grid axis 0 is `arbitrary`"), "{err}");

    // More shared memory than the target has: four stages of 64 KiB pages.
    let mut kb = KernelBuilder::new("huge");
    kb.grid(&[1]);
    let q = kb.input("q", DType::F32, &[1, 128]);
    let x = kb.input("x", DType::F32, &[4, 128, 128]);
    let y = kb.output("y", DType::F32, &[1, 128]);
    let qt = kb.load(q, &[Index::Full, Index::Full]);
    let (lo, hi) = (kb.i32(0), kb.i32(4));
    let init = kb.zeros(&[1, 128], DType::F32);
    let out = kb.pipeline(lo, hi, 4, &[init], |kb, j, c| {
        let page = kb.load(x, &[Index::at(j), Index::Full, Index::Full]);
        let pt = kb.t(page);
        let s = kb.dot(qt, pt);
        vec![kb.add(c[0], s)]
    });
    kb.store(y, &[Index::Full, Index::Full], out[0]);
    let err = emit(&kb.finish().unwrap(), Target::Sm90a)
        .unwrap_err()
        .to_string();
    assert!(err.contains("bytes of shared memory per CTA"), "{err}");

    // A tile too large for registers.
    let mut kb = KernelBuilder::new("wide");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[128, 512]);
    let y = kb.output("y", DType::F32, &[128, 512]);
    let t = kb.load(x, &[Index::Full, Index::Full]);
    let e = kb.exp(t);
    kb.store(y, &[Index::Full, Index::Full], e);
    let err = emit(&kb.finish().unwrap(), Target::Sm90a)
        .unwrap_err()
        .to_string();
    assert!(err.contains("registers per thread"), "{err}");

    // A bad thread count.
    let err = emit_with(
        &common::golden_decode(),
        Target::Sm80,
        &EmitOptions { threads: Some(100) },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("100 threads per CTA"), "{err}");
}

#[test]
fn every_shipped_kernel_emits_for_both_targets() {
    let all = tilekit_ptx::shipped::all();
    assert!(all.len() > tilekit_ptx::shipped::kernels().len());
    let mut names = std::collections::BTreeSet::new();
    for e in &all {
        assert!(names.insert(e.name().to_string()), "duplicate {}", e.name());
        let k = e
            .build()
            .unwrap_or_else(|err| panic!("{}: {err}", e.name()));
        for target in Target::ALL {
            let m = emit(&k, target).unwrap_or_else(|err| panic!("{}: {err}", e.name()));
            assert!(m.launch.dynamic_smem_bytes as usize <= target.max_dynamic_smem());
        }
    }
}
