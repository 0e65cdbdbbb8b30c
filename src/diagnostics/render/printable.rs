//! Text from posts and file names made safe to print on a terminal or into a CI log.
//!
//! Post text and file names are the attacker's: an ESC or BEL starts terminal sequences, a
//! newline starts a new log line, and a line starting with `::` or `##[` is a GitHub
//! workflow command. [`printable`] shows control characters as visible pictures, so that
//! what is printed is one line and changes nothing; [`neutralise_commands`] breaks a
//! workflow command at the start of a line of output.

use std::borrow::Cow;

/// The text with every control character shown as a visible picture: C0 controls as
/// their Control Pictures (`␊` for a newline, `␛` for ESC), DEL as `␡`, and C1 controls and
/// the characters that reorder text (bidirectional overrides and isolates) as `<U+XXXX>`.
/// Text without any is returned as it is.
///
/// ```
/// use newspost::render::printable::printable;
/// assert_eq!(printable("a\u{1b}[31mb\nc"), "a␛[31mb␊c");
/// assert_eq!(printable("中文 \u{202e}x"), "中文 <U+202E>x");
/// assert_eq!(printable("plain"), "plain");
/// ```
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_picture) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_printable(&mut out, c);
    }
    Cow::Owned(out)
}

/// Appends `c` to `out` as [`printable`] shows it.
pub(crate) fn push_printable(out: &mut String, c: char) {
    match c {
        '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        '\u{7f}' => out.push('\u{2421}'),
        c if needs_picture(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
        c => out.push(c),
    }
}

/// Whether [`printable`] replaces `c`.
pub(crate) fn needs_picture(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `line` with a workflow command at its start (`::name…` or `##[name]…`, after any
/// leading white space, which the runner trims) broken by a zero-width space after the
/// white space, so that a CI runner prints it instead of running it.
///
/// ```
/// use newspost::render::printable::neutralise_commands;
/// assert_eq!(neutralise_commands("  ::error::x"), "  \u{200b}::error::x");
/// assert_eq!(neutralise_commands("##[group]x"), "\u{200b}##[group]x");
/// assert_eq!(neutralise_commands("a ::b"), "a ::b");
/// ```
pub fn neutralise_commands(line: &str) -> Cow<'_, str> {
    let body = line.trim_start();
    if body.starts_with("::") || body.starts_with("##[") {
        let indent = line.len() - body.len();
        let mut out = String::with_capacity(line.len() + 3);
        out.push_str(&line[..indent]);
        out.push('\u{200b}');
        out.push_str(body);
        return Cow::Owned(out);
    }
    Cow::Borrowed(line)
}

/// Every line of `text` through [`neutralise_commands`].
pub fn neutralise_lines(text: &str) -> Cow<'_, str> {
    if !text
        .split('\n')
        .any(|l| matches!(neutralise_commands(l), Cow::Owned(_)))
    {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(neutralise_commands).collect();
    Cow::Owned(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_character_becomes_visible() {
        for c in (0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32) {
            let shown = printable(&c.to_string()).into_owned();
            assert!(!shown.chars().any(char::is_control), "{c:?} → {shown:?}");
            assert!(!shown.is_empty());
        }
        assert_eq!(printable("a\tb\r\n"), "a␉b␍␊");
    }

    #[test]
    fn commands_are_broken_only_at_a_line_start() {
        let text = "x\n ::error file=a::forged\n##[warning]y\nz ::k";
        let out = neutralise_lines(text);
        assert!(!out
            .lines()
            .any(|l| l.trim_start().starts_with("::") || l.trim_start().starts_with("##[")));
        assert!(out.ends_with("z ::k"));
    }
}
