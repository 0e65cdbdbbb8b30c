//! The run being collected and the blocks it becomes.
//!
//! Inline content goes into the walker's [`Run`]; [`flush`](Walker::flush) turns it into
//! the blocks its [`Mode`] says (paragraphs split at `<br><br>`, a paragraph, a heading).
//! A block met inside inline content ends the run before it
//! ([`place_block`](Walker::place_block), [`boundary`](Walker::boundary)).
//!
//! Every nested context — a list item's or quote's blocks, a caption's or cell's inlines,
//! a `p` or heading, a figure — runs inside [`scoped`](Walker::scoped), the one place
//! where the outer run and mode are put aside and restored.

use super::super::inline::{has_text, normalize, split_at_double_breaks, Run};
use super::{Mode, Walker};
use crate::model::{Block, Inline};

impl Walker<'_, '_> {
    /// Ends the current run: its content becomes blocks (nothing in [`Mode::Flat`], whose
    /// content the caller takes).
    pub(super) fn flush(&mut self) {
        if self.is_flat() {
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

    /// Adds a finished block; an image after it starts a figure of its own.
    pub(super) fn push_block(&mut self, block: Block) {
        self.out.blocks.push(block);
        self.image_figure = None;
    }

    /// A block found where inline content may be: ends the run before it (flat content
    /// has no place for it).
    pub(super) fn place_block(&mut self, block: Block) {
        if self.is_flat() {
            return;
        }
        self.flush();
        self.push_block(block);
    }

    /// Where a block element starts or ends inside inline content: the run ends there,
    /// or in flat content a line break stands for it.
    pub(super) fn boundary(&mut self) {
        if self.is_flat() {
            self.run.push_break_once();
        } else {
            self.flush();
            self.image_figure = None;
        }
    }

    /// Runs `f` with `run` as the run being collected and `mode` as its mode, then puts
    /// the outer run and mode back; returns the run `f` left. The one save/restore of
    /// the walk: what else a context keeps apart (the block list, the image figure) its
    /// caller decides.
    pub(super) fn scoped(&mut self, mode: Mode, run: Run, f: impl FnOnce(&mut Self)) -> Run {
        let outer_run = std::mem::replace(&mut self.run, run);
        let outer_mode = std::mem::replace(&mut self.mode, mode);
        f(self);
        self.mode = outer_mode;
        std::mem::replace(&mut self.run, outer_run)
    }

    /// Runs `f` with a fresh block list and a run of `mode`; returns the blocks it made
    /// (a list item, a quote, furniture).
    pub(super) fn container(&mut self, mode: Mode, f: impl FnOnce(&mut Self)) -> Vec<Block> {
        let blocks = std::mem::take(&mut self.out.blocks);
        let image_figure = self.image_figure.take();
        self.scoped(mode, Run::default(), |w| {
            f(w);
            w.flush();
        });
        self.image_figure = image_figure;
        std::mem::replace(&mut self.out.blocks, blocks)
    }

    /// Runs `f` collecting flat inline content (a caption or a cell); returns it.
    pub(super) fn flat(&mut self, f: impl FnOnce(&mut Self)) -> Vec<Inline> {
        let mut run = self.scoped(Mode::Flat, Run::default(), f);
        normalize(run.cut())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{blocks, json};

    #[test]
    fn bare_text_splits_into_paragraphs_at_double_breaks() {
        assert_eq!(
            json("<div>one<br>two<br><br>three</div>"),
            r#"[{"type":"paragraph","inlines":[{"type":"text","text":"one"},{"type":"line_break"},{"type":"text","text":"two"}]},{"type":"paragraph","inlines":[{"type":"text","text":"three"}]}]"#
        );
    }

    #[test]
    fn a_block_inside_inline_content_cuts_the_run_around_it() {
        // The `span` stays open across the `div`: its two halves are two paragraphs, each
        // keeping the emphasis open around it.
        let json = json("<p><em>one<div>two</div>three</em></p>");
        assert_eq!(json.matches(r#""type":"paragraph""#).count(), 3, "{json}");
        assert_eq!(json.matches(r#""type":"emphasis""#).count(), 3, "{json}");
    }

    #[test]
    fn a_nested_context_leaves_the_outer_run_as_it_was() {
        // The list between the two texts is a block of its own; the text before it and
        // the text after it are the outer run's, each a paragraph.
        let blocks = blocks("<div>before<ul><li>item</li></ul>after</div>");
        let kinds: Vec<&str> = blocks.iter().map(|b| b.0.as_str()).collect();
        assert_eq!(kinds, ["paragraph", "list", "paragraph"]);
        assert_eq!(blocks[0].1, "before");
        assert_eq!(blocks[1].1, "item");
        assert_eq!(blocks[2].1, "after");
    }

    #[test]
    fn a_paragraph_without_text_makes_no_block() {
        assert!(blocks("<p> <br> </p><h2><em></em></h2>").is_empty());
    }

    #[test]
    fn a_rule_is_a_block_between_paragraphs() {
        let kinds: Vec<String> = blocks("<div>a<hr>b</div>")
            .into_iter()
            .map(|b| b.0)
            .collect();
        assert_eq!(kinds, ["paragraph", "rule", "paragraph"]);
    }
}
