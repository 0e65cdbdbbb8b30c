//! Text that every output format can carry: no control characters, nothing XML rejects.

use std::borrow::Cow;

/// Whether `c` may appear in converted text. Drops C0 controls except tab and line feed,
/// DEL and C1 controls, the Unicode line and paragraph separators (U+2028/9), surrogates
/// and noncharacters (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF) — everything XML 1.0 rejects or
/// discourages and that a plain-text reader would show as garbage.
pub(crate) fn is_allowed(c: char) -> bool {
    let u = u32::from(c);
    match c {
        '\t' | '\n' => true,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' => false,
        '\u{fdd0}'..='\u{fdef}' => false,
        _ => u & 0xfffe != 0xfffe,
    }
}

/// `text` with every character that [`is_allowed`] rejects removed.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| is_allowed(c)).collect())
    }
}

/// `text` cleaned and with white space collapsed to single spaces, ends trimmed.
pub(crate) fn clean_line(text: &str) -> String {
    clean(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_controls_and_separators() {
        assert_eq!(clean("a\u{0}b\u{1b}c\u{85}d\u{2028}e\u{fffe}f"), "abcdef");
        assert_eq!(clean("tab\tand\nnewline"), "tab\tand\nnewline");
        assert!(matches!(clean("中文 text"), Cow::Borrowed(_)));
    }

    #[test]
    fn clean_line_collapses_white_space() {
        assert_eq!(clean_line("  a \u{3000} b\n\u{7}c  "), "a b c");
    }
}
