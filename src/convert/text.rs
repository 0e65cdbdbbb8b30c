//! Plain text for reading: the title underlined, a line of metadata, then the body with
//! paragraphs separated by blank lines, lists with markers, quotes indented, tables as
//! aligned columns, each figure as `[图] caption` on its own line, and links as numbered
//! references listed under the article (or kept inline). See `docs/convert.md`.

use std::io::Write;

use textwrap::WordSeparator;
use unicode_width::UnicodeWidthStr;

use super::hidden::item_is_furniture;
use super::labels::Labels;
use super::link_list::{link_list, LinkList};
use super::links;
use super::meta::{display_date, PostMeta};
use super::sanitize::clean;
use super::Error;
use crate::model::{Block, Inline, ListItem, Post, Row};
use crate::white_space::is_collapsed_line;

/// How [`to_text_string`] and [`write_text`] lay out a post.
///
/// ```
/// let post = newspost::parse(
///     "---\ntitle: 标题\ndate: 2024-07-03 16:00:33 +0800\nauthor: 联合早报\n\
///      from: https://example.com/a\n---\n<div><p>第一段。</p></div>\n",
/// )?;
/// let options = newspost::TextOptions::default().with_width(Some(40));
/// let text = newspost::to_text_string(&post, &options);
/// assert!(text.starts_with("标题\n===="));
/// assert!(text.contains("2024-07-03 16:00:33 +08:00 · 联合早报 · https://example.com/a"));
/// # Ok::<(), newspost::Error>(())
/// ```
///
/// New options may come in later versions (so the struct is `#[non_exhaustive]`): build
/// it from [`TextOptions::default`] and the `with_*` methods, or set its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TextOptions {
    /// Wrap lines at this many columns (CJK characters count two, lines may break between
    /// them). `None`, the default, leaves every paragraph on one line. The metadata line,
    /// tables, code and the link list are never wrapped.
    pub width: Option<usize>,
    /// Write each link's URL in brackets after its text (`text (https://…)`) instead of
    /// numbering it and listing it under the article.
    pub inline_links: bool,
    /// Keep page furniture ([`Block::Furniture`]: navigation, share buttons, related
    /// links, comments, credit lines…), shown like any other blocks. Off by default: the
    /// text is the article's.
    pub keep_furniture: bool,
}

impl TextOptions {
    /// These options wrapping at `width` columns (`None`: no wrapping).
    pub fn with_width(mut self, width: Option<usize>) -> Self {
        self.width = width;
        self
    }

    /// These options keeping page furniture (`true`) or leaving it out.
    pub fn with_keep_furniture(mut self, keep_furniture: bool) -> Self {
        self.keep_furniture = keep_furniture;
        self
    }

    /// These options with link URLs inline (`true`) or numbered under the article.
    pub fn with_inline_links(mut self, inline_links: bool) -> Self {
        self.inline_links = inline_links;
        self
    }
}

/// The post as plain text, ending with a newline.
///
/// ```
/// use newspost::{Block, Inline, Post, TextOptions};
/// let mut post = Post::new();
/// post.body = vec![Block::Paragraph {
///     inlines: vec![
///         Inline::text("See "),
///         Inline::Link { href: "https://example.com/".into(), children: vec![Inline::text("this")], span: Default::default() },
///         Inline::text("."),
///     ],
///     span: Default::default(),
/// }];
/// let text = newspost::to_text_string(&post, &TextOptions::default());
/// assert!(text.contains("See this. [1]\n"));
/// assert!(text.ends_with("[1] https://example.com/\n"));
/// ```
pub fn to_text_string(post: &Post, options: &TextOptions) -> String {
    let meta = PostMeta::of(post);
    let mut renderer = Renderer {
        options,
        labels: Labels::for_language(&meta.language),
        meta: &meta,
        links: Vec::new(),
        pending: Vec::new(),
    };
    let mut chunks = vec![renderer.header()];
    renderer.blocks(&post.body, "", &mut chunks);
    if !renderer.links.is_empty() {
        let list: Vec<String> = renderer
            .links
            .iter()
            .enumerate()
            .map(|(i, url)| format!("[{}] {url}", i + 1))
            .collect();
        chunks.push(list.join("\n"));
    }
    let mut out = chunks.join("\n\n");
    out.push('\n');
    out
}

/// Writes the post as plain text to `writer`.
///
/// ```
/// let post = newspost::parse("<div><p>Hello</p></div>")?;
/// let mut out = Vec::new();
/// newspost::write_text(&post, &newspost::TextOptions::default(), &mut out).unwrap();
/// assert!(String::from_utf8(out).unwrap().ends_with("\n\nHello\n"));
/// # Ok::<(), newspost::Error>(())
/// ```
pub fn write_text(post: &Post, options: &TextOptions, mut writer: impl Write) -> Result<(), Error> {
    writer.write_all(to_text_string(post, options).as_bytes())?;
    Ok(())
}

struct Renderer<'a> {
    options: &'a TextOptions,
    labels: &'static Labels,
    meta: &'a PostMeta,
    /// Every URL referred to so far, numbered from 1 in order of first appearance.
    links: Vec<String>,
    /// Reference numbers of the block being rendered, written after it.
    pending: Vec<usize>,
}

impl Renderer<'_> {
    fn header(&self) -> String {
        let title = if self.meta.title.is_empty() {
            self.labels.untitled
        } else {
            &self.meta.title
        };
        let title = self.wrap(title, "", "");
        let rule_width = title.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
        let mut out = format!("{title}\n{}", "=".repeat(rule_width.max(3)));
        let mut parts = Vec::new();
        if let Some(date) = &self.meta.date {
            parts.push(display_date(date));
        }
        if !self.meta.author.is_empty() {
            parts.push(self.meta.author.clone());
        }
        if let Some(source) = &self.meta.source {
            parts.push(source.clone());
        }
        if !parts.is_empty() {
            out.push('\n');
            out.push_str(&parts.join(" · "));
        }
        out
    }

    fn blocks(&mut self, blocks: &[Block], indent: &str, chunks: &mut Vec<String>) {
        for block in blocks {
            if let Some(chunk) = self.block(block, indent) {
                chunks.push(chunk);
            }
        }
    }

    fn block(&mut self, block: &Block, indent: &str) -> Option<String> {
        match block {
            Block::Paragraph { inlines, .. } => match link_list(inlines) {
                Some(list) => Some(self.link_list(&list, indent)),
                None => {
                    let text = self.inline_block(inlines);
                    (!text.is_empty()).then(|| self.wrap(&text, indent, indent))
                }
            },
            Block::Heading { level, inlines, .. } => {
                let text = self.inline_block(inlines);
                if text.is_empty() {
                    return None;
                }
                if *level <= 2 {
                    let text = self.wrap(&text, indent, indent);
                    let width = text
                        .lines()
                        .map(|l| l.width().saturating_sub(indent.width()))
                        .max()
                        .unwrap_or(0);
                    Some(format!("{text}\n{indent}{}", "-".repeat(width.max(3))))
                } else {
                    let marks = "#".repeat(usize::from((*level).min(6)));
                    Some(self.wrap(&format!("{marks} {text}"), indent, indent))
                }
            }
            Block::Figure {
                images, caption, ..
            } => {
                let mut text = self.inline_block(caption);
                if text.is_empty() {
                    let alts: Vec<String> = images
                        .iter()
                        .filter_map(|i| i.alt.as_deref())
                        .map(|a| clean(a).split_whitespace().collect::<Vec<_>>().join(" "))
                        .filter(|a| !a.is_empty())
                        .collect();
                    text = alts.join(" ");
                }
                let label = format!("[{}]", self.labels.figure);
                let line = if text.is_empty() {
                    label
                } else {
                    format!("{label} {text}")
                };
                Some(self.wrap(&line, indent, indent))
            }
            Block::List { ordered, items, .. } => self.list(*ordered, items, indent),
            Block::Quote { blocks, .. } => {
                let mut inner = Vec::new();
                self.blocks(blocks, &format!("{indent}    "), &mut inner);
                (!inner.is_empty()).then(|| inner.join("\n\n"))
            }
            Block::Table { rows, .. } => self.table(rows, indent),
            Block::Embed { kind, src, .. } => {
                let label = self.labels.embed_kind(*kind);
                Some(match links::display(self.meta.base.as_ref(), src) {
                    Some(url) => format!("{indent}[{label}] {url}"),
                    None => format!("{indent}[{label}]"),
                })
            }
            Block::Code { text, .. } => {
                let text = clean(text);
                let lines: Vec<String> = text
                    .trim_matches('\n')
                    .lines()
                    .map(|l| format!("{indent}    {l}").trim_end().to_owned())
                    .collect();
                (!lines.is_empty()).then(|| lines.join("\n"))
            }
            Block::Rule { .. } => Some(format!("{indent}* * *")),
            Block::Furniture { blocks, .. } => {
                if !self.options.keep_furniture {
                    return None;
                }
                let mut inner = Vec::new();
                self.blocks(blocks, indent, &mut inner);
                (!inner.is_empty()).then(|| inner.join("\n\n"))
            }
        }
    }

    /// A paragraph of links as its label, if any, then one `- ` item per link.
    fn link_list(&mut self, list: &LinkList<'_>, indent: &str) -> String {
        let mut lines = Vec::new();
        let label = self.inline_block(list.label);
        if !label.is_empty() {
            lines.push(self.wrap(&label, indent, indent));
        }
        let rest = format!("{indent}  ");
        for &item in &list.items {
            let text = self.inline_block(std::slice::from_ref(item));
            lines.push(self.wrap(&text, &format!("{indent}- "), &rest));
        }
        lines.join("\n")
    }

    fn list(&mut self, ordered: bool, items: &[ListItem], indent: &str) -> Option<String> {
        let keep = self.options.keep_furniture;
        let items: Vec<&ListItem> = items
            .iter()
            .filter(|item| keep || !item_is_furniture(item))
            .collect();
        let markers: Vec<String> = (1..=items.len())
            .map(|n| {
                if ordered {
                    format!("{n}.")
                } else {
                    "-".to_owned()
                }
            })
            .collect();
        let marker_width = markers.iter().map(|m| m.width()).max().unwrap_or(1) + 1;
        let rest = format!("{indent}{}", " ".repeat(marker_width));
        let mut rendered = Vec::new();
        for (item, marker) in items.iter().zip(&markers) {
            // A nested list follows its item's text directly; other blocks of the item
            // are separated by a blank line.
            let mut body = String::new();
            for block in &item.blocks {
                if let Some(chunk) = self.block(block, &rest) {
                    if !body.is_empty() {
                        let nested = matches!(block, Block::List { .. });
                        body.push_str(if nested { "\n" } else { "\n\n" });
                    }
                    body.push_str(&chunk);
                }
            }
            let first = format!("{indent}{marker:<marker_width$}");
            // Every chunk starts with `rest`; the first line gets the marker instead.
            let text = match body.strip_prefix(rest.as_str()) {
                Some(tail) => format!("{first}{tail}"),
                None if body.is_empty() => first.trim_end().to_owned(),
                None => format!("{}\n{body}", first.trim_end()),
            };
            rendered.push(text);
        }
        (!rendered.is_empty()).then(|| rendered.join("\n"))
    }

    fn table(&mut self, rows: &[Row], indent: &str) -> Option<String> {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|row| {
                row.cells
                    .iter()
                    .map(|c| self.inline_block(&c.inlines).replace('\n', " "))
                    .collect()
            })
            .collect();
        let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return None;
        }
        let mut widths = vec![0; columns];
        for row in &cells {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        let header_rows = rows
            .iter()
            .take_while(|r| !r.cells.is_empty() && r.cells.iter().all(|c| c.header))
            .count();
        let mut lines = Vec::new();
        for (i, row) in cells.iter().enumerate() {
            let mut line = indent.to_owned();
            for (j, width) in widths.iter().enumerate() {
                let cell = row.get(j).map(String::as_str).unwrap_or("");
                if j > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                line.push_str(&" ".repeat(width.saturating_sub(cell.width())));
            }
            lines.push(line.trim_end().to_owned());
            if i + 1 == header_rows && header_rows < cells.len() {
                let total = widths.iter().sum::<usize>() + 2 * (columns - 1);
                lines.push(format!("{indent}{}", "-".repeat(total)));
            }
        }
        Some(lines.join("\n"))
    }

    /// The block's inline content as text (line breaks kept as `\n`, white space around
    /// them trimmed, empty lines dropped), followed by its link numbers.
    fn inline_block(&mut self, inlines: &[Inline]) -> String {
        let mut raw = String::new();
        self.pending.clear();
        self.inlines(inlines, &mut raw, false);
        // Each line's words joined by one space, empty lines dropped.
        let mut text = String::with_capacity(raw.len());
        for line in raw.lines() {
            // Text from the parser is collapsed already: most lines are copied as they are.
            if is_collapsed_line(line) {
                if !line.is_empty() {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(line);
                }
                continue;
            }
            let mut words = line.split_whitespace();
            let Some(first) = words.next() else {
                continue;
            };
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(first);
            for word in words {
                text.push(' ');
                text.push_str(word);
            }
        }
        for n in std::mem::take(&mut self.pending) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&format!("[{n}]"));
        }
        text
    }

    fn inlines(&mut self, inlines: &[Inline], out: &mut String, in_link: bool) {
        for inline in inlines {
            match inline {
                Inline::Text { text } | Inline::Code { text } => {
                    let text = clean(text);
                    if text.contains('\n') {
                        out.push_str(&text.replace('\n', " "));
                    } else {
                        out.push_str(&text);
                    }
                }
                Inline::LineBreak => out.push('\n'),
                Inline::Emphasis { children } | Inline::Strong { children } => {
                    self.inlines(children, out, in_link)
                }
                Inline::Link { href, children, .. } => {
                    let start = out.len();
                    self.inlines(children, out, true);
                    let url = if in_link {
                        None
                    } else {
                        links::resolve(self.meta.base.as_ref(), href)
                    };
                    let Some(url) = url else { continue };
                    let text = out.get(start..).unwrap_or("").trim().to_owned();
                    if self.options.inline_links {
                        if text.is_empty() {
                            out.push_str(&url);
                        } else if text != url {
                            out.push_str(&format!(" ({url})"));
                        }
                    } else if text != url {
                        let n = match self.links.iter().position(|u| *u == url) {
                            Some(i) => i + 1,
                            None => {
                                self.links.push(url);
                                self.links.len()
                            }
                        };
                        if !self.pending.contains(&n) {
                            self.pending.push(n);
                        }
                    }
                }
            }
        }
    }

    /// `text` indented and, with a width set, wrapped; explicit line breaks kept.
    fn wrap(&self, text: &str, first: &str, rest: &str) -> String {
        // Most text is one line and is not wrapped: then it is only indented (empty text
        // has no line to indent; a `\r` ends a line only before a line feed).
        if self.options.width.is_none()
            && !text.is_empty()
            && memchr::memchr(b'\n', text.as_bytes()).is_none()
        {
            let mut out = String::with_capacity(first.len() + text.len());
            out.push_str(first);
            out.push_str(text);
            return out;
        }
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let initial = if i == 0 { first } else { rest };
            match self.options.width {
                Some(width) => {
                    let options = textwrap::Options::new(width)
                        .initial_indent(initial)
                        .subsequent_indent(rest)
                        .word_separator(WordSeparator::UnicodeBreakProperties)
                        .break_words(true);
                    out.push(textwrap::fill(line, options));
                }
                None => out.push(format!("{initial}{line}")),
            }
        }
        out.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unwrapped text is indented line by line, whether it takes the one-line path or not.
    #[test]
    fn unwrapped_text_is_indented_line_by_line() {
        let post = Post::new();
        let meta = PostMeta::of(&post);
        let options = TextOptions::default();
        let renderer = Renderer {
            options: &options,
            labels: Labels::for_language(&meta.language),
            meta: &meta,
            links: Vec::new(),
            pending: Vec::new(),
        };
        for (text, expected) in [
            ("", ""),
            ("one line", "> one line"),
            ("两行\n文字", "> 两行\n  文字"),
            ("a\r\nb\n", "> a\n  b"),
            ("a\rb", "> a\rb"),
            ("\n", "> "),
        ] {
            assert_eq!(renderer.wrap(text, "> ", "  "), expected, "{text:?}");
        }
    }
}
