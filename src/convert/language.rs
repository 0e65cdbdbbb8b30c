//! The language of a post: its front matter's `lang` if it has a usable one, else guessed
//! from the script of its title and text.

use crate::model::visit::{visit_blocks, Visit};
use crate::model::{Block, FurnitureKind, Post};

/// A BCP 47 language tag for the post: `zh`, `ja`, `ko` or `en`, or the front matter's
/// `lang` value when it looks like a tag (`zh-Hant`, `de`).
///
/// The guess counts characters: Han ideographs read as Chinese unless kana (Japanese) or
/// Hangul (Korean) are frequent; text with few CJK characters reads as English.
pub(crate) fn post_language(post: &Post) -> String {
    if let Some(tag) = declared_language(post) {
        return tag;
    }
    let mut counts = ScriptCounts::default();
    if let Some(title) = post.title() {
        counts.add(title);
    }
    count_blocks(&post.body, &mut counts);
    counts.language().to_owned()
}

fn declared_language(post: &Post) -> Option<String> {
    let value = post
        .front_matter
        .as_ref()?
        .extra
        .get("lang")?
        .as_str()?
        .trim();
    is_language_tag(value).then(|| value.to_owned())
}

/// Whether `tag` has the shape of a BCP 47 tag: ASCII letters, digits and hyphens, a
/// letter-only primary subtag of 2–8 letters.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[derive(Debug, Default)]
struct ScriptCounts {
    han: usize,
    kana: usize,
    hangul: usize,
    latin: usize,
}

impl ScriptCounts {
    fn add(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&byte) = bytes.get(i) {
            // The bulk of the text by lead byte: ASCII, and Han ideographs U+5000–U+9FFF
            // without decoding; the other three-byte characters (the rest of the CJK
            // ideographs, CJK and general punctuation, full-width forms) decoded by hand.
            match byte {
                0x00..=0x7F => {
                    self.latin += usize::from(byte.is_ascii_alphabetic());
                    i += 1;
                }
                0xE5..=0xE9 => {
                    self.han += 1;
                    i += 3;
                }
                0xE0..=0xEF => {
                    let at = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3F);
                    let scalar = (u32::from(byte & 0x0F) << 12) | (at(1) << 6) | at(2);
                    if let Some(c) = char::from_u32(scalar) {
                        self.add_char(c);
                    }
                    i += 3;
                }
                _ => {
                    let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                        break;
                    };
                    self.add_char(c);
                    i += c.len_utf8();
                }
            }
        }
    }

    fn add_char(&mut self, c: char) {
        match c {
            // The common cases first, without Unicode table look-ups: ASCII, and the
            // punctuation of CJK text (general punctuation, CJK symbols, full-width
            // forms), none of which is alphabetic.
            c if c.is_ascii() => self.latin += usize::from(c.is_ascii_alphabetic()),
            '\u{2000}'..='\u{206f}'
            | '\u{3000}'..='\u{3004}'
            | '\u{3008}'..='\u{3020}'
            | '\u{ff01}'..='\u{ff20}' => {}
            '\u{3400}'..='\u{4dbf}'
            | '\u{4e00}'..='\u{9fff}'
            | '\u{f900}'..='\u{faff}'
            | '\u{20000}'..='\u{3134f}' => self.han += 1,
            '\u{3040}'..='\u{30ff}' => self.kana += 1,
            '\u{1100}'..='\u{11ff}' | '\u{ac00}'..='\u{d7af}' => self.hangul += 1,
            c if c.is_alphabetic() => self.latin += 1,
            _ => {}
        }
    }

    fn language(&self) -> &'static str {
        let cjk = self.han + self.kana + self.hangul;
        // One CJK character carries about as much as a Latin word of five letters.
        if cjk == 0 || cjk * 5 < self.latin {
            "en"
        } else if self.hangul * 2 > cjk {
            "ko"
        } else if self.kana * 10 > cjk {
            "ja"
        } else {
            "zh"
        }
    }
}

/// Counts the article's text: paragraphs, headings, captions, list items, quotes and
/// table cells; code blocks and page furniture are left out.
fn count_blocks(blocks: &[Block], counts: &mut ScriptCounts) {
    struct Counter<'c> {
        counts: &'c mut ScriptCounts,
        in_code_block: bool,
    }
    impl<'a> Visit<'a> for Counter<'_> {
        fn enter_block(&mut self, block: &'a Block, _: Option<FurnitureKind>) {
            self.in_code_block = matches!(block, Block::Code { .. });
        }
        fn leave_block(&mut self, _: &'a Block, _: Option<FurnitureKind>) {
            self.in_code_block = false;
        }
        fn text(&mut self, text: &'a str, furniture: Option<FurnitureKind>) {
            if furniture.is_none() && !self.in_code_block {
                self.counts.add(text);
            }
        }
    }
    visit_blocks(
        blocks,
        &mut Counter {
            counts,
            in_code_block: false,
        },
    );
}

/// The language most posts have; ties go to the one seen first.
pub(crate) fn majority<'a>(languages: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for lang in languages {
        match counts.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, n)) => *n += 1,
            None => counts.push((lang, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .iter()
        .find(|(_, n)| *n == best)
        .map(|(l, _)| (*l).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FrontMatter, Header};

    fn post(title: &str, body: &str) -> Post {
        let mut post = Post::new();
        post.header = Some(Header::new(title, "https://example.com/a"));
        post.body = vec![Block::paragraph(body)];
        post
    }

    #[test]
    fn the_punctuation_passed_over_holds_no_letters() {
        let ranges = [
            '\u{2000}'..='\u{206f}',
            '\u{3000}'..='\u{3004}',
            '\u{3008}'..='\u{3020}',
            '\u{ff01}'..='\u{ff20}',
        ];
        for c in ranges.into_iter().flatten() {
            assert!(!c.is_alphabetic(), "U+{:04X}", u32::from(c));
        }
    }

    fn counts(c: impl FnOnce(&mut ScriptCounts)) -> [usize; 4] {
        let mut counts = ScriptCounts::default();
        c(&mut counts);
        [counts.han, counts.kana, counts.hangul, counts.latin]
    }

    /// Counting text by its bytes counts every character as looking at it whole does.
    #[test]
    fn every_character_counts_as_it_is_classed() {
        let mut all = String::new();
        let mut expected = [0; 4];
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let by_char = counts(|n| n.add_char(c));
            assert_eq!(
                counts(|n| n.add(c.encode_utf8(&mut [0; 4]))),
                by_char,
                "U+{:04X}",
                u32::from(c)
            );
            all.push(c);
            for (total, n) in expected.iter_mut().zip(by_char) {
                *total += n;
            }
        }
        assert_eq!(counts(|n| n.add(&all)), expected);
    }

    #[test]
    fn guesses_from_script() {
        assert_eq!(
            post_language(&post("莫斯科地震", "至少6人死亡，Reuters 报道。")),
            "zh"
        );
        assert_eq!(
            post_language(&post("Quake in Moscow", "At least six dead, 习近平 said.")),
            "en"
        );
        assert_eq!(
            post_language(&post("東京の地震", "少なくとも6人が死亡した。")),
            "ja"
        );
        assert_eq!(
            post_language(&post("서울 지진", "적어도 6명이 사망했다.")),
            "ko"
        );
        assert_eq!(post_language(&Post::new()), "en");
    }

    #[test]
    fn front_matter_lang_wins_when_it_is_a_tag() {
        let mut p = post("莫斯科地震", "至少6人死亡");
        let mut fm = FrontMatter::new();
        fm.extra
            .insert("lang".into(), serde_json::Value::String("zh-Hant".into()));
        p.front_matter = Some(fm.clone());
        assert_eq!(post_language(&p), "zh-Hant");
        fm.extra
            .insert("lang".into(), serde_json::Value::String("<script>".into()));
        p.front_matter = Some(fm);
        assert_eq!(post_language(&p), "zh");
    }

    #[test]
    fn majority_prefers_first_on_ties() {
        assert_eq!(majority(["en", "zh", "zh"]).as_deref(), Some("zh"));
        assert_eq!(majority(["en", "zh"]).as_deref(), Some("en"));
        assert_eq!(majority([]), None);
    }
}
