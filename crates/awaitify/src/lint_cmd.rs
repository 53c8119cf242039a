//! `awaitify lint` and `awaitify rule`: project discovery, rule selection, suppressions,
//! `--diff-base` and baselines around the frontend's findings, and output.

use crate::{Format, LintArgs, RuleArgs, load, setup, timing, write_atomic};
use anyhow::{Context, Result, bail};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn show_rule(args: RuleArgs) -> Result<ExitCode> {
    use awaitify_core::rules::RULES;
    match (&args.code, args.all) {
        (Some(code), _) => match awaitify_core::lint::rule(code) {
            Some(r) => {
                print!("{}", r.doc);
                println!(
                    "\nSeverity: {}. {}",
                    r.severity.as_str(),
                    if r.default_enabled {
                        "On by default."
                    } else {
                        "Off by default: enable with --select or `select` in [tool.awaitify]."
                    }
                );
                Ok(ExitCode::SUCCESS)
            }
            None => bail!("no rule `{code}` (awaitify rule --all lists them)"),
        },
        (None, _) => {
            for r in RULES {
                let aliases = if r.aliases.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", r.aliases.join(", "))
                };
                println!(
                    "{}  {:<44} {:<7} {}{aliases}",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.summary
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The project root for lint: explicit, or the nearest ancestor with a marker file.
/// `--add-noqa`: per line with findings, `# noqa: CODES` appended (or the codes added to an
/// existing `# noqa: ...`; a bare `# noqa` already covers them). A line whose end is inside
/// a string (the comment would not be one) is left alone and counted.
fn add_noqa(root: &Path, findings: &[awaitify_core::lint::Finding]) -> Result<ExitCode> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut per_file: BTreeMap<&str, BTreeMap<usize, BTreeSet<&str>>> = BTreeMap::new();
    // Not for unreadable files (AWT000) nor for unused suppressions (AWT900: the fix is to
    // remove that `noqa`, not to add one).
    for f in findings
        .iter()
        .filter(|f| f.path.ends_with(".py") && !matches!(f.code.as_str(), "AWT000" | "AWT900"))
    {
        per_file
            .entry(f.path.as_str())
            .or_default()
            .entry(f.line)
            .or_default()
            .insert(f.code.as_str());
    }
    let (mut added, mut files, mut skipped) = (0usize, 0usize, 0usize);
    for (rel, lines) in per_file {
        let path = root.join(rel);
        let old = std::fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        let mut out = String::with_capacity(old.len() + lines.len() * 24);
        // Offsets (in `out`) of the comments we insert, to check they are comments.
        let mut inserted: Vec<(usize, usize)> = vec![];
        for (i, line) in old.split_inclusive('\n').enumerate() {
            let Some(codes) = lines.get(&(i + 1)) else {
                out.push_str(line);
                continue;
            };
            let body = line.trim_end_matches(['\n', '\r']);
            let ending = &line[body.len()..];
            let new_body = match body.find("# noqa") {
                Some(at) => match body[at + 6..].strip_prefix(':') {
                    Some(listed) => {
                        let have: Vec<&str> =
                            listed.split([',', ' ']).filter(|c| !c.is_empty()).collect();
                        let missing: Vec<&str> = codes
                            .iter()
                            .copied()
                            .filter(|c| !have.contains(c))
                            .collect();
                        if missing.is_empty() {
                            out.push_str(line);
                            continue;
                        }
                        format!("{}, {}", body.trim_end(), missing.join(", "))
                    }
                    None => {
                        out.push_str(line); // a bare `# noqa` covers every code
                        continue;
                    }
                },
                None => {
                    inserted.push((i, out.len() + body.len() + 2));
                    format!(
                        "{body}  # noqa: {}",
                        codes.iter().copied().collect::<Vec<_>>().join(", ")
                    )
                }
            };
            out.push_str(&new_body);
            out.push_str(ending);
            added += 1;
        }
        // Each inserted `#` must start a comment token; otherwise keep that line as it was.
        let comments = awaitify_python::comment_starts(&out).unwrap_or_default();
        let bad: Vec<usize> = inserted
            .iter()
            .filter(|(_, at)| comments.binary_search(at).is_err())
            .map(|(i, _)| *i)
            .collect();
        if !bad.is_empty() {
            skipped += bad.len();
            added -= bad.len();
            let new_lines: Vec<&str> = out.split_inclusive('\n').collect();
            let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
            out = new_lines
                .iter()
                .enumerate()
                .map(|(i, l)| if bad.contains(&i) { old_lines[i] } else { l })
                .collect();
        }
        if out != old {
            crate::write_checked(&path, old.as_bytes(), out.as_bytes())?;
            files += 1;
        }
    }
    eprintln!("awaitify: added {added} noqa comment(s) in {files} file(s)");
    if skipped > 0 {
        eprintln!(
            "awaitify: {skipped} line(s) left as they were: the line ends inside a string, where a comment cannot go"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `p` relative to the project root (`/`-separated); `p` need not exist (its directory
/// must).
pub(crate) fn relative_to(root: &Path, p: &Path) -> Result<String> {
    let root_abs = std::fs::canonicalize(root).unwrap_or(root.to_path_buf());
    let abs = match std::fs::canonicalize(p) {
        Ok(abs) => abs,
        Err(_) => {
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let name = p
                .file_name()
                .with_context(|| format!("{}: not a file name", p.display()))?;
            std::fs::canonicalize(dir)
                .with_context(|| format!("{}: no such file or directory", p.display()))?
                .join(name)
        }
    };
    match abs.strip_prefix(&root_abs) {
        Ok(r) => Ok(r.to_string_lossy().replace('\\', "/")),
        Err(_) => bail!("{}: outside the project {}", p.display(), root.display()),
    }
}

pub(crate) fn find_project(start: &Path) -> PathBuf {
    let start = if start.is_file() {
        start
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    } else {
        start
    };
    let abs = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let mut cur = Some(abs.as_path());
    while let Some(dir) = cur {
        if ["pyproject.toml", "awaitify.toml", ".git"]
            .iter()
            .any(|m| dir.join(m).exists())
        {
            return dir.to_path_buf();
        }
        if dir.join("Cargo.toml").is_file() {
            // A Cargo package: its workspace root, if it has one, holds the whole graph.
            // As cargo decides: the first `[workspace]` above, when it lists this package
            // among its members (and does not exclude it).
            let mut up = dir.parent();
            while let Some(u) = up {
                let manifest = std::fs::read_to_string(u.join("Cargo.toml")).unwrap_or_default();
                if let Ok(table) = manifest.parse::<toml::Table>()
                    && let Some(ws) = table.get("workspace").and_then(|w| w.as_table())
                {
                    let rel = dir
                        .strip_prefix(u)
                        .map(|r| r.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_default();
                    let listed = |key: &str| {
                        ws.get(key).and_then(|m| m.as_array()).is_some_and(|globs| {
                            globs.iter().filter_map(|g| g.as_str()).any(|g| {
                                globset::Glob::new(g.trim_end_matches('/'))
                                    .is_ok_and(|g| g.compile_matcher().is_match(&rel))
                            })
                        })
                    };
                    if listed("members") && !listed("exclude") {
                        return u.to_path_buf();
                    }
                    break;
                }
                if u.join(".git").exists() {
                    break;
                }
                up = u.parent();
            }
            return dir.to_path_buf();
        }
        cur = dir.parent();
    }
    abs
}

/// Per file: the changed line ranges, or `None` when the whole file is new.
type ChangedLines = std::collections::HashMap<String, Option<Vec<(usize, usize)>>>;

/// Lines changed since `rev` (tracked changes, plus every line of untracked files).
fn changed_lines(root: &Path, rev: &str) -> Result<ChangedLines> {
    if rev.starts_with('-') {
        bail!("--diff-base {rev}: not a revision");
    }
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "core.quotepath=off",
            "diff",
            "--unified=0",
            "--no-color",
            "--no-ext-diff",
            "--relative",
            rev,
            "--",
        ])
        .current_dir(root)
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        // git's first line says it; the rest is usage text.
        let err = String::from_utf8_lossy(&out.stderr);
        bail!(
            "--diff-base {rev}: {}",
            err.lines().next().unwrap_or("git diff failed").trim()
        );
    }
    let mut map: std::collections::HashMap<String, Option<Vec<(usize, usize)>>> =
        Default::default();
    let mut current: Option<String> = None;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if let Some(p) = line.strip_prefix("+++ ") {
            current = p.strip_prefix("b/").map(str::to_string);
        } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
            // @@ -a,b +c,d @@
            let plus = hunk
                .split_whitespace()
                .find(|p| p.starts_with('+'))
                .unwrap_or("+0");
            let mut it = plus[1..].split(',');
            let start: usize = it.next().and_then(|x| x.parse().ok()).unwrap_or(0);
            let count: usize = it.next().and_then(|x| x.parse().ok()).unwrap_or(1);
            if count > 0
                && let Some(ranges) = map.entry(path.clone()).or_insert_with(|| Some(vec![]))
            {
                ranges.push((start, start + count - 1));
            }
        }
    }
    let untracked = std::process::Command::new("git")
        .args([
            "-c",
            "core.quotepath=off",
            "ls-files",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(root)
        .output()
        .context("cannot run git")?;
    for p in String::from_utf8_lossy(&untracked.stdout).lines() {
        map.insert(p.to_string(), None);
    }
    Ok(map)
}

/// Findings with paths relative to the git repository holding `root` (unchanged outside
/// git or when the project is the repository root).
fn repo_relative(
    root: &Path,
    mut findings: Vec<awaitify_core::lint::Finding>,
) -> Vec<awaitify_core::lint::Finding> {
    let top = std::process::Command::new("git")
        .args(["rev-parse", "--show-prefix"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    if top.is_empty() {
        return findings;
    }
    let prefix = if top.ends_with('/') {
        top
    } else {
        format!("{top}/")
    };
    for f in &mut findings {
        f.path = format!("{prefix}{}", f.path);
        for h in &mut f.chain {
            h.path = format!("{prefix}{}", h.path);
        }
    }
    findings
}

/// `lint -v`: what was analysed, with which configuration.
fn verbose_header(setup: &crate::Setup, files: usize) {
    let root = std::fs::canonicalize(&setup.root).unwrap_or(setup.root.clone());
    let config = setup
        .config
        .origin
        .as_ref()
        .map_or_else(|| "none".to_string(), |p| p.display().to_string());
    eprintln!(
        "awaitify: project {} ({}), configuration: {config}, {files} file(s) analysed",
        root.display(),
        if setup.lang == crate::Lang::Rust {
            "rust"
        } else {
            "python"
        }
    );
}

pub fn lint(mut args: LintArgs) -> Result<ExitCode> {
    crate::set_quiet(args.quiet);
    // `lint -`: the source of one file comes from standard input.
    let stdin = crate::read_stdin_path(&args.paths, args.stdin_filename.as_ref())?;
    match &stdin {
        Some((name, _)) => args.paths = vec![name.clone()],
        None => args.paths = crate::expand_paths(&args.paths)?,
    }
    let first = match args.paths.first() {
        Some(p) => crate::project_start(p, stdin.is_some()),
        None => PathBuf::from("."),
    };
    let root = match &args.project {
        Some(p) => p.clone(),
        None => find_project(&first),
    };
    let mut common = crate::CommonArgs::of(&args.project_args, &crate::MigrationArgs::default());
    common.evidence = args.evidence.clone();
    let mut setup = setup(&root, &common)?;
    if common.show_settings {
        print!("{}", crate::show_settings(&setup, &common, true));
        return Ok(ExitCode::SUCCESS);
    }
    if let Some((name, text)) = &stdin {
        if setup.lang == super::Lang::Rust {
            bail!("`-` (standard input) is supported for Python projects");
        }
        setup
            .overrides
            .push((relative_to(&setup.root, name)?, text.clone()));
    }
    setup.options.include_tests = true;
    setup.options.analysis_only = true;
    let (project, problems) = if setup.lang == super::Lang::Rust {
        let (project, problems) = super::load_rust(&setup);
        (Err(project), problems)
    } else {
        let (project, problems) = load(&setup);
        if project.is_empty() && problems.is_empty() {
            // As ruff does: a path with nothing to check is a warning, not a pass.
            crate::warn(&format!(
                "no Python files found under {}",
                setup.root.display()
            ));
        }
        (Ok(project), problems)
    };
    // Files that cannot be read or parsed are findings (as ruff reports them), so a
    // broken file fails CI instead of being skipped silently.
    let mut findings: Vec<awaitify_core::lint::Finding> = problems
        .iter()
        .map(|p| awaitify_core::lint::Finding {
            code: "AWT000".into(),
            message: p.message.clone(),
            severity: awaitify_core::lint::Severity::Error,
            path: p.rel.clone(),
            line: p.line,
            column: p.col,
            end_line: p.line,
            end_column: p.col,
            context: String::new(),
            chain: vec![],
            source_line: String::new(),
            source_column: 0,
        })
        .collect();
    let t = std::time::Instant::now();
    let (mut found, suppressions) = match project {
        Ok(project) => {
            let a = project.analyze(&setup.catalog, &setup.options);
            if let Some(e) = &a.evidence_error {
                bail!("{e}");
            }
            timing("resolve, call graph, taint", t);
            let options = awaitify_python::lint::LintOptions {
                async_prefix: setup.config.async_prefix.clone(),
            };
            let t = std::time::Instant::now();
            let r = awaitify_python::lint::lint(&a, &options);
            timing("lint rules", t);
            if args.verbose {
                verbose_header(&setup, a.rels.len());
                let calls = awaitify_python::graph::unresolved_async_calls(&a);
                eprintln!(
                    "awaitify: calls in async functions nothing was resolved for: {}{}",
                    calls.len(),
                    if calls.is_empty() {
                        ""
                    } else {
                        " (a blocking call behind one of them is not reported)"
                    }
                );
                for c in &calls {
                    eprintln!("  {c}");
                }
            }
            // The process ends right after printing: freeing every syntax summary one by
            // one would only cost time (about a tenth of a run on large trees).
            std::mem::forget(a);
            std::mem::forget(project);
            r
        }
        Err(project) => {
            let options = super::rust_options(&setup);
            let a = awaitify_rust::analyze(&project, &setup.catalog, &options);
            let r = awaitify_rust::lint::lint(&a);
            timing("resolve, call graph, taint, lint rules", t);
            if args.verbose {
                verbose_header(&setup, project.files.len());
            }
            r
        }
    };
    // Rule selection: configuration first, then the command line.
    let mut per_file_ignores = vec![];
    for (glob, codes) in &setup.config.per_file_ignores {
        let g = globset::Glob::new(glob)
            .with_context(|| format!("per-file-ignores: `{glob}` is not a valid glob"))?;
        per_file_ignores.push((g.compile_matcher(), codes.clone()));
    }
    // ruff's model: the command line's --select replaces the configuration's, which
    // replaces the defaults; extend-select adds.
    let select = if !args.select.is_empty() {
        Some(args.select.clone())
    } else if !setup.config.select.is_empty() {
        Some(setup.config.select.clone())
    } else {
        None
    };
    let mut extend: Vec<String> = setup
        .config
        .extend_select
        .iter()
        .chain(&args.extend_select)
        .cloned()
        .collect();
    if setup.config.async_prefix.is_some() {
        extend.push("AWT401".into());
    }
    extend.push("AWT000".into());
    let selection = awaitify_core::lint::Selection {
        select,
        extend,
        ignore: setup
            .config
            .ignore
            .iter()
            .chain(&args.ignore)
            .cloned()
            .collect(),
        per_file_ignores,
    };
    for code in selection
        .select
        .iter()
        .flatten()
        .chain(&selection.extend)
        .chain(&selection.ignore)
    {
        let known = code == "ALL"
            || awaitify_core::rules::RULES
                .iter()
                .any(|r| r.code.starts_with(code.as_str()));
        if !known {
            bail!("unknown rule selector `{code}` (awaitify rule --all lists the rules)");
        }
    }
    found.retain(|f| selection.enabled(&f.code, &f.path));
    let unused = awaitify_core::lint::apply_suppressions(&mut found, &suppressions);
    findings.extend(found);
    findings.extend(
        unused
            .into_iter()
            .filter(|f| selection.enabled(&f.code, &f.path)),
    );
    findings.sort_by(|x, y| {
        (&x.path, x.line, x.column, &x.code).cmp(&(&y.path, y.line, y.column, &y.code))
    });

    // Which files to report on.
    if !args.paths.is_empty() {
        let root_abs = std::fs::canonicalize(&setup.root).unwrap_or(setup.root.clone());
        let mut wanted: Vec<String> = vec![];
        for p in &args.paths {
            wanted.push(relative_to(&root_abs, p)?);
        }
        let in_scope = |path: &str| {
            wanted
                .iter()
                .any(|w| w.is_empty() || path == w || path.starts_with(&format!("{w}/")))
        };
        findings.retain(|f| in_scope(&f.path) || f.chain.iter().any(|h| in_scope(&h.path)));
    }
    if let Some(rev) = &args.diff_base {
        let changed = changed_lines(&setup.root, rev)?;
        let touched = |path: &str, line: usize| match changed.get(path) {
            Some(None) => true,
            Some(Some(ranges)) => ranges.iter().any(|&(a, b)| a <= line && line <= b),
            None => false,
        };
        findings.retain(|f| {
            touched(&f.path, f.line) || f.chain.iter().any(|h| touched(&h.path, h.line))
        });
    }
    if args.add_noqa {
        return add_noqa(&setup.root, &findings);
    }
    if let Some(path) = &args.write_baseline {
        let b = awaitify_core::lint::Baseline::from_findings(&findings);
        let json = serde_json::to_string_pretty(&b)? + "\n";
        write_atomic(path, json.as_bytes(), false)?;
        eprintln!(
            "awaitify: wrote a baseline of {} finding(s) to {}",
            findings.len(),
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = &args.baseline {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the baseline", path.display()))?;
        let b: awaitify_core::lint::Baseline = serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))?;
        findings = b.filter(findings);
    }
    crate::progress::finish();
    let out = match args.format {
        Format::Text if args.statistics => awaitify_core::lint::render_statistics(&findings),
        Format::Json if args.statistics => awaitify_core::lint::render_statistics_json(&findings),
        Format::Text => {
            let color = match args.color {
                crate::ColorArg::Auto => args.output_file.is_none() && args.color.on(),
                c => c.on(),
            };
            let text = awaitify_core::lint::render_text(&findings, color);
            if args.quiet {
                let summary = awaitify_core::lint::text_summary(&findings);
                text.strip_suffix(summary.as_str())
                    .unwrap_or(&text)
                    .to_string()
            } else {
                text
            }
        }
        Format::Json => awaitify_core::lint::render_json(&findings),
        // Code scanning and Actions annotations resolve paths from the repository root.
        Format::Sarif => awaitify_core::lint::render_sarif(
            &repo_relative(&setup.root, findings.clone()),
            env!("CARGO_PKG_VERSION"),
        ),
        Format::Github => {
            awaitify_core::lint::render_github(&repo_relative(&setup.root, findings.clone()))
        }
    };
    match &args.output_file {
        Some(path) => write_atomic(path, out.as_bytes(), false)
            .with_context(|| format!("--output-file {}", path.display()))?,
        None => std::io::stdout().lock().write_all(out.as_bytes())?,
    }
    Ok(if !findings.is_empty() && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
