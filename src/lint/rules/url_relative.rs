use crate::diagnostics::Level;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};
use crate::lint::urls::UrlClass;

declare_rule! {
    /// ## What it does
    /// Notes an image source or body link that is relative (`/realtime/x`) or
    /// scheme-relative (`//host/x.jpg`). Outputs resolve it against `from`.
    ///
    /// ## Why is this bad?
    /// Out of the source site the URL means nothing by itself: the archive's own pages
    /// would resolve it against the archive, not the source. newspost's outputs
    /// resolve it against `from`, so this is information, not a defect.
    ///
    /// ## Example
    /// ```html
    /// <img src="//static.zaobao.com.sg/a.jpg">
    /// <a href="/realtime/world/story20210508-7245991">related</a>
    /// ```
    ///
    /// ## Fix
    /// None: the converters resolve it; rewriting the archive is a choice.
    pub(crate) struct UrlRelative
}

static META: RuleMeta = RuleMeta {
    name: "url-relative",
    default_level: Level::Info,
    summary: "Notes an image source or body link that is relative (`/realtime/x`) or \
              scheme-relative (`//host/x.jpg`). Outputs resolve it against `from`.",
    fix: FixAvailability::None,
    docs: UrlRelative::DOCS,
};

impl Rule for UrlRelative {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        // Parsed only when a relative URL needs resolving.
        let mut base = None;
        for url in ctx.urls() {
            if let UrlClass::Relative { scheme_relative } = &url.class {
                let kind = if *scheme_relative {
                    "scheme-relative"
                } else {
                    "relative"
                };
                let resolved = base
                    .get_or_insert_with(|| ctx.front_matter().and_then(|fm| fm.from_url()))
                    .as_ref()
                    .and_then(|b| b.join(url.value).ok())
                    .map(|u| format!("; it resolves to {u}"))
                    .unwrap_or_default();
                found.push(Finding::new(
                    url.range.clone(),
                    format!(
                        "{} `{}` is {kind}{resolved}",
                        url.place.describe(),
                        url.value
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::UrlRelative;
    use crate::lint::test_support::*;
    use crate::parse::UrlRef;

    fn body_url(value: &str) -> Vec<crate::lint::rule::Finding> {
        check_parsed(&UrlRelative, VALID, |parsed| {
            parsed.urls = vec![UrlRef {
                element: "img".into(),
                attribute: "data-src".into(),
                value: value.into(),
                span: crate::span::Span::default(),
                value_span: crate::span::Span::default(),
            }];
        })
    }

    #[test]
    fn notes_relative_and_scheme_relative_body_urls() {
        let found = body_url("//static.zaobao.com.sg/a.jpg");
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .message
            .contains("scheme-relative; it resolves to https://static.zaobao.com.sg/a.jpg"));
        let found = body_url("/realtime/world/x");
        assert!(found[0]
            .message
            .contains("resolves to https://www.zaobao.com/realtime/world/x"));
    }

    #[test]
    fn passes_absolute_urls_and_leaves_from_to_url_invalid() {
        assert!(body_url("https://static.zaobao.com.sg/a.jpg").is_empty());
        let text = VALID.replace("from: https://", "from: //");
        assert!(diagnostics("url-relative", &text).is_empty());
        assert!(diagnostics("url-relative", VALID).is_empty());
    }
}
