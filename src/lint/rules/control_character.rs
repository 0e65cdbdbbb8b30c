use crate::lint::context::Context;
use crate::lint::{declare_rule, Check, Finding};
use crate::{Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Flags C0 control characters (other than tab, line feed and carriage return), C1
    /// control characters (U+0080–U+009F), and the separators U+2028 and U+2029
    /// anywhere in the file.
    ///
    /// ## Why is this bad?
    /// XML, and so EPUB, rejects them: the converters drop them. Elsewhere they are
    /// invisible and break JSON consumers and JavaScript (U+2028 ends a line there).
    /// They come from copy-and-paste out of PDFs and CMS editors.
    ///
    /// ## Example
    /// ```text
    /// <p>政府表示\u{0008}将于下周公布</p>
    /// ```
    ///
    /// ## Fix
    /// Deletes them, as the converters do.
    pub(crate) struct ControlCharacter => "control-character", Warning
}

/// Whether a byte may start a C0 control character other than tab, line feed and
/// carriage return, or a C1 one (U+0080–U+009F, lead byte 0xC2).
fn may_start_c0_or_c1(b: u8) -> bool {
    (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0xC2
}

/// Whether no byte of `block` may start a C0 or C1 control character. Branch-free, so
/// that the compiler turns it into vector instructions.
fn is_clean(block: &[u8]) -> bool {
    let mut hit = 0u8;
    for &b in block {
        let c0 =
            u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n') & u8::from(b != b'\r');
        hit |= c0 | u8::from(b == 0xC2);
    }
    hit == 0
}

/// Offsets where a control character may start, in order. C0 and C1 controls are found
/// by a byte scan that passes over clean blocks with vector instructions; U+2028 and
/// U+2029 by one substring search for the two bytes they start with, as their lead byte
/// 0xE2 also starts the quotes and dashes of CJK text, too often for a byte scan to stop
/// at (the two bytes start those quotes too, but a search passes over the text between).
fn candidates(bytes: &[u8]) -> Vec<usize> {
    const BLOCK: usize = 64;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rest) = bytes.get(from..) {
        let clean_blocks = rest
            .chunks_exact(BLOCK)
            .take_while(|block| is_clean(block))
            .count();
        let skipped = clean_blocks * BLOCK;
        let Some(p) = rest
            .get(skipped..)
            .and_then(|tail| tail.iter().position(|&b| may_start_c0_or_c1(b)))
        else {
            break;
        };
        out.push(from + skipped + p);
        from += skipped + p + 1;
    }
    let scanned = out.len();
    // U+2028 and U+2029 are `E2 80 A8` and `E2 80 A9`.
    out.extend(
        memchr::memmem::find_iter(bytes, b"\xE2\x80")
            .filter(|&at| matches!(bytes.get(at + 2), Some(0xA8 | 0xA9))),
    );
    if out.len() > scanned {
        out.sort_unstable();
    }
    out
}

fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}')
}

impl Check for ControlCharacter {
    fn check(&self, ctx: &Context<'_>, found: &mut Vec<Finding>) {
        let mut run: Option<(usize, usize, Vec<char>)> = None;
        let flush = |run: Option<(usize, usize, Vec<char>)>, found: &mut Vec<Finding>| {
            if let Some((start, end, chars)) = run {
                let names: Vec<String> = chars
                    .iter()
                    .map(|c| format!("U+{:04X}", u32::from(*c)))
                    .collect();
                let message = if chars.len() == 1 {
                    format!("control character {}", names.join(""))
                } else {
                    format!("{} control characters ({})", chars.len(), names.join(" "))
                };
                found.push(Finding::new(start..end, message).fix(Some(Fix::safe(
                    "delete the control characters",
                    Edit::deletion(start..end),
                ))));
            }
        };
        for i in candidates(ctx.text.as_bytes()) {
            // A 0xC2 that does not start U+0080–U+009F is some other character.
            let Some(c) = ctx.text.get(i..).and_then(|rest| rest.chars().next()) else {
                continue;
            };
            if !is_control(c) {
                continue;
            }
            match run.as_mut() {
                Some((_, end, chars)) if *end == i => {
                    *end = i + c.len_utf8();
                    chars.push(c);
                }
                _ => {
                    flush(run.take(), found);
                    run = Some((i, i + c.len_utf8(), vec![c]));
                }
            }
        }
        flush(run, found);
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn flags_runs_of_control_characters_and_deletes_them() {
        let text = VALID
            .replace("第一段。", "第一\u{8}段\u{85}\u{2028}。")
            .replace("联合早报\n", "联合\u{1b}早报\n");
        let found = diagnostics("control-character", &text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].message, "control character U+001B");
        assert_eq!(found[2].message, "2 control characters (U+0085 U+2028)");
        assert_eq!(fixed(&linter(), &text), VALID);
    }

    #[test]
    fn candidates_are_in_order_across_blocks() {
        let text = format!(
            "{}\u{1}“引号”\u{2028}·\u{85}{}\u{2029}\u{7}",
            "字".repeat(20),
            "a\n\t".repeat(20)
        );
        let found: Vec<char> = super::candidates(text.as_bytes())
            .into_iter()
            .filter_map(|i| text[i..].chars().next())
            .collect();
        assert_eq!(
            found,
            ['\u{1}', '\u{2028}', '·', '\u{85}', '\u{2029}', '\u{7}']
        );
    }

    #[test]
    fn passes_tabs_newlines_and_carriage_returns() {
        assert!(diagnostics("control-character", VALID).is_empty());
        let text = VALID.replace('\n', "\r\n").replace("第一段", "第一\t段");
        assert!(diagnostics("control-character", &text).is_empty());
    }
}
