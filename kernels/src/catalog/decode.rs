//! Paged decode, the hand-built and the `#[kernel]` one, in the
//! configurations the tests, examples and `run_decode` use: [`kernels`] is
//! what the GPU check runs against the interpreter and what the PTX
//! simulator tests pick from; [`golden_config`] is the configuration of the
//! golden IR, StableHLO and PTX files.

use crate::hand_built::{paged_decode, PagedDecodeConfig};
use crate::host::with_float_type;
use crate::paged_decode::{paged_decode as macro_paged_decode, PagedDecodeShapes};
use tilekit_core::builder::BuildError;
use tilekit_core::{DType, VerifiedKernel};

/// One configuration of the hand-built paged decode; batch, page count and
/// table width are chosen per case (they only change the grid and strides).
#[derive(Clone, Debug, PartialEq)]
pub struct DecodeVariant {
    pub dtype: DType,
    pub block_size: usize,
    pub head_dim: usize,
    pub q_heads: usize,
    pub kv_heads: usize,
    pub stages: u32,
}

impl DecodeVariant {
    pub fn group(&self) -> usize {
        self.q_heads / self.kv_heads
    }

    /// A stable, file-name-friendly name.
    pub fn name(&self) -> String {
        format!(
            "paged_decode_{}_bs{}_d{}_hq{}_hkv{}_s{}",
            self.dtype, self.block_size, self.head_dim, self.q_heads, self.kv_heads, self.stages
        )
    }

    pub fn config(&self, batch: usize, num_blocks: usize, max_blocks: usize) -> PagedDecodeConfig {
        PagedDecodeConfig {
            batch,
            q_heads: self.q_heads,
            kv_heads: self.kv_heads,
            head_dim: self.head_dim,
            block_size: self.block_size,
            num_blocks,
            max_blocks,
            dtype: self.dtype,
            stages: self.stages,
        }
    }

    /// A representative launch: 4 sequences of up to 1024 tokens.
    pub fn default_config(&self) -> PagedDecodeConfig {
        let max_blocks = 1024usize.div_ceil(self.block_size);
        self.config(4, 4 * max_blocks + 3, max_blocks)
    }

    pub fn build(&self) -> Result<VerifiedKernel, BuildError> {
        paged_decode(&self.default_config())
    }
}

/// Who wrote a shipped kernel.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// [`crate::hand_built`] (builder API).
    HandBuilt,
    /// [`crate::paged_decode`] (`#[kernel]`), in the configurations its
    /// tests use.
    Macro,
}

/// One shipped kernel in one configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct ShippedKernel {
    pub flavor: Flavor,
    pub variant: DecodeVariant,
}

impl ShippedKernel {
    pub fn name(&self) -> String {
        match self.flavor {
            Flavor::HandBuilt => self.variant.name(),
            Flavor::Macro => format!("macro_{}", self.variant.name()),
        }
    }

    /// Builds the kernel for the shapes of `cfg` (whose dtype, block size,
    /// heads, head dim and stages must be the variant's).
    pub fn build_for(&self, cfg: &PagedDecodeConfig) -> Result<VerifiedKernel, String> {
        if self.flavor == Flavor::HandBuilt {
            return paged_decode(cfg).map_err(|e| e.to_string());
        }
        let shapes = PagedDecodeShapes {
            block_tables: [cfg.batch, cfg.max_blocks],
            context_lens: [cfg.batch],
            q: [cfg.batch, cfg.q_heads, cfg.head_dim],
            k_cache: [cfg.num_blocks, cfg.block_size, cfg.kv_heads, cfg.head_dim],
            v_cache: [cfg.num_blocks, cfg.block_size, cfg.kv_heads, cfg.head_dim],
            stages: cfg.stages,
        };
        // Page and group size come from the shapes; only the element type
        // is a type parameter.
        with_float_type!(cfg.dtype, T => macro_paged_decode::<T>(&shapes))
            .map_err(|e| e.to_string())
    }

    pub fn build(&self) -> Result<VerifiedKernel, String> {
        self.build_for(&self.variant.default_config())
    }
}

fn v(dtype: DType, bs: usize, d: usize, hq: usize, hkv: usize, stages: u32) -> DecodeVariant {
    DecodeVariant {
        dtype,
        block_size: bs,
        head_dim: d,
        q_heads: hq,
        kv_heads: hkv,
        stages,
    }
}

/// Every paged-decode configuration used by the tests (kernels/tests), the
/// examples (decode_interp: Hq 32, Hkv 8, D 128, BS 16) and the serving
/// shapes of KERNELS.md (BS up to 256, D up to 256, G up to 16).
pub fn decode_variants() -> Vec<DecodeVariant> {
    use DType::{Bf16, F16, F32};
    vec![
        v(Bf16, 16, 64, 8, 2, 2),
        v(Bf16, 16, 64, 8, 2, 1),
        v(Bf16, 16, 64, 8, 2, 3),
        v(Bf16, 32, 64, 8, 2, 2),
        v(Bf16, 16, 64, 2, 2, 2),
        v(F16, 16, 64, 4, 2, 2),
        v(F32, 16, 64, 8, 2, 2),
        v(Bf16, 16, 64, 16, 2, 2),
        v(F16, 16, 64, 32, 2, 2),
        v(Bf16, 16, 128, 4, 2, 2),
        v(Bf16, 16, 256, 4, 2, 2),
        v(Bf16, 16, 128, 32, 8, 2),
        v(Bf16, 64, 128, 32, 8, 2),
        // One stage: with two, the zeroed copy of each V page (rows past
        // the length) no longer fits sm_80's 163 KiB of shared memory.
        v(F16, 128, 128, 64, 8, 1),
        v(Bf16, 256, 64, 32, 8, 1),
        v(Bf16, 32, 256, 16, 1, 2),
    ]
}

/// The configuration of the golden PTX and StableHLO files: the same as
/// the golden IR in kernels/tests/golden/paged_decode.ir.
pub fn golden_config() -> PagedDecodeConfig {
    v(DType::Bf16, 16, 64, 8, 2, 2).config(2, 8, 4)
}

/// The hand-built paged decode in [`golden_config`].
pub fn golden_decode() -> VerifiedKernel {
    paged_decode(&golden_config()).expect("the golden paged decode builds")
}

/// Every shipped kernel: the hand-built paged decode in every variant and
/// the `#[kernel]` paged decode in the configurations its tests use.
pub fn kernels() -> Vec<ShippedKernel> {
    let mut out: Vec<ShippedKernel> = decode_variants()
        .into_iter()
        .map(|variant| ShippedKernel {
            flavor: Flavor::HandBuilt,
            variant,
        })
        .collect();
    use DType::{Bf16, F16, F32};
    for variant in [
        v(Bf16, 16, 64, 8, 2, 2),
        v(Bf16, 32, 64, 8, 2, 2),
        v(F16, 16, 64, 4, 2, 2),
        v(F32, 16, 64, 8, 2, 2),
    ] {
        out.push(ShippedKernel {
            flavor: Flavor::Macro,
            variant,
        });
    }
    out
}
