//! Helpers shared by the integration tests: they run the real `awaitify` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_awaitify"));
    c.env_remove("AWAITIFY_RULES");
    c
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &dest).unwrap();
    }
}

/// Every file below `dir`, sorted, skipping caches.
/// `git apply` one patch of a `--patch-dir` series inside `dir`.
pub fn apply_patch(dir: &Path, patch: &Path) {
    let st = Command::new("git")
        .args(["apply", "--unsafe-paths"])
        .arg(patch)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(st.success(), "patch {} applies", patch.display());
}

/// `migrate -q --patch-dir SERIES SRC`: the patches it wrote, in order (or its stderr).
pub fn patch_series(src: &Path, series: &Path) -> Result<Vec<PathBuf>, String> {
    let out = bin()
        .args(["migrate", "-q", "--patch-dir"])
        .arg(series)
        .arg(src)
        .output()
        .unwrap();
    if !out.status.success() {
        return Err(text(&out).1);
    }
    let mut patches: Vec<PathBuf> = std::fs::read_dir(series)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    patches.sort();
    Ok(patches)
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if name == "__pycache__" || name == ".pytest_cache" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

pub fn text(o: &Output) -> (String, String, i32) {
    (
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
        o.status.code().unwrap_or(-1),
    )
}

/// `python3` compiles each file (stricter than `ast.parse`: it also rejects `await` outside
/// an async function, `yield` inside comprehensions, ...); returns the failures.
pub fn python_parse_failures(files: &[PathBuf]) -> String {
    if files.is_empty() {
        return String::new();
    }
    let script = "import sys\nbad = []\nfor p in sys.argv[1:]:\n    try:\n        compile(open(p, 'rb').read(), p, 'exec')\n    except SyntaxError as e:\n        bad.append(f'{p}:{e.lineno}: {e.msg}')\nprint('\\n'.join(bad))\n";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(files)
        .output()
        .expect("python3 must be installed");
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A python3 with the tools in testdata/python/requirements-test.txt: `AWAITIFY_TEST_PYTHON`,
/// or a venv this creates under target/ (what scripts/test also does).
pub fn python() -> PathBuf {
    static PY: OnceLock<PathBuf> = OnceLock::new();
    PY.get_or_init(|| {
        if let Some(p) = std::env::var_os("AWAITIFY_TEST_PYTHON") {
            return PathBuf::from(p);
        }
        let venv = repo_root().join("target/awaitify-test-venv");
        let reqs = repo_root().join("testdata/python/requirements-test.txt");
        let stamp = venv.join(".requirements");
        let py = venv.join("bin/python");
        let wanted = std::fs::read(&reqs).unwrap();
        if std::fs::read(&stamp).ok().as_deref() != Some(&wanted[..]) {
            let _ = std::fs::remove_dir_all(&venv);
            let ok = Command::new("python3")
                .arg("-m")
                .arg("venv")
                .arg(&venv)
                .status()
                .expect("python3 must be installed");
            assert!(ok.success(), "python3 -m venv failed");
            let ok = Command::new(&py)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "-r",
                ])
                .arg(&reqs)
                .status()
                .expect("pip");
            assert!(ok.success(), "pip install failed");
            std::fs::write(&stamp, &wanted).unwrap();
        }
        py
    })
    .clone()
}

/// The venv's bin directory (pre-commit, flake8).
pub fn venv_bin() -> PathBuf {
    python().parent().unwrap().to_path_buf()
}
