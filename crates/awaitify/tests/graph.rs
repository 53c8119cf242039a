//! Call-graph cases in `testdata/python/graph/<case>/`: `before/` is a small project and
//! `expected.json` the edges Python's semantics give, written by hand (not from our
//! output): every listed edge must be in `awaitify graph`'s output, every `absent_edges`
//! entry must not be, `migrates`/`stays_sync` name what the migration decides, and
//! `known_gaps.edges` are edges we know resolution does not find yet (the test fails
//! when one starts being found, so it moves into `edges`).

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;

type Key = (String, String, String, String);

fn key(e: &Value) -> Key {
    let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
    (s("from"), s("to"), s("kind"), s("how"))
}

fn list<'a>(v: &'a Value, k: &str) -> impl Iterator<Item = &'a Value> {
    v[k].as_array().into_iter().flatten()
}

#[test]
fn graph_cases_match_hand_written_expectations() {
    let root = repo_root().join("testdata/python/graph");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 6, "graph cases missing");
    let mut failures = vec![];
    for dir in cases {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let out = bin()
            .args(["graph", "--format", "json"])
            .arg(dir.join("before"))
            .output()
            .unwrap();
        let (stdout, stderr, code) = text(&out);
        assert_eq!(code, 0, "{name}: {stderr}");
        let graph: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(graph["version"], 1);
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let edges: BTreeSet<Key> = list(&graph, "edges").map(key).collect();
        let nodes: std::collections::BTreeMap<String, &Value> = list(&graph, "nodes")
            .map(|n| (n["id"].as_str().unwrap().to_string(), n))
            .collect();
        for e in list(&expected, "edges") {
            if !edges.contains(&key(e)) {
                failures.push(format!("{name}: missing edge {:?}", key(e)));
            }
        }
        for e in list(&expected, "absent_edges") {
            if edges.contains(&key(e)) {
                failures.push(format!("{name}: unexpected edge {:?}", key(e)));
            }
        }
        for e in list(&expected["known_gaps"], "edges") {
            if edges.contains(&key(e)) {
                failures.push(format!(
                    "{name}: known gap now found, move it to `edges`: {:?}",
                    key(e)
                ));
            }
        }
        for q in list(&expected, "migrates") {
            let q = q.as_str().unwrap();
            if nodes.get(q).and_then(|n| n["migrates"].as_bool()) != Some(true) {
                failures.push(format!("{name}: `{q}` should migrate"));
            }
        }
        for q in list(&expected, "stays_sync") {
            let q = q.as_str().unwrap();
            match nodes.get(q) {
                None => failures.push(format!("{name}: no node `{q}`")),
                Some(n) if n["migrates"].as_bool() == Some(true) => {
                    failures.push(format!("{name}: `{q}` should stay sync"))
                }
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn dot_output_colours_waves_and_marks_blocking_leaves() {
    let dir = repo_root().join("testdata/python/graph/mro/before");
    let out = bin()
        .args(["graph", "--format", "dot"])
        .arg(&dir)
        .output()
        .unwrap();
    let (dot, err, code) = text(&out);
    assert_eq!(code, 0, "{err}");
    assert!(dot.starts_with("digraph awaitify {"), "{dot}");
    assert!(dot.trim_end().ends_with('}'));
    // B.m blocks and migrates in the first wave; the override edge is dashed.
    let b = dot
        .lines()
        .find(|l| l.trim_start().starts_with("\"shapes.render.B.m\" ["))
        .unwrap_or_else(|| panic!("no node for B.m:\n{dot}"));
    assert!(
        b.contains("fillcolor=") && b.contains("wave 0") && b.contains("peripheries=2"),
        "{b}"
    );
    assert!(dot.contains("style=dashed"), "override edges are dashed");
    assert!(
        dot.contains("-> \"shapes.render.B.m\" [label=\"dispatch\"]"),
        "{dot}"
    );
}
