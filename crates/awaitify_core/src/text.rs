//! Byte offsets to 1-based line and column (columns count characters, as editors do).

/// Maps byte offsets of one source text to lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

/// A 1-based line and column (the column counts Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // `\n`, `\r\n` and a lone `\r` (old Mac files; Python accepts it) end a line.
        // memchr finds the candidates with SIMD: this runs over every byte of every file.
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(bytes.len() / 32 + 1);
        line_starts.push(0);
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(i + 1);
            }
        }
        Self { line_starts }
    }

    /// The 0-based line that holds `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// [`LineIndex::line_of`] starting from a guess (the line of a nearby offset): a
    /// walk that visits offsets mostly in order finds each in a step or two.
    pub fn line_near(&self, offset: usize, guess: usize) -> usize {
        let starts = &self.line_starts;
        let mut line = guess.min(starts.len() - 1);
        for _ in 0..8 {
            if offset < starts[line] {
                line -= 1;
            } else if line + 1 < starts.len() && offset >= starts[line + 1] {
                line += 1;
            } else {
                return line;
            }
        }
        self.line_of(offset)
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.min(self.line_starts.len() - 1)]
    }

    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        LineCol {
            line: line + 1,
            col: col + 1,
        }
    }
}

/// The 1-based line of `offset`, counting line ends as [`LineIndex`] does (for one-off
/// lookups; build a `LineIndex` for many).
pub fn line_number(text: &str, offset: usize) -> usize {
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    let lone_cr = |i: usize| bytes[i] == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n');
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || lone_cr(i))
        .count()
        + 1
}

/// Text with every run of whitespace (newlines included) folded to one space.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Byte offset of the end of the line holding `offset` (the position of its `\n`, or the
/// end of the text).
pub fn line_end(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    // `\n`, or a lone `\r` (old Mac line endings, which Python accepts); for `\r\n` the
    // position of the `\n`.
    memchr::memchr2_iter(b'\n', b'\r', &bytes[offset..])
        .map(|i| offset + i)
        .find(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
        .unwrap_or(text.len())
}

/// Byte offset of the start of the line holding `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    let bytes = &text.as_bytes()[..offset];
    memchr::memrchr2(b'\n', b'\r', bytes).map_or(0, |i| i + 1)
}

/// The line ending a file uses (its first one): `\r\n`, `\r` or `\n`.
pub fn line_ending(text: &str) -> &'static str {
    let bytes = text.as_bytes();
    match memchr::memchr2(b'\n', b'\r', bytes) {
        Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => "\r\n",
        Some(i) if bytes[i] == b'\r' => "\r",
        _ => "\n",
    }
}

/// The leading whitespace of the line holding `offset`.
pub fn indentation_at(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    // A form feed at the start of a line does not count for indentation (Python's
    // tokenizer resets the column there): the indentation is what follows it.
    let line = text[start..].trim_start_matches('\u{c}');
    let width = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..width]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_feed_at_the_start_of_a_line_is_not_indentation() {
        let src = "def f():\n\u{c}    pass\n";
        assert_eq!(indentation_at(src, src.find("pass").unwrap()), "    ");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "é = 1\nab = 'ü' + x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.line_col(text, x), LineCol { line: 2, col: 12 });
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, col: 1 });
        assert_eq!(index.line_of(text.len()), 2);
    }

    #[test]
    fn line_number_agrees_with_the_index() {
        let text = "a\rb\r\nc\nd";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            assert_eq!(
                line_number(text, offset),
                index.line_col(text, offset).line,
                "at {offset}"
            );
        }
        assert_eq!(one_line("a(\n    b,\n)"), "a( b, )");
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "a\rb\r\nc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, text.find('b').unwrap()).line, 2);
        assert_eq!(index.line_col(text, text.find('c').unwrap()).line, 3);
        assert_eq!(index.line_col(text, text.find('d').unwrap()).line, 4);
    }

    #[test]
    fn line_helpers() {
        let text = "a\n    bc # x\nd";
        let b = text.find('b').unwrap();
        assert_eq!(indentation_at(text, b), "    ");
        assert_eq!(&text[line_start(text, b)..line_end(text, b)], "    bc # x");
        assert_eq!(line_end(text, text.len() - 1), text.len());
    }
}
