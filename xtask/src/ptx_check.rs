//! `cargo xtask ptx-check`: emits every shipped kernel for sm_90a and sm_80,
//! assembles each with the real ptxas and disassembles the cubin with
//! nvdisasm (both installed into the cache on first use), failing on any
//! ptxas error, warning or register spill, and on SASS that breaks
//! `tilekit_ptx::sass::check` (bf16/f16 dots off the tensor cores, `wgmma`
//! lost, local-memory traffic). Configurations whose PTX is the same text
//! (SmolLM2's row kernels at batch 1 and 16) are assembled once and
//! reported for each.

use std::collections::HashMap;
use std::path::Path;
use tilekit_kernels::catalog;
use tilekit_ptx::ptxas::PtxasReport;
use tilekit_ptx::sass::{self, SassStats};
use tilekit_ptx::{emit, ptxas, PtxModule, Target};

pub fn ptx_check() -> Result<(), String> {
    let ptxas_path = ptxas::find_or_install().map_err(|e| e.to_string())?;
    let nvdisasm = sass::find_or_install()?;
    eprintln!(
        "xtask: ptx-check with {} and {}",
        ptxas_path.display(),
        nvdisasm.display()
    );
    let (mut assembled, mut failed, mut max_spill) = (0usize, 0usize, 0u32);
    let mut total = SassStats::default();
    let mut seen: HashMap<(&str, String), (PtxasReport, SassStats)> = HashMap::new();
    for kernel in catalog::ptx::all() {
        let name = kernel.name().to_string();
        let built = match kernel.build() {
            Ok(k) => k,
            Err(e) => {
                failed += Target::ALL.len();
                println!("FAILED {name}: does not build: {e}");
                continue;
            }
        };
        for target in Target::ALL {
            let module = match emit(&built, target) {
                Ok(m) => m,
                Err(e) => {
                    failed += 1;
                    println!("FAILED {name} {}: {e}", target.name());
                    continue;
                }
            };
            // Configurations that emit the same PTX (a row kernel at two
            // batch sizes differs only in its grid) are assembled once.
            let key = (target.name(), module.text.clone());
            let result = match seen.get(&key) {
                Some(hit) => Ok(hit.clone()),
                None => assemble(&ptxas_path, &nvdisasm, &module, target),
            };
            let (r, stats) = match result {
                Ok(hit) => {
                    seen.insert(key, hit.clone());
                    hit
                }
                Err(e) => {
                    failed += 1;
                    println!("FAILED {name} {}: {e}", target.name());
                    continue;
                }
            };
            assembled += 1;
            max_spill = max_spill.max(r.spill_bytes());
            let problems = sass::check(&built, &module, &stats);
            let line = format!(
                "{name} {}: {} registers, {} bytes spill, {} bytes stack, {} threads, {} bytes shared; SASS {} instructions, {} HMMA, {} HGMMA, {} UTMALDG",
                target.name(),
                r.registers,
                r.spill_bytes(),
                r.stack_bytes,
                module.launch.threads(),
                module.launch.dynamic_smem_bytes,
                stats.instructions,
                stats.hmma,
                stats.hgmma,
                stats.utmaldg,
            );
            total.hmma += (stats.hmma > 0) as usize;
            total.hgmma += (stats.hgmma > 0) as usize;
            total.utmaldg += (stats.utmaldg > 0) as usize;
            total.ldl += (stats.ldl + stats.stl > 0) as usize;
            if problems.is_empty() {
                println!("ok {line}");
            } else {
                failed += 1;
                println!("FAILED {line}: {}", problems.join("; "));
            }
        }
    }
    println!("ptxas: {assembled} kernels assembled, {failed} failed, max spill {max_spill} bytes");
    println!(
        "sass: {} kernels with HMMA, {} with HGMMA, {} with UTMALDG, {} with local memory",
        total.hmma, total.hgmma, total.utmaldg, total.ldl
    );
    if failed > 0 || max_spill > 0 {
        return Err(format!(
            "ptx-check: {failed} failed, max spill {max_spill} bytes"
        ));
    }
    Ok(())
}

/// Assembles `module` and disassembles its cubin: ptxas's report (no
/// warnings) and the SASS counts, or why not.
fn assemble(
    ptxas_path: &Path,
    nvdisasm: &Path,
    module: &PtxModule,
    target: Target,
) -> Result<(PtxasReport, SassStats), String> {
    let r = ptxas::assemble(ptxas_path, &module.text, &module.entry, target)
        .map_err(|e| e.to_string())?;
    if !r.warnings.is_empty() {
        return Err(format!("ptxas warnings:\n{}", r.warnings.join("\n")));
    }
    let text = sass::disassemble(nvdisasm, &r.cubin).map_err(|e| e.to_string())?;
    Ok((r, SassStats::of(&text)))
}
