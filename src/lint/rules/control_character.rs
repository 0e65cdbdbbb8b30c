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

/// Which bytes can start a control character: C0 controls, the lead byte of
/// U+0080–U+009F and that of U+2028/U+2029. The scan looks every byte up here.
const MAY_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] =
            (b < 0x20 && !matches!(b as u8, b'\t' | b'\n' | b'\r')) || b == 0xC2 || b == 0xE2;
        b += 1;
    }
    table
};

/// The first byte at or after `from` that may start a control character. Blocks without
/// one are passed over with a test the compiler turns into vector instructions.
fn next_candidate(bytes: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 32;
    let rest = bytes.get(from..)?;
    let mut skipped = 0;
    for block in rest.chunks_exact(BLOCK) {
        let any = block.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == 0xC2) | (b == 0xE2)
        });
        if any {
            break;
        }
        skipped += BLOCK;
    }
    rest.get(skipped..)?
        .iter()
        .position(|&b| MAY_START[usize::from(b)])
        .map(|p| from + skipped + p)
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
        // Jump from one byte that may start a control character to the next.
        let bytes = ctx.text.as_bytes();
        let mut from = 0;
        while let Some(i) = next_candidate(bytes, from) {
            // Decode only where the following bytes make a control character possible
            // (typographic quotes and dashes also start with 0xE2).
            let len = match bytes.get(i..) {
                Some([0xC2, 0x80..=0x9F, ..]) => 2,
                Some([0xE2, 0x80, 0xA8 | 0xA9, ..]) => 3,
                Some([0xC2 | 0xE2, ..]) => {
                    from = i + 1;
                    continue;
                }
                _ => 1,
            };
            let Some(c) = ctx
                .text
                .get(i..i + len)
                .and_then(|rest| rest.chars().next())
            else {
                break;
            };
            from = i + c.len_utf8();
            if is_control(c) {
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
    fn passes_tabs_newlines_and_carriage_returns() {
        assert!(diagnostics("control-character", VALID).is_empty());
        let text = VALID.replace('\n', "\r\n").replace("第一段", "第一\t段");
        assert!(diagnostics("control-character", &text).is_empty());
    }
}
