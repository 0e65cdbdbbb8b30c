//! Images and what holds them: `img`, `picture`, `figure` and `figcaption`, and embeds.
//!
//! An image goes into the figure being read; else into a figure of its own, which the
//! next image joins when nothing came between them in one `p` (images side by side). A
//! caption is flat content: the `figcaption` inside the figure, or one right after a
//! figure that has none (`div.figure-media` + `figcaption`). An image without a usable
//! URL is no image: its position is kept for lint ([`Walked::sourceless_images`]).

use super::super::dom::NodeId;
use super::super::image::{
    first_usable_candidate, image_url, EMBED_SOURCE_ATTRIBUTES, SRCSET_ATTRIBUTES,
};
use super::super::inline::{has_text, normalize, Run};
#[cfg(doc)]
use super::Walked;
use super::{FigureParts, Mode, Walker};
use crate::model::{Block, EmbedKind, Image, Inline};
use crate::span::Span;

impl Walker<'_, '_> {
    /// A `figure`: its images and caption, whatever wraps them inside it.
    pub(super) fn figure(&mut self, node: NodeId) {
        if self.figure.is_some() {
            // A figure in a figure adds to the outer one.
            self.walk_children(node);
            return;
        }
        self.flush();
        let span = self.span_of(node);
        self.figure = Some(FigureParts::default());
        self.scoped(Mode::Bare, Run::default(), |w| {
            w.walk_children(node);
            w.flush();
        });
        let parts = self.figure.take().unwrap_or_default();
        if !parts.images.is_empty() || has_text(&parts.caption) {
            self.push_block(Block::Figure {
                images: parts.images,
                caption: parts.caption,
                span,
            });
        }
    }

    /// A `figcaption`: the caption of the figure being read, else a figure of its own.
    pub(super) fn figcaption(&mut self, node: NodeId) {
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

    /// A `figcaption` right after a figure without one (see
    /// [`walk_children`](Walker::walk_children)) becomes its caption.
    pub(super) fn attach_caption(&mut self, index: usize, node: NodeId) {
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

    pub(super) fn image(&mut self, node: NodeId) {
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
    pub(super) fn picture(&mut self, node: NodeId) {
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
                        let url = SRCSET_ATTRIBUTES
                            .iter()
                            .chain(&["src"])
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
    pub(super) fn place_image(&mut self, image: Image) {
        if self.is_repeat(&image.src) {
            return;
        }
        // Flat content keeps no image, unless it is the caption of a figure being read.
        let placed = self.figure.is_some() || !self.is_flat();
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
        if !placed {
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

    /// An `iframe`, `video` or `audio`: an embed of its URL (for media, else of its first
    /// `source`'s).
    pub(super) fn embed(&mut self, node: NodeId, kind: EmbedKind) {
        let mut src = EMBED_SOURCE_ATTRIBUTES
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
}

#[cfg(test)]
mod tests {
    use super::super::tests::{blocks, body, json};

    #[test]
    fn a_figure_holds_its_images_and_its_caption() {
        assert_eq!(
            json(
                r#"<figure><div><img src="https://e.com/a.jpg" alt="A"></div><figcaption>Cap <b>b</b></figcaption></figure>"#
            ),
            r#"[{"type":"figure","images":[{"src":"https://e.com/a.jpg","alt":"A"}],"caption":[{"type":"text","text":"Cap "},{"type":"strong","children":[{"type":"text","text":"b"}]}]}]"#
        );
    }

    #[test]
    fn images_side_by_side_in_a_paragraph_make_one_figure_elsewhere_one_each() {
        let two = r#"<img src="https://e.com/a.jpg"><img src="https://e.com/b.jpg">"#;
        let in_p = json(&format!("<p>{two}</p>"));
        assert_eq!(in_p.matches(r#""type":"figure""#).count(), 1, "{in_p}");
        let bare = json(&format!("<div>{two}</div>"));
        assert_eq!(bare.matches(r#""type":"figure""#).count(), 2, "{bare}");
    }

    #[test]
    fn a_figcaption_right_after_a_figure_without_one_is_its_caption() {
        let kinds: Vec<(String, String)> = blocks(
            r#"<div class="figure-media"><img src="https://e.com/a.jpg"></div><figcaption>cap</figcaption>"#,
        );
        assert_eq!(kinds, [("figure".to_owned(), "cap".to_owned())]);
    }

    #[test]
    fn a_lone_figcaption_is_a_figure_of_its_caption() {
        assert_eq!(
            blocks("<figcaption>cap</figcaption>"),
            [("figure".to_owned(), "cap".to_owned())]
        );
    }

    #[test]
    fn picture_takes_the_img_url_else_the_first_usable_source() {
        let json1 = json(
            r#"<picture><source srcset="https://e.com/s.webp 1x"><img src="https://e.com/i.jpg"></picture>"#,
        );
        assert!(json1.contains(r#""src":"https://e.com/i.jpg""#), "{json1}");
        let json2 = json(r#"<picture><source srcset="https://e.com/s.webp 1x"><img></picture>"#);
        assert!(json2.contains(r#""src":"https://e.com/s.webp""#), "{json2}");
    }

    #[test]
    fn an_image_without_a_url_is_kept_as_a_position_only() {
        let body = body(r#"<p>a<img alt="x">b</p>"#);
        assert_eq!(body.sourceless_images.len(), 1);
        assert_eq!(body.sourceless_images[0].start, 4);
        assert_eq!(body.blocks.len(), 1);
    }

    #[test]
    fn embeds_take_src_else_a_media_source() {
        let json = json(
            r#"<iframe data-src=" https://e.com/v "></iframe><video><source src="https://e.com/m.mp4"></video><audio></audio>"#,
        );
        assert_eq!(
            json,
            r#"[{"type":"embed","kind":"iframe","src":"https://e.com/v"},{"type":"embed","kind":"video","src":"https://e.com/m.mp4"}]"#
        );
    }
}
