//! The DOM html5ever built → the model's blocks.
//!
//! One pass in document order. Inline content (text, links, emphasis, line breaks) is
//! collected into a [`Run`] that becomes a paragraph, heading, caption or cell; a block
//! found inside inline content (an image in a paragraph, a `div` in a `span`) cuts the run
//! in two around it. Wrappers the model has no place for (`div`, `section`, `span`, `font`,
//! custom elements …) are unwrapped, their content kept. Noise is dropped with everything
//! inside it before anything else looks at it, so its URLs are not reported either.
//!
//! Recursion follows the DOM, whose depth the pre-scan bounds (`max_html_depth`); the walk
//! also stops recursing at [`MAX_WALK_DEPTH`](crate::parse::limits::MAX_WALK_DEPTH) and keeps only the text of what lies deeper,
//! so a large configured limit cannot overflow the stack. Lists and quotes nest at most
//! [`MAX_CONTAINER_DEPTH`](crate::parse::limits::MAX_CONTAINER_DEPTH) deep in the model; deeper ones are unwrapped into the innermost
//! allowed level.
//!
//! ## The walk by concern
//!
//! One [`Walker`] walks the DOM; its methods are grouped by what they know:
//!
//! | file | concern |
//! |---|---|
//! | `mod.rs` | the walker's state, the dispatch on element names ([`Walker::walk_element`]), noise and depth |
//! | [`scope`] | the run being collected and the blocks it becomes: flushing, block boundaries, and the one save/restore ([`Walker::scoped`]) every nested context goes through |
//! | [`flat`] | flat content (captions, table cells): block elements become line breaks |
//! | [`containers`] | paragraphs and headings, lists, quotes, tables, code, page furniture |
//! | [`figures`] | images, `picture`, figures and their captions, embeds |
//! | [`fallback`] | `noscript` fallbacks, read in place of the `noscript` |
//! | [`text`] | text content (below the depth cap, `pre`, `code`) and the Unicode separators |
//! | [`urls`] | the URLs of every element, recorded for lint |
//!
//! [`Mode`] says what the run being collected will become; only [`Mode::Flat`] changes
//! what a block element does, and it is dispatched once, to [`flat`], before the block
//! handlers run.

mod containers;
mod fallback;
mod figures;
mod flat;
mod scope;
mod text;
mod urls;

use super::dom::{Dom, NodeId, NodeKind};
use super::elements::{is_block, is_never_text};
use super::inline::{Run, Wrapper};
use super::noscript::{self, Elsewhere, Fallback};
use crate::model::{Block, EmbedKind, Image, Inline};
use crate::parse::furniture::FurnitureRules;
use crate::parse::limits::MAX_WALK_DEPTH;
use crate::parse::noise::NoiseRules;
use crate::parse::parsed::UrlRef;
use crate::span::{LineIndex, Span};

/// What the inline content being collected will become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Text directly in a block container: paragraphs, split at `<br><br>`.
    Bare,
    /// Text directly in a list item: one paragraph per run.
    Item,
    /// A `p`.
    Paragraph,
    /// An `h1`–`h6`.
    Heading(u8),
    /// A caption or table cell: blocks inside are flattened to line-separated inlines
    /// (see [`flat`]).
    Flat,
}

/// The parts of the `figure` being read.
#[derive(Debug, Default)]
struct FigureParts {
    images: Vec<Image>,
    caption: Vec<Inline>,
}

/// What the walk produced.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    pub blocks: Vec<Block>,
    pub urls: Vec<UrlRef>,
    pub sourceless_images: Vec<Span>,
}

/// The walk of one DOM (the body's, or a `noscript` fallback's in place of its element).
pub(crate) struct Walker<'a, 'i> {
    base: usize,
    index: &'a LineIndex<'i>,
    dom: &'a Dom<'a>,
    noise: &'a NoiseRules,
    out: Walked,
    run: Run,
    mode: Mode,
    /// The figure an image of the current `p` started, while nothing else followed it.
    image_figure: Option<usize>,
    figure: Option<FigureParts>,
    container_depth: usize,
    element_depth: usize,
    /// The body's markup as it was parsed (offsets from `base`), and the limits it was
    /// parsed with, for the `noscript` fallbacks parsed on the way.
    source: &'a str,
    limits: noscript::Limits,
    /// The URLs outside the fallbacks, collected at the first `noscript` with markup.
    elsewhere: Option<Elsewhere>,
    /// Set while a `noscript` fallback is read (see [`noscript`]).
    fallback: Option<Fallback<'a>>,
    /// How page furniture is recognised, and the post's source host for host-bound rules.
    furniture: Option<(&'a FurnitureRules, Option<&'a str>)>,
    /// Inside a furniture block: nothing is classified again.
    in_furniture: bool,
}

impl<'a, 'i> Walker<'a, 'i> {
    pub fn new(
        base: usize,
        index: &'a LineIndex<'i>,
        dom: &'a Dom<'a>,
        noise: &'a NoiseRules,
    ) -> Self {
        Walker {
            base,
            index,
            dom,
            noise,
            out: Walked::default(),
            run: Run::default(),
            mode: Mode::Bare,
            image_figure: None,
            figure: None,
            container_depth: 0,
            element_depth: 0,
            source: "",
            limits: noscript::Limits {
                max_depth: 0,
                max_tags: 0,
            },
            elsewhere: None,
            fallback: None,
            furniture: None,
            in_furniture: false,
        }
    }

    /// This walk, wrapping the elements these rules mark in [`Block::Furniture`].
    pub fn with_furniture(mut self, rules: &'a FurnitureRules, host: Option<&'a str>) -> Self {
        self.furniture = Some((rules, host));
        self
    }

    /// Reads `noscript` fallbacks: `source` is the markup the DOM was built from, parsed
    /// with `limits`. Without it, fallbacks are left out.
    pub fn with_fallbacks(mut self, source: &'a str, limits: noscript::Limits) -> Self {
        self.source = source;
        self.limits = limits;
        self
    }

    /// Walks the fragment's root (html5ever's `html` element holding the body's nodes).
    pub fn walk(mut self) -> Walked {
        let dom = self.dom;
        for root in dom.children(dom.document()) {
            self.walk_children(root);
        }
        self.flush();
        self.out
    }

    /// The span of a node's start tag (text: of where it starts).
    fn span_of(&self, node: NodeId) -> Span {
        let origin = self.dom.node(node).origin;
        self.index
            .span(self.base + origin.start, self.base + origin.end)
    }

    /// Whether the run being collected is flat content (a caption or a cell).
    fn is_flat(&self) -> bool {
        self.mode == Mode::Flat
    }

    fn is_skipped(&self, node: NodeId) -> bool {
        let Some(name) = self.dom.element_name(node) else {
            return false;
        };
        if is_never_text(name) {
            return true;
        }
        let (id, class) = self.dom.id_and_class(node);
        self.noise.is_noise(name, id, class)
    }

    /// Notes that the current run has content, starting at `node` unless it started before.
    fn mark(&mut self, node: NodeId) {
        if self.run.span.is_none() {
            self.run.span = Some(self.span_of(node));
        }
    }

    // ---- The walk ------------------------------------------------------------------------

    fn walk_children(&mut self, node: NodeId) {
        // The figure the previous sibling made, still without a caption: a `figcaption`
        // right after it (as after `div.figure-media`) is its caption.
        let mut captionless: Option<usize> = None;
        for child in self.dom.children(node) {
            let node = self.dom.node(child);
            match &node.kind {
                NodeKind::Text(text) => {
                    if !self.keeps_fallback_text(node.is_blank_text()) {
                        continue;
                    }
                    let blank = node.is_blank_text();
                    // Blank text starts no run, except in flat content, where it may
                    // stand between two inlines.
                    if blank && self.run.is_empty() && !self.is_flat() {
                        continue;
                    }
                    if !blank {
                        captionless = None;
                        self.mark(child);
                    }
                    self.push_text(child, text);
                }
                NodeKind::Element { .. } => {
                    if let Some(index) = captionless {
                        if self.dom.element_name(child) == Some("figcaption")
                            && !self.is_skipped(child)
                        {
                            self.attach_caption(index, child);
                            captionless = None;
                            continue;
                        }
                    }
                    let before = self.out.blocks.len();
                    let was_empty = self.run.is_empty();
                    self.walk_element(child);
                    let len = self.out.blocks.len();
                    if len == before && was_empty && self.run.is_empty() {
                        // Nothing came of it (noise, an empty wrapper): look past it.
                        continue;
                    }
                    captionless = match self.out.blocks.last() {
                        Some(Block::Figure { caption, .. })
                            if len > before && caption.is_empty() && self.run.is_empty() =>
                        {
                            Some(len - 1)
                        }
                        _ => None,
                    };
                }
                _ => {}
            }
        }
    }

    /// One node among other content (between the items of a list): its text joins the run.
    fn walk_node(&mut self, node: NodeId) {
        let dom_node = self.dom.node(node);
        match &dom_node.kind {
            NodeKind::Text(text)
                if !dom_node.is_blank_text() && self.keeps_fallback_text(false) =>
            {
                self.mark(node);
                self.run.push_text(text);
            }
            NodeKind::Element { .. } => self.walk_element(node),
            _ => {}
        }
    }

    /// An element: left out (noise, a tracking pixel in a fallback), read in place (a
    /// `noscript` fallback), kept as text (too deep), wrapped as furniture, or handed to
    /// the handler of its name.
    fn walk_element(&mut self, node: NodeId) {
        let Some(name) = self.dom.element_name(node) else {
            return;
        };
        if name == "noscript" {
            let (id, class) = self.dom.id_and_class(node);
            if !self.noise.is_noise(name, id, class) {
                self.noscript(node);
            }
            return;
        }
        if self.is_skipped(node) {
            return;
        }
        if self.element_depth >= MAX_WALK_DEPTH {
            self.push_text_content(node);
            return;
        }
        if name == "img"
            && self.fallback.is_some()
            && noscript::is_tracking_pixel(|attribute| self.dom.attr(node, attribute))
        {
            return; // an analytics beacon, not a picture: not even its URL is kept
        }
        if let Some(kind) = self.furniture_kind(node, name) {
            self.furniture_block(node, kind);
            return;
        }
        self.element_depth += 1;
        self.record_urls(node, name);
        if !(self.is_flat() && self.flat_element(node, name)) {
            self.element(node, name);
        }
        self.element_depth -= 1;
    }

    /// The handler of an element's name (block elements in flat content went to
    /// [`flat_element`](Self::flat_element) instead).
    fn element(&mut self, node: NodeId, name: &str) {
        match name {
            "a" if self.fallback.is_some() => self.fallback_link(node),
            "a" => {
                let span = self.span_of(node);
                self.mark(node);
                let opened = self.dom.attr(node, "href").is_some_and(|href| {
                    self.run.open(Wrapper::Link {
                        href: href.to_owned(),
                        span,
                    })
                });
                self.walk_children(node);
                if opened {
                    self.run.close();
                }
            }
            "em" | "i" => self.wrapper(node, Wrapper::Emphasis),
            "strong" | "b" => self.wrapper(node, Wrapper::Strong),
            "br" => self.run.push(Inline::LineBreak),
            "code" => self.code(node),
            "img" => self.image(node),
            "picture" => self.picture(node),
            "iframe" => self.embed(node, EmbedKind::Iframe),
            "video" => self.embed(node, EmbedKind::Video),
            "audio" => self.embed(node, EmbedKind::Audio),
            "p" => self.inline_block(node, Mode::Paragraph),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes().get(1).map_or(1, |b| b - b'0');
                self.inline_block(node, Mode::Heading(level));
            }
            "ul" | "ol" | "menu" | "dir" => self.list(node, name == "ol"),
            "blockquote" => self.quote(node),
            "table" => self.table(node),
            "figure" => self.figure(node),
            "figcaption" => self.figcaption(node),
            "pre" | "listing" | "xmp" => self.pre(node),
            "hr" => {
                let span = self.span_of(node);
                self.place_block(Block::Rule { span });
            }
            "source" | "track" | "embed" => {}
            name if is_block(name) => self.unwrap_block(node),
            _ => {
                self.mark(node);
                self.walk_children(node);
            }
        }
    }

    /// An inline wrapper (emphasis, strong) around its content.
    fn wrapper(&mut self, node: NodeId, wrapper: Wrapper) {
        self.mark(node);
        let opened = self.run.open(wrapper);
        self.walk_children(node);
        if opened {
            self.run.close();
        }
    }

    /// A block element the model has no place for (`div`, `section` …), or one that
    /// cannot be itself here: its content, between two block boundaries.
    fn unwrap_block(&mut self, node: NodeId) {
        self.boundary();
        self.walk_children(node);
        self.boundary();
    }
}

/// The walk's own test support (each concern's tests sit in its file) and the tests of
/// the dispatch.
#[cfg(test)]
pub(super) mod tests {
    use super::super::{parse_body, Body};
    use crate::model::Block;
    use crate::parse::options::ParseOptions;
    use crate::span::LineIndex;

    /// `html` parsed as a post's body with `options`: the DOM built, then walked.
    pub(crate) fn body_with(html: &str, options: &ParseOptions) -> Body {
        let index = LineIndex::new(html);
        parse_body(html, 0..html.len(), &index, options, None)
    }

    /// `html` parsed as a post's body with the default options.
    pub(crate) fn body(html: &str) -> Body {
        body_with(html, &ParseOptions::default())
    }

    /// The blocks of `html` as JSON (spans are not part of it).
    pub(crate) fn json(html: &str) -> String {
        serde_json::to_string(&body(html).blocks).unwrap_or_default()
    }

    /// Each top-level block of `html` as its JSON type and the text it holds.
    pub(crate) fn blocks(html: &str) -> Vec<(String, String)> {
        body(html)
            .blocks
            .iter()
            .map(|block| {
                let value = serde_json::to_value(block).unwrap_or_default();
                let kind = value["type"].as_str().unwrap_or_default().to_owned();
                let mut text = String::new();
                texts(&value, &mut text);
                (kind, text)
            })
            .collect()
    }

    /// Every `"text"` string inside `value`, in order.
    fn texts(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match value {
                        serde_json::Value::String(s) if key == "text" => out.push_str(s),
                        _ => texts(value, out),
                    }
                }
            }
            serde_json::Value::Array(values) => values.iter().for_each(|v| texts(v, out)),
            _ => {}
        }
    }

    #[test]
    fn wrappers_the_model_has_no_place_for_are_unwrapped() {
        assert_eq!(
            blocks("<section><span><font>a</font></span><custom-el>b</custom-el></section>"),
            [("paragraph".to_owned(), "ab".to_owned())]
        );
        // A block wrapper still ends the paragraph before it.
        assert_eq!(
            blocks("<section><div>a</div>b</section>"),
            [
                ("paragraph".to_owned(), "a".to_owned()),
                ("paragraph".to_owned(), "b".to_owned())
            ]
        );
    }

    #[test]
    fn noise_goes_with_everything_inside_it() {
        let body = body(
            r#"<p>a</p><div id="dfp-ad-imu1"><p>ad</p><img src="https://ads.example/x.gif"></div><script>b()</script><p>c</p>"#,
        );
        let texts: Vec<String> = body
            .blocks
            .iter()
            .map(|b| serde_json::to_string(b).unwrap_or_default())
            .collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(body.urls.is_empty(), "{:?}", body.urls);
    }

    #[test]
    fn inline_elements_open_wrappers_and_links_need_an_href() {
        assert_eq!(
            json(r#"<p><a href="/x"><em>e</em></a> <a name="n">plain</a> <b>s</b><br>t</p>"#),
            r#"[{"type":"paragraph","inlines":[{"type":"link","href":"/x","children":[{"type":"emphasis","children":[{"type":"text","text":"e"}]}]},{"type":"text","text":" plain "},{"type":"strong","children":[{"type":"text","text":"s"}]},{"type":"line_break"},{"type":"text","text":"t"}]}]"#
        );
    }

    #[test]
    fn bare_text_starts_where_its_first_text_or_inline_element_does() {
        let html = "<div>\n  <b>x</b> y</div>";
        let body = body(html);
        assert_eq!(body.blocks.len(), 1);
        assert!(matches!(body.blocks[0], Block::Paragraph { .. }));
        assert_eq!(
            body.blocks[0].span().start,
            html.find("<b>").unwrap_or_default()
        );
    }

    #[test]
    fn furniture_wraps_the_blocks_of_the_element_the_rules_mark() {
        let body = body(r#"<p>a</p><div class="share-buttons"><p>Share</p></div>"#);
        let furniture = body
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Furniture { .. }))
            .count();
        let json = serde_json::to_string(&body.blocks).unwrap_or_default();
        assert!(furniture <= 1, "{json}");
        assert!(
            json.contains(r#""text":"Share""#),
            "nothing is lost: {json}"
        );
    }
}
