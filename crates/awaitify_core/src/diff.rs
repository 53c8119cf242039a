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
