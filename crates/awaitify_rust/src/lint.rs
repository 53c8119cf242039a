//! Lint rules for Rust, on the migration engine's project model, call graph and catalog:
//! blocking calls in `async fn`/`async` blocks (direct, and transitive with the chain),
//! guards held across `.await` (AWT109), `block_on`/sync shims inside async code (AWT202),
//! and futures dropped without `.await` (AWT301).

use crate::analysis::{Analysis, Tgt};
use crate::model::*;
use awaitify_core::graph::{NodeFacts, Taint};
use awaitify_core::lint::{Finding, Hop, Suppression, blocking_rule_for_family};
use awaitify_core::text::LineIndex;

/// Lint every function. Returns findings (sorted) and the suppression comments seen.
pub fn lint(a: &Analysis) -> (Vec<Finding>, Vec<Suppression>) {
    let p = a.project;
    let n = p.funcs.len();
    // For lint, every catalog call blocks (review entries too), and nothing is a barrier:
    // the question is only "does this sync function reach blocking code".
    let mut facts = vec![NodeFacts::default(); n];
    for (f, fact) in facts.iter_mut().enumerate() {
        if !p.is_reached(f) {
            continue;
        }
        let s = p.summary_of(f);
        fact.already_async = s.is_async;
        // A closure's blocking call counts for the function that defines it (it usually
        // runs during the call: iterator adapters), unless it is handed to another thread.
        fact.blocking = s.calls.iter().zip(&a.targets[f]).any(|(c, t)| {
            (c.ctx == Ctx::Body || (c.ctx == Ctx::Closure && !c.offloaded))
                && matches!(t, Tgt::Blocking(q) if a.catalog.blocking(q).is_some())
        });
    }
    let reaches = a.graph.propagate(&facts, None);
    // Sync shims: functions whose body runs a `block_on!` (ours) or `block_on(..)`.
    let shim: Vec<bool> = (0..n)
        .map(|f| {
            p.is_reached(f) && {
                let s = p.summary_of(f);
                !s.is_async && crate::analysis::is_shim_body(s)
            }
        })
        .collect();
    let mut findings = Vec::new();
    let mut suppressions = Vec::new();
    for (file, pf) in p.files.iter().enumerate() {
        for (line, codes) in &pf.summary.suppressions {
            suppressions.push(Suppression {
                path: pf.rel.clone(),
                line: *line,
                column: 1,
                codes: if codes.is_empty() {
                    None
                } else {
                    Some(codes.clone())
                },
                ours: true,
            });
        }
        let lines = LineIndex::new(&pf.text);
        let base = p.func_base[file];
        for i in 0..pf.summary.functions.len() {
            let f = base + i;
            if !p.is_reached(f) {
                continue;
            }
            lint_fn(a, f, &lines, &reaches, &shim, &mut findings);
        }
    }
    findings.sort_by(|x, y| {
        (&x.path, x.line, x.column, &x.code).cmp(&(&y.path, y.line, y.column, &y.code))
    });
    (findings, suppressions)
}

fn lint_fn(
    a: &Analysis,
    f: usize,
    lines: &LineIndex,
    reaches: &Taint,
    shim: &[bool],
    out: &mut Vec<Finding>,
) {
    let p = a.project;
    let s = p.summary_of(f);
    let pf = &p.files[p.file_of(f)];
    let src = &pf.text;
    let finding = |code: &str, message: String, start: usize, end: usize| {
        Finding::at(
            code,
            message,
            &pf.rel,
            src,
            lines,
            start,
            end,
            p.qualname(f),
        )
    };
    let hop = |g: usize| Hop {
        path: p.files[p.file_of(g)].rel.clone(),
        line: awaitify_core::text::line_number(
            &p.files[p.file_of(g)].text,
            p.summary_of(g).ident_start,
        ),
        name: p.qualname(g),
    };
    let in_async = |ctx: Ctx| match ctx {
        Ctx::Body => s.is_async,
        Ctx::AsyncBlock => true,
        _ => false,
    };
    for (c, t) in s.calls.iter().zip(&a.targets[f]) {
        let callee =
            awaitify_core::text::one_line(&src[c.head_start.min(c.name_start)..c.name_end]);
        match t {
            Tgt::Blocking(q) if in_async(c.ctx) => {
                let e = a.catalog.blocking(q).expect("catalog");
                let advice = match (&e.replacement, &e.note) {
                    (Some(r), _) => format!(
                        "use `{}.await`",
                        r.replace("{args}", "..").replace("{recv}", "")
                    ),
                    (None, Some(n)) => n.clone(),
                    (None, None) => "use `tokio::task::spawn_blocking`".into(),
                };
                out.push(finding(
                    blocking_rule_for_family(&e.family),
                    format!("blocking call `{q}` in async code stalls the runtime's worker thread; {advice}"),
                    c.start,
                    c.end,
                ));
            }
            // A closure called from async code runs on the runtime's thread too (iterator
            // adapters, callbacks), unless it is handed to spawn_blocking or a thread.
            Tgt::Blocking(q) if c.ctx == Ctx::Closure && !c.offloaded && s.is_async => {
                let e = a.catalog.blocking(q).expect("catalog");
                out.push(finding(
                    blocking_rule_for_family(&e.family),
                    format!(
                        "blocking call `{q}` in a closure inside an async fn stalls the runtime's worker thread when the closure runs there; compute the values before it, or run it in `tokio::task::spawn_blocking`"
                    ),
                    c.start,
                    c.end,
                ));
            }
            Tgt::Func(g) if in_async(c.ctx) => {
                let g = *g;
                let gs = p.summary_of(g);
                if shim[g] {
                    out.push(finding(
                        "AWT202",
                        format!(
                            "`{}` is a sync shim (it blocks on a future): in async code, await the async version instead",
                            p.qualname(g)
                        ),
                        c.start,
                        c.end,
                    ));
                } else if !gs.is_async && reaches.is_async(g) {
                    let chain: Vec<usize> = reaches.chain(g).into_iter().map(|(h, _)| h).collect();
                    let last = *chain.last().unwrap_or(&g);
                    let blocking =
                        blocking_call_of(a, last).unwrap_or_else(|| "a blocking call".into());
                    let mut f0 = finding(
                        "AWT201",
                        format!(
                            "`{callee}` blocks: it reaches `{blocking}` through {} call(s); make the chain async (`awaitify migrate`) or use spawn_blocking",
                            chain.len()
                        ),
                        c.start,
                        c.end,
                    );
                    f0.chain = chain.iter().map(|&h| hop(h)).collect();
                    out.push(f0);
                }
                if gs.is_async && !c.awaited && c.discarded {
                    out.push(finding(
                        "AWT301",
                        format!("the future returned by `{callee}` is dropped without `.await`: it never runs"),
                        c.start,
                        c.end,
                    ));
                }
            }
            Tgt::Func(g) if p.summary_of(*g).is_async && !c.awaited && c.discarded => {
                out.push(finding(
                    "AWT301",
                    format!("the future returned by `{callee}` is dropped without `.await`: it never runs"),
                    c.start,
                    c.end,
                ));
            }
            Tgt::External(q) | Tgt::Unknown(q)
                if in_async(c.ctx)
                    && (q.ends_with("::block_on") || q == ".block_on()")
                    && !q.contains("awaitify_runtime") =>
            {
                out.push(finding(
                    "AWT202",
                    format!("`{callee}` blocks the worker thread until the future completes (and panics inside a runtime); `.await` the future instead"),
                    c.start,
                    c.end,
                ));
            }
            _ => {}
        }
    }
    // Guards held across an await.
    for (l, local) in s.locals.iter().enumerate() {
        let Some(kind) = &local.guard else { continue };
        if !in_async(local.ctx) {
            continue;
        }
        let dropped_at = s.dropped_at(l);
        if let Some(&(at, _)) = s
            .awaits
            .iter()
            .filter(|(at, ctx)| {
                *at > local.decl && *at < local.scope_end && *at < dropped_at && in_async(*ctx)
            })
            .min_by_key(|(at, _)| *at)
        {
            let what = match kind.as_str() {
                "borrow" | "borrow_mut" => "a RefCell borrow",
                "lock" => "a mutex guard",
                _ => "a lock guard",
            };
            let mut f0 = finding(
                "AWT109",
                format!(
                    "`{}` ({what} from `.{kind}()`) is held across this `.await`: the future is not Send and other tasks contending for it deadlock or panic; drop it before awaiting, or use tokio::sync::Mutex",
                    local.name
                ),
                at.saturating_sub(6),
                at,
            );
            let decl_line = awaitify_core::text::line_number(src, local.decl);
            f0.chain = vec![Hop {
                path: pf.rel.clone(),
                line: decl_line,
                name: format!("{} acquired", local.name),
            }];
            out.push(f0);
        }
    }
}

/// The first blocking call a function makes itself.
fn blocking_call_of(a: &Analysis, f: usize) -> Option<String> {
    let s = a.project.summary_of(f);
    s.calls
        .iter()
        .zip(&a.targets[f])
        .find_map(|(c, t)| match t {
            Tgt::Blocking(q) if c.ctx == Ctx::Body || (c.ctx == Ctx::Closure && !c.offloaded) => {
                Some(q.clone())
            }
            _ => None,
        })
}
