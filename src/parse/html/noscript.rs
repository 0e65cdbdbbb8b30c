//! `<noscript>` fallbacks: the images and links a post holds only there.
//!
//! html5ever parses with scripting enabled, as browsers do, so a `noscript` element holds
//! its markup as one raw text. Most fallbacks repeat what the page shows anyway (a lazy
//! image's real URL), but some are the only copy: RFI's photos (`<img src="data:…"
//! data-image-dataset="{…}">` + `<noscript><img src="https://s.rfi.fr/…"></noscript>`),
//! the links to the documents of a DocumentCloud embed, a video's screenshot and link.
//!
//! [`fallback_range`] finds the fallback's markup and [`parse`] builds its DOM the way
//! the body's is built; the walk then reads it in place of the `noscript`, keeping only
//! the images and links whose URL appears nowhere else in the post ([`Elsewhere`], URLs
//! compared as URLs, see [`crate::url_identity`]) and the text inside those links.

use std::collections::HashSet;
use std::ops::Range;

use html5ever::{ns, QualName};
use typed_arena::Arena;

use super::dom::{Dom, NodeId, NodeKind};
use super::feed;
use super::image::{
    json_image_url, srcset_urls, EMBED_SOURCE_ATTRIBUTES, JSON_LAZY_ATTRIBUTES, LAZY_ATTRIBUTES,
    SRCSET_ATTRIBUTES,
};
use super::lexer;
use crate::parse::limits;
use crate::url_identity::identity;

/// Whether `node` is an HTML `noscript`, which holds raw markup (one in SVG or MathML
/// holds elements, and is not read as a fallback: nor would its markup end where its
/// element does).
pub(crate) fn is_fallback(dom: &Dom<'_>, node: NodeId) -> bool {
    matches!(&dom.node(node).kind, NodeKind::Element { name, .. } if name.ns == ns!(html))
}

/// Where the raw markup of the `noscript` whose start tag ends at `start` lies in `text`
/// (the body's markup as it was parsed): up to the first `</noscript` (ASCII case
/// ignored), or to the end of `text`.
pub(crate) fn fallback_range(text: &str, start: usize) -> Range<usize> {
    const END_TAG: &[u8] = b"</noscript";
    let bytes = text.as_bytes();
    let mut at = start;
    while let Some(i) = bytes
        .get(at..)
        .and_then(|rest| memchr::memmem::find(rest, b"</"))
    {
        let candidate = at + i;
        if bytes
            .get(candidate..candidate + END_TAG.len())
            .is_some_and(|tag| tag.eq_ignore_ascii_case(END_TAG))
        {
            return start..candidate;
        }
        at = candidate + 2;
    }
    start..text.len()
}

/// Whether a fallback's markup could hold an image or a link at all.
pub(crate) fn may_hold_markup(html: &str) -> bool {
    html.contains('<')
}

/// The limits a fallback is parsed with: the body's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub max_depth: usize,
    pub max_tags: usize,
}

/// The DOM of a fallback's markup, built as the body's is (a tag limit, past which the
/// markup is cut; the attribute limit; its own depth pre-scan; the same safety net). A
/// `noscript` inside is raw text again, which the walk passes over.
pub(crate) fn parse<'n>(html: &str, limits: Limits, names: &'n Arena<QualName>) -> Dom<'n> {
    let mut tags = lexer::lex_at_most(html, limits.max_tags);
    let html = match tags.get(limits.max_tags) {
        Some(over) => {
            let cut = over.range.start;
            tags.truncate(limits.max_tags);
            html.get(..cut).unwrap_or(html)
        }
        None => html,
    };
    let html = limits::bound_attributes(html, &tags, limits::MAX_ATTRIBUTES);
    let depth = limits::html_depth(&tags, limits.max_depth);
    let hard_limit = limits::tree_depth_limit(limits.max_depth);
    feed::parse_fragment(html.as_ref(), &tags, &depth.skip, hard_limit, names).0
}

/// The identities of every image, link and embed URL of a post outside its fallbacks and
/// its noise: what a fallback may not repeat.
#[derive(Debug, Default)]
pub(crate) struct Elsewhere {
    urls: HashSet<String>,
}

impl Elsewhere {
    /// Collects the URLs of `dom`, passing over every element `skipped` says (noise and
    /// `noscript`).
    pub(crate) fn of(dom: &Dom<'_>, skipped: impl Fn(NodeId) -> bool) -> Self {
        let mut urls = HashSet::new();
        let mut stack: Vec<NodeId> = dom.children(dom.document()).collect();
        while let Some(node) = stack.pop() {
            let NodeKind::Element { name, .. } = &dom.node(node).kind else {
                continue;
            };
            if skipped(node) {
                continue;
            }
            let mut add = |url: &str| {
                if !url.trim().is_empty() {
                    urls.insert(identity(url).into_owned());
                }
            };
            let attr = |name: &str| dom.attr(node, name);
            match &*name.local {
                "a" | "area" => attr("href").into_iter().for_each(&mut add),
                "img" | "source" => {
                    for attribute in ["src"].iter().chain(&LAZY_ATTRIBUTES) {
                        attr(attribute).into_iter().for_each(&mut add);
                    }
                    for attribute in SRCSET_ATTRIBUTES {
                        attr(attribute)
                            .into_iter()
                            .flat_map(srcset_urls)
                            .for_each(&mut add);
                    }
                    for attribute in JSON_LAZY_ATTRIBUTES {
                        if let Some(url) = attr(attribute).and_then(json_image_url) {
                            add(&url);
                        }
                    }
                }
                "iframe" | "video" | "audio" | "embed" => {
                    for attribute in EMBED_SOURCE_ATTRIBUTES {
                        attr(attribute).into_iter().for_each(&mut add);
                    }
                }
                _ => {}
            }
            stack.extend(dom.children(node));
        }
        Elsewhere { urls }
    }

    /// Whether `url` is written elsewhere in the post (as the same URL).
    pub(crate) fn contains(&self, url: &str) -> bool {
        !self.urls.is_empty() && self.urls.contains(identity(url).as_ref())
    }
}

/// What the walk knows while it reads a fallback.
#[derive(Debug)]
pub(crate) struct Fallback<'a> {
    /// The URLs the fallback may not repeat.
    pub elsewhere: &'a Elsewhere,
    /// The link being recovered, while the walk is inside it.
    pub link: Option<FallbackLink>,
    /// How many images the fallback gave.
    pub images: usize,
}

impl<'a> Fallback<'a> {
    pub(crate) fn new(elsewhere: &'a Elsewhere) -> Self {
        Fallback {
            elsewhere,
            link: None,
            images: 0,
        }
    }
}

/// A link of a fallback being recovered.
#[derive(Debug, Default)]
pub(crate) struct FallbackLink {
    /// Text went into the link.
    pub used: bool,
    /// An image inside it went into a figure.
    pub images_placed: bool,
    /// The first image's `alt`, which names the link when no text does (as a screen
    /// reader names a linked image).
    pub alt: Option<String>,
}

impl FallbackLink {
    /// Notes an image found inside the link, and whether it went into a figure.
    pub(crate) fn image(&mut self, alt: Option<&str>, placed: bool) {
        self.images_placed |= placed;
        if self.alt.is_none() {
            self.alt = alt
                .map(|alt| alt.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|alt| !alt.is_empty());
        }
    }
}

/// Whether an `img` of a fallback is a tracking pixel (an analytics beacon such as
/// `<img height="1" width="1" style="display:none" src="https://www.facebook.com/tr?…">`)
/// rather than a picture: 0 or 1 pixel wide or high, or hidden.
pub(crate) fn is_tracking_pixel<'a>(attr: impl Fn(&str) -> Option<&'a str>) -> bool {
    let tiny = |name: &str| {
        attr(name).is_some_and(|v| matches!(v.trim().trim_end_matches("px").trim(), "0" | "1"))
    };
    let hidden = attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    });
    tiny("width") || tiny("height") || hidden
}

/// The text of an element and its descendants, white space collapsed.
pub(crate) fn plain_text(dom: &Dom<'_>, node: NodeId) -> String {
    let mut words: Vec<&str> = Vec::new();
    let mut stack: Vec<NodeId> = dom.children(node).collect();
    stack.reverse();
    while let Some(child) = stack.pop() {
        match &dom.node(child).kind {
            NodeKind::Text(text) => words.extend(text.split_whitespace()),
            NodeKind::Element { .. } => {
                let at = stack.len();
                stack.extend(dom.children(child));
                stack[at..].reverse();
            }
            _ => {}
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_pixels_are_told_from_pictures() {
        let attrs = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        };
        assert!(is_tracking_pixel(attrs(&[("height", "1"), ("width", "1")])));
        assert!(is_tracking_pixel(attrs(&[("width", "0px")])));
        assert!(is_tracking_pixel(attrs(&[("style", "Display: None")])));
        assert!(!is_tracking_pixel(attrs(&[
            ("width", "500"),
            ("height", "269")
        ])));
        assert!(!is_tracking_pixel(attrs(&[("style", "max-width: 500px")])));
        assert!(!is_tracking_pixel(attrs(&[])));
    }

    #[test]
    fn the_fallback_runs_to_its_end_tag() {
        let text = "<noscript><img src=a></NoScript ><p>after";
        let range = fallback_range(text, 10);
        assert_eq!(&text[range], "<img src=a>");
        let text = "<noscript></p></ noscript><a href=x>";
        assert_eq!(
            &text[fallback_range(text, 10)],
            "</p></ noscript><a href=x>"
        );
        assert_eq!(fallback_range("<noscript>", 10), 10..10);
    }

    #[test]
    fn urls_elsewhere_are_found_in_any_spelling_outside_skipped_elements() {
        let names = Arena::new();
        let limits = Limits {
            max_depth: 256,
            max_tags: 100,
        };
        let dom = parse(
            r#"<p><a href="https://e.com/中文">x</a><img data-src="/a.jpg" srcset="b.jpg 1x, c.jpg 2x"></p><aside><img src="noise.jpg"></aside>"#,
            limits,
            &names,
        );
        let elsewhere = Elsewhere::of(&dom, |node| dom.element_name(node) == Some("aside"));
        for url in [
            "https://e.com/%E4%B8%AD%E6%96%87",
            "/a.jpg",
            "b.jpg",
            "c.jpg",
        ] {
            assert!(elsewhere.contains(url), "{url}");
        }
        assert!(!elsewhere.contains("noise.jpg"));
        assert!(!elsewhere.contains("https://e.com/"));
    }
}
