//! Turns the analysis into text edits: `async def`, renames, awaits, catalog
//! replacements, `async with`/`async for`, generator-expression conversions, shims,
//! import additions and the runtime helper module. Every edit is tagged with its wave.

use crate::analysis::{Analysis, Style};
use crate::model::*;
use crate::resolve::{FuncId, Target, Value};
use crate::{Naming, Report, ReviewItem};
use awaitify_core::catalog::{Strategy, Template};
use awaitify_core::edit::Edit;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Edits for one file, plus edits that belong to other files (imports of re-exported
/// names), and what the report needs.
#[derive(Default)]
pub struct FileEdits {
    pub edits: Vec<Edit>,
    pub foreign: Vec<(usize, Edit)>,
    pub report: Report,
    /// Runtime helpers this file's shims call, with the wave that first needs them.
    pub runtime: Option<(String, usize)>,
    /// Guarded decorators whose wrapper got an async twin here.
    pub async_aware: Vec<FuncId>,
}

/// Where the runtime helper goes for shims in `file`: `(dotted module, path)`. Inside a
/// regular package it is `<top package>._awaitify_runtime`; files in a directory that is
/// not one (`tests/` without `__init__.py`, namespace packages) use the first regular
/// top-level package's helper, so the import works wherever the package does; top-level
/// modules, and everything when there is no package at all, use a top-level module.
pub fn runtime_location(a: &Analysis, file: usize) -> (String, String) {
    let s = a.index.summaries[file];
    let rel = a.rels[file];
    if let Some(m) = &a.options.runtime_module {
        let root = root_prefix(rel, &s.name, s.is_package);
        return (m.clone(), format!("{root}{}.py", m.replace('.', "/")));
    }
    let package_init = |top: &str| {
        let &f = a.index.modules.get(top)?;
        let init = a.index.summaries[f];
        init.is_package.then(|| a.rels[f])
    };
    let top = s.name.split('.').next().unwrap_or("");
    let in_directory = s.name.contains('.') || s.is_package;
    let chosen = package_init(top)
        .map(|init| (top.to_string(), init))
        .or_else(|| {
            if !in_directory {
                return None; // a top-level module gets a top-level helper beside it
            }
            let mut tops: Vec<&str> = a
                .index
                .modules
                .keys()
                .filter(|m| !m.contains('.') && !m.is_empty())
                .copied()
                .collect();
            tops.sort();
            tops.into_iter()
                .find_map(|t| package_init(t).map(|init| (t.to_string(), init)))
        });
    match chosen {
        Some((top, init)) => {
            let dir = init.rsplit_once('/').map_or("", |(d, _)| d);
            let path = if dir.is_empty() {
                "_awaitify_runtime.py".to_string()
            } else {
                format!("{dir}/_awaitify_runtime.py")
            };
            (format!("{top}._awaitify_runtime"), path)
        }
        None => {
            let root = root_prefix(rel, &s.name, s.is_package);
            (
                "_awaitify_runtime".into(),
                format!("{root}_awaitify_runtime.py"),
            )
        }
    }
}

/// The directory prefix (with trailing `/`) that the module's dotted name is relative to.
fn root_prefix(rel: &str, module: &str, is_package: bool) -> String {
    let comps: Vec<&str> = rel.split('/').collect();
    let depth = module.split('.').filter(|p| !p.is_empty()).count() + usize::from(is_package);
    let keep = comps.len().saturating_sub(depth.max(1));
    comps[..keep].iter().map(|c| format!("{c}/")).collect()
}

fn import_binds(stmt: &str) -> Option<String> {
    let stmt = stmt.trim();
    if let Some(rest) = stmt.strip_prefix("import ") {
        let name = rest.split(" as ").nth(1).unwrap_or(rest).trim();
        return Some(name.split('.').next().unwrap_or(name).to_string());
    }
    if let Some(rest) = stmt.strip_prefix("from ") {
        let names = rest.split(" import ").nth(1)?;
        let last = names.split(',').next()?.trim();
        return Some(last.split(" as ").last().unwrap_or(last).trim().to_string());
    }
    None
}

/// The wrappers of guarded decorators that get an async twin in this file: wrapper ->
/// (wave, the decorator's function parameter, the decorator). Only when the statement
/// after the wrapper is the decorator's `return` (the branch goes right before it).
fn async_copies<'s>(
    a: &Analysis,
    file: usize,
    s: &'s ModuleSummary,
    src: &str,
    aware: &rustc_hash::FxHashMap<FuncId, usize>,
) -> HashMap<LocalFunc, (usize, &'s str, FuncId)> {
    let mut out = HashMap::new();
    for (&l, &wave) in aware {
        let (lfile, local) = a.index.funcs[l];
        if lfile != file {
            continue;
        }
        let lf = &s.functions[local];
        let Some((param, wrapper)) = &lf.guarded_wrapper else {
            continue;
        };
        let Some(w) = s
            .functions
            .iter()
            .position(|x| x.parent_func == Some(local) && x.name == *wrapper)
        else {
            continue;
        };
        let after = src
            .get(s.functions[w].end_of_last_line..lf.end_of_last_line)
            .unwrap_or("");
        let next = after
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'));
        if next.is_some_and(|l| l.starts_with("return ")) {
            out.insert(w, (wave, param.as_str(), l));
        }
    }
    out
}

pub fn file_edits(
    a: &Analysis,
    file: usize,
    aware: &rustc_hash::FxHashMap<FuncId, usize>,
) -> FileEdits {
    let s = a.index.summaries[file];
    let src = a.texts[file];
    let rel = a.rels[file];
    let resolved = &a.resolved[file];
    let catalog = a.index.catalog;
    let naming = a.options.naming;
    let mut out = FileEdits::default();
    let mut imports: BTreeMap<String, usize> = BTreeMap::new();
    let mut runtime_helpers: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut genexps: HashMap<usize, usize> = HashMap::new();
    let mut async_kw: HashMap<usize, usize> = HashMap::new();
    // with statement -> (async items, items, keyword, wave)
    let mut withs: HashMap<usize, (usize, usize, usize, usize, usize)> = HashMap::new();
    // One line index per file, built on the first review item (a scan per item was a
    // quadratic cost on files with many).
    let lines = std::cell::OnceCell::new();
    let line_of = |offset: usize| {
        lines
            .get_or_init(|| awaitify_core::text::LineIndex::new(src))
            .line_of(offset)
            + 1
    };
    let loc = |offset: usize| format!("{rel}:{}", line_of(offset));

    let caller_of = |site: &Site| site.func.map(|f| a.index.func_id(file, f));
    // A guarded decorator's wrapper is rewritten as if it were async, for its async twin.
    let copies = async_copies(a, file, s, src, aware);
    let copy_of = |site: &Site| site.func.and_then(|f| copies.get(&f));
    let in_async = |site: &Site| {
        !site.sync_code()
            && (copy_of(site).is_some() || caller_of(site).is_some_and(|f| a.async_after(f)))
    };
    // Already awaited (`await f()`): the callee returns an awaitable (`@sync_to_async`).
    let awaited = |site: &Site| site.call.as_ref().is_some_and(|c| c.awaited);
    let wave_of = |site: &Site| match copy_of(site) {
        Some(&(wave, _, _)) => wave,
        None => caller_of(site).map_or(0, |f| a.wave(f)),
    };

    // Call sites by range (a `with` item's call, to see what it enters).
    let calls_by_range: HashMap<(usize, usize), usize> = s
        .sites
        .iter()
        .enumerate()
        .filter(|(_, x)| x.kind == SiteKind::Call)
        .map(|(i, x)| ((x.start, x.end), i))
        .collect();
    // Pass 1: which call sites get rewritten (to refuse replacements around them).
    let mut rewritten: Vec<(usize, usize)> = vec![];
    for (site, res) in s.sites.iter().zip(resolved) {
        if site.kind != SiteKind::Call {
            continue;
        }
        let hit = res.targets.iter().any(|t| match t {
            Target::Func(g) => {
                a.call_rewritten(file, site, res, *g)
                    || (in_async(site) && !awaited(site) && a.offloaded(*g))
            }
            Target::Unknown => {
                in_async(site)
                    && !awaited(site)
                    && crate::analysis::unsafe_by_name(s, site, &a.unsafe_names).is_some()
            }
            t @ Target::Ext(_) => {
                a.django && in_async(site) && !awaited(site) && crate::analysis::implicit_orm(t)
            }
            Target::Blocking(_) => in_async(site),
        });
        if hit {
            rewritten.push((site.start, site.end));
        }
    }
    rewritten.sort_unstable();

    // Whether a `with`/`for` consumes a migrated function's result asynchronously, and
    // from which wave: directly, or through an earlier wave's shim (`with f():` where `f`
    // is a shim: what is entered or iterated is its twin's async context manager or
    // generator; the call site names the shim).
    // The value a `with`/`for` consumes, or the call that makes it, has candidates whose
    // protocols differ (see `mixed_protocol`).
    let mixed_at = |site: &Site, res: &crate::resolve::Resolved| {
        mixed_protocol(res)
            || calls_by_range
                .get(&(site.start, site.end))
                .is_some_and(|&ci| mixed_protocol(&resolved[ci]))
    };
    let consumed_async = |site: &Site, res: &crate::resolve::Resolved, wave: usize| {
        let direct = res
            .targets
            .iter()
            .any(|t| matches!(t, Target::Func(g) if a.migrates(*g) && a.async_consumer(site, *g)));
        let wave = wave.max(target_wave(a, res));
        // Another candidate is a library's object, which has no async protocol: `async
        // with` / `async for` would fail on it (the With arm lists the site).
        if direct && mixed_at(site, res) {
            return (false, wave);
        }
        if direct {
            return (true, wave);
        }
        if let Some(&ci) = calls_by_range.get(&(site.start, site.end)) {
            let cres = &resolved[ci];
            if cres
                .funcs()
                .any(|g| a.migrates(g) && a.twin[g].is_some() && a.async_consumer(site, g))
            {
                return (true, wave.max(target_wave(a, cres)));
            }
        }
        (false, wave)
    };
    // `with` items whose value is either a project class made async or a library's object:
    // the statement stays a plain `with` (listed), and its call is left as it is too, so
    // that a second run sees the same candidates.
    let mixed_withs: HashSet<(usize, usize)> = s
        .sites
        .iter()
        .zip(resolved)
        .filter(|(site, res)| {
            site.kind == SiteKind::With
                && in_async(site)
                && !site.sync_code()
                && mixed_at(site, res)
                && res
                    .funcs()
                    .any(|g| a.migrates(g) && a.async_consumer(site, g))
        })
        .map(|(site, _)| (site.start, site.end))
        .collect();
    for (site, res) in s.sites.iter().zip(resolved) {
        let wave = wave_of(site);
        // No silent blocking: a blocking call left in a lambda (or a class body) inside
        // code that becomes async runs on the event loop whenever it is called.
        if site.sync_ctx
            && !site.in_block
            && caller_of(site).is_some_and(|f| a.async_after(f))
            && let Some(Target::Blocking(q)) = res
                .targets
                .iter()
                .find(|t| matches!(t, Target::Blocking(q) if catalog.blocking(q).is_some_and(|e| e.migrate)))
        {
            out.report.review.push(ReviewItem::new(
                loc(site.start),
                format!(
                    "`{q}` is left blocking {} in code that becomes async (`await` is not \
                     allowed there): it runs on the event loop",
                    if site.deferred {
                        "inside a lambda, called later,"
                    } else {
                        "where it is"
                    }
                ),
            ));
        } else if site.sync_ctx
            && !site.in_block
            && site.kind == SiteKind::Call
            && caller_of(site).is_some_and(|f| a.async_after(f))
            && let Some(g) = res.funcs().find(|&g| a.migrates(g))
        {
            // The same for a migrated function's sync name (its shim), in a lambda or an
            // f-string's `{f()=}` field (whose text is printed, so it cannot change).
            out.report.review.push(ReviewItem::new(
                loc(site.start),
                format!(
                    "call of `{}` keeps its sync shim {} in code that becomes async (`await` \
                     is not allowed there): it blocks the event loop",
                    a.index.qualname(g),
                    if site.deferred {
                        "inside a lambda, called later,"
                    } else {
                        "where it is"
                    }
                ),
            ));
        }
        if a.django && in_async(site) {
            lazy_relation_edits(a, file, src, site, wave, &mut out, &mut imports, &loc);
            if let Some(block) = crate::analysis::atomic_block_at(s, site) {
                atomic_block_edits(src, block, wave, &mut out);
                imports
                    .entry("from asgiref.sync import sync_to_async".into())
                    .or_insert(wave);
                out.report.to_thread.push(format!(
                    "{}: a `transaction.atomic` block, moved whole into `{}` (one worker thread)",
                    loc(block.keyword),
                    block.name
                ));
                continue;
            }
            // The block's own `transaction.atomic()` call moves with it.
            if site.kind == SiteKind::Call && crate::analysis::opens_atomic_block(s, site) {
                continue;
            }
        }
        match site.kind {
            SiteKind::Call => {
                let Some(call) = &site.call else { continue };
                let target = res.targets.first();
                // The wrapped function's call in a wrapper's async twin is awaited.
                if let (Some(&(_, param, _)), Ref::Name(n, _)) = (copy_of(site), &site.target)
                    && n.as_str() == param
                    && !site.sync_code()
                {
                    await_edits(&mut out.edits, site, call.primary || call.awaited, wave);
                    out.report.awaits_added += 1;
                    continue;
                }
                match target {
                    Some(Target::Func(g)) if a.migrates(*g) => {
                        let g = *g;
                        let gw = a.wave(g);
                        if call.main_guard
                            && site.func.is_none()
                            && a.style(g) == Style::Coroutine
                            && res.renameable
                        {
                            let name = &src[call.name_range.0..call.name_range.1];
                            out.edits.push(
                                Edit::open(site.start, "asyncio.run(", site.depth).with_tag(gw),
                            );
                            if naming != Naming::Inplace {
                                out.edits.push(
                                    Edit::replace(
                                        call.name_range.0,
                                        call.name_range.1,
                                        naming.apply(name),
                                    )
                                    .with_tag(gw),
                                );
                            }
                            out.edits
                                .push(Edit::close(site.end, ")", site.depth).with_tag(gw));
                            imports.entry("import asyncio".into()).or_insert(gw);
                            hop_edits(a, file, res, gw, &mut out);
                            continue;
                        }
                        // `func(...)` where `func` is a parameter that callers fill with
                        // migrated functions: await the result when it is awaitable (async
                        // callers pass the coroutine function, sync ones the shim).
                        if param_callee(a, file, site, res) {
                            let wave = wave.max(gw);
                            let depth = site.depth;
                            out.edits.push(
                                Edit::open(
                                    site.start,
                                    "((await _awaitify_r) if inspect.isawaitable(_awaitify_r := ",
                                    depth,
                                )
                                .with_tag(wave),
                            );
                            out.edits.push(
                                Edit::close(site.end, ") else _awaitify_r)", depth).with_tag(wave),
                            );
                            imports.entry("import inspect".into()).or_insert(wave);
                            out.report.awaits_added += 1;
                            continue;
                        }
                        if !a.call_rewritten(file, site, res, g) {
                            if in_async(site) && !site.sync_code() {
                                let caller = site.func.map(|f| a.index.func_id(file, f));
                                let why = if caller.is_some() && a.twin[g] == caller {
                                    "it is the sync partner of this coroutine twin, so the blocking call stays in async code (make the twin do the work itself)"
                                } else if !res.renameable {
                                    "the callee is reached through a variable, so it keeps calling the sync shim"
                                } else {
                                    "the result is not consumed by `for`/`with`, so it keeps using the sync shim"
                                };
                                out.report.review.push(ReviewItem::new(
                                    loc(site.start),
                                    format!("call of `{}`: {why}", a.index.qualname(g)),
                                ));
                            }
                            continue;
                        }
                        // The caller may be already async (no wave of its own): the
                        // call changes when the callee does.
                        let wave = wave.max(gw);
                        let name = &src[call.name_range.0..call.name_range.1];
                        let new_name = if name == a.index.func(g).1.name {
                            a.async_name(g)
                        } else {
                            naming.apply(name)
                        };
                        if res.instance_call {
                            // `obj(...)` -> `obj.async_call(...)`.
                            let new = a.async_name(g);
                            if new != "__call__" {
                                out.edits.push(
                                    Edit::close(call.callee_range.1, format!(".{new}"), site.depth)
                                        .with_tag(wave),
                                );
                            }
                        } else if new_name != name {
                            out.edits.push(
                                Edit::replace(call.name_range.0, call.name_range.1, new_name)
                                    .with_tag(wave),
                            );
                        }
                        hop_edits(a, file, res, gw, &mut out);
                        // Functions passed to a parameter the callee only calls go as
                        // their coroutine functions (the callee awaits what they return).
                        for (start, end, new) in coroutine_arguments(a, file, site, g) {
                            out.edits
                                .push(Edit::replace(start, end, new).with_tag(wave));
                        }
                        match a.style(g) {
                            Style::Coroutine => {
                                await_edits(&mut out.edits, site, call.primary, wave);
                                out.report.awaits_added += 1;
                                if let Some(gi) = site.genexp.map(|g| g as usize) {
                                    genexps.entry(gi).or_insert(wave);
                                }
                            }
                            Style::AsyncGen => {
                                if let Some(&(start, open_end, close)) = call.in_list.as_deref() {
                                    out.edits.push(
                                        Edit::replace(
                                            start,
                                            open_end,
                                            "[_item async for _item in ",
                                        )
                                        .with_tag(wave),
                                    );
                                    out.edits
                                        .push(Edit::replace(close, close + 1, "]").with_tag(wave));
                                }
                            }
                            Style::AsyncCm => {}
                        }
                    }
                    // A call into Django's async-unsafe code (what reaches a function
                    // decorated `@async_unsafe`) from code that becomes async: it runs on a
                    // thread without an event loop, the caller's own (thread-sensitive).
                    Some(Target::Func(g))
                        if in_async(site)
                            && !call.awaited
                            && a.offloaded(*g)
                            && res.funcs().all(|g| a.offloaded(g)) =>
                    {
                        let import = thread_edits(a, src, site, call, wave, &mut out.edits);
                        if let Some(gi) = site.genexp.map(|g| g as usize) {
                            genexps.entry(gi).or_insert(wave);
                        }
                        imports.entry(import.into()).or_insert(wave);
                        out.report.awaits_added += 1;
                        out.report.to_thread.push(format!(
                            "{}: {} (reaches Django's async-unsafe code)",
                            loc(site.start),
                            a.index.qualname(*g)
                        ));
                    }
                    // The same by name, on a receiver awaitify could not type, and the
                    // library calls that can run the ORM implicitly (pickling a QuerySet).
                    Some(t @ (Target::Unknown | Target::Ext(_)))
                        if in_async(site)
                            && !call.awaited
                            && a.django
                            && (crate::analysis::implicit_orm(t)
                                || (res.found_nothing(site.kind)
                                    && crate::analysis::unsafe_by_name(
                                        s,
                                        site,
                                        &a.unsafe_names,
                                    )
                                    .is_some())) =>
                    {
                        // Django's connection proxies find the connection of the thread
                        // that reads them: the whole call runs in the worker thread.
                        let proxy = matches!(t, Target::Ext(q)
                            if q.starts_with("django.db.connection.")
                                || q.starts_with("django.db.connections."));
                        let import = if proxy {
                            let (open, close) = if call.primary {
                                ("(await sync_to_async(lambda: ", ")())")
                            } else {
                                ("await sync_to_async(lambda: ", ")()")
                            };
                            out.edits
                                .push(Edit::open(site.start, open, site.depth).with_tag(wave));
                            out.edits
                                .push(Edit::close(site.end, close, site.depth).with_tag(wave));
                            "from asgiref.sync import sync_to_async"
                        } else {
                            thread_edits(a, src, site, call, wave, &mut out.edits)
                        };
                        if let Some(gi) = site.genexp.map(|g| g as usize) {
                            genexps.entry(gi).or_insert(wave);
                        }
                        imports.entry(import.into()).or_insert(wave);
                        out.report.awaits_added += 1;
                        out.report.to_thread.push(match t {
                            Target::Ext(q) => format!(
                                "{}: `{q}` (it can run Django's ORM: pickling a QuerySet evaluates it)",
                                loc(site.start)
                            ),
                            _ => {
                                let n = crate::analysis::unsafe_name(s, site).unwrap_or_default();
                                format!(
                                    "{}: `.{n}()` on an untyped value ({})",
                                    loc(site.start),
                                    if crate::analysis::UNTYPED_ORM_METHODS.contains(&n)
                                        || !a.unsafe_names.contains(n)
                                    {
                                        "a model's database method, by name"
                                    } else {
                                        "a method name of Django's async-unsafe code"
                                    }
                                )
                            }
                        });
                    }
                    Some(Target::Blocking(q))
                        if in_async(site) && catalog.blocking(q).is_some_and(|e| e.migrate) =>
                    {
                        let entry = catalog.blocking(q).expect("catalog entry");
                        let native = a.options.native.then_some(entry.native.as_ref()).flatten();
                        let mut strategy = if native.is_some() {
                            Strategy::Library
                        } else {
                            entry.strategy
                        };
                        if strategy == Strategy::Twin
                            && let Some(kw) = &entry.unless_kwarg
                            && call.keywords.iter().any(|(k, _, _)| k == kw)
                        {
                            strategy = Strategy::Thread;
                        }
                        // `super().delete()` in a model's own `delete`: Django's twin
                        // (`adelete`) runs `self.delete` in a thread, the override itself.
                        // The parent's method runs in the thread instead.
                        if strategy == Strategy::Twin
                            && entry.family == "django"
                            && matches!(&site.target, Ref::Attr(recv, _) if matches!(**recv, Ref::Super(_)))
                        {
                            strategy = Strategy::Thread;
                        }
                        // A twin newer than the oldest library version the project
                        // supports: the thread fallback, and a line saying why.
                        if strategy == Strategy::Twin
                            && let Some((pkg, need)) = entry
                                .requires
                                .as_deref()
                                .and_then(awaitify_core::catalog::parse_requirement)
                            && let Some(have) = a.options.dependency_minimums.get(&pkg)
                            && *have < need
                        {
                            strategy = Strategy::Thread;
                            let v = |x: &[u32]| {
                                x.iter().map(u32::to_string).collect::<Vec<_>>().join(".")
                            };
                            out.report.review.push(ReviewItem::new(
                                loc(site.start),
                                format!(
                                    "`{q}` runs in a thread: its async twin needs {pkg} {}, and \
                                     the project supports {pkg} {}",
                                    v(&need),
                                    v(have)
                                ),
                            ));
                        }
                        if strategy == Strategy::Review {
                            let note = entry.note.as_deref().unwrap_or("no safe automatic rewrite");
                            out.report.review.push(ReviewItem::new(
                                loc(site.start),
                                format!("`{q}` blocks the event loop and was left as is: {note}"),
                            ));
                            continue;
                        }
                        // A template rewrites the callee text: refuse if the callee holds
                        // another rewrite (`to_thread` leaves the callee in place instead).
                        // `rewritten` is sorted by start: only the ranges that start inside
                        // the callee are looked at (a scan of all was quadratic).
                        let from = rewritten.partition_point(|&(st, _)| st < call.callee_range.0);
                        let inner = rewritten[from..]
                            .iter()
                            .take_while(|&&(st, _)| st <= call.callee_range.1)
                            .any(|&(st, en)| {
                                en <= call.callee_range.1 && (st, en) != (site.start, site.end)
                            });
                        if inner && strategy != Strategy::Thread {
                            out.report.review.push(ReviewItem::new(loc(site.start), format!("`{q}` was not replaced: its callee expression contains another migrated call")));
                            continue;
                        }
                        let func_text = &src[call.callee_range.0..call.callee_range.1];
                        let recv_text = call.recv_range.map_or("", |(a, b)| &src[a..b]);
                        let in_with =
                            a.consumed[file].contains_key(&(site.start, site.end, SiteKind::With));
                        let mut awaited = true;
                        match strategy {
                            Strategy::Twin | Strategy::Library => {
                                let (tpl, imps) = match native {
                                    Some(n) => (&n.replacement, &n.imports),
                                    None => (
                                        entry.replacement.as_ref().expect("validated"),
                                        &entry.imports,
                                    ),
                                };
                                let t = Template::parse(tpl).expect("validated");
                                out.edits.push(
                                    Edit::replace(
                                        call.callee_range.0,
                                        call.open_paren + 1,
                                        t.head(func_text, recv_text),
                                    )
                                    .with_tag(wave),
                                );
                                // The library was imported inside a function (an optional
                                // dependency): its twin's module must not become a hard
                                // import of the whole module.
                                let lazy = imported_locally(s, &site.target);
                                let library = q.split('.').next().unwrap_or(q);
                                for i in imps {
                                    // Only the library's own twin module (`dns.asyncresolver`
                                    // for `dns.resolver.resolve`), never asyncio.
                                    let same_library = import_binds(i).as_deref() == Some(library);
                                    let stmt = if lazy && same_library {
                                        format!(
                                            "try:\n    {i}\nexcept ImportError:  # optional, as where the blocking call's library is imported\n    pass"
                                        )
                                    } else {
                                        i.clone()
                                    };
                                    imports.entry(stmt).or_insert(wave);
                                }
                                if let Some(n) = native {
                                    for (kw, start, end) in &call.keywords {
                                        if let Some(new) = n.rename_kwargs.get(kw) {
                                            out.edits.push(
                                                Edit::replace(*start, *end, new.clone())
                                                    .with_tag(wave),
                                            );
                                        }
                                    }
                                    if let Some(p) = &n.package {
                                        out.report.packages.insert(p.clone());
                                    }
                                    if in_with {
                                        awaited = false;
                                        let e = withs.entry(site.stmt as usize).or_insert((
                                            0,
                                            site.with_items as usize,
                                            site.keyword.unwrap_or(0) as usize,
                                            wave,
                                            site.start,
                                        ));
                                        e.0 += 1;
                                    }
                                }
                            }
                            _ => {
                                let import = thread_edits(a, src, site, call, wave, &mut out.edits);
                                awaited = false;
                                if let Some(gi) = site.genexp.map(|g| g as usize) {
                                    genexps.entry(gi).or_insert(wave);
                                }
                                imports.entry(import.into()).or_insert(wave);
                                out.report.awaits_added += 1;
                                out.report
                                    .to_thread
                                    .push(format!("{}: {q}", loc(site.start)));
                            }
                        }
                        if awaited {
                            // `await asyncio.run(x)` (already awaited): `await (await (x))`,
                            // never `await await`.
                            await_edits(&mut out.edits, site, call.primary || call.awaited, wave);
                            out.report.awaits_added += 1;
                            if let Some(gi) = site.genexp.map(|g| g as usize) {
                                genexps.entry(gi).or_insert(wave);
                            }
                        }
                        *out.report
                            .replacements
                            .entry(strategy.as_str().to_string())
                            .or_default() += 1;
                        out.report
                            .replaced
                            .push(awaitify_core::migration::Replaced {
                                location: loc(site.start),
                                call: q.to_string(),
                                strategy: strategy.as_str().to_string(),
                            });
                        if let Some(note) =
                            native.and_then(|n| n.note.as_ref()).or(entry.note.as_ref())
                            && strategy != Strategy::Thread
                        {
                            out.report.review.push(ReviewItem::new(
                                loc(site.start),
                                format!("note: `{q}` -> {}: {note}", strategy.as_str()),
                            ));
                        }
                    }
                    // A catalog entry lint reports but migrate leaves alone (a cheap string
                    // operation kept for flake8-async parity): listed with its note.
                    Some(Target::Blocking(q))
                        if in_async(site)
                            && !site.sync_code()
                            && catalog.blocking(q).is_some_and(|e| !e.migrate) =>
                    {
                        let note = catalog
                            .blocking(q)
                            .and_then(|e| e.note.as_deref())
                            .unwrap_or("no automatic rewrite");
                        out.report.review.push(ReviewItem::new(
                            loc(site.start),
                            format!("`{q}` is left as it is in async code: {note}"),
                        ));
                    }
                    Some(Target::Blocking(q)) => {
                        // A connection opened in code that stays sync but used from worker
                        // threads by migrated code must allow other threads.
                        if q == "sqlite3.connect"
                            && a.sqlite_threaded
                            && !call
                                .keywords
                                .iter()
                                .any(|(k, _, _)| k == "check_same_thread")
                        {
                            // After a trailing comma (`connect(\n path,\n)`): on that line,
                            // keeping the comma last.
                            let before = src[..call.close_paren].trim_end();
                            let (at, text) = if before.ends_with(',') {
                                (before.len(), " check_same_thread=False,")
                            } else if call.has_args {
                                (call.close_paren, ", check_same_thread=False")
                            } else {
                                (call.close_paren, "check_same_thread=False")
                            };
                            out.edits.push(Edit::replace(at, at, text));
                            out.report.review.push(ReviewItem::new(
                                loc(site.start),
                                "sqlite3 connection opened in sync code gets check_same_thread=False: migrated code uses it from worker threads".into(),
                            ));
                        }
                        // (Not in Django code that async callers reach on a thread: it
                        // blocks that thread, not the event loop.)
                        if let Some(f) = caller_of(site)
                            && let Some(why) = &a.barrier[f]
                            && !site.sync_code()
                            && !a.is_test_func(f)
                            && !a.unsafe_reach[f]
                        {
                            out.report.review.push(ReviewItem::new(
                                loc(site.start),
                                format!("`{q}` stays blocking in `{}`: {why}", a.index.qualname(f)),
                            ));
                        }
                    }
                    Some(Target::Ext(q))
                        if q == "warnings.warn"
                            && call.keywords.iter().any(|(k, _, _)| k == "stacklevel")
                            && caller_of(site)
                                .is_some_and(|f| a.migrates(f) && a.needs_shim[f]) =>
                    {
                        out.report.review.push(ReviewItem::new(
                            loc(site.start),
                            "`warnings.warn(stacklevel=...)` in a function called through its shim now points into asyncio, not at the caller".into(),
                        ));
                    }
                    // One candidate is a migrated function or a blocking call, the one
                    // tried first is not (an optional C speedup bound by `try: from
                    // ._speedups import f`; a name bound to a project class on one platform
                    // and to `tempfile.NamedTemporaryFile` on the others; a value of several
                    // types): the call may be a shim now, or block. Neither is awaitable
                    // in every case, so the call runs in a thread.
                    Some(_)
                        if in_async(site)
                            && !call.awaited
                            && !site.sync_code()
                            && !mixed_withs.contains(&(site.start, site.end))
                            && let Some(what) = res
                                .funcs()
                                .find(|&g| a.migrates(g))
                                .map(|g| format!("`{}`, now a shim", a.index.qualname(g)))
                                .or_else(|| {
                                    res.targets.iter().find_map(|t| match t {
                                        Target::Blocking(q)
                                            if catalog.blocking(q).is_some_and(|e| e.migrate) =>
                                        {
                                            Some(format!("`{q}`, which blocks"))
                                        }
                                        _ => None,
                                    })
                                }) =>
                    {
                        let import = thread_edits(a, src, site, call, wave, &mut out.edits);
                        if let Some(gi) = site.genexp.map(|g| g as usize) {
                            genexps.entry(gi).or_insert(wave);
                        }
                        imports.entry(import.into()).or_insert(wave);
                        out.report.awaits_added += 1;
                        let text = &src[call.callee_range.0..call.callee_range.1];
                        out.report.to_thread.push(format!(
                            "{}: `{}` (it may be {what}, or something that is not migrated)",
                            loc(site.start),
                            awaitify_core::text::one_line(text),
                        ));
                    }
                    Some(Target::Unknown) if in_async(site) => {
                        let text = &src[call.callee_range.0..call.callee_range.1];
                        out.report.unresolved.push(format!(
                            "{}: {}",
                            loc(site.start),
                            awaitify_core::text::one_line(text)
                        ));
                    }
                    _ => {}
                }
            }
            SiteKind::With if in_async(site) => {
                let (is_async, wave) = consumed_async(site, res, wave);
                if is_async {
                    let e = withs.entry(site.stmt as usize).or_insert((
                        0,
                        site.with_items as usize,
                        site.keyword.unwrap_or(0) as usize,
                        wave,
                        site.start,
                    ));
                    e.0 += 1;
                    e.3 = e.3.max(wave);
                } else if mixed_withs.contains(&(site.start, site.end)) {
                    out.report.review.push(ReviewItem::new(
                        loc(site.start),
                        "`with` on a value that is either a project class made async or a \
                         library's object (which has no `__aenter__`): left a plain `with` with \
                         its call as it is, so either runs on the event loop (the class's \
                         `__enter__` through its shim)"
                            .into(),
                    ));
                } else if !site.sync_code()
                    && let Some((q, e)) = res.targets.iter().find_map(|t| match t {
                        Target::Blocking(q) => catalog
                            .blocking(q)
                            .filter(|e| !e.migrate || e.strategy == Strategy::Review)
                            .map(|e| (q, e)),
                        _ => None,
                    })
                {
                    // `with lock:` on a threading lock: no rewrite, so it is listed.
                    out.report.review.push(ReviewItem::new(
                        loc(site.start),
                        format!(
                            "`with` on `{q}` waits on the event loop, left as it is: {}",
                            e.note.as_deref().unwrap_or("no automatic rewrite")
                        ),
                    ));
                }
            }
            SiteKind::Iter if in_async(site) => {
                let (mut is_async, wave) = consumed_async(site, res, wave);
                // `for x in queryset` -> `async for x in queryset` (Django 4.1+).
                if crate::analysis::async_for_queryset(&a.index, a.options, site, res) {
                    is_async = true;
                }
                if is_async && let Some(kw) = site.keyword.map(|k| k as usize) {
                    async_kw.entry(kw).or_insert(wave);
                    if let Some(gi) = site.genexp.map(|g| g as usize) {
                        genexps.entry(gi).or_insert(wave);
                    }
                }
            }
            _ => {}
        }
    }

    for (_, (n_async, n_items, keyword, wave, start)) in withs {
        if n_async == n_items {
            async_kw.entry(keyword).or_insert(wave);
        } else {
            out.report.review.push(ReviewItem::new(
                loc(start),
                "a `with` statement mixes async and sync context managers: split it by hand".into(),
            ));
        }
    }
    for (kw, wave) in async_kw {
        out.edits.push(Edit::open(kw, "async ", 0).with_tag(wave));
    }
    // A generator expression around a converted one becomes async too: convert it as well.
    let marked: Vec<(usize, usize)> = genexps.iter().map(|(g, w)| (*g, *w)).collect();
    for (gi, wave) in marked {
        let mut p = s.genexps[gi].parent;
        while let Some(pi) = p {
            let w = genexps.entry(pi).or_insert(wave);
            *w = (*w).min(wave);
            p = s.genexps[pi].parent;
        }
    }
    for (gi, wave) in genexps {
        let g = &s.genexps[gi];
        // `next(x for ...)` needs an iterator, not a list.
        let (open, close) = if g.consumer.as_deref() == Some("next") {
            ("iter([", "])")
        } else {
            ("[", "]")
        };
        if g.parenthesized {
            out.edits
                .push(Edit::replace(g.start, g.start + 1, open).with_tag(wave));
            out.edits
                .push(Edit::replace(g.end - 1, g.end, close).with_tag(wave));
        } else {
            out.edits.push(Edit::open(g.start, open, 0).with_tag(wave));
            out.edits.push(Edit::close(g.end, close, 0).with_tag(wave));
        }
        if let Some(c) = &g.consumer
            && matches!(c.as_str(), "any" | "all" | "next")
        {
            out.report.review.push(ReviewItem::new(loc(g.start), format!("the generator passed to `{c}` became a list: every item is now computed (no short-circuit)")));
        }
    }

    // Django related objects read lazily in code that becomes async.
    if a.django {
        out.report
            .review
            .extend(crate::lazy::lazy_reads(a, file, &loc));
    }

    // Pairs `X` / `AsyncX` not used as pairs: why, at `X`.
    for (x, ax, why) in &a.class_pairs_skipped {
        let (xfile, _) = a.index.classes[*x];
        if xfile != file {
            continue;
        }
        let (xc, axc) = (a.index.class(*x).1, a.index.class(*ax).1);
        out.report.review.push(ReviewItem::new(
            format!("{rel}:{}", xc.line),
            format!(
                "`{}` is not replaced by `{}` in migrated code: {why}; its methods that block get async versions of their own",
                xc.name, axc.name
            ),
        ));
    }

    // Constructors of a class whose async half (`AsyncX`) migrated code uses instead.
    for swap in a
        .class_swaps
        .iter()
        .filter(|w| a.index.funcs[w.caller].0 == file)
    {
        let wave = a.wave(swap.caller);
        out.edits.push(
            Edit::replace(swap.name_range.0, swap.name_range.1, swap.new_name.clone())
                .with_tag(wave),
        );
        if let Some(stmt) = &swap.import {
            imports.entry(stmt.clone()).or_insert(wave);
        }
    }

    // Function definitions.
    for (local, f) in s.functions.iter().enumerate() {
        let id = a.index.func_id(file, local);
        if !a.migrates(id) {
            continue;
        }
        if a.twin[id].is_some() && a.is_shim[id] {
            // An earlier run's shim: retirable once nothing sync in the project uses it.
            if !a.sync_use[id] && !a.imported_by_name[id] {
                out.report.retirable_shims.push(ReviewItem::new(
                    format!("{rel}:{}", f.line),
                    format!(
                        "`{}` is a shim nothing in the project calls any more (callers await `{}`): delete it once no code outside the project uses the sync name",
                        a.index.qualname(id),
                        a.index.func(a.twin[id].expect("twin")).1.name
                    ),
                ));
            }
            continue;
        }
        if let Some(t) = a.twin[id] {
            // The project already has the async version: callers await it.
            let tf = a.index.func(t).1;
            let message = if tf.class.is_some() && tf.class != f.class || a.index.funcs[t].0 != file
            {
                // The async half of a class pair (`AsyncClient.fetch`).
                format!(
                    "`{}` already has an async version, `{}` ({}:{}): async code builds that class and awaits it; check that the two still do the same",
                    a.index.qualname(id),
                    a.index.qualname(t),
                    a.rels[a.index.funcs[t].0],
                    tf.line
                )
            } else {
                format!(
                    "`{}` already has an async version, `{}` (line {}): async callers now await it; check that the two still do the same",
                    a.index.qualname(id),
                    tf.name,
                    tf.line
                )
            };
            out.report
                .review
                .push(ReviewItem::new(format!("{rel}:{}", f.line), message));
            out.report.functions.push(crate::FunctionChange {
                blocked_seconds: None,
                qualname: a.index.qualname(id),
                location: format!("{rel}:{}", f.line),
                reason: crate::reason(a, id),
                sort_key: (rel.to_string(), f.line),
                wave: a.wave(id),
                shim: false,
                end_line: line_of(f.end_of_last_line.saturating_sub(1)).max(f.line),
            });
            continue;
        }
        let wave = a.wave(id);
        out.edits
            .push(Edit::open(f.def_kw, "async ", 0).with_tag(wave));
        let new_name = a.async_name(id);
        if new_name != f.name {
            out.edits.push(
                Edit::replace(f.name_range.0, f.name_range.1, new_name.clone()).with_tag(wave),
            );
        }
        for d in &f.decorators {
            // A registration stays on the sync shim (which gets a copy of the decorators):
            // the registry keeps holding a function its sync callers can call.
            if a.needs_shim[id] && crate::analysis::registers(&a.index, file, d) {
                let start = awaitify_core::text::line_start(src, d.start);
                let end = (awaitify_core::text::line_end(src, d.end) + 1).min(src.len());
                if src[start..d.start].trim().is_empty() {
                    out.edits.push(Edit::replace(start, end, "").with_tag(wave));
                }
                continue;
            }
            if crate::analysis::is_contextmanager_decorator(d) {
                if d.dotted.as_deref() == Some("contextmanager") {
                    out.edits.push(
                        Edit::replace(
                            d.last_name.0,
                            d.last_name.1,
                            "contextlib.asynccontextmanager",
                        )
                        .with_tag(wave),
                    );
                    imports.entry("import contextlib".into()).or_insert(wave);
                } else {
                    out.edits.push(
                        Edit::replace(d.last_name.0, d.last_name.1, "asynccontextmanager")
                            .with_tag(wave),
                    );
                }
            }
        }
        if f.name == "__next__" {
            for &(st, en) in &f.stop_iterations {
                out.edits
                    .push(Edit::replace(st, en, "StopAsyncIteration").with_tag(wave));
            }
        }
        if a.needs_shim[id] {
            // Named only when reachable from the module (not a class inside a function).
            let class_path = f.class.and_then(|c| {
                let mut scope = s.classes[c].parent_scope;
                while scope != 0 {
                    if s.scopes[scope].kind != ScopeKind::Class {
                        return None;
                    }
                    scope = s.scopes[scope].parent.unwrap_or(0);
                }
                Some(s.classes[c].qualname.clone())
            });
            let add_aiter = f.name == "__next__"
                && f.class
                    .is_some_and(|c| !s.classes[c].methods.contains_key("__aiter__"));
            let text = crate::shim::shim_text(
                src,
                f,
                &new_name,
                a.style(id),
                class_path.as_deref(),
                add_aiter,
            );
            let depth = nesting(s, f);
            out.edits
                .push(Edit::close(f.end_of_last_line, text, depth).with_tag(wave));
            let helper = crate::shim::helper_for(a.style(id), &f.name);
            let w = runtime_helpers.entry(helper).or_insert(wave);
            *w = (*w).min(wave);
            out.report.shims.push(a.index.qualname(id));
        }
        if f.decorators.iter().any(|d| {
            matches!(
                d.dotted.as_deref(),
                Some("abstractmethod" | "abc.abstractmethod")
            )
        }) && new_name != f.name
        {
            out.report.review.push(ReviewItem::new(
                format!("{rel}:{}", f.line),
                format!(
                    "abstract method `{}` is now `{new_name}`: subclasses outside this repository must implement `{new_name}`",
                    a.index.qualname(id)
                ),
            ));
        }
        out.report.functions.push(crate::FunctionChange {
            blocked_seconds: None,
            qualname: a.index.qualname(id),
            location: format!("{rel}:{}", f.line),
            reason: crate::reason(a, id),
            sort_key: (rel.to_string(), f.line),
            wave,
            shim: a.needs_shim[id],
            end_line: line_of(f.end_of_last_line.saturating_sub(1)).max(f.line),
        });
        // `__all__` gains the async name of a public function.
        if f.class.is_none() && f.parent_func.is_none() && new_name != f.name {
            all_edit(s, &f.name, &new_name, wave, &mut out.edits);
        }
    }

    // Module-level aliases of migrating functions (`x = _impl.x`, `wait = wait_select`)
    // gain an async sibling, so every name importers and callers use keeps existing.
    if naming != Naming::Inplace {
        for al in &s.aliases {
            crate::types::reset_budget();
            let Value::Func(g) = a.index.eval(file, &al.value, &mut None, 0) else {
                continue;
            };
            if !a.migrates(g) {
                continue;
            }
            let new_name = naming.apply(&al.name);
            if new_name == al.name || s.scopes[0].bindings.contains_key(new_name.as_str()) {
                continue;
            }
            let value_text = &src[al.value_range.0..al.value_range.1];
            let new_value = match value_text.rsplit_once('.') {
                Some((head, _)) => format!("{}.{}", head.trim_end(), a.async_name(g)),
                None => a.async_name(g),
            };
            let wave = a.wave(g);
            out.edits.push(
                Edit::close(
                    al.stmt_end,
                    format!("\n{}{new_name} = {new_value}", al.indent),
                    0,
                )
                .with_tag(wave),
            );
            all_edit(s, &al.name, &new_name, wave, &mut out.edits);
        }
    }

    // The async twins of guarded decorators' wrappers: the wrapper's text with the edits
    // made in it as if it were async, under a new name, and a branch that returns it for
    // coroutine functions; the wrapper itself stays as it was.
    let mut copies: Vec<(LocalFunc, (usize, &str, FuncId))> = copies.into_iter().collect();
    copies.sort_by_key(|(w, _)| *w);
    for (w, (wave, param, l)) in copies {
        let f = &s.functions[w];
        let start = awaitify_core::text::line_start(
            src,
            f.decorators
                .first()
                .map_or(f.def_kw, |d| d.start.min(f.def_kw)),
        );
        let end = f.end_of_last_line;
        let inside = |e: &Edit| e.start >= start && e.end <= end && e.start < end;
        let mut local: Vec<Edit> = out
            .edits
            .iter()
            .filter(|e| inside(e))
            .map(|e| {
                let mut e = e.clone();
                e.start -= start;
                e.end -= start;
                e
            })
            .collect();
        out.edits.retain(|e| !inside(e));
        let own = naming.apply(&f.name);
        let async_name = if own == f.name {
            format!("async_{}", f.name)
        } else {
            own
        };
        local.push(Edit::open(f.def_kw - start, "async ", 0));
        local.push(Edit::replace(
            f.name_range.0 - start,
            f.name_range.1 - start,
            async_name.clone(),
        ));
        if awaitify_core::edit::normalize(&mut local).is_err() {
            continue;
        }
        let Ok(twin) = awaitify_core::edit::apply(&src[start..end], &local) else {
            continue;
        };
        let indent = &f.indent;
        let body = awaitify_core::text::indentation_at(src, f.body_start);
        let unit = body
            .strip_prefix(indent.as_str())
            .filter(|u| !u.is_empty())
            .unwrap_or("    ");
        let text = format!(
            "\n\n{twin}\n\n{indent}if inspect.iscoroutinefunction({param}):\n{indent}{unit}return {async_name}"
        );
        out.edits
            .push(Edit::close(end, text, nesting(s, f)).with_tag(wave));
        imports.entry("import inspect".into()).or_insert(wave);
        out.report.review.push(ReviewItem::new(
            loc(f.def_kw),
            format!(
                "decorator `{}` made async-aware: for coroutine functions it returns `{async_name}`, a copy of `{}` that awaits the call (and whose blocking calls are async); check that the copy handles results and errors as the original does",
                a.index.qualname(l),
                f.name
            ),
        ));
        out.async_aware.push(l);
    }
    // Module-level imports.
    if !runtime_helpers.is_empty() {
        let (module, _) = runtime_location(a, file);
        let wave = *runtime_helpers.values().min().unwrap_or(&0);
        // A helper name the module already uses for something else is imported under
        // an alias, and the shims call the alias.
        let mut names: Vec<String> = vec![];
        for h in runtime_helpers.keys().copied() {
            match s.scopes[0].bindings.get(h) {
                None => names.push(h.to_string()),
                Some(Binding::From { module: m, .. }) if m.ends_with("_awaitify_runtime") => {}
                Some(_) => {
                    names.push(format!("{h} as _awaitify_{h}"));
                    for e in &mut out.edits {
                        if e.text.contains("Sync shim kept by awaitify") {
                            e.text = e.text.replace(
                                &format!("return {h}("),
                                &format!("return _awaitify_{h}("),
                            );
                        }
                    }
                }
            }
        }
        if !names.is_empty() {
            imports.insert(format!("from {module} import {}", names.join(", ")), wave);
        }
        out.runtime = Some((module, wave));
    }
    let needed: Vec<(String, usize)> = imports
        .into_iter()
        .filter(|(stmt, _)| {
            import_binds(stmt).is_none_or(|n| !s.scopes[0].bindings.contains_key(n.as_str()))
        })
        .collect();
    if !needed.is_empty() {
        let wave = needed.iter().map(|(_, w)| *w).min().unwrap_or(0);
        // Plain imports first, then `from` imports, as isort would group them.
        let mut lines: Vec<&str> = needed.iter().map(|(i, _)| i.as_str()).collect();
        lines.sort_by_key(|l| (l.starts_with("from "), l.to_string()));
        let mut text: String = lines.iter().map(|i| format!("{i}\n")).collect();
        if s.import_insert == src.len() && !src.is_empty() && !src.ends_with('\n') {
            text.insert(0, '\n');
        }
        if s.import_insert_needs_blank {
            text.push_str("\n\n");
        }
        // A closer: it must precede an `async ` opener at the same offset (a `def` on the
        // first line after the docstring).
        out.edits
            .push(Edit::close(s.import_insert, text, 0).with_tag(wave));
    }
    // The code uses the name `asyncio` for something else (a parameter, a variable): the
    // inserted code reaches the module under another name.
    let asyncio_taken = s.scopes.iter().any(|sc| {
        sc.bindings
            .get("asyncio")
            .is_some_and(|b| *b != Binding::Module("asyncio".into()))
    });
    if asyncio_taken {
        for e in &mut out.edits {
            if e.text.contains("asyncio") {
                e.text = e
                    .text
                    .replace("import asyncio\n", "import asyncio as _asyncio\n")
                    .replace("await asyncio.", "await _asyncio.")
                    .replace("(asyncio.", "(_asyncio.")
                    .replace("asyncio.run(", "_asyncio.run(");
                if e.text.starts_with("asyncio.") {
                    e.text.insert(0, '_');
                }
            }
        }
    }
    // Inserted lines follow the file's own line endings (its first line's: `\r\n`, a
    // lone `\r`, or `\n`).
    let ending = awaitify_core::text::line_ending(src);
    if ending != "\n" {
        for e in &mut out.edits {
            if e.text.contains('\n') {
                e.text = e.text.replace("\r\n", "\n").replace('\n', ending);
            }
        }
    }
    out
}

/// The latest wave among the migrating functions a site reaches.
fn target_wave(a: &Analysis, res: &crate::resolve::Resolved) -> usize {
    res.targets
        .iter()
        .filter_map(|t| match t {
            Target::Func(g) if a.migrates(*g) => Some(a.wave(*g)),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

fn nesting(s: &ModuleSummary, f: &Function) -> usize {
    let mut depth = 0;
    let mut scope = f.parent_scope;
    while let Some(p) = s.scopes[scope].parent {
        depth += 1;
        scope = p;
    }
    depth + 1
}

/// `f(args)` -> `await asyncio.to_thread(f, args)`, editing only around the callee so
/// rewrites inside it compose. In a Django project, Django's connections belong to a
/// thread, so the work goes through asgiref's thread-sensitive `sync_to_async(f)(args)`.
/// Returns the import the edit needs.
fn thread_edits(
    a: &Analysis,
    src: &str,
    site: &Site,
    call: &CallShape,
    wave: usize,
    edits: &mut Vec<Edit>,
) -> &'static str {
    let sep = if !call.has_args {
        ""
    } else if src[call.open_paren + 1..].starts_with(['\n', '\r']) {
        ","
    } else {
        ", "
    };
    let (opener, sep) = match (a.django, call.primary) {
        (true, true) => ("(await sync_to_async(", ")("),
        (true, false) => ("await sync_to_async(", ")("),
        (false, true) => ("(await asyncio.to_thread(", sep),
        (false, false) => ("await asyncio.to_thread(", sep),
    };
    edits.push(Edit::open(site.start, opener, site.depth).with_tag(wave));
    edits.push(Edit::replace(call.open_paren, call.open_paren + 1, sep).with_tag(wave));
    if call.primary {
        edits.push(Edit::close(site.end, ")", site.depth).with_tag(wave));
    }
    if a.django {
        "from asgiref.sync import sync_to_async"
    } else {
        "import asyncio"
    }
}

fn await_edits(edits: &mut Vec<Edit>, site: &Site, primary: bool, wave: usize) {
    if primary {
        edits.push(Edit::open(site.start, "(await ", site.depth).with_tag(wave));
        edits.push(Edit::close(site.end, ")", site.depth).with_tag(wave));
    } else {
        edits.push(Edit::open(site.start, "await ", site.depth).with_tag(wave));
    }
}

fn all_edit(s: &ModuleSummary, name: &str, new_name: &str, wave: usize, edits: &mut Vec<Edit>) {
    if s.all.iter().any(|e| e.name == new_name) {
        return;
    }
    if let Some(e) = s.all.iter().find(|e| e.name == name) {
        edits.push(Edit::close(e.end, format!(", {0}{new_name}{0}", e.quote), 0).with_tag(wave));
    }
}

/// `from m import f` bindings the resolution went through gain the async name.
fn hop_edits(
    a: &Analysis,
    file: usize,
    res: &crate::resolve::Resolved,
    wave: usize,
    out: &mut FileEdits,
) {
    let naming = a.options.naming;
    if naming == Naming::Inplace {
        return;
    }
    for hop in &res.hops {
        let s = a.index.summaries[hop.file];
        let new_name = naming.apply(&hop.name);
        let new_local = naming.apply(&hop.local);
        if s.scopes
            .iter()
            .any(|sc| sc.bindings.contains_key(new_local.as_str()))
        {
            continue; // already imported
        }
        let text = if hop.import.aliased {
            format!(", {new_name} as {new_local}")
        } else {
            format!(", {new_name}")
        };
        let edit = Edit::close(hop.import.alias_end, text, 0).with_tag(wave);
        let mut all = vec![];
        all_edit(s, &hop.local, &new_local, wave, &mut all);
        if hop.file == file {
            out.edits.push(edit);
            out.edits.extend(all);
        } else {
            out.foreign.push((hop.file, edit));
            out.foreign.extend(all.into_iter().map(|e| (hop.file, e)));
        }
    }
}

/// Every function id that migrates, in a stable order (for reports).
pub fn migrated(a: &Analysis) -> Vec<FuncId> {
    (0..a.index.funcs.len())
        .filter(|&f| a.migrates(f))
        .collect()
}

/// Whether a call's callee is a parameter (of the calling function or one around it)
/// that callers fill with functions, some of which migrate to coroutine functions (the
/// others are plain sync functions), in async code: the call is awaited when its result
/// is awaitable.
fn param_callee(a: &Analysis, file: usize, site: &Site, res: &crate::resolve::Resolved) -> bool {
    let Ref::Name(n, scope) = &site.target else {
        return false;
    };
    let s = a.index.summaries[file];
    if !matches!(
        crate::extract::lookup_local(&s.scopes, *scope, n),
        Some(Binding::Param(..))
    ) {
        return false;
    }
    let Some(f) = site.func else { return false };
    let caller = a.index.func_id(file, f);
    !site.sync_code()
        && site.genexp.is_none()
        && a.async_after(caller)
        && !site.call.as_ref().is_some_and(|c| c.awaited || c.adapted)
        && res.targets.iter().all(|t| {
            matches!(t, Target::Func(g) if !a.index.func(*g).1.is_async
                && (!a.migrates(*g) || a.style(*g) == Style::Coroutine || earlier_shim(a, *g)))
        })
        && res
            .targets
            .iter()
            .any(|t| matches!(t, Target::Func(g) if coroutine_value(a, *g)))
}

/// A shim an earlier wave left (its coroutine twin exists): what a one-shot run would
/// have migrated, so a resumed run decides as that run did.
fn earlier_shim(a: &Analysis, g: FuncId) -> bool {
    a.is_shim[g] && a.twin[g].is_some()
}

/// The name of `g`'s coroutine function: its async name, or the twin an earlier wave made.
fn coroutine_name(a: &Analysis, g: FuncId) -> String {
    match a.twin[g] {
        Some(t) if earlier_shim(a, g) => a.index.func(t).1.name.to_string(),
        _ => a.async_name(g),
    }
}

/// A function whose coroutine version callers in async code pass: one that migrates to a
/// coroutine here, or the shim of one migrated by an earlier wave.
fn coroutine_value(a: &Analysis, g: FuncId) -> bool {
    (a.migrates(g) && a.twin[g].is_none() && a.style(g) == Style::Coroutine) || earlier_shim(a, g)
}

/// Whether every call of parameter `idx` inside `g` awaits what it returns when that is
/// awaitable (so a coroutine function may be passed to it).
fn awaits_param(a: &Analysis, g: FuncId, idx: usize) -> bool {
    let (file, local) = a.index.funcs[g];
    let (gs, gf) = a.index.func(g);
    let Some(param) = gf.params.get(idx) else {
        return false;
    };
    let mut calls = 0;
    for (site, res) in gs.sites.iter().zip(&a.resolved[file]) {
        let Ref::Name(n, scope) = &site.target else {
            continue;
        };
        if site.kind != SiteKind::Call || n.as_str() != param.name.as_str() {
            continue;
        }
        let Some(Binding::Param(f, _)) = crate::extract::lookup_local(&gs.scopes, *scope, n) else {
            continue;
        };
        if *f != local {
            continue;
        }
        // Wrapped by an earlier run (`inspect.isawaitable(_awaitify_r := do())`) awaits too.
        let wrapped = site.call.as_ref().is_some_and(|c| c.adapted);
        if site.func != Some(local) || !(wrapped || param_callee(a, file, site, res)) {
            return false;
        }
        calls += 1;
    }
    calls > 0
}

/// The arguments of a rewritten call to `g` that name a migrated coroutine function and
/// go to a parameter `g` only calls: (start, end, text naming the async version).
fn coroutine_arguments(
    a: &Analysis,
    file: usize,
    site: &Site,
    g: FuncId,
) -> Vec<(usize, usize, String)> {
    let Some(call) = &site.call else {
        return vec![];
    };
    if call.args.iter().all(|a| matches!(a.value, Ref::Unknown)) {
        return vec![];
    }
    let (gs, gf) = a.index.func(g);
    let offset = usize::from(matches!(gf.kind, FuncKind::Method | FuncKind::ClassMethod));
    let src = a.texts[file];
    let s = a.index.summaries[file];
    let mut out = vec![];
    for arg in call
        .args
        .iter()
        .filter(|a| !matches!(a.value, Ref::Unknown))
    {
        let idx = match (&arg.position, &arg.keyword) {
            (Some(p), _) => usize::from(*p) + offset,
            (None, Some(k)) => match gf.params.iter().position(|p| p.name == k.as_str()) {
                Some(i) => i,
                None => continue,
            },
            _ => continue,
        };
        let Some(param) = gf.params.get(idx) else {
            continue;
        };
        let only_called = idx < 64 && gf.params_used_as_values & (1 << idx) == 0;
        let waits = matches!(
            gs.scopes[gf.scope].bindings.get(param.name.as_str()),
            Some(Binding::Param(..))
        );
        if !only_called || !waits || !awaits_param(a, g, idx) {
            continue;
        }
        // `lambda: f(...)`: the lambda returns `async_f(...)`'s coroutine.
        if let Some(name_range) = arg.lambda_name {
            crate::types::reset_budget();
            let Value::Func(h) = a.index.eval(file, &arg.value, &mut None, 0) else {
                continue;
            };
            let name = a.index.func(h).1.name.as_str();
            if coroutine_value(a, h) && &src[name_range.0..name_range.1] == name {
                out.push((name_range.0, name_range.1, coroutine_name(a, h)));
            }
            continue;
        }
        // A nested helper or a module function by name, or a method on `self`/`cls`.
        let direct = match &arg.value {
            Ref::Name(n, scope) => matches!(
                crate::extract::lookup_local(&s.scopes, *scope, n),
                Some(Binding::Function(_))
            ),
            Ref::Attr(base, _) => matches!(&**base, Ref::Name(b, scope) if matches!(
                crate::extract::lookup_local(&s.scopes, *scope, b),
                Some(Binding::SelfOf(_) | Binding::ClsOf(_))
            )),
            _ => false,
        };
        if !direct {
            continue;
        }
        crate::types::reset_budget();
        let Value::Func(h) = a.index.eval(file, &arg.value, &mut None, 0) else {
            continue;
        };
        let name = a.index.func(h).1.name.as_str();
        if !coroutine_value(a, h) {
            continue;
        }
        let text = &src[arg.range.0..arg.range.1];
        if !text.ends_with(name) {
            continue;
        }
        let start = arg.range.1 - name.len();
        out.push((start, arg.range.1, coroutine_name(a, h)));
    }
    out
}

/// Whether the leftmost name of a callee is bound by an import inside a function (not at
/// module level): the library may be an optional dependency.
fn imported_locally(s: &ModuleSummary, r: &Ref) -> bool {
    let mut root = r;
    while let Ref::Attr(b, _) | Ref::Call(b) = root {
        root = b;
    }
    let Ref::Name(n, scope) = root else {
        return false;
    };
    let found = crate::extract::lookup_local(&s.scopes, *scope, n);
    let global = s.scopes[0].bindings.get(n.as_str());
    matches!(found, Some(Binding::From { .. } | Binding::Module(_)))
        && !matches!((found, global), (Some(a), Some(b)) if std::ptr::eq(a, b))
}

/// In code that becomes async, a method called on a related object that Django loads
/// lazily (`order.product.audit()`, `order.product.tags.all()`): reading `order.product`
/// runs a query, which Django refuses on the event loop's thread. The reads run in the
/// worker thread, up to the last lazy one:
/// `(await sync_to_async(lambda: order.product)()).audit()`. Only for receivers written
/// as a plain dotted path.
#[allow(clippy::too_many_arguments)]
fn lazy_relation_edits(
    a: &Analysis,
    file: usize,
    src: &str,
    site: &Site,
    wave: usize,
    out: &mut FileEdits,
    imports: &mut BTreeMap<String, usize>,
    loc: &dyn Fn(usize) -> String,
) {
    let (Some(call), Ref::Attr(recv, _)) = (&site.call, &site.target) else {
        return;
    };
    let Some((rs, re)) = call.recv_range else {
        return;
    };
    let Some(path) = plain_path(recv) else { return };
    if src.get(rs..re) != Some(path.as_str()) {
        return;
    }
    // The outermost lazy read along the chain (`order.product.profile` in
    // `order.product.profile.tags`): what is read before it runs in the thread too.
    let mut r: &Ref = recv;
    let lazy = loop {
        let Ref::Attr(base, name) = r else { return };
        if a.index.lazy_relation(file, base, name) {
            break r;
        }
        r = base;
    };
    let Some(lazy_path) = plain_path(lazy) else {
        return;
    };
    out.edits
        .push(Edit::open(rs, "(await sync_to_async(lambda: ", site.depth + 1).with_tag(wave));
    out.edits
        .push(Edit::close(rs + lazy_path.len(), ")())", site.depth + 1).with_tag(wave));
    imports
        .entry("from asgiref.sync import sync_to_async".into())
        .or_insert(wave);
    out.report.awaits_added += 1;
    out.report.to_thread.push(format!(
        "{}: `{lazy_path}` (a related object Django loads lazily, with a query)",
        loc(site.start)
    ));
}

/// A `with`/`for` whose candidates include a library's object (an external or catalog
/// target) beside project functions: no async protocol fits them all.
fn mixed_protocol(res: &crate::resolve::Resolved) -> bool {
    res.funcs().next().is_some()
        && res
            .targets
            .iter()
            .any(|t| matches!(t, Target::Ext(_) | Target::Blocking(_)))
}

/// `a.b.c` for a reference made only of names and attributes.
fn plain_path(r: &Ref) -> Option<String> {
    match r {
        Ref::Name(n, _) => Some(n.to_string()),
        Ref::Attr(b, n) => Some(format!("{}.{n}", plain_path(b)?)),
        _ => None,
    }
}

/// A Django `atomic` block in a function that becomes async moves whole into a nested
/// sync function, one indentation unit deeper, run through thread-sensitive
/// `sync_to_async` (see `atomic.rs`): `nonlocal` for what it assigns that the function
/// binds elsewhere, returned for what only it binds and the function reads after.
fn atomic_block_edits(src: &str, b: &AtomicBlock, wave: usize, out: &mut FileEdits) {
    let nl = awaitify_core::text::line_ending(src);
    let (indent, unit) = (b.indent.as_str(), b.unit.as_str());
    // A blank line around the nested function (as formatters want), except right after
    // the line that opens the enclosing block.
    let line_start = b.keyword - indent.len();
    let opens_block = src[..line_start]
        .lines()
        .rev()
        .map(str::trim_end)
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.ends_with(':'));
    let mut head = String::new();
    if !opens_block {
        head.push_str(nl);
    }
    head.push_str(&format!("{indent}def {}():{nl}", b.name));
    if !b.nonlocal.is_empty() {
        head.push_str(&format!(
            "{indent}{unit}nonlocal {}{nl}",
            b.nonlocal.join(", ")
        ));
    }
    head.push_str(unit);
    out.edits
        .push(Edit::open(line_start, head, 0).with_tag(wave));
    for &ls in &b.line_starts {
        out.edits.push(Edit::open(ls, unit, 0).with_tag(wave));
    }
    let mut tail = String::new();
    let mut assign = String::new();
    if !b.returned.is_empty() {
        let names = b.returned.join(", ");
        tail.push_str(&format!("{nl}{indent}{unit}return {names}"));
        assign = format!("{names} = ");
    }
    tail.push_str(&format!(
        "{nl}{nl}{indent}{assign}await sync_to_async({})()",
        b.name
    ));
    // Innermost of what closes here: before a shim appended after the function.
    out.edits
        .push(Edit::close(b.end_of_last_line, tail, usize::MAX >> 2).with_tag(wave));
    out.report.awaits_added += 1;
}
