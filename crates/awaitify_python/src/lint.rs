//! Lint rules for Python, on the migration engine's project index, call graph and
//! catalog: blocking calls in `async def` (direct, and transitive across the whole
//! repository with the chain), shims called from async code, nested event loops,
//! unawaited coroutines, dangling tasks, sequential awaits, naming, and rebound globals.

use crate::analysis::Analysis;
use crate::feasible::{Facts, Frame};
use crate::model::*;
use crate::resolve::{FuncId, Target, Value};
use awaitify_core::catalog::{Strategy, Template};
use awaitify_core::graph::{EdgeKind, NodeFacts};
use awaitify_core::lint::{Finding, Hop, Suppression, blocking_rule_for_family};
use awaitify_core::text::LineIndex;
use rayon::prelude::*;

#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// `[tool.awaitify] async-prefix`: every `async def` must start with it (AWT401).
    pub async_prefix: Option<String>,
}

use crate::analysis::RUNTIME_HELPERS;
pub(crate) const ASYNCIO_COROUTINES: &[&str] = &[
    "asyncio.sleep",
    "asyncio.wait_for",
    "asyncio.wait",
    "asyncio.open_connection",
    "asyncio.start_server",
    "asyncio.create_subprocess_exec",
    "asyncio.create_subprocess_shell",
    "asyncio.to_thread",
];
pub(crate) const TASK_FACTORIES: &[&str] = &[
    "asyncio.create_task",
    "asyncio.ensure_future",
    "asyncio.AbstractEventLoop.create_task",
];

struct Ctx<'a, 'b> {
    a: &'b Analysis<'a>,
    /// Taint ignoring barriers: which sync functions reach a blocking call at all.
    reaches: awaitify_core::graph::Taint,
    /// Functions that make a blocking call themselves.
    blocking: Vec<bool>,
    /// For sync shims: the coroutine function they run.
    shim_twin: Vec<Option<FuncId>>,
    /// Per function: a decorator may change what calling it does (read once, not per
    /// call site).
    wrapped: Vec<bool>,
    /// Per file: its line index, built when a finding or a chain hop first needs it
    /// (most files have neither).
    lines: Vec<std::sync::OnceLock<LineIndex>>,
}

impl Ctx<'_, '_> {
    fn lines(&self, file: usize) -> &LineIndex {
        self.lines[file].get_or_init(|| LineIndex::new(self.a.texts[file]))
    }
}

/// Lint every parsed file. Returns findings (sorted) and the suppression comments seen.
pub fn lint(a: &Analysis, options: &LintOptions) -> (Vec<Finding>, Vec<Suppression>) {
    let n = a.index.funcs.len();
    // For lint, every catalog entry blocks, including those migrate only reports
    // (`review`, and names the project declares blocking).
    let mut facts: Vec<NodeFacts> = a
        .facts
        .iter()
        .map(|f| NodeFacts {
            blocking: f.blocking,
            already_async: f.already_async,
            barrier: false,
        })
        .collect();
    for (file, sites) in a.resolved.iter().enumerate() {
        let s = a.index.summaries[file];
        for (site, res) in s.sites.iter().zip(sites) {
            let (Some(f), false) = (site.func, site.deferred) else {
                continue;
            };
            if res.targets.iter().any(|t| matches!(t, Target::Blocking(q) if a.index.catalog.blocking(q).is_some_and(|e| e.migrate))) {
                facts[a.index.func_id(file, f)].blocking = true;
            }
        }
    }
    // A call resolved to a base method may run any override of it, so an override's
    // blocking reaches its bases; it never reaches a sibling through their base.
    let is_base = |g: FuncId, f: FuncId| {
        let (gs, gf) = a.index.func(g);
        let (fs, ff) = a.index.func(f);
        let (Some(gc), Some(fc)) = (gf.class, ff.class) else {
            return false;
        };
        let _ = (gs, fs);
        let gc = a.index.class_id(a.index.funcs[g].0, gc);
        let fc = a.index.class_id(a.index.funcs[f].0, fc);
        gf.name == ff.name && a.index.mro(gc).iter().skip(1).any(|&k| k == fc)
    };
    let reaches = a.graph.propagate_filtered(&facts, None, &is_base);
    let mut shim_twin = vec![None; n];
    for (file, sites) in a.resolved.iter().enumerate() {
        let s = a.index.summaries[file];
        let mut calls_helper = vec![false; s.functions.len()];
        let mut coroutine = vec![None; s.functions.len()];
        for (site, res) in s.sites.iter().zip(sites) {
            let (Some(f), SiteKind::Call) = (site.func, site.kind) else {
                continue;
            };
            for t in &res.targets {
                match t {
                    Target::Func(g) => {
                        let (gs, gf) = a.index.func(*g);
                        if RUNTIME_HELPERS.contains(&gf.name.as_str())
                            && gs.name.ends_with("_awaitify_runtime")
                        {
                            calls_helper[f] = true;
                        } else if gf.is_async {
                            coroutine[f] = Some(*g);
                        }
                    }
                    Target::Ext(q)
                        if RUNTIME_HELPERS
                            .iter()
                            .any(|h| q.ends_with(&format!("_awaitify_runtime.{h}"))) =>
                    {
                        calls_helper[f] = true;
                    }
                    _ => {}
                }
            }
        }
        for (local, f) in s.functions.iter().enumerate() {
            if calls_helper[local] && !f.is_async {
                shim_twin[a.index.func_id(file, local)] = coroutine[local];
            }
        }
    }
    let wrapped = (0..n)
        .into_par_iter()
        .map(|g| !a.index.func(g).1.decorators.is_empty() && wrapped(a, g))
        .collect();
    let ctx = Ctx {
        a,
        reaches,
        blocking: facts.iter().map(|f| f.blocking).collect(),
        shim_twin,
        wrapped,
        lines: (0..a.index.summaries.len())
            .map(|_| Default::default())
            .collect(),
    };
    let per_file: Vec<(Vec<Finding>, Vec<Suppression>)> = (0..a.index.summaries.len())
        .into_par_iter()
        .map(|file| lint_file(&ctx, file, options))
        .collect();
    let mut findings = loop_blocks(&ctx);
    let mut suppressions = vec![];
    for (f, s) in per_file {
        findings.extend(f);
        suppressions.extend(s);
    }
    findings.sort_by(|x, y| {
        (&x.path, x.line, x.column, &x.code).cmp(&(&y.path, y.line, y.column, &y.code))
    });
    (findings, suppressions)
}

/// AWT205: `sync_to_async(f, thread_sensitive=False)` where `f` is Django ORM code (a
/// catalog call of the Django family, or a function that makes one within three calls):
/// what it runs, for the message.
fn thread_insensitive_orm(
    a: &Analysis,
    file: usize,
    site: &Site,
    res: &crate::resolve::Resolved,
) -> Option<String> {
    let call = site.call.as_deref()?;
    if site.kind != SiteKind::Call
        || !res
            .targets
            .iter()
            .any(|t| matches!(t, Target::Ext(q) if q == "asgiref.sync.sync_to_async"))
        || !call.args.iter().any(|x| {
            x.keyword
                .as_ref()
                .is_some_and(|k| k.as_str() == "thread_sensitive")
                && x.lit == Some(Lit::False)
        })
    {
        return None;
    }
    let first = call.args.iter().find(|x| x.position == Some(0))?;
    crate::types::reset_budget();
    let v = a.index.eval(file, &first.value, &mut None, 0);
    let django = |q: &str| {
        a.index
            .catalog
            .blocking(q)
            .is_some_and(|e| e.family == "django")
    };
    // Resolved here (lint resolves only what async code reaches): a few levels deep.
    fn orm(a: &Analysis, g: FuncId, depth: usize, django: &dyn Fn(&str) -> bool) -> bool {
        let file = a.index.funcs[g].0;
        let s = a.index.summaries[file];
        a.sites_of(g).iter().any(|&i| {
            let site = &s.sites[i as usize];
            a.index
                .resolve_site(file, site)
                .targets
                .iter()
                .any(|t| match t {
                    Target::Blocking(q) => django(q),
                    Target::Func(h) => depth < 3 && *h != g && orm(a, *h, depth + 1, django),
                    _ => false,
                })
        })
    }
    v.members().iter().find_map(|m| match m {
        Value::Ext(q) if django(q) => Some(format!("`{q}`")),
        Value::Func(g) if orm(a, *g, 0, &django) => Some(format!(
            "`{}` (it queries the database)",
            a.index.qualname(*g)
        )),
        _ => None,
    })
}

/// AWT204: the event-loop blocks a trace's loop watch measured (`--evidence`), one finding
/// per innermost project frame, with the time and the stack that was running.
fn loop_blocks(ctx: &Ctx) -> Vec<Finding> {
    let a = ctx.a;
    let Some(ev) = &a.options.evidence else {
        return vec![];
    };
    let (origin, trace) = (&ev.0, &ev.1);
    let file_of = |path: &str| crate::evidence::file_for(&a.rels, path);
    // (file, line) -> (count, longest, total, the longest one's block)
    let mut at: std::collections::BTreeMap<(usize, usize), (usize, f64, f64, usize)> =
        Default::default();
    for (i, b) in trace.loop_blocks.iter().enumerate() {
        let Some(inner) = b.stack.last() else {
            continue;
        };
        let Some(file) = file_of(&inner.path) else {
            continue;
        };
        let e = at.entry((file, inner.line)).or_insert((0, 0.0, 0.0, i));
        e.0 += 1;
        e.2 += b.seconds;
        if b.seconds > e.1 {
            e.1 = b.seconds;
            e.3 = i;
        }
    }
    let mut out = vec![];
    for ((file, line), (count, longest, total, i)) in at {
        let b = &trace.loop_blocks[i];
        let li = ctx.lines(file);
        if line == 0 || line > li.line_of(a.texts[file].len()) + 1 {
            continue;
        }
        let start = li.line_start(line - 1);
        let text = a.texts[file];
        let body = &text[start..awaitify_core::text::line_end(text, start)];
        let indent = body.len() - body.trim_start().len();
        let end = start + body.trim_end().len();
        let func = a.index.summaries[file]
            .functions
            .iter()
            .enumerate()
            .filter(|(_, f)| f.line <= line && line <= li.line_of(f.end_of_last_line) + 1)
            .max_by_key(|(_, f)| f.line)
            .map(|(l, _)| l);
        let context = func.map_or_else(
            || a.index.summaries[file].name.clone(),
            |f| a.index.qualname(a.index.func_id(file, f)),
        );
        let times = if count == 1 {
            format!("for {:.0} ms", longest * 1000.0)
        } else {
            format!(
                "{count} times, up to {:.0} ms ({:.0} ms in all),",
                longest * 1000.0,
                total * 1000.0
            )
        };
        let mut f = Finding::at(
            "AWT204",
            format!(
                "the event loop was blocked here {times} while `{}` ran (measured by the trace {origin})",
                b.callback
            ),
            a.rels[file],
            text,
            li,
            start + indent,
            end,
            context,
        );
        f.chain = b
            .stack
            .iter()
            .take(b.stack.len().saturating_sub(1))
            .map(|fr| Hop {
                path: file_of(&fr.path).map_or(fr.path.clone(), |f| a.rels[f].to_string()),
                line: fr.line,
                // Our qualified names: `pkg.mod.func`, the module's name for its code.
                name: match file_of(&fr.path).map(|f| a.index.summaries[f].name.as_str()) {
                    Some(m) if fr.qualname == "<module>" => m.to_string(),
                    Some(m) if !m.is_empty() => {
                        format!("{m}.{}", fr.qualname.replace(".<locals>", ""))
                    }
                    _ => fr.qualname.clone(),
                },
            })
            .collect();
        out.push(f);
    }
    out
}

fn lint_file(ctx: &Ctx, file: usize, options: &LintOptions) -> (Vec<Finding>, Vec<Suppression>) {
    let a = ctx.a;
    let s = a.index.summaries[file];
    let src = a.texts[file];
    let rel = a.rels[file];
    let mut out = vec![];
    let finding =
        |code: &str, message: String, start: usize, end: usize, func: Option<LocalFunc>| {
            let context = func.map_or_else(
                || s.name.clone(),
                |f| a.index.qualname(a.index.func_id(file, f)),
            );
            Finding::at(
                code,
                message,
                rel,
                src,
                ctx.lines(file),
                start,
                end,
                context,
            )
        };
    let hop = |id: FuncId| {
        let (_, f) = a.index.func(id);
        Hop {
            path: a.rels[a.index.funcs[id].0].to_string(),
            line: f.line,
            name: a.index.qualname(id),
        }
    };

    let mut memo = ReachMemo::default();
    let mut memo_own = ReachMemo::default();
    for (index, (site, res)) in s.sites.iter().zip(&a.resolved[file]).enumerate() {
        // Code in a class body runs now; only a lambda's body runs later.
        let caller_async = site.func.is_some_and(|f| s.functions[f].is_async) && !site.deferred;
        if let Some(what) = thread_insensitive_orm(a, file, site, res) {
            out.push(finding(
                "AWT205",
                format!(
                    "`sync_to_async(..., thread_sensitive=False)` runs {what} on a thread that \
                     does not own the request's database connection: drop `thread_sensitive=False`"
                ),
                site.start,
                site.end,
                site.func,
            ));
        }
        if site.kind == SiteKind::With && caller_async {
            for t in &res.targets {
                if let Target::Blocking(q) = t {
                    let entry = a.index.catalog.blocking(q).expect("catalog");
                    let code = blocking_rule_for_family(&entry.family);
                    let text = awaitify_core::text::one_line(&src[site.start..site.end]);
                    let advice = entry
                        .note
                        .clone()
                        .unwrap_or_else(|| "use an async primitive".into());
                    out.push(finding(
                        code,
                        format!(
                            "`with {text}` blocks the event loop while it waits ({q}); {advice}"
                        ),
                        site.start,
                        site.end,
                        site.func,
                    ));
                }
            }
        }
        let Some(call) = &site.call else { continue };
        // Outside async code only a discarded call can be reported (never awaited, task
        // not kept).
        if !caller_async && (!call.discarded || res.targets.is_empty()) {
            continue;
        }
        let callee_text =
            awaitify_core::text::one_line(&src[call.callee_range.0..call.callee_range.1]);
        // One finding per call: a union's first blocking member names the chain.
        let mut reported_chain = false;
        // A method called on a receiver of a known class runs what that class's MRO (or a
        // subclass's override) gives, and `self.m()` inside it dispatches on the same
        // class: a mixin method reached from an asyncio client is not the sync client's.
        let receiver = if caller_async {
            receiver_dispatch(a, file, site)
        } else {
            None
        };
        let mut targets: Vec<Target> = match &receiver {
            Some((_, funcs)) => res
                .targets
                .iter()
                .filter(|t| !matches!(t, Target::Func(_)))
                .cloned()
                .chain(funcs.iter().map(|&g| Target::Func(g)))
                .collect(),
            None => res.targets.to_vec(),
        };
        // `await ensure_async(cm.get())` where `cm.get` can be a coroutine function: the
        // code is written for both kinds of implementation, and a sync one is a choice
        // the deployment makes, not a call to report.
        // A sync target stays when the receiver's own class resolves to it (the code names
        // a sync implementation), or when a class whose MRO also has an async version
        // reaches it first (an async class whose mixin order picks the sync method).
        if call.adapted
            && targets
                .iter()
                .any(|t| matches!(t, Target::Func(g) if a.index.func(*g).1.is_async))
        {
            let name = match &site.target {
                Ref::Attr(_, n) => Some(n.as_str()),
                _ => None,
            };
            targets.retain(|t| match (t, &receiver, name) {
                (Target::Func(g), _, _) if a.index.func(*g).1.is_async => true,
                (Target::Func(g), Some((k, _)), Some(name)) => {
                    sync_target_meant(a, *k, name, *g).is_some()
                }
                (Target::Func(_), _, _) => false,
                _ => true,
            });
        }
        for t in &targets {
            match t {
                Target::Blocking(q) if caller_async => {
                    let entry = a.index.catalog.blocking(q).expect("catalog");
                    let code = blocking_rule_for_family(&entry.family);
                    let what = if callee_text == *q || q.ends_with(&format!(".{callee_text}")) {
                        format!("`{callee_text}`")
                    } else {
                        format!("`{callee_text}` ({q})")
                    };
                    let message = if entry.family == "asyncio" {
                        format!(
                            "{what} starts an event loop inside async code: `await` the coroutine instead"
                        )
                    } else {
                        let advice = replacement_advice(entry, &callee_text, a.options.native);
                        format!("{what} blocks the event loop; {advice}")
                    };
                    out.push(finding(code, message, site.start, site.end, site.func));
                }
                Target::Func(g)
                    if caller_async
                        && !a.index.func(*g).1.is_async
                        && !is_runtime_helper(a, *g)
                        && !ctx.wrapped[*g]
                        && !a.index.func(*g).1.is_generator =>
                {
                    if let Some(twin) = ctx.shim_twin[*g] {
                        let twin_name = a.index.func(twin).1.name.clone();
                        out.push(finding(
                            "AWT202",
                            format!("`{callee_text}` is a sync shim: `await` its async twin `{twin_name}` instead"),
                            site.start,
                            site.end,
                            site.func,
                        ));
                    } else if !reported_chain
                        // `await f()` on a plain sync function that blocks: the value must
                        // be awaitable, so the resolution is what is wrong (a mistyped
                        // receiver), not the code: never a chain to print.
                        && !call.awaited
                        && let Some(steps) = reach_on(
                            ctx,
                            *g,
                            // Code written for both kinds follows the class whose MRO
                            // picks this sync method.
                            match (&receiver, &site.target) {
                                (Some((k, _)), Ref::Attr(_, name)) if call.adapted => {
                                    sync_target_meant(a, *k, name.as_str(), *g).or(Some(*k))
                                }
                                _ => receiver.as_ref().map(|r| r.0),
                            },
                            entry_facts(a, file, site.func, index, *g),
                            call.adapted,
                            if call.adapted { &mut memo_own } else { &mut memo },
                        )
                    {
                        reported_chain = true;
                        let mut chain = vec![];
                        let mut last = None;
                        for (step, edge, facts) in steps {
                            let mut h = hop(step);
                            // Each hop shows where it makes the next call.
                            match edge {
                                Some(EdgeKind::Call(cs)) => {
                                    h.line = ctx.lines(cs.file).line_of(cs.offset) + 1;
                                    h.path = a.rels[cs.file].to_string();
                                }
                                None => {
                                    if let Some((_, p, l)) = first_blocking_call(a, step, &facts) {
                                        h.path = p;
                                        h.line = l;
                                    }
                                }
                                Some(EdgeKind::Override) => {}
                            }
                            chain.push(h);
                            last = Some((step, facts));
                        }
                        if let Some((seed, facts)) = last
                            && let Some((q, p, l)) = first_blocking_call(a, seed, &facts)
                        {
                            chain.push(Hop {
                                path: p,
                                line: l,
                                name: q,
                            });
                        }
                        let path: Vec<String> = chain
                            .iter()
                            .map(|h| format!("{} ({}:{})", h.name, h.path, h.line))
                            .collect();
                        let mut f = finding(
                            "AWT201",
                            format!(
                                "`{callee_text}` blocks the event loop: {}",
                                path.join(" -> ")
                            ),
                            site.start,
                            site.end,
                            site.func,
                        );
                        f.chain = chain;
                        out.push(f);
                    }
                }
                _ => {}
            }
            // Nested event loops.
            let nested = match t {
                Target::Ext(q) => {
                    q == "asyncio.run"
                        || q.ends_with(".run_until_complete")
                        || RUNTIME_HELPERS
                            .iter()
                            .any(|h| q.ends_with(&format!("_awaitify_runtime.{h}")))
                }
                Target::Func(g) => {
                    let (gs, gf) = a.index.func(*g);
                    RUNTIME_HELPERS.contains(&gf.name.as_str())
                        && gs.name.ends_with("_awaitify_runtime")
                }
                Target::Unknown => callee_text.ends_with(".run_until_complete"),
                _ => false,
            };
            if nested && caller_async {
                out.push(finding(
                    "AWT203",
                    format!("`{callee_text}` starts an event loop inside async code: `await` the coroutine instead"),
                    site.start,
                    site.end,
                    site.func,
                ));
            }
            if call.discarded {
                let coroutine = match t {
                    Target::Func(g) => {
                        let f = a.index.func(*g).1;
                        f.is_async && !f.is_generator && !ctx.wrapped[*g]
                    }
                    Target::Ext(q) => ASYNCIO_COROUTINES.contains(&q.as_str()),
                    _ => false,
                };
                if coroutine {
                    out.push(finding(
                        "AWT301",
                        format!(
                            "coroutine `{callee_text}(...)` is never awaited: its body never runs"
                        ),
                        site.start,
                        site.end,
                        site.func,
                    ));
                }
                if let Target::Ext(q) = t
                    && TASK_FACTORIES.contains(&q.as_str())
                {
                    out.push(finding(
                        "AWT302",
                        format!("the task from `{callee_text}` is not kept: it may be garbage-collected before it finishes"),
                        site.start,
                        site.end,
                        site.func,
                    ));
                }
            }
        }
    }

    for (local, f) in s.functions.iter().enumerate() {
        if !f.is_async {
            continue;
        }
        for &at in &f.sequential_awaits {
            out.push(finding(
                "AWT303",
                "each iteration awaits an independent call: run them concurrently with `asyncio.gather` or a `TaskGroup`".into(),
                at,
                at + 3,
                Some(local),
            ));
        }
        if let Some(prefix) = &options.async_prefix
            && !f.name.starts_with(prefix.as_str())
            && !f.name.trim_start_matches('_').starts_with(prefix.as_str())
            && !(f.name.starts_with("__") && f.name.ends_with("__"))
            // Names frameworks look up: test functions, unittest's async hooks.
            && !f.name.starts_with("test")
            && !matches!(f.name.as_str(), "asyncSetUp" | "asyncTearDown")
        {
            out.push(finding(
                "AWT401",
                format!(
                    "async function `{}` should be named with the prefix `{prefix}`",
                    f.name
                ),
                f.name_range.0,
                f.name_range.1,
                Some(local),
            ));
        }
        if f.has_await {
            for (name, at) in &f.global_assigns {
                out.push(finding(
                    "AWT402",
                    format!("module global `{name}` is rebound in an async function that awaits: concurrent calls share it; use a `contextvars.ContextVar`"),
                    *at,
                    *at + name.len(),
                    Some(local),
                ));
            }
        }
    }
    let suppressions = s
        .suppressions
        .iter()
        .map(|x| Suppression {
            path: rel.to_string(),
            line: x.line,
            column: x.col,
            codes: x.codes.clone(),
            ours: x.ours,
        })
        .collect();
    (out, suppressions)
}

/// A decorator we do not know may return anything (`sync_to_async`, `async_to_sync`): what
/// callers get is not this body.
/// Whether a decorator may change what calling the function does (an unknown wrapper
/// may run it elsewhere or make it a coroutine); decorators read as transparent (the
/// wrapper returns the call's result) do not.
fn wrapped(a: &Analysis, g: FuncId) -> bool {
    use crate::analysis::{ALLOWED_DECORATORS, DecoratorVerdict, is_contextmanager_decorator};
    let f = a.index.func(g).1;
    let file = a.index.funcs[g].0;
    f.decorators.iter().any(|d| {
        let name = d.dotted.as_deref().unwrap_or("");
        let last = name.rsplit('.').next().unwrap_or(name);
        // A context-manager function's body runs at `with`, not at the call.
        if is_contextmanager_decorator(d) {
            return true;
        }
        if ALLOWED_DECORATORS.contains(&name)
            || matches!(last, "property" | "cached_property" | "lru_cache" | "cache")
        {
            return false;
        }
        !matches!(
            crate::analysis::decorator_verdict(&a.index, file, d, a.options),
            DecoratorVerdict::Transparent | DecoratorVerdict::Review(_)
        )
    })
}

fn is_runtime_helper(a: &Analysis, g: FuncId) -> bool {
    crate::analysis::is_runtime_helper(&a.index, g)
}

/// What to write instead of a blocking call, from the catalog.
fn replacement_advice(
    entry: &awaitify_core::catalog::BlockingEntry,
    callee: &str,
    native: bool,
) -> String {
    if native
        && let Some(n) = &entry.native
        && let Ok(t) = Template::parse(&n.replacement)
    {
        return format!(
            "use `await {}...)`",
            t.head(callee, callee.rsplit_once('.').map_or("", |(r, _)| r))
        );
    }
    match entry.strategy {
        Strategy::Twin => match entry.replacement.as_deref().map(Template::parse) {
            Some(Ok(t)) => format!(
                "use `await {}...)`",
                t.head(callee, callee.rsplit_once('.').map_or("", |(r, _)| r))
            ),
            _ => "use its async twin".into(),
        },
        Strategy::Review => entry
            .note
            .clone()
            .unwrap_or_else(|| "use an async alternative".into()),
        _ => {
            let native_hint = entry
                .native
                .as_ref()
                .and_then(|n| n.package.as_ref())
                .map(|p| format!(", or the async library `{p}`"))
                .unwrap_or_default();
            format!("use `await asyncio.to_thread({callee}, ...)`{native_hint}")
        }
    }
}

/// The first blocking call in a function that can run with these parameters known:
/// (name, path, line).
pub(crate) fn first_blocking_call(
    a: &Analysis,
    id: FuncId,
    facts: &Facts,
) -> Option<(String, String, usize)> {
    let (file, _) = a.index.funcs[id];
    let s = a.index.summaries[file];
    let frame = Frame::new(a, id, facts);
    a.sites_of(id)
        .iter()
        .map(|&i| (&s.sites[i as usize], &a.resolved[file][i as usize]))
        .find_map(|(site, res)| {
            if site.sync_ctx || !frame.feasible(site.guard) {
                return None;
            }
            res.targets.iter().find_map(|t| match t {
                Target::Blocking(q) if a.index.catalog.blocking(q).is_some_and(|e| e.migrate) => {
                    Some((q.clone(), a.rels[file].to_string(), site.line as usize))
                }
                _ => None,
            })
        })
}

/// For a method call on a receiver whose class is known (`self`/`cls` in a method, or a
/// value the type layer types as one class): that class and the functions the call can
/// run (its MRO's method and the overrides in its in-repo subclasses).
fn receiver_dispatch(
    a: &Analysis,
    file: usize,
    site: &Site,
) -> Option<(crate::resolve::ClassId, Vec<FuncId>)> {
    if site.kind != SiteKind::Call {
        return None;
    }
    let Ref::Attr(base, name) = &site.target else {
        return None;
    };
    // `super().m()`: the next class's method, on `self` (an instance of this class).
    if let Ref::Super(c) = &**base {
        let k = a.index.class_id(file, *c);
        let m = a.index.method(k, name.as_str(), true)?;
        return Some((k, vec![m]));
    }
    let k = receiver_class(a, file, base)?;
    let funcs = dispatch(a, k, name.as_str());
    (!funcs.is_empty()).then_some((k, funcs))
}

/// The class of a receiver expression, when it is exactly one.
fn receiver_class(a: &Analysis, file: usize, base: &Ref) -> Option<crate::resolve::ClassId> {
    let s = a.index.summaries[file];
    if let Ref::Name(n, scope) = base
        && let Some(Binding::SelfOf(c) | Binding::ClsOf(c)) =
            crate::extract::lookup_local(&s.scopes, *scope, n)
    {
        return Some(a.index.class_id(file, *c));
    }
    crate::types::reset_budget();
    match a.index.eval(file, base, &mut None, 0) {
        crate::resolve::Value::Instance(c) | crate::resolve::Value::Class(c) => Some(c),
        _ => None,
    }
}

/// What `obj.name(...)` can run when `obj` is an instance of `k` (or of a subclass).
fn dispatch(a: &Analysis, k: crate::resolve::ClassId, name: &str) -> Vec<FuncId> {
    let mut out: Vec<FuncId> = a.index.method(k, name, false).into_iter().collect();
    let subs = a.index.subclasses(k);
    if subs.len() <= 32 {
        for &sub in subs {
            if let Some(m) = a.index.method(sub, name, false)
                && !out.contains(&m)
            {
                out.push(m);
            }
        }
    }
    out
}

/// What the call at `site` (in `caller`, an async function or module code, whose own
/// parameters are unknown) tells about the parameters of `g`.
fn entry_facts(
    a: &Analysis,
    file: usize,
    caller: Option<LocalFunc>,
    site: usize,
    g: FuncId,
) -> Facts {
    let Some(caller) = caller else {
        return vec![];
    };
    let frame = Frame::new(a, a.index.func_id(file, caller), &[]);
    frame.call_facts(site, g)
}

/// How a function reaches a blocking call (when `self` is an instance of a known class,
/// or in any context, and with some parameters known).
#[derive(Clone)]
enum Step {
    Seed,
    /// Calls the function at this site; the class is `self`'s in the callee when the
    /// call is on `self` in a known class; the facts are what the call passes.
    Via(
        FuncId,
        awaitify_core::graph::Site,
        Option<crate::resolve::ClassId>,
        Facts,
    ),
}

type Key = (FuncId, Option<crate::resolve::ClassId>, Facts);
/// A search's result per key, and whether a test the arguments decide cut a path below.
type ReachMemo = rustc_hash::FxHashMap<Key, (Option<Step>, bool)>;

/// Nodes one chain search may visit; beyond it the whole-program chain is printed.
const REACH_BUDGET: usize = 2_000;

/// What a chain search saw besides its result.
#[derive(Default)]
struct Search {
    budget: usize,
    /// A site was skipped because its tests are false for the arguments passed.
    pruned: bool,
    /// `self.m()` runs the receiver class's own method only, not its subclasses'
    /// overrides (for code written for both kinds, `await ensure_async(obj.m())`: an
    /// override in one subclass is one implementation it adapts, not this one's).
    own_mro: bool,
}

/// The chain from sync function `g` (called on an instance of `k`, when known, with
/// `facts` about its parameters) to a blocking call: at each function the first call
/// site, in source order, that can run with what the call passes and whose callee
/// reaches one (so the chain follows the straight-line path before a branch or a
/// comprehension), with `self.m()` dispatching on `k`. `None` when there is none.
/// `memo` is shared by the searches of one file.
fn reach_on(
    ctx: &Ctx,
    g: FuncId,
    k: Option<crate::resolve::ClassId>,
    facts: Facts,
    own_mro: bool,
    memo: &mut ReachMemo,
) -> Option<Vec<(FuncId, Option<EdgeKind>, Facts)>> {
    if !ctx.reaches.is_async(g) {
        // Receiver dispatch only ever narrows what the whole program reaches.
        return None;
    }
    let mut stack = vec![];
    let mut state = Search {
        budget: REACH_BUDGET,
        pruned: false,
        own_mro,
    };
    let found = search(ctx, (g, k, facts.clone()), memo, &mut stack, &mut state);
    if state.budget == 0 || (!found && k.is_none() && !state.pruned) {
        // Too large to follow, or cut by a cycle: what the whole program says.
        return Some(
            ctx.reaches
                .chain(g)
                .into_iter()
                .map(|(f, e)| (f, e, vec![]))
                .collect(),
        );
    }
    if !found {
        // Every path the whole program has goes through a test the arguments decide.
        return None;
    }
    let mut out = vec![];
    let mut key = (g, k, facts);
    loop {
        match memo.get(&key).and_then(|(step, _)| step.clone()) {
            Some(Step::Seed) => {
                out.push((key.0, None, key.2));
                break;
            }
            Some(Step::Via(next, site, nk, nfacts)) => {
                out.push((key.0, Some(EdgeKind::Call(site)), key.2));
                key = (next, nk, nfacts);
            }
            None => break,
        }
        if out.len() > 256 {
            break;
        }
    }
    Some(out)
}

/// `AWAITIFY_DEBUG_FEASIBLE=1`: print each site a chain search keeps or prunes, with the
/// facts it was decided on.
fn debug_feasible() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("AWAITIFY_DEBUG_FEASIBLE").is_some())
}

fn search(
    ctx: &Ctx,
    key: Key,
    memo: &mut ReachMemo,
    stack: &mut Vec<Key>,
    state: &mut Search,
) -> bool {
    if let Some((r, pruned)) = memo.get(&key) {
        state.pruned |= *pruned;
        return r.is_some();
    }
    let (g, k) = (key.0, key.1);
    if state.budget == 0 || stack.contains(&key) || !ctx.reaches.is_async(g) {
        return false;
    }
    state.budget -= 1;
    let outer_pruned = std::mem::take(&mut state.pruned);
    let a = ctx.a;
    let file = a.index.funcs[g].0;
    let s = a.index.summaries[file];
    let decides = a.index.func(g).1.guarded;
    if ctx.blocking[g] {
        if !decides || first_blocking_call(a, g, &key.2).is_some() {
            memo.insert(key, (Some(Step::Seed), false));
            state.pruned = outer_pruned;
            return true;
        }
        state.pruned = true;
    }
    let frame = Frame::new(a, g, &key.2);
    stack.push(key.clone());
    let mut found = None;
    let mut order: Vec<usize> = a.sites_of(g).iter().map(|&i| i as usize).collect();
    order.sort_by_key(|&i| s.sites[i].start);
    for i in order {
        let site = &s.sites[i];
        if site.sync_ctx || site.deferred || site.kind == SiteKind::Value {
            continue;
        }
        let runs = !decides || frame.feasible(site.guard);
        if debug_feasible() {
            let verdict = if runs { "keep" } else { "prune" };
            let name = a.index.qualname(g);
            eprintln!("{verdict} {name} {:?} line {}", key.2, site.line);
        }
        if !runs {
            state.pruned = true;
            continue;
        }
        let at = awaitify_core::graph::Site {
            file,
            offset: site.start,
        };
        let on_self = match &site.target {
            Ref::Attr(base, name) if site.kind == SiteKind::Call => match &**base {
                Ref::Name(n, scope) => matches!(
                    crate::extract::lookup_local(&s.scopes, *scope, n),
                    Some(Binding::SelfOf(_) | Binding::ClsOf(_))
                )
                .then_some(name),
                _ => None,
            },
            _ => None,
        };
        let callees: Vec<(FuncId, Option<crate::resolve::ClassId>)> = match (on_self, k) {
            (Some(name), Some(k)) if state.own_mro => a
                .index
                .method(k, name.as_str(), false)
                .into_iter()
                .map(|h| (h, Some(k)))
                .collect(),
            (Some(name), Some(k)) => dispatch(a, k, name.as_str())
                .into_iter()
                .map(|h| (h, Some(k)))
                .collect(),
            // A method called on an instance may run any override of it (as the
            // whole-program taint has it), unless the code is written for both kinds;
            // `super().m()`, `Cls.m(...)` and `Cls(...)` run exactly what they name.
            _ => {
                let dynamic = !state.own_mro
                    && match &site.target {
                        Ref::Attr(base, _) if matches!(&**base, Ref::Super(_)) => false,
                        Ref::Attr(base, _) => {
                            crate::types::reset_budget();
                            !matches!(
                                a.index.eval(file, base, &mut None, 0),
                                crate::resolve::Value::Class(_)
                            )
                        }
                        _ => false,
                    };
                let mut out: Vec<(FuncId, Option<crate::resolve::ClassId>)> = vec![];
                for h in a.resolved[file][i].funcs() {
                    let hf = a.index.func(h).1;
                    let more = match (hf.class, &site.target) {
                        (Some(c), Ref::Attr(_, n)) if dynamic && *n == hf.name.as_str() => {
                            let k = a.index.class_id(a.index.funcs[h].0, c);
                            dispatch(a, k, hf.name.as_str())
                        }
                        _ => vec![h],
                    };
                    for m in std::iter::once(h).chain(more) {
                        if !out.iter().any(|(x, _)| *x == m) {
                            out.push((m, None));
                        }
                    }
                }
                out
            }
        };
        for (h, hk) in callees {
            if a.index.func(h).1.is_async || !ctx.reaches.is_async(h) {
                continue;
            }
            let hfacts = if site.call.is_some() {
                frame.call_facts(i, h)
            } else {
                vec![]
            };
            if search(ctx, (h, hk, hfacts.clone()), memo, stack, state) {
                found = Some(Step::Via(h, at, hk, hfacts));
                break;
            }
        }
        if found.is_some() {
            break;
        }
    }
    stack.pop();
    let hit = found.is_some();
    memo.insert(key, (found, state.pruned));
    state.pruned |= outer_pruned;
    hit
}

/// Whether sync method `g`, one of the functions `obj.name()` can run when `obj` is an
/// instance of `k`, is one the code means to call: `k`'s own method, or the method a
/// subclass's MRO finds before an async version of the same name (a mixin-order defect).
/// The class that means it (`k` or that subclass).
fn sync_target_meant(
    a: &Analysis,
    k: crate::resolve::ClassId,
    name: &str,
    g: FuncId,
) -> Option<crate::resolve::ClassId> {
    if a.index.method(k, name, false) == Some(g) {
        return Some(k);
    }
    a.index.subclasses(k).iter().copied().find(|&sub| {
        if a.index.method(sub, name, false) != Some(g) {
            return false;
        }
        // After the class that defines `g`, an async `name` further along the MRO.
        let mut past = false;
        a.index.mro(sub).into_iter().any(|c| {
            let (file, _) = a.index.classes[c];
            match a.index.class(c).1.methods.get(name) {
                Some(&m) => {
                    let id = a.index.func_id(file, m);
                    if id == g {
                        past = true;
                        false
                    } else {
                        past && a.index.func(id).1.is_async
                    }
                }
                None => false,
            }
        })
    })
}
