//! The printed form of the IR: one op per line, `%name` values, `@name` refs,
//! result types after a colon. Stable enough for golden files and bug reports.

use crate::ir::{AxisSemantics, ConstValue, Index, Kernel, OpId, OpKind, Region, Value};
use std::fmt::Write;

/// Prints a whole kernel.
pub fn print_kernel(k: &Kernel) -> String {
    let mut p = Printer {
        k,
        out: String::new(),
    };
    p.kernel();
    p.out
}

/// Prints one op on one line (a region op prints only its header), as the
/// verifier and the interpreter show it in errors.
pub fn print_op(k: &Kernel, op: OpId) -> String {
    let mut p = Printer {
        k,
        out: String::new(),
    };
    p.op_header(op);
    p.out.trim_end_matches(" {").to_string()
}

/// The printed name of a value: `%name.N` when the source named it, else `%N`.
pub fn value_name(k: &Kernel, v: Value) -> String {
    match k.values.get(v.index()).and_then(|d| d.name.as_ref()) {
        Some(n) => format!("%{n}.{}", v.0),
        None => format!("%{}", v.0),
    }
}

/// A constant as the printer writes it.
pub fn const_text(c: ConstValue) -> String {
    match c {
        ConstValue::Float(x) if x.is_nan() => "nan".into(),
        ConstValue::Float(x) if x == f64::INFINITY => "inf".into(),
        ConstValue::Float(x) if x == f64::NEG_INFINITY => "-inf".into(),
        ConstValue::Float(x) => format!("{x:?}"),
        ConstValue::Int(i) => i.to_string(),
        ConstValue::Bool(b) => b.to_string(),
    }
}

struct Printer<'k> {
    k: &'k Kernel,
    out: String,
}

impl Printer<'_> {
    fn v(&self, v: Value) -> String {
        value_name(self.k, v)
    }

    fn list(&self, vs: &[Value]) -> String {
        vs.iter().map(|&v| self.v(v)).collect::<Vec<_>>().join(", ")
    }

    fn kernel(&mut self) {
        let k = self.k;
        let sem: Vec<&str> = k
            .semantics
            .iter()
            .map(|s| match s {
                AxisSemantics::Parallel => "parallel",
                AxisSemantics::Arbitrary => "arbitrary",
            })
            .collect();
        let _ = writeln!(
            self.out,
            "kernel @{} grid {:?} [{}] {{",
            k.name,
            k.grid,
            sem.join(", ")
        );
        for p in &k.prefetch {
            let _ = writeln!(self.out, "  prefetch @{}: i32{:?}", p.name, p.shape);
        }
        for r in &k.refs {
            let _ = write!(
                self.out,
                "  {} @{}: {}{:?}",
                r.kind.name(),
                r.name,
                r.dtype,
                r.shape
            );
            if let Some(b) = &r.block {
                let _ = writeln!(
                    self.out,
                    " block {:?} index_map({}) {{",
                    b.block_shape,
                    self.list(&b.index_map.args)
                );
                self.region_body(&b.index_map, 2);
                let _ = writeln!(self.out, "  }}");
            } else {
                self.out.push('\n');
            }
        }
        for s in &k.scalars {
            let _ = writeln!(self.out, "  scalar {}: {}", self.v(s.value), s.dtype);
        }
        self.region_body(&k.body, 1);
        self.out.push_str("}\n");
    }

    fn region_body(&mut self, r: &Region, depth: usize) {
        for &op in &r.ops {
            self.op(op, depth);
        }
        if !r.yields.is_empty() {
            let _ = writeln!(
                self.out,
                "{}yield {}",
                "  ".repeat(depth),
                self.list(&r.yields)
            );
        }
    }

    fn op(&mut self, op: OpId, depth: usize) {
        let indent = "  ".repeat(depth);
        self.out.push_str(&indent);
        self.op_header(op);
        self.out.push('\n');
        match &self.k.op(op).kind {
            OpKind::For { body, .. } => {
                self.region_body(body, depth + 1);
                let _ = writeln!(self.out, "{indent}}}");
            }
            OpKind::If {
                then_region,
                else_region,
                ..
            } => {
                self.region_body(then_region, depth + 1);
                let _ = writeln!(self.out, "{indent}}} else {{");
                self.region_body(else_region, depth + 1);
                let _ = writeln!(self.out, "{indent}}}");
            }
            _ => {}
        }
    }

    fn indices(&self, idx: &[Index]) -> String {
        idx.iter()
            .map(|i| match i {
                Index::Point(v) => self.v(*v),
                Index::Slice { start, len } => format!("{}:+{len}", self.v(*start)),
                Index::Full => ":".into(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn op_header(&mut self, op: OpId) {
        let k = self.k;
        let data = k.op(op);
        let kind = &data.kind;
        if !data.results.is_empty() {
            let _ = write!(self.out, "{} = ", self.list(&data.results));
        }
        let m = kind.mnemonic();
        let body = match kind {
            OpKind::ProgramId { axis } => format!("{m} {axis}"),
            OpKind::Constant { value, .. } => format!("{m} {}", const_text(*value)),
            OpKind::Iota { dim, .. } => format!("{m} dim {dim}"),
            OpKind::Unary { x, .. }
            | OpKind::Cast { x, .. }
            | OpKind::Bitcast { x, .. }
            | OpKind::Reshape { x, .. } => {
                format!("{m} {}", self.v(*x))
            }
            OpKind::Binary { lhs, rhs, .. }
            | OpKind::Compare { lhs, rhs, .. }
            | OpKind::Dot { lhs, rhs } => format!("{m} {}, {}", self.v(*lhs), self.v(*rhs)),
            OpKind::Select {
                cond,
                on_true,
                on_false,
            } => format!("{m} {}", self.list(&[*cond, *on_true, *on_false])),
            OpKind::Broadcast { x, dims, .. } => format!("{m} {} dims {dims:?}", self.v(*x)),
            OpKind::Reduce { x, axis, .. } => format!("{m} {} axis {axis}", self.v(*x)),
            OpKind::Transpose { x, perm } => format!("{m} {} perm {perm:?}", self.v(*x)),
            OpKind::PrefetchRead { array, indices } => format!(
                "{m} @{}[{}]",
                k.prefetch_decl(*array).name,
                self.list(indices)
            ),
            OpKind::Load {
                src,
                indices,
                mask,
                other,
            } => {
                let mut s = format!("{m} @{}[{}]", k.ref_decl(*src).name, self.indices(indices));
                if let Some(mask) = mask {
                    let _ = write!(s, " mask {} other {}", self.v(*mask), const_text(*other));
                }
                s
            }
            OpKind::Store {
                dst,
                indices,
                value,
                mask,
            } => {
                let mut s = format!(
                    "{m} {} -> @{}[{}]",
                    self.v(*value),
                    k.ref_decl(*dst).name,
                    self.indices(indices)
                );
                if let Some(mask) = mask {
                    let _ = write!(s, " mask {}", self.v(*mask));
                }
                s
            }
            OpKind::For {
                lower,
                upper,
                step,
                init,
                body,
                stages,
            } => {
                let iv = body.args.first().map(|&v| self.v(v)).unwrap_or_default();
                let mut s = format!(
                    "{m} {iv} = {} to {} step {step}",
                    self.v(*lower),
                    self.v(*upper)
                );
                if let Some(st) = stages {
                    let _ = write!(s, " pipeline {st}");
                }
                let carried: Vec<String> = body
                    .args
                    .iter()
                    .skip(1)
                    .zip(init)
                    .map(|(&a, &i)| format!("{} = {}", self.v(a), self.v(i)))
                    .collect();
                if !carried.is_empty() {
                    let _ = write!(s, " iter({})", carried.join(", "));
                }
                s
            }
            OpKind::If { cond, .. } => format!("{m} {}", self.v(*cond)),
        };
        self.out.push_str(&body);
        let types: Vec<String> = data.results.iter().map(|&r| k.ty(r).to_string()).collect();
        match kind {
            OpKind::Store { .. } => {}
            OpKind::For { .. } | OpKind::If { .. } => {
                if !types.is_empty() {
                    let _ = write!(self.out, " -> ({})", types.join(", "));
                }
                self.out.push_str(" {");
            }
            _ => {
                let _ = write!(self.out, " : {}", types.join(", "));
            }
        }
    }
}
