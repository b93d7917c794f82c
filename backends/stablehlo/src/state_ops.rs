//! Two small modules a runtime needs to manage a program's state on the
//! device without a full copy of it on the host: a state buffer created
//! as zeros on the device, and rows of one overwritten in place (the
//! buffer is aliased to the result, so XLA writes into it).
//!
//! Both follow the calling convention of [`crate::Signature`]: bf16 and
//! f16 travel as their `i16` bits.

use crate::types::Ty;
use tilekit_core::DType;

/// `main(%zero: T) -> T[shape]`: `%zero` broadcast (a parameter, not a
/// constant, so the compiler cannot fold it into a literal the size of
/// the buffer).
pub fn zeros_module(dtype: DType, shape: &[usize]) -> String {
    let scalar = Ty::scalar(dtype).raw();
    let full = Ty::new(dtype, shape).raw();
    format!(
        "module @state_zeros {{\n  func.func public @main(%zero: {scalar}) -> ({full}) {{\n    %0 = stablehlo.broadcast_in_dim %zero, dims = [] : ({scalar}) -> {full}\n    return %0 : {full}\n  }}\n}}\n"
    )
}

/// `main(%state: T[shape], %rows: T[n, shape[1..]], %start: i32) ->
/// T[shape]`: rows `start..start + n` (axis 0) replaced, the state aliased
/// to the result. `shape` must have rank 1 or more.
pub fn write_rows_module(dtype: DType, shape: &[usize], rows: usize) -> String {
    let full = Ty::new(dtype, shape).raw();
    let mut chunk_shape = shape.to_vec();
    if let Some(first) = chunk_shape.first_mut() {
        *first = rows;
    }
    let chunk = Ty::new(dtype, &chunk_shape).raw();
    let i32t = Ty::scalar(DType::I32);
    let zeros = vec!["%zero"; shape.len().saturating_sub(1)];
    let mut starts = vec!["%start"];
    starts.extend(zeros);
    let start_types = vec![i32t.to_string(); starts.len()].join(", ");
    format!(
        "module @state_write_rows {{\n  func.func public @main(%state: {full} {{tf.aliasing_output = 0 : i32}}, %rows: {chunk}, %start: {i32t}) -> ({full}) {{\n    %zero = stablehlo.constant dense<0> : {i32t}\n    %0 = stablehlo.dynamic_update_slice %state, %rows, {} : ({full}, {chunk}, {start_types}) -> {full}\n    return %0 : {full}\n  }}\n}}\n",
        starts.join(", ")
    )
}
