//! Assembles the Mosaic module: the kernel function (grid ids, SMEM
//! scalar-prefetch operands, one memref per custom-call operand and result,
//! then scratch and DMA staging buffers with their semaphores) and one
//! `transform_N` function per window, computing the window's block indices
//! from the grid ids and prefetch arrays (a block spec's index map).

use super::{Args, Emitter};
use crate::error::MosaicError;
use crate::mlir::{self, Space};
use crate::plan::{Place, Plan};
use crate::signature::{Operand, Signature};
use tilekit_core::ir::{ConstValue, OpId, RefId, RefKind};
use tilekit_core::{DType, VerifiedKernel};

/// The Mosaic version written into the module (libtpu 0.0.42.1 reads up to 15).
pub const MOSAIC_VERSION: u32 = 11;

/// A Mosaic module's text and, per line, the tilekit op it came from.
pub struct Body {
    pub text: String,
    pub line_ops: Vec<Option<OpId>>,
}

/// The memref type of a kernel operand or result for `r`.
fn operand_memref(vk: &VerifiedKernel, plan: &Plan, r: RefId) -> String {
    let decl = vk.kernel().ref_decl(r);
    match plan.places[r.index()] {
        Place::Window => mlir::memref(decl.dtype, decl.view_shape(), Space::Vmem),
        _ => mlir::memref(decl.dtype, &decl.shape, Space::Any),
    }
}

/// Scalar parameters travel through SMEM as 32-bit words.
fn scalar_word(dtype: DType) -> DType {
    if dtype.is_float() {
        DType::F32
    } else {
        DType::I32
    }
}

fn prefetch_memref(vk: &VerifiedKernel, o: Operand) -> String {
    let k = vk.kernel();
    match o {
        Operand::Prefetch(p) => {
            let n = k.prefetch_decl(p).shape.iter().product::<usize>().max(1);
            mlir::memref(DType::I32, &[n], Space::Smem)
        }
        Operand::Scalar(i) => mlir::memref(scalar_word(k.scalars[i].dtype), &[1], Space::Smem),
        _ => String::new(),
    }
}

pub fn emit_module(vk: &VerifiedKernel, plan: &Plan, sig: &Signature) -> Result<Body, MosaicError> {
    let k = vk.kernel();
    let mut lines = vec!["\"builtin.module\"() ({".to_string()];
    let mut line_ops = vec![None];
    // Kernel function parameters.
    let mut params: Vec<(String, String)> = Vec::new(); // (name, type)
    let mut args = Args {
        refs: vec![None; k.refs.len()],
        ..Args::default()
    };
    let mut name = 0usize;
    let mut param = |ty: String, params: &mut Vec<(String, String)>| {
        let n = format!("%arg{name}");
        name += 1;
        params.push((n.clone(), ty));
        n
    };
    for _ in &k.grid {
        let a = param("i32".into(), &mut params);
        args.program_ids.push(a);
    }
    for &o in &sig.operands[..sig.num_prefetch] {
        let a = param(prefetch_memref(vk, o), &mut params);
        args.prefetch.push(a);
    }
    let mut window_params = Vec::new(); // Some(ref) for a window
    let mut inout_inputs = Vec::new(); // (ref, operand memref) of windowed in/out refs
    for &o in &sig.operands[sig.num_prefetch..] {
        let r = match o {
            Operand::Ref(r) | Operand::Zeros(r) => r,
            _ => continue,
        };
        let a = param(operand_memref(vk, plan, r), &mut params);
        let windowed = plan.places[r.index()] == Place::Window;
        window_params.push(if windowed && !matches!(o, Operand::Zeros(_)) {
            Some(r)
        } else {
            None
        });
        match (k.ref_decl(r).kind, o) {
            (RefKind::Input, _) => args.refs[r.index()] = Some(a),
            (RefKind::InOut, _) if windowed => inout_inputs.push((r, a)),
            _ => {}
        }
    }
    for &r in &sig.results {
        let a = param(operand_memref(vk, plan, r), &mut params);
        window_params.push((plan.places[r.index()] == Place::Window).then_some(r));
        args.refs[r.index()] = Some(a);
    }
    let mut scratch = Vec::new();
    for (i, decl) in k.refs.iter().enumerate() {
        if decl.kind == RefKind::Scratch {
            let a = param(
                mlir::memref(decl.dtype, &decl.shape, Space::Vmem),
                &mut params,
            );
            args.refs[i] = Some(a);
            scratch.push(RefId(i as u32));
        }
    }
    for s in &plan.staging {
        let (shape, sems) = if s.slots > 1 {
            let mut shape = vec![s.slots as usize];
            shape.extend(&s.window);
            (shape, mlir::semaphores(Some(s.slots)))
        } else {
            (s.window.clone(), mlir::semaphores(None))
        };
        let buf = param(mlir::memref(s.dtype, &shape, Space::Vmem), &mut params);
        let sem = param(sems, &mut params);
        args.staging.push((buf, sem));
    }
    let num_scratch = scratch.len() + 2 * plan.staging.len();

    // The kernel body.
    let mut e = Emitter::new(vk, plan, args);
    e.nest(2);
    for (i, s) in k.scalars.iter().enumerate() {
        let mem = e.args.prefetch[k.prefetch.len() + i].clone();
        let word = scalar_word(s.dtype);
        let zero = e.const_index(0);
        let mt = mlir::memref(word, &[1], Space::Smem);
        let x = e.op(
            "memref.load",
            &[&mem, &zero],
            "",
            &[&mt, "index"],
            mlir::elem(word),
        );
        let x = match s.dtype {
            DType::Bf16 | DType::F16 => e.narrow(&x, s.dtype, &[]),
            DType::Bool => {
                let z = e.const_i32(0);
                e.op(
                    "arith.cmpi",
                    &[&x, &z],
                    "predicate = 1 : i64",
                    &["i32", "i32"],
                    "i1",
                )
            }
            _ => x,
        };
        e.bind(s.value, x);
    }
    // Windowed outputs start zeroed and in/out windows as their input, on
    // each block's first visit (see `windows`).
    for (i, decl) in k.refs.iter().enumerate() {
        let r = RefId(i as u32);
        let input = inout_inputs
            .iter()
            .find(|(x, _)| *x == r)
            .map(|(_, a)| a.clone());
        if plan.places[i] == Place::Window && decl.kind != RefKind::Input {
            e.init_window(r, input.as_deref())?;
        }
    }
    zero_scratch(&mut e, &scratch)?;
    e.region(&k.body)?;
    e.line("\"stable_mosaic.func.return\"() : () -> ()");
    let (body_lines, body_ops) = e.finish();

    let decls: Vec<String> = params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
    let types: Vec<String> = params.iter().map(|(_, t)| t.clone()).collect();
    lines.push("  \"stable_mosaic.func.func\"() ({".into());
    lines.push(format!("  ^bb0({}):", decls.join(", ")));
    line_ops.extend([None, None]);
    lines.extend(body_lines);
    line_ops.extend(body_ops);
    let semantics: Vec<String> = vk
        .info()
        .parallel_axes
        .iter()
        .map(|&parallel| {
            let s = if parallel { "parallel" } else { "arbitrary" };
            format!("#tpu.dimension_semantics<{s}>")
        })
        .collect();
    let bounds = if k.grid.is_empty() {
        String::new()
    } else {
        let g: Vec<i64> = k.grid.iter().map(|&g| g as i64).collect();
        format!("iteration_bounds = {}, ", mlir::array("i64", &g))
    };
    let windows: Vec<String> = window_params
        .iter()
        .enumerate()
        .map(|(i, w)| match w {
            Some(r) => {
                let block: Vec<i64> = k
                    .ref_decl(*r)
                    .view_shape()
                    .iter()
                    .map(|&d| d as i64)
                    .collect();
                format!(
                    "{{transform_indices = @transform_{i}, window_bounds = {}}}",
                    mlir::array("i64", &block)
                )
            }
            None => "{}".to_string(),
        })
        .collect();
    lines.push(format!(
        "  }}) {{dimension_semantics = [{}], function_type = ({}) -> (), {bounds}scalar_prefetch = {} : i64, scratch_operands = {num_scratch} : i64, sym_name = \"{}\", tpu.core_type = #tpu.core_type<tc>, window_params = [{}]}} : () -> ()",
        semantics.join(", "),
        types.join(", "),
        sig.num_prefetch,
        sym_name(&k.name),
        windows.join(", ")
    ));
    line_ops.push(None);
    for (i, w) in window_params.iter().enumerate() {
        if let Some(r) = w {
            transform(vk, plan, sig, *r, i, &mut lines, &mut line_ops)?;
        }
    }
    lines.push(format!(
        "}}) {{stable_mosaic.version = {MOSAIC_VERSION} : i64}} : () -> ()"
    ));
    line_ops.push(None);
    let mut text = lines.join("\n");
    text.push('\n');
    Ok(Body { text, line_ops })
}

/// A symbol name Mosaic accepts for the kernel.
fn sym_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Scratch starts zeroed once per launch (as in the interpreter): the
/// first program zeroes it, and it persists across programs.
fn zero_scratch(e: &mut Emitter, scratch: &[RefId]) -> Result<(), MosaicError> {
    if scratch.is_empty() {
        return Ok(());
    }
    let ids = e.args.program_ids.clone();
    let mut first: Option<String> = None;
    for id in &ids {
        let z = e.const_i32(0);
        let is0 = e.op(
            "arith.cmpi",
            &[id, &z],
            "predicate = 0 : i64",
            &["i32", "i32"],
            "i1",
        );
        first = Some(match first {
            None => is0,
            Some(f) => e.op("arith.andi", &[&f, &is0], "", &["i1", "i1"], "i1"),
        });
    }
    let cond = match first {
        Some(c) => c,
        None => e.splat(ConstValue::Bool(true), DType::Bool, &[]),
    };
    e.line(format!("\"stable_mosaic.scf.if\"({cond}) ({{"));
    e.nest(2);
    for &r in scratch {
        e.zero_ref(r)?;
    }
    e.line("\"stable_mosaic.scf.yield\"() : () -> ()");
    e.nest(-2);
    e.line("}, {");
    e.line("  \"stable_mosaic.scf.yield\"() : () -> ()");
    e.line("}) : (i1) -> ()");
    Ok(())
}

/// `transform_{index}`: the block indices of `r`'s window.
fn transform(
    vk: &VerifiedKernel,
    plan: &Plan,
    sig: &Signature,
    r: RefId,
    index: usize,
    lines: &mut Vec<String>,
    line_ops: &mut Vec<Option<OpId>>,
) -> Result<(), MosaicError> {
    let k = vk.kernel();
    let decl = k.ref_decl(r);
    let Some(spec) = &decl.block else {
        return Ok(());
    };
    let mut params = Vec::new();
    let mut args = Args {
        refs: vec![None; k.refs.len()],
        ..Args::default()
    };
    for i in 0..k.grid.len() {
        params.push((format!("%arg{i}"), "i32".to_string()));
        args.program_ids.push(format!("%arg{i}"));
    }
    for (j, &o) in sig.operands[..sig.num_prefetch].iter().enumerate() {
        let n = format!("%arg{}", k.grid.len() + j);
        params.push((n.clone(), prefetch_memref(vk, o)));
        args.prefetch.push(n);
    }
    let mut e = Emitter::new(vk, plan, args);
    e.nest(2);
    for (&v, id) in spec.index_map.args.iter().zip(e.args.program_ids.clone()) {
        e.bind(v, id);
    }
    e.region(&spec.index_map)?;
    let ys: Vec<String> = spec
        .index_map
        .yields
        .iter()
        .map(|&y| e.get(y))
        .collect::<Result<_, _>>()?;
    let i32s = vec!["i32"; ys.len()].join(", ");
    e.line(format!(
        "\"stable_mosaic.func.return\"({}) : ({i32s}) -> ()",
        ys.join(", ")
    ));
    let (body, ops) = e.finish();
    let decls: Vec<String> = params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
    let types: Vec<String> = params.iter().map(|(_, t)| t.clone()).collect();
    lines.push("  \"stable_mosaic.func.func\"() ({".into());
    lines.push(format!("  ^bb0({}):", decls.join(", ")));
    line_ops.extend([None, None]);
    lines.extend(body);
    line_ops.extend(ops);
    lines.push(format!(
        "  }}) {{function_type = ({}) -> ({i32s}), sym_name = \"transform_{index}\"}} : () -> ()",
        types.join(", ")
    ));
    line_ops.push(None);
    Ok(())
}
