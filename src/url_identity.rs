//! When two URLs name the same resource: URLs are compared as URLs, not as strings.
//!
//! Archives write one URL in several spellings: `from` raw (`https://www.bbc.com/zhongwen/
//! simp/中文`), the header link percent-encoded (`…/%E4%B8%AD%E6%96%87`), with lower-case
//! escapes, an upper-case host, a default port or an escaped unreserved character. Each
//! spelling is brought to one [`identity`]:
//!
//! 1. the URL is parsed and serialised the WHATWG way (the `url` crate, as browsers do):
//!    scheme and host lower-cased, the host IDNA-encoded and its escapes decoded, the
//!    default port and `.`/`..` segments removed, non-ASCII characters and the characters
//!    the standard encodes percent-encoded as UTF-8;
//! 2. then percent-encoding is normalised (RFC 3986, 6.2.2) in the path, query and
//!    fragment: an escape of an unreserved character (`A–Z a–z 0–9 - . _ ~`) is decoded, the
//!    hex digits of every other escape are upper-cased, and a character that a URI may
//!    not hold raw (`|`, `^`, `` ` ``, `{`, `}`, `\` in a query, a lone `%`) is encoded.
//!    Reserved characters (`/ ? # [ ] @ : ! $ & ' ( ) * + , ; =`) keep the form they were
//!    written in, since encoding one changes what the URL means (`a%2Fb` is one path
//!    segment, `a/b` two).
//!
//! A relative URL is brought to its identity against a placeholder base, so that its
//! spellings compare equal too; a value that does not parse even then is its own identity
//! (as written, trimmed).

use std::borrow::Cow;

use url::{ParseError, Url};

/// The base a relative URL is read against (never shown: only identities are compared).
const RELATIVE_BASE: &str = "relative-url:/";

/// The one spelling of `url` that every equivalent spelling shares (see the module docs).
///
/// ```text
/// https://www.bbc.com/zhongwen/中文        → https://www.bbc.com/zhongwen/%E4%B8%AD%E6%96%87
/// HTTPS://WWW.BBC.COM:443/zhongwen/%e4%b8%ad%e6%96%87 → the same
/// ```
pub(crate) fn identity(url: &str) -> Cow<'_, str> {
    let trimmed = url.trim();
    let parsed = match Url::parse(trimmed) {
        Ok(parsed) => parsed,
        Err(ParseError::RelativeUrlWithoutBase) => {
            match Url::parse(RELATIVE_BASE).and_then(|base| base.join(trimmed)) {
                Ok(parsed) => parsed,
                Err(_) => return Cow::Borrowed(trimmed),
            }
        }
        Err(_) => return Cow::Borrowed(trimmed),
    };
    let serialised = parsed.as_str();
    // Path, query and fragment: what follows the authority (or the scheme, for a URL
    // without a host such as `mailto:`).
    let rest_start = match parsed.host_str() {
        Some(_) => {
            let path = parsed.path();
            // The serialisation puts the path right after the authority.
            serialised.len()
                - path.len()
                - parsed.query().map_or(0, |q| q.len() + 1)
                - parsed.fragment().map_or(0, |f| f.len() + 1)
        }
        None => parsed.scheme().len() + 1,
    };
    let (head, rest) = serialised.split_at(rest_start.min(serialised.len()));
    let mut out = String::with_capacity(serialised.len());
    out.push_str(head);
    normalise_escapes(rest, &mut out);
    Cow::Owned(out)
}

/// Whether `a` and `b` are the same URL: equal as written, or of the same [`identity`].
#[cfg(any(feature = "lint", test))]
pub(crate) fn same_url(a: &str, b: &str) -> bool {
    a == b || identity(a) == identity(b)
}

/// Characters that keep the form they were written in: RFC 3986's reserved set.
fn is_reserved(byte: u8) -> bool {
    matches!(
        byte,
        b':' | b'/'
            | b'?'
            | b'#'
            | b'['
            | b']'
            | b'@'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
    )
}

fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

fn push_escape(byte: u8, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(HEX[usize::from(byte >> 4)]));
    out.push(char::from(HEX[usize::from(byte & 0xF)]));
}

/// Writes `text` (a serialised path, query and fragment: ASCII, since the serialiser
/// encoded everything else) with its escapes normalised.
fn normalise_escapes(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let decoded = match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(&h), Some(&l)) => hex_value(h).zip(hex_value(l)).map(|(h, l)| h << 4 | l),
                _ => None,
            };
            match decoded {
                Some(value) if is_unreserved(value) => out.push(char::from(value)),
                Some(value) => push_escape(value, out),
                // A lone `%` stands for itself.
                None => {
                    push_escape(b'%', out);
                    i += 1;
                    continue;
                }
            }
            i += 3;
            continue;
        }
        if byte.is_ascii() && (is_unreserved(byte) || is_reserved(byte)) {
            out.push(char::from(byte));
        } else if byte.is_ascii() {
            push_escape(byte, out);
        } else {
            // Not reached for a serialised URL; kept whole, character by character.
            let len = text
                .get(i..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
            out.push_str(text.get(i..i + len).unwrap_or_default());
            i += len;
            continue;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs written in the real archives (`../shared/corpus/real/`): `from` and its
    /// header link, or two posts' `from`.
    #[test]
    fn raw_and_percent_encoded_spellings_are_one_url() {
        for (raw, encoded) in [
            (
                "http://www.rfi.fr//cn/contenu/20200721-韩国成功发射首枚军事通讯卫星",
                "http://www.rfi.fr//cn/contenu/20200721-%E9%9F%A9%E5%9B%BD%E6%88%90%E5%8A%9F%E5%8F%91%E5%B0%84%E9%A6%96%E6%9E%9A%E5%86%9B%E4%BA%8B%E9%80%9A%E8%AE%AF%E5%8D%AB%E6%98%9F",
            ),
            (
                "https://www.dw.com/zh/中美交恶到底在吵什么？/a-54272091",
                "https://www.dw.com/zh/%E4%B8%AD%E7%BE%8E%E4%BA%A4%E6%81%B6%E5%88%B0%E5%BA%95%E5%9C%A8%E5%90%B5%E4%BB%80%E4%B9%88%EF%BC%9F/a-54272091",
            ),
            (
                "https://www.dw.com/zh/在伊拉克被绑架的德国人获释  /a-54305411",
                "https://www.dw.com/zh/%E5%9C%A8%E4%BC%8A%E6%8B%89%E5%85%8B%E8%A2%AB%E7%BB%91%E6%9E%B6%E7%9A%84%E5%BE%B7%E5%9B%BD%E4%BA%BA%E8%8E%B7%E9%87%8A%20%20/a-54305411",
            ),
            (
                "https://www.dw.com/zh/抵制“中货”，印度再禁47款中国APP/a-54337532",
                "https://www.dw.com/zh/%E6%8A%B5%E5%88%B6%E2%80%9C%E4%B8%AD%E8%B4%A7%E2%80%9D%EF%BC%8C%E5%8D%B0%E5%BA%A6%E5%86%8D%E7%A6%8147%E6%AC%BE%E4%B8%AD%E5%9B%BDAPP/a-54337532",
            ),
            // The same, with the lower-case escapes other scrapers write.
            (
                "http://www.rfi.fr//cn/国际/20200725-巴西总统宣布新冠转阴",
                "http://www.rfi.fr//cn/%e5%9b%bd%e9%99%85/20200725-%e5%b7%b4%e8%a5%bf%e6%80%bb%e7%bb%9f%e5%ae%a3%e5%b8%83%e6%96%b0%e5%86%a0%e8%bd%ac%e9%98%b4",
            ),
            ("https://e.com/a b", "https://e.com/a%20b"),
            ("https://e.com/a|b", "https://e.com/a%7Cb"),
            ("https://e.com/%7Euser", "https://e.com/~user"),
            ("HTTPS://E.COM:443/x", "https://e.com/x"),
            ("https://e.com/a/./b/../c", "https://e.com/a/c"),
            ("https://e.com/17%的", "https://e.com/17%25%E7%9A%84"),
            ("https://e.com/?q=中文", "https://e.com/?q=%E4%B8%AD%E6%96%87"),
            ("/relative/中文", "/relative/%E4%B8%AD%E6%96%87"),
        ] {
            assert!(same_url(raw, encoded), "{raw} vs {encoded}");
            assert_eq!(identity(raw), identity(encoded), "{raw} vs {encoded}");
        }
    }

    #[test]
    fn different_urls_stay_different() {
        for (a, b) in [
            (
                "https://www.voachinese.com/a/8237280.html",
                "https://www.voachinese.com/a/8237279.html",
            ),
            ("http://e.com/x", "https://e.com/x"),
            ("https://e.com/a%2Fb", "https://e.com/a/b"),
            ("https://e.com/?a=1%262", "https://e.com/?a=1&2"),
            ("https://e.com/x", "https://e.com/x/"),
            ("https://e.com/x#a", "https://e.com/x#b"),
            ("https://e.com/?q=a+b", "https://e.com/?q=a%20b"),
        ] {
            assert!(!same_url(a, b), "{a} vs {b}");
        }
    }

    #[test]
    fn what_does_not_parse_is_compared_as_written() {
        assert_eq!(identity(" https://e .com/ "), "https://e .com/");
        assert!(same_url("https://e .com/", " https://e .com/"));
        assert!(!same_url("https://e .com/", "https://e%20.com/"));
    }
}
