use crate::diagnostics::{Edit, Fix, Level};
use crate::lint::context::{collapse_whitespace, Context};
use crate::lint::edits::insert_line_after;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a post without the `[title](url)` line underlined with dashes (three or
    /// more) as the first non-blank line after the epoch comment.
    ///
    /// ## Why is this bad?
    /// The header is the visible title and source link of the post in the archive;
    /// without the underline Markdown renders it as a plain paragraph (and `======`
    /// makes it a top-level heading).
    ///
    /// ## Example
    /// ```text
    /// <!--1706055326000-->
    /// [海南地震最新：2人死亡](https://www.voachinese.com/a/8112518.html)
    ///
    /// <div>
    /// ```
    ///
    /// ## Fix
    /// When the link line is there, underlines it with `------` (replacing a line of
    /// `=` or too few dashes); when it is not, inserts `[title](from)` and the underline
    /// from the front matter.
    pub(crate) struct HeaderMissing
}

static META: RuleMeta = RuleMeta {
    name: "header-missing",
    default_level: Level::Warning,
    summary: "Flags a post without the `[title](url)` line underlined with dashes (three or more) \
              as the first non-blank line after the epoch comment.",
    fix: FixAvailability::Safe,
    docs: HeaderMissing::DOCS,
};

impl Rule for HeaderMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        if ctx.unclosed() || ctx.parsed.post.header.is_some() {
            return;
        }
        // The header belongs after the epoch comment, else after the front matter.
        let anchor = ctx
            .epoch_range()
            .map(|r| r.end)
            .or_else(|| ctx.front_matter_range().map(|r| r.end));
        let start = anchor.map_or(0, |a| ctx.next_line_start(a));
        let Some(line) = first_non_blank_line(ctx, start) else {
            found.push(
                Finding::new(
                    ctx.text.len()..ctx.text.len(),
                    "no `[title](url)` header underlined with `------`",
                )
                .fix(insert_header(ctx, anchor)),
            );
            return;
        };
        let line_text = ctx.text.get(line.clone()).unwrap_or_default().trim();
        let is_link =
            line_text.starts_with('[') && line_text.ends_with(')') && line_text.contains("](");
        let (message, fix) = if is_link {
            let next = ctx.line_at(ctx.next_line_start(line.end));
            let next_text = ctx.text.get(next.clone()).unwrap_or_default().trim();
            let underline_like =
                !next_text.is_empty() && next_text.bytes().all(|b| b == b'=' || b == b'-');
            if underline_like && next.start > line.end {
                (
                    format!("the header link is underlined with `{next_text}`, not `------`"),
                    Some(Fix::safe(
                        "underline the header link with `------`",
                        Edit::replacement(next, "------"),
                    )),
                )
            } else {
                (
                    "the header link is not underlined with `------`".to_owned(),
                    Some(Fix::safe(
                        "underline the header link with `------`",
                        insert_line_after(ctx, line.end, "------"),
                    )),
                )
            }
        } else {
            (
                "no `[title](url)` header underlined with `------`".to_owned(),
                insert_header(ctx, anchor),
            )
        };
        found.push(Finding::new(line, message).fix(fix));
    }
}

/// The header built from `title` and `from`, inserted after `anchor`'s line.
fn insert_header(ctx: &Context<'_>, anchor: Option<usize>) -> Option<Fix> {
    let fm = ctx.front_matter()?;
    let title = collapse_whitespace(ctx.field(fm.title.as_ref())?);
    let from = ctx.field(fm.from.as_ref())?.trim();
    if from.contains(char::is_whitespace) {
        return None;
    }
    let newline = ctx.newline();
    let header = format!("[{title}]({from}){newline}------{newline}");
    Some(Fix::safe(
        "insert the header from `title` and `from`",
        insert_line_after(ctx, anchor?, &header),
    ))
}

fn first_non_blank_line(ctx: &Context<'_>, mut start: usize) -> Option<std::ops::Range<usize>> {
    while start < ctx.text.len() {
        let line = ctx.line_at(start);
        if !ctx
            .text
            .get(line.clone())
            .unwrap_or_default()
            .trim()
            .is_empty()
        {
            return Some(line);
        }
        start = ctx.next_line_start(line.end);
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    const HEADER: &str = "[习近平：中国支持哈萨克斯坦](https://www.zaobao.com/realtime/china/story20240703-4032055)\n------\n\n";

    #[test]
    fn flags_a_missing_header_and_inserts_it_from_the_front_matter() {
        let text = VALID.replace(HEADER, "");
        let found = diagnostics("header-missing", &text);
        assert_eq!(found.len(), 1);
        assert_eq!(at(&text, &found[0]), "<div>");
        assert_eq!(fixed(&linter(), &text), VALID);
    }

    #[test]
    fn underlines_a_link_that_lacks_it() {
        let text = VALID.replace("\n------\n", "\n======\n");
        let found = diagnostics("header-missing", &text);
        assert!(found[0].message.contains("`======`"));
        assert_eq!(fixed(&linter(), &text), VALID);
        let text = VALID.replace("\n------\n", "\n");
        assert_eq!(diagnostics("header-missing", &text).len(), 1);
        assert_eq!(fixed(&linter(), &text), VALID);
    }

    #[test]
    fn a_missing_epoch_and_header_are_both_inserted_in_order() {
        // Both fixes insert after the front matter; they clash, so the second comes in a
        // second round, after the first.
        let text = VALID
            .replace("<!--1719993633000-->\n", "")
            .replace(HEADER, "");
        assert_eq!(fixed(&linter(), &text), VALID);
    }

    #[test]
    fn passes_a_header() {
        assert!(diagnostics("header-missing", VALID).is_empty());
        let text = VALID.replace("\n------\n", "\n---\n");
        assert!(diagnostics("header-missing", &text).is_empty());
    }
}
