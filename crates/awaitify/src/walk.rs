//! Finding and reading the source files of a project (Python, or Rust with its manifests).

use ignore::WalkBuilder;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Directories never worth migrating (virtualenvs, build output, caches).
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "__pycache__",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".eggs",
];

pub struct Found {
    pub inputs: Vec<awaitify_python::Input>,
    pub problems: Vec<awaitify_python::Problem>,
    /// What was left out and why (symlinks), for a `warning:` line each.
    pub warnings: Vec<String>,
}

/// Walk `root` (respecting .gitignore) and read every `.py` file in parallel.
pub fn python_files(root: &Path, exclude: &globset::GlobSet) -> Found {
    files(
        root,
        exclude,
        &|p: &Path| p.extension().is_some_and(|x| x == "py"),
        &[],
    )
}

/// Walk `root` and read every `.rs` file and every `Cargo.toml` in parallel.
pub fn rust_files(root: &Path, exclude: &globset::GlobSet) -> Found {
    files(
        root,
        exclude,
        &|p: &Path| {
            p.extension().is_some_and(|x| x == "rs")
                || p.file_name().is_some_and(|n| n == "Cargo.toml")
        },
        &["target"],
    )
}

fn files(
    root: &Path,
    exclude: &globset::GlobSet,
    wanted: &(dyn Fn(&Path) -> bool + Sync),
    skip_dirs: &[&str],
) -> Found {
    let skip_dirs: Vec<String> = skip_dirs.iter().map(|s| s.to_string()).collect();
    let mut paths: Vec<PathBuf> = vec![];
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .filter_entry(move |e| {
            let name = e.file_name().to_string_lossy();
            !(e.file_type().is_some_and(|t| t.is_dir())
                && (DEFAULT_EXCLUDES.contains(&name.as_ref())
                    || skip_dirs.iter().any(|d| d == name.as_ref())
                    || name.ends_with(".egg-info")))
        })
        .build();
    let mut problems = vec![];
    let mut warnings = vec![];
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.path_is_symlink() {
                    if let Some(w) = symlink_warning(root, &root_abs, e.path(), wanted) {
                        warnings.push(w);
                    }
                } else if e.file_type().is_some_and(|t| t.is_file()) && wanted(e.path()) {
                    paths.push(e.into_path());
                }
            }
            Err(err) => problems.push(awaitify_python::Problem {
                rel: root.display().to_string(),
                line: 1,
                col: 1,
                message: format!("cannot walk: {err}"),
            }),
        }
    }
    warnings.sort();
    let rel = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    };
    paths.retain(|p| !exclude.is_match(rel(p)));
    let results: Vec<Result<awaitify_python::Input, awaitify_python::Problem>> = paths
        .par_iter()
        .map(|p| {
            let r = rel(p);
            match std::fs::read(p) {
                // Python files honour a PEP 263 declaration (and keep invalid bytes in
                // comments, as CPython does); everything else is UTF-8.
                Ok(bytes) if p.extension().is_some_and(|x| x == "py") => {
                    match awaitify_core::encoding::decode(bytes.clone()) {
                        Ok((text, encoding)) => Ok(awaitify_python::Input {
                            rel: r,
                            text,
                            encoding,
                        }),
                        Err(e) => {
                            let upto = e.offset.min(bytes.len());
                            let text = String::from_utf8_lossy(&bytes[..upto]);
                            let at = awaitify_core::text::LineIndex::new(&text)
                                .line_col(&text, text.len());
                            Err(awaitify_python::Problem {
                                rel: r,
                                line: at.line,
                                col: at.col,
                                message: e.message,
                            })
                        }
                    }
                }
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => Ok(awaitify_python::Input {
                        rel: r,
                        text,
                        encoding: Default::default(),
                    }),
                    Err(e) => {
                        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                        let text = String::from_utf8_lossy(valid);
                        let at =
                            awaitify_core::text::LineIndex::new(&text).line_col(&text, text.len());
                        Err(awaitify_python::Problem {
                            rel: r,
                            line: at.line,
                            col: at.col,
                            message: "not valid UTF-8".into(),
                        })
                    }
                },
                Err(e) => Err(awaitify_python::Problem {
                    rel: r,
                    line: 1,
                    col: 1,
                    message: format!("cannot read: {e}"),
                }),
            }
        })
        .collect();
    let mut inputs = vec![];
    for r in results {
        match r {
            Ok(i) => inputs.push(i),
            Err(p) => problems.push(p),
        }
    }
    Found {
        inputs,
        problems,
        warnings,
    }
}

/// Symlinks are not followed (a link into the project would be migrated twice, a link
/// out of it would edit files elsewhere); each one that stands for source is reported.
fn symlink_warning(
    root: &Path,
    root_abs: &Path,
    link: &Path,
    wanted: &(dyn Fn(&Path) -> bool + Sync),
) -> Option<String> {
    let shown = link
        .strip_prefix(root)
        .unwrap_or(link)
        .display()
        .to_string();
    let Ok(target) = std::fs::canonicalize(link) else {
        return wanted(link).then(|| format!("{shown}: skipped a broken symlink"));
    };
    let is_dir = target.is_dir();
    let holds_source = || {
        WalkBuilder::new(&target)
            .max_depth(Some(4))
            .build()
            .flatten()
            .any(|e| e.file_type().is_some_and(|t| t.is_file()) && wanted(e.path()))
    };
    if if is_dir {
        !holds_source()
    } else {
        !wanted(link) && !wanted(&target)
    } {
        return None;
    }
    let what = if is_dir {
        "symlinked directory"
    } else {
        "symlink"
    };
    Some(match target.strip_prefix(root_abs) {
        Ok(inside) => format!(
            "{shown}: skipped a {what} to {} (it is read under that path)",
            inside.display()
        ),
        Err(_) => format!(
            "{shown}: skipped a {what} to {}, outside the project (awaitify edits only \
             files inside it)",
            target.display()
        ),
    })
}
