//! Text edits on byte ranges, and their all-or-nothing application.
//!
//! An edit replaces `start..end` of the original text (an insertion when the range is
//! empty). Edits are always expressed against the *original* text, so any subset of a
//! non-conflicting set applies too: that is what lets a migration be cut into waves.
//! Overlapping edits are refused, never merged by luck.

use std::fmt;

/// Where an insertion goes relative to other insertions at the same offset.
///
/// Closers (a `)` ending a wrapped expression, a shim appended after a function) sort
/// before openers (an `await ` or `(` starting one); among closers the innermost comes
/// first, among openers the outermost. Frontends pass the syntactic depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Anchor {
    Close { neg_depth: i64 },
    Open { depth: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub anchor: Anchor,
    /// A caller-defined group (the migration wave); not used when applying.
    pub tag: usize,
}

impl Edit {
    pub fn replace(start: usize, end: usize, text: impl Into<String>) -> Self {
        Self {
            start,
            end,
            text: text.into(),
            anchor: Anchor::Open { depth: 0 },
            tag: 0,
        }
    }

    /// Insert `text` at `offset`, as an opener at `depth` (outer first).
    /// An insertion that goes before every other insertion at `offset` (a module-level
    /// line: an import or a module declaration, before an item's own `async `).
    pub fn first(offset: usize, text: impl Into<String>) -> Self {
        Self {
            anchor: Anchor::Open { depth: i64::MIN },
            ..Self::replace(offset, offset, text)
        }
    }

    pub fn open(offset: usize, text: impl Into<String>, depth: usize) -> Self {
        Self {
            anchor: Anchor::Open {
                depth: depth as i64,
            },
            ..Self::replace(offset, offset, text)
        }
    }

    /// Insert `text` at `offset`, as a closer at `depth` (inner first).
    pub fn close(offset: usize, text: impl Into<String>, depth: usize) -> Self {
        Self {
            anchor: Anchor::Close {
                neg_depth: -(depth as i64),
            },
            ..Self::replace(offset, offset, text)
        }
    }

    pub fn with_tag(mut self, tag: usize) -> Self {
        self.tag = tag;
        self
    }

    pub fn is_insertion(&self) -> bool {
        self.start == self.end
    }

    fn sort_key(&self) -> (usize, bool, Anchor) {
        (self.start, !self.is_insertion(), self.anchor)
    }
}

/// Two edits that touch the same text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub first: Box<Edit>,
    pub second: Box<Edit>,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "conflicting edits at bytes {}..{} ({:?}) and {}..{} ({:?})",
            self.first.start,
            self.first.end,
            self.first.text,
            self.second.start,
            self.second.end,
            self.second.text
        )
    }
}

impl std::error::Error for Conflict {}

/// Sort `edits` into application order and check that none overlap.
pub fn normalize(edits: &mut Vec<Edit>) -> Result<(), Conflict> {
    edits.sort_by_key(Edit::sort_key);
    edits.dedup();
    for pair in edits.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let overlaps = if a.is_insertion() {
            // An insertion strictly inside a replaced range is a conflict; one at its
            // start sorts first and is fine.
            false
        } else {
            b.start < a.end || (b.start == a.start && !b.is_insertion())
        };
        if overlaps {
            return Err(Conflict {
                first: Box::new(a.clone()),
                second: Box::new(b.clone()),
            });
        }
    }
    Ok(())
}

/// Whether `edit` could join `edits` without a conflict.
pub fn fits(edits: &[Edit], edit: &Edit) -> bool {
    edits.iter().all(|other| {
        if edit.is_insertion() && other.is_insertion() {
            return true;
        }
        if edit.is_insertion() {
            return !(other.start < edit.start && edit.start < other.end);
        }
        if other.is_insertion() {
            return !(edit.start < other.start && other.start < edit.end);
        }
        edit.end <= other.start || other.end <= edit.start
    })
}

/// Apply `edits` to `source`. Fails without a partial result when two edits conflict.
pub fn apply(source: &str, edits: &[Edit]) -> Result<String, Conflict> {
    if is_normalized(edits) {
        return Ok(apply_normalized(source, edits));
    }
    let mut edits = edits.to_vec();
    normalize(&mut edits)?;
    Ok(apply_normalized(source, &edits))
}

/// Whether `edits` are already as [`normalize`] leaves them: ordered by position (and
/// nesting at one position) and not overlapping; then normalizing changes nothing.
pub fn is_normalized(edits: &[Edit]) -> bool {
    edits.windows(2).all(|w| {
        let (a, b) = (&w[0], &w[1]);
        a.end <= b.start && a.sort_key() < b.sort_key()
    })
}

fn apply_normalized(source: &str, edits: &[Edit]) -> String {
    let extra: usize = edits.iter().map(|e| e.text.len()).sum();
    let mut out = String::with_capacity(source.len() + extra);
    let mut cursor = 0;
    for edit in edits {
        out.push_str(&source[cursor..edit.start]);
        out.push_str(&edit.text);
        cursor = edit.end;
    }
    out.push_str(&source[cursor..]);
    out
}

/// Whether applying normalized `edits` to `source` gives exactly `expected` (compared
/// piece by piece, without building the text).
pub fn gives(source: &str, edits: &[Edit], expected: &str) -> bool {
    let mut rest = expected;
    let mut cursor = 0;
    for edit in edits {
        let Some(r) = rest
            .strip_prefix(&source[cursor..edit.start])
            .and_then(|r| r.strip_prefix(edit.text.as_str()))
        else {
            return false;
        };
        rest = r;
        cursor = edit.end;
    }
    rest == &source[cursor..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_edits_are_applied_as_they_are_and_checked_piece_by_piece() {
        let src = "x = f().y\n";
        let f = src.find('f').unwrap();
        let close = src.find(')').unwrap() + 1;
        let mut edits = vec![
            Edit::close(close, ")", 1),
            Edit::replace(f, f + 1, "async_f"),
            Edit::open(f, "(await ", 1),
        ];
        assert!(!is_normalized(&edits));
        normalize(&mut edits).unwrap();
        assert!(is_normalized(&edits));
        let out = apply(src, &edits).unwrap();
        assert_eq!(out, "x = (await async_f()).y\n");
        assert!(gives(src, &edits, &out));
        assert!(!gives(src, &edits, "x = (await async_f()).z\n"));
        assert!(!gives(src, &edits, &out[..out.len() - 1]));
        // Overlapping or repeated edits are never taken as normalized.
        let twice = vec![Edit::replace(0, 1, "y"), Edit::replace(0, 1, "y")];
        assert!(!is_normalized(&twice));
        let overlap = vec![Edit::replace(0, 3, "a"), Edit::replace(2, 4, "b")];
        assert!(!is_normalized(&overlap));
        assert!(apply(src, &overlap).is_err());
    }

    #[test]
    fn applies_replacements_and_insertions() {
        let src = "x = f().y\n";
        let f = src.find('f').unwrap();
        let close = src.find(')').unwrap() + 1;
        let edits = vec![
            Edit::replace(f, f + 1, "async_f"),
            Edit::open(f, "(await ", 1),
            Edit::close(close, ")", 1),
        ];
        assert_eq!(apply(src, &edits).unwrap(), "x = (await async_f()).y\n");
    }

    #[test]
    fn nested_insertions_order_outer_open_first_inner_close_first() {
        // g(f()) where both calls get wrapped: "[" opens outer, "(" opens inner.
        let src = "ab";
        let edits = vec![
            Edit::open(0, "(", 2),
            Edit::open(0, "[", 1),
            Edit::close(2, "]", 1),
            Edit::close(2, ")", 2),
        ];
        assert_eq!(apply(src, &edits).unwrap(), "[(ab)]");
    }

    #[test]
    fn refuses_overlaps() {
        let src = "abcdef";
        let err = apply(src, &[Edit::replace(0, 3, "x"), Edit::replace(2, 4, "y")]).unwrap_err();
        assert_eq!(err.first.start, 0);
        assert!(apply(src, &[Edit::replace(0, 3, "x"), Edit::open(1, "y", 0)]).is_err());
        assert!(apply(src, &[Edit::replace(1, 3, "x"), Edit::replace(1, 2, "y")]).is_err());
        // Touching ranges are fine.
        assert_eq!(
            apply(src, &[Edit::replace(0, 3, "x"), Edit::replace(3, 4, "y")]).unwrap(),
            "xyef"
        );
    }

    #[test]
    fn fits_matches_normalize() {
        let edits = vec![Edit::replace(2, 5, "x")];
        assert!(!fits(&edits, &Edit::open(3, "a", 0)));
        assert!(fits(&edits, &Edit::open(2, "a", 0)));
        assert!(fits(&edits, &Edit::open(5, "a", 0)));
        assert!(!fits(&edits, &Edit::replace(4, 6, "a")));
        assert!(fits(&edits, &Edit::replace(5, 6, "a")));
    }

    #[test]
    fn identical_edits_collapse() {
        let e = Edit::open(0, "import asyncio\n", 0);
        assert_eq!(
            apply("x\n", &[e.clone(), e]).unwrap(),
            "import asyncio\nx\n"
        );
    }
}
