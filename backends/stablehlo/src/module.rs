//! Assembling a StableHLO module: one private function per kernel and a
//! public `main` that calls them in order on a shared namespace of named
//! tensors (see [`Signature`]).

use crate::emit::return_line;
use crate::error::LowerError;
use crate::lower::{lower_kernel, GridStrategy, Lowered};
use crate::signature::Signature;
use crate::types::{ssa_ident, Ty, V};
use std::collections::HashMap;
use tilekit_core::VerifiedKernel;

/// A lowered module: MLIR text plus the calling convention of its `main`.
#[derive(Clone, Debug)]
pub struct Module {
    /// The MLIR text, ready for a PJRT plugin (`format = "mlir"`).
    pub text: String,
    pub signature: Signature,
    /// Each kernel's name and how its grid was lowered.
    pub kernels: Vec<(String, Lowered)>,
}

/// A symbol name (`@name`): letters, digits, `_`, `$` and `.`, not
/// starting with a digit.
pub(crate) fn sym_ident(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_$.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        s.insert(0, 'k');
    }
    s
}

/// Lowers one kernel with the default strategy (batched where possible).
pub fn lower(vk: &VerifiedKernel) -> Result<Module, LowerError> {
    lower_chain(&[vk], GridStrategy::Auto)
}

/// Lowers one kernel with a chosen grid strategy.
pub fn lower_with(vk: &VerifiedKernel, strategy: GridStrategy) -> Result<Module, LowerError> {
    lower_chain(&[vk], strategy)
}

/// Lowers kernels that run one after another (e.g. split-KV decode, then
/// its combine) into one module. A tensor one kernel writes is what later
/// kernels read under the same name; `main` returns every output.
pub fn lower_chain(
    kernels: &[&VerifiedKernel],
    strategy: GridStrategy,
) -> Result<Module, LowerError> {
    let raw: Vec<&tilekit_core::ir::Kernel> = kernels.iter().map(|k| k.kernel()).collect();
    let signature = Signature::of_chain(&raw)?;
    let module_name = raw
        .first()
        .map_or("empty".to_string(), |k| sym_ident(&k.name));
    let mut text = format!("module @{module_name} {{\n");
    let mut names = Vec::new();
    let mut lowered = Vec::new();
    for (i, vk) in kernels.iter().enumerate() {
        let mut fname = sym_ident(vk.name());
        if fname == "main" || names.contains(&fname) {
            fname = format!("{fname}_{i}");
        }
        let (func, how) = lower_kernel(vk, &fname, strategy)?;
        text.push_str(&func);
        names.push(fname);
        lowered.push((vk.name().to_string(), how));
    }
    text.push_str(&main_func(&raw, &names, &signature));
    text.push_str("}\n");
    Ok(Module {
        text,
        signature,
        kernels: lowered,
    })
}

/// `main`: binds the signature's parameters by name, calls each kernel
/// with the current value of each name, and returns the outputs.
fn main_func(kernels: &[&tilekit_core::ir::Kernel], fnames: &[String], sig: &Signature) -> String {
    let mut body = String::new();
    let mut scope: HashMap<String, V> = HashMap::new();
    let mut decls = Vec::new();
    for (i, p) in sig.params.iter().enumerate() {
        let v = V {
            name: format!("%arg{i}.{}", ssa_ident(&p.name)),
            ty: Ty::new(p.dtype, &p.shape).raw(),
        };
        decls.push(format!("{}: {}", v.name, v.ty));
        scope.insert(p.name.clone(), v);
    }
    for (i, (k, fname)) in kernels.iter().zip(fnames).enumerate() {
        let own = Signature::of_kernel(k);
        // The chain signature guarantees every name is bound by now.
        let args: Vec<V> = own
            .params
            .iter()
            .filter_map(|p| scope.get(&p.name).cloned())
            .collect();
        let arg_names: Vec<&str> = args.iter().map(|a| a.name.as_str()).collect();
        let arg_types: Vec<String> = args.iter().map(|a| a.ty.to_string()).collect();
        let out_types: Vec<String> = own
            .outputs
            .iter()
            .map(|o| Ty::new(o.dtype, &o.shape).raw().to_string())
            .collect();
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
        for (j, o) in own.outputs.iter().enumerate() {
            let name = if own.outputs.len() == 1 {
                result.clone()
            } else {
                format!("{result}#{j}")
            };
            scope.insert(
                o.name.clone(),
                V {
                    name,
                    ty: Ty::new(o.dtype, &o.shape).raw(),
                },
            );
        }
    }
    let outs: Vec<V> = sig
        .outputs
        .iter()
        .filter_map(|o| scope.get(&o.name).cloned())
        .collect();
    let out_names: Vec<&str> = outs.iter().map(|v| v.name.as_str()).collect();
    let out_types: Vec<String> = outs.iter().map(|v| v.ty.to_string()).collect();
    format!(
        "  func.func public @main({}) -> ({}) {{\n{body}    {}\n  }}\n",
        decls.join(", "),
        out_types.join(", "),
        return_line(&out_names, &out_types)
    )
}
