//! Lint findings, the rule table, suppression matching, baselines and output formats.
//!
//! Frontends produce [`Finding`]s; everything about how they are filtered and printed is
//! here, so every language reports alike (ruff-style text, JSON, SARIF 2.1.0, GitHub
//! workflow commands).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One rule: a stable code, a kebab-case name, its documentation.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// Off unless selected or configured.
    pub default_enabled: bool,
    /// flake8-async / ruff codes that mean the same (honoured in `# noqa`).
    pub aliases: &'static [&'static str],
    /// One line, for listings.
    pub summary: &'static str,
    /// The documentation: What it does / Why is this bad? / Example / Use instead.
    pub doc: &'static str,
}

pub fn rule(code: &str) -> Option<&'static Rule> {
    crate::rules::RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code) || r.name == code)
}

/// The rule for a blocking call of a catalog family.
pub fn blocking_rule_for_family(family: &str) -> &'static str {
    match family {
        "time" => "AWT101",
        "requests" | "urllib" | "http_client" | "httpx" | "urllib3" | "http" => "AWT102",
        "subprocess" | "process" => "AWT103",
        "files" | "shutil" | "tempfile" | "archives" | "logging" => "AWT104",
        "socket" | "smtplib" | "ssl" | "net" => "AWT105",
        "sqlite3" | "psycopg2" | "pymysql" | "redis" | "django" => "AWT106",
        "input" => "AWT107",
        "asyncio" => "AWT203",
        "threading" | "sync" => "AWT108",
        _ => "AWT110",
    }
}

/// One step of a transitive finding's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub path: String,
    pub line: usize,
    /// `pkg.mod.func` or the blocking call's name.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub code: String,
    pub message: String,
    pub severity: Severity,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The enclosing function (`pkg.mod.func`), stable across line moves (baselines).
    pub context: String,
    /// For transitive findings: the calls from the flagged line to the blocking call.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub chain: Vec<Hop>,
    /// The source line for the code frame, or the part of a long line around the finding
    /// (elided with `…`, as ruff does), so output stays linear in line length.
    #[serde(skip)]
    pub source_line: String,
    /// The 1-based column of the finding within `source_line` (differs from `column`
    /// when the start of a long line is elided).
    #[serde(skip)]
    pub source_column: usize,
}

/// Code frames show at most this many characters of a line.
const FRAME_WIDTH: usize = 120;

/// The part of `line` shown in a code frame for columns `col..end_col` (1-based, chars):
/// the whole line when short, else a window around the finding with `…` at the cuts.
/// Returns the text and the finding's column within it.
fn frame_window(line: &str, col: usize, end_col: Option<usize>) -> (String, usize) {
    let n = line.chars().count();
    if n <= FRAME_WIDTH {
        return (line.to_string(), col);
    }
    let start = col.saturating_sub(1);
    let span = end_col
        .map_or(1, |e| e.saturating_sub(col).max(1))
        .min(FRAME_WIDTH / 2);
    let from = start.saturating_sub((FRAME_WIDTH - span) / 3);
    let to = (from + FRAME_WIDTH).min(n);
    let from = to.saturating_sub(FRAME_WIDTH).min(from);
    let mut text: String = line.chars().skip(from).take(to - from).collect();
    let mut column = col - from;
    if from > 0 {
        text.insert(0, '…');
        column += 1;
    }
    if to < n {
        text.push('…');
    }
    (text, column)
}

impl Finding {
    /// A finding on `src[start..end]` of the file `path`, with its code frame line and
    /// the rule's severity.
    #[allow(clippy::too_many_arguments)]
    pub fn at(
        code: &str,
        message: String,
        path: &str,
        src: &str,
        lines: &crate::text::LineIndex,
        start: usize,
        end: usize,
        context: String,
    ) -> Self {
        let at = lines.line_col(src, start);
        let to = lines.line_col(src, end.max(start));
        let ls = lines.line_start(at.line - 1);
        let le = crate::text::line_end(src, ls);
        Finding {
            code: code.to_string(),
            message,
            severity: rule(code).map_or(Severity::Error, |r| r.severity),
            path: path.to_string(),
            line: at.line,
            column: at.col,
            end_line: to.line,
            end_column: to.col,
            context,
            chain: vec![],
            source_line: String::new(),
            source_column: at.col,
        }
        .with_frame(
            src[ls..le].trim_end_matches('\r'),
            (to.line == at.line).then_some(to.col),
        )
    }

    fn with_frame(mut self, line: &str, end_col: Option<usize>) -> Self {
        let (text, column) = frame_window(line, self.column, end_col);
        self.source_line = text;
        self.source_column = column;
        self
    }
}

/// `# noqa` / `# awaitify: ignore[...]` on one line.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub codes: Option<Vec<String>>,
    pub ours: bool,
}

impl Suppression {
    /// Every code in the comment that names this finding (ours or a mapped alias).
    fn matches(&self, f: &Finding) -> Vec<usize> {
        let Some(codes) = self.codes.as_ref() else {
            return vec![];
        };
        let aliases = rule(&f.code).map_or(&[][..], |r| r.aliases);
        let legacy = legacy_codes(&f.code);
        codes
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.eq_ignore_ascii_case(&f.code)
                    || aliases.iter().any(|a| a.eq_ignore_ascii_case(c))
                    || legacy.iter().any(|a| a.eq_ignore_ascii_case(c))
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// flake8-async's codes from before its 2024 renumbering (ASYNC100 blocking HTTP calls,
/// ASYNC101 `open`/`time.sleep`/`subprocess`, ASYNC102 `os` process calls), still found in
/// `# noqa` comments: honoured for the rules they meant, never reported as unused (ASYNC100
/// now names another flake8-async rule).
fn legacy_codes(code: &str) -> &'static [&'static str] {
    match code {
        "AWT101" | "AWT104" => &["ASYNC101"],
        "AWT102" => &["ASYNC100"],
        "AWT103" => &["ASYNC101", "ASYNC102"],
        _ => &[],
    }
}

/// Drop suppressed findings; return the suppression codes that matched nothing (only
/// for codes this tool knows: ours, and the flake8-async codes we map).
pub fn apply_suppressions(
    findings: &mut Vec<Finding>,
    suppressions: &[Suppression],
) -> Vec<Finding> {
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.codes.as_ref().map_or(0, Vec::len)])
        .collect();
    findings.retain(|f| {
        let mut keep = true;
        for (i, s) in suppressions.iter().enumerate() {
            if s.path != f.path || s.line != f.line {
                continue;
            }
            match (&s.codes, s.ours) {
                (None, false) => keep = false, // bare `# noqa`
                (Some(_), _) => {
                    for k in s.matches(f) {
                        used[i][k] = true;
                        keep = false;
                    }
                }
                (None, true) => {}
            }
        }
        keep
    });
    let known = |c: &str| {
        crate::rules::RULES.iter().any(|r| {
            r.code.eq_ignore_ascii_case(c) || r.aliases.iter().any(|a| a.eq_ignore_ascii_case(c))
        })
    };
    let mut unused = vec![];
    for (i, s) in suppressions.iter().enumerate() {
        let Some(codes) = &s.codes else { continue };
        for (k, c) in codes.iter().enumerate() {
            if !used[i][k] && (s.ours || known(c)) {
                unused.push(Finding {
                    code: "AWT900".into(),
                    message: format!("unused suppression of `{c}`"),
                    severity: Severity::Warning,
                    path: s.path.clone(),
                    line: s.line,
                    column: s.column,
                    end_line: s.line,
                    end_column: s.column,
                    context: String::new(),
                    chain: vec![],
                    source_line: String::new(),
                    source_column: 0,
                });
            }
        }
    }
    unused
}

/// Which rules run: the defaults, or `select` instead of them; plus `extend-select`; minus
/// `ignore` and `per-file-ignores` (ruff's model). AWT000 always runs.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// When set, exactly these rules (codes or prefixes, `ALL`) instead of the defaults,
    /// as ruff's `select`.
    pub select: Option<Vec<String>>,
    /// Rules added to the selection (`extend-select`).
    pub extend: Vec<String>,
    pub ignore: Vec<String>,
    /// Path glob -> codes to ignore there.
    pub per_file_ignores: Vec<(globset::GlobMatcher, Vec<String>)>,
}

impl Selection {
    pub fn enabled(&self, code: &str, path: &str) -> bool {
        let prefix = |pat: &str| {
            !pat.is_empty()
                && code
                    .to_ascii_uppercase()
                    .starts_with(&pat.to_ascii_uppercase())
        };
        let base = match &self.select {
            Some(list) => list.iter().any(|s| s == "ALL" || prefix(s)),
            None => rule(code).is_some_and(|r| r.default_enabled),
        };
        let on = base || self.extend.iter().any(|s| s == "ALL" || prefix(s));
        let off = self.ignore.iter().any(|s| prefix(s))
            || self
                .per_file_ignores
                .iter()
                .any(|(g, codes)| g.is_match(path) && codes.iter().any(|c| prefix(c)));
        on && !off
    }
}

/// A baseline: the findings a project accepted, keyed so they survive line moves.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub path: String,
    pub code: String,
    pub context: String,
    pub message: String,
}

impl Baseline {
    pub fn from_findings(findings: &[Finding]) -> Self {
        let mut findings: Vec<BaselineEntry> = findings.iter().map(entry).collect();
        findings.sort();
        Self {
            version: 1,
            findings,
        }
    }

    /// Findings not covered by the baseline (each entry covers one finding).
    pub fn filter(&self, findings: Vec<Finding>) -> Vec<Finding> {
        let mut budget: BTreeMap<BaselineEntry, usize> = BTreeMap::new();
        for e in &self.findings {
            *budget.entry(e.clone()).or_default() += 1;
        }
        findings
            .into_iter()
            .filter(|f| match budget.get_mut(&entry(f)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect()
    }
}

fn entry(f: &Finding) -> BaselineEntry {
    BaselineEntry {
        path: f.path.clone(),
        code: f.code.clone(),
        context: f.context.clone(),
        message: without_line_numbers(&f.message),
    }
}

/// `helpers.py:12` -> `helpers.py`: a chain in a message must not tie a baseline entry to
/// line numbers that move.
fn without_line_numbers(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Findings per rule, most frequent first (then by code), as `count  CODE  name` lines.
fn statistics(findings: &[Finding]) -> Vec<(usize, &str, &'static str)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *counts.entry(&f.code).or_default() += 1;
    }
    let mut rows: Vec<(usize, &str, &'static str)> = counts
        .into_iter()
        .map(|(code, n)| (n, code, rule(code).map_or("", |r| r.name)))
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    rows
}

/// `lint --statistics`: one line per rule with findings, most frequent first (ruff's
/// `--statistics`), and nothing else.
pub fn render_statistics(findings: &[Finding]) -> String {
    let mut out = String::new();
    for (n, code, name) in statistics(findings) {
        let _ = writeln!(out, "{n:>5}\t{code}\t{name}");
    }
    out
}

/// `lint --statistics --format json`: `[{"code", "name", "count"}]`.
pub fn render_statistics_json(findings: &[Finding]) -> String {
    let rows: Vec<serde_json::Value> = statistics(findings)
        .into_iter()
        .map(|(n, code, name)| serde_json::json!({"code": code, "name": name, "count": n}))
        .collect();
    let mut out = serde_json::to_string_pretty(&rows).expect("statistics serialize");
    out.push('\n');
    out
}

/// ruff-style text: `path:line:col: CODE message`, a code frame, the chain, and counts.
pub fn render_text(findings: &[Finding], color: bool) -> String {
    let (bold, red, cyan, dim, reset) = if color {
        ("\x1b[1m", "\x1b[31m", "\x1b[36m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "", "")
    };
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{bold}{}{reset}:{}:{}: {bold}{red}{}{reset} {}",
            f.path, f.line, f.column, f.code, f.message
        );
        if !f.source_line.is_empty() {
            let gutter = f.line.to_string().len();
            let _ = writeln!(out, "{cyan}{:gutter$} |{reset}", "");
            let _ = writeln!(out, "{cyan}{} |{reset} {}", f.line, f.source_line);
            let column = f.source_column.max(1);
            let room = f
                .source_line
                .chars()
                .count()
                .saturating_sub(column - 1)
                .max(1);
            let width = if f.end_line == f.line {
                f.end_column.saturating_sub(f.column).max(1).min(room)
            } else {
                room
            };
            let _ = writeln!(
                out,
                "{cyan}{:gutter$} |{reset} {}{red}{}{reset}",
                "",
                " ".repeat(column - 1),
                "^".repeat(width)
            );
        }
        for (i, h) in f.chain.iter().enumerate() {
            let arrow = if i == 0 { "via" } else { "  ->" };
            let _ = writeln!(
                out,
                "  {dim}{arrow}{reset} {} ({}:{})",
                h.name, h.path, h.line
            );
        }
        out.push('\n');
    }
    out.push_str(&text_summary(findings));
    out
}

/// The text report's closing lines: findings per rule and the total (`lint -q` leaves
/// them out).
pub fn text_summary(findings: &[Finding]) -> String {
    let mut out = String::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *counts.entry(&f.code).or_default() += 1;
    }
    for (code, n) in &counts {
        let name = rule(code).map_or("", |r| r.name);
        let _ = writeln!(out, "{n:>5}  {code}  {name}");
    }
    if findings.is_empty() {
        out.push_str("All checks passed!\n");
    } else {
        let _ = writeln!(out, "Found {} finding(s).", findings.len());
    }
    out
}

/// JSON: `{"version": 1, "findings": [Finding...]}` (documented in docs/lint.md).
pub fn render_json(findings: &[Finding]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        findings: &'a [Finding],
    }
    serde_json::to_string_pretty(&Doc {
        version: 1,
        findings,
    })
    .expect("serializable")
        + "\n"
}

/// GitHub Actions workflow commands.
pub fn render_github(findings: &[Finding]) -> String {
    let esc = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let prop = |s: &str| esc(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let msg = format!("{} {}", f.code, f.message);
        let _ = writeln!(
            out,
            "::{level} title={},file={},line={},col={},endLine={},endColumn={}::{}",
            prop(&format!("awaitify {}", f.code)),
            prop(&f.path),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            esc(&msg)
        );
    }
    out
}

/// SARIF 2.1.0 for code scanning.
pub fn render_sarif(findings: &[Finding], version: &str) -> String {
    use serde_json::json;
    let mut used: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    let rules: Vec<_> = used
        .iter()
        .filter_map(|c| rule(c))
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.doc, "markdown": r.doc},
                "defaultConfiguration": {"level": sarif_level(r.severity)},
            })
        })
        .collect();
    let results: Vec<_> = findings
        .iter()
        .map(|f| {
            let mut related = vec![];
            for (i, h) in f.chain.iter().enumerate() {
                related.push(json!({
                    "id": i,
                    "message": {"text": h.name},
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&h.path)},
                        "region": {"startLine": h.line.max(1)},
                    },
                }));
            }
            let mut r = json!({
                "ruleId": f.code,
                "level": sarif_level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.path)},
                        "region": {
                            "startLine": f.line.max(1),
                            "startColumn": f.column.max(1),
                            "endLine": f.end_line.max(1),
                            "endColumn": f.end_column.max(1),
                        },
                    },
                }],
            });
            if !related.is_empty() {
                r["relatedLocations"] = json!(related);
            }
            r
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "awaitify",
                "version": version,
                "rules": rules,
            }},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    });
    serde_json::to_string_pretty(&doc).expect("serializable") + "\n"
}

/// A relative path as a URI reference (percent-encoding what is not unreserved).
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_lines_are_elided_around_the_finding() {
        let line = format!("{}target(){}", "a".repeat(500), "b".repeat(500));
        let (text, col) = super::frame_window(&line, 501, Some(509));
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(text.chars().count() <= super::FRAME_WIDTH + 2);
        let shown: String = text.chars().skip(col - 1).take(8).collect();
        assert_eq!(shown, "target()");
        let (short, c) = super::frame_window("x = f()", 5, Some(8));
        assert_eq!((short.as_str(), c), ("x = f()", 5));
    }
}
