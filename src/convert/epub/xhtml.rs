//! XHTML content documents: the title page, group pages and one chapter per post. All
//! text is cleaned and escaped here; nothing from the input reaches the output as markup,
//! so there are no scripts, event attributes, `javascript:` links or input ids.

use std::fmt::Write as _;

use super::super::escape::{xml_attribute, xml_text};
use super::super::hidden::item_is_furniture;
use super::super::labels::Labels;
use super::super::link_list::link_list;
use super::super::links;
use super::super::meta::{display_date, PostMeta};
use super::super::sanitize::clean;
use super::super::uri::to_uri;
use crate::model::{Block, Inline, ListItem, Post, Row};

/// The image of a figure as the chapter shows it.
pub(super) enum FigureImage {
    /// Embedded at this path inside the book.
    Embedded(String),
    /// Not available: a link to this URL.
    Remote(String),
}

/// Looks up what to show for an image URL (absolute, resolved).
pub(super) trait Images {
    fn image(&mut self, url: &str) -> FigureImage;
}

/// A whole content document around `body`.
pub(super) fn document(language: &str, title: &str, body: &str) -> String {
    let lang = xml_attribute(language);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         xml:lang=\"{lang}\" lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n\
         </head>\n<body>\n{body}</body>\n</html>\n",
        xml_text(title)
    )
}

/// A post's chapter.
pub(super) fn chapter(
    post: &Post,
    meta: &PostMeta,
    images: &mut dyn Images,
    keep_furniture: bool,
) -> String {
    let labels = Labels::for_language(&meta.language);
    let title = display_title(meta, labels);
    let mut body = String::from("<article class=\"post\">\n<header>\n");
    let _ = writeln!(body, "<h1>{}</h1>", xml_text(title));
    let mut parts = Vec::new();
    if let Some(date) = &meta.date {
        parts.push(format!(
            "<time datetime=\"{}\">{}</time>",
            xml_attribute(&date.to_rfc3339()),
            xml_text(&display_date(date))
        ));
    }
    if !meta.author.is_empty() {
        parts.push(format!(
            "<span class=\"author\">{}</span>",
            xml_text(&meta.author)
        ));
    }
    if let Some(source) = meta.source.as_deref().and_then(to_uri) {
        parts.push(format!(
            "<a class=\"source\" href=\"{}\">{}</a>",
            xml_attribute(&source),
            xml_text(labels.source)
        ));
    }
    if !parts.is_empty() {
        let _ = writeln!(body, "<p class=\"meta\">{}</p>", parts.join(" · "));
    }
    body.push_str("</header>\n");
    let mut writer = Writer {
        meta,
        labels,
        images,
        keep_furniture,
        out: body,
    };
    writer.blocks(&post.body);
    let mut body = writer.out;
    body.push_str("</article>\n");
    document(&meta.language, title, &body)
}

/// The title to show: the post's, or a word for "untitled".
pub(super) fn display_title<'a>(meta: &'a PostMeta, labels: &'static Labels) -> &'a str {
    if meta.title.is_empty() {
        labels.untitled
    } else {
        &meta.title
    }
}

struct Writer<'a> {
    meta: &'a PostMeta,
    labels: &'static Labels,
    images: &'a mut dyn Images,
    /// Whether page furniture is shown (as any other blocks) or left out.
    keep_furniture: bool,
    out: String,
}

impl Writer<'_> {
    /// `href` resolved against the post's source, and as a URI for the `href` attribute;
    /// `None` when it is no link a reader can follow, or cannot be made a valid URI.
    fn href(&self, href: &str) -> Option<(String, String)> {
        let url = links::resolve(self.meta.base.as_ref(), href)?;
        let uri = to_uri(&url)?;
        Some((url, uri))
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Paragraph { inlines, .. } => {
                if let Some(list) = link_list(inlines) {
                    if has_text(list.label) {
                        self.out.push_str("<p>");
                        self.inlines(list.label, false);
                        self.out.push_str("</p>\n");
                    }
                    self.out.push_str("<ul class=\"links\">\n");
                    for &item in &list.items {
                        self.out.push_str("<li>");
                        self.inlines(std::slice::from_ref(item), false);
                        self.out.push_str("</li>\n");
                    }
                    self.out.push_str("</ul>\n");
                } else if has_text(inlines) {
                    self.out.push_str("<p>");
                    self.inlines(inlines, false);
                    self.out.push_str("</p>\n");
                }
            }
            Block::Heading { level, inlines, .. } => {
                if has_text(inlines) {
                    // The post's title is the chapter's h1.
                    let level = (*level).clamp(2, 6);
                    let _ = write!(self.out, "<h{level}>");
                    self.inlines(inlines, false);
                    let _ = writeln!(self.out, "</h{level}>");
                }
            }
            Block::Figure {
                images, caption, ..
            } => self.figure(images, caption),
            Block::List { ordered, items, .. } => self.list(*ordered, items),
            Block::Furniture { blocks, .. } => {
                if self.keep_furniture {
                    self.blocks(blocks);
                }
            }
            Block::Quote { blocks, .. } => {
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks);
                self.out.push_str("</blockquote>\n");
            }
            Block::Table { rows, .. } => self.table(rows),
            Block::Embed { kind, src, .. } => {
                let label = xml_text(&format!("[{}]", self.labels.embed_kind(*kind)));
                match self.href(src) {
                    Some((url, uri)) => {
                        let _ = writeln!(
                            self.out,
                            "<p class=\"embed\">{label} <a href=\"{}\">{}</a></p>",
                            xml_attribute(&uri),
                            xml_text(&url)
                        );
                    }
                    None => {
                        let shown = links::display(self.meta.base.as_ref(), src);
                        let shown = shown
                            .map(|s| format!(" {}", xml_text(&s)))
                            .unwrap_or_default();
                        let _ = writeln!(self.out, "<p class=\"embed\">{label}{shown}</p>");
                    }
                }
            }
            Block::Code { text: code, .. } => {
                let code = clean(code);
                // A newline right after <pre> is dropped by HTML parsers; keep the text's.
                let lead = if code.starts_with('\n') { "\n" } else { "" };
                let _ = writeln!(self.out, "<pre>{lead}{}</pre>", xml_text(&code));
            }
            Block::Rule { .. } => self.out.push_str("<hr/>\n"),
        }
    }

    fn figure(&mut self, images: &[crate::model::Image], caption: &[Inline]) {
        let shown: Vec<(FigureImage, String)> = images
            .iter()
            .filter_map(|image| {
                let url = links::resolve(self.meta.base.as_ref(), &image.src)?;
                let alt = image.alt.as_deref().unwrap_or("").to_owned();
                Some((self.images.image(&url), alt))
            })
            .collect();
        let has_caption = has_text(caption);
        if shown.is_empty() && !has_caption {
            return;
        }
        self.out.push_str("<figure>\n");
        let caption_text = Inline::plain_text(caption);
        for (image, alt) in &shown {
            match image {
                FigureImage::Embedded(path) => {
                    let alt = if alt.trim().is_empty() {
                        &caption_text
                    } else {
                        alt
                    };
                    let _ = writeln!(
                        self.out,
                        "<img src=\"{}\" alt=\"{}\"/>",
                        xml_attribute(path),
                        xml_attribute(alt.trim())
                    );
                }
                FigureImage::Remote(url) => match to_uri(url) {
                    Some(uri) => {
                        let _ = writeln!(
                            self.out,
                            "<p class=\"image-link\"><a href=\"{}\">[{}]</a></p>",
                            xml_attribute(&uri),
                            xml_text(self.labels.image_link)
                        );
                    }
                    // No valid URI: the address stays as text.
                    None => {
                        let _ = writeln!(
                            self.out,
                            "<p class=\"image-link\">[{}] {}</p>",
                            xml_text(self.labels.image_link),
                            xml_text(url)
                        );
                    }
                },
            }
        }
        if has_caption {
            self.out.push_str("<figcaption>");
            self.inlines(caption, false);
            self.out.push_str("</figcaption>\n");
        }
        self.out.push_str("</figure>\n");
    }

    fn list(&mut self, ordered: bool, items: &[ListItem]) {
        let keep = self.keep_furniture;
        let items: Vec<&ListItem> = items
            .iter()
            .filter(|item| keep || !item_is_furniture(item))
            .collect();
        if items.is_empty() {
            return;
        }
        let tag = if ordered { "ol" } else { "ul" };
        let _ = writeln!(self.out, "<{tag}>");
        for item in items {
            self.out.push_str("<li>");
            self.blocks(&item.blocks);
            self.out.push_str("</li>\n");
        }
        let _ = writeln!(self.out, "</{tag}>");
    }

    fn table(&mut self, rows: &[Row]) {
        if rows.iter().all(|r| r.cells.is_empty()) {
            return;
        }
        let header_rows = rows
            .iter()
            .take_while(|r| !r.cells.is_empty() && r.cells.iter().all(|c| c.header))
            .count()
            .min(rows.len().saturating_sub(1));
        self.out.push_str("<table>\n");
        let (head, body) = rows.split_at(header_rows);
        for (section, rows) in [("thead", head), ("tbody", body)] {
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(self.out, "<{section}>");
            for row in rows {
                self.out.push_str("<tr>");
                for cell in &row.cells {
                    let tag = if cell.header { "th" } else { "td" };
                    let _ = write!(self.out, "<{tag}>");
                    self.inlines(&cell.inlines, false);
                    let _ = write!(self.out, "</{tag}>");
                }
                self.out.push_str("</tr>\n");
            }
            let _ = writeln!(self.out, "</{section}>");
        }
        self.out.push_str("</table>\n");
    }

    fn inlines(&mut self, inlines: &[Inline], in_link: bool) {
        for inline in inlines {
            match inline {
                Inline::Text { text: t } => self.out.push_str(&xml_text(t)),
                Inline::Code { text: t } => {
                    let _ = write!(self.out, "<code>{}</code>", xml_text(t));
                }
                Inline::LineBreak => self.out.push_str("<br/>\n"),
                Inline::Emphasis { children } => {
                    self.out.push_str("<em>");
                    self.inlines(children, in_link);
                    self.out.push_str("</em>");
                }
                Inline::Strong { children } => {
                    self.out.push_str("<strong>");
                    self.inlines(children, in_link);
                    self.out.push_str("</strong>");
                }
                Inline::Link { href, children, .. } => {
                    // No links inside links (invalid HTML); unsafe targets become text.
                    let uri = if in_link {
                        None
                    } else {
                        self.href(href).map(|(_, uri)| uri)
                    };
                    match uri {
                        Some(uri) => {
                            let _ = write!(self.out, "<a href=\"{}\">", xml_attribute(&uri));
                            self.inlines(children, true);
                            self.out.push_str("</a>");
                        }
                        None => self.inlines(children, in_link),
                    }
                }
            }
        }
    }
}

fn has_text(inlines: &[Inline]) -> bool {
    !clean(&Inline::plain_text(inlines)).trim().is_empty()
}
