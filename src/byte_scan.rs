//! Finding the characters a byte test picks out, a block of bytes at a time.
//!
//! A test looks at a position's byte and the three after it (0 past the end), and gives 1
//! where a character it looks for starts, else 0. Written without branches, a block of
//! such tests becomes vector instructions, so [`find`] passes over blocks that hold none
//! whole and looks byte by byte only in the block that holds one. The test must be exact
//! (1 only where such a character starts): CJK text is full of bytes that merely begin
//! like the characters looked for (`E2` for quotes and dashes, `EF` for full-width
//! punctuation, `C2` for `·`).

/// How many positions are tested at once.
const BLOCK: usize = 32;
/// How many bytes after a position a test sees.
const LOOK_AHEAD: usize = 3;

/// The first position at or after `from` where `starts` gives 1.
pub(crate) fn find(
    bytes: &[u8],
    from: usize,
    starts: impl Fn(u8, u8, u8, u8) -> u8,
) -> Option<usize> {
    let mut i = from;
    while let Some(window) = bytes
        .get(i..i + BLOCK + LOOK_AHEAD)
        .and_then(|w| <&[u8; BLOCK + LOOK_AHEAD]>::try_from(w).ok())
    {
        let (b0, b1) = (&window[..BLOCK], &window[1..=BLOCK]);
        let (b2, b3) = (&window[2..BLOCK + 2], &window[3..]);
        let mut hit = 0;
        for (((&b, &n1), &n2), &n3) in b0.iter().zip(b1).zip(b2).zip(b3) {
            hit |= starts(b, n1, n2, n3);
        }
        if hit != 0 {
            break;
        }
        i += BLOCK;
    }
    // The block that holds one, or the last bytes.
    let at = |p: usize| bytes.get(p).copied().unwrap_or(0);
    (i..bytes.len()).find(|&p| starts(at(p), at(p + 1), at(p + 2), at(p + 3)) != 0)
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn finds_each_match_in_order_wherever_it_sits() {
        let is_x = |b: u8, n1: u8, _: u8, _: u8| u8::from(b == b'x') & u8::from(n1 == b'y');
        for len in [0_usize, 1, 3, 31, 32, 34, 35, 36, 70, 100] {
            for at in 0..len.saturating_sub(1) {
                let mut text = vec![b'x'; len];
                text[at + 1] = b'y';
                assert_eq!(find(&text, 0, is_x), Some(at), "{at} in {len}");
                assert_eq!(find(&text, at, is_x), Some(at));
                assert_eq!(find(&text, at + 1, is_x), None);
            }
            assert_eq!(find(&vec![b'x'; len], 0, is_x), None);
        }
    }
}
