//! `awaitify graph`: the resolved call graph as data, so users (and our tests) can see what
//! resolution found. Nodes are functions and modules by qualified name, with their facts;
//! edges are call sites (with how each was resolved) and override families; call sites
//! nothing was found for are listed with the reason. JSON (schema version 1, in README)
//! or Graphviz DOT with the migration waves coloured.

use crate::analysis::Analysis;
use crate::model::{Ref, SiteKind};
use crate::resolve::{Target, Value};
use awaitify_core::graph::EdgeKind;
use serde_json::{Value as Json, json};
use std::collections::BTreeSet;

pub const SCHEMA_VERSION: u32 = 1;

/// The graph as JSON (see README, "awaitify graph").
pub fn to_json(a: &Analysis) -> Json {
    let idx = &a.index;
    let mut nodes = vec![];
    for (file, s) in idx.summaries.iter().enumerate() {
        nodes.push(json!({
            "id": module_id(&s.name),
            "kind": "module",
            "path": a.rels[file],
            "line": 1,
        }));
    }
    for id in 0..idx.funcs.len() {
        let (s, f) = idx.func(id);
        let file = idx.funcs[id].0;
        let blocking_calls: Vec<Json> = s
            .sites
            .iter()
            .zip(&a.resolved[file])
            .filter(|(site, _)| site.func == Some(idx.funcs[id].1) && !site.sync_code())
            .flat_map(|(site, res)| {
                res.targets.iter().filter_map(move |t| match t {
                    Target::Blocking(q) => Some(json!({
                        "callee": q, "path": a.rels[file], "line": site.line,
                    })),
                    _ => None,
                })
            })
            .collect();
        nodes.push(json!({
            "id": idx.qualname(id),
            "kind": "function",
            "path": a.rels[file],
            "line": f.line,
            "async": f.is_async,
            "blocking": a.facts[id].blocking,
            "blocking_calls": blocking_calls,
            "barrier": a.barrier[id],
            "migrates": a.migrates(id),
            "wave": a.waves[id],
        }));
    }
    let mut edges = vec![];
    let mut unresolved = vec![];
    for (file, s) in idx.summaries.iter().enumerate() {
        for (site, res) in s.sites.iter().zip(&a.resolved[file]) {
            let from = match site.func {
                Some(f) => idx.qualname(idx.func_id(file, f)),
                None => module_id(&s.name),
            };
            let funcs: Vec<usize> = res.funcs().collect();
            // `@deco` applies (calls) the decorator when the definition runs.
            let applies_decorator = site.kind == SiteKind::Value
                && s.functions.iter().any(|f| {
                    f.decorators
                        .iter()
                        .any(|d| d.start < site.start && site.end == d.end && !d.is_call)
                });
            for g in &funcs {
                let kind = match site.kind {
                    SiteKind::Call => "call",
                    SiteKind::With => "with",
                    SiteKind::Iter => "for",
                    SiteKind::Value if applies_decorator => "call",
                    SiteKind::Value => "value",
                };
                let traced = a
                    .evidence
                    .as_ref()
                    .is_some_and(|ev| ev.added.contains_key(&(file, site.start, *g)));
                let how = if applies_decorator {
                    "direct"
                } else if traced {
                    "evidence"
                } else {
                    res.how.as_str()
                };
                edges.push(json!({
                    "from": from,
                    "to": idx.qualname(*g),
                    "path": a.rels[file],
                    "line": site.line,
                    "kind": kind,
                    "how": how,
                }));
            }
            let unknown = site.kind == SiteKind::Call
                && res.targets.iter().all(|t| matches!(t, Target::Unknown));
            if unknown {
                let text = site
                    .call
                    .as_ref()
                    .map_or("", |c| &a.texts[file][c.callee_range.0..c.callee_range.1]);
                unresolved.push(json!({
                    "from": from,
                    "path": a.rels[file],
                    "line": site.line,
                    "callee": text,
                    "reason": unresolved_reason(a, file, &site.target),
                }));
            }
        }
    }
    // Override families (a method and the one it overrides) share a colour.
    for id in 0..idx.funcs.len() {
        for (other, e) in a.graph.callees(id) {
            if e == EdgeKind::Override && id < other {
                edges.push(json!({
                    "from": idx.qualname(id),
                    "to": idx.qualname(other),
                    "kind": "override",
                    "how": "dispatch",
                }));
            }
        }
    }
    json!({
        "version": SCHEMA_VERSION,
        "language": "python",
        "nodes": nodes,
        "edges": edges,
        "unresolved": unresolved,
    })
}

/// The calls in `async def` bodies that nothing was resolved for (`path:line: callee
/// (why)`): a blocking call behind one of them cannot be reported (`lint -v`).
pub fn unresolved_async_calls(a: &Analysis) -> Vec<String> {
    let idx = &a.index;
    let mut out = vec![];
    for (file, s) in idx.summaries.iter().enumerate() {
        for (site, res) in s.sites.iter().zip(&a.resolved[file]) {
            let in_async = site
                .func
                .is_some_and(|f| s.functions[f].is_async && !site.sync_code());
            if !in_async
                || site.kind != SiteKind::Call
                || !res.targets.iter().all(|t| matches!(t, Target::Unknown))
            {
                continue;
            }
            let callee = site
                .call
                .as_ref()
                .map_or("", |c| &a.texts[file][c.callee_range.0..c.callee_range.1]);
            out.push(format!(
                "{}:{}: `{}` ({})",
                a.rels[file],
                site.line,
                awaitify_core::text::one_line(callee),
                unresolved_reason(a, file, &site.target)
            ));
        }
    }
    out
}

fn module_id(name: &str) -> String {
    if name.is_empty() {
        "<module>".to_string()
    } else {
        name.to_string()
    }
}

/// Why a call resolved to nothing, in a few words.
fn unresolved_reason(a: &Analysis, file: usize, r: &Ref) -> String {
    crate::types::reset_budget();
    match r {
        Ref::Attr(base, attr) => match a.index.eval(file, base, &mut None, 0) {
            Value::Unknown => "the receiver's type is unknown".into(),
            Value::Instance(c) | Value::Class(c) => {
                format!(
                    "`{attr}` is not defined on `{}` or its in-repo bases",
                    a.index.class(c).1.qualname
                )
            }
            Value::Module(m) => format!("`{attr}` is not defined in module `{m}`"),
            _ => "the receiver is not something awaitify follows".into(),
        },
        Ref::Name(n, _) => format!("`{n}` is bound to a value awaitify cannot follow"),
        Ref::Call(_) => "calls the result of a call whose return type is unknown".into(),
        _ => "the callee is an expression awaitify does not follow".into(),
    }
}

/// The graph in Graphviz DOT: functions by wave colour, blocking leaves marked, barriers
/// grey, modules as boxes.
pub fn to_dot(a: &Analysis) -> String {
    const COLOURS: &[&str] = &[
        "#fde0dd", "#fcc5c0", "#fa9fb5", "#f768a1", "#dd3497", "#ae017e", "#7a0177",
    ];
    let g = to_json(a);
    let mut out = String::from(
        "digraph awaitify {\n  rankdir=LR;\n  node [shape=ellipse, style=filled, fillcolor=white, fontname=\"Helvetica\"];\n",
    );
    let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut used = BTreeSet::new();
    for e in g["edges"].as_array().into_iter().flatten() {
        used.insert(e["from"].as_str().unwrap_or("").to_string());
        used.insert(e["to"].as_str().unwrap_or("").to_string());
    }
    for n in g["nodes"].as_array().into_iter().flatten() {
        let id = n["id"].as_str().unwrap_or("");
        let interesting = n["migrates"].as_bool() == Some(true)
            || n["blocking"].as_bool() == Some(true)
            || used.contains(id);
        if !interesting {
            continue;
        }
        let mut attrs = vec![];
        if n["kind"] == "module" {
            attrs.push("shape=box".to_string());
        }
        if let Some(w) = n["wave"].as_u64() {
            attrs.push(format!(
                "fillcolor={}",
                q(COLOURS[(w as usize).min(COLOURS.len() - 1)])
            ));
            attrs.push(format!("xlabel={}", q(&format!("wave {w}"))));
        } else if !n["barrier"].is_null() {
            attrs.push("fillcolor=\"#dddddd\"".to_string());
        }
        if n["blocking"].as_bool() == Some(true) {
            attrs.push("peripheries=2".to_string());
        }
        out.push_str(&format!("  {} [{}];\n", q(id), attrs.join(", ")));
    }
    for e in g["edges"].as_array().into_iter().flatten() {
        let style = if e["kind"] == "override" {
            ", style=dashed, dir=none"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {} -> {} [label={}{style}];\n",
            q(e["from"].as_str().unwrap_or("")),
            q(e["to"].as_str().unwrap_or("")),
            q(e["how"].as_str().unwrap_or("")),
        ));
    }
    out.push_str("}\n");
    out
}
