//! One pass over a file's `syn` tree producing a [`FileSummary`]: modules, `use` trees,
//! items, and for every function its calls (inside macro arguments too), with the byte
//! ranges the rewrite needs and symbolic receivers for method calls.

use crate::model::*;
use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, FnArg, ImplItem, Item, Pat, ReturnType, TraitItem, Type, UseTree};

/// Parse and summarise `text`. Errors are `(offset, message)`.
pub fn extract(text: &str) -> Result<FileSummary, (usize, String)> {
    // syn::parse_file would strip a shebang and shift every span: strip it here and
    // add its length back.
    let mut base = 0;
    if text.starts_with("#!") && !text[2..].trim_start().starts_with('[') {
        base = text.find('\n').unwrap_or(text.len());
    }
    let file: syn::File = match syn::parse_str(&text[base..]) {
        Ok(f) => f,
        Err(e) => {
            let at = base + e.span().byte_range().start;
            return Err((at, e.to_string()));
        }
    };
    let mut x = Extractor {
        text,
        base,
        out: FileSummary::default(),
    };
    x.out.modules.push(ModSummary::default());
    let (use_at, use_indent) = x.use_anchor(&file.items, base, "");
    x.out.modules[0].use_at = use_at;
    x.out.modules[0].use_indent = use_indent;
    x.items(&file.items, 0, None);
    x.out.suppressions = suppressions(text);
    x.out.dyn_uses = dyn_uses(&file, base);
    Ok(x.out)
}

/// Every `dyn Trait` in the file, wherever it is written (a parameter, a field, a local's
/// type deep in generics, a cast): the trait path and where. A trait used so cannot gain
/// an `async fn` (it would no longer be dyn-compatible). The module is the file's own (0);
/// analysis also matches the trait by name.
fn dyn_uses(file: &syn::File, base: usize) -> Vec<(usize, Segments, usize)> {
    struct V(Vec<(usize, Segments, usize)>, usize);
    impl<'ast> Visit<'ast> for V {
        fn visit_type_trait_object(&mut self, t: &'ast syn::TypeTraitObject) {
            for b in &t.bounds {
                if let syn::TypeParamBound::Trait(tb) = b {
                    let at = self.1
                        + tb.path
                            .segments
                            .first()
                            .map_or(0, |s| s.ident.span().byte_range().start);
                    self.0.push((at, path_segments(&tb.path), 0));
                }
            }
            visit::visit_type_trait_object(self, t);
        }
    }
    let mut v = V(vec![], base);
    v.visit_file(file);
    v.0
}

struct Extractor<'a> {
    text: &'a str,
    base: usize,
    out: FileSummary,
}

pub(crate) fn path_segments(p: &syn::Path) -> Segments {
    let mut v: Segments = Vec::with_capacity(p.segments.len() + 1);
    if p.leading_colon.is_some() {
        v.push("::".into());
    }
    v.extend(p.segments.iter().map(|s| s.ident.to_string()));
    v
}

/// The type a written type names, looking through references and smart pointers.
fn type_ref(ty: &Type, self_ty: &Option<Segments>, unwrap_result: bool) -> Option<TypeRef> {
    match ty {
        Type::Reference(r) => type_ref(&r.elem, self_ty, unwrap_result),
        Type::Paren(p) => type_ref(&p.elem, self_ty, unwrap_result),
        Type::Group(g) => type_ref(&g.elem, self_ty, unwrap_result),
        Type::TraitObject(t) => t_bound(&t.bounds),
        Type::ImplTrait(t) => t_bound(&t.bounds),
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            let name = last.ident.to_string();
            let wrapper = matches!(name.as_str(), "Box" | "Arc" | "Rc" | "Pin")
                || (unwrap_result && matches!(name.as_str(), "Result" | "Option"));
            if wrapper
                && let syn::PathArguments::AngleBracketed(a) = &last.arguments
                && let Some(syn::GenericArgument::Type(inner)) = a.args.first()
            {
                return type_ref(inner, self_ty, unwrap_result);
            }
            let mut path = path_segments(&p.path);
            if path.first().is_some_and(|s| s == "Self")
                && let Some(s) = self_ty
            {
                path.splice(0..1, s.iter().cloned());
            }
            Some(TypeRef {
                path,
                dyn_trait: false,
            })
        }
        _ => None,
    }
}

fn t_bound(bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>) -> Option<TypeRef> {
    bounds.iter().find_map(|b| match b {
        syn::TypeParamBound::Trait(t) => Some(TypeRef {
            path: path_segments(&t.path),
            dyn_trait: true,
        }),
        _ => None,
    })
}

fn attr_paths(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .map(|a| {
            path_segments(a.path())
                .into_iter()
                .filter(|s| s != "::")
                .collect::<Vec<_>>()
                .join("::")
        })
        .collect()
}

fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| {
        if !a.path().is_ident("path") {
            return None;
        }
        if let syn::Meta::NameValue(nv) = &a.meta
            && let Expr::Lit(l) = &nv.value
            && let syn::Lit::Str(s) = &l.lit
        {
            return Some(s.value());
        }
        None
    })
}

/// Public API: plain `pub` (a `pub(crate)` item has no callers outside the crate).
fn is_pub(v: &syn::Visibility) -> bool {
    matches!(v, syn::Visibility::Public(_))
}

impl<'a> Extractor<'a> {
    fn range(&self, span: Span) -> (usize, usize) {
        let r = span.byte_range();
        (self.base + r.start, self.base + r.end)
    }

    fn start(&self, span: Span) -> usize {
        self.range(span).0
    }

    fn end(&self, span: Span) -> usize {
        self.range(span).1
    }

    /// Where a new `use` goes in a list of items: after the last `use`, else before the
    /// first item (after inner attributes and doc comments), else at `fallback`.
    fn use_anchor(&self, items: &[Item], fallback: usize, indent: &str) -> (usize, String) {
        if let Some(last) = items.iter().rev().find(|i| matches!(i, Item::Use(_))) {
            let end = self.end(last.span());
            let line_end = awaitify_core::text::line_end(self.text, end);
            let indent = awaitify_core::text::indentation_at(self.text, self.start(last.span()));
            return ((line_end + 1).min(self.text.len()), indent.to_string());
        }
        if let Some(first) = items.first() {
            let start = match first {
                Item::Fn(f) => f.attrs.first().map(|a| self.start(a.span())),
                _ => None,
            }
            .unwrap_or_else(|| self.start(first.span()));
            let line = awaitify_core::text::line_start(self.text, start);
            return (line, indent.to_string());
        }
        (fallback, indent.to_string())
    }

    fn items(&mut self, items: &[Item], module: usize, self_ty: Option<Segments>) {
        for item in items {
            self.item(item, module, &self_ty);
        }
    }

    fn item(&mut self, item: &Item, module: usize, _self_ty: &Option<Segments>) {
        match item {
            Item::Fn(f) => {
                self.out.modules[module].items.push(f.sig.ident.to_string());
                let item_start = self.start(f.span());
                self.function(FnInput {
                    attrs: &f.attrs,
                    vis: f.vis.clone(),
                    vis_pub: is_pub(&f.vis),
                    sig: &f.sig,
                    block: Some(&f.block),
                    item_start,
                    item_end: self.end(f.span()),
                    module,
                    owner: Owner::Free,
                    self_ty: None,
                    outer_generics: Vec::new(),
                });
            }
            Item::Mod(m) => {
                let name = m.ident.to_string();
                self.out.modules[module].items.push(name.clone());
                match &m.content {
                    None => {
                        let offset = self.start(m.span());
                        self.out.modules[module].decls.push(ModDecl {
                            name,
                            path_attr: path_attr(&m.attrs),
                            offset,
                        })
                    }
                    Some((brace, items)) => {
                        let id = self.out.modules.len();
                        let open = self.end(brace.span.open());
                        let indent = format!(
                            "{}    ",
                            awaitify_core::text::indentation_at(self.text, self.start(m.span()))
                        );
                        let body_start = (awaitify_core::text::line_end(self.text, open) + 1)
                            .min(self.text.len());
                        let (use_at, use_indent) = self.use_anchor(items, body_start, &indent);
                        self.out.modules.push(ModSummary {
                            parent: Some(module),
                            name,
                            use_at,
                            use_indent,
                            ..Default::default()
                        });
                        self.out.modules[module].inline.push(id);
                        self.items(items, id, None);
                    }
                }
            }
            Item::Use(u) => {
                let text = self.text[self.range(u.span()).0..self.range(u.span()).1].to_string();
                self.out.modules[module].use_texts.push(text);
                let mut prefix = Vec::new();
                if u.leading_colon.is_some() {
                    prefix.push("::".to_string());
                }
                self.use_tree(&u.tree, &mut prefix, module);
            }
            Item::Struct(s) => {
                let name = s.ident.to_string();
                self.lifetime_only(module, &name, &s.generics);
                self.out.modules[module].items.push(name.clone());
                let self_ty = Some(vec![name.clone()]);
                let fields = s
                    .fields
                    .iter()
                    .filter_map(|f| {
                        Some((
                            f.ident.as_ref()?.to_string(),
                            type_ref(&f.ty, &self_ty, false)?,
                        ))
                    })
                    .collect();
                self.out.structs.push(StructSummary {
                    module,
                    name,
                    fields,
                    generics: type_param_names(&s.generics),
                });
            }
            Item::Enum(e) => {
                self.lifetime_only(module, &e.ident.to_string(), &e.generics);
                self.out.modules[module].items.push(e.ident.to_string())
            }
            Item::Type(t) => {
                self.lifetime_only(module, &t.ident.to_string(), &t.generics);
                self.out.modules[module].items.push(t.ident.to_string())
            }
            Item::Const(c) => self.out.modules[module].items.push(c.ident.to_string()),
            Item::Static(s) => self.out.modules[module].items.push(s.ident.to_string()),
            Item::Union(u) => self.out.modules[module].items.push(u.ident.to_string()),
            Item::Trait(t) => {
                let name = t.ident.to_string();
                self.out.modules[module].items.push(name.clone());
                let id = self.out.traits.len();
                self.out.traits.push(TraitSummary {
                    module,
                    name: name.clone(),
                    is_pub: is_pub(&t.vis),
                    body_end: self.start(t.brace_token.span.close()),
                });
                let self_ty = Some(vec![name]);
                for ti in &t.items {
                    if let TraitItem::Fn(f) = ti {
                        let item_start = self.start(f.span());
                        self.function(FnInput {
                            attrs: &f.attrs,
                            vis: syn::Visibility::Inherited,
                            vis_pub: is_pub(&t.vis),
                            sig: &f.sig,
                            block: f.default.as_ref(),
                            item_start,
                            item_end: self.end(f.span()),
                            module,
                            owner: Owner::Trait(id),
                            self_ty: self_ty.clone(),
                            outer_generics: type_param_names(&t.generics),
                        });
                    }
                }
            }
            Item::Impl(i) => {
                let Some(self_ref) = type_ref(&i.self_ty, &None, false) else {
                    return;
                };
                let id = self.out.impls.len();
                let trait_ = i.trait_.as_ref().map(|(p, _)| path_segments(p));
                self.out.impls.push(ImplSummary {
                    module,
                    self_ty: self_ref.path.clone(),
                    trait_: trait_.clone(),
                });
                let self_ty = Some(self_ref.path);
                for ii in &i.items {
                    if let ImplItem::Fn(f) = ii {
                        let item_start = self.start(f.span());
                        self.function(FnInput {
                            attrs: &f.attrs,
                            vis: f.vis.clone(),
                            vis_pub: is_pub(&f.vis) || trait_.is_some(),
                            sig: &f.sig,
                            block: Some(&f.block),
                            item_start,
                            item_end: self.end(f.span()),
                            module,
                            owner: Owner::Impl(id),
                            self_ty: self_ty.clone(),
                            outer_generics: type_param_names(&i.generics),
                        });
                    }
                }
            }
            _ => {}
        }
    }

    fn use_tree(&mut self, tree: &UseTree, prefix: &mut Segments, module: usize) {
        match tree {
            UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(&p.tree, prefix, module);
                prefix.pop();
            }
            UseTree::Name(n) => {
                let name = n.ident.to_string();
                let mut path = prefix.clone();
                let alias = if name == "self" {
                    prefix.last().cloned().unwrap_or_default()
                } else {
                    path.push(name.clone());
                    name
                };
                self.out.modules[module].uses.push(UseEntry {
                    alias,
                    path,
                    glob: false,
                });
            }
            UseTree::Rename(r) => {
                let name = r.ident.to_string();
                let mut path = prefix.clone();
                if name != "self" {
                    path.push(name);
                }
                self.out.modules[module].uses.push(UseEntry {
                    alias: r.rename.to_string(),
                    path,
                    glob: false,
                });
            }
            UseTree::Glob(_) => self.out.modules[module].uses.push(UseEntry {
                alias: String::new(),
                path: prefix.clone(),
                glob: true,
            }),
            UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(t, prefix, module);
                }
            }
        }
    }

    fn function(&mut self, f: FnInput<'_>) {
        let sig = f.sig;
        let async_at = match (&sig.safety, &sig.abi) {
            (syn::Safety::Unsafe(t), _) => self.start(t.span),
            (syn::Safety::Safe(t), _) => self.start(t.span),
            (_, Some(abi)) => self.start(abi.extern_token.span),
            _ => self.start(sig.fn_token.span),
        };
        let (ident_start, ident_end) = self.range(sig.ident.span());
        let sig_start = self.start(sig.span());
        let sig_end = self.end(sig.span());
        let first_non_doc = f
            .attrs
            .iter()
            .find(|a| !a.path().is_ident("doc"))
            .map(|a| self.start(a.span()));
        let fn_line_start = awaitify_core::text::line_start(
            self.text,
            first_non_doc.unwrap_or(sig_start).min(sig_start),
        );
        let mut params = Vec::new();
        for (i, arg) in sig.inputs.iter().enumerate() {
            match arg {
                FnArg::Receiver(r) => {
                    let text = match &r.kind {
                        syn::ReceiverKind::Value => "self".to_string(),
                        syn::ReceiverKind::Reference(_, lt, m) => format!(
                            "&{}{}self",
                            lt.as_ref().map(|l| format!("{l} ")).unwrap_or_default(),
                            if m.is_some() { "mut " } else { "" }
                        ),
                        _ => {
                            let (s, e) = self.range(r.span());
                            self.text[s..e].trim_start_matches("mut ").to_string()
                        }
                    };
                    params.push(Param {
                        decl: text.clone(),
                        text,
                        is_receiver: true,
                        forward: "self".into(),
                    });
                }
                FnArg::Typed(pt) => {
                    let (ts, te) = self.range(pt.ty.span());
                    let ty_text = &self.text[ts..te];
                    let name = match &*pt.pat {
                        Pat::Ident(pi) if pi.subpat.is_none() => pi.ident.to_string(),
                        _ => format!("arg{i}"),
                    };
                    params.push(Param {
                        text: name.clone(),
                        is_receiver: false,
                        decl: format!("{name}: {ty_text}"),
                        forward: name,
                    });
                }
            }
        }
        let mut bare_type_paths = Vec::new();
        for arg in &sig.inputs {
            if let FnArg::Typed(pt) = arg {
                self.bare_paths(&pt.ty, &mut bare_type_paths);
            }
        }
        if let ReturnType::Type(_, ty) = &sig.output {
            self.bare_paths(ty, &mut bare_type_paths);
        }
        let returns = match &sig.output {
            ReturnType::Type(_, ty) => type_ref(ty, &f.self_ty, true),
            ReturnType::Default => None,
        };
        let keep_sync = {
            let fn_line = awaitify_core::text::line_start(self.text, sig_start);
            let from = awaitify_core::text::line_start(
                self.text,
                fn_line.saturating_sub(1).max(f.item_start.min(fn_line)),
            );
            let to = awaitify_core::text::line_end(self.text, sig_start);
            let from = from.min(fn_line);
            self.text[from..to].contains("awaitify: keep-sync")
        };
        // Whether `Send` of its future depends on type parameters (its own, its impl's or
        // trait's, or `impl Trait` arguments): then it cannot be decided where the shim is.
        let generic_send = !type_param_names(&sig.generics).is_empty()
            || !f.outer_generics.is_empty()
            || sig.inputs.iter().any(|a| {
                matches!(a, FnArg::Typed(pt) if matches!(&*pt.ty, Type::ImplTrait(_))
                    || { let (s, e) = self.range(pt.ty.span()); self.text[s..e].contains("impl ") })
            });
        let mut body = BodyVisitor {
            x: self,
            calls: Vec::new(),
            locals: Vec::new(),
            scopes: vec![Vec::new()],
            ctx: vec![Ctx::Body],
            self_ty: f.self_ty.clone(),
            in_macro: 0,
            opaque: Vec::new(),
            nested: Vec::new(),
            fn_values: Vec::new(),
            block_ends: Vec::new(),
            awaits: Vec::new(),
            drops: Vec::new(),
            macros: Vec::new(),
            generic_locals: Vec::new(),
            offloaded: 0,
            offload_closures: Vec::new(),
        };
        let mut type_params = type_param_names(&sig.generics);
        type_params.extend(f.outer_generics.iter().cloned());
        for arg in &sig.inputs {
            if let FnArg::Typed(pt) = arg {
                let val = type_ref(&pt.ty, &f.self_ty, false)
                    .map(Val::Typed)
                    .unwrap_or(Val::Unknown);
                let first = body.locals.len();
                body.bind_pat(&pt.pat, val);
                if is_generic_type(&pt.ty, &type_params) {
                    body.generic_locals.extend(first..body.locals.len());
                }
            }
        }
        if let Some(block) = f.block {
            body.visit_block(block);
        }
        let BodyVisitor {
            calls,
            locals,
            opaque,
            nested,
            fn_values,
            awaits,
            drops,
            macros,
            ..
        } = body;
        let vis = {
            let (s, e) = self.range(f.vis.span());
            if s < e {
                self.text[s..e].to_string()
            } else {
                String::new()
            }
        };
        self.out.functions.push(FnSummary {
            vis,
            name: sig.ident.to_string(),
            module: f.module,
            owner: f.owner,
            is_async: sig.asyncness.is_some(),
            is_const: sig.constness.is_some(),
            has_body: f.block.is_some(),
            is_pub: f.vis_pub,
            attrs: attr_paths(f.attrs),
            cfgs: f
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("cfg") || a.path().is_ident("cfg_attr"))
                .map(|a| {
                    let (s, e) = self.range(a.span());
                    self.text[s..e].to_string()
                })
                .collect(),
            async_at,
            ident_start,
            ident_end,
            item_start: f.item_start,
            item_end: f.item_end,
            sig_start,
            sig_end,
            fn_line_start,
            params,
            returns,
            has_generics: !sig.generics.params.is_empty(),
            generic_send,
            calls,
            locals,
            opaque_macros: opaque,
            keep_sync,
            fn_values,
            awaits,
            drops,
            macros,
            bare_type_paths,
        });
        // Items nested in the body (fns, impls) belong to the enclosing module.
        for item in nested {
            self.item(&item, f.module, &None);
        }
    }
}

impl Extractor<'_> {
    /// Records `name` when its generic parameters are all lifetimes (at least one).
    fn lifetime_only(&mut self, module: usize, name: &str, g: &syn::Generics) {
        if !g.params.is_empty()
            && g.params
                .iter()
                .all(|p| matches!(p, syn::GenericParam::Lifetime(_)))
        {
            self.out.lifetime_types.push((module, name.to_string()));
        }
    }

    /// Every type path in `ty` written without generic arguments on its last segment,
    /// with the offset after that segment.
    fn bare_paths(&self, ty: &Type, out: &mut Vec<(Segments, usize)>) {
        struct V<'v, 'e, 'a>(&'v Extractor<'a>, &'e mut Vec<(Segments, usize)>);
        impl<'ast> Visit<'ast> for V<'_, '_, '_> {
            fn visit_type_path(&mut self, t: &'ast syn::TypePath) {
                if t.qself.is_none()
                    && let Some(last) = t.path.segments.last()
                    && last.arguments.is_none()
                {
                    let at = self.0.end(last.ident.span());
                    self.1.push((path_segments(&t.path), at));
                }
                visit::visit_type_path(self, t);
            }
            // `impl Trait` / `dyn Trait` bounds name traits, not types.
            fn visit_type_param_bound(&mut self, _: &'ast syn::TypeParamBound) {}
        }
        V(self, out).visit_type(ty);
    }
}

struct FnInput<'s> {
    attrs: &'s [syn::Attribute],
    vis: syn::Visibility,
    vis_pub: bool,
    sig: &'s syn::Signature,
    block: Option<&'s syn::Block>,
    item_start: usize,
    item_end: usize,
    module: usize,
    owner: Owner,
    self_ty: Option<Segments>,
    /// Type parameters of the enclosing `impl<..>` or `trait<..>`.
    outer_generics: Vec<String>,
}

struct BodyVisitor<'x, 'a> {
    x: &'x mut Extractor<'a>,
    calls: Vec<Call>,
    locals: Vec<Local>,
    scopes: Vec<Vec<(String, usize)>>,
    ctx: Vec<Ctx>,
    self_ty: Option<Segments>,
    in_macro: usize,
    opaque: Vec<(usize, String)>,
    nested: Vec<Item>,
    fn_values: Vec<(Segments, usize)>,
    block_ends: Vec<usize>,
    awaits: Vec<(usize, Ctx)>,
    drops: Vec<(usize, usize)>,
    macros: Vec<(usize, String)>,
    /// Parameters typed by a generic parameter or `impl Trait` (`Call::generic_arg`).
    generic_locals: Vec<usize>,
    /// How many closures handed to an off-thread runner (see [`Call::offloaded`]) enclose
    /// the current expression.
    offloaded: usize,
    /// The spans of closures passed to such runners.
    offload_closures: Vec<(usize, usize)>,
}

fn type_param_names(g: &syn::Generics) -> Vec<String> {
    g.type_params().map(|t| t.ident.to_string()).collect()
}

/// `A`, `&A`, `&mut A` for a type parameter `A`, or `impl Trait`.
fn is_generic_type(ty: &Type, type_params: &[String]) -> bool {
    match ty {
        Type::Reference(r) => is_generic_type(&r.elem, type_params),
        Type::Paren(p) => is_generic_type(&p.elem, type_params),
        Type::ImplTrait(_) => true,
        Type::Path(p) => {
            p.qself.is_none()
                && p.path
                    .get_ident()
                    .is_some_and(|i| type_params.iter().any(|t| i == t))
        }
        _ => false,
    }
}

/// Calls that run the closure they are given on another thread (or let the runtime move
/// its other tasks away first): blocking there is what they are for.
fn runs_off_thread(name: &str) -> bool {
    matches!(
        name,
        "spawn_blocking" | "block_in_place" | "spawn" | "spawn_scoped" | "scope" | "in_place_scope"
    )
}

/// `crate::awaitify_runtime::blocking(|| ..)`: awaitify's own `block_in_place` wrapper.
fn is_runtime_blocking(p: &syn::Path) -> bool {
    let n = p.segments.len();
    n >= 2 && p.segments[n - 1].ident == "blocking" && p.segments[n - 2].ident == "awaitify_runtime"
}

/// Methods that hand back (a view of) their receiver: `x.unwrap()`, `x.clone()`.
const TRANSPARENT: &[&str] = &[
    "unwrap",
    "expect",
    "clone",
    "as_ref",
    "as_mut",
    "borrow",
    "borrow_mut",
    "by_ref",
    "unwrap_or_default",
];

impl BodyVisitor<'_, '_> {
    fn lookup(&self, name: &str) -> Option<usize> {
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.iter().rev().find(|(n, _)| n == name).map(|(_, id)| *id))
    }

    fn bind(&mut self, name: String, val: Val) -> usize {
        let id = self.locals.len();
        let ctx = self.ctx();
        self.locals.push(Local {
            name: name.clone(),
            val,
            uses: 0,
            use_spans: Vec::new(),
            simple_let: None,
            receiver_of: Vec::new(),
            init_call: None,
            guard: None,
            decl: 0,
            scope_end: *self.block_ends.last().unwrap_or(&usize::MAX),
            ctx,
        });
        self.scopes.last_mut().unwrap().push((name, id));
        id
    }

    fn bind_pat(&mut self, pat: &Pat, val: Val) {
        match pat {
            Pat::Ident(pi) => {
                self.bind(pi.ident.to_string(), val);
                if let Some((_, sub)) = &pi.subpat {
                    self.bind_pat(sub, Val::Unknown);
                }
            }
            Pat::Type(pt) => {
                let v = type_ref(&pt.ty, &self.self_ty, false)
                    .map(Val::Typed)
                    .unwrap_or(val);
                self.bind_pat(&pt.pat, v);
            }
            Pat::Reference(r) => self.bind_pat(&r.pat, val),
            Pat::Paren(p) => self.bind_pat(&p.pat, val),
            other => {
                // Destructuring: every name it binds shadows, with no known type.
                let mut names = Vec::new();
                collect_idents(other, &mut names);
                for n in names {
                    self.bind(n, Val::Unknown);
                }
            }
        }
    }

    fn path_of(&self, p: &syn::Path) -> Segments {
        let mut segs = path_segments(p);
        if segs.first().is_some_and(|s| s == "Self")
            && let Some(t) = &self.self_ty
        {
            segs.splice(0..1, t.iter().cloned());
        }
        segs
    }

    fn val(&self, e: &Expr) -> Val {
        match e {
            Expr::Path(p) if p.qself.is_none() => {
                if let Some(id) = p.path.get_ident() {
                    let name = id.to_string();
                    if name == "self" {
                        return Val::SelfValue;
                    }
                    if let Some(l) = self.lookup(&name) {
                        return Val::Local(l);
                    }
                }
                Val::Unknown
            }
            Expr::Field(f) => match &f.member {
                syn::Member::Named(n) => Val::Field(Box::new(self.val(&f.base)), n.to_string()),
                syn::Member::Unnamed(_) => Val::Unknown,
            },
            Expr::Call(c) => match &*c.func {
                Expr::Path(p) if p.qself.is_none() => Val::CallPath(self.path_of(&p.path)),
                _ => Val::Unknown,
            },
            Expr::MethodCall(m) => {
                let name = m.method.to_string();
                if TRANSPARENT.contains(&name.as_str()) {
                    self.val(&m.receiver)
                } else {
                    Val::CallMethod(Box::new(self.val(&m.receiver)), name)
                }
            }
            // `Self { .. }`, `Store { root }`: a value of that struct.
            Expr::Struct(s) if s.qself.is_none() => Val::Typed(TypeRef {
                path: self.path_of(&s.path),
                dyn_trait: false,
            }),
            Expr::Try(t) => self.val(&t.expr),
            Expr::Await(a) => self.val(&a.base),
            Expr::Paren(p) => self.val(&p.expr),
            Expr::Group(g) => self.val(&g.expr),
            Expr::Reference(r) => self.val(&r.expr),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => self.val(&u.expr),
            _ => Val::Unknown,
        }
    }

    fn any_generic<'e>(&self, mut args: impl Iterator<Item = &'e Expr>) -> bool {
        args.any(|a| {
            self.local_of(a)
                .is_some_and(|l| self.generic_locals.contains(&l))
        })
    }

    fn field_args<'e>(&self, args: impl Iterator<Item = &'e Expr>) -> Vec<Val> {
        args.filter_map(|a| match self.val(a) {
            v @ Val::Field(..) => Some(v),
            _ => None,
        })
        .collect()
    }

    fn local_of(&self, e: &Expr) -> Option<usize> {
        match e {
            Expr::Path(p) if p.qself.is_none() => self.lookup(&p.path.get_ident()?.to_string()),
            Expr::Paren(p) => self.local_of(&p.expr),
            Expr::Reference(r) => self.local_of(&r.expr),
            _ => None,
        }
    }

    fn ctx(&self) -> Ctx {
        *self.ctx.last().unwrap()
    }

    /// Closures among `args` run off the caller's thread (see [`Call::offloaded`]).
    fn mark_offloaded<'e>(&mut self, args: impl Iterator<Item = &'e Expr>) {
        for a in args {
            if let Expr::Closure(c) = a {
                let r = self.x.range(c.span());
                self.offload_closures.push(r);
            }
        }
    }

    fn push_call(&mut self, call: Call) {
        self.calls.push(call);
    }

    /// Arguments of a macro invocation, when they are expressions.
    fn visit_mac(&mut self, mac: &syn::Macro) {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let parsed = if name == "vec" {
            mac.parse_body_with(Punctuated::<Expr, syn::Token![,]>::parse_terminated)
                .or_else(|_| {
                    mac.parse_body_with(|input: syn::parse::ParseStream| {
                        let a: Expr = input.parse()?;
                        let _: syn::Token![;] = input.parse()?;
                        let b: Expr = input.parse()?;
                        let mut p = Punctuated::new();
                        p.push(a);
                        p.push(b);
                        Ok(p)
                    })
                })
        } else {
            mac.parse_body_with(Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        };
        match parsed {
            Ok(args) => {
                self.in_macro += 1;
                for a in &args {
                    self.visit_expr(a);
                }
                self.in_macro -= 1;
            }
            Err(_) => {
                if !mac.tokens.is_empty() {
                    let at = self.x.start(mac.path.span());
                    self.opaque.push((at, format!("{name}!")));
                }
            }
        }
    }
}

fn collect_idents(p: &Pat, out: &mut Vec<String>) {
    struct V<'o>(&'o mut Vec<String>);
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_pat_ident(&mut self, i: &'ast syn::PatIdent) {
            self.0.push(i.ident.to_string());
            visit::visit_pat_ident(self, i);
        }
    }
    V(out).visit_pat(p);
}

impl<'ast> Visit<'ast> for BodyVisitor<'_, '_> {
    fn visit_block(&mut self, b: &'ast syn::Block) {
        self.scopes.push(Vec::new());
        let end = self.x.end(b.brace_token.span.close());
        self.block_ends.push(end);
        visit::visit_block(self, b);
        self.block_ends.pop();
        self.scopes.pop();
    }

    fn visit_stmt(&mut self, st: &'ast syn::Stmt) {
        visit::visit_stmt(self, st);
        if let syn::Stmt::Expr(e, Some(_)) = st
            && matches!(e, Expr::Call(_) | Expr::MethodCall(_))
        {
            let (s, e) = self.x.range(e.span());
            if let Some(c) = self
                .calls
                .iter_mut()
                .rev()
                .find(|c| c.start == s && c.end == e)
            {
                c.discarded = true;
            }
        }
    }

    fn visit_item(&mut self, i: &'ast Item) {
        // A nested item is not part of this function's body.
        self.nested.push(i.clone());
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        let mut init_call = None;
        let mut val = Val::Unknown;
        if let Some(init) = &l.init {
            let before = self.calls.len();
            self.visit_expr(&init.expr);
            if let Some((_, e)) = &init.diverge {
                self.visit_expr(e);
            }
            val = self.val(&init.expr);
            let core = strip_try(&init.expr);
            let (s, e) = self.x.range(core.span());
            init_call = self.calls[before..]
                .iter()
                .position(|c| c.start == s && c.end == e)
                .map(|i| i + before);
        }
        let n = self.locals.len();
        self.bind_pat(&l.pat, val);
        let decl = self.x.end(l.span());
        if self.locals.len() == n + 1 {
            self.locals[n].init_call = init_call;
            self.locals[n].decl = decl;
            if let Some(init) = &l.init {
                self.locals[n].guard = guard_method(&init.expr);
                let plain = match &l.pat {
                    Pat::Ident(pi) => pi.by_ref.is_none() && pi.subpat.is_none(),
                    _ => false,
                };
                if plain && init.diverge.is_none() && l.attrs.is_empty() {
                    let (stmt_start, stmt_end) = self.x.range(l.span());
                    let (init_start, init_end) = self.x.range(init.expr.span());
                    self.locals[n].simple_let = Some(SimpleLet {
                        stmt_start,
                        stmt_end,
                        init_start,
                        init_end,
                    });
                }
            }
        }
        if let (Pat::Wild(_), Some(init)) = (&l.pat, &l.init) {
            let (s, e) = self.x.range(strip_try(&init.expr).span());
            if let Some(c) = self
                .calls
                .iter_mut()
                .rev()
                .find(|c| c.start == s && c.end == e)
            {
                c.discarded = true;
            }
        }
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        let offloaded = self.offload_closures.contains(&self.x.range(c.span()));
        self.offloaded += usize::from(offloaded);
        self.scopes.push(Vec::new());
        for p in &c.inputs {
            self.bind_pat(p, Val::Unknown);
        }
        self.ctx.push(if c.asyncness.is_some() {
            Ctx::AsyncBlock
        } else {
            Ctx::Closure
        });
        self.visit_expr(&c.body);
        self.ctx.pop();
        self.scopes.pop();
        self.offloaded -= usize::from(offloaded);
    }

    fn visit_expr_async(&mut self, a: &'ast syn::ExprAsync) {
        self.ctx.push(Ctx::AsyncBlock);
        visit::visit_expr_async(self, a);
        self.ctx.pop();
    }

    fn visit_expr_const(&mut self, c: &'ast syn::ExprConst) {
        self.ctx.push(Ctx::Const);
        visit::visit_expr_const(self, c);
        self.ctx.pop();
    }

    fn visit_expr_await(&mut self, a: &'ast syn::ExprAwait) {
        self.visit_expr(&a.base);
        let at = self.x.end(a.span());
        let ctx = self.ctx();
        self.awaits.push((at, ctx));
        let (s, e) = self.x.range(a.base.span());
        if let Some(c) = self
            .calls
            .iter_mut()
            .rev()
            .find(|c| c.start == s && c.end == e)
        {
            c.awaited = true;
        }
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        if p.qself.is_none() {
            if let Some(id) = p.path.get_ident()
                && let Some(l) = self.lookup(&id.to_string())
            {
                self.locals[l].uses += 1;
                let span = self.x.range(p.span());
                self.locals[l].use_spans.push(span);
                return;
            }
            // A path used as a value (not called): a function handed to someone else.
            let segs = self.path_of(&p.path);
            let at = self.x.start(p.span());
            self.fn_values.push((segs, at));
        }
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let Expr::Path(p) = &*c.func
            && (p
                .path
                .segments
                .last()
                .is_some_and(|s| runs_off_thread(&s.ident.to_string()))
                || is_runtime_blocking(&p.path))
        {
            self.mark_offloaded(c.args.iter());
        }
        let (start, end) = self.x.range(c.span());
        let open_paren = self.x.start(c.paren_token.span.open());
        match &*c.func {
            Expr::Path(p) if p.qself.is_none() => {
                let (ns, ne) = self.x.range(p.span());
                let (is, ie) = p
                    .path
                    .segments
                    .last()
                    .map(|s| self.x.range(s.ident.span()))
                    .unwrap_or((ns, ne));
                let path = self.path_of(&p.path);
                self.push_call(Call {
                    callee: Callee::Path(path),
                    start,
                    end,
                    name_start: ns,
                    name_end: ne,
                    head_start: ns,
                    open_paren,
                    awaited: false,
                    ctx: self.ctx(),
                    offloaded: self.offloaded > 0,
                    in_macro: self.in_macro > 0,
                    recv_local: None,
                    recv_call: None,
                    ident_start: is,
                    ident_end: ie,
                    discarded: false,
                    args_owned: c.args.iter().all(owned_expr),
                    generic_arg: self.any_generic(c.args.iter()),
                    field_args: self.field_args(c.args.iter()),
                    first_arg: c.args.first().map(|a| match a {
                        Expr::Reference(r) => self.val(&r.expr),
                        other => self.val(other),
                    }),
                });
            }
            other => self.visit_expr(other),
        }
        if let Expr::Path(p) = &*c.func
            && p.path.is_ident("drop")
            && c.args.len() == 1
            && let Some(l) = self.local_of(&c.args[0])
        {
            let at = self.x.start(c.span());
            self.drops.push((l, at));
        }
        for a in &c.args {
            self.visit_expr(a);
        }
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        if runs_off_thread(&m.method.to_string()) {
            self.mark_offloaded(m.args.iter());
        }
        let (start, end) = self.x.range(m.span());
        let (ns, ne) = self.x.range(m.method.span());
        let recv = self.val(&m.receiver);
        let recv_local = self.local_of(&m.receiver);
        let idx = self.calls.len();
        let head_start = self.x.start(m.receiver.span());
        self.push_call(Call {
            callee: Callee::Method {
                recv,
                name: m.method.to_string(),
            },
            start,
            end,
            name_start: ns,
            name_end: ne,
            head_start,
            open_paren: self.x.start(m.paren_token.span.open()),
            awaited: false,
            ctx: self.ctx(),
            offloaded: self.offloaded > 0,
            in_macro: self.in_macro > 0,
            recv_local,
            recv_call: None,
            ident_start: ns,
            ident_end: ne,
            discarded: false,
            args_owned: false,
            generic_arg: self.any_generic(m.args.iter()),
            field_args: self.field_args(m.args.iter()),
            first_arg: None,
        });
        if let Some(l) = recv_local {
            self.locals[l].receiver_of.push(idx);
        }
        self.visit_expr(&m.receiver);
        let core = strip_try(&m.receiver);
        let (rs, re) = self.x.range(core.span());
        self.calls[idx].recv_call = self.calls[idx + 1..]
            .iter()
            .position(|c| c.start == rs && c.end == re)
            .map(|i| i + idx + 1);
        for a in &m.args {
            self.visit_expr(a);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if let Some(last) = mac.path.segments.last() {
            let at = self.x.start(mac.path.span());
            self.macros.push((at, last.ident.to_string()));
        }
        self.visit_mac(mac);
    }
}

/// An expression that visibly makes an owned value, movable into a `'static` closure.
fn owned_expr(e: &Expr) -> bool {
    match e {
        Expr::Lit(_) => true,
        Expr::Paren(p) => owned_expr(&p.expr),
        Expr::MethodCall(m) => matches!(
            m.method.to_string().as_str(),
            "clone" | "to_owned" | "to_string" | "to_path_buf" | "to_vec" | "into_owned"
        ),
        Expr::Macro(m) => m.mac.path.is_ident("format"),
        Expr::Call(c) => matches!(&*c.func, Expr::Path(p) if p.path.segments.len() == 2
            && matches!(p.path.segments[0].ident.to_string().as_str(), "String" | "PathBuf")),
        _ => false,
    }
}

/// `x.lock().unwrap()`, `cell.borrow_mut()`: a guard that borrows until it is dropped.
fn guard_method(e: &Expr) -> Option<String> {
    match e {
        Expr::Try(t) => guard_method(&t.expr),
        Expr::Paren(p) => guard_method(&p.expr),
        Expr::Await(_) => None,
        Expr::MethodCall(m) => {
            let name = m.method.to_string();
            match name.as_str() {
                "unwrap" | "expect" => guard_method(&m.receiver),
                "lock" | "read" | "write" | "borrow" | "borrow_mut" if m.args.is_empty() => {
                    Some(name)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn strip_try(e: &Expr) -> &Expr {
    match e {
        Expr::Try(t) => strip_try(&t.expr),
        Expr::Paren(p) => strip_try(&p.expr),
        Expr::MethodCall(m) if matches!(m.method.to_string().as_str(), "unwrap" | "expect") => {
            strip_try(&m.receiver)
        }
        other => other,
    }
}

/// `// awaitify: ignore[AWT101]`, `// awaitify: ignore`, `// noqa: AWT101` comments.
fn suppressions(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(pos) = line.find("//") else { continue };
        let comment = &line[pos + 2..];
        if let Some(rest) = comment.trim_start().strip_prefix("awaitify: ignore") {
            let codes = rest
                .strip_prefix('[')
                .and_then(|r| r.split(']').next())
                .map(|c| {
                    c.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            out.push((i + 1, codes));
        }
    }
    out
}
