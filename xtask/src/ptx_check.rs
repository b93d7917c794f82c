//! `cargo xtask ptx-check`: emits every shipped kernel for sm_90a and sm_80
//! and assembles each with the real ptxas (installed into the cache on first
//! use), failing on any ptxas error, warning or register spill.

use tilekit_ptx::{emit, ptxas, shipped, Target};

pub fn ptx_check() -> Result<(), String> {
    let ptxas_path = ptxas::find_or_install().map_err(|e| e.to_string())?;
    eprintln!("xtask: ptx-check with {}", ptxas_path.display());
    let (mut assembled, mut failed, mut max_spill) = (0usize, 0usize, 0u32);
    for kernel in shipped::all() {
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
                    println!(
                        "ok {name} {}: {} registers, {} bytes spill, {} bytes stack, {} threads, {} bytes shared",
                        target.name(),
                        r.registers,
                        r.spill_bytes(),
                        r.stack_bytes,
                        module.launch.threads(),
                        module.launch.dynamic_smem_bytes
                    );
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
    if failed > 0 || max_spill > 0 {
        return Err(format!(
            "ptx-check: {failed} failed, max spill {max_spill} bytes"
        ));
    }
    Ok(())
}
