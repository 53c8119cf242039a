//! Builds the call graph from resolved sites, decides which functions cannot be async,
//! propagates blocking taint, and derives everything rewriting needs: the async name and
//! style of each migrated function, which ones keep a sync shim, and the migration waves.

use crate::model::*;
use crate::resolve::{ClassId, FuncId, Index, Resolved, Target, Value};
use crate::{Naming, Options};
use awaitify_core::catalog::Strategy;
use awaitify_core::graph::{CallGraph, EdgeKind, NodeFacts, Site as GraphSite, Taint};
use rayon::prelude::*;

/// How a migrated function is used by its callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `await f()`.
    Coroutine,
    /// An async generator: `async for x in f()`.
    AsyncGen,
    /// An `asynccontextmanager`: `async with f()`.
    AsyncCm,
}

pub struct Analysis<'a> {
    pub index: Index<'a>,
    pub rels: Vec<&'a str>,
    pub texts: Vec<&'a str>,
    pub resolved: Vec<Vec<Resolved>>,
    pub graph: CallGraph,
    pub taint: Taint,
    pub waves: Vec<Option<usize>>,
    /// Why a function must stay sync, when it must.
    pub barrier: Vec<Option<String>>,
    pub needs_shim: Vec<bool>,
    /// Whether something that stays sync uses the function (a sync caller, a lambda, a
    /// reference passed as a value, module-level code).
    pub sync_use: Vec<bool>,
    pub options: &'a Options,
    /// Ranges of `with` items and iterables per file (to know how a call is consumed).
    pub consumed: Vec<std::collections::HashMap<(usize, usize, SiteKind), usize>>,
    value_use: Vec<bool>,
    /// Per function: blocking by itself, already async, barrier (before propagation).
    pub facts: Vec<NodeFacts>,
    /// Per file: it starts with a byte-order mark (kept out of `texts`).
    pub boms: Vec<bool>,
    pub encodings: Vec<awaitify_core::encoding::SourceEncoding>,
    /// Migrated code calls sqlite3 connection or cursor methods in worker threads.
    pub sqlite_threaded: bool,
    /// A shim awaitify left in an earlier run (it runs its twin with the runtime helper).
    pub is_shim: Vec<bool>,
    /// Imported by name (`from m import f`) somewhere: the import keeps the old name.
    pub imported_by_name: Vec<bool>,
    /// The project's own coroutine twin of a sync function (`sendall` / `async_sendall`):
    /// callers in async code await it; the sync function itself is left as it is.
    pub twin: Vec<Option<FuncId>>,
    /// Run-time replacements of a name on a receiver we could not resolve: (name, file,
    /// line). A migrated function of that name may no longer be intercepted.
    pub name_patches: Vec<(Name, usize, usize)>,
    /// Each function's sites (indices into its file's sites), built on first use.
    pub sites_of: std::sync::OnceLock<Vec<Vec<u32>>>,
    /// Constructor calls in migrated code that build a pair's async class instead.
    pub class_swaps: Vec<ClassSwap>,
    /// Pairs `X` / `AsyncX` left alone, and why.
    pub class_pairs_skipped: Vec<(ClassId, ClassId, String)>,
    /// What a runtime trace added (`--evidence`).
    pub evidence: Option<crate::evidence::Applied>,
    /// Why the trace given does not fit the code (the run must stop).
    pub evidence_error: Option<String>,
    /// A Django project (it imports Django, or is Django): blocking work goes through
    /// asgiref's thread-sensitive `sync_to_async`, and shims through `async_to_sync`.
    pub django: bool,
    /// Per function: it is Django's async-unsafe code or reaches it through sync calls.
    pub unsafe_reach: Vec<bool>,
    /// The names of the methods in `unsafe_reach`: a call by such a name on a receiver
    /// awaitify could not type is moved to a thread too (Django's `self.connection.close()`).
    pub unsafe_names: std::collections::HashSet<String>,
}

/// Model and form methods that write or read the database, by name: called on a value
/// awaitify could not type in a Django application, they count as async-unsafe calls
/// (migrated code runs them, or the sync function holding them, through `sync_to_async`).
/// Queryset and manager methods are here too (`filter`, `first`, `exists`, ...), but not
/// the names dicts, lists and strings share (`get`, `values`, `count`, `update`): a call
/// counted so that is not the ORM only runs in a thread, which is safe.
pub const UNTYPED_ORM_METHODS: &[&str] = &[
    "save",
    "delete",
    "refresh_from_db",
    "full_clean",
    "filter",
    "exclude",
    "order_by",
    "values_list",
    "first",
    "last",
    "exists",
    "all",
    "select_related",
    "prefetch_related",
    "annotate",
    "aggregate",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "in_bulk",
    "iterator",
    "latest",
    "earliest",
];

/// Decorators that leave a function's calling convention alone.
pub const ALLOWED_DECORATORS: &[&str] = &[
    "staticmethod",
    "classmethod",
    "abstractmethod",
    "abc.abstractmethod",
    "contextmanager",
    "contextlib.contextmanager",
    // On functions that are already coroutines: nothing to decide.
    "asynccontextmanager",
    "contextlib.asynccontextmanager",
    "override",
    "typing.override",
    "typing_extensions.override",
    "wraps",
    "functools.wraps",
];

pub fn is_contextmanager_decorator(d: &Decorator) -> bool {
    matches!(
        d.dotted.as_deref(),
        Some("contextmanager" | "contextlib.contextmanager")
    )
}

pub fn is_contextmanager(f: &Function) -> bool {
    f.decorators.iter().any(is_contextmanager_decorator)
}

/// What a decorator does to a function that becomes async.
pub enum DecoratorVerdict {
    /// Leaves the calling convention alone (or returns the coroutine as it is).
    Transparent,
    /// Transparent, but the wrapper handles the call's result or errors, which it no
    /// longer sees with a coroutine: a review item.
    Review(String),
    /// The function must stay sync: why.
    Barrier(String),
}

/// A project decorator that returns the function it is given (a registration: `@register`,
/// `@app.route(...)` of an in-repo registry): applied to the coroutine, it would register
/// the coroutine function where sync callers expect the sync one.
pub fn registers(index: &Index, file: usize, d: &Decorator) -> bool {
    crate::types::reset_budget();
    match index.eval(file, &d.target, &mut None, 0) {
        Value::Func(g) => matches!(
            (index.func(g).1.deco, d.is_call),
            (DecoKind::Identity, false) | (DecoKind::FactoryOf(DecoInner::Identity), true)
        ),
        Value::Class(c) => !d.is_call && index.class(c).1.deco == DecoKind::Identity,
        _ => false,
    }
}

/// Read a decorator by what it does: the fixed list, the project's
/// `transparent-decorators`, or its own code when it is in the repository.
pub fn decorator_verdict(
    index: &Index,
    file: usize,
    d: &Decorator,
    options: &Options,
) -> DecoratorVerdict {
    let text = d.text.as_str();
    if let Some(name) = d.dotted.as_deref() {
        if ALLOWED_DECORATORS.contains(&name) {
            return DecoratorVerdict::Transparent;
        }
        let last = name.rsplit('.').next().unwrap_or(name);
        if matches!(
            last,
            "property" | "abstractproperty" | "cached_property" | "setter" | "getter" | "deleter"
        ) {
            return DecoratorVerdict::Barrier(
                "properties cannot be awaited by their callers".to_string(),
            );
        }
        if matches!(last, "lru_cache" | "cache") {
            return DecoratorVerdict::Barrier(format!(
                "`{text}` would cache the coroutine object, which can be awaited only once"
            ));
        }
        if options.transparent_decorators.iter().any(|t| t == name) {
            return DecoratorVerdict::Transparent;
        }
    }
    crate::types::reset_budget();
    let value = index.eval(file, &d.target, &mut None, 0);
    let qualified = match &value {
        Value::Ext(q) => Some(q.clone()),
        Value::Func(g) => Some(index.qualname(*g)),
        _ => None,
    };
    if let Some(q) = &qualified {
        if options.transparent_decorators.iter().any(|t| t == q) {
            return DecoratorVerdict::Transparent;
        }
        if let Some(entry) = index.catalog.decorator(q) {
            return if entry.transparent {
                DecoratorVerdict::Transparent
            } else {
                DecoratorVerdict::Barrier(format!(
                    "decorator `{q}`: {}",
                    entry
                        .note
                        .as_deref()
                        .unwrap_or("it does not support coroutines")
                ))
            };
        }
    }
    // A class-based decorator: its instances call the function in `__call__`.
    if let Value::Class(c) = value
        && !d.is_call
    {
        let (cs, class) = index.class(c);
        return match class.deco {
            DecoKind::Passthrough | DecoKind::CoroutineAware | DecoKind::Identity => {
                DecoratorVerdict::Transparent
            }
            _ => DecoratorVerdict::Barrier(format!(
                "decorator class `{}` ({}:{}) does not return the wrapped function's result \
                 from `__call__` as it is (declare it in `transparent-decorators` if it does)",
                class.qualname, cs.name, class.line
            )),
        };
    }
    let Value::Func(g) = value else {
        return DecoratorVerdict::Barrier(format!(
            "unknown decorator `{text}`: its wrapper may not support coroutines \
             (declare it in `transparent-decorators` if it returns the wrapped call's result)"
        ));
    };
    let (gs, gf) = index.func(g);
    let at = format!("{}:{}", gs.name, gf.line);
    let kind = match (gf.deco, d.is_call) {
        (DecoKind::FactoryOf(k), true) => Some(k),
        (DecoKind::Identity, false) => Some(DecoInner::Identity),
        (DecoKind::Passthrough, false) => Some(DecoInner::Passthrough),
        (DecoKind::Guarded, false) => Some(DecoInner::Guarded),
        (DecoKind::CoroutineAware, false) => Some(DecoInner::CoroutineAware),
        _ => None,
    };
    match kind {
        Some(DecoInner::Identity | DecoInner::Passthrough | DecoInner::CoroutineAware) => {
            DecoratorVerdict::Transparent
        }
        Some(DecoInner::Guarded) => DecoratorVerdict::Review(format!(
            "decorator `{}` ({at}) calls the function inside `try`/`with`/a loop or uses its \
             result; with the async version it gets a coroutine, so that code no longer sees \
             the result or the errors raised while awaiting: make the wrapper async-aware \
             (`if inspect.iscoroutinefunction(func)`)",
            index.qualname(g)
        )),
        None => DecoratorVerdict::Barrier(format!(
            "decorator `{}` ({at}) does not return the wrapped function's result as it is, \
             so its wrapper may not support coroutines (declare it in \
             `transparent-decorators` if it does)",
            index.qualname(g)
        )),
    }
}

/// When `id` is the wrapper a guarded decorator returns: that decorator.
fn wrapper_of_guarded(index: &Index, id: FuncId) -> Option<FuncId> {
    let (s, f) = index.func(id);
    let l = f.parent_func?;
    let (_, wrapper) = s.functions[l].guarded_wrapper.as_ref()?;
    (*wrapper == f.name && !f.is_async).then(|| index.func_id(index.funcs[id].0, l))
}

/// The decorator-level function behind `@d` when it is a guarded decorator (`@retry`) or a
/// factory of one (`@retry(3)`): the function whose wrapper gets an async twin.
pub fn guarded_decorator(index: &Index, file: usize, d: &Decorator) -> Option<FuncId> {
    crate::types::reset_budget();
    let Value::Func(g) = index.eval(file, &d.target, &mut None, 0) else {
        return None;
    };
    let (gs, gf) = index.func(g);
    let gfile = index.funcs[g].0;
    match (gf.deco, d.is_call) {
        (DecoKind::Guarded, false) => gf.guarded_wrapper.is_some().then_some(g),
        (DecoKind::FactoryOf(DecoInner::Guarded), true) => {
            let local = index.funcs[g].1;
            gs.functions
                .iter()
                .position(|x| x.parent_func == Some(local) && x.guarded_wrapper.is_some())
                .map(|l| index.func_id(gfile, l))
        }
        _ => None,
    }
}

/// `run` of a `threading.Thread` (or `multiprocessing.Process`) subclass: the library base
/// it overrides.
fn thread_body(index: &Index, id: FuncId) -> Option<&'static str> {
    let f = index.func(id).1;
    let c = f.class?;
    if f.name != "run" {
        return None;
    }
    let cid = index.class_id(index.funcs[id].0, c);
    [
        "threading.Thread",
        "multiprocessing.Process",
        "multiprocessing.context.Process",
    ]
    .into_iter()
    .find(|q| index.has_library_base(cid, q))
}

fn barrier_reason(index: &Index, file: usize, f: &Function, options: &Options) -> Option<String> {
    let n = f.name.as_str();
    if n.starts_with("__") && n.ends_with("__") && n.len() > 4 {
        let ok = matches!(n, "__enter__" | "__exit__" | "__next__")
            || (n == "__iter__" && f.is_generator)
            || (n == "__call__" && !f.is_generator);
        if !ok {
            return Some(format!(
                "`{n}` cannot be async: Python calls it synchronously"
            ));
        }
    }
    if f.is_overload {
        return Some("an `@overload` stub for type checkers".into());
    }
    for d in &f.decorators {
        if let DecoratorVerdict::Barrier(why) = decorator_verdict(index, file, d, options) {
            return Some(why);
        }
    }
    if f.is_generator && f.has_yield_from {
        return Some("generator uses `yield from`, which has no async form".into());
    }
    if f.returns_value_in_generator {
        return Some("generator returns a value, which async generators cannot".into());
    }
    None
}

impl<'a> Analysis<'a> {
    pub fn new(
        summaries: Vec<&'a ModuleSummary>,
        rels: Vec<&'a str>,
        texts: Vec<&'a str>,
        catalog: &'a awaitify_core::catalog::Catalog,
        options: &'a Options,
    ) -> Self {
        let mut index = Index::new(summaries, catalog);
        // Evidence adds edges static resolution did not find: resolve everything.
        let on_demand =
            options.analysis_only && !options.whole_program && options.evidence.is_none();
        if on_demand {
            index.lazy_params = Some(crate::types::LazyParams::new(&index));
            crate::phase("lazy params");
        }
        crate::phase("precompute");
        index.precompute();
        let mut sites_of = None;
        let mut resolved = if on_demand {
            // Lint: only what async code can run (see `demand`).
            let mut names: Vec<&str> = (0..index.funcs.len())
                .map(|g| index.func(g).1)
                .filter(|f| f.is_async)
                .map(|f| f.name.as_str())
                .collect();
            // A discarded call by another name cannot be one of these.
            names.extend(
                crate::lint::ASYNCIO_COROUTINES
                    .iter()
                    .chain(crate::lint::TASK_FACTORIES)
                    .map(|q| q.rsplit('.').next().unwrap_or(q)),
            );
            let d = crate::demand::resolve(&index, &names);
            sites_of = Some(d.sites_of);
            d.resolved
        } else {
            whole_program(&index)
        };
        let (evidence, evidence_error) = match &options.evidence {
            Some(ev) => {
                match crate::evidence::apply(&index, &rels, &texts, &mut resolved, &ev.1, &ev.0) {
                    Ok(applied) => (Some(applied), None),
                    Err(e) => (None, Some(e)),
                }
            }
            None => (None, None),
        };
        let n = index.funcs.len();
        let mut graph = CallGraph::new(n);
        let mut facts = vec![NodeFacts::default(); n];
        let mut barrier: Vec<Option<String>> = vec![None; n];
        let mut sync_use = vec![false; n];
        let mut value_use = vec![false; n];
        let mut twin: Vec<Option<FuncId>> = vec![None; n];
        let mut is_shim = vec![false; n];

        crate::phase("flows+round2");
        let keep_sync = build_globs(&options.keep_sync);
        // Functions code replaces at run time (monkeypatching, mocks): callers must keep
        // calling them by that name, so they stay sync. Only the function the receiver or
        // dotted path resolves to; a replacement whose receiver is unknown bars nothing,
        // and is listed for review beside any migrated function of that name.
        let mut patched: std::collections::HashMap<FuncId, (usize, usize)> = Default::default();
        let mut name_patches: Vec<(Name, usize, usize)> = vec![];
        for (file, s) in index.summaries.iter().enumerate() {
            if options.analysis_only {
                break; // lint reads no barriers
            }
            for p in &s.patched {
                let targets = patch_targets(&index, file, p);
                if targets.is_empty() && patch_receiver_unknown(&index, file, p) {
                    name_patches.push((p.name.clone(), file, p.line));
                }
                for g in targets {
                    patched.entry(g).or_insert((file, p.line));
                }
            }
        }
        // Barriers (lint reads none) and existing twins, per function in parallel.
        // `skip_test`: decide as if test code could migrate (for test doubles, below).
        let decide = |id: FuncId, skip_test: bool| -> (Option<String>, Option<FuncId>) {
            if options.analysis_only {
                return (None, None);
            }
            let mut twin = None;
            let f = index.func(id).1;
            let why = if f.keep_sync_comment {
                Some(format!("marked `# {}`", crate::extract::KEEP_SYNC_MARKER))
            } else if let Some(p) = keep_sync
                .as_ref()
                .and_then(|g| g.matches(index.qualname(id)).first().copied())
            {
                Some(format!("matches --keep-sync `{}`", options.keep_sync[p]))
            } else if !skip_test
                && !options.include_tests
                && crate::is_test_path(rels[index.funcs[id].0])
            {
                Some("test code stays sync and uses the shims (--include-tests migrates it)".into())
            } else if index.func(id).0.name.ends_with("_awaitify_runtime")
                || options.runtime_module.as_deref() == Some(index.func(id).0.name.as_str())
            {
                Some("part of awaitify's runtime helper".into())
            } else if let Some(&(pf, pl)) = patched.get(&id).filter(|_| !f.is_async) {
                Some(format!(
                    "it is replaced at run time (`{}` at {}:{pl}): callers must keep calling it by name",
                    f.name, rels[pf]
                ))
            } else if let Some(l) = wrapper_of_guarded(&index, id) {
                Some(format!(
                    "the wrapper of decorator `{}`, which gets an async wrapper beside it for \
                     coroutine functions: this one stays the sync path",
                    index.qualname(l)
                ))
            } else if let Some(t) = existing_twin(&index, id, options) {
                twin = Some(t);
                None
            } else if let Some(taken) = name_taken(&index, id, options) {
                Some(format!("its async name `{taken}` is already defined here"))
            } else if let Some(base) = thread_body(&index, id) {
                Some(format!(
                    "`run` is the body of a `{base}`: it runs on a thread of its own, where blocking is what it is for (made async, its awaits would go through worker threads that keep a daemon thread's process alive)"
                ))
            } else {
                barrier_reason(&index, index.funcs[id].0, f, options)
            };
            (why, twin)
        };
        let decided: Vec<(Option<String>, Option<FuncId>)> =
            (0..n).into_par_iter().map(|id| decide(id, false)).collect();
        for (id, (why, t)) in decided.into_iter().enumerate() {
            facts[id].already_async = index.func(id).1.is_async;
            barrier[id] = why;
            twin[id] = t;
        }

        crate::phase("barriers");
        // Code that stays sync inside its function: a lambda, a class body, and an
        // `atomic` block, which moves into a worker thread when its function becomes
        // async (its calls do not make the function async; lint follows them).
        let stays_sync = |site: &Site| site.sync_ctx || (site.in_block && !options.analysis_only);
        for (file, sites) in resolved.iter().enumerate() {
            let s = index.summaries[file];
            for (site, res) in s.sites.iter().zip(sites) {
                let caller = site.func.map(|f| index.func_id(file, f));
                let sync_here = stays_sync(site);
                for t in &res.targets {
                    match t {
                        Target::Func(g) => {
                            if site.kind == SiteKind::Value {
                                value_use[*g] = true;
                                sync_use[*g] = true;
                                continue;
                            }
                            // An awaitify shim left by an earlier wave blocks as the original
                            // did (it runs its coroutine to completion): its twin is the
                            // async version, so callers migrate as in a one-shot run.
                            if let Some(c) = caller
                                && !sync_here
                                && twin[c].is_some()
                                && !index.func(c).1.is_async
                                && is_runtime_helper(&index, *g)
                            {
                                facts[c].blocking = true;
                                is_shim[c] = true;
                            }
                            match caller {
                                Some(c) if !sync_here => graph.add_call(
                                    c,
                                    *g,
                                    GraphSite {
                                        file,
                                        offset: site.start,
                                    },
                                ),
                                _ => sync_use[*g] = true,
                            }
                        }
                        Target::Blocking(q) => {
                            if let (Some(c), false) = (caller, sync_here) {
                                let entry =
                                    catalog.blocking(q).expect("resolved against the catalog");
                                let native = options.native && entry.native.is_some();
                                if entry.migrate && (entry.strategy != Strategy::Review || native) {
                                    facts[c].blocking = true;
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }

        // The targets of one call site share a colour: the call is awaited or not, so every
        // function it can reach (union members, subclasses' methods) changes together.
        for (file, sites) in resolved.iter().enumerate() {
            let s = index.summaries[file];
            for (site, res) in s.sites.iter().zip(sites) {
                if site.kind != SiteKind::Call || res.targets.len() < 2 {
                    continue;
                }
                let funcs: Vec<FuncId> = res.funcs().collect();
                for w in funcs.windows(2) {
                    if !index.func(w[0]).1.is_async && !index.func(w[1]).1.is_async {
                        graph.add_override(w[0], w[1]);
                    }
                }
            }
        }

        crate::phase("edges");
        // Overrides share a colour; `__enter__`/`__exit__` change together.
        for c in 0..index.classes.len() {
            let (file, _) = index.classes[c];
            let (_, class) = index.class(c);
            let mro = index.mro(c);
            for (name, &local) in &class.methods {
                // `A()` runs A's constructor, never a subclass's: constructors and other
                // protocol methods Python calls directly do not dispatch through a base.
                let n = name.as_str();
                if n.starts_with("__")
                    && n.ends_with("__")
                    && !matches!(
                        n,
                        "__enter__" | "__exit__" | "__iter__" | "__next__" | "__call__"
                    )
                {
                    continue;
                }
                let me = index.func_id(file, local);
                if let Some(base) = mro.iter().skip(1).find_map(|&k| {
                    let (bf, _) = index.classes[k];
                    index
                        .class(k)
                        .1
                        .methods
                        .get(name)
                        .map(|&m| index.func_id(bf, m))
                }) {
                    graph.add_override(me, base);
                }
            }
            if let (Some(&a), Some(&b)) = (
                class.methods.get("__enter__"),
                class.methods.get("__exit__"),
            ) {
                graph.add_override(index.func_id(file, a), index.func_id(file, b));
            }
        }

        // A test double overriding a method of the code under test follows that method
        // (a `Fake(Store)` in tests must keep overriding `Store.load` after it migrates).
        for id in 0..n {
            if !options.include_tests
                && crate::is_test_path(rels[index.funcs[id].0])
                && barrier[id].is_some()
            {
                let overrides_code = graph.callees(id).any(|(other, e)| {
                    e == EdgeKind::Override && !crate::is_test_path(rels[index.funcs[other].0])
                });
                let test_barrier = barrier[id]
                    .as_deref()
                    .is_some_and(|b| b.starts_with("test code"));
                if overrides_code && test_barrier {
                    // It follows the method, unless something else keeps it sync (its
                    // async name is taken) or it already has its coroutine twin.
                    let (why, t) = decide(id, true);
                    barrier[id] = why;
                    twin[id] = t;
                    // Its twin was not known when shims were recognised (test code had
                    // none): an earlier run's shim is recognised here, as elsewhere.
                    if t.is_some() && !index.func(id).1.is_async {
                        let file = index.funcs[id].0;
                        let local = id - index.func_base[file];
                        let calls_helper =
                            index.summaries[file].sites.iter().zip(&resolved[file]).any(
                                |(site, res)| {
                                    site.func == Some(local)
                                        && !stays_sync(site)
                                        && res.funcs().any(|g| is_runtime_helper(&index, g))
                                },
                            );
                        if calls_helper {
                            facts[id].blocking = true;
                            is_shim[id] = true;
                        }
                    }
                }
            }
        }
        // Django's async-unsafe code (functions decorated `@async_unsafe`, and the sync
        // functions that reach them) must run on a thread without an event loop: it never
        // becomes async, migrated code calls it through thread-sensitive `sync_to_async`,
        // and a function that uses it where a call cannot be moved to a thread (a `with`,
        // a `for`, a lambda) stays sync.
        let django = is_django_project(&index);
        // Django runs a migration's functions (`RunPython`) itself, synchronously, when
        // it migrates the database: they stay as they are.
        if django && !options.analysis_only {
            for (f, why) in barrier.iter_mut().enumerate() {
                let (s, func) = index.func(f);
                if why.is_none()
                    && !func.is_async
                    && s.name.split('.').any(|part| part == "migrations")
                {
                    *why = Some(
                        "in a Django migration: Django runs its functions synchronously \
                         (`RunPython`) when it migrates the database"
                            .into(),
                    );
                }
            }
        }
        // The names of the async-unsafe methods (`cursor`, `close`, `connect`, ...): a
        // call by such a name on a value awaitify could not type counts as one of them.
        let mut unsafe_names: std::collections::HashSet<String> = if django {
            (0..n)
                .filter(|&f| is_async_unsafe(&index, f) && index.func(f).1.class.is_some())
                .map(|f| index.func(f).1.name.clone())
                .chain(DJANGO_UNSAFE_METHODS.iter().map(|m| m.to_string()))
                // In an application, a model's own database methods too (`visit.save()`
                // on a parameter): not in Django itself, where every model method is
                // in the repository and typed.
                .chain(
                    UNTYPED_ORM_METHODS
                        .iter()
                        .chain([MANAGER_CALLS].iter())
                        .filter(|_| !index.modules.contains_key("django"))
                        .map(|m| m.to_string()),
                )
                .collect()
        } else {
            Default::default()
        };
        let unsafe_reach = if django && !options.analysis_only {
            async_unsafe_reach(&index, &graph, &resolved, &unsafe_names)
        } else {
            vec![false; n]
        };
        // An application (Django is a library here, not this code): a method of its own
        // that reaches the database, called on a value awaitify could not type (a backend
        // class loaded from settings), is moved to a thread too. Not in Django itself,
        // where every ORM method would match.
        if django && !index.modules.contains_key("django") {
            unsafe_names.extend(
                (0..n)
                    .filter(|&f| unsafe_reach[f] && index.func(f).1.class.is_some())
                    .map(|f| index.func(f).1.name.clone())
                    .filter(|m| !m.starts_with("__")),
            );
        }
        if unsafe_reach.iter().any(|&u| u) {
            for (file, sites) in resolved.iter().enumerate() {
                let s = index.summaries[file];
                for (site, res) in s.sites.iter().zip(sites) {
                    let Some(local) = site.func else { continue };
                    let f = index.func_id(file, local);
                    // Code in an `atomic` block moves into a worker thread with it.
                    if barrier[f].is_some() || index.func(f).1.is_async || site.in_block {
                        continue;
                    }
                    if let Some(Target::Blocking(q)) =
                        res.targets.iter().find(|t| no_twin_django(&index, t))
                        && !async_for_queryset(&index, options, site, res)
                        // (The block's `with` item and its call.)
                        && !opens_atomic_block(s, site)
                    {
                        barrier[f] = Some(format!(
                            "uses `{q}`, which has no async twin and must run on the thread \
                             that owns the connection: it stays sync, and async callers reach it \
                             through `sync_to_async`"
                        ));
                        continue;
                    }
                    let movable = site.kind == SiteKind::Call
                        && site.call.is_some()
                        && !site.sync_code()
                        && !site.deferred;
                    if movable {
                        continue;
                    }
                    // A method of Django's async-unsafe code by name, on a receiver we
                    // could not type (`with self.connection.cursor() as c:`).
                    if res.found_nothing(site.kind)
                        && let Some(name) = unsafe_by_name(s, site, &unsafe_names)
                    {
                        barrier[f] = Some(format!(
                            "uses `.{name}()` (a method of Django's async-unsafe code, on a \
                             value awaitify could not type) in a `with`, `for` or lambda: it \
                             must run on a thread without an event loop"
                        ));
                        continue;
                    }
                    if !unsafe_reach[f] {
                        continue;
                    }
                    if let Some(g) = res
                        .funcs()
                        .find(|&g| unsafe_reach[g] && twin[g].is_none() && g != f)
                    {
                        barrier[f] = Some(format!(
                            "uses `{}`, which reaches Django's async-unsafe code, in a `with`, \
                             `for` or lambda: it must run on a thread without an event loop",
                            index.qualname(g)
                        ));
                    }
                }
            }
            for f in 0..n {
                if unsafe_reach[f] && barrier[f].is_none() && is_async_unsafe(&index, f) {
                    barrier[f] = Some(
                        "decorated `@async_unsafe`: Django only runs it on a thread without an \
                         event loop (async callers reach it through `sync_to_async`)"
                            .into(),
                    );
                }
            }
        }

        // Overrides share a colour: if one implementation must stay sync, they all do, or
        // calls through the base would skip it.
        let mut queue: Vec<FuncId> = (0..n).filter(|&id| barrier[id].is_some()).collect();
        while let Some(id) = queue.pop() {
            let partners: Vec<FuncId> = graph
                .callees(id)
                .filter(|(_, e)| *e == EdgeKind::Override)
                .map(|(o, _)| o)
                .collect();
            for other in partners {
                if barrier[other].is_none() && !index.func(other).1.is_async {
                    barrier[other] = Some(format!(
                        "shares a method with `{}`, which stays sync ({})",
                        index.qualname(id),
                        barrier[id].clone().unwrap_or_default()
                    ));
                    queue.push(other);
                }
            }
        }
        for (id, b) in barrier.iter().enumerate() {
            facts[id].barrier = b.is_some();
        }
        let allowed = if options.only.is_empty() {
            None
        } else {
            let roots: Vec<FuncId> = (0..n)
                .filter(|&id| options.only.iter().any(|o| *o == index.qualname(id)))
                .collect();
            Some(graph.reachable(&roots))
        };
        // `--top N`: only what the N costliest traced blocking paths need.
        let allowed = match (&evidence, options.top) {
            (Some(ev), Some(top)) => {
                let leaves = crate::evidence::leaf_costs(&index, ev);
                let top = crate::evidence::top_allowed(&graph, &leaves, top);
                Some(match allowed {
                    Some(only) => only.iter().zip(&top).map(|(a, b)| *a && *b).collect(),
                    None => top,
                })
            }
            _ => allowed,
        };

        crate::phase("overrides");
        let mut taint = graph.propagate(&facts, allowed.as_deref());
        // Without shims, a function that something sync still calls cannot change.
        if options.naming == Naming::Inplace {
            loop {
                let mut changed = false;
                for id in 0..n {
                    if !taint.is_async(id) || barrier[id].is_some() {
                        continue;
                    }
                    let sync_caller = graph.callers(id).any(|(c, e)| {
                        matches!(e, EdgeKind::Call(_))
                            && !taint.is_async(c)
                            && !index.func(c).1.is_async
                    });
                    if sync_use[id] || sync_caller {
                        barrier[id] = Some(
                            "--naming inplace leaves no sync shim, and sync code still uses it"
                                .into(),
                        );
                        facts[id].barrier = true;
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
                taint = graph.propagate(&facts, allowed.as_deref());
            }
        }

        crate::phase("taint");
        // A private function (with its override family) that only code staying sync
        // calls, a property setter's helper say, would get an async version nobody calls:
        // it stays sync.
        if !options.analysis_only {
            loop {
                let mut changed = false;
                let mut seen = vec![false; n];
                for id in 0..n {
                    if seen[id] || !taint.is_async(id) || barrier[id].is_some() {
                        continue;
                    }
                    // The override family of `id`.
                    let mut family = vec![id];
                    seen[id] = true;
                    let mut i = 0;
                    while i < family.len() && family.len() <= 64 {
                        let x = family[i];
                        i += 1;
                        let partners: Vec<FuncId> = graph
                            .callees(x)
                            .chain(graph.callers(x))
                            .filter(|(_, e)| *e == EdgeKind::Override)
                            .map(|(o, _)| o)
                            .collect();
                        for o in partners {
                            if !seen[o] {
                                seen[o] = true;
                                family.push(o);
                            }
                        }
                    }
                    let eligible = family.iter().all(|&m| {
                        let f = index.func(m).1;
                        f.name.starts_with('_')
                            && !f.name.starts_with("__")
                            && !value_use[m]
                            && !sync_use[m]
                    });
                    if !eligible {
                        continue;
                    }
                    let mut first = None;
                    let mut only_sync = true;
                    'family: for &m in &family {
                        for (c, e) in graph.callers(m) {
                            if let EdgeKind::Call(_) = e {
                                if taint.is_async(c) || index.func(c).1.is_async {
                                    only_sync = false;
                                    break 'family;
                                }
                                first.get_or_insert(c);
                            }
                        }
                    }
                    let Some(c) = first.filter(|_| only_sync) else {
                        continue;
                    };
                    for &m in &family {
                        if barrier[m].is_none() && !index.func(m).1.is_async {
                            barrier[m] = Some(format!(
                                "only code that stays sync calls it (`{}`), so an async \
                                 version would have no caller",
                                index.qualname(c)
                            ));
                            facts[m].barrier = true;
                            changed = true;
                        }
                    }
                }
                if !changed {
                    break;
                }
                taint = graph.propagate(&facts, allowed.as_deref());
            }
        }

        // Classes `X` / `AsyncX`: callers use the project's own async class.
        let (class_swaps, class_pairs_skipped) = if options.analysis_only {
            (vec![], vec![])
        } else {
            link_class_pairs(&index, &rels, &resolved, &taint, &barrier, &mut twin)
        };

        crate::phase("prune");
        // Which calls `with`/`for` consume: rewriting reads it, lint does not.
        let consumed = index
            .summaries
            .iter()
            .map(|s| {
                if options.analysis_only {
                    return Default::default();
                }
                s.sites
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| matches!(x.kind, SiteKind::With | SiteKind::Iter))
                    .map(|(i, x)| ((x.start, x.end, x.kind), i))
                    .collect()
            })
            .collect();

        // Lint needs the graph and taint only; waves and shims are for rewriting.
        let waves = if options.analysis_only {
            vec![None; n]
        } else {
            graph.waves(&taint)
        };
        let mut a = Self {
            index,
            rels,
            texts,
            resolved,
            graph,
            taint,
            waves,
            barrier,
            needs_shim: vec![false; n],
            sync_use,
            options,
            consumed,
            value_use,
            facts: facts.clone(),
            boms: vec![],
            encodings: vec![],
            sqlite_threaded: false,
            name_patches,
            sites_of: sites_of.map(std::sync::OnceLock::from).unwrap_or_default(),
            twin,
            imported_by_name: vec![false; n],
            is_shim,
            class_swaps,
            class_pairs_skipped,
            evidence,
            evidence_error,
            django,
            unsafe_reach,
            unsafe_names,
        };
        if options.analysis_only {
            return a;
        }
        a.sync_use = a.compute_sync_use();
        for sites in &a.resolved {
            for res in sites {
                if !res.hops.is_empty() {
                    for t in &res.targets {
                        if let Target::Func(g) = t {
                            a.imported_by_name[*g] = true;
                        }
                    }
                }
            }
        }
        a.sqlite_threaded = a.resolved.iter().enumerate().any(|(file, sites)| {
            let s = a.index.summaries[file];
            s.sites.iter().zip(sites).any(|(site, res)| {
                !site.sync_code()
                    && site
                        .func
                        .is_some_and(|f| a.async_after(a.index.func_id(file, f)))
                    && res.targets.iter().any(|t| {
                        matches!(t, Target::Blocking(q)
                        if q.starts_with("sqlite3.Connection.") || q.starts_with("sqlite3.Cursor."))
                    })
            })
        });
        a.needs_shim = (0..n).map(|id| a.compute_needs_shim(id)).collect();
        // Shims call their own class's coroutine, so if one implementation of a method
        // keeps a shim, every migrating override needs one too (or a sync call on a
        // subclass would run the base's code).
        let mut queue: Vec<FuncId> = (0..n).filter(|&f| a.needs_shim[f]).collect();
        while let Some(f) = queue.pop() {
            let partners: Vec<FuncId> = a
                .graph
                .callees(f)
                .filter(|(g, e)| *e == EdgeKind::Override && a.migrates(*g) && !a.needs_shim[*g])
                .map(|(g, _)| g)
                .collect();
            for g in partners {
                if a.options.naming != Naming::Inplace {
                    a.needs_shim[g] = true;
                    queue.push(g);
                }
            }
        }
        if let Some(ev) = &a.evidence {
            // With measured costs, the costliest blocking path lands first.
            let leaves = crate::evidence::leaf_costs(&a.index, ev);
            let mut waves = a.waves.clone();
            crate::evidence::rank_waves(&a.graph, &|f| a.migrates(f), &leaves, &mut waves);
            a.waves = waves;
        }
        a.settle_waves();
        a
    }

    /// Make every prefix of the wave series a working program: a caller changes no earlier
    /// than its callee, a function without a shim changes in the same wave as its callers
    /// (nothing may call its old name in between), and an override family (with the
    /// `__enter__`/`__exit__` pair) changes in one wave.
    fn settle_waves(&mut self) {
        let mut w: Vec<usize> = self.waves.iter().map(|x| x.unwrap_or(0)).collect();
        self.graph
            .settle_waves(&|f| self.migrates(f), &|g| !self.needs_shim[g], &mut w);
        for (f, wave) in w.into_iter().enumerate() {
            if self.migrates(f) {
                self.waves[f] = Some(wave);
            }
        }
    }

    /// Whether a `with` item or `for` iterable over `g` becomes `async with`/`async for`:
    /// the item must be the call itself (not a variable holding its result, which keeps
    /// the sync object) or an instance whose protocol methods migrate, and a `with` must
    /// have that single item (mixing sync and async managers needs a human).
    pub fn async_consumer(&self, site: &Site, g: FuncId) -> bool {
        let f = self.index.func(g).1;
        let direct_call = matches!(site.target, Ref::Call(_));
        match site.kind {
            SiteKind::With => {
                site.with_items == 1
                    && ((self.style(g) == Style::AsyncCm && direct_call) || f.name == "__enter__")
            }
            SiteKind::Iter => {
                (self.style(g) == Style::AsyncGen && direct_call)
                    || matches!(f.name.as_str(), "__next__" | "__iter__")
            }
            _ => false,
        }
    }

    /// Whether the call at `sites[site]` of `file` is rewritten to reach the async twin
    /// of `g` (awaited, or consumed by `async for`/`async with`).
    pub fn call_rewritten(&self, file: usize, site: &Site, res: &Resolved, g: FuncId) -> bool {
        let Some(f) = site.func else { return false };
        let caller = self.index.func_id(file, f);
        if site.sync_code() || !self.async_after(caller) || !res.renameable || !self.migrates(g) {
            return false;
        }
        // Already awaited: the function returns an awaitable as it is.
        if site.call.as_ref().is_some_and(|c| c.awaited) {
            return false;
        }
        // The twin itself delegating to its sync partner (`async def aexists(self, k):
        // return self.exists(k)`): renaming would make it call itself forever.
        if self.twin[g] == Some(caller) {
            return false;
        }
        let s = self.index.summaries[file];
        let key = |k| {
            self.consumed[file]
                .get(&(site.start, site.end, k))
                .is_some_and(|&i| self.async_consumer(&s.sites[i], g))
        };
        match self.style(g) {
            Style::Coroutine => true,
            Style::AsyncGen => {
                key(SiteKind::Iter) || site.call.as_ref().is_some_and(|c| c.in_list.is_some())
            }
            Style::AsyncCm => key(SiteKind::With),
        }
    }

    /// Which migrated functions something sync still uses after the migration.
    fn compute_sync_use(&self) -> Vec<bool> {
        let mut out = self.value_use.clone();
        // A call or reference we could not resolve keeps using the old name: any migrating
        // function of that name keeps a shim (a spare shim is harmless, a missing one is
        // an AttributeError).
        let mut unresolved: std::collections::HashSet<&str> = Default::default();
        for (file, sites) in self.resolved.iter().enumerate() {
            let s = self.index.summaries[file];
            for (site, res) in s.sites.iter().zip(sites) {
                let unknown = match site.kind {
                    SiteKind::Call => res.targets.iter().all(|t| matches!(t, Target::Unknown)),
                    SiteKind::Value => res.targets.is_empty(),
                    _ => false,
                };
                if unknown {
                    match &site.target {
                        Ref::Attr(_, name) => {
                            unresolved.insert(name.as_str());
                        }
                        Ref::Name(name, _) if site.kind == SiteKind::Call => {
                            unresolved.insert(name.as_str());
                        }
                        _ => {}
                    }
                }
            }
        }
        for (id, slot) in out.iter_mut().enumerate() {
            if self.migrates(id) && unresolved.contains(self.index.func(id).1.name.as_str()) {
                *slot = true;
            }
        }
        for (file, sites) in self.resolved.iter().enumerate() {
            let s = self.index.summaries[file];
            for (site, res) in s.sites.iter().zip(sites) {
                if site.kind != SiteKind::Call {
                    continue;
                }
                for t in &res.targets {
                    if let Target::Func(g) = t
                        && self.migrates(*g)
                        && !self.call_rewritten(file, site, res, *g)
                        && !site.call.as_ref().is_some_and(|c| c.main_guard)
                    {
                        out[*g] = true;
                    }
                }
            }
        }
        // `with`/`for` over a migrated object in code that stays sync.
        for (file, sites) in self.resolved.iter().enumerate() {
            let s = self.index.summaries[file];
            for (site, res) in s.sites.iter().zip(sites) {
                if !matches!(site.kind, SiteKind::With | SiteKind::Iter) {
                    continue;
                }
                let in_async = site
                    .func
                    .is_some_and(|f| self.async_after(self.index.func_id(file, f)))
                    && !site.sync_code();
                if !in_async {
                    for t in &res.targets {
                        if let Target::Func(g) = t {
                            out[*g] = true;
                        }
                    }
                }
            }
        }
        out
    }

    pub fn is_test_func(&self, id: FuncId) -> bool {
        !self.options.include_tests && crate::is_test_path(self.rels[self.index.funcs[id].0])
    }

    /// Each function's sites, in the order extraction recorded them (indices into its
    /// file's sites): built once, so per-function queries do not scan whole files.
    pub fn sites_of(&self, id: FuncId) -> &[u32] {
        let all = self.sites_of.get_or_init(|| {
            let mut out: Vec<Vec<u32>> = vec![vec![]; self.index.funcs.len()];
            for (file, s) in self.index.summaries.iter().enumerate() {
                for (i, site) in s.sites.iter().enumerate() {
                    if let Some(f) = site.func {
                        out[self.index.func_id(file, f)].push(i as u32);
                    }
                }
            }
            out
        });
        &all[id]
    }

    pub fn migrates(&self, id: FuncId) -> bool {
        self.taint.is_async(id)
    }

    /// Whether async code calls this function on a thread (`sync_to_async`): it reaches
    /// Django's async-unsafe code and stays sync, with no coroutine twin.
    pub fn offloaded(&self, id: FuncId) -> bool {
        self.unsafe_reach[id]
            && !self.migrates(id)
            && self.twin[id].is_none()
            && !self.index.func(id).1.is_async
    }

    /// Whether the function runs as async code after the migration (a function whose
    /// existing twin takes its async callers stays sync itself).
    pub fn async_after(&self, id: FuncId) -> bool {
        self.index.func(id).1.is_async || (self.migrates(id) && self.twin[id].is_none())
    }

    pub fn style(&self, id: FuncId) -> Style {
        // A function with an existing twin (an earlier wave's shim) is used as its twin
        // is: an `asynccontextmanager` twin is entered with `async with`.
        if let Some(t) = self.twin[id] {
            let tf = self.index.func(t).1;
            return if tf.decorators.iter().any(|d| {
                d.dotted
                    .as_deref()
                    .is_some_and(|n| n.rsplit('.').next() == Some("asynccontextmanager"))
            }) {
                Style::AsyncCm
            } else if tf.is_generator {
                Style::AsyncGen
            } else {
                Style::Coroutine
            };
        }
        let f = self.index.func(id).1;
        if is_contextmanager(f) {
            Style::AsyncCm
        } else if f.is_generator {
            Style::AsyncGen
        } else {
            Style::Coroutine
        }
    }

    /// The name the async version gets.
    pub fn async_name(&self, id: FuncId) -> String {
        if let Some(t) = self.twin[id] {
            return self.index.func(t).1.name.clone();
        }
        own_async_name(&self.index.func(id).1.name, self.options)
    }

    fn compute_needs_shim(&self, id: FuncId) -> bool {
        if !self.migrates(id) || self.options.naming == Naming::Inplace || self.twin[id].is_some() {
            return false;
        }
        let (s, f) = self.index.func(id);
        if f.name.starts_with("__") && f.name.ends_with("__") {
            return true; // sync `with`/`for` keep working
        }
        // `from m import f` keeps importing the old name beside the new one.
        if self.sync_use[id] || self.imported_by_name[id] {
            return true;
        }
        // A method of a class with a library base: the library may call it by name (an
        // override of its base's `_get_image_dimensions`), whatever the name says.
        if let Some(c) = f.class
            && self
                .index
                .has_ext_base(self.index.class_id(self.index.funcs[id].0, c))
        {
            return true;
        }
        let top_level_or_method = f.parent_func.is_none() || f.class.is_some();
        let public = !f.name.starts_with('_');
        let in_all = f.class.is_none() && s.all.iter().any(|e| e.name == f.name);
        top_level_or_method && (public || in_all)
    }

    pub fn wave(&self, id: FuncId) -> usize {
        self.waves[id].unwrap_or(0)
    }
}

/// The name the async version of a function called `name` gets: the async protocol method
/// for `__enter__`/`__exit__`/`__next__`/`__iter__`, else the naming scheme's.
fn own_async_name(name: &str, options: &Options) -> String {
    match name {
        "__enter__" => "__aenter__".to_string(),
        "__exit__" => "__aexit__".to_string(),
        "__next__" => "__anext__".to_string(),
        "__iter__" => "__aiter__".to_string(),
        // `obj(...)` becomes `await obj.async_call(...)`; in place, `async def __call__`.
        "__call__" if options.naming != Naming::Inplace => options.naming.apply("call"),
        n => options.naming.apply(n),
    }
}

/// The async name `id` would get, when something else in the same scope already has it.
fn name_taken(index: &Index, id: FuncId, options: &Options) -> Option<String> {
    let (s, f) = index.func(id);
    let name = own_async_name(&f.name, options);
    if name == f.name {
        return None;
    }
    let taken = match f.class {
        Some(c) => s.classes[c].methods.contains_key(name.as_str()),
        None => s.scopes[f.parent_scope]
            .bindings
            .contains_key(name.as_str()),
    };
    taken.then_some(name)
}

/// The project's own coroutine twin of `id`: a coroutine function with the async name
/// `id` would get (`async_x`, `x_async`, `__aenter__`), or the `a`-prefixed name
/// (`aclose` for `close`), defined beside it, of the same kind (a generator's twin is an
/// async generator).
fn existing_twin(index: &Index, id: FuncId, options: &Options) -> Option<FuncId> {
    let (s, f) = index.func(id);
    let file = index.funcs[id].0;
    let mut names = vec![own_async_name(&f.name, options)];
    if !f.name.starts_with('_') {
        names.push(format!("a{}", f.name));
    }
    for name in names {
        if name == f.name {
            continue;
        }
        let local = match f.class {
            Some(c) => s.classes[c].methods.get(name.as_str()).copied(),
            None => match s.scopes[f.parent_scope].bindings.get(name.as_str()) {
                Some(Binding::Function(g)) => Some(*g),
                _ => None,
            },
        };
        if let Some(g) = local {
            let twin = &s.functions[g];
            // Same kind: a generator's twin is an async generator; a plain function's twin
            // may be one too (an earlier wave's shim of a generator or context manager).
            if twin.is_async && (twin.is_generator == f.is_generator || !f.is_generator) {
                return Some(index.func_id(file, g));
            }
        }
    }
    None
}

fn build_globs(patterns: &[String]) -> Option<globset::GlobSet> {
    if patterns.is_empty() {
        return None;
    }
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        if let Ok(g) = globset::Glob::new(p) {
            b.add(g);
        }
    }
    b.build().ok()
}

/// The functions a run-time replacement reaches: the receiver's class (its MRO) or
/// module, or a dotted path; an unresolved receiver reaches nothing.
fn patch_targets(index: &Index, file: usize, p: &Patch) -> Vec<FuncId> {
    crate::types::reset_budget();
    let base = if let Some(r) = &p.receiver {
        index.eval(file, r, &mut None, 0)
    } else if let Some(path) = &p.dotted {
        let parts: Vec<&str> = path.split('.').collect();
        let Some(cut) = (1..parts.len())
            .rev()
            .find(|&i| index.modules.contains_key(parts[..i].join(".").as_str()))
        else {
            return vec![];
        };
        let mut v = Value::Module(parts[..cut].join("."));
        for attr in &parts[cut..parts.len() - 1] {
            v = index.attr(&v, attr, &mut None, 0);
        }
        v
    } else {
        return vec![];
    };
    let mut out = vec![];
    for m in base.members() {
        let found = match m {
            Value::Instance(c) | Value::Class(c) => index.method(*c, p.name.as_str(), false),
            Value::Module(_) => match index.attr(m, p.name.as_str(), &mut None, 0) {
                Value::Func(g) => Some(g),
                _ => None,
            },
            _ => None,
        };
        if let Some(g) = found
            && !out.contains(&g)
        {
            out.push(g);
        }
    }
    out
}

/// Whether a run-time replacement's receiver is something awaitify cannot type (an
/// external or typed receiver that resolves to no project function is simply not ours).
fn patch_receiver_unknown(index: &Index, file: usize, p: &Patch) -> bool {
    match &p.receiver {
        Some(r) => {
            crate::types::reset_budget();
            index.eval(file, r, &mut None, 0) == Value::Unknown
        }
        None => false,
    }
}

/// How many leading parameters of `f` a call at `site` fills implicitly: `obj.m(a)` and
/// `Cls(a)` fill `self`/`cls`; `Cls.m(obj, a)` passes it.
pub fn implicit_args(index: &Index, file: usize, site: &Site, f: &Function) -> usize {
    let s = index.summaries[file];
    match f.kind {
        FuncKind::Method => {
            let unbound = match &site.target {
                // `self.m(a)`, `obj.m(a)` on a parameter: bound.
                Ref::Attr(base, _)
                    if matches!(&**base, Ref::Name(n, scope) if matches!(
                        crate::extract::lookup_local(&s.scopes, *scope, n),
                        Some(Binding::SelfOf(_) | Binding::Param(..))
                    )) =>
                {
                    false
                }
                Ref::Attr(base, _) => {
                    crate::types::reset_budget();
                    matches!(index.eval(file, base, &mut None, 0), Value::Class(_))
                }
                _ => false,
            };
            usize::from(!unbound)
        }
        FuncKind::ClassMethod => 1,
        _ => 0,
    }
}

/// The parameter of `f` an argument fills (by position after `offset` implicit ones, or
/// by keyword), when it is a named one.
pub fn param_slot(
    f: &Function,
    offset: usize,
    position: Option<u16>,
    keyword: Option<&Name>,
) -> Option<usize> {
    match (position, keyword) {
        (Some(p), _) => {
            let i = usize::from(p) + offset;
            f.params
                .get(i)
                .is_some_and(|param| param.kind == ParamKind::Positional)
                .then_some(i)
        }
        (None, Some(k)) => f.params.iter().position(|p| {
            p.name == k.as_str() && matches!(p.kind, ParamKind::Positional | ParamKind::KeywordOnly)
        }),
        _ => None,
    }
}

/// Every site resolved: round one with no parameter values known; parameter values from
/// what call sites pass; round two for the sites that found nothing and read one.
fn whole_program(index: &Index) -> Vec<Vec<Resolved>> {
    // With, per site, whether its resolution consulted a parameter's binding: only those
    // can resolve differently once parameter values are known.
    let (mut resolved, touched): (Vec<Vec<Resolved>>, Vec<Vec<bool>>) = (0..index.summaries.len())
        .into_par_iter()
        .map(|file| {
            index.summaries[file]
                .sites
                .iter()
                .map(|s| crate::types::touching_params(|| index.resolve_site(file, s)))
                .unzip()
        })
        .unzip();
    // Parameter flow: an unannotated parameter is what its callers pass. Then the
    // call sites nothing was found for are resolved again with that knowledge.
    crate::phase("round1");
    let flows = param_flows(index, &resolved);
    crate::phase("flows");
    index.settle_params(&flows);
    crate::phase("settle");
    resolved
        .par_iter_mut()
        .zip(&touched)
        .enumerate()
        .for_each(|(file, (sites, touched))| {
            let s = index.summaries[file];
            for ((site, res), &touched) in s.sites.iter().zip(sites.iter_mut()).zip(touched) {
                if res.found_nothing(site.kind) && touched && index.reads_param(file, &site.target)
                {
                    *res = index.resolve_site(file, site);
                }
            }
        });
    resolved
}

/// The parameters of `g` (the first 64, as bits) whose binding waits for flow: a `Param`
/// binding, or a union with one.
pub(crate) fn waiting_params(index: &Index, g: FuncId) -> u64 {
    let (gs, f) = index.func(g);
    let mut bits = 0u64;
    for (i, p) in f.params.iter().enumerate().take(64) {
        let waits = match gs.scopes[f.scope].bindings.get(p.name.as_str()) {
            Some(Binding::Param(..)) => true,
            Some(Binding::Union(m)) => m.iter().any(|b| matches!(b, Binding::Param(..))),
            _ => false,
        };
        if waits {
            bits |= 1 << i;
        }
    }
    bits
}

/// What call `site` passes to the waiting parameters of the functions it reaches
/// (`targets`): each (function, parameter) with the argument's reference.
pub(crate) fn site_flows<'s>(
    index: &Index,
    file: usize,
    site: &'s Site,
    targets: impl Iterator<Item = FuncId>,
    waiting: &dyn Fn(FuncId) -> u64,
    emit: &mut dyn FnMut((FuncId, u16), &'s Ref),
) {
    let Some(call) = &site.call else { return };
    // Literal arguments carry no value to follow.
    if call.args.iter().all(|a| matches!(a.value, Ref::Unknown)) {
        return;
    }
    for g in targets {
        let bits = waiting(g);
        if bits == 0 {
            continue;
        }
        let f = index.func(g).1;
        // Only positional arguments need to know whether `self` is filled.
        let mut offset = None;
        for arg in call
            .args
            .iter()
            .filter(|a| !matches!(a.value, Ref::Unknown))
        {
            let offset = match arg.position {
                Some(_) => *offset.get_or_insert_with(|| implicit_args(index, file, site, f)),
                None => 0,
            };
            let Some(idx) = param_slot(f, offset, arg.position, arg.keyword.as_ref()) else {
                continue;
            };
            // Only parameters whose binding waits for flow.
            if idx >= 64 || bits & (1 << idx) == 0 {
                continue;
            }
            emit((g, idx as u16), &arg.value);
        }
    }
}

/// What each call site passes to the unannotated parameters of the functions it reaches:
/// (function, parameter index) -> the arguments (with the caller's file), at most a
/// union's worth each.
fn param_flows(
    index: &Index,
    resolved: &[Vec<Resolved>],
) -> rustc_hash::FxHashMap<(FuncId, u16), Vec<(usize, Ref)>> {
    let mut flows: rustc_hash::FxHashMap<(FuncId, u16), Vec<(usize, Ref)>> = Default::default();
    let waiting: Vec<u64> = (0..index.funcs.len())
        .into_par_iter()
        .map(|g| waiting_params(index, g))
        .collect();
    let per_file: Vec<Vec<((FuncId, u16), Ref)>> = resolved
        .par_iter()
        .enumerate()
        .map(|(file, sites)| {
            let mut out = vec![];
            let mut local: rustc_hash::FxHashMap<(FuncId, u16), Vec<&Ref>> = Default::default();
            let s = index.summaries[file];
            for (site, res) in s.sites.iter().zip(sites) {
                // Targets first: most sites reach no function waiting for flow.
                if !res
                    .targets
                    .iter()
                    .any(|t| matches!(t, Target::Func(g) if waiting[*g] != 0))
                {
                    continue;
                }
                site_flows(
                    index,
                    file,
                    site,
                    res.funcs(),
                    &|g| waiting[g],
                    &mut |key, value| {
                        // Each value once per file (at most a union's worth).
                        let seen = local.entry(key).or_default();
                        if seen.len() < MAX_UNION && !seen.contains(&value) {
                            seen.push(value);
                            out.push((key, value.clone()));
                        }
                    },
                );
            }
            out
        })
        .collect();
    // Merged in file order: the result does not depend on threads. (Values from different
    // files are different flows: nothing to compare here.)
    for (file, items) in per_file.into_iter().enumerate() {
        for (key, value) in items {
            let slot = flows.entry(key).or_default();
            if slot.len() < MAX_UNION {
                slot.push((file, value));
            }
        }
    }
    flows
}

/// The functions of awaitify's runtime helper that run a coroutine to completion (what
/// shims call).
/// `for x in queryset` (a loop, a comprehension, or a generator expression, which
/// becomes a list comprehension) that migrated code can write `async for`: Django 4.1+
/// querysets iterate asynchronously.
pub fn async_for_queryset(index: &Index, options: &Options, site: &Site, res: &Resolved) -> bool {
    const ITER: &str = "django.db.models.QuerySet.__iter__";
    site.kind == SiteKind::Iter
        && site.keyword.is_some()
        && res
            .targets
            .iter()
            .any(|t| matches!(t, Target::Blocking(q) if q == ITER))
        && index
            .catalog
            .blocking(ITER)
            .and_then(|e| e.requires.as_deref())
            .and_then(awaitify_core::catalog::parse_requirement)
            .is_none_or(|(pkg, need)| {
                options
                    .dependency_minimums
                    .get(&pkg)
                    .is_none_or(|have| *have >= need)
            })
}

/// A Django call the catalog gives no twin (a raw cursor, `transaction.atomic`): the
/// function using it stays sync, and async callers reach it through `sync_to_async`.
pub fn no_twin_django(index: &Index, t: &Target) -> bool {
    matches!(t, Target::Blocking(q) if index.catalog.blocking(q).is_some_and(|e| {
        e.family == "django" && e.strategy == Strategy::Review
    }))
}

/// The `atomic` block a `with` site opens, when the block can move into a worker thread
/// whole (see `atomic.rs`).
pub fn atomic_block_at<'s>(s: &'s ModuleSummary, site: &Site) -> Option<&'s AtomicBlock> {
    if site.kind != SiteKind::With {
        return None;
    }
    s.atomic_blocks
        .iter()
        .find(|b| b.item_start == site.start && site.func == Some(b.func))
}

/// The `with` item of a movable `atomic` block, or its `transaction.atomic()` call: both
/// move with the block.
pub fn opens_atomic_block(s: &ModuleSummary, site: &Site) -> bool {
    s.atomic_blocks
        .iter()
        .any(|b| b.item_start == site.start && site.func == Some(b.func))
}

/// Library calls that run Django's database code: the connection's own methods
/// (`connection.close()`, `connections.close_all()`), and calls that can run the ORM
/// without naming it (pickling a QuerySet evaluates it, as Django's cache backends do).
pub fn implicit_orm(t: &Target) -> bool {
    matches!(t, Target::Ext(q) if matches!(q.as_str(), "pickle.dumps" | "pickle.dump")
        || q.starts_with("django.db.connection.")
        || q.starts_with("django.db.connections.")
        || q.starts_with("django.db.transaction."))
}

/// The function reads `django.db.connections` or `django.db.connection` (a lookup such as
/// `connections[alias]`): read in async code, they give the event loop thread's own
/// connection, which the worker thread running the query may not use.
fn reads_django_connections(index: &Index, f: FuncId) -> bool {
    let (s, func) = index.func(f);
    func.escaping.iter().any(|n| {
        matches!(
            crate::extract::lookup_local(&s.scopes, func.scope, n),
            Some(Binding::From { module, name, .. })
                if module == "django.db" && matches!(name.as_str(), "connections" | "connection")
        )
    })
}

/// Django's async-unsafe connection methods (`@async_unsafe` in `django.db.backends`),
/// for projects where Django is a library.
const DJANGO_UNSAFE_METHODS: &[&str] = &[
    "cursor",
    "chunked_cursor",
    "connect",
    "ensure_connection",
    "create_cursor",
    "get_new_connection",
    "commit",
    "rollback",
    "savepoint",
    "savepoint_commit",
    "savepoint_rollback",
    "clean_savepoints",
];

/// Decorated `@async_unsafe` (Django's guard: it raises when an event loop runs in the
/// thread).
fn is_async_unsafe(index: &Index, f: FuncId) -> bool {
    index.func(f).1.decorators.iter().any(|d| {
        d.dotted
            .as_deref()
            .is_some_and(|n| n == "async_unsafe" || n.ends_with(".async_unsafe"))
    })
}

/// The method a site calls by name: the callee's last name, or for `with`/`for` over a
/// call, the called attribute (`cursor` in `with conn.cursor() as c:`).
pub fn unsafe_name<'a>(s: &'a ModuleSummary, site: &'a Site) -> Option<&'a str> {
    match site.kind {
        SiteKind::Call => match &site.target {
            Ref::Attr(_, n) => Some(n.as_str()),
            _ => None,
        },
        SiteKind::With | SiteKind::Iter => match &site.target {
            Ref::Call(inner) => match inner.as_ref() {
                Ref::Attr(_, n) => Some(n.as_str()),
                _ => None,
            },
            _ => None,
        },
        SiteKind::Value => {
            let _ = s;
            None
        }
    }
}

/// In `unsafe_names`: any method called on a manager reached by name on a value awaitify
/// could not type (`Model.objects.get(...)`, `self._model._default_manager.count()`).
pub const MANAGER_CALLS: &str = "<manager>";

/// The method name a site calls when it counts as async-unsafe by name: a name in `names`,
/// or (with [`MANAGER_CALLS`] there) any method of `<untyped>.objects` and the like.
pub fn unsafe_by_name<'a>(
    s: &'a ModuleSummary,
    site: &'a Site,
    names: &std::collections::HashSet<String>,
) -> Option<&'a str> {
    let name = unsafe_name(s, site)?;
    if names.contains(name) {
        return Some(name);
    }
    let receiver = match (&site.kind, &site.target) {
        (SiteKind::Call, Ref::Attr(recv, _)) => recv.as_ref(),
        (SiteKind::With | SiteKind::Iter, Ref::Call(inner)) => match inner.as_ref() {
            Ref::Attr(recv, _) => recv.as_ref(),
            _ => return None,
        },
        _ => return None,
    };
    let mut r = receiver;
    while let Ref::Attr(base, attr) = r {
        if matches!(
            attr.as_str(),
            "objects" | "_default_manager" | "_base_manager"
        ) {
            return names.contains(MANAGER_CALLS).then_some(name);
        }
        r = match base.as_ref() {
            Ref::Call(inner) => inner.as_ref(),
            b => b,
        };
    }
    None
}

/// Functions that are async-unsafe, call an async-unsafe method by name on a value
/// awaitify could not type, or reach one of those through calls of sync functions.
fn async_unsafe_reach(
    index: &Index,
    graph: &CallGraph,
    resolved: &[Vec<Resolved>],
    names: &std::collections::HashSet<String>,
) -> Vec<bool> {
    let n = index.funcs.len();
    let mut seen = vec![false; n];
    let mut stack: Vec<FuncId> = (0..n)
        .filter(|&f| is_async_unsafe(index, f) || reads_django_connections(index, f))
        .collect();
    for (file, sites) in resolved.iter().enumerate() {
        let s = index.summaries[file];
        for (site, res) in s.sites.iter().zip(sites) {
            let Some(local) = site.func else { continue };
            let by_name = res.found_nothing(site.kind) && unsafe_by_name(s, site, names).is_some();
            // (A queryset a migrated function can iterate with `async for` still makes a
            // function that stays sync one to call on a thread.)
            if by_name
                || res
                    .targets
                    .iter()
                    .any(|t| implicit_orm(t) || no_twin_django(index, t))
            {
                stack.push(index.func_id(file, local));
            }
        }
    }
    while let Some(f) = stack.pop() {
        if std::mem::replace(&mut seen[f], true) {
            continue;
        }
        for (c, e) in graph.callers(f) {
            if matches!(e, EdgeKind::Call(_)) && !seen[c] && !index.func(c).1.is_async {
                stack.push(c);
            }
        }
    }
    seen
}

/// Whether the project imports Django at module level somewhere, or is Django itself.
fn is_django_project(index: &Index) -> bool {
    let django = |m: &str| m == "django" || m.starts_with("django.");
    index.summaries.iter().any(|s| {
        django(&s.name)
            || s.scopes.first().is_some_and(|scope| {
                scope.bindings.values().any(|b| match b {
                    Binding::Module(m) | Binding::From { module: m, .. } => django(m),
                    _ => false,
                })
            })
    })
}

pub const RUNTIME_HELPERS: &[&str] = &["run_sync", "sync_iter", "sync_next", "sync_context"];

/// A function of awaitify's runtime helper that runs a coroutine to completion.
pub fn is_runtime_helper(index: &Index, g: FuncId) -> bool {
    let (s, f) = index.func(g);
    // `sync_context` is a class: a shim reaches its `__init__`.
    let outer = f.qualname.split('.').next().unwrap_or(&f.qualname);
    s.name.ends_with("_awaitify_runtime") && RUNTIME_HELPERS.contains(&outer)
}

/// A constructor call in migrated code that builds the async class of a pair instead
/// (`Client(...)` -> `AsyncClient(...)`).
#[derive(Debug, Clone)]
pub struct ClassSwap {
    /// The callee's name range (the class name) and what replaces it.
    pub name_range: (usize, usize),
    pub new_name: String,
    /// `from module import AsyncClient`, when the caller's module does not bind it.
    pub import: Option<String>,
    /// The function the constructor call is in.
    pub caller: FuncId,
}

/// Classes `X` / `AsyncX`: the project's own async version of a class. For each pair whose
/// migrating methods all have a coroutine of the same name in `AsyncX`, and whose every
/// call from code that becomes async is on an instance the caller builds itself and only
/// calls methods on, those methods are linked to `AsyncX`'s (`twin`): they stay as they
/// are, and the callers build an `AsyncX` and await its methods. Pairs that cannot be
/// used so are left alone (their methods migrate as any others), with the reason.
fn link_class_pairs(
    index: &Index,
    rels: &[&str],
    resolved: &[Vec<Resolved>],
    taint: &awaitify_core::graph::Taint,
    barrier: &[Option<String>],
    twin: &mut [Option<FuncId>],
) -> (Vec<ClassSwap>, Vec<(ClassId, ClassId, String)>) {
    let mut swaps = vec![];
    let mut skipped = vec![];
    // Classes by name, for the pair's other half.
    let mut by_name: rustc_hash::FxHashMap<&str, Vec<ClassId>> = Default::default();
    for c in 0..index.classes.len() {
        by_name
            .entry(index.class(c).1.name.as_str())
            .or_default()
            .push(c);
    }
    // Decided before any pair links (a pair's links do not change another's view).
    let twinned: Vec<bool> = twin.iter().map(Option::is_some).collect();
    let migrating = |g: FuncId| taint.is_async(g) && barrier[g].is_none() && !twinned[g];
    for ax in 0..index.classes.len() {
        let (axs, axc) = index.class(ax);
        let Some(base) = axc.name.strip_prefix("Async").filter(|b| !b.is_empty()) else {
            continue;
        };
        // The sync half: in the same module, else the only class of that name.
        let candidates = by_name.get(base).map_or(&[][..], |v| &v[..]);
        let same_module: Vec<ClassId> = candidates
            .iter()
            .copied()
            .filter(|&c| index.classes[c].0 == index.classes[ax].0)
            .collect();
        let x = match (same_module.as_slice(), candidates) {
            ([c], _) => *c,
            ([], [c]) => *c,
            _ => continue,
        };
        let (xfile, _) = index.classes[x];
        let (_, xc) = index.class(x);
        let mut links: Vec<(FuncId, FuncId)> = vec![];
        let mut why = None;
        let mut methods: Vec<(&Name, &LocalFunc)> = xc.methods.iter().collect();
        methods.sort_by_key(|(_, l)| **l);
        for (name, &local) in methods {
            let m = index.func_id(xfile, local);
            if !migrating(m) {
                continue;
            }
            let n = name.as_str();
            if n.starts_with("__") && n.ends_with("__") {
                why = Some(format!(
                    "`{}` would need an async protocol method",
                    index.qualname(m)
                ));
                break;
            }
            match index.method(ax, n, false) {
                Some(am)
                    if index.func(am).1.is_async
                        && index.func(am).1.is_generator == index.func(m).1.is_generator =>
                {
                    links.push((m, am));
                }
                _ => {
                    why = Some(format!(
                        "`{}` has no coroutine of that name in `{}`",
                        index.qualname(m),
                        axc.name
                    ));
                    break;
                }
            }
        }
        if links.is_empty() {
            continue;
        }
        // Every call of a linked method from code that becomes async: on an instance the
        // caller builds (`X(...).m()`, or a local bound once to `X(...)` and only used to
        // call methods on).
        let linked: rustc_hash::FxHashSet<FuncId> = links.iter().map(|l| l.0).collect();
        let mut pair_swaps: Vec<ClassSwap> = vec![];
        'files: for (file, sites) in resolved.iter().enumerate() {
            if why.is_some() {
                break;
            }
            let s = index.summaries[file];
            for (site, res) in s.sites.iter().zip(sites) {
                if site.kind != SiteKind::Call || !res.funcs().any(|g| linked.contains(&g)) {
                    continue;
                }
                let Some(f) = site.func else {
                    continue; // module-level code stays sync
                };
                let caller = index.func_id(file, f);
                let cf = index.func(caller).1;
                let async_after = cf.is_async || migrating(caller);
                // The pair's own methods (the sync class calling itself, the async class
                // delegating to it) stay as they are.
                let own = cf.class.is_some_and(|c| {
                    let k = index.class_id(file, c);
                    k == x || k == ax
                });
                if !async_after || own || site.sync_code() {
                    continue;
                }
                match receiver_constructor(index, file, caller, site, x) {
                    Some(ctor) => {
                        let cs = s.sites[ctor].call.as_ref().expect("a call");
                        let name = &index.summaries[file].name;
                        // `mod.X(...)` becomes `mod.AsyncX(...)` only in the same module.
                        let dotted = cs.name_range != cs.callee_range;
                        if dotted && xfile != index.classes[ax].0 {
                            why = Some(format!(
                                "a call through a module attribute at {}:{} cannot name `{}`",
                                rels[file], site.line, axc.name
                            ));
                            break 'files;
                        }
                        let bound = !dotted
                            && matches!(
                                s.scopes[0].bindings.get(axc.name.as_str()),
                                Some(Binding::Class(_) | Binding::From { .. })
                            );
                        let import = (!dotted && !bound && *name != axs.name)
                            .then(|| format!("from {} import {}", axs.name, axc.name));
                        if !pair_swaps.iter().any(|w| w.name_range == cs.name_range) {
                            pair_swaps.push(ClassSwap {
                                name_range: cs.name_range,
                                new_name: axc.name.clone(),
                                import,
                                caller,
                            });
                        }
                    }
                    None => {
                        why = Some(format!(
                            "`{}` calls `{}` on an instance it does not build itself ({}:{})",
                            index.qualname(caller),
                            index.qualname(
                                res.funcs().find(|g| linked.contains(g)).expect("linked")
                            ),
                            rels[file],
                            site.line
                        ));
                        break 'files;
                    }
                }
            }
        }
        match why {
            Some(w) => skipped.push((x, ax, w)),
            None => {
                for (m, am) in links {
                    twin[m] = Some(am);
                }
                swaps.extend(pair_swaps);
            }
        }
    }
    (swaps, skipped)
}

/// The site (index in the file) of the `X(...)` call that builds the receiver of `site`:
/// `X(...).m()`, or `x.m()` where `x` is bound once, to `X(...)`, in the caller and read
/// only as the receiver of method calls.
fn receiver_constructor(
    index: &Index,
    file: usize,
    caller: FuncId,
    site: &Site,
    x: ClassId,
) -> Option<usize> {
    let s = index.summaries[file];
    let Ref::Attr(base, _) = &site.target else {
        return None;
    };
    let builds_x = |r: &Ref| {
        crate::types::reset_budget();
        index.eval(file, r, &mut None, 0) == Value::Class(x)
    };
    let (ctor, within) = match &**base {
        Ref::Call(ctor) if builds_x(ctor) => (ctor, site.call.as_ref()?.recv_range?),
        Ref::Name(n, scope) => {
            let f = index.func(caller).1;
            if f.escaping.contains(n) {
                return None;
            }
            let Some(Binding::Value(Ref::Call(ctor))) =
                crate::extract::lookup_local(&s.scopes, *scope, n)
            else {
                return None;
            };
            if *scope != f.scope || !builds_x(ctor) {
                return None;
            }
            (ctor, (0, usize::MAX))
        }
        _ => return None,
    };
    // The constructor call: in the same function, calling that name; exactly one.
    let local = index.funcs[caller].1;
    let mut found = s.sites.iter().enumerate().filter(|(_, c)| {
        c.kind == SiteKind::Call
            && c.func == Some(local)
            && c.target == **ctor
            && c.start >= within.0
            && c.end <= within.1
    });
    let (i, _) = found.next()?;
    found.next().is_none().then_some(i)
}
