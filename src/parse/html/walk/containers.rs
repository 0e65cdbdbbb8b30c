//! Blocks with content of their own: paragraphs and headings, lists, quotes, tables,
//! code, and page furniture.
//!
//! Each runs its content in a context of its own ([`Walker::scoped`] and the helpers
//! over it), so what surrounds it is neither cut nor joined to it. Flat content never
//! gets here for these elements (see [`flat`](super::flat)); lists and quotes nested
//! deeper than [`MAX_CONTAINER_DEPTH`] are unwrapped into the innermost allowed level.

use super::super::dom::NodeId;
use super::super::elements::is_block;
use super::super::inline::{has_text, Run};
use super::{Mode, Walker};
use crate::model::{Block, Cell, FurnitureKind, Inline, ListItem, Row};
use crate::parse::limits::MAX_CONTAINER_DEPTH;

impl Walker<'_, '_> {
    /// A `p` or heading: inline content of its own.
    pub(super) fn inline_block(&mut self, node: NodeId, mode: Mode) {
        self.flush();
        let span = self.span_of(node);
        self.image_figure = None;
        self.scoped(mode, Run::new(Some(span)), |w| {
            w.walk_children(node);
            w.flush();
        });
        self.image_figure = None;
    }

    pub(super) fn list(&mut self, node: NodeId, ordered: bool) {
        if self.container_depth >= MAX_CONTAINER_DEPTH {
            // Too deep: the items' content joins the enclosing level.
            self.unwrap_list(node);
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

    pub(super) fn quote(&mut self, node: NodeId) {
        if self.container_depth >= MAX_CONTAINER_DEPTH {
            self.unwrap_block(node);
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

    pub(super) fn table(&mut self, node: NodeId) {
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

    /// `pre`, `listing`, `xmp`: a code block of their text, line breaks kept.
    pub(super) fn pre(&mut self, node: NodeId) {
        let text = self.text_content(node, true);
        if !text.is_empty() {
            let span = self.span_of(node);
            self.place_block(Block::Code { text, span });
        }
    }

    /// `code`: inline code of its text.
    pub(super) fn code(&mut self, node: NodeId) {
        let text = self.text_content(node, false);
        if !text.is_empty() {
            self.mark(node);
            self.run.push(Inline::Code { text });
        }
    }

    /// The furniture kind of an element, outside furniture and flat content.
    pub(super) fn furniture_kind(&self, node: NodeId, name: &str) -> Option<FurnitureKind> {
        let (rules, host) = self.furniture?;
        if self.in_furniture || self.is_flat() || self.figure.is_some() {
            return None;
        }
        rules.element_kind(name, is_block(name), |attr| self.dom.attr(node, attr), host)
    }

    /// An element of page furniture: its blocks, read as any others, in one
    /// [`Block::Furniture`].
    pub(super) fn furniture_block(&mut self, node: NodeId, kind: FurnitureKind) {
        self.flush();
        let span = self.span_of(node);
        self.in_furniture = true;
        let blocks = self.container(Mode::Bare, |w| w.walk_element(node));
        self.in_furniture = false;
        if !blocks.is_empty() {
            self.push_block(Block::Furniture { kind, blocks, span });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{blocks, body, json};
    use crate::model::Block;

    #[test]
    fn paragraphs_and_headings_keep_their_start_tags_span() {
        let html = "<div>\n<p class=\"x\">one</p><h3>two</h3></div>";
        let body = body(html);
        let spans: Vec<(usize, usize)> = body
            .blocks
            .iter()
            .map(|b| (b.span().start, b.span().end))
            .collect();
        assert_eq!(spans, [(6, 19), (26, 30)]);
        assert!(matches!(body.blocks[1], Block::Heading { level: 3, .. }));
    }

    #[test]
    fn text_between_list_items_joins_an_item_of_its_own() {
        let json = json("<ol><li>a</li>stray<p>more</p><li>b</li></ol>");
        assert!(
            json.starts_with(r#"[{"type":"list","ordered":true,"items":["#),
            "{json}"
        );
        // a; stray + more (one loose item); b
        assert_eq!(json.matches(r#"{"blocks":"#).count(), 3, "{json}");
    }

    #[test]
    fn items_left_empty_are_dropped_and_so_is_an_empty_list() {
        assert!(blocks("<ul><li> </li><li><span></span></li></ul>").is_empty());
        let json = json("<ul><li></li><li>x</li></ul>");
        assert_eq!(json.matches(r#"{"blocks":"#).count(), 1, "{json}");
    }

    #[test]
    fn quotes_hold_blocks_and_nest() {
        let json = json("<blockquote>a<blockquote><p>b</p></blockquote></blockquote>");
        assert_eq!(json.matches(r#""type":"quote""#).count(), 2, "{json}");
    }

    #[test]
    fn a_table_keeps_its_rows_and_its_caption_becomes_a_paragraph_before_it() {
        let kinds: Vec<String> = blocks(
            "<table><caption>cap</caption><thead><tr><th>h</th></tr></thead>\
             <tbody><tr><td>c</td><td></td></tr></tbody></table>",
        )
        .into_iter()
        .map(|b| b.0)
        .collect();
        assert_eq!(kinds, ["paragraph", "table"]);
        let json = json("<table><tr><th>h</th></tr><tr><td>c</td><td></td></tr></table>");
        assert!(json.contains(r#""header":true"#), "{json}");
        assert_eq!(json.matches(r#"{"cells":"#).count(), 2, "{json}");
    }

    #[test]
    fn a_table_without_text_makes_no_block() {
        assert!(blocks("<table><tr><td> </td></tr></table>").is_empty());
    }

    #[test]
    fn pre_keeps_its_line_breaks_and_code_is_inline() {
        let json = json("<pre>a\n  b<br>c</pre><p><code>x  y</code></p>");
        assert!(
            json.contains(r#"{"type":"code","text":"a\n  b\nc"}"#),
            "{json}"
        );
        assert!(json.contains(r#"{"type":"code","text":"x  y"}"#), "{json}");
    }
}
