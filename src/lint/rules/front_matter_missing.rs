use crate::diagnostics::Level;
use crate::error::ErrorKind;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a file that does not open with a `---` YAML front-matter block, or whose
    /// block is never closed by a second `---` line.
    ///
    /// ## Why is this bad?
    /// Jekyll treats a file without front matter as a static file and does not publish
    /// it as a post; an unclosed block swallows the whole file. Without front matter
    /// there is no title, date or source.
    ///
    /// ## Example
    /// ```text
    /// ---
    /// title: "Fire kills eight"
    /// date: 2020-10-04T08:00:00Z
    /// --
    /// <!--1601798400000-->
    /// ```
    /// Use instead: close the block with `---`.
    ///
    /// ## Fix
    /// None: where the block should end (or what it should hold) is not known.
    pub(crate) struct FrontMatterMissing
}

static META: RuleMeta = RuleMeta {
    name: "front-matter-missing",
    default_level: Level::Error,
    summary:
        "Flags a file that does not open with a `---` YAML front-matter block, or whose block \
              is never closed by a second `---` line.",
    fix: FixAvailability::None,
    docs: FrontMatterMissing::DOCS,
};

impl Rule for FrontMatterMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        if !ctx.parsed.front_matter_opened {
            found.push(
                Finding::new(
                    ctx.line_at(0),
                    "the file does not open with a `---` front-matter block",
                )
                .help("start the file with `---`, the YAML fields (title, date, from…) and `---`"),
            );
        }
        for error in ctx.errors() {
            if matches!(error.kind(), ErrorKind::FrontMatterUnclosed) {
                found.push(
                    Finding::new(
                        error.span().range(),
                        "the front matter opened here is never closed by a `---` line",
                    )
                    .help("end the front matter with a line holding only `---`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn flags_a_file_without_front_matter() {
        let text = VALID
            .split_once("---\n<!--")
            .map(|(_, rest)| format!("<!--{rest}"))
            .unwrap_or_default();
        let found = diagnostics("front-matter-missing", &text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line(), found[0].column()), (1, 1));
    }

    #[test]
    fn flags_an_unclosed_block_and_nothing_after_it() {
        let text = VALID.replacen("\n---\n<!--", "\n--\n<!--", 1);
        let found = diagnostics("front-matter-missing", &text);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("never closed"));
        let all = linter().check(PATH, &text);
        assert_eq!(all.len(), 1, "{all:?}");
    }

    #[test]
    fn passes_a_valid_post() {
        assert!(diagnostics("front-matter-missing", VALID).is_empty());
    }
}
