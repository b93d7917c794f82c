//! tilekit-ptx: verified tile IR → PTX text for NVIDIA GPUs (sm_90a, sm_80).
//!
//! ```
//! use tilekit_core::{ir::Index, DType, KernelBuilder};
//! use tilekit_ptx::{emit, Target};
//!
//! let mut kb = KernelBuilder::new("double");
//! kb.grid(&[2]);
//! let x = kb.input("x", DType::F32, &[2, 4]);
//! let y = kb.output("y", DType::F32, &[2, 4]);
//! let row = kb.program_id(0);
//! let tile = kb.load(x, &[Index::at(row), Index::Full]);
//! let two = kb.f32(2.0);
//! let doubled = kb.mul(tile, two);
//! kb.store(y, &[Index::at(row), Index::Full], doubled);
//! let kernel = kb.finish()?;
//!
//! let module = emit(&kernel, Target::Sm90a)?;
//! assert!(module.text.contains(".entry double("));
//! assert_eq!(module.launch.grid, [2, 1, 1]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! How a kernel maps onto the GPU (details in each module):
//! - one CTA per grid program (programs linearised row-major into `ctaid.x`);
//! - tiles in registers are spread over the CTA's threads in runs of up to
//!   16 bytes ([`layout`]), so loads and stores are vectorised and coalesced;
//! - data moving between threads goes through shared memory views (dot
//!   operands, transposes, broadcasts), reductions use warp shuffles;
//! - pipelined loops copy ahead with `cp.async` into per-stage buffers, or
//!   on sm_90a with one TMA bulk tensor copy per load and stage completing
//!   on an mbarrier ([`TensorMap`] says what the host encodes);
//! - bf16/f16 compute in f32 and round to nearest even after every op, as
//!   the interpreter does; `exp`/`log` use `ex2`/`lg2` (approximate);
//! - i8/u8/u16 live sign- or zero-extended in 32-bit registers, fp8 as its
//!   exact f32 value; fp8 conversions are hardware `cvt` on sm_90a and
//!   exact integer emulation on sm_80.
//!
//! Anything the backend cannot lower is a [`PtxError`] naming the kernel,
//! the op and its source location. [`ptxas`] assembles the text with the
//! real assembler to check it.

mod asm;
mod emit;
mod error;
pub mod layout;
mod plan;
pub mod ptxas;
pub mod sass;
mod wheel;

pub use error::PtxError;
use tilekit_core::VerifiedKernel;

/// The PTX ISA version emitted: 8.0 is the first with sm_90a, and the CUDA
/// 13.0 driver (which JIT-compiles PTX up to 9.0) accepts it.
pub const PTX_VERSION: &str = "8.0";

/// A GPU architecture to emit for.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// H100 with its architecture-specific features.
    Sm90a,
    /// A100, and the fallback for everything newer.
    Sm80,
}

impl Target {
    pub const ALL: [Target; 2] = [Target::Sm90a, Target::Sm80];

    pub fn name(self) -> &'static str {
        match self {
            Target::Sm90a => "sm_90a",
            Target::Sm80 => "sm_80",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The most dynamic shared memory one CTA may opt into.
    pub fn max_dynamic_smem(self) -> usize {
        match self {
            Target::Sm90a => 227 * 1024,
            Target::Sm80 => 163 * 1024,
        }
    }
}

/// How to launch an emitted kernel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaunchConfig {
    /// One CTA per grid program.
    pub grid: [u32; 3],
    pub block: [u32; 3],
    /// Bytes of dynamic shared memory (above 48 KiB the launcher must opt
    /// in with `CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES`).
    pub dynamic_smem_bytes: u32,
}

impl LaunchConfig {
    pub fn threads(&self) -> u32 {
        self.block.iter().product()
    }
}

/// What a kernel parameter carries.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// Device pointer to prefetch array `i` (i32, row-major).
    Prefetch(usize),
    /// Device pointer to ref `i` (row-major, 16-byte aligned).
    Ref(usize),
    /// Scalar `i`: f32 as `.f32`; i32 and bool (0/1) as `.u32`.
    Scalar(usize),
    /// A `CUtensorMap` (128 bytes, passed by value, `.param .align 64 .b8
    /// name[128]`) encoding [`PtxModule::tensor_maps`]`[map]`, which
    /// describes the buffer of ref `ref_index`.
    TensorMap { map: usize, ref_index: usize },
}

/// What the host encodes into a `CUtensorMap` (`cuTensorMapEncodeTiled`)
/// for one TMA-loaded ref. Dimensions are innermost first, as TMA wants:
/// the ref's row-major shape reversed. Always tiled, no interleave, no
/// swizzle, element strides 1, out-of-bounds elements filled with zeros.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TensorMap {
    /// The ref whose device buffer the map describes (its base address is
    /// the map's global address).
    pub ref_index: usize,
    pub dtype: tilekit_core::DType,
    /// Elements per dimension, innermost first.
    pub dims: Vec<u64>,
    /// Byte strides of dimensions `1..rank`, innermost first (dimension 0
    /// is contiguous); multiples of 16.
    pub strides: Vec<u64>,
    /// Elements one copy moves per dimension (each 1..=256), innermost
    /// first; the box lands in shared memory densely, in this order.
    pub box_dims: Vec<u32>,
}

/// One parameter of the entry, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub kind: ParamKind,
    /// The IR's name for it.
    pub name: String,
    pub ptx_name: String,
    pub ptx_type: &'static str,
}

/// An emitted kernel.
#[derive(Clone, Debug)]
pub struct PtxModule {
    pub kernel: String,
    /// Name of the `.entry`.
    pub entry: String,
    pub target: Target,
    pub text: String,
    pub launch: LaunchConfig,
    pub params: Vec<Param>,
    /// Tensor maps the `TensorMap` parameters carry (sm_90a TMA loads).
    pub tensor_maps: Vec<TensorMap>,
}

/// Knobs of the emitter.
#[derive(Clone, Debug, Default)]
pub struct EmitOptions {
    /// Threads per CTA (a multiple of 32, at most 1024); by default chosen
    /// from the largest tile.
    pub threads: Option<usize>,
}

/// Emits `kernel` for `target` with default options.
pub fn emit(kernel: &VerifiedKernel, target: Target) -> Result<PtxModule, PtxError> {
    emit_with(kernel, target, &EmitOptions::default())
}

pub fn emit_with(
    kernel: &VerifiedKernel,
    target: Target,
    options: &EmitOptions,
) -> Result<PtxModule, PtxError> {
    if let Some(t) = options.threads {
        if t == 0 || t % 32 != 0 || t > 1024 {
            return Err(PtxError::at(
                kernel.kernel(),
                None,
                format!("{t} threads per CTA: use a multiple of 32 up to 1024"),
            ));
        }
    }
    emit::emit_kernel(kernel, target, options.threads)
}
/// Bytes of dynamic shared memory one CTA of `kernel` needs on `target`
/// with default options: exactly the [`LaunchConfig::dynamic_smem_bytes`]
/// [`emit`] declares, and also the figure when it is more than the target
/// allows (where [`emit`] fails). For planners (the decode tuner) that
/// must know what fits before choosing a kernel; it emits the body but
/// not the module text.
pub fn shared_memory_bytes(kernel: &VerifiedKernel, target: Target) -> Result<usize, PtxError> {
    emit::shared_memory_bytes(kernel, target)
}
