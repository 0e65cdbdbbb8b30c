//! The format for people: each diagnostic with its source line and the span underlined,
//! like rustc (drawn by `annotate-snippets`).

use std::io::{self, Write};
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Renderer, Snippet};

use super::emit::Emit;
use crate::diagnostics::render::printable::{neutralise_lines, printable, push_printable};
use crate::diagnostics::{Diagnostic, Level};

/// The human format: each diagnostic with the line of its file it points into (without
/// the file's text, just the header and position), then its help.
///
/// Only the first line of a span is drawn, trimmed around the span when long, so a body
/// written as one 100 KB line stays readable.
pub(super) struct Human {
    renderer: Renderer,
}

impl Human {
    /// The format, with ANSI colours or without.
    pub(super) fn open(color: bool) -> Human {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Human { renderer }
    }
}

impl Emit for Human {
    fn file(
        &mut self,
        out: &mut dyn Write,
        _path: &Path,
        diagnostics: &[Diagnostic],
        text: Option<&str>,
    ) -> io::Result<()> {
        for diagnostic in diagnostics {
            writeln!(out, "{}\n", render_one(&self.renderer, diagnostic, text))?;
        }
        Ok(())
    }

    fn close(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

fn render_one(renderer: &Renderer, d: &Diagnostic, text: Option<&str>) -> String {
    let level = match d.level {
        Level::Error => annotate_snippets::Level::ERROR,
        Level::Warning => annotate_snippets::Level::WARNING,
        Level::Info => annotate_snippets::Level::INFO,
    };
    let path = printable(&d.path.to_string_lossy()).into_owned();
    let message = printable(&d.message);
    let title = level.primary_title(message.as_ref()).id(d.rule);
    let label = d
        .fix
        .as_ref()
        .map(|f| format!("fixable: {}", printable(&f.message)));
    let origin = format!("{path}:{}:{}", d.span.line, d.span.column);
    let mut report = Vec::new();
    let shown = text.and_then(|t| excerpt(t, d));
    match &shown {
        Some(excerpt) => {
            let annotation = AnnotationKind::Primary.span(excerpt.range.clone());
            let annotation = match &label {
                Some(label) => annotation.label(label.as_str()),
                None => annotation,
            };
            let snippet = Snippet::source(excerpt.line.as_str())
                .line_start(usize::try_from(d.span.line).unwrap_or(1))
                .annotation(annotation);
            if excerpt.cut {
                // The excerpt starts inside the line: its column would be wrong, so the
                // position is given as the diagnostic has it.
                report.push(
                    title
                        .element(annotate_snippets::Origin::path(origin.as_str()))
                        .element(snippet),
                );
            } else {
                report.push(title.element(snippet.path(path.as_str())));
            }
        }
        None => {
            report.push(
                Group::with_title(title).element(annotate_snippets::Origin::path(origin.as_str())),
            );
        }
    }
    let help = d.help.as_deref().map(printable);
    if let Some(help) = &help {
        report.push(Group::with_title(
            annotate_snippets::Level::HELP.secondary_title(help.as_ref()),
        ));
    }
    let rendered = renderer.render(&report);
    let rendered = match &shown {
        Some(excerpt) if excerpt.cut => without_empty_origin(&rendered),
        _ => rendered,
    };
    neutralise_lines(&rendered).into_owned()
}

/// `rendered` without the line `  ::: ` that annotate-snippets draws above a snippet that
/// has no path of its own after the report's origin (the cut excerpt's position is that
/// origin; the marker line names nothing).
fn without_empty_origin(rendered: &str) -> String {
    let mut kept = String::with_capacity(rendered.len());
    for line in rendered.split_inclusive('\n') {
        if visible(line).trim() != ":::" {
            kept.push_str(line);
        }
    }
    kept
}

/// `line` without ANSI SGR sequences (`ESC [ … m`), which the styled renderer puts around
/// its markers.
fn visible(line: &str) -> String {
    let mut shown = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            shown.push(c);
        }
    }
    shown
}

/// How many characters of a long line are shown on each side of a span, and of the span.
const CONTEXT_CHARS: usize = 100;

/// The part of a line drawn under a diagnostic.
struct Excerpt {
    /// The text shown, control characters made visible.
    line: String,
    /// The span within `line`.
    range: std::ops::Range<usize>,
    /// Whether the line was cut before or after what is shown.
    cut: bool,
}

/// The line the span starts on, at most [`CONTEXT_CHARS`] characters on each side of the
/// span (and of the span itself), with the span's range within it. Only that window is
/// read, so many findings on one long line cost each the same, whatever the line's length.
fn excerpt(text: &str, d: &Diagnostic) -> Option<Excerpt> {
    let start = d.span.start.min(text.len());
    let before = text.get(..start)?;
    let mut from = start;
    let mut cut_before = false;
    for (i, (at, c)) in before.char_indices().rev().enumerate() {
        if c == '\n' {
            break;
        }
        if i == CONTEXT_CHARS {
            cut_before = true;
            break;
        }
        from = at;
    }
    let span_end = d.span.end.clamp(start, text.len());
    let mut to = start;
    let mut cut_after = false;
    let mut shown_after_span = 0;
    let mut shown_of_span = 0;
    for (at, c) in text.get(start..)?.char_indices() {
        let at = start + at;
        if c == '\n' {
            break;
        }
        if at < span_end {
            shown_of_span += 1;
            if shown_of_span > CONTEXT_CHARS {
                cut_after = true;
                break;
            }
        } else {
            shown_after_span += 1;
            if shown_after_span > CONTEXT_CHARS {
                cut_after = true;
                break;
            }
        }
        to = at + c.len_utf8();
    }
    let window = text.get(from..to)?;
    let window = window.strip_suffix('\r').unwrap_or(window);
    let (start, end) = (start - from, span_end.min(to).max(start) - from);
    let mut line = String::with_capacity(window.len() + 8);
    if cut_before {
        line.push('…');
    }
    let mut range = line.len()..line.len();
    for (at, c) in window.char_indices() {
        if at == start {
            range.start = line.len();
        }
        if at == end {
            range.end = line.len();
        }
        push_printable(&mut line, c);
    }
    if start >= window.len() {
        range.start = line.len();
    }
    if end >= window.len() {
        range.end = line.len();
    }
    range.end = range.end.max(range.start);
    if cut_after {
        line.push('…');
    }
    Some(Excerpt {
        line,
        range,
        cut: cut_before || cut_after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::{fixtures, Format, RenderOptions};

    fn to_string(diagnostics: &[Diagnostic], text: &str) -> String {
        fixtures::render(
            Format::Human,
            RenderOptions::default(),
            diagnostics,
            Some(text),
        )
    }

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
        // The position is the origin's; no empty `:::` marker line under it.
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[1].trim_start().starts_with("--> "), "{shown}");
        assert_eq!(lines[2].trim(), "|", "{shown}");
        assert!(
            lines[3].starts_with("1 | ") && lines[3].contains("BAD"),
            "{shown}"
        );
        assert!(!shown.contains(":::"), "{shown}");
        let mut d = fixtures::diagnostics().remove(1);
        d.span = index.span(500, 503);
        let options = RenderOptions::default().with_color(true);
        let styled = fixtures::render(Format::Human, options, &[d], Some(&text));
        assert!(styled.contains("BAD"), "{styled}");
        assert!(!styled.contains(":::"), "{styled}");
    }

    #[test]
    fn without_the_source_the_position_is_still_given() {
        let shown = fixtures::render(
            Format::Human,
            RenderOptions::default(),
            &fixtures::diagnostics()[..1],
            None,
        );
        assert!(shown.contains("posts/2024-07-03-x.md:3:7"), "{shown}");
    }
}
