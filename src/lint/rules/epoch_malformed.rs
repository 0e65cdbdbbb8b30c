use crate::diagnostics::{Applicability, Edit, Fix, Level};
use crate::error::ErrorKind;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};
use crate::lint::trust::Trust;

declare_rule! {
    /// ## What it does
    /// Flags an epoch comment that is not a plain integer of milliseconds: `<!--NaN-->`,
    /// thousands separators, a letter among the digits, a decimal point.
    ///
    /// ## Why is this bad?
    /// Tools that read the comment as an integer fail or read a wrong instant.
    ///
    /// ## Example
    /// ```text
    /// <!--1,591,265,381,000-->
    /// <!--1637873021000.0-->
    /// ```
    ///
    /// ## Fix
    /// Only with `--trust date`: rewrite the comment from a valid `date`.
    pub(crate) struct EpochMalformed
}

static META: RuleMeta = RuleMeta {
    name: "epoch-malformed",
    default_level: Level::Error,
    summary: "Flags an epoch comment that is not a plain integer of milliseconds: `<!--NaN-->`, \
              thousands separators, a letter among the digits, a decimal point.",
    fix: FixAvailability::Chosen,
    docs: EpochMalformed::DOCS,
};

impl Rule for EpochMalformed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        for error in ctx.errors() {
            if let ErrorKind::EpochMalformed { text } = error.kind() {
                let range = error.span().range();
                let fix = match (ctx.trust, ctx.date()) {
                    (Some(Trust::Date), Some(date)) => Some(Fix {
                        message: "rewrite the epoch comment from `date`".into(),
                        edits: vec![Edit::replacement(
                            range.clone(),
                            format!("<!--{}-->", Context::date_millis(date)),
                        )],
                        applicability: Applicability::Chosen,
                    }),
                    _ => None,
                };
                found.push(
                    Finding::new(range, format!("epoch comment `{text}` is not a plain integer of milliseconds"))
                        .help("write the milliseconds since 1970-01-01T00:00:00Z as ASCII digits only; `--fix --trust date` rewrites it from `date`")
                        .fix(fix),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;
    use crate::lint::trust::Trust;

    #[test]
    fn flags_comments_that_are_not_integers() {
        for bad in [
            "NaN",
            "1,719,993,633,000",
            "1719993633000.0",
            "17199936330O0",
        ] {
            let text = VALID.replace("1719993633000", bad);
            let found = diagnostics("epoch-malformed", &text);
            assert_eq!(found.len(), 1, "{bad}");
            assert_eq!(at(&text, &found[0]), format!("<!--{bad}-->"));
            assert!(found[0].fix.is_none());
            assert!(diagnostics("epoch-mismatch", &text).is_empty());
        }
    }

    #[test]
    fn is_fixed_from_the_date_only_when_the_date_is_trusted() {
        let text = VALID.replace("1719993633000", "NaN");
        assert_eq!(fixed(&linter(), &text), text);
        assert_eq!(fixed(&trusting(Trust::Date), &text), VALID);
    }

    #[test]
    fn passes_plain_integers() {
        assert!(diagnostics("epoch-malformed", VALID).is_empty());
        let text = VALID.replace("1719993633000", "0");
        assert!(diagnostics("epoch-malformed", &text).is_empty());
    }
}
