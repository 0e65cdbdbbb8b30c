//! Link and image targets: relative and protocol-relative URLs resolved against the
//! post's source, and only schemes a reader can follow kept.

use url::Url;

use crate::model::Post;

/// The base for a post's relative URLs: its source URL, if absolute.
pub(crate) fn base_url(post: &Post) -> Option<Url> {
    post.source_url()
        .and_then(|s| Url::parse(s.trim()).ok())
        .filter(|u| u.has_host())
}

/// `href` resolved against `base` (when relative) and serialized, if the result is an
/// `http`, `https` or `mailto` URL. Anything else (`javascript:`, `data:`, `file:`, a
/// relative URL without a base, a string that does not parse) gives `None`.
pub(crate) fn resolve(base: Option<&Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = Url::options().base_url(base).parse(href).ok()?;
    match url.scheme() {
        "http" | "https" if url.has_host() => Some(url.into()),
        "mailto" => Some(url.into()),
        _ => None,
    }
}

/// What to show for a URL that is not a link: `href` resolved, or as written when it is
/// relative and there is no base; nothing for an absolute URL of a scheme readers cannot
/// follow (`javascript:`, `data:`).
pub(crate) fn display(base: Option<&Url>, href: &str) -> Option<String> {
    resolve(base, href).or_else(|| {
        let href = href.trim();
        let relative = matches!(
            Url::parse(href),
            Err(url::ParseError::RelativeUrlWithoutBase)
        );
        (relative && !href.is_empty()).then(|| super::sanitize::clean(href).into_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://news.example.com/world/story1.html").unwrap()
    }

    #[test]
    fn resolves_relative_and_protocol_relative() {
        let b = base();
        assert_eq!(
            resolve(Some(&b), "//img.example.net/a.jpg").as_deref(),
            Some("https://img.example.net/a.jpg")
        );
        assert_eq!(
            resolve(Some(&b), "/x/y?z=1").as_deref(),
            Some("https://news.example.com/x/y?z=1")
        );
        assert_eq!(
            resolve(Some(&b), "other.html").as_deref(),
            Some("https://news.example.com/world/other.html")
        );
        assert_eq!(resolve(None, "other.html"), None);
    }

    #[test]
    fn rejects_unsafe_schemes() {
        let b = base();
        assert_eq!(resolve(Some(&b), "javascript:alert(1)"), None);
        assert_eq!(resolve(Some(&b), " JavaScript:alert(1)"), None);
        assert_eq!(resolve(Some(&b), "data:text/html,<script>"), None);
        assert_eq!(resolve(Some(&b), "file:///etc/passwd"), None);
        assert_eq!(display(Some(&b), "javascript:alert(1)"), None);
        assert_eq!(display(None, "/a/b.mp4").as_deref(), Some("/a/b.mp4"));
        assert_eq!(
            resolve(None, "mailto:a@example.com").as_deref(),
            Some("mailto:a@example.com")
        );
    }
}
