//! The PTX backend on the shipped kernels: golden PTX of paged decode (the
//! configuration of the golden IR, one file per target; re-bless with
//! `cargo xtask bless`), the text and launch configuration the emitter
//! produces for it, every catalog entry emitting for both targets, and
//! ptxas accepting paged decode without spills. (Here, not in tilekit-ptx,
//! because that crate does not depend on the kernels crate.)

use std::path::Path;
use tilekit_core::golden::check_golden;
use tilekit_kernels::catalog::decode::golden_decode;
use tilekit_kernels::catalog::{self, decode};
use tilekit_ptx::{emit, emit_with, ptxas, EmitOptions, ParamKind, Target, PTX_VERSION};

#[test]
fn golden_ptx_of_paged_decode() {
    let kernel = golden_decode();
    for target in Target::ALL {
        let module = emit(&kernel, target).unwrap();
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
            "tests/golden/ptx/paged_decode.{}.ptx",
            target.name()
        ));
        check_golden(&path, &module.text).unwrap();
    }
}

#[test]
fn module_header_entry_and_parameters() {
    let m = emit(&golden_decode(), Target::Sm90a).unwrap();
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
    let m80 = emit(&golden_decode(), Target::Sm80).unwrap();
    assert!(m80.text.contains(".target sm_80\n"));
    assert_eq!(m80.params.len(), 8);
    assert!(m80.tensor_maps.is_empty());
}

#[test]
fn sm_90a_decode_pipelines_pages_with_tma_and_mbarriers_and_sm_80_does_not() {
    let kernel = golden_decode();
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
fn paged_decode_uses_async_copies_shuffles_and_exact_rounding() {
    let text = emit(&golden_decode(), Target::Sm80).unwrap().text;
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
fn launch_config_covers_grid_threads_and_staged_buffers() {
    for v in decode::decode_variants() {
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
    let k = golden_decode();
    let m = emit_with(&k, Target::Sm80, &EmitOptions { threads: Some(64) }).unwrap();
    assert_eq!(m.launch.block, [64, 1, 1]);
    assert!(m.text.contains(".reqntid 64, 1, 1"));
}

#[test]
fn every_shipped_kernel_emits_for_both_targets() {
    let all = catalog::ptx::all();
    assert!(all.len() > decode::kernels().len());
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

/// Fails (never skips) when ptxas is missing, naming the command that
/// installs it; `cargo xtask test` installs it first.
#[test]
fn paged_decode_assembles_without_spills() {
    let path = ptxas::find().unwrap_or_else(|e| panic!("{e}"));
    for target in Target::ALL {
        let module = emit(&golden_decode(), target).unwrap();
        let report = ptxas::assemble(&path, &module.text, &module.entry, target)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.spill_bytes(), 0, "{}", report.log);
        assert!(report.warnings.is_empty(), "{}", report.log);
        assert!(report.registers > 0, "{}", report.log);
    }
}
