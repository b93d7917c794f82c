//! The emitter on its own (no assembler): PTX text structure, the launch
//! configuration, and errors for what it cannot lower. The same for the
//! shipped kernels is in the root crate's tests/ptx_shipped.rs.

mod common;

use tilekit_core::ir::{Index, OpKind};
use tilekit_core::{DType, KernelBuilder};
use tilekit_ptx::{emit, emit_with, shared_memory_bytes, EmitOptions, Target};

#[test]
fn masked_pipelined_loads_stay_on_cp_async_on_sm_90a() {
    let m = emit(&common::masked_pipeline(), Target::Sm90a).unwrap();
    assert!(m.tensor_maps.is_empty());
    assert!(!m.text.contains("mbarrier"), "{}", m.text);
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
        &common::masked_pipeline(),
        Target::Sm80,
        &EmitOptions { threads: Some(100) },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("100 threads per CTA"), "{err}");
}

#[test]
fn shared_memory_plan_is_what_the_module_declares() {
    for kernel in [common::zoo(), common::masked_pipeline()] {
        for target in Target::ALL {
            let m = emit(&kernel, target).unwrap();
            let plan = shared_memory_bytes(&kernel, target).unwrap();
            assert_eq!(plan, m.launch.dynamic_smem_bytes as usize);
            let declared = format!("{plan} bytes dynamic shared memory");
            assert!(m.text.contains(&declared), "no `{declared}`");
        }
    }
    // Beyond the target's limit `emit` fails, and the plan still says how
    // much: four stages of 64 KiB f32 pages.
    let mut kb = KernelBuilder::new("huge");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, &[4, 128, 128]);
    let y = kb.output("y", DType::F32, &[128, 128]);
    let (lo, hi) = (kb.i32(0), kb.i32(4));
    let init = kb.zeros(&[128, 128], DType::F32);
    let out = kb.pipeline(lo, hi, 4, &[init], |kb, j, c| {
        let page = kb.load(x, &[Index::at(j), Index::Full, Index::Full]);
        vec![kb.add(c[0], page)]
    });
    kb.store(y, &[Index::Full, Index::Full], out[0]);
    let k = kb.finish().unwrap();
    assert!(emit(&k, Target::Sm90a).is_err());
    let plan = shared_memory_bytes(&k, Target::Sm90a).unwrap();
    assert!(plan >= 4 * 64 * 1024, "{plan}");
}
