//! Finding white space that collapsing would change, fast.
//!
//! White space is what [`char::is_whitespace`] says (Unicode's `White_Space`, so NBSP and
//! U+3000 count). Text in the model is normalised: single ASCII spaces between words.
//! The parser collapses white space and the text output joins words; both pass over
//! stretches that need no change with [`next_candidate`], which tests whole blocks of
//! bytes at once.

/// The length of the white-space character (as [`char::is_whitespace`], whose list is
/// fixed by Unicode's `White_Space` property) starting at `bytes[i]`, if one does.
pub(crate) fn white_space_at(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i..)? {
        [b'\t'..=b'\r' | b' ', ..] => Some(1),
        // U+0085, U+00A0.
        [0xC2, 0x85 | 0xA0, ..] => Some(2),
        // U+1680; U+2000–U+200A, U+2028, U+2029, U+202F; U+205F; U+3000.
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => Some(3),
        _ => None,
    }
}

/// Whether collapsing may change the text at `bytes[i]`: white space other than a space,
/// or a space another space follows. A single space between words (the common case) is
/// never a candidate: it stays as it is.
fn is_candidate(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i) {
        Some(b' ') => bytes.get(i + 1) == Some(&b' '),
        Some(&b) => {
            MAY_START_OTHER_WHITE_SPACE[usize::from(b)] && white_space_at(bytes, i).is_some()
        }
        None => false,
    }
}

/// Which bytes can start a white-space character other than the ASCII space, as a table
/// (the bytes of a block that may hold a candidate are looked at one by one).
const MAY_START_OTHER_WHITE_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3);
        b += 1;
    }
    table
};

/// How many bytes [`next_candidate`] tests at once.
const BLOCK: usize = 32;

/// Whether one of the `BLOCK` positions starting `window` may be a candidate (the last two
/// bytes are look-ahead). Exact for the lead bytes CJK text is full of (0xE2 of quotes and
/// dashes, 0xE3 of `、。「」`), and branch-free so that it compiles to vector instructions.
fn block_may_hold_candidate(window: &[u8; BLOCK + 2]) -> bool {
    let (b0, b1, b2) = (&window[..BLOCK], &window[1..=BLOCK], &window[2..]);
    let mut hit = [false; BLOCK];
    for (((h, &b), &n1), &n2) in hit.iter_mut().zip(b0).zip(b1).zip(b2) {
        let ascii = b.wrapping_sub(b'\t') < 5;
        let spaces = (b == b' ') & (n1 == b' ');
        let c2 = (b == 0xC2) & ((n1 == 0x85) | (n1 == 0xA0));
        let e1 = (b == 0xE1) & (n1 == 0x9A);
        let e2_80 = (n1 == 0x80) & ((n2 <= 0x8A) | (n2 == 0xA8) | (n2 == 0xA9) | (n2 == 0xAF));
        let e2 = (b == 0xE2) & (e2_80 | (n1 == 0x81));
        let e3 = (b == 0xE3) & (n1 == 0x80) & (n2 == 0x80);
        *h = ascii | spaces | c2 | e1 | e2 | e3;
    }
    hit.contains(&true)
}

/// Whether one of the `BLOCK` positions starting `window` holds a byte that may start a
/// candidate, looking at one byte only (and at the next for a space): the cheap first
/// test. Most blocks of CJK text or of English pass it, and need not the full test of
/// [`block_may_hold_candidate`], which is about four times the work.
fn block_may_hold_lead(window: &[u8; BLOCK + 2]) -> bool {
    let (b0, b1) = (&window[..BLOCK], &window[1..=BLOCK]);
    let mut hit = false;
    for (&b, &n1) in b0.iter().zip(b1) {
        hit |= (b < 0x0E) | ((b == b' ') & (n1 == b' ')) | (b == 0xC2) | (b.wrapping_sub(0xE1) < 3);
    }
    hit
}

/// The first candidate (see [`is_candidate`]) at or after `from`, or the end of `bytes`:
/// blocks that hold none are passed over whole, one that may hold one (or the last bytes)
/// is looked at byte by byte.
pub(crate) fn next_candidate(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    loop {
        while let Some(window) = bytes
            .get(i..i + BLOCK + 2)
            .and_then(|w| <&[u8; BLOCK + 2]>::try_from(w).ok())
        {
            if block_may_hold_lead(window) && block_may_hold_candidate(window) {
                break;
            }
            i += BLOCK;
        }
        let end = bytes.len().min(i + BLOCK);
        if end == bytes.len() && !tail_may_hold_candidate(bytes.get(i..).unwrap_or_default()) {
            return end;
        }
        if let Some(candidate) = (i..end).find(|&p| is_candidate(bytes, p)) {
            return candidate;
        }
        if end == bytes.len() {
            return end;
        }
        // The block only looked as if it held one (`⁄` starts like U+205F).
        i = end;
    }
}

/// [`block_may_hold_candidate`] for the last bytes, fewer than a window: they are tested
/// as a block padded with a byte that starts no white space, rather than one by one.
fn tail_may_hold_candidate(tail: &[u8]) -> bool {
    let mut window = [b'x'; BLOCK + 2];
    match window.get_mut(..tail.len()) {
        Some(start) => start.copy_from_slice(tail),
        None => return true,
    }
    block_may_hold_lead(&window) && block_may_hold_candidate(&window)
}

/// Whether `text` is one line as collapsing leaves it: no white space but single spaces
/// between words, none at the ends.
#[cfg(any(feature = "text", test))]
pub(crate) fn is_collapsed_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    next_candidate(bytes, 0) == bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block test never passes over white space that may change: every white-space
    /// character (the space twice, as one alone stays), at every position of a block,
    /// between CJK text full of look-alike lead bytes.
    #[test]
    fn blocks_with_white_space_are_never_passed_over() {
        let white: Vec<char> = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        let filler = "“引号”—、。「」…";
        for c in white {
            let white_space = if c == ' ' { vec![c, c] } else { vec![c] };
            for pad in 0..40 {
                let text: String = filler
                    .chars()
                    .cycle()
                    .take(pad)
                    .chain(white_space.iter().copied())
                    .chain(filler.chars().cycle().take(60))
                    .collect();
                let at = text
                    .char_indices()
                    .nth(pad)
                    .map(|(i, _)| i)
                    .unwrap_or_default();
                assert_eq!(
                    next_candidate(text.as_bytes(), 0),
                    at,
                    "U+{:04X} at {pad}",
                    u32::from(c)
                );
            }
        }
    }

    proptest::proptest! {
        /// The block search finds what a byte-by-byte search finds, in text made of white
        /// space and of characters that share its bytes.
        #[test]
        fn the_block_search_agrees_with_a_byte_search(
            text in "[ a\t\n\u{85}\u{a0}\u{a9}\u{1680}\u{1690}\u{2000}\u{200b}\u{201c}\u{2044}\u{205f}\u{3000}\u{3001}\u{4e2d}]{0,120}",
            from in 0usize..400,
        ) {
            let bytes = text.as_bytes();
            let expected = (from..bytes.len())
                .find(|&p| is_candidate(bytes, p))
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(next_candidate(bytes, from), expected);
        }
    }

    #[test]
    fn collapsed_lines_are_recognised() {
        for (text, collapsed) in [
            ("", true),
            ("a b c", true),
            ("中文 text。", true),
            (" a", false),
            ("a ", false),
            ("a  b", false),
            ("a\nb", false),
            ("a\u{3000}b", false),
            ("a\u{a0}b", false),
        ] {
            assert_eq!(is_collapsed_line(text), collapsed, "{text:?}");
            let words: Vec<&str> = text.split_whitespace().collect();
            if collapsed {
                assert_eq!(words.join(" "), text);
            }
        }
    }
}
