//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines):
//! one `<testsuite>` per file, named by its path, holding one `<testcase>` per diagnostic
//! (named `rule at line:column`); errors and warnings are `<failure>`s of that type, infos
//! pass with their message as `<system-out>`. A file without diagnostics is one passing
//! test case, so the report counts every file linted.

use std::io::{self, Write};
use std::path::Path;

use super::emit::Emit;
use super::paths::slash_path;
use crate::diagnostics::{Diagnostic, Level};

/// The document's opening.
const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"newspost\">\n";
/// The document's end.
const TAIL: &str = "</testsuites>\n";

/// The JUnit format: the document, one suite per file.
pub(super) struct Junit;

impl Junit {
    /// Writes the document's opening.
    pub(super) fn open(out: &mut dyn Write) -> io::Result<Junit> {
        out.write_all(HEAD.as_bytes())?;
        Ok(Junit)
    }
}

impl Emit for Junit {
    fn file(
        &mut self,
        out: &mut dyn Write,
        path: &Path,
        diagnostics: &[Diagnostic],
        _text: Option<&str>,
    ) -> io::Result<()> {
        write_suite(out, path, diagnostics)
    }

    /// One suite per file, in the order they come (none when there are no diagnostics).
    fn across_files(&mut self, out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
        for group in diagnostics.chunk_by(|a, b| a.path == b.path) {
            if let Some(first) = group.first() {
                write_suite(out, &first.path, group)?;
            }
        }
        Ok(())
    }

    fn close(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(TAIL.as_bytes())
    }
}

/// Writes the test suite of one file.
fn write_suite(out: &mut dyn Write, path: &Path, diagnostics: &[Diagnostic]) -> io::Result<()> {
    let name = escape(&slash_path(path));
    let failures = diagnostics
        .iter()
        .filter(|d| d.level != Level::Info)
        .count();
    let tests = diagnostics.len().max(1);
    writeln!(
        out,
        "  <testsuite name=\"{name}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    )?;
    if diagnostics.is_empty() {
        writeln!(
            out,
            "    <testcase name=\"newspost lint\" classname=\"{name}\"/>"
        )?;
    }
    for d in diagnostics {
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let message = escape(&message);
        writeln!(
            out,
            "    <testcase name=\"{} at {}:{}\" classname=\"{name}\">",
            d.rule, d.span.line, d.span.column
        )?;
        match d.level {
            Level::Info => writeln!(out, "      <system-out>{message}</system-out>")?,
            level => writeln!(
                out,
                "      <failure type=\"{level}\" message=\"{message}\">{}:{}:{}: {level}[{}] {message}</failure>",
                name, d.span.line, d.span.column, d.rule
            )?,
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")
}

/// Text made safe for XML 1.0 content and attribute values: the five escapes, and the
/// control characters XML forbids shown as their control pictures (U+2400…).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(c),
            c if u32::from(c) < 0x20 => {
                out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'));
            }
            '\u{7f}' => out.push('\u{2421}'),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::{fixtures, Format, RenderOptions, Renderer};

    /// The report of `diagnostics`, all of them cross-file (one suite per path).
    fn report(diagnostics: &[Diagnostic]) -> String {
        let mut out = Vec::new();
        let written = Renderer::new(Format::Junit, &mut out, RenderOptions::default())
            .and_then(|r| r.finish(diagnostics));
        assert!(written.is_ok());
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn one_suite_per_file_and_one_case_per_diagnostic() {
        let xml = report(&fixtures::diagnostics());
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
        let suites: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testsuite"))
            .collect();
        assert_eq!(suites.len(), 1);
        assert_eq!(suites[0].attribute("name"), Some("posts/2024-07-03-x.md"));
        assert_eq!(suites[0].attribute("tests"), Some("3"));
        assert_eq!(suites[0].attribute("failures"), Some("2"));
        let failures: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("failure"))
            .collect();
        assert_eq!(failures[0].attribute("type"), Some("warning"));
        assert_eq!(failures[1].attribute("type"), Some("error"));
        let info = doc
            .descendants()
            .find(|n| n.has_tag_name("system-out"))
            .and_then(|n| n.text());
        assert_eq!(
            info,
            Some("no epoch comment, with \"quotes\", a comma, and 100%")
        );
    }

    #[test]
    fn hostile_text_stays_well_formed() {
        let mut d = fixtures::diagnostics().remove(1);
        d.message = "</failure><x a=\"'&\u{1}\u{1b}]0;\u{7}".to_owned();
        d.path = "a<&\">.md".into();
        let xml = report(&[d]);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
        let failure = doc.descendants().find(|n| n.has_tag_name("failure"));
        assert_eq!(
            failure.and_then(|f| f.attribute("message")),
            Some("</failure><x a=\"'&\u{2401}\u{241b}]0;\u{2407}")
        );
    }

    #[test]
    fn a_clean_file_is_one_passing_case() {
        let text = fixtures::render(Format::Junit, RenderOptions::default(), &[], None);
        assert!(text.contains("tests=\"1\" failures=\"0\""), "{text}");
        assert!(!text.contains("<failure"), "{text}");
    }
}
