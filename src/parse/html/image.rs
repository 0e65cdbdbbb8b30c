//! Which URL an image has: lazy-load attributes, `src`, `srcset`.

/// Attributes lazy-loading scripts keep the real image URL in, in order of preference.
pub(crate) const LAZY_ATTRIBUTES: [&str; 6] = [
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-actualsrc",
    "data-url",
    "data-echo",
];

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
/// value, else `src` when usable, else the first usable `srcset` candidate.
pub(crate) fn image_url<'a>(attr: impl Fn(&str) -> Option<&'a str>) -> Option<String> {
    let plain = LAZY_ATTRIBUTES
        .iter()
        .filter_map(|name| attr(name))
        .chain(attr("src"))
        .map(str::trim)
        .find(|url| is_usable(url));
    plain.map(str::to_owned).or_else(|| {
        ["srcset", "data-srcset"]
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
}
