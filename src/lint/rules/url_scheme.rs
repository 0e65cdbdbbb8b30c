use crate::diagnostics::Level;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};
use crate::lint::urls::UrlClass;

declare_rule! {
    /// ## What it does
    /// Flags `from`, the header link, an image source or a body link that parses as a
    /// URL with a scheme other than http or https: `javascript:`, `mailto:`, `file:`, a
    /// typo like `htps:`. An image's `data:` placeholder is not flagged.
    ///
    /// ## Why is this bad?
    /// A `javascript:` link is a script injected into every reader; `file:` points into
    /// the scraper's disk; a typo'd scheme opens nothing.
    ///
    /// ## Example
    /// ```html
    /// <a href="javascript:alert(1)">more</a>
    /// <img src="file:///C:/Users/scraper/cache/a.jpg">
    /// ```
    ///
    /// ## Fix
    /// None: the intended URL is not known.
    pub(crate) struct UrlScheme
}

static META: RuleMeta = RuleMeta {
    name: "url-scheme",
    default_level: Level::Error,
    summary: "Flags `from`, the header link, an image source or a body link that parses as a URL \
              with a scheme other than http or https: `javascript:`, `mailto:`, `file:`, a typo \
              like `htps:`. An image's `data:` placeholder is not flagged.",
    fix: FixAvailability::None,
    docs: UrlScheme::DOCS,
};

impl Rule for UrlScheme {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        for url in ctx.urls() {
            if let UrlClass::Scheme(scheme) = &url.class {
                let mut finding = Finding::new(
                    url.range.clone(),
                    format!(
                        "{} `{}` uses the scheme `{scheme}:`, not http or https",
                        url.place.describe(),
                        url.value
                    ),
                );
                if matches!(
                    scheme.as_str(),
                    "htps"
                        | "htp"
                        | "htttp"
                        | "htttps"
                        | "hhtps"
                        | "hhtp"
                        | "http3"
                        | "ttps"
                        | "ttp"
                ) {
                    finding = finding.help("a typo? the scheme is `https:` or `http:`");
                }
                found.push(finding);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::UrlScheme;
    use crate::lint::test_support::*;
    use crate::parse::UrlRef;

    fn body_url(element: &str, attribute: &str, value: &str) -> Vec<crate::lint::rule::Finding> {
        check_parsed(&UrlScheme, VALID, |parsed| {
            parsed.urls = vec![UrlRef {
                element: element.into(),
                attribute: attribute.into(),
                value: value.into(),
                span: crate::span::Span::default(),
                value_span: crate::span::Span::default(),
            }];
        })
    }

    #[test]
    fn flags_other_schemes() {
        let text = VALID.replace("https://www.zaobao.com", "htps://www.zaobao.com");
        let found = diagnostics("url-scheme", &text);
        assert_eq!(found.len(), 2);
        assert!(found[0].help.as_deref().is_some_and(|h| h.contains("typo")));
        assert_eq!(body_url("a", "href", "javascript:alert(1)").len(), 1);
        assert_eq!(body_url("a", "href", "mailto:news@example.com").len(), 1);
        assert_eq!(body_url("img", "src", "file:///C:/cache/a.jpg").len(), 1);
    }

    #[test]
    fn passes_http_https_and_image_placeholders() {
        assert!(diagnostics("url-scheme", VALID).is_empty());
        assert!(body_url("img", "src", "data:image/gif;base64,R0lGODlhAQABAAAAACw=").is_empty());
        assert!(body_url("a", "href", "http://example.com/").is_empty());
        assert!(body_url("a", "href", "#top").is_empty());
    }
}
