//! Naming the encoding of a file that is not UTF-8, for messages.

/// The encoding `bytes` are recognisably in, other than UTF-8: UTF-32 or UTF-16 by
/// their byte-order mark, or, without one, by the zero bytes every other (or every
/// fourth) byte of ASCII text has in them; else a legacy Chinese double-byte encoding
/// (GBK / GB18030 or Big5) when nearly every byte above ASCII pairs up as one. `None`
/// when nothing is recognised.
///
/// ```
/// assert_eq!(newspost::guess_encoding(b"\xff\xfe-\x00-\x00"), Some("UTF-16LE (with a byte-order mark)"));
/// assert_eq!(newspost::guess_encoding("中文".as_bytes()), None);
/// ```
pub fn guess_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xff\xfe\x00\x00") {
        return Some("UTF-32LE (with a byte-order mark)");
    }
    if bytes.starts_with(b"\x00\x00\xfe\xff") {
        return Some("UTF-32BE (with a byte-order mark)");
    }
    if bytes.starts_with(b"\xff\xfe") {
        return Some("UTF-16LE (with a byte-order mark)");
    }
    if bytes.starts_with(b"\xfe\xff") {
        return Some("UTF-16BE (with a byte-order mark)");
    }
    let sample = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let zeros_at = |phase: usize, step: usize| {
        let slots = sample.len() / step;
        let zeros = sample
            .iter()
            .skip(phase)
            .step_by(step)
            .filter(|&&b| b == 0)
            .count();
        slots >= 4 && zeros * 10 >= slots * 9
    };
    if zeros_at(1, 4) && zeros_at(2, 4) && zeros_at(3, 4) {
        return Some("UTF-32LE");
    }
    if zeros_at(0, 4) && zeros_at(1, 4) && zeros_at(2, 4) {
        return Some("UTF-32BE");
    }
    if zeros_at(1, 2) {
        return Some("UTF-16LE");
    }
    if zeros_at(0, 2) {
        return Some("UTF-16BE");
    }
    if simdutf8::basic::from_utf8(bytes).is_ok() {
        return None;
    }
    double_byte_chinese(sample).then_some("a Chinese double-byte encoding (GBK / GB18030 or Big5)")
}

/// Whether the bytes above ASCII in `sample` pair up as the lead and trail bytes of GBK
/// (which Big5's ranges fall within), with at least a few such pairs.
fn double_byte_chinese(sample: &[u8]) -> bool {
    let (mut pairs, mut strays) = (0usize, 0usize);
    let mut i = 0;
    while i < sample.len() {
        let b = sample[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        match sample.get(i + 1) {
            Some(&t) if (0x81..=0xfe).contains(&b) && (0x40..=0xfe).contains(&t) && t != 0x7f => {
                pairs += 1;
                i += 2;
            }
            // A pair cut by the end of the sample.
            None => i += 1,
            Some(_) => {
                strays += 1;
                i += 1;
            }
        }
    }
    pairs >= 4 && strays * 20 <= pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn recognises_utf16_and_utf32_with_and_without_a_bom() {
        let post = "---\ntitle: t\n---\n<p>x</p>\n";
        let mut with_bom = vec![0xff, 0xfe];
        with_bom.extend(utf16le(post));
        assert_eq!(
            guess_encoding(&with_bom),
            Some("UTF-16LE (with a byte-order mark)")
        );
        assert_eq!(guess_encoding(&utf16le(post)), Some("UTF-16LE"));
        let be: Vec<u8> = post.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(guess_encoding(&be), Some("UTF-16BE"));
        let utf32: Vec<u8> = post
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        assert_eq!(guess_encoding(&utf32), Some("UTF-32LE"));
    }

    #[test]
    fn recognises_gbk_and_leaves_utf8_and_stray_bytes_alone() {
        // 中文新闻报道 in GBK.
        let gbk = b"<p>\xd6\xd0\xce\xc4\xd0\xc2\xce\xc5\xb1\xa8\xb5\xc0</p>";
        assert!(guess_encoding(gbk).is_some_and(|e| e.contains("GBK")));
        assert_eq!(guess_encoding("中文新闻报道".as_bytes()), None);
        assert_eq!(guess_encoding(b"caf\xe9 au lait"), None);
    }
}
