//! The machine code ptxas makes of emitted PTX, read back with nvdisasm.
//!
//! PTX says what the emitter asked for; SASS says what the GPU runs. The
//! checks that matter for speed are visible only there: tensor-core
//! instructions (`HMMA` from `mma.sync`, `HGMMA` from `wgmma`), bulk tensor
//! copies (`UTMALDG`), and local-memory traffic (`LDL`/`STL`, i.e. spills
//! or arrays ptxas could not keep in registers), which must be absent.
//!
//! nvdisasm comes from the `nvidia-cuda-nvdisasm` wheel, installed into the
//! cache like ptxas ([`find_or_install`]; `TILEKIT_NVDISASM` overrides it).

use crate::PtxModule;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use tilekit_core::ir::OpKind;
use tilekit_core::{DType, VerifiedKernel};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The pinned wheel version (the same CUDA release as ptxas).
pub const NVDISASM_WHEEL_VERSION: &str = crate::ptxas::NVCC_WHEEL_VERSION;
const WHEEL_NVDISASM: &str = "nvidia/cu13/bin/nvdisasm";

/// The command that installs nvdisasm into the cache.
pub fn install_command() -> String {
    format!(
        "`cargo xtask ptx-check` (which runs `python3 -m pip download --no-deps nvidia-cuda-nvdisasm=={NVDISASM_WHEEL_VERSION}` and unpacks {WHEEL_NVDISASM}), or set TILEKIT_NVDISASM to an nvdisasm binary"
    )
}

/// Finds nvdisasm (`TILEKIT_NVDISASM`, then the cache), installing it into
/// the cache if neither has it.
pub fn find_or_install() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("TILEKIT_NVDISASM").filter(|v| !v.is_empty()) {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(format!("TILEKIT_NVDISASM={} does not exist", p.display()))
        };
    }
    let cached = crate::wheel::cache_dir("nvidia-cuda-nvdisasm", NVDISASM_WHEEL_VERSION)
        .join(WHEEL_NVDISASM);
    if cached.is_file() {
        return Ok(cached);
    }
    crate::wheel::install(
        "nvidia-cuda-nvdisasm",
        NVDISASM_WHEEL_VERSION,
        WHEEL_NVDISASM,
    )
    .map_err(|e| {
        format!(
            "installing nvdisasm failed: {e}\ninstall it with {}",
            install_command()
        )
    })
}

/// Disassembles a cubin into SASS text.
pub fn disassemble(nvdisasm: &std::path::Path, cubin: &[u8]) -> Result<String, String> {
    if cubin.is_empty() {
        return Err("no cubin to disassemble (ptxas wrote none)".into());
    }
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("tilekit-sass-{}-{n}.cubin", std::process::id()));
    std::fs::write(&path, cubin).map_err(|e| format!("{}: {e}", path.display()))?;
    let out = Command::new(nvdisasm).arg("-c").arg(&path).output();
    let _ = std::fs::remove_file(&path);
    let out = out.map_err(|e| format!("running {}: {e}", nvdisasm.display()))?;
    if !out.status.success() {
        return Err(format!(
            "nvdisasm failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Instruction counts of interest in one kernel's SASS.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SassStats {
    pub instructions: usize,
    /// `mma.sync` tensor-core instructions.
    pub hmma: usize,
    /// `wgmma` tensor-core instructions.
    pub hgmma: usize,
    /// TMA loads (`cp.async.bulk.tensor`).
    pub utmaldg: usize,
    /// Local-memory loads and stores.
    pub ldl: usize,
    pub stl: usize,
}

impl SassStats {
    /// Counts opcodes in nvdisasm's output (`/*0040*/ HMMA.16816.F32 ...;`).
    pub fn of(sass: &str) -> SassStats {
        let mut s = SassStats::default();
        for line in sass.lines() {
            let Some(code) = line.split("*/").nth(1) else {
                continue;
            };
            // Skip a predicate guard (`@P0`, `@!PT`).
            let mut words = code.split_whitespace();
            let Some(mut op) = words.next() else { continue };
            if op.starts_with('@') {
                match words.next() {
                    Some(o) => op = o,
                    None => continue,
                }
            }
            let base = op.split('.').next().unwrap_or(op);
            if !base
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                || base.is_empty()
            {
                continue;
            }
            s.instructions += 1;
            match base {
                "HMMA" => s.hmma += 1,
                "HGMMA" => s.hgmma += 1,
                "UTMALDG" => s.utmaldg += 1,
                "LDL" => s.ldl += 1,
                "STL" => s.stl += 1,
                _ => {}
            }
        }
        s
    }
}

/// What the SASS of `module` (emitted from `kernel`) must show; returns
/// every violation. A bf16/f16 `dot` must run on tensor cores, each
/// `wgmma`/`mma.sync`/bulk tensor copy in the PTX must survive into SASS
/// (ptxas can legally lower `wgmma` to something slower), and nothing may
/// touch local memory.
pub fn check(kernel: &VerifiedKernel, module: &PtxModule, sass: &SassStats) -> Vec<String> {
    let k = kernel.kernel();
    let half_dots = k
        .ops
        .iter()
        .filter(|op| match &op.kind {
            OpKind::Dot { lhs, rhs } => [*lhs, *rhs]
                .iter()
                .all(|&v| matches!(k.ty(v).dtype, DType::Bf16 | DType::F16)),
            _ => false,
        })
        .count();
    let text = &module.text;
    let mut problems = Vec::new();
    if half_dots > 0 && sass.hmma + sass.hgmma == 0 {
        problems.push(format!(
            "{half_dots} bf16/f16 dot(s) but no HMMA or HGMMA in the SASS"
        ));
    }
    if text.contains("wgmma.mma_async") && sass.hgmma == 0 {
        problems.push("the PTX uses wgmma but the SASS has no HGMMA".into());
    }
    if text.contains("mma.sync.aligned") && sass.hmma == 0 {
        problems.push("the PTX uses mma.sync but the SASS has no HMMA".into());
    }
    if text.contains("cp.async.bulk.tensor") && sass.utmaldg == 0 {
        problems.push("the PTX uses cp.async.bulk.tensor but the SASS has no UTMALDG".into());
    }
    if sass.ldl + sass.stl > 0 {
        problems.push(format!(
            "{} LDL and {} STL (local memory) in the SASS",
            sass.ldl, sass.stl
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_opcodes_under_predicates_and_modifiers() {
        let sass = "\t/*0040*/                   HMMA.16816.F32.BF16 R4, R8, R12, R4 ;\n\
                    \t/*0050*/               @P0 LDL.64 R2, [R1+0x8] ;\n\
                    \t/*0060*/                   STL [R1], R3 ;\n\
                    \t/*0070*/                   HGMMA.64x64x16.F32.BF16 R24, gdesc[UR4], R24 ;\n\
                    \t/*0080*/                   EXIT ;\n\
                    .text.k:\n";
        let s = SassStats::of(sass);
        assert_eq!(
            (s.instructions, s.hmma, s.hgmma, s.ldl, s.stl),
            (5, 1, 1, 1, 1)
        );
    }
}
