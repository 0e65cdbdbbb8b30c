//! One walk over a post's body: every block, text run, image and link in document order,
//! so that what reads the body (language guessing, a book's image list, lint, the Parquet
//! rows, the tests' text of a body) does not write its own recursion.
//!
//! Implement [`Visit`] for what you collect (each method has a default that does nothing)
//! and hand it to [`visit_blocks`]. The walk tells every item which page furniture it sits
//! in, so a visitor decides for itself whether furniture counts.
//!
//! ```
//! use newspost::visit::{visit_blocks, Visit};
//! use newspost::FurnitureKind;
//!
//! /// The words of the article, page furniture left out.
//! #[derive(Default)]
//! struct Words(usize);
//!
//! impl<'a> Visit<'a> for Words {
//!     fn text(&mut self, text: &'a str, furniture: Option<FurnitureKind>) {
//!         if furniture.is_none() {
//!             self.0 += text.split_whitespace().count();
//!         }
//!     }
//! }
//!
//! let post = newspost::parse(
//!     "---\ntitle: T\n---\n<p>One <em>two</em> three.</p><nav><a href=\"/\">Home</a></nav>\n",
//! )?;
//! let mut words = Words::default();
//! visit_blocks(&post.body, &mut words);
//! assert_eq!(words.0, 3);
//! # Ok::<(), newspost::Error>(())
//! ```

use super::body::{Block, Image, Inline};
use super::furniture::FurnitureKind;

/// What a walk of the body meets, in document order. Every method has a default that
/// does nothing, so a visitor implements only what it reads (and a method added later
/// breaks no visitor). `furniture` is the kind of the page furniture the item sits in,
/// `None` in the article; a [`Block::Furniture`] itself is met with the furniture around
/// it (`None` at the top level), its contents with its own kind.
pub trait Visit<'a> {
    /// A block, before its contents.
    fn enter_block(&mut self, _block: &'a Block, _furniture: Option<FurnitureKind>) {}
    /// The end of a block, after its contents.
    fn leave_block(&mut self, _block: &'a Block, _furniture: Option<FurnitureKind>) {}
    /// A text run (inline text or code, a block's code text).
    fn text(&mut self, _text: &'a str, _furniture: Option<FurnitureKind>) {}
    /// A line break inside inline content.
    fn line_break(&mut self, _furniture: Option<FurnitureKind>) {}
    /// An image of a figure.
    fn image(&mut self, _image: &'a Image, _furniture: Option<FurnitureKind>) {}
    /// A link's target, before its content.
    fn link(&mut self, _href: &'a str, _furniture: Option<FurnitureKind>) {}
    /// The start of a list item, a table row or a table cell: where readers break text.
    fn item(&mut self, _furniture: Option<FurnitureKind>) {}
}

/// Walks `blocks` in document order, calling `visitor` for each thing it meets. The
/// parser bounds the body's depth, so the recursion is bounded too for a parsed post.
pub fn visit_blocks<'a>(blocks: &'a [Block], visitor: &mut impl Visit<'a>) {
    for block in blocks {
        visit_block(block, None, visitor);
    }
}

fn visit_block<'a>(
    block: &'a Block,
    furniture: Option<FurnitureKind>,
    visitor: &mut impl Visit<'a>,
) {
    visitor.enter_block(block, furniture);
    match block {
        Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
            visit_inlines(inlines, furniture, visitor);
        }
        Block::Figure {
            images, caption, ..
        } => {
            for image in images {
                visitor.image(image, furniture);
            }
            visit_inlines(caption, furniture, visitor);
        }
        Block::List { items, .. } => {
            for item in items {
                visitor.item(furniture);
                for block in &item.blocks {
                    visit_block(block, furniture, visitor);
                }
            }
        }
        Block::Quote { blocks, .. } => {
            for block in blocks {
                visit_block(block, furniture, visitor);
            }
        }
        Block::Table { rows, .. } => {
            for row in rows {
                visitor.item(furniture);
                for cell in &row.cells {
                    visitor.item(furniture);
                    visit_inlines(&cell.inlines, furniture, visitor);
                }
            }
        }
        Block::Code { text, .. } => visitor.text(text, furniture),
        Block::Furniture { kind, blocks, .. } => {
            for block in blocks {
                visit_block(block, Some(*kind), visitor);
            }
        }
        Block::Embed { .. } | Block::Rule { .. } => {}
    }
    visitor.leave_block(block, furniture);
}

fn visit_inlines<'a>(
    inlines: &'a [Inline],
    furniture: Option<FurnitureKind>,
    visitor: &mut impl Visit<'a>,
) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => visitor.text(text, furniture),
            Inline::Link { href, children, .. } => {
                visitor.link(href, furniture);
                visit_inlines(children, furniture, visitor);
            }
            Inline::Emphasis { children } | Inline::Strong { children } => {
                visit_inlines(children, furniture, visitor);
            }
            Inline::LineBreak => visitor.line_break(furniture),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::body::{Cell, ListItem, Row};
    use crate::span::Span;

    #[derive(Default)]
    struct Trace(Vec<String>);

    impl<'a> Visit<'a> for Trace {
        fn enter_block(&mut self, block: &'a Block, furniture: Option<FurnitureKind>) {
            let kind = furniture.map_or("", FurnitureKind::name);
            let name = match block {
                Block::Paragraph { .. } => "p",
                Block::Figure { .. } => "figure",
                Block::List { .. } => "list",
                Block::Table { .. } => "table",
                Block::Furniture { .. } => "furniture",
                _ => "other",
            };
            self.0.push(format!("<{name}{kind}"));
        }
        fn leave_block(&mut self, _: &'a Block, _: Option<FurnitureKind>) {
            self.0.push(">".into());
        }
        fn text(&mut self, text: &'a str, _: Option<FurnitureKind>) {
            self.0.push(text.into());
        }
        fn line_break(&mut self, _: Option<FurnitureKind>) {
            self.0.push("br".into());
        }
        fn image(&mut self, image: &'a Image, _: Option<FurnitureKind>) {
            self.0.push(format!("img {}", image.src));
        }
        fn link(&mut self, href: &'a str, furniture: Option<FurnitureKind>) {
            self.0.push(format!(
                "a {href}{}",
                furniture.map_or("", FurnitureKind::name)
            ));
        }
        fn item(&mut self, _: Option<FurnitureKind>) {
            self.0.push("item".into());
        }
    }

    #[test]
    fn every_item_is_met_in_document_order_with_its_furniture() {
        let link = Inline::Link {
            href: "https://a.example/".into(),
            children: vec![Inline::text("more")],
            span: Span::default(),
        };
        let body = vec![
            Block::Paragraph {
                inlines: vec![
                    Inline::text("one"),
                    Inline::LineBreak,
                    Inline::Strong {
                        children: vec![Inline::text("two")],
                    },
                ],
                span: Span::default(),
            },
            Block::Figure {
                images: vec![Image::new("https://i.example/a.jpg")],
                caption: vec![Inline::text("cap")],
                span: Span::default(),
            },
            Block::List {
                ordered: false,
                items: vec![ListItem::new(vec![Block::paragraph("li")])],
                span: Span::default(),
            },
            Block::Table {
                rows: vec![Row::new(vec![Cell::new(false, vec![Inline::text("c")])])],
                span: Span::default(),
            },
            Block::Furniture {
                kind: FurnitureKind::Related,
                blocks: vec![Block::Paragraph {
                    inlines: vec![link],
                    span: Span::default(),
                }],
                span: Span::default(),
            },
        ];
        let mut trace = Trace::default();
        visit_blocks(&body, &mut trace);
        assert_eq!(
            trace.0.join(" "),
            "<p one br two > <figure img https://i.example/a.jpg cap > \
             <list item <p li > > <table item item c > \
             <furniture <prelated a https://a.example/related more > >"
        );
    }
}
