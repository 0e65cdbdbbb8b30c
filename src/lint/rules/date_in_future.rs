use crate::diagnostics::Level;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a `date` later than "now". Now is the clock, or the `now` of the
    /// configuration (`--now 2026-01-01T00:00:00Z`) for reproducible runs. A date without
    /// offset is read as UTC.
    ///
    /// ## Why is this bad?
    /// Jekyll does not publish future posts (unless `--future`), and an archive of
    /// news cannot hold tomorrow's: the year was mistyped or a placeholder.
    ///
    /// ## Example
    /// ```yaml
    /// date: 2042-05-19T08:00:00Z   # meant 2024
    /// ```
    ///
    /// ## Fix
    /// None: the right date is not known.
    pub(crate) struct DateInFuture
}

static META: RuleMeta = RuleMeta {
    name: "date-in-future",
    default_level: Level::Warning,
    summary: "Flags a `date` later than \"now\". Now is the clock, or the `now` of the \
              configuration (`--now 2026-01-01T00:00:00Z`) for reproducible runs. A date without \
              offset is read as UTC.",
    fix: FixAvailability::None,
    docs: DateInFuture::DOCS,
};

impl Rule for DateInFuture {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        let Some(date) = ctx.date() else {
            return;
        };
        if date.instant() <= ctx.now {
            return;
        }
        let range = ctx.date_range();
        found.push(Finding::new(
            range,
            format!(
                "`date` {} is in the future (now is {})",
                date.text(),
                ctx.now.format("%Y-%m-%dT%H:%M:%SZ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn flags_a_date_after_now() {
        let text = VALID.replace("2024-07-03T08:00:33.000Z", "2042-05-19T08:00:33.000Z");
        let found = diagnostics_at("date-in-future", "2042-05-19-x.md", &text);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("now is 2026-01-01T00:00:00Z"));
    }

    #[test]
    fn passes_a_past_date_and_respects_the_configured_now() {
        assert!(diagnostics("date-in-future", VALID).is_empty());
        let mut config = config();
        config.now = crate::lint::config::parse_now("2024-07-03T08:00:32Z").ok();
        let found = crate::lint::linter::Linter::new(config).check(PATH, VALID);
        assert!(found.iter().any(|d| d.rule == "date-in-future"));
    }

    /// Without front matter, the `日期：` line under the header is the date the date
    /// rules check, and findings point at it.
    #[test]
    fn checks_the_date_line_of_a_post_without_front_matter() {
        let text =
            "[T](https://e.com/a)\n------\n日期：Mon, 19 May 2042 08:00:33 +0000\n\n<p>x</p>\n";
        let found = diagnostics_at("date-in-future", "399577_x.md", text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.line, 3);
        assert_eq!(at(text, &found[0]), "日期：Mon, 19 May 2042 08:00:33 +0000");
        let past = text.replace("Mon, 19 May 2042", "Sat, 13 Jun 2020");
        assert!(diagnostics_at("date-in-future", "399577_x.md", &past).is_empty());
    }
}
