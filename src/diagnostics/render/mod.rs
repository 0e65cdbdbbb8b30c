//! One renderer per output format, each writing [`Diagnostic`]s to any
//! [`std::io::Write`]: [`human`] (rustc-style, with the source line), [`json`], [`jsonl`]
//! (JSON Lines), [`github`] (workflow-command annotations), [`sarif`] (SARIF 2.1.0 for code
//! scanning), [`junit`] (JUnit XML test reports) and [`gitlab`] (GitLab code quality).
//!
//! [`Renderer`] is the one entry point over them: pick a [`Format`], hand it each file's
//! diagnostics as they come, and finish.
//!
//! ```
//! use newspost::render::{Format, Renderer, RenderOptions};
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
//!
//! [`Diagnostic`]: crate::diagnostics::Diagnostic

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod junit;
mod paths;
pub mod printable;
pub mod sarif;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use crate::diagnostics::{Diagnostic, RuleInfo};

/// An output format for diagnostics.
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

/// How a [`Renderer`] draws.
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

/// Writes diagnostics in one [`Format`], file by file: [`Renderer::new`] opens the report,
/// [`Renderer::file`] adds a file's diagnostics (with its text, for the human format's
/// source lines), [`Renderer::finish`] adds the run's cross-file diagnostics and closes it.
/// Every format is written as files come, so memory does not grow with the number of
/// diagnostics (a JSON array or SARIF log is opened at the start and closed at the end).
pub struct Renderer<'w> {
    format: Format,
    out: &'w mut dyn Write,
    options: RenderOptions,
    /// SARIF: the log being written.
    sarif: Option<sarif::Stream>,
    /// JSON, GitLab: no item written yet.
    first: bool,
}

impl<'w> Renderer<'w> {
    /// A renderer writing `format` to `out`; writes the report's opening.
    pub fn new(format: Format, out: &'w mut dyn Write, options: RenderOptions) -> io::Result<Self> {
        let mut sarif = None;
        match format {
            Format::Junit => out.write_all(junit::HEAD.as_bytes())?,
            Format::Gitlab => out.write_all(b"[")?,
            Format::Sarif => sarif = Some(sarif::Stream::open(out, &options.rules)?),
            _ => {}
        }
        Ok(Renderer {
            format,
            out,
            options,
            sarif,
            first: true,
        })
    }

    /// The format being written.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Adds one file's diagnostics; `text` is the file's text when it could be read.
    pub fn file(
        &mut self,
        path: &std::path::Path,
        diagnostics: &[Diagnostic],
        text: Option<&str>,
    ) -> io::Result<()> {
        match self.format {
            Format::Human => human::write(
                self.out,
                diagnostics,
                &|_| text.map(str::to_owned),
                human::HumanOptions::with_color(self.options.color),
            ),
            Format::Jsonl => jsonl::write(self.out, diagnostics),
            Format::Github => github::write(self.out, diagnostics),
            Format::Junit => junit::write_suite(self.out, path, diagnostics),
            Format::Gitlab => gitlab::write_items(self.out, diagnostics, &mut self.first),
            Format::Json => json::write_items(self.out, diagnostics, &mut self.first),
            Format::Sarif => self.sarif_results(diagnostics),
        }
    }

    fn sarif_results(&mut self, diagnostics: &[Diagnostic]) -> io::Result<()> {
        if let Some(stream) = &mut self.sarif {
            for d in diagnostics {
                stream.result(self.out, d, &self.options.rules)?;
            }
        }
        Ok(())
    }

    /// Adds the diagnostics that concern several files (their sources are not shown) and
    /// closes the report.
    pub fn finish(mut self, across_files: &[Diagnostic]) -> io::Result<()> {
        match self.format {
            Format::Human => human::write(
                self.out,
                across_files,
                &|_| None,
                human::HumanOptions::with_color(self.options.color),
            )?,
            Format::Jsonl => jsonl::write(self.out, across_files)?,
            Format::Github => github::write(self.out, across_files)?,
            Format::Junit => {
                for group in across_files.chunk_by(|a, b| a.path == b.path) {
                    junit::write_suite(self.out, &group[0].path, group)?;
                }
                self.out.write_all(junit::TAIL.as_bytes())?;
            }
            Format::Gitlab => {
                gitlab::write_items(self.out, across_files, &mut self.first)?;
                self.out
                    .write_all(if self.first { b"]\n" } else { b"\n]\n" })?;
            }
            Format::Json => {
                json::write_items(self.out, across_files, &mut self.first)?;
                json::close(self.out, self.first)?;
            }
            Format::Sarif => {
                self.sarif_results(across_files)?;
                if let Some(stream) = self.sarif.take() {
                    stream.close(self.out)?;
                }
            }
        }
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
            .map_or(std::path::Path::new(""), |d| d.path.as_path());
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
