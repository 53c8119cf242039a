//! Migrations continue where they stopped: a tree awaitify has partly migrated (by
//! applying the first waves of `--patch-dir`, or by a `--write` killed between two files)
//! migrates further to exactly what a one-shot run gives, byte for byte.

mod common;

use common::*;
use std::path::Path;

fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = walk(dir)
        .into_iter()
        .filter(|p| !p.components().any(|c| c.as_os_str() == ".git"))
        .map(|p| {
            (
                p.strip_prefix(dir).unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

fn migrate_write(dir: &Path) {
    let out = bin()
        .args(["migrate", "--write", "-q"])
        .arg(dir)
        .output()
        .unwrap();
    let (_, err, code) = text(&out);
    assert_eq!(code, 0, "{err}");
}

fn demo_copy(to: &Path) {
    copy_tree(&repo_root().join("testdata/python/demo"), to);
}

fn assert_same(one_shot: &Path, resumed: &Path, what: &str) {
    let (a, b) = (files(one_shot), files(resumed));
    let names = |v: &[(String, String)]| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{what}: the same files");
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert_eq!(x, y, "{what}: {path} differs from the one-shot migration");
    }
}

/// The demo and the cases whose migration takes several waves through generators,
/// context managers (function and class) and iterators.
const TREES: &[&str] = &[
    "testdata/python/demo",
    "testdata/python/cases/contextmanager_decorator/before",
    "testdata/python/cases/generator_blocking/before",
    "testdata/python/cases/context_manager_class/before",
    "testdata/python/cases/iterator_class/before",
    "testdata/python/cases/cross_module_chain/before",
    // A guarded decorator made async-aware in the first wave that needs it.
    "testdata/python/cases/decorator_guarded/before",
    // Rust: a shim an earlier wave left is recognised, and a private function without a
    // shim changes in its callers' wave.
    "testdata/rust/demo",
    "testdata/rust/cases/methods_self_and_assoc/before",
    "testdata/rust/cases/workspace_members/before",
    // Generic shims (`block_on_local`) are recognised as shims too.
    "testdata/rust/cases/generic_shims/before",
    "testdata/rust/cases/struct_literal_locals/before",
];

#[test]
fn wave_by_wave_then_the_rest_equals_one_shot() {
    for tree in TREES {
        waves_then_rest(&repo_root().join(tree));
    }
}

fn waves_then_rest(origin: &Path) {
    let copy = |to: &Path| copy_tree(origin, to);
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("one");
    copy(&one);
    migrate_write(&one);

    let series = tmp.path().join("series");
    let src = tmp.path().join("src");
    copy(&src);
    let patches = patch_series(&src, &series).unwrap();
    assert!(patches.len() >= 2, "{}: several waves", origin.display());
    // Land the first k waves, then run awaitify again on what stands.
    for k in 1..patches.len() {
        let tree = tmp.path().join(format!("after-{k}"));
        copy(&tree);
        for p in &patches[..k] {
            apply_patch(&tree, p);
        }
        migrate_write(&tree);
        assert_same(
            &one,
            &tree,
            &format!("{}: {k} wave(s) landed, then the rest", origin.display()),
        );
        // And nothing is left to do.
        let again = bin().args(["migrate", "-q"]).arg(&tree).output().unwrap();
        assert!(
            text(&again).0.is_empty(),
            "second run is empty after {k} waves"
        );
    }
}

#[test]
fn a_write_killed_between_two_files_resumes_to_the_one_shot_result() {
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("one");
    demo_copy(&one);
    migrate_write(&one);
    for kill_after_ms in [150u64, 450, 900] {
        let tree = tmp.path().join(format!("killed-{kill_after_ms}"));
        demo_copy(&tree);
        let mut child = bin()
            .env("AWAITIFY_TEST_PAUSE_BETWEEN_WRITES", "300")
            .args(["migrate", "--write", "-q"])
            .arg(&tree)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(kill_after_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        assert_ne!(
            files(&one),
            files(&tree),
            "killed after {kill_after_ms} ms: the write was interrupted part way"
        );
        // Every file is wholly old or wholly new; the rest is done by running again.
        migrate_write(&tree);
        assert_same(
            &one,
            &tree,
            &format!("killed after {kill_after_ms} ms, then resumed"),
        );
    }
}

#[test]
fn a_shim_left_by_an_earlier_wave_is_reported_retirable_once_its_callers_migrate() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("proj");
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("pkg/__init__.py"), "").unwrap();
    std::fs::write(
        dir.join("pkg/net.py"),
        "import time\n\n\ndef fetch(url):\n    time.sleep(0.01)\n    return url\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("pkg/service.py"),
        "from pkg import net\n\n\ndef load(url):\n    return net.fetch(url).upper()\n",
    )
    .unwrap();
    // Wave 1 only: `fetch` gets its async twin and a shim; `load` still calls the shim.
    let out = bin()
        .args(["migrate", "--write", "--only", "pkg.net.fetch"])
        .arg(&dir)
        .output()
        .unwrap();
    let (_, err, code) = text(&out);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("retirable"), "nothing to retire yet:\n{err}");
    // The rest: `load` migrates and awaits `async_fetch`; the shim has no caller left.
    let out = bin().args(["migrate"]).arg(&dir).output().unwrap();
    let (diff, err, code) = text(&out);
    assert_eq!(code, 0, "{err}");
    assert!(diff.contains("await net.async_fetch(url)"), "{diff}");
    assert!(
        err.contains("shims no caller in the project uses any more (retirable): 1")
            && err.contains("pkg/net.py:")
            && err.contains("`pkg.net.fetch` is a shim nothing in the project calls any more"),
        "{err}"
    );
    // While a sync caller remains, the shim is not retirable.
    std::fs::write(
        dir.join("pkg/cli.py"),
        "from pkg import net\n\n\nif __name__ == '__main__':\n    print(net.fetch('x'))\n",
    )
    .unwrap();
    let out = bin().args(["migrate"]).arg(&dir).output().unwrap();
    let (_, err, _) = text(&out);
    assert!(
        !err.contains("retirable"),
        "a module-level sync caller remains:\n{err}"
    );
}
