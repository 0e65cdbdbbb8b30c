//! `noscript` fallbacks, read in place of their element (see
//! [`noscript`](super::super::noscript) for what a fallback is and how it is parsed).
//!
//! A fallback's DOM is walked by a walker of its own that takes over the outer one's run,
//! blocks and figure, so what the fallback alone holds joins the paragraph, list or figure
//! the `noscript` stands in; then the outer walker takes them back. Inside it, only the
//! images and links whose URL the post has nowhere else are kept, and only the text inside
//! such a link.

use super::super::dom::NodeId;
use super::super::inline::{normalize, Wrapper};
use super::super::noscript::{self, Elsewhere, Fallback, FallbackLink};
use super::Walker;
use crate::model::{Block, Inline};

impl Walker<'_, '_> {
    /// Whether `url`, inside a fallback, repeats a URL the post has elsewhere.
    pub(super) fn is_repeat(&self, url: &str) -> bool {
        self.fallback
            .as_ref()
            .is_some_and(|fallback| fallback.elsewhere.contains(url))
    }

    /// Whether text is kept: always, except inside a fallback outside a recovered link.
    pub(super) fn keeps_fallback_text(&mut self, blank: bool) -> bool {
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
    pub(super) fn noscript(&mut self, node: NodeId) {
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
    pub(super) fn fallback_link(&mut self, node: NodeId) {
        // A `noscript` inside a link: HTML cannot nest links, so one recovered there would
        // not read back as written (the writer's `<a>` inside an `<a>` closes the first).
        let in_link = self.run.has_open_link();
        let Some(href) = self
            .dom
            .attr(node, "href")
            .filter(|href| !in_link && !href.trim().is_empty() && !self.is_repeat(href))
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
}

#[cfg(test)]
mod tests {
    use super::super::tests::{body, json};

    #[test]
    fn a_fallback_image_the_post_has_nowhere_else_joins_the_figure_of_its_placeholder() {
        let body = body(
            r#"<p><img src="data:image/gif;base64,R0lGOD"><noscript><img src="https://e.com/real.jpg" alt="A"></noscript></p>"#,
        );
        let json = serde_json::to_string(&body.blocks).unwrap_or_default();
        assert_eq!(
            json,
            r#"[{"type":"figure","images":[{"src":"https://e.com/real.jpg","alt":"A"}],"caption":[]}]"#
        );
        // The placeholder's image is the fallback's: no image without a source.
        assert!(
            body.sourceless_images.is_empty(),
            "{:?}",
            body.sourceless_images
        );
    }

    #[test]
    fn a_fallback_repeating_the_page_adds_nothing() {
        let json = json(
            r#"<p><img src="https://e.com/a.jpg"><noscript><img src="https://e.com/a.jpg"><a href="https://e.com/a.jpg">x</a> text</noscript></p>"#,
        );
        assert_eq!(json.matches(r#""src""#).count(), 1, "{json}");
        assert!(!json.contains("text"), "{json}");
    }

    #[test]
    fn a_fallback_link_keeps_its_text_and_a_link_around_an_image_captions_it() {
        let json =
            json(r#"<p>see <noscript><a href="https://e.com/doc">the document</a></noscript></p>"#);
        assert!(
            json.contains(r#"{"type":"link","href":"https://e.com/doc","children":[{"type":"text","text":"the document"}]}"#),
            "{json}"
        );
        let json = self::json(
            r#"<noscript><a href="https://e.com/page"><img src="https://e.com/shot.jpg" alt="Shot"></a></noscript>"#,
        );
        assert!(json.contains(r#""caption":[{"type":"link","href":"https://e.com/page","children":[{"type":"text","text":"Shot"}]}]"#), "{json}");
    }

    #[test]
    fn tracking_pixels_in_a_fallback_are_dropped_with_their_urls() {
        let body = body(
            r#"<noscript><img src="https://sb.scorecardresearch.com/p?c1=2" width="1" height="1"></noscript>"#,
        );
        assert!(body.blocks.is_empty());
        assert!(body.urls.is_empty(), "{:?}", body.urls);
    }
}
