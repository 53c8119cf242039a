//! Before/after migration cases in `testdata/python/cases/<case>/`.
//!
//! For every case: the reviewer-facing output (summary and diff) is an `insta` snapshot;
//! the diff applies with `git apply` and gives exactly what `--write` writes; that result
//! equals `before/` with the case's `after/` files (the changed and created ones) laid
//! over it; every output file compiles (our parser and `python3`);
//! and a second migration changes nothing. `AWAITIFY_BLESS=1` rewrites `after/`.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    description: String,
    #[serde(default)]
    args: Vec<String>,
    /// Python code run by a real interpreter on `before/` and on the migrated tree (the
    /// sync API, through the shims): both must succeed and print the same.
    #[serde(default)]
    probe: Option<String>,
    /// Python code run on the migrated tree only (the async API, under `asyncio.run`): it
    /// must succeed and print what `probe` printed on `before/`.
    #[serde(default)]
    async_probe: Option<String>,
    /// Rust: the case depends on crates from the registry; rust_runtime.rs fetches them
    /// before its `cargo check --offline` (and then the input must compile).
    #[serde(default)]
    #[allow(dead_code)]
    fetch: bool,
}

/// Run `code` with the test interpreter, the tree first on `sys.path`; its stdout.
fn run_probe(name: &str, tree: &Path, code: &str) -> String {
    let out = Command::new(python())
        .arg("-c")
        .arg(code)
        .current_dir(tree)
        .env("PYTHONPATH", tree)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{name}: probe failed in {}:\n{}",
        tree.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn python_cases() {
    let root = repo_root();
    insta::glob!("../../../testdata/python/cases", "*/case.toml", |path| {
        let dir = path.parent().unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let case: Case = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        check_case(&root, dir, &name, &case, Lang::Python);
    });
}

#[test]
fn rust_cases() {
    let root = repo_root();
    insta::glob!("../../../testdata/rust/cases", "*/case.toml", |path| {
        let dir = path.parent().unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let case: Case = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        check_case(&root, dir, &name, &case, Lang::Rust);
    });
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Python,
    Rust,
}

impl Lang {
    fn helper(self) -> &'static str {
        match self {
            Lang::Python => "_awaitify_runtime.py",
            Lang::Rust => "awaitify_runtime.rs",
        }
    }

    fn helper_text(self) -> &'static str {
        match self {
            Lang::Python => include_str!("../../awaitify_python/src/runtime.py"),
            Lang::Rust => include_str!("../../awaitify_rust/runtime/awaitify_runtime.rs"),
        }
    }
}

/// Replace the body of a created runtime helper in a diff by one line.
fn redact_runtime(diff: &str, lang: Lang) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in diff.split_inclusive('\n') {
        if line.starts_with("diff --git ") {
            skipping = false;
            if line.trim_end().ends_with(lang.helper()) {
                let path = line.trim_end().rsplit(" b/").next().unwrap_or("");
                let source = match lang {
                    Lang::Python => "crates/awaitify_python/src/runtime.py",
                    Lang::Rust => "crates/awaitify_rust/runtime/awaitify_runtime.rs",
                };
                out.push_str(&format!(
                    "[new file {path}: the runtime helper, see {source}]\n"
                ));
                skipping = true;
                continue;
            }
        }
        if !skipping {
            out.push_str(line);
        }
    }
    out
}

/// A Python file's text as awaitify reads it (PEP 263 encodings, invalid UTF-8 kept).
fn source_text(p: &Path) -> String {
    awaitify_core::encoding::decode(std::fs::read(p).unwrap())
        .map(|(text, _)| text)
        .unwrap_or_default()
}

fn migrate(dir: &Path, args: &[String], extra: &[&str]) -> (String, String, i32) {
    text(
        &bin()
            .arg("migrate")
            .arg(dir)
            .args(args)
            .args(extra)
            .output()
            .unwrap(),
    )
}

fn check_case(_root: &Path, dir: &Path, name: &str, case: &Case, lang: Lang) {
    let before = dir.join("before");
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    copy_tree(&before, &work);

    // 1. What the reviewer sees (the runtime helper's text is the same everywhere and
    // tested on its own: the snapshot names it instead of repeating it).
    // The diff as raw bytes for `git apply` (a file in a declared encoding is diffed in
    // its own bytes), and as text for the snapshot.
    let raw = bin()
        .arg("migrate")
        .arg(&work)
        .args(&case.args)
        .output()
        .unwrap()
        .stdout;
    let (diff, summary, code) = migrate(&work, &case.args, &[]);
    let shown = redact_runtime(&diff, lang);
    insta::with_settings!({
        description => case.description.clone(),
        snapshot_suffix => match lang {
            Lang::Python => name.to_string(),
            Lang::Rust => format!("rust_{name}"),
        },
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("exit: {code}\n----- stderr -----\n{summary}----- stdout -----\n{shown}"));
    });
    assert_ne!(code, 1, "{name}: unexpected exit 1");

    // 2. The diff applies with git and equals what --write writes.
    let applied = tmp.path().join("applied");
    copy_tree(&before, &applied);
    if !diff.is_empty() {
        let patch = tmp.path().join("change.patch");
        std::fs::write(&patch, &raw).unwrap();
        let out = Command::new("git")
            .arg("apply")
            .arg("--whitespace=nowarn")
            .arg(&patch)
            .current_dir(&applied)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: git apply failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (_, _, wcode) = migrate(&work, &case.args, &["--write", "--quiet"]);
    assert_eq!(wcode, code, "{name}: --write exit code differs");
    let written = walk(&work);
    let applied_files = walk(&applied);
    assert_eq!(
        written
            .iter()
            .map(|p| p.strip_prefix(&work).unwrap().to_path_buf())
            .collect::<Vec<_>>(),
        applied_files
            .iter()
            .map(|p| p.strip_prefix(&applied).unwrap().to_path_buf())
            .collect::<Vec<_>>(),
        "{name}: --write and git apply give different file sets"
    );
    for (w, a) in written.iter().zip(&applied_files) {
        assert_eq!(
            std::fs::read(w).unwrap(),
            std::fs::read(a).unwrap(),
            "{name}: {} differs between --write and git apply",
            w.display()
        );
    }

    // 3. The result is the expected after/ tree (runtime helpers are checked against the
    // shipped text instead of being stored in every case).
    let runtime = lang.helper_text();
    let written: Vec<_> = written
        .into_iter()
        .filter(|p| {
            let is_helper = p.file_name().is_some_and(|n| n == lang.helper())
                && !before.join(p.strip_prefix(&work).unwrap()).exists();
            if is_helper {
                let text = std::fs::read_to_string(p).unwrap();
                // A Django project gets the helper that runs shims through asgiref.
                if text != awaitify_python::shim::django_runtime() {
                    assert_eq!(text, runtime, "{name}: runtime helper text");
                }
            }
            !is_helper
        })
        .collect();
    // after/ holds only the files the migration changes or creates; the rest of the
    // expected tree is before/ as it was.
    let after = dir.join("after");
    let rel = |p: &Path| p.strip_prefix(&work).unwrap().to_path_buf();
    if std::env::var_os("AWAITIFY_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&after);
        for p in &written {
            let orig = before.join(rel(p));
            if orig.exists() && std::fs::read(&orig).unwrap() == std::fs::read(p).unwrap() {
                continue;
            }
            let dest = after.join(rel(p));
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(p, dest).unwrap();
        }
    }
    let mut expected: std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> = walk(&before)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(&before).unwrap().to_path_buf(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    if after.exists() {
        for p in walk(&after) {
            expected.insert(
                p.strip_prefix(&after).unwrap().to_path_buf(),
                std::fs::read(&p).unwrap(),
            );
        }
    }
    assert_eq!(
        written.iter().map(|p| rel(p)).collect::<Vec<_>>(),
        expected.keys().cloned().collect::<Vec<_>>(),
        "{name}: file set differs from before/ + after/ (AWAITIFY_BLESS=1 to accept)"
    );
    for w in &written {
        assert_eq!(
            String::from_utf8_lossy(&std::fs::read(w).unwrap()),
            String::from_utf8_lossy(&expected[&rel(w)]),
            "{name}: {} differs from the expected tree (AWAITIFY_BLESS=1 to accept)",
            rel(w).display()
        );
    }

    // 4. Every output file parses, unless its input did not.
    if lang == Lang::Rust {
        for p in &written {
            if p.extension().is_some_and(|e| e == "rs") {
                let src = std::fs::read_to_string(p).unwrap();
                let orig = before.join(rel(p));
                let orig_ok = !orig.exists()
                    || syn::parse_file(&std::fs::read_to_string(&orig).unwrap()).is_ok();
                if orig_ok {
                    assert!(
                        syn::parse_file(&src).is_ok(),
                        "{name}: {} does not parse with syn",
                        p.display()
                    );
                } else {
                    assert_eq!(
                        std::fs::read(p).unwrap(),
                        std::fs::read(&orig).unwrap(),
                        "{name}: an unparseable file was modified"
                    );
                }
            }
            if p.file_name().is_some_and(|n| n == "Cargo.toml") {
                let src = std::fs::read_to_string(p).unwrap();
                assert!(
                    src.parse::<toml::Table>().is_ok(),
                    "{name}: {} is not valid TOML",
                    p.display()
                );
            }
        }
    }
    // Originals our parser or CPython's compiler rejects: left byte for byte as they were.
    let before_py: Vec<_> = walk(&before)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    let cpython_bad = if lang == Lang::Python {
        python_parse_failures(&before_py)
    } else {
        String::new()
    };
    let originals_bad: Vec<_> = before_py
        .iter()
        .filter(|p| {
            ruff_python_parser::parse_module(&source_text(p)).is_err()
                || cpython_bad
                    .lines()
                    .any(|l| l.starts_with(&format!("{}:", p.display())))
        })
        .map(|p| p.strip_prefix(&before).unwrap().to_path_buf())
        .collect();
    let py: Vec<_> = written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .filter(|p| !originals_bad.contains(&p.strip_prefix(&work).unwrap().to_path_buf()))
        .cloned()
        .collect();
    for p in &py {
        let src = source_text(p);
        assert!(
            ruff_python_parser::parse_module(&src).is_ok(),
            "{name}: {} does not parse",
            p.display()
        );
    }
    let bad = python_parse_failures(&py);
    assert!(bad.is_empty(), "{name}: python3 rejects output:\n{bad}");
    for rel in &originals_bad {
        assert_eq!(
            std::fs::read(work.join(rel)).unwrap(),
            std::fs::read(before.join(rel)).unwrap(),
            "{name}: an unparseable file was modified"
        );
    }

    // 5. The migrated code runs: the sync API behaves as before, the async API too.
    if let Some(probe) = &case.probe {
        let expected = run_probe(name, &before, probe);
        assert!(!expected.is_empty(), "{name}: the probe prints nothing");
        let got = run_probe(name, &work, probe);
        assert_eq!(
            got, expected,
            "{name}: the sync API behaves differently after migration"
        );
        if let Some(async_probe) = &case.async_probe {
            let got = run_probe(name, &work, async_probe);
            assert_eq!(got, expected, "{name}: the async API behaves differently");
        }
    }

    // 6. A second run changes nothing, and every blocking call left in async code is
    // one its summary lists with a reason (the lint rules find them; `--check` fails on
    // one it does not list).
    let (diff2, summary2, code2) = migrate(&work, &case.args, &[]);
    assert!(
        diff2.is_empty(),
        "{name}: second run is not empty:\n{diff2}\n{summary2}"
    );
    assert_eq!(code2, code, "{name}: second run exit code");
    // Nor does it count the functions the first run made async again (an earlier
    // run's shims are recognised as such); only a sync function whose async version the
    // project has (a class pair) is listed again, with that review line.
    let recounted: Vec<&str> = summary2
        .lines()
        .skip_while(|l| !l.starts_with("awaitify: "))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().nth(1))
        .filter(|q| !summary2.contains(&format!("`{q}` already has an async version")))
        .collect();
    assert!(
        recounted.is_empty(),
        "{name}: the second run reports functions made async again: {recounted:?}\n{summary2}"
    );
    assert!(
        !summary.contains("internal:") && !summary2.contains("internal:"),
        "{name}: an internal error:\n{summary}"
    );
    assert!(
        !summary2.contains("nothing above explains"),
        "{name}: blocking calls left in async code silently:\n{summary2}"
    );
    let (_, _, check) = migrate(&work, &case.args, &["--check"]);
    assert_eq!(check, code, "{name}: `migrate --check` after --write");
}
