//! Parsing and validating a kernel's attribute and signature into a typed
//! model. Every problem is collected (not just the first), each spanned on
//! the user's tokens.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{
    Attribute, Expr, FnArg, GenericArgument, Ident, ItemFn, LitStr, Meta, Pat, PathArguments,
    Token, Type,
};

/// Errors collected across all passes, combined into one `syn::Error`.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, span: Span, message: impl std::fmt::Display) {
        let e = syn::Error::new(span, message);
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    pub fn push_error(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub fn to_compile_errors(&self) -> TokenStream {
        self.0
            .as_ref()
            .map(|e| e.to_compile_error())
            .unwrap_or_default()
    }
}

/// `#[kernel(grid = [..], semantics = [..], name = "..")]`.
#[derive(Default)]
pub struct KernelAttr {
    pub grid: Option<Expr>,
    pub semantics: Option<Vec<Ident>>,
    pub name: Option<LitStr>,
    /// The attribute did not parse (already reported), so a missing
    /// `grid` is not reported on top.
    pub malformed: bool,
}

/// What kind of device memory a ref parameter is.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum MemKind {
    Input,
    Output,
    InOut,
    Scratch,
}

impl MemKind {
    pub fn type_name(self) -> &'static str {
        match self {
            MemKind::Input => "Ref",
            MemKind::Output => "RefMut",
            MemKind::InOut => "InOut",
            MemKind::Scratch => "Scratch",
        }
    }
}

pub enum ParamKind {
    /// `Prefetch<N>` (or `Prefetch<i32, N>`).
    Prefetch { rank: usize },
    /// `Ref<T, N>`, `RefMut<T, N>`, `InOut<T, N>`, `Scratch<T, N>`.
    Memory {
        kind: MemKind,
        elem: Type,
        rank: usize,
    },
    /// A runtime scalar: `f32`, `i32` or `bool`.
    Scalar { ty: Type },
    /// `#[trace] name: Ty`: a plain Rust value known while tracing (a
    /// stage count, a tile size, a flag). It is a field of `NameShapes`, so
    /// it is part of the cache key, and the body sees it as an ordinary
    /// value.
    Trace { ty: Type },
}

pub struct Param {
    pub ident: Ident,
    pub kind: ParamKind,
    /// `#[shape(expr)]` for outputs and scratch.
    pub shape: Option<Expr>,
}

impl Param {
    pub fn rank(&self) -> Option<usize> {
        match &self.kind {
            ParamKind::Prefetch { rank } | ParamKind::Memory { rank, .. } => Some(*rank),
            ParamKind::Scalar { .. } | ParamKind::Trace { .. } => None,
        }
    }

    /// Whether the caller supplies it as a tensor (prefetch, input, in/out).
    pub fn is_tensor_argument(&self) -> bool {
        matches!(
            self.kind,
            ParamKind::Prefetch { .. }
                | ParamKind::Memory {
                    kind: MemKind::Input | MemKind::InOut,
                    ..
                }
        )
    }
}

pub struct KernelSig {
    pub func: ItemFn,
    pub attr: KernelAttr,
    pub params: Vec<Param>,
}

pub fn parse_attr(attr: TokenStream, errors: &mut Errors) -> KernelAttr {
    let mut out = KernelAttr::default();
    let metas = match Punctuated::<Meta, Token![,]>::parse_terminated.parse2(attr) {
        Ok(m) => m,
        Err(e) => {
            errors.push_error(e);
            out.malformed = true;
            return out;
        }
    };
    for meta in metas {
        let Meta::NameValue(nv) = &meta else {
            errors.push(
                meta.span(),
                "expected `grid = [..]`, `semantics = [..]` or `name = \"..\"`",
            );
            continue;
        };
        let key = nv
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        match key.as_str() {
            "grid" => out.grid = Some(nv.value.clone()),
            "name" => match &nv.value {
                Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => out.name = Some(s.clone()),
                other => errors.push(other.span(), "`name` takes a string literal"),
            },
            "semantics" => out.semantics = parse_semantics(&nv.value, errors),
            _ => errors.push(
                nv.path.span(),
                format!(
                    "unknown kernel option `{key}`; the options are `grid`, `semantics` and `name`"
                ),
            ),
        }
    }
    out
}

fn parse_semantics(e: &Expr, errors: &mut Errors) -> Option<Vec<Ident>> {
    let Expr::Array(arr) = e else {
        errors.push(
            e.span(),
            "`semantics` takes a list like `[parallel, arbitrary]`",
        );
        return None;
    };
    let mut out = Vec::new();
    for el in &arr.elems {
        match el {
            Expr::Path(p) if p.path.is_ident("parallel") || p.path.is_ident("arbitrary") => {
                out.push(p.path.get_ident().cloned().expect("checked to be an ident"));
            }
            other => errors.push(other.span(), "each axis is `parallel` or `arbitrary`"),
        }
    }
    Some(out)
}

/// Parses and validates the function signature.
pub fn parse_sig(mut func: ItemFn, attr: KernelAttr, errors: &mut Errors) -> KernelSig {
    let sig = &func.sig;
    if let Some(t) = &sig.asyncness {
        errors.push(t.span(), "a kernel cannot be `async`");
    }
    if let Some(t) = &sig.unsafety {
        errors.push(
            t.span(),
            "a kernel cannot be `unsafe`: loads and stores are bounds-checked",
        );
    }
    if let Some(t) = &sig.constness {
        errors.push(t.span(), "a kernel cannot be `const`");
    }
    if let syn::ReturnType::Type(_, ty) = &sig.output {
        errors.push(
            ty.span(),
            "a kernel returns nothing: write its results into output refs (`o: RefMut<f32, 3>` with `#[shape(..)]`)",
        );
    }
    for lt in sig.generics.lifetimes() {
        errors.push(lt.span(), "kernels take no lifetime parameters");
    }
    if attr.grid.is_none() && !attr.malformed {
        errors.push(
            sig.ident.span(),
            "the kernel needs a grid: write `#[kernel(grid = [..])]` with one extent per axis, e.g. `grid = [q.dim(0), k_cache.dim(2)]`",
        );
    }
    let params = sig
        .inputs
        .iter()
        .filter_map(|arg| parse_param(arg, errors))
        .collect();
    // Reported above; the fallback expansion must not trip on them again.
    func.sig.generics.params = std::mem::take(&mut func.sig.generics.params)
        .into_iter()
        .filter(|p| !matches!(p, syn::GenericParam::Lifetime(_)))
        .collect();
    KernelSig { func, attr, params }
}

fn parse_param(arg: &FnArg, errors: &mut Errors) -> Option<Param> {
    let FnArg::Typed(pt) = arg else {
        errors.push(
            arg.span(),
            "a kernel is a free function; it takes no `self`",
        );
        return None;
    };
    let Pat::Ident(pi) = &*pt.pat else {
        errors.push(pt.pat.span(), "kernel parameters must be plain names");
        return None;
    };
    let ident = pi.ident.clone();
    let mut prefetch_attr = None;
    let mut trace_attr = None;
    let mut shape = None;
    // A `#[shape(..)]` that did not parse is reported once, not again as missing.
    let mut shape_malformed = false;
    for a in &pt.attrs {
        if a.path().is_ident("prefetch") {
            prefetch_attr = Some(a.path().span());
        } else if a.path().is_ident("trace") {
            trace_attr = Some(a.path().span());
            if !matches!(a.meta, Meta::Path(_)) {
                errors.push(
                    a.meta.span(),
                    format!("`#[trace]` takes no arguments: write `#[trace] {ident}: Ty`; the value is given in `NameShapes`/`NameArgs`"),
                );
            }
        } else if a.path().is_ident("shape") {
            match a.parse_args::<Expr>() {
                Ok(e) => shape = Some(e),
                Err(e) => {
                    errors.push(
                        e.span(),
                        format!("{e}: `#[shape(..)]` takes one expression, e.g. `#[shape(q.shape())]` or `#[shape([q.dim(0), 64])]`"),
                    );
                    shape_malformed = true;
                }
            }
        } else {
            errors.push(
                a.path().span(),
                "unknown parameter attribute; parameters take `#[prefetch]`, `#[shape(..)]` or `#[trace]`",
            );
        }
    }
    if let Some(span) = trace_attr {
        if let Some(seg) =
            last_segment(&pt.ty).filter(|s| DEVICE_TYPES.contains(&s.ident.to_string().as_str()))
        {
            errors.push(
                span,
                format!(
                    "`#[trace]` marks a plain Rust value known while tracing (e.g. `#[trace] stages: u32`), but `{ident}` is a `{}`, which the kernel reads when it runs; remove `#[trace]`",
                    seg.ident
                ),
            );
            return None;
        }
        if prefetch_attr.is_some() {
            errors.push(
                span,
                "a parameter is either `#[trace]` or `#[prefetch]`, not both",
            );
        }
        if let Some(s) = &shape {
            errors.push(
                s.span(),
                format!("`{ident}` is a trace-time value, not a tensor; remove `#[shape(..)]`"),
            );
        }
        return Some(Param {
            ident,
            kind: ParamKind::Trace {
                ty: (*pt.ty).clone(),
            },
            shape: None,
        });
    }
    let kind = classify(&pt.ty, errors)?;
    match &kind {
        ParamKind::Prefetch { .. } => {}
        _ if prefetch_attr.is_some() => errors.push(
            prefetch_attr.expect("checked"),
            format!("`#[prefetch]` marks host-computed i32 index arrays; declare `{ident}` as `Prefetch<N>`"),
        ),
        _ => {}
    }
    let needs_shape = matches!(
        kind,
        ParamKind::Memory {
            kind: MemKind::Output | MemKind::Scratch,
            ..
        }
    );
    if needs_shape && shape.is_none() && !shape_malformed {
        errors.push(
            ident.span(),
            format!("`{ident}` is created by the kernel, so it needs a shape: add `#[shape([..])]` computed from the inputs, e.g. `#[shape(q.shape())]`"),
        );
    }
    if !needs_shape {
        if let Some(s) = &shape {
            errors.push(
                s.span(),
                format!(
                    "`{ident}` gets its shape from the argument passed in; remove `#[shape(..)]`"
                ),
            );
        }
    }
    Some(Param { ident, kind, shape })
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        _ => None,
    }
}

const PARAM_TYPES: &str =
    "kernel parameters are `Prefetch<N>`, `Ref<T, N>`, `RefMut<T, N>`, `InOut<T, N>`, `Scratch<T, N>`, a runtime scalar `f32`, `i32` or `bool`, or a value known at trace time marked `#[trace]` (e.g. `#[trace] stages: u32`)";

/// Types the kernel reads when it runs, which `#[trace]` cannot mark.
const DEVICE_TYPES: &[&str] = &["Prefetch", "Ref", "RefMut", "InOut", "Scratch", "Tile"];

fn classify(ty: &Type, errors: &mut Errors) -> Option<ParamKind> {
    let Some(seg) = last_segment(ty) else {
        errors.push(ty.span(), PARAM_TYPES);
        return None;
    };
    let name = seg.ident.to_string();
    let args: Vec<&GenericArgument> = match &seg.arguments {
        PathArguments::AngleBracketed(a) => a.args.iter().collect(),
        _ => Vec::new(),
    };
    let rank = |arg: Option<&&GenericArgument>, errors: &mut Errors| -> Option<usize> {
        let lit = match arg {
            Some(GenericArgument::Const(Expr::Lit(l))) => Some(&l.lit),
            _ => None,
        };
        match lit {
            Some(syn::Lit::Int(i)) => i.base10_parse().ok(),
            _ => {
                errors.push(
                    arg.map_or_else(|| ty.span(), |a| a.span()),
                    format!(
                        "the rank of `{name}` must be an integer literal, e.g. `{name}<..., 3>`"
                    ),
                );
                None
            }
        }
    };
    let kind = match name.as_str() {
        "Prefetch" => match args.len() {
            1 => ParamKind::Prefetch {
                rank: rank(args.first(), errors)?,
            },
            2 => ParamKind::Prefetch {
                rank: rank(args.get(1), errors)?,
            },
            _ => {
                errors.push(ty.span(), "write `Prefetch<N>` (an i32 array of rank N)");
                return None;
            }
        },
        "Ref" | "RefMut" | "InOut" | "Scratch" => {
            let kind = match name.as_str() {
                "Ref" => MemKind::Input,
                "RefMut" => MemKind::Output,
                "InOut" => MemKind::InOut,
                _ => MemKind::Scratch,
            };
            let (Some(GenericArgument::Type(elem)), 2) = (args.first(), args.len()) else {
                errors.push(ty.span(), format!("write `{name}<T, N>`: an element type (bf16, f16, f32, i32, bool) and a rank"));
                return None;
            };
            ParamKind::Memory {
                kind,
                elem: elem.clone(),
                rank: rank(args.get(1), errors)?,
            }
        }
        "f32" | "i32" | "bool" if args.is_empty() => ParamKind::Scalar { ty: ty.clone() },
        _ => {
            errors.push(ty.span(), PARAM_TYPES);
            return None;
        }
    };
    Some(kind)
}

/// The function with tilekit's helper attributes removed from its parameters.
pub fn strip_param_attrs(func: &mut ItemFn) {
    for arg in &mut func.sig.inputs {
        if let FnArg::Typed(pt) = arg {
            pt.attrs.retain(|a: &Attribute| {
                !(a.path().is_ident("prefetch")
                    || a.path().is_ident("shape")
                    || a.path().is_ident("trace"))
            });
        }
    }
}
