//! Text as text: the text content of an element (code, `pre`, what lies below the walk's
//! depth cap), and text holding the Unicode line and paragraph separators.

use super::super::dom::{NodeId, NodeKind};
use super::{Mode, Walker};
use crate::model::Inline;
#[cfg(doc)]
use crate::parse::limits::MAX_WALK_DEPTH;

impl Walker<'_, '_> {
    /// The text of an element and its descendants, noise left out; `br` is a newline when
    /// `pre`. Iterative, so any depth is fine. URLs of elements inside are recorded.
    pub(super) fn text_content(&mut self, node: NodeId, pre: bool) -> String {
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
    pub(super) fn push_text_content(&mut self, node: NodeId) {
        let text = self.text_content(node, false);
        if !text.trim().is_empty() {
            self.mark(node);
            self.run.push_text(&text);
        }
    }

    /// A text node's text into the run.
    pub(super) fn push_text(&mut self, node: NodeId, text: &str) {
        if has_separator(text) {
            let text = text.to_string();
            self.push_separated_text(node, &text);
        } else {
            self.run.push_text(text);
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
}

/// Whether `text` holds U+2028 or U+2029 (bytes `E2 80 A8`, `E2 80 A9`).
fn has_separator(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"\xE2\x80")
        .any(|i| matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{blocks, body, json};
    use super::has_separator;

    #[test]
    fn separators_are_found_among_other_three_byte_characters() {
        assert!(has_separator("a\u{2028}b"));
        assert!(has_separator("\u{2029}"));
        assert!(!has_separator("中文\u{2027}\u{202A}…"));
    }

    #[test]
    fn a_paragraph_separator_ends_a_paragraph_and_a_line_separator_breaks_a_line() {
        let blocks = blocks("<p>a\u{2029}b\u{2028}c</p>");
        assert_eq!(blocks.len(), 2, "{blocks:?}");
        assert_eq!(blocks[0].1, "a");
        assert_eq!(blocks[1].1, "bc");
        assert!(json("<p>b\u{2028}c</p>").contains(r#"{"type":"line_break"}"#));
    }

    #[test]
    fn a_paragraph_separator_in_a_heading_is_a_line_break() {
        let json = json("<h2>a\u{2029}b</h2>");
        assert_eq!(json.matches(r#""type":"heading""#).count(), 1, "{json}");
        assert!(json.contains(r#"{"type":"line_break"}"#), "{json}");
    }

    #[test]
    fn below_the_depth_cap_only_text_is_kept_with_its_urls() {
        let depth = crate::parse::limits::MAX_WALK_DEPTH + 10;
        let html = format!(
            "{}<p>deep <a href=\"https://e.com/x\">link</a></p>{}",
            "<span>".repeat(depth),
            "</span>".repeat(depth)
        );
        let options = crate::parse::options::ParseOptions {
            max_html_depth: depth + 50,
            ..Default::default()
        };
        let body = super::super::tests::body_with(&html, &options);
        let json = serde_json::to_string(&body.blocks).unwrap_or_default();
        assert_eq!(
            json,
            r#"[{"type":"paragraph","inlines":[{"type":"text","text":"deep link"}]}]"#
        );
        assert!(body.urls.iter().any(|u| u.value == "https://e.com/x"));
    }

    #[test]
    fn text_content_leaves_noise_out() {
        let body = body(r#"<pre>a<script>x()</script><span class="ad">ad</span>b</pre>"#);
        let json = serde_json::to_string(&body.blocks).unwrap_or_default();
        assert!(
            json.contains(r#""text":"ab""#) || json.contains(r#""text":"a"#),
            "{json}"
        );
        assert!(!json.contains("x()"), "{json}");
    }
}
