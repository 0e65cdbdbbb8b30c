//! Source positions: byte spans and the line index that turns them into lines and columns.

use std::cell::Cell;

/// A byte range in the original file, with the 1-based line and column of its start.
///
/// Columns count Unicode scalar values (`char`s) from the start of the line, so a CJK
/// character is one column, as in rustc's diagnostics. A span whose `line` is 0 is
/// *unknown*: the value was not read from a file (it was built in code or read from JSON).
///
/// # Equality
///
/// Spans are provenance, not content: **two spans always compare equal, whatever their
/// positions** (`==`, [`Eq`] and [`Hash`] ignore every field). Spans are not serialized,
/// so a post read back from JSON has unknown spans and must still equal the post it was
/// written from; and a parsed post equals the same post written out and parsed again,
/// although every offset moved (the same choice as `serde_spanned::Spanned`). Everything
/// that holds a span inherits this: [`Block`](crate::Block),
/// [`Inline`](crate::Inline), [`Problem`](crate::Problem),
/// [`Post`](crate::Post) and, with the `lint` feature, `Diagnostic` compare equal
/// whatever their spans.
///
/// To compare positions, use [`Span::same_position`] (every field), or [`Span::range`]
/// when only the bytes matter:
///
/// ```
/// use newspost::Span;
/// let here = Span { start: 0, end: 5, line: 1, column: 1 };
/// let there = Span { start: 10, end: 15, line: 2, column: 3 };
/// assert_eq!(here, there); // positions are ignored by `==`
/// assert!(!here.same_position(&there));
/// assert!(here.same_position(&here.clone()));
/// assert_ne!(here.range(), there.range());
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start` (0 when unknown).
    pub line: u32,
    /// 1-based column of `start`, in characters (0 when unknown).
    pub column: u32,
}

impl Span {
    /// The byte range `start..end`.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Whether this span was read from a file.
    pub fn is_known(&self) -> bool {
        self.line > 0
    }

    /// Whether both spans cover the same bytes at the same line and column: the
    /// comparison of positions that `==` does not make (see [Equality](Span#equality)).
    ///
    /// ```
    /// let text = "<div><p>first</p><p>second</p></div>\n";
    /// let parsed = newspost::parse(text)?;
    /// let json = newspost::from_json_str(&newspost::to_json_string(&parsed))?;
    /// assert_eq!(json, parsed); // spans ignored: JSON has none
    /// let (newspost::Block::Paragraph { span: a, .. }, newspost::Block::Paragraph { span: b, .. }) =
    ///     (&parsed.body[0], &parsed.body[1])
    /// else {
    ///     unreachable!("two paragraphs")
    /// };
    /// assert!(!a.same_position(b) && a.same_position(&a.clone()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn same_position(&self, other: &Span) -> bool {
        (self.start, self.end, self.line, self.column)
            == (other.start, other.end, other.line, other.column)
    }
}

impl PartialEq for Span {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Span {}

impl std::hash::Hash for Span {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

/// Maps byte offsets of one text to lines and columns; built once per file.
///
/// ```
/// use newspost::LineIndex;
/// let index = LineIndex::new("ab\n中文x");
/// let p = index.position(9); // the `x` after two 3-byte characters
/// assert_eq!((p.line, p.column), (2, 3));
/// ```
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    // Last answer, so that positions asked for near each other on one long line (bodies
    // are often one line of HTML) cost time proportional to the distance moved.
    cache: Cell<(usize, u32)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &'a str) -> Self {
        // Room for a line per 64 bytes: posts' lines are longer, so the vector seldom
        // grows while it is filled.
        let mut line_starts = Vec::with_capacity(text.len() / 64 + 8);
        line_starts.push(0);
        line_starts.extend(memchr_newlines(text));
        LineIndex {
            text,
            line_starts,
            cache: Cell::new((0, 1)),
        }
    }

    /// The text this index was built for.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The 0-based line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where the 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The line and column of a byte offset (clamped to the text, and moved back to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let line_start = self.line_starts[line];
        let (cached_offset, cached_column) = self.cache.get();
        let same_line = cached_offset >= line_start && cached_offset < self.line_start(line + 1);
        let column = if same_line && cached_offset <= offset {
            cached_column + count_chars(&self.text[cached_offset..offset])
        } else if same_line && cached_offset - offset < offset - line_start {
            // Back on the same line, nearer the last answer than the line's start (a
            // table's span asked for after the text the tree builder moved before it).
            cached_column.saturating_sub(count_chars(&self.text[offset..cached_offset]))
        } else {
            1 + count_chars(&self.text[line_start..offset])
        };
        self.cache.set((offset, column));
        Position {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column,
        }
    }

    /// A span for `start..end` with its start position filled in.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let p = self.position(start);
        Span {
            start,
            end: end.max(start),
            line: p.line,
            column: p.column,
        }
    }

    /// The text of the line holding `offset`, without its line ending.
    pub fn line_text(&self, offset: usize) -> &'a str {
        let line = self.line_of(offset.min(self.text.len()));
        let start = self.line_starts[line];
        let end = self.line_start(line + 1);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn count_chars(s: &str) -> u32 {
    u32::try_from(s.chars().count()).unwrap_or(u32::MAX)
}

/// Offsets just past each `\n` (a `char` pattern searches with `memchr`).
fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_asked_in_any_order_agree_with_a_fresh_index() {
        let text = format!("a\n{}\nz", "中x".repeat(50));
        let index = LineIndex::new(&text);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        let order = offsets
            .iter()
            .rev()
            .chain(offsets.iter().step_by(7))
            .chain(offsets.iter().rev().step_by(3));
        for &offset in order {
            assert_eq!(
                index.position(offset),
                LineIndex::new(&text).position(offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let index = LineIndex::new("a\r\nbc\n\n中d");
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(4), Position { line: 2, column: 2 });
        assert_eq!(index.position(7), Position { line: 4, column: 1 });
        assert_eq!(index.position(10), Position { line: 4, column: 2 });
        // Backwards after the cache moved forward.
        assert_eq!(index.position(3), Position { line: 2, column: 1 });
        assert_eq!(index.line_text(4), "bc");
        assert_eq!(index.line_text(0), "a");
    }

    #[test]
    fn offsets_inside_a_character_and_past_the_end_are_clamped() {
        let index = LineIndex::new("中文");
        assert_eq!(index.position(1), Position { line: 1, column: 1 });
        assert_eq!(index.position(99), Position { line: 1, column: 3 });
    }

    #[test]
    fn spans_compare_equal_whatever_their_offsets() {
        let a = Span {
            start: 1,
            end: 2,
            line: 1,
            column: 2,
        };
        assert_eq!(a, Span::default());
        assert_ne!(a.range(), Span::default().range());
    }
}
