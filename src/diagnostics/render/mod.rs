//! Diagnostics drawn in one of the output [`Format`]s, through one entry point:
//! [`Renderer`] (pick a format, hand it each file's diagnostics as they come, and finish),
//! or [`to_string`] for one file. The formats are `human` (rustc-style, with the source
//! line), `json`, `jsonl` (JSON Lines), `github` (workflow-command annotations), `sarif`
//! (SARIF 2.1.0 for code scanning), `junit` (JUnit XML test reports) and `gitlab` (GitLab
//! code quality), each a private module behind one signature.
//!
//! ```
//! use newspost::render::{Format, RenderOptions, Renderer};
//! use newspost::{LintConfig, Linter};
//!
//! let linter = Linter::new(LintConfig::default());
//! let text = "<div><p>x</p></div>\n";
//! let diagnostics = linter.lint("a.md", text);
//! let mut out = Vec::new();
//! let format: Format = "jsonl".parse()?;
//! let mut renderer = Renderer::new(format, &mut out, RenderOptions::default())?;
//! renderer.file("a.md".as_ref(), &diagnostics, Some(text))?;
//! renderer.finish(&linter.finish())?;
//! assert_eq!(String::from_utf8_lossy(&out).lines().count(), diagnostics.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod emit;
mod github;
mod gitlab;
mod human;
mod json;
mod jsonl;
mod junit;
mod paths;
pub mod printable;
mod sarif;

use std::fmt;
use std::io::{self, Write};
use std::path::Path;
use std::str::FromStr;

use crate::diagnostics::{Diagnostic, RuleInfo};
use emit::Emit;

/// An output format for diagnostics. Its name (`--format NAME`) is its [`Display`] and
/// what [`FromStr`] reads.
///
/// ```
/// use newspost::render::Format;
/// assert_eq!("sarif".parse::<Format>(), Ok(Format::Sarif));
/// assert_eq!(Format::Junit.to_string(), "junit");
/// assert!("xml".parse::<Format>().is_err());
/// let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
/// assert_eq!(names, ["human", "json", "jsonl", "github", "sarif", "junit", "gitlab"]);
/// ```
///
/// [`Display`]: fmt::Display
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// For people: each diagnostic with its source line and the span underlined.
    Human,
    /// A JSON array of diagnostics.
    Json,
    /// One JSON object per diagnostic and line.
    Jsonl,
    /// GitHub Actions workflow commands (annotations on the changed lines).
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// GitLab code quality (a JSON array of issues).
    Gitlab,
}

impl Format {
    /// Every format, in the order they are listed in help texts.
    pub const ALL: &'static [Format] = &[
        Format::Human,
        Format::Json,
        Format::Jsonl,
        Format::Github,
        Format::Sarif,
        Format::Junit,
        Format::Gitlab,
    ];

    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Github => "github",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Gitlab => "gitlab",
        }
    }

    /// One line saying what the format is for.
    pub fn description(self) -> &'static str {
        match self {
            Format::Human => {
                "for people: each diagnostic with its source line, the span underlined"
            }
            Format::Json => "a JSON array of diagnostics",
            Format::Jsonl => "JSON Lines: one diagnostic per line",
            Format::Github => "GitHub Actions annotations (workflow commands)",
            Format::Sarif => "SARIF 2.1.0, for code scanning",
            Format::Junit => "JUnit XML, for CI test reports",
            Format::Gitlab => "GitLab code quality report",
        }
    }

    /// Whether [`Renderer::file`] reads the file's text (the human format draws source
    /// lines from it). For the other formats the text need not be kept: pass `None`.
    pub fn shows_source(self) -> bool {
        self == Format::Human
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no [`Format`]'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}` (expected human, json, jsonl, github, sarif, junit or gitlab)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

/// How a [`Renderer`] draws: everything any format needs beyond the diagnostics and the
/// files' texts.
///
/// ```
/// use newspost::render::RenderOptions;
/// let options = RenderOptions::default()
///     .with_color(true)
///     .with_rules(newspost::rule_infos());
/// assert!(options.color && !options.rules.is_empty());
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RenderOptions {
    /// ANSI colours in the human format.
    pub color: bool,
    /// The rules a SARIF log describes (usually [`rule_infos`](crate::lint::rule_infos)).
    pub rules: Vec<RuleInfo>,
}

impl RenderOptions {
    /// These options with colours on or off.
    pub fn with_color(mut self, color: bool) -> Self {
        self.color = color;
        self
    }

    /// These options describing `rules` (for SARIF).
    pub fn with_rules(mut self, rules: Vec<RuleInfo>) -> Self {
        self.rules = rules;
        self
    }
}

/// Writes diagnostics in one [`Format`], file by file: the one entry point of every
/// format. [`Renderer::new`] opens the report, [`Renderer::file`] adds a file's
/// diagnostics (with its text, for the human format's source lines: see
/// [`Format::shows_source`]), [`Renderer::finish`] adds the run's cross-file diagnostics
/// and closes it. Every format is written as files come, so memory does not grow with the
/// number of diagnostics (a JSON array or SARIF log is opened at the start and closed at
/// the end).
///
/// ```
/// use newspost::render::{Format, RenderOptions, Renderer};
/// use newspost::{LintConfig, Linter};
///
/// let linter = Linter::new(LintConfig::default());
/// let text = "<div><p>x</p></div>\n";
/// let diagnostics = linter.lint("a.md", text);
/// let mut out = Vec::new();
/// let options = RenderOptions::default().with_rules(newspost::rule_infos());
/// let mut renderer = Renderer::new(Format::Sarif, &mut out, options)?;
/// renderer.file("a.md".as_ref(), &diagnostics, None)?;
/// renderer.finish(&linter.finish())?;
/// let log: serde_json::Value = serde_json::from_slice(&out)?;
/// assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(diagnostics.len()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Renderer<'w> {
    format: Format,
    out: &'w mut dyn Write,
    emit: Box<dyn Emit>,
}

impl<'w> Renderer<'w> {
    /// A renderer writing `format` to `out`; writes the report's opening.
    pub fn new(format: Format, out: &'w mut dyn Write, options: RenderOptions) -> io::Result<Self> {
        let emit: Box<dyn Emit> = match format {
            Format::Human => Box::new(human::Human::open(options.color)),
            Format::Json => Box::new(json::Json::open()),
            Format::Jsonl => Box::new(jsonl::Jsonl),
            Format::Github => Box::new(github::Github),
            Format::Sarif => Box::new(sarif::Sarif::open(out, options.rules)?),
            Format::Junit => Box::new(junit::Junit::open(out)?),
            Format::Gitlab => Box::new(gitlab::Gitlab::open(out)?),
        };
        Ok(Renderer { format, out, emit })
    }

    /// The format being written.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Adds one file's diagnostics; `text` is the file's text when it could be read (only
    /// the human format reads it).
    pub fn file(
        &mut self,
        path: &Path,
        diagnostics: &[Diagnostic],
        text: Option<&str>,
    ) -> io::Result<()> {
        self.emit.file(self.out, path, diagnostics, text)
    }

    /// Adds the diagnostics that concern several files (their sources are not shown) and
    /// closes the report.
    pub fn finish(mut self, across_files: &[Diagnostic]) -> io::Result<()> {
        self.emit.across_files(self.out, across_files)?;
        self.emit.close(self.out)?;
        self.out.flush()
    }
}

/// `diagnostics` of one file whose text is `text`, in `format`, as a string (without
/// colour; SARIF without rule descriptions).
///
/// ```
/// # use newspost::{Linter, LintConfig};
/// use newspost::render::{self, Format};
/// let text = "<div><p>x</p></div>\n";
/// let diagnostics = Linter::new(LintConfig::default()).check("a.md", text);
/// let shown = render::to_string(Format::Github, &diagnostics, text);
/// assert!(shown.starts_with("::error file=a.md,line=1,col=1"));
/// ```
pub fn to_string(format: Format, diagnostics: &[Diagnostic], text: &str) -> String {
    let mut out = Vec::new();
    let written = Renderer::new(format, &mut out, RenderOptions::default()).and_then(|mut r| {
        let path = diagnostics
            .first()
            .map_or(Path::new(""), |d| d.path.as_path());
        r.file(path, diagnostics, Some(text))?;
        r.finish(&[])
    });
    debug_assert!(written.is_ok(), "writing to a Vec cannot fail");
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! The diagnostics every renderer is tested on.
    use std::path::PathBuf;

    use crate::diagnostics::{Diagnostic, Edit, Fingerprint, Fix, Level};
    use crate::span::{LineIndex, Position, Span};

    pub const PATH: &str = "posts/2024-07-03-x.md";
    pub const TEXT: &str = "---\ntitle: 中文 \"x\"\ndate: 2024-07-03 08:00:33\n---\n[T](javascript:alert(1))\n------\n";

    fn diagnostic(
        rule: &'static str,
        level: Level,
        needle: &str,
        message: &str,
        help: Option<&str>,
        fix: Option<Fix>,
    ) -> Diagnostic {
        let index = LineIndex::new(TEXT);
        let start = TEXT.find(needle).unwrap_or(0);
        let end = start + needle.len();
        let end_position: Position = index.position(end);
        let span: Span = index.span(start, end);
        Diagnostic {
            rule,
            level,
            path: PathBuf::from(PATH),
            span,
            end: end_position,
            message: message.to_owned(),
            help: help.map(str::to_owned),
            fix,
            fingerprint: Fingerprint::at(rule, TEXT, start..end),
        }
    }

    /// `diagnostics`, all of one file whose text is `text`, rendered by a [`Renderer`]
    /// with `options`.
    ///
    /// [`Renderer`]: super::Renderer
    pub fn render(
        format: super::Format,
        options: super::RenderOptions,
        diagnostics: &[Diagnostic],
        text: Option<&str>,
    ) -> String {
        let mut out = Vec::new();
        let written = super::Renderer::new(format, &mut out, options).and_then(|mut r| {
            r.file(std::path::Path::new(PATH), diagnostics, text)?;
            r.finish(&[])
        });
        assert!(written.is_ok(), "writing to a Vec cannot fail");
        String::from_utf8_lossy(&out).into_owned()
    }

    pub fn diagnostics() -> Vec<Diagnostic> {
        let date = TEXT.find("2024").unwrap_or(0);
        vec![
            diagnostic(
                "date-no-timezone",
                Level::Warning,
                "2024-07-03 08:00:33",
                "`date` has a time but no offset, so its instant is ambiguous",
                Some("add the offset the time was written in, e.g. `Z` or `+08:00`"),
                None,
            ),
            diagnostic(
                "url-scheme",
                Level::Error,
                "javascript:alert(1)",
                "header link uses the scheme `javascript:`, not http or https",
                None,
                None,
            ),
            diagnostic(
                "epoch-missing",
                Level::Info,
                "---\n[",
                "no epoch comment, with \"quotes\", a comma, and 100%",
                None,
                Some(Fix::safe(
                    "insert the epoch comment",
                    Edit::insertion(date, "<!--1719993633000-->\n"),
                )),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_parses_back_from_its_name() {
        for &format in Format::ALL {
            assert_eq!(format.to_string(), format.name());
            assert_eq!(format.name().parse::<Format>(), Ok(format));
            assert!(!format.description().is_empty(), "{format}");
        }
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            ["human", "json", "jsonl", "github", "sarif", "junit", "gitlab"]
        );
    }

    #[test]
    fn an_unknown_name_is_refused_with_every_name_listed() {
        let error = "Human".parse::<Format>().err();
        assert_eq!(error, Some(UnknownFormat("Human".into())));
        let message = error.map(|e| e.to_string()).unwrap_or_default();
        for format in Format::ALL {
            assert!(message.contains(format.name()), "{message}");
        }
    }

    #[test]
    fn only_the_human_format_shows_source_lines() {
        let diagnostics = fixtures::diagnostics();
        for &format in Format::ALL {
            let options = RenderOptions::default;
            let with = fixtures::render(format, options(), &diagnostics, Some(fixtures::TEXT));
            let without = fixtures::render(format, options(), &diagnostics, None);
            assert_eq!(with != without, format.shows_source(), "{format}");
        }
    }

    #[test]
    fn a_file_given_in_parts_renders_as_given_whole() {
        let diagnostics = fixtures::diagnostics();
        // JUnit writes a test suite per call, the one format where the parts show.
        for &format in Format::ALL.iter().filter(|&&f| f != Format::Junit) {
            let mut out = Vec::new();
            let written =
                Renderer::new(format, &mut out, RenderOptions::default()).and_then(|mut r| {
                    let path = Path::new(fixtures::PATH);
                    r.file(path, &diagnostics[..1], Some(fixtures::TEXT))?;
                    r.file(path, &diagnostics[1..], Some(fixtures::TEXT))?;
                    r.finish(&[])
                });
            assert!(written.is_ok());
            let whole = fixtures::render(
                format,
                RenderOptions::default(),
                &diagnostics,
                Some(fixtures::TEXT),
            );
            assert_eq!(String::from_utf8_lossy(&out), whole, "{format}");
        }
    }

    #[test]
    fn cross_file_diagnostics_come_last_and_close_the_report() {
        let diagnostics = fixtures::diagnostics();
        let mut other = diagnostics[1].clone();
        other.path = "posts/other.md".into();
        for &format in Format::ALL {
            let mut out = Vec::new();
            let written =
                Renderer::new(format, &mut out, RenderOptions::default()).and_then(|mut r| {
                    r.file(Path::new(fixtures::PATH), &diagnostics, None)?;
                    r.finish(std::slice::from_ref(&other))
                });
            assert!(written.is_ok());
            let out = String::from_utf8_lossy(&out);
            let last_path = out.rfind("other.md");
            let last_own = out.rfind("2024-07-03-x.md");
            assert!(last_path > last_own, "{format}: {out}");
            match format {
                Format::Json | Format::Gitlab => assert!(out.ends_with("\n]\n"), "{out}"),
                Format::Sarif => assert!(out.ends_with("}\n"), "{out}"),
                Format::Junit => assert!(out.ends_with("</testsuites>\n"), "{out}"),
                _ => assert!(out.ends_with('\n'), "{out}"),
            }
        }
    }
}
