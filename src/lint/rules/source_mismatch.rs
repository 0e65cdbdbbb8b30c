use crate::diagnostics::Level;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};
use crate::url_identity::same_url;

declare_rule! {
    /// ## What it does
    /// Flags a header link whose URL differs from `from`. The two are compared as URLs:
    /// parsed and serialised the WHATWG way with percent-encoding normalised, so a header
    /// that links the percent-encoded spelling of `from` (`%E4%B8%AD` for `中`, `%20` for a
    /// space, lower-case escapes) is the same URL.
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
    pub(crate) struct SourceMismatch
}

static META: RuleMeta = RuleMeta {
    name: "source-mismatch",
    default_level: Level::Warning,
    summary: "Flags a header link whose URL differs from `from`. The two are compared as URLs: \
              parsed and serialised the WHATWG way with percent-encoding normalised, so a header \
              that links the percent-encoded spelling of `from` (`%E4%B8%AD` for `中`, `%20` for a \
              space, lower-case escapes) is the same URL.",
    fix: FixAvailability::None,
    docs: SourceMismatch::DOCS,
};

impl Rule for SourceMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        let Some(from) = ctx
            .front_matter()
            .and_then(|fm| ctx.field(fm.from.as_ref()))
        else {
            return;
        };
        let Some(header) = &ctx.parsed.post.header else {
            return;
        };
        if same_url(&header.url, from) {
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

    /// A real pair (`../shared/corpus/real/waimei`): `from` raw, the header encoded.
    #[test]
    fn passes_the_percent_encoded_spelling_of_from() {
        let from = "https://www.dw.com/zh/在伊拉克被绑架的德国人获释  /a-54305411";
        let header = "https://www.dw.com/zh/%E5%9C%A8%E4%BC%8A%E6%8B%89%E5%85%8B%E8%A2%AB%E7%BB%91%E6%9E%B6%E7%9A%84%E5%BE%B7%E5%9B%BD%E4%BA%BA%E8%8E%B7%E9%87%8A%20%20/a-54305411";
        let text = VALID
            .replace(
                "from: https://www.zaobao.com/realtime/china/story20240703-4032055",
                &format!("from: \"{from}\""),
            )
            .replace(
                "](https://www.zaobao.com/realtime/china/story20240703-4032055)",
                &format!("]({header})"),
            );
        assert!(diagnostics("source-mismatch", &text).is_empty());
        // Another story of the same outlet is still flagged.
        let other = text.replace("a-54305411)", "a-54305412)");
        assert_eq!(diagnostics("source-mismatch", &other).len(), 1);
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
