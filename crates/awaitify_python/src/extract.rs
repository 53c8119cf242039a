//! One pass over a parsed module that records the [`ModuleSummary`]: scopes and their
//! bindings, functions and classes, and every site that resolution or rewriting needs
//! (calls, `with` items, iterables, functions used as values), with byte positions.

use crate::model::*;
use awaitify_core::text::{LineIndex, indentation_at, line_end, line_start};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub const KEEP_SYNC_MARKER: &str = "awaitify: keep-sync";

fn off(t: ruff_text_size::TextSize) -> usize {
    t.to_usize()
}

fn span(node: &impl Ranged) -> (usize, usize) {
    (off(node.start()), off(node.end()))
}

/// The dotted text of a `Name`/`Attribute` chain, if the expression is one.
pub fn dotted(expr: &Expr) -> Option<String> {
    let mut parts: smallvec::SmallVec<[&str; 8]> = smallvec::SmallVec::new();
    let mut e = expr;
    loop {
        match e {
            Expr::Name(n) => {
                parts.push(n.id.as_str());
                break;
            }
            Expr::Attribute(a) => {
                parts.push(a.attr.as_str());
                e = &a.value;
            }
            _ => return None,
        }
    }
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for (i, p) in parts.iter().rev().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(p);
    }
    Some(out)
}

/// The last name of a `Name`/`Attribute` chain, if the expression is one.
pub fn dotted_last(expr: &Expr) -> Option<&str> {
    let (last, mut e) = match expr {
        Expr::Name(n) => return Some(n.id.as_str()),
        Expr::Attribute(a) => (a.attr.as_str(), &*a.value),
        _ => return None,
    };
    loop {
        match e {
            Expr::Name(_) => return Some(last),
            Expr::Attribute(a) => e = &a.value,
            _ => return None,
        }
    }
}

/// Whether [`dotted`] of the expression is `name` (without building it).
pub fn dotted_eq(expr: &Expr, name: &str) -> bool {
    let mut rest = name;
    let mut e = expr;
    loop {
        match e {
            Expr::Name(n) => return rest == n.id.as_str(),
            Expr::Attribute(a) => {
                match rest
                    .strip_suffix(a.attr.as_str())
                    .and_then(|h| h.strip_suffix('.'))
                {
                    Some(head) => rest = head,
                    None => return false,
                }
                e = &a.value;
            }
            _ => return false,
        }
    }
}

/// Resolve `from ..x import y` relative to `module` (a package when `is_package`).
pub fn resolve_relative(module: &str, is_package: bool, level: u32, name: Option<&str>) -> String {
    let mut parts: Vec<&str> = if module.is_empty() {
        vec![]
    } else {
        module.split('.').collect()
    };
    if level > 0 {
        if !is_package {
            parts.pop();
        }
        for _ in 1..level {
            parts.pop();
        }
    }
    let mut base = parts.join(".");
    if let Some(name) = name {
        if !base.is_empty() && level > 0 {
            base.push('.');
        } else if level == 0 {
            base.clear();
        }
        base.push_str(name);
    }
    base
}

/// `values`: record references to functions used as values (`SiteKind::Value`); only
/// migration reads them (lint leaves them out).
pub fn extract(
    name: &str,
    is_package: bool,
    source: &str,
    module: &ast::ModModule,
    tokens: &ruff_python_ast::token::Tokens,
    values: bool,
) -> ModuleSummary {
    let mut w = Walker {
        values,
        last_line: std::cell::Cell::new(0),
        src: source,
        lines: LineIndex::new(source),
        summary: ModuleSummary {
            name: name.to_string(),
            is_package,
            scopes: vec![Scope {
                kind: ScopeKind::Module,
                parent: None,
                bindings: HashMap::default(),
            }],
            functions: vec![],
            classes: vec![],
            sites: vec![],
            genexps: vec![],
            star_imports: vec![],
            all: vec![],
            import_insert: 0,
            import_insert_needs_blank: false,
            suppressions: vec![],
            patched: vec![],
            aliases: vec![],
            containers: HashMap::default(),
            guards: vec![],
            atomic_blocks: vec![],
        },
        scope: 0,
        func: None,
        class: None,
        sync_ctx: 0,
        in_block: false,
        atomic_keywords: HashSet::default(),
        lambdas: 0,
        depth: 0,
        genexps: vec![],
        primary: HashSet::default(),
        callee_exprs: HashSet::default(),
        list_args: HashMap::default(),
        genexp_consumers: HashMap::default(),
        main_guard: HashSet::default(),
        has_return_value: vec![],
        with_stmts: 0,
        value_refs: vec![],
        discarded: HashSet::default(),
        globals: vec![],
        current_stmt: 0,
        elements: HashMap::default(),
        scope_qual: vec![String::new()],
        inferred_returns: vec![],
        awaited: HashSet::default(),
        adapted: HashSet::default(),
        receivers: HashSet::default(),
        guard: None,
        comp_names: vec![],
        pending: None,
        binding_params: false,
    };
    w.summary.suppressions = suppressions(source, &w.lines, tokens);
    w.import_insertion(&module.body);
    w.visit_body(&module.body);
    w.finish_value_refs();
    for (f, ret) in w.has_return_value.iter().enumerate() {
        let func = &mut w.summary.functions[f];
        func.returns_value_in_generator = func.is_generator && *ret;
        if func.returns.is_none() && !func.is_generator {
            func.returns = w.inferred_returns[f].take();
        }
    }
    // The summary lives until the run ends, next to every other module's: give back what
    // vector growth over-allocated (up to half of each vector).
    let mut s = w.summary;
    for f in &mut s.functions {
        // A local only ever bound to something unknown decides nothing (a parameter
        // rebound that way does: it is no longer what the call passed).
        let known: HashSet<Name> = f
            .locals
            .iter()
            .filter(|d| d.value != Derived::Other)
            .map(|d| d.name.clone())
            .collect();
        let params = &f.params;
        f.locals.retain(|d| {
            known.contains(&d.name) || params.iter().any(|p| p.name == d.name.as_str())
        });
        f.locals.shrink_to_fit();
        f.returns_lits.shrink_to_fit();
    }
    s.guards.shrink_to_fit();
    s.sites.shrink_to_fit();
    s.functions.shrink_to_fit();
    s.scopes.shrink_to_fit();
    for scope in &mut s.scopes {
        scope.bindings.shrink_to_fit();
    }
    s.classes.shrink_to_fit();
    s.genexps.shrink_to_fit();
    s
}

struct Walker<'s> {
    src: &'s str,
    lines: LineIndex,
    summary: ModuleSummary,
    scope: ScopeId,
    func: Option<LocalFunc>,
    class: Option<LocalClass>,
    sync_ctx: usize,
    /// Inside an extractable `atomic` block of the current function.
    in_block: bool,
    /// The `with` keywords of the extractable `atomic` blocks.
    atomic_keywords: HashSet<usize>,
    /// Lambdas around the current expression.
    lambdas: usize,
    depth: usize,
    genexps: Vec<usize>,
    /// Call ranges in primary position (value of attribute/subscript/call).
    primary: HashSet<(usize, usize)>,
    /// Expressions in callee position (not values).
    callee_exprs: HashSet<(usize, usize)>,
    list_args: HashMap<(usize, usize), (usize, usize, usize)>,
    genexp_consumers: HashMap<(usize, usize), String>,
    main_guard: HashSet<(usize, usize)>,
    has_return_value: Vec<bool>,
    with_stmts: usize,
    value_refs: Vec<Site>,
    /// The 0-based line [`Walker::line`] found last.
    last_line: std::cell::Cell<usize>,
    /// Record value references at all.
    values: bool,
    /// Calls that are whole expression statements.
    discarded: HashSet<(usize, usize)>,
    /// `global` names declared in each function (by local function index).
    globals: Vec<HashSet<String>>,
    /// Start of the statement being visited.
    current_stmt: usize,
    /// The qualified name of each scope's owner (empty for the module).
    scope_qual: Vec<String>,
    /// Names annotated as a collection (`conns: list[Conn]`), per scope: the element type,
    /// which a `for c in conns:` target takes.
    elements: HashMap<(ScopeId, Name), Ref>,
    /// Per function: the values its `return` statements give (for functions without a
    /// return annotation).
    inferred_returns: Vec<Option<Ref>>,
    /// Calls that are the operand of `await`.
    awaited: HashSet<(usize, usize)>,
    /// Calls passed straight to an awaited adapter (`await ensure_async(f())`).
    adapted: HashSet<(usize, usize)>,
    /// Names that are the receiver of a method call (`x` in `x.m(...)`).
    receivers: HashSet<(usize, usize)>,
    /// The innermost test the code being visited runs under (in the current function).
    guard: Option<u32>,
    /// Names bound by the comprehensions around the expression being visited.
    comp_names: Vec<Name>,
    /// What the next name bound is bound to (set by an assignment to one name).
    pending: Option<Derived>,
    /// Parameters are being bound (not a rebinding in the body).
    binding_params: bool,
}

/// Parse `# noqa`, `# noqa: A, B` and `# awaitify: ignore[A, B]` comments.
fn suppressions(
    src: &str,
    lines: &LineIndex,
    tokens: &ruff_python_ast::token::Tokens,
) -> Vec<Suppression> {
    let mut out = vec![];
    for t in tokens.iter() {
        if t.kind() != ruff_python_ast::token::TokenKind::Comment {
            continue;
        }
        let start = off(t.start());
        let text = &src[start..off(t.end())];
        let at = lines.line_col(src, start);
        let body = text.trim_start_matches('#').trim();
        if let Some(rest) = body.strip_prefix("awaitify:").map(str::trim)
            && let Some(list) = rest
                .strip_prefix("ignore[")
                .and_then(|r| r.split_once(']'))
                .map(|(l, _)| l)
        {
            let codes = list
                .split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect();
            out.push(Suppression {
                line: at.line,
                col: at.col,
                codes: Some(codes),
                ours: true,
            });
            continue;
        }
        // `noqa` may follow other text in the comment (`# type: ignore  # noqa: X`).
        if let Some(pos) = text.to_ascii_lowercase().find("noqa") {
            let rest = &text[pos + 4..];
            let codes = rest.trim_start().strip_prefix(':').map(|list| {
                list.split([',', ' '])
                    .map(str::trim)
                    .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric()))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            });
            out.push(Suppression {
                line: at.line,
                col: at.col,
                codes,
                ours: false,
            });
        }
    }
    out
}

/// Whether `expr` mentions any of `names`.
fn mentions(expr: &Expr, names: &HashSet<String>) -> bool {
    struct Finder<'n> {
        names: &'n HashSet<String>,
        found: bool,
    }
    impl<'a> Visitor<'a> for Finder<'_> {
        fn visit_expr(&mut self, e: &'a Expr) {
            if let Expr::Name(n) = e
                && self.names.contains(n.id.as_str())
            {
                self.found = true;
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut f = Finder {
        names,
        found: false,
    };
    f.visit_expr(expr);
    f.found
}

fn target_names(target: &Expr, out: &mut HashSet<String>) {
    match target {
        Expr::Name(n) => {
            out.insert(n.id.as_str().to_string());
        }
        Expr::Tuple(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        Expr::List(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        Expr::Starred(s) => target_names(&s.value, out),
        _ => {}
    }
}

/// Names a statement writes: assignment targets, and the receiver of `x.append(...)`-like
/// calls (the object being mutated).
fn statement_writes(stmt: &Stmt, out: &mut HashSet<String>) {
    let base = |e: &Expr, out: &mut HashSet<String>| {
        let mut e = e;
        loop {
            match e {
                Expr::Attribute(a) => e = &a.value,
                Expr::Subscript(s) => e = &s.value,
                Expr::Name(n) => {
                    out.insert(n.id.as_str().to_string());
                    break;
                }
                _ => break,
            }
        }
    };
    match stmt {
        Stmt::Assign(a) => a.targets.iter().for_each(|t| {
            target_names(t, out);
            base(t, out);
        }),
        Stmt::AugAssign(a) => base(&a.target, out),
        Stmt::AnnAssign(a) => base(&a.target, out),
        Stmt::Expr(e) => {
            if let Expr::Call(c) = &*e.value
                && let Expr::Attribute(attr) = &*c.func
            {
                base(&attr.value, out);
            }
        }
        _ => {}
    }
}

/// `await f(x)`, `y = await f(x)`, `ys.append(await f(x))`: the awaited call, if the
/// statement is one of these.
fn awaited_call(stmt: &Stmt) -> Option<&Expr> {
    let value = match stmt {
        Stmt::Expr(e) => &*e.value,
        Stmt::Assign(a) => &*a.value,
        Stmt::AugAssign(a) => &*a.value,
        Stmt::AnnAssign(a) => a.value.as_deref()?,
        _ => return None,
    };
    match value {
        Expr::Await(a) if matches!(&*a.value, Expr::Call(_)) => Some(&a.value),
        Expr::Call(c) if c.arguments.args.len() == 1 => match &c.arguments.args[0] {
            Expr::Await(a) if matches!(&*a.value, Expr::Call(_)) => Some(&a.value),
            _ => None,
        },
        _ => None,
    }
}

impl<'s> Walker<'s> {
    fn line(&self, offset: usize) -> usize {
        // The walk visits offsets mostly in order: start from the last line found.
        let line = self.lines.line_near(offset, self.last_line.get());
        self.last_line.set(line);
        line + 1
    }

    /// A new scope owned by the definition `qualname`.
    fn new_scope(&mut self, kind: ScopeKind, qualname: String) -> ScopeId {
        self.scope_qual.push(qualname);
        self.summary.scopes.push(Scope {
            kind,
            parent: Some(self.scope),
            bindings: HashMap::default(),
        });
        self.summary.scopes.len() - 1
    }

    fn bind(&mut self, name: &str, binding: Binding) {
        let derived = self.pending.take().unwrap_or(Derived::Other);
        self.record_local(name, derived);
        // Rebound: a collection annotation recorded for the name no longer holds.
        if !self.elements.is_empty() {
            self.elements.remove(&(self.scope, Name::new(name)));
        }
        if let Some(f) = self.func
            && self.summary.functions[f].scope == self.scope
            && self.globals[f].contains(name)
            && matches!(
                binding,
                Binding::Value(_) | Binding::Ambiguous | Binding::Param(..)
            )
        {
            // A module global rebound from inside the function.
            let at = self.current_stmt;
            self.summary.functions[f]
                .global_assigns
                .push((name.to_string(), at));
            return;
        }
        // `x = f(x)`: the new value is derived from the old one; following it would only
        // make the name's value refer to itself.
        if let Binding::Value(r) = &binding
            && ref_mentions(r, name)
            && self.summary.scopes[self.scope].bindings.contains_key(name)
        {
            return;
        }
        let bindings = &mut self.summary.scopes[self.scope].bindings;
        match bindings.get_mut(name) {
            None => {
                bindings.insert(Name::new(name), binding);
            }
            Some(slot) => {
                // Every binding may be the one that holds at a use (branches, `try`/
                // `except ImportError`, redefinitions): the name is their union.
                let old = std::mem::replace(slot, Binding::Ambiguous);
                *slot = union_binding(old, binding);
            }
        }
    }

    /// A symbolic reference for an expression evaluated in the current scope.
    fn to_ref(&self, expr: &Expr) -> Ref {
        match expr {
            Expr::Name(n) => Ref::Name(n.id.clone(), self.scope),
            Expr::Attribute(a) => Ref::Attr(Box::new(self.to_ref(&a.value)), a.attr.id.clone()),
            Expr::Call(c) => {
                if let Expr::Name(n) = &*c.func
                    && n.id.as_str() == "super"
                    && c.arguments.args.is_empty()
                    && let Some(class) = self.enclosing_method_class()
                {
                    return Ref::Super(class);
                }
                // Compared without building the dotted name (this runs for every call).
                let is = |names: &[&str]| names.iter().any(|n| dotted_eq(&c.func, n));
                let last = dotted_last(&c.func);
                match (last, c.arguments.args.first()) {
                    // `enumerate(xs)`: pairs of a number and an element.
                    (Some("enumerate"), Some(x)) if is(&["enumerate"]) => {
                        return Ref::seq(Ref::tuple(vec![Ref::Unknown, self.to_ref(x).iter()]));
                    }
                    (Some("zip"), Some(_)) if is(&["zip"]) => {
                        let args = &c.arguments.args;
                        if args.len() > MAX_UNION
                            || args.iter().any(|a| matches!(a, Expr::Starred(_)))
                        {
                            return Ref::Unknown;
                        }
                        return Ref::seq(Ref::tuple(
                            args.iter().map(|a| self.to_ref(a).iter()).collect(),
                        ));
                    }
                    // Builtins that give the same elements back.
                    (
                        Some(
                            "list" | "tuple" | "set" | "frozenset" | "sorted" | "reversed" | "iter",
                        ),
                        Some(x),
                    ) if c.arguments.args.len() == 1
                        && is(&[
                            "list",
                            "tuple",
                            "set",
                            "frozenset",
                            "sorted",
                            "reversed",
                            "iter",
                        ]) =>
                    {
                        return Ref::seq(self.to_ref(x).iter());
                    }
                    // A shim's `run_sync(C.async_f(...))` (or `asyncio.run(main())`) gives
                    // what the coroutine returns: a second run infers what the first did.
                    (Some("run_sync" | "run"), Some(x @ Expr::Call(_)))
                        if c.arguments.args.len() == 1 && is(&["run_sync", "asyncio.run"]) =>
                    {
                        return self.to_ref(x);
                    }
                    // `copy.copy(x)` / `deepcopy(x)`: a value of the same type.
                    (Some("copy" | "deepcopy"), Some(x))
                        if c.arguments.args.len() == 1
                            && is(&["copy", "deepcopy", "copy.copy", "copy.deepcopy"]) =>
                    {
                        return self.to_ref(x);
                    }
                    // `type(self)`: the receiver's class.
                    (Some("type"), Some(x)) if c.arguments.args.len() == 1 && is(&["type"]) => {
                        return Ref::Attr(Box::new(self.to_ref(x)), Name::new_static("__class__"));
                    }
                    // `functools.partial(f, ...)` calls `f`.
                    (Some("partial"), Some(f)) => return self.to_ref(f),
                    // `asyncio.to_thread(f, ...)` gives what `f(...)` returns (once awaited).
                    (Some("to_thread"), Some(f)) => return Ref::Call(Box::new(self.to_ref(f))),
                    // `getattr(obj, "name")` / `getattr(obj, "on_" + kind)`.
                    (Some("getattr"), Some(obj)) if is(&["getattr"]) => {
                        match c.arguments.args.get(1) {
                            Some(Expr::StringLiteral(s)) => {
                                return Ref::Attr(
                                    Box::new(self.to_ref(obj)),
                                    Name::new(s.value.to_str()),
                                );
                            }
                            Some(Expr::BinOp(b)) if matches!(b.op, ast::Operator::Add) => {
                                if let Expr::StringLiteral(s) = &*b.left
                                    && !s.value.to_str().is_empty()
                                {
                                    return Ref::AttrPrefix(
                                        Box::new(self.to_ref(obj)),
                                        Name::new(s.value.to_str()),
                                    );
                                }
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
                // `HANDLERS.get(k)`: an element of a registry.
                if let Expr::Attribute(a) = &*c.func
                    && a.attr.as_str() == "get"
                    && let Expr::Name(n) = &*a.value
                {
                    return Ref::Elem(n.id.clone(), self.scope);
                }
                Ref::Call(Box::new(self.to_ref(&c.func)))
            }
            // `HANDLERS[k]`: an element of a registry (or of a collection the name holds).
            Expr::Subscript(s) => match (&*s.value, &*s.slice) {
                (_, Expr::Slice(_)) => self.to_ref(&s.value),
                (Expr::Name(n), _) => Ref::Elem(n.id.clone(), self.scope),
                // `pair[0]`, `self.nodes[i]`.
                (
                    v,
                    Expr::NumberLiteral(ast::ExprNumberLiteral {
                        value: ast::Number::Int(i),
                        ..
                    }),
                ) => match i.as_u8() {
                    Some(i) => match self.to_ref(v) {
                        Ref::Unknown => Ref::Unknown,
                        r => Ref::Index(Box::new(r), i),
                    },
                    None => Ref::Unknown,
                },
                (v, _) => self.to_ref(v).iter(),
            },
            Expr::Named(n) => self.to_ref(&n.value),
            // Collections: what their elements are (for `for x in ...` and unpacking).
            Expr::List(ast::ExprList { elts, .. }) | Expr::Set(ast::ExprSet { elts, .. }) => {
                self.elements_union(elts)
            }
            Expr::Tuple(t) => {
                if t.elts.len() > MAX_UNION || t.elts.iter().any(|e| matches!(e, Expr::Starred(_)))
                {
                    self.elements_union(&t.elts)
                } else {
                    Ref::tuple(t.elts.iter().map(|e| self.to_ref(e)).collect())
                }
            }
            // `lambda ...: f(...)` as a value: calling it calls `f` (unless `f` comes from
            // the lambda's own parameters, which are not followed).
            Expr::Lambda(l) => match lambda_call(expr) {
                Some(c) => {
                    let mut root = &*c.func;
                    while let Expr::Attribute(a) = root {
                        root = &a.value;
                    }
                    let own = match (root, &l.parameters) {
                        (Expr::Name(n), Some(p)) => p.includes(n.id.as_str()),
                        (Expr::Name(_), None) => false,
                        _ => true,
                    };
                    // The lambda's parameters, if any, go to `f` as they come (what a
                    // caller passes the lambda is what `f` gets).
                    let forwards = match &l.parameters {
                        None => true,
                        Some(p) => {
                            let names: Vec<&str> = p
                                .iter_non_variadic_params()
                                .map(|p| p.name().as_str())
                                .collect();
                            p.vararg.is_none()
                                && p.kwarg.is_none()
                                && c.arguments.keywords.is_empty()
                                && c.arguments.args.len() >= names.len()
                                && names
                                    .iter()
                                    .zip(c.arguments.args.iter())
                                    .all(|(n, a)| matches!(a, Expr::Name(x) if x.id.as_str() == *n))
                        }
                    };
                    if own || !forwards {
                        Ref::Unknown
                    } else {
                        Ref::Forward(Box::new(self.to_ref(&c.func)))
                    }
                }
                None => Ref::Unknown,
            },
            Expr::BinOp(b) if matches!(b.op, ast::Operator::Div) => match self.to_ref(&b.left) {
                Ref::Unknown => Ref::Unknown,
                r => Ref::Div(Box::new(r)),
            },
            Expr::ListComp(c) => Ref::seq(self.to_ref(&c.elt)),
            Expr::SetComp(c) => Ref::seq(self.to_ref(&c.elt)),
            Expr::Generator(c) => Ref::seq(self.to_ref(&c.elt)),
            // `await f()` is what the coroutine function returns: as migrated code reads
            // what its sync original read (a second run resolves as the first did).
            Expr::Await(a) => match &*a.value {
                // `await asyncio.to_thread(f, ...)` is what `f(...)` returns.
                Expr::Call(c)
                    if dotted(&c.func)
                        .is_some_and(|d| d.rsplit('.').next() == Some("to_thread")) =>
                {
                    self.to_ref(&a.value)
                }
                // `await sync_to_async(f)(...)` (asgiref; what migrated Django code
                // writes) is what `f(...)` returns.
                v => match sync_to_async_target(v) {
                    Some(f) => Ref::Call(Box::new(self.to_ref(f))),
                    None => match self.to_ref(v) {
                        Ref::Unknown => Ref::Unknown,
                        r => Ref::Awaited(Box::new(r)),
                    },
                },
            },
            _ => Ref::Unknown,
        }
    }

    /// A collection literal's element: the union of its elements' values.
    fn elements_union(&self, elts: &[Expr]) -> Ref {
        if elts.is_empty() || elts.len() > MAX_UNION {
            return Ref::Unknown;
        }
        let mut out = Ref::Unknown;
        for e in elts {
            let r = match e {
                Expr::Starred(s) => self.to_ref(&s.value).iter(),
                e => self.to_ref(e),
            };
            out = match (out, r) {
                (Ref::Unknown, r) => r,
                (o, Ref::Unknown) => o,
                (o, r) => o.union(r),
            };
        }
        Ref::seq(out)
    }

    /// The type named by an annotation: `T`, `"T"` (any annotation inside a string),
    /// `Optional[T]`, `T | None`, `Union[A, B]`, `A | B`, `Generic[Args]` (the class),
    /// `Annotated[T, ...]`, `type[T]` (the class itself), `Self`.
    fn annotation_ref(&self, expr: &Expr) -> Ref {
        self.annotation_ref_depth(expr, 0)
    }

    fn annotation_ref_depth(&self, expr: &Expr, depth: usize) -> Ref {
        if depth > 8 {
            return Ref::Unknown;
        }
        let d = depth + 1;
        match expr {
            Expr::StringLiteral(s) => {
                let text = s.value.to_str().trim();
                if text.is_empty() || text.len() > 500 {
                    return Ref::Unknown;
                }
                // Offsets inside the parsed string are not used: only names matter here.
                match ruff_python_parser::parse_expression(text) {
                    Ok(parsed) => self.annotation_ref_depth(parsed.expr(), d),
                    Err(_) => Ref::Unknown,
                }
            }
            Expr::NoneLiteral(_) => Ref::Unknown,
            Expr::Subscript(sub) => {
                let Some(name) = dotted(&sub.value) else {
                    return Ref::Unknown;
                };
                let last = name.rsplit('.').next().unwrap_or(&name);
                // A project class that happens to be called `Collection` or `List`.
                if !self.is_typing_name(&sub.value) {
                    return Ref::Instance(Box::new(self.to_ref(&sub.value)));
                }
                let args: Vec<&Expr> = match &*sub.slice {
                    Expr::Tuple(t) => t.elts.iter().collect(),
                    e => vec![e],
                };
                match last {
                    "Optional" => self.annotation_ref_depth(&sub.slice, d),
                    "Union" => self.union_of(args.into_iter(), d),
                    "type" | "Type" => class_of(self.annotation_ref_depth(args[0], d)),
                    _ if TYPE_WRAPPERS.contains(&last) => self.annotation_ref_depth(args[0], d),
                    _ if NOT_INSTANCE.contains(&last) => Ref::Unknown,
                    // Collections: what iterating them gives.
                    "list" | "List" | "Sequence" | "MutableSequence" | "Iterable" | "Iterator"
                    | "Collection" | "set" | "Set" | "frozenset" | "FrozenSet" | "AbstractSet"
                    | "MutableSet" | "deque" | "Deque" | "Generator" | "AsyncIterator"
                    | "AsyncIterable" | "AsyncGenerator" | "KeysView" => {
                        Ref::seq(self.annotation_ref_depth(args[0], d))
                    }
                    "tuple" | "Tuple" => match args.as_slice() {
                        [x, Expr::EllipsisLiteral(_)] => Ref::seq(self.annotation_ref_depth(x, d)),
                        _ if args.len() <= MAX_UNION => Ref::tuple(
                            args.iter()
                                .map(|a| self.annotation_ref_depth(a, d))
                                .collect(),
                        ),
                        _ => Ref::Unknown,
                    },
                    // `Connection[Any]`: an instance of the generic class.
                    _ => Ref::Instance(Box::new(self.to_ref(&sub.value))),
                }
            }
            Expr::BinOp(b) if matches!(b.op, ast::Operator::BitOr) => {
                self.union_of([&*b.left, &*b.right].into_iter(), d)
            }
            Expr::Name(n) if n.id.as_str() == "Self" => self.self_ref(),
            Expr::Attribute(a) if a.attr.as_str() == "Self" => self.self_ref(),
            Expr::Name(_) | Expr::Attribute(_) => Ref::Instance(Box::new(self.to_ref(expr))),
            _ => Ref::Unknown,
        }
    }

    /// `TypeVar("T", bound=X)` / `TypeVar("T", A, B)`: the class (or union of classes)
    /// an annotation `T` stands for.
    fn type_var(&self, value: &Expr) -> Option<Ref> {
        let Expr::Call(c) = value else { return None };
        let name = dotted(&c.func)?;
        if name.rsplit('.').next() != Some("TypeVar") {
            return None;
        }
        if let Some(bound) = c.arguments.find_keyword("bound") {
            return Some(class_of(self.annotation_ref(&bound.value)));
        }
        let constraints = c.arguments.args.iter().skip(1);
        let r = class_of(self.union_of(constraints, 0));
        Some(r)
    }

    /// Whether a subscripted name is a typing form or builtin collection (`Optional`,
    /// `list`, `typing.Sequence`) rather than a project's own generic class.
    fn is_typing_name(&self, e: &Expr) -> bool {
        const TYPING: &[&str] = &[
            "typing",
            "typing_extensions",
            "collections",
            "collections.abc",
            "builtins",
            "_typeshed",
        ];
        let (head, attr) = match e {
            Expr::Name(n) => (n, false),
            // `typing.Optional`, `t.Optional` after `import typing as t`.
            Expr::Attribute(a) => match &*a.value {
                Expr::Name(n) => (n, true),
                Expr::Attribute(_) => {
                    return dotted(&a.value).is_some_and(|d| TYPING.contains(&d.as_str()));
                }
                _ => return false,
            },
            _ => return false,
        };
        match lookup_local(&self.summary.scopes, self.scope, head.id.as_str()) {
            None => !attr || TYPING.contains(&head.id.as_str()),
            Some(Binding::From { module, .. }) => !attr && TYPING.contains(&module.as_str()),
            Some(Binding::Module(m)) => TYPING.contains(&m.as_str()),
            _ => false,
        }
    }

    /// The arguments of a call that name something, for parameter flow (positional ones
    /// up to the first `*args`).
    /// Gathered inline, then moved into an allocation of exactly their number (the
    /// arguments of every call site are kept for the whole run).
    fn arg_refs(&self, call: &ast::ExprCall) -> Box<[ArgRef]> {
        let mut out: smallvec::SmallVec<[ArgRef; 4]> = smallvec::SmallVec::new();
        for (i, a) in call.arguments.args.iter().enumerate() {
            if matches!(a, Expr::Starred(_)) || i >= 64 {
                break;
            }
            if let Some(lit) = crate::feasible::lit_of(a) {
                out.push(ArgRef {
                    position: Some(i as u16),
                    keyword: None,
                    value: Ref::Unknown,
                    lit: Some(lit),
                    range: span(a),
                    lambda_name: None,
                });
            } else if flows_value(a) {
                let value = self.to_ref(a);
                if !matches!(value, Ref::Unknown) {
                    out.push(ArgRef {
                        position: Some(i as u16),
                        keyword: None,
                        value,
                        lit: None,
                        range: span(a),
                        lambda_name: lambda_call(a).map(|c| callee_name_range(&c.func)),
                    });
                }
            }
        }
        for k in call.arguments.keywords.iter() {
            let Some(name) = &k.arg else { continue };
            if let Some(lit) = crate::feasible::lit_of(&k.value) {
                out.push(ArgRef {
                    position: None,
                    keyword: Some(name.id.clone()),
                    value: Ref::Unknown,
                    lit: Some(lit),
                    range: span(&k.value),
                    lambda_name: None,
                });
            } else if flows_value(&k.value) {
                let value = self.to_ref(&k.value);
                if !matches!(value, Ref::Unknown) {
                    out.push(ArgRef {
                        position: None,
                        keyword: Some(name.id.clone()),
                        value,
                        lit: None,
                        range: span(&k.value),
                        lambda_name: lambda_call(&k.value).map(|c| callee_name_range(&c.func)),
                    });
                }
            }
        }
        out.into_vec().into_boxed_slice()
    }

    fn self_ref(&self) -> Ref {
        match self.enclosing_method_class().or(self.class) {
            Some(c) => Ref::SelfInst(c),
            None => Ref::Unknown,
        }
    }

    /// The union of several annotations; `None` members are left out.
    fn union_of<'e>(&self, items: impl Iterator<Item = &'e Expr>, depth: usize) -> Ref {
        let mut out: Option<Ref> = None;
        for e in items {
            if matches!(e, Expr::NoneLiteral(_)) {
                continue;
            }
            let r = self.annotation_ref_depth(e, depth);
            if r == Ref::Unknown {
                continue;
            }
            out = Some(match out {
                None => r,
                Some(o) => o.union(r),
            });
        }
        out.unwrap_or(Ref::Unknown)
    }

    /// The element type of a collection annotation: `list[T]`, `List[T]`, `Sequence[T]`,
    /// `Iterable[T]`, `set[T]`, `tuple[T, ...]`, ... (also inside `Optional`).
    fn element_ref(&self, expr: &Expr) -> Ref {
        let Expr::Subscript(s) = expr else {
            return Ref::Unknown;
        };
        let Some(d) = dotted(&s.value) else {
            return Ref::Unknown;
        };
        let last = d.rsplit('.').next().unwrap_or(&d);
        match last {
            "Optional" => self.element_ref(&s.slice),
            "list" | "List" | "Sequence" | "MutableSequence" | "Iterable" | "Iterator"
            | "Collection" | "set" | "Set" | "frozenset" | "FrozenSet" | "AbstractSet"
            | "MutableSet" | "deque" | "Deque" => self.annotation_ref(&s.slice),
            "tuple" | "Tuple" => match &*s.slice {
                Expr::Tuple(t)
                    if t.elts.len() == 2 && matches!(t.elts[1], Expr::EllipsisLiteral(_)) =>
                {
                    self.annotation_ref(&t.elts[0])
                }
                _ => Ref::Unknown,
            },
            _ => Ref::Unknown,
        }
    }

    fn record_elements(&mut self, name: &str, annotation: &Expr) {
        match self.element_ref(annotation) {
            Ref::Unknown => {}
            r => {
                self.elements.insert((self.scope, Name::new(name)), r);
            }
        }
    }

    fn enclosing_method_class(&self) -> Option<LocalClass> {
        let mut f = self.func?;
        loop {
            let func = &self.summary.functions[f];
            if let Some(c) = func.class {
                return Some(c);
            }
            f = func.parent_func?;
        }
    }

    fn import_insertion(&mut self, body: &[Stmt]) {
        let mut i = 0;
        if let Some(Stmt::Expr(e)) = body.first()
            && matches!(&*e.value, Expr::StringLiteral(_))
        {
            i = 1;
        }
        while let Some(Stmt::ImportFrom(f)) = body.get(i) {
            if f.module
                .as_ref()
                .is_some_and(|m| m.as_str() == "__future__")
            {
                i += 1;
            } else {
                break;
            }
        }
        let after_prev = |w: &Self| {
            let prev = &body[i - 1];
            let end = line_end(w.src, off(prev.end()));
            if end < w.src.len() { end + 1 } else { end }
        };
        match body.get(i) {
            // Beside the first existing import.
            Some(stmt @ (Stmt::Import(_) | Stmt::ImportFrom(_))) => {
                self.summary.import_insert = line_start(self.src, off(stmt.start()));
                self.summary.import_insert_needs_blank = false;
            }
            // Right after the docstring / `__future__` imports; their blank lines follow.
            _ if i > 0 => {
                self.summary.import_insert = after_prev(self);
                self.summary.import_insert_needs_blank = false;
            }
            // Before the first statement (after leading comments), with blank lines.
            Some(stmt) => {
                self.summary.import_insert = line_start(self.src, off(stmt.start()));
                self.summary.import_insert_needs_blank = true;
            }
            None => {
                self.summary.import_insert = 0;
                self.summary.import_insert_needs_blank = false;
            }
        }
    }

    fn site(&mut self, kind: SiteKind, target: Ref, range: (usize, usize)) -> Site {
        Site {
            kind,
            func: self.func,
            sync_ctx: self.sync_ctx > 0,
            deferred: self.lambdas > 0,
            target,
            start: range.0,
            end: range.1,
            line: self.line(range.0) as u32,
            depth: self.depth,
            call: None,
            genexp: self.genexps.last().map(|&g| g as u32),
            keyword: None,
            with_items: 0,
            stmt: 0,
            guard: self.guard,
            in_block: self.in_block,
        }
    }

    /// Visit what follows under `cond` as well (until the caller restores `self.guard`).
    fn push_guard(&mut self, cond: Cond) {
        let Some(f) = self.func else { return };
        if cond == Cond::Unknown || self.summary.functions[f].scope != self.scope {
            return;
        }
        self.summary.functions[f].guarded = true;
        self.summary.guards.push(GuardNode {
            cond,
            parent: self.guard,
        });
        self.guard = Some(self.summary.guards.len() as u32 - 1);
    }

    fn cond(&self, e: &Expr) -> Cond {
        crate::feasible::cond_of(e, &|n| self.comp_names.iter().any(|c| c.as_str() == n))
    }

    /// A binding of a local name in the current function's own body.
    fn record_local(&mut self, name: &str, value: Derived) {
        if let Some(f) = self.func
            && self.summary.functions[f].scope == self.scope
            && !self.binding_params
            && self.comp_names.is_empty()
        {
            self.summary.functions[f].locals.push(LocalDef {
                name: Name::new(name),
                guard: self.guard,
                value,
            });
        }
    }

    fn visit_function(&mut self, def: &'s ast::StmtFunctionDef) {
        // Decorators and defaults run in the enclosing scope.
        for d in &def.decorator_list {
            self.visit_decorator(d);
        }
        for p in def.parameters.iter_non_variadic_params() {
            if let Some(default) = &p.default {
                self.visit_expr(default);
            }
        }
        // An unannotated parameter takes the type of its default (`client=Client()`),
        // evaluated in the enclosing scope as Python does.
        let defaults: HashMap<&str, Ref> = def
            .parameters
            .iter_non_variadic_params()
            .filter(|p| p.parameter.annotation.is_none())
            .filter_map(|p| {
                let r = self.to_ref(p.default.as_deref()?);
                (r != Ref::Unknown).then(|| (p.parameter.name.as_str(), r))
            })
            .collect();
        let (start, _) = span(def);
        let search_from = def.decorator_list.last().map_or(start, |d| off(d.end()));
        let def_kw = find_def_keyword(self.src, search_from);
        let name_range = span(&def.name);
        let parent_scope = self.scope;
        let qualname = self.qualname(def.name.as_str());
        let scope = self.new_scope(ScopeKind::Function, qualname.clone());
        let class = if self.summary.scopes[parent_scope].kind == ScopeKind::Class {
            self.class
        } else {
            None
        };
        let decorators: Vec<Decorator> = def
            .decorator_list
            .iter()
            .map(|d| {
                let (expr, is_call) = match &d.expression {
                    Expr::Call(c) => (&*c.func, true),
                    e => (e, false),
                };
                let last_name = match expr {
                    Expr::Attribute(a) => span(&a.attr),
                    e => span(e),
                };
                Decorator {
                    text: self.src[off(d.start())..off(d.end())].to_string(),
                    start: off(d.start()),
                    end: off(d.end()),
                    dotted: dotted(expr),
                    is_call,
                    last_name,
                    target: self.to_ref(expr),
                }
            })
            .collect();
        let has = |n: &str| decorators.iter().any(|d| d.dotted.as_deref() == Some(n));
        let last_is = |names: &[&str]| {
            decorators.iter().any(|d| {
                d.dotted
                    .as_deref()
                    .is_some_and(|x| names.contains(&x.rsplit('.').next().unwrap_or(x)))
            })
        };
        let is_overload = last_is(&["overload"]);
        let is_property = last_is(&["property", "abstractproperty", "cached_property"]);
        let is_accessor = last_is(&["setter", "deleter"]);
        let kind = match class {
            None => FuncKind::Function,
            Some(_) if has("staticmethod") => FuncKind::StaticMethod,
            Some(_) if has("classmethod") => FuncKind::ClassMethod,
            Some(_) => FuncKind::Method,
        };
        let body_start = def.body.first().map_or(off(def.end()), |s| off(s.start()));
        let header = &self.src[def_kw..body_start];
        let prev_line_comment = {
            let ls = line_start(self.src, search_from.min(def_kw));
            let first = def
                .decorator_list
                .first()
                .map_or(def_kw, |d| off(d.start()));
            let ls = line_start(self.src, first.min(ls));
            if ls > 0 {
                let prev = line_start(self.src, ls - 1);
                self.src[prev..ls].trim_start().starts_with('#')
                    && self.src[prev..ls].contains(KEEP_SYNC_MARKER)
            } else {
                false
            }
        };
        let keep_sync_comment = header.contains(KEEP_SYNC_MARKER) || prev_line_comment;
        let params_range = span(&*def.parameters);
        let mut params = vec![];
        for p in def
            .parameters
            .posonlyargs
            .iter()
            .chain(&def.parameters.args)
        {
            params.push(Param {
                name: p.name().as_str().to_string(),
                kind: ParamKind::Positional,
                default: p.default.as_deref().and_then(crate::feasible::lit_of),
            });
        }
        if let Some(v) = &def.parameters.vararg {
            params.push(Param {
                name: v.name.as_str().to_string(),
                kind: ParamKind::VarArgs,
                default: None,
            });
        }
        for p in &def.parameters.kwonlyargs {
            params.push(Param {
                name: p.name().as_str().to_string(),
                kind: ParamKind::KeywordOnly,
                default: p.default.as_deref().and_then(crate::feasible::lit_of),
            });
        }
        if let Some(k) = &def.parameters.kwarg {
            params.push(Param {
                name: k.name.as_str().to_string(),
                kind: ParamKind::VarKeywords,
                default: None,
            });
        }
        let last_end = def.body.last().map_or(off(def.end()), |s| off(s.end()));
        let returns_self_only = matches!(def.body.as_slice(), [Stmt::Return(r)]
            if matches!(r.value.as_deref(), Some(Expr::Name(n)) if n.id.as_str() == "self"));
        let id = self.summary.functions.len();
        let deco = decorator_kind(def);
        self.summary.functions.push(Function {
            name: def.name.as_str().to_string(),
            qualname,
            line: self.line(def_kw),
            scope,
            parent_scope,
            parent_func: self.func,
            class,
            kind,
            is_async: def.is_async,
            is_generator: false,
            has_yield_from: false,
            returns_value_in_generator: false,
            decorators,
            keep_sync_comment,
            returns: def.returns.as_deref().map(|r| self.annotation_ref(r)),
            def_kw,
            name_range,
            params_range,
            params,
            returns_text: def
                .returns
                .as_deref()
                .map(|r| self.src[off(r.start())..off(r.end())].to_string()),
            end_of_last_line: {
                // Before a `\r` of a CRLF line ending, so inserted lines end alike.
                let e = line_end(self.src, last_end);
                if e > 0 && self.src.as_bytes()[e - 1] == b'\r' {
                    e - 1
                } else {
                    e
                }
            },
            indent: indentation_at(self.src, def_kw).to_string(),
            stop_iterations: vec![],
            returns_self_only,
            has_await: false,
            global_assigns: vec![],
            sequential_awaits: vec![],
            body_start,
            deco,
            is_overload,
            is_property,
            params_used_as_values: 0,
            escaping: vec![],
            locals: vec![],
            returns_lits: vec![],
            guarded: false,
            guarded_wrapper: (deco == DecoKind::Guarded)
                .then(|| guarded_wrapper(def))
                .flatten(),
        });
        self.has_return_value.push(false);
        self.inferred_returns.push(None);
        self.globals.push(HashSet::default());
        // `@overload` stubs are for type checkers: the name is the implementation's.
        if !is_overload {
            self.bind(def.name.as_str(), Binding::Function(id));
            // `@x.setter` keeps `x` naming the getter (what an attribute read runs).
            if let Some(c) = class
                && !is_accessor
            {
                self.summary.classes[c]
                    .methods
                    .insert(def.name.id.clone(), id);
            }
        }

        // Enter the body.
        let saved = (
            self.scope,
            self.func,
            self.sync_ctx,
            std::mem::take(&mut self.genexps),
        );
        self.scope = scope;
        self.func = Some(id);
        self.sync_ctx = 0;
        let saved_in_block = std::mem::replace(&mut self.in_block, false);
        if !def.is_async {
            let (scopes, scope) = (&self.summary.scopes, self.scope);
            let bound = |name: &str| lookup_local(scopes, scope, name);
            // `transaction.atomic` / `atomic` as Django's own (bound by the imports).
            let is_atomic = |callee: &Expr| match callee {
                Expr::Attribute(a) if a.attr.as_str() == "atomic" => match &*a.value {
                    Expr::Name(n) => match bound(n.id.as_str()) {
                        Some(Binding::From { module, name, .. }) => {
                            module == "django.db" && name == "transaction"
                        }
                        Some(Binding::Module(m)) => m == "django.db.transaction",
                        _ => false,
                    },
                    e => dotted_eq(e, "django.db.transaction"),
                },
                Expr::Name(n) => matches!(
                    bound(n.id.as_str()),
                    Some(Binding::From { module, name, .. })
                        if module == "django.db.transaction" && name == "atomic"
                ),
                _ => false,
            };
            let blocks = crate::atomic::plan(def, id, self.src, &is_atomic);
            for b in blocks {
                self.atomic_keywords.insert(b.keyword);
                self.summary.atomic_blocks.push(b);
            }
        }
        let saved_lambdas = std::mem::take(&mut self.lambdas);
        let saved_guard = self.guard.take();
        let saved_comp = std::mem::take(&mut self.comp_names);
        self.binding_params = true;
        // Parameters.
        let all_params: Vec<&ast::Parameter> = def
            .parameters
            .posonlyargs
            .iter()
            .chain(&def.parameters.args)
            .map(|p| &p.parameter)
            .chain(def.parameters.vararg.as_deref())
            .chain(def.parameters.kwonlyargs.iter().map(|p| &p.parameter))
            .chain(def.parameters.kwarg.as_deref())
            .collect();
        let variadic: Vec<&str> = def
            .parameters
            .vararg
            .iter()
            .chain(def.parameters.kwarg.iter())
            .map(|p| p.name.as_str())
            .collect();
        // Parameter annotations are evaluated where the `def` is, not in the body:
        // `def f(socket: socket.socket)` names the module, not the parameter.
        let annotations: Vec<(Ref, Ref)> = {
            let body_scope = self.scope;
            self.scope = parent_scope;
            let out = all_params
                .iter()
                .map(|p| match &p.annotation {
                    Some(a) => (self.annotation_ref(a), self.element_ref(a)),
                    None => (Ref::Unknown, Ref::Unknown),
                })
                .collect();
            self.scope = body_scope;
            out
        };
        for (i, p) in all_params.iter().enumerate() {
            let binding = match (i, kind, class) {
                (0, FuncKind::Method, Some(c)) => Binding::SelfOf(c),
                (0, FuncKind::ClassMethod, Some(c)) => Binding::ClsOf(c),
                _ => match &p.annotation {
                    Some(_) => match annotations[i].0.clone() {
                        Ref::Unknown => Binding::Ambiguous,
                        r => Binding::Value(r),
                    },
                    None => match defaults.get(p.name.as_str()) {
                        Some(r) => Binding::Value(r.clone()),
                        None if i < usize::from(u16::MAX)
                            && !variadic.contains(&p.name.as_str()) =>
                        {
                            Binding::Param(id, i as u16)
                        }
                        None => Binding::Ambiguous,
                    },
                },
            };
            self.bind(p.name.as_str(), binding);
            if annotations[i].1 != Ref::Unknown {
                self.elements.insert(
                    (self.scope, Name::new(p.name.as_str())),
                    annotations[i].1.clone(),
                );
            }
        }
        self.binding_params = false;
        self.visit_body(&def.body);
        // Falling off the end returns `None`.
        if !always_exits(&def.body) {
            self.summary.functions[id]
                .returns_lits
                .push((None, Some(Lit::None)));
        }
        (self.scope, self.func, self.sync_ctx, self.genexps) = saved;
        self.lambdas = saved_lambdas;
        self.in_block = saved_in_block;
        self.guard = saved_guard;
        self.comp_names = saved_comp;
    }

    fn qualname(&self, name: &str) -> String {
        match &self.scope_qual[self.scope] {
            q if q.is_empty() => name.to_string(),
            q => format!("{q}.{name}"),
        }
    }

    fn visit_class(&mut self, class: &'s ast::StmtClassDef) {
        for d in &class.decorator_list {
            self.visit_decorator(d);
        }
        let mut bases = vec![];
        if let Some(args) = &class.arguments {
            for b in args.args.iter() {
                self.visit_expr(b);
                // `Base[T]` (a generic base) is the class `Base`.
                let b = match b {
                    Expr::Subscript(s) => &*s.value,
                    b => b,
                };
                bases.push(self.to_ref(b));
            }
            for k in args.keywords.iter() {
                self.visit_expr(&k.value);
            }
        }
        let parent_scope = self.scope;
        let qualname = self.qualname(class.name.as_str());
        let scope = self.new_scope(ScopeKind::Class, qualname.clone());
        let id = self.summary.classes.len();
        self.summary.classes.push(Class {
            name: class.name.as_str().to_string(),
            qualname,
            scope,
            parent_scope,
            bases,
            methods: HashMap::default(),
            attrs: HashMap::default(),
            line: self.line(off(class.start())),
            deco: class_decorator_kind(class),
            relations: vec![],
        });
        self.bind(class.name.as_str(), Binding::Class(id));
        let saved = (self.scope, self.class, self.sync_ctx);
        self.scope = scope;
        self.class = Some(id);
        self.sync_ctx += 1;
        self.visit_body(&class.body);
        (self.scope, self.class, self.sync_ctx) = saved;
    }

    /// `product = models.ForeignKey(Product, related_name="orders", ...)` in a class
    /// body: a [`Relation`] of the class.
    fn record_relation(&mut self, targets: &[Expr], value: &Expr) {
        let (Some(c), [Expr::Name(attr)], Expr::Call(call)) = (self.class, targets, value) else {
            return;
        };
        if self.summary.classes[c].scope != self.scope
            || !matches!(
                dotted_last(&call.func),
                Some("ForeignKey" | "OneToOneField" | "ManyToManyField")
            )
        {
            return;
        }
        let to = call
            .arguments
            .args
            .first()
            .or_else(|| call.arguments.find_keyword("to").map(|k| &k.value));
        let Some(to) = to else { return };
        let (to, to_name) = match to {
            Expr::StringLiteral(s) => (Ref::Unknown, Some(s.value.to_str().to_string())),
            e => (self.to_ref(e), None),
        };
        let related_name = match call
            .arguments
            .find_keyword("related_name")
            .map(|k| &k.value)
        {
            Some(Expr::StringLiteral(s)) => Some(s.value.to_str().to_string()),
            _ => None,
        };
        let field = self.to_ref(&call.func);
        self.summary.classes[c].relations.push(Relation {
            attr: attr.id.clone(),
            field,
            to,
            to_name,
            related_name,
        });
    }

    fn bind_target(&mut self, target: &Expr, value: Ref) {
        match target {
            Expr::Name(n) => self.bind(n.id.as_str(), Binding::Value(value)),
            Expr::Attribute(a) => {
                let on_self = matches!(
                    &*a.value,
                    Expr::Name(b) if matches!(
                        self.summary.scopes[self.scope].bindings.get(b.id.as_str()),
                        Some(Binding::SelfOf(_) | Binding::ClsOf(_))
                    )
                );
                if !on_self {
                    let line = self.line(off(a.start()));
                    let receiver = self.to_ref(&a.value);
                    self.summary.patched.push(Patch {
                        name: a.attr.id.clone(),
                        line,
                        receiver: Some(receiver),
                        dotted: None,
                    });
                }
                // `self.x = ...` inside a method records an attribute type (and
                // `cls.x = ...` in a classmethod, or after `cls = self.__class__`).
                if let Expr::Name(base) = &*a.value
                    && let Some(Binding::SelfOf(c) | Binding::ClsOf(c)) = self.summary.scopes
                        [self.scope]
                        .bindings
                        .get(base.id.as_str())
                {
                    let c = *c;
                    let attrs = &mut self.summary.classes[c].attrs;
                    let slot = attrs.entry(a.attr.id.clone()).or_insert(Ref::Unknown);
                    // Every assignment in any method may be the one that holds.
                    if *slot == Ref::Unknown {
                        *slot = value;
                    } else if value != Ref::Unknown && !ref_mentions(&value, "self") {
                        *slot = std::mem::replace(slot, Ref::Unknown).union(value);
                    }
                }
            }
            // `a, b = pair`: each name is the element at its position.
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let starred = elts.iter().any(|e| matches!(e, Expr::Starred(_)));
                for (i, e) in elts.iter().enumerate() {
                    let v = if value == Ref::Unknown || starred || i > usize::from(u8::MAX) {
                        Ref::Unknown
                    } else {
                        Ref::Index(Box::new(value.clone()), i as u8)
                    };
                    self.bind_target(e, v);
                }
            }
            Expr::Starred(s) => self.bind_target(&s.value, Ref::Unknown),
            _ => {}
        }
    }

    /// Registries: `HANDLERS = {"a": f, "b": g}` and `HANDLERS[k] = h` record what the
    /// container named `HANDLERS` holds (names and attributes only: function values).
    fn record_container(&mut self, target: &Expr, value: &Expr) {
        let (name, stored): (&Name, Vec<&Expr>) = match (target, value) {
            (Expr::Name(n), Expr::Dict(d)) => (&n.id, d.items.iter().map(|i| &i.value).collect()),
            (Expr::Subscript(sub), v) => match &*sub.value {
                Expr::Name(n) => (&n.id, vec![v]),
                _ => return,
            },
            _ => return,
        };
        let refs: Vec<Ref> = stored
            .into_iter()
            .filter(|e| matches!(e, Expr::Name(_) | Expr::Attribute(_)))
            .map(|e| self.to_ref(e))
            .filter(|r| *r != Ref::Unknown)
            .collect();
        if refs.is_empty() {
            return;
        }
        // The scope the name is bound in (a module registry filled inside a function).
        let mut scope = self.scope;
        loop {
            if self.summary.scopes[scope]
                .bindings
                .contains_key(name.as_str())
            {
                break;
            }
            match self.summary.scopes[scope].parent {
                Some(p) => scope = p,
                None => break,
            }
        }
        let slot = self
            .summary
            .containers
            .entry((scope, name.clone()))
            .or_insert(Ref::Unknown);
        for r in refs {
            *slot = match std::mem::replace(slot, Ref::Unknown) {
                Ref::Unknown => r,
                old => old.union(r),
            };
        }
    }

    fn bind_unknown(&mut self, target: &Expr) {
        if let Expr::Name(n) = target {
            self.bind(n.id.as_str(), Binding::Ambiguous);
        } else {
            self.bind_target(target, Ref::Unknown);
        }
    }

    fn record_all(&mut self, value: &Expr) {
        let elts = match value {
            Expr::List(l) => &l.elts,
            Expr::Tuple(t) => &t.elts,
            _ => return,
        };
        for e in elts {
            if let Expr::StringLiteral(s) = e {
                let text = &self.src[off(s.start())..off(s.end())];
                let quote = text.chars().last().unwrap_or('"');
                self.summary.all.push(AllEntry {
                    name: s.value.to_str().to_string(),
                    end: off(s.end()),
                    quote,
                });
            }
        }
    }

    /// Keep only value references that could name a function.
    fn finish_value_refs(&mut self) {
        let refs = std::mem::take(&mut self.value_refs);
        for site in refs {
            let keep = match &site.target {
                Ref::Name(n, scope) => matches!(
                    lookup_local(&self.summary.scopes, *scope, n),
                    Some(Binding::Function(_) | Binding::From { .. }) | None
                ),
                Ref::Attr(base, _) => matches!(&**base, Ref::Name(..)),
                _ => false,
            };
            if keep {
                self.summary.sites.push(site);
            }
        }
    }
}

/// The union of two bindings (flattened; too many members make it ambiguous).
pub fn union_binding(old: Binding, new: Binding) -> Binding {
    if old == new {
        return old;
    }
    let mut members = match old {
        Binding::Union(m) => m,
        b => vec![b],
    };
    match new {
        Binding::Union(m) => {
            for b in m {
                if !members.contains(&b) {
                    members.push(b);
                }
            }
        }
        b => {
            if !members.contains(&b) {
                members.push(b);
            }
        }
    }
    if members.len() > MAX_UNION {
        return Binding::Ambiguous;
    }
    Binding::Union(members)
}

/// Argument expressions whose value parameter flow follows.
fn flows_value(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Name(_)
            | Expr::Attribute(_)
            | Expr::Call(_)
            | Expr::Await(_)
            | Expr::Lambda(_)
            | Expr::List(_)
            | Expr::Tuple(_)
            | Expr::Set(_)
            | Expr::ListComp(_)
            | Expr::SetComp(_)
            | Expr::Generator(_)
    )
}

/// `lambda ...: f(...)`: the call the lambda forwards to.
pub(crate) fn lambda_call(e: &Expr) -> Option<&ast::ExprCall> {
    match e {
        Expr::Lambda(l) => match &*l.body {
            Expr::Call(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

/// The identifier a callee is called by: `f` in `f(...)`, `m` in `x.m(...)`.
fn callee_name_range(func: &Expr) -> (usize, usize) {
    match func {
        Expr::Name(n) => span(n),
        Expr::Attribute(a) => span(&a.attr),
        e => span(e),
    }
}

/// Helpers that await their argument if it is awaitable and return it otherwise
/// (jupyter_core's `ensure_async`, and the common names of the same idea).
const AWAIT_ADAPTERS: &[&str] = &[
    "ensure_async",
    "maybe_async",
    "maybe_await",
    "maybe_awaitable",
    "maybe_coroutine",
    "ensure_awaitable",
    "await_if_needed",
];

/// Whether a reference reads `name` (as a plain name, at any depth).
fn ref_mentions(r: &Ref, name: &str) -> bool {
    match r {
        Ref::Name(n, _) => n.as_str() == name,
        Ref::Attr(b, _) | Ref::Call(b) | Ref::Instance(b) => ref_mentions(b, name),
        Ref::Union(m) => m.iter().any(|x| ref_mentions(x, name)),
        Ref::AttrPrefix(b, _) => ref_mentions(b, name),
        Ref::Elem(n, _) => n.as_str() == name,
        Ref::Seq(b)
        | Ref::Iter(b)
        | Ref::Index(b, _)
        | Ref::Forward(b)
        | Ref::Awaited(b)
        | Ref::Div(b) => ref_mentions(b, name),
        Ref::Tuple(m) => m.iter().any(|x| ref_mentions(x, name)),
        Ref::Super(_) | Ref::SelfInst(_) | Ref::Unknown => false,
    }
}

/// `Instance(X)` -> `X`: the class an annotation names, for `TypeVar` bounds and `type[X]`.
fn class_of(r: Ref) -> Ref {
    match r {
        Ref::Instance(inner) => *inner,
        Ref::Union(m) => {
            let m: Vec<Ref> = m.into_iter().map(class_of).collect();
            Ref::Union(m)
        }
        _ => Ref::Unknown,
    }
}

/// Subscripted forms whose first argument is the type (`Annotated[X, ...]`, `Final[X]`).
const TYPE_WRAPPERS: &[&str] = &[
    "Annotated",
    "ClassVar",
    "Final",
    "Required",
    "NotRequired",
    "ReadOnly",
    "InitVar",
];

/// Subscripted typing forms that are not an instance of their own name.
const NOT_INSTANCE: &[&str] = &[
    "Literal",
    "Callable",
    "Generator",
    "AsyncGenerator",
    "Awaitable",
    "Coroutine",
    "Dict",
    "dict",
    "Mapping",
    "MutableMapping",
    "DefaultDict",
    "defaultdict",
    "OrderedDict",
    "ChainMap",
    "Counter",
    "TypeGuard",
    "TypeIs",
    "Unpack",
    "Concatenate",
    "LiteralString",
];

/// Look a name up from `scope` outwards with Python's rules (class scopes are skipped
/// from inside functions).
pub fn lookup_local<'a>(
    scopes: &'a [Scope],
    mut scope: ScopeId,
    name: &str,
) -> Option<&'a Binding> {
    let mut first = true;
    loop {
        let s = &scopes[scope];
        if (first || s.kind != ScopeKind::Class)
            && let Some(b) = s.bindings.get(name)
        {
            return Some(b);
        }
        first = false;
        scope = s.parent?;
    }
}

/// A class used as a decorator: `__init__(self, func)` stores the function in an
/// attribute and `__call__` calls that attribute; transparent when `__call__` returns the
/// call's result as it is (or branches on `iscoroutinefunction`).
fn class_decorator_kind(class: &ast::StmtClassDef) -> DecoKind {
    let method = |name: &str| {
        class.body.iter().find_map(|s| match s {
            Stmt::FunctionDef(d) if d.name.as_str() == name => Some(d),
            _ => None,
        })
    };
    let (Some(init), Some(call)) = (method("__init__"), method("__call__")) else {
        return DecoKind::Opaque;
    };
    // The function parameter of `__init__` (after `self`) and the attribute it goes to.
    let Some(param) = init
        .parameters
        .posonlyargs
        .iter()
        .chain(&init.parameters.args)
        .nth(1)
        .map(|p| p.parameter.name.as_str())
    else {
        return DecoKind::Opaque;
    };
    let stored = init.body.iter().find_map(|s| match s {
        Stmt::Assign(a) => match (a.targets.as_slice(), &*a.value) {
            ([Expr::Attribute(t)], Expr::Name(v)) if v.id.as_str() == param => {
                matches!(&*t.value, Expr::Name(b) if b.id.as_str() == "self")
                    .then(|| t.attr.as_str())
            }
            _ => None,
        },
        _ => None,
    });
    let Some(attr) = stored else {
        return DecoKind::Opaque;
    };
    let mut aware = MentionsName {
        names: &["iscoroutinefunction", "isawaitable", "iscoroutine"],
        found: false,
    };
    aware.visit_body(&call.body);
    if aware.found {
        return DecoKind::CoroutineAware;
    }
    let is_call = |e: &Expr| {
        matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(a)
            if a.attr.as_str() == attr && matches!(&*a.value, Expr::Name(b) if b.id.as_str() == "self")))
    };
    let mut direct = false;
    top_level_returns(&call.body, &mut |v| direct |= is_call(v));
    if direct {
        DecoKind::Passthrough
    } else {
        DecoKind::Opaque
    }
}

/// What a function does when it decorates another, read from its code: see [`DecoKind`].
fn decorator_kind(def: &ast::StmtFunctionDef) -> DecoKind {
    let Some(param) = first_param(def) else {
        return DecoKind::Opaque;
    };
    if let Some(k) = decorator_inner(def, param) {
        return match k {
            DecoInner::Identity => DecoKind::Identity,
            DecoInner::Passthrough => DecoKind::Passthrough,
            DecoInner::Guarded => DecoKind::Guarded,
            DecoInner::CoroutineAware => DecoKind::CoroutineAware,
        };
    }
    // A factory: `def retry(times): def deco(func): ...; return deco`.
    for inner in returned_defs(def) {
        if let Some(p) = first_param(inner)
            && let Some(k) = decorator_inner(inner, p)
        {
            return DecoKind::FactoryOf(k);
        }
    }
    DecoKind::Opaque
}

/// For a decorator whose wrapper guards the call (its kind is [`DecoKind::Guarded`]):
/// (the function parameter, the wrapper's name).
fn guarded_wrapper(def: &ast::StmtFunctionDef) -> Option<(String, String)> {
    let param = first_param(def)?;
    let wrapper = returned_defs(def).first()?.name.to_string();
    Some((param.to_string(), wrapper))
}

fn first_param(def: &ast::StmtFunctionDef) -> Option<&str> {
    def.parameters
        .posonlyargs
        .iter()
        .chain(&def.parameters.args)
        .next()
        .map(|p| p.parameter.name.as_str())
}

/// The nested functions `def` returns by name (`return wrapper`,
/// `return functools.update_wrapper(wrapper, func)`).
fn returned_defs(def: &ast::StmtFunctionDef) -> Vec<&ast::StmtFunctionDef> {
    let mut names = vec![];
    top_level_returns(&def.body, &mut |value| match value {
        Expr::Name(n) => names.push(n.id.as_str()),
        // `functools.update_wrapper(wrapper, func)`, `cast(F, wrapper)`.
        Expr::Call(c) => {
            for a in c.arguments.args.iter() {
                if let Expr::Name(n) = a {
                    names.push(n.id.as_str());
                }
            }
        }
        _ => {}
    });
    let mut out = vec![];
    nested_defs(&def.body, &mut |d| {
        if names.contains(&d.name.as_str()) {
            out.push(d);
        }
    });
    out
}

/// Function definitions directly in a body (also under `if`/`else`).
fn nested_defs<'a>(body: &'a [Stmt], f: &mut impl FnMut(&'a ast::StmtFunctionDef)) {
    for s in body {
        match s {
            Stmt::FunctionDef(d) => f(d),
            Stmt::If(i) => {
                nested_defs(&i.body, f);
                for c in &i.elif_else_clauses {
                    nested_defs(&c.body, f);
                }
            }
            _ => {}
        }
    }
}

/// The values of `return` statements that run unguarded (not inside `try`, `with` or a
/// loop; `if`/`else` branches are followed).
fn top_level_returns<'a>(body: &'a [Stmt], f: &mut impl FnMut(&'a Expr)) {
    for s in body {
        match s {
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    f(v);
                }
            }
            Stmt::If(i) => {
                top_level_returns(&i.body, f);
                for c in &i.elif_else_clauses {
                    top_level_returns(&c.body, f);
                }
            }
            _ => {}
        }
    }
}

/// A decorator taking the function as `param`: what it returns.
fn decorator_inner(def: &ast::StmtFunctionDef, param: &str) -> Option<DecoInner> {
    let mut identity = false;
    top_level_returns(&def.body, &mut |v| {
        identity |= matches!(v, Expr::Name(n) if n.id.as_str() == param);
    });
    if identity {
        return Some(DecoInner::Identity);
    }
    let wrappers = returned_defs(def);
    let wrapper = wrappers.first()?;
    let mut aware = MentionsName {
        names: &["iscoroutinefunction", "isawaitable", "iscoroutine"],
        found: false,
    };
    aware.visit_body(&def.body);
    if aware.found {
        return Some(DecoInner::CoroutineAware);
    }
    let mut calls = CallsOf {
        name: param,
        count: 0,
    };
    calls.visit_body(&wrapper.body);
    if calls.count == 0 {
        return None;
    }
    // Calls whose result is returned as it is: `return func(...)`, or
    // `result = func(...)` ... `return result` (all unguarded).
    let mut passthrough = 0;
    let mut held: Vec<&str> = vec![];
    let is_call = |e: &Expr| matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == param));
    for s in &wrapper.body {
        if let Stmt::Assign(a) = s
            && let [Expr::Name(n)] = a.targets.as_slice()
            && is_call(&a.value)
        {
            held.push(n.id.as_str());
        }
    }
    top_level_returns(&wrapper.body, &mut |v| {
        if is_call(v) || matches!(v, Expr::Name(n) if held.contains(&n.id.as_str())) {
            passthrough += 1;
        }
    });
    if passthrough >= calls.count {
        return Some(DecoInner::Passthrough);
    }
    // Guarded: every call's result is still returned as it is (`return func(...)` or
    // `result = func(...)`), only inside `try`/`with`/a loop. A wrapper that transforms
    // the result (`return str(func(...))`) is not transparent at all.
    let mut clean = CleanCalls {
        name: param,
        count: 0,
    };
    clean.visit_body(&wrapper.body);
    (clean.count >= calls.count).then_some(DecoInner::Guarded)
}

/// Counts statements `return name(...)` and `x = name(...)` at any depth of a body
/// (not in nested functions or classes).
struct CleanCalls<'n> {
    name: &'n str,
    count: usize,
}

impl<'a> Visitor<'a> for CleanCalls<'_> {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        let is_call = |e: &Expr| matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == self.name));
        match s {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            Stmt::Return(r) if r.value.as_deref().is_some_and(is_call) => self.count += 1,
            Stmt::Assign(a) if is_call(&a.value) => self.count += 1,
            _ => visitor::walk_stmt(self, s),
        }
    }
}

/// Counts calls of a name in a body, not inside nested functions, classes or lambdas.
struct CallsOf<'n> {
    name: &'n str,
    count: usize,
}

impl<'a> Visitor<'a> for CallsOf<'_> {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        if !matches!(s, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            visitor::walk_stmt(self, s);
        }
    }
    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Lambda(_) => {}
            Expr::Call(c) => {
                if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == self.name) {
                    self.count += 1;
                }
                visitor::walk_expr(self, e);
            }
            _ => visitor::walk_expr(self, e),
        }
    }
}

/// Whether a body reads any of these names (as a name or an attribute).
struct MentionsName<'n> {
    names: &'n [&'n str],
    found: bool,
}

impl<'a> Visitor<'a> for MentionsName<'_> {
    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Name(n) if self.names.contains(&n.id.as_str()) => self.found = true,
            Expr::Attribute(a) if self.names.contains(&a.attr.as_str()) => self.found = true,
            _ => visitor::walk_expr(self, e),
        }
    }
}

/// Offset of the `def` keyword at or after `from` (skipping whitespace, comments and a
/// leading `async`).
fn find_def_keyword(src: &str, from: usize) -> usize {
    let bytes = src.as_bytes();
    let mut i = from;
    loop {
        while i < bytes.len() && (bytes[i] as char).is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'#' {
            i = line_end(src, i);
            continue;
        }
        if src[i..].starts_with("\\") {
            i += 1;
            continue;
        }
        break;
    }
    if src[i..].starts_with("async") {
        i += 5;
        while i < bytes.len() && (bytes[i] as char).is_ascii_whitespace() {
            i += 1;
        }
    }
    i
}

impl<'s> Visitor<'s> for Walker<'s> {
    fn visit_stmt(&mut self, stmt: &'s Stmt) {
        self.current_stmt = off(stmt.start());
        if let Stmt::Expr(e) = stmt
            && let Expr::Call(c) = &*e.value
        {
            self.discarded.insert(span(c));
        }
        if let Some(f) = self.func {
            let awaits = matches!(stmt, Stmt::For(x) if x.is_async)
                || matches!(stmt, Stmt::With(x) if x.is_async);
            if awaits {
                self.summary.functions[f].has_await = true;
            }
        }
        match stmt {
            Stmt::FunctionDef(def) => self.visit_function(def),
            Stmt::ClassDef(class) => self.visit_class(class),
            Stmt::Import(import) => {
                for alias in &import.names {
                    let full = alias.name.as_str();
                    match &alias.asname {
                        Some(as_) => self.bind(as_.as_str(), Binding::Module(full.to_string())),
                        None => {
                            let top = full.split('.').next().unwrap_or(full);
                            self.bind(top, Binding::Module(top.to_string()));
                        }
                    }
                }
            }
            Stmt::ImportFrom(from) => {
                let module = resolve_relative(
                    &self.summary.name,
                    self.summary.is_package,
                    from.level,
                    from.module.as_ref().map(|m| m.as_str()),
                );
                for alias in &from.names {
                    if alias.name.as_str() == "*" {
                        if self.scope == 0 {
                            self.summary.star_imports.push(module.clone());
                        }
                        continue;
                    }
                    let local = alias
                        .asname
                        .as_ref()
                        .unwrap_or(&alias.name)
                        .as_str()
                        .to_string();
                    let import = ImportSite {
                        alias_end: off(alias.end()),
                        aliased: alias.asname.is_some(),
                    };
                    self.bind(
                        &local,
                        Binding::From {
                            module: module.clone(),
                            name: alias.name.as_str().to_string(),
                            import,
                        },
                    );
                }
            }
            Stmt::Assign(assign) => {
                let first_site = self.summary.sites.len();
                self.visit_expr(&assign.value);
                // `x = <literal | test | call>`: what a later test on `x` can know.
                let derived = match &*assign.value {
                    Expr::Call(c)
                        if self.summary.sites.get(first_site).is_some_and(|site| {
                            site.start == off(c.start()) && site.call.is_some()
                        }) =>
                    {
                        Derived::Call(first_site as u32)
                    }
                    e => crate::feasible::derived_of(e, &|n| {
                        self.comp_names.iter().any(|c| c.as_str() == n)
                    }),
                };
                let value = match self.type_var(&assign.value) {
                    Some(bound) => bound,
                    // A type alias (`Conn = Union["A", "B"]`, `Pool = Base[Conn]`): the
                    // classes an annotation `Conn` stands for.
                    None if matches!(&*assign.value, Expr::Subscript(_))
                        || matches!(&*assign.value, Expr::BinOp(b) if matches!(b.op, ast::Operator::BitOr)) =>
                    {
                        // Not an alias (`node = self.nodes[0]`): the value itself.
                        match class_of(self.annotation_ref(&assign.value)) {
                            Ref::Unknown => self.to_ref(&assign.value),
                            alias => alias,
                        }
                    }
                    None => self.to_ref(&assign.value),
                };
                if self.scope == 0
                    && let [Expr::Name(n)] = assign.targets.as_slice()
                    && matches!(&*assign.value, Expr::Name(_) | Expr::Attribute(_))
                    && n.id.as_str() != "__all__"
                {
                    let stmt_end = line_end(self.src, off(assign.end()));
                    let stmt_end = if stmt_end > 0 && self.src.as_bytes()[stmt_end - 1] == b'\r' {
                        stmt_end - 1
                    } else {
                        stmt_end
                    };
                    self.summary.aliases.push(Alias {
                        name: n.id.as_str().to_string(),
                        value: value.clone(),
                        value_range: span(&*assign.value),
                        stmt_end,
                        indent: indentation_at(self.src, off(assign.start())).to_string(),
                    });
                }
                // `cls = self.__class__` / `cls = type(self)`: the receiver's class, as in a
                // classmethod (`cls.x = ...` then records a class attribute).
                let cls_of = match &value {
                    Ref::Attr(b, attr) if attr.as_str() == "__class__" => match &**b {
                        Ref::Name(n, scope) => {
                            match lookup_local(&self.summary.scopes, *scope, n) {
                                Some(Binding::SelfOf(c)) => Some(*c),
                                _ => None,
                            }
                        }
                        _ => None,
                    },
                    _ => None,
                };
                self.record_relation(&assign.targets, &assign.value);
                for t in &assign.targets {
                    if self.scope == 0 && matches!(t, Expr::Name(n) if n.id.as_str() == "__all__") {
                        self.record_all(&assign.value);
                    }
                    self.visit_target(t);
                    if let (Some(c), Expr::Name(n)) = (cls_of, t) {
                        self.bind(n.id.as_str(), Binding::ClsOf(c));
                        continue;
                    }
                    if matches!(t, Expr::Name(_)) && derived != Derived::Other {
                        self.pending = Some(derived.clone());
                    }
                    self.bind_target(t, value.clone());
                    self.pending = None;
                    self.record_container(t, &assign.value);
                }
            }
            Stmt::AnnAssign(assign) => {
                if let Some(v) = &assign.value {
                    self.visit_expr(v);
                }
                let value = match self.annotation_ref(&assign.annotation) {
                    Ref::Unknown => assign
                        .value
                        .as_deref()
                        .map_or(Ref::Unknown, |v| self.to_ref(v)),
                    r => r,
                };
                self.visit_target(&assign.target);
                self.bind_target(&assign.target, value);
                if let Expr::Name(n) = &*assign.target {
                    self.record_elements(n.id.as_str(), &assign.annotation);
                }
            }
            Stmt::AugAssign(a) => {
                self.visit_expr(&a.value);
                self.visit_target(&a.target);
                self.bind_unknown(&a.target);
            }
            Stmt::With(with) => {
                let stmt_id = self.with_stmts;
                self.with_stmts += 1;
                let keyword = off(with.start());
                for item in &with.items {
                    let first_site = self.summary.sites.len();
                    self.visit_expr(&item.context_expr);
                    if !with.is_async {
                        let target = self.to_ref(&item.context_expr);
                        let mut site = self.site(SiteKind::With, target, span(&item.context_expr));
                        site.keyword = Some(keyword as u32);
                        site.with_items = with.items.len() as u32;
                        site.stmt = stmt_id as u32;
                        self.summary.sites.push(site);
                    }
                    if let Some(vars) = &item.optional_vars {
                        self.visit_target(vars);
                        let value = self.to_ref(&item.context_expr);
                        if matches!(&**vars, Expr::Name(_))
                            && let Expr::Call(c) = &item.context_expr
                            && self.summary.sites.get(first_site).is_some_and(|site| {
                                site.start == off(c.start()) && site.call.is_some()
                            })
                        {
                            self.pending = Some(Derived::Entered(first_site as u32));
                        }
                        self.bind_target(vars, value);
                        self.pending = None;
                    }
                }
                // An extractable `atomic` block: its body stays sync code.
                let block = self.in_block || self.atomic_keywords.contains(&keyword);
                let saved = std::mem::replace(&mut self.in_block, block);
                self.visit_body(&with.body);
                self.in_block = saved;
            }
            Stmt::For(f) => {
                if let (Some(func), false, [only]) = (self.func, f.is_async, f.body.as_slice())
                    && self.summary.functions[func].is_async
                    && let Some(Expr::Call(call)) = awaited_call(only)
                {
                    let mut names = HashSet::default();
                    target_names(&f.target, &mut names);
                    let depends = call.arguments.args.iter().any(|a| mentions(a, &names))
                        || call
                            .arguments
                            .keywords
                            .iter()
                            .any(|k| mentions(&k.value, &names));
                    // Not independent when the call uses what the statement itself writes
                    // (`prev = await f(x, prev)`, `items.append(await f(items[-1]))`),
                    // or when the order is the point (sleeping, sending, queueing).
                    let mut written = HashSet::default();
                    statement_writes(only, &mut written);
                    let chained = call.arguments.args.iter().any(|a| mentions(a, &written))
                        || call
                            .arguments
                            .keywords
                            .iter()
                            .any(|k| mentions(&k.value, &written));
                    let ordered = dotted(&call.func).is_some_and(|d| {
                        let last = d.rsplit('.').next().unwrap_or(&d);
                        matches!(
                            last,
                            "sleep"
                                | "put"
                                | "put_nowait"
                                | "send"
                                | "send_bytes"
                                | "send_text"
                                | "send_json"
                                | "write"
                                | "drain"
                                | "execute"
                                | "acquire"
                                | "wait"
                        )
                    });
                    if depends && !chained && !ordered {
                        self.summary.functions[func]
                            .sequential_awaits
                            .push(off(f.start()));
                    }
                }
                self.visit_expr(&f.iter);
                if !f.is_async {
                    let target = self.to_ref(&f.iter);
                    let mut site = self.site(SiteKind::Iter, target, span(&*f.iter));
                    site.keyword = Some(off(f.start()) as u32);
                    self.summary.sites.push(site);
                }
                self.visit_target(&f.target);
                let element = match (&*f.target, &*f.iter) {
                    (Expr::Name(_), Expr::Name(it)) => {
                        self.elements.get(&(self.scope, it.id.clone())).cloned()
                    }
                    _ => None,
                };
                let element = element.unwrap_or_else(|| self.to_ref(&f.iter).iter());
                match element {
                    Ref::Unknown => self.bind_unknown(&f.target),
                    r => self.bind_target(&f.target, r),
                }
                // The body runs only when there is something to iterate.
                let saved = self.guard;
                let runs = crate::feasible::iter_cond(&f.iter, &|n| {
                    self.comp_names.iter().any(|c| c.as_str() == n)
                });
                self.push_guard(runs);
                self.visit_body(&f.body);
                self.guard = saved;
                self.visit_body(&f.orelse);
            }
            Stmt::If(if_) => {
                if self.scope == 0 && is_main_guard(&if_.test) {
                    for s in &if_.body {
                        if let Stmt::Expr(e) = s
                            && let Expr::Call(c) = &*e.value
                        {
                            self.main_guard.insert(span(c));
                        }
                    }
                }
                // Each branch runs under its test and the negation of the earlier ones.
                let saved = self.guard;
                self.visit_expr(&if_.test);
                let test = self.cond(&if_.test);
                self.push_guard(test.clone());
                self.visit_body(&if_.body);
                self.guard = saved;
                self.push_guard(negate(test));
                for clause in &if_.elif_else_clauses {
                    let before = self.guard;
                    if let Some(t) = &clause.test {
                        self.visit_expr(t);
                        let test = self.cond(t);
                        self.push_guard(test.clone());
                        self.visit_body(&clause.body);
                        self.guard = before;
                        self.push_guard(negate(test));
                    } else {
                        self.visit_body(&clause.body);
                    }
                }
                self.guard = saved;
            }
            Stmt::While(w) => {
                let saved = self.guard;
                self.visit_expr(&w.test);
                let test = self.cond(&w.test);
                self.push_guard(test);
                self.visit_body(&w.body);
                self.guard = saved;
                self.visit_body(&w.orelse);
            }
            Stmt::Return(r) => {
                if let Some(f) = self.func
                    && self.summary.functions[f].scope == self.scope
                {
                    let lit = match &r.value {
                        None => Some(Lit::None),
                        Some(v) => crate::feasible::lit_of(v),
                    };
                    let guard = self.guard;
                    self.summary.functions[f].returns_lits.push((guard, lit));
                }
                if let (Some(v), Some(f)) = (&r.value, self.func) {
                    self.has_return_value[f] = true;
                    if self.summary.functions[f].returns_text.is_none() {
                        let value = self.to_ref(v);
                        let slot = &mut self.inferred_returns[f];
                        *slot = Some(match slot.take() {
                            None => value,
                            Some(old) => old.union(value),
                        });
                    }
                }
                visitor::walk_stmt(self, stmt);
            }
            Stmt::Raise(r) => {
                if let (Some(f), Some(exc)) = (self.func, &r.exc) {
                    let name = match &**exc {
                        Expr::Call(c) => &*c.func,
                        e => e,
                    };
                    if let Expr::Name(n) = name
                        && n.id.as_str() == "StopIteration"
                    {
                        self.summary.functions[f].stop_iterations.push(span(n));
                    }
                }
                visitor::walk_stmt(self, stmt);
            }
            Stmt::Global(g) => {
                if let Some(f) = self.func {
                    for n in &g.names {
                        self.globals[f].insert(n.as_str().to_string());
                    }
                }
            }
            Stmt::Nonlocal(_) => {}
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_interpolated_string_element(&mut self, element: &'s ast::InterpolatedStringElement) {
        // `f"{f()=}"` prints the expression's source text: an edit inside would show.
        let debug = matches!(element, ast::InterpolatedStringElement::Interpolation(i) if i.debug_text.is_some());
        self.sync_ctx += usize::from(debug);
        visitor::walk_interpolated_string_element(self, element);
        self.sync_ctx -= usize::from(debug);
    }

    fn visit_comprehension(&mut self, comp: &'s ast::Comprehension) {
        self.visit_expr(&comp.iter);
        if !comp.is_async {
            let target = self.to_ref(&comp.iter);
            let mut site = self.site(SiteKind::Iter, target, span(&comp.iter));
            site.keyword = Some(off(comp.start()) as u32);
            self.summary.sites.push(site);
        }
        self.visit_target(&comp.target);
        // The element and later clauses run only when there is something to iterate (the
        // caller restores the guard and the shadowed names after the comprehension).
        let runs = crate::feasible::iter_cond(&comp.iter, &|n| {
            self.comp_names.iter().any(|c| c.as_str() == n)
        });
        self.push_guard(runs);
        let mut names = HashSet::default();
        target_names(&comp.target, &mut names);
        self.comp_names
            .extend(names.into_iter().map(|n| Name::new(&n)));
        // The comprehension's variables are what iterating gives (bound in the enclosing
        // scope: names are the union of their bindings there anyway).
        if self.func.is_some() {
            match self.to_ref(&comp.iter).iter() {
                Ref::Unknown => {}
                r => self.bind_target(&comp.target, r),
            }
        }
        for e in &comp.ifs {
            self.visit_expr(e);
            let test = self.cond(e);
            self.push_guard(test);
        }
    }

    fn visit_body(&mut self, body: &'s [Stmt]) {
        let saved = self.guard;
        for stmt in body {
            self.visit_stmt(stmt);
            // `if t: return`: the rest of the block runs only when `t` was false.
            if let Stmt::If(i) = stmt
                && crate::feasible::terminates(&i.body)
            {
                let test = self.cond(&i.test);
                self.push_guard(negate(test));
            }
        }
        self.guard = saved;
    }

    fn visit_except_handler(&mut self, handler: &'s ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(h) = handler;
        if let Some(n) = &h.name {
            self.record_local(n.as_str(), Derived::Other);
        }
        visitor::walk_except_handler(self, handler);
    }

    fn visit_expr(&mut self, expr: &'s Expr) {
        self.depth += 1;
        match expr {
            Expr::Call(call) => self.visit_call(call),
            Expr::If(e) => {
                let saved = self.guard;
                self.visit_expr(&e.test);
                let test = self.cond(&e.test);
                self.push_guard(test.clone());
                self.visit_expr(&e.body);
                self.guard = saved;
                self.push_guard(negate(test));
                self.visit_expr(&e.orelse);
                self.guard = saved;
            }
            // `a and f()`: `f()` runs when `a` holds; `a or f()` when it does not.
            Expr::BoolOp(b) => {
                let saved = self.guard;
                for v in &b.values {
                    self.visit_expr(v);
                    let test = self.cond(v);
                    match b.op {
                        ast::BoolOp::And => self.push_guard(test),
                        ast::BoolOp::Or => self.push_guard(negate(test)),
                    }
                }
                self.guard = saved;
            }
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) => {
                let saved = (self.guard, self.comp_names.len());
                visitor::walk_expr(self, expr);
                self.guard = saved.0;
                self.comp_names.truncate(saved.1);
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    for p in p.iter_non_variadic_params() {
                        if let Some(d) = &p.default {
                            self.visit_expr(d);
                        }
                    }
                }
                self.sync_ctx += 1;
                self.lambdas += 1;
                self.visit_expr(&l.body);
                self.lambdas -= 1;
                self.sync_ctx -= 1;
            }
            Expr::Generator(g) => {
                let (start, end) = span(g);
                self.summary.genexps.push(Genexp {
                    start,
                    end,
                    parenthesized: g.parenthesized,
                    consumer: self.genexp_consumers.get(&(start, end)).cloned(),
                    parent: self.genexps.last().copied(),
                });
                self.genexps.push(self.summary.genexps.len() - 1);
                let saved = (self.guard, self.comp_names.len());
                visitor::walk_expr(self, expr);
                self.guard = saved.0;
                self.comp_names.truncate(saved.1);
                self.genexps.pop();
            }
            // An earlier run's `(await _awaitify_r) if inspect.isawaitable(_awaitify_r :=
            // f(...)) else _awaitify_r`: the call's result is already awaited when it can be.
            Expr::Named(n) => {
                if matches!(&*n.target, Expr::Name(t) if t.id.as_str() == "_awaitify_r")
                    && matches!(&*n.value, Expr::Call(_))
                {
                    self.adapted.insert(span(&*n.value));
                }
                if let Expr::Name(t) = &*n.target {
                    self.record_local(t.id.as_str(), Derived::Other);
                }
                visitor::walk_expr(self, expr);
            }
            Expr::Await(a) => {
                if let Some(f) = self.func
                    && self.sync_ctx == 0
                {
                    self.summary.functions[f].has_await = true;
                }
                if let Expr::Call(c) = &*a.value {
                    self.awaited.insert(span(c));
                    // `await ensure_async(f())`: `f()` may return a value or an awaitable.
                    if let Some(Expr::Call(inner)) = c.arguments.args.first()
                        && dotted(&c.func).is_some_and(|d| {
                            AWAIT_ADAPTERS.contains(&d.rsplit('.').next().unwrap_or(&d))
                        })
                    {
                        self.adapted.insert(span(inner));
                    }
                }
                visitor::walk_expr(self, expr);
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                if let Some(f) = self.func {
                    self.summary.functions[f].is_generator = true;
                    if matches!(expr, Expr::YieldFrom(_)) {
                        self.summary.functions[f].has_yield_from = true;
                    }
                }
                visitor::walk_expr(self, expr);
            }
            Expr::Attribute(a) => {
                if let Expr::Call(c) = &*a.value {
                    self.primary.insert(span(c));
                }
                // Only `name.attr` can name a function by value (`self.m`, `mod.f`).
                if self.values
                    && a.ctx.is_load()
                    && matches!(&*a.value, Expr::Name(_))
                    && !self.callee_exprs.contains(&span(a))
                {
                    let target = self.to_ref(expr);
                    let site = self.site(SiteKind::Value, target, span(a));
                    self.value_refs.push(site);
                }
                visitor::walk_expr(self, expr);
            }
            Expr::Subscript(s) => {
                if let Expr::Call(c) = &*s.value {
                    self.primary.insert(span(c));
                }
                visitor::walk_expr(self, expr);
            }
            Expr::Name(n) => {
                if self.values
                    && n.ctx.is_load()
                    && let Some(f) = self.func
                    && !self.receivers.contains(&span(n))
                    && !self.summary.functions[f].escaping.contains(&n.id)
                {
                    self.summary.functions[f].escaping.push(n.id.clone());
                }
                // A parameter of this function read as a value (callees are not visited
                // as names).
                if n.ctx.is_load()
                    && self.func.is_some()
                    && let Some(Binding::Param(pf, i)) =
                        lookup_local(&self.summary.scopes, self.scope, n.id.as_str())
                    && *i < 64
                {
                    let (pf, i) = (*pf, *i);
                    self.summary.functions[pf].params_used_as_values |= 1 << i;
                }
                // A name already bound to a plain value in this scope is a variable.
                let local_value = matches!(
                    self.summary.scopes[self.scope].bindings.get(n.id.as_str()),
                    Some(
                        Binding::Value(_)
                            | Binding::Ambiguous
                            | Binding::Param(..)
                            | Binding::SelfOf(_)
                            | Binding::ClsOf(_)
                            | Binding::Module(_)
                            | Binding::Class(_)
                    )
                );
                if self.values
                    && n.ctx.is_load()
                    && !local_value
                    && !self.callee_exprs.contains(&span(n))
                {
                    let target = self.to_ref(expr);
                    let site = self.site(SiteKind::Value, target, span(n));
                    self.value_refs.push(site);
                }
            }
            _ => visitor::walk_expr(self, expr),
        }
        self.depth -= 1;
    }
}

impl<'s> Walker<'s> {
    fn visit_target(&mut self, target: &'s Expr) {
        // Targets are stores; only their sub-expressions (subscripts, attributes' bases)
        // are evaluated.
        match target {
            Expr::Attribute(a) => self.visit_expr(&a.value),
            Expr::Subscript(s) => {
                self.visit_expr(&s.value);
                self.visit_expr(&s.slice);
            }
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.visit_target(e)),
            Expr::List(t) => t.elts.iter().for_each(|e| self.visit_target(e)),
            Expr::Starred(s) => self.visit_target(&s.value),
            _ => {}
        }
    }

    fn visit_call(&mut self, call: &'s ast::ExprCall) {
        let range = span(call);
        if self.values
            && let Expr::Attribute(a) = &*call.func
            && let Expr::Name(n) = &*a.value
        {
            self.receivers.insert(span(n));
        }
        if let Expr::Call(inner) = &*call.func {
            self.primary.insert(span(inner));
        }
        // `list(gen())` and `sum(x for x in y)`.
        // The dotted name is only needed for the names below (and generator arguments).
        let last = match &*call.func {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            _ => "",
        };
        let callee_name = if matches!(last, "setattr" | "object" | "patch" | "list")
            || call
                .arguments
                .args
                .iter()
                .any(|a| matches!(a, Expr::Generator(_)))
        {
            dotted(&call.func)
        } else {
            None
        };
        // Run-time replacement of a name: setattr / patch.object / monkeypatch.setattr
        // (second argument) and mock.patch("a.b.name") (first argument).
        if let Some(callee) = callee_name.as_deref() {
            let arg = |i: usize| match call.arguments.args.get(i) {
                Some(Expr::StringLiteral(s)) => Some(s.value.to_str().to_string()),
                _ => None,
            };
            let line = self.line(range.0);
            if callee == "setattr"
                || callee.ends_with(".setattr")
                || callee.ends_with("patch.object")
            {
                // `monkeypatch.setattr("pkg.mod.name", value)` names a dotted path.
                match (arg(1), call.arguments.args.first()) {
                    (Some(name), Some(obj)) => self.summary.patched.push(Patch {
                        name: Name::new(name),
                        line,
                        receiver: Some(self.to_ref(obj)),
                        dotted: None,
                    }),
                    _ => {
                        if let Some(path) = arg(0).filter(|p| p.contains('.')) {
                            self.summary.patched.push(Patch {
                                name: Name::new(path.rsplit('.').next().unwrap_or(&path)),
                                line,
                                receiver: None,
                                dotted: Some(path),
                            });
                        }
                    }
                }
            } else if (callee == "patch" || callee.ends_with(".patch"))
                && let Some(path) = arg(0)
            {
                self.summary.patched.push(Patch {
                    name: Name::new(path.rsplit('.').next().unwrap_or(&path)),
                    line,
                    receiver: None,
                    dotted: Some(path),
                });
            }
        }
        if call.arguments.len() == 1
            && let Some(Expr::Call(inner)) = call.arguments.args.first()
            && callee_name.as_deref() == Some("list")
        {
            self.list_args.insert(
                span(inner),
                (
                    range.0,
                    off(call.arguments.start()) + 1,
                    off(call.arguments.end()) - 1,
                ),
            );
        }
        for a in call.arguments.args.iter() {
            if let Expr::Generator(g) = a {
                self.genexp_consumers.insert(
                    span(g),
                    callee_name.clone().unwrap_or_else(|| "<call>".into()),
                );
            }
        }
        let is_super = matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "super")
            && call.arguments.args.is_empty()
            && self.enclosing_method_class().is_some();
        // `super()` itself resolves to nothing; its attributes do (through to_ref).
        let target = if is_super {
            Ref::Unknown
        } else {
            self.to_ref(&call.func)
        };
        let (name_range, recv_range) = match &*call.func {
            Expr::Name(n) => (span(n), None),
            Expr::Attribute(a) => (span(&a.attr), Some(span(&*a.value))),
            e => (span(e), None),
        };
        let shape = CallShape {
            open_paren: off(call.arguments.start()),
            close_paren: off(call.arguments.end()) - 1,
            name_range,
            callee_range: span(&*call.func),
            recv_range,
            keywords: call
                .arguments
                .keywords
                .iter()
                .filter_map(|k| {
                    k.arg
                        .as_ref()
                        .map(|a| (a.as_str().to_string(), off(a.start()), off(a.end())))
                })
                .collect(),
            has_args: !call.arguments.is_empty(),
            primary: false, // filled when the site is pushed (parents are visited first)
            in_list: self.list_args.get(&range).copied().map(Box::new),
            main_guard: self.main_guard.contains(&range),
            discarded: self.discarded.contains(&range),
            awaited: self.awaited.contains(&range),
            adapted: self.adapted.contains(&range),
            zero_args: call
                .arguments
                .args
                .iter()
                .take(16)
                .enumerate()
                .filter(|(_, a)| is_zero(a))
                .fold(0u16, |m, (i, _)| m | (1 << i)),
            zero_kwargs: call
                .arguments
                .keywords
                .iter()
                .filter(|k| is_zero(&k.value))
                .filter_map(|k| k.arg.as_ref().map(|a| a.as_str().to_string()))
                .collect(),
            args: self.arg_refs(call),
            positional: call
                .arguments
                .args
                .iter()
                .take_while(|a| !matches!(a, Expr::Starred(_)))
                .count()
                .min(usize::from(u16::MAX)) as u16,
            spread: call
                .arguments
                .args
                .iter()
                .any(|a| matches!(a, Expr::Starred(_)))
                || call.arguments.keywords.iter().any(|k| k.arg.is_none()),
        };
        let mut site = self.site(SiteKind::Call, target, range);
        site.call = Some(Box::new(shape));
        let primary_key = range;
        let idx = self.summary.sites.len();
        self.summary.sites.push(site);
        // Callee: not a value reference.
        self.callee_exprs.insert(span(&*call.func));
        match &*call.func {
            Expr::Name(_) => {}
            Expr::Attribute(a) => {
                if let Expr::Call(c) = &*a.value {
                    self.primary.insert(span(c));
                }
                self.visit_expr(&a.value);
            }
            other => self.visit_expr(other),
        }
        for a in call.arguments.args.iter() {
            self.visit_expr(a);
        }
        for k in call.arguments.keywords.iter() {
            self.visit_expr(&k.value);
        }
        let primary = self.primary.contains(&primary_key);
        if let Some(c) = self.summary.sites[idx].call.as_mut() {
            c.primary = primary;
        }
    }
}

/// The negation of a test (unknown stays unknown).
fn negate(c: Cond) -> Cond {
    match c {
        Cond::Unknown => Cond::Unknown,
        Cond::Not(inner) => *inner,
        c => Cond::Not(Box::new(c)),
    }
}

/// A body every path of which leaves by `return` or `raise` (it never falls off the end).
fn always_exits(body: &[Stmt]) -> bool {
    match body.last() {
        Some(Stmt::Return(_) | Stmt::Raise(_)) => true,
        Some(Stmt::If(i)) => {
            always_exits(&i.body)
                && i.elif_else_clauses.last().is_some_and(|c| c.test.is_none())
                && i.elif_else_clauses.iter().all(|c| always_exits(&c.body))
        }
        _ => false,
    }
}

/// A literal zero (`0`, `0.0`).
fn is_zero(e: &Expr) -> bool {
    match e {
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => i.as_u64() == Some(0),
            ast::Number::Float(f) => *f == 0.0,
            ast::Number::Complex { .. } => false,
        },
        _ => false,
    }
}

fn is_main_guard(test: &Expr) -> bool {
    let Expr::Compare(c) = test else { return false };
    if c.ops.len() != 1 || !matches!(c.ops[0], ast::CmpOp::Eq) {
        return false;
    }
    let is_name = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == "__name__");
    let is_main = |e: &Expr| matches!(e, Expr::StringLiteral(s) if s.value.to_str() == "__main__");
    (is_name(&c.left) && is_main(&c.comparators[0]))
        || (is_main(&c.left) && is_name(&c.comparators[0]))
}

/// `f` in `sync_to_async(f, ...)(...)`.
fn sync_to_async_target(e: &Expr) -> Option<&Expr> {
    let Expr::Call(c) = e else { return None };
    let Expr::Call(inner) = &*c.func else {
        return None;
    };
    dotted(&inner.func)
        .is_some_and(|d| d.rsplit('.').next() == Some("sync_to_async"))
        .then(|| inner.arguments.args.first())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_imports_resolve_against_the_package() {
        assert_eq!(
            resolve_relative("pkg.sub.mod", false, 1, Some("x")),
            "pkg.sub.x"
        );
        assert_eq!(
            resolve_relative("pkg.sub.mod", false, 2, Some("x")),
            "pkg.x"
        );
        assert_eq!(resolve_relative("pkg.sub", true, 1, Some("x")), "pkg.sub.x");
        assert_eq!(resolve_relative("pkg.sub.mod", false, 1, None), "pkg.sub");
        assert_eq!(
            resolve_relative("pkg.mod", false, 0, Some("os.path")),
            "os.path"
        );
    }

    fn expr(src: &str) -> Expr {
        ruff_python_parser::parse_expression(src)
            .unwrap()
            .into_expr()
    }

    #[test]
    fn dotted_names_are_compared_without_building_them() {
        for (src, name, last) in [
            ("os.path.join", "os.path.join", Some("join")),
            ("f", "f", Some("f")),
            ("a.b", "a.b", Some("b")),
        ] {
            let e = expr(src);
            assert_eq!(dotted(&e).as_deref(), Some(name));
            assert!(dotted_eq(&e, name), "{src}");
            assert_eq!(dotted_last(&e), last);
        }
        let e = expr("os.path.join");
        for other in [
            "path.join",
            "os.path",
            "xos.path.join",
            "os.path.join.x",
            "os.pathjoin",
            "",
        ] {
            assert!(!dotted_eq(&e, other), "{other}");
        }
        // Not a dotted name: a call or subscript in the chain.
        for src in ["f().g", "a[0].b", "(a + b).c"] {
            let e = expr(src);
            assert_eq!(dotted(&e), None);
            assert_eq!(dotted_last(&e), None, "{src}");
            assert!(!dotted_eq(&e, "g"));
        }
    }

    fn rejects(src: &str) -> Option<&'static str> {
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        cpython_rejects(src, parsed.syntax(), parsed.tokens()).map(|(_, m)| m)
    }

    #[test]
    fn what_cpython_rejects_is_found_inside_function_bodies_too() {
        // Function bodies without the tokens that matter are not walked; these have them.
        for (src, message) in [
            (
                "def f():\n    async with x:\n        pass\n",
                "'async with' outside async function",
            ),
            (
                "def f():\n    async for a in b:\n        pass\n",
                "'async for' outside async function",
            ),
            (
                "def f():\n    return await g()\n",
                "'await' outside async function",
            ),
            (
                "def f():\n    from __future__ import annotations\n",
                "from __future__ imports must occur at the beginning of the file",
            ),
            (
                "def f():\n    class C:\n        return 1\n",
                "'return' outside function",
            ),
            (
                "def f():\n    g = lambda a, a: 0\n",
                "duplicate argument in function definition",
            ),
            (
                "def f():\n    def g(a, a):\n        pass\n",
                "duplicate argument in function definition",
            ),
            (
                "x = 1\nfrom __future__ import annotations\n",
                "from __future__ imports must occur at the beginning of the file",
            ),
            (
                "def f(a, a):\n    pass\n",
                "duplicate argument in function definition",
            ),
        ] {
            assert_eq!(rejects(src), Some(message), "{src}");
        }
        for src in [
            "def f():\n    return 1\n",
            "async def f():\n    async with x:\n        await y\n",
            "def f():\n    yield 1\n    nonlocal_ = 2\n",
            "from __future__ import annotations\nimport os\n",
            "def f():\n    def g():\n        return lambda a: a\n",
        ] {
            assert_eq!(rejects(src), None, "{src}");
        }
    }

    #[test]
    fn line_near_agrees_with_line_of_from_any_guess() {
        let text = "a\nbb\r\nccc\rd\n\n\ne";
        let lines = LineIndex::new(text);
        for offset in 0..=text.len() {
            for guess in 0..12 {
                assert_eq!(
                    lines.line_near(offset, guess),
                    lines.line_of(offset),
                    "{offset} {guess}"
                );
            }
        }
    }
}

/// The first construct CPython's compiler rejects although the parser accepts it
/// (`await`, `async for`/`async with` outside an async function, `return`/`yield`
/// outside a function, `nonlocal` at module level): its offset and CPython's message.
pub fn cpython_rejects(
    source: &str,
    module: &ast::ModModule,
    tokens: &ruff_python_ast::token::Tokens,
) -> Option<(usize, &'static str)> {
    use ruff_python_ast::token::TokenKind;
    // One pass over the tokens. Only expressions holding `await`, `yield` or `lambda` can
    // be rejected (`keywords`; the others are not walked). Inside a function body only
    // these can make something rejectable (`nested`): `async for`/`with` and `await` (in a
    // sync function), a lambda's, nested function's or class's own checks, and a
    // `from __future__` import.
    let mut keywords = vec![];
    let mut nested = vec![];
    for t in tokens.iter() {
        let (kw, inner) = match t.kind() {
            TokenKind::Await | TokenKind::Lambda => (true, true),
            TokenKind::Yield => (true, false),
            TokenKind::Async | TokenKind::Def | TokenKind::Class => (false, true),
            TokenKind::Name => {
                let r = t.range();
                let future = r.len().to_usize() == "__future__".len()
                    && &source[off(r.start())..off(r.end())] == "__future__";
                (false, future)
            }
            _ => continue,
        };
        if kw {
            keywords.push(off(t.start()));
        }
        if inner {
            nested.push(off(t.start()));
        }
    }
    let mut c = CompileCheck {
        stack: vec![Ctx::Module],
        found: None,
        futures_allowed: vec![],
        keywords,
        nested,
    };
    // `from __future__ import ...` only after the docstring and other future imports.
    let mut prefix = true;
    for (i, stmt) in module.body.iter().enumerate() {
        let future = matches!(stmt, Stmt::ImportFrom(f) if f.module.as_ref().is_some_and(|m| m.as_str() == "__future__") && f.level == 0);
        let docstring =
            i == 0 && matches!(stmt, Stmt::Expr(e) if matches!(&*e.value, Expr::StringLiteral(_)));
        if future && prefix {
            c.futures_allowed.push(off(stmt.start()));
        } else if !future && !docstring {
            prefix = false;
        }
    }
    c.visit_body(&module.body);
    c.found
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Module,
    Class,
    Sync,
    Async,
    Lambda,
}

struct CompileCheck {
    stack: Vec<Ctx>,
    found: Option<(usize, &'static str)>,
    /// Offsets of the `from __future__` imports that are where CPython allows them.
    futures_allowed: Vec<usize>,
    /// Offsets of the `await`, `yield` and `lambda` keywords, in order.
    keywords: Vec<usize>,
    /// Offsets of the tokens that can make a function body's content rejectable.
    nested: Vec<usize>,
}

impl CompileCheck {
    fn top(&self) -> Ctx {
        *self.stack.last().unwrap_or(&Ctx::Module)
    }
    fn in_function(&self) -> bool {
        matches!(self.top(), Ctx::Sync | Ctx::Async | Ctx::Lambda)
    }
    fn flag(&mut self, at: usize, message: &'static str) {
        if self.found.is_none() {
            self.found = Some((at, message));
        }
    }

    /// `def f(a, a)`: CPython's "duplicate argument in function definition".
    fn check_parameters(&mut self, params: &ast::Parameters) {
        let mut seen: Vec<&str> = vec![];
        for p in params.iter() {
            let name = p.name().as_str();
            if seen.contains(&name) {
                self.flag(
                    off(p.name().start()),
                    "duplicate argument in function definition",
                );
                return;
            }
            seen.push(name);
        }
    }
}

impl<'a> Visitor<'a> for CompileCheck {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.found.is_some() {
            return;
        }
        match stmt {
            Stmt::FunctionDef(d) => {
                for dec in &d.decorator_list {
                    self.visit_expr(&dec.expression);
                }
                self.check_parameters(&d.parameters);
                // A body without any of `nested` holds nothing to reject.
                let (start, end) = match (d.body.first(), d.body.last()) {
                    (Some(first), Some(last)) => (off(first.start()), off(last.end())),
                    _ => (0, 0),
                };
                let i = self.nested.partition_point(|&k| k < start);
                if self.nested.get(i).is_some_and(|&k| k < end) {
                    self.stack
                        .push(if d.is_async { Ctx::Async } else { Ctx::Sync });
                    self.visit_body(&d.body);
                    self.stack.pop();
                }
            }
            Stmt::ClassDef(cl) => {
                self.stack.push(Ctx::Class);
                self.visit_body(&cl.body);
                self.stack.pop();
            }
            Stmt::For(f) if f.is_async && self.top() != Ctx::Async => {
                self.flag(off(f.start()), "'async for' outside async function");
            }
            Stmt::With(w) if w.is_async && self.top() != Ctx::Async => {
                self.flag(off(w.start()), "'async with' outside async function");
            }
            Stmt::ImportFrom(f)
                if f.level == 0
                    && f.module
                        .as_ref()
                        .is_some_and(|m| m.as_str() == "__future__")
                    && !self.futures_allowed.contains(&off(f.start())) =>
            {
                self.flag(
                    off(f.start()),
                    "from __future__ imports must occur at the beginning of the file",
                );
            }
            Stmt::Return(r) if !self.in_function() => {
                self.flag(off(r.start()), "'return' outside function");
            }
            Stmt::Nonlocal(n) if self.top() == Ctx::Module => {
                self.flag(
                    off(n.start()),
                    "nonlocal declaration not allowed at module level",
                );
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.found.is_some() {
            return;
        }
        // No `await`, `yield` or `lambda` inside: nothing here to reject.
        let (start, end) = span(expr);
        let i = self.keywords.partition_point(|&k| k < start);
        if self.keywords.get(i).is_none_or(|&k| k >= end) {
            return;
        }
        match expr {
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.check_parameters(p);
                }
                self.stack.push(Ctx::Lambda);
                self.visit_expr(&l.body);
                self.stack.pop();
            }
            Expr::Await(a) if self.top() != Ctx::Async => {
                let message = if self.in_function() {
                    "'await' outside async function"
                } else {
                    "'await' outside function"
                };
                self.flag(off(a.start()), message);
            }
            Expr::Yield(y) if !self.in_function() => {
                self.flag(off(y.start()), "'yield' outside function");
            }
            Expr::YieldFrom(y) if !self.in_function() => {
                self.flag(off(y.start()), "'yield' outside function");
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}
