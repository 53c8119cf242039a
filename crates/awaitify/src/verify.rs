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

/// A scratch copy of the project (kept while the handle lives), its path, and the
/// migration's last wave.
fn scratch_copy(m: &Migration, root: &Path) -> Result<(tempfile::TempDir, PathBuf, usize)> {
    let (tmp, scratch) = scratch_project(root)?;
    Ok((tmp, scratch, last_wave(m)))
}

/// An unmigrated copy of the project in a temporary directory (kept while the handle
/// lives), and its path.
fn scratch_project(root: &Path) -> Result<(tempfile::TempDir, PathBuf)> {
    let tmp = tempfile::Builder::new()
        .prefix("awaitify-verify-")
        .tempdir()
        .context("cannot create a scratch directory")?;
    let scratch = tmp.path().join("project");
    copy_project(root, &scratch)?;
    Ok((tmp, scratch))
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
    let (_tmp, scratch, last) = scratch_copy(m, root)?;
    if let Some(cmd) = with {
        let run = || {
            let mut command = Command::new("sh");
            command.arg("-c").arg(cmd).current_dir(&scratch);
            if let Some(dir) = scratch_target_dir(root) {
                command.env("CARGO_TARGET_DIR", dir);
            }
            command
                .output()
                .with_context(|| format!("--verify-with `{cmd}`: cannot run it"))
        };
        // First on the project as it is: a failure there is not any wave's doing.
        let out = run()?;
        if !out.status.success() {
            return Ok(Some(Failure(format!(
                "--verify-with `{cmd}` fails before migration, on the project as it is, so the waves cannot be checked with it (make it pass, or leave out what fails); nothing was written. Its output ends with:\n{}",
                tail(&out, 25)
            ))));
        }
        for wave in 0..=last {
            apply_wave(m, &scratch, wave)?;
            let out = run()?;
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

/// A compiler error in the migrated text: where (file relative to the project root, line
/// from 1), its code (`E0599`) and message.
#[derive(Debug, Clone)]
pub struct CompileError {
    pub rel: String,
    pub line: usize,
    pub code: String,
    pub message: String,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let code = if self.code.is_empty() {
            "error".to_string()
        } else {
            self.code.clone()
        };
        write!(f, "{code} at {}:{} ({})", self.rel, self.line, self.message)
    }
}

/// Where `cargo` builds the scratch copies: beside the project's own build output, so the
/// dependencies are compiled once across rounds and runs (`CARGO_TARGET_DIR` wins).
pub fn scratch_target_dir(root: &Path) -> Option<PathBuf> {
    if std::env::var_os("CARGO_TARGET_DIR").is_some() || !root.join("Cargo.toml").is_file() {
        return None;
    }
    Some(root.join("target").join("awaitify-verify"))
}

/// The `cargo check` argument sets `--verify` uses: `--all-targets`, and with
/// `--all-features` when the crate declares features; where the unmigrated crate does not
/// check with a set (features that exclude each other, examples its package leaves out),
/// that set is left out, or replaced by `--lib --tests`. Checked once, on a copy of the
/// original tree. Empty when the original checks with none of them.
pub fn cargo_check_sets(root: &Path) -> Result<Vec<Vec<&'static str>>> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    let has_features = manifest.parse::<toml::Table>().ok().is_some_and(|t| {
        t.get("features")
            .is_some_and(|f| f.as_table().is_some_and(|f| !f.is_empty()))
    });
    let (_tmp, scratch) = scratch_project(root)?;
    let features: &[&[&str]] = if has_features {
        &[&[], &["--all-features"]]
    } else {
        &[&[]]
    };
    let mut sets = vec![];
    for extra in features {
        for targets in [&["--all-targets"][..], &["--lib", "--tests"][..]] {
            let set: Vec<&'static str> = targets.iter().chain(extra.iter()).copied().collect();
            if cargo_check(&scratch, root, &set)?.status.success() {
                sets.push(set);
                break;
            }
        }
    }
    Ok(sets)
}

fn cargo_check(dir: &Path, root: &Path, set: &[&str]) -> Result<std::process::Output> {
    let mut cmd = Command::new("cargo");
    cmd.args(["check", "--message-format=json", "--quiet"])
        .args(set)
        .current_dir(dir);
    if let Some(target) = scratch_target_dir(root) {
        cmd.env("CARGO_TARGET_DIR", target);
    }
    cmd.output().context("--verify: cannot run cargo")
}

/// The last wave of a migration.
pub fn last_wave(m: &Migration) -> usize {
    m.changes.iter().map(|c| c.max_wave()).max().unwrap_or(0)
}

/// Rust `--verify`: the migration up to `wave` (its waves `0..=wave`) in a scratch copy,
/// then `cargo check` with each of `sets` ([`cargo_check_sets`]). The errors, in that
/// text's coordinates.
pub fn cargo_errors(
    m: &Migration,
    root: &Path,
    sets: &[Vec<&'static str>],
    wave: usize,
) -> Result<Vec<CompileError>> {
    let (_tmp, scratch, _) = scratch_copy(m, root)?;
    apply_wave(m, &scratch, wave)?;
    let mut errors: Vec<CompileError> = vec![];
    for set in sets {
        let out = cargo_check(&scratch, root, set)?;
        // Errors this set located (another set may have found the same ones first).
        let mut located = 0;
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if v["reason"] != "compiler-message" || v["message"]["level"] != "error" {
                continue;
            }
            let msg = &v["message"];
            let Some(span) = msg["spans"]
                .as_array()
                .and_then(|s| s.iter().find(|s| s["is_primary"] == true))
            else {
                continue;
            };
            let e = CompileError {
                rel: span["file_name"].as_str().unwrap_or_default().to_string(),
                line: span["line_start"].as_u64().unwrap_or(0) as usize,
                code: msg["code"]["code"].as_str().unwrap_or_default().to_string(),
                message: msg["message"].as_str().unwrap_or_default().to_string(),
            };
            located += 1;
            if !errors
                .iter()
                .any(|x| x.rel == e.rel && x.line == e.line && x.code == e.code)
            {
                errors.push(e);
            }
        }
        if !out.status.success() && located == 0 {
            // It failed without a located error (a manifest or dependency problem).
            anyhow::bail!(
                "--verify: `cargo check {}` fails in the scratch copy for a reason outside the code:\n{}",
                set.join(" "),
                tail(&out, 20)
            );
        }
    }
    Ok(errors)
}

/// The migrated functions the errors (in the coordinates of the text at `wave`) fall in
/// (innermost first, by qualified name), with the error that put each there; the errors
/// outside every migrated function.
pub fn culprits<'e>(
    m: &Migration,
    errors: &'e [CompileError],
    wave: usize,
) -> (Vec<(String, &'e CompileError)>, Vec<&'e CompileError>) {
    let mut found: Vec<(String, &CompileError)> = vec![];
    let mut outside = vec![];
    for e in errors {
        let Some(change) = m.changes.iter().find(|c| c.rel == e.rel) else {
            outside.push(e);
            continue;
        };
        let Some(old) = &change.old else {
            outside.push(e);
            continue;
        };
        let Some(new) = change.text_at_wave(wave) else {
            outside.push(e);
            continue;
        };
        let lines = old_lines_of(old, &new, e.line);
        let start_of = |f: &awaitify_core::migration::FunctionChange| -> Option<usize> {
            let (rel, start) = f.location.rsplit_once(':')?;
            (rel == e.rel).then(|| start.parse().ok()).flatten()
        };
        // The migrated functions the error's line belongs to (innermost of each).
        let mut hits: Vec<&str> = lines
            .iter()
            .filter_map(|&line| {
                m.report
                    .functions
                    .iter()
                    .filter(|f| start_of(f).is_some_and(|s| s <= line && line <= f.end_line))
                    .min_by_key(|f| f.end_line - start_of(f).unwrap_or(0))
                    .map(|f| f.qualname.as_str())
            })
            .collect();
        // A call the migration rewrote in code it did not make async (an existing async
        // fn now awaits `f_async()`): the functions called on that line.
        if hits.is_empty()
            && let Some(text) = lines.first().and_then(|&l| old.lines().nth(l - 1))
        {
            hits = m
                .report
                .functions
                .iter()
                .filter(|f| {
                    let last = f.qualname.rsplit("::").next().unwrap_or(&f.qualname);
                    let last = last.rsplit('.').next().unwrap_or(last);
                    text.match_indices(last).any(|(i, _)| {
                        let before = text[..i].chars().next_back();
                        let after = text[i + last.len()..].trim_start();
                        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                            && after.starts_with('(')
                    })
                })
                .map(|f| f.qualname.as_str())
                .collect();
        }
        if hits.is_empty() {
            outside.push(e);
        }
        for q in hits {
            if !found.iter().any(|(x, _)| x == q) {
                found.push((q.to_string(), e));
            }
        }
    }
    (found, outside)
}

/// The lines of `old` (from 1) that line `new_line` (from 1) of `new` comes from: itself
/// where the two agree, the first replaced line for a changed one, and for an inserted
/// line both neighbours (a shim appended after a function, an async fn put before the
/// shim it goes with).
fn old_lines_of(old: &str, new: &str, new_line: usize) -> Vec<usize> {
    let Some(target) = new_line.checked_sub(1) else {
        return vec![];
    };
    let diff = similar::TextDiff::from_lines(old, new);
    for op in diff.ops() {
        let (o, n) = (op.old_range(), op.new_range());
        if !n.contains(&target) {
            continue;
        }
        let k = target - n.start;
        return match op.tag() {
            similar::DiffTag::Equal => vec![o.start + k + 1],
            similar::DiffTag::Replace => vec![o.start + k.min(o.len().saturating_sub(1)) + 1],
            _ => {
                // Before the insertion, and the first non-blank line after it.
                let after = old
                    .lines()
                    .enumerate()
                    .skip(o.start)
                    .find(|(_, l)| !l.trim().is_empty())
                    .map(|(i, _)| i + 1);
                [Some(o.start).filter(|&l| l > 0), after]
                    .into_iter()
                    .flatten()
                    .collect()
            }
        };
    }
    vec![]
}
