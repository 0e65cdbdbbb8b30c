use chrono::{DateTime, FixedOffset, Utc};

use crate::diagnostics::{Applicability, Edit, Fix, Level};
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};
use crate::lint::time_text::{duration, format_offset};
use crate::lint::trust::Trust;
use crate::model::{PostDate, Precision};

declare_rule! {
    /// ## What it does
    /// Flags an epoch comment whose milliseconds differ from the instant of `date`:
    /// to the millisecond when the date has a fraction of a second (`.000` counts),
    /// otherwise to the second. A date without offset is read as UTC. The message says
    /// by how much, and names the usual causes (a whole-hour difference is a time-zone
    /// slip; a value 1000 times too small is seconds).
    ///
    /// ## Why is this bad?
    /// One of the two is wrong, and tools that sort by one and show the other put the
    /// post at the wrong time.
    ///
    /// ## Example
    /// ```text
    /// date: 2023-03-19T08:00:00.000Z
    /// ---
    /// <!--1679241600000-->
    /// ```
    /// `epoch is 8 h 0 min ahead of date: a timezone slip?`
    ///
    /// ## Fix
    /// Only when told which side wins: `--trust date` rewrites the comment from `date`,
    /// `--trust epoch` rewrites `date` from the comment (in the date's offset).
    pub(crate) struct EpochMismatch
}

static META: RuleMeta = RuleMeta {
    name: "epoch-mismatch",
    default_level: Level::Error,
    summary: "Flags an epoch comment whose milliseconds differ from the instant of `date`: to the \
              millisecond when the date has a fraction of a second (`.000` counts), otherwise to \
              the second. A date without offset is read as UTC. The message says by how much, and \
              names the usual causes (a whole-hour difference is a time-zone slip; a value 1000 \
              times too small is seconds).",
    fix: FixAvailability::Chosen,
    docs: EpochMismatch::DOCS,
};

impl Rule for EpochMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        let (Some(date), Some(epoch)) = (ctx.date(), ctx.parsed.post.epoch) else {
            return;
        };
        let date_millis = Context::date_millis(date);
        let to_the_millisecond = matches!(date.precision(), Precision::Fraction(_));
        let agrees = if to_the_millisecond {
            epoch.millis == date_millis
        } else {
            epoch.millis.div_euclid(1000) == date_millis.div_euclid(1000)
        };
        if agrees {
            return;
        }
        let (message, help) = describe(date, epoch.millis, date_millis, to_the_millisecond);
        let fix = match ctx.trust {
            Some(Trust::Date) => Some(Fix {
                message: "rewrite the epoch comment from `date`".into(),
                edits: vec![Edit::replacement(
                    epoch.span.range(),
                    format!("<!--{date_millis}-->"),
                )],
                applicability: Applicability::Chosen,
            }),
            Some(Trust::Epoch) => ctx.value_range("date").and_then(|(range, _)| {
                let instant = DateTime::<Utc>::from_timestamp_millis(epoch.millis)?;
                let offset = date.offset().unwrap_or(FixedOffset::east_opt(0)?);
                let rewritten = PostDate::from_datetime(instant.with_timezone(&offset));
                Some(Fix {
                    message: "rewrite `date` from the epoch comment".into(),
                    edits: vec![Edit::replacement(range, rewritten.text())],
                    applicability: Applicability::Chosen,
                })
            }),
            None => None,
        };
        let mut finding = Finding::new(epoch.span.range(), message).fix(fix);
        if let Some(help) = help {
            finding = finding.help(help);
        }
        found.push(finding);
    }
}

fn describe(
    date: &PostDate,
    epoch: i64,
    date_millis: i64,
    to_the_millisecond: bool,
) -> (String, Option<String>) {
    let choose = "say which side is right with `--fix --trust date` or `--fix --trust epoch`";
    // Seconds written where milliseconds belong.
    if epoch
        .checked_mul(1000)
        .is_some_and(|ms| ms.div_euclid(1000) == date_millis.div_euclid(1000))
        && epoch.abs() < 100_000_000_000
    {
        return (
            format!(
                "epoch {epoch} looks like seconds, not milliseconds (`date` {} is {date_millis})",
                date.text()
            ),
            Some(format!(
                "write the epoch in milliseconds: `<!--{date_millis}-->`"
            )),
        );
    }
    let difference = if to_the_millisecond {
        epoch - date_millis
    } else {
        (epoch.div_euclid(1000) - date_millis.div_euclid(1000)) * 1000
    };
    let direction = if difference > 0 { "ahead of" } else { "behind" };
    let magnitude = difference.unsigned_abs();
    const QUARTER_HOUR: u64 = 15 * 60 * 1000;
    if magnitude % QUARTER_HOUR == 0 && magnitude <= 26 * 3600 * 1000 {
        let help = if date.offset().is_none() {
            // Read as UTC the date is off by the offset it was written in.
            let offset = -difference / 1000;
            format!(
                "`date` has no offset and is read as UTC; if it is local time at UTC{}, write that offset",
                format_offset(offset)
            )
        } else {
            choose.to_owned()
        };
        return (
            format!(
                "epoch is {} {direction} date: a timezone slip?",
                duration(magnitude)
            ),
            Some(help),
        );
    }
    let epoch_text = DateTime::<Utc>::from_timestamp_millis(epoch)
        .map(|d| format!(" ({})", d.format("%Y-%m-%dT%H:%M:%S%.3fZ")))
        .unwrap_or_default();
    (
        format!(
            "epoch {epoch}{epoch_text} is {} {direction} `date` {} ({date_millis})",
            duration(magnitude),
            date.text()
        ),
        Some(choose.to_owned()),
    )
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;
    use crate::lint::trust::Trust;

    #[test]
    fn flags_a_timezone_slip_and_says_so() {
        let text = VALID.replace("1719993633000", "1720022433000");
        let found = diagnostics("epoch-mismatch", &text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "epoch is 8 h 0 min ahead of date: a timezone slip?"
        );
        assert_eq!(at(&text, &found[0]), "<!--1720022433000-->");
        assert!(found[0].fix.is_none(), "never guess which side is right");
    }

    #[test]
    fn recognises_seconds_for_milliseconds() {
        let text = VALID.replace("1719993633000", "1719993633");
        let found = diagnostics("epoch-mismatch", &text);
        assert!(
            found[0]
                .message
                .contains("looks like seconds, not milliseconds"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn compares_to_the_millisecond_only_when_the_date_has_a_fraction() {
        // .000 counts as a fraction: 512 ms off is a mismatch.
        let text = VALID.replace("1719993633000", "1719993633512");
        let found = diagnostics("epoch-mismatch", &text);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("512 ms ahead"),
            "{}",
            found[0].message
        );
        // Without a fraction, to the second.
        let text = text.replace("2024-07-03T08:00:33.000Z", "2024-07-03T08:00:33Z");
        assert!(diagnostics("epoch-mismatch", &text).is_empty());
        let text = VALID.replace("2024-07-03T08:00:33.000Z", "2024-07-03T08:00:33.365Z");
        assert_eq!(diagnostics("epoch-mismatch", &text).len(), 1);
    }

    #[test]
    fn fixes_only_the_side_the_user_distrusts() {
        let text = VALID.replace("1719993633000", "1720022433000");
        assert_eq!(fixed(&trusting(Trust::Date), &text), VALID);
        let by_epoch = fixed(&trusting(Trust::Epoch), &text);
        assert!(
            by_epoch.contains("date: 2024-07-03T16:00:33.000Z\n"),
            "{by_epoch}"
        );
        assert!(by_epoch.contains("<!--1720022433000-->"));
        let text = VALID
            .replace("2024-07-03T08:00:33.000Z", "2024-07-03 16:00:33 +0800")
            .replace("1719993633000", "1719993634000");
        let by_epoch = fixed(&trusting(Trust::Epoch), &text);
        assert!(
            by_epoch.contains("date: 2024-07-03T16:00:34.000+08:00\n"),
            "{by_epoch}"
        );
    }

    #[test]
    fn passes_an_agreeing_epoch() {
        assert!(diagnostics("epoch-mismatch", VALID).is_empty());
        let text = VALID.replace("2024-07-03T08:00:33.000Z", "2024-07-03 16:00:33 +08:00");
        assert!(diagnostics("epoch-mismatch", &text).is_empty());
    }
}
