//! Text escaped for markup, element content and double-quoted attribute values: HTML for
//! the archive format ([`html_text`], [`html_attribute`]) and XML for the EPUB's XHTML
//! and package documents (`xml_text`, `xml_attribute`, with the `epub` feature). Every
//! writer of markup escapes through here, so the entities a format uses are written once.

/// The entity for `c` in element content: `&`, `<` and `>`.
fn text_entity(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        _ => None,
    }
}

/// The entity for `c` in a double-quoted attribute value: those of content and `"`.
fn attribute_entity(c: char) -> Option<&'static str> {
    match c {
        '"' => Some("&quot;"),
        c => text_entity(c),
    }
}

/// `chars` written with each character's `entity` where it has one.
fn escape(
    chars: impl Iterator<Item = char>,
    capacity: usize,
    entity: impl Fn(char) -> Option<&'static str>,
) -> String {
    let mut out = String::with_capacity(capacity);
    for c in chars {
        match entity(c) {
            Some(entity) => out.push_str(entity),
            None => out.push(c),
        }
    }
    out
}

/// `text` escaped for HTML element content. A no-break space is written `&nbsp;`, so that
/// it stays visible in the archive's markup (and reads back as itself).
pub(crate) fn html_text(text: &str) -> String {
    escape(text.chars(), text.len(), |c| match c {
        '\u{a0}' => Some("&nbsp;"),
        c => text_entity(c),
    })
}

/// `text` escaped for a double-quoted HTML attribute value.
pub(crate) fn html_attribute(text: &str) -> String {
    escape(text.chars(), text.len(), attribute_entity)
}

/// `text` escaped for XML character data, without the characters XML rejects (see
/// [`is_allowed`](super::sanitize::is_allowed)).
#[cfg(feature = "epub")]
pub(crate) fn xml_text(text: &str) -> String {
    use super::sanitize::is_allowed;
    escape(
        text.chars().filter(|&c| is_allowed(c)),
        text.len(),
        text_entity,
    )
}

/// `text` escaped for a double-quoted XML attribute value, without the characters XML
/// rejects; tabs and line feeds become spaces (a parser would normalise them anyway).
#[cfg(feature = "epub")]
pub(crate) fn xml_attribute(text: &str) -> String {
    use super::sanitize::is_allowed;
    escape(
        text.chars().filter(|&c| is_allowed(c)),
        text.len(),
        |c| match c {
            '\t' | '\n' => Some(" "),
            c => attribute_entity(c),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_shows_no_break_spaces() {
        assert_eq!(html_text("a<b>&c\u{a0}\"d'"), "a&lt;b&gt;&amp;c&nbsp;\"d'");
        assert_eq!(
            html_attribute("x\"y<&>\u{a0}\n"),
            "x&quot;y&lt;&amp;&gt;\u{a0}\n"
        );
    }

    #[cfg(feature = "epub")]
    #[test]
    fn xml_escapes_and_cleans() {
        assert_eq!(
            xml_text("a<b>&c\u{1}\u{2028}\u{a0}"),
            "a&lt;b&gt;&amp;c\u{a0}"
        );
        assert_eq!(xml_attribute("x\"y\n<\tz\u{7f}"), "x&quot;y &lt; z");
    }
}
