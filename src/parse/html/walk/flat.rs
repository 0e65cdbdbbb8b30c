//! Flat content: a caption or a table cell, whose model is one list of inlines.
//!
//! Inside it ([`Mode::Flat`](super::Mode::Flat)) a block element cannot be itself: a
//! paragraph, heading, quote, table or caption is its content between line breaks; a list
//! is its items' content, each between line breaks; a rule is a line break; `pre` is its
//! text; a figure adds to the figure being read. Images and embeds are not kept (an image
//! still joins the figure whose caption is read, see
//! [`place_image`](super::Walker::place_image)). Every other element is read as it is
//! anywhere.
//!
//! Lists and quotes nested deeper than [`MAX_CONTAINER_DEPTH`](crate::parse::limits::MAX_CONTAINER_DEPTH)
//! are unwrapped the same way, into the innermost level allowed.

use super::super::dom::NodeId;
use super::Walker;
use crate::model::Inline;

impl Walker<'_, '_> {
    /// Handles a block element in flat content; false for an element that is read as it
    /// is anywhere.
    pub(super) fn flat_element(&mut self, node: NodeId, name: &str) -> bool {
        match name {
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "table"
            | "figcaption" => self.unwrap_block(node),
            "ul" | "ol" | "menu" | "dir" => self.unwrap_list(node),
            "figure" => self.walk_children(node),
            "pre" | "listing" | "xmp" => {
                let text = self.text_content(node, true);
                self.run.push_text(&text);
            }
            "hr" => self.run.push(Inline::LineBreak),
            _ => return false,
        }
        true
    }

    /// A list that cannot be one here (in flat content, or nested too deep): each item's
    /// content between block boundaries, joining the enclosing level.
    pub(super) fn unwrap_list(&mut self, node: NodeId) {
        self.boundary();
        for child in self.dom.children(node) {
            if self.dom.element_name(child) == Some("li") && !self.is_skipped(child) {
                self.unwrap_block(child);
            } else {
                self.walk_node(child);
            }
        }
        self.boundary();
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::json;

    /// The inlines of the first cell of the first block (a table) of `html`, as JSON.
    fn cell(html: &str) -> String {
        let blocks: serde_json::Value = serde_json::from_str(&json(html)).unwrap_or_default();
        blocks[0]["rows"][0]["cells"][0]["inlines"].to_string()
    }

    #[test]
    fn block_elements_in_a_cell_become_line_breaks() {
        assert_eq!(
            cell("<table><tr><td><p>a</p><h2>b</h2><blockquote>c</blockquote>d</td></tr></table>"),
            r#"[{"type":"text","text":"a"},{"type":"line_break"},{"type":"text","text":"b"},{"type":"line_break"},{"type":"text","text":"c"},{"type":"line_break"},{"type":"text","text":"d"}]"#
        );
    }

    #[test]
    fn a_list_in_a_cell_is_its_items_between_line_breaks() {
        assert_eq!(
            cell("<table><tr><td>x<ul><li>a</li><li>b</li></ul>y</td></tr></table>"),
            r#"[{"type":"text","text":"x"},{"type":"line_break"},{"type":"text","text":"a"},{"type":"line_break"},{"type":"text","text":"b"},{"type":"line_break"},{"type":"text","text":"y"}]"#
        );
    }

    #[test]
    fn a_rule_in_a_cell_is_a_break_and_pre_its_text_joining_the_run() {
        assert_eq!(
            cell("<table><tr><td>a<hr>b <pre>c  d</pre></td></tr></table>"),
            r#"[{"type":"text","text":"a"},{"type":"line_break"},{"type":"text","text":"b c d"}]"#
        );
    }

    #[test]
    fn images_and_embeds_in_a_cell_are_not_kept_but_inline_elements_are() {
        let json = json(
            r#"<table><tr><td><img src="https://e.com/a.jpg"><iframe src="https://e.com/v"></iframe><a href="https://e.com/l">l</a> <b>b</b></td></tr></table>"#,
        );
        assert!(
            !json.contains("figure") && !json.contains("embed"),
            "{json}"
        );
        assert!(
            json.contains(r#""type":"link""#) && json.contains(r#""type":"strong""#),
            "{json}"
        );
    }

    #[test]
    fn lists_nested_too_deep_join_the_innermost_level_allowed() {
        let depth = crate::parse::limits::MAX_CONTAINER_DEPTH + 2;
        let html = format!(
            "{}deep{}",
            "<ul><li>".repeat(depth),
            "</li></ul>".repeat(depth)
        );
        let json = json(&html);
        assert_eq!(
            json.matches(r#""type":"list""#).count(),
            crate::parse::limits::MAX_CONTAINER_DEPTH,
            "{json}"
        );
        assert!(json.contains(r#""text":"deep""#), "{json}");
    }
}
