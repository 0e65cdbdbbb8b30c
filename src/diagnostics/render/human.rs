//! The format for people: each diagnostic with its source line and the span underlined,
//! like rustc (drawn by `annotate-snippets`).

use std::io::{self, Write};
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Renderer, Snippet};

use crate::diagnostics::{Diagnostic, Level};

/// How to draw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct HumanOptions {
    /// Use ANSI colours.
    pub color: bool,
}

impl HumanOptions {
    /// Options with colours on or off.
    pub fn with_color(color: bool) -> Self {
        HumanOptions { color }
    }
}

/// Writes each diagnostic with the line of its file it points into (got from `source`;
/// without it, just the header and position), then its help.
///
/// Only the first line of a span is drawn, trimmed around the span when long, so a body
/// written as one 100 KB line stays readable.
pub fn write(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    source: &dyn Fn(&Path) -> Option<String>,
    options: HumanOptions,
) -> io::Result<()> {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut cached: Option<(&Path, Option<String>)> = None;
    for diagnostic in diagnostics {
        if cached.as_ref().map(|(p, _)| *p) != Some(diagnostic.path.as_path()) {
            cached = Some((diagnostic.path.as_path(), source(&diagnostic.path)));
        }
        let text = cached.as_ref().and_then(|(_, t)| t.as_deref());
        writeln!(out, "{}\n", render_one(&renderer, diagnostic, text))?;
    }
    Ok(())
}

/// Renders diagnostics to a string, without colour.
///
/// ```
/// # use newspost::{Linter, LintConfig};
/// let linter = Linter::new(LintConfig::default());
/// let text = "---\ntitle: t\ndate: 2024-07-03T08:00:33Z\nfrom: https://e.com/a\n---\n[t](https://e.com/a)\n------\n<div><p>x</p></div>\n";
/// let diagnostics = linter.check("post.md", text);
/// let shown = newspost::render::human::to_string(&diagnostics, text);
/// assert!(shown.contains("warning[epoch-missing]"));
/// assert!(shown.contains("--> post.md:6:1"));
/// ```
pub fn to_string(diagnostics: &[Diagnostic], text: &str) -> String {
    let mut out = Vec::new();
    let _ = write(
        &mut out,
        diagnostics,
        &|_| Some(text.to_owned()),
        HumanOptions::default(),
    );
    String::from_utf8_lossy(&out).into_owned()
}

fn render_one(renderer: &Renderer, d: &Diagnostic, text: Option<&str>) -> String {
    let level = match d.level {
        Level::Error => annotate_snippets::Level::ERROR,
        Level::Warning => annotate_snippets::Level::WARNING,
        Level::Info => annotate_snippets::Level::INFO,
    };
    let path = d.path.display().to_string();
    let title = level.primary_title(d.message.as_str()).id(d.rule);
    let label = d.fix.as_ref().map(|f| format!("fixable: {}", f.message));
    let mut report = Vec::new();
    match text.and_then(|t| excerpt(t, d)) {
        Some((line, range)) => {
            let annotation = AnnotationKind::Primary.span(range);
            let annotation = match &label {
                Some(label) => annotation.label(label.as_str()),
                None => annotation,
            };
            let snippet = Snippet::source(line)
                .line_start(usize::try_from(d.span.line).unwrap_or(1))
                .path(path.as_str())
                .annotation(annotation);
            report.push(title.element(snippet));
        }
        None => {
            let origin = format!("{path}:{}:{}", d.span.line, d.span.column);
            report.push(Group::with_title(title).element(annotate_snippets::Origin::path(origin)));
        }
    }
    if let Some(help) = &d.help {
        report.push(Group::with_title(
            annotate_snippets::Level::HELP.secondary_title(help.as_str()),
        ));
    }
    renderer.render(&report)
}

/// The line the span starts on and the span's range within it (cut at the line's end).
/// Long lines are trimmed to the span by the renderer.
fn excerpt<'t>(text: &'t str, d: &Diagnostic) -> Option<(&'t str, std::ops::Range<usize>)> {
    let start = d.span.start.min(text.len());
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text
        .get(start..)?
        .find('\n')
        .map_or(text.len(), |i| start + i);
    let line = text.get(line_start..line_end)?.trim_end_matches('\r');
    let end = d.span.end.clamp(start, line_start + line.len());
    Some((line, start - line_start..end - line_start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::fixtures;

    #[test]
    fn draws_the_source_line_with_a_caret_under_the_span() {
        let shown = to_string(&fixtures::diagnostics(), fixtures::TEXT);
        let expected = r#"warning[date-no-timezone]: `date` has a time but no offset, so its instant is ambiguous
 --> posts/2024-07-03-x.md:3:7
  |
3 | date: 2024-07-03 08:00:33
  |       ^^^^^^^^^^^^^^^^^^^
  |
help: add the offset the time was written in, e.g. `Z` or `+08:00`

error[url-scheme]: header link uses the scheme `javascript:`, not http or https
 --> posts/2024-07-03-x.md:5:5
  |
5 | [T](javascript:alert(1))
  |     ^^^^^^^^^^^^^^^^^^^

info[epoch-missing]: no epoch comment, with "quotes", a comma, and 100%
 --> posts/2024-07-03-x.md:4:1
  |
4 | ---
  | ^^^ fixable: insert the epoch comment

"#;
        assert_eq!(shown, expected);
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let text = format!("{}BAD{}", "a".repeat(500), "b".repeat(500));
        let index = crate::span::LineIndex::new(&text);
        let mut d = fixtures::diagnostics().remove(1);
        d.span = index.span(500, 503);
        let shown = to_string(&[d], &text);
        assert!(shown.contains("BAD"), "{shown}");
        assert!(shown.lines().all(|l| l.chars().count() < 200), "{shown}");
        assert!(shown.contains("1:501"), "{shown}");
    }

    #[test]
    fn without_the_source_the_position_is_still_given() {
        let mut out = Vec::new();
        write(
            &mut out,
            &fixtures::diagnostics()[..1],
            &|_| None,
            HumanOptions::default(),
        )
        .ok();
        let shown = String::from_utf8_lossy(&out);
        assert!(shown.contains("posts/2024-07-03-x.md:3:7"), "{shown}");
    }
}
