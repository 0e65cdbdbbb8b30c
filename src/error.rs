//! The parser's error type: what went wrong, and where.

use std::fmt;

use crate::model::DateError;
use crate::quoting::quoted;
use crate::span::Span;

/// A problem found while parsing a post, with its position in the file.
///
/// The strict [`parse`](crate::parse) returns the first one; the lenient
/// [`parse_lenient`](crate::parse::parse_lenient) returns all of them beside what it recovered.
///
/// ```
/// let err = newspost::parse("---\ntitle: [unclosed\n---\n<div><p>x</p></div>\n").unwrap_err();
/// assert_eq!(err.line(), 2); // the line of the `[` left open
/// assert!(matches!(err.kind(), newspost::ErrorKind::FrontMatterSyntax { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    span: Span,
}

impl Error {
    /// An error of `kind` at `span`.
    pub fn new(kind: ErrorKind, span: Span) -> Self {
        Error { kind, span }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Where, as a byte range of the file with its start line and column.
    pub fn span(&self) -> Span {
        self.span
    }

    /// 1-based line of the problem.
    pub fn line(&self) -> u32 {
        self.span.line
    }

    /// 1-based column of the problem, in characters.
    pub fn column(&self) -> u32 {
        self.span.column
    }
}

impl ErrorKind {
    /// The name of the lint rule that reports this problem (see docs/rules.md):
    /// `front-matter-syntax` for front matter that is not read as YAML, `epoch-malformed`,
    /// `date-invalid`, `field-type`, `front-matter-missing` for a block never closed,
    /// `parse-limit` for nesting beyond a limit, `file-unreadable` for input that is not
    /// UTF-8 or too large.
    pub fn rule(&self) -> &'static str {
        match self {
            ErrorKind::InvalidUtf8 { .. } | ErrorKind::TooLarge { .. } => "file-unreadable",
            ErrorKind::FrontMatterUnclosed => "front-matter-missing",
            ErrorKind::FrontMatterTooLarge { .. }
            | ErrorKind::FrontMatterTooDeep { .. }
            | ErrorKind::FrontMatterSyntax { .. }
            | ErrorKind::FrontMatterNotMapping => "front-matter-syntax",
            ErrorKind::FieldType { .. } => "field-type",
            ErrorKind::DateInvalid(_) => "date-invalid",
            ErrorKind::EpochMalformed { .. } => "epoch-malformed",
            ErrorKind::HtmlTooDeep { .. } | ErrorKind::HtmlTooManyTags { .. } => "parse-limit",
        }
    }
}

impl From<&Error> for crate::model::Problem {
    fn from(error: &Error) -> Self {
        crate::model::Problem::new(error.kind.rule(), error.kind.to_string(), error.span)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (line {}, column {})",
            self.kind, self.span.line, self.span.column
        )
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::DateInvalid(e) => Some(e),
            _ => None,
        }
    }
}

/// The kinds of [`Error`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are not UTF-8.
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The input is larger than [`ParseOptions::max_input_bytes`](crate::parse::ParseOptions).
    #[error("input is {len} bytes, more than the limit of {limit}")]
    TooLarge {
        /// The input's size.
        len: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The file opens a `---` front-matter block but never closes it.
    #[error("front matter opened with `---` is never closed")]
    FrontMatterUnclosed,
    /// The front matter is larger than the limit; it was not parsed.
    #[error("front matter is {len} bytes, more than the limit of {limit}; not parsed")]
    FrontMatterTooLarge {
        /// The front matter's size.
        len: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The front matter nests flow collections deeper than the limit; it was not parsed.
    #[error("front matter nests `[`/`{{` more than {limit} levels deep; not parsed")]
    FrontMatterTooDeep {
        /// The limit in force.
        limit: usize,
    },
    /// The YAML does not parse.
    #[error("front matter is not valid YAML: {}", quoted(.message))]
    FrontMatterSyntax {
        /// The YAML parser's message, without its position.
        message: String,
    },
    /// The YAML parses but is not a mapping of keys to values.
    #[error("front matter is not a mapping of keys to values")]
    FrontMatterNotMapping,
    /// A known field has a value of the wrong type.
    #[error("`{}` should be {expected}, found {}", quoted(.field), quoted(.found))]
    FieldType {
        /// The key.
        field: String,
        /// What it should be.
        expected: &'static str,
        /// What it is.
        found: String,
    },
    /// `date` is not a date in an accepted form.
    #[error("invalid `date`: {0}")]
    DateInvalid(DateError),
    /// The epoch comment is not a plain integer of milliseconds.
    #[error("epoch comment `{}` is not a plain integer of milliseconds", quoted(.text))]
    EpochMalformed {
        /// The comment's content.
        text: String,
    },
    /// The body nests elements deeper than the limit; deeper tags were ignored (their
    /// text kept).
    #[error("body nests elements more than {limit} levels deep; deeper tags were ignored")]
    HtmlTooDeep {
        /// The limit in force.
        limit: usize,
    },
    /// The body has more tags than the limit; what follows the first tag past it was not
    /// parsed.
    #[error("body has more than {limit} tags; the rest of it, from here, was not parsed")]
    HtmlTooManyTags {
        /// The limit in force.
        limit: usize,
    },
}

#[cfg(test)]
mod quoted_tests {
    use super::*;

    #[test]
    fn long_input_is_cut_in_messages() {
        let kind = ErrorKind::EpochMalformed {
            text: "9".repeat(10_000_000),
        };
        let message = kind.to_string();
        assert!(message.len() < 400, "{} bytes", message.len());
        assert!(message.contains("(9999800 more bytes)"), "{message}");
        let short = ErrorKind::EpochMalformed { text: "NaN".into() };
        assert_eq!(
            short.to_string(),
            "epoch comment `NaN` is not a plain integer of milliseconds"
        );
    }
}
