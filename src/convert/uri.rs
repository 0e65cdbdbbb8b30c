//! URLs as RFC 3986 URIs, for formats that require them (EPUB's XHTML, NCX and OPF).
//!
//! The WHATWG serialisation that [`url`] produces is not always a URI: it leaves `|`, `[`,
//! `]`, `\`, `^`, `` ` ``, `{` and `}` in queries and fragments, a lone `%` anywhere and a
//! second `#` in the fragment, and keeps spaces in opaque paths (`mailto:a b`). epubcheck
//! reports each of them (RSC-020, "not a valid URI"). [`to_uri`] percent-encodes every such
//! character (UTF-8 bytes, `%XX`), which changes the text of the URL but not the resource
//! it names. A host that would need encoding is not a name a reader can reach, so such a URL
//! gives `None`, and the caller keeps the link's text without the link.

/// `url`, an absolute URL as [`url::Url`] serialises it, as an RFC 3986 URI; `None` when
/// its host holds characters that no host name may hold.
///
/// Besides `%XX` triplets, only the characters RFC 3986 allows in each part are kept:
/// unreserved and sub-delimiters everywhere, `:` and `@` in the path, `/` and `?` in query
/// and fragment, `[` `]` only around an IPv6 host. These are also the characters RFC 2396
/// (Java's `java.net.URI`, which epubcheck uses) allows.
pub(crate) fn to_uri(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let (scheme, rest) = url.split_at(colon);
    let rest = rest.get(1..)?;
    let valid_scheme = scheme
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !valid_scheme {
        return None;
    }
    let mut out = String::with_capacity(url.len() + 8);
    out.push_str(scheme);
    out.push(':');
    // hier-part, then `?query`, then `#fragment`: the first `?` and the first `#` split.
    let (before_fragment, fragment) = match rest.find('#') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (hier, query) = match before_fragment.find('?') {
        Some(i) => (&before_fragment[..i], Some(&before_fragment[i + 1..])),
        None => (before_fragment, None),
    };
    let path = match hier.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            let (authority, path) = after.split_at(end);
            out.push_str("//");
            push_authority(&mut out, authority)?;
            path
        }
        None => hier,
    };
    push_encoded(&mut out, path, Part::Path);
    if let Some(query) = query {
        out.push('?');
        push_encoded(&mut out, query, Part::QueryOrFragment);
    }
    if let Some(fragment) = fragment {
        out.push('#');
        push_encoded(&mut out, fragment, Part::QueryOrFragment);
    }
    Some(out)
}

/// `userinfo@host:port`: the user information encoded, the host checked.
fn push_authority(out: &mut String, authority: &str) -> Option<()> {
    let (userinfo, host_port) = match authority.rfind('@') {
        Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
        None => (None, authority),
    };
    if let Some(userinfo) = userinfo {
        push_encoded(out, userinfo, Part::UserInfo);
        out.push('@');
    }
    let (host, port) = if host_port.starts_with('[') {
        let end = host_port.find(']')?;
        let (host, port) = host_port.split_at(end + 1);
        let literal = &host[1..end];
        if literal.is_empty()
            || !literal
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'))
        {
            return None;
        }
        (host, port)
    } else {
        let end = host_port.find(':').unwrap_or(host_port.len());
        let (host, port) = host_port.split_at(end);
        let reg_name = host.bytes().all(|b| is_unreserved(b) || is_sub_delim(b));
        if !reg_name {
            return None;
        }
        (host, port)
    };
    if let Some(digits) = port.strip_prefix(':') {
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    } else if !port.is_empty() {
        return None;
    }
    out.push_str(host);
    out.push_str(port);
    Some(())
}

#[derive(Clone, Copy)]
enum Part {
    UserInfo,
    Path,
    QueryOrFragment,
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn is_sub_delim(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

/// Whether RFC 3986 allows `b` as it is in `part` (`%` is handled apart).
fn is_allowed(b: u8, part: Part) -> bool {
    is_unreserved(b)
        || is_sub_delim(b)
        || match part {
            Part::UserInfo => b == b':',
            Part::Path => matches!(b, b':' | b'@' | b'/'),
            Part::QueryOrFragment => matches!(b, b':' | b'@' | b'/' | b'?'),
        }
}

/// `text` with every byte `part` may not hold as `%XX`; a `%` stays only when two hex
/// digits follow it.
fn push_encoded(out: &mut String, text: &str, part: Part) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let keep = if b == b'%' {
            matches!(
                (bytes.get(i + 1), bytes.get(i + 2)),
                (Some(h), Some(l)) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit()
            )
        } else {
            is_allowed(b, part)
        };
        if !keep {
            // Every byte kept so far is ASCII, so `start..i` falls on character bounds.
            out.push_str(text.get(start..i).unwrap_or(""));
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
            start = i + 1;
        }
    }
    out.push_str(text.get(start..).unwrap_or(""));
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::*;

    /// Through the `url` crate first, as the converters do.
    fn uri(s: &str) -> Option<String> {
        to_uri(url::Url::parse(s).expect("parses").as_str())
    }

    #[test]
    fn encodes_what_a_uri_may_not_hold() {
        for (url, expected) in [
            // Share links with `|` in the title (chinadigitaltimes.net, del.icio.us).
            (
                "http://del.icio.us/post?url=https://a.example/x/&title=VOA%20|%20TikTok",
                "http://del.icio.us/post?url=https://a.example/x/&title=VOA%20%7C%20TikTok",
            ),
            // A lone `%` ("17%的") in a path and a query, and one at the very end.
            (
                "https://a.example/17%的?q=5%&r=%4",
                "https://a.example/17%25%E7%9A%84?q=5%25&r=%254",
            ),
            ("https://a.example/a%", "https://a.example/a%25"),
            // `[url=…]` comment spam.
            (
                "https://a.example/?p=[url=https://spam.example]x[/url]",
                "https://a.example/?p=%5Burl=https://spam.example%5Dx%5B/url%5D",
            ),
            // A backslash in a query (in a path the WHATWG parser makes it a `/`).
            ("https://a.example/a\\b?c\\d", "https://a.example/a/b?c%5Cd"),
            // A second `#`.
            ("https://a.example/a#b#c", "https://a.example/a#b%23c"),
            // The rest of the ASCII characters a URI may not hold.
            (
                "https://a.example/{x}^`?{y}^`|\"<>#{z}^`|",
                "https://a.example/%7Bx%7D%5E%60?%7By%7D%5E%60%7C%22%3C%3E#%7Bz%7D%5E%60%7C",
            ),
            // An opaque path keeps spaces in WHATWG's serialisation.
            (
                "mailto:a b@example.com?subject=x y|z",
                "mailto:a%20b@example.com?subject=x%20y%7Cz",
            ),
            // Already valid: unchanged, `%XX` triplets kept.
            (
                "https://user:pw@a.example:8080/p/%E4%B8%AD;x=1?a=b&c=d/e?f#g:h@i/j?k",
                "https://user:pw@a.example:8080/p/%E4%B8%AD;x=1?a=b&c=d/e?f#g:h@i/j?k",
            ),
            ("https://[::1]:8080/a", "https://[::1]:8080/a"),
            (
                "https://例子.测试/路径",
                "https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84",
            ),
        ] {
            assert_eq!(uri(url).as_deref(), Some(expected), "{url}");
        }
    }

    #[test]
    fn a_host_no_name_may_hold_drops_the_url() {
        for url in [
            "https://a{b}.example/",
            "https://a`b.example/",
            "https://a\"b.example/",
        ] {
            assert_eq!(uri(url), None, "{url}");
        }
        assert_eq!(to_uri("no scheme"), None);
        assert_eq!(to_uri("1http://a.example/"), None);
    }
}
