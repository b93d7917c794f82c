//! The generated launchers trace a kernel once per (shapes, trace-time
//! values, type parameters) and reuse it: a second launch with the same
//! key must not run the body again.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tilekit_core::dsl::*;
use tilekit_core::{DType, HostTensor};

/// How many times `add_n`'s body ran (each run is one trace).
static TRACES: AtomicUsize = AtomicUsize::new(0);

/// Adds `n` (a trace-time value) to every element, `reps` times per
/// element in an unrolled trace-time loop.
#[kernel(grid = [1])]
fn add_n<T: Float>(x: Ref<T, 1>, #[shape(x.shape())] y: RefMut<T, 1>, #[trace] n: usize) {
    TRACES.fetch_add(1, Ordering::SeqCst);
    let mut t = x.load([..]).cast::<f32>();
    for _ in 0..n {
        t += 1.0;
    }
    y.store([..], t.cast::<T>());
}

fn args(len: usize, n: usize) -> AddNArgs {
    AddNArgs {
        x: HostTensor::from_f32(DType::F32, &[len], &vec![1.0; len]).unwrap(),
        n,
    }
}

// One test owns the counter, so no other test traces `add_n` in between.
#[test]
fn traces_once_per_key() {
    let before = TRACES.load(Ordering::SeqCst);
    let a = args(4, 2);
    let first = a.run_interpreter::<f32>().unwrap();
    let second = a.run_interpreter::<f32>().unwrap();
    assert_eq!(first.y.to_f32_vec(), vec![3.0; 4]);
    assert_eq!(second.y.to_f32_vec(), vec![3.0; 4]);
    assert_eq!(
        TRACES.load(Ordering::SeqCst) - before,
        1,
        "the second run traced again"
    );

    // The same kernel object is handed out.
    assert!(Arc::ptr_eq(
        &a.kernel::<f32>().unwrap(),
        &a.kernel::<f32>().unwrap()
    ));
    assert_eq!(TRACES.load(Ordering::SeqCst) - before, 1);

    // Another trace-time value, shape or type is another kernel.
    assert_eq!(
        args(4, 3).run_interpreter::<f32>().unwrap().y.to_f32_vec(),
        vec![4.0; 4]
    );
    args(8, 2).run_interpreter::<f32>().unwrap();
    let bf = args(4, 2);
    let bf = AddNArgs {
        x: HostTensor::from_f32(DType::Bf16, &[4], &[1.0; 4]).unwrap(),
        ..bf
    };
    assert_eq!(
        bf.run_interpreter::<bf16>().unwrap().y.to_f32_vec(),
        vec![3.0; 4]
    );
    assert_eq!(TRACES.load(Ordering::SeqCst) - before, 4);

    // The uncached builder traces every call; the cached one shares.
    let shapes = AddNShapes { x: [4], n: 2 };
    add_n::<f32>(&shapes).unwrap();
    assert_eq!(TRACES.load(Ordering::SeqCst) - before, 5);
    let k = add_n_cached::<f32>(&shapes).unwrap();
    assert!(Arc::ptr_eq(&k, &a.kernel::<f32>().unwrap()));
    assert_eq!(TRACES.load(Ordering::SeqCst) - before, 5);
}

#[test]
fn shapes_from_args_takes_the_trace_values() {
    let a = args(4, 7);
    let shapes = AddNShapes::from_args(&a.to_kernel_args(), 7).unwrap();
    assert_eq!(shapes, AddNShapes { x: [4], n: 7 });
    assert_eq!(a.shapes().unwrap(), shapes);
}
