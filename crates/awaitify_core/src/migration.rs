//! What a migration produces, in every language: the new text of each file (with the
//! edits that make it, tagged by wave), the report a reviewer reads, and the problems
//! (files left untouched). Frontends fill these; the CLI prints and writes them.

use crate::edit::{self, Edit};
use std::collections::{BTreeMap, BTreeSet};

/// How the async version of a function is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Naming {
    /// `async_fetch` is the coroutine; `fetch` stays as a sync shim (as Instagram did).
    #[default]
    Prefix,
    /// `fetch_async` is the coroutine; `fetch` stays as a sync shim.
    Suffix,
    /// `fetch` itself becomes the coroutine; no shim.
    Inplace,
}

impl Naming {
    /// The async name for `name`; leading underscores stay in front (`_load` ->
    /// `_async_load`), so private names stay private.
    pub fn apply(self, name: &str) -> String {
        let bare = name.trim_start_matches('_');
        let lead = &name[..name.len() - bare.len()];
        match self {
            Naming::Prefix => format!("{lead}async_{bare}"),
            Naming::Suffix => format!("{name}_async"),
            Naming::Inplace => name.to_string(),
        }
    }
}

/// One input file: its path relative to the project root (with `/`) and its text.
#[derive(Debug, Clone)]
pub struct Input {
    pub rel: String,
    pub text: String,
    /// How the file's bytes map to `text` (written back the same way).
    pub encoding: crate::encoding::SourceEncoding,
}

/// A file that could not be parsed: reported, and left untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub rel: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.rel, self.line, self.col, self.message
        )
    }
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReviewItem {
    pub location: String,
    pub message: String,
    /// The function the item is about (`pkg.mod.func`), for a function kept sync.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
}

impl ReviewItem {
    pub fn new(location: String, message: String) -> Self {
        Self {
            location,
            message,
            function: None,
        }
    }

    pub fn about(mut self, function: String) -> Self {
        self.function = Some(function);
        self
    }
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct FunctionChange {
    pub qualname: String,
    pub location: String,
    /// One line: why it becomes async (the blocking call it reaches, and through what).
    pub reason: String,
    #[serde(skip)]
    pub sort_key: (String, usize),
    pub wave: usize,
    pub shim: bool,
    /// The last line of the function (its first is `location`'s).
    pub end_line: usize,
    /// With runtime evidence: the traced seconds it spent blocked (inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_seconds: Option<f64>,
}

/// A function's one-line reason to become async: the blocking call its chain ends in (name
/// and `path:line`), and the functions in between.
pub fn reason_line(blocking: Option<(&str, &str)>, through: &[String]) -> String {
    let via = if through.is_empty() {
        String::new()
    } else {
        format!(" through {}", through.join(" -> "))
    };
    match blocking {
        Some((q, at)) => format!("calls `{q}` ({at}){via}"),
        None => format!("reaches blocking code{via}"),
    }
}

/// What a migration did, for the summary a reviewer reads.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    pub functions: Vec<FunctionChange>,
    pub shims: Vec<String>,
    pub awaits_added: usize,
    pub replacements: BTreeMap<String, usize>,
    pub to_thread: Vec<String>,
    /// What the thread fallbacks use, for the summary (`asyncio.to_thread`; in a Django
    /// project `sync_to_async`); empty for the language's default.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub thread_helper: String,
    pub packages: BTreeSet<String>,
    pub unresolved: Vec<String>,
    pub review: Vec<ReviewItem>,
    pub cannot_be_async: Vec<ReviewItem>,
    pub unresolved_total: usize,
    /// Test functions that reach blocking code but stay sync (they use the shims).
    pub tests_kept_sync: usize,
    /// Shims an earlier run left that nothing in the project calls any more (every caller
    /// now awaits the twin): they can be deleted once no caller outside the project uses
    /// the sync name.
    pub retirable_shims: Vec<ReviewItem>,
    /// Each blocking call replaced: where, what, and how (`twin`, `native`, `thread`;
    /// Rust: `twin`, `spawn_blocking`, `block_in_place`).
    pub replaced: Vec<Replaced>,
    /// What a runtime trace added (`--evidence`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceSummary>,
    /// Blocking calls left in async code that nothing above lists with a reason (found
    /// by the lint rules on the tree when the migration changes nothing, that is, on its
    /// result): `migrate --check` fails on them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unlisted_blocking: Vec<ReviewItem>,
}

impl Report {
    /// The lint findings of blocking calls in async code (`AWT1xx`, `AWT201`-`AWT203`)
    /// (not AWT109: a guard across an `.await` is no blocking call) on a tree this migration leaves as it is that no item of this report explains: not
    /// a review item, not a function kept sync, not a call sent to a thread or left
    /// unresolved (`--verbose` lists those: awaitify could not tell what it calls), and not
    /// suppressed by the user (the caller drops suppressed findings first).
    pub fn unexplained(&self, findings: &[crate::lint::Finding]) -> Vec<ReviewItem> {
        // Locations are `path:line` or `path:line:column`; compared by line.
        let line_of = |l: &str| -> String {
            match l.rsplit_once(':') {
                Some((head, col))
                    if col.parse::<usize>().is_ok()
                        && head
                            .rsplit_once(':')
                            .is_some_and(|(_, n)| n.parse::<usize>().is_ok()) =>
                {
                    head.to_string()
                }
                _ => l.to_string(),
            }
        };
        let listed: BTreeSet<String> = self
            .review
            .iter()
            .chain(&self.cannot_be_async)
            .map(|r| r.location.as_str())
            .chain(
                self.to_thread
                    .iter()
                    .chain(&self.unresolved)
                    .filter_map(|t| t.split(": ").next()),
            )
            .map(line_of)
            .collect();
        // A call into a function kept sync with a reason is explained by that reason.
        let kept: BTreeSet<&str> = self
            .cannot_be_async
            .iter()
            .filter_map(|r| r.function.as_deref())
            .collect();
        let blocking = |code: &str| {
            code.strip_prefix("AWT")
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|n| (101..=108).contains(&n) || n == 110 || (201..=203).contains(&n))
        };
        findings
            .iter()
            .filter(|f| blocking(&f.code))
            .filter(|f| !listed.contains(&format!("{}:{}", f.path, f.line)))
            .filter(|f| !f.chain.iter().any(|h| kept.contains(h.name.as_str())))
            .map(|f| {
                ReviewItem::new(
                    format!("{}:{}:{}", f.path, f.line, f.column),
                    format!("{} {}", f.code, f.message),
                )
            })
            .collect()
    }
}

/// What runtime evidence contributed to a migration.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EvidenceSummary {
    /// The trace file.
    pub trace: String,
    pub edges_added: usize,
    pub edges_confirmed: usize,
    pub blocking_added: usize,
    pub blocking_confirmed: usize,
    /// Functions made async whose reason goes through a traced hop.
    pub functions_through_evidence: usize,
    /// Traced edges left out, by reason.
    pub skipped: BTreeMap<String, usize>,
    /// The costliest blocking paths, costliest first.
    pub top_paths: Vec<BlockingPath>,
}

/// One measured blocking path: the functions from the outermost caller down to the one
/// that makes the blocking calls.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BlockingPath {
    pub seconds: f64,
    pub functions: Vec<String>,
    /// The blocking calls at its end, with where they are.
    pub calls: Vec<String>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Replaced {
    pub location: String,
    pub call: String,
    pub strategy: String,
}

impl Report {
    pub fn merge(&mut self, other: Report) {
        self.functions.extend(other.functions);
        self.shims.extend(other.shims);
        self.awaits_added += other.awaits_added;
        for (k, v) in other.replacements {
            *self.replacements.entry(k).or_default() += v;
        }
        self.to_thread.extend(other.to_thread);
        if self.thread_helper.is_empty() {
            self.thread_helper = other.thread_helper;
        }
        self.packages.extend(other.packages);
        self.unresolved.extend(other.unresolved);
        self.review.extend(other.review);
        self.cannot_be_async.extend(other.cannot_be_async);
        self.retirable_shims.extend(other.retirable_shims);
        self.replaced.extend(other.replaced);
    }
}

/// The new text of one file; `old` is `None` for a file the migration creates.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub rel: String,
    pub old: Option<String>,
    pub new: String,
    /// The edits, tagged with their wave, against `old` (empty for new files).
    pub edits: Vec<Edit>,
    /// For a new file: the wave that first needs it.
    pub wave: usize,
    /// Bytes at the start of `old` the edits do not count (a byte-order mark).
    pub prefix: usize,
    /// The file's encoding: `old`, `new` and the diff are written in it.
    pub encoding: crate::encoding::SourceEncoding,
    /// The diff with 3 lines of context, once computed (a frontend may compute it while
    /// it checks the new text, on another thread).
    pub diff3: std::sync::OnceLock<String>,
}

impl FileChange {
    /// Text as the bytes the file holds (its own encoding).
    pub fn bytes_of(&self, text: &str) -> Vec<u8> {
        crate::encoding::encode(text, self.encoding).unwrap_or_else(|| text.as_bytes().to_vec())
    }

    /// The diff as bytes in the file's encoding (`git apply` matches bytes).
    pub fn diff_bytes(&self, context: usize) -> Vec<u8> {
        self.bytes_of(&self.diff(context))
    }

    /// The unified diff a reviewer sees; for a large file, built from the edits (linear,
    /// see [`crate::diff::unified_from_edits`]).
    pub fn diff(&self, context: usize) -> String {
        if context == 3
            && let Some(d) = self.diff3.get()
        {
            return d.clone();
        }
        self.compute_diff(context)
    }

    /// Compute the 3-line-context diff now and keep it.
    pub fn precompute_diff(&self) {
        let _ = self.diff3_ref();
    }

    /// The 3-line-context diff, computed once and kept.
    pub fn diff3_ref(&self) -> &str {
        self.diff3.get_or_init(|| self.compute_diff(3))
    }

    fn compute_diff(&self, context: usize) -> String {
        match &self.old {
            Some(old)
                if !self.edits.is_empty()
                    && memchr::memchr_iter(b'\n', old.as_bytes()).count()
                        > crate::diff::LARGE_FILE_LINES =>
            {
                crate::diff::unified_from_edits(
                    &self.rel,
                    old,
                    &self.new,
                    &self.edits,
                    self.prefix,
                    context,
                )
            }
            old => crate::diff::unified(&self.rel, old.as_deref(), &self.new, context),
        }
    }

    /// The text after waves `0..=wave` are applied.
    pub fn text_at_wave(&self, wave: usize) -> Option<String> {
        match &self.old {
            None => (self.wave <= wave).then(|| self.new.clone()),
            Some(old) => {
                let edits: Vec<Edit> = self
                    .edits
                    .iter()
                    .filter(|e| e.tag <= wave)
                    .cloned()
                    .collect();
                let (prefix, body) = old.split_at(self.prefix);
                edit::apply(body, &edits)
                    .ok()
                    .map(|t| format!("{prefix}{t}"))
            }
        }
    }

    pub fn max_wave(&self) -> usize {
        self.edits.iter().map(|e| e.tag).max().unwrap_or(self.wave)
    }
}

pub struct Migration {
    pub changes: Vec<FileChange>,
    pub report: Report,
    /// Files whose edits could not be applied or re-parsed (left untouched).
    pub problems: Vec<Problem>,
}

/// The `explain` error for an unknown function, suggesting up to five functions whose
/// last name segment (after `sep`) matches.
pub fn no_such_function(qualname: &str, all: impl Iterator<Item = String>, sep: &str) -> String {
    let last = qualname.rsplit(sep).next().unwrap_or(qualname);
    let close: Vec<String> = all
        .filter(|q| q.rsplit(sep).next() == Some(last))
        .take(5)
        .collect();
    let hint = if close.is_empty() {
        String::new()
    } else {
        format!(" (did you mean: {})", close.join(", "))
    };
    format!("no function named `{qualname}` in the project{hint}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Finding, Hop};

    fn finding(code: &str, path: &str, line: usize, chain: &[&str]) -> Finding {
        let src = "x\n".repeat(line);
        let lines = crate::text::LineIndex::new(&src);
        let start = lines.line_start(line - 1);
        let mut f = Finding::at(
            code,
            "m".into(),
            path,
            &src,
            &lines,
            start,
            start + 1,
            "".into(),
        );
        f.chain = chain
            .iter()
            .map(|n| Hop {
                path: path.into(),
                line: 1,
                name: n.to_string(),
            })
            .collect();
        f
    }

    #[test]
    fn a_blocking_finding_is_explained_only_by_an_item_on_its_line_or_a_kept_function() {
        let report = Report {
            review: vec![
                ReviewItem::new("a.py:3".into(), "left in a lambda".into()),
                ReviewItem::new("src/lib.rs:7:9".into(), "stays blocking".into()),
            ],
            cannot_be_async: vec![
                ReviewItem::new("a.py:20".into(), "`a.legacy` stays sync".into())
                    .about("a.legacy".into()),
            ],
            to_thread: vec!["a.py:5: `w.wait` runs in a thread".into()],
            ..Default::default()
        };
        let findings = [
            finding("AWT104", "a.py", 3, &[]),
            finding("AWT104", "src/lib.rs", 7, &[]),
            finding("AWT101", "a.py", 5, &[]),
            finding("AWT201", "a.py", 9, &["a.legacy", "time.sleep"]),
            // Not explained: no item on line 4, another kept function, another file.
            finding("AWT104", "a.py", 4, &[]),
            finding("AWT201", "a.py", 11, &["a.other", "time.sleep"]),
            finding("AWT101", "b.py", 3, &[]),
            // Not a blocking call: never counted.
            finding("AWT109", "a.py", 12, &[]),
            finding("AWT301", "a.py", 13, &[]),
        ];
        let left: Vec<String> = report
            .unexplained(&findings)
            .into_iter()
            .map(|r| r.location)
            .collect();
        assert_eq!(left, ["a.py:4:1", "a.py:11:1", "b.py:3:1"]);
    }
}
