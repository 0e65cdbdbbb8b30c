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

/// Whether `byte` may start a character [`is_allowed`] rejects: a control, DEL, or the
/// lead byte of a C1 control (0xC2), of U+2028/9 (0xE2), of a BMP noncharacter (0xEF) or
/// of a character beyond the BMP (0xF0–0xF4).
fn may_start_rejected(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t' && byte != b'\n')
        || matches!(byte, 0x7F | 0xC2 | 0xE2 | 0xEF | 0xF0..=0xF4)
}

/// The offset of the first character [`is_allowed`] rejects. Blocks of bytes none of which
/// may start one are passed over whole (branch-free, so in vector instructions).
fn first_rejected(text: &str) -> Option<usize> {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        while let Some(block) = bytes.get(i..i + BLOCK) {
            if block
                .iter()
                .fold(false, |any, &b| any | may_start_rejected(b))
            {
                break;
            }
            i += BLOCK;
        }
        i += bytes
            .get(i..)?
            .iter()
            .position(|&b| may_start_rejected(b))?;
        // Every byte `may_start_rejected` accepts starts a character.
        let c = text.get(i..)?.chars().next()?;
        if !is_allowed(c) {
            return Some(i);
        }
        i += c.len_utf8();
    }
}

/// `text` with every character that [`is_allowed`] rejects removed.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    match first_rejected(text) {
        None => Cow::Borrowed(text),
        Some(i) => {
            let (clean, rest) = text.split_at(i);
            let mut out = String::with_capacity(text.len());
            out.push_str(clean);
            out.extend(rest.chars().filter(|&c| is_allowed(c)));
            Cow::Owned(out)
        }
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

    /// The block scan finds every rejected character, wherever it sits in a block.
    #[test]
    fn every_rejected_character_is_found_at_every_position() {
        let rejected: Vec<char> = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|&c| !is_allowed(c))
            .collect();
        let filler = "“中文”—…\u{e000}\u{fdf0}\u{1f600}ab";
        for c in rejected {
            for pad in [0, 1, 5, 31, 32, 33, 40] {
                let before: String = filler.chars().cycle().take(pad).collect();
                let text = format!("{before}{c}{filler}{filler}");
                assert_eq!(
                    first_rejected(&text),
                    Some(before.len()),
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
        assert_eq!(first_rejected(&filler.repeat(9)), None);
    }

    #[test]
    fn clean_line_collapses_white_space() {
        assert_eq!(clean_line("  a \u{3000} b\n\u{7}c  "), "a b c");
    }
}
