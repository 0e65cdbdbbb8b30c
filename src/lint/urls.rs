//! How the URL rules see a URL: where it was written ([`Place`]), what the WHATWG URL
//! parser makes of it ([`UrlClass`]), and where it lies in the source. This module
//! knows URLs, not files: `Context::urls` (in `context.rs`) collects a file's URLs with
//! it.

use std::ops::Range;

use url::{ParseError, Url};

/// Where a URL was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place<'a> {
    From,
    Header,
    Body {
        element: &'a str,
        attribute: &'a str,
    },
}

impl Place<'_> {
    pub fn describe(&self) -> String {
        match self {
            Place::From => "`from`".to_owned(),
            Place::Header => "the header link".to_owned(),
            Place::Body { element, attribute } => format!("`<{element} {attribute}>`"),
        }
    }

    pub fn in_body(&self) -> bool {
        matches!(self, Place::Body { .. })
    }
}

/// What the URL parser made of a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UrlClass {
    /// Absolute, http or https.
    Fine,
    /// Relative or scheme-relative; resolves against `from`.
    Relative { scheme_relative: bool },
    /// Parses, with another scheme.
    Scheme(String),
    /// Does not parse (or, for `from` and the header, is not absolute).
    Invalid(String),
}

#[derive(Debug, Clone)]
pub(crate) struct CheckedUrl<'a> {
    pub range: Range<usize>,
    pub place: Place<'a>,
    pub value: &'a str,
    pub class: UrlClass,
}

fn scheme_class(url: &Url) -> UrlClass {
    match url.scheme() {
        "http" | "https" => UrlClass::Fine,
        other => UrlClass::Scheme(other.to_owned()),
    }
}

/// Whether `value` is an `http` or `https` URL that the WHATWG parser is sure to accept,
/// which nearly every URL of an archive is. The parser fails only on the scheme, the host
/// and the port (never on a path, query or fragment), so those are checked here, the
/// strict way: a lower-case scheme, a host of ASCII letters, digits, dots and hyphens with
/// no empty label, none starting `xn--` (punycode the parser decodes and checks) and a
/// last one that starts with a letter (the parser reads a host ending in a number as an
/// IPv4 address), and an optional port of at most 65535. Anything else goes to the parser.
fn is_plain_web_url(value: &str) -> bool {
    let Some(rest) = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
    else {
        return false;
    };
    // Bytes, not characters: every delimiter is ASCII, and no byte of a multi-byte
    // character is.
    let rest = rest.as_bytes();
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or_default();
    let (host, port) = match authority.iter().position(|&b| b == b':') {
        Some(colon) => (&authority[..colon], authority.get(colon + 1..)),
        None => (authority, None),
    };
    let host = host.strip_suffix(b".").unwrap_or(host);
    let labels_ok = host.split(|&b| b == b'.').all(|label| {
        !label.is_empty()
            && label
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-')
            && !label
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case(b"xn--"))
    });
    let last_ok = host
        .rsplit(|&b| b == b'.')
        .next()
        .and_then(|label| label.first())
        .is_some_and(u8::is_ascii_alphabetic);
    let port_ok = port.is_none_or(|port| {
        (1..=5).contains(&port.len())
            && port.iter().all(u8::is_ascii_digit)
            && port.iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0')) <= 65535
    });
    labels_ok && last_ok && port_ok
}

/// `from` and the header link must be absolute URLs.
pub(crate) fn classify_absolute(value: &str) -> UrlClass {
    if is_plain_web_url(value) {
        return UrlClass::Fine;
    }
    match Url::parse(value) {
        Ok(url) => scheme_class(&url),
        Err(ParseError::RelativeUrlWithoutBase) => {
            UrlClass::Invalid(if value.trim_start().starts_with("//") {
                "is scheme-relative, not an absolute URL".to_owned()
            } else {
                "is not an absolute URL (no scheme)".to_owned()
            })
        }
        Err(e) => UrlClass::Invalid(format!("does not parse: {e}")),
    }
}

/// A body URL may be relative to `base` (asked for only then).
pub(crate) fn classify_body<'b>(value: &str, base: impl FnOnce() -> Option<&'b Url>) -> UrlClass {
    if is_plain_web_url(value) {
        return UrlClass::Fine;
    }
    match Url::parse(value) {
        Ok(url) => scheme_class(&url),
        Err(ParseError::RelativeUrlWithoutBase) => {
            match base().map(|b| Url::options().base_url(Some(b)).parse(value)) {
                Some(Ok(_)) | None => UrlClass::Relative {
                    scheme_relative: value.trim_start().starts_with("//"),
                },
                Some(Err(e)) => {
                    UrlClass::Invalid(format!("does not parse even relative to `from`: {e}"))
                }
            }
        }
        Err(e) => UrlClass::Invalid(format!("does not parse: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_urls_must_have_a_scheme() {
        assert_eq!(classify_absolute("https://e.com/a"), UrlClass::Fine);
        assert!(
            matches!(classify_absolute("//e.com/a"), UrlClass::Invalid(m) if m.contains("scheme-relative"))
        );
        assert!(matches!(
            classify_absolute("www.e.com/a"),
            UrlClass::Invalid(_)
        ));
        assert_eq!(
            classify_absolute("htps://e.com"),
            UrlClass::Scheme("htps".into())
        );
        assert!(matches!(
            classify_absolute("https://e .com/"),
            UrlClass::Invalid(_)
        ));
    }

    #[test]
    fn plain_web_urls_are_told_without_the_parser() {
        for url in [
            "https://www.zaobao.com/realtime/china/story20240703-4032055",
            "http://e.com",
            "https://e.com:8080/a b?q=中文#frag ment",
            "https://a-b.e.com./x",
        ] {
            assert!(is_plain_web_url(url), "{url}");
        }
        for url in [
            "HTTPS://e.com/",
            "https://e.com:99999/",
            "https://e.com:/",
            "https://1.2.3.4/",
            "https://e.999/",
            "https://e.0x1f/",
            "https://xn--abc.com/",
            "https://a..b/",
            "https://user@e.com/",
            "https://[::1]/",
            "https://e .com/",
            "https:///x",
            " https://e.com/",
            "ftp://e.com/",
        ] {
            assert!(!is_plain_web_url(url), "{url}");
        }
    }

    proptest::proptest! {
        /// What the shortcut accepts, the parser accepts as http or https.
        #[test]
        fn the_shortcut_agrees_with_the_parser(
            scheme in "(https?|HTTP)://",
            host in proptest::prop_oneof![
                "[a-z0-9-]{1,5}(\\.[a-zA-Z0-9-]{1,5}){0,3}\\.?",
                "[a-zA-Z0-9.\\-_%@\\[\\]:]{0,12}",
            ],
            port in "(:[0-9]{0,6})?",
            rest in "([/?#\\\\][ -~\\t\\n中]{0,8})?",
        ) {
            let url = format!("{scheme}{host}{port}{rest}");
            if is_plain_web_url(&url) {
                let parsed = Url::parse(&url);
                proptest::prop_assert!(
                    parsed.as_ref().is_ok_and(|u| matches!(u.scheme(), "http" | "https")),
                    "{url:?}: {parsed:?}"
                );
            }
        }
    }

    #[test]
    fn body_urls_may_be_relative_to_from() {
        let url = Url::parse("https://e.com/a/b").ok();
        let base = || url.as_ref();
        assert_eq!(
            classify_body("/x.jpg", base),
            UrlClass::Relative {
                scheme_relative: false
            }
        );
        assert_eq!(
            classify_body("//cdn.e.com/x.jpg", base),
            UrlClass::Relative {
                scheme_relative: true
            }
        );
        assert!(matches!(
            classify_body("//bad host/x", base),
            UrlClass::Invalid(_)
        ));
        assert!(matches!(
            classify_body("http://e.com:99999/", base),
            UrlClass::Invalid(_)
        ));
        assert_eq!(
            classify_body("mailto:a@e.com", base),
            UrlClass::Scheme("mailto".into())
        );
        assert_eq!(
            classify_body("javascript:alert(1)", base),
            UrlClass::Scheme("javascript".into())
        );
    }
}
