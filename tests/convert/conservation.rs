//! Conservation: every paragraph and caption of a generated post reaches its plain-text
//! and EPUB forms: every word of every text run, in order.
#![cfg(all(feature = "text", feature = "epub"))]

use crate::common::strategies;

use std::io::Read;

use newspost::{to_text_string, write_epub, EpubOptions, TextOptions};
use proptest::prelude::*;

/// Whether `words` occur in `haystack` in this order (each after the previous one).
fn in_order(haystack: &str, words: &[String]) -> Result<(), String> {
    let mut pos = 0;
    for word in words {
        match haystack[pos..].find(word) {
            Some(i) => pos += i + word.len(),
            None => return Err(format!("`{word}` missing (after byte {pos})")),
        }
    }
    Ok(())
}

/// The text of an XHTML document: tags removed, entities decoded.
fn xhtml_text(xhtml: &str) -> String {
    let mut out = String::with_capacity(xhtml.len());
    let mut rest = xhtml;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            out.push(' ');
            rest = &rest[end..];
        } else {
            let end = rest.find(';').map_or(1, |e| e + 1);
            let entity = &rest[1..end.saturating_sub(1).max(1)];
            let decoded = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => entity
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            match decoded {
                Some(c) => {
                    out.push(c);
                    rest = &rest[end..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of every XHTML document in the book, in archive order.
fn epub_text(book: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book)).expect("a zip archive");
    let mut out = String::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("an entry");
        if !file.name().ends_with(".xhtml") {
            continue;
        }
        let mut xhtml = String::new();
        file.read_to_string(&mut xhtml).expect("UTF-8 XHTML");
        out.push_str(&xhtml_text(&xhtml));
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(strategies::config(64, "proptest-regressions/prop_conservation.txt"))]

    #[test]
    fn paragraphs_and_captions_reach_the_plain_text(post in strategies::post()) {
        for options in [
            TextOptions::default(),
            TextOptions::default().with_inline_links(true),
        ] {
            let text = to_text_string(&post, &options);
            for words in strategies::paragraph_and_caption_words(&post.body) {
                let found = in_order(&text, &words);
                prop_assert!(found.is_ok(), "{:?}: {:?}\n--- text:\n{}", found, words, text);
            }
        }
    }

    #[test]
    fn paragraphs_and_captions_reach_the_epub(post in strategies::post()) {
        let mut book = Vec::new();
        write_epub(std::slice::from_ref(&post), &EpubOptions::default(), &mut book)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = epub_text(&book);
        for words in strategies::paragraph_and_caption_words(&post.body) {
            let found = in_order(&text, &words);
            prop_assert!(found.is_ok(), "{:?}: {:?}\n--- book text:\n{}", found, words, text);
        }
    }
}
