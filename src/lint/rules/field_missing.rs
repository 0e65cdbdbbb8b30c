use crate::diagnostics::Level;
use crate::error::ErrorKind;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a post whose `title`, `date` or `from` is absent or empty.
    ///
    /// ## Why is this bad?
    /// Without a title the post has no heading or link text; without a date Jekyll
    /// takes the file name's day and the archive loses the time; without `from` the
    /// post cannot be traced to its source.
    ///
    /// ## Example
    /// ```yaml
    /// title: ""
    /// date: 2022-06-06T09:12:00Z
    /// ```
    ///
    /// ## Fix
    /// None: the header link may hold a title or URL, but which one is right is not
    /// known.
    pub(crate) struct FieldMissing
}

static META: RuleMeta = RuleMeta {
    name: "field-missing",
    default_level: Level::Error,
    summary: "Flags a post whose `title`, `date` or `from` is absent or empty.",
    fix: FixAvailability::None,
    docs: FieldMissing::DOCS,
};

const REQUIRED: [&str; 3] = ["title", "date", "from"];

impl Rule for FieldMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        let Some(fm) = ctx.front_matter() else {
            return;
        };
        for key in REQUIRED {
            let wrong_type =
                ctx.has_error(|k| matches!(k, ErrorKind::FieldType { field, .. } if field == key));
            let missing = match key {
                "title" => ctx.field(fm.title.as_ref()).is_none() && !wrong_type,
                "from" => ctx.field(fm.from.as_ref()).is_none() && !wrong_type,
                // An invalid date (kept as written) or a wrongly typed one (kept in
                // `extra`) is reported elsewhere.
                _ => {
                    fm.date.is_none()
                        && ((fm.invalid_date.is_none() && !fm.extra.contains_key("date"))
                            || ctx.date_is_blank())
                }
            };
            if !missing {
                continue;
            }
            let (range, message) = match ctx.entry_range(key) {
                Some(range) => (range, format!("`{key}` is empty")),
                None => (ctx.front_matter_opening(), format!("`{key}` is missing")),
            };
            found.push(Finding::new(range, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn flags_absent_and_empty_fields() {
        let text = VALID
            .replace("title: \"习近平：中国支持哈萨克斯坦\"", "title: \"\"")
            .replace("date: 2024-07-03T08:00:33.000Z\n", "")
            .replace(
                "from: https://www.zaobao.com/realtime/china/story20240703-4032055",
                "from:",
            );
        let found = diagnostics("field-missing", &text);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["`date` is missing", "`title` is empty", "`from` is empty"]
        );
        assert_eq!(at(&text, &found[1]), "title: \"\"");
        // An empty title is not compared with the header.
        assert!(diagnostics("title-mismatch", &text).is_empty());
    }

    #[test]
    fn an_empty_date_is_missing_not_invalid() {
        let text = VALID.replace("2024-07-03T08:00:33.000Z", "\"\"");
        assert_eq!(diagnostics("field-missing", &text).len(), 1);
        assert!(diagnostics("date-invalid", &text).is_empty());
    }

    #[test]
    fn passes_present_fields_and_leaves_bad_ones_to_other_rules() {
        assert!(diagnostics("field-missing", VALID).is_empty());
        let text = VALID.replace("2024-07-03T08:00:33.000Z", "2024-02-30");
        assert!(diagnostics("field-missing", &text).is_empty());
        let text = VALID.replace("title: \"习近平：中国支持哈萨克斯坦\"", "title: [a, b]");
        assert!(diagnostics("field-missing", &text).is_empty());
    }
}
