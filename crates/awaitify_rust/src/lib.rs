//! The Rust frontend of awaitify.
//!
//! [`project::Project::load`] reads the manifests, parses every file with `syn` (spans from
//! `proc-macro2`'s `span-locations`), follows each target's module tree and indexes items;
//! [`analysis::analyze`] resolves calls (paths through `use` trees, methods through written
//! receiver types, trait methods), builds the core's call graph and propagates blocking
//! taint; [`rewrite::plan`] turns the decisions into text edits. Files are never re-printed:
//! `syn` keeps no comments, so everything outside an edit stays byte for byte.

pub mod analysis;
pub mod extract;
mod imports;
pub mod lint;
pub mod model;
pub mod project;
pub mod rewrite;

pub use analysis::{Analysis, Options, analyze};
pub use project::Project;

use awaitify_core::edit::{self, Edit};
use awaitify_core::graph::EdgeKind;
use awaitify_core::migration::{FileChange, Migration, Problem};

const BOM: &str = "\u{feff}";

fn dir_of(rel: &str) -> &str {
    rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// Apply the analysis: new texts (each re-parsed with `syn`), the runtime helper files,
/// the manifests with `tokio`, and the report.
pub fn migrate(a: &Analysis) -> Migration {
    let p = a.project;
    let plan = rewrite::plan(a);
    let mut changes = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    for (&file, edits) in &plan.edits {
        let pf = &p.files[file];
        let mut edits: Vec<Edit> = edits.clone();
        let result = edit::normalize(&mut edits).and_then(|_| edit::apply(&pf.text, &edits));
        let new = match result {
            Ok(t) => t,
            Err(c) => {
                problems.push(Problem {
                    rel: pf.rel.clone(),
                    line: awaitify_core::text::line_number(&pf.text, c.first.start),
                    col: 1,
                    message: format!("internal: overlapping edits ({c}); file left unchanged"),
                });
                continue;
            }
        };
        if let Err((at, msg)) = extract::extract(&new) {
            proc_macro2::extra::invalidate_current_thread_spans();
            if std::env::var_os("AWAITIFY_DEBUG_UNPARSED").is_some() {
                eprintln!("{new}");
            }
            problems.push(Problem {
                rel: pf.rel.clone(),
                line: awaitify_core::text::line_number(&new, at),
                col: 1,
                message: format!(
                    "internal: the migrated file does not parse ({msg}); file left unchanged"
                ),
            });
            continue;
        }
        proc_macro2::extra::invalidate_current_thread_spans();
        // `use` items the rewrite left unused go, in the wave that rewrites their last use
        // (so a tree that landed that wave has no import left unused by it: resuming
        // from there gives the one-shot result).
        let unused = imports::unused_after(&pf.text, &new);
        let trimmed = imports::trimmed_groups(&pf.text, &new);
        let new = if unused.is_empty() && trimmed.is_empty() {
            new
        } else {
            let last = edits.iter().map(|e| e.tag).max().unwrap_or(0);
            let at_wave = |w: usize| {
                let upto: Vec<Edit> = edits.iter().filter(|e| e.tag <= w).cloned().collect();
                edit::apply(&pf.text, &upto).unwrap_or_default()
            };
            let texts: Vec<String> = (0..=last).map(at_wave).collect();
            let wave_of = |names: &[String]| {
                texts
                    .iter()
                    .position(|t| imports::all_unused(t, names))
                    .unwrap_or(last)
            };
            // Whole imports go (with the blank line after a lone one, unless an insertion
            // lands there); a name dropped from a group goes in the wave that leaves it
            // unused. The first of these sets that applies is kept.
            let with = |wide: bool, groups: bool| {
                let mut w: Vec<Edit> = edits.clone();
                for ((s, e), e_wide, names) in &unused {
                    let end = if wide { *e_wide } else { *e };
                    w.push(Edit::replace(*s, end, "").with_tag(wave_of(names)));
                }
                if groups {
                    for ((s, e), name) in &trimmed {
                        let names = std::slice::from_ref(name);
                        w.push(Edit::replace(*s, *e, "").with_tag(wave_of(names)));
                    }
                }
                w
            };
            let applied = |mut w: Vec<Edit>| {
                edit::normalize(&mut w)
                    .and_then(|_| edit::apply(&pf.text, &w))
                    .map(|t| (w, t))
            };
            match applied(with(true, true))
                .or_else(|_| applied(with(false, true)))
                .or_else(|_| applied(with(false, false)))
            {
                Ok((w, t)) => {
                    edits = w;
                    t
                }
                Err(_) => new,
            }
        };
        let prefix = if pf.bom { BOM } else { "" };
        changes.push(FileChange {
            encoding: Default::default(),
            diff3: Default::default(),
            rel: pf.rel.clone(),
            old: Some(format!("{prefix}{}", pf.text)),
            new: format!("{prefix}{new}"),
            edits,
            wave: 0,
            prefix: prefix.len(),
        });
    }
    for (&root, &wave) in &plan.runtime_roots {
        let rel = format!(
            "{}{}{}.rs",
            dir_of(&p.files[root].rel),
            if dir_of(&p.files[root].rel).is_empty() {
                ""
            } else {
                "/"
            },
            rewrite::RUNTIME_MODULE
        );
        if p.files.iter().any(|f| f.rel == rel) || changes.iter().any(|c: &FileChange| c.rel == rel)
        {
            continue;
        }
        changes.push(FileChange {
            encoding: Default::default(),
            diff3: Default::default(),
            rel,
            old: None,
            new: rewrite::RUNTIME.to_string(),
            edits: Vec::new(),
            wave,
            prefix: 0,
        });
    }
    for (manifest, (features, wave)) in &plan.features {
        let Some((_, text)) = p.manifests.iter().find(|(r, _)| r == manifest) else {
            continue;
        };
        match rewrite::add_tokio(text, features) {
            Ok(new) if new != *text => changes.push(FileChange {
                encoding: Default::default(),
                diff3: Default::default(),
                rel: manifest.clone(),
                old: Some(text.clone()),
                new: new.clone(),
                edits: vec![Edit::replace(0, text.len(), new).with_tag(*wave)],
                wave: *wave,
                prefix: 0,
            }),
            Ok(_) => {}
            Err(e) => problems.push(Problem {
                rel: manifest.clone(),
                line: 1,
                col: 1,
                message: format!("cannot add tokio: {e}"),
            }),
        }
    }
    changes.sort_by(|x, y| x.rel.cmp(&y.rel));
    let mut report = plan.report;
    if let Some((_, (features, _))) = plan.features.iter().next() {
        report.packages.clear();
        report.packages.insert(format!(
            "tokio (features: {})",
            features.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    Migration {
        changes,
        report,
        problems,
    }
}

/// Why `qualname` becomes async (or stays sync): the chain to its blocking calls.
/// One line: why a migrated function becomes async (the blocking call its chain ends in,
/// and the functions in between), for patch messages and `migrate --annotate`.
pub fn reason(a: &Analysis, id: usize) -> String {
    let p = a.project;
    let chain = a.taint.chain(id);
    let through: Vec<String> = chain
        .iter()
        .skip(1)
        .map(|(step, _)| p.qualname(*step))
        .collect();
    let seed = chain.last().map_or(id, |(step, _)| *step);
    let s = p.summary_of(seed);
    let blocking = s
        .calls
        .iter()
        .enumerate()
        .find_map(|(i, c)| match &a.targets[seed][i] {
            analysis::Tgt::Blocking(q) if c.ctx == model::Ctx::Body => {
                Some((q.clone(), a.site_location(seed, c.start)))
            }
            _ => None,
        });
    awaitify_core::migration::reason_line(
        blocking.as_ref().map(|(q, at)| (q.as_str(), at.as_str())),
        &through,
    )
}

pub fn explain(a: &Analysis, qualname: &str) -> Result<String, String> {
    let p = a.project;
    let ids: Vec<usize> = (0..p.funcs.len())
        .filter(|&f| p.is_reached(f) && p.qualname(f) == qualname)
        .collect();
    if ids.is_empty() {
        let all = (0..p.funcs.len())
            .filter(|&f| p.is_reached(f))
            .map(|f| p.qualname(f));
        return Err(awaitify_core::migration::no_such_function(
            qualname, all, "::",
        ));
    }
    let mut out = String::new();
    for id in ids {
        let s = p.summary_of(id);
        if s.is_async {
            out.push_str(&format!(
                "{qualname} ({}) is already async\n",
                a.location(id)
            ));
            continue;
        }
        if !a.migrates(id) {
            match &a.barrier[id] {
                Some(why) => out.push_str(&format!(
                    "{qualname} ({}) stays sync: {why}\n",
                    a.location(id)
                )),
                None => out.push_str(&format!(
                    "{qualname} ({}) stays sync: it reaches no blocking call\n",
                    a.location(id)
                )),
            }
            continue;
        }
        out.push_str(&format!("{qualname} becomes async ({}):\n", a.location(id)));
        for (step, edge) in a.taint.chain(id) {
            out.push_str(&format!("  {}  {}\n", a.location(step), p.qualname(step)));
            match edge {
                Some(EdgeKind::Call(site)) => {
                    let pf = &p.files[site.file];
                    let line = awaitify_core::text::line_number(&pf.text, site.offset);
                    out.push_str(&format!("    calls, at {}:{line}\n", pf.rel));
                }
                Some(EdgeKind::Override) => {
                    out.push_str("    shares a trait method with (trait declaration and impls)\n")
                }
                None => {
                    let s = p.summary_of(step);
                    for (i, c) in s.calls.iter().enumerate() {
                        if c.ctx != model::Ctx::Body {
                            continue;
                        }
                        if let analysis::Tgt::Blocking(q) = &a.targets[step][i]
                            && matches!(
                                a.fixes[step][i],
                                Some(analysis::SiteFix::Twin | analysis::SiteFix::Thread(_))
                            )
                        {
                            let e = a.catalog.blocking(q).expect("catalog");
                            out.push_str(&format!(
                                "    blocks: {q} at {} ({}, family {})\n",
                                a.site_location(step, c.start),
                                e.strategy.as_str(),
                                e.family
                            ));
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}
