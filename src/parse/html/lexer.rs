//! A cheap HTML tag lexer: finds where tags, comments and declarations start and end,
//! without building anything. Used to bound nesting before html5ever sees the body
//! ([`super::super::limits`]) and to give offsets to the tokens of html5ever's tokenizer,
//! which has none ([`super::feed`]).
//!
//! It follows the HTML tokenizer closely enough for those jobs: quoted attribute values may
//! hold `<` and `>`, comments run to `-->`, and the content of raw-text elements (`script`,
//! `style`, `noscript`, `textarea`, …) is skipped to their end tag.

use std::borrow::Cow;
use std::ops::Range;

use super::elements::is_raw_text;

/// What a lexed markup item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TagKind {
    /// `<name …>`.
    Start,
    /// `</name …>`.
    End,
    /// A comment, doctype or other `<!…>` / `<?…>` declaration.
    Other,
}

/// One markup item of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag<'a> {
    pub kind: TagKind,
    /// Lower-case tag name (empty for [`TagKind::Other`]), borrowed from the input when
    /// it is written in lower case.
    pub name: Cow<'a, str>,
    /// From `<` through `>` (or the end of the input).
    pub range: Range<usize>,
    /// Written `<name … />`.
    pub self_closing: bool,
    /// Inside the content of a raw-text element: text to the HTML tokenizer, unless the
    /// tree builder does not treat the element as raw text (`<svg><style>`, `<math>
    /// <title>`). Its range is only `<name` (or `</name`).
    pub in_raw_text: bool,
}

/// Every tag, comment and declaration of `html`, in order.
#[cfg(test)]
pub(crate) fn lex(html: &str) -> Vec<Tag<'_>> {
    lex_at_most(html, usize::MAX)
}

/// The tags of `html` as [`lex`] finds them, stopping once there are more than `max`.
pub(crate) fn lex_at_most(html: &str, max: usize) -> Vec<Tag<'_>> {
    let bytes = html.as_bytes();
    // Room for a tag per 64 bytes, about what article markup has: the vector seldom
    // grows, and never holds more than it would for a body of tags only.
    let mut tags = Vec::with_capacity(html.len() / 64 + 4);
    let mut i = 0;
    while let Some(found) = memchr_lt(bytes, i) {
        if tags.len() > max {
            break;
        }
        i = found;
        let next = bytes.get(i + 1).copied();
        match next {
            Some(b'!') if bytes[i..].starts_with(b"<!--") => {
                let end = comment_end(bytes, i);
                tags.push(other(i..end));
                i = end;
            }
            Some(b'!' | b'?') => {
                let end = find_byte(bytes, i + 2, b'>').map_or(bytes.len(), |e| e + 1);
                tags.push(other(i..end));
                i = end;
            }
            Some(b'/') => match bytes.get(i + 2) {
                Some(b) if b.is_ascii_alphabetic() => {
                    let (tag, end) = tag_at(html, i, i + 2, TagKind::End);
                    tags.push(tag);
                    i = end;
                }
                Some(b'>') => {
                    // `</>` is dropped by the tokenizer.
                    tags.push(other(i..i + 3));
                    i += 3;
                }
                Some(_) => {
                    let end = find_byte(bytes, i + 2, b'>').map_or(bytes.len(), |e| e + 1);
                    tags.push(other(i..end));
                    i = end;
                }
                None => break,
            },
            Some(b) if b.is_ascii_alphabetic() => {
                let (tag, end) = tag_at(html, i, i + 1, TagKind::Start);
                let plaintext = tag.name == "plaintext";
                let raw_end =
                    is_raw_text(&tag.name).then(|| raw_text_end(bytes, end, tag.name.as_bytes()));
                tags.push(tag);
                i = end;
                if plaintext {
                    break;
                }
                if let Some(raw_end) = raw_end {
                    push_raw_text_marks(html, i, raw_end, &mut tags);
                    i = raw_end;
                }
            }
            _ => i += 1,
        }
    }
    tags
}

fn other<'a>(range: Range<usize>) -> Tag<'a> {
    Tag {
        kind: TagKind::Other,
        name: Cow::Borrowed(""),
        range,
        self_closing: false,
        in_raw_text: false,
    }
}

/// Marks every `<name` and `</name` in raw text `from..to`: where the tree builder does
/// not take the text as raw (`<svg><style>`), html5ever's tokenizer reads them as tags,
/// and the feeder matches its tokens to these marks.
fn push_raw_text_marks<'a>(html: &'a str, from: usize, to: usize, tags: &mut Vec<Tag<'a>>) {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(lt) = find_byte(bytes, i, b'<').filter(|&lt| lt < to) {
        let (kind, name_start) = match bytes.get(lt + 1) {
            Some(b'/') => (TagKind::End, lt + 2),
            _ => (TagKind::Start, lt + 1),
        };
        let mut end = name_start;
        while end < to && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        if end > name_start && bytes[name_start].is_ascii_alphabetic() {
            tags.push(Tag {
                kind,
                name: lower_case(html.get(name_start..end).unwrap_or_default()),
                range: lt..end,
                self_closing: false,
                in_raw_text: true,
            });
        }
        i = end.max(lt + 1);
    }
}

/// A tag name in lower case, copied only when it is not already.
fn lower_case(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

fn memchr_lt(bytes: &[u8], from: usize) -> Option<usize> {
    find_byte(bytes, from, b'<')
}

fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    memchr::memchr(byte, bytes.get(from..)?).map(|p| from + p)
}

/// End of a comment starting at `start` (`<!--`): just past `-->`, `<!-->` and `<!--->`
/// included, or the end of the input.
fn comment_end(bytes: &[u8], start: usize) -> usize {
    let body = start + 4;
    if bytes.get(body) == Some(&b'>') {
        return body + 1;
    }
    if bytes.get(body..body + 2) == Some(b"->") {
        return body + 2;
    }
    let mut i = body;
    while let Some(dash) = find_byte(bytes, i, b'-') {
        if bytes.get(dash..dash + 3) == Some(b"-->") {
            return dash + 3;
        }
        if bytes.get(dash..dash + 4) == Some(b"--!>") {
            return dash + 4;
        }
        i = dash + 1;
    }
    bytes.len()
}

/// Lexes a start or end tag whose name begins at `name_start`; returns the tag and the
/// offset just past it.
fn tag_at(html: &str, start: usize, name_start: usize, kind: TagKind) -> (Tag<'_>, usize) {
    let bytes = html.as_bytes();
    let mut i = name_start;
    while i < bytes.len()
        && !matches!(
            bytes[i],
            b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'
        )
    {
        i += 1;
    }
    let name = lower_case(html.get(name_start..i).unwrap_or_default());
    let mut self_closing = false;
    let mut after_equals = false;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => {
                let tag = Tag {
                    kind,
                    name,
                    range: start..i + 1,
                    self_closing,
                    in_raw_text: false,
                };
                return (tag, i + 1);
            }
            b'"' | b'\'' if after_equals => {
                let quote = bytes[i];
                i = find_byte(bytes, i + 1, quote).map_or(bytes.len(), |q| q + 1);
                after_equals = false;
                self_closing = false;
                continue;
            }
            b'=' => after_equals = true,
            b'/' => {
                self_closing = bytes.get(i + 1) == Some(&b'>');
                after_equals = false;
            }
            b'\t' | b'\n' | b'\x0c' | b' ' | b'\r' => {}
            _ => after_equals = false,
        }
        i += 1;
    }
    let tag = Tag {
        kind,
        name,
        range: start..bytes.len(),
        self_closing,
        in_raw_text: false,
    };
    (tag, bytes.len())
}

/// Where the value of attribute `name` (lower case) lies in the start tag `tag` (its
/// source from `<`), as the HTML tokenizer reads attributes: the first attribute of that
/// name (the tokenizer drops repeats), its value inside the quotes, as written (entities
/// not decoded). `None` when the tag has no such attribute or it has no value.
pub(crate) fn attribute_value(tag: &str, name: &str) -> Option<Range<usize>> {
    let bytes = tag.as_bytes();
    let is_space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    let mut i = 1;
    // The tag name.
    while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>') {
        i += 1;
    }
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return None;
        }
        // The name: a leading `=` belongs to it.
        let name_start = i;
        i += 1;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let matches = tag
            .get(name_start..i)
            .is_some_and(|n| n.eq_ignore_ascii_case(name));
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            if matches {
                return None;
            }
            continue;
        }
        i += 1;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = find_byte(bytes, i + 1, quote).unwrap_or(bytes.len());
                let value = i + 1..end;
                i = end + 1;
                value
            }
            _ => {
                let start = i;
                while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                    i += 1;
                }
                start..i
            }
        };
        if matches {
            return Some(value);
        }
    }
}

/// Where the raw text of element `name` that starts at `from` ends: at its end tag
/// (`</name` followed by white space, `/` or `>`; the tokenizer reads a carriage return
/// as a line feed), or the end of the input.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(lt) = find_byte(bytes, i, b'<') {
        let after_name = lt + 2 + name.len();
        if bytes.get(lt + 1) == Some(&b'/')
            && bytes
                .get(lt + 2..after_name)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && matches!(
                bytes.get(after_name),
                None | Some(b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
            )
        {
            return lt;
        }
        i = lt + 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str) -> Vec<(TagKind, String, &str)> {
        lex(html)
            .into_iter()
            .filter(|t| !t.in_raw_text)
            .map(|t| (t.kind, t.name.into_owned(), &html[t.range]))
            .collect()
    }

    #[test]
    fn finds_tags_with_quoted_brackets_comments_and_raw_text() {
        let html = r#"a<p title="x<b>y" class='z'>t</p><!-- <div> --><script>if (a<b) "</div>"</script><br/>"#;
        let got = names(html);
        assert_eq!(
            got,
            vec![
                (TagKind::Start, "p".into(), r#"<p title="x<b>y" class='z'>"#),
                (TagKind::End, "p".into(), "</p>"),
                (TagKind::Other, String::new(), "<!-- <div> -->"),
                (TagKind::Start, "script".into(), "<script>"),
                (TagKind::End, "script".into(), "</script>"),
                (TagKind::Start, "br".into(), "<br/>"),
            ]
        );
        assert!(lex("<br/>")[0].self_closing);
        let raw: Vec<_> = lex("<script>a<b c</script>")
            .into_iter()
            .map(|t| (t.name.into_owned(), t.in_raw_text))
            .collect();
        assert_eq!(
            raw,
            [
                ("script".into(), false),
                ("b".into(), true),
                ("script".into(), false)
            ]
        );
    }

    #[test]
    fn attribute_values_are_found_as_the_tokenizer_reads_them() {
        fn value<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
            attribute_value(tag, name).map(|r| &tag[r])
        }
        let tag = r#"<a title="href=x" HREF = '/a?b=1&amp;c=2' href="/second" data-x=y>"#;
        assert_eq!(value(tag, "href"), Some("/a?b=1&amp;c=2"));
        assert_eq!(value(tag, "title"), Some("href=x"));
        assert_eq!(value(tag, "data-x"), Some("y"));
        assert_eq!(value(tag, "src"), None);
        assert_eq!(value("<img src=p.jpg/>", "src"), Some("p.jpg/"));
        assert_eq!(value("<img/src=\"p.jpg\" alt>", "src"), Some("p.jpg"));
        assert_eq!(value("<img alt src>", "src"), None);
        assert_eq!(value("<img src=\"unclosed", "src"), Some("unclosed"));
    }

    #[test]
    fn a_lone_less_than_is_text_and_unclosed_things_end_at_the_end() {
        assert!(lex("1 < 2 <3").is_empty());
        assert_eq!(
            names("<div class=\"x"),
            vec![(TagKind::Start, "div".into(), "<div class=\"x")]
        );
        assert_eq!(names("<!-- open").len(), 1);
        assert_eq!(names("<DIV>")[0].1, "div");
    }
}
