//! Runtime evidence, end to end with real interpreters: `awaitify trace` runs Python
//! commands under the shipped tracer, and `migrate`/`explain`/`lint --evidence` use what it
//! recorded. Nothing is mocked: the traced programs, their pytest suites and the migrated
//! code run on real `python3`.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn case(name: &str) -> PathBuf {
    repo_root().join("testdata/python/evidence").join(name)
}

/// A scratch copy of an evidence case.
fn scratch(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join(name);
    copy_tree(&case(name), &work);
    (tmp, work)
}

fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    text(
        &bin()
            .args(args)
            .current_dir(dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .output()
            .unwrap(),
    )
}

fn trace_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn pytest(dir: &Path) -> (String, bool) {
    let out = Command::new(python())
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .current_dir(dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap();
    (
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        out.status.success(),
    )
}

/// The traced edges as `caller -> callee` qualified names.
fn edges(t: &Value) -> Vec<String> {
    let f = t["functions"].as_array().unwrap();
    t["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let q = |i: &Value| {
                f[i.as_u64().unwrap() as usize]["qualname"]
                    .as_str()
                    .unwrap()
            };
            format!("{} -> {}", q(&e["caller"]), q(&e["callee"]))
        })
        .collect()
}

#[test]
fn a_trace_of_the_tests_fills_a_gap_static_resolution_leaves() {
    let (_tmp, work) = scratch("plugins");
    let (before, ok) = pytest(&work);
    assert!(ok, "the case's suite fails before migration:\n{before}");

    // Static alone: the backend is loaded by a dotted path, so `self.backend.read(key)`
    // resolves to nothing and the service stays sync.
    let (diff, summary, code) = run(&work, &["migrate", "."]);
    assert_eq!(code, 0, "{summary}");
    assert!(!diff.contains("async def async_get"), "{diff}");
    assert!(summary.contains("2 function(s) made async"), "{summary}");

    // Trace the case's own tests with the test interpreter.
    let py = python();
    let (_, err, code) = run(
        &work,
        &[
            "trace",
            "-o",
            "trace.json",
            "--",
            py.to_str().unwrap(),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote trace.json"), "{err}");
    let t = trace_json(&work.join("trace.json"));
    assert_eq!(t["schema_version"], 1);
    assert_eq!(t["exit_code"], 0);
    let e = edges(&t);
    assert!(
        e.contains(&"Service.get -> DiskBackend.read".to_string()),
        "{e:?}"
    );
    assert!(
        e.contains(&"Service.put -> DiskBackend.write".to_string()),
        "{e:?}"
    );
    // Class bodies and module code are not functions.
    let names: Vec<&str> = t["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["qualname"].as_str().unwrap())
        .collect();
    assert!(
        !names.contains(&"DiskBackend") && !names.contains(&"<module>"),
        "{names:?}"
    );
    let sleeps: Vec<&Value> = t["blocking"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["callable"] == "time.sleep")
        .collect();
    assert_eq!(sleeps.len(), 2, "{sleeps:?}");
    assert!(sleeps.iter().all(|b| b["seconds"].as_f64().unwrap() > 0.0));
    assert!(t["files"]["store/service.py"].as_str().unwrap().len() == 64);

    // With the trace: the service migrates, awaiting the backend's async method.
    let (diff, summary, code) = run(&work, &["migrate", ".", "--evidence", "trace.json"]);
    assert_eq!(code, 0, "{summary}");
    // What a reviewer reads (the runtime helper's new file left out).
    let reviewed = &diff[diff.find("diff --git a/store/backends.py").unwrap_or(0)..];
    insta::assert_snapshot!("plugins_with_evidence", reviewed);
    assert!(
        summary.contains("4 call edge(s) and 0 blocking call(s) added to the static graph"),
        "{summary}"
    );
    assert!(
        summary.contains("2 function(s) made async through a traced hop"),
        "{summary}"
    );
    let (out, err, code) = run(
        &work,
        &[
            "explain",
            ".",
            "store.service.Service.get",
            "--evidence",
            "trace.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("calls, at store/service.py:14 (traced, 2 calls)"),
        "{out}"
    );
    assert!(
        out.contains("blocks: time.sleep at store/backends.py:19"),
        "{out}"
    );
    assert!(out.contains("(static, 4 calls"), "{out}");

    // `graph` shows the traced edges as such.
    let (out, err, code) = run(&work, &["graph", ".", "--evidence", "trace.json"]);
    assert_eq!(code, 0, "{err}");
    let g: Value = serde_json::from_str(&out).unwrap();
    let traced: Vec<String> = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["how"] == "evidence")
        .map(|e| format!("{} -> {} :{}", e["from"], e["to"], e["line"]))
        .collect();
    assert!(
        traced.contains(
            &"\"store.service.Service.get\" -> \"store.backends.DiskBackend.read\" :14".to_string()
        ),
        "{traced:?}"
    );
    assert_eq!(traced.len(), 4, "{traced:?}");

    // Applied, the case's unchanged tests pass through the shims.
    let (_, summary, code) = run(
        &work,
        &["migrate", ".", "--evidence", "trace.json", "--write"],
    );
    assert_eq!(code, 0, "{summary}");
    let (after, ok) = pytest(&work);
    assert!(ok, "the suite fails after migration:\n{after}");
    assert!(after.contains("2 passed"), "{after}");
    // And a second run changes nothing (the trace still fits: matched by name).
    let (diff, summary, code) = run(&work, &["migrate", ".", "--evidence", "trace.json"]);
    assert_eq!((code, diff.as_str()), (0, ""), "{summary}");
}

#[test]
fn a_trace_that_no_longer_fits_is_refused_and_moved_lines_still_fit() {
    let (_tmp, work) = scratch("plugins");
    let py = python();
    let (_, err, code) = run(
        &work,
        &[
            "trace",
            "-o",
            "t.json",
            "--",
            py.to_str().unwrap(),
            "-c",
            "from store.service import Service; s = Service(); s.put('a', 1); s.get('a')",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // Lines move (a comment above): the trace is matched by qualified name and still fits.
    let service = work.join("store/service.py");
    let text = std::fs::read_to_string(&service).unwrap();
    std::fs::write(&service, format!("# moved down\n# by two lines\n{text}")).unwrap();
    let (diff, summary, code) = run(&work, &["migrate", ".", "--evidence", "t.json"]);
    assert_eq!(code, 0, "{summary}");
    assert!(
        diff.contains("value = await self.backend.async_read(key)"),
        "{diff}"
    );
    // The traced method is renamed: the trace no longer fits, and says so in one line.
    std::fs::write(&service, text.replace("def get(", "def fetch(")).unwrap();
    let (_, err, code) = run(&work, &["migrate", ".", "--evidence", "t.json"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("t.json no longer fits store/service.py: `Service.get` (traced at line 13) is not defined there any more"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    // Not a trace at all: a clear error naming the file and position.
    std::fs::write(
        work.join("bad.json"),
        "{\"schema_version\": 1, \"tool\": 3}",
    )
    .unwrap();
    let (_, err, code) = run(&work, &["migrate", ".", "--evidence", "bad.json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.json:1:"), "{err}");
    assert!(err.contains("malformed trace"), "{err}");
}

/// Interpreters on this machine by version (PATH, then pyenv's), for the tracer's two
/// hooks: `sys.setprofile` (3.9-3.11) and `sys.monitoring` (3.12+).
fn interpreters() -> Vec<(String, PathBuf)> {
    let mut found = vec![];
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    for v in ["3.9", "3.10", "3.11", "3.12", "3.13"] {
        let mut candidates = vec![PathBuf::from(format!("python{v}"))];
        if let Ok(dir) = std::fs::read_dir(home.join(".pyenv/versions")) {
            for e in dir.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(&format!("{v}.")) {
                    candidates.push(e.path().join(format!("bin/python{v}")));
                }
            }
        }
        if let Some(p) = candidates.into_iter().find(|p| {
            Command::new(p)
                .args(["-c", "import sys"])
                .output()
                .is_ok_and(|o| o.status.success())
        }) {
            found.push((v.to_string(), p));
        }
    }
    found
}

#[test]
fn both_tracer_hooks_on_every_interpreter_here_record_the_same_edges() {
    let found = interpreters();
    let missing: Vec<&str> = ["3.9", "3.10", "3.11", "3.12", "3.13"]
        .into_iter()
        .filter(|v| !found.iter().any(|(f, _)| f == v))
        .collect();
    // Visible in the test output (`cargo test -- --nocapture`) and in scripts/test's log.
    eprintln!(
        "tracer tested on Python {}; not on this machine, skipped: {}",
        found
            .iter()
            .map(|(v, _)| v.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        if missing.is_empty() {
            "none".to_string()
        } else {
            missing.join(", ")
        }
    );
    assert!(!found.is_empty(), "no python3.9-3.13 found");
    let (_tmp, work) = scratch("plugins");
    let script = "from store.service import Service; s = Service(); s.put('a', 1); s.get('a')";
    for (v, py) in &found {
        let minor: u32 = v[2..].parse().unwrap();
        let hooks: &[&str] = if minor >= 12 {
            &["monitoring", "setprofile"]
        } else {
            &["setprofile"]
        };
        for hook in hooks {
            let out = format!("t-{v}-{hook}.json");
            let (_, err, code) = run(
                &work,
                &[
                    "trace",
                    "--backend",
                    hook,
                    "-o",
                    &out,
                    "--",
                    py.to_str().unwrap(),
                    "-c",
                    script,
                ],
            );
            assert_eq!(code, 0, "{v} {hook}: {err}");
            let t = trace_json(&work.join(&out));
            assert_eq!(t["processes"][0]["backend"], *hook, "{v}");
            let e = edges(&t);
            // Before 3.11 code objects carry no qualified name: the bare one is recorded.
            let (get, read) = if minor >= 11 {
                ("Service.get", "DiskBackend.read")
            } else {
                ("get", "read")
            };
            assert!(e.contains(&format!("{get} -> {read}")), "{v} {hook}: {e:?}");
            let b = &t["blocking"];
            assert!(
                b.as_array()
                    .unwrap()
                    .iter()
                    .any(|b| b["callable"] == "time.sleep" && b["count"].as_u64() == Some(2)),
                "{v} {hook}: {b}"
            );
            let (diff, summary, code) = run(&work, &["migrate", ".", "--evidence", &out]);
            assert_eq!(code, 0, "{v} {hook}: {summary}");
            assert!(
                diff.contains("value = await self.backend.async_read(key)"),
                "{v} {hook}: {diff}"
            );
        }
    }
}

#[test]
fn subprocesses_are_followed_and_a_non_python_command_is_reported() {
    let (_tmp, work) = scratch("plugins");
    let py = python();
    let child = "from store.service import Service; Service().get('a')";
    let parent = format!(
        "import subprocess, sys; from store.service import Service; Service().put('b', 2); \
         subprocess.run([sys.executable, '-c', {child:?}], check=True)"
    );
    let (_, err, code) = run(
        &work,
        &[
            "trace",
            "-o",
            "t.json",
            "--",
            py.to_str().unwrap(),
            "-c",
            &parent,
        ],
    );
    assert_eq!(code, 0, "{err}");
    let t = trace_json(&work.join("t.json"));
    assert_eq!(
        t["processes"].as_array().unwrap().len(),
        2,
        "{}",
        t["processes"]
    );
    let e = edges(&t);
    assert!(
        e.iter()
            .any(|e| e.ends_with("Service.get -> DiskBackend.read")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|e| e.ends_with("Service.put -> DiskBackend.write")),
        "{e:?}"
    );

    // multiprocessing's forked workers write their parts too (they leave through
    // os._exit); tracing again to the same file replaces it.
    let pool = "import multiprocessing as mp, time\n\
                from store.service import Service\n\
                def work(k):\n    return Service().get(k)\n\
                if __name__ == '__main__':\n\
                \x20   p = mp.get_context('fork').Pool(2)\n\
                \x20   print(p.map(work, ['a', 'b', 'c']))\n\
                \x20   p.close(); p.join()\n";
    std::fs::write(work.join("pool.py"), pool).unwrap();
    let (_, err, code) = run(
        &work,
        &[
            "trace",
            "-o",
            "t.json",
            "--",
            py.to_str().unwrap(),
            "pool.py",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let t = trace_json(&work.join("t.json"));
    assert_eq!(
        t["processes"].as_array().unwrap().len(),
        3,
        "{}",
        t["processes"]
    );
    let sleeps: u64 = t["blocking"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["callable"] == "time.sleep")
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(sleeps, 3, "{}", t["blocking"]);

    // The command's exit code is awaitify's; a command that is not Python says so.
    let (_, err, code) = run(
        &work,
        &["trace", "-o", "t2.json", "--", "sh", "-c", "exit 3"],
    );
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("no Python process was traced"), "{err}");
}

#[test]
fn measured_cost_orders_the_waves_and_top_migrates_the_costliest_path_only() {
    let (_tmp, work) = scratch("ranking");
    let py = python();
    let (_, err, code) = run(
        &work,
        &[
            "trace",
            "-o",
            "t.json",
            "--",
            py.to_str().unwrap(),
            "-m",
            "jobs.run",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // Static alone: both leaves land in wave 1.
    let (_, summary, code) = run(&work, &["migrate", "."]);
    assert_eq!(code, 0, "{summary}");
    assert!(
        summary.contains("jobs.tasks.fetch_rates (wave 1,"),
        "{summary}"
    );
    assert!(
        summary.contains("jobs.tasks.build_archive (wave 1,"),
        "{summary}"
    );

    let (_, summary, code) = run(
        &work,
        &[
            "migrate",
            ".",
            "--evidence",
            "t.json",
            "--patch-dir",
            "waves",
        ],
    );
    assert_eq!(code, 0, "{summary}");
    let first = summary
        .lines()
        .skip_while(|l| !l.contains("function(s) made async"))
        .nth(1)
        .unwrap_or_default();
    assert!(
        first.contains("jobs.tasks.build_archive (wave 1"),
        "{summary}"
    );
    let paths = summary
        .split("costliest blocking paths (measured):\n")
        .nth(1)
        .unwrap_or_default();
    let top = paths.lines().next().unwrap_or_default();
    assert!(
        top.contains("1. ")
            && top.ends_with(
                "jobs.run.main -> jobs.tasks.nightly_backup -> jobs.tasks.build_archive"
            ),
        "{summary}"
    );
    let p1 = std::fs::read_to_string(work.join("waves/0001-awaitify-wave-1.patch")).unwrap();
    assert!(p1.contains("+async def async_build_archive(name):"), "{p1}");
    assert!(!p1.contains("async def async_fetch_rates"), "{p1}");
    // Every prefix still works: apply the patches one by one and run the job each time.
    let mut patches: Vec<PathBuf> = std::fs::read_dir(work.join("waves"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    patches.sort();
    assert!(patches.len() >= 3, "{patches:?}");
    let applied = work.join("applied");
    copy_tree(&case("ranking"), &applied);
    for p in &patches {
        apply_patch(&applied, p);
        let out = Command::new(&py)
            .args(["-m", "jobs.run"])
            .current_dir(&applied)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            p.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // --top 1: only what the costliest path needs.
    let (diff, summary, code) = run(
        &work,
        &["migrate", ".", "--evidence", "t.json", "--top", "1"],
    );
    assert_eq!(code, 0, "{summary}");
    assert!(summary.contains("3 function(s) made async"), "{summary}");
    assert!(diff.contains("async def async_build_archive"), "{diff}");
    assert!(!diff.contains("async def async_fetch_rates"), "{diff}");
    let (_, err, code) = run(&work, &["migrate", ".", "--top", "1"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--evidence"), "{err}");
}

#[test]
fn the_loop_watch_reports_a_blocking_call_static_rules_cannot_see() {
    let (_tmp, work) = scratch("loopwatch");
    let py = python();
    // Statically clean: the blocking call is looked up with getattr.
    let (out, _, code) = run(&work, &["lint", "--exit-zero"]);
    assert_eq!(code, 0);
    assert!(out.contains("All checks passed!"), "{out}");

    let (_, err, code) = run(
        &work,
        &[
            "trace",
            "--loop-watch",
            "20",
            "-o",
            "t.json",
            "--",
            py.to_str().unwrap(),
            "app.py",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let t = trace_json(&work.join("t.json"));
    let blocks = t["loop_blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 1, "{blocks:?}");
    assert!(blocks[0]["seconds"].as_f64().unwrap() >= 0.05, "{blocks:?}");
    assert_eq!(blocks[0]["callback"], "task handle_report");
    let (out, _, code) = run(&work, &["lint", "--evidence", "t.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("app.py:12:5: AWT204 the event loop was blocked here for"),
        "{out}"
    );
    assert!(out.contains("while `task handle_report` ran"), "{out}");
    assert!(out.contains("app.handle_report (app.py:17)"), "{out}");
    let (json, _, _) = run(&work, &["lint", "--evidence", "t.json", "--format", "json"]);
    let j: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(j["findings"].as_array().unwrap().len(), 1, "{json}");
    assert_eq!(
        j["findings"][0]["chain"][1]["name"], "app.handle_report",
        "{json}"
    );

    // A clean run of the same app: nothing held the loop.
    let (_, err, code) = run(
        &work,
        &[
            "trace",
            "--loop-watch",
            "20",
            "-o",
            "clean.json",
            "--",
            py.to_str().unwrap(),
            "app.py",
            "--clean",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        trace_json(&work.join("clean.json"))["loop_blocks"],
        Value::Array(vec![])
    );
    let (out, _, code) = run(&work, &["lint", "--evidence", "clean.json"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn lint_follows_traced_edges_and_threads_and_other_roots_are_traced() {
    let (_tmp, work) = scratch("plugins");
    let service = work.join("store/service.py");
    let mut text = std::fs::read_to_string(&service).unwrap();
    text.push_str("\n\nasync def handler(service, key):\n    return service.backend.read(key)\n");
    std::fs::write(&service, text).unwrap();
    let py = python();
    // Traced from the directory above (another root, as in another checkout): paths in
    // the trace start with `plugins/`, and still fit the project.
    let parent = work.parent().unwrap().to_path_buf();
    let script = "import asyncio, threading\n\
                  from store.service import Service, handler\n\
                  s = Service()\n\
                  t = threading.Thread(target=s.put, args=('a', 1)); t.start(); t.join()\n\
                  asyncio.run(handler(s, 'a'))\n";
    let (_, err, code) = run(
        &work,
        &[
            "trace",
            "--root",
            parent.to_str().unwrap(),
            "-o",
            "t.json",
            "--",
            py.to_str().unwrap(),
            "-c",
            script,
        ],
    );
    assert_eq!(code, 0, "{err}");
    let t = trace_json(&work.join("t.json"));
    assert!(
        t["functions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["path"].as_str().unwrap().starts_with("plugins/")),
        "{}",
        t["functions"]
    );
    // The thread's calls are there.
    let e = edges(&t);
    assert!(
        e.contains(&"Service.put -> DiskBackend.write".to_string()),
        "{e:?}"
    );
    assert!(
        e.contains(&"handler -> DiskBackend.read".to_string()),
        "{e:?}"
    );
    // Static lint sees nothing behind `service.backend`; with the trace, AWT201.
    let (out, _, code) = run(&work, &["lint"]);
    assert_eq!(code, 0, "{out}");
    let (out, _, code) = run(&work, &["lint", "--evidence", "t.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("store/service.py:25:12: AWT201 `service.backend.read` blocks the event loop"),
        "{out}"
    );
}

#[test]
fn trace_files_merge_per_process_parts_and_refuse_other_versions() {
    use awaitify_python::evidence::{Edge, Function, Part, Trace};
    let f = |q: &str, calls| Function {
        path: "m.py".into(),
        line: 1,
        qualname: q.into(),
        calls,
        blocked_seconds: 0.5,
    };
    let part = |pid, fs: Vec<Function>| Part {
        pid,
        python: "3.12.1".into(),
        backend: Some("monitoring".into()),
        argv: vec![],
        seconds: 1.0,
        edges: vec![Edge {
            caller: 0,
            callee: 1,
            line: 3,
            end_line: Some(3),
            end_col: Some(9),
            count: 2,
            via: None,
        }],
        functions: fs,
        blocking: vec![],
        loop_blocks: vec![],
    };
    // The same functions in another order in the second process: merged by identity.
    let t = Trace::merge(vec![
        part(2, vec![f("a", 1), f("b", 2)]),
        part(1, vec![f("b", 3), f("a", 4)]),
    ]);
    assert_eq!(t.functions.len(), 2);
    assert_eq!((t.functions[0].calls, t.functions[1].calls), (5, 5));
    assert_eq!(t.functions[0].blocked_seconds, 1.0);
    // a -> b twice in process 2, b -> a twice in process 1: two edges.
    assert_eq!(t.edges.len(), 2);
    assert!(t.edges.iter().all(|e| e.count == 2));
    assert_eq!(t.processes[0].pid, 1);
    let text = serde_json::to_string(&t).unwrap();
    assert!(Trace::parse("t.json", &text).is_ok());
    let other = text.replace("\"schema_version\":1", "\"schema_version\":9");
    let err = Trace::parse("t.json", &other).unwrap_err();
    assert!(
        err.contains("trace schema version 9; this awaitify reads version 1"),
        "{err}"
    );
    let err = Trace::parse("t.json", "[1, 2").unwrap_err();
    assert!(err.starts_with("t.json:1:"), "{err}");
}
