//! Nothing lost: for every post of the shared sample corpus, every paragraph and caption
//! listed in its `manifest.jsonl` appears in the plain text and in the post's chapter of
//! one anthology of all the posts, and no noise string appears in either.
//!
//! Reads `$NEWSPOST_CORPUS/sample` (default `../shared/corpus/sample`); skips with a note
//! when it is absent.
#![cfg(all(feature = "text", feature = "epub"))]

use newspost::{to_text_string, write_epub, EpubOptions, TextOptions};

use crate::common::collapse;

struct Entry {
    file: String,
    texts: Vec<String>,
    noise: Vec<String>,
}

fn strings(value: &serde_json::Value, key: &str) -> Vec<String> {
    value[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .map(collapse)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_paragraph_and_caption_of_the_sample_survives_conversion() {
    let Some(dir) =
        crate::common::shared_corpus("sample").filter(|d| d.join("manifest.jsonl").is_file())
    else {
        eprintln!("note: shared sample corpus not found; set NEWSPOST_CORPUS to run this check");
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("manifest.jsonl")).expect("manifest");
    let entries: Vec<Entry> = manifest
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("manifest line");
            let mut texts = strings(&v, "paragraphs");
            texts.extend(strings(&v, "captions"));
            Entry {
                file: v["file"].as_str().expect("file").to_owned(),
                texts,
                noise: strings(&v, "noise"),
            }
        })
        .collect();
    let posts: Vec<newspost::Post> = entries
        .iter()
        .map(|e| {
            let bytes = std::fs::read(dir.join(&e.file)).expect("post");
            newspost::parse_bytes(&bytes).unwrap_or_else(|err| panic!("{}: {err}", e.file))
        })
        .collect();

    let mut book = Vec::new();
    write_epub(&posts, &EpubOptions::default(), &mut book).expect("anthology");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book)).expect("zip");

    let (mut checked, mut missing) = (0, Vec::new());
    for (i, (entry, post)) in entries.iter().zip(&posts).enumerate() {
        let text = collapse(&to_text_string(post, &TextOptions::default()));
        let mut xhtml = String::new();
        std::io::Read::read_to_string(
            &mut archive
                .by_name(&format!("OEBPS/post-{:04}.xhtml", i + 1))
                .expect("chapter"),
            &mut xhtml,
        )
        .expect("utf-8");
        let doc = roxmltree::Document::parse_with_options(
            &xhtml,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .expect("well-formed chapter");
        let chapter: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        let chapter = collapse(&chapter);
        for expected in &entry.texts {
            checked += 1;
            for (format, output) in [("text", &text), ("epub", &chapter)] {
                if !output.contains(expected.as_str()) {
                    missing.push(format!("{} ({format}): {expected}", entry.file));
                }
            }
        }
        for noise in &entry.noise {
            assert!(
                !text.contains(noise.as_str()),
                "{}: noise {noise:?} in text",
                entry.file
            );
            assert!(
                !xhtml.contains(noise.as_str()) && !chapter.contains(noise.as_str()),
                "{}: noise {noise:?} in EPUB",
                entry.file
            );
        }
    }
    eprintln!(
        "{} posts, {checked} paragraphs and captions, {} missing",
        posts.len(),
        missing.len()
    );
    assert!(
        missing.is_empty(),
        "{} missing:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
