use crate::byte_scan;
use crate::diagnostics::{Edit, Fix};
use crate::lint::context::Context;
use crate::lint::{declare_rule, Check, Finding};

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

/// 1 when the bytes `b`, `n1`, `n2` start a control character, else 0: a C0 one other
/// than tab, line feed and carriage return, a C1 one (`C2 80`–`C2 9F`), or U+2028 / U+2029
/// (`E2 80 A8`, `E2 80 A9`). Exact, so that the `C2` of `·` and the `E2 80` of CJK text's
/// quotes and dashes pass, and branch-free, as [`byte_scan::find`] needs.
fn starts_control(b: u8, n1: u8, n2: u8, _: u8) -> u8 {
    let c0 =
        u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n') & u8::from(b != b'\r');
    let c1 = u8::from(b == 0xC2) & u8::from(n1.wrapping_sub(0x80) < 0x20);
    let separator =
        u8::from(b == 0xE2) & u8::from(n1 == 0x80) & u8::from(n2.wrapping_sub(0xA8) < 2);
    c0 | c1 | separator
}

/// Offsets where a control character starts, in order.
fn candidates(bytes: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = byte_scan::find(bytes, from, starts_control) {
        out.push(i);
        from = i + 1;
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
            let Some(c) = ctx.text.get(i..).and_then(|rest| rest.chars().next()) else {
                continue;
            };
            debug_assert!(is_control(c), "{c:?} at {i}");
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

    /// The block search finds exactly what a scan character by character finds, in
    /// order, wherever a control character falls in a block, among characters that share
    /// its bytes (`·` is `C2 B7`, `“` is `E2 80 9C`, U+2027 is `E2 80 A7`).
    #[test]
    fn candidates_are_the_control_characters_in_order() {
        let controls = [
            '\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{1f}', '\u{80}', '\u{85}', '\u{9f}', '\u{2028}',
            '\u{2029}',
        ];
        let look_alikes = "·“”—…\u{2027}\u{202a}\u{a0}\u{c0}\u{7f}字a\t\n\r";
        for c in controls {
            for pad in 0..70 {
                let text: String = look_alikes
                    .chars()
                    .cycle()
                    .take(pad)
                    .chain([c])
                    .chain(look_alikes.chars().cycle().take(pad % 7))
                    .chain([c])
                    .collect();
                let expected: Vec<usize> = text
                    .char_indices()
                    .filter(|&(_, c)| super::is_control(c))
                    .map(|(i, _)| i)
                    .collect();
                assert_eq!(expected.len(), 2);
                assert_eq!(
                    super::candidates(text.as_bytes()),
                    expected,
                    "U+{:04X} after {pad}",
                    u32::from(c)
                );
            }
        }
    }

    #[test]
    fn passes_tabs_newlines_and_carriage_returns() {
        assert!(diagnostics("control-character", VALID).is_empty());
        let text = VALID.replace('\n', "\r\n").replace("第一段", "第一\t段");
        assert!(diagnostics("control-character", &text).is_empty());
    }
}
