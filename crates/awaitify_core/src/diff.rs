//! Unified diffs that `git apply` and `patch -p1` accept.

use similar::TextDiff;

/// Render the change of one file as a git-style unified diff with `a/` and `b/` prefixes.
/// `old` is `None` for a new file. Returns an empty string when nothing changed.
pub fn unified(path: &str, old: Option<&str>, new: &str, context: usize) -> String {
    if old == Some(new) {
        return String::new();
    }
    let (a, b) = (quote(&format!("a/{path}")), quote(&format!("b/{path}")));
    let mut out = format!("diff --git {a} {b}\n");
    let old_text = old.unwrap_or("");
    if old.is_none() {
        out.push_str("new file mode 100644\n");
        out.push_str(&format!("--- /dev/null\n+++ {b}\n"));
    } else {
        out.push_str(&format!("--- {a}\n+++ {b}\n"));
    }
    // git splits lines on `\n` only, so a lone `\r` (old Mac line endings) is part of a
    // line for it: such a file is shown as one whole-file hunk that `git apply` accepts.
    if has_lone_cr(old_text) || has_lone_cr(new) {
        out.push_str(&whole_file_hunk(old_text, new));
        return out;
    }
    let diff = TextDiff::configure()
        .newline_terminated(true)
        .diff_lines(old_text, new);
    for hunk in diff
        .unified_diff()
        .context_radius(context)
        .missing_newline_hint(true)
        .iter_hunks()
    {
        out.push_str(&hunk.to_string());
    }
    out
}

/// Files with more lines than this get their diff from the edits (see
/// [`unified_from_edits`]); smaller ones keep the whole-file Myers diff.
pub const LARGE_FILE_LINES: usize = 2_000;

/// The unified diff of a change whose edits are known: each edit, widened to whole lines,
/// is a region; regions closer than the context merge; lines between regions are the
/// same in both texts, so Myers runs only inside regions. Linear in the file size for
/// local edits (a whole-file Myers diff is quadratic when every function changes). Falls
/// back to [`unified`] when the edits do not reproduce `new`.
pub fn unified_from_edits<'a>(
    path: &str,
    old: &'a str,
    new: &'a str,
    edits: &[crate::edit::Edit],
    prefix: usize,
    context: usize,
) -> String {
    let body = &old[prefix.min(old.len())..];
    let mut copy = vec![];
    let sorted: &[crate::edit::Edit] = if crate::edit::is_normalized(edits) {
        edits
    } else {
        copy = edits.to_vec();
        if crate::edit::normalize(&mut copy).is_err() {
            return unified(path, Some(old), new, context);
        }
        &copy
    };
    // The edits must give `new` (else the plain diff): compared piece by piece, without
    // building the text again.
    let gives = new
        .strip_prefix(&old[..prefix.min(old.len())])
        .is_some_and(|n| crate::edit::gives(body, sorted, n));
    if !gives || has_lone_cr(old) || has_lone_cr(new) {
        return unified(path, Some(old), new, context);
    }
    let starts = |t: &str| -> Vec<usize> {
        let mut v = vec![0];
        v.extend(memchr::memchr_iter(b'\n', t.as_bytes()).map(|i| i + 1));
        if *v.last().expect("one") == t.len() && !t.is_empty() {
            v.pop();
        }
        v
    };
    let (os, ns) = (starts(old), starts(new));
    let lines = |t: &'a str, v: &[usize]| -> Vec<&'a str> {
        (0..v.len())
            .map(|i| &t[v[i]..v.get(i + 1).copied().unwrap_or(t.len())])
            .collect()
    };
    let (ol, nl) = (lines(old, &os), lines(new, &ns));
    // Regions: each edit widened to whole lines of `old` (byte ranges), merged when they
    // touch; text outside every region is the same in both, so a region's range in `new`
    // is its old range shifted by the edits before (start) and up to its end (end).
    let line_after = |t: &str, off: usize| -> usize {
        match memchr::memchr(b'\n', &t.as_bytes()[off.min(t.len())..]) {
            Some(i) => off + i + 1,
            None => t.len(),
        }
    };
    let line_begin = |t: &str, off: usize| -> usize {
        memchr::memrchr(b'\n', &t.as_bytes()[..off.min(t.len())]).map_or(0, |i| i + 1)
    };
    // (old byte start, old byte end, new byte start, new byte end)
    let mut byte_regions: Vec<(usize, usize, usize, usize)> = vec![];
    let mut delta: isize = 0;
    for e in sorted {
        let (es, ee) = (e.start + prefix, e.end + prefix);
        let start = line_begin(old, es);
        let end = line_after(old, ee.saturating_sub(1).max(es));
        let before = delta;
        delta += e.text.len() as isize - (e.end - e.start) as isize;
        match byte_regions.last_mut() {
            Some(r) if start <= r.1 => {
                r.1 = r.1.max(end);
                r.3 = (r.1 as isize + delta) as usize;
            }
            _ => byte_regions.push((
                start,
                end,
                (start as isize + before) as usize,
                (end as isize + delta) as usize,
            )),
        }
    }
    let regions: Vec<(usize, usize, usize, usize)> = byte_regions
        .into_iter()
        .map(|(a, b, c, d)| {
            let lo = |v: &[usize], x: usize| v.partition_point(|&s| s < x);
            (lo(&os, a), lo(&os, b), lo(&ns, c), lo(&ns, d))
        })
        .collect();
    // Ops: equal runs between regions, Myers inside them.
    let mut ops: Vec<similar::DiffOp> = vec![];
    let (mut oi, mut ni) = (0usize, 0usize);
    for (a, b, c, d) in regions {
        if a > oi {
            ops.push(similar::DiffOp::Equal {
                old_index: oi,
                new_index: ni,
                len: a - oi,
            });
        }
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ol[a..b], &nl[c..d]) {
            ops.push(shift(op, a, c));
        }
        oi = b;
        ni = d;
    }
    if oi < ol.len() {
        ops.push(similar::DiffOp::Equal {
            old_index: oi,
            new_index: ni,
            len: ol.len() - oi,
        });
    }
    let (a, b) = (quote(&format!("a/{path}")), quote(&format!("b/{path}")));
    let mut out = format!("diff --git {a} {b}\n--- {a}\n+++ {b}\n");
    for group in similar::group_diff_ops(ops, context) {
        let (first, last) = (&group[0], &group[group.len() - 1]);
        let range = |s: usize, e: usize| {
            let len = e.saturating_sub(s);
            match len {
                1 => format!("{}", s + 1),
                0 => format!("{},0", s),
                _ => format!("{},{}", s + 1, len),
            }
        };
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(first.old_range().start, last.old_range().end),
            range(first.new_range().start, last.new_range().end)
        ));
        for op in &group {
            for (tag, old_side, r) in [('-', true, op.old_range()), ('+', false, op.new_range())] {
                let equal = matches!(op, similar::DiffOp::Equal { .. });
                if equal && !old_side {
                    continue;
                }
                let tag = if equal { ' ' } else { tag };
                for i in r {
                    let l = if old_side { ol[i] } else { nl[i] };
                    out.push(tag);
                    out.push_str(l);
                    if !l.ends_with('\n') {
                        out.push_str("\n\\ No newline at end of file\n");
                    }
                }
            }
        }
    }
    out
}

fn shift(op: similar::DiffOp, o: usize, n: usize) -> similar::DiffOp {
    use similar::DiffOp::*;
    match op {
        Equal {
            old_index,
            new_index,
            len,
        } => Equal {
            old_index: old_index + o,
            new_index: new_index + n,
            len,
        },
        Delete {
            old_index,
            old_len,
            new_index,
        } => Delete {
            old_index: old_index + o,
            old_len,
            new_index: new_index + n,
        },
        Insert {
            old_index,
            new_index,
            new_len,
        } => Insert {
            old_index: old_index + o,
            new_index: new_index + n,
            new_len,
        },
        Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => Replace {
            old_index: old_index + o,
            old_len,
            new_index: new_index + n,
            new_len,
        },
    }
}

fn has_lone_cr(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'))
}

/// Every old line removed and every new line added, split on `\n` as git splits them.
fn whole_file_hunk(old: &str, new: &str) -> String {
    let lines = |t: &str| -> Vec<String> { t.split_inclusive('\n').map(String::from).collect() };
    let (a, b) = (lines(old), lines(new));
    let range = |n: usize| match n {
        0 => "0,0".to_string(),
        1 => "1".to_string(),
        n => format!("1,{n}"),
    };
    let mut out = format!("@@ -{} +{} @@\n", range(a.len()), range(b.len()));
    for (tag, set) in [('-', &a), ('+', &b)] {
        for l in set {
            out.push(tag);
            out.push_str(l);
            if !l.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// A path as git writes it in a patch: C-quoted when it holds a tab, newline, quote,
/// backslash or other control character.
fn quote(path: &str) -> String {
    if !path
        .chars()
        .any(|c| c.is_control() || c == '"' || c == '\\')
    {
        return path.to_string();
    }
    let mut out = String::from("\"");
    for c in path.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\{:03o}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn special_paths_are_quoted_as_git_does() {
        let d = super::unified("s/tab\tname.py", Some("a\n"), "b\n", 3);
        assert!(d.starts_with("diff --git \"a/s/tab\\tname.py\" \"b/s/tab\\tname.py\"\n--- \"a/s/tab\\tname.py\"\n"), "{d}");
        assert!(
            super::unified("plain é.py", Some("a\n"), "b\n", 3)
                .starts_with("diff --git a/plain é.py b/plain é.py\n")
        );
    }

    use super::*;

    #[test]
    fn renders_git_style_headers_and_hunks() {
        let d = unified("pkg/a.py", Some("a\nb\nc\n"), "a\nB\nc\n", 3);
        assert_eq!(
            d,
            "diff --git a/pkg/a.py b/pkg/a.py\n--- a/pkg/a.py\n+++ b/pkg/a.py\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
        assert_eq!(unified("x", Some("same"), "same", 3), "");
    }

    #[test]
    fn new_files_come_from_dev_null() {
        let d = unified("n.py", None, "x = 1\n", 3);
        assert!(d.starts_with("diff --git a/n.py b/n.py\nnew file mode 100644\n--- /dev/null\n+++ b/n.py\n@@ -0,0 +1 @@\n+x = 1\n"), "{d}");
    }

    #[test]
    fn marks_missing_final_newline() {
        let d = unified("x", Some("a"), "b", 3);
        assert!(d.contains("\\ No newline at end of file"), "{d}");
        // A context line without a final newline needs the marker too, or git rejects it.
        let d = unified("x", Some("a\nz"), "b\nz", 3);
        assert!(d.ends_with(" z\n\\ No newline at end of file\n"), "{d}");
    }
}

#[cfg(test)]
mod from_edits {
    use super::*;
    use crate::edit::Edit;

    /// A file of many functions, each gaining `async ` and a renamed call, as a migration
    /// edits it: the edit-built diff is the whole-file Myers diff, line for line.
    #[test]
    fn edit_built_diff_equals_the_whole_file_diff() {
        let mut old = String::from("import time\n\n");
        let mut edits = vec![];
        for i in 0..300 {
            let def = old.len();
            old.push_str(&format!(
                "def f{i}():\n    time.sleep(0)\n    return {i}\n\n\n"
            ));
            if i % 3 == 0 {
                edits.push(Edit::replace(def, def, "async "));
                let call = def + format!("def f{i}():\n    ").len();
                edits.push(Edit::replace(
                    call,
                    call + "time.sleep".len(),
                    "await asyncio.sleep",
                ));
            }
        }
        edits.push(Edit::replace(0, 0, "import asyncio\n"));
        let new = crate::edit::apply(&old, &edits).unwrap();
        let whole = unified("m.py", Some(&old), &new, 3);
        let built = unified_from_edits("m.py", &old, &new, &edits, 0, 3);
        assert_eq!(built, whole);
        // No newline at the end, and an edit on the last line.
        let old2 = "a\nb\nc";
        let e2 = vec![Edit::replace(4, 5, "C")];
        let new2 = crate::edit::apply(old2, &e2).unwrap();
        assert_eq!(
            unified_from_edits("x", old2, &new2, &e2, 0, 3),
            unified("x", Some(old2), &new2, 3)
        );
    }
}

/// A unified diff coloured for a terminal, as git shows it: file headers bold, hunk
/// headers cyan, removed lines red, added lines green (`# awaitify:` notes dim).
pub fn colorize(diff: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(diff.len() + diff.len() / 8);
    for line in diff.split_inclusive(|&b| b == b'\n') {
        let style: &[u8] = if line.starts_with(b"diff --git")
            || line.starts_with(b"--- ")
            || line.starts_with(b"+++ ")
            || line.starts_with(b"new file mode")
        {
            b"\x1b[1m"
        } else if line.starts_with(b"@@") {
            b"\x1b[36m"
        } else if line.starts_with(b"-") {
            b"\x1b[31m"
        } else if line.starts_with(b"+") {
            b"\x1b[32m"
        } else if line.starts_with(b"# awaitify:") {
            b"\x1b[2m"
        } else {
            b""
        };
        if style.is_empty() {
            out.extend_from_slice(line);
            continue;
        }
        let (body, nl) = match line.strip_suffix(b"\n") {
            Some(b) => (b, &b"\n"[..]),
            None => (line, &b""[..]),
        };
        out.extend_from_slice(style);
        out.extend_from_slice(body);
        out.extend_from_slice(b"\x1b[0m");
        out.extend_from_slice(nl);
    }
    out
}

#[cfg(test)]
mod color_tests {
    #[test]
    fn colorize_marks_each_kind_of_line_and_keeps_the_text() {
        let diff = b"diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same\n";
        let c = super::colorize(diff);
        let text = String::from_utf8(c).unwrap();
        assert!(text.contains("\x1b[31m-old\x1b[0m\n"));
        assert!(text.contains("\x1b[32m+new\x1b[0m\n"));
        assert!(text.contains("\x1b[36m@@ -1 +1 @@\x1b[0m\n"));
        assert!(text.contains("\n same\n"));
        let plain = text
            .replace("\x1b[1m", "")
            .replace("\x1b[31m", "")
            .replace("\x1b[32m", "")
            .replace("\x1b[36m", "")
            .replace("\x1b[0m", "");
        assert_eq!(plain.as_bytes(), diff);
    }
}
