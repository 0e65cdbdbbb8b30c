use crate::diagnostics::Level;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};
use crate::model::visit::{visit_blocks, Visit};
use crate::model::{Block, FurnitureKind, Image};

declare_rule! {
    /// ## What it does
    /// Flags a post whose body, after noise (scripts, ad slots, paywall placeholders)
    /// is dropped, holds nothing a reader could see: no text (in a paragraph, heading,
    /// caption, list, quote, table or code block), no image with a URL and no embed. A
    /// post that is only a video embed or only scanned pages is not empty.
    ///
    /// ## Why is this bad?
    /// The article text was not captured: behind a paywall, loaded by script, or cut
    /// off. The post is an empty page in every output.
    ///
    /// ## Example
    /// ```html
    /// <div><p></p><p>&nbsp;</p></div>
    /// ```
    ///
    /// ## Fix
    /// None: the text has to be scraped again.
    pub(crate) struct BodyEmpty
}

static META: RuleMeta = RuleMeta {
    name: "body-empty",
    default_level: Level::Error,
    summary: "Flags a post whose body, after noise (scripts, ad slots, paywall placeholders) is \
              dropped, holds nothing a reader could see: no text (in a paragraph, heading, caption, \
              list, quote, table or code block), no image with a URL and no embed. A post that is \
              only a video embed or only scanned pages is not empty.",
    fix: FixAvailability::None,
    docs: BodyEmpty::DOCS,
};

impl Rule for BodyEmpty {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        if ctx.unclosed() || ctx.parsed.post.body.iter().any(is_visible) {
            return;
        }
        let span = ctx.parsed.post.body_span;
        let text = ctx.text.get(span.range()).unwrap_or_default();
        // Point at the body's first non-blank line, or at its (empty) end.
        let lead = text.len() - text.trim_start().len();
        let start = span.start + lead;
        let range = if text.trim().is_empty() {
            ctx.text.len()..ctx.text.len()
        } else {
            ctx.line_at(start)
        };
        found.push(Finding::new(
            range,
            "the body holds nothing to read or see: no text, no image, no embed",
        ));
    }
}

/// Whether a reader sees something of `block`: text, an image with a URL, an embed.
/// (The caller asks block by block, so a body stops being walked at its first visible
/// block; within one, nothing is trimmed once it is visible.)
fn is_visible(block: &Block) -> bool {
    #[derive(Default)]
    struct Visible(bool);
    impl<'a> Visit<'a> for Visible {
        fn enter_block(&mut self, block: &'a Block, _: Option<FurnitureKind>) {
            if let Block::Embed { src, .. } = block {
                self.0 = self.0 || !src.trim().is_empty();
            }
        }
        fn text(&mut self, text: &'a str, _: Option<FurnitureKind>) {
            self.0 = self.0 || !text.trim().is_empty();
        }
        fn image(&mut self, image: &'a Image, _: Option<FurnitureKind>) {
            self.0 = self.0 || !image.src.trim().is_empty();
        }
    }
    let mut visible = Visible::default();
    visit_blocks(std::slice::from_ref(block), &mut visible);
    visible.0
}

#[cfg(test)]
mod tests {
    use super::BodyEmpty;
    use crate::lint::test_support::*;
    use crate::model::{Block, Cell, EmbedKind, Image, Inline, Row};
    use crate::span::Span;

    #[test]
    fn flags_a_body_without_text() {
        let found = check_parsed(&BodyEmpty, VALID, |parsed| parsed.post.body.clear());
        assert_eq!(found.len(), 1);
        assert_eq!(pointed(VALID, &found[0]), "<div>");
        let found = check_parsed(&BodyEmpty, VALID, |parsed| {
            parsed.post.body = vec![
                Block::paragraph(" \u{a0} "),
                Block::Figure {
                    images: vec![Image::new(" ")],
                    caption: vec![],
                    span: Span::default(),
                },
                Block::Rule {
                    span: Span::default(),
                },
            ];
        });
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn an_image_an_embed_or_any_text_is_content() {
        let bodies = [
            vec![Block::Figure {
                images: vec![Image::new("https://e.com/scan-1.jpg")],
                caption: vec![],
                span: Span::default(),
            }],
            vec![Block::Embed {
                kind: EmbedKind::Iframe,
                src: "https://www.youtube.com/embed/x".into(),
                span: Span::default(),
            }],
            vec![Block::Heading {
                level: 2,
                inlines: vec![Inline::text("标题")],
                span: Span::default(),
            }],
            vec![Block::Table {
                rows: vec![Row::new(vec![Cell::new(false, vec![Inline::text("1")])])],
                span: Span::default(),
            }],
            vec![Block::Code {
                text: "x = 1".into(),
                span: Span::default(),
            }],
        ];
        for body in bodies {
            let found = check_parsed(&BodyEmpty, VALID, |parsed| parsed.post.body = body.clone());
            assert!(found.is_empty(), "{body:?}");
        }
    }

    /// The whole file: a post that is only an embedded video.
    #[test]
    fn a_post_that_is_only_a_video_is_not_empty() {
        let text = VALID
            .split_once("<div>")
            .map(|(head, _)| {
                format!(
                    "{head}<div><iframe src=\"https://www.youtube.com/embed/x\"></iframe></div>\n"
                )
            })
            .unwrap_or_default();
        assert!(diagnostics("body-empty", &text).is_empty());
    }

    #[test]
    fn a_missing_body_is_empty() {
        let text = VALID
            .split_once("<div>")
            .map(|(head, _)| head)
            .unwrap_or_default();
        let found = check_parsed(&BodyEmpty, text, |_| {});
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn passes_a_paragraph_a_quoted_paragraph_or_a_captioned_figure() {
        let found = check_parsed(&BodyEmpty, VALID, |parsed| {
            parsed.post.body = vec![Block::paragraph("第一段。")]
        });
        assert!(found.is_empty());
        let found = check_parsed(&BodyEmpty, VALID, |parsed| {
            parsed.post.body = vec![Block::Quote {
                blocks: vec![Block::paragraph("引文")],
                span: Span::default(),
            }];
        });
        assert!(found.is_empty());
        let found = check_parsed(&BodyEmpty, VALID, |parsed| {
            parsed.post.body = vec![Block::Figure {
                images: vec![],
                caption: vec![Inline::text("图说")],
                span: Span::default(),
            }];
        });
        assert!(found.is_empty());
    }
}
