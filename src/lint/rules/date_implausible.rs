use chrono::{DateTime, Utc};

use crate::diagnostics::Level;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a `date` earlier than 1990-01-01 (read as UTC without an offset).
    ///
    /// ## Why is this bad?
    /// Online news archives do not reach that far back: such a date is a zero
    /// timestamp (1970-01-01), the date of the event reported instead of the
    /// publication, or a typo.
    ///
    /// ## Example
    /// ```yaml
    /// date: 1970-01-01T00:00:00.000Z
    /// ```
    ///
    /// ## Fix
    /// None: the right date is not known.
    pub(crate) struct DateImplausible
}

static META: RuleMeta = RuleMeta {
    name: "date-implausible",
    default_level: Level::Warning,
    summary: "Flags a `date` earlier than 1990-01-01 (read as UTC without an offset).",
    fix: FixAvailability::None,
    docs: DateImplausible::DOCS,
};

/// 1990-01-01T00:00:00Z.
const EARLIEST_MILLIS: i64 = 631_152_000_000;

impl Rule for DateImplausible {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        let Some(date) = ctx.date() else {
            return;
        };
        if Context::date_millis(date) >= EARLIEST_MILLIS {
            return;
        }
        let range = ctx.date_range();
        let zero = DateTime::<Utc>::UNIX_EPOCH;
        let message = if date.instant() == zero {
            format!(
                "`date` {} is the zero timestamp, not a publication date",
                date.text()
            )
        } else {
            format!(
                "`date` {} is before 1990-01-01, implausible for a news post",
                date.text()
            )
        };
        found.push(Finding::new(range, message));
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn flags_dates_before_1990() {
        let text = VALID
            .replace("2024-07-03T08:00:33.000Z", "1970-01-01T00:00:00.000Z")
            .replace("1719993633000", "0");
        let found = diagnostics_at("date-implausible", "1970-01-01-x.md", &text);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("zero timestamp"));
        let text = VALID.replace("2024-07-03T08:00:33.000Z", "1989-12-31T23:59:59Z");
        assert_eq!(diagnostics("date-implausible", &text).len(), 1);
    }

    #[test]
    fn passes_1990_and_later() {
        assert!(diagnostics("date-implausible", VALID).is_empty());
        let text = VALID.replace("2024-07-03T08:00:33.000Z", "1990-01-01T00:00:00Z");
        assert!(diagnostics("date-implausible", &text).is_empty());
    }
}
