//! What rules over the files of a run (`duplicate-source`) keep of each file, and what
//! they find among them: the data of [`Rule::record`](super::rule::Rule::record) and
//! [`Rule::finish`](super::rule::Rule::finish).

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::span::{Position, Span};

/// What a rule over the files of a run keeps of one file: a value, what files are
/// compared by, and where in the file the value is.
#[derive(Debug)]
pub(crate) struct Record<'a> {
    /// The text a finding quotes (`duplicate-source`: the `from`).
    pub value: &'a str,
    /// What files are compared by: the value, or a normal form of it (`duplicate-source`:
    /// the URL's identity).
    pub key: Cow<'a, str>,
    /// Where a finding about this file points.
    pub range: Range<usize>,
}

/// Which of [`Records`] a [`RunFinding`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RecordId(usize);

/// One file's record, as kept.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Recorded<'r> {
    /// Which record this is.
    pub id: RecordId,
    /// The file.
    pub path: &'r Path,
    /// [`Record::value`].
    pub value: &'r str,
    /// [`Record::key`].
    pub key: &'r str,
    /// Where [`Record::range`] is in the file.
    pub span: Span,
    /// Where it ends.
    pub end: Position,
    /// Whether the file turns the rule off for itself: it gets no finding, but its record
    /// is among the others.
    pub suppressed: bool,
}

/// One rule's records of a run's files, in the order they were recorded.
///
/// Their text (each value, its key when that is spelled otherwise, and each path that is
/// UTF-8, as nearly all are) is kept in one buffer rather than in two small allocations
/// per file: those would stay alive among the parser's short-lived ones, and glibc's
/// allocator then does about 4% more work on every later file (callgrind,
/// `Linter::lint` over 1,500 posts).
#[derive(Debug, Default)]
pub(crate) struct Records {
    text: String,
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    path: StoredPath,
    value: Range<usize>,
    /// The same range as `value` when the key is spelled that way.
    key: Range<usize>,
    span: Span,
    end: Position,
    suppressed: bool,
}

#[derive(Debug)]
enum StoredPath {
    /// A range of [`Records::text`].
    Text(Range<usize>),
    /// A path that is not UTF-8.
    Owned(PathBuf),
}

impl Records {
    /// Keeps `record` of the file at `path`, whose range is at `span`..`end`.
    pub(crate) fn push(
        &mut self,
        path: &Path,
        record: &Record<'_>,
        (span, end): (Span, Position),
        suppressed: bool,
    ) {
        let path = match path.to_str() {
            Some(path) => StoredPath::Text(self.append(path)),
            None => StoredPath::Owned(path.to_path_buf()),
        };
        let value = self.append(record.value);
        let key = if record.key == record.value {
            value.clone()
        } else {
            self.append(&record.key)
        };
        self.entries.push(Entry {
            path,
            value,
            key,
            span,
            end,
            suppressed,
        });
    }

    fn append(&mut self, text: &str) -> Range<usize> {
        let start = self.text.len();
        self.text.push_str(text);
        start..self.text.len()
    }

    /// Every record, in the order they were recorded.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Recorded<'_>> {
        (0..self.entries.len()).filter_map(|i| self.get(RecordId(i)))
    }

    /// The record `id` names.
    pub(crate) fn get(&self, id: RecordId) -> Option<Recorded<'_>> {
        let entry = self.entries.get(id.0)?;
        let text = |range: &Range<usize>| self.text.get(range.clone()).unwrap_or_default();
        Some(Recorded {
            id,
            path: match &entry.path {
                StoredPath::Text(range) => Path::new(text(range)),
                StoredPath::Owned(path) => path.as_path(),
            },
            value: text(&entry.value),
            key: text(&entry.key),
            span: entry.span,
            end: entry.end,
            suppressed: entry.suppressed,
        })
    }
}

/// What a rule over the files of a run found about one file's record, before the linter
/// gives it a name, level, path and position (the record's).
#[derive(Debug)]
pub(crate) struct RunFinding {
    /// The record it is about.
    pub record: RecordId,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl RunFinding {
    pub(crate) fn new(record: RecordId, message: impl Into<String>) -> Self {
        RunFinding {
            record,
            message: message.into(),
            help: None,
        }
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a range of a one-line file is.
    fn at(start: usize, end: usize) -> (Span, Position) {
        let index = crate::span::LineIndex::new("from: https://e.com/%7Ea");
        (index.span(start, end), index.position(end))
    }

    #[test]
    fn records_read_back_as_they_were_kept_in_order() {
        let mut records = Records::default();
        let spelled = Record {
            value: "https://e.com/%7Ea",
            key: Cow::Owned("https://e.com/~a".to_owned()),
            range: 3..21,
        };
        let plain = Record {
            value: "https://e.com/b",
            key: Cow::Borrowed("https://e.com/b"),
            range: 0..15,
        };
        records.push(Path::new("a.md"), &spelled, at(3, 21), false);
        records.push(Path::new("b.md"), &plain, at(0, 15), true);
        let kept: Vec<_> = records
            .iter()
            .map(|r| (r.path.to_str(), r.value, r.key, r.span.start, r.suppressed))
            .collect();
        assert_eq!(
            kept,
            [
                (
                    Some("a.md"),
                    "https://e.com/%7Ea",
                    "https://e.com/~a",
                    3,
                    false
                ),
                (Some("b.md"), "https://e.com/b", "https://e.com/b", 0, true),
            ]
        );
        // A key spelled as its value is not stored twice.
        assert_eq!(
            records.text.len(),
            "a.md".len()
                + spelled.value.len()
                + spelled.key.len()
                + "b.md".len()
                + plain.value.len()
        );
        assert!(records.get(RecordId(2)).is_none());
    }
}
