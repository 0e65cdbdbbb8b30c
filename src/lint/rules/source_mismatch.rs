use crate::lint::context::Context;
use crate::lint::{declare_rule, Check, Finding};

declare_rule! {
    /// ## What it does
    /// Flags a header link whose URL differs from `from` (compared as exact strings).
    ///
    /// ## Why is this bad?
    /// Readers follow the header link, tools use `from`: one of them points at another
    /// story, another host, or carries tracking parameters.
    ///
    /// ## Example
    /// ```text
    /// from: https://www.voachinese.com/a/8237280.html
    /// ---
    /// [标题](https://www.voachinese.com/a/8237279.html)
    /// ```
    ///
    /// ## Fix
    /// None: which of the two URLs is right is not known.
    pub(crate) struct SourceMismatch => "source-mismatch", Warning
}

impl Check for SourceMismatch {
    fn check(&self, ctx: &Context<'_>, found: &mut Vec<Finding>) {
        let Some(from) = ctx
            .front_matter()
            .and_then(|fm| ctx.field(fm.from.as_ref()))
        else {
            return;
        };
        let Some(header) = &ctx.parsed.post.header else {
            return;
        };
        if header.url == from {
            return;
        }
        let Some(ranges) = ctx.header_ranges() else {
            return;
        };
        found.push(
            Finding::new(
                ranges.url,
                format!("the header links `{}` but `from` is `{from}`", header.url),
            )
            .help("link the header to the `from` URL, or correct `from`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn flags_a_header_linking_elsewhere() {
        let text = VALID.replace(
            "](https://www.zaobao.com/realtime/china/story20240703-4032055)",
            "](http://www.zaobao.com/realtime/china/story20240703-4032055)",
        );
        let found = diagnostics("source-mismatch", &text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            at(&text, &found[0]),
            "http://www.zaobao.com/realtime/china/story20240703-4032055"
        );
    }

    #[test]
    fn passes_the_same_url_and_posts_without_from() {
        assert!(diagnostics("source-mismatch", VALID).is_empty());
        let text = VALID.replace(
            "from: https://www.zaobao.com/realtime/china/story20240703-4032055\n",
            "",
        );
        assert!(diagnostics("source-mismatch", &text).is_empty());
    }
}
