//! Which URL an image or embed has, and the attributes that hold it: lazy-load
//! attributes, `src`, `srcset`. The attribute lists here are the only ones: the walk,
//! the `noscript` fallbacks and lint's URL rules all read them.

/// Attributes lazy-loading scripts keep the real image URL in, in order of preference.
pub(crate) const LAZY_ATTRIBUTES: [&str; 6] = [
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-actualsrc",
    "data-url",
    "data-echo",
];

/// Attributes that lazy-loading scripts keep the image's URL in as JSON (RFI:
/// `data-image-dataset="{"url":"https:\/\/s.rfi.fr\/media\/display\/…\/","filename":"x.jpg",…}"`).
pub(crate) const JSON_LAZY_ATTRIBUTES: [&str; 1] = ["data-image-dataset"];

/// Every attribute of an `img` that holds one URL of the image itself: `src`, then the
/// lazy-load ones ([`LAZY_ATTRIBUTES`], [`JSON_LAZY_ATTRIBUTES`]), in the order the URLs
/// are reported.
pub(crate) const IMAGE_SOURCE_ATTRIBUTES: [&str; 8] =
    joined(&[&["src"], &LAZY_ATTRIBUTES, &JSON_LAZY_ATTRIBUTES]);

/// Attributes that hold a `srcset` (a list of candidate URLs), the lazy-load one second.
pub(crate) const SRCSET_ATTRIBUTES: [&str; 2] = ["srcset", "data-srcset"];

/// Attributes of an `iframe`, `video`, `audio`, `embed` or `track` that hold its URL, in
/// order of preference (lazy-loading scripts use `data-src` for embeds too).
pub(crate) const EMBED_SOURCE_ATTRIBUTES: [&str; 2] = ["src", LAZY_ATTRIBUTES[0]];

/// `parts` one after the other; `N` must be their total length (checked when compiling).
pub(crate) const fn joined<const N: usize>(parts: &[&[&'static str]]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut filled = 0;
    let mut part = 0;
    while part < parts.len() {
        let mut i = 0;
        while i < parts[part].len() {
            out[filled] = parts[part][i];
            filled += 1;
            i += 1;
        }
        part += 1;
    }
    assert!(filled == N, "the parts do not fill the array");
    out
}

/// The image URL a JSON lazy-load attribute holds: its `url` (or `src`) string, followed
/// by its `filename` when the URL names a folder (ends with `/`). `None` when the value is
/// no JSON object or holds no usable URL.
pub(crate) fn json_image_url(value: &str) -> Option<String> {
    let value = value.trim();
    if !value.starts_with('{') {
        return None;
    }
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(value).ok()?;
    let text = |key: &str| object.get(key).and_then(serde_json::Value::as_str);
    let url = text("url").or_else(|| text("src"))?.trim();
    if !is_usable(url) {
        return None;
    }
    match text("filename").map(str::trim) {
        Some(name) if url.ends_with('/') && !name.is_empty() => Some(format!("{url}{name}")),
        _ => Some(url.to_owned()),
    }
}

/// Whether a value can be an image's URL: not empty and not an inline `data:` placeholder.
pub(crate) fn is_usable(url: &str) -> bool {
    let url = url.trim();
    !url.is_empty()
        && !url
            .get(..5)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("data:"))
}

/// The URLs of a `srcset` attribute, in order, descriptors dropped.
///
/// Follows the HTML algorithm: a candidate's URL is a run of non-white-space characters
/// (so commas inside a URL, as in `data:` URIs, stay), trailing commas end it, and its
/// descriptors run to the next comma outside parentheses.
///
/// `"a.jpg 1x, b.jpg 2x"` gives `a.jpg` and `b.jpg`.
pub(crate) fn srcset_urls(srcset: &str) -> Vec<&str> {
    let mut urls = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let (url, after) = rest.split_at(end);
        let trimmed = url.trim_end_matches(',');
        if !trimmed.is_empty() {
            urls.push(trimmed);
        }
        rest = if trimmed.len() < url.len() {
            after
        } else {
            skip_descriptors(after)
        };
    }
}

/// Skips a candidate's descriptors up to and including the comma that ends them.
fn skip_descriptors(text: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => return &text[i + 1..],
            _ => {}
        }
    }
    ""
}

/// The URL of an image from its attributes: the first lazy-load attribute with a usable
/// value, else the URL of a JSON lazy-load attribute, else `src` when usable, else the
/// first usable `srcset` candidate.
pub(crate) fn image_url<'a>(attr: impl Fn(&str) -> Option<&'a str>) -> Option<String> {
    let lazy = LAZY_ATTRIBUTES
        .iter()
        .filter_map(|name| attr(name))
        .map(str::trim)
        .find(|url| is_usable(url));
    if let Some(url) = lazy {
        return Some(url.to_owned());
    }
    let from_json = JSON_LAZY_ATTRIBUTES
        .iter()
        .filter_map(|name| attr(name))
        .find_map(json_image_url);
    if from_json.is_some() {
        return from_json;
    }
    let plain = attr("src").map(str::trim).filter(|url| is_usable(url));
    plain.map(str::to_owned).or_else(|| {
        SRCSET_ATTRIBUTES
            .iter()
            .filter_map(|name| attr(name))
            .find_map(first_usable_candidate)
            .map(str::to_owned)
    })
}

/// The first usable URL of a `srcset`, trimmed as a `src` is. A candidate ends at ASCII
/// white space only, so it can start or end with other white space (U+3000, NBSP); that
/// is trimmed here, else the URL would read differently once written as a `src`.
pub(crate) fn first_usable_candidate(srcset: &str) -> Option<&str> {
    srcset_urls(srcset)
        .into_iter()
        .map(str::trim)
        .find(|url| is_usable(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srcset_candidates_keep_commas_inside_urls() {
        assert_eq!(srcset_urls("a.jpg 1x, b.jpg 2x"), ["a.jpg", "b.jpg"]);
        // A comma without white space after it belongs to the URL.
        assert_eq!(srcset_urls(" a.jpg,b.jpg"), ["a.jpg,b.jpg"]);
        assert_eq!(srcset_urls("a.jpg,, b.jpg"), ["a.jpg", "b.jpg"]);
        assert_eq!(
            srcset_urls("data:image/gif;base64,R0lGOD 1w, https://x/a,b.jpg 640w"),
            ["data:image/gif;base64,R0lGOD", "https://x/a,b.jpg"]
        );
        assert_eq!(
            srcset_urls("a.jpg (max-width: 1px, 2px) 1x, b.jpg"),
            ["a.jpg", "b.jpg"]
        );
        assert!(srcset_urls(" , ").is_empty());
    }

    #[test]
    fn lazy_attributes_win_over_src_and_data_uris_are_placeholders() {
        let attrs = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        };
        assert_eq!(
            image_url(attrs(&[("src", "a.jpg"), ("data-src", "b.jpg")])),
            Some("b.jpg".into())
        );
        assert_eq!(
            image_url(attrs(&[
                ("src", "data:image/gif;base64,R0l"),
                ("data-lazy-src", "c.jpg")
            ])),
            Some("c.jpg".into())
        );
        assert_eq!(
            image_url(attrs(&[("src", " "), ("srcset", "data:x 1w, d.jpg 2w")])),
            Some("d.jpg".into())
        );
        assert_eq!(
            image_url(attrs(&[("src", "DATA:image/gif;base64,R0l")])),
            None
        );
        assert_eq!(
            image_url(attrs(&[("src", "//cdn.example/e.jpg")])),
            Some("//cdn.example/e.jpg".into())
        );
    }

    /// RFI's markup (`../shared/corpus/real/waimei`), entities decoded as the DOM has them.
    #[test]
    fn json_lazy_attributes_give_the_url_and_file_name() {
        let dataset = r#"{"url":"https:\/\/s.rfi.fr\/media\/display\/47a0c730-4066-11eb-951d-005056a98db9\/","filename":"svetlana%20parlement.jpg","ratio":null,"displayFormat":"original"}"#;
        let pairs = [
            (
                "src",
                "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7",
            ),
            ("data-image-dataset", dataset),
        ];
        let attr = |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        assert_eq!(
            image_url(attr).as_deref(),
            Some("https://s.rfi.fr/media/display/47a0c730-4066-11eb-951d-005056a98db9/svetlana%20parlement.jpg")
        );
        assert_eq!(
            json_image_url(r#"{"src": "https://e.com/a.jpg", "filename": "b.jpg"}"#).as_deref(),
            Some("https://e.com/a.jpg")
        );
        for value in [
            "",
            "not json",
            "{",
            r#"{"url": 3}"#,
            r#"{"url": "data:x"}"#,
            "[1]",
        ] {
            assert_eq!(json_image_url(value), None, "{value}");
        }
    }
}
