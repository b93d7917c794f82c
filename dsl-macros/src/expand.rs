//! Code generation: the builder function, its cached twin `name_cached`,
//! `NameShapes` (shapes and `#[trace]` values: the cache key), `NameArgs`
//! (the typed launcher) and `NameOutputs`. On any error the same API is
//! generated around an empty body, next to the `compile_error!`s, so code
//! that calls the kernel does not pile further errors on top.

use crate::body::{param_infos, respan, Rewriter};
use crate::signature::{
    parse_attr, parse_sig, strip_param_attrs, Errors, KernelSig, MemKind, ParamKind,
};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Block, Ident, ItemFn};

/// The path through which generated code reaches `tilekit_core`.
fn crate_path() -> TokenStream {
    use proc_macro_crate::{crate_name, FoundCrate};
    match crate_name("tilekit-core") {
        Ok(FoundCrate::Name(n)) => {
            let id = Ident::new(&n, Span::call_site());
            quote!(::#id)
        }
        Ok(FoundCrate::Itself) => quote!(::tilekit_core),
        Err(_) => match crate_name("tilekit") {
            Ok(FoundCrate::Name(n)) => {
                let id = Ident::new(&n, Span::call_site());
                quote!(::#id::core)
            }
            _ => quote!(::tilekit_core),
        },
    }
}

fn camel(name: &str) -> String {
    name.split('_')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// Parses the annotated function, or returns the parse error beside the
/// untouched item (so nothing else is reported about it).
fn parse_fn(item: TokenStream) -> Result<ItemFn, TokenStream> {
    syn::parse2(item.clone()).map_err(|e| {
        let mut out = e.to_compile_error();
        out.extend(item);
        out
    })
}

pub fn kernel(attr: TokenStream, item: TokenStream) -> TokenStream {
    let func = match parse_fn(item) {
        Ok(f) => f,
        Err(out) => return out,
    };
    let mut errors = Errors::default();
    let attr = parse_attr(attr, &mut errors);
    let mut sig = parse_sig(func, attr, &mut errors);
    strip_param_attrs(&mut sig.func);
    let krate = crate_path();
    let mut rewriter = Rewriter {
        krate: krate.clone(),
        params: param_infos(&sig.params),
        errors: &mut errors,
    };
    let body = rewriter.block((*sig.func.block).clone());
    if errors.is_empty() {
        generate(&sig, &body, &krate)
    } else {
        let mut out = errors.to_compile_errors();
        out.extend(generate(&sig, &syn::parse_quote!({}), &krate));
        out
    }
}

pub fn helper(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut func = match parse_fn(item) {
        Ok(f) => f,
        Err(out) => return out,
    };
    let mut errors = Errors::default();
    if let Some(first) = attr.into_iter().next() {
        errors.push(first.span(), "`#[helper]` takes no arguments");
    }
    let krate = crate_path();
    let mut rewriter = Rewriter {
        krate: krate.clone(),
        params: Default::default(),
        errors: &mut errors,
    };
    let body = rewriter.block((*func.block).clone());
    if errors.is_empty() {
        *func.block = syn::parse_quote!({
            #[allow(unused_imports)]
            use #krate::dsl::*;
            #body
        });
        quote!(#func)
    } else {
        let mut out = errors.to_compile_errors();
        out.extend(quote!(#func));
        out
    }
}

fn generate(sig: &KernelSig, body: &Block, k: &TokenStream) -> TokenStream {
    let func = &sig.func;
    let vis = &func.vis;
    let ident = &func.sig.ident;
    // The user's attributes (docs, lints) go on the builder function.
    let docs = &func.attrs;
    let kernel_name = sig
        .attr
        .name
        .as_ref()
        .map(|s| s.value())
        .unwrap_or_else(|| ident.to_string());
    let base = camel(&ident.to_string());
    let shapes_ty = format_ident!("{}Shapes", base);
    let args_ty = format_ident!("{}Args", base);
    let outputs_ty = format_ident!("{}Outputs", base);
    let (impl_generics, ty_generics, where_clause) = func.sig.generics.split_for_impl();
    let turbofish = ty_generics.as_turbofish();
    let cached_ident = format_ident!("{}_cached", ident);
    // The cache keys a kernel's type and const parameters by the `TypeId` of
    // a marker generic over all of them, which needs every type parameter
    // to be `'static` (element types are).
    let marker_ty = format_ident!("__TkTypes{}", base);
    let mut static_generics = func.sig.generics.clone();
    let type_params: Vec<Ident> = static_generics
        .type_params()
        .map(|t| t.ident.clone())
        .collect();
    // Inline (not in a `where` clause), so clippy's
    // `multiple_bound_locations` does not fire on the user's `T: Float`.
    for t in static_generics.type_params_mut() {
        t.bounds.push(syn::parse_quote!('static));
    }
    let (static_impl_generics, _, static_where) = static_generics.split_for_impl();
    let marker_params = func.sig.generics.params.iter().filter_map(|p| match p {
        syn::GenericParam::Type(t) => {
            let id = &t.ident;
            Some(quote!(#id: ?::core::marker::Sized))
        }
        syn::GenericParam::Const(c) => {
            let (id, ty) = (&c.ident, &c.ty);
            Some(quote!(const #id: #ty))
        }
        syn::GenericParam::Lifetime(_) => None,
    });

    let mut declare_args = Vec::new();
    let mut declare_created = Vec::new();
    let mut declare_scalars = Vec::new();
    let mut shape_fields = Vec::new();
    let mut shape_reads = Vec::new();
    let mut shape_names = Vec::new();
    let mut trace_params = Vec::new();
    let mut trace_from_self = Vec::new();
    let mut trace_checks = Vec::new();
    let mut arg_fields = Vec::new();
    let mut arg_pushes = Vec::new();
    let mut out_fields = Vec::new();
    let mut out_takes = Vec::new();
    let krate = k;
    for p in &sig.params {
        let id = &p.ident;
        let name = id.to_string();
        // Declarations record the parameter's line, not the attribute's.
        let k = &respan(krate, id.span());
        match &p.kind {
            ParamKind::Prefetch { rank } => {
                declare_args.push(
                    quote!(let #id = #k::dsl::Prefetch::<#rank>::declare(#name, __tk_shapes.#id);),
                );
            }
            ParamKind::Memory { kind, elem, rank } => {
                let ty = Ident::new(kind.type_name(), Span::call_site());
                match kind {
                    MemKind::Input | MemKind::InOut => declare_args.push(
                        quote!(let #id = #k::dsl::#ty::<#elem, #rank>::declare(#name, __tk_shapes.#id);),
                    ),
                    MemKind::Output | MemKind::Scratch => {
                        let shape = p.shape.as_ref().map_or_else(|| quote!([0usize; #rank]), |s| quote!(#s));
                        declare_created.push(quote!(let #id = #k::dsl::#ty::<#elem, #rank>::declare(#name, #shape);));
                    }
                }
                if matches!(kind, MemKind::Output | MemKind::InOut) {
                    out_fields.push(quote!(pub #id: #k::HostTensor,));
                    out_takes.push(
                        quote!(#id: #k::dsl::take_output(&mut __tk_out, #kernel_name, #name)?,),
                    );
                }
            }
            ParamKind::Scalar { ty } => {
                declare_scalars.push(quote!(let #id = #k::dsl::scalar_param::<#ty>(#name);));
                arg_fields.push(quote!(pub #id: #ty,));
                arg_pushes.push(quote!(.scalar(#name, #k::ScalarArg::from(self.#id))));
            }
            ParamKind::Trace { ty } => {
                // Spanned on the type, so a type that cannot key the cache
                // is reported there.
                let span = syn::spanned::Spanned::span(ty);
                trace_checks
                    .push(quote::quote_spanned!(span=> #k::dsl::assert_trace_value::<#ty>();));
                declare_scalars
                    .push(quote!(let #id: #ty = ::core::clone::Clone::clone(&__tk_shapes.#id);));
                shape_fields.push(quote::quote_spanned!(span=> pub #id: #ty,));
                shape_names.push(id.clone());
                trace_params.push(quote!(#id: #ty));
                trace_from_self.push(quote!(::core::clone::Clone::clone(&self.#id)));
                arg_fields.push(quote!(pub #id: #ty,));
            }
        }
        if p.is_tensor_argument() {
            let rank = p.rank().unwrap_or(0);
            shape_fields.push(quote!(pub #id: [usize; #rank],));
            shape_reads.push(
                quote!(let #id = #k::dsl::arg_shape::<#rank>(args, #name, &mut __tk_problems);),
            );
            shape_names.push(id.clone());
            arg_fields.push(quote!(pub #id: #k::HostTensor,));
            arg_pushes.push(quote!(.tensor(#name, self.#id.clone())));
        }
    }
    let grid = sig
        .attr
        .grid
        .as_ref()
        .map_or_else(|| quote!([0usize; 0]), |g| quote!(#g));
    let semantics = match &sig.attr.semantics {
        Some(axes) => {
            let axes = axes.iter().map(|a| {
                let v = if a == "parallel" {
                    quote!(Parallel)
                } else {
                    quote!(Arbitrary)
                };
                quote!(#k::ir::AxisSemantics::#v)
            });
            quote!(::core::option::Option::Some(&[#(#axes),*][..]))
        }
        None => quote!(::core::option::Option::None),
    };
    let doc_builder = format!(
        "Traces `{kernel_name}` for the given shapes, trace-time values and type parameters and verifies it (every call; [`{cached_ident}`] traces once per key)."
    );
    let doc_cached = format!(
        "`{ident}` built once per shapes, trace-time values and type parameters and then shared: the process-wide cache of `{kernel_name}` (bounded, see `tilekit_core::dsl::KernelCache`)."
    );
    quote! {
        #(#docs)*
        #[doc = #doc_builder]
        #[allow(clippy::too_many_arguments, unused_mut, unused_variables, unused_assignments, non_snake_case)]
        #vis fn #ident #impl_generics (__tk_shapes: &#shapes_ty) -> ::core::result::Result<#k::VerifiedKernel, #k::BuildError> #where_clause {
            #k::dsl::trace(#kernel_name, || {
                #[allow(unused_imports)]
                use #k::dsl::*;
                #(#declare_args)*
                #(#declare_created)*
                #(#declare_scalars)*
                #k::dsl::grid(&#grid, #semantics);
                #body
            })
        }

        #(#docs)*
        #[doc = #doc_cached]
        #[allow(clippy::too_many_arguments, non_snake_case)]
        #vis fn #cached_ident #static_impl_generics (__tk_shapes: &#shapes_ty) -> ::core::result::Result<::std::sync::Arc<#k::VerifiedKernel>, #k::BuildError> #static_where {
            static __TK_CACHE: #k::dsl::KernelCache<#shapes_ty> = #k::dsl::KernelCache::new();
            __TK_CACHE.get_or_build(
                ::core::any::TypeId::of::<#marker_ty #ty_generics>(),
                __tk_shapes,
                || #ident #turbofish (__tk_shapes),
            )
        }

        const _: () = {
            #[allow(dead_code)]
            fn __tk_check_trace_values() {
                #(#trace_checks)*
            }
        };

        /// The cache key of a kernel's type and const parameters.
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        struct #marker_ty <#(#marker_params),*> (::core::marker::PhantomData<fn() -> (#(*const #type_params,)*)>);

        #[doc = concat!("Shapes of the tensor arguments and the trace-time values of `", #kernel_name, "`: what one traced kernel is built for.")]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #vis struct #shapes_ty {
            #(#shape_fields)*
        }

        impl #shapes_ty {
            /// Reads each tensor argument's shape, checking it is present and
            /// has the declared rank; the trace-time values are passed in.
            #[allow(clippy::too_many_arguments)]
            pub fn from_args(args: &#k::KernelArgs #(, #trace_params)*) -> ::core::result::Result<Self, #k::ArgError> {
                let mut __tk_problems = ::std::vec::Vec::new();
                #(#shape_reads)*
                if !__tk_problems.is_empty() {
                    return ::core::result::Result::Err(#k::ArgError { kernel: #kernel_name.into(), problems: __tk_problems });
                }
                ::core::result::Result::Ok(Self { #(#shape_names,)* })
            }
        }

        #[doc = concat!("Arguments of `", #kernel_name, "`: the typed launcher. Tensors are shared, not copied (a `HostTensor` clone copies a pointer).")]
        #[derive(Clone, Debug)]
        #vis struct #args_ty {
            #(#arg_fields)*
        }

        #[doc = concat!("Outputs of `", #kernel_name, "`.")]
        #[derive(Clone, Debug)]
        #vis struct #outputs_ty {
            #(#out_fields)*
        }

        impl #args_ty {
            /// The tensor and scalar arguments as named kernel arguments.
            pub fn to_kernel_args(&self) -> #k::KernelArgs {
                #k::KernelArgs::new() #(#arg_pushes)*
            }

            /// The cache key: the arguments' shapes and the trace-time values.
            pub fn shapes(&self) -> ::core::result::Result<#shapes_ty, #k::ArgError> {
                #shapes_ty::from_args(&self.to_kernel_args() #(, #trace_from_self)*)
            }

            /// The kernel for these arguments, traced and verified on the
            /// first call for their shapes and trace-time values, then cached.
            pub fn kernel #static_impl_generics (&self) -> ::core::result::Result<::std::sync::Arc<#k::VerifiedKernel>, #k::dsl::LaunchError> #static_where {
                ::core::result::Result::Ok(#cached_ident #turbofish (&self.shapes()?)?)
            }

            /// Runs the kernel on `backend` (traced only the first time
            /// these shapes are seen); every argument is checked against
            /// the signature first.
            pub fn run #static_impl_generics (&self, backend: &dyn #k::Backend) -> ::core::result::Result<#outputs_ty, #k::dsl::LaunchError> #static_where {
                let args = self.to_kernel_args();
                let shapes = #shapes_ty::from_args(&args #(, #trace_from_self)*)?;
                let kernel = #cached_ident #turbofish (&shapes)?;
                let mut __tk_out = backend.run(&kernel, &args)?;
                ::core::result::Result::Ok(#outputs_ty { #(#out_takes)* })
            }

            /// [`Self::run`] on the CPU interpreter.
            pub fn run_interpreter #static_impl_generics (&self) -> ::core::result::Result<#outputs_ty, #k::dsl::LaunchError> #static_where {
                self.run #turbofish (&#k::Interpreter)
            }
        }
    }
}
