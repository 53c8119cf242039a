//! The compile-and-run test for the Rust frontend: a sync multi-module crate
//! (`testdata/rust/demo`: sleep, files, a process, a TCP echo on 127.0.0.1, with its own
//! `#[test]`s) is migrated with `--write`, then real `cargo test` must pass on the result:
//! the original sync tests through the shims, an async test showing concurrency with
//! `tokio::join!`, and the runtime helper in its four settings.

mod common;

use common::*;
use std::process::Command;

#[test]
fn migrated_demo_crate_compiles_and_its_tests_pass() {
    let root = repo_root();
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("demo");
    copy_tree(&root.join("testdata/rust/demo"), &work);

    let (_, summary, code) = text(
        &bin()
            .arg("migrate")
            .arg(&work)
            .arg("--write")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{summary}");
    assert!(summary.contains("made async"), "{summary}");
    let manifest = std::fs::read_to_string(work.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("tokio = {"), "{manifest}");
    assert!(
        manifest.starts_with("# A sync crate awaitify migrates"),
        "manifest comments must survive:\n{manifest}"
    );

    // A second run changes nothing.
    let (diff, summary2, code2) = text(&bin().arg("migrate").arg(&work).output().unwrap());
    assert_eq!(code2, 0, "{summary2}");
    assert!(diff.is_empty(), "second run not empty:\n{diff}");

    // The tests that use the new async API, and the runtime helper's settings.
    let extra = root.join("testdata/rust/demo_extra");
    std::fs::copy(
        extra.join("async_demo.rs"),
        work.join("tests/async_demo.rs"),
    )
    .unwrap();
    std::fs::copy(
        extra.join("awaitify_settings_tests.rs"),
        work.join("src/awaitify_settings_tests.rs"),
    )
    .unwrap();
    let lib = work.join("src/lib.rs");
    let mut lib_text = std::fs::read_to_string(&lib).unwrap();
    lib_text.push_str("\n#[cfg(test)]\nmod awaitify_settings_tests;\n");
    std::fs::write(&lib, lib_text).unwrap();
    std::fs::write(
        work.join("Cargo.toml"),
        manifest
            + "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\", \"rt-multi-thread\", \"time\"] }\n",
    )
    .unwrap();

    // A shared target directory keeps tokio built between runs.
    let target = root.join("target/awaitify-rust-demo");
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--quiet"])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let (stdout, stderr, code) = text(&out);
    assert_eq!(code, 0, "cargo test failed:\n{stdout}\n{stderr}");
    // Every suite ran: the unit tests (runtime settings), the original sync tests through
    // the shims, and the async tests.
    let passed: usize = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert!(
        passed >= 4 + 9 + 6,
        "expected at least 19 tests to pass:\n{stdout}"
    );
}

/// Every Rust before/after case whose input compiles must compile after migration (with
/// real `cargo check --all-targets`): cases.rs checks that outputs parse, this checks
/// types, borrows and trait bounds. Inputs that do not compile (made-up crates, a
/// deliberately broken file) are skipped; at least 20 cases must be checked.
#[test]
fn rust_case_outputs_compile_when_inputs_do() {
    #[derive(serde::Deserialize)]
    struct Case {
        #[serde(default)]
        args: Vec<String>,
        /// Depends on registry crates: fetched first, and the input must compile.
        #[serde(default)]
        fetch: bool,
    }
    let root = repo_root();
    let check = cargo_check;
    let mut cases: Vec<_> = std::fs::read_dir(root.join("testdata/rust/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let (mut checked, mut skipped, mut broken) = (Vec::new(), Vec::new(), Vec::new());
    for case_dir in cases {
        let name = case_dir.file_name().unwrap().to_string_lossy().to_string();
        let case: Case =
            toml::from_str(&std::fs::read_to_string(case_dir.join("case.toml")).unwrap()).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let work = tmp.path().join(&name);
        copy_tree(&case_dir.join("before"), &work);
        if case.fetch {
            let fetched = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .args(["fetch", "--quiet"])
                .current_dir(&work)
                .output()
                .unwrap();
            assert!(
                fetched.status.success(),
                "{name}: cargo fetch: {}",
                text(&fetched).1
            );
        }
        let before = check(&work);
        if !before.status.success() {
            assert!(
                !case.fetch,
                "{name}: the input does not compile: {}",
                text(&before).1
            );
            skipped.push(name);
            continue;
        }
        let (_, summary, _) = text(
            &bin()
                .arg("migrate")
                .arg(&work)
                .args(&case.args)
                .args(["--write", "--quiet"])
                .output()
                .unwrap(),
        );
        let out = check(&work);
        if !out.status.success() {
            broken.push(format!("{name}:\n{summary}\n{}", text(&out).1));
        }
        checked.push(name);
    }
    assert!(
        broken.is_empty(),
        "outputs that do not compile:\n{}",
        broken.join("\n")
    );
    assert!(
        checked.len() >= 20,
        "only {} cases compiled before migration (skipped: {skipped:?})",
        checked.len()
    );
    eprintln!("compiled after migration: {checked:?}; input does not compile: {skipped:?}");
}

/// `cargo check --all-targets` in `dir`, offline, building into the demo's target
/// directory (dependencies are compiled once for every case).
fn cargo_check(dir: &std::path::Path) -> std::process::Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--quiet", "--offline", "--all-targets"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            repo_root().join("target/awaitify-rust-demo"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap()
}

/// Every prefix of the `--patch-dir` series compiles (`cargo check --all-targets`), for the
/// demo crate and every case whose input compiles: a private function without a shim is
/// renamed in the same wave as its callers, never before them.
#[test]
fn every_prefix_of_the_wave_series_compiles() {
    let root = repo_root();
    let check = cargo_check;
    let mut trees = vec![root.join("testdata/rust/demo")];
    let mut cases: Vec<_> = std::fs::read_dir(root.join("testdata/rust/cases"))
        .unwrap()
        .map(|e| e.unwrap().path().join("before"))
        .collect();
    cases.sort();
    trees.extend(cases);
    let (mut series_checked, mut broken) = (0, vec![]);
    for origin in trees {
        let tmp = tempfile::tempdir().unwrap();
        let (series, src, tree) = (
            tmp.path().join("series"),
            tmp.path().join("src"),
            tmp.path().join("tree"),
        );
        copy_tree(&origin, &src);
        copy_tree(&origin, &tree);
        if !check(&tree).status.success() {
            continue; // the input does not compile (a deliberately broken case)
        }
        let patches = patch_series(&src, &series).unwrap_or_default();
        if patches.len() < 2 {
            continue;
        }
        series_checked += 1;
        // The last prefix is the whole migration, which the other tests check.
        for (k, p) in patches[..patches.len() - 1].iter().enumerate() {
            apply_patch(&tree, p);
            let out = check(&tree);
            if !out.status.success() {
                broken.push(format!(
                    "{}: after {} of {} waves:\n{}",
                    origin.display(),
                    k + 1,
                    patches.len(),
                    text(&out).1
                ));
                break;
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    assert!(
        series_checked >= 5,
        "only {series_checked} series of several waves"
    );
}

/// `migrate --verify` on a crate whose whole migration does not compile
/// (`testdata/rust/verify_drop`: a future holding an `Rc` across the new `.await`, spawned
/// by existing async code): the function the error falls in is kept sync with the
/// compiler's reason, the rest is written, and the result compiles. Without `--verify`
/// the same migration does not compile (the construct is real).
#[test]
fn verify_keeps_sync_what_would_not_compile() {
    let root = repo_root();
    let tmp = tempfile::tempdir().unwrap();
    let (plain, verified) = (tmp.path().join("plain"), tmp.path().join("verified"));
    copy_tree(&root.join("testdata/rust/verify_drop"), &plain);
    copy_tree(&root.join("testdata/rust/verify_drop"), &verified);
    let target = root.join("target/awaitify-rust-demo");

    // First with --verify (its cargo runs online: tokio is fetched here if needed).
    let (_, summary, code) = text(
        &bin()
            .arg("migrate")
            .arg(&verified)
            .args(["--verify", "--write"])
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{summary}");
    assert!(
        summary.contains("`verify_drop::read_len` stays sync: the migrated code would not compile"),
        "{summary}"
    );
    assert!(
        summary.contains("1 function(s) kept sync because the migrated code would not compile"),
        "{summary}"
    );
    let lib = std::fs::read_to_string(verified.join("src/lib.rs")).unwrap();
    assert!(lib.contains("pub async fn other_async()"), "{lib}");
    assert!(!lib.contains("read_len_async"), "{lib}");
    let out = cargo_check(&verified);
    assert!(out.status.success(), "{}", text(&out).1);

    // Without --verify the same migration does not compile, for the reason dropped above.
    let (_, summary, code) = text(
        &bin()
            .arg("migrate")
            .arg(&plain)
            .args(["--write", "--quiet"])
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{summary}");
    let out = cargo_check(&plain);
    let stderr = text(&out).1;
    assert!(
        !out.status.success() && stderr.contains("future cannot be sent between threads safely"),
        "the unverified migration was expected to fail on the Rc held across .await:\n{stderr}"
    );
}

/// `--verify` checks only the feature sets the unmigrated crate checks with: a crate whose
/// features exclude each other (as confy's config formats do) fails `--all-features`
/// before migration, so that set is left out instead of failing the run.
#[test]
fn verify_skips_feature_sets_the_original_does_not_build_with() {
    let root = repo_root();
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("exclusive");
    std::fs::create_dir_all(work.join("src")).unwrap();
    std::fs::write(
        work.join("Cargo.toml"),
        "[package]\nname = \"exclusive\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n[features]\ndefault = [\"a\"]\na = []\nb = []\n\n[dependencies]\n",
    )
    .unwrap();
    std::fs::write(
        work.join("src/lib.rs"),
        "#[cfg(all(feature = \"a\", feature = \"b\"))]\ncompile_error!(\"enable one of `a` or `b`\");\n\npub fn wait() -> u32 {\n    std::thread::sleep(std::time::Duration::from_millis(1));\n    1\n}\n",
    )
    .unwrap();
    let (_, summary, code) = text(
        &bin()
            .arg("migrate")
            .arg(&work)
            .args(["--verify", "--write"])
            .env("CARGO_TARGET_DIR", root.join("target/awaitify-rust-demo"))
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{summary}");
    assert!(
        summary.contains("--verify: `cargo check --all-targets` passes after 1 round(s)"),
        "{summary}"
    );
    let lib = std::fs::read_to_string(work.join("src/lib.rs")).unwrap();
    assert!(lib.contains("pub async fn wait_async()"), "{lib}");
}
