//! An RFC 3986 check of URI references, written from the grammar (section 3 and 4.1,
//! split as in Appendix B), independent of the converters' encoder.

/// Whether `s` is a URI reference: a URI (`scheme:…`) or a relative reference.
pub fn is_uri_reference(s: &str) -> bool {
    // ^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?
    let (rest, fragment) = match s.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (s, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let (scheme, rest) = match rest.find([':', '/']) {
        Some(i) if rest.as_bytes()[i] == b':' => (Some(&rest[..i]), &rest[i + 1..]),
        _ => (None, rest),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            (Some(&after[..end]), &after[end..])
        }
        None => (None, rest),
    };
    if let Some(scheme) = scheme {
        let mut bytes = scheme.bytes();
        if !bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
            || !bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        {
            return false;
        }
    } else if authority.is_none() {
        // A relative-path reference: its first segment may not hold a colon.
        let first = path.split('/').next().unwrap_or("");
        if first.contains(':') {
            return false;
        }
    }
    authority.is_none_or(is_authority)
        && chars_ok(path, "/:@")
        && query.is_none_or(|q| chars_ok(q, "/?:@"))
        && fragment.is_none_or(|f| chars_ok(f, "/?:@"))
}

fn is_authority(a: &str) -> bool {
    let (userinfo, host_port) = match a.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, a),
    };
    if userinfo.is_some_and(|u| !chars_ok(u, ":")) {
        return false;
    }
    let (host, port) = if let Some(literal) = host_port.strip_prefix('[') {
        let Some((inside, port)) = literal.split_once(']') else {
            return false;
        };
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return false;
        }
        ("", port)
    } else {
        let i = host_port.rfind(':').unwrap_or(host_port.len());
        (&host_port[..i], &host_port[i..])
    };
    let port = port.strip_prefix(':').unwrap_or(port);
    chars_ok(host, "") && port.bytes().all(|b| b.is_ascii_digit())
}

/// Every character unreserved, a sub-delimiter, one of `extra`, or part of a `%XX`.
fn chars_ok(s: &str, extra: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        let ok = b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=".contains(&b)
            || extra.as_bytes().contains(&b);
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}
