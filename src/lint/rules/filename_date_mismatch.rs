use chrono::NaiveDate;

use crate::diagnostics::Level;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a Jekyll post file name `YYYY-MM-DD-slug.md` whose day differs from the
    /// `date` field's own calendar day, as written (its offset is not applied).
    ///
    /// ## Why is this bad?
    /// Jekyll takes the URL and sort order from one and the displayed date from the
    /// other, so the post shows up under the wrong day; it also means one of them was
    /// written from another source (crawl day, UTC day, swapped month and day).
    ///
    /// ## Example
    /// `2020-01-02-ql2.md` holding
    /// ```yaml
    /// date: 2020-02-01 09:00:00 +0800
    /// ```
    ///
    /// ## Fix
    /// None: renaming a file is no text edit, and which side is right is not known.
    pub(crate) struct FilenameDateMismatch
}

static META: RuleMeta = RuleMeta {
    name: "filename-date-mismatch",
    default_level: Level::Warning,
    summary:
        "Flags a Jekyll post file name `YYYY-MM-DD-slug.md` whose day differs from the `date` \
              field's own calendar day, as written (its offset is not applied).",
    fix: FixAvailability::None,
    docs: FilenameDateMismatch::DOCS,
};

/// The date at the start of a Jekyll post file name (`YYYY-MM-DD-…`), if it is one.
fn filename_date(name: &str) -> Option<NaiveDate> {
    let mut parts = name.splitn(4, '-');
    let year = parts.next()?;
    let month = parts.next()?;
    let day = parts.next()?;
    let rest = parts.next()?;
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(year, 4, 4) && digits(month, 1, 2) && digits(day, 1, 2)) || rest.is_empty() {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

impl Rule for FilenameDateMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        let Some(date) = ctx.date() else {
            return;
        };
        let Some(name) = ctx.path.file_name().and_then(|n| n.to_str()) else {
            return;
        };
        let Some(named) = filename_date(name) else {
            return;
        };
        if named == date.date() {
            return;
        }
        let range = ctx.date_range();
        found.push(
            Finding::new(
                range,
                format!(
                    "the file name says {named}, but `date` {} is on {}",
                    date.text(),
                    date.date()
                ),
            )
            .help(format!(
                "rename the file to start with `{}-`, or correct `date`",
                date.date()
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::filename_date;
    use crate::lint::test_support::*;

    #[test]
    fn flags_a_file_name_of_another_day() {
        let found = diagnostics_at("filename-date-mismatch", "_posts/2024-03-07-x.md", VALID);
        assert_eq!(found.len(), 1);
        assert_eq!(at(VALID, &found[0]), "2024-07-03T08:00:33.000Z");
    }

    #[test]
    fn compares_the_day_as_written_not_in_utc() {
        // 00:30 at +08:00 is the previous day in UTC; the file name uses the written day.
        let text = VALID.replace("2024-07-03T08:00:33.000Z", "2024-07-03 00:30:33 +0800");
        assert!(diagnostics_at("filename-date-mismatch", "2024-07-03-x.md", &text).is_empty());
        assert_eq!(
            diagnostics_at("filename-date-mismatch", "2024-07-02-x.md", &text).len(),
            1
        );
    }

    #[test]
    fn passes_matching_and_non_jekyll_names() {
        assert!(diagnostics("filename-date-mismatch", VALID).is_empty());
        assert!(diagnostics_at("filename-date-mismatch", "about.md", VALID).is_empty());
        assert_eq!(
            filename_date("2024-7-3-x.md"),
            chrono::NaiveDate::from_ymd_opt(2024, 7, 3)
        );
        assert_eq!(filename_date("2021-02-29-x.md"), None);
        assert_eq!(filename_date("2024-07-03.md"), None);
    }
}
