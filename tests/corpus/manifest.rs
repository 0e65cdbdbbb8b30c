//! The parser against the corpus manifest: every sample post's front matter and body
//! (paragraphs, figures, captions, headings, lists, tables, embeds, links) as the
//! generator recorded them, and no noise in the output. The shared corpus is read when it
//! sits beside the crate (`../shared/corpus`); a copy of ten posts always runs.

use crate::common::{check_manifest_dir, posts, shared_corpus};

fn assert_no_problems(count: usize, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problems in {count} posts:\n{}",
        problems.len(),
        problems
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_copied_sample_posts_match_their_manifest_lines() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse/sample");
    let (count, problems) = check_manifest_dir(&dir);
    assert!(count >= 10);
    assert_no_problems(count, &problems);
}

#[test]
fn every_sample_post_matches_the_manifest() {
    let Some(dir) = shared_corpus("sample") else {
        eprintln!("note: ../shared/corpus/sample is absent; skipped");
        return;
    };
    let (count, problems) = check_manifest_dir(&dir);
    eprintln!(
        "{} of {count} sample posts match the manifest",
        count - problems.len()
    );
    assert_eq!(count, 300);
    assert_no_problems(count, &problems);
}

#[test]
fn every_real_post_parses_without_error() {
    let Some(dir) = shared_corpus("real/teahouse") else {
        eprintln!("note: ../shared/corpus/real/teahouse is absent; skipped");
        return;
    };
    let files = posts(&dir);
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("post");
        if let Err(e) = newspost::parse(&text) {
            failures.push(format!("{}: {e}", file.display()));
        }
    }
    eprintln!(
        "{} of {} real posts parse",
        files.len() - failures.len(),
        files.len()
    );
    assert!(files.len() >= 1500);
    assert_no_problems(files.len(), &failures);
}

/// Issue 15: every image or link that a `<noscript>` fallback of the real waimei sample
/// holds, and that its post writes nowhere else, is in the post's JSON. The fallbacks
/// are read from the file's text by a scanner of their own, not by newspost's parser.
mod noscript_fallbacks {
    use std::path::{Path, PathBuf};

    use super::shared_corpus;

    fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                files_below(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }

    /// Where `needle` first occurs in `haystack` from `from`, ASCII case ignored.
    fn find_ignoring_case(haystack: &str, needle: &str, from: usize) -> Option<usize> {
        let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
        (from..hay.len().saturating_sub(needle.len() - 1))
            .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
    }

    /// The `noscript` fallbacks of a file: the byte ranges of their markup.
    fn fallbacks(text: &str) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(open) = find_ignoring_case(text, "<noscript", at) {
            let Some(start) = text[open..].find('>').map(|i| open + i + 1) else {
                break;
            };
            let end = find_ignoring_case(text, "</noscript", start).unwrap_or(text.len());
            out.push(start..end);
            at = end;
        }
        out
    }

    fn decode_entities(value: &str) -> String {
        value
            .replace("&quot;", "\"")
            .replace("&#039;", "'")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    /// The value of attribute `name` in the start tag `tag` (quoted or not).
    fn attribute(tag: &str, name: &str) -> Option<String> {
        let lower = tag.to_ascii_lowercase();
        let mut at = 0;
        while let Some(i) = lower[at..].find(name) {
            let i = at + i;
            at = i + name.len();
            let before = lower[..i].chars().next_back();
            if !before.is_some_and(|c| c.is_ascii_whitespace() || c == '"' || c == '\'') {
                continue;
            }
            let rest = tag[at..].trim_start();
            let Some(rest) = rest.strip_prefix('=') else {
                continue;
            };
            let rest = rest.trim_start();
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or_default(),
                _ => rest
                    .split(|c: char| c.is_ascii_whitespace() || c == '>')
                    .next()
                    .unwrap_or_default(),
            };
            return Some(decode_entities(value.trim()));
        }
        None
    }

    /// The image sources, and the targets of links with content, of a fallback's markup.
    fn images_and_links(html: &str) -> Vec<String> {
        let mut urls = Vec::new();
        let mut at = 0;
        while let Some(i) = html[at..].find('<') {
            let start = at + i;
            let end = html[start..]
                .find('>')
                .map_or(html.len(), |e| start + e + 1);
            let tag = &html[start..end];
            let name: String = tag[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            match name.as_str() {
                "img" => urls.extend(attribute(tag, "src").filter(|s| !s.starts_with("data:"))),
                "a" => {
                    let close = find_ignoring_case(html, "</a", end).unwrap_or(html.len());
                    let inner = &html[end..close];
                    let has_content = inner.contains("<img")
                        || inner.split('<').any(|part| {
                            part.split_once('>')
                                .is_some_and(|(_, t)| !t.trim().is_empty())
                        })
                        || !inner
                            .split('<')
                            .next()
                            .unwrap_or_default()
                            .trim()
                            .is_empty();
                    if has_content {
                        urls.extend(attribute(tag, "href"));
                    }
                }
                _ => {}
            }
            at = end;
        }
        urls.retain(|u| !u.is_empty());
        urls
    }

    #[test]
    fn every_image_and_link_only_a_fallback_holds_is_in_the_json() {
        let Some(dir) = shared_corpus("real/waimei") else {
            eprintln!("note: ../shared/corpus/real/waimei is absent; skipped");
            return;
        };
        let mut files = Vec::new();
        files_below(&dir, &mut files);
        let (mut fallback_count, mut recovered, mut repeated) = (0, 0, 0);
        let mut missing = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).expect("post");
            let ranges = fallbacks(&text);
            if ranges.is_empty() {
                continue;
            }
            fallback_count += ranges.len();
            let mut outside = String::new();
            let mut at = 0;
            for range in &ranges {
                outside.push_str(&text[at..range.start]);
                at = range.end;
            }
            outside.push_str(&text[at..]);
            let outside_decoded = decode_entities(&outside);
            let json = newspost::to_json_string(&newspost::parse_lenient(&text).post);
            for range in &ranges {
                for url in images_and_links(&text[range.clone()]) {
                    if outside_decoded.contains(&url) {
                        repeated += 1;
                        continue;
                    }
                    let escaped = serde_json::to_string(&url).expect("string");
                    if json.contains(&escaped) {
                        recovered += 1;
                    } else {
                        missing.push(format!("{}: {url}", file.display()));
                    }
                }
            }
        }
        eprintln!(
            "{fallback_count} noscript fallbacks in {} files: {recovered} images and links \
             recovered, {repeated} repeats of the post left out, {} missing",
            files.len(),
            missing.len()
        );
        assert!(files.len() >= 2000, "{} files", files.len());
        assert!(fallback_count > 0);
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn the_scanner_reads_fallbacks_as_written() {
        let text = r#"<p>x<NOSCRIPT><img src="a.jpg" alt='b'><a href=c.html>C</a><a href="d"></a><img src="data:x"></noscript>"#;
        let ranges = fallbacks(text);
        assert_eq!(ranges.len(), 1);
        assert_eq!(
            images_and_links(&text[ranges[0].clone()]),
            ["a.jpg", "c.html"]
        );
        assert_eq!(
            attribute(r#"<img alt="x" src="https://e.com/?a=1&amp;b=2">"#, "src").as_deref(),
            Some("https://e.com/?a=1&b=2")
        );
    }
}
