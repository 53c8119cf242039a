//! `migrate --verify` and `--verify-with CMD`: the migration is applied wave by wave in a
//! scratch copy of the project and checked there before anything reaches the user's tree.
//!
//! `--verify` (Python) imports every migrated module in a subprocess with the project's
//! interpreter after the last wave: it catches what parsing cannot (a name the rewrite
//! imports that the module no longer has). `--verify-with CMD` runs the user's own command
//! (`python -m pytest -x -q`, `cargo test`) in the copy after each wave and stops at the
//! first wave that breaks it, naming the wave's functions.

use anyhow::{Context, Result};
use awaitify_core::migration::Migration;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Directories never copied into the scratch tree (caches, build output, environments).
const SKIP: &[&str] = &[
    ".git",
    "target",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".venv",
    "venv",
    ".tox",
    ".nox",
];

/// Why a verification failed: one paragraph for the user.
pub struct Failure(pub String);

/// The project's interpreter: `AWAITIFY_PYTHON`, else a virtualenv in the project
/// (`.venv`, `venv`), else `python3` on PATH.
pub fn project_python(root: &Path) -> PathBuf {
    if let Some(p) = std::env::var_os("AWAITIFY_PYTHON") {
        return PathBuf::from(p);
    }
    for venv in [".venv", "venv"] {
        let p = root.join(venv).join("bin/python");
        if p.is_file() {
            return p;
        }
    }
    PathBuf::from("python3")
}

fn copy_project(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("{}: cannot create", to.display()))?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("{}: cannot read", from.display()))?
    {
        let entry = entry?;
        let name = entry.file_name();
        let (src, dst) = (entry.path(), to.join(&name));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if !SKIP.contains(&name.to_string_lossy().as_ref()) {
                copy_project(&src, &dst)?;
            }
        } else if kind.is_file() || kind.is_symlink() {
            // A symlink is copied as what it points at (a dangling one is left out).
            if src.is_file() {
                std::fs::copy(&src, &dst)
                    .with_context(|| format!("{}: cannot copy", src.display()))?;
            }
        }
    }
    Ok(())
}

/// Write every file as it stands after `wave` into the scratch tree.
fn apply_wave(m: &Migration, scratch: &Path, wave: usize) -> Result<()> {
    for c in &m.changes {
        if let Some(text) = c.text_at_wave(wave) {
            let path = scratch.join(&c.rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, c.bytes_of(&text))
                .with_context(|| format!("{}: cannot write", path.display()))?;
        }
    }
    Ok(())
}

/// The last lines of a command's output (what a reader needs to see why it failed).
fn tail(out: &std::process::Output, lines: usize) -> String {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Vec<&str> = all.lines().collect();
    v[v.len().saturating_sub(lines)..].join("\n")
}

/// Python: import every migrated module (after the last wave) with the project's
/// interpreter, the source roots on `sys.path`.
fn import_check(
    m: &Migration,
    scratch: &Path,
    roots: &[String],
    python: &Path,
) -> Result<Option<Failure>> {
    let mut modules: Vec<String> = m
        .changes
        .iter()
        .filter(|c| c.rel.ends_with(".py"))
        .map(|c| awaitify_python::module_name(&c.rel, roots).0)
        .filter(|n| !n.is_empty())
        .collect();
    modules.sort();
    modules.dedup();
    if modules.is_empty() {
        return Ok(None);
    }
    let script = "import importlib, sys, traceback\n\
                  bad = 0\n\
                  for name in sys.argv[1:]:\n\
                  \x20   try:\n\
                  \x20       importlib.import_module(name)\n\
                  \x20   except BaseException as e:\n\
                  \x20       bad += 1\n\
                  \x20       print(f'{name}: {type(e).__name__}: {e}')\n\
                  sys.exit(1 if bad else 0)\n";
    let mut path: Vec<PathBuf> = roots.iter().map(|r| scratch.join(r)).collect();
    path.push(scratch.to_path_buf());
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(&modules)
        .current_dir(scratch)
        .env("PYTHONPATH", std::env::join_paths(&path)?)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .with_context(|| format!("{}: cannot run the interpreter", python.display()))?;
    Ok((!out.status.success()).then(|| {
        Failure(format!(
            "--verify: {} migrated module(s) imported, and these fail:\n{}",
            modules.len(),
            tail(&out, 20)
        ))
    }))
}

/// Run the checks; `None` when everything passes. `python` is used for `--verify` on a
/// Python project.
pub fn verify(
    m: &Migration,
    root: &Path,
    roots: &[String],
    python: Option<&Path>,
    with: Option<&str>,
) -> Result<Option<Failure>> {
    let tmp = tempfile::Builder::new()
        .prefix("awaitify-verify-")
        .tempdir()
        .context("cannot create a scratch directory")?;
    let scratch = tmp.path().join("project");
    copy_project(root, &scratch)?;
    let last = m.changes.iter().map(|c| c.max_wave()).max().unwrap_or(0);
    if let Some(cmd) = with {
        for wave in 0..=last {
            apply_wave(m, &scratch, wave)?;
            let out = Command::new("sh")
                .arg("-c")
                .arg(cmd)
                .current_dir(&scratch)
                .output()
                .with_context(|| format!("--verify-with `{cmd}`: cannot run it"))?;
            if !out.status.success() {
                let mut names: Vec<&str> = m
                    .report
                    .functions
                    .iter()
                    .filter(|f| f.wave == wave)
                    .map(|f| f.qualname.as_str())
                    .collect();
                names.sort();
                return Ok(Some(Failure(format!(
                    "--verify-with `{cmd}` fails after wave {} of {} ({} function(s): {}); nothing was written. Its output ends with:\n{}",
                    wave + 1,
                    last + 1,
                    names.len(),
                    names.join(", "),
                    tail(&out, 25)
                ))));
            }
        }
    } else {
        apply_wave(m, &scratch, last)?;
    }
    if let Some(python) = python {
        return import_check(m, &scratch, roots, python);
    }
    Ok(None)
}
