//! Rewriting a kernel body into tracing calls.
//!
//! Most of the body is left alone: operators and methods on tiles record IR
//! by themselves. What needs the macro is syntax Rust cannot overload:
//! - `for` loops become `dsl::for_range` / `dsl::pipeline` calls whose
//!   carried values are the variables declared outside and assigned inside;
//! - `if`/`else` becomes `dsl::if_else` yielding the variables its branches
//!   assign (and its value, if it has one);
//! - index lists of `load`/`store` (`[b, s..s + G, ..]`) become `Idx` values,
//!   and `table[[b, j]]` on a prefetch array becomes a scalar read;
//! - constructs with no IR meaning (`while`, `loop`, closures, `return`,
//!   `break`) are errors that say what to write instead.
//!
//! Carried variables are found on the original syntax, before nested
//! constructs are rewritten, so the shadowing the expansion introduces
//! cannot hide them.

use crate::signature::{Errors, MemKind, Param, ParamKind};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use std::collections::HashMap;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{parse_quote_spanned, BinOp, Block, Expr, Ident, Pat, RangeLimits, Stmt};

/// What the rewriter knows about a kernel parameter from its declaration.
#[derive(Clone)]
pub struct ParamInfo {
    pub rank: Option<usize>,
    pub prefetch: bool,
    pub input: bool,
    pub type_name: &'static str,
}

pub fn param_infos(params: &[Param]) -> HashMap<String, ParamInfo> {
    params
        .iter()
        .map(|p| {
            let (prefetch, input, type_name) = match &p.kind {
                ParamKind::Prefetch { .. } => (true, false, "Prefetch"),
                ParamKind::Memory { kind, .. } => {
                    (false, *kind == MemKind::Input, kind.type_name())
                }
                ParamKind::Scalar { .. } => (false, false, "scalar"),
                ParamKind::Trace { .. } => (false, false, "trace-time value"),
            };
            let info = ParamInfo {
                rank: p.rank(),
                prefetch,
                input,
                type_name,
            };
            (p.ident.to_string(), info)
        })
        .collect()
}

/// Free functions kernels call; used to catch typos.
const INTRINSICS: &[&str] = &[
    "program_id",
    "num_programs",
    "full",
    "zeros",
    "iota",
    "iota_along",
    "dot",
    "select",
    "cdiv",
    "ds",
    "pipeline",
];

/// Tile methods people reach for as free functions.
const METHODS: &[&str] = &[
    "exp",
    "exp2",
    "ln",
    "log",
    "sqrt",
    "rsqrt",
    "abs",
    "sum",
    "max_along",
    "min_along",
    "cast",
];

pub struct Rewriter<'a> {
    pub krate: TokenStream,
    pub params: HashMap<String, ParamInfo>,
    pub errors: &'a mut Errors,
}

impl Rewriter<'_> {
    pub fn block(&mut self, mut b: Block) -> Block {
        self.visit_block_mut(&mut b);
        b
    }

    fn error(&mut self, span: Span, message: impl std::fmt::Display) {
        self.errors.push(span, message);
    }

    /// The crate path with every token at `span`: the location an op records
    /// (`#[track_caller]`) is that of the call's first token, which must be
    /// the user's, not the attribute's.
    fn krate_at(&self, span: Span) -> TokenStream {
        respan(&self.krate, span)
    }
}

/// `tokens` with every token at `span`.
pub fn respan(tokens: &TokenStream, span: Span) -> TokenStream {
    tokens
        .clone()
        .into_iter()
        .map(|mut t| {
            t.set_span(span);
            t
        })
        .collect()
}

/// Names assigned (`x = ..`, `x += ..`, `(x, y) = ..`) and names declared
/// (`let`, `for` patterns) inside a piece of syntax.
#[derive(Default)]
struct Assignments {
    assigned: Vec<String>,
    declared: Vec<String>,
}

impl Assignments {
    fn of_block(b: &Block) -> Self {
        let mut a = Assignments::default();
        a.visit_block(b);
        a
    }

    /// Variables from outside that the code assigns, in first-assignment order.
    fn carried(&self) -> Vec<String> {
        self.assigned
            .iter()
            .filter(|n| !self.declared.contains(n))
            .cloned()
            .collect()
    }

    fn assign_target(&mut self, e: &Expr) {
        match e {
            Expr::Path(p) => {
                if let Some(i) = p.path.get_ident() {
                    let name = i.to_string();
                    if !self.assigned.contains(&name) {
                        self.assigned.push(name);
                    }
                }
            }
            Expr::Tuple(t) => t.elems.iter().for_each(|e| self.assign_target(e)),
            Expr::Paren(p) => self.assign_target(&p.expr),
            _ => {}
        }
    }

    fn declare(&mut self, p: &Pat) {
        struct Names<'a>(&'a mut Vec<String>);
        impl<'ast> Visit<'ast> for Names<'_> {
            fn visit_pat_ident(&mut self, i: &'ast syn::PatIdent) {
                self.0.push(i.ident.to_string());
                syn::visit::visit_pat_ident(self, i);
            }
        }
        Names(&mut self.declared).visit_pat(p);
    }
}

impl<'ast> Visit<'ast> for Assignments {
    fn visit_expr_assign(&mut self, e: &'ast syn::ExprAssign) {
        self.assign_target(&e.left);
        syn::visit::visit_expr_assign(self, e);
    }

    fn visit_expr_binary(&mut self, e: &'ast syn::ExprBinary) {
        let compound = matches!(
            e.op,
            BinOp::AddAssign(_)
                | BinOp::SubAssign(_)
                | BinOp::MulAssign(_)
                | BinOp::DivAssign(_)
                | BinOp::RemAssign(_)
                | BinOp::BitAndAssign(_)
                | BinOp::BitOrAssign(_)
                | BinOp::BitXorAssign(_)
                | BinOp::ShlAssign(_)
                | BinOp::ShrAssign(_)
        );
        if compound {
            self.assign_target(&e.left);
        }
        syn::visit::visit_expr_binary(self, e);
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        self.declare(&l.pat);
        syn::visit::visit_local(self, l);
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.declare(&f.pat);
        syn::visit::visit_expr_for_loop(self, f);
    }
}

fn idents(names: &[String], span: Span) -> Vec<Ident> {
    names.iter().map(|n| Ident::new(n, span)).collect()
}

/// Whether a block ends in an expression without a semicolon (yields a value).
fn has_tail(b: &Block) -> bool {
    matches!(b.stmts.last(), Some(Stmt::Expr(_, None)))
}

/// What a loop body or branch ends with: `; (a, b,)` to yield the carried
/// variables, or nothing when there are none (a trailing `()` would trip
/// lints on the user's line).
fn yield_tail(vars: &[Ident], span: Span) -> TokenStream {
    if vars.is_empty() {
        TokenStream::new()
    } else {
        quote_spanned!(span=> ; (#(#vars,)*))
    }
}

/// `(a, b,) = call;` writing the carried variables back, or just `call;`.
fn assign_back(vars: &[Ident], call: TokenStream, span: Span) -> Expr {
    if vars.is_empty() {
        parse_quote_spanned!(span=> { #call; })
    } else {
        parse_quote_spanned!(span=> { (#(#vars,)*) = #call; })
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!(
        "{n} {} {}",
        if n == 1 { one } else { many },
        if n == 1 { "is" } else { "are" }
    )
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + (ca != cb) as usize).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

impl Rewriter<'_> {
    /// `a..b` → `(a, b)`; `pipeline(a..b, s)` → `Pipelined { .. }`.
    fn loop_range(&mut self, e: &Expr) -> Option<(TokenStream, Option<TokenStream>)> {
        let k = self.krate.clone();
        match e {
            Expr::Range(r) if matches!(r.limits, RangeLimits::HalfOpen(_)) => {
                let start = r
                    .start
                    .as_ref()
                    .map_or_else(|| quote!(0usize), |s| s.to_token_stream());
                let Some(end) = &r.end else {
                    self.error(r.span(), "a kernel loop needs an end: write `lo..hi`");
                    return None;
                };
                Some((quote!((#start, #end)), None))
            }
            Expr::Call(c) if matches!(&*c.func, Expr::Path(p) if p.path.is_ident("pipeline")) => {
                if c.args.len() != 2 {
                    self.error(c.span(), "write `pipeline(lo..hi, stages)`");
                    return None;
                }
                let (range, _) = self.loop_range(&c.args[0])?;
                let stages = &c.args[1];
                let pipelined = quote!(#k::dsl::Pipelined { range: #range, stages: #stages });
                Some((range, Some(pipelined)))
            }
            other => {
                self.error(
                    other.span(),
                    "a kernel loop iterates over `lo..hi` (unrolled when both are known at trace time, an IR loop otherwise) or `pipeline(lo..hi, stages)`",
                );
                None
            }
        }
    }

    fn rewrite_for(&mut self, f: &mut syn::ExprForLoop) -> Option<Expr> {
        let span = f.for_token.span;
        let k = self.krate_at(span);
        let carried = Assignments::of_block(&f.body).carried();
        match &*f.pat {
            Pat::Ident(_) | Pat::Wild(_) => {}
            other => {
                self.error(
                    other.span(),
                    "a kernel loop variable is a plain name or `_`",
                );
                return None;
            }
        }
        if let Some(label) = &f.label {
            self.error(
                label.span(),
                "loop labels are not supported in kernels (there is no `break`)",
            );
        }
        // Rewrite inside the range (e.g. `0..lens[b]`), but not the
        // `pipeline(..)` call itself, which is only legal right here.
        match &mut *f.expr {
            Expr::Call(c) if matches!(&*c.func, Expr::Path(p) if p.path.is_ident("pipeline")) => {
                c.args.iter_mut().for_each(|a| self.visit_expr_mut(a));
            }
            other => self.visit_expr_mut(other),
        }
        let (range, pipelined) = self.loop_range(&f.expr)?;
        self.visit_block_mut(&mut f.body);
        let pat = &f.pat;
        let body = &f.body;
        let vars = idents(&carried, span);
        let names = &carried;
        let next = yield_tail(&vars, span);
        let call = match pipelined {
            Some(p) => {
                quote_spanned!(span=> #k::dsl::pipeline(#p, &[#(#names),*], (#(#vars,)*), |#pat, (#(mut #vars,)*)| { #body #next }))
            }
            None => {
                quote_spanned!(span=> #k::dsl::for_range(#range, &[#(#names),*], (#(#vars,)*), |#pat, (#(mut #vars,)*)| { #body #next }))
            }
        };
        Some(assign_back(&vars, call, span))
    }

    fn rewrite_if(&mut self, i: &mut syn::ExprIf) -> Option<Expr> {
        let span = i.if_token.span;
        let k = self.krate_at(span);
        if let Expr::Let(l) = &*i.cond {
            self.error(
                l.span(),
                "`if let` is not supported in kernels; branch on a bool or a `Tile<bool>`",
            );
            return None;
        }
        let mut carried = Assignments::of_block(&i.then_branch).carried();
        if let Some((_, e)) = &i.else_branch {
            let mut a = Assignments::default();
            a.visit_expr(e);
            for c in a.carried() {
                if !carried.contains(&c) {
                    carried.push(c);
                }
            }
        }
        let valued = has_tail(&i.then_branch) && i.else_branch.is_some();
        self.visit_expr_mut(&mut i.cond);
        self.visit_block_mut(&mut i.then_branch);
        if let Some((_, e)) = &mut i.else_branch {
            self.visit_expr_mut(e);
        }
        let vars = idents(&carried, span);
        let cond = &i.cond;
        let then_block = &i.then_branch;
        let else_expr: TokenStream = match &i.else_branch {
            Some((_, e)) => quote!(#e),
            None => quote!({}),
        };
        let branch = |body: TokenStream| {
            if valued {
                quote_spanned!(span=> || { #(#[allow(unused_mut)] let mut #vars = #vars;)* let __tk_value = #body; (__tk_value, (#(#vars,)*)) })
            } else {
                let next = yield_tail(&vars, span);
                quote_spanned!(span=> || { #(#[allow(unused_mut)] let mut #vars = #vars;)* #body #next })
            }
        };
        let then_closure = branch(quote!(#then_block));
        let else_closure = branch(else_expr);
        let call = quote_spanned!(span=> #k::dsl::if_else(#cond, #then_closure, #else_closure));
        Some(if valued {
            parse_quote_spanned!(span=> { let (__tk_value, __tk_carried) = #call; (#(#vars,)*) = __tk_carried; __tk_value })
        } else {
            assign_back(&vars, call, span)
        })
    }

    /// One element of a `load`/`store` index list.
    fn index_element(&mut self, e: &Expr) -> TokenStream {
        let k = self.krate_at(e.span());
        match e {
            Expr::Range(r) => match (&r.start, &r.end, &r.limits) {
                (None, None, RangeLimits::HalfOpen(_)) => {
                    quote_spanned!(e.span()=> #k::dsl::Idx::Full)
                }
                (Some(s), Some(end), RangeLimits::HalfOpen(_)) => {
                    let len = match &**end {
                        Expr::Binary(b)
                            if matches!(b.op, BinOp::Add(_))
                                && b.left.to_token_stream().to_string()
                                    == s.to_token_stream().to_string() =>
                        {
                            Some(b.right.to_token_stream())
                        }
                        _ => None,
                    };
                    match len {
                        Some(len) => quote_spanned!(e.span()=> #k::dsl::ds(#s, #len)),
                        None => {
                            self.error(e.span(), "a slice needs a length known at trace time: write `start..start + LEN` or `ds(start, LEN)`");
                            quote!(#k::dsl::Idx::Full)
                        }
                    }
                }
                _ => {
                    self.error(
                        e.span(),
                        "index with a position, `start..start + LEN`, `ds(start, LEN)` or `..`",
                    );
                    quote!(#k::dsl::Idx::Full)
                }
            },
            Expr::Call(c) if matches!(&*c.func, Expr::Path(p) if p.path.is_ident("ds")) => {
                quote!(#e)
            }
            other => quote_spanned!(other.span()=> #k::dsl::Idx::at(#other)),
        }
    }

    fn receiver_param(&self, e: &Expr) -> Option<(String, ParamInfo)> {
        let Expr::Path(p) = e else { return None };
        let name = p.path.get_ident()?.to_string();
        self.params.get(&name).map(|i| (name, i.clone()))
    }

    fn rewrite_method(&mut self, m: &mut syn::ExprMethodCall) {
        let method = m.method.to_string();
        if !matches!(
            method.as_str(),
            "load" | "load_masked" | "store" | "store_masked"
        ) {
            return;
        }
        let param = self.receiver_param(&m.receiver);
        if let Some((name, info)) = &param {
            if info.input && method.starts_with("store") {
                self.error(
                    m.method.span(),
                    format!("`{name}` is an input (`Ref`) and cannot be stored to; declare it `RefMut<..>` (an output) or `InOut<..>` (updated in place)"),
                );
            }
        }
        let Some(Expr::Array(arr)) = m.args.first() else {
            return;
        };
        if let Some((
            name,
            ParamInfo {
                rank: Some(rank),
                type_name,
                ..
            },
        )) = &param
        {
            if arr.elems.len() != *rank {
                self.error(
                    arr.span(),
                    format!("`{name}` is a rank-{rank} `{type_name}` but {} given; index every dimension (`..` for a whole one)", count(arr.elems.len(), "index", "indices")),
                );
            }
        }
        let elems: Vec<TokenStream> = arr.elems.iter().map(|e| self.index_element(e)).collect();
        let span = arr.span();
        m.args[0] = parse_quote_spanned!(span=> [#(#elems),*]);
    }

    fn rewrite_index(&mut self, ix: &syn::ExprIndex) -> Option<Expr> {
        let (name, info) = self.receiver_param(&ix.expr)?;
        if !info.prefetch {
            return None;
        }
        let k = self.krate_at(ix.span());
        let elems: Vec<&Expr> = match &*ix.index {
            Expr::Array(a) => a.elems.iter().collect(),
            single => vec![single],
        };
        let rank = info.rank.unwrap_or(1);
        if elems.len() != rank {
            self.error(
                ix.index.span(),
                format!("prefetch array `{name}` has rank {rank} but {} given; write `{name}[[i, j, ..]]` with one index per dimension", count(elems.len(), "index", "indices")),
            );
        }
        let mut converted = Vec::new();
        for e in elems {
            if let Expr::Range(r) = e {
                self.error(r.span(), format!("a prefetch read returns one scalar: index `{name}` with positions, not ranges"));
            }
            converted.push(quote_spanned!(e.span()=> #k::dsl::scalar_index(#e)));
        }
        let base = &ix.expr;
        let span = ix.span();
        Some(parse_quote_spanned!(span=> #base.at([#(#converted),*])))
    }

    fn check_call(&mut self, c: &syn::ExprCall) {
        let Expr::Path(p) = &*c.func else { return };
        let Some(id) = p.path.get_ident() else { return };
        let name = id.to_string();
        if INTRINSICS.contains(&name.as_str()) {
            if name == "pipeline" {
                self.error(id.span(), "`pipeline(..)` only appears as the range of a `for` loop: `for j in pipeline(lo..hi, 2) { .. }`");
            }
            return;
        }
        if METHODS.contains(&name.as_str()) {
            self.error(
                id.span(),
                format!("`{name}` is a tile method in tilekit: write `x.{name}(..)`"),
            );
            return;
        }
        if name.len() >= 4 {
            if let Some(best) = INTRINSICS.iter().find(|i| levenshtein(i, &name) == 1) {
                self.error(
                    id.span(),
                    format!("unknown intrinsic `{name}`; did you mean `{best}`?"),
                );
            }
        }
    }
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        let unsupported = match e {
            Expr::While(w) => Some((w.while_token.span, "`while` loops are not supported in kernels: write `for i in lo..hi` (a traced upper bound becomes an IR loop) and mask the iterations you do not need")),
            Expr::Loop(l) => Some((l.loop_token.span, "`loop` is not supported in kernels: write `for i in lo..hi` with a bound computed up front")),
            Expr::Closure(c) => Some((c.or1_token.span, "closures are not supported in kernels: write a function marked `#[helper]` and call it")),
            Expr::Return(r) => Some((r.return_token.span, "early `return` is not supported in kernels: put the rest in `if`/`else`, or compute a mask and `select`")),
            Expr::Break(b) => Some((b.break_token.span, "`break` is not supported in kernels: loops run their whole range; mask the iterations you do not need")),
            Expr::Continue(c) => Some((c.continue_token.span, "`continue` is not supported in kernels: wrap the rest of the body in `if`, or mask it")),
            Expr::Async(a) => Some((a.async_token.span, "`async` blocks are not supported in kernels")),
            Expr::Unsafe(u) => Some((u.unsafe_token.span, "`unsafe` is not needed in kernels: loads and stores are bounds-checked")),
            _ => None,
        };
        if let Some((span, message)) = unsupported {
            self.error(span, message);
            return;
        }
        match e {
            Expr::ForLoop(f) => {
                if let Some(new) = self.rewrite_for(f) {
                    *e = new;
                }
            }
            Expr::If(i) => {
                if let Some(new) = self.rewrite_if(i) {
                    *e = new;
                }
            }
            Expr::Index(ix) => {
                if let Some(mut new) = self.rewrite_index(ix) {
                    if let Expr::MethodCall(m) = &mut new {
                        for a in m.args.iter_mut() {
                            syn::visit_mut::visit_expr_mut(self, a);
                        }
                    }
                    *e = new;
                } else {
                    syn::visit_mut::visit_expr_mut(self, e);
                }
            }
            Expr::Match(m) => {
                syn::visit_mut::visit_expr_match_mut(self, m);
                let scrutinee = &m.expr;
                let span = scrutinee.span();
                let k = self.krate_at(span);
                *m.expr = parse_quote_spanned!(span=> #k::dsl::trace_time(&(#scrutinee)));
            }
            Expr::MethodCall(m) => {
                syn::visit_mut::visit_expr_method_call_mut(self, m);
                self.rewrite_method(m);
            }
            Expr::Call(c) => {
                self.check_call(c);
                syn::visit_mut::visit_expr_call_mut(self, c);
            }
            _ => syn::visit_mut::visit_expr_mut(self, e),
        }
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {
        // Items nested in a kernel body are ordinary Rust; leave them alone.
    }
}
