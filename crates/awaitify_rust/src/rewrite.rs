//! Decisions to text edits: `async fn`, renames, `.await` at call sites (`Box::pin` for
//! recursion), catalog twins, `spawn_blocking`, `#[tokio::main]`, sync shims, imports,
//! the runtime helper module and the `tokio` dependency in `Cargo.toml`.

use crate::analysis::{Analysis, SiteFix, Tgt};
use crate::model::*;
use crate::project::TargetKind;
use awaitify_core::catalog::Template;
use awaitify_core::edit::Edit;
use awaitify_core::migration::{FunctionChange, Naming, Replaced, Report, ReviewItem};
use std::collections::{BTreeMap, BTreeSet};

pub const RUNTIME: &str = include_str!("../runtime/awaitify_runtime.rs");
pub const RUNTIME_MODULE: &str = "awaitify_runtime";
/// What a blocking call that cannot move to `spawn_blocking` is wrapped in.
const BLOCKING_HELPER: &str = "crate::awaitify_runtime::blocking(|| ";

/// Edits for every file, the tokio features each manifest needs, the targets (by root
/// file) that need the runtime helper, and the report.
pub struct Plan {
    pub edits: BTreeMap<usize, Vec<Edit>>,
    /// Manifest -> (features, first wave that needs tokio).
    pub features: BTreeMap<String, (BTreeSet<String>, usize)>,
    /// Target root files that need the runtime module -> first wave.
    pub runtime_roots: BTreeMap<usize, usize>,
    pub report: Report,
}

fn feature_for(text: &str, out: &mut BTreeSet<String>) {
    for (prefix, f) in [
        ("tokio::time::", "time"),
        ("tokio::fs::", "fs"),
        ("tokio::net::", "net"),
        ("tokio::process::", "process"),
        ("tokio::io::", "io-util"),
        ("tokio::sync::", "sync"),
        ("tokio::task::spawn_blocking", "rt"),
    ] {
        if text.contains(prefix) {
            out.insert(f.to_string());
        }
    }
}

pub fn plan(a: &Analysis) -> Plan {
    let p = a.project;
    let mut plan = Plan {
        edits: BTreeMap::new(),
        features: BTreeMap::new(),
        runtime_roots: BTreeMap::new(),
        report: Report::default(),
    };
    let blocks_in_closure = blocks_in_closure(a);
    // Imports to add per (file, local module): text -> wave.
    let mut imports: BTreeMap<(usize, usize), BTreeMap<String, usize>> = BTreeMap::new();
    for f in 0..p.funcs.len() {
        if !p.is_reached(f) {
            continue;
        }
        let s = p.summary_of(f);
        let file = p.file_of(f);
        let text = &p.files[file].text;
        let m = p.func_module[f];
        let target_idx = p.modules[m].target;
        let target = &p.targets[target_idx];
        let manifest = target.manifest.clone();
        // A shim an earlier run left stays as it is: callers that migrate await its twin.
        let migrates = a.migrates(f) && a.twin[f].is_none();
        let fwave = a.wave(f);
        let mut edits: Vec<Edit> = Vec::new();
        let mut features = BTreeSet::new();
        if migrates {
            if a.is_main[f] {
                edits.push(Edit::open(s.fn_line_start, "#[tokio::main]\n", 0).with_tag(fwave));
                features.insert("macros".into());
                features.insert("rt-multi-thread".into());
            }
            edits.push(Edit::open(s.async_at, "async ", 0).with_tag(fwave));
            // A sync fn may elide a lifetime-only type's `<'_>`; an async fn may not (E0726).
            for (segs, at) in &s.bare_type_paths {
                if p.is_lifetime_only(m, segs) {
                    edits.push(Edit::open(*at, "<'_>", 0).with_tag(fwave));
                }
            }
            let new_name = a.async_name(f);
            if new_name != s.name {
                edits.push(
                    Edit::replace(s.ident_start, s.ident_end, new_name.clone()).with_tag(fwave),
                );
            }
            if a.needs_shim[f] {
                edits.push(Edit::open(s.item_end, shim(a, f, text), 0).with_tag(fwave));
                plan.report.shims.push(p.qualname(f));
                if s.generic_send {
                    plan.report.review.push(ReviewItem::new(
                        a.location(f),
                        format!(
                            "the shim of `{}` cannot tell whether its future is Send (that depends on type parameters), so inside a current-thread tokio runtime (#[tokio::test]'s default) it polls it on the calling thread, which blocks that runtime's other tasks until it returns, as the sync code did (a future that waits on one of them would never finish); there, await `{}` instead",
                            p.qualname(f),
                            a.async_name(f)
                        ),
                    ));
                }
                features.insert("rt-multi-thread".into());
                plan.runtime_roots
                    .entry(target.root_file)
                    .and_modify(|w| *w = (*w).min(fwave))
                    .or_insert(fwave);
            }
            plan.report.functions.push(FunctionChange {
                blocked_seconds: None,
                qualname: p.qualname(f),
                location: a.location(f),
                reason: crate::reason(a, f),
                sort_key: (p.files[file].rel.clone(), s.ident_start),
                wave: fwave,
                shim: a.needs_shim[f],
                end_line: awaitify_core::text::line_number(&p.files[file].text, s.item_end),
            });
        } else if a.barrier[f].is_some() && a.taint.is_blocked_barrier(f) && !a.is_test[f] {
            plan.report.cannot_be_async.push(
                ReviewItem::new(
                    a.location(f),
                    format!(
                        "{} stays sync: {}",
                        p.qualname(f),
                        a.barrier[f].as_deref().unwrap_or("")
                    ),
                )
                .about(p.qualname(f)),
            );
        } else if a.is_test[f] && a.taint.is_blocked_barrier(f) {
            plan.report.tests_kept_sync += 1;
        }
        // Another `#[cfg]` branch of a function that migrates: it gains the async name too
        // (running its sync body), so callers' `.await` compiles in every build.
        if !migrates
            && !s.cfgs.is_empty()
            && let Some(g) = cfg_sibling(a, f)
            && let Some(twin) = cfg_twin(a, f, g, text)
        {
            edits.push(Edit::open(s.item_end, twin, 0).with_tag(a.wave(g)));
            plan.report.review.push(ReviewItem::new(
                a.location(f),
                format!(
                    "`{}` is another #[cfg] branch of a function made async: it gains `{}`, an async fn that runs its sync body",
                    p.qualname(f),
                    a.async_name(g)
                ),
            ));
        }
        // Call sites.
        let mut wrapped: Vec<(usize, usize)> = Vec::new();
        for (i, c) in s.calls.iter().enumerate() {
            let async_ctx = match c.ctx {
                Ctx::Body => a.async_after(f),
                Ctx::AsyncBlock => true,
                _ => false,
            };
            match (&a.targets[f][i], &a.fixes[f][i]) {
                (Tgt::Func(g), _) if async_ctx && a.migrates(*g) && !c.awaited => {
                    let g = *g;
                    let tag = if migrates { fwave } else { a.wave(g) };
                    let new_name = a.async_name(g);
                    if new_name != p.summary_of(g).name {
                        edits.push(
                            Edit::replace(c.ident_start, c.ident_end, new_name).with_tag(tag),
                        );
                    }
                    let recursive = a.scc[f].is_some() && a.scc[f] == a.scc[g];
                    if recursive {
                        edits.push(Edit::open(c.start, "Box::pin(", 1).with_tag(tag));
                        edits.push(Edit::close(c.end, ").await", 1).with_tag(tag));
                    } else {
                        edits.push(Edit::close(c.end, ".await", 1).with_tag(tag));
                    }
                    plan.report.awaits_added += 1;
                }
                (Tgt::Blocking(name), Some(fix)) if async_ctx => {
                    let e = a.catalog.blocking(name).expect("catalog");
                    let tag = fwave;
                    match fix {
                        SiteFix::Twin => {
                            let rep = e.replacement.as_deref().unwrap_or_default();
                            let Ok(t) = Template::parse(rep) else {
                                continue;
                            };
                            let head = t.prefix.clone();
                            if let Some(after) = head.strip_prefix("{recv}.") {
                                edits.push(
                                    Edit::replace(
                                        c.ident_start,
                                        c.open_paren + 1,
                                        after.to_string(),
                                    )
                                    .with_tag(tag),
                                );
                            } else {
                                edits.push(
                                    Edit::replace(c.head_start, c.open_paren + 1, head.clone())
                                        .with_tag(tag),
                                );
                            }
                            edits.push(Edit::close(c.end, ".await", 1).with_tag(tag));
                            plan.report.awaits_added += 1;
                            feature_for(rep, &mut features);
                            for imp in &e.imports {
                                feature_for(imp, &mut features);
                                let key = (file, p.modules[m].local);
                                let w = imports
                                    .entry(key)
                                    .or_default()
                                    .entry(imp.clone())
                                    .or_insert(tag);
                                *w = (*w).min(tag);
                            }
                            *plan.report.replacements.entry(name.clone()).or_default() += 1;
                            plan.report.replaced.push(Replaced {
                                location: a.site_location(f, c.start),
                                call: name.clone(),
                                strategy: "twin".into(),
                            });
                        }
                        SiteFix::Thread(why) if c.args_owned => {
                            wrapped.push((c.start, c.end));
                            edits.push(
                                Edit::open(c.start, "tokio::task::spawn_blocking(move || ", 0)
                                    .with_tag(tag),
                            );
                            edits.push(
                                Edit::close(c.end, ").await.expect(\"blocking task panicked\")", 0)
                                    .with_tag(tag),
                            );
                            features.insert("rt".into());
                            plan.report.awaits_added += 1;
                            plan.report.replaced.push(Replaced {
                                location: a.site_location(f, c.start),
                                call: name.clone(),
                                strategy: "spawn_blocking".into(),
                            });
                            plan.report.to_thread.push(format!(
                                "{}: {name} runs on tokio's blocking pool (spawn_blocking: the closure is `move` and 'static; its arguments are owned values){}",
                                a.site_location(f, c.start),
                                no_twin(why)
                            ));
                        }
                        SiteFix::Thread(why) => {
                            // Borrowed arguments cannot move into spawn_blocking's 'static
                            // closure: the runtime helper's `blocking` runs the call where it
                            // is (through block_in_place on a multi-thread runtime, after
                            // handing this worker's other tasks to another worker).
                            wrapped.push((c.start, c.end));
                            edits.push(Edit::open(c.start, BLOCKING_HELPER, 0).with_tag(tag));
                            plan.runtime_roots
                                .entry(target.root_file)
                                .and_modify(|w| *w = (*w).min(tag))
                                .or_insert(tag);
                            edits.push(Edit::close(c.end, ")", 0).with_tag(tag));
                            features.insert("rt-multi-thread".into());
                            plan.report.replaced.push(Replaced {
                                location: a.site_location(f, c.start),
                                call: name.clone(),
                                strategy: "block_in_place".into(),
                            });
                            plan.report.to_thread.push(format!(
                                "{}: {name} runs in place through awaitify_runtime::blocking (its arguments are not visibly owned 'static values, so spawn_blocking's move/'static closure might not compile; pass literals, clones or format!(..) to get spawn_blocking): block_in_place on a multi-thread runtime; on a current-thread runtime (#[tokio::test]'s default) it blocks that runtime's only thread, as the sync code did{}",
                                a.site_location(f, c.start),
                                no_twin(why)
                            ));
                        }
                        SiteFix::Keep(why) => plan.report.review.push(ReviewItem::new(
                            a.site_location(f, c.start),
                            format!("{name} stays blocking in async code: {why}"),
                        )),
                        SiteFix::TypeTwin(_) => {}
                    }
                }
                (Tgt::External(_), Some(SiteFix::TypeTwin(twin))) if async_ctx => {
                    edits.push(
                        Edit::replace(c.name_start, c.name_end, twin.clone()).with_tag(fwave),
                    );
                    feature_for(twin, &mut features);
                }
                (Tgt::Func(g), _)
                    if c.ctx == Ctx::Closure && a.migrates(*g) && a.async_after(f) =>
                {
                    plan.report.review.push(ReviewItem::new(
                        a.site_location(f, c.start),
                        format!(
                            "a closure calls `{}` through its sync shim (a closure cannot .await; an `async` block or async closure can, if its consumer accepts one)",
                            p.qualname(*g)
                        ),
                    ));
                }
                // A closure cannot .await: a blocking call in one, in async code, is left as
                // it is and said (unless the closure runs off the thread: spawn_blocking).
                (Tgt::Blocking(name), _)
                    if c.ctx == Ctx::Closure && !c.offloaded && a.async_after(f) =>
                {
                    plan.report.review.push(ReviewItem::new(
                        a.site_location(f, c.start),
                        format!(
                            "{name} stays blocking in a closure in async fn `{}`: a closure cannot .await; compute the values before it, or run the closure in tokio::task::spawn_blocking",
                            p.qualname(f)
                        ),
                    ));
                }
                // A sync function that still blocks (through a closure) called from async
                // code: it blocks the executor, and nothing else would say so.
                (Tgt::Func(g), _)
                    if async_ctx && !a.async_after(*g) && blocks_in_closure[*g].is_some() =>
                {
                    plan.report.review.push(ReviewItem::new(
                        a.site_location(f, c.start),
                        format!(
                            "`{}` stays sync and blocks this async code: {}",
                            p.qualname(*g),
                            blocks_in_closure[*g].as_deref().unwrap_or_default()
                        ),
                    ));
                }
                (Tgt::Unknown(what), _) if async_ctx && migrates => {
                    plan.report.unresolved_total += 1;
                    plan.report
                        .unresolved
                        .push(format!("{}: {what}", a.site_location(f, c.start)));
                }
                _ => {}
            }
        }
        // A migrated function passed as a value from async code: whoever calls the value
        // runs its sync shim.
        if a.async_after(f) {
            for (segs, at) in &s.fn_values {
                if let Some(crate::project::Def::Func(g)) = p.resolve(m, segs)
                    && a.migrates(g)
                    && a.twin[g].is_none()
                {
                    plan.report.review.push(ReviewItem::new(
                        a.site_location(f, *at),
                        format!(
                            "`{}` is passed as a value in async fn `{}`: whoever calls it runs its sync shim, which blocks; pass a closure over `{}` to a consumer that awaits, or compute the value first",
                            p.qualname(g),
                            p.qualname(f),
                            a.async_name(g)
                        ),
                    ));
                }
            }
        }
        // An await inside a spawn_blocking closure would not compile: such calls stay
        // blocking (the review list says why).
        if !wrapped.is_empty() {
            let inner_await = |e: &Edit| {
                e.text.contains(".await")
                    && wrapped.iter().any(|&(ws, we)| e.start > ws && e.start < we)
            };
            if edits.iter().any(inner_await) {
                let keep: Vec<(usize, usize)> = wrapped.clone();
                edits.retain(|e| {
                    !keep.iter().any(|&(ws, we)| {
                        (e.start == ws
                            && (e.text.starts_with("tokio::task::spawn_blocking")
                                || e.text == BLOCKING_HELPER))
                            || (e.start == we
                                && (e.text.starts_with(").await.expect") || e.text == ")"))
                    })
                });
                for (ws, _) in keep {
                    plan.report.review.push(ReviewItem::new(
                        a.site_location(f, ws),
                        "blocking call with awaited arguments: not moved to spawn_blocking, kept blocking".into(),
                    ));
                }
            }
        }
        if migrates {
            thread_bound_locals(a, f, text, &mut edits, &mut plan.report);
        }
        if !edits.is_empty() {
            let slot = plan
                .features
                .entry(manifest)
                .or_insert((BTreeSet::new(), usize::MAX));
            slot.0.extend(features);
            slot.1 = slot.1.min(edits.iter().map(|e| e.tag).min().unwrap_or(0));
            plan.edits.entry(file).or_default().extend(edits);
        }
    }
    for ((file, local), imps) in imports {
        let ms = &p.files[file].summary.modules[local];
        for (imp, wave) in imps {
            if ms.use_texts.iter().any(|u| u.trim() == imp.trim()) {
                continue;
            }
            plan.edits
                .entry(file)
                .or_default()
                .push(Edit::first(ms.use_at, format!("{}{imp}\n", ms.use_indent)).with_tag(wave));
        }
    }
    // The runtime helper module, declared in each crate root whose shims use it.
    for (&root, &wave) in &plan.runtime_roots {
        let ms = &p.files[root].summary.modules[0];
        if ms.decls.iter().any(|d| d.name == RUNTIME_MODULE) {
            continue;
        }
        let is_lib = p
            .targets
            .iter()
            .any(|t| t.root_file == root && t.kind == TargetKind::Lib);
        let mut decl = if is_lib {
            format!("#[doc(hidden)]\npub mod {RUNTIME_MODULE};\n")
        } else {
            format!("mod {RUNTIME_MODULE};\n")
        };
        if ms.use_texts.is_empty() {
            decl.push('\n'); // before the first item: keep it apart
        }
        plan.edits
            .entry(root)
            .or_default()
            .push(Edit::first(ms.use_at, decl).with_tag(wave));
    }
    plan.report
        .functions
        .sort_by(|x, y| x.sort_key.cmp(&y.sort_key));
    if !plan.features.is_empty() {
        plan.report.packages.insert("tokio".into());
    }
    plan
}

/// For each function that stays sync, why it still blocks though nothing it calls
/// directly does: a closure in it (not handed to another thread) makes a blocking call or
/// calls a migrated function's sync shim, or it calls such a function. Closures cannot
/// `.await`, so taint does not cross them; async code calling these blocks all the same.
fn blocks_in_closure(a: &Analysis) -> Vec<Option<String>> {
    let p = a.project;
    let n = p.funcs.len();
    let mut why: Vec<Option<String>> = vec![None; n];
    for f in (0..n).filter(|&f| p.is_reached(f) && !a.async_after(f)) {
        let s = p.summary_of(f);
        for (c, t) in s.calls.iter().zip(&a.targets[f]) {
            if c.ctx != Ctx::Closure || c.offloaded {
                continue;
            }
            let hit = match t {
                Tgt::Blocking(name) => Some(format!("a closure in it calls {name}")),
                Tgt::Func(g) if a.migrates(*g) => Some(format!(
                    "a closure in it calls `{}` through its sync shim",
                    p.qualname(*g)
                )),
                _ => None,
            };
            if let Some(h) = hit {
                why[f] = Some(format!("{h} ({})", a.site_location(f, c.start)));
                break;
            }
        }
    }
    // Through plain calls, to a fixed point (each function is set at most once).
    let mut changed = true;
    while changed {
        changed = false;
        for f in 0..n {
            if !p.is_reached(f) || a.async_after(f) || why[f].is_some() {
                continue;
            }
            let s = p.summary_of(f);
            let via = s
                .calls
                .iter()
                .zip(&a.targets[f])
                .find_map(|(c, t)| match t {
                    Tgt::Func(g) if c.ctx == Ctx::Body && *g != f && why[*g].is_some() => Some(*g),
                    _ => None,
                });
            if let Some(g) = via {
                why[f] = Some(format!(
                    "it calls `{}`, where {}",
                    p.qualname(g),
                    why[g].as_deref().unwrap_or_default()
                ));
                changed = true;
            }
        }
    }
    why
}

/// Locals of a migrating function whose value is tied to its thread (`[[not_send]]` in the
/// catalog, or a lock guard) and alive across an `.await`: the future is no longer `Send`.
/// A repeatable one (`rand::thread_rng()`) is called again at each use and its `let` goes;
/// the others are listed for review, with the `.await` they are held across.
fn thread_bound_locals(
    a: &Analysis,
    f: usize,
    text: &str,
    edits: &mut Vec<Edit>,
    report: &mut Report,
) {
    let s = a.project.summary_of(f);
    let fwave = a.wave(f);
    // Every suspension point of the migrated body: the awaits it has and those added.
    // (where it ends, where to point at it): an existing `.await`, or the end of a call
    // that gains one.
    let mut awaits: Vec<(usize, usize)> = s
        .awaits
        .iter()
        .filter(|(_, ctx)| *ctx == Ctx::Body)
        .map(|(at, _)| (*at, at.saturating_sub(".await".len())))
        .collect();
    awaits.extend(
        edits
            .iter()
            .filter(|e| e.start == e.end && e.text.contains(".await"))
            .map(|e| (e.start, e.start)),
    );
    awaits.sort_unstable();
    for (l, local) in s.locals.iter().enumerate() {
        if local.ctx != Ctx::Body {
            continue;
        }
        let entry = local.init_call.and_then(|i| match &a.targets[f][i] {
            Tgt::External(q) => a.catalog.not_send(q),
            _ => None,
        });
        let what = match (entry, &local.guard) {
            (Some(e), _) => e.what.clone(),
            (None, Some(kind)) => match kind.as_str() {
                "borrow" | "borrow_mut" => "a RefCell borrow".to_string(),
                "lock" => "a mutex guard".to_string(),
                _ => "a lock guard".to_string(),
            },
            (None, None) => continue,
        };
        let dropped_at = s.dropped_at(l);
        let Some(&(_, held)) = awaits
            .iter()
            .find(|&&(at, _)| at > local.decl && at < local.scope_end && at < dropped_at)
        else {
            continue;
        };
        if entry.is_some_and(|e| e.repeatable)
            && let Some(repeat) = repeat_at_uses(local, text)
        {
            edits.extend(repeat.into_iter().map(|e| e.with_tag(fwave)));
            report.review.push(ReviewItem::new(
                a.site_location(f, local.simple_let.map_or(local.decl, |sl| sl.stmt_start)),
                format!(
                    "`{}` held {what} across an .await, which would make the future of `{}` not Send: the call is made again at each use instead",
                    local.name,
                    a.async_name(f)
                ),
            ));
            continue;
        }
        report.review.push(ReviewItem::new(
            a.site_location(f, held),
            format!(
                "`{}` ({what}, from line {}) is alive across the .await here: the future of `{}` is not Send, so tokio::spawn rejects it, and inside a current-thread runtime (#[tokio::test]'s default) its sync shim polls it on the calling thread, blocking that runtime's other tasks; drop it before the .await or end its block there",
                local.name,
                awaitify_core::text::line_number(text, local.decl),
                a.async_name(f)
            ),
        ));
    }
}

/// The edits that repeat a local's initialiser at each of its uses and delete its `let`,
/// when every use is a plain read awaitify has seen (none in a format string's `{name}`,
/// none assigned to).
fn repeat_at_uses(local: &crate::model::Local, text: &str) -> Option<Vec<Edit>> {
    let sl = local.simple_let?;
    if local.uses != local.use_spans.len() || local.use_spans.is_empty() {
        return None;
    }
    let scope = text.get(sl.stmt_end..local.scope_end.min(text.len()))?;
    let inline = format!("{{{}", local.name);
    if scope
        .match_indices(&inline)
        .any(|(i, _)| matches!(scope[i + inline.len()..].chars().next(), Some('}' | ':')))
    {
        return None;
    }
    for &(_, end) in &local.use_spans {
        let after = text[end..].trim_start();
        if after.starts_with('=') && !after.starts_with("==") || after.starts_with("+=") {
            return None;
        }
    }
    let init = &text[sl.init_start..sl.init_end];
    let mut out: Vec<Edit> = local
        .use_spans
        .iter()
        .map(|&(s, e)| Edit::replace(s, e, init.to_string()))
        .collect();
    // The whole line when the statement is alone on it.
    let line_start = text[..sl.stmt_start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[sl.stmt_end..]
        .find('\n')
        .map_or(text.len(), |i| sl.stmt_end + i + 1);
    let alone = text[line_start..sl.stmt_start].trim().is_empty()
        && text[sl.stmt_end..line_end].trim().is_empty();
    out.push(if alone {
        Edit::replace(line_start, line_end, "")
    } else {
        Edit::replace(sl.stmt_start, sl.stmt_end, "")
    });
    Some(out)
}

/// The sync shim for `f`: the original signature, blocking on the async version.
fn shim(a: &Analysis, f: usize, text: &str) -> String {
    let p = a.project;
    let s = p.summary_of(f);
    let indent = awaitify_core::text::indentation_at(text, s.item_start).to_string();
    let sig = &text[s.sig_start..s.sig_end];
    let new_name = a.async_name(f);
    let (callee, args) = forwarded_call(s, &new_name);
    // Parameters with patterns (`(a, b): (u8, u8)`) are renamed `argN` in the shim.
    let mut shim_sig = sig.to_string();
    let renamed = s
        .params
        .iter()
        .any(|x| !x.is_receiver && x.forward.starts_with("arg"));
    if renamed {
        let open = sig.find('(').unwrap_or(0);
        let close = matching_paren(sig, open).unwrap_or(sig.len());
        let decls: Vec<&str> = s.params.iter().map(|x| x.decl.as_str()).collect();
        shim_sig = format!(
            "{}({}){}",
            &sig[..open],
            decls.join(", "),
            &sig[close + 1..]
        );
    } else {
        // `mut x` is the async function's business, not the shim's.
        shim_sig = strip_param_mut(&shim_sig);
    }
    let vis = vis_prefix(s);
    let shown = match s.owner {
        Owner::Free => new_name.clone(),
        _ => format!("Self::{new_name}"),
    };
    let _ = Naming::Suffix;
    // The shim exists exactly when its async function does.
    let cfgs: String = s.cfgs.iter().map(|c| format!("{indent}{c}\n")).collect();
    // `block_on!` picks its `Send` path by trait resolution, which in a generic function
    // commits to it even when `Send` depends on a type parameter (E0277): those drive the
    // future where it is (`block_on_local` works in every runtime flavour).
    let driver = if s.generic_send {
        "crate::awaitify_runtime::block_on_local"
    } else {
        "crate::awaitify_runtime::block_on!"
    };
    format!(
        "\n\n{indent}/// Sync shim (generated by awaitify): blocks on `{shown}`.\n{cfgs}{indent}{vis}{shim_sig} {{\n{indent}    {driver}({callee}({}))\n{indent}}}",
        args.join(", ")
    )
}

/// How a generated wrapper calls `name` (a sibling of the function `s` describes) with
/// the same arguments: the callee path (`name`, `self.name`, `Self::name`) and the
/// forwarded argument names.
fn forwarded_call<'s>(s: &'s crate::model::FnSummary, name: &str) -> (String, Vec<&'s str>) {
    let args = s
        .params
        .iter()
        .filter(|x| !x.is_receiver)
        .map(|x| x.forward.as_str())
        .collect();
    let has_self = s.params.iter().any(|x| x.is_receiver);
    let callee = match (s.owner, has_self) {
        (Owner::Free, _) => name.to_string(),
        (_, true) => format!("self.{name}"),
        (_, false) => format!("Self::{name}"),
    };
    (callee, args)
}

/// The function's visibility as written, with a trailing space (empty when private).
fn vis_prefix(s: &crate::model::FnSummary) -> String {
    if s.vis.is_empty() {
        String::new()
    } else {
        format!("{} ", s.vis)
    }
}

/// A function that migrates and is `f` under another `#[cfg]` (same module, owner and
/// name).
fn cfg_sibling(a: &Analysis, f: usize) -> Option<usize> {
    let p = a.project;
    let s = p.summary_of(f);
    (0..p.funcs.len()).find(|&g| {
        g != f
            && p.is_reached(g)
            && a.migrates(g)
            // A shim an earlier run left: this branch got its twin in that run.
            && a.twin[g].is_none()
            && p.func_module[g] == p.func_module[f]
            && p.summary_of(g).owner == s.owner
            && p.summary_of(g).name == s.name
    })
}

/// `f`'s async twin under its own `#[cfg]`s, named as its migrating sibling `g`'s async
/// version: it runs `f`'s sync body. `None` for parameters with patterns.
fn cfg_twin(a: &Analysis, f: usize, g: usize, text: &str) -> Option<String> {
    let p = a.project;
    let s = p.summary_of(f);
    if s.params
        .iter()
        .any(|x| !x.is_receiver && x.forward.starts_with("arg"))
    {
        return None;
    }
    let indent = awaitify_core::text::indentation_at(text, s.item_start).to_string();
    let sig = &text[s.sig_start..s.sig_end];
    let at = sig.find("fn ")?;
    let after = sig[at + 3..].trim_start().strip_prefix(s.name.as_str())?;
    let new_name = a.async_name(g);
    let twin_sig = strip_param_mut(&format!("{}async fn {new_name}{after}", &sig[..at]));
    let (callee, args) = forwarded_call(s, &s.name);
    let vis = vis_prefix(s);
    let cfgs: String = s.cfgs.iter().map(|c| format!("{indent}{c}\n")).collect();
    Some(format!(
        "\n\n{indent}/// Async version (generated by awaitify) of this #[cfg] branch, so `{new_name}` exists in every build.\n{cfgs}{indent}{vis}{twin_sig} {{\n{indent}    {callee}({})\n{indent}}}",
        args.join(", ")
    ))
}

fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, ch) in s[open..].char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

fn strip_param_mut(sig: &str) -> String {
    let Some(open) = sig.find('(') else {
        return sig.to_string();
    };
    let Some(close) = matching_paren(sig, open) else {
        return sig.to_string();
    };
    let params = &sig[open + 1..close];
    let mut out = String::new();
    let mut depth = 0i32;
    let mut start_of_param = true;
    let mut i = 0;
    let b = params.as_bytes();
    while i < b.len() {
        let ch = b[i] as char;
        if start_of_param && ch.is_whitespace() {
            out.push(ch);
            i += 1;
            continue;
        }
        if start_of_param && params[i..].starts_with("mut ") && !params[i..].starts_with("mut self")
        {
            i += 4;
            start_of_param = false;
            continue;
        }
        start_of_param = false;
        match ch {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => start_of_param = true,
            _ => {}
        }
        out.push(ch);
        i += 1;
    }
    format!("{}({}){}", &sig[..open], out, &sig[close + 1..])
}

/// Add `tokio` with `features` to a manifest, keeping its formatting and comments.
pub fn add_tokio(manifest: &str, features: &BTreeSet<String>) -> Result<String, String> {
    use toml_edit::{Array, DocumentMut, InlineTable, Item, Value};
    let mut doc: DocumentMut = manifest
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    if doc.get("dependencies").is_none() {
        doc["dependencies"] = toml_edit::table();
    }
    let deps = doc["dependencies"]
        .as_table_like_mut()
        .ok_or("[dependencies] is not a table")?;
    let mut feats: Vec<String> = features.iter().cloned().collect();
    match deps.get_mut("tokio") {
        None => {
            let mut t = InlineTable::new();
            t.insert("version", Value::from("1"));
            let mut arr = Array::new();
            for f in &feats {
                arr.push(f.as_str());
            }
            t.insert("features", Value::Array(arr));
            deps.insert("tokio", Item::Value(Value::InlineTable(t)));
        }
        Some(item) => {
            if let Some(v) = item.as_str().map(str::to_string) {
                let mut t = InlineTable::new();
                t.insert("version", Value::from(v));
                *item = Item::Value(Value::InlineTable(t));
            }
            let tl = item
                .as_table_like_mut()
                .ok_or("tokio dependency is not a table")?;
            let has_full = tl
                .get("features")
                .and_then(|f| f.as_array())
                .is_some_and(|a| a.iter().any(|v| v.as_str() == Some("full")));
            if has_full {
                return Ok(doc.to_string());
            }
            match tl.get_mut("features").and_then(|f| f.as_array_mut()) {
                Some(arr) => {
                    let have: BTreeSet<String> = arr
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect();
                    feats.retain(|f| !have.contains(f));
                    for f in &feats {
                        arr.push(f.as_str());
                    }
                }
                None => {
                    let mut arr = Array::new();
                    for f in &feats {
                        arr.push(f.as_str());
                    }
                    tl.insert("features", Item::Value(Value::Array(arr)));
                }
            }
        }
    }
    Ok(doc.to_string())
}

/// Why a call with an async twin in the catalog runs on the blocking pool instead.
fn no_twin(why: &Option<String>) -> String {
    why.as_ref()
        .map(|w| format!("; not switched to its async twin: {w}"))
        .unwrap_or_default()
}
