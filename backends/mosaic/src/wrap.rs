//! The StableHLO module around a Mosaic body: `@main` takes the kernel's
//! prefetch arrays, scalars and input/in-out refs in declaration order,
//! flattens the prefetch arrays and scalars to the 1-D SMEM operands Mosaic
//! expects, makes the zeros HBM outputs start from, and calls the kernel
//! with `stablehlo.custom_call @tpu_custom_call`, its `backend_config`
//! carrying the body (base64) and row-major layouts for every operand.

use crate::base64;
use crate::signature::{Operand, Signature};
use tilekit_core::ir::Kernel;
use tilekit_core::DType;

fn tensor(dtype: DType, shape: &[usize]) -> String {
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

/// The wrapper module for `body` (the Mosaic text).
pub fn wrap(k: &Kernel, sig: &Signature, body: &str) -> String {
    let mut params = Vec::new(); // @main parameters
    let mut pre = Vec::new(); // ops before the call
    let mut operands = Vec::new(); // (ssa, type)
    for (i, &o) in sig.operands.iter().enumerate() {
        match o {
            Operand::Prefetch(p) => {
                let d = k.prefetch_decl(p);
                let n = d.shape.iter().product::<usize>().max(1);
                let (from, to) = (tensor(DType::I32, &d.shape), tensor(DType::I32, &[n]));
                params.push(format!("%a{i}: {from}"));
                pre.push(format!(
                    "%op{i} = stablehlo.reshape %a{i} : ({from}) -> {to}"
                ));
                operands.push((format!("%op{i}"), to));
            }
            Operand::Scalar(s) => {
                let p = &k.scalars[s];
                let word = scalar_word(p.dtype);
                let from = tensor(p.dtype, &[]);
                params.push(format!("%a{i}: {from}"));
                let mut x = format!("%a{i}");
                if word != p.dtype {
                    let wt = tensor(word, &[]);
                    pre.push(format!("%cv{i} = stablehlo.convert {x} : ({from}) -> {wt}"));
                    x = format!("%cv{i}");
                }
                let (wt, to) = (tensor(word, &[]), tensor(word, &[1]));
                pre.push(format!("%op{i} = stablehlo.reshape {x} : ({wt}) -> {to}"));
                operands.push((format!("%op{i}"), to));
            }
            Operand::Ref(r) => {
                let d = k.ref_decl(r);
                let t = tensor(d.dtype, &d.shape);
                params.push(format!("%a{i}: {t}"));
                operands.push((format!("%a{i}"), t));
            }
            Operand::Zeros(r) => {
                let d = k.ref_decl(r);
                let t = tensor(d.dtype, &d.shape);
                let zero = if d.dtype.is_float() {
                    "0.000000e+00"
                } else {
                    "0"
                };
                pre.push(format!("%op{i} = stablehlo.constant dense<{zero}> : {t}"));
                operands.push((format!("%op{i}"), t));
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
        .zip(&operands)
        .map(|(o, _)| match o {
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
    let lhs = if n == 1 {
        "%r".to_string()
    } else {
        format!("%r:{n}")
    };
    let uses: Vec<String> = if n == 1 {
        vec!["%r".into()]
    } else {
        (0..n).map(|i| format!("%r#{i}")).collect()
    };
    let mut out = String::new();
    out.push_str(&format!(
        "module @{} attributes {{mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32}} {{\n",
        ident(&k.name)
    ));
    out.push_str(&format!(
        "  func.func public @main({}) -> ({}) {{\n",
        params.join(", "),
        results.join(", ")
    ));
    for p in pre {
        out.push_str(&format!("    {p}\n"));
    }
    let alias_attr = if aliases.is_empty() {
        String::new()
    } else {
        format!(", output_operand_aliases = [{}]", aliases.join(", "))
    };
    out.push_str(&format!(
        "    {lhs} = stablehlo.custom_call @tpu_custom_call({}) {{backend_config = \"{config}\", kernel_name = \"{}\", operand_layouts = [{}]{alias_attr}, result_layouts = [{}]}} : ({}) -> ({})\n",
        names.join(", "),
        ident(&k.name),
        operand_layouts.join(", "),
        result_layouts.join(", "),
        types.join(", "),
        results.join(", ")
    ));
    out.push_str(&format!(
        "    return {} : {}\n  }}\n}}\n",
        uses.join(", "),
        results.join(", ")
    ));
    out
}

/// An MLIR identifier from a tilekit name.
fn ident(name: &str) -> String {
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
