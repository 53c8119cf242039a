//! The Python frontend of awaitify.
//!
//! Pipeline: [`Project::load`] parses every file in parallel and extracts a positional
//! summary ([`model`]); [`Project::migrate`] resolves names across the project
//! ([`resolve`]), builds the call graph and propagates blocking taint ([`analysis`]),
//! and turns the decisions into text edits ([`rewrite`]) that the core applies. Files are
//! never re-printed: everything outside an edit, comments included, stays byte for byte.

pub mod analysis;
mod atomic;
mod demand;
pub mod evidence;
pub mod extract;
pub mod feasible;
pub mod graph;
mod lazy;
pub mod lint;
pub mod model;
pub mod resolve;
pub mod rewrite;
pub mod shim;
pub mod types;

use awaitify_core::catalog::Catalog;
use awaitify_core::edit::{self, Edit};
use awaitify_core::graph::EdgeKind;
use awaitify_core::text::LineIndex;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub use analysis::Analysis;
pub use awaitify_core::migration::{
    FileChange, FunctionChange, Input, Migration, Naming, Problem, Report, ReviewItem,
};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub naming: Naming,
    /// Use `[blocking.native]` alternatives (`--strategy native`).
    pub native: bool,
    /// Qualified-name globs that stay sync.
    pub keep_sync: Vec<String>,
    /// Migrate only what these entry points need.
    pub only: Vec<String>,
    /// Dotted name of the runtime helper module (default: `<top package>._awaitify_runtime`).
    pub runtime_module: Option<String>,
    /// Source roots relative to the project (default: the project root, and `src` if present).
    pub roots: Vec<String>,
    /// Also migrate test code (`test_*.py`, `*_test.py`, `conftest.py`, `tests/`), which
    /// otherwise stays sync and keeps exercising the sync API through the shims.
    pub include_tests: bool,
    /// Build the graph and taint only (lint): no waves, shims or rewrite decisions, and
    /// only the sites async code can reach resolved (`demand`).
    pub analysis_only: bool,
    /// With `analysis_only`: resolve every site as migration does (tests compare the two).
    pub whole_program: bool,
    /// Decorators declared transparent by the project (`transparent-decorators`).
    pub transparent_decorators: Vec<String>,
    /// A runtime trace (`--evidence`): traced edges and blocking calls join the static
    /// resolution where it found nothing or found less.
    pub evidence: Option<std::sync::Arc<(String, evidence::Trace)>>,
    /// With evidence: migrate only what the N costliest traced blocking paths need.
    pub top: Option<usize>,
    /// The lowest version of each dependency the project declares (normalized package
    /// name -> version): a catalog twin that `requires` a newer one is not used.
    pub dependency_minimums: std::collections::HashMap<String, Vec<u32>>,
}

/// `AWAITIFY_TIMINGS=2`: how long each step of the analysis took (stderr).
pub fn phase(name: &str) {
    use std::sync::Mutex;
    static LAST: Mutex<Option<std::time::Instant>> = Mutex::new(None);
    if std::env::var("AWAITIFY_TIMINGS").as_deref() != Ok("2") {
        return;
    }
    let now = std::time::Instant::now();
    let mut last = LAST.lock().expect("timing lock");
    if let Some(t) = *last {
        eprintln!(
            "timing:   before {name}: {:.1} ms",
            (now - t).as_secs_f64() * 1000.0
        );
    }
    *last = Some(now);
}

/// Whether a path is test code (pytest's default discovery, plus `tests/` directories).
/// The byte offsets where comments start, when `text` parses (for checking that an
/// inserted `# noqa` is a comment, not text inside a string).
pub fn comment_starts(text: &str) -> Option<Vec<usize>> {
    let parsed = ruff_python_parser::parse_module(text).ok()?;
    Some(
        parsed
            .tokens()
            .iter()
            .filter(|t| t.kind() == ruff_python_ast::token::TokenKind::Comment)
            .map(|t| usize::from(ruff_text_size::Ranged::start(t)))
            .collect(),
    )
}

pub fn is_test_path(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.starts_with("test_")
        || name.ends_with("_test.py")
        || name == "conftest.py"
        || rel.split('/').any(|c| c == "tests" || c == "test")
}

struct Parsed {
    rel: String,
    /// The text after a byte-order mark, which is kept aside and restored on output.
    text: String,
    bom: bool,
    encoding: awaitify_core::encoding::SourceEncoding,
    summary: model::ModuleSummary,
}

const BOM: &str = "\u{feff}";

/// The offset of the first invalid UTF-8 byte (carried as a private-use character) that is
/// not inside a comment, for a file decoded with them.
fn escaped_outside_comments(
    input: &Input,
    tokens: &ruff_python_ast::token::Tokens,
) -> Option<usize> {
    use awaitify_core::encoding::{SourceEncoding, is_escaped_byte};
    use ruff_text_size::Ranged;
    if input.encoding != SourceEncoding::Utf8Escaped {
        return None;
    }
    let in_comment = |at: usize| {
        tokens.iter().any(|t| {
            t.kind() == ruff_python_ast::token::TokenKind::Comment
                && t.start().to_usize() <= at
                && at < t.end().to_usize()
        })
    };
    input
        .text
        .char_indices()
        .find(|&(at, c)| is_escaped_byte(c) && !in_comment(at))
        .map(|(at, _)| at)
}

pub struct Project {
    files: Vec<Parsed>,
    pub problems: Vec<Problem>,
}

/// Dotted module name of a file relative to the project: `(name, is_package)`.
pub fn module_name(rel: &str, roots: &[String]) -> (String, bool) {
    let mut path = rel;
    let mut best = "";
    for r in roots {
        let r = r.trim_end_matches('/');
        if r.is_empty() {
            continue;
        }
        if let Some(rest) = rel.strip_prefix(r).and_then(|p| p.strip_prefix('/'))
            && r.len() > best.len()
        {
            best = r;
            path = rest;
        }
    }
    let path = path
        .strip_suffix(".pyi")
        .or_else(|| path.strip_suffix(".py"))
        .unwrap_or(path);
    let mut parts: Vec<&str> = path.split('/').collect();
    let is_package = parts.last() == Some(&"__init__");
    if is_package {
        parts.pop();
    }
    (parts.join("."), is_package)
}

impl Project {
    /// Parse every input in parallel. Files that do not parse are reported and skipped.
    pub fn load(inputs: Vec<Input>, roots: &[String]) -> Self {
        Self::load_with(inputs, roots, true)
    }

    /// [`Project::load`]; `values: false` leaves out what only migration reads (lint).
    pub fn load_with(inputs: Vec<Input>, roots: &[String], values: bool) -> Self {
        let results: Vec<Result<Parsed, Problem>> = inputs
            .into_par_iter()
            .map(|mut input| {
                let (name, is_package) = module_name(&input.rel, roots);
                let bom = input.text.starts_with(BOM);
                if bom {
                    input.text.drain(..BOM.len());
                }
                match ruff_python_parser::parse_module(&input.text) {
                    Ok(parsed)
                        if let Some((at, message)) = extract::cpython_rejects(
                            &input.text,
                            parsed.syntax(),
                            parsed.tokens(),
                        ) =>
                    {
                        // The parser accepts it, CPython's compiler does not: the file is
                        // reported and left as it is, like one that does not parse.
                        let at = LineIndex::new(&input.text).line_col(&input.text, at);
                        Err(Problem {
                            rel: input.rel,
                            line: at.line,
                            col: at.col,
                            message: format!("SyntaxError: {message}"),
                        })
                    }
                    // Invalid UTF-8 is accepted in comments only (as CPython does).
                    Ok(parsed)
                        if let Some(at) = escaped_outside_comments(&input, parsed.tokens()) =>
                    {
                        let at = LineIndex::new(&input.text).line_col(&input.text, at);
                        Err(Problem {
                            rel: input.rel,
                            line: at.line,
                            col: at.col,
                            message: "not valid UTF-8".into(),
                        })
                    }
                    Ok(parsed) => {
                        let summary = extract::extract(
                            &name,
                            is_package,
                            &input.text,
                            parsed.syntax(),
                            parsed.tokens(),
                            values,
                        );
                        Ok(Parsed {
                            rel: input.rel,
                            text: input.text,
                            bom,
                            encoding: input.encoding,
                            summary,
                        })
                    }
                    Err(e) => {
                        let at = LineIndex::new(&input.text)
                            .line_col(&input.text, e.location.start().to_usize());
                        Err(Problem {
                            rel: input.rel,
                            line: at.line,
                            col: at.col,
                            message: format!("SyntaxError: {}", e.error),
                        })
                    }
                }
            })
            .collect();
        let mut files = vec![];
        let mut problems = vec![];
        for r in results {
            match r {
                Ok(p) => files.push(p),
                Err(p) => problems.push(p),
            }
        }
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        problems.sort_by(|a, b| a.rel.cmp(&b.rel));
        Self { files, problems }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// How many sites of each kind were extracted: calls, with items, iterables, values.
    pub fn site_counts(&self) -> [usize; 4] {
        let mut n = [0; 4];
        for f in &self.files {
            for s in &f.summary.sites {
                n[s.kind as usize] += 1;
            }
        }
        n
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn analyze<'a>(&'a self, catalog: &'a Catalog, options: &'a Options) -> Analysis<'a> {
        let mut a = Analysis::new(
            self.files.iter().map(|f| &f.summary).collect(),
            self.files.iter().map(|f| f.rel.as_str()).collect(),
            self.files.iter().map(|f| f.text.as_str()).collect(),
            catalog,
            options,
        );
        a.boms = self.files.iter().map(|f| f.bom).collect();
        a.encodings = self.files.iter().map(|f| f.encoding).collect();
        a
    }

    /// Run the whole migration and return the changed files and the report.
    pub fn migrate(&self, catalog: &Catalog, options: &Options) -> Migration {
        let a = self.analyze(catalog, options);
        migrate_analysis(&a)
    }
}

pub fn migrate_analysis(a: &Analysis) -> Migration {
    let n = a.index.summaries.len();
    // Guarded decorators on functions that migrate: their wrappers get an async twin,
    // from the first wave that needs it.
    let mut aware: rustc_hash::FxHashMap<usize, usize> = Default::default();
    for g in (0..a.index.funcs.len()).filter(|&g| a.migrates(g)) {
        let file = a.index.funcs[g].0;
        for d in &a.index.func(g).1.decorators {
            if let Some(l) = analysis::guarded_decorator(&a.index, file, d) {
                let w = aware.entry(l).or_insert(a.wave(g));
                *w = (*w).min(a.wave(g));
            }
        }
    }
    let per_file: Vec<rewrite::FileEdits> = (0..n)
        .into_par_iter()
        .map(|f| rewrite::file_edits(a, f, &aware))
        .collect();
    let made_aware: BTreeSet<usize> = per_file
        .iter()
        .flat_map(|fe| fe.async_aware.iter().copied())
        .collect();
    let mut edits: Vec<Vec<Edit>> = vec![vec![]; n];
    let mut report = Report::default();
    if a.django {
        report.thread_helper = "sync_to_async".into();
    }
    // Runtime helper needs per file: (path, wave).
    let mut runtime_needs: Vec<(usize, String, usize)> = vec![];
    for (file, fe) in per_file.into_iter().enumerate() {
        edits[file].extend(fe.edits);
        for (other, e) in fe.foreign {
            edits[other].push(e);
        }
        if let Some((_, wave)) = fe.runtime {
            let (_, path) = rewrite::runtime_location(a, file);
            runtime_needs.push((file, path, wave));
        }
        report.merge(fe.report);
    }
    for (id, why) in a.barrier.iter().enumerate() {
        if a.taint.is_blocked_barrier(id) && a.is_test_func(id) {
            report.tests_kept_sync += 1;
            continue;
        }
        if let Some(why) = why
            && a.taint.is_blocked_barrier(id)
        {
            let (s, f) = a.index.func(id);
            let file = a.index.funcs[id].0;
            let _ = s;
            report.cannot_be_async.push(
                ReviewItem::new(
                    format!("{}:{}", a.rels[file], f.line),
                    format!("`{}` stays sync: {why}", a.index.qualname(id)),
                )
                .about(a.index.qualname(id)),
            );
        }
    }
    // Replacements whose receiver is unknown, of a name a migrated function has: the
    // replacement no longer intercepts calls that now go to the async version.
    let mut migrated_by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    if !a.name_patches.is_empty() {
        for g in (0..a.index.funcs.len()).filter(|&g| a.migrates(g)) {
            migrated_by_name
                .entry(a.index.func(g).1.name.as_str())
                .or_default()
                .push(g);
        }
    }
    for (name, file, line) in &a.name_patches {
        let hit: Vec<String> = migrated_by_name
            .get(name.as_str())
            .into_iter()
            .flatten()
            .map(|&g| a.index.qualname(g))
            .collect();
        if !hit.is_empty() {
            report.review.push(ReviewItem::new(
                format!("{}:{line}", a.rels[*file]),
                format!(
                    "`{name}` is replaced at run time here on a value awaitify could not type; \
                     `{}` migrated, so the replacement no longer intercepts its async callers",
                    hit.join("`, `")
                ),
            ));
        }
    }
    // Wrappers that handle the call's result or errors see a coroutine now.
    for g in 0..a.index.funcs.len() {
        if !a.migrates(g) {
            continue;
        }
        let file = a.index.funcs[g].0;
        let f = a.index.func(g).1;
        for d in &f.decorators {
            if let analysis::DecoratorVerdict::Review(why) =
                analysis::decorator_verdict(&a.index, file, d, a.options)
                && !analysis::guarded_decorator(&a.index, file, d)
                    .is_some_and(|l| made_aware.contains(&l))
            {
                report.review.push(ReviewItem::new(
                    format!("{}:{}", a.rels[file], f.line),
                    format!("`{}`: {why}", a.index.qualname(g)),
                ));
            }
        }
    }
    report.unresolved_total = report.unresolved.len();
    report.functions.sort_by(|x, y| x.sort_key.cmp(&y.sort_key));
    if let (Some(ev), Some(opt)) = (&a.evidence, &a.options.evidence) {
        // Measured: the costliest first, wave by wave.
        let mut secs: BTreeMap<String, f64> = BTreeMap::new();
        for (&g, &t) in &ev.blocked_seconds {
            let f = a.index.func(g).1;
            secs.insert(format!("{}:{}", a.rels[a.index.funcs[g].0], f.line), t);
        }
        for f in &mut report.functions {
            f.blocked_seconds = secs.get(&f.location).copied();
        }
        report.functions.sort_by(|x, y| {
            x.wave
                .cmp(&y.wave)
                .then(
                    y.blocked_seconds
                        .unwrap_or(0.0)
                        .total_cmp(&x.blocked_seconds.unwrap_or(0.0)),
                )
                .then(x.sort_key.cmp(&y.sort_key))
        });
        report.evidence = Some(evidence::summary(a, &opt.0));
    }
    report.review.sort_by_key(|x| location_key(&x.location));
    report
        .retirable_shims
        .sort_by_key(|x| location_key(&x.location));
    report
        .cannot_be_async
        .sort_by_key(|x| location_key(&x.location));
    // One line per catalog note, not one per call site.
    let mut notes: BTreeMap<String, (String, usize)> = BTreeMap::new();
    report.review.retain(|r| {
        if let Some(rest) = r.message.strip_prefix("note: ") {
            let e = notes
                .entry(rest.to_string())
                .or_insert((r.location.clone(), 0));
            e.1 += 1;
            false
        } else {
            true
        }
    });
    for (note, (first, count)) in notes {
        let more = if count > 1 {
            format!(" (and {} more)", count - 1)
        } else {
            String::new()
        };
        report
            .review
            .push(ReviewItem::new(format!("{first}{more}"), note));
    }
    let mut problems = vec![];
    let mut changes: Vec<FileChange> = edits
        .into_par_iter()
        .enumerate()
        .filter(|(_, e)| !e.is_empty())
        .map(|(file, mut e)| {
            let rel = a.rels[file].to_string();
            let old = a.texts[file];
            if let Err(c) = edit::normalize(&mut e) {
                return Err(Problem {
                    rel,
                    line: 1,
                    col: 1,
                    message: format!("internal error, file left unchanged: {c}"),
                });
            }
            let new = edit::apply(old, &e).expect("normalized");
            let prefix = if a.boms.get(file).copied().unwrap_or(false) {
                BOM
            } else {
                ""
            };
            let encoding = a.encodings.get(file).copied().unwrap_or_default();
            let change = FileChange {
                rel,
                old: Some(format!("{prefix}{old}")),
                new: format!("{prefix}{new}"),
                edits: e,
                wave: 0,
                prefix: prefix.len(),
                encoding,
                diff3: Default::default(),
            };
            // The output must parse; the diff a reviewer reads is made meanwhile.
            let (parsed, ()) = rayon::join(
                || ruff_python_parser::parse_module(&new).err(),
                || change.precompute_diff(),
            );
            if let Some(err) = parsed {
                let at = LineIndex::new(&new).line_col(&new, err.location.start().to_usize());
                return Err(Problem {
                    rel: change.rel,
                    line: at.line,
                    col: at.col,
                    message: format!(
                        "internal error, file left unchanged: the rewrite does not parse ({})",
                        err.error
                    ),
                });
            }
            if awaitify_core::encoding::encode(&new, encoding).is_none() {
                return Err(Problem {
                    rel: change.rel,
                    line: 1,
                    col: 1,
                    message: "the migrated text cannot be written in the file's declared encoding: left unchanged".into(),
                });
            }
            Ok(change)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|r| r.map_err(|p| problems.push(p)).ok())
        .collect();
    // Only files that really change need the helper (one left unchanged does not).
    let changed: BTreeSet<&str> = changes.iter().map(|c| c.rel.as_str()).collect();
    let mut runtimes: BTreeMap<String, usize> = BTreeMap::new();
    for (file, path, wave) in runtime_needs {
        if changed.contains(a.rels[file]) {
            let slot = runtimes.entry(path).or_insert(wave);
            *slot = (*slot).min(wave);
        }
    }
    let existing: BTreeSet<&str> = a.rels.iter().copied().collect();
    for (path, wave) in runtimes {
        if !existing.contains(path.as_str()) {
            changes.push(FileChange {
                rel: path,
                old: None,
                new: if a.django {
                    shim::django_runtime()
                } else {
                    shim::RUNTIME_SOURCE.to_string()
                },
                edits: vec![],
                wave,
                prefix: 0,
                encoding: Default::default(),
                diff3: Default::default(),
            });
        }
    }
    changes.sort_by(|x, y| x.rel.cmp(&y.rel));
    Migration {
        changes,
        report,
        problems,
    }
}

/// Why `qualname` must become async (or why it stays sync), hop by hop.
/// One line: why a migrated function becomes async (the blocking call its chain ends in,
/// and the functions in between), for patch messages and `migrate --annotate`.
pub fn reason(a: &Analysis, id: resolve::FuncId) -> String {
    let chain = a.taint.chain(id);
    let through: Vec<String> = chain
        .iter()
        .skip(1)
        .map(|(step, _)| a.index.qualname(*step))
        .collect();
    let seed = chain.last().map_or(id, |(step, _)| *step);
    let blocking = lint::first_blocking_call(a, seed, &vec![])
        .map(|(q, path, line)| (q, format!("{path}:{line}")));
    awaitify_core::migration::reason_line(
        blocking.as_ref().map(|(q, at)| (q.as_str(), at.as_str())),
        &through,
    )
}

pub fn explain(a: &Analysis, qualname: &str) -> Result<String, String> {
    let ids: Vec<usize> = (0..a.index.funcs.len())
        .filter(|&f| a.index.qualname(f) == qualname)
        .collect();
    if ids.is_empty() {
        let all = (0..a.index.funcs.len()).map(|f| a.index.qualname(f));
        return Err(awaitify_core::migration::no_such_function(
            qualname, all, ".",
        ));
    }
    let mut out = String::new();
    for id in ids {
        let (_, f) = a.index.func(id);
        let loc = |id: usize| {
            let (_, f) = a.index.func(id);
            format!("{}:{}", a.rels[a.index.funcs[id].0], f.line)
        };
        if f.is_async {
            out.push_str(&format!("{qualname} ({}) is already async\n", loc(id)));
            continue;
        }
        if !a.migrates(id) {
            match &a.barrier[id] {
                Some(why) => out.push_str(&format!("{qualname} ({}) stays sync: {why}\n", loc(id))),
                None => out.push_str(&format!(
                    "{qualname} ({}) stays sync: it reaches no blocking call\n",
                    loc(id)
                )),
            }
            continue;
        }
        out.push_str(&format!("{qualname} becomes async ({}):\n", loc(id)));
        for (step, edge) in a.taint.chain(id) {
            out.push_str(&format!("  {}  {}\n", loc(step), a.index.qualname(step)));
            match edge {
                Some(EdgeKind::Call(site)) => {
                    let line = awaitify_core::text::line_number(a.texts[site.file], site.offset);
                    // With evidence, each hop says where it comes from.
                    let how = match &a.evidence {
                        Some(ev) => match ev.traced_sites.get(&(site.file, site.offset)) {
                            Some(n) => format!(" (traced, {n} calls)"),
                            None => " (static)".to_string(),
                        },
                        None => String::new(),
                    };
                    out.push_str(&format!(
                        "    calls, at {}:{line}{how}\n",
                        a.rels[site.file]
                    ));
                }
                Some(EdgeKind::Override) => {
                    out.push_str("    shares a method with (override or __enter__/__exit__ pair)\n")
                }
                None => {
                    let file = a.index.funcs[step].0;
                    let local = a.index.funcs[step].1;
                    let s = a.index.summaries[file];
                    for (site, res) in s.sites.iter().zip(&a.resolved[file]) {
                        if site.func != Some(local) || site.sync_code() {
                            continue;
                        }
                        for t in &res.targets {
                            if let resolve::Target::Blocking(q) = t {
                                let e = a.index.catalog.blocking(q).expect("catalog");
                                let key = (file, site.start);
                                let how = match &a.evidence {
                                    Some(ev) => {
                                        let measured = match (
                                            ev.site_calls.get(&key),
                                            ev.site_seconds.get(&key),
                                        ) {
                                            (Some((_, n)), Some(t)) => {
                                                format!(", {n} calls, {t:.3} s")
                                            }
                                            _ => String::new(),
                                        };
                                        if ev.traced_sites.contains_key(&key) {
                                            format!(" (traced{measured})")
                                        } else {
                                            format!(" (static{measured})")
                                        }
                                    }
                                    None => String::new(),
                                };
                                out.push_str(&format!(
                                    "    blocks: {q} at {}:{} ({}, family {}){how}\n",
                                    a.rels[file],
                                    site.line,
                                    e.strategy.as_str(),
                                    e.family
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}

fn location_key(loc: &str) -> (String, usize) {
    match loc.split_once(':') {
        Some((p, rest)) => (
            p.to_string(),
            rest.split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0),
        ),
        None => (loc.to_string(), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming_keeps_private_names_private() {
        assert_eq!(Naming::Prefix.apply("_load"), "_async_load");
        assert_eq!(Naming::Prefix.apply("fetch"), "async_fetch");
        assert_eq!(Naming::Suffix.apply("_load"), "_load_async");
        assert_eq!(Naming::Inplace.apply("fetch"), "fetch");
    }

    #[test]
    fn module_names_follow_packages_and_roots() {
        let roots = vec!["src".to_string()];
        assert_eq!(
            module_name("src/pkg/mod.py", &roots),
            ("pkg.mod".into(), false)
        );
        assert_eq!(
            module_name("src/pkg/__init__.py", &roots),
            ("pkg".into(), true)
        );
        assert_eq!(
            module_name("tests/test_x.py", &roots),
            ("tests.test_x".into(), false)
        );
        assert_eq!(module_name("script.py", &[]), ("script".into(), false));
        assert_eq!(module_name("__init__.py", &[]), ("".into(), true));
    }
}
