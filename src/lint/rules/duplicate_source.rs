use std::path::{Path, PathBuf};

use crate::lint::context::Context;
use crate::lint::{declare_rule, Check, Finding};
use crate::{Diagnostic, Level, LineIndex, Position, Span};

declare_rule! {
    /// ## What it does
    /// Flags, across all files of one run, posts that share the same `from` URL (exact
    /// string). Each of them gets the diagnostic, naming the others.
    ///
    /// ## Why is this bad?
    /// The same story was saved twice: a re-scrape under a second file name, a story
    /// republished the next day, two feeds carrying one URL. The archive shows it twice.
    ///
    /// ## Example
    /// `2024-01-29-a-68649656.md` and `2024-01-29-a-68649656-r.md` both with
    /// ```yaml
    /// from: https://www.voachinese.com/a/68649656.html
    /// ```
    ///
    /// ## Fix
    /// None: which copy to keep is not known.
    pub(crate) struct DuplicateSource => "duplicate-source", Warning
}

impl Check for DuplicateSource {
    /// Nothing per file: see [`finish`].
    fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {}
}

/// What one file contributes: its `from` and where it is written.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    path: PathBuf,
    from: String,
    span: Span,
    end: Position,
}

/// The file's `from`, if it has one.
pub(crate) fn source(ctx: &Context<'_>, path: &Path, index: &LineIndex<'_>) -> Option<Source> {
    let from = ctx
        .front_matter()
        .and_then(|fm| ctx.field(fm.from.as_ref()))?;
    let range = ctx
        .value_range("from")
        .map(|(r, _)| r)
        .unwrap_or_else(|| ctx.front_matter_opening());
    Some(Source {
        path: path.to_path_buf(),
        from: from.to_owned(),
        span: index.span(range.start, range.end),
        end: index.position(range.end),
    })
}

/// One diagnostic for every file whose `from` another file has too, in path order.
pub(crate) fn finish(mut sources: Vec<Source>, level: Level) -> Vec<Diagnostic> {
    // Grouped by sorting in place rather than in a map keyed by `from`: a run over an
    // archive of 100,000 posts then holds each `from` once, not twice.
    // Stable, so that files recorded twice keep the order they were recorded in.
    sources.sort_by(|a, b| a.from.cmp(&b.from).then_with(|| a.path.cmp(&b.path)));
    let mut out = Vec::new();
    for group in sources.chunk_by(|a, b| a.from == b.from) {
        if group.len() < 2 {
            continue;
        }
        for source in group {
            let others: Vec<String> = group
                .iter()
                .filter(|o| o.path != source.path)
                .map(|o| o.path.display().to_string())
                .collect();
            if others.is_empty() {
                continue; // the same file given twice
            }
            out.push(Diagnostic {
                rule: DuplicateSource::NAME,
                level,
                path: source.path.clone(),
                span: source.span,
                end: source.end,
                message: format!(
                    "`from` {} is also the source of {}",
                    source.from,
                    others.join(", ")
                ),
                help: Some("keep one copy of the story".to_owned()),
                fix: None,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn flags_every_file_sharing_a_from() {
        let linter = linter();
        let other = VALID.replace("4032055", "4032056");
        for (path, text) in [("b.md", VALID), ("a.md", VALID), ("c.md", other.as_str())] {
            assert!(linter
                .lint(path, text)
                .iter()
                .all(|d| d.rule != "duplicate-source"));
        }
        let found = linter.finish();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].path.to_str(), Some("a.md"));
        assert!(found[0].message.ends_with("is also the source of b.md"));
        assert_eq!(
            at(VALID, &found[1]),
            "https://www.zaobao.com/realtime/china/story20240703-4032055"
        );
        // Finishing clears the run.
        assert!(linter.finish().is_empty());
    }

    #[test]
    fn passes_distinct_sources_and_can_be_allowed() {
        let linter = linter();
        linter.lint("a.md", VALID);
        linter.lint("b.md", &VALID.replace("4032055", "1"));
        assert!(linter.finish().is_empty());
        let mut config = config();
        config
            .levels
            .insert("duplicate-source".into(), crate::RuleLevel::Allow);
        let linter = crate::Linter::new(config);
        linter.lint("a.md", VALID);
        linter.lint("b.md", VALID);
        assert!(linter.finish().is_empty());
    }
}
