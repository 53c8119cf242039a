//! `awaitify lint`: rule fixtures (findings and clean look-alikes), parity with the real
//! flake8-async, output formats (SARIF validated against the official 2.1.0 schema),
//! suppressions, baselines and `--diff-base` in a temporary git repository. The
//! pre-commit hooks (which install awaitify from a wheel) are run by the real `pre-commit`
//! in scripts/wheel.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

fn lint(dir: &Path, args: &[&str]) -> (String, String, i32) {
    text(
        &bin()
            .arg("lint")
            .arg("--project")
            .arg(dir)
            .args(args)
            .output()
            .unwrap(),
    )
}

#[test]
fn rust_rule_fixtures() {
    for name in ["chain", "rules", "closures"] {
        let dir = repo_root().join("testdata/rust/lint").join(name);
        let (out, err, code) = lint(&dir, &[]);
        insta::with_settings!({snapshot_suffix => format!("rust_{name}"), omit_expression => true}, {
            insta::assert_snapshot!(format!("exit: {code}\n----- stderr -----\n{err}----- stdout -----\n{out}"));
        });
        assert_eq!(code, 1, "{name}: findings exit 1");
        let (json, _, _) = lint(&dir, &["--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let headers = out.lines().filter(|l| l.starts_with("src/")).count();
        assert_eq!(headers, v["findings"].as_array().unwrap().len());
    }
}

#[test]
fn rust_async_crate_reports_the_chain_through_two_helper_modules() {
    let dir = repo_root().join("testdata/rust/lint/chain");
    let (json, _, code) = lint(&dir, &["--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let findings = v["findings"].as_array().unwrap();
    // One finding: the suppressed call in `quiet` is not reported.
    assert_eq!(findings.len(), 1, "{json}");
    let f = &findings[0];
    assert_eq!(f["code"], "AWT201");
    assert_eq!(f["path"], "src/lib.rs");
    assert_eq!(f["line"], 5);
    let chain: Vec<&str> = f["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        chain,
        [
            "chain::helpers::profile::load",
            "chain::helpers::storage::read_record"
        ]
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("std::fs::read_to_string")
    );
    // Linting one file of the crate still sees the whole graph.
    lint_one_file_reports_the_chain(&dir);
}

/// `awaitify lint <crate>/src/lib.rs` (no --project) reports the chain fixture's finding,
/// relative to the crate.
fn lint_one_file_reports_the_chain(dir: &Path) {
    let (out, _, code) = text(
        &bin()
            .arg("lint")
            .arg(dir.join("src/lib.rs"))
            .output()
            .unwrap(),
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("src/lib.rs:5:19: AWT201"), "{out}");
}

#[test]
fn rule_fixtures() {
    let mut dirs: Vec<_> = std::fs::read_dir(repo_root().join("testdata/python/lint"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 7);
    for dir in &dirs {
        let dir = dir.as_path();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let (out, err, code) = lint(dir, &[]);
        insta::with_settings!({snapshot_suffix => name.clone(), omit_expression => true}, {
            insta::assert_snapshot!(format!("exit: {code}\n----- stderr -----\n{err}----- stdout -----\n{out}"));
        });
        // JSON carries the same findings.
        let (json, _, jcode) = lint(dir, &["--format", "json"]);
        assert_eq!(jcode, code, "{name}");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["version"], 1);
        let n = v["findings"].as_array().unwrap().len();
        assert_eq!(
            out.matches(": AWT").count(),
            n,
            "{name}: text and json disagree"
        );
    }
}

#[test]
fn detects_everything_flake8_async_detects_on_its_kinds_of_input() {
    let dir = repo_root().join("testdata/python/lint/flake8_async_parity");
    let out = Command::new(venv_bin().join("flake8"))
        .args([
            "--select=ASYNC210,ASYNC211,ASYNC212,ASYNC220,ASYNC221,ASYNC222,ASYNC230,ASYNC231,ASYNC232,ASYNC240,ASYNC250,ASYNC251",
            "parity.py",
            "annotated.py",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    let flake8 = String::from_utf8_lossy(&out.stdout).to_string();
    let theirs: std::collections::BTreeSet<(String, usize)> = flake8
        .lines()
        .filter_map(|l| {
            let mut parts = l.split(':');
            let file = parts.next()?.to_string();
            Some((file, parts.next()?.parse().ok()?))
        })
        .collect();
    assert!(
        theirs.len() >= 60,
        "flake8-async found too little, is it installed?\n{flake8}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        theirs.iter().any(|(f, _)| f == "annotated.py"),
        "flake8-async reported nothing on annotated.py:\n{flake8}"
    );
    let (json, _, _) = lint(&dir, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ours: std::collections::BTreeSet<(String, usize)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    let missed: Vec<_> = theirs.difference(&ours).collect();
    assert!(
        missed.is_empty(),
        "flake8-async reports lines awaitify misses: {missed:?}\n{flake8}"
    );
    // What we report and flake8-async does not: only these, each a real blocking call
    // on a value flake8-async does not type.
    let known_extra: std::collections::BTreeSet<(String, usize)> = [
        // `f: Union[BufferedReader, None]`: flake8-async reads `X | None` and
        // `Optional[X]` but not `typing.Union`.
        ("annotated.py".to_string(), 35),
    ]
    .into_iter()
    .collect();
    let extra: Vec<_> = ours
        .difference(&theirs)
        .filter(|x| !known_extra.contains(*x))
        .collect();
    assert!(
        extra.is_empty(),
        "awaitify reports lines flake8-async does not: {extra:?}"
    );
    for x in &known_extra {
        assert!(ours.contains(x), "expected extra finding {x:?} is gone");
    }
}

const CHAIN: &[(&str, &str)] = &[
    ("app/__init__.py", ""),
    (
        "app/net.py",
        "import requests\n\n\ndef get_json(url):\n    return requests.get(url).json()\n",
    ),
    (
        "app/users.py",
        "from app.net import get_json\n\n\ndef load_user(uid):\n    return get_json(f'http://127.0.0.1/users/{uid}')\n",
    ),
    (
        "app/api.py",
        "from app import users\n\n\nasync def handler(uid):\n    return users.load_user(uid)\n",
    ),
];

fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let p = tmp.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    git(tmp.path(), &["init", "-q"]);
    git(tmp.path(), &["add", "."]);
    git(tmp.path(), &["commit", "-q", "-m", "init"]);
    tmp
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn transitive_chain_across_two_helper_modules_and_its_suppression() {
    let tmp = repo(CHAIN);
    let (out, err, code) = lint(tmp.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with(
            "app/api.py:5:12: AWT201 `users.load_user` blocks the event loop: app.users.load_user (app/users.py:5) -> app.net.get_json (app/net.py:5) -> requests.get (app/net.py:5)\n"
        ),
        "{out}"
    );
    assert!(out.contains("  via app.users.load_user (app/users.py:5)\n    -> app.net.get_json (app/net.py:5)\n    -> requests.get (app/net.py:5)\n"), "{out}");
    std::fs::write(
        tmp.path().join("app/api.py"),
        "from app import users\n\n\nasync def handler(uid):\n    return users.load_user(uid)  # awaitify: ignore[AWT201]\n",
    )
    .unwrap();
    let (out, _, code) = lint(tmp.path(), &[]);
    assert_eq!((code, out.as_str()), (0, "All checks passed!\n"));
}

#[test]
fn baseline_keeps_old_findings_quiet_and_reports_new_ones() {
    let tmp = repo(CHAIN);
    let baseline = tmp.path().join(".awaitify-baseline.json");
    let (_, err, code) = text(
        &bin()
            .arg("lint")
            .arg(tmp.path())
            .arg("--write-baseline")
            .arg(&baseline)
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote a baseline of 1 finding(s)"), "{err}");
    let (out, _, code) = lint(tmp.path(), &["--baseline", baseline.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, "All checks passed!\n"));
    // Lines move: the baseline still matches; a new finding is reported.
    std::fs::write(
        tmp.path().join("app/api.py"),
        "import time\n\nfrom app import users\n\n\nasync def handler(uid):\n    return users.load_user(uid)\n\n\nasync def other():\n    time.sleep(1)\n",
    )
    .unwrap();
    let (out, _, code) = lint(tmp.path(), &["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.starts_with("app/api.py:11:5: AWT101"), "{out}");
    assert_eq!(out.matches(": AWT").count(), 1, "{out}");
    // A corrupt baseline is a clear error.
    std::fs::write(&baseline, "{").unwrap();
    let (_, err, code) = lint(tmp.path(), &["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains(".awaitify-baseline.json:1:"), "{err}");
}

#[test]
fn diff_base_reports_a_changed_helper_where_its_chain_reaches_async_code() {
    let tmp = repo(&[
        ("svc/__init__.py", ""),
        ("svc/util.py", "def slugify(s):\n    return s.lower()\n"),
        (
            "svc/handlers.py",
            "import time\n\nfrom svc.util import slugify\n\n\nasync def old():\n    time.sleep(1)\n\n\nasync def page(title):\n    return slugify(title)\n",
        ),
    ]);
    // Pre-existing finding (old) is not reported against HEAD.
    let (out, _, code) = lint(tmp.path(), &["--diff-base", "HEAD"]);
    assert_eq!((code, out.as_str()), (0, "All checks passed!\n"));
    // Changing only the helper reports the async caller in the other file.
    std::fs::write(
        tmp.path().join("svc/util.py"),
        "import time\n\n\ndef slugify(s):\n    time.sleep(0.1)\n    return s.lower()\n",
    )
    .unwrap();
    let (out, _, code) = lint(tmp.path(), &["--diff-base", "HEAD"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("svc/handlers.py:11:12: AWT201 `slugify` blocks the event loop: svc.util.slugify (svc/util.py:5) -> time.sleep (svc/util.py:5)"), "{out}");
    assert_eq!(out.matches(": AWT").count(), 1, "{out}");
    // The same when only the staged helper is named (what pre-commit passes).
    let (out, _, code) = text(
        &bin()
            .arg("lint")
            .arg(tmp.path().join("svc/util.py"))
            .output()
            .unwrap(),
    );
    assert_eq!(code, 1);
    assert!(out.starts_with("svc/handlers.py:11:12: AWT201"), "{out}");
    let (_, err, code) = lint(tmp.path(), &["--diff-base", "no-such-rev"]);
    assert_eq!(code, 2);
    assert!(err.contains("--diff-base no-such-rev"), "{err}");
}

#[test]
fn sarif_is_valid_against_the_official_2_1_0_schema() {
    let dir = repo_root().join("testdata/python/lint/direct_blocking");
    let (sarif, _, code) = lint(&dir, &["--format", "sarif"]);
    assert_eq!(code, 1);
    // 1. The serde-sarif types deserialize it.
    let parsed: serde_sarif::sarif::Sarif = serde_json::from_str(&sarif).expect("SARIF shape");
    assert_eq!(parsed.runs[0].results.as_ref().unwrap().len(), 10);
    // 2. jsonschema validates it against the OASIS schema (shipped in the serde-sarif crate).
    let meta = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(repo_root().join("Cargo.toml"))
        .output()
        .unwrap();
    let meta: serde_json::Value = serde_json::from_slice(&meta.stdout).unwrap();
    let manifest = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("serde-sarif in the dependency graph")
        .to_string();
    let schema = Path::new(&manifest)
        .parent()
        .unwrap()
        .join("src/schema.json");
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("out.sarif");
    std::fs::write(&file, &sarif).unwrap();
    let script = "import json, sys, jsonschema\nschema = json.load(open(sys.argv[1]))\nassert schema['title'].startswith('Static Analysis Results Format (SARIF) Version 2.1.0')\njsonschema.validate(json.load(open(sys.argv[2])), schema)\nprint('valid')\n";
    let out = Command::new(python())
        .arg("-c")
        .arg(script)
        .arg(&schema)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn github_format_is_workflow_commands() {
    let dir = repo_root().join("testdata/python/lint/transitive");
    let (out, _, code) = lint(&dir, &["--format", "github"]);
    assert_eq!(code, 1);
    // The fixture lives in this repository: paths are relative to its root.
    assert!(
        out.starts_with("::error title=awaitify AWT201,file=testdata/python/lint/transitive/app/api.py,line=6,col=12,endLine=6,endColumn=32::AWT201 `users.load_user` blocks the event loop"),
        "{out}"
    );
    assert!(out.contains("-> psycopg2.connect (app/db.py:5)\n"), "{out}");
    assert_eq!(out.lines().count(), 1, "one line per finding: {out}");
}

#[test]
fn rule_prints_documentation_and_selection_errors_are_clear() {
    let (out, _, code) = text(&bin().args(["rule", "AWT201"]).output().unwrap());
    assert_eq!(code, 0);
    for section in [
        "# AWT201 transitive-blocking-call-in-async-function",
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
    ] {
        assert!(out.contains(section), "{out}");
    }
    let (out, _, _) = text(&bin().args(["rule", "--all"]).output().unwrap());
    assert!(out.lines().count() >= 17, "{out}");
    assert!(
        out.contains("AWT101  blocking-sleep-in-async-function") && out.contains("[ASYNC251]"),
        "{out}"
    );
    let (_, err, code) = text(&bin().args(["rule", "NOPE1"]).output().unwrap());
    assert_eq!(code, 2);
    assert!(err.contains("no rule `NOPE1`"), "{err}");
    let dir = repo_root().join("testdata/python/lint/direct_blocking");
    let (_, err, code) = lint(&dir, &["--select", "XYZ1"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule selector `XYZ1`"), "{err}");
    // ruff's model: --select runs exactly those rules, --extend-select adds.
    let tasks = repo_root().join("testdata/python/lint/coroutines_and_tasks");
    // (jobs.py's two, and through_variable.py's call through a variable.)
    let (out, _, _) = lint(&tasks, &["--select", "AWT301"]);
    assert_eq!(out.matches(": AWT301").count(), 3, "{out}");
    assert_eq!(out.matches(": AWT").count(), 3, "{out}");
    let (out, _, _) = lint(&tasks, &["--select", "AWT301", "--extend-select", "AWT302"]);
    assert_eq!(out.matches(": AWT").count(), 5, "{out}");
    let (out, _, code) = lint(&dir, &["--ignore", "AWT10"]);
    assert_eq!((code, out.as_str()), (0, "All checks passed!\n"));
}

#[test]
fn github_and_sarif_paths_are_relative_to_the_repository_root() {
    let tmp = repo(&[
        ("services/api/pyproject.toml", "[project]\nname = 'api'\n"),
        (
            "services/api/a.py",
            "import time\n\n\nasync def f():\n    time.sleep(1)\n",
        ),
    ]);
    let project = tmp.path().join("services/api");
    let (out, _, code) = lint(&project, &["--format", "github"]);
    assert_eq!(code, 1);
    assert!(out.contains("file=services/api/a.py,line=5"), "{out}");
    let (sarif, _, _) = lint(&project, &["--format", "sarif"]);
    assert!(sarif.contains("\"uri\": \"services/api/a.py\""), "{sarif}");
    // Text and JSON stay relative to the project, like the command's own view.
    let (text, _, _) = lint(&project, &[]);
    assert!(text.starts_with("a.py:5:5: AWT101"), "{text}");
}

#[test]
fn statistics_prints_counts_per_rule_only() {
    let dir = repo_root().join("testdata/python/lint/catalog_gaps");
    let (full, _, _) = lint(&dir, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&full).unwrap();
    let mut expected: std::collections::BTreeMap<String, u64> = Default::default();
    for f in v["findings"].as_array().unwrap() {
        *expected
            .entry(f["code"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert!(expected.len() >= 2, "{expected:?}");
    let (text, _, code) = lint(&dir, &["--statistics"]);
    assert_eq!(code, 1, "findings still fail the run");
    let mut got: std::collections::BTreeMap<String, u64> = Default::default();
    let mut last = u64::MAX;
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "not a statistics line: {line:?}");
        let n: u64 = cols[0].trim().parse().unwrap();
        assert!(n <= last, "most frequent first: {text}");
        last = n;
        got.insert(cols[1].to_string(), n);
    }
    assert_eq!(got, expected);
    let (json, _, _) = lint(&dir, &["--statistics", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let from_json: std::collections::BTreeMap<String, u64> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_string(),
                r["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(from_json, expected);
}

#[test]
fn source_on_stdin_stands_for_its_file_in_the_project() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("pyproject.toml"), "").unwrap();
    std::fs::create_dir(dir.join("app")).unwrap();
    std::fs::write(dir.join("app/__init__.py"), "").unwrap();
    std::fs::write(
        dir.join("app/helpers.py"),
        "import time\n\n\ndef wait():\n    time.sleep(1)\n",
    )
    .unwrap();
    // On disk the handler is clean; the editor's unsaved text calls the blocking helper.
    std::fs::write(
        dir.join("app/api.py"),
        "async def handler():\n    return 1\n",
    )
    .unwrap();
    let run = |args: &[&str], input: &str| {
        let mut child = bin()
            .arg("lint")
            .args(args)
            .current_dir(dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
            out.status.code().unwrap(),
        )
    };
    let edited = "from app.helpers import wait\n\n\nasync def handler():\n    wait()\n";
    let (out, err, code) = run(&["-", "--stdin-filename", "app/api.py"], edited);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.starts_with("app/api.py:5:5: AWT201 `wait` blocks the event loop: app.helpers.wait"),
        "{out}"
    );
    // Only the file on stdin is reported on, and the disk is unchanged.
    assert_eq!(out.matches(": AWT").count(), 1, "{out}");
    assert!(
        std::fs::read_to_string(dir.join("app/api.py"))
            .unwrap()
            .contains("return 1")
    );
    let (out, _, code) = run(&["app/api.py"], "");
    assert_eq!((code, out.as_str()), (0, "All checks passed!\n"));
    // Without a name it is `stdin.py`; a name without `-` is an error.
    let (out, _, code) = run(
        &["-"],
        "import time\n\n\nasync def f():\n    time.sleep(1)\n",
    );
    assert_eq!(code, 1);
    assert!(out.starts_with("stdin.py:5:5: AWT101"), "{out}");
    let (_, err, code) = run(&["--stdin-filename", "x.py", "app"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("--stdin-filename x.py: only with `-`"),
        "{err}"
    );
}

#[test]
fn a_project_without_python_files_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("pyproject.toml"), "").unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "x\n").unwrap();
    let (out, err, code) = lint(tmp.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(out, "All checks passed!\n");
    assert!(
        err.contains("warning: no Python files found under"),
        "{err}"
    );
}

#[test]
fn a_crate_shipped_as_a_binary_wheel_is_linted_as_rust() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tool");
    copy_tree(&repo_root().join("testdata/rust/lint/chain"), &dir);
    // maturin `bindings = "bin"`: the pyproject.toml only packages the binary.
    std::fs::write(
        dir.join("pyproject.toml"),
        "[build-system]\nrequires = [\"maturin>=1.7\"]\nbuild-backend = \"maturin\"\n\n[tool.maturin]\nbindings = \"bin\"\n",
    )
    .unwrap();
    lint_one_file_reports_the_chain(&dir);
    // A package under a workspace that does not list it stands alone (as cargo decides).
    std::fs::write(
        tmp.path().join("Cargo.toml"),
        "[workspace]\nmembers = [\"other\"]\n",
    )
    .unwrap();
    lint_one_file_reports_the_chain(&dir);
}

#[test]
fn add_noqa_suppresses_every_finding_it_can_and_says_which_it_cannot() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("pyproject.toml"), "").unwrap();
    let source = "import time\n\n\ndef helper():\n    time.sleep(1)\n\n\nasync def a():\n    time.sleep(1)\n    helper()  # noqa: AWT303\n    helper()  # noqa\n    x = f\"\"\"{time.sleep(1)}\n    \"\"\"\n    return x\n\n\nasync def b():\n    open(\"x\").read()\n";
    std::fs::write(dir.join("m.py"), source).unwrap();
    let (_, err, code) = lint(dir, &["--add-noqa"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("added 3 noqa comment(s) in 1 file(s)"),
        "{err}"
    );
    assert!(err.contains("1 line(s) left as they were"), "{err}");
    let after = std::fs::read_to_string(dir.join("m.py")).unwrap();
    assert!(
        after.contains("    time.sleep(1)  # noqa: AWT101\n"),
        "{after}"
    );
    assert!(
        after.contains("    helper()  # noqa: AWT303, AWT201\n"),
        "{after}"
    );
    assert!(after.contains("    helper()  # noqa\n"), "{after}");
    assert!(
        after.contains("    open(\"x\").read()  # noqa: AWT104\n"),
        "{after}"
    );
    // The string line is untouched.
    assert!(
        after.contains("    x = f\"\"\"{time.sleep(1)}\n"),
        "{after}"
    );
    let (out, _, code) = lint(dir, &["--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Left: the string line, and the unused `# noqa: AWT303` (AWT900 is not suppressed:
    // its fix is to remove that comment).
    let left: Vec<(u64, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(left, [(10, "AWT900"), (12, "AWT101")]);
    // A second run adds nothing.
    let (_, err, _) = lint(dir, &["--add-noqa"]);
    assert!(
        err.contains("added 0 noqa comment(s) in 0 file(s)"),
        "{err}"
    );
}
