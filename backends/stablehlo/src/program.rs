//! Lowering a whole [`Program`] to one StableHLO module: one private
//! function per distinct kernel, and a `main` that runs every call in
//! order, so a model's decode step is one executable (one launch) instead
//! of one per kernel.
//!
//! `main` takes the state buffers, then the inputs (each in declaration
//! order), and returns the state buffers' final values, then the program's
//! outputs. Each state parameter carries `tf.aliasing_output = i`, which
//! XLA turns into an input/output alias: a runtime that donates the state
//! buffers gets the KV cache updated in place rather than copied. Scalars
//! bound when the program was built become constants. bf16/f16 buffers
//! travel as their `i16` bits, as in [`crate::Signature`].
//!
//! A program binds buffers to parameters explicitly, so unlike
//! [`crate::lower_chain`] (one namespace of names) the same kernel can be
//! called on different buffers; identical kernels (same printed IR) share
//! one function, so a 30-layer step emits each layer's kernels once.
//!
//! A sharded program (`Program::sharding`) is lowered for all its devices
//! at once ([`crate::shard`]): parameters and results are whole tensors
//! with their `mhlo.sharding`, the calls run inside one manual-sharding
//! region on each device's slices, and its all-reduce calls become
//! `stablehlo.all_reduce`.

use crate::emit::return_line;
use crate::error::LowerError;
use crate::lower::{lower_kernel, GridStrategy, Lowered};
use crate::module::sym_ident;
use crate::shard;
use crate::signature::Signature;
use crate::types::{Scalar, Ty, V};
use std::collections::HashMap;
use tilekit_core::program::{Arg, BufferId, BufferRole, Program};
use tilekit_core::ScalarArg;

/// A lowered program: MLIR text plus what `main`'s parameters and results are.
#[derive(Clone, Debug)]
pub struct ProgramModule {
    /// The MLIR text, ready for a PJRT plugin (`format = "mlir"`).
    pub text: String,
    /// `main`'s parameters: the state buffers, then the inputs.
    pub params: Vec<BufferId>,
    /// How many of `params` (the first ones) are state; parameter `i < num_state`
    /// is aliased to result `i`.
    pub num_state: usize,
    /// `main`'s results: the state buffers (final values), then the
    /// program's outputs.
    pub results: Vec<BufferId>,
    /// Each distinct kernel function: its name and how its grid was lowered.
    pub kernels: Vec<(String, Lowered)>,
}

/// Lowers `program` with the default grid strategy.
pub fn lower_program(program: &Program) -> Result<ProgramModule, LowerError> {
    lower_program_with(program, GridStrategy::Auto)
}

/// Lowers `program`, every kernel with `strategy`.
pub fn lower_program_with(
    program: &Program,
    strategy: GridStrategy,
) -> Result<ProgramModule, LowerError> {
    let attrs = match program.devices() {
        1 => String::new(),
        d => shard::module_attrs(d),
    };
    let mut text = format!("module @{}{attrs} {{\n", sym_ident(&program.name));
    // Printed IR → function name: identical kernels share one function.
    let mut funcs: HashMap<String, String> = HashMap::new();
    let mut kernels = Vec::new();
    let mut fnames = Vec::with_capacity(program.calls.len());
    for (i, call) in program.calls.iter().enumerate() {
        if is_all_reduce(program, i) {
            // Lowered in `main` as a collective, not a function.
            fnames.push(String::new());
            continue;
        }
        let key = call.kernel.to_text();
        if let Some(f) = funcs.get(&key) {
            fnames.push(f.clone());
            continue;
        }
        let mut fname = sym_ident(call.kernel.name());
        if fname == "main" || funcs.values().any(|f| *f == fname) {
            fname = format!("{fname}_{}", kernels.len());
        }
        let (func, how) = lower_kernel(&call.kernel, &fname, strategy)?;
        text.push_str(&func);
        kernels.push((call.kernel.name().to_string(), how));
        funcs.insert(key, fname.clone());
        fnames.push(fname);
    }
    let state: Vec<BufferId> = program.with_role(BufferRole::State).collect();
    let inputs: Vec<BufferId> = program.with_role(BufferRole::Input).collect();
    let params: Vec<BufferId> = state.iter().chain(&inputs).copied().collect();
    let results: Vec<BufferId> = state.iter().chain(&program.outputs).copied().collect();
    text.push_str(&main_func(
        program,
        &fnames,
        &params,
        state.len(),
        &results,
    )?);
    text.push_str("}\n");
    Ok(ProgramModule {
        text,
        params,
        num_state: state.len(),
        results,
        kernels,
    })
}

fn buffer_ty(program: &Program, b: BufferId) -> Ty {
    let d = program.buffer(b);
    Ty::new(d.dtype, &d.shape).raw()
}

/// The whole tensor's type of `b` (its type unless the program splits it).
fn full_ty(program: &Program, b: BufferId) -> Ty {
    Ty::new(program.buffer(b).dtype, &program.full_shape(b)).raw()
}

fn is_all_reduce(program: &Program, call: usize) -> bool {
    program
        .sharding
        .as_ref()
        .is_some_and(|s| s.is_all_reduce(call))
}

/// `b`'s `mhlo.sharding` in a sharded program.
fn layout(program: &Program, b: BufferId) -> String {
    let rank = program.buffer(b).shape.len();
    shard::sharding_attr(program.devices(), rank, program.split_axis(b))
}

/// `main`: binds each parameter to its buffer, calls the kernels in order
/// (each call's results become the buffers it writes), returns `results`.
fn main_func(
    program: &Program,
    fnames: &[String],
    params: &[BufferId],
    num_state: usize,
    results: &[BufferId],
) -> Result<String, LowerError> {
    let mut body = String::new();
    // The current value of each buffer.
    let mut scope: Vec<Option<V>> = vec![None; program.buffers.len()];
    let mut decls = Vec::new();
    let sharded = program.sharding.is_some();
    for (i, &b) in params.iter().enumerate() {
        let v = V {
            name: format!("%arg{i}"),
            ty: full_ty(program, b),
        };
        let mut attrs = Vec::new();
        if i < num_state {
            attrs.push(format!("tf.aliasing_output = {i} : i32"));
        }
        if sharded {
            attrs.push(format!("mhlo.sharding = \"{}\"", layout(program, b)));
        }
        let attrs = match attrs.is_empty() {
            true => String::new(),
            false => format!(" {{{}}}", attrs.join(", ")),
        };
        decls.push(format!("{}: {}{attrs}", v.name, v.ty));
        // A sharded body sees each device's slice.
        let v = match sharded {
            true => shard::enter(
                &mut body,
                &v,
                buffer_ty(program, b),
                &layout(program, b),
                &i.to_string(),
            ),
            false => v,
        };
        scope[b.index()] = Some(v);
    }
    let mut next_const = 0;
    let mut channels = 0;
    for (i, (call, fname)) in program.calls.iter().zip(fnames).enumerate() {
        let k = call.kernel.kernel();
        if is_all_reduce(program, i) {
            let (Some(Arg::Buffer(x)), Some(y)) = (call.arg("x"), call.written("y")) else {
                return Err(LowerError::at_kernel(
                    k,
                    format!(
                        "all-reduce call {i} of program `{}` binds no `x` or `y`",
                        program.name
                    ),
                ));
            };
            let Some(x) = read(program, &scope, x, &mut body) else {
                return Err(LowerError::at_kernel(
                    k,
                    format!(
                        "all-reduce call {i} of program `{}` reads a buffer nothing wrote",
                        program.name
                    ),
                ));
            };
            channels += 1;
            let sum = shard::all_reduce(&mut body, &x, program.devices(), channels);
            scope[y.index()] = Some(sum);
            continue;
        }
        let own = Signature::of_kernel(k);
        let mut args = Vec::new();
        for p in &own.params {
            let v = match call.arg(&p.name) {
                Some(Arg::Buffer(b)) => read(program, &scope, b, &mut body).ok_or_else(|| {
                    LowerError::at_kernel(
                        k,
                        format!(
                            "call {i} of program `{}` reads buffer `{}` before anything wrote it",
                            program.name,
                            program.buffer(b).name
                        ),
                    )
                })?,
                Some(Arg::Scalar(x)) => {
                    let (value, dtype) = match x {
                        ScalarArg::F32(v) => (Scalar::F(v), tilekit_core::DType::F32),
                        ScalarArg::I32(v) => (Scalar::I(v), tilekit_core::DType::I32),
                        ScalarArg::Bool(v) => (Scalar::B(v), tilekit_core::DType::Bool),
                    };
                    let ty = Ty::scalar(dtype);
                    let name = format!("%c{next_const}");
                    next_const += 1;
                    body.push_str(&format!(
                        "    {name} = stablehlo.constant dense<{}> : {ty}\n",
                        value.literal(dtype)
                    ));
                    V { name, ty }
                }
                None => {
                    return Err(LowerError::at_kernel(
                        k,
                        format!(
                            "call {i} of program `{}` does not bind parameter `{}`",
                            program.name, p.name
                        ),
                    ))
                }
            };
            args.push(v);
        }
        let arg_names: Vec<&str> = args.iter().map(|a| a.name.as_str()).collect();
        let arg_types: Vec<String> = args.iter().map(|a| a.ty.to_string()).collect();
        let out_tys: Vec<Ty> = own
            .outputs
            .iter()
            .map(|o| Ty::new(o.dtype, &o.shape).raw())
            .collect();
        let out_types: Vec<String> = out_tys.iter().map(|t| t.to_string()).collect();
        let result = format!("%call{i}");
        let lhs = match own.outputs.len() {
            0 => String::new(),
            1 => format!("{result} = "),
            n => format!("{result}:{n} = "),
        };
        body.push_str(&format!(
            "    {lhs}func.call @{fname}({}) : ({}) -> ({})\n",
            arg_names.join(", "),
            arg_types.join(", "),
            out_types.join(", ")
        ));
        for (j, (o, ty)) in own.outputs.iter().zip(out_tys).enumerate() {
            let Some(b) = call.written(&o.name) else {
                return Err(LowerError::at_kernel(
                    k,
                    format!(
                        "call {i} of program `{}` has no buffer for output `{}`",
                        program.name, o.name
                    ),
                ));
            };
            let name = if own.outputs.len() == 1 {
                result.clone()
            } else {
                format!("{result}#{j}")
            };
            scope[b.index()] = Some(V { name, ty });
        }
    }
    let mut outs = Vec::new();
    for &b in results {
        outs.push(
            read(program, &scope, b, &mut body).ok_or_else(|| LowerError {
                kernel: program.name.clone(),
                op: None,
                location: tilekit_core::ir::Location::synthetic("program"),
                message: format!(
                    "program output `{}` is never written",
                    program.buffer(b).name
                ),
            })?,
        );
    }
    let mut result_decls: Vec<String> = outs.iter().map(|v| v.ty.to_string()).collect();
    if sharded {
        for (j, (&b, v)) in results.iter().zip(outs.iter_mut()).enumerate() {
            let attr = layout(program, b);
            *v = shard::leave(&mut body, v, full_ty(program, b), &attr, &j.to_string());
            result_decls[j] = format!("{} {{mhlo.sharding = \"{attr}\"}}", v.ty);
        }
    }
    let out_names: Vec<&str> = outs.iter().map(|v| v.name.as_str()).collect();
    let out_types: Vec<String> = outs.iter().map(|v| v.ty.to_string()).collect();
    Ok(format!(
        "  func.func public @main({}) -> ({}) {{\n{body}    {}\n  }}\n",
        decls.join(", "),
        result_decls.join(", "),
        return_line(&out_names, &out_types)
    ))
}

/// The current value of buffer `b`; a view is its base's value reshaped
/// (a `stablehlo.reshape` appended to `body`: free in XLA).
fn read(program: &Program, scope: &[Option<V>], b: BufferId, body: &mut String) -> Option<V> {
    let base = program.base(b);
    let v = scope[base.index()].clone()?;
    if base == b {
        return Some(v);
    }
    let ty = buffer_ty(program, b);
    let name = format!("%view{}_{}", b.index(), body.len());
    body.push_str(&format!(
        "    {name} = stablehlo.reshape {} : ({}) -> {ty}\n",
        v.name, v.ty
    ));
    Some(V { name, ty })
}
