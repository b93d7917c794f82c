//! The kernel entry: parameters, program ids, block-spec origins, the body,
//! and the module text around it.

use super::smem::{SmemAlloc, SyncState};
use super::{Emitter, Val};
use crate::asm::{Asm, RegKind};
use crate::error::{PtxError, R};
use crate::plan::{choose_threads, Plan};
use crate::{LaunchConfig, Param, ParamKind, PtxModule, Target, TensorMap, PTX_VERSION};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use tilekit_core::ir::RefKind;
use tilekit_core::{DType, VerifiedKernel};

/// A PTX identifier from a user's name (letters, digits and `_`).
fn ident(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        s.insert(0, '_');
    }
    s
}

/// The parameters of the entry, in order: prefetch arrays, refs (in
/// declaration order), scalars, tensor maps (named after their refs).
fn params(vk: &VerifiedKernel, maps: &[TensorMap]) -> Vec<Param> {
    let k = vk.kernel();
    let mut out = Vec::new();
    for (i, p) in k.prefetch.iter().enumerate() {
        out.push((ParamKind::Prefetch(i), &p.name, ".u64"));
    }
    for (i, r) in k.refs.iter().enumerate() {
        if r.kind != RefKind::Scratch {
            out.push((ParamKind::Ref(i), &r.name, ".u64"));
        }
    }
    for (i, s) in k.scalars.iter().enumerate() {
        let ty = match s.dtype {
            DType::F32 | DType::Bf16 | DType::F16 => ".f32",
            _ => ".u32",
        };
        out.push((ParamKind::Scalar(i), &s.name, ty));
    }
    for (map, m) in maps.iter().enumerate() {
        let kind = ParamKind::TensorMap {
            map,
            ref_index: m.ref_index,
        };
        out.push((kind, &k.refs[m.ref_index].name, ".align 64 .b8"));
    }
    out.into_iter()
        .enumerate()
        .map(|(n, (kind, name, ty))| Param {
            kind,
            name: name.clone(),
            ptx_name: match kind {
                ParamKind::TensorMap { .. } => format!("tk{n}_{}_tmap", ident(name)),
                _ => format!("tk{n}_{}", ident(name)),
            },
            ptx_type: ty,
        })
        .collect()
}

/// Rejects what the backend does not lower yet, before emitting anything.
fn check_supported(vk: &VerifiedKernel) -> R<()> {
    let k = vk.kernel();
    let kernel_err = |msg: String| Err(PtxError::at(k, None, msg));
    if let Some(r) = k.refs.iter().find(|r| r.kind == RefKind::Scratch) {
        return kernel_err(format!(
            "scratch ref `{}` is not supported by the PTX backend yet (it would live in shared memory, zeroed per CTA)",
            r.name
        ));
    }
    for (axis, (&n, &parallel)) in k.grid.iter().zip(&vk.info().parallel_axes).enumerate() {
        if !parallel && n > 1 {
            return kernel_err(format!(
                "grid axis {axis} is `arbitrary`, but the PTX backend runs one CTA per program, concurrently; only parallel axes are supported yet"
            ));
        }
    }
    let programs = k
        .grid
        .iter()
        .try_fold(1u64, |acc, &n| acc.checked_mul(n as u64));
    if !matches!(programs, Some(p) if p <= i32::MAX as u64) {
        return kernel_err(format!("grid {:?} has more than 2^31 - 1 programs", k.grid));
    }
    if let Some(s) = k
        .scalars
        .iter()
        .find(|s| s.dtype != DType::F32 && s.dtype != DType::I32 && s.dtype != DType::Bool)
    {
        return kernel_err(format!(
            "scalar `{}` of {} is not supported; pass f32, i32 or bool",
            s.name, s.dtype
        ));
    }
    Ok(())
}

/// The body emitted into an assembler, before the module text: what both
/// [`emit_kernel`] and [`shared_memory_bytes`] need.
struct Body<'a> {
    e: Emitter<'a>,
    params: Vec<Param>,
    threads: usize,
    /// Dynamic shared memory per CTA, rounded up to 16 bytes.
    smem_bytes: usize,
}

fn emit_body(vk: &VerifiedKernel, target: Target, threads: Option<usize>) -> R<Body<'_>> {
    check_supported(vk)?;
    let k = vk.kernel();
    let threads = threads.unwrap_or_else(|| choose_threads(k));
    let tma = super::tma::plan(vk, target);
    let params = params(vk, &tma.maps);
    let mut a = Asm::default();
    let tid = a.reg(RegKind::B32);
    let smem_base = a.reg(RegKind::B32);
    let mut e = Emitter {
        k,
        target,
        info: vk.info(),
        plan: Plan::new(k, threads),
        a,
        env: vec![None; k.values.len()],
        smem: SmemAlloc::default(),
        sync: SyncState::default(),
        tid,
        smem_base,
        ref_ptr: vec![None; k.refs.len()],
        prefetch_ptr: Vec::new(),
        origin: vec![None; k.refs.len()],
        pids: Vec::new(),
        op: None,
        staged: HashMap::new(),
        clean: HashSet::new(),
        tma,
    };
    e.a.ins(format!("mov.u32 {tid}, %tid.x"));
    e.a.ins(format!("mov.u32 {smem_base}, tk_smem"));
    e.entry_params(&params)?;
    e.program_ids();
    e.block_origins()?;
    e.region(&k.body)?;
    e.a.ins("ret");
    let smem_bytes = e.smem.peak.div_ceil(16) * 16;
    Ok(Body {
        e,
        params,
        threads,
        smem_bytes,
    })
}

/// Shared memory is only known once the body is emitted (buffers are
/// allocated and freed as values die), so the plan figure is the emitter's
/// own, without the limit check or the module text.
pub(crate) fn shared_memory_bytes(vk: &VerifiedKernel, target: Target) -> R<usize> {
    Ok(emit_body(vk, target, None)?.smem_bytes)
}

pub(crate) fn emit_kernel(
    vk: &VerifiedKernel,
    target: Target,
    threads: Option<usize>,
) -> R<PtxModule> {
    let k = vk.kernel();
    let Body {
        e,
        params,
        threads,
        smem_bytes,
    } = emit_body(vk, target, threads)?;
    if smem_bytes > target.max_dynamic_smem() {
        return Err(PtxError::at(
            k,
            None,
            format!(
                "needs {smem_bytes} bytes of shared memory per CTA (double-buffered loads {} bytes and tiles), but {} allows {}; use smaller blocks or fewer pipeline stages",
                vk.info().footprint.staged_load_bytes,
                target.name(),
                target.max_dynamic_smem()
            ),
        ));
    }
    let programs: usize = k.grid.iter().product();
    let launch = LaunchConfig {
        grid: [programs as u32, 1, 1],
        block: [threads as u32, 1, 1],
        dynamic_smem_bytes: smem_bytes as u32,
    };
    let entry = ident(&k.name);
    let tensor_maps = e.tma.maps.clone();
    let text = module_text(&entry, target, &params, &launch, e.a);
    Ok(PtxModule {
        kernel: k.name.clone(),
        entry,
        target,
        text,
        launch,
        params,
        tensor_maps,
    })
}

fn module_text(
    entry: &str,
    target: Target,
    params: &[Param],
    launch: &LaunchConfig,
    a: Asm,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "//\n// Generated by tilekit-ptx: kernel `{entry}` for {}",
        target.name()
    );
    let _ = writeln!(
        out,
        "// launch: grid {:?}, block {:?}, {} bytes dynamic shared memory\n//",
        launch.grid, launch.block, launch.dynamic_smem_bytes
    );
    let _ = writeln!(
        out,
        ".version {PTX_VERSION}\n.target {}\n.address_size 64\n",
        target.name()
    );
    let _ = writeln!(out, ".extern .shared .align 128 .b8 tk_smem[];\n");
    let _ = writeln!(out, ".visible .entry {entry}(");
    let decls: Vec<String> = params
        .iter()
        .map(|p| match p.kind {
            // A CUtensorMap passed by value.
            ParamKind::TensorMap { .. } => {
                format!("\t.param {} {}[128]", p.ptx_type, p.ptx_name)
            }
            _ => format!("\t.param {} {}", p.ptx_type, p.ptx_name),
        })
        .collect();
    let _ = writeln!(out, "{}\n)", decls.join(",\n"));
    let _ = writeln!(out, ".reqntid {}, 1, 1\n{{", launch.block[0]);
    out.push_str(&a.finish());
    out.push_str("}\n");
    out
}

impl Emitter<'_> {
    fn entry_params(&mut self, params: &[Param]) -> R<()> {
        let k = self.k;
        let mut prefetch = vec![None; k.prefetch.len()];
        for p in params {
            match p.kind {
                ParamKind::Prefetch(i) | ParamKind::Ref(i) => {
                    let raw = self.a.reg(RegKind::B64);
                    self.a.ins(format!("ld.param.u64 {raw}, [{}]", p.ptx_name));
                    let g = self.a.reg(RegKind::B64);
                    self.a.ins(format!("cvta.to.global.u64 {g}, {raw}"));
                    match p.kind {
                        ParamKind::Prefetch(_) => prefetch[i] = Some(g),
                        _ => self.ref_ptr[i] = Some(g),
                    }
                }
                ParamKind::Scalar(i) => {
                    let s = &k.scalars[i];
                    let r = match s.dtype {
                        DType::F32 => {
                            let r = self.a.reg(RegKind::F32);
                            self.a.ins(format!("ld.param.f32 {r}, [{}]", p.ptx_name));
                            r
                        }
                        DType::Bool => {
                            let raw = self.a.reg(RegKind::B32);
                            self.a.ins(format!("ld.param.u32 {raw}, [{}]", p.ptx_name));
                            let r = self.a.reg(RegKind::Pred);
                            self.a.ins(format!("setp.ne.u32 {r}, {raw}, 0"));
                            r
                        }
                        _ => {
                            let r = self.a.reg(RegKind::B32);
                            self.a.ins(format!("ld.param.u32 {r}, [{}]", p.ptx_name));
                            r
                        }
                    };
                    self.define(s.value, Val::regs(vec![r]))?;
                }
                ParamKind::TensorMap { map, .. } => self.tma_param(map, &p.ptx_name)?,
            }
        }
        self.prefetch_ptr = prefetch.into_iter().flatten().collect();
        Ok(())
    }

    /// Program ids from the linear CTA index, row-major (last axis fastest).
    fn program_ids(&mut self) {
        let grid = self.k.grid.clone();
        let mut rest = self.a.reg(RegKind::B32);
        self.a.ins(format!("mov.u32 {rest}, %ctaid.x"));
        let mut pids = vec![rest; grid.len()];
        for d in (0..grid.len()).rev() {
            if d == 0 {
                pids[d] = rest;
                break;
            }
            let (id, q) = (self.a.reg(RegKind::B32), self.a.reg(RegKind::B32));
            self.a.ins(format!("rem.u32 {id}, {rest}, {}", grid[d]));
            self.a.ins(format!("div.u32 {q}, {rest}, {}", grid[d]));
            pids[d] = id;
            rest = q;
        }
        self.pids = pids;
    }

    /// Evaluates each block spec's index map once: the window origins.
    fn block_origins(&mut self) -> R<()> {
        let k = self.k;
        for (i, r) in k.refs.iter().enumerate() {
            let Some(b) = &r.block else { continue };
            for (axis, &arg) in b.index_map.args.iter().enumerate() {
                let id = self.pids[axis];
                self.define(arg, Val::regs(vec![id]))?;
            }
            self.region(&b.index_map)?;
            let mut origin = Vec::new();
            for (&y, &bs) in b.index_map.yields.iter().zip(&b.block_shape) {
                let idx = self.scalar(y)?;
                let o = self.a.reg(RegKind::B32);
                self.a.ins(format!("mul.lo.s32 {o}, {idx}, {bs}"));
                origin.push(o);
            }
            self.origin[i] = Some(origin);
        }
        Ok(())
    }
}
