use crate::diagnostics::{Edit, Fix, Level};
use crate::lint::context::{collapse_whitespace, Context};
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a header link whose text differs from the front-matter `title` (after
    /// collapsing whitespace).
    ///
    /// ## Why is this bad?
    /// The archive shows one title in lists and another on the page: one of them is a
    /// stale headline, a truncation, or a conversion (traditional/simplified).
    ///
    /// ## Example
    /// ```text
    /// title: "哈萨克斯坦总统：欢迎新加坡投资"
    /// ---
    /// [哈萨克斯坦总统：欢迎…](https://…)
    /// ```
    ///
    /// ## Fix
    /// The front matter is authoritative: the header text is replaced with `title`.
    /// Except when an unquoted `title` was cut at ` #` (YAML read the rest as a comment)
    /// and the header holds the whole line: then `title` is quoted instead.
    pub(crate) struct TitleMismatch
}

static META: RuleMeta = RuleMeta {
    name: "title-mismatch",
    default_level: Level::Warning,
    summary: "Flags a header link whose text differs from the front-matter `title` (after \
              collapsing whitespace).",
    fix: FixAvailability::Safe,
    docs: TitleMismatch::DOCS,
};

impl Rule for TitleMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        let Some(title) = ctx
            .front_matter()
            .and_then(|fm| ctx.field(fm.title.as_ref()))
        else {
            return;
        };
        let Some(header) = &ctx.parsed.post.header else {
            return;
        };
        // Equal up to white space (the common case): nothing to build.
        if title == header.title || title.split_whitespace().eq(header.title.split_whitespace()) {
            return;
        }
        let Some(ranges) = ctx.header_ranges() else {
            return;
        };
        let title = collapse_whitespace(title);
        let shown = collapse_whitespace(&header.title);
        let fix = match cut_by_comment(ctx, &shown) {
            Some(value) => Fix::safe(
                "quote `title`: YAML read the text after ` #` as a comment",
                Edit::replacement(value, yaml_double_quoted(&shown)),
            ),
            None => Fix::safe(
                "replace the header text with `title`",
                Edit::replacement(ranges.title.clone(), title.clone()),
            ),
        };
        found.push(
            Finding::new(
                ranges.title,
                format!("the header says \"{shown}\" but `title` is \"{title}\""),
            )
            .fix(Some(fix)),
        );
    }
}

/// The range of an unquoted `title` value that YAML cut at ` #`, when the whole line
/// equals the header text.
fn cut_by_comment(ctx: &Context<'_>, shown: &str) -> Option<std::ops::Range<usize>> {
    let (range, quoted) = ctx.value_range("title")?;
    let raw = ctx.text.get(range.clone())?;
    (!quoted && raw.contains(" #") && collapse_whitespace(raw) == shown).then_some(range)
}

fn yaml_double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn flags_a_different_header_and_fixes_it_from_the_title() {
        let text = VALID.replace("[习近平：中国支持哈萨克斯坦]", "[习近平：中国支持…]");
        let found = diagnostics("title-mismatch", &text);
        assert_eq!(found.len(), 1);
        assert_eq!(at(&text, &found[0]), "习近平：中国支持…");
        assert_eq!(fixed(&linter(), &text), VALID);
    }

    #[test]
    fn a_title_cut_by_a_yaml_comment_is_quoted_instead() {
        let text = VALID
            .replace(
                "title: \"习近平：中国支持哈萨克斯坦\"",
                "title: 习近平 #中国",
            )
            .replace("[习近平：中国支持哈萨克斯坦]", "[习近平 #中国]");
        let found = diagnostics("title-mismatch", &text);
        assert_eq!(found.len(), 1);
        let after = fixed(&linter(), &text);
        assert!(after.contains("title: \"习近平 #中国\"\n"), "{after}");
        assert!(after.contains("[习近平 #中国]"));
    }

    #[test]
    fn passes_equal_titles_up_to_whitespace() {
        assert!(diagnostics("title-mismatch", VALID).is_empty());
        let text = VALID.replace(
            "[习近平：中国支持哈萨克斯坦]",
            "[习近平：中国支持哈萨克斯坦 ]",
        );
        assert!(diagnostics("title-mismatch", &text).is_empty());
    }
}
