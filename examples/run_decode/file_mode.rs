//! File mode: one kernel call on tensors from a safetensors file, for
//! checking by external tools. Every tensor is validated (missing, dtype,
//! shape, indices in checked mode) before anything runs, and the output is
//! written to a temporary file and renamed, so a failure never leaves a
//! partial output behind.

use crate::cli::{KernelChoice, Options};
use std::collections::BTreeMap;
use std::path::Path;
use tilekit::core::tensor::{read_safetensors, take_tensor, write_safetensors};
use tilekit::core::{Backend, DType, HostTensor};
use tilekit::kernels::{
    kascade_decode, paged_decode, Granularity, KascadeDecodeConfig, KascadeDecodeInputs, KvCache,
    PagedDecodeConfig, PagedDecodeInputs,
};

/// The optional 0-d f32 `scale` tensor.
fn scale_of(
    origin: &str,
    tensors: &mut BTreeMap<String, HostTensor>,
) -> Result<Option<f32>, String> {
    let Some(t) = tensors.remove("scale") else {
        return Ok(None);
    };
    match (t.dtype(), t.shape(), t.as_f32()) {
        (DType::F32, [], Some(v)) => Ok(Some(v[0])),
        _ => Err(format!(
            "{origin}: tensor `scale` must be a 0-d f32, got {} {:?}",
            t.dtype(),
            t.shape()
        )),
    }
}

/// Writes a case for file mode: the simulation's current state (paged), or
/// a contiguous Kascade reuse case with its anchor selection.
pub fn write_case(opts: &Options, path: &Path) -> Result<(), String> {
    let tensors = crate::sim::Simulation::new(opts, "interp")?.case_tensors(opts.kernel)?;
    write_safetensors(path, &tensors).map_err(|e| e.to_string())?;
    let names: Vec<&str> = tensors.keys().map(String::as_str).collect();
    eprintln!(
        "run_decode: wrote {} ({})",
        path.display(),
        names.join(", ")
    );
    Ok(())
}

pub fn run(
    opts: &Options,
    backend: &dyn Backend,
    inputs: &Path,
    output: &Path,
) -> Result<(), String> {
    let origin = inputs.display().to_string();
    let mut t = read_safetensors(inputs).map_err(|e| e.to_string())?;
    let required: &[&str] = match opts.kernel {
        KernelChoice::KascadeDecode => &["q", "k", "v", "seq_lens", "idx", "n_sel", "head_map"],
        _ => &["q", "k_cache", "v_cache", "block_tables", "context_lens"],
    };
    if let Some(missing) = required.iter().find(|n| !t.contains_key(**n)) {
        let have: Vec<&str> = t.keys().map(String::as_str).collect();
        return Err(format!(
            "{origin}: tensor `{missing}` is missing (the file has: {}; needed: {})",
            have.join(", "),
            required.join(", ")
        ));
    }
    let mut take = |name: &str| take_tensor(&origin, &mut t, name).map_err(|e| e.to_string());
    let out = match opts.kernel {
        KernelChoice::KascadeDecode => {
            let (q, k, v, lens) = (take("q")?, take("k")?, take("v")?, take("seq_lens")?);
            let (idx, n_sel, head_map) = (take("idx")?, take("n_sel")?, take("head_map")?);
            let scale = scale_of(&origin, &mut t)?;
            let inputs = KascadeDecodeInputs {
                q: &q,
                kv: KvCache::Contiguous { k: &k, v: &v },
                lens: &lens,
                idx: &idx,
                n_sel: &n_sel,
                head_map: &head_map,
            };
            let config = KascadeDecodeConfig {
                scale,
                granularity: Granularity::Tokens,
                checked: true,
            };
            kascade_decode(backend, &inputs, &config).map_err(|e| e.to_string())?
        }
        _ => {
            let (q, k_cache, v_cache) = (take("q")?, take("k_cache")?, take("v_cache")?);
            let (block_tables, context_lens) = (take("block_tables")?, take("context_lens")?);
            let scale = scale_of(&origin, &mut t)?;
            let inputs = PagedDecodeInputs {
                q: &q,
                k_cache: &k_cache,
                v_cache: &v_cache,
                block_tables: &block_tables,
                context_lens: &context_lens,
            };
            let config = PagedDecodeConfig {
                scale,
                splits: opts.splits,
                checked: true,
            };
            paged_decode(backend, &inputs, &config).map_err(|e| e.to_string())?
        }
    };
    let mut results = BTreeMap::new();
    results.insert("o".to_string(), out.o);
    results.insert("lse".to_string(), out.lse);
    let partial = output.with_extension("partial");
    write_safetensors(&partial, &results).map_err(|e| e.to_string())?;
    std::fs::rename(&partial, output).map_err(|e| format!("{}: {e}", output.display()))?;
    eprintln!(
        "run_decode: wrote `o` {:?} and `lse` {:?} to {}",
        results["o"].shape(),
        results["lse"].shape(),
        output.display()
    );
    Ok(())
}
