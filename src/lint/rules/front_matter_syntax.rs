use crate::diagnostics::Level;
use crate::error::ErrorKind;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags front matter that is not valid YAML (or not a mapping of keys to values),
    /// at the YAML error's line and column in the file.
    ///
    /// ## Why is this bad?
    /// Jekyll cannot read any field of the post: it fails the build or publishes the
    /// post without title and date.
    ///
    /// ## Example
    /// ```yaml
    /// title: Factbox: what we know about the fire
    /// ```
    /// A `: ` inside a plain value starts a mapping. Use instead:
    /// ```yaml
    /// title: "Factbox: what we know about the fire"
    /// ```
    ///
    /// ## Fix
    /// None: how the author meant the text is not known.
    pub(crate) struct FrontMatterSyntax
}

static META: RuleMeta = RuleMeta {
    name: "front-matter-syntax",
    default_level: Level::Error,
    summary: "Flags front matter that is not valid YAML (or not a mapping of keys to values), at \
              the YAML error's line and column in the file.",
    fix: FixAvailability::None,
    docs: FrontMatterSyntax::DOCS,
};

impl Rule for FrontMatterSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        for error in ctx.errors() {
            let help = match error.kind() {
                ErrorKind::FrontMatterSyntax { message } => syntax_help(
                    message,
                    ctx.text
                        .get(ctx.line_at(line_start(ctx, error.span().start)))
                        .unwrap_or_default(),
                ),
                ErrorKind::FrontMatterNotMapping => "the front matter must be `key: value` lines",
                ErrorKind::FrontMatterTooLarge { .. } | ErrorKind::FrontMatterTooDeep { .. } => {
                    "the front matter was not read; it is too large or too deeply nested for a post"
                }
                _ => continue,
            };
            // The parser's messages hold no YAML-relative positions.
            let message = error.kind().to_string();
            found.push(Finding::new(error.span().range(), message).help(help));
        }
    }
}

fn line_start(ctx: &Context<'_>, offset: usize) -> usize {
    ctx.text
        .get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// Advice for the usual scraper mistakes, judged from the YAML message and the line.
fn syntax_help(message: &str, line: &str) -> &'static str {
    let value = line.split_once(':').map_or("", |(_, v)| v.trim());
    if line.starts_with('\t')
        || (line.starts_with(' ') && line.trim_start_matches(' ').starts_with('\t'))
        || message.contains("tab")
    {
        "YAML forbids tabs in indentation: indent with spaces"
    } else if message.contains("mapping values are not allowed") {
        "the value holds `: `: put it in quotes"
    } else if value.starts_with('"') && value.matches('"').count() > 2 {
        "a double-quoted value holds a `\"`: escape it as `\\\"` or quote the value with `'`"
    } else if message.contains("flow sequence")
        || message.contains("flow mapping")
        // The next line's `key:` inside a `[` left open.
        || message.contains("illegal placement of ':'")
    {
        "a `[` or `{` is not closed on its line: close it, or quote the value"
    } else {
        "quote values that hold `: `, ` #`, or start with `[`, `{`, `&`, `*`, `!`, `|`, `>`, `%` or `@`"
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn flags_yaml_errors_at_their_file_position() {
        let text = VALID.replace(
            "title: \"习近平：中国支持哈萨克斯坦\"",
            "title: Factbox: what we know",
        );
        let found = diagnostics("front-matter-syntax", &text);
        assert_eq!(found.len(), 1);
        // The second `:` of line 3, in file coordinates.
        assert_eq!((found[0].line(), found[0].column()), (3, 15));
        assert!(
            found[0].message.contains("not valid YAML"),
            "{}",
            found[0].message
        );
        // No rule that needs a front-matter value runs.
        let rules: Vec<&str> = linter().check(PATH, &text).iter().map(|d| d.rule).collect();
        assert!(!rules.contains(&"field-missing") && !rules.contains(&"title-mismatch"));
    }

    #[test]
    fn the_help_names_the_usual_mistakes() {
        let cases = [
            ("excerpt: \"佐科称\"养老金\"不应\"", "escape it"),
            ("aliases:\n\t- a", "tabs"),
            ("excerpt: Factbox: what", "put it in quotes"),
        ];
        for (yaml, expected) in cases {
            let text = VALID.replace("comments: True", yaml);
            let found = diagnostics("front-matter-syntax", &text);
            assert_eq!(found.len(), 1, "{yaml}");
            let help = found[0].help.clone().unwrap_or_default();
            assert!(help.contains(expected), "{yaml}: {help}");
        }
    }

    #[test]
    fn flags_front_matter_that_is_not_a_mapping() {
        let text = "---\n- a\n- b\n---\n<div><p>x</p></div>\n";
        assert_eq!(diagnostics("front-matter-syntax", text).len(), 1);
    }

    #[test]
    fn positions_inside_yaml_messages_are_dropped() {
        let text = VALID.replace("tags: [ 联合早报 ]", "tags: [ 联合早报");
        let found = diagnostics("front-matter-syntax", &text);
        assert!(
            !found[0].message.contains("at line"),
            "{}",
            found[0].message
        );
        assert!(found[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("not closed")));
    }

    #[test]
    fn passes_a_valid_post() {
        assert!(diagnostics("front-matter-syntax", VALID).is_empty());
    }
}
