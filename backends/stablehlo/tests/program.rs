//! Lowering programs: one module, one function per distinct kernel, state
//! parameters aliased to their results, scalars as constants.

use std::sync::Arc;
use tilekit_core::ir::Index;
use tilekit_core::program::{Arg, ProgramBuilder};
use tilekit_core::{DType, KernelBuilder, VerifiedKernel};

/// `acc += x * s`, in place.
fn axpy() -> Arc<VerifiedKernel> {
    let mut kb = KernelBuilder::new("axpy");
    kb.grid(&[1]);
    let acc = kb.inout("acc", DType::Bf16, &[4]);
    let x = kb.input("x", DType::Bf16, &[4]);
    let s = kb.scalar("s", DType::F32);
    let a = kb.load(acc, &[Index::Full]);
    let b = kb.load(x, &[Index::Full]);
    let a = kb.cast(a, DType::F32);
    let b = kb.cast(b, DType::F32);
    let b = kb.mul(b, s);
    let r = kb.add(a, b);
    let r = kb.cast(r, DType::Bf16);
    kb.store(acc, &[Index::Full], r);
    Arc::new(kb.finish().unwrap())
}

#[test]
fn a_program_is_one_module_with_aliased_state() {
    let k = axpy();
    let mut p = ProgramBuilder::new("steps");
    let x = p.input("x", DType::Bf16, &[4]);
    let a = p.state("a", DType::Bf16, &[4]);
    let b = p.state("b", DType::Bf16, &[4]);
    for (i, acc) in [a, b, a].into_iter().enumerate() {
        p.call(
            &k,
            &[
                ("acc", acc.into()),
                ("x", x.into()),
                ("s", Arg::from(i as f32 + 0.5)),
            ],
        );
    }
    p.output(a);
    let program = p.finish().unwrap();
    let m = tilekit_stablehlo::lower_program(&program).unwrap();
    let text = &m.text;
    // One function for three calls of the same kernel.
    assert_eq!(text.matches("func.func private").count(), 1, "{text}");
    assert_eq!(text.matches("func.call @axpy").count(), 3, "{text}");
    // State first (aliased to results 0 and 1), then the input; bf16 as i16.
    assert!(text.contains("@main(%arg0: tensor<4xi16> {tf.aliasing_output = 0 : i32}, %arg1: tensor<4xi16> {tf.aliasing_output = 1 : i32}, %arg2: tensor<4xi16>)"), "{text}");
    assert_eq!((m.params.clone(), m.num_state), (vec![a, b, x], 2));
    assert_eq!(m.results, vec![a, b, a]);
    // Scalars are constants.
    assert!(
        text.contains("stablehlo.constant dense<2.5> : tensor<f32>"),
        "{text}"
    );
    // The third call reads the first call's result for `a`.
    assert!(
        text.contains("func.call @axpy(%call0, %arg2, %c2)"),
        "{text}"
    );
    assert!(text.contains("return %call2, %call1, %call2"), "{text}");
}
