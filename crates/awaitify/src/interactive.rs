//! `migrate --interactive`: the planned changes function by function, leaves first (the
//! hunks and why), each accepted or kept sync. A function kept sync joins `--keep-sync`
//! and the plan is computed again, so what follows is consistent: its callers call it as
//! they did, and what became async only because of it does not. Prompts and hunks go to
//! stderr; the final diff (or the write) is the same as a plain run's.

use anyhow::Result;
use awaitify_core::migration::{FunctionChange, Migration};
use std::collections::BTreeSet;
use std::io::{BufRead, IsTerminal, Write};

/// What the review decided.
pub struct Decision {
    /// `--keep-sync` globs (exact names): the ones answered `n`, and with `q` the rest.
    pub keep_sync: Vec<String>,
    /// The functions answered `y`.
    pub accepted: BTreeSet<String>,
}

/// A `--keep-sync` glob that matches exactly this qualified name.
pub fn exact_glob(qualname: &str) -> String {
    let mut out = String::with_capacity(qualname.len());
    for c in qualname.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Functions in the order they are asked about: by wave, then by how many functions their
/// reason goes through (a callee before its callers in one wave), then by place.
fn order(m: &Migration) -> Vec<&FunctionChange> {
    let mut fs: Vec<&FunctionChange> = m.report.functions.iter().collect();
    let hops = |f: &FunctionChange| crate::html::chain(&f.reason).0.len();
    fs.sort_by(|a, b| (a.wave, hops(a), &a.sort_key).cmp(&(b.wave, hops(b), &b.sort_key)));
    fs
}

/// The hunks of `f`'s file that show its change: those overlapping the lines from its
/// `def` up to the next function made async in the same file (the first one in a file
/// also gets the hunks above it: imports).
pub(crate) fn hunks_of(m: &Migration, f: &FunctionChange) -> String {
    let Some((rel, line)) = crate::html::place(&f.location) else {
        return String::new();
    };
    let Some(change) = m.changes.iter().find(|c| c.rel == rel) else {
        return String::new();
    };
    let mut starts: Vec<usize> = m
        .report
        .functions
        .iter()
        .filter_map(|g| crate::html::place(&g.location).filter(|(r, _)| *r == rel))
        .map(|(_, l)| l)
        .collect();
    starts.sort_unstable();
    let first = starts.first().is_some_and(|&s| s == line);
    let from = if first { 1 } else { line };
    let to = starts
        .iter()
        .find(|&&s| s > line)
        .map_or(usize::MAX, |s| s - 1);
    // Kept on the change: every function of a file reads the same diff.
    let diff = change.diff3_ref();
    let mut out = String::new();
    let mut hunk = String::new();
    let mut keep = false;
    for l in diff.split_inclusive('\n') {
        if l.starts_with("@@") {
            if keep {
                out.push_str(&hunk);
            }
            hunk.clear();
            // `@@ -a,b +c,d @@`: old lines a..a+b.
            let (a, b) = l
                .split_whitespace()
                .nth(1)
                .and_then(|r| r.strip_prefix('-'))
                .map(|r| {
                    let (a, b) = r.split_once(',').unwrap_or((r, "1"));
                    (a.parse().unwrap_or(0usize), b.parse().unwrap_or(1usize))
                })
                .unwrap_or((0, 0));
            let end = a + b.max(1) - 1;
            keep = a <= to && end >= from;
        }
        if !hunk.is_empty() || l.starts_with("@@") {
            hunk.push_str(l);
        }
    }
    if keep {
        out.push_str(&hunk);
    }
    out
}

/// Ask about each planned function; `plan` computes the migration with extra functions
/// kept sync. `None`: the input ended before the review did (nothing is to be changed).
pub fn review(
    mut plan: impl FnMut(&[String]) -> Result<Migration>,
    first: &Migration,
) -> Result<Option<Decision>> {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut err = std::io::stderr().lock();
    let mut keep: Vec<String> = vec![];
    let mut accepted: BTreeSet<String> = BTreeSet::new();
    let mut replanned: Option<Migration> = None;
    let mut asked = 0usize;
    loop {
        let current = replanned.as_ref().unwrap_or(first);
        let planned = order(current);
        let total = planned.len() + keep.len();
        let Some(f) = planned
            .iter()
            .find(|f| !accepted.contains(&f.qualname))
            .copied()
        else {
            break;
        };
        asked += 1;
        writeln!(
            err,
            "\n[{asked}/{total}] wave {}: {} ({})\n  why: {}{}",
            f.wave + 1,
            f.qualname,
            f.location,
            f.reason,
            if f.shim {
                "\n  its sync name stays, as a shim that runs the async version"
            } else {
                ""
            }
        )?;
        let mut hunks = hunks_of(current, f).into_bytes();
        if color {
            hunks = awaitify_core::diff::colorize(&hunks);
        }
        err.write_all(&hunks)?;
        let answer = loop {
            write!(
                err,
                "Make `{}` async? [y]es, [n]o (keep it sync), [a]ll the rest, [q]uit (keep the rest sync), [?] help: ",
                f.qualname
            )?;
            err.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                writeln!(err)?;
                return Ok(None);
            }
            match line.trim() {
                "y" | "yes" => break 'y',
                "n" | "no" => break 'n',
                "a" | "all" => break 'a',
                "q" | "quit" => break 'q',
                _ => writeln!(
                    err,
                    "  y: make it async (callers await it)\n  n: keep it sync; what is async only because of it stays sync too\n  a: make it and every remaining function async\n  q: keep it and every remaining function sync, apply what was accepted"
                )?,
            }
        };
        match answer {
            'y' => {
                accepted.insert(f.qualname.clone());
            }
            'n' => {
                keep.push(exact_glob(&f.qualname));
                replanned = Some(plan(&keep)?);
            }
            'a' => break,
            _ => {
                keep.extend(
                    planned
                        .iter()
                        .filter(|g| !accepted.contains(&g.qualname))
                        .map(|g| exact_glob(&g.qualname)),
                );
                break;
            }
        }
    }
    Ok(Some(Decision {
        keep_sync: keep,
        accepted,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(q: &str, wave: usize, line: usize, reason: &str) -> FunctionChange {
        FunctionChange {
            qualname: q.into(),
            location: format!("m.py:{line}"),
            reason: reason.into(),
            sort_key: ("m.py".into(), line),
            wave,
            ..Default::default()
        }
    }

    #[test]
    fn a_callee_is_asked_about_before_its_callers_in_one_wave() {
        let m = Migration {
            changes: vec![],
            report: awaitify_core::migration::Report {
                functions: vec![
                    f(
                        "m.set",
                        0,
                        10,
                        "calls `socket.sendall` (m.py:90) through m._store",
                    ),
                    f(
                        "m.top",
                        1,
                        5,
                        "calls `socket.sendall` (m.py:90) through m.set -> m._store",
                    ),
                    f("m._store", 0, 80, "calls `socket.sendall` (m.py:90)"),
                ],
                ..Default::default()
            },
            problems: vec![],
        };
        let names: Vec<&str> = order(&m).iter().map(|f| f.qualname.as_str()).collect();
        assert_eq!(names, ["m._store", "m.set", "m.top"]);
        assert_eq!(exact_glob("m.C[x]*"), "m.C\\[x\\]\\*");
    }
}
