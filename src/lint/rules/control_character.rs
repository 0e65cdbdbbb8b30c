use crate::byte_scan;
use crate::diagnostics::{Edit, Fix, Level};
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

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
    /// Writes U+2028 as a line break and U+2029 as a paragraph break, as the parser reads
    /// them: in the body's text `<br>` and `</p><p>` (`<br><br>` outside a `p`); inside a
    /// tag and outside the body (front matter, header), where a line break reads as a
    /// space, a space. Deletes the other control characters, as the converters do.
    pub(crate) struct ControlCharacter
}

static META: RuleMeta = RuleMeta {
    name: "control-character",
    default_level: Level::Warning,
    summary: "Flags C0 control characters (other than tab, line feed and carriage return), C1 \
              control characters (U+0080–U+009F), and the separators U+2028 and U+2029 anywhere in \
              the file.",
    fix: FixAvailability::Safe,
    docs: ControlCharacter::DOCS,
};

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

/// What the fix writes for `c` at `offset`: a line or paragraph break for U+2028 and
/// U+2029 (see the rule's docs), nothing for other controls.
fn separator_text(ctx: &Context<'_>, offset: usize, c: char) -> Option<&'static str> {
    if !matches!(c, '\u{2028}' | '\u{2029}') {
        return None;
    }
    let body = ctx.parsed.post.body_span.range();
    let before = match ctx.text.get(body.start..offset) {
        Some(before) if body.contains(&offset) => before,
        _ => return Some(" "),
    };
    // Inside a tag (an attribute's value): the last `<` after the last `>`.
    let in_tag = before
        .rfind('<')
        .is_some_and(|lt| before.rfind('>').is_none_or(|gt| gt < lt));
    if in_tag {
        return Some(" ");
    }
    if c == '\u{2028}' {
        return Some("<br>");
    }
    Some(if inside_paragraph(before) {
        "</p><p>"
    } else {
        "<br><br>"
    })
}

/// Whether the HTML `before` leaves a `p` element open: its last `<p>` start tag comes
/// after its last `</p>`.
fn inside_paragraph(before: &str) -> bool {
    let lower = before.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let last_open = memchr::memmem::rfind_iter(bytes, b"<p").find(|&i| {
        matches!(
            bytes.get(i + 2),
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')
        )
    });
    let last_close = memchr::memmem::rfind(bytes, b"</p");
    match (last_open, last_close) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

impl Rule for ControlCharacter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        let mut run: Option<(usize, usize, Vec<char>)> = None;
        let flush = |run: Option<(usize, usize, Vec<char>)>, found: &mut Findings| {
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
                let replacement: String = chars
                    .iter()
                    .filter_map(|&c| separator_text(ctx, start, c))
                    .collect();
                let fix = if replacement.is_empty() {
                    Fix::safe("delete the control characters", Edit::deletion(start..end))
                } else if chars.iter().all(|&c| matches!(c, '\u{2028}' | '\u{2029}')) {
                    Fix::safe(
                        "write the separators as breaks",
                        Edit::replacement(start..end, replacement),
                    )
                } else {
                    Fix::safe(
                        "write the separators as breaks and delete the control characters",
                        Edit::replacement(start..end, replacement),
                    )
                };
                found.push(Finding::new(start..end, message).fix(Some(fix)));
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
            .replace("第一段。", "第一\u{8}段\u{85}。")
            .replace("联合早报\n", "联合\u{1b}早报\n");
        let found = diagnostics("control-character", &text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].message, "control character U+001B");
        assert_eq!(found[2].message, "control character U+0085");
        assert_eq!(fixed(&linter(), &text), VALID);
    }

    /// The separators become the breaks they stand for, and the fixed file reads as the
    /// damaged one did.
    #[test]
    fn the_fix_writes_separators_as_line_and_paragraph_breaks() {
        let text = VALID
            .replace(
                "第一段。",
                "“我们走。”\u{2029}“不，留下。”\u{2028}他说。\u{85}",
            )
            .replace("联合早报\n", "联合\u{2028}早报\n");
        let found = diagnostics("control-character", &text);
        assert_eq!(found.len(), 4);
        let out = fixed(&linter(), &text);
        assert!(
            out.contains("“我们走。”</p><p>“不，留下。”<br>他说。</p>"),
            "{out}"
        );
        assert!(out.contains("author: 联合 早报\n"), "{out}");
        let before = crate::parse::parse_lenient(&text).post;
        let after = crate::parse::parse(&out).expect("fixed parses");
        assert_eq!(after.body, before.body);
        // Outside a `p`, a paragraph break is two line breaks, as bare text splits there.
        let bare = VALID.replace("<p>第一段。</p>", "一\u{2029}二");
        let out = fixed(&linter(), &bare);
        assert!(out.contains("一<br><br>二"), "{out}");
        assert_eq!(
            crate::parse::parse(&out).expect("parses").body,
            crate::parse::parse_lenient(&bare).post.body
        );
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
