//! Spelling of MLIR types, constants and attributes in the serialized
//! generic form Mosaic reads (every op `"stable_mosaic.dialect.op"(...)`).

use half::bf16;
use tilekit_core::ir::ConstValue;
use tilekit_core::DType;

/// The element type of `dtype` (bool is `i1`).
pub fn elem(dtype: DType) -> &'static str {
    match dtype {
        DType::F32 => "f32",
        DType::Bf16 => "bf16",
        DType::F16 => "f16",
        DType::I32 => "i32",
        DType::Bool => "i1",
        // MLIR integers are signless: the ops carry the signedness.
        DType::I8 | DType::U8 => "i8",
        DType::U16 => "i16",
        DType::F8E4M3 => "f8E4M3FN",
        DType::F8E5M2 => "f8E5M2",
    }
}

/// The dtype a value of `dtype` is held as in vector registers: 8- and
/// 16-bit integers as i32, sign- or zero-extended (the interpreter's
/// canonical form, so compares and min/max need no unsigned variants, and
/// the VPU of every generation computes on 32-bit words); fp8, which is
/// storage-only, as the exact f32 of its value. Everything else as itself.
pub fn reg(dtype: DType) -> DType {
    match dtype {
        DType::I8 | DType::U8 | DType::U16 => DType::I32,
        DType::F8E4M3 | DType::F8E5M2 => DType::F32,
        d => d,
    }
}

/// `vector<8x128xf32>`, or the bare element type for a scalar.
pub fn value_type(dtype: DType, shape: &[usize]) -> String {
    if shape.is_empty() {
        elem(dtype).to_string()
    } else {
        format!("vector<{}x{}>", dims(shape), elem(dtype))
    }
}

fn dims(shape: &[usize]) -> String {
    shape
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("x")
}

/// The memory spaces of Mosaic memrefs.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Space {
    Vmem,
    Smem,
    Any,
}

impl Space {
    fn name(self) -> &'static str {
        match self {
            Space::Vmem => "vmem",
            Space::Smem => "smem",
            Space::Any => "any",
        }
    }
}

/// `memref<2x16x128xbf16, #tpu.memory_space<vmem>>`.
pub fn memref(dtype: DType, shape: &[usize], space: Space) -> String {
    let prefix = if shape.is_empty() {
        String::new()
    } else {
        format!("{}x", dims(shape))
    };
    format!(
        "memref<{prefix}{}, #tpu.memory_space<{}>>",
        elem(dtype),
        space.name()
    )
}

/// `memref<2x!tpu.dma_semaphore, ...>`, or one semaphore for an empty shape.
pub fn semaphores(count: Option<u32>) -> String {
    match count {
        Some(n) => format!("memref<{n}x!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>"),
        None => "memref<!tpu.dma_semaphore, #tpu.memory_space<semaphore_mem>>".into(),
    }
}

/// `array<i64: 1, 2>` (also for i32 with `ty = "i32"`).
pub fn array(ty: &str, xs: &[i64]) -> String {
    let items: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
    if items.is_empty() {
        format!("array<{ty}>")
    } else {
        format!("array<{ty}: {}>", items.join(", "))
    }
}

/// A constant's literal for element type `dtype`: floats as their exact bit
/// pattern in hex (MLIR reads `0x3F800000 : f32` as those bits), so no value
/// is rounded twice and infinities and NaN need no special spelling.
pub fn literal(value: ConstValue, dtype: DType) -> String {
    match dtype {
        DType::F32 => format!("0x{:08X}", value.as_f32().to_bits()),
        DType::Bf16 => format!("0x{:04X}", bf16::from_f64(value.as_f64()).to_bits()),
        DType::F16 => format!("0x{:04X}", half::f16::from_f64(value.as_f64()).to_bits()),
        DType::I32 | DType::I8 | DType::U8 | DType::U16 => {
            // Two's complement in the type's width, as MLIR's signless
            // integers print it (a u8 255 is the i8 -1).
            dtype.wrap_int(value.as_f64() as i64 as i32).to_string()
        }
        DType::Bool => (value.as_f64() != 0.0).to_string(),
        DType::F8E4M3 | DType::F8E5M2 => {
            let bits = dtype.float_to_bits(dtype.round_f64(value.as_f64()));
            format!("0x{bits:02X}")
        }
    }
}

/// The `value` attribute of an `arith.constant` of `ty` (a scalar or a
/// splat vector).
pub fn constant_attr(value: ConstValue, dtype: DType, shape: &[usize]) -> String {
    let lit = literal(value, dtype);
    if shape.is_empty() && dtype == DType::Bool {
        // `true`/`false` are typed (i1) already; a `: i1` would not parse.
        lit
    } else if shape.is_empty() {
        format!("{lit} : {}", elem(dtype))
    } else {
        format!("dense<{lit}> : {}", value_type(dtype, shape))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        assert_eq!(value_type(DType::F32, &[8, 128]), "vector<8x128xf32>");
        assert_eq!(value_type(DType::I32, &[]), "i32");
        assert_eq!(
            memref(DType::Bf16, &[2, 16, 128], Space::Vmem),
            "memref<2x16x128xbf16, #tpu.memory_space<vmem>>"
        );
        assert_eq!(
            literal(ConstValue::Float(f64::NEG_INFINITY), DType::F32),
            "0xFF800000"
        );
        assert_eq!(literal(ConstValue::Float(1.0), DType::Bf16), "0x3F80");
        assert_eq!(
            constant_attr(ConstValue::Int(-3), DType::I32, &[8]),
            "dense<-3> : vector<8xi32>"
        );
        assert_eq!(array("i64", &[]), "array<i64>");
    }
}
