//! The TPU generations tilekit compiles for and their rules, checked on the
//! IR before Mosaic sees a kernel so that a broken kernel gets an error
//! naming the kernel, the ref and the shape instead of a compiler trace:
//!
//! - **tiling**: VMEM holds 2-D tiles of 8 sublanes x 128 lanes of 32-bit
//!   words (16 x 128 for bf16, two per word), so every block Mosaic moves
//!   (a block spec's block, a DMA window) must have its last dim a multiple
//!   of 128 and its second-to-last a multiple of the dtype's sublane tile,
//!   unless the dim spans the whole array. A point index in either of the
//!   last two dims makes that dim 1, which only spans an array of extent 1;
//! - **VMEM**: what a program keeps in VMEM (windows twice, for Mosaic's
//!   double buffering, DMA staging buffers, scratch), padded to whole tiles,
//!   must fit the compiler's default scoped VMEM limit of the generation;
//! - **dtypes** ([`TpuGeneration::supports_in_memory`]): what each
//!   generation's memory holds, established by compiling probe kernels
//!   with libtpu for both generations (`tests/narrow_dtypes.rs`: loads,
//!   stores and DMAs of every dtype, windowed and in HBM). Both hold f32,
//!   i32, bf16, i8, u8, u16, f8e4m3 and f8e5m2; 8-bit types tile
//!   (32, 128), 16-bit (16, 128). Vector registers hold only 32-bit words
//!   and bf16 ([`crate::mlir::reg`]): narrow integers and fp8 are widened
//!   on load and narrowed on store, and fp8 is rounded in f32/i32 bit
//!   arithmetic, so no kernel depends on which narrow types a VPU computes
//!   on natively (v5e has no bf16 VPU, and neither generation an fp8 MXU:
//!   `dot` refuses 8-bit operands, kernels cast the codes to bf16 or f32).
//!   bool lives only in registers; f16 nowhere (no TPU computes in it).

use crate::error::MosaicError;
use crate::plan::{Place, Plan};
use tilekit_core::ir::{Kernel, Location};
use tilekit_core::DType;

/// A TPU generation (one TensorCore per chip).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum TpuGeneration {
    V5e,
    V6e,
}

impl TpuGeneration {
    pub const ALL: [TpuGeneration; 2] = [TpuGeneration::V5e, TpuGeneration::V6e];

    /// The name libtpu's topologies use (`v5e:1x1`).
    pub fn name(self) -> &'static str {
        match self {
            TpuGeneration::V5e => "v5e",
            TpuGeneration::V6e => "v6e",
        }
    }

    /// Mosaic's default scoped VMEM limit (the chips have 128 MiB of VMEM;
    /// a kernel may use this much without raising the limit).
    pub fn scoped_vmem_bytes(self) -> usize {
        match self {
            TpuGeneration::V5e => 16 << 20,
            TpuGeneration::V6e => 32 << 20,
        }
    }

    /// Whether refs of `dtype` can live in this generation's memory (and
    /// be moved by its DMAs and vector loads and stores).
    pub fn supports_in_memory(self, dtype: DType) -> bool {
        match dtype {
            DType::F32 | DType::I32 | DType::Bf16 => true,
            // (32, 128) tiles of bytes, (16, 128) of 16-bit words.
            DType::I8 | DType::U8 | DType::U16 => true,
            // Stored as bytes; Mosaic's `extf`/`truncf` to and from f32
            // (all the registers ever see) compile on both generations.
            DType::F8E4M3 | DType::F8E5M2 => matches!(self, Self::V5e | Self::V6e),
            DType::F16 | DType::Bool => false,
        }
    }

    /// Why `dtype` cannot live in this generation's memory, for errors.
    fn refusal(self, dtype: DType) -> String {
        format!(
            "{dtype} cannot live in {self} memory with tilekit; use f32, i32, bf16, i8, u8, u16, f8e4m3 or f8e5m2 (bool as i32)"
        )
    }
}

impl std::fmt::Display for TpuGeneration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Rows of a VMEM tile for `dtype`: 8 for 32-bit types, 16 for 16-bit, 32
/// for 8-bit.
pub fn sublane_tile(dtype: DType) -> usize {
    8 * 4 / dtype.size_bytes().clamp(1, 4)
}

/// Bytes a VMEM buffer of `shape` takes once its last two dims are padded
/// to whole tiles (a rank-1 buffer is one row).
pub fn padded_bytes(dtype: DType, shape: &[usize]) -> usize {
    let (lead, rows, cols) = match shape {
        [] => (1, 1, 1),
        [n] => (1, 1, *n),
        [lead @ .., r, c] => (lead.iter().product(), *r, *c),
    };
    let sub = sublane_tile(dtype);
    lead * rows.div_ceil(sub) * sub * cols.div_ceil(128) * 128 * dtype.size_bytes()
}

/// Checks the last two dims of a block or DMA window of a ref of `full` shape.
fn tiling_rule(dtype: DType, block: &[usize], full: &[usize]) -> Option<String> {
    let n = block.len();
    if n == 0 {
        return None;
    }
    let sub = sublane_tile(dtype);
    let (last, whole_last) = (block[n - 1], full[n - 1]);
    if last % 128 != 0 && last != whole_last {
        return Some(format!(
            "its last dim {last} is neither a multiple of 128 (the lane tile) nor the ref's whole extent {whole_last}"
        ));
    }
    if n >= 2 {
        let (rows, whole_rows) = (block[n - 2], full[n - 2]);
        if rows % sub != 0 && rows != whole_rows {
            return Some(format!(
                "its second-to-last dim {rows} is neither a multiple of {sub} (the {dtype} sublane tile) nor the ref's whole extent {whole_rows}"
            ));
        }
    }
    None
}

fn target_error(
    k: &Kernel,
    chip: TpuGeneration,
    what: String,
    location: Location,
    message: String,
) -> MosaicError {
    MosaicError::Target {
        kernel: k.name.clone(),
        chip,
        what: Some(what),
        location,
        message,
        dtype: None,
    }
}

/// Checks the kernel against `chip`'s rules; returns the VMEM a program
/// needs, in padded bytes.
pub fn check(k: &Kernel, plan: &Plan, chip: TpuGeneration) -> Result<usize, MosaicError> {
    for r in &k.refs {
        if !chip.supports_in_memory(r.dtype) {
            return Err(MosaicError::Target {
                kernel: k.name.clone(),
                chip,
                what: Some(format!("ref `{}` ({} {:?})", r.name, r.dtype, r.shape)),
                location: r.location.clone(),
                message: chip.refusal(r.dtype),
                dtype: Some(r.dtype),
            });
        }
    }
    let mut vmem = 0usize;
    for (r, place) in k.refs.iter().zip(&plan.places) {
        match place {
            Place::Window => {
                let block = r.view_shape();
                if let Some(why) = tiling_rule(r.dtype, block, &r.shape) {
                    return Err(target_error(
                        k,
                        chip,
                        format!("ref `{}` {:?}, block shape {block:?}", r.name, r.shape),
                        r.location.clone(),
                        format!("the block breaks TPU tiling: {why}"),
                    ));
                }
                vmem += 2 * padded_bytes(r.dtype, block);
            }
            Place::Scratch => vmem += padded_bytes(r.dtype, &r.shape),
            Place::Hbm => {}
        }
    }
    for s in &plan.staging {
        let r = k.ref_decl(s.src);
        if let Some(why) = tiling_rule(r.dtype, &s.window, &r.shape) {
            return Err(target_error(
                k,
                chip,
                format!(
                    "ref `{}` {:?}, {} window {:?}",
                    r.name,
                    r.shape,
                    if s.is_load { "load" } else { "store" },
                    s.window
                ),
                k.op(s.op).location.clone(),
                format!("the window moved by DMA breaks TPU tiling: {why}"),
            ));
        }
        vmem += s.slots as usize * padded_bytes(r.dtype, &s.window);
    }
    let limit = chip.scoped_vmem_bytes();
    if vmem > limit {
        return Err(MosaicError::Target {
            kernel: k.name.clone(),
            chip,
            what: None,
            location: k.location.clone(),
            dtype: None,
            message: format!(
                "a program needs {vmem} bytes of VMEM (windows double-buffered, DMA staging buffers and scratch, padded to whole tiles), more than the {limit}-byte scoped VMEM of {chip}; use smaller blocks or fewer pipeline stages"
            ),
        });
    }
    Ok(vmem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_pad_to_sublanes_and_lanes() {
        assert_eq!(sublane_tile(DType::F32), 8);
        assert_eq!(sublane_tile(DType::Bf16), 16);
        assert_eq!(sublane_tile(DType::I8), 32);
        assert_eq!(padded_bytes(DType::U8, &[16, 128]), 32 * 128);
        assert_eq!(padded_bytes(DType::F32, &[8, 128]), 4096);
        assert_eq!(padded_bytes(DType::F32, &[2, 1, 100]), 2 * 8 * 128 * 4);
        assert_eq!(padded_bytes(DType::Bf16, &[8, 128]), 16 * 128 * 2);
        assert_eq!(padded_bytes(DType::F32, &[130]), 8 * 256 * 4);
    }

    #[test]
    fn the_tiling_rule_allows_whole_dims_and_multiples() {
        assert!(tiling_rule(DType::F32, &[8, 128], &[64, 1024]).is_none());
        assert!(tiling_rule(DType::F32, &[4, 100], &[4, 100]).is_none());
        assert!(tiling_rule(DType::Bf16, &[8, 128], &[64, 128]).is_some());
        assert!(tiling_rule(DType::F32, &[8, 64], &[8, 128]).is_some());
        assert!(tiling_rule(DType::F32, &[1, 1, 128], &[4, 2, 128]).is_some());
    }
}
