use crate::diagnostics::Level;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};
use crate::lint::urls::UrlClass;

declare_rule! {
    /// ## What it does
    /// Flags `from` or the header link when it is not a parseable absolute URL (no
    /// scheme, scheme-relative `//host/…`, a space in the host, a bad port), and an
    /// image source or body link that does not parse even relative to `from`. URLs are
    /// parsed as the WHATWG URL standard says, like browsers do.
    ///
    /// ## Why is this bad?
    /// A source that is no URL cannot be followed or compared; a broken image source
    /// or link is dead in every output.
    ///
    /// ## Example
    /// ```yaml
    /// from: www.zaobao.com/realtime/china/story20200512-8840604
    /// ```
    /// Use instead: `from: https://www.zaobao.com/realtime/china/story20200512-8840604`.
    ///
    /// ## Fix
    /// None: which scheme or host was meant is not known.
    pub(crate) struct UrlInvalid
}

static META: RuleMeta = RuleMeta {
    name: "url-invalid",
    default_level: Level::Error,
    summary: "Flags `from` or the header link when it is not a parseable absolute URL (no scheme, \
              scheme-relative `//host/…`, a space in the host, a bad port), and an image source or \
              body link that does not parse even relative to `from`. URLs are parsed as the WHATWG \
              URL standard says, like browsers do.",
    fix: FixAvailability::None,
    docs: UrlInvalid::DOCS,
};

impl Rule for UrlInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        for url in ctx.urls() {
            if let UrlClass::Invalid(reason) = &url.class {
                let mut finding = Finding::new(
                    url.range.clone(),
                    format!("{} `{}` {reason}", url.place.describe(), url.value),
                );
                if !url.place.in_body() {
                    finding = finding.help("write the full URL, starting with `https://`");
                }
                found.push(finding);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::UrlInvalid;
    use crate::lint::test_support::*;
    use crate::parse::UrlRef;

    const FROM: &str = "https://www.zaobao.com/realtime/china/story20240703-4032055";

    #[test]
    fn flags_a_from_and_header_without_scheme() {
        let text = VALID.replace(FROM, "www.zaobao.com/realtime/china/story20240703-4032055");
        let found = diagnostics("url-invalid", &text);
        assert_eq!(found.len(), 2);
        assert_eq!(
            at(&text, &found[0]),
            "www.zaobao.com/realtime/china/story20240703-4032055"
        );
        assert!(found[0].message.starts_with("`from`"));
        assert!(found[1].message.starts_with("the header link"));
        let text = VALID.replace(FROM, "//www.zaobao.com/x");
        assert!(diagnostics("url-invalid", &text)[0]
            .message
            .contains("scheme-relative"));
    }

    #[test]
    fn flags_a_body_url_that_does_not_parse_even_relative_to_from() {
        let text = VALID.replace(
            "<p>第一段。</p>",
            "<p><a href=\"http://bad host/x\">第一段。</a></p>",
        );
        let found = check_parsed(&UrlInvalid, &text, |parsed| {
            let start = text.find("<a ").unwrap_or(0);
            let value = text.find("http://bad").unwrap_or(0);
            let index = crate::span::LineIndex::new(&text);
            parsed.urls = vec![UrlRef {
                element: "a".into(),
                attribute: "href".into(),
                value: "http://bad host/x".into(),
                span: index.span(start, start + text[start..].find('>').unwrap_or(0) + 1),
                value_span: index.span(value, value + "http://bad host/x".len()),
            }];
        });
        assert_eq!(found.len(), 1);
        assert_eq!(pointed(&text, &found[0]), "http://bad host/x");
    }

    #[test]
    fn passes_absolute_and_relative_urls() {
        assert!(diagnostics("url-invalid", VALID).is_empty());
        let found = check_parsed(&UrlInvalid, VALID, |parsed| {
            parsed.urls = vec![UrlRef {
                element: "img".into(),
                attribute: "src".into(),
                value: "//cdn.example.com/a.jpg".into(),
                span: crate::span::Span::default(),
                value_span: crate::span::Span::default(),
            }];
        });
        assert!(found.is_empty());
    }
}
