//! One renderer per output format, each writing a list of [`Diagnostic`]s to any
//! [`std::io::Write`]: [`human`] (rustc-style, with the source line), [`json`], [`github`]
//! (workflow-command annotations) and [`sarif`] (SARIF 2.1.0 for code scanning).
//!
//! [`Diagnostic`]: crate::diagnostics::Diagnostic

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::path::Path;

/// A path as `/`-separated text, as annotations and SARIF want it.
fn slash_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let text = if std::path::MAIN_SEPARATOR == '\\' {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    };
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
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
