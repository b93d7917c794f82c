//! `cargo xtask ptx-check`: emits every shipped kernel for sm_90a and sm_80,
//! assembles each with the real ptxas and disassembles the cubin with
//! nvdisasm (both installed into the cache on first use), failing on any
//! ptxas error, warning or register spill, and on SASS that breaks
//! `tilekit_ptx::sass::check` (bf16/f16 dots off the tensor cores, `wgmma`
//! lost, local-memory traffic).

use tilekit_kernels::catalog;
use tilekit_ptx::sass::{self, SassStats};
use tilekit_ptx::{emit, ptxas, Target};

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
            match ptxas::assemble(&ptxas_path, &module.text, &module.entry, target) {
                Ok(r) if r.warnings.is_empty() => {
                    assembled += 1;
                    max_spill = max_spill.max(r.spill_bytes());
                    let stats = match sass::disassemble(&nvdisasm, &r.cubin) {
                        Ok(text) => SassStats::of(&text),
                        Err(e) => {
                            failed += 1;
                            println!("FAILED {name} {}: {e}", target.name());
                            continue;
                        }
                    };
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
                Ok(r) => {
                    failed += 1;
                    println!(
                        "FAILED {name} {}: ptxas warnings:\n{}",
                        target.name(),
                        r.warnings.join("\n")
                    );
                }
                Err(e) => {
                    failed += 1;
                    println!("FAILED {name} {}: {e}", target.name());
                }
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
