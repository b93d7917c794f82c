//! The StableHLO around Mosaic bodies. [`custom_call`] writes one
//! `stablehlo.custom_call @tpu_custom_call` and the ops that prepare its
//! operands: prefetch arrays and scalars flattened to the 1-D SMEM operands
//! Mosaic expects, the zeros HBM outputs start from; its `backend_config`
//! carries the body (base64), and every operand and result gets a row-major
//! layout. [`wrap`] puts one call in a module whose `@main` takes the
//! kernel's prefetch arrays, scalars and input/in-out refs in declaration
//! order; [`crate::program`] puts one call per kernel call of a program in
//! one `@main`.

use crate::base64;
use crate::signature::{Operand, Signature};
use tilekit_core::ir::Kernel;
use tilekit_core::{DType, ScalarArg};

pub fn tensor(dtype: DType, shape: &[usize]) -> String {
    let elem = crate::mlir::elem(dtype);
    if shape.is_empty() {
        format!("tensor<{elem}>")
    } else {
        let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
        format!("tensor<{}x{elem}>", dims.join("x"))
    }
}

/// `dense<[1, 0]> : tensor<2xindex>`: minor-to-major, i.e. row-major.
fn layout(rank: usize) -> String {
    let dims: Vec<String> = (0..rank).rev().map(|d| d.to_string()).collect();
    format!("dense<[{}]> : tensor<{rank}xindex>", dims.join(", "))
}

fn scalar_word(dtype: DType) -> DType {
    if dtype.is_float() {
        DType::F32
    } else {
        DType::I32
    }
}

/// Where the value of a custom-call operand comes from.
pub enum Source {
    /// An SSA value of the parameter's declared type: `i32` of the prefetch
    /// array's shape, the ref's dtype and shape, or a 0-d tensor of the
    /// scalar's dtype.
    Value(String),
    /// A scalar fixed when a program is built (its dtype is the scalar
    /// parameter's, checked by the caller).
    Const(ScalarArg),
}

/// One custom call: the ops before it and the call itself (unindented),
/// and its results as SSA uses (`%r`, `%r#1`) with their types, in the
/// signature's order.
pub struct CallText {
    pub ops: Vec<String>,
    pub results: Vec<String>,
    pub result_types: Vec<String>,
}

/// The 1-element SMEM word of a build-time scalar. Floats are written as
/// their bit pattern: MLIR reads a hex literal as the bits of a float
/// element, which is exact and spells NaN and infinities, where a decimal
/// needs a `.` that Rust's shortest formatting may leave out (`1e-10`).
fn scalar_const(x: ScalarArg) -> (String, DType) {
    match x {
        ScalarArg::F32(v) => (format!("0x{:08X}", v.to_bits()), DType::F32),
        ScalarArg::I32(v) => (v.to_string(), DType::I32),
        ScalarArg::Bool(v) => (i32::from(v).to_string(), DType::I32),
    }
}

/// The custom call of kernel `k` (signature `sig`, Mosaic text `body`),
/// its SSA names prefixed with `tag` (unique per call in a module), each
/// operand's value given by `source` (never asked for `Zeros`).
pub fn custom_call(
    k: &Kernel,
    sig: &Signature,
    body: &str,
    tag: &str,
    source: &mut dyn FnMut(Operand) -> Source,
) -> CallText {
    let mut ops = Vec::new();
    let mut operands = Vec::new(); // (ssa, type)
    for (i, &o) in sig.operands.iter().enumerate() {
        let id = format!("%{tag}op{i}");
        match o {
            Operand::Prefetch(p) => {
                let Source::Value(x) = source(o) else {
                    unreachable!("prefetch arrays are bound to buffers (checked by the caller)")
                };
                let d = k.prefetch_decl(p);
                let n = d.shape.iter().product::<usize>().max(1);
                let (from, to) = (tensor(DType::I32, &d.shape), tensor(DType::I32, &[n]));
                ops.push(format!("{id} = stablehlo.reshape {x} : ({from}) -> {to}"));
                operands.push((id, to));
            }
            Operand::Scalar(s) => {
                let p = &k.scalars[s];
                let word = scalar_word(p.dtype);
                let to = tensor(word, &[1]);
                match source(o) {
                    Source::Const(c) => {
                        let (v, _) = scalar_const(c);
                        ops.push(format!("{id} = stablehlo.constant dense<{v}> : {to}"));
                    }
                    Source::Value(mut x) => {
                        let from = tensor(p.dtype, &[]);
                        if word != p.dtype {
                            let wt = tensor(word, &[]);
                            let cv = format!("%{tag}cv{i}");
                            ops.push(format!("{cv} = stablehlo.convert {x} : ({from}) -> {wt}"));
                            x = cv;
                        }
                        let wt = tensor(word, &[]);
                        ops.push(format!("{id} = stablehlo.reshape {x} : ({wt}) -> {to}"));
                    }
                }
                operands.push((id, to));
            }
            Operand::Ref(r) => {
                let Source::Value(x) = source(o) else {
                    unreachable!("refs are bound to buffers (checked by the caller)")
                };
                let d = k.ref_decl(r);
                operands.push((x, tensor(d.dtype, &d.shape)));
            }
            Operand::Zeros(r) => {
                let d = k.ref_decl(r);
                let t = tensor(d.dtype, &d.shape);
                let zero = if d.dtype.is_float() {
                    "0.000000e+00"
                } else {
                    "0"
                };
                ops.push(format!("{id} = stablehlo.constant dense<{zero}> : {t}"));
                operands.push((id, t));
            }
        }
    }
    let results: Vec<String> = sig
        .results
        .iter()
        .map(|&r| {
            let d = k.ref_decl(r);
            tensor(d.dtype, &d.shape)
        })
        .collect();
    let operand_layouts: Vec<String> = sig
        .operands
        .iter()
        .map(|o| match o {
            Operand::Prefetch(_) | Operand::Scalar(_) => layout(1),
            Operand::Ref(r) | Operand::Zeros(r) => layout(k.ref_decl(*r).shape.len()),
        })
        .collect();
    let result_layouts: Vec<String> = sig
        .results
        .iter()
        .map(|&r| layout(k.ref_decl(r).shape.len()))
        .collect();
    let single = sig.results.len() == 1;
    let aliases: Vec<String> = sig
        .aliases
        .iter()
        .map(|&(res, op)| {
            let out = if single { String::new() } else { res.to_string() };
            format!("#stablehlo.output_operand_alias<output_tuple_indices = [{out}], operand_index = {op}, operand_tuple_indices = []>")
        })
        .collect();
    let config = format!(
        "{{\\\"custom_call_config\\\": {{\\\"body\\\": \\\"{}\\\", \\\"serialization_format\\\": 1, \\\"needs_layout_passes\\\": true}}}}",
        base64::encode(body.as_bytes())
    );
    let names: Vec<&str> = operands.iter().map(|(n, _)| n.as_str()).collect();
    let types: Vec<&str> = operands.iter().map(|(_, t)| t.as_str()).collect();
    let n = results.len();
    let r = format!("%{tag}r");
    let (lhs, uses) = if n == 1 {
        (r.clone(), vec![r])
    } else {
        (
            format!("{r}:{n}"),
            (0..n).map(|i| format!("{r}#{i}")).collect(),
        )
    };
    let alias_attr = if aliases.is_empty() {
        String::new()
    } else {
        format!(", output_operand_aliases = [{}]", aliases.join(", "))
    };
    ops.push(format!(
        "{lhs} = stablehlo.custom_call @tpu_custom_call({}) {{backend_config = \"{config}\", kernel_name = \"{}\", operand_layouts = [{}]{alias_attr}, result_layouts = [{}]}} : ({}) -> ({})",
        names.join(", "),
        ident(&k.name),
        operand_layouts.join(", "),
        result_layouts.join(", "),
        types.join(", "),
        results.join(", ")
    ));
    CallText {
        ops,
        results: uses,
        result_types: results,
    }
}

/// The module header every wrapper starts with.
pub fn module_header(name: &str) -> String {
    format!(
        "module @{} attributes {{mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32}} {{\n",
        ident(name)
    )
}

/// `return a, b : ta, tb` (or a bare `return`), closing `@main` and the
/// module.
pub fn module_footer(values: &[String], types: &[String]) -> String {
    if values.is_empty() {
        "    return\n  }\n}\n".to_string()
    } else {
        format!(
            "    return {} : {}\n  }}\n}}\n",
            values.join(", "),
            types.join(", ")
        )
    }
}

/// The wrapper module for `body` (the Mosaic text).
pub fn wrap(k: &Kernel, sig: &Signature, body: &str) -> String {
    let mut params = Vec::new(); // @main parameters
    let mut source = |o: Operand| {
        let i = sig.operands.iter().position(|&x| x == o).unwrap_or(0);
        let t = match o {
            Operand::Prefetch(p) => tensor(DType::I32, &k.prefetch_decl(p).shape),
            Operand::Scalar(s) => tensor(k.scalars[s].dtype, &[]),
            Operand::Ref(r) | Operand::Zeros(r) => {
                let d = k.ref_decl(r);
                tensor(d.dtype, &d.shape)
            }
        };
        params.push(format!("%a{i}: {t}"));
        Source::Value(format!("%a{i}"))
    };
    let call = custom_call(k, sig, body, "", &mut source);
    let mut out = module_header(&k.name);
    out.push_str(&format!(
        "  func.func public @main({}) -> ({}) {{\n",
        params.join(", "),
        call.result_types.join(", ")
    ));
    for op in &call.ops {
        out.push_str(&format!("    {op}\n"));
    }
    out.push_str(&module_footer(&call.results, &call.result_types));
    out
}

/// An MLIR identifier from a tilekit name.
pub fn ident(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_digit()) || s.is_empty() {
        format!("v{s}")
    } else {
        s
    }
}
