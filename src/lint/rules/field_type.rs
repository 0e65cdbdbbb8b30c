use crate::diagnostics::Level;
use crate::error::ErrorKind;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a known front-matter field whose value has the wrong type: `tags` or
    /// `categories` a mapping, `comments` not a boolean, `title` a list, `date` a list…
    ///
    /// ## Why is this bad?
    /// Jekyll and themes iterate `tags`, test `comments` as a boolean and print
    /// `title`; a value of another type breaks the page or silently changes it
    /// (`comments: "false"` is a non-empty string, so true).
    ///
    /// ## Example
    /// ```yaml
    /// comments: 1
    /// tags: {source: 联合早报}
    /// ```
    /// Use instead:
    /// ```yaml
    /// comments: true
    /// tags: [ 联合早报 ]
    /// ```
    ///
    /// ## Fix
    /// None: the intended value is not known.
    pub(crate) struct FieldType
}

static META: RuleMeta = RuleMeta {
    name: "field-type",
    default_level: Level::Error,
    summary: "Flags a known front-matter field whose value has the wrong type: `tags` or \
              `categories` a mapping, `comments` not a boolean, `title` a list, `date` a list…",
    fix: FixAvailability::None,
    docs: FieldType::DOCS,
};

impl Rule for FieldType {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        for error in ctx.errors() {
            if let ErrorKind::FieldType {
                field, expected, ..
            } = error.kind()
            {
                found.push(
                    Finding::new(error.span().range(), error.kind().to_string())
                        .help(format!("write `{field}` as {expected}")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn flags_wrong_types() {
        let text = VALID
            .replace("comments: True", "comments: \"True\"")
            .replace("tags: [ 联合早报 ]", "tags:\n  source: 联合早报");
        let found = diagnostics("field-type", &text);
        assert_eq!(found.len(), 2);
        assert_eq!(at(&text, &found[0]), "tags:\n  source: 联合早报");
        assert!(found[1].message.contains("`comments` should be a boolean"));
    }

    #[test]
    fn passes_right_types_and_a_single_string_as_a_list() {
        assert!(diagnostics("field-type", VALID).is_empty());
        let text = VALID.replace("tags: [ 联合早报 ]", "tags: 联合早报");
        assert!(diagnostics("field-type", &text).is_empty());
    }
}
