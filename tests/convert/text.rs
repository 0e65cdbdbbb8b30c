//! Plain-text output: layout, conservation of every text, links, wrapping.
#![cfg(feature = "text")]

use crate::common::built::*;
use newspost::{to_text_string, TextOptions};
use unicode_width::UnicodeWidthStr;

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn header_has_title_underline_and_metadata_line() {
    let text = to_text_string(&every_block_post(), &TextOptions::default());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "标题 <b>&amp; 控制字符");
    assert_eq!(lines[1], "=".repeat(lines[0].width()));
    assert_eq!(
        lines[2],
        "2024-07-03 16:00:33 +08:00 · 联合早报 · https://www.zaobao.com/realtime/china/story20240703-4032055"
    );
    assert_eq!(lines[3], "");
}

#[test]
fn every_text_is_kept_and_nothing_unsafe_appears() {
    let text = to_text_string(&every_block_post(), &TextOptions::default());
    let flat = collapse(&text);
    for expected in EVERY_BLOCK_TEXTS {
        assert!(flat.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains("javascript:"), "{text}");
    assert!(!text
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{2028}'));
}

#[test]
fn blocks_are_laid_out_for_reading() {
    let text = to_text_string(&every_block_post(), &TextOptions::default());
    // Paragraphs separated by blank lines, line breaks kept.
    assert!(
        text.contains("\n\n第一行\n第二行（斜体）code()\n\n"),
        "{text}"
    );
    // Headings: h2 underlined, h3 marked.
    assert!(text.contains("\n背景\n----\n"), "{text}");
    assert!(text.contains("\n### 小节\n"), "{text}");
    // Figures: caption on a line of its own; a figure without caption still shows.
    assert!(
        text.contains("\n[图] 图注：外景。（美联社） [2]\n"),
        "{text}"
    );
    assert!(text.contains("\n[图] 另一张图的图注\n"), "{text}");
    assert!(text.contains("\n[图]\n"), "{text}");
    // Lists with markers, nested lists indented under their item.
    assert!(
        text.contains("\n- 要点一\n- 要点二\n  1. 嵌套项目\n  2. 第二步\n"),
        "{text}"
    );
    // Quotes indented.
    assert!(
        text.contains("\n    引文第一段。\n\n    引文第二段。\n"),
        "{text}"
    );
    // Tables aligned by display width (CJK counts two columns).
    assert!(
        text.contains(
            "\n省份     GDP（亿元）\n--------------------\n广东     66,000\nJiangsu  63,000\n"
        ),
        "{text}"
    );
    // Embeds with their resolved URL; an unsafe one kept as written, not as a link.
    assert!(
        text.contains("\n[嵌入内容] https://www.youtube.com/embed/abc\n"),
        "{text}"
    );
    assert!(
        text.contains("\n[视频] https://www.zaobao.com/video/clip.mp4\n"),
        "{text}"
    );
    // An embed whose URL cannot be followed keeps its label only.
    assert!(text.contains("\n[音频]\n"), "{text}");
    // Code indented, verbatim.
    assert!(
        text.contains("\n    let x = 1 < 2 && y;\n    </pre><script>alert(1)</script>\n"),
        "{text}"
    );
    assert!(text.contains("\n* * *\n"), "{text}");
}

#[test]
fn links_are_numbered_references_listed_under_the_article() {
    let text = to_text_string(&every_block_post(), &TextOptions::default());
    assert!(text.contains("第一段，有链接和强调。 [1]\n"), "{text}");
    let tail: Vec<&str> = text.trim_end().lines().rev().take(3).collect();
    assert_eq!(
        tail,
        [
            "[3] https://a.example/",
            "[2] https://apnews.com/",
            "[1] https://www.zaobao.com/news/related.html"
        ]
    );
    // The javascript: link is text only; the inner link of nested links is dropped.
    assert!(text.contains("\n危险链接，然后 嵌套 [3]\n"), "{text}");
}

#[test]
fn links_can_stay_inline() {
    let options = TextOptions::default().with_inline_links(true);
    let text = to_text_string(&every_block_post(), &options);
    assert!(
        text.contains("第一段，有链接 (https://www.zaobao.com/news/related.html)和强调。"),
        "{text}"
    );
    assert!(!text.contains("[1]"), "{text}");
}

#[test]
fn wraps_at_width_counting_cjk_as_two_columns() {
    let long = "中华人民共和国国务院新闻办公室今天举行新闻发布会，介绍二〇二四年上半年国民经济运行情况，并回答记者提问。".repeat(3);
    let english =
        "The quick brown fox jumps over the lazy dog again and again until the end of the line.";
    let post = post_with(
        "标题",
        "2024-07-03",
        "作者",
        "https://example.com/a",
        vec![
            para(vec![text(&long)]),
            para(vec![text(english)]),
            Block::Quote {
                blocks: vec![para(vec![text(&long)])],
                span: Default::default(),
            },
        ],
    );
    let options = TextOptions::default().with_width(Some(30));
    let text = to_text_string(&post, &options);
    let body: Vec<&str> = text.lines().skip(3).collect();
    for line in &body {
        assert!(line.width() <= 30, "{line:?} is {} columns", line.width());
    }
    // CJK text breaks between characters, so lines are nearly full.
    let first_paragraph: Vec<&&str> = body.iter().skip(1).take_while(|l| !l.is_empty()).collect();
    assert!(first_paragraph.len() > 5, "{first_paragraph:?}");
    let (last, full) = first_paragraph.split_last().unwrap();
    assert!(full.iter().all(|l| l.width() >= 26), "{full:?}");
    assert!(last.width() <= 30);
    // English breaks at spaces only.
    assert!(body.contains(&"The quick brown fox jumps over"), "{body:?}");
    // Quoted lines keep their indentation.
    assert!(body.iter().any(|l| l.starts_with("    中华")), "{body:?}");
    // Nothing lost by wrapping.
    let joined: String = body.iter().map(|l| l.trim()).collect();
    assert!(joined.contains(&long), "{joined}");
    // No wrapping by default.
    let unwrapped = to_text_string(&post, &TextOptions::default());
    assert!(unwrapped.lines().any(|l| l == long));
}

#[test]
fn a_post_with_nothing_still_renders() {
    let text = to_text_string(&newspost::Post::new(), &TextOptions::default());
    assert_eq!(text, "Untitled\n========\n");
}

/// The `日期：` line under a header without front matter is the post's date: on the
/// metadata line, in its own offset, and not repeated as a paragraph; JSON keeps it as
/// written with its instant.
#[test]
fn a_date_line_is_the_metadata_lines_date_not_a_paragraph() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/recover/duty-machine.md");
    let post = newspost::parse(&std::fs::read_to_string(path).expect("fixture")).expect("parses");
    let line = post.date_line.as_ref().expect("date line");
    assert_eq!(line.label, "日期");
    assert_eq!(post.date_source(), Some(newspost::DateSource::DateLine));
    let text = to_text_string(&post, &TextOptions::default());
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("与归随笔 | “李医生，恭喜！”"));
    lines.next();
    let meta = lines.next().expect("metadata line");
    assert!(
        meta.starts_with("2020-06-13 22:00:43 UTC · https://chinadigitaltimes.net/"),
        "{meta}"
    );
    assert!(!text.contains("日期："), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&newspost::to_json_string(&post)).expect("json");
    assert_eq!(json["date_line"]["date"], "Sat, 13 Jun 2020 22:00:43 +0000");
    assert_eq!(json["date_line"]["instant"], "2020-06-13T22:00:43.000Z");
    assert_eq!(json["instant"], "2020-06-13T22:00:43.000Z");
    assert_eq!(json["date_source"], "date_line");
    assert_eq!(
        newspost::from_json_str(&json.to_string()).expect("reads back"),
        post
    );
    assert_eq!(
        newspost::parse(&newspost::write(&post)).expect("written"),
        post
    );
}

use newspost::Block;

fn fixture(name: &str) -> newspost::Post {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lists")
        .join(name);
    newspost::parse(&std::fs::read_to_string(path).expect("fixture")).expect("parses")
}

/// CNA's `延伸閱讀` box (a run of `<a>` in one `div`) and a feed footer (a label, then links
/// between `<br>`s) come out one link per line, not as one run-on line, when furniture is
/// kept.
#[test]
fn link_lists_have_one_item_per_link() {
    let text = to_text_string(
        &fixture("cna-related-articles.md"),
        &TextOptions::default().with_keep_furniture(true),
    );
    assert!(
        text.contains(
            "延伸閱讀\n\n- 臉書與IG持續封鎖川普帳號 至少直至政權和平轉移 [1]\n- 川粉圍攻國會大廈 CNN：1警殉職共5死 [2]\n"
        ),
        "{text}"
    );
    assert_eq!(text.matches("\n- ").count(), 7, "{text}");
    assert!(text.contains("\n[7] https://www.cna.com.tw/"), "{text}");

    let text = to_text_string(
        &fixture("feed-footer.md"),
        &TextOptions::default().with_keep_furniture(true),
    );
    assert!(
        text.contains("获取更多RSS：\n- https://feedx.net [1]\n- https://feedx.xyz [2]\n"),
        "{text}"
    );
    // Wrapped items keep their indentation under the marker.
    let wrapped = to_text_string(
        &fixture("cna-related-articles.md"),
        &TextOptions::default()
            .with_keep_furniture(true)
            .with_width(Some(24)),
    );
    assert!(
        wrapped.contains("\n- 臉書與IG持續封鎖川普帳\n  號 至少直至政權和平轉\n"),
        "{wrapped}"
    );
    // Both are page furniture: left out unless kept.
    let text = to_text_string(&fixture("cna-related-articles.md"), &TextOptions::default());
    assert!(
        !text.contains("延伸閱讀") && !text.contains("川粉圍攻國會大廈"),
        "{text}"
    );
    let text = to_text_string(&fixture("feed-footer.md"), &TextOptions::default());
    assert!(
        !text.contains("获取更多RSS") && !text.contains("feedx"),
        "{text}"
    );
}

/// Whole news pages against their article text, written by hand: token F1 of the text
/// output (see `docs/convert.md`, Page furniture, for the metric).
mod furniture_eval {
    use std::collections::HashMap;

    use newspost::{to_text_string, TextOptions};

    /// Every CJK character is a token; other text gives its lower-case runs of letters
    /// and digits.
    fn tokens(text: &str) -> HashMap<String, usize> {
        let mut out = HashMap::new();
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut HashMap<String, usize>| {
            if !word.is_empty() {
                *out.entry(std::mem::take(word)).or_insert(0) += 1;
            }
        };
        for c in text.chars() {
            let cjk = matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{3040}'..='\u{30ff}' | '\u{ac00}'..='\u{d7af}');
            if cjk {
                flush(&mut word, &mut out);
                *out.entry(c.to_string()).or_insert(0) += 1;
            } else if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else {
                flush(&mut word, &mut out);
            }
        }
        flush(&mut word, &mut out);
        out
    }

    /// The article part of a text rendering: no title block, link numbers, URL list,
    /// figure labels, list markers or underlines.
    fn article_text(rendered: &str) -> String {
        let mut out = String::new();
        for line in rendered.lines().skip(3) {
            let trimmed = line.trim();
            let is_url_line = trimmed.starts_with('[')
                && trimmed.split_once("] ").is_some_and(|(n, url)| {
                    n[1..].chars().all(|c| c.is_ascii_digit()) && !url.contains(' ')
                });
            if is_url_line || trimmed.chars().all(|c| c == '-' || c == '=') {
                continue;
            }
            let mut line = trimmed
                .replace("[图]", " ")
                .replace("[Figure]", " ")
                .trim_start_matches("- ")
                .to_owned();
            while let Some(start) = line.find('[') {
                let Some(len) = line[start..].find(']') else {
                    break;
                };
                let inner = &line[start + 1..start + len];
                if inner.is_empty() || !inner.chars().all(|c| c.is_ascii_digit()) {
                    break;
                }
                line.replace_range(start..=start + len, " ");
            }
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// (tokens in common, tokens of the output, tokens of the reference).
    fn overlap(reference: &str, output: &str) -> (usize, usize, usize) {
        let (want, have) = (tokens(reference), tokens(output));
        let common = want
            .iter()
            .map(|(token, n)| (*n).min(have.get(token).copied().unwrap_or(0)))
            .sum();
        (common, have.values().sum(), want.values().sum())
    }

    fn scores(options: &TextOptions) -> (f64, f64, f64) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/furniture");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixtures")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        names.sort();
        assert!(names.len() >= 3, "{names:?}");
        let (mut common, mut output, mut reference) = (0, 0, 0);
        for path in names {
            let post =
                newspost::parse(&std::fs::read_to_string(&path).expect("post")).expect("parses");
            let want = std::fs::read_to_string(path.with_extension("txt")).expect("reference");
            let have = article_text(&to_text_string(&post, options));
            let (c, o, r) = overlap(&want, &have);
            let (p, r1) = (c as f64 / o as f64, c as f64 / r as f64);
            eprintln!("{}: P {p:.3} R {r1:.3}", path.display());
            common += c;
            output += o;
            reference += r;
        }
        let precision = common as f64 / output as f64;
        let recall = common as f64 / reference as f64;
        (
            precision,
            recall,
            2.0 * precision * recall / (precision + recall),
        )
    }

    #[test]
    fn whole_pages_give_their_article_text() {
        let (precision, recall, f1) = scores(&TextOptions::default());
        eprintln!("furniture left out: P {precision:.3} R {recall:.3} F1 {f1:.3}");
        assert!(
            f1 >= 0.95 && precision >= 0.93,
            "P {precision} R {recall} F1 {f1}"
        );
        // The metric sees furniture: kept, it costs precision, not recall.
        let (kept_precision, kept_recall, _) =
            scores(&TextOptions::default().with_keep_furniture(true));
        eprintln!("furniture kept: P {kept_precision:.3} R {kept_recall:.3}");
        assert!(
            kept_precision < 0.7 && kept_recall >= recall,
            "{kept_precision} {kept_recall}"
        );
    }

    #[test]
    fn the_metric_counts_cjk_characters_and_words() {
        assert_eq!(overlap("今天 Rain rain", "今日 rain"), (2, 3, 4));
        assert_eq!(
            article_text("T\n=\nmeta\n\n- a [1] b [12]\n[1] https://x/\n"),
            "a   b  \n"
        );
    }
}

/// A list whose every item is page furniture (a `Related` collection of teaser cards) is
/// left out whole, not shown as a column of empty `-` items; kept, it is a list again.
#[test]
fn a_list_of_furniture_items_leaves_no_empty_items() {
    let post = newspost::parse(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/lists/teaser-collection.md"),
        )
        .expect("fixture"),
    )
    .expect("parses");
    let text = to_text_string(&post, &TextOptions::default());
    assert!(
        !text.lines().any(|l| l.trim() == "-") && !text.contains("我的飞车呢"),
        "{text}"
    );
    // Article lists stay.
    assert!(
        text.contains("无论民众准备好了没") && text.contains("1. 第一条\n2. 第二条"),
        "{text}"
    );
    let kept = to_text_string(&post, &TextOptions::default().with_keep_furniture(true));
    assert!(
        kept.contains("- 我的飞车呢？") && kept.contains("城市飞行家"),
        "{kept}"
    );
}
