//! Diagnostics as data: what a lint rule found, where, how bad, and how to repair it.
//! Drawing them is the job of the renderers in [`render`].

mod fix;
pub mod render;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::span::{Position, Span};

pub use fix::{apply_fixes, Applicability, AppliedFixes, Edit, Fix};

/// How serious a diagnostic is. A rule turned off (`allow`) makes no diagnostic at all,
/// so it is not a level; see [`RuleLevel`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Level {
    /// Worth knowing; not a defect.
    Info,
    /// Probably a defect.
    Warning,
    /// A defect: the run fails.
    Error,
}

impl Level {
    /// The lowercase name: `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The level a rule runs at: off (`allow`) or reporting at a [`Level`].
///
/// ```
/// use newspost::{Level, RuleLevel};
/// assert_eq!("deny".parse::<RuleLevel>(), Ok(RuleLevel::Report(Level::Error)));
/// assert_eq!("warn".parse::<RuleLevel>(), Ok(RuleLevel::Report(Level::Warning)));
/// assert_eq!("allow".parse::<RuleLevel>(), Ok(RuleLevel::Allow));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleLevel {
    /// The rule is off.
    Allow,
    /// The rule reports at this level.
    Report(Level),
}

impl RuleLevel {
    /// The level it reports at, if on.
    pub fn level(self) -> Option<Level> {
        match self {
            RuleLevel::Allow => None,
            RuleLevel::Report(level) => Some(level),
        }
    }
}

impl From<Level> for RuleLevel {
    fn from(level: Level) -> Self {
        RuleLevel::Report(level)
    }
}

impl fmt::Display for RuleLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleLevel::Allow => f.write_str("allow"),
            RuleLevel::Report(level) => level.fmt(f),
        }
    }
}

/// A level name that is none of `allow`, `info`, `warn`/`warning`, `deny`/`error`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown level `{0}` (expected allow, info, warning or error)")]
pub struct UnknownLevel(pub String);

impl FromStr for RuleLevel {
    type Err = UnknownLevel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "allow" | "off" => Ok(RuleLevel::Allow),
            "info" | "note" => Ok(RuleLevel::Report(Level::Info)),
            "warn" | "warning" => Ok(RuleLevel::Report(Level::Warning)),
            "deny" | "error" => Ok(RuleLevel::Report(Level::Error)),
            other => Err(UnknownLevel(other.to_owned())),
        }
    }
}

/// One finding: which rule, how serious, where in which file, what and how to repair it.
///
/// # Equality
///
/// `==` ignores where a finding starts: [`Diagnostic::span`] is a [`Span`], and spans
/// always compare equal (see [`Span`'s equality](Span#equality): a post read from JSON has
/// unknown spans and must equal the parsed one). Every other field counts,
/// `end`, the fix's byte ranges and the fingerprint included. To compare places, compare
/// the spans' positions:
///
/// ```
/// use newspost::{LintConfig, Linter};
/// let linter = Linter::new(LintConfig::new());
/// // A control character (`control-character`) at two places of one paragraph.
/// let post = |body: &str| format!("---\ntitle: T\n---\n<div><p>{body}</p></div>\n");
/// let first = linter.check("a.md", &post("\u{1}ab"));
/// let second = linter.check("a.md", &post("ab\u{1}"));
/// let find = |found: &[newspost::Diagnostic]| {
///     found.iter().find(|d| d.rule == "control-character").cloned()
/// };
/// let (first, second) = (find(&first).unwrap(), find(&second).unwrap());
/// assert!(!first.span.same_position(&second.span)); // two columns apart
/// assert_eq!(first.span, second.span); // as every two spans
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The rule's stable kebab-case name (`epoch-mismatch`).
    pub rule: &'static str,
    /// How serious it is.
    pub level: Level,
    /// The file, as given to the linter.
    pub path: PathBuf,
    /// The byte range in the original file, with the 1-based line and column of its start.
    /// Compare [`Span::range`], since spans always compare equal.
    pub span: Span,
    /// The 1-based line and column where the span ends (exclusive).
    pub end: Position,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to repair it, when there is something useful to say.
    pub help: Option<String>,
    /// The repair as text edits, when it is unambiguous.
    pub fix: Option<Fix>,
    /// What the finding is about, wherever it is in the file (see [`Fingerprint`]).
    pub fingerprint: Fingerprint,
}

impl Diagnostic {
    /// The 1-based line of the start.
    pub fn line(&self) -> u32 {
        self.span.line
    }

    /// The 1-based column of the start, in characters.
    pub fn column(&self) -> u32 {
        self.span.column
    }
}

/// What a finding is about, wherever it stands in its file: a hash of the rule's name and
/// the text its span covers, white space collapsed (the text of the span's line when the
/// span covers nothing, as an insertion point does). Lines added or removed elsewhere in
/// the file leave it as it is, so baselines and code-quality reports can follow a finding
/// across edits; the file's path is not part of it.
///
/// Shown and read as 16 hexadecimal digits; the hash (the first 64 bits of SHA-1) is fixed,
/// so fingerprints stay the same across versions and platforms.
///
/// ```
/// use newspost::Fingerprint;
/// let a = Fingerprint::new("url-relative", "/realtime/china/story.html");
/// assert_eq!(a, Fingerprint::new("url-relative", "  /realtime/china/story.html\n"));
/// assert_ne!(a, Fingerprint::new("url-invalid", "/realtime/china/story.html"));
/// assert_eq!(a.to_string().parse::<Fingerprint>(), Ok(a));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(u64);

impl Fingerprint {
    /// The fingerprint of a finding of `rule` about `content` (white space in it collapsed
    /// and trimmed first).
    pub fn new(rule: &str, content: &str) -> Self {
        let mut hasher = sha1_smol::Sha1::new();
        hasher.update(rule.as_bytes());
        hasher.update(&[0]);
        for (i, word) in content.split_whitespace().enumerate() {
            if i > 0 {
                hasher.update(b" ");
            }
            hasher.update(word.as_bytes());
        }
        let digest = hasher.digest().bytes();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        Fingerprint(u64::from_be_bytes(first))
    }

    /// The fingerprint of a finding of `rule` at `range` of `text`: the range's text, or
    /// its line's when the range holds nothing but white space.
    pub(crate) fn at(rule: &str, text: &str, range: std::ops::Range<usize>) -> Self {
        let covered = text.get(range.clone()).unwrap_or_default();
        if !covered.trim().is_empty() {
            return Fingerprint::new(rule, covered);
        }
        let start = range.start.min(text.len());
        let line_start = text
            .get(..start)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line_end = text
            .get(start..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| start + i);
        Fingerprint::new(rule, text.get(line_start..line_end).unwrap_or_default())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// Text that is not a fingerprint's 16 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a fingerprint (16 hexadecimal digits): `{0}`")]
pub struct BadFingerprint(pub String);

impl FromStr for Fingerprint {
    type Err = BadFingerprint;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(BadFingerprint(s.to_owned()));
        }
        u64::from_str_radix(s, 16)
            .map(Fingerprint)
            .map_err(|_| BadFingerprint(s.to_owned()))
    }
}

/// What renderers that describe rules (SARIF) need to know about one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// The rule's name.
    pub name: &'static str,
    /// Its default level.
    pub default_level: Level,
    /// One line saying what it flags.
    pub summary: String,
}
