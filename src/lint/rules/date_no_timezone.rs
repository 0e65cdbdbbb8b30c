use crate::diagnostics::Level;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};
use crate::lint::time_text::format_offset;

declare_rule! {
    /// ## What it does
    /// Flags a `date` with a time of day but no UTC offset.
    ///
    /// ## Why is this bad?
    /// The instant is ambiguous: Jekyll reads it in the site's time zone, other tools
    /// in UTC, and the scraper may have written local time. newspost reads it as UTC.
    ///
    /// ## Example
    /// ```yaml
    /// date: 2021-10-16 08:30:00
    /// ```
    /// Use instead:
    /// ```yaml
    /// date: 2021-10-16 08:30:00 +0000
    /// ```
    ///
    /// ## Fix
    /// None: which offset was meant is not written anywhere. When the epoch comment
    /// differs by a whole offset, the help says which.
    pub(crate) struct DateNoTimezone
}

static META: RuleMeta = RuleMeta {
    name: "date-no-timezone",
    default_level: Level::Warning,
    summary: "Flags a `date` with a time of day but no UTC offset.",
    fix: FixAvailability::None,
    docs: DateNoTimezone::DOCS,
};

impl Rule for DateNoTimezone {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        let Some(date) = ctx.date() else {
            return;
        };
        if date.time().is_none() || date.offset().is_some() {
            return;
        }
        let range = ctx.date_range();
        let help = match ctx.parsed.post.epoch {
            Some(epoch) if epoch.millis / 1000 == Context::date_millis(date) / 1000 => {
                "it is read as UTC, which agrees with the epoch comment: add `Z`".to_owned()
            }
            Some(epoch) => {
                let offset = Context::date_millis(date) / 1000 - epoch.millis / 1000;
                if offset % 900 == 0 && offset.abs() <= 14 * 3600 {
                    format!(
                        "it is read as UTC; the epoch comment says it is local time at UTC{}",
                        format_offset(offset)
                    )
                } else {
                    "add the offset the time was written in (`Z` for UTC, `+08:00`, …); it is read as UTC".to_owned()
                }
            }
            None => "add the offset the time was written in (`Z` for UTC, `+08:00`, …); it is read as UTC".to_owned(),
        };
        found.push(
            Finding::new(
                range,
                format!(
                    "`date` {} has a time but no UTC offset, so its instant is ambiguous",
                    date.text()
                ),
            )
            .help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn flags_a_time_without_offset() {
        let text = VALID.replace("2024-07-03T08:00:33.000Z", "2024-07-03T08:00:33.000");
        let found = diagnostics("date-no-timezone", &text);
        assert_eq!(found.len(), 1);
        assert_eq!(at(&text, &found[0]), "2024-07-03T08:00:33.000");
        assert!(found[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("add `Z`")));
        // Read as UTC it equals the epoch: no mismatch.
        assert!(diagnostics("epoch-mismatch", &text).is_empty());
    }

    #[test]
    fn says_which_offset_the_epoch_implies() {
        let text = VALID.replace("2024-07-03T08:00:33.000Z", "2024-07-03 16:00:33");
        let found = diagnostics("date-no-timezone", &text);
        assert!(
            found[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("UTC+08:00")),
            "{:?}",
            found[0].help
        );
        assert_eq!(diagnostics("epoch-mismatch", &text).len(), 1);
    }

    #[test]
    fn passes_dates_with_offsets_and_dates_without_time() {
        assert!(diagnostics("date-no-timezone", VALID).is_empty());
        let text = VALID.replace("2024-07-03T08:00:33.000Z", "2024-07-03");
        assert!(diagnostics("date-no-timezone", &text).is_empty());
    }
}
