//! A [`Program`] as one StableHLO module: `@main` takes the program's input
//! and state buffers (in declaration order) and makes one
//! `tpu_custom_call` per kernel call, each written by [`wrap::custom_call`]
//! exactly as a lone kernel's, so every per-kernel rule and convention
//! holds unchanged. Buffers are threaded as SSA values: a call reads each
//! bound buffer's latest value, and its results become the latest values of
//! the buffers its output refs create and its in/out refs update (each
//! in/out operand aliased to its result, as for a lone kernel). Build-time
//! scalars become constants. `@main` returns every state buffer's final
//! value, aliased to its parameter (`tf.aliasing_output`) so a runtime that
//! donates the state keeps it in place, then the program's outputs; the
//! program is compiled with every parameter and result in the calls'
//! row-major layout ([`crate::options`]), so no state is copied to another
//! layout and back around the calls.

use crate::error::MosaicError;
use crate::signature::{Operand, Signature};
use crate::wrap::{self, Source};
use crate::{lower_with_signature, MosaicKernel, TpuGeneration};
use tilekit_core::ir::{Kernel, RefKind};
use tilekit_core::program::{Arg, BufferId, BufferRole, Call, Program};
use tilekit_core::DType;

/// A program lowered for one TPU generation.
#[derive(Clone, Debug)]
pub struct MosaicProgram {
    pub name: String,
    pub chip: TpuGeneration,
    /// The StableHLO module: one custom call per kernel call.
    pub module: String,
    /// Each call's kernel, lowered, in call order (its `body` is what the
    /// call's custom call carries).
    pub calls: Vec<MosaicKernel>,
    /// `@main`'s parameters: the input and state buffers, in declaration
    /// order.
    pub params: Vec<BufferId>,
    /// `@main`'s results: every state buffer (result `i` aliases its
    /// parameter), then the program's outputs.
    pub results: Vec<BufferId>,
    /// Dtypes and shapes of `@main`'s parameters and results, which
    /// [`crate::TpuCompiler::compile_program`] asks libtpu to keep
    /// row-major.
    pub(crate) param_types: Vec<(DType, Vec<usize>)>,
    pub(crate) result_types: Vec<(DType, Vec<usize>)>,
    /// The most VMEM one call needs (calls run one after another, so no
    /// two calls hold VMEM at once).
    pub vmem_bytes: usize,
}

/// Lowers every call of `p` for `chip` into one module. A call whose kernel
/// breaks a rule of the chip, or that does not match its kernel, is
/// reported as [`MosaicError::InProgram`], naming the call and the kernel.
pub fn lower_program(p: &Program, chip: TpuGeneration) -> Result<MosaicProgram, MosaicError> {
    // One TensorCore runs one shard: a sharded program (all-reduces
    // included) is the StableHLO path's (tpu-check's sharded step).
    if p.devices() > 1 {
        return Err(MosaicError::Unsupported {
            kernel: format!("program `{}`", p.name),
            op: None,
            location: tilekit_core::ir::Location::synthetic("program"),
            message: format!(
                "it is sharded over {} devices; Mosaic programs run on one chip (lower it with tilekit_stablehlo::lower_program and compile it partitioned)",
                p.devices()
            ),
        });
    }
    let mut params: Vec<BufferId> = p
        .with_role(BufferRole::Input)
        .chain(p.with_role(BufferRole::State))
        .collect();
    params.sort();
    let states: Vec<BufferId> = p.with_role(BufferRole::State).collect();
    // The SSA value holding each buffer's latest contents.
    let mut latest: Vec<Option<String>> = vec![None; p.buffers.len()];
    for b in &params {
        latest[b.index()] = Some(format!("%b{}", b.index()));
    }
    let mut ops = Vec::new();
    let mut calls = Vec::new();
    for (c, call) in p.calls.iter().enumerate() {
        let in_call = |e: MosaicError| MosaicError::InProgram {
            program: p.name.clone(),
            call: c,
            kernel: call.kernel.name().to_string(),
            location: format!(
                "{}:{}:{}",
                call.location.file(),
                call.location.line(),
                call.location.column()
            ),
            source: Box::new(e),
        };
        let (mk, sig) = lower_with_signature(&call.kernel, chip).map_err(in_call)?;
        let k = call.kernel.kernel();
        read_views(p, call, c, &mut latest, &mut ops);
        let mut sources = resolve(p, call, k, &sig, &latest).map_err(in_call)?;
        let mut source = |o: Operand| {
            let i = sig.operands.iter().position(|&x| x == o);
            // `resolve` gave every operand but the zeros a source, and
            // `custom_call` asks only for those.
            i.and_then(|i| sources[i].take())
                .unwrap_or(Source::Value(String::new()))
        };
        let text = wrap::custom_call(k, &sig, &mk.body, &format!("c{c}_"), &mut source);
        for (r, value) in sig.results.iter().zip(&text.results) {
            let b = written(call, k, *r).ok_or_else(|| {
                in_call(MosaicError::unsupported(
                    k,
                    format!(
                        "ref `{}` writes no buffer of the program",
                        k.ref_decl(*r).name
                    ),
                ))
            })?;
            if let Some(slot) = latest.get_mut(b.index()) {
                *slot = Some(value.clone());
            }
        }
        ops.push(format!("// call {c}: {}", k.name));
        ops.extend(text.ops);
        calls.push(mk);
    }
    let results: Vec<BufferId> = states.iter().chain(&p.outputs).copied().collect();
    for (i, b) in p.outputs.iter().enumerate() {
        read_view(
            p,
            *b,
            &format!("%out{i}_v{}", b.index()),
            &mut latest,
            &mut ops,
        );
    }
    let mut values = Vec::new();
    for b in &results {
        match latest.get(b.index()).cloned().flatten() {
            Some(v) => values.push(v),
            None => {
                let name = p.buffers.get(b.index()).map_or("?", |d| d.name.as_str());
                return Err(MosaicError::Program {
                    program: p.name.clone(),
                    message: format!("output buffer `{name}` is written by no call"),
                });
            }
        }
    }
    // Every id in `results` has a value, so is one of `p`'s buffers.
    let ty = |b: &BufferId| {
        let d = p.buffer(*b);
        wrap::tensor(d.dtype, &d.shape)
    };
    let param_text: Vec<String> = params
        .iter()
        .map(|b| match states.iter().position(|s| s == b) {
            Some(r) => format!(
                "%b{}: {} {{tf.aliasing_output = {r} : i32}}",
                b.index(),
                ty(b)
            ),
            None => format!("%b{}: {}", b.index(), ty(b)),
        })
        .collect();
    let result_types: Vec<String> = results.iter().map(ty).collect();
    let mut module = wrap::module_header(&p.name);
    module.push_str(&format!(
        "  func.func public @main({}) -> ({}) {{\n",
        param_text.join(", "),
        result_types.join(", ")
    ));
    for op in &ops {
        module.push_str(&format!("    {op}\n"));
    }
    module.push_str(&wrap::module_footer(&values, &result_types));
    let decl = |b: &BufferId| {
        let d = p.buffer(*b);
        (d.dtype, d.shape.clone())
    };
    Ok(MosaicProgram {
        param_types: params.iter().map(decl).collect(),
        result_types: results.iter().map(decl).collect(),
        name: p.name.clone(),
        chip,
        module,
        vmem_bytes: calls.iter().map(|m| m.vmem_bytes).max().unwrap_or(0),
        calls,
        params,
        results,
    })
}

/// Gives every view `call` binds the current value of its base,
/// reshaped (a layout change XLA may have to copy for on a TPU, but no
/// kernel sees the difference).
fn read_views(
    p: &Program,
    call: &Call,
    c: usize,
    latest: &mut [Option<String>],
    ops: &mut Vec<String>,
) {
    for (_, arg) in &call.args {
        if let Arg::Buffer(b) = *arg {
            read_view(p, b, &format!("%c{c}_v{}", b.index()), latest, ops);
        }
    }
}

/// `latest[b] = reshape(latest[base])` when `b` is a view whose base has a
/// value (a base without one is reported where the view is read).
fn read_view(
    p: &Program,
    b: BufferId,
    name: &str,
    latest: &mut [Option<String>],
    ops: &mut Vec<String>,
) {
    let Some(d) = p.buffers.get(b.index()) else {
        return;
    };
    if d.role != BufferRole::View {
        return;
    }
    let base = p.base(b);
    let Some(v) = latest[base.index()].clone() else {
        return;
    };
    let from = p.buffer(base);
    ops.push(format!(
        "{name} = stablehlo.reshape {v} : ({}) -> {}",
        wrap::tensor(from.dtype, &from.shape),
        wrap::tensor(d.dtype, &d.shape)
    ));
    latest[b.index()] = Some(name.to_string());
}

/// Each operand's source, in the signature's order (`None` for the zeros
/// of HBM outputs): the latest value of the bound buffer, or the bound
/// scalar. A [`Program`] from [`tilekit_core::program::ProgramBuilder`]
/// always passes these checks; one put together by hand may not.
fn resolve(
    p: &Program,
    call: &Call,
    k: &Kernel,
    sig: &Signature,
    latest: &[Option<String>],
) -> Result<Vec<Option<Source>>, MosaicError> {
    let buffer = |name: &str, dtype, shape: &[usize]| -> Result<Source, MosaicError> {
        let Some(Arg::Buffer(b)) = call.arg(name) else {
            return Err(MosaicError::unsupported(
                k,
                format!("`{name}` is not bound to a buffer"),
            ));
        };
        let Some(d) = p.buffers.get(b.index()) else {
            return Err(MosaicError::unsupported(
                k,
                format!("`{name}` is bound to a buffer of another program"),
            ));
        };
        if d.dtype != dtype || d.shape != shape {
            return Err(MosaicError::unsupported(
                k,
                format!(
                    "`{name}` is {dtype}{shape:?} but buffer `{}` is {}{:?}",
                    d.name, d.dtype, d.shape
                ),
            ));
        }
        match &latest[b.index()] {
            Some(v) => Ok(Source::Value(v.clone())),
            None => Err(MosaicError::unsupported(
                k,
                format!(
                    "`{name}` reads buffer `{}` before any call writes it",
                    d.name
                ),
            )),
        }
    };
    sig.operands
        .iter()
        .map(|&o| match o {
            Operand::Prefetch(id) => {
                let d = k.prefetch_decl(id);
                buffer(&d.name, DType::I32, &d.shape).map(Some)
            }
            Operand::Ref(r) => {
                let d = k.ref_decl(r);
                buffer(&d.name, d.dtype, &d.shape).map(Some)
            }
            Operand::Scalar(s) => {
                let d = &k.scalars[s];
                match call.arg(&d.name) {
                    Some(Arg::Scalar(x)) if x.dtype() == d.dtype => Ok(Some(Source::Const(x))),
                    _ => Err(MosaicError::unsupported(
                        k,
                        format!("scalar `{}` is not bound to a {} constant", d.name, d.dtype),
                    )),
                }
            }
            Operand::Zeros(_) => Ok(None),
        })
        .collect()
}

/// The buffer that result ref `r` of `call` writes: the one an output ref
/// creates, or the one bound to an in/out ref.
fn written(call: &Call, k: &Kernel, r: tilekit_core::ir::RefId) -> Option<BufferId> {
    let d = k.ref_decl(r);
    match d.kind {
        RefKind::Output | RefKind::InOut => call.written(&d.name),
        RefKind::Input | RefKind::Scratch => None,
    }
}
