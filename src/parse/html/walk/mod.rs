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
//! also stops recursing at [`MAX_WALK_DEPTH`] and keeps only the text of what lies deeper,
//! so a large configured limit cannot overflow the stack. Lists and quotes nest at most
//! [`MAX_CONTAINER_DEPTH`] deep in the model; deeper ones are unwrapped into the innermost
//! allowed level.

use super::dom::{Dom, NodeId, NodeKind};
use super::image::{
    first_usable_candidate, image_url, json_image_url, srcset_urls, JSON_LAZY_ATTRIBUTES,
    LAZY_ATTRIBUTES,
};
use super::inline::{has_text, normalize, split_at_double_breaks, Run, Wrapper};
use super::noscript::{self, Elsewhere, Fallback, FallbackLink};
use crate::model::{Block, Cell, EmbedKind, FurnitureKind, Image, Inline, ListItem, Row};
use crate::parse::furniture::FurnitureRules;
use crate::parse::{NoiseRules, UrlRef};
use crate::span::{LineIndex, Span};

/// How deep lists and quotes may nest in the model, so that JSON output stays within
/// serde_json's recursion limit of 128.
pub(crate) const MAX_CONTAINER_DEPTH: usize = 16;

/// How deep the walk recurses into elements; deeper content keeps only its text.
pub(crate) const MAX_WALK_DEPTH: usize = 400;

/// The attributes of an `img` that hold URLs, in the order they are reported.
const IMG_URL_ATTRIBUTES: [&str; 10] = [
    "src",
    LAZY_ATTRIBUTES[0],
    LAZY_ATTRIBUTES[1],
    LAZY_ATTRIBUTES[2],
    LAZY_ATTRIBUTES[3],
    LAZY_ATTRIBUTES[4],
    LAZY_ATTRIBUTES[5],
    JSON_LAZY_ATTRIBUTES[0],
    "srcset",
    "data-srcset",
];

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
    /// A caption or table cell: blocks inside are flattened to line-separated inlines.
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

/// Elements whose content is never text, whatever the noise rules say.
fn is_never_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "noscript" | "template")
}

/// Elements that end the paragraph they would otherwise sit in.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
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

    // ---- URLs ------------------------------------------------------------------------

    fn record(&mut self, element: &str, attribute: &str, value: &str, span: Span) {
        if value.trim().is_empty() || self.is_repeat(value) {
            return;
        }
        self.out.urls.push(UrlRef {
            element: element.to_owned(),
            attribute: attribute.to_owned(),
            value: value.to_owned(),
            span,
        });
    }

    /// Records every URL an element's attributes hold.
    fn record_urls(&mut self, node: NodeId, name: &str) {
        let attributes: &[&str] = match name {
            "a" | "area" => &["href"],
            "img" => &IMG_URL_ATTRIBUTES,
            "source" => &["src", "srcset", "data-srcset"],
            "iframe" | "video" | "audio" | "embed" | "track" => &["src", "data-src"],
            _ => return,
        };
        let span = self.span_of(node);
        for attribute in attributes {
            let Some(value) = self.dom.attr(node, attribute) else {
                continue;
            };
            if attribute.ends_with("srcset") {
                for url in srcset_urls(value) {
                    self.record(name, attribute, url, span);
                }
            } else if JSON_LAZY_ATTRIBUTES.contains(attribute) {
                if let Some(url) = json_image_url(value) {
                    self.record(name, attribute, &url, span);
                }
            } else {
                self.record(name, attribute, value, span);
            }
        }
    }

    // ---- Runs and blocks ---------------------------------------------------------------

    /// Ends the current run: its content becomes blocks (nothing in [`Mode::Flat`], whose
    /// content the caller takes).
    fn flush(&mut self) {
        if self.mode == Mode::Flat {
            return;
        }
        if self.run.is_empty() {
            if matches!(self.mode, Mode::Bare | Mode::Item) {
                self.run.span = None;
            }
            return;
        }
        let span = self.run.span.unwrap_or_default();
        let inlines = normalize(self.run.cut());
        match self.mode {
            Mode::Bare => {
                self.run.span = None;
                for inlines in split_at_double_breaks(inlines) {
                    self.push_block(Block::Paragraph { inlines, span });
                }
            }
            Mode::Item if has_text(&inlines) => {
                self.run.span = None;
                self.push_block(Block::Paragraph { inlines, span });
            }
            Mode::Paragraph if has_text(&inlines) => {
                self.push_block(Block::Paragraph { inlines, span });
            }
            Mode::Heading(level) if has_text(&inlines) => {
                self.push_block(Block::Heading {
                    level,
                    inlines,
                    span,
                });
            }
            _ => {}
        }
    }

    fn push_block(&mut self, block: Block) {
        self.out.blocks.push(block);
        self.image_figure = None;
    }

    /// A block found where inline content may be: ends the run before it.
    fn place_block(&mut self, block: Block) {
        if self.mode == Mode::Flat {
            return;
        }
        self.flush();
        self.push_block(block);
    }

    /// Where a block element starts or ends inside inline content.
    fn boundary(&mut self) {
        if self.mode == Mode::Flat {
            self.run.push_break_once();
        } else {
            self.flush();
            self.image_figure = None;
        }
    }

    /// Text holding U+2028 LINE SEPARATOR or U+2029 PARAGRAPH SEPARATOR, read as what
    /// they mean: a line break, and the end of one paragraph and start of the next (a line
    /// break where a paragraph cannot end: in a heading, a caption, a table cell).
    fn push_separated_text(&mut self, node: NodeId, text: &str) {
        let mut rest = text;
        while let Some(i) = rest.find(['\u{2028}', '\u{2029}']) {
            self.run.push_text(&rest[..i]);
            let paragraph = rest[i..].starts_with('\u{2029}');
            match self.mode {
                Mode::Bare | Mode::Item | Mode::Paragraph if paragraph => {
                    self.boundary();
                    self.mark(node);
                }
                _ => self.run.push(Inline::LineBreak),
            }
            // Both separators are three bytes long.
            rest = &rest[i + 3..];
        }
        self.run.push_text(rest);
    }

    /// Runs `f` with a fresh block list and a run of `mode`; returns the blocks it made.
    fn container(&mut self, mode: Mode, f: impl FnOnce(&mut Self)) -> Vec<Block> {
        let blocks = std::mem::take(&mut self.out.blocks);
        let run = std::mem::take(&mut self.run);
        let mode = std::mem::replace(&mut self.mode, mode);
        let image_figure = self.image_figure.take();
        f(self);
        self.flush();
        self.run = run;
        self.mode = mode;
        self.image_figure = image_figure;
        std::mem::replace(&mut self.out.blocks, blocks)
    }

    /// Runs `f` collecting flat inline content (a caption or a cell); returns it.
    fn flat(&mut self, f: impl FnOnce(&mut Self)) -> Vec<Inline> {
        let run = std::mem::take(&mut self.run);
        let mode = std::mem::replace(&mut self.mode, Mode::Flat);
        f(self);
        let inlines = normalize(self.run.cut());
        self.run = run;
        self.mode = mode;
        inlines
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
                    if blank && self.run.is_empty() && self.mode != Mode::Flat {
                        continue;
                    }
                    if !blank {
                        captionless = None;
                        self.mark(child);
                    }
                    if has_separator(text) {
                        let text = text.to_string();
                        self.push_separated_text(child, &text);
                    } else {
                        self.run.push_text(text);
                    }
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
            "code" => {
                let text = self.text_content(node, false);
                if !text.is_empty() {
                    self.mark(node);
                    self.run.push(Inline::Code { text });
                }
            }
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
                if self.mode == Mode::Flat {
                    self.run.push(Inline::LineBreak);
                } else {
                    let span = self.span_of(node);
                    self.place_block(Block::Rule { span });
                }
            }
            "source" | "track" | "embed" => {}
            name if is_block(name) => {
                self.boundary();
                self.walk_children(node);
                self.boundary();
            }
            _ => {
                self.mark(node);
                self.walk_children(node);
            }
        }
        self.element_depth -= 1;
    }

    /// The furniture kind of an element, outside furniture and flat content.
    fn furniture_kind(&self, node: NodeId, name: &str) -> Option<FurnitureKind> {
        let (rules, host) = self.furniture?;
        if self.in_furniture || self.mode == Mode::Flat || self.figure.is_some() {
            return None;
        }
        rules.element_kind(name, is_block(name), |attr| self.dom.attr(node, attr), host)
    }

    /// An element of page furniture: its blocks, read as any others, in one
    /// [`Block::Furniture`].
    fn furniture_block(&mut self, node: NodeId, kind: FurnitureKind) {
        self.flush();
        let span = self.span_of(node);
        self.in_furniture = true;
        let blocks = self.container(Mode::Bare, |w| w.walk_element(node));
        self.in_furniture = false;
        if !blocks.is_empty() {
            self.push_block(Block::Furniture { kind, blocks, span });
        }
    }

    fn wrapper(&mut self, node: NodeId, wrapper: Wrapper) {
        self.mark(node);
        let opened = self.run.open(wrapper);
        self.walk_children(node);
        if opened {
            self.run.close();
        }
    }

    /// A `p` or heading: inline content of its own.
    fn inline_block(&mut self, node: NodeId, mode: Mode) {
        if self.mode == Mode::Flat {
            self.boundary();
            self.walk_children(node);
            self.boundary();
            return;
        }
        self.flush();
        let span = self.span_of(node);
        let run = std::mem::replace(&mut self.run, Run::new(Some(span)));
        let outer = std::mem::replace(&mut self.mode, mode);
        self.image_figure = None;
        self.walk_children(node);
        self.flush();
        self.run = run;
        self.mode = outer;
        self.image_figure = None;
    }

    fn list(&mut self, node: NodeId, ordered: bool) {
        if self.mode == Mode::Flat || self.container_depth >= MAX_CONTAINER_DEPTH {
            // Too deep (or in a cell): the items' content joins the enclosing level.
            self.boundary();
            for child in self.dom.children(node) {
                if self.dom.element_name(child) == Some("li") && !self.is_skipped(child) {
                    self.boundary();
                    self.walk_children(child);
                    self.boundary();
                } else {
                    self.walk_node(child);
                }
            }
            self.boundary();
            return;
        }
        self.flush();
        let span = self.span_of(node);
        self.container_depth += 1;
        let mut items: Vec<ListItem> = Vec::new();
        let mut loose = false;
        for child in self.dom.children(node) {
            if self.dom.element_name(child) == Some("li") {
                if self.is_skipped(child) {
                    continue;
                }
                let blocks = self.container(Mode::Item, |w| w.walk_children(child));
                items.push(ListItem::new(blocks));
                loose = false;
            } else {
                // Content between items (a stray `p` or text) joins an item of its own.
                let blocks = self.container(Mode::Item, |w| w.walk_node(child));
                if blocks.is_empty() {
                    continue;
                }
                match items.last_mut() {
                    Some(item) if loose => item.blocks.extend(blocks),
                    _ => {
                        items.push(ListItem::new(blocks));
                        loose = true;
                    }
                }
            }
        }
        self.container_depth -= 1;
        items.retain(|item| !item.blocks.is_empty());
        if !items.is_empty() {
            self.push_block(Block::List {
                ordered,
                items,
                span,
            });
        }
    }

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

    fn quote(&mut self, node: NodeId) {
        if self.mode == Mode::Flat || self.container_depth >= MAX_CONTAINER_DEPTH {
            self.boundary();
            self.walk_children(node);
            self.boundary();
            return;
        }
        self.flush();
        let span = self.span_of(node);
        self.container_depth += 1;
        let blocks = self.container(Mode::Bare, |w| w.walk_children(node));
        self.container_depth -= 1;
        if !blocks.is_empty() {
            self.push_block(Block::Quote { blocks, span });
        }
    }

    fn table(&mut self, node: NodeId) {
        if self.mode == Mode::Flat {
            self.boundary();
            self.walk_children(node);
            self.boundary();
            return;
        }
        self.flush();
        let span = self.span_of(node);
        let mut rows = Vec::new();
        // Sections hold rows, rows hold cells; the tree builder put everything else
        // (foster-parented text, stray elements) before the table.
        for child in self.dom.children(node) {
            if self.is_skipped(child) {
                continue;
            }
            match self.dom.element_name(child) {
                Some("thead" | "tbody" | "tfoot") => {
                    for row in self.dom.children(child) {
                        if self.dom.element_name(row) == Some("tr") && !self.is_skipped(row) {
                            self.row(row, &mut rows);
                        }
                    }
                }
                Some("tr") => self.row(child, &mut rows),
                Some("caption") => {
                    let caption = self.flat(|w| w.walk_children(child));
                    if has_text(&caption) {
                        let span = self.span_of(child);
                        self.push_block(Block::Paragraph {
                            inlines: caption,
                            span,
                        });
                    }
                }
                _ => {}
            }
        }
        let any_text = rows
            .iter()
            .any(|row: &Row| row.cells.iter().any(|cell| has_text(&cell.inlines)));
        if any_text {
            self.push_block(Block::Table { rows, span });
        }
    }

    fn row(&mut self, row: NodeId, rows: &mut Vec<Row>) {
        let mut cells = Vec::new();
        for cell in self.dom.children(row) {
            let header = match self.dom.element_name(cell) {
                Some("th") => true,
                Some("td") => false,
                _ => continue,
            };
            if self.is_skipped(cell) {
                continue;
            }
            let inlines = self.flat(|w| w.walk_children(cell));
            cells.push(Cell::new(header, inlines));
        }
        if !cells.is_empty() {
            rows.push(Row::new(cells));
        }
    }

    fn figure(&mut self, node: NodeId) {
        if self.figure.is_some() || self.mode == Mode::Flat {
            // A figure in a figure (or in a caption) adds to the outer one.
            self.walk_children(node);
            return;
        }
        self.flush();
        let span = self.span_of(node);
        self.figure = Some(FigureParts::default());
        let mode = std::mem::replace(&mut self.mode, Mode::Bare);
        let run = std::mem::take(&mut self.run);
        self.walk_children(node);
        self.flush();
        self.mode = mode;
        self.run = run;
        let parts = self.figure.take().unwrap_or_default();
        if !parts.images.is_empty() || has_text(&parts.caption) {
            self.push_block(Block::Figure {
                images: parts.images,
                caption: parts.caption,
                span,
            });
        }
    }

    fn figcaption(&mut self, node: NodeId) {
        if self.mode == Mode::Flat {
            self.boundary();
            self.walk_children(node);
            self.boundary();
            return;
        }
        let caption = self.flat(|w| w.walk_children(node));
        if let Some(figure) = &mut self.figure {
            if has_text(&caption) {
                if !figure.caption.is_empty() {
                    figure.caption.push(Inline::LineBreak);
                }
                figure.caption.extend(caption);
                figure.caption = normalize(std::mem::take(&mut figure.caption));
            }
            return;
        }
        if has_text(&caption) {
            let span = self.span_of(node);
            self.place_block(Block::Figure {
                images: Vec::new(),
                caption,
                span,
            });
        }
    }

    fn attach_caption(&mut self, index: usize, node: NodeId) {
        self.element_depth += 1;
        let caption = self.flat(|w| w.walk_children(node));
        self.element_depth -= 1;
        if !has_text(&caption) {
            return;
        }
        if let Some(Block::Figure { caption: slot, .. }) = self.out.blocks.get_mut(index) {
            *slot = caption;
        }
    }

    fn pre(&mut self, node: NodeId) {
        let text = self.text_content(node, true);
        if self.mode == Mode::Flat {
            self.run.push_text(&text);
            return;
        }
        if !text.is_empty() {
            let span = self.span_of(node);
            self.place_block(Block::Code { text, span });
        }
    }

    // ---- Images and embeds -------------------------------------------------------------

    fn image(&mut self, node: NodeId) {
        let span = self.span_of(node);
        let url = image_url(|name| self.dom.attr(node, name));
        match url {
            Some(src) => self.place_image(Image {
                src,
                alt: self.dom.attr(node, "alt").map(str::to_owned),
                title: self.dom.attr(node, "title").map(str::to_owned),
                span,
            }),
            None if self.fallback.is_some() => {}
            None => self.out.sourceless_images.push(span),
        }
    }

    /// `picture`: one image, the `img`'s URL, else the first usable `source` URL.
    fn picture(&mut self, node: NodeId) {
        let dom = self.dom;
        let mut img: Option<NodeId> = None;
        let mut source: Option<(String, Span)> = None;
        let mut stack: Vec<NodeId> = dom.children(node).collect();
        stack.reverse();
        while let Some(child) = stack.pop() {
            let Some(name) = dom.element_name(child) else {
                continue;
            };
            if self.is_skipped(child) {
                continue;
            }
            match name {
                "img" if img.is_none() => {
                    self.record_urls(child, name);
                    img = Some(child);
                }
                "source" => {
                    self.record_urls(child, name);
                    if source.is_none() {
                        let url = ["srcset", "data-srcset", "src"]
                            .iter()
                            .filter_map(|a| self.dom.attr(child, a))
                            .find_map(first_usable_candidate)
                            .map(str::to_owned);
                        if let Some(url) = url {
                            source = Some((url, self.span_of(child)));
                        }
                    }
                }
                _ => {
                    let grandchildren = stack.len();
                    stack.extend(dom.children(child));
                    stack[grandchildren..].reverse();
                }
            }
        }
        let from_img = img.and_then(|img| {
            image_url(|name| dom.attr(img, name)).map(|url| (url, self.span_of(img)))
        });
        let (alt, title) = img.map_or((None, None), |img| {
            (
                dom.attr(img, "alt").map(str::to_owned),
                dom.attr(img, "title").map(str::to_owned),
            )
        });
        match from_img.or(source) {
            Some((src, span)) => self.place_image(Image {
                src,
                alt,
                title,
                span,
            }),
            None => {
                if let Some(img) = img.filter(|_| self.fallback.is_none()) {
                    let span = self.span_of(img);
                    self.out.sourceless_images.push(span);
                }
            }
        }
    }

    /// Puts an image in the figure being read, else in a figure of its own (joining the
    /// one the previous image of this run made when nothing came between).
    fn place_image(&mut self, image: Image) {
        if self.is_repeat(&image.src) {
            return;
        }
        let placed = self.figure.is_some() || self.mode != Mode::Flat;
        if let Some(fallback) = &mut self.fallback {
            fallback.images += usize::from(placed);
            if let Some(link) = &mut fallback.link {
                link.image(image.alt.as_deref(), placed);
            }
        }
        if let Some(figure) = &mut self.figure {
            figure.images.push(image);
            return;
        }
        if self.mode == Mode::Flat {
            return;
        }
        self.flush();
        if let Some(index) = self.image_figure {
            if index + 1 == self.out.blocks.len() {
                if let Some(Block::Figure { images, .. }) = self.out.blocks.get_mut(index) {
                    images.push(image);
                    return;
                }
            }
        }
        let span = image.span;
        self.push_block(Block::Figure {
            images: vec![image],
            caption: Vec::new(),
            span,
        });
        // Images side by side in one `p` make one figure; elsewhere each is its own.
        if self.mode == Mode::Paragraph {
            self.image_figure = Some(self.out.blocks.len() - 1);
        }
    }

    fn embed(&mut self, node: NodeId, kind: EmbedKind) {
        let mut src = ["src", "data-src"]
            .iter()
            .filter_map(|a| self.dom.attr(node, a))
            .map(|v| v.trim().to_owned())
            .find(|v| !v.is_empty());
        if kind != EmbedKind::Iframe {
            for child in self.dom.children(node) {
                if self.dom.element_name(child) != Some("source") || self.is_skipped(child) {
                    continue;
                }
                self.record_urls(child, "source");
                if src.is_none() {
                    src = self
                        .dom
                        .attr(child, "src")
                        .map(|v| v.trim().to_owned())
                        .filter(|v| !v.is_empty());
                }
            }
        }
        if let Some(src) = src.filter(|src| !self.is_repeat(src)) {
            let span = self.span_of(node);
            self.place_block(Block::Embed { kind, src, span });
        }
    }

    // ---- `noscript` fallbacks -----------------------------------------------------------

    /// Whether `url`, inside a fallback, repeats a URL the post has elsewhere.
    fn is_repeat(&self, url: &str) -> bool {
        self.fallback
            .as_ref()
            .is_some_and(|fallback| fallback.elsewhere.contains(url))
    }

    /// Whether text is kept: always, except inside a fallback outside a recovered link.
    fn keeps_fallback_text(&mut self, blank: bool) -> bool {
        let in_link = self.run.has_open_link();
        match &mut self.fallback {
            None => true,
            Some(Fallback {
                link: Some(link), ..
            }) if in_link => {
                link.used |= !blank;
                true
            }
            Some(_) => false,
        }
    }

    /// A `noscript`: its fallback is read in its place, so that what it alone holds joins
    /// the figure, paragraph or list it stands in.
    fn noscript(&mut self, node: NodeId) {
        if self.fallback.is_some() || !noscript::is_fallback(self.dom, node) {
            return; // a fallback's own `noscript` is raw text; a foreign one is no fallback
        }
        let text = self.source;
        let origin = self.dom.node(node).origin;
        let range = noscript::fallback_range(text, origin.end);
        let Some(html) = text
            .get(range.clone())
            .filter(|html| noscript::may_hold_markup(html))
        else {
            return;
        };
        let names = typed_arena::Arena::new();
        let dom = noscript::parse(html, self.limits, &names);
        let elsewhere = match self.elsewhere.take() {
            Some(elsewhere) => elsewhere,
            None => Elsewhere::of(self.dom, |node| self.is_skipped(node)),
        };
        let mut inner = Walker {
            base: self.base + range.start,
            index: self.index,
            dom: &dom,
            noise: self.noise,
            out: std::mem::take(&mut self.out),
            run: std::mem::take(&mut self.run),
            mode: self.mode,
            image_figure: self.image_figure,
            figure: self.figure.take(),
            container_depth: self.container_depth,
            element_depth: self.element_depth,
            source: html,
            limits: self.limits,
            elsewhere: None,
            fallback: Some(Fallback::new(&elsewhere)),
            furniture: self.furniture,
            in_furniture: self.in_furniture,
        };
        for root in dom.children(dom.document()) {
            inner.walk_children(root);
        }
        let images = inner
            .fallback
            .as_ref()
            .map_or(0, |fallback| fallback.images);
        self.out = inner.out;
        self.run = inner.run;
        self.image_figure = inner.image_figure;
        self.figure = inner.figure;
        self.elsewhere = Some(elsewhere);
        // `<img src="data:…"><noscript><img src="…"></noscript>`: the placeholder's image
        // is the fallback's, so it is no image without a source.
        if images > 0 {
            if let Some(last) = self.out.sourceless_images.last() {
                let between = last
                    .end
                    .checked_sub(self.base)
                    .and_then(|end| text.get(end..origin.start));
                if between.is_some_and(|b| b.trim().is_empty()) {
                    self.out.sourceless_images.pop();
                }
            }
        }
    }

    /// A link inside a fallback: recovered with the text inside it, unless its URL is
    /// written elsewhere. A link without text of its own (around an image) is named by
    /// the image's `alt`, else its text, else its URL, and goes into the caption of the
    /// image's figure.
    fn fallback_link(&mut self, node: NodeId) {
        let Some(href) = self
            .dom
            .attr(node, "href")
            .filter(|href| !href.trim().is_empty() && !self.is_repeat(href))
            .map(str::to_owned)
        else {
            // Its text goes; an image inside it may still be new.
            self.walk_children(node);
            return;
        };
        let span = self.span_of(node);
        let outer = self
            .fallback
            .as_mut()
            .and_then(|fallback| fallback.link.replace(FallbackLink::default()));
        let opened = self.run.open(Wrapper::Link {
            href: href.clone(),
            span,
        });
        self.walk_children(node);
        if opened {
            self.run.close();
        }
        let link = self
            .fallback
            .as_mut()
            .and_then(|fallback| std::mem::replace(&mut fallback.link, outer));
        let Some(link) = link.filter(|link| !link.used) else {
            return;
        };
        let images_placed = link.images_placed;
        let name = link
            .alt
            .or_else(|| Some(noscript::plain_text(self.dom, node)).filter(|t| !t.is_empty()))
            .unwrap_or_else(|| href.clone());
        let link = Inline::Link {
            href,
            children: vec![Inline::text(name)],
            span,
        };
        let figure_caption = if images_placed {
            match &mut self.figure {
                Some(figure) => Some(&mut figure.caption),
                None => self
                    .out
                    .blocks
                    .iter_mut()
                    .rev()
                    .find_map(|block| match block {
                        Block::Figure { caption, .. } => Some(caption),
                        _ => None,
                    }),
            }
        } else {
            None
        };
        match figure_caption {
            Some(caption) => {
                if !caption.is_empty() {
                    caption.push(Inline::LineBreak);
                }
                caption.push(link);
                *caption = normalize(std::mem::take(caption));
            }
            None => {
                self.mark(node);
                self.run.push(link);
            }
        }
    }

    // ---- Text content ----------------------------------------------------------------

    /// The text of an element and its descendants, noise left out; `br` is a newline when
    /// `pre`. Iterative, so any depth is fine. URLs of elements inside are recorded.
    fn text_content(&mut self, node: NodeId, pre: bool) -> String {
        let dom = self.dom;
        let mut out = String::new();
        let mut stack: Vec<NodeId> = dom.children(node).collect();
        stack.reverse();
        while let Some(child) = stack.pop() {
            match &dom.node(child).kind {
                NodeKind::Text(text) => out.push_str(text),
                NodeKind::Element { name, .. } => {
                    if self.is_skipped(child) {
                        continue;
                    }
                    self.record_urls(child, &name.local);
                    if &*name.local == "br" {
                        out.push(if pre { '\n' } else { ' ' });
                    }
                    let grandchildren = stack.len();
                    stack.extend(dom.children(child));
                    stack[grandchildren..].reverse();
                }
                _ => {}
            }
        }
        out
    }

    /// Below [`MAX_WALK_DEPTH`]: only the text is kept.
    fn push_text_content(&mut self, node: NodeId) {
        let text = self.text_content(node, false);
        if !text.trim().is_empty() {
            self.mark(node);
            self.run.push_text(&text);
        }
    }
}

/// Whether `text` holds U+2028 or U+2029 (bytes `E2 80 A8`, `E2 80 A9`).
fn has_separator(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"\xE2\x80")
        .any(|i| matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)))
}
