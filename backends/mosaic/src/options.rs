//! The `CompileOptionsProto` a program's module is compiled with: one
//! replica and partition, like every compile, plus the row-major layout of
//! every `@main` parameter (`argument_layouts`) and result
//! (`executable_build_options.result_layout`). Left to choose, libtpu lays
//! out `[.., 1, BS]` scale planes and `[.., 1, D]` rows in its compact
//! layout and copies them to and from the custom calls' row-major layout on
//! every execution, so that state would not stay in place. (The module
//! attribute `mhlo.xla_entry_computation_parameter_layouts` is dropped on
//! the way to PJRT; the compile options are what it reads.)

use tilekit_core::DType;

fn varint(mut x: u64, out: &mut Vec<u8>) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// A length-delimited field.
fn message(field: u32, body: &[u8], out: &mut Vec<u8>) {
    varint(u64::from(field << 3 | 2), out);
    varint(body.len() as u64, out);
    out.extend_from_slice(body);
}

fn int_field(field: u32, x: u64, out: &mut Vec<u8>) {
    varint(u64::from(field << 3), out);
    varint(x, out);
}

/// XLA's `PrimitiveType` of a buffer as the module spells it: u8 and u16
/// are the signless `i8` / `i16` there ([`crate::mlir::elem`]), which
/// StableHLO reads as signed, so their parameters are declared S8 / S16
/// (the same bytes; an unsigned declaration fails as "want s8, got u8").
fn primitive_type(dtype: DType) -> u64 {
    match dtype {
        DType::Bool => 1,
        DType::I8 | DType::U8 => 2,
        DType::U16 => 3,
        DType::I32 => 4,
        DType::F16 => 10,
        DType::F32 => 11,
        DType::Bf16 => 16,
        DType::F8E5M2 => 19,
        DType::F8E4M3 => 20,
    }
}

/// `ShapeProto` of an array with a row-major `LayoutProto`.
fn array_shape(dtype: DType, shape: &[usize]) -> Vec<u8> {
    let mut out = Vec::new();
    int_field(2, primitive_type(dtype), &mut out);
    for &d in shape {
        int_field(3, d as u64, &mut out);
    }
    let mut layout = Vec::new();
    for d in (0..shape.len()).rev() {
        int_field(1, d as u64, &mut layout);
    }
    message(5, &layout, &mut out);
    out
}

/// `ShapeProto` of a tuple.
fn tuple_shape(elements: &[Vec<u8>]) -> Vec<u8> {
    const TUPLE: u64 = 13;
    let mut out = Vec::new();
    int_field(2, TUPLE, &mut out);
    for e in elements {
        message(4, e, &mut out);
    }
    out
}

/// The options for `@main`'s `params` and `results` (dtype and shape
/// each, in order). One result is returned as is, several (or none) as a
/// tuple.
pub fn compile_options(params: &[(DType, Vec<usize>)], results: &[(DType, Vec<usize>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (dtype, shape) in params {
        message(1, &array_shape(*dtype, shape), &mut out);
    }
    let results: Vec<Vec<u8>> = results
        .iter()
        .map(|(dtype, shape)| array_shape(*dtype, shape))
        .collect();
    let result = match results.as_slice() {
        [one] => one.clone(),
        many => tuple_shape(many),
    };
    let mut build = Vec::new();
    message(2, &result, &mut build);
    int_field(4, 1, &mut build); // num_replicas
    int_field(5, 1, &mut build); // num_partitions
    message(3, &build, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_layouts_it_is_the_plain_options() {
        // `executable_build_options { result_layout {..} num_replicas: 1
        // num_partitions: 1 }` around a tuple of nothing.
        assert_eq!(
            compile_options(&[], &[]),
            [0x1a, 0x08, 0x12, 0x02, 0x10, 0x0d, 0x20, 0x01, 0x28, 0x01]
        );
    }

    #[test]
    fn unsigned_bytes_are_declared_as_the_module_spells_them() {
        // element_type S8 (2), dim 4, layout { minor_to_major: 0 }.
        assert_eq!(
            array_shape(DType::U8, &[4]),
            [0x10, 2, 0x18, 4, 0x2a, 2, 0x08, 0]
        );
        assert_eq!(array_shape(DType::U16, &[4])[1], 3);
    }

    #[test]
    fn a_row_major_bf16_matrix() {
        // element_type BF16, dims 2 and 3, layout { minor_to_major: 1, 0 }.
        assert_eq!(
            array_shape(DType::Bf16, &[2, 3]),
            [0x10, 16, 0x18, 2, 0x18, 3, 0x2a, 4, 0x08, 1, 0x08, 0]
        );
    }
}
