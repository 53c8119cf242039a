//! The command line as a user meets it: exit codes, errors, explain, --check, --write.

mod common;

use common::*;
use std::path::Path;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const CHAIN: &[(&str, &str)] = &[
    ("app/__init__.py", ""),
    (
        "app/api.py",
        "from app.service import get_user\n\n\ndef handler(uid):\n    return get_user(uid)\n",
    ),
    (
        "app/service.py",
        "from app import db\n\n\ndef get_user(uid):\n    return db.fetch(uid)\n",
    ),
    (
        "app/db.py",
        "import requests\n\n\ndef fetch(uid):\n    return requests.get(f'http://x/{uid}').json()\n",
    ),
];

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        write(tmp.path(), rel, text);
    }
    tmp
}

#[test]
fn explain_prints_the_chain_hop_by_hop() {
    let tmp = project(CHAIN);
    let (out, err, code) = text(
        &bin()
            .arg("explain")
            .arg(tmp.path())
            .arg("app.api.handler")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "app.api.handler becomes async (app/api.py:4):\n\
         \x20 app/api.py:4  app.api.handler\n\
         \x20   calls, at app/api.py:5\n\
         \x20 app/service.py:4  app.service.get_user\n\
         \x20   calls, at app/service.py:5\n\
         \x20 app/db.py:4  app.db.fetch\n\
         \x20   blocks: requests.get at app/db.py:5 (thread, family requests)\n"
    );
    let (out, _, code) = text(
        &bin()
            .arg("explain")
            .arg(tmp.path())
            .arg("app.db")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 2);
    assert!(out.is_empty());
    let (_, err, _) = text(
        &bin()
            .arg("explain")
            .arg(tmp.path())
            .arg("app.nope.fetch")
            .output()
            .unwrap(),
    );
    assert!(
        err.contains("no function named `app.nope.fetch`") && err.contains("app.db.fetch"),
        "{err}"
    );
}

#[test]
fn explain_says_why_a_function_stays_sync() {
    let tmp = project(&[(
        "m.py",
        "import time\n\n\ndef pure():\n    return 1\n\n\ndef legacy():  # awaitify: keep-sync\n    time.sleep(1)\n",
    )]);
    let (out, _, _) = text(
        &bin()
            .arg("explain")
            .arg(tmp.path())
            .arg("m.pure")
            .output()
            .unwrap(),
    );
    assert_eq!(
        out,
        "m.pure (m.py:4) stays sync: it reaches no blocking call\n"
    );
    let (out, _, _) = text(
        &bin()
            .arg("explain")
            .arg(tmp.path())
            .arg("m.legacy")
            .output()
            .unwrap(),
    );
    assert_eq!(
        out,
        "m.legacy (m.py:8) stays sync: marked `# awaitify: keep-sync`\n"
    );
}

#[test]
fn check_exits_one_when_something_would_change_and_zero_after_write() {
    let tmp = project(CHAIN);
    let (out, _, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path())
            .arg("--check")
            .output()
            .unwrap(),
    );
    assert_eq!((code, out.as_str()), (1, ""));
    let (_, err, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path())
            .arg("--write")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("files: 3 rewritten, 1 created"), "{err}");
    let (_, _, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path())
            .arg("--check")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0);
}

#[test]
fn unparseable_and_non_utf8_files_are_reported_untouched_and_the_run_goes_on() {
    let tmp = project(&[
        (
            "good.py",
            "import time\n\n\ndef nap():\n    time.sleep(1)\n",
        ),
        ("bad.py", "import time\n\ndef broken(:\n    time.sleep(1)\n"),
    ]);
    std::fs::write(tmp.path().join("latin.py"), b"x = '\xe9'\n").unwrap();
    let (_, err, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path())
            .arg("--write")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 2, "{err}");
    let lines: Vec<&str> = err.lines().take(2).collect();
    assert_eq!(
        lines[0],
        "bad.py:3:12: SyntaxError: Expected a parameter or the end of the parameter list"
    );
    assert_eq!(lines[1], "latin.py:1:6: not valid UTF-8");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("bad.py")).unwrap(),
        "import time\n\ndef broken(:\n    time.sleep(1)\n"
    );
    assert!(
        std::fs::read_to_string(tmp.path().join("good.py"))
            .unwrap()
            .contains("async def async_nap")
    );
}

#[test]
fn bad_configuration_is_one_line_naming_the_file_and_position() {
    let tmp = project(&[
        (
            "pyproject.toml",
            "[tool.awaitify]\nnaming = 'prefix'\ncolour = 1\n",
        ),
        ("m.py", ""),
    ]);
    let (_, err, code) = text(&bin().arg("migrate").arg(tmp.path()).output().unwrap());
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("pyproject.toml:3:1: [tool.awaitify] `colour = 1`: unknown field `colour`"),
        "{err}"
    );

    let tmp = project(&[("awaitify.toml", "naming = \n"), ("m.py", "")]);
    let (_, err, code) = text(&bin().arg("migrate").arg(tmp.path()).output().unwrap());
    assert_eq!(code, 2);
    assert!(err.contains("awaitify.toml:1:10:"), "{err}");

    let tmp = project(CHAIN);
    let (_, err, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path())
            .args(["--only", "app.nope"])
            .output()
            .unwrap(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("--only `app.nope`: no such function"), "{err}");
    let (_, err, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path().join("missing"))
            .output()
            .unwrap(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("missing: no such file or directory"), "{err}");
}

#[test]
fn user_catalog_entries_in_awaitify_toml_are_used() {
    let tmp = project(&[
        (
            "awaitify.toml",
            "[[blocking]]\nname = \"thrift_client.Client.call\"\nstrategy = \"twin\"\nreplacement = \"{recv}.call_async({args})\"\n\n[[type]]\nname = \"thrift_client.Client\"\nreturns = \"thrift_client.Client\"\n",
        ),
        (
            "svc.py",
            "from thrift_client import Client\n\n\ndef ask(q):\n    c = Client()\n    return c.call('ask', q)\n",
        ),
    ]);
    let (out, err, code) = text(&bin().arg("migrate").arg(tmp.path()).output().unwrap());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("+    return await c.call_async('ask', q)"),
        "{out}"
    );
}

#[test]
fn write_keeps_permissions_and_never_overwrites_an_existing_runtime_helper() {
    let tmp = project(&[
        (
            "tool.py",
            "import time\n\n\ndef nap():\n    time.sleep(1)\n",
        ),
        ("_awaitify_runtime.py", "# mine\n"),
    ]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            tmp.path().join("tool.py"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
    }
    let (_, err, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path())
            .arg("--write")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("_awaitify_runtime.py")).unwrap(),
        "# mine\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(tmp.path().join("tool.py"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755);
    }
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn summary_json_has_the_report() {
    let tmp = project(CHAIN);
    let json_path = tmp.path().join("summary.json");
    let (_, err, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path())
            .arg("--quiet")
            .arg("--summary-json")
            .arg(&json_path)
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0);
    assert!(err.is_empty(), "{err}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let names: Vec<&str> = v["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["qualname"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["app.api.handler", "app.db.fetch", "app.service.get_user"]
    );
    assert_eq!(v["replacements"]["thread"], 1);
}

#[test]
fn gitignored_and_virtualenv_files_are_skipped() {
    let tmp = project(&[
        (".gitignore", "generated/\n"),
        (
            "generated/g.py",
            "import time\n\n\ndef g():\n    time.sleep(1)\n",
        ),
        (
            ".venv/lib/site.py",
            "import time\n\n\ndef s():\n    time.sleep(1)\n",
        ),
        ("m.py", "import time\n\n\ndef m():\n    time.sleep(1)\n"),
    ]);
    let (out, err, code) = text(&bin().arg("migrate").arg(tmp.path()).output().unwrap());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("a/m.py") && !out.contains("g.py") && !out.contains("site.py"),
        "{out}"
    );
}

fn migrate_write(dir: &Path) -> (String, String, i32) {
    text(
        &bin()
            .args(["migrate", "--write", "-q"])
            .arg(dir)
            .output()
            .unwrap(),
    )
}

const SLEEPERS: &[(&str, &str)] = &[
    ("pkg/__init__.py", ""),
    ("pkg/a.py", "import time\n\n\ndef a():\n    time.sleep(1)\n"),
    ("pkg/b.py", "import time\n\n\ndef b():\n    time.sleep(1)\n"),
];

#[cfg(unix)]
#[test]
fn write_refuses_a_read_only_file_and_goes_on_with_the_rest() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = project(SLEEPERS);
    let b = tmp.path().join("pkg/b.py");
    std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (_, err, code) = migrate_write(tmp.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("pkg/b.py: read-only: not written"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&b).unwrap(),
        SLEEPERS[2].1,
        "the read-only file is left as it was"
    );
    let a = std::fs::read_to_string(tmp.path().join("pkg/a.py")).unwrap();
    assert!(a.contains("async def async_a"), "{a}");
}

#[cfg(unix)]
#[test]
fn write_goes_through_a_symlink_to_its_target() {
    let tmp = project(&SLEEPERS[..2]);
    write(
        tmp.path(),
        "real/c.py",
        "import time\n\n\ndef c():\n    time.sleep(1)\n",
    );
    let link = tmp.path().join("pkg/c.py");
    std::os::unix::fs::symlink("../real/c.py", &link).unwrap();
    let (_, err, code) = migrate_write(tmp.path());
    assert_eq!(code, 0, "{err}");
    assert!(link.is_symlink(), "the symlink is kept");
    let target = std::fs::read_to_string(tmp.path().join("real/c.py")).unwrap();
    assert!(target.contains("async def async_c"), "{target}");
}

#[test]
fn an_edit_made_during_write_is_never_lost() {
    let tmp = project(SLEEPERS);
    let a = tmp.path().join("pkg/a.py");
    // The hook pauses between reading and writing; the test edits a file meanwhile.
    let child = bin()
        .env("AWAITIFY_TEST_PAUSE_BEFORE_WRITE", "1500")
        .args(["migrate", "--write", "-q"])
        .arg(tmp.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    let edited = format!("{}# edited while awaitify ran\n", SLEEPERS[1].1);
    std::fs::write(&a, &edited).unwrap();
    let out = child.wait_with_output().unwrap();
    let (_, err, code) = text(&out);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("pkg/a.py: changed since awaitify read it: not written"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&a).unwrap(),
        edited,
        "the edit is kept"
    );
    let b = std::fs::read_to_string(tmp.path().join("pkg/b.py")).unwrap();
    assert!(
        b.contains("async def async_b"),
        "the other file is written: {b}"
    );
}

#[test]
fn write_removes_temporary_files_an_interrupted_run_left() {
    let tmp = project(SLEEPERS);
    let stray = tmp.path().join("pkg/.awaitify-tmp-Ab12Cd");
    std::fs::write(&stray, "half").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stray)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let (_, err, code) = migrate_write(tmp.path());
    assert_eq!(code, 0, "{err}");
    assert!(!stray.exists(), "{err}");
    assert!(err.contains("left by an interrupted --write"), "{err}");
}

#[test]
fn the_diff_of_a_large_file_is_built_from_the_edits_and_applies() {
    // Over diff::LARGE_FILE_LINES lines, with every function changed: the diff comes from
    // the edits (a whole-file Myers diff is quadratic there).
    let mut src = String::from("import time\n\n\n");
    for i in 0..1500 {
        src.push_str(&format!("def f{i}():\n    time.sleep(0)\n\n\n"));
    }
    let tmp = project(&[("big.py", src.as_str())]);
    let out = bin()
        .args(["migrate", "-q"])
        .arg(tmp.path())
        .output()
        .unwrap();
    let (diff, err, code) = text(&out);
    assert_eq!(code, 0, "{err}");
    assert!(
        diff.contains("+async def async_f1499():"),
        "{}",
        &diff[..500]
    );
    let patch = tmp.path().join("m.patch");
    std::fs::write(&patch, &diff).unwrap();
    let applied = tempfile::tempdir().unwrap();
    write(applied.path(), "big.py", &src);
    let st = std::process::Command::new("git")
        .args(["apply", "--unsafe-paths"])
        .arg(&patch)
        .current_dir(applied.path())
        .status()
        .unwrap();
    assert!(st.success(), "the diff applies");
    let out = bin()
        .args(["migrate", "--write", "-q"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(text(&out).2, 0);
    assert_eq!(
        std::fs::read_to_string(applied.path().join("big.py")).unwrap(),
        std::fs::read_to_string(tmp.path().join("big.py")).unwrap(),
        "git apply of the diff gives what --write writes"
    );
}

#[test]
fn each_subcommand_lists_only_its_own_options() {
    let help = |sub: &str| {
        let out = bin().args([sub, "--help"]).output().unwrap();
        assert!(out.status.success(), "{sub} --help");
        String::from_utf8(out.stdout).unwrap()
    };
    let migration_only = [
        "--naming",
        "--strategy",
        "--keep-sync",
        "--only",
        "--runtime-module",
        "--include-tests",
    ];
    for sub in ["lint", "catalog"] {
        let text = help(sub);
        for flag in migration_only {
            assert!(!text.contains(flag), "`{sub} --help` lists {flag}:\n{text}");
        }
        assert!(
            !text.contains("to migrate"),
            "`{sub} --help` talks of migrating:\n{text}"
        );
        for flag in ["--lang", "--root", "--exclude", "--rules", "--threads"] {
            assert!(text.contains(flag), "`{sub} --help` lacks {flag}");
        }
    }
    for sub in ["migrate", "explain", "graph"] {
        let text = help(sub);
        for flag in migration_only {
            assert!(text.contains(flag), "`{sub} --help` lacks {flag}");
        }
    }
    let lint = help("lint");
    for flag in ["--select", "--statistics", "--format", "--baseline"] {
        assert!(lint.contains(flag), "`lint --help` lacks {flag}");
    }
    assert!(!help("migrate").contains("--statistics"));
}

#[test]
fn every_configuration_error_names_the_file_line_and_key() {
    // (table body, what the one-line error must say), for migrate and lint alike.
    let cases: &[(&str, &str)] = &[
        (
            "namin = 'suffix'",
            "pyproject.toml:5:1: [tool.awaitify] `namin = 'suffix'`: unknown field `namin`",
        ),
        (
            "naming = 3",
            "pyproject.toml:5:10: [tool.awaitify] `naming = 3`: invalid type: integer `3`, expected a string",
        ),
        (
            "blocking = [{ name = 'x.y', strategy = 'thred' }]",
            "pyproject.toml:5:40: [tool.awaitify] `blocking = [{ name = 'x.y', strategy = 'thred' }]`: unknown variant `thred`",
        ),
        (
            "blocking = [{ nam = 'x.y' }]",
            "pyproject.toml:5:15: [tool.awaitify] `blocking = [{ nam = 'x.y' }]`: unknown field `nam`",
        ),
        (
            "ignore = ['AWT2O1']",
            "pyproject.toml:5:11: ignore: `AWT2O1` is not a rule code or prefix; did you mean `AWT201`?",
        ),
        (
            "select = ['AWT1', 'AWTX']",
            "pyproject.toml:5:19: select: `AWTX` is not a rule code or prefix",
        ),
        (
            "[tool.awaitify.per-file-ignores]\n'tests/*' = ['AWT9Z9']",
            "pyproject.toml:6:14: per-file-ignores: `AWT9Z9` is not a rule code or prefix; did you mean `AWT109`?",
        ),
    ];
    let hints = [
        "did you mean `naming`?",
        "",
        "did you mean `thread`?",
        "did you mean `name`?",
        "",
        "",
        "",
    ];
    for ((body, want), hint) in cases.iter().zip(hints) {
        let tmp = project(&[
            (
                "pyproject.toml",
                &format!("[project]\nname = \"x\"\n\n[tool.awaitify]\n{body}\n"),
            ),
            ("m.py", ""),
        ]);
        for sub in ["migrate", "lint"] {
            let (_, err, code) = text(&bin().arg(sub).arg(tmp.path()).output().unwrap());
            assert_eq!(code, 2, "{sub} {body}: {err}");
            assert_eq!(err.lines().count(), 1, "{sub} {body}: {err}");
            assert!(err.contains(want), "{sub} {body}: {err}");
            assert!(err.contains(hint), "{sub} {body}: {err}");
        }
    }
    // The same schema in awaitify.toml, with its own positions.
    let tmp = project(&[
        ("awaitify.toml", "strategy = 'default'\nnaming = 'sufix'\n"),
        ("m.py", ""),
    ]);
    let (_, err, code) = text(&bin().arg("migrate").arg(tmp.path()).output().unwrap());
    assert_eq!(code, 2);
    assert!(
        err.contains("awaitify.toml:2:10: `naming = 'sufix'`: unknown variant `sufix`"),
        "{err}"
    );
    assert!(err.contains("did you mean `suffix`?"), "{err}");
}

#[test]
fn annotated_diffs_say_why_and_still_apply() {
    let tmp = project(CHAIN);
    let (diff, _, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path())
            .args(["--annotate", "--quiet"])
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0);
    // Each function's line comes before its file's header, with the chain's blocking call.
    let at = |needle: &str| {
        diff.find(needle)
            .unwrap_or_else(|| panic!("{needle}:\n{diff}"))
    };
    let why = "# awaitify: app.api.handler (line 4, wave 3) becomes async: calls `requests.get` (app/db.py:5) through app.service.get_user -> app.db.fetch\n";
    assert!(at(why) < at("diff --git a/app/api.py"), "{diff}");
    assert!(
        at("diff --git a/app/db.py") < at("# awaitify: app.service.get_user"),
        "{diff}"
    );
    assert!(
        diff.contains("new file (the helper the shims call)"),
        "{diff}"
    );
    // `git apply` and `patch` skip the comment lines.
    let patch = tmp.path().join("annotated.patch");
    std::fs::write(&patch, &diff).unwrap();
    let git = std::process::Command::new("git")
        .args(["apply", "--check", "-v"])
        .arg(&patch)
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(
        git.status.success(),
        "{}",
        String::from_utf8_lossy(&git.stderr)
    );
    let dry = std::process::Command::new("patch")
        .args(["-p1", "--dry-run", "-i"])
        .arg(&patch)
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stdout)
    );
    // The patch series' messages and the JSON summary carry the same reasons.
    let dir = tmp.path().join("patches");
    let (_, _, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path())
            .arg("--patch-dir")
            .arg(&dir)
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0);
    let first = std::fs::read_to_string(dir.join("0001-awaitify-wave-1.patch")).unwrap();
    assert!(
        first.contains("- app.db.fetch: calls `requests.get` (app/db.py:5)\n"),
        "{first}"
    );
}

#[test]
fn shell_completions_and_the_man_page_come_from_the_command_line_definition() {
    let (bash, _, code) = text(&bin().args(["completions", "bash"]).output().unwrap());
    assert_eq!(code, 0);
    // bash accepts the script and registers the completion.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("{bash}\ncomplete -p awaitify"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("awaitify"));
    for sub in ["migrate", "lint", "explain", "graph", "catalog"] {
        assert!(bash.contains(sub), "bash completion lacks {sub}");
    }
    assert!(bash.contains("--stdin-filename") && bash.contains("--verify-with"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let (script, _, code) = text(&bin().args(["completions", shell]).output().unwrap());
        assert_eq!(code, 0, "{shell}");
        assert!(script.contains("lint"), "{shell}");
    }
    let (man, _, code) = text(&bin().arg("man").output().unwrap());
    assert_eq!(code, 0);
    assert!(man.contains(".TH awaitify 1"), "{man}");
    assert!(man.contains(".SH SUBCOMMANDS"), "{man}");
    for sub in ["migrate", "lint", "explain", "graph", "catalog", "rule"] {
        assert!(
            man.contains(&format!("awaitify\\-{sub}(1)")),
            "man page lacks {sub}"
        );
    }
}

#[test]
fn a_reader_that_goes_away_ends_the_run_quietly() {
    // `awaitify catalog | head -1`, `awaitify migrate | head -1`: the pipe closes early.
    for args in [
        vec!["catalog".to_string()],
        vec![
            "migrate".to_string(),
            repo_root()
                .join("testdata/python/demo")
                .display()
                .to_string(),
        ],
        vec!["man".to_string()],
    ] {
        let mut child = bin()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && !err.contains("error"),
            "{args:?}: {err}"
        );
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

/// `docs/rules/<CODE>.md`, `docs/rules/README.md` and `docs/catalog.md` are generated from
/// the rule table and the shipped catalog (`awaitify rule`, `awaitify catalog`); this test
/// fails when they are not current, and `AWAITIFY_BLESS=1` rewrites them.
#[test]
fn generated_docs_are_current() {
    let run = |args: &[&str]| {
        let (out, err, code) = text(&bin().args(args).output().unwrap());
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    let mut want: Vec<(std::path::PathBuf, String)> = vec![];
    let docs = repo_root().join("docs");
    let listing = run(&["rule", "--all"]);
    let mut index = String::from(
        "# Lint rules\n\nGenerated from the rule table (`awaitify rule --all`; `AWAITIFY_BLESS=1 cargo test -p awaitify --test cli generated_docs` rewrites these files).\n\n| code | name | severity | what it reports |\n| --- | --- | --- | --- |\n",
    );
    for line in listing.lines() {
        let mut parts = line.split_whitespace();
        let (Some(code), Some(name), Some(severity)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let summary = parts.collect::<Vec<_>>().join(" ");
        index.push_str(&format!(
            "| [{code}]({code}.md) | {name} | {severity} | {} |\n",
            summary.replace('|', "\\|")
        ));
        want.push((docs.join(format!("rules/{code}.md")), run(&["rule", code])));
    }
    assert!(want.len() >= 15, "{listing}");
    want.push((docs.join("rules/README.md"), index));
    let empty = tempfile::tempdir().unwrap();
    let mut catalog = String::from(
        "# The shipped catalog\n\nGenerated from `rules/` (`awaitify catalog --lang python|rust`): every blocking call awaitify knows, its family (file in `rules/<language>/`) and what a migration does with it (`twin`: its async twin; `thread`: run on a thread; `review`: left for the reviewer; Rust's `not_send` family: values tied to their thread, see `rules/rust/not_send.toml`). Add your own in `[tool.awaitify] blocking`, or a directory with `--rules`.\n",
    );
    for lang in ["python", "rust"] {
        catalog.push_str(&format!(
            "\n## {}\n\n| family | name | strategy |\n| --- | --- | --- |\n",
            if lang == "python" { "Python" } else { "Rust" }
        ));
        for line in run(&["catalog", "--lang", lang, empty.path().to_str().unwrap()]).lines() {
            let mut parts = line.split_whitespace();
            let (Some(family), Some(name)) = (parts.next(), parts.next()) else {
                continue;
            };
            let strategy = parts.collect::<Vec<_>>().join(" ");
            catalog.push_str(&format!("| {family} | `{name}` | {strategy} |\n"));
        }
    }
    want.push((docs.join("catalog.md"), catalog));
    let bless = std::env::var_os("AWAITIFY_BLESS").is_some();
    let mut stale = vec![];
    for (path, text) in &want {
        if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
            if bless {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated docs are not current (AWAITIFY_BLESS=1 rewrites them): {stale:?}"
    );
}

#[test]
fn output_file_and_config_file_options() {
    let tmp = project(&[
        (
            "app/job.py",
            "import time\n\n\ndef wait():\n    time.sleep(1)\n\n\nasync def job():\n    time.sleep(1)\n",
        ),
        ("app/__init__.py", ""),
    ]);
    // `awaitify SUB <project> ARGS...`
    let run = |sub: &str, args: &[&std::ffi::OsStr]| {
        text(&bin().arg(sub).arg(tmp.path()).args(args).output().unwrap())
    };
    // `lint -o FILE`: the report goes to the file, stdout stays empty, the exit code holds.
    let report = tmp.path().join("report.json");
    let (out, _, code) = run(
        "lint",
        &[
            "--format".as_ref(),
            "json".as_ref(),
            "--output-file".as_ref(),
            report.as_os_str(),
        ],
    );
    assert_eq!((code, out.as_str()), (1, ""));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(v["findings"][0]["code"], "AWT101");
    // `--config FILE` replaces the project's configuration, for lint and migrate.
    let elsewhere = tempfile::tempdir().unwrap();
    let cfg = elsewhere.path().join("awaitify.toml");
    std::fs::write(&cfg, "ignore = [\"AWT101\"]\nnaming = \"suffix\"\n").unwrap();
    let config = ["--config".as_ref(), cfg.as_os_str()];
    let (out, _, code) = run("lint", &config);
    assert_eq!((code, out.as_str()), (0, "All checks passed!\n"));
    let (diff, _, code) = run("migrate", &config);
    assert_eq!(code, 0);
    // The named file's `naming = "suffix"`; a bad value there is reported at its position.
    assert!(diff.contains("+async def wait_async():"), "{diff}");
    std::fs::write(&cfg, "naming = \"sufix\"\n").unwrap();
    let (_, err, code) = run("migrate", &config);
    assert_eq!(code, 2);
    assert!(
        err.contains("awaitify.toml:1:10: `naming = \"sufix\"`: unknown variant"),
        "{err}"
    );
    let missing = elsewhere.path().join("nope.toml");
    let (_, err, code) = run("lint", &["--config".as_ref(), missing.as_os_str()]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.toml: cannot read"), "{err}");
}

/// The progress spinner shows on a terminal (run under a pseudo-terminal with `script`)
/// and is cleared before the summary; in a pipe there is none.
#[test]
fn progress_shows_on_a_terminal_only() {
    let tmp = project(CHAIN);
    let bin_path = env!("CARGO_BIN_EXE_awaitify");
    let log = tmp.path().join("pty.log");
    let cmd = format!(
        "AWAITIFY_PROGRESS_DELAY_MS=0 {bin_path} migrate --verify-with 'sleep 0.5' {} > /dev/null",
        tmp.path().display()
    );
    let st = std::process::Command::new("script")
        .args(["-qec", &cmd])
        .arg(&log)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("script (util-linux) runs a command under a pseudo-terminal");
    assert!(st.success());
    let pty = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).to_string();
    assert!(pty.contains("awaitify: parse and extract: done"), "{pty}");
    // Cleared (erase-line) before the summary is printed.
    let summary = pty.find("function(s) made async").expect("summary");
    let last_spinner = pty.rfind("done;").unwrap();
    assert!(last_spinner < summary, "{pty}");
    assert!(pty[last_spinner..summary].contains("\u{1b}[2K"), "{pty}");
    // Not a terminal: no spinner at all.
    let (_, err, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path())
            .env("AWAITIFY_PROGRESS_DELAY_MS", "0")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0);
    assert!(!err.contains("done;"), "{err}");
}

#[test]
fn color_is_chosen_with_color_auto_always_never() {
    let tmp = project(CHAIN);
    let migrate = |color: &str| {
        text(
            &bin()
                .arg("migrate")
                .arg(tmp.path())
                .args(["--quiet", "--color", color])
                .output()
                .unwrap(),
        )
        .0
    };
    let plain = migrate("never");
    let colored = migrate("always");
    assert!(!plain.contains('\u{1b}'));
    assert!(
        colored.contains("\u{1b}[32m+async def async_handler"),
        "{colored}"
    );
    // The colours wrap lines; the text is the same.
    let stripped = [
        "\u{1b}[1m",
        "\u{1b}[31m",
        "\u{1b}[32m",
        "\u{1b}[36m",
        "\u{1b}[0m",
    ]
    .iter()
    .fold(colored.clone(), |s, code| s.replace(code, ""));
    assert_eq!(stripped, plain);
    // `auto` in a pipe is plain, for migrate and lint.
    assert_eq!(migrate("auto"), plain);
    let blocking = project(&[(
        "job.py",
        "import time\n\n\nasync def job():\n    time.sleep(1)\n",
    )]);
    let lint = |color: &str| {
        text(
            &bin()
                .arg("lint")
                .arg(blocking.path())
                .args(["--color", color])
                .output()
                .unwrap(),
        )
        .0
    };
    assert!(lint("always").contains("\u{1b}["), "{}", lint("always"));
    assert!(!lint("auto").contains('\u{1b}'));
    assert_eq!(lint("auto"), lint("never"));
    assert!(lint("never").contains("job.py:5:5: AWT101"));
}

#[test]
fn show_settings_says_what_is_in_effect_and_where_it_comes_from() {
    let tmp = project(&[
        (
            "pyproject.toml",
            "[project]\nname = \"x\"\n\n[tool.awaitify]\nnaming = \"suffix\"\nignore = [\"AWT303\"]\n",
        ),
        ("m.py", ""),
    ]);
    let (out, _, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path())
            .args(["--show-settings", "--keep-sync", "m.*"])
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0);
    assert!(out.contains("language: python (detected)"), "{out}");
    assert!(
        out.contains("pyproject.toml)\n") && out.contains("naming: suffix (configuration "),
        "{out}"
    );
    assert!(out.contains("strategy: default (default)"), "{out}");
    assert!(out.contains("keep-sync: [m.*] (command line)"), "{out}");
    assert!(
        out.contains("catalog: ") && out.contains("blocking calls (the shipped rules/)"),
        "{out}"
    );
    assert!(!out.contains("diff --git"), "settings only: {out}");
    let (out, _, code) = text(
        &bin()
            .arg("lint")
            .arg(tmp.path())
            .arg("--show-settings")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0);
    assert!(out.contains("ignore: [AWT303]"), "{out}");
    assert!(out.contains("select: the rules on by default"), "{out}");
    assert!(!out.contains("naming:"), "lint shows lint settings: {out}");
}

#[test]
fn quiet_lint_prints_findings_only_and_help_has_examples() {
    let tmp = project(&[(
        "job.py",
        "import time\n\n\nasync def job():\n    time.sleep(1)\n",
    )]);
    let lint = |args: &[&str]| {
        text(
            &bin()
                .arg("lint")
                .arg(tmp.path())
                .args(args)
                .output()
                .unwrap(),
        )
    };
    let (full, _, code) = lint(&[]);
    assert_eq!(code, 1);
    let (quiet, _, code) = lint(&["-q"]);
    assert_eq!(code, 1, "-q keeps the exit code");
    assert!(full.ends_with("Found 1 finding(s).\n"), "{full}");
    assert!(
        quiet.starts_with("job.py:5:5: AWT101") && !quiet.contains("Found"),
        "{quiet}"
    );
    assert!(full.starts_with(&quiet), "-q prints the same findings");
    for (sub, example) in [
        ("migrate", "--verify-with 'python -m pytest -x -q' --write"),
        ("lint", "- id: awaitify-lint"),
    ] {
        let (help, _, code) = text(&bin().args([sub, "--help"]).output().unwrap());
        assert_eq!(code, 0);
        assert!(
            help.contains("Examples:") && help.contains(example),
            "{sub}: {help}"
        );
    }
}

#[test]
fn migrate_of_one_file_shows_that_file_from_the_projects_migration() {
    let tmp = project(CHAIN);
    std::fs::write(
        tmp.path().join("pyproject.toml"),
        "[project]\nname = \"x\"\n",
    )
    .unwrap();
    let (whole, _, _) = text(&bin().arg("migrate").arg(tmp.path()).output().unwrap());
    let (one, err, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path().join("app/service.py"))
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{err}");
    // Exactly that file's diff, as the whole project's migration has it.
    assert!(
        one.starts_with("diff --git a/app/service.py b/app/service.py"),
        "{one}"
    );
    assert_eq!(one.matches("diff --git").count(), 1, "{one}");
    assert!(whole.contains(&one), "{whole}\n---\n{one}");
    assert!(err.contains("showing app/service.py only"), "{err}");
    assert!(
        err.contains("app.service.get_user") && !err.contains("app.db.fetch"),
        "{err}"
    );
    // Writing one file alone is refused, with the reason.
    let (_, err, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path().join("app/service.py"))
            .arg("--write")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("--write and --patch-dir take the project, not some of its files"),
        "{err}"
    );
}

#[test]
fn symlinks_are_reported_not_followed_and_lint_verbose_lists_unresolved_async_calls() {
    let tmp = project(&[
        ("pyproject.toml", ""),
        (
            "pkg/a.py",
            "import time\n\n\nasync def f(x):\n    time.sleep(1)\n    x.go()\n",
        ),
    ]);
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "o.py",
        "import time\n\n\ndef o():\n    time.sleep(1)\n",
    );
    write(outside.path(), "lib/m.py", "def m():\n    pass\n");
    let link =
        |target: &Path, at: &str| std::os::unix::fs::symlink(target, tmp.path().join(at)).unwrap();
    link(&outside.path().join("o.py"), "pkg/o.py");
    link(Path::new("a.py"), "pkg/alias.py");
    link(Path::new("missing.py"), "pkg/broken.py");
    link(&outside.path().join("lib"), "vendored");
    link(Path::new("README.txt"), "notes.txt");
    let run = |args: &[&str]| text(&bin().args(args).arg(tmp.path()).output().unwrap());
    for sub in ["lint", "migrate"] {
        let (_, err, _) = run(&[sub]);
        let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
        assert_eq!(
            warnings,
            [
                "warning: pkg/alias.py: skipped a symlink to pkg/a.py (it is read under that path)",
                "warning: pkg/broken.py: skipped a broken symlink",
                &*format!(
                    "warning: pkg/o.py: skipped a symlink to {}, outside the project (awaitify edits only files inside it)",
                    std::fs::canonicalize(outside.path().join("o.py"))
                        .unwrap()
                        .display()
                ),
                &*format!(
                    "warning: vendored: skipped a symlinked directory to {}, outside the project (awaitify edits only files inside it)",
                    std::fs::canonicalize(outside.path().join("lib"))
                        .unwrap()
                        .display()
                ),
            ],
            "{sub}: {err}"
        );
        let (_, quiet, _) = run(&[sub, "-q"]);
        assert!(!quiet.contains("warning:"), "{sub} -q: {quiet}");
    }
    // Nothing outside the project was analysed or changed.
    let (diff, _, _) = run(&["migrate"]);
    assert!(!diff.contains("o.py") && !diff.contains("m.py"), "{diff}");

    let (out, err, code) = run(&["lint", "-v"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("pkg/a.py:5:5: AWT101"), "{out}");
    assert!(
        err.contains(", configuration: none, 1 file(s) analysed")
            && err.contains(
                "calls in async functions nothing was resolved for: 1 (a blocking call behind one of them is not reported)\n  pkg/a.py:6: `x.go` (the receiver's type is unknown)\n"
            ),
        "{err}"
    );
    let (_, err, code) = run(&["lint", "-v", "-q"]);
    assert_eq!(code, 2, "-v and -q conflict: {err}");
}

#[test]
fn cargo_metadata_holds_the_same_configuration_with_positions() {
    let sleeper = "fn pause() {\n    std::thread::sleep(std::time::Duration::from_millis(1));\n}\n\nasync fn run() {\n    pause();\n}\n";
    let manifest = |table: &str, body: &str| {
        format!(
            "[package]\nname = \"p\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[{table}.metadata.awaitify]\n{body}\n"
        )
    };
    // A valid table is read (and named by --show-settings).
    let tmp = project(&[
        ("Cargo.toml", &manifest("package", "ignore = ['AWT201']")),
        ("src/lib.rs", sleeper),
    ]);
    let (out, _, code) = text(
        &bin()
            .args(["lint", "--show-settings"])
            .arg(tmp.path())
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.lines().any(|l| l == "ignore: [AWT201]")
            && out
                .lines()
                .any(|l| l.starts_with("configuration file: ") && l.ends_with("/Cargo.toml")),
        "{out}"
    );
    // Errors name the file, line, column, table and key, as for pyproject.toml.
    for (table, body, want) in [
        (
            "package",
            "namin = 'suffix'",
            "Cargo.toml:7:1: [package.metadata.awaitify] `namin = 'suffix'`: unknown field `namin`",
        ),
        (
            "workspace",
            "naming = 3",
            "Cargo.toml:7:10: [workspace.metadata.awaitify] `naming = 3`: invalid type: integer `3`, expected a string",
        ),
        (
            "package",
            "select = ['AWT1', 'AWTX']",
            "Cargo.toml:7:19: select: `AWTX` is not a rule code or prefix",
        ),
    ] {
        let tmp = project(&[
            ("Cargo.toml", &manifest(table, body)),
            ("src/lib.rs", sleeper),
        ]);
        for sub in ["migrate", "lint"] {
            let (_, err, code) = text(&bin().arg(sub).arg(tmp.path()).output().unwrap());
            assert_eq!(code, 2, "{sub} {body}: {err}");
            assert_eq!(err.lines().count(), 1, "{sub} {body}: {err}");
            assert!(err.contains(want), "{sub} {body}: {err}");
        }
    }
    // awaitify.toml wins over the manifest; pyproject.toml without the table is passed over.
    let tmp = project(&[
        ("Cargo.toml", &manifest("package", "namin = 'x'")),
        ("pyproject.toml", "[project]\nname = 'p'\n"),
        ("awaitify.toml", "naming = 'suffix'\n"),
        ("src/lib.rs", sleeper),
    ]);
    let (out, err, code) = text(
        &bin()
            .args(["migrate", "--show-settings"])
            .arg(tmp.path())
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("awaitify.toml"), "{out}");
    std::fs::remove_file(tmp.path().join("awaitify.toml")).unwrap();
    let (_, err, code) = text(&bin().arg("migrate").arg(tmp.path()).output().unwrap());
    assert_eq!(code, 2);
    assert!(
        err.contains("Cargo.toml:7:1: [package.metadata.awaitify]"),
        "{err}"
    );
}

/// `migrate --interactive` driven through a pseudo-terminal (util-linux `script`), the
/// answers typed ahead: returns (what the terminal showed, exit code).
fn interactive(dir: &Path, args: &str, answers: &str) -> (String, i32) {
    let log = dir.join("../pty.log");
    let answers_file = dir.join("../answers");
    std::fs::write(&answers_file, answers).unwrap();
    let cmd = format!(
        "{} migrate --interactive {args} {}; echo \"exit=$?\"",
        env!("CARGO_BIN_EXE_awaitify"),
        dir.display()
    );
    let st = std::process::Command::new("script")
        .args(["-qec", &cmd])
        .arg(&log)
        .stdin(std::fs::File::open(&answers_file).unwrap())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("script (util-linux) runs a command under a pseudo-terminal");
    assert!(st.success());
    let pty = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).replace("\r\n", "\n");
    let code = pty
        .rsplit_once("exit=")
        .and_then(|(_, c)| c.lines().next()?.trim().parse().ok())
        .expect("exit code");
    (pty, code)
}

#[test]
fn interactive_review_applies_what_was_accepted_consistently() {
    const IO: &str = "import time\n\n\ndef pause():\n    time.sleep(0)\n\n\ndef fetch():\n    pause()\n    return 1\n\n\ndef other():\n    time.sleep(0)\n";
    let fresh = || {
        let outer = tempfile::tempdir().unwrap();
        let dir = outer.path().join("p");
        for (rel, text) in [
            ("pyproject.toml", ""),
            ("pkg/__init__.py", ""),
            ("pkg/io.py", IO),
        ] {
            write(&dir, rel, text);
        }
        (outer, dir)
    };
    let io = |dir: &Path| std::fs::read_to_string(dir.join("pkg/io.py")).unwrap();

    // Keep `pause` sync: `fetch` was async only because of it, so it is not asked about
    // and stays sync too; `other` is accepted.
    let (_outer, dir) = fresh();
    let (pty, code) = interactive(&dir, "--write", "?\nn\ny\n");
    assert_eq!(code, 0, "{pty}");
    assert!(
        pty.contains(
            "[1/3] wave 1: pkg.io.pause (pkg/io.py:4)\n  why: calls `time.sleep` (pkg/io.py:5)"
        ),
        "{pty}"
    );
    assert!(
        pty.contains("\u{1b}[32m+async def async_pause():"),
        "hunks coloured on a terminal: {pty}"
    );
    assert!(
        pty.contains("  n: keep it sync; what is async only because of it stays sync too"),
        "{pty}"
    );
    assert!(
        pty.contains("[2/2] wave 1: pkg.io.other (pkg/io.py:13)"),
        "{pty}"
    );
    assert!(
        !pty.contains("pkg.io.fetch (pkg"),
        "fetch is not asked about: {pty}"
    );
    assert!(pty.contains("--keep-sync 'pkg.io.pause'"), "{pty}");
    let after = io(&dir);
    assert!(
        after.contains("def pause():\n    time.sleep(0)")
            && after.contains("def fetch():\n    pause()\n    return 1")
            && after.contains("async def async_other():\n    await asyncio.sleep(0)")
            && !after.contains("async_pause")
            && !after.contains("async_fetch"),
        "{after}"
    );
    // The same decision without the review: nothing more to change.
    let (diff, err, code) = text(
        &bin()
            .args(["migrate", "--keep-sync", "pkg.io.pause"])
            .arg(&dir)
            .output()
            .unwrap(),
    );
    assert_eq!((diff.as_str(), code), ("", 0), "{err}");

    // Accept all: the same diff as a plain run.
    let (_outer, dir) = fresh();
    let out = dir.join("../out.diff");
    let (pty, code) = interactive(&dir, &format!("> {}", out.display()), "a\n");
    assert_eq!(code, 0, "{pty}");
    let (plain, _, _) = text(&bin().arg("migrate").arg(&dir).output().unwrap());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), plain);
    assert_eq!(io(&dir), IO, "no --write: nothing written");

    // Accept `pause`, then quit: the rest stays sync.
    let (_outer, dir) = fresh();
    let (pty, code) = interactive(&dir, "--write", "y\nq\n");
    assert_eq!(code, 0, "{pty}");
    let after = io(&dir);
    assert!(
        after.contains("async def async_pause():")
            && after.contains("def fetch():\n    pause()")
            && after.contains("def other():\n    time.sleep(0)"),
        "{after}"
    );

    // The input ends before the review does: nothing is written.
    let (_outer, dir) = fresh();
    let (pty, code) = interactive(&dir, "--write", "y\n");
    assert_eq!(code, 2, "{pty}");
    assert!(
        pty.contains("the review ended before its last answer: nothing was changed"),
        "{pty}"
    );
    assert_eq!(io(&dir), IO);
}

/// Headless Chromium (Debian's `chromium`), if installed.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn html_review_report_renders_and_filters_in_a_real_browser() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("testdata/python/demo"), tmp.path());
    let report = tmp.path().join("review");
    let (diff, err, code) = text(
        &bin()
            .arg("migrate")
            .arg(tmp.path())
            .arg("--html")
            .arg(&report)
            .arg("--summary-json")
            .arg(tmp.path().join("s.json"))
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(diff.starts_with("diff --git"), "the diff is still printed");
    let index = report.join("index.html");
    assert!(
        err.contains(&format!("review report written to {}", index.display())),
        "{err}"
    );
    let html = std::fs::read_to_string(&index).unwrap();
    // The page as written: every function with its chain and hunks, the graph, filters.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("s.json")).unwrap()).unwrap();
    let functions = json["functions"].as_array().unwrap();
    assert_eq!(
        html.matches("<article class=\"fn\"").count(),
        functions.len()
    );
    for f in functions {
        let q = f["qualname"].as_str().unwrap();
        assert!(html.contains(&format!("data-name=\"{q}\"")), "{q}");
    }
    assert!(html.contains(
        "<li class=\"blocking\"><code>time.sleep</code> at <code>weather/clock.py:8</code></li>"
    ));
    assert!(html.contains("<span class=\"add\">+async def async_pause(seconds):</span>"));
    assert!(html.contains("<g class=\"node blocking\" data-name=\"blocking:time.sleep\">"));
    assert!(html.contains("<select id=\"strategy\"><option value=\"\">all</option><option value=\"awaits only\">awaits only</option><option value=\"thread\">thread</option><option value=\"twin\">twin</option></select>"), "{html}");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network needed"
    );

    let Some(browser) = chromium() else {
        assert_ne!(
            std::env::var("AWAITIFY_BROWSER_TESTS").as_deref(),
            Ok("required"),
            "AWAITIFY_BROWSER_TESTS=required but no chromium is installed (apt-get install chromium)"
        );
        eprintln!("skipping the browser half: no chromium (scripts/test requires it)");
        return;
    };
    // Headless Chromium crashes now and then on this kind of machine (seen: one
    // segfault in a dozen runs), so a run is tried up to three times.
    let headless = |extra: &[&str], url: &str| {
        let mut last = String::new();
        for _ in 0..3 {
            let out = std::process::Command::new(browser)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                ])
                .arg(format!(
                    "--user-data-dir={}",
                    tmp.path().join("profile").display()
                ))
                .args(extra)
                .arg(url)
                .output()
                .unwrap();
            if out.status.success() {
                return String::from_utf8_lossy(&out.stdout).to_string();
            }
            last = format!("{:?}: {}", out.status, String::from_utf8_lossy(&out.stderr));
        }
        panic!("chromium failed three times: {last}");
    };
    let url = format!("file://{}", index.display());
    // A screenshot of the rendered page: a real image, not a blank one.
    let shot = tmp.path().join("shot.png");
    headless(
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600",
        ],
        &url,
    );
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(
        png.len() > 20_000,
        "a page with content, {} bytes",
        png.len()
    );
    // The DOM after the page's script ran: no filter shows everything; a view in the
    // link's fragment filters (wave 2 only; wave 1 and needs review).
    let count = |dom: &str| {
        dom.split("id=\"shown\">")
            .nth(1)
            .and_then(|r| r.split('<').next())
            .unwrap_or("")
            .to_string()
    };
    let total = functions.len();
    let dom = headless(&["--dump-dom"], &url);
    assert_eq!(count(&dom), format!("{total} of {total} functions shown"));
    let in_wave = |w: u64| {
        functions
            .iter()
            .filter(|f| f["wave"].as_u64() == Some(w - 1))
            .count()
    };
    let dom = headless(&["--dump-dom"], &format!("{url}#wave=2"));
    assert_eq!(
        count(&dom),
        format!("{} of {total} functions shown", in_wave(2))
    );
    let shown: Vec<&str> = dom
        .split("<article class=\"fn\"")
        .skip(1)
        .map(|a| a.split('>').next().unwrap())
        .filter(|tag| !tag.contains("hidden"))
        .collect();
    assert_eq!(shown.len(), in_wave(2), "{shown:?}");
    assert!(
        shown.iter().all(|tag| tag.contains("data-wave=\"2\"")),
        "{shown:?}"
    );
    let dom = headless(&["--dump-dom"], &format!("{url}#wave=1&review=1"));
    assert_eq!(
        count(&dom),
        format!("1 of {total} functions shown"),
        "weather.clock.pause: its time.sleep twin needs review"
    );
    assert!(
        dom.contains("data-name=\"weather.clock.pause\">")
            || dom.contains("data-name=\"weather.clock.pause\" "),
        "{dom}"
    );
}

#[test]
fn globs_and_standard_input_wherever_a_path_is_taken() {
    let tmp = project(CHAIN);
    write(tmp.path(), "pyproject.toml", "[project]\nname = 'app'\n");
    let run = |args: &[&str], stdin: &str| {
        let mut child = bin()
            .args(args)
            .current_dir(tmp.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), stdin.as_bytes()).unwrap();
        text(&child.wait_with_output().unwrap())
    };
    // A quoted glob: the files it matches, from their project's migration.
    let (diff, err, code) = run(&["migrate", "app/[ds]*.py"], "");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("showing app/db.py, app/service.py only"),
        "{err}"
    );
    let files: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with("diff --git"))
        .collect();
    assert_eq!(
        files,
        [
            "diff --git a/app/db.py b/app/db.py",
            "diff --git a/app/service.py b/app/service.py"
        ]
    );
    let (out, err, code) = run(&["lint", "app/*.py", "--exit-zero"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with("All checks passed!\n"), "{out}");
    let (_, err, code) = run(&["migrate", "lib/**/*.py"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("lib/**/*.py: no file matches this glob"),
        "{err}"
    );
    let (_, err, code) = run(&["migrate", "app/*.py", "--write"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("take the project, not some of its files"),
        "{err}"
    );
    // `-`: an editor's unsaved buffer stands for one file; the rest is read from disk.
    let buffer = "from app import db\n\n\ndef get_user(uid):\n    return db.fetch(uid)\n\n\ndef get_admin():\n    return db.fetch(0)\n";
    let (diff, err, code) = run(
        &["migrate", "-", "--stdin-filename", "app/service.py"],
        buffer,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        diff.starts_with("diff --git a/app/service.py b/app/service.py"),
        "{diff}"
    );
    assert!(
        diff.contains("+async def async_get_admin():\n+    return await db.async_fetch(0)"),
        "{diff}"
    );
    let on_disk = std::fs::read_to_string(tmp.path().join("app/service.py")).unwrap();
    assert!(!on_disk.contains("get_admin"), "the disk is not touched");
    let (_, err, code) = run(&["migrate", "--stdin-filename", "x.py", "app"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("--stdin-filename x.py: only with `-`"),
        "{err}"
    );
}

/// Lint resolves only what async code can reach (and the call sites that pass values to
/// it): on every lint fixture it reports exactly what resolving the whole program does.
#[test]
fn lint_on_demand_reports_what_whole_program_resolution_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/python/lint");
    let mut cases = 0;
    let mut findings = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let run = |whole: bool| {
            let mut cmd = bin();
            cmd.args(["lint", "--format", "json", "--exit-zero", "--project"])
                .arg(&dir)
                .arg(&dir);
            if whole {
                cmd.env("AWAITIFY_LINT_WHOLE_PROGRAM", "1");
            }
            let (out, err, code) = text(&cmd.output().unwrap());
            assert!(code <= 1, "{}: {err}", dir.display());
            out
        };
        let on_demand = run(false);
        assert!(on_demand.contains("\"findings\""), "{on_demand}");
        assert_eq!(on_demand, run(true), "{}", dir.display());
        findings += on_demand.matches("\"code\": \"AWT").count();
        cases += 1;
    }
    assert!(cases >= 10, "only {cases} lint fixtures found");
    // The fixtures are linted as projects (the repository's own configuration leaves
    // testdata out): they hold well over a hundred findings.
    assert!(
        findings >= 100,
        "only {findings} findings in {cases} fixtures"
    );
}
