//! [`Post`] → text in the archive's own format (its canonical form).
//!
//! Parsing the written text gives back an equal post for every post the parser produces.
//! Front-matter strings are double-quoted unless they are plain words, because YAML
//! reads an unquoted `中国 #1 经济` as `中国` followed by a comment.

use std::fmt::Write as _;

use super::escape::{html_attribute, html_text};
use super::Error;
use crate::model::{Block, Cell, EmbedKind, FrontMatter, Image, Inline, Post};
use crate::parse::furniture::FURNITURE_ATTRIBUTE;

/// How a post is written in the archive format. There is one way today; the struct is
/// there so that the archive writer has the shape of every converter (and room for
/// options without breaking callers).
///
/// ```
/// let post = newspost::parse("<div><p>a</p></div>\n")?;
/// let options = newspost::ArchiveOptions::default();
/// assert_eq!(newspost::to_archive_string(&post, &options), "<div>\n<p>a</p>\n</div>\n");
/// # Ok::<(), newspost::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ArchiveOptions {}

/// The post in the archive format (its canonical form).
///
/// ```
/// let text = "---\nlayout: post\ntitle: \"中国 #1 经济\"\n---\n<!--0-->\n\n<div>\n<p>a &amp; b</p>\n</div>\n";
/// let post = newspost::parse(text)?;
/// let options = newspost::ArchiveOptions::default();
/// assert_eq!(newspost::to_archive_string(&post, &options), text);
/// # Ok::<(), newspost::Error>(())
/// ```
pub fn to_archive_string(post: &Post, options: &ArchiveOptions) -> String {
    let ArchiveOptions {} = options;
    let mut out = String::new();
    if let Some(fm) = &post.front_matter {
        write_front_matter(fm, &mut out);
    }
    if let Some(epoch) = &post.epoch {
        let _ = writeln!(out, "<!--{}-->", epoch.millis);
    }
    if let Some(header) = &post.header {
        let _ = writeln!(out, "[{}]({})\n------", header.title, header.url);
        // A date line is read only under a header.
        if let Some(line) = &post.date_line {
            let _ = writeln!(out, "{}：{}", line.label, line.date.text().trim());
        }
    }
    if post.front_matter.is_some() || post.epoch.is_some() || post.header.is_some() {
        out.push('\n');
    }
    out.push_str("<div>\n");
    for block in &post.body {
        write_block(block, &mut out);
        out.push('\n');
    }
    out.push_str("</div>\n");
    out
}

/// Writes the post in the archive format to `writer`.
///
/// ```
/// let post = newspost::parse("<div><p>a</p></div>\n")?;
/// let mut out = Vec::new();
/// newspost::write_archive(&post, &newspost::ArchiveOptions::default(), &mut out).unwrap();
/// assert_eq!(out, newspost::write(&post).as_bytes());
/// # Ok::<(), newspost::Error>(())
/// ```
pub fn write_archive(
    post: &Post,
    options: &ArchiveOptions,
    mut writer: impl std::io::Write,
) -> Result<(), Error> {
    writer.write_all(to_archive_string(post, options).as_bytes())?;
    Ok(())
}

/// The post in the archive format: [`to_archive_string`] with the default options, the
/// short form parsing's counterpart deserves.
///
/// ```
/// let text = "---\nlayout: post\ntitle: \"中国 #1 经济\"\n---\n<!--0-->\n\n<div>\n<p>a &amp; b</p>\n</div>\n";
/// let post = newspost::parse(text)?;
/// assert_eq!(newspost::write(&post), text);
/// assert_eq!(newspost::parse(&newspost::write(&post))?, post);
/// # Ok::<(), newspost::Error>(())
/// ```
pub fn write(post: &Post) -> String {
    to_archive_string(post, &ArchiveOptions::default())
}

/// Writes a post in the archive format to `writer`: [`write_archive`] with the default
/// options, under its former name.
#[deprecated(since = "0.1.0", note = "use `write_archive`, which takes the options")]
pub fn write_to(post: &Post, writer: impl std::io::Write) -> std::io::Result<()> {
    write_archive(post, &ArchiveOptions::default(), writer).map_err(|e| match e {
        Error::Io(e) => e,
        other => std::io::Error::other(other),
    })
}

fn write_front_matter(fm: &FrontMatter, out: &mut String) {
    out.push_str("---\n");
    let string_field = |key: &str, value: &Option<String>, out: &mut String| {
        if let Some(value) = value {
            let _ = writeln!(out, "{key}: {}", yaml_string(value));
        }
    };
    string_field("layout", &fm.layout, out);
    string_field("title", &fm.title, out);
    if let Some(date) = fm.date_text() {
        let _ = writeln!(out, "date: {}", yaml_string(date));
    }
    string_field("author", &fm.author, out);
    string_field("from", &fm.from, out);
    write_list("tags", &fm.tags, out);
    if let Some(comments) = fm.comments {
        let _ = writeln!(out, "comments: {comments}");
    }
    write_list("categories", &fm.categories, out);
    for (key, value) in &fm.extra {
        out.push_str(&yaml_string(key));
        out.push_str(": ");
        write_yaml_value(value, true, out);
        out.push('\n');
    }
    out.push_str("---\n");
}

/// An `extra` value in YAML's flow style, on one line: every string double-quoted
/// inside a list or mapping (plain only when it is the whole value and YAML reads it back
/// as the same string), so that no block scalar's chomping can change it.
fn write_yaml_value(value: &serde_json::Value, top: bool, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) if top => out.push_str(&yaml_string(s)),
        Value::String(s) => out.push_str(&quoted(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_yaml_value(item, false, out);
            }
            out.push(']');
        }
        Value::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&quoted(key));
                out.push_str(": ");
                write_yaml_value(item, false, out);
            }
            out.push('}');
        }
    }
}

fn write_list(key: &str, items: &[String], out: &mut String) {
    if items.is_empty() {
        return;
    }
    let items: Vec<String> = items.iter().map(|s| yaml_string(s)).collect();
    let _ = writeln!(out, "{key}: [ {} ]", items.join(", "));
}

/// A YAML scalar for `s`: plain when it is a word YAML reads as that same string,
/// double-quoted otherwise.
fn yaml_string(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'))
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
        )
        || is_date_like(s);
    if plain {
        return s.to_owned();
    }
    quoted(s)
}

/// `s` as a YAML double-quoted scalar.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if is_yaml_printable(c) => out.push(c),
            c if (c as u32) <= 0xffff => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Dates are written plain, as the archives do: YAML 1.2 reads them as strings.
fn is_date_like(s: &str) -> bool {
    crate::model::PostDate::parse(s).is_ok_and(|d| d.text() == s)
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'.' | b'+' | b' '))
        && !s.ends_with(' ')
}

/// Characters YAML allows unescaped in a double-quoted scalar.
fn is_yaml_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
        && c != '\u{2028}'
        && c != '\u{2029}'
}

/// Writes one block as canonical HTML.
pub(crate) fn write_block(block: &Block, out: &mut String) {
    match block {
        Block::Paragraph { inlines, .. } => {
            out.push_str("<p>");
            write_inlines(inlines, out);
            out.push_str("</p>");
        }
        Block::Figure {
            images, caption, ..
        } => {
            out.push_str("<figure>");
            for image in images {
                write_image(image, out);
            }
            if !caption.is_empty() {
                out.push_str("<figcaption>");
                write_inlines(caption, out);
                out.push_str("</figcaption>");
            }
            out.push_str("</figure>");
        }
        Block::Heading { level, inlines, .. } => {
            let level = (*level).clamp(1, 6);
            let _ = write!(out, "<h{level}>");
            write_inlines(inlines, out);
            let _ = write!(out, "</h{level}>");
        }
        Block::List { ordered, items, .. } => {
            let tag = if *ordered { "ol" } else { "ul" };
            let _ = write!(out, "<{tag}>");
            for item in items {
                out.push_str("<li>");
                for block in &item.blocks {
                    write_block(block, out);
                }
                out.push_str("</li>");
            }
            let _ = write!(out, "</{tag}>");
        }
        Block::Quote { blocks, .. } => {
            out.push_str("<blockquote>");
            for block in blocks {
                write_block(block, out);
            }
            out.push_str("</blockquote>");
        }
        Block::Table { rows, .. } => {
            out.push_str("<table>");
            for row in rows {
                out.push_str("<tr>");
                for Cell { header, inlines } in &row.cells {
                    let tag = if *header { "th" } else { "td" };
                    let _ = write!(out, "<{tag}>");
                    write_inlines(inlines, out);
                    let _ = write!(out, "</{tag}>");
                }
                out.push_str("</tr>");
            }
            out.push_str("</table>");
        }
        Block::Embed { kind, src, .. } => {
            let tag = match kind {
                EmbedKind::Iframe => "iframe",
                EmbedKind::Video => "video",
                EmbedKind::Audio => "audio",
            };
            let _ = write!(out, "<{tag} src=\"{}\"></{tag}>", html_attribute(src));
        }
        Block::Code { text, .. } => {
            // A newline right after `<pre>` is dropped by HTML parsers, so always write one.
            out.push_str("<pre>\n");
            out.push_str(&html_text(text));
            out.push_str("</pre>");
        }
        Block::Rule { .. } => out.push_str("<hr>"),
        Block::Furniture { kind, blocks, .. } => {
            let _ = write!(out, "<aside {FURNITURE_ATTRIBUTE}=\"{kind}\">");
            for block in blocks {
                write_block(block, out);
            }
            out.push_str("</aside>");
        }
    }
}

fn write_image(image: &Image, out: &mut String) {
    let _ = write!(out, "<img src=\"{}\"", html_attribute(&image.src));
    if let Some(alt) = &image.alt {
        let _ = write!(out, " alt=\"{}\"", html_attribute(alt));
    }
    if let Some(title) = &image.title {
        let _ = write!(out, " title=\"{}\"", html_attribute(title));
    }
    out.push('>');
}

fn write_inlines(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push_str(&html_text(text)),
            Inline::Link { href, children, .. } => {
                let _ = write!(out, "<a href=\"{}\">", html_attribute(href));
                write_inlines(children, out);
                out.push_str("</a>");
            }
            Inline::Emphasis { children } => {
                out.push_str("<em>");
                write_inlines(children, out);
                out.push_str("</em>");
            }
            Inline::Strong { children } => {
                out.push_str("<strong>");
                write_inlines(children, out);
                out.push_str("</strong>");
            }
            Inline::LineBreak => out.push_str("<br>"),
            Inline::Code { text } => {
                out.push_str("<code>");
                out.push_str(&html_text(text));
                out.push_str("</code>");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Extra values that YAML's block style gets wrong or that need quoting come back
    /// equal: strings ending in newlines (once written as a `|2+` block scalar that did
    /// not read back), keys YAML would type, nested lists and mappings, exact floats.
    #[test]
    fn extra_values_read_back_equal() {
        let mut fm = FrontMatter::new();
        for (key, value) in [
            ("note", json!("a\n\n")),
            ("trailing", json!("  x \n")),
            ("1", json!("one")),
            ("true", json!(null)),
            ("- x", json!("a: b #c")),
            (
                "nested",
                json!({"中": [-996_714_974_628.285_9, "\n", {"k": true}], "": []}),
            ),
            ("big", json!(u64::MAX)),
            ("inf", json!(".inf")),
            ("empty", json!({})),
        ] {
            fm.extra.insert(key.to_owned(), value);
        }
        let post = Post {
            front_matter: Some(fm),
            ..Post::default()
        };
        let text = write(&post);
        let back = crate::parse::parse(&text).expect("the written post parses");
        assert_eq!(back, post, "{text}");
        assert_eq!(write(&back), text);
    }
}
