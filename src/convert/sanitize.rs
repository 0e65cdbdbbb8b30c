//! Text that every output format can carry: no control characters, nothing XML rejects.

use std::borrow::Cow;

use crate::byte_scan;

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

/// 1 when the bytes `b`, `n1`, `n2`, `n3` start a character [`is_allowed`] rejects, else
/// 0: a C0 control but tab and line feed, DEL, a C1 control (`C2 80`–`C2 9F`), U+2028/9
/// (`E2 80 A8`/`A9`), U+FDD0–U+FDEF (`EF B7 90`–`AF`), U+FFFE/U+FFFF (`EF BF BE`/`BF`) or
/// U+xFFFE/U+xFFFF beyond the BMP (`F0`–`F4`, `x? BF BE`/`BF` with the second byte's low
/// nibble `F`). Exact for valid UTF-8 (no continuation byte starts any of these), and
/// branch-free, as [`byte_scan::find`] needs.
fn starts_rejected(b: u8, n1: u8, n2: u8, n3: u8) -> u8 {
    let control =
        (u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n')) | u8::from(b == 0x7F);
    let c1 = u8::from(b == 0xC2) & u8::from(n1.wrapping_sub(0x80) < 0x20);
    let separator =
        u8::from(b == 0xE2) & u8::from(n1 == 0x80) & u8::from(n2.wrapping_sub(0xA8) < 2);
    let bmp_nonchar = u8::from(b == 0xEF)
        & ((u8::from(n1 == 0xB7) & u8::from(n2.wrapping_sub(0x90) < 0x20))
            | (u8::from(n1 == 0xBF) & u8::from(n2.wrapping_sub(0xBE) < 2)));
    let astral_nonchar = u8::from(b >= 0xF0)
        & u8::from(n1 & 0x0F == 0x0F)
        & u8::from(n2 == 0xBF)
        & u8::from(n3.wrapping_sub(0xBE) < 2);
    control | c1 | separator | bmp_nonchar | astral_nonchar
}

/// The offset of the first character [`is_allowed`] rejects.
fn first_rejected(text: &str) -> Option<usize> {
    byte_scan::find(text.as_bytes(), 0, starts_rejected)
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
        // Characters that share bytes with rejected ones, but are allowed.
        let filler = "“中文”—…，\u{a0}\u{2027}\u{202a}\u{fdcf}\u{fdf0}\u{fffd}\u{e000}\u{1f600}\u{1f63e}\u{1fffd}\u{10fffd}~\t\nab";
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
