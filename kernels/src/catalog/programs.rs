//! TPU programs: decode steps of the shipped TPU kernels ([`super::tpu`],
//! in their shipped configurations) as [`Program`]s, which
//! `cargo xtask tpu-check` lowers to one StableHLO module each (one
//! `tpu_custom_call` per call) and compiles with libtpu. Each layer of a
//! step writes the new token's K and V rows into that layer's quantized
//! paged caches (`kv_write_quantized_tpu`, bf16 rows into int8 or fp8
//! codes) and then attends over them (`paged_decode_quantized_tpu`, bf16
//! queries): the caches are state, updated in place; the token's rows,
//! queries, slot mapping and block tables are inputs; each layer's
//! attention output is an output of the program.

use super::tpu::{Family, TpuKernel};
use std::sync::Arc;
use tilekit_core::program::{Arg, BufferId, ProgramBuilder};
use tilekit_core::{program::Program, DType, VerifiedKernel};

/// One decode-step program.
#[derive(Clone, Debug, PartialEq)]
pub struct TpuProgram {
    /// The caches' codes: i8 or f8e4m3.
    pub codes: DType,
    /// Layers, each with its own caches: one write and one decode call.
    pub layers: usize,
}

/// The shipped configuration both kernels use: pages of 16 tokens, 8 KV
/// heads of 128, 4 query heads per KV head (the cache shapes agree because
/// both come from [`TpuKernel::build`]).
fn kernel(family: Family, group: usize) -> TpuKernel {
    TpuKernel {
        family,
        dtype: DType::Bf16,
        page_size: 16,
        kv_heads: 8,
        group,
        head_dim: 128,
    }
}

impl TpuProgram {
    /// A stable, file-name-friendly name.
    pub fn name(&self) -> String {
        let codec = if self.codes == DType::I8 {
            "int8"
        } else {
            "fp8"
        };
        format!("decode_step_kv_{codec}_bf16_layers{}", self.layers)
    }

    pub fn build(&self) -> Result<Program, String> {
        let write = Arc::new(kernel(Family::KvWriteQuantized { codes: self.codes }, 1).build()?);
        let decode = kernel(Family::PagedDecodeQuantized { codes: self.codes }, 4);
        let scale = 1.0 / (decode.head_dim as f32).sqrt();
        let decode = Arc::new(decode.build()?);
        let mut p = ProgramBuilder::new(&self.name());
        // Shared by every layer: where this step's token goes, and what
        // each sequence has cached.
        let slot_mapping = input(&mut p, &write, "slot_mapping", "")?;
        let block_tables = input(&mut p, &decode, "block_tables", "")?;
        let context_lens = input(&mut p, &decode, "context_lens", "")?;
        for l in 0..self.layers {
            let layer = format!("_{l}");
            let k_new = input(&mut p, &write, "k_new", &layer)?;
            let v_new = input(&mut p, &write, "v_new", &layer)?;
            let q = input(&mut p, &decode, "q", &layer)?;
            let mut cache = Vec::new();
            for name in ["k_cache", "k_scale", "v_cache", "v_scale"] {
                let (dtype, shape) = param(&decode, name)?;
                let b = p.state(&format!("{name}{layer}"), dtype, &shape);
                cache.push((name, Arg::from(b)));
            }
            let mut args = vec![
                ("slot_mapping", slot_mapping.into()),
                ("k_new", k_new.into()),
                ("v_new", v_new.into()),
            ];
            args.extend(cache.iter().copied());
            p.call(&write, &args);
            let mut args = vec![
                ("block_tables", block_tables.into()),
                ("context_lens", context_lens.into()),
                ("q", q.into()),
                ("scale", Arg::from(scale)),
            ];
            args.extend(cache.iter().copied());
            let attend = p.call(&decode, &args);
            let o = p.out(attend, "o");
            p.output(o);
        }
        p.finish().map_err(|e| e.to_string())
    }
}

/// An input buffer shaped like parameter `name` of `k`, named `name` +
/// `suffix`.
fn input(
    p: &mut ProgramBuilder,
    k: &VerifiedKernel,
    name: &str,
    suffix: &str,
) -> Result<BufferId, String> {
    let (dtype, shape) = param(k, name)?;
    Ok(p.input(&format!("{name}{suffix}"), dtype, &shape))
}

/// The dtype and shape of prefetch array or ref `name` of `k`.
fn param(k: &VerifiedKernel, name: &str) -> Result<(DType, Vec<usize>), String> {
    let k = k.kernel();
    if let Some(a) = k.prefetch.iter().find(|a| a.name == name) {
        return Ok((DType::I32, a.shape.clone()));
    }
    k.refs
        .iter()
        .find(|r| r.name == name)
        .map(|r| (r.dtype, r.shape.clone()))
        .ok_or_else(|| format!("kernel `{}` has no parameter `{name}`", k.name))
}

/// A catalog program by name.
pub struct ProgramEntry {
    name: String,
    build: Box<dyn Fn() -> Result<Program, String> + Send + Sync>,
}

impl ProgramEntry {
    /// A stable, file-name-friendly name.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn build(&self) -> Result<Program, String> {
        (self.build)()
    }
}

/// Every program `cargo xtask tpu-check` compiles: [`programs`] and
/// SmolLM2's decode step ([`super::model_tpu::program::programs`]).
pub fn all() -> Vec<ProgramEntry> {
    let kv = programs().into_iter().map(|p| ProgramEntry {
        name: p.name(),
        build: Box::new(move || p.build()),
    });
    let model = super::model_tpu::program::programs()
        .into_iter()
        .map(|p| ProgramEntry {
            name: p.name(),
            build: Box::new(move || p.build()),
        });
    kv.chain(model).collect()
}

/// The quantized-cache steps: one-layer steps over int8 and fp8 caches,
/// and a four-layer step (eight custom calls in one module).
pub fn programs() -> Vec<TpuProgram> {
    vec![
        TpuProgram {
            codes: DType::I8,
            layers: 1,
        },
        TpuProgram {
            codes: DType::F8E4M3,
            layers: 1,
        },
        TpuProgram {
            codes: DType::I8,
            layers: 4,
        },
    ]
}

#[cfg(test)]
mod tests {
    use tilekit_core::program::BufferRole;

    /// Every program builds (no libtpu needed): one write and one decode
    /// call per layer, four state caches per layer, one output per layer.
    #[test]
    fn every_program_builds() {
        for tp in super::programs() {
            let p = tp.build().unwrap_or_else(|e| panic!("{}: {e}", tp.name()));
            assert_eq!(p.calls.len(), 2 * tp.layers, "{}", tp.name());
            assert_eq!(p.with_role(BufferRole::State).count(), 4 * tp.layers);
            assert_eq!(p.outputs.len(), tp.layers);
        }
    }
}
