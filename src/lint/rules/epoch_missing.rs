use crate::diagnostics::{Fix, Level};
use crate::lint::context::Context;
use crate::lint::edits::insert_line_after;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a post with no `<!--NNNNNNNNNNNNN-->` epoch-milliseconds comment as the first
    /// non-blank line after the front matter.
    ///
    /// ## Why is this bad?
    /// The archive's tools sort and deduplicate posts by the epoch comment; without it
    /// they fall back to parsing `date`, which may lack an offset.
    ///
    /// ## Example
    /// ```text
    /// ---
    /// date: 2022-03-23T21:36:24.000Z
    /// ---
    /// [Title](https://www.zaobao.com/…)
    /// ```
    ///
    /// ## Fix
    /// Inserts the comment computed from a valid `date` after the front matter:
    /// `<!--1648071384000-->`.
    pub(crate) struct EpochMissing
}

static META: RuleMeta = RuleMeta {
    name: "epoch-missing",
    default_level: Level::Warning,
    summary: "Flags a post with no `<!--NNNNNNNNNNNNN-->` epoch-milliseconds comment as the first \
              non-blank line after the front matter.",
    fix: FixAvailability::Safe,
    docs: EpochMissing::DOCS,
};

impl Rule for EpochMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        if ctx.unclosed() || ctx.epoch_range().is_some() {
            return;
        }
        let after = ctx
            .front_matter_range()
            .map_or(0, |r| ctx.next_line_start(r.end));
        let fix = ctx
            .date()
            .zip(ctx.front_matter_range())
            .map(|(date, block)| {
                let millis = Context::date_millis(date);
                Fix::safe(
                    "insert the epoch comment computed from `date`",
                    insert_line_after(ctx, block.end, &format!("<!--{millis}-->")),
                )
            });
        found.push(
            Finding::new(
                ctx.line_at(after.min(ctx.text.len())),
                "no `<!--epoch-ms-->` comment after the front matter",
            )
            .fix(fix),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    const WITHOUT: &str = "<!--1719993633000-->\n";

    #[test]
    fn flags_a_missing_comment_and_fixes_it_from_the_date() {
        let text = VALID.replace(WITHOUT, "");
        let found = diagnostics("epoch-missing", &text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line(), 11);
        assert_eq!(fixed(&linter(), &text), VALID);
        // A blank line where the comment was.
        let text = VALID.replace(WITHOUT, "\n");
        assert_eq!(
            fixed(&linter(), &text),
            VALID.replace(WITHOUT, "<!--1719993633000-->\n\n")
        );
    }

    #[test]
    fn has_no_fix_without_a_valid_date() {
        let text = VALID
            .replace(WITHOUT, "")
            .replace("2024-07-03T08:00:33.000Z", "2024-02-30");
        let found = diagnostics("epoch-missing", &text);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn passes_a_post_with_a_comment_even_a_malformed_one() {
        assert!(diagnostics("epoch-missing", VALID).is_empty());
        let text = VALID.replace("1719993633000", "NaN");
        assert!(diagnostics("epoch-missing", &text).is_empty());
    }
}
