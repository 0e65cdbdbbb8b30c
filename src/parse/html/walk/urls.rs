//! The URLs every element's attributes hold, recorded in document order for lint (the
//! `url-*` rules) with the span of the element's start tag and of the URL as written in
//! it (entities not decoded). Noise is never walked, so its
//! URLs are not recorded; inside a `noscript` fallback, a URL the post has elsewhere is
//! not recorded again.

use std::ops::Range;

use super::super::dom::NodeId;
use super::super::image::{
    joined, json_image_url, srcset_urls, EMBED_SOURCE_ATTRIBUTES, IMAGE_SOURCE_ATTRIBUTES,
    JSON_LAZY_ATTRIBUTES, SRCSET_ATTRIBUTES,
};
use super::super::lexer::attribute_value;
use super::Walker;
use crate::parse::parsed::UrlRef;
use crate::span::Span;

/// The attributes of an `img` that hold URLs, in the order they are reported.
const IMG_URL_ATTRIBUTES: [&str; 10] = joined(&[&IMAGE_SOURCE_ATTRIBUTES, &SRCSET_ATTRIBUTES]);

/// The attributes of a `source` that hold URLs, in the order they are reported.
const SOURCE_URL_ATTRIBUTES: [&str; 3] = joined(&[&["src"], &SRCSET_ATTRIBUTES]);

impl Walker<'_, '_> {
    /// Records one URL (not a blank one, nor one a fallback repeats); `written` is where
    /// the attribute's value lies in the file, when the start tag shows it.
    fn record(
        &mut self,
        element: &str,
        attribute: &str,
        value: &str,
        span: Span,
        written: Option<Range<usize>>,
    ) {
        if value.trim().is_empty() || self.is_repeat(value) {
            return;
        }
        let value_span = match written {
            Some(range) => {
                let range = url_in_value(self.index.text(), range, value);
                self.index.span(range.start, range.end)
            }
            None => span,
        };
        self.out.urls.push(UrlRef {
            element: element.to_owned(),
            attribute: attribute.to_owned(),
            value: value.to_owned(),
            span,
            value_span,
        });
    }

    /// Records every URL an element's attributes hold.
    pub(super) fn record_urls(&mut self, node: NodeId, name: &str) {
        let attributes: &[&str] = match name {
            "a" | "area" => &["href"],
            "img" => &IMG_URL_ATTRIBUTES,
            "source" => &SOURCE_URL_ATTRIBUTES,
            "iframe" | "video" | "audio" | "embed" | "track" => &EMBED_SOURCE_ATTRIBUTES,
            _ => return,
        };
        let span = self.span_of(node);
        let tag = self.index.text().get(span.range()).unwrap_or_default();
        for attribute in attributes {
            let Some(value) = self.dom.attr(node, attribute) else {
                continue;
            };
            // The value as the start tag writes it, in file offsets.
            let written = || {
                attribute_value(tag, attribute).map(|r| span.start + r.start..span.start + r.end)
            };
            if attribute.ends_with("srcset") {
                let written = written();
                for url in srcset_urls(value) {
                    self.record(name, attribute, url, span, written.clone());
                }
            } else if JSON_LAZY_ATTRIBUTES.contains(attribute) {
                if let Some(url) = json_image_url(value) {
                    self.record(name, attribute, &url, span, written());
                }
            } else {
                self.record(name, attribute, value, span, written());
            }
        }
    }
}

/// Where `url` lies in the attribute value `written` (a range of `text`): where it occurs
/// as is (one of a `srcset`'s URLs, or the whole value), else the whole value, which then
/// writes it with entities or escapes.
fn url_in_value(text: &str, written: Range<usize>, url: &str) -> Range<usize> {
    let Some(source) = text.get(written.clone()) else {
        return written;
    };
    if source == url {
        return written;
    }
    match source.find(url) {
        Some(i) => written.start + i..written.start + i + url.len(),
        None => written,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::body;

    /// `(element, attribute, value, start of the span)` of every URL recorded.
    fn urls(html: &str) -> Vec<(String, String, String, usize)> {
        body(html)
            .urls
            .into_iter()
            .map(|u| (u.element, u.attribute, u.value, u.span.start))
            .collect()
    }

    #[test]
    fn every_url_attribute_is_recorded_with_its_elements_start() {
        let html = r#"<p><a href="/a">a</a> <img src="/i.jpg" data-src="/lazy.jpg" srcset="/s1.jpg 1x, /s2.jpg 2x"></p><iframe src="/v"></iframe>"#;
        let urls = urls(html);
        let values: Vec<&str> = urls.iter().map(|u| u.2.as_str()).collect();
        assert_eq!(
            values,
            ["/a", "/i.jpg", "/lazy.jpg", "/s1.jpg", "/s2.jpg", "/v"]
        );
        assert_eq!(urls[0].0, "a");
        assert_eq!(urls[0].3, 3);
        assert_eq!(
            (urls[2].0.as_str(), urls[2].1.as_str()),
            ("img", "data-src")
        );
        assert_eq!(urls[5].3, html.find("<iframe").unwrap_or_default());
    }

    #[test]
    fn blank_urls_and_urls_in_noise_are_not_recorded() {
        assert!(
            urls(r#"<a href=" ">x</a><div id="dfp-ad-imu1"><a href="/ad">ad</a></div>"#).is_empty()
        );
    }

    #[test]
    fn urls_inside_text_content_are_recorded_too() {
        let urls = urls(r#"<pre><a href="/in-pre">x</a></pre>"#);
        assert_eq!(urls.len(), 1);
        assert_eq!(urls[0].2, "/in-pre");
    }
}
