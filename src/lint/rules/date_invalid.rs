use crate::diagnostics::Level;
use crate::error::ErrorKind;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a `date` that is not a date/time in a form Jekyll accepts (`YYYY-MM-DD`,
    /// `YYYY-MM-DD HH:MM[:SS[.fff]] [±HH:MM|±HHMM|Z]`, RFC 3339) or that is not a real
    /// calendar date or time (`2021-02-29`, `25:00`).
    ///
    /// ## Why is this bad?
    /// Jekyll fails the build on a date it cannot read, and a day that does not exist
    /// was rolled over or mistyped somewhere: the post's true date is unknown.
    ///
    /// ## Example
    /// ```yaml
    /// date: 2024-02-30 09:15:00 +0800
    /// date: 2024年4月8日 14:30
    /// ```
    ///
    /// ## Fix
    /// None: the epoch comment may tell the instant, but not in which form and offset
    /// the date was meant.
    pub(crate) struct DateInvalid
}

static META: RuleMeta = RuleMeta {
    name: "date-invalid",
    default_level: Level::Error,
    summary: "Flags a `date` that is not a date/time in a form Jekyll accepts (`YYYY-MM-DD`, \
              `YYYY-MM-DD HH:MM[:SS[.fff]] [±HH:MM|±HHMM|Z]`, RFC 3339) or that is not a real \
              calendar date or time (`2021-02-29`, `25:00`).",
    fix: FixAvailability::None,
    docs: DateInvalid::DOCS,
};

impl Rule for DateInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        // An empty date is a missing one (field-missing).
        if ctx.date_is_blank() {
            return;
        }
        for error in ctx.errors() {
            if let ErrorKind::DateInvalid(e) = error.kind() {
                found.push(
                    Finding::new(error.span().range(), format!("`date` {e}")).help(
                        "write it like `2024-07-03T16:00:33+08:00` or `2024-07-03 16:00:33 +0800`",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn flags_impossible_and_unreadable_dates() {
        for bad in [
            "2021-02-29",
            "2024-02-30 09:15:00 +0800",
            "Invalid Date",
            "2024年4月8日 14:30",
            "2024-07-03 25:00:00Z",
        ] {
            let text = VALID.replace("2024-07-03T08:00:33.000Z", bad);
            let found = diagnostics("date-invalid", &text);
            assert_eq!(found.len(), 1, "{bad}");
            assert_eq!(at(&text, &found[0]), bad);
            // Nothing that needs a valid date is reported.
            let rules: Vec<&str> = linter().check(PATH, &text).iter().map(|d| d.rule).collect();
            assert!(
                !rules.contains(&"epoch-mismatch") && !rules.contains(&"field-missing"),
                "{bad}: {rules:?}"
            );
        }
    }

    #[test]
    fn passes_every_jekyll_form() {
        for good in [
            "2024-07-03",
            "2024-07-03 16:00",
            "2024-07-03 16:00:33 +0800",
            "2024-07-03 16:00:33 +08:00",
            "2024-07-03T16:00:33+08:00",
            "2024-07-03T08:00:33.512Z",
            "\"2024-07-03T08:00:33Z\"",
        ] {
            let text = VALID.replace("2024-07-03T08:00:33.000Z", good);
            assert!(diagnostics("date-invalid", &text).is_empty(), "{good}");
        }
    }
}
