//! Migrated Python runs: a real `python3` with real `pytest` in a venv this test creates
//! (or `AWAITIFY_TEST_PYTHON`, a python that has pytest).
//!
//! - The demo package in `testdata/python/demo` is migrated with `--write`; its unchanged
//!   sync suite passes through the shims, and an async test shows concurrency.
//! - The same migration as a patch series: each wave applies with `git apply` on top of
//!   the previous one and the sync suite passes after every wave.
//! - The runtime helper's documented behaviour.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn pytest(dir: &Path, args: &[&str]) -> (String, bool) {
    let out = Command::new(python())
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .args(args)
        .current_dir(dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (text, out.status.success())
}

fn demo() -> PathBuf {
    repo_root().join("testdata/python/demo")
}

/// The number in pytest's "N passed".
fn passed(summary: &str) -> usize {
    summary
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[1].starts_with("passed"))
        .and_then(|w| w[0].parse().ok())
        .unwrap_or(0)
}

#[test]
fn demo_sync_suite_passes_through_shims_and_async_api_is_concurrent() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("demo");
    copy_tree(&demo(), &work);
    let (before, ok) = pytest(&work, &["tests"]);
    assert!(ok, "the demo suite fails before migration:\n{before}");
    let sync_tests = passed(&before);
    assert!(sync_tests >= 10, "{before}");

    let (_, summary, code) = text(
        &bin()
            .arg("migrate")
            .arg(&work)
            .arg("--write")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{summary}");
    assert!(summary.contains("function(s) made async"), "{summary}");
    // The package really changed.
    let service = std::fs::read_to_string(work.join("weather/service.py")).unwrap();
    assert!(service.contains("async def async_slow_report"), "{service}");
    assert!(work.join("weather/_awaitify_runtime.py").exists());

    // (a) The unchanged sync suite passes through the shims.
    let (after, ok) = pytest(&work, &["tests"]);
    assert!(ok, "sync suite fails after migration:\n{after}");
    assert_eq!(passed(&after), sync_tests, "{after}");

    // (b) The async API: ten 0.2 s calls under gather finish well under 2 s.
    std::fs::copy(
        repo_root().join("testdata/python/demo_async/test_async_api.py"),
        work.join("tests/test_async_api.py"),
    )
    .unwrap();
    let (out, ok) = pytest(&work, &["tests/test_async_api.py"]);
    assert!(ok, "async tests fail:\n{out}");
    assert_eq!(passed(&out), 2, "{out}");

    // A second migration changes nothing.
    std::fs::remove_file(work.join("tests/test_async_api.py")).unwrap();
    let (diff, summary, code) = text(&bin().arg("migrate").arg(&work).output().unwrap());
    assert_eq!((diff.as_str(), code), ("", 0), "{summary}");
}

#[test]
fn demo_patch_series_lands_wave_by_wave() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("demo");
    copy_tree(&demo(), &work);
    let patches = tmp.path().join("patches");
    let (_, summary, code) = text(
        &bin()
            .arg("migrate")
            .arg(&work)
            .arg("--patch-dir")
            .arg(&patches)
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{summary}");
    let mut files: Vec<_> = std::fs::read_dir(&patches)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 3,
        "expected several waves, got {files:?}\n{summary}"
    );

    let (base, ok) = pytest(&work, &["tests"]);
    assert!(ok, "{base}");
    for patch in &files {
        let out = Command::new("git")
            .arg("apply")
            .arg(patch)
            .current_dir(&work)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{} does not apply: {}",
            patch.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let (res, ok) = pytest(&work, &["tests"]);
        assert!(ok, "suite fails after {}:\n{res}", patch.display());
        assert_eq!(passed(&res), passed(&base), "{res}");
    }

    // The series ends where --write ends.
    let written = tmp.path().join("written");
    copy_tree(&demo(), &written);
    let (_, summary, code) = text(
        &bin()
            .arg("migrate")
            .arg(&written)
            .arg("--write")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0, "{summary}");
    for f in walk(&written) {
        let rel = f.strip_prefix(&written).unwrap();
        assert_eq!(
            std::fs::read(&f).unwrap(),
            std::fs::read(work.join(rel)).unwrap(),
            "{}",
            rel.display()
        );
    }
}

#[test]
fn runtime_helper_behaves_as_documented() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_root().join("testdata/python/runtime/test_runtime_helper.py"),
        tmp.path().join("test_runtime_helper.py"),
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("_awaitify_runtime.py"),
        include_str!("../../awaitify_python/src/runtime.py"),
    )
    .unwrap();
    let (out, ok) = pytest(tmp.path(), &["test_runtime_helper.py"]);
    assert!(ok, "{out}");
    assert!(passed(&out) >= 10, "{out}");
}

/// `migrate --verify-with CMD` runs the project's own tests in a scratch copy after each
/// wave: it passes on the demo, and with a test broken on purpose at wave 2 it stops there,
/// names the wave's functions and the failing test, and writes nothing; a test that fails
/// before migration is reported as such; `--verify` imports
/// every migrated module and stops on one that no longer imports.
#[test]
fn verify_with_stops_at_the_wave_that_breaks_the_tests() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("demo");
    copy_tree(&demo(), &work);
    let cmd = format!("{} -m pytest -x -q -p no:cacheprovider", python().display());
    let run = |extra: &[&str]| {
        text(
            &bin()
                .arg("migrate")
                .arg(&work)
                .args(["--verify-with", &cmd])
                .args(extra)
                .env("AWAITIFY_PYTHON", python())
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .output()
                .unwrap(),
        )
    };
    let (diff, err, code) = run(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("passes after every wave"), "{err}");
    assert!(diff.contains("+async def async_wait_then"), "{diff}");

    // A fixture that holds until `wait_then` migrates (wave 2).
    std::fs::write(
        work.join("tests/test_wave_guard.py"),
        "import weather.clock\n\n\ndef test_wait_then_is_still_sync_only():\n    assert not hasattr(weather.clock, \"async_wait_then\")\n",
    )
    .unwrap();
    let before = std::fs::read_to_string(work.join("weather/clock.py")).unwrap();
    let (diff, err, code) = run(&["--write"]);
    assert_eq!(code, 2, "{err}");
    assert!(diff.is_empty(), "{diff}");
    assert!(err.contains("fails after wave 2 of"), "{err}");
    assert!(err.contains("weather.clock.wait_then"), "{err}");
    assert!(err.contains("test_wait_then_is_still_sync_only"), "{err}");
    assert_eq!(
        std::fs::read_to_string(work.join("weather/clock.py")).unwrap(),
        before,
        "nothing is written when verification fails"
    );
    std::fs::remove_file(work.join("tests/test_wave_guard.py")).unwrap();

    // A test that fails before migration is not blamed on wave 1.
    std::fs::write(
        work.join("tests/test_already_broken.py"),
        "def test_already_broken():\n    assert False, \"broken before\"\n",
    )
    .unwrap();
    let (_, err, code) = run(&[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("fails before migration"), "{err}");
    assert!(!err.contains("fails after wave"), "{err}");
    std::fs::remove_file(work.join("tests/test_already_broken.py")).unwrap();

    // `--verify`: a migrated module that no longer imports.
    std::fs::write(
        work.join("weather/clock.py"),
        format!("{before}\n\nassert \"async_pause\" not in globals(), \"migrated\"\n"),
    )
    .unwrap();
    let out = bin()
        .arg("migrate")
        .arg(&work)
        .arg("--verify")
        .env("AWAITIFY_PYTHON", python())
        .output()
        .unwrap();
    let (_, err, code) = text(&out);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("weather.clock: AssertionError: migrated"),
        "{err}"
    );
}

/// A guarded decorator (retries around the call) made async-aware by the migration: run
/// with real pytest on the migrated case, for coroutine and plain functions alike.
#[test]
fn guarded_decorators_serve_coroutine_functions_after_migration() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(
        &repo_root().join("testdata/python/cases/decorator_guarded/before"),
        tmp.path(),
    );
    let out = bin()
        .arg("migrate")
        .arg(tmp.path())
        .arg("--write")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::copy(
        repo_root().join("testdata/python/runtime/test_guarded_decorators.py"),
        tmp.path().join("test_guarded_decorators.py"),
    )
    .unwrap();
    let (out, ok) = pytest(tmp.path(), &["test_guarded_decorators.py"]);
    assert!(ok, "{out}");
    assert_eq!(passed(&out), 4, "{out}");
}
