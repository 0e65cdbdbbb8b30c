//! Hostile inputs: each ends in a result or a clear error, in bounded time.
//!
//! Big inputs are generated here, not committed. In debug builds the heaviest cases run at
//! a smaller size of the same shape; `NEWSPOST_HOSTILE_FULL=1 cargo test --release --test
//! hostile` (run by `.ci/steps/40-hostile-release.sh`) runs them at full size. Peak memory
//! of the full-size run is measured with `/usr/bin/time -v` and stated in
//! `docs/testing.md`.

#[path = "../common/mod.rs"]
mod common;
mod fuzz_regressions;
mod limits;

use std::time::{Duration, Instant};

use newspost::{
    parse, parse_bytes, parse_lenient, parse_lenient_bytes_with, Block, ErrorKind, Inline,
    ParseOptions, Parsed,
};

use common::all_text;
use limits::{assert_round_trip, container_depth, nested};
#[cfg(feature = "epub")]
use newspost::{write_epub, EpubOptions, Post};

/// Whether to run the heavy cases at full size (release CI).
fn full() -> bool {
    std::env::var_os("NEWSPOST_HOSTILE_FULL").is_some_and(|v| v == "1")
}

/// Options without the tag cap (`max_html_tags`), for the tests that time the parser on
/// bodies of more tags than a post may hold by default.
fn uncapped() -> ParseOptions {
    let mut options = ParseOptions::default();
    options.max_html_tags = usize::MAX;
    options
}

/// `full_size` in a full run, `debug_size` otherwise.
fn size(debug_size: usize, full_size: usize) -> usize {
    if full() {
        full_size
    } else {
        debug_size
    }
}

/// A generous bound: these inputs take well under a second in release builds; debug
/// builds on a loaded machine are many times slower.
const BOUND: Duration = Duration::from_secs(60);

/// Runs `f`, failing if it took longer than [`BOUND`].
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let elapsed = start.elapsed();
    eprintln!("{what}: {elapsed:.2?}");
    assert!(elapsed < BOUND, "{what} took {elapsed:?}");
    out
}

const HEAD: &str = "---\nlayout: post\ntitle: \"Hostile\"\ndate: 2024-07-03T08:00:33.000Z\n\
                    from: https://example.com/a\n---\n<!--1719993633000-->\n\
                    [Hostile](https://example.com/a)\n------\n\n";

fn post_with_body(body: &str) -> String {
    format!("{HEAD}<div>\n{body}\n</div>\n")
}

fn kinds(parsed: &Parsed) -> Vec<&ErrorKind> {
    parsed.errors.iter().map(|e| e.kind()).collect()
}

#[test]
fn a_50_mb_post_parses() {
    let target = size(2 << 20, 50 << 20);
    let unit = "<p>第一段：中国支持<a href=\"https://example.com/k\">伙伴</a>，<em>强调</em> \
                &amp; 合作。</p><figure><img data-src=\"https://example.com/i.jpg\" src=\"data:,\">\
                <figcaption>图片说明</figcaption></figure><ul><li>一</li><li>二</li></ul>\n";
    let count = target / unit.len() + 1;
    let text = post_with_body(&unit.repeat(count));
    assert!(text.len() >= target && text.len() < ParseOptions::default().max_input_bytes);
    // At 50 MB the body has more tags than the default cap (`max_html_tags`).
    let post = timed(&format!("{} MB post", text.len() >> 20), || {
        newspost::parse_with(&text, &uncapped())
    })
    .expect("a big valid post parses");
    assert_eq!(post.title(), Some("Hostile"));
    assert_eq!(post.body.len(), 3 * count);
    let paragraphs = post
        .body
        .iter()
        .filter(|b| matches!(b, Block::Paragraph { .. }))
        .count();
    assert_eq!(paragraphs, count);
}

#[test]
fn input_over_the_size_limit_is_refused_without_reading_it() {
    let options = ParseOptions::default();
    let text = "x".repeat(options.max_input_bytes + 1);
    let parsed = timed("65 MB input", || parse_lenient(&text));
    assert_eq!(
        kinds(&parsed),
        [&ErrorKind::TooLarge {
            len: text.len(),
            limit: options.max_input_bytes
        }]
    );
    assert!(parsed.post.body.is_empty());
}

#[test]
fn a_10_mb_single_paragraph_parses() {
    let target = size(1 << 20, 10 << 20);
    let sentence = "中国支持哈萨克斯坦加入金砖合作机制 and more words, ";
    let paragraph = sentence.repeat(target / sentence.len() + 1);
    let text = post_with_body(&format!("<p>{paragraph}</p>"));
    let post = timed("single paragraph", || parse(&text)).expect("parses");
    let [Block::Paragraph { inlines, .. }] = post.body.as_slice() else {
        panic!("one paragraph expected, got {} blocks", post.body.len());
    };
    assert_eq!(Inline::plain_text(inlines), paragraph.trim_end());

    // A bare body of 10 MB with character references and CJK text, at full size.
    let text = "汉字 and words &amp; ".repeat(500_000);
    let html = format!("<div><p>{text}</p></div>");
    assert!(html.len() > 10_000_000);
    let post = parse(&html).expect("parses");
    let [Block::Paragraph { inlines, .. }] = post.body.as_slice() else {
        panic!("not one paragraph");
    };
    assert_eq!(
        Inline::plain_text(inlines).len(),
        "汉字 and words & ".len() * 500_000 - 1
    );
}

#[test]
fn a_10_mb_text_without_any_tag_parses() {
    let target = size(1 << 20, 10 << 20);
    let text = post_with_body(&"a ".repeat(target / 2));
    let post = timed("bare text", || parse(&text)).expect("parses");
    assert_eq!(post.body.len(), 1);
}

/// 100,000 nested elements (20,000 in debug builds) end in `HtmlTooDeep` with the
/// innermost text kept.
fn assert_deep_nesting_is_cut(open: &str, close: &str) {
    let depth = size(20_000, 100_000);
    let body = format!(
        "{}innermost words{}",
        open.repeat(depth),
        close.repeat(depth)
    );
    let text = post_with_body(&body);
    let parsed = timed(&format!("{depth} x {open}"), || parse_lenient(&text));
    let limit = ParseOptions::default().max_html_depth;
    assert!(
        kinds(&parsed).contains(&&ErrorKind::HtmlTooDeep { limit }),
        "{:?}",
        kinds(&parsed)
    );
    assert!(
        all_text(&parsed.post.body).contains("innermost words"),
        "the text inside the too-deep elements is lost"
    );
}

#[test]
fn a_hundred_thousand_nested_divs_are_cut_at_the_depth_limit() {
    assert_deep_nesting_is_cut("<div>", "</div>");

    // A bare body at full depth: its text kept, one error, at the first tag beyond the limit.
    let html = nested("<div>", "</div>", 100_000, "deep text");
    let parsed = parse_lenient(&html);
    assert_eq!(all_text(&parsed.post.body).replace('\n', ""), "deep text");
    assert_round_trip(&parsed.post);
    assert_eq!(parsed.errors.len(), 1);
    let error = &parsed.errors[0];
    assert_eq!(error.kind(), &ErrorKind::HtmlTooDeep { limit: 256 });
    assert_eq!((error.line(), error.column()), (1, 256 * 5 + 1));
    assert_eq!(&html[error.span().range()], "<div>");
}

#[test]
fn a_hundred_thousand_nested_blockquotes_are_cut_at_the_depth_limit() {
    assert_deep_nesting_is_cut("<blockquote>", "</blockquote>");

    // A bare body at full depth: the model stays within sixteen levels and round-trips.
    let html = nested("<blockquote>", "</blockquote>", 100_000, "<p>quoted</p>");
    let parsed = parse_lenient(&html);
    assert_eq!(all_text(&parsed.post.body).replace('\n', ""), "quoted");
    assert_eq!(container_depth(&parsed.post.body), 16);
    let json = newspost::to_json_string(&parsed.post);
    assert_eq!(
        newspost::from_json_str(&json).expect("JSON reads back"),
        parsed.post
    );
    assert_round_trip(&parsed.post);
}

#[test]
fn a_hundred_thousand_unclosed_tags_are_cut_at_the_depth_limit() {
    let text = post_with_body(&format!("{}text", "<span><b>".repeat(50_000)));
    let parsed = timed("unclosed spans", || parse_lenient(&text));
    assert!(kinds(&parsed).contains(&&ErrorKind::HtmlTooDeep {
        limit: ParseOptions::default().max_html_depth
    }));
    assert!(all_text(&parsed.post.body).contains("text"));
}

/// A `<script>` the tree builder opened, at the depth limit, after markup html5ever reads
/// differently from the pre-scan (`<` in an attribute value inside `<svg><style>`, more
/// of them than the feeder looks past): the pre-scan leaves the script out, but its end
/// tag must still reach the tree builder, which otherwise panics on what follows (found
/// in review).
#[test]
fn a_script_end_tag_near_the_depth_limit_is_never_left_out() {
    let limit = ParseOptions::default().max_html_depth;
    let body = format!(
        "{}<svg><style><x y=\"{}</style>\"><div><script>1</script><!---->after",
        // Two levels below the limit, with the `div` around every body here.
        "<div>".repeat(limit - 3),
        "<a".repeat(65)
    );
    // Before the fix, html5ever panicked here ("impossible case in Text mode").
    let parsed = parse_lenient(&post_with_body(&body));
    assert!(kinds(&parsed).contains(&&ErrorKind::HtmlTooDeep { limit }));
    assert_eq!(parsed.post.title(), Some("Hostile"));
}

/// Misnested formatting tags make html5ever's adoption agency move whole subtrees under
/// new elements; the depth bound must follow the moves, or the DOM grows thousands of
/// levels deep past the pre-scan and html5ever's work turns quadratic (found in review).
#[test]
fn subtrees_moved_by_the_adoption_agency_still_count_for_the_depth_bound() {
    let mut body = String::new();
    let mut id = 0;
    for cycle in 0..size(23, 60) {
        body.push_str(&format!("<b id=z{cycle}>{}<span></b>", "<div>".repeat(8)));
        for _ in 0..60 {
            body.push_str("<div>");
            for _ in 0..8 {
                id += 1;
                body.push_str(&format!("<b id=q{id}>"));
            }
            body.push_str("</div>x");
        }
    }
    body.push_str(&"</li>".repeat(size(1_000, 10_000)));
    let parsed = timed("adoption agency moves", || {
        parse_lenient(&post_with_body(&body))
    });
    let limit = ParseOptions::default().max_html_depth;
    assert!(kinds(&parsed).contains(&&ErrorKind::HtmlTooDeep { limit }));
    assert!(all_text(&parsed.post.body).contains('x'));
}

/// Text in a table is moved before it, so the spans of a one-line body are asked for out
/// of order; each must still cost time near its own distance, not the line's length.
#[test]
fn a_long_line_of_tables_with_moved_text_parses() {
    let tables = size(20_000, 100_000);
    let body = "<table>x<tr><td>y</td></tr></table><table>x</table>".repeat(tables);
    let parsed = timed("one line of tables", || {
        newspost::parse_lenient_with(&post_with_body(&body), &uncapped())
    });
    let tables_read = parsed
        .post
        .body
        .iter()
        .filter(|b| matches!(b, Block::Table { .. }))
        .count();
    assert_eq!(tables_read, tables);
    assert_eq!(all_text(&parsed.post.body).matches('x').count(), 2 * tables);
}

/// Each character reference reaches the DOM as its own piece of text; appending a piece
/// must not look again at the text before it (a run of white space stayed quadratic).
#[test]
fn a_paragraph_of_space_entities_parses() {
    let entities = size(200_000, 2_000_000);
    let body = format!("<p>{}x</p>", "&#32;".repeat(entities));
    let parsed = timed("space entities", || parse_lenient(&post_with_body(&body)));
    assert_eq!(all_text(&parsed.post.body).trim(), "x");
}

#[test]
fn a_thousand_level_nested_list_is_cut_at_the_depth_limit() {
    let depth = 1000;
    let body = format!(
        "{}deepest item{}",
        "<ul><li>".repeat(depth),
        "</li></ul>".repeat(depth)
    );
    let parsed = timed("1000-level list", || parse_lenient(&post_with_body(&body)));
    let limit = ParseOptions::default().max_html_depth;
    assert!(kinds(&parsed).contains(&&ErrorKind::HtmlTooDeep { limit }));
    assert!(all_text(&parsed.post.body).contains("deepest item"));
    // The model nests no deeper than the HTML it was allowed to read.
    fn list_depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match b {
                Block::List { items, .. } => {
                    1 + items
                        .iter()
                        .map(|i| list_depth(&i.blocks))
                        .max()
                        .unwrap_or(0)
                }
                Block::Quote { blocks, .. } => list_depth(blocks),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
    let depth_read = list_depth(&parsed.post.body);
    assert!(
        depth_read > 0 && depth_read <= limit,
        "list depth {depth_read}"
    );

    // A bare list with text in every item, 2,000 elements deep: one error, flattened
    // below sixteen levels with every item's text, and it round-trips.
    let html = nested("<ul><li>x", "</li></ul>", 1_000, "");
    let parsed = parse_lenient(&html);
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(container_depth(&parsed.post.body), 16);
    assert_eq!(
        all_text(&parsed.post.body).replace('\n', ""),
        "x".repeat(1_000)
    );
    let json = newspost::to_json_string(&parsed.post);
    assert_eq!(
        newspost::from_json_str(&json).expect("JSON reads back"),
        parsed.post
    );
    assert_round_trip(&parsed.post);
}

#[test]
fn a_yaml_alias_bomb_is_a_front_matter_error() {
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut previous = "a";
    for name in names {
        yaml.push_str(&format!(
            "{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"
        ));
        previous = name;
    }
    let text = format!("---\ntitle: bomb\n{yaml}---\n<div><p>body</p></div>\n");
    let parsed = timed("alias bomb", || parse_lenient(&text));
    assert!(
        matches!(
            kinds(&parsed).as_slice(),
            [ErrorKind::FrontMatterSyntax { message }] if message.contains("recursion") || message.contains("alias") || message.contains("limit")
        ),
        "{:?}",
        kinds(&parsed)
    );
    // Read again entry by entry, each alias alone an error: what is plain is kept.
    let fm = parsed.post.front_matter.as_ref().expect("front matter");
    assert_eq!(fm.title.as_deref(), Some("bomb"));
    // The body is still read.
    assert_eq!(parsed.post.body.len(), 1);
}

#[test]
fn ten_thousand_front_matter_keys_are_kept_in_order() {
    let keys = 10_000;
    let mut text = String::from("---\ntitle: many\n");
    for i in 0..keys {
        text.push_str(&format!("key{i}: value {i}\n"));
    }
    text.push_str("---\n<div><p>body</p></div>\n");
    let post = timed("10,000 keys", || parse(&text)).expect("parses");
    let fm = post.front_matter.expect("front matter");
    assert_eq!(fm.extra.len(), keys);
    assert_eq!(
        fm.extra.get_index(keys - 1).map(|(k, _)| k.as_str()),
        Some("key9999")
    );
    assert_eq!(
        fm.spans.get("key9999").map(|s| s.line),
        Some(keys as u32 + 2)
    );
}

#[test]
fn deeply_nested_and_oversized_front_matter_is_refused() {
    let options = ParseOptions::default();
    let deep = format!(
        "---\na: {}{}\n---\n<div><p>b</p></div>\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let parsed = timed("deep YAML", || parse_lenient(&deep));
    assert_eq!(
        kinds(&parsed),
        [&ErrorKind::FrontMatterTooDeep {
            limit: options.max_yaml_depth
        }]
    );
    let big = format!(
        "---\ntitle: \"{}\"\n---\n<div><p>b</p></div>\n",
        "x".repeat(options.max_front_matter_bytes)
    );
    let parsed = timed("big YAML", || parse_lenient(&big));
    assert!(matches!(
        kinds(&parsed).as_slice(),
        [ErrorKind::FrontMatterTooLarge { .. }]
    ));
}

#[test]
fn invalid_utf8_at_every_position_is_an_error_at_that_byte() {
    let post = include_str!("../fixtures/parse/example.md");
    let bytes = post.as_bytes();
    for offset in 0..bytes.len() {
        if !post.is_char_boundary(offset) {
            continue;
        }
        for bad in [
            &[0xff][..],
            &[0xc3][..],
            &[0xe4, 0xb8][..],
            &[0xed, 0xa0, 0x80][..],
        ] {
            let mut damaged = bytes[..offset].to_vec();
            damaged.extend_from_slice(bad);
            damaged.extend_from_slice(&bytes[offset..]);
            let err = parse_bytes(&damaged).expect_err("invalid UTF-8");
            assert_eq!(err.kind(), &ErrorKind::InvalidUtf8 { offset });
            let line = 1 + post[..offset].matches('\n').count();
            assert_eq!(err.line() as usize, line, "offset {offset}");
            let column = 1 + post[..offset]
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count());
            assert_eq!(err.column() as usize, column, "offset {offset}");
            let lenient = parse_lenient_bytes_with(&damaged, &ParseOptions::default());
            assert_eq!(lenient.errors.len(), 1);
        }
    }
}

#[test]
fn nul_bytes_anywhere_give_a_result_or_an_error() {
    let post = include_str!("../fixtures/parse/example.md");
    // In the body, NUL is dropped or replaced as browsers do; the rest is read.
    let text = post
        .replace("永久全面", "永久\0全面")
        .replace("<p>", "<p>\0");
    let parsed = parse_lenient(&text);
    assert!(parsed.errors.is_empty(), "{:?}", kinds(&parsed));
    assert!(!parsed.post.body.is_empty());
    // In the front matter it is a YAML error at its line.
    let text = post.replace("author: 联合早报", "author: 联合\0早报");
    let parsed = parse_lenient(&text);
    assert!(matches!(
        kinds(&parsed).as_slice(),
        [ErrorKind::FrontMatterSyntax { .. }]
    ));
    assert_eq!(parsed.errors[0].line(), 5);
    // In the epoch comment it makes the epoch malformed.
    let text = post.replace("<!--1719993633000-->", "<!--17199\x0093633000-->");
    let parsed = parse_lenient(&text);
    assert!(matches!(
        kinds(&parsed).as_slice(),
        [ErrorKind::EpochMalformed { .. }]
    ));
    // A file of nothing but NULs.
    let parsed = parse_lenient_bytes_with(&[0u8; 4096], &ParseOptions::default());
    assert!(parsed.post.front_matter.is_none());
}

#[test]
fn a_lone_delimiter_is_an_unclosed_front_matter() {
    for text in ["---", "---\n", "---\r\n", "\u{feff}---", "--- \n\n"] {
        let parsed = parse_lenient(text);
        assert_eq!(
            kinds(&parsed),
            [&ErrorKind::FrontMatterUnclosed],
            "{text:?}"
        );
        assert!(parsed.front_matter_opened);
        assert_eq!(parsed.errors[0].line(), 1);
    }
    // Two delimiters are an empty front matter.
    let post = parse("---\n---\n").expect("parses");
    assert!(post
        .front_matter
        .is_some_and(|fm| fm.extra.is_empty() && fm.title.is_none()));
}

#[test]
fn crlf_reads_like_lf_and_lone_cr_is_not_a_line_end() {
    let post = include_str!("../fixtures/parse/example.md");
    let lf = parse(post).expect("parses");
    let crlf = parse(&post.replace('\n', "\r\n")).expect("CRLF parses");
    assert_eq!(crlf, lf);
    // Mixed line endings too.
    let mixed: String = post
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| {
            if i % 2 == 0 {
                line.replace('\n', "\r\n")
            } else {
                line.to_owned()
            }
        })
        .collect();
    assert_eq!(parse(&mixed).expect("mixed parses"), lf);
    // Lines end at `\n` only (as in the archives and in Jekyll), so a file with lone CRs is
    // one line: no front matter, epoch or header is found, and it is all body.
    let cr = post.replace('\n', "\r");
    let parsed = parse_lenient(&cr);
    assert!(!parsed.front_matter_opened && parsed.post.front_matter.is_none());
    assert!(parsed.post.epoch.is_none() && parsed.post.header.is_none());
    assert!(parsed.errors.is_empty(), "{:?}", kinds(&parsed));
}

#[test]
fn a_byte_order_mark_is_skipped_at_the_start_and_kept_as_text_elsewhere() {
    let post = include_str!("../fixtures/parse/example.md");
    let plain = parse(post).expect("parses");
    let with_bom = format!("\u{feff}{post}");
    assert_eq!(parse(&with_bom).expect("parses"), plain);
    assert_eq!(
        parse_bytes(with_bom.as_bytes()).expect("parses from bytes"),
        plain
    );
    // Two BOMs: the second is not skipped, so the first line is not a delimiter.
    let parsed = parse_lenient(&format!("\u{feff}\u{feff}{post}"));
    assert!(!parsed.front_matter_opened);
    // A BOM inside the text is just a character.
    let inside = post.replace("永久全面", "永久\u{feff}全面");
    assert!(parse(&inside).is_ok());
}

#[cfg(feature = "epub")]
#[test]
fn an_epub_of_ten_thousand_posts_is_written() {
    let count = size(500, 10_000);
    let posts: Vec<Post> = (0..count)
        .map(|i| {
            let millis = 1_719_993_633_000i64 + i as i64 * 3_600_000;
            let date = newspost::PostDate::from_datetime(
                chrono::DateTime::from_timestamp_millis(millis)
                    .unwrap_or_default()
                    .fixed_offset(),
            );
            let text = format!(
                "---\ntitle: \"第{i}篇\"\ndate: {}\nauthor: 联合早报\nfrom: https://example.com/{i}\n---\n\
                 <!--{millis}-->\n\n<div><p>第{i}篇的第一段。</p><figure><img src=\"https://example.com/{i}.jpg\">\
                 <figcaption>说明{i}</figcaption></figure><p>second paragraph {i}</p></div>\n",
                date.text()
            );
            parse(&text).expect("a generated post parses")
        })
        .collect();
    let mut book = Vec::new();
    timed(&format!("EPUB of {count} posts"), || {
        write_epub(&posts, &EpubOptions::default(), &mut book)
    })
    .expect("the book is written");
    let archive = zip::ZipArchive::new(std::io::Cursor::new(&book)).expect("a zip archive");
    let documents = archive
        .file_names()
        .filter(|n| n.ends_with(".xhtml"))
        .count();
    assert!(documents > count, "{documents} documents for {count} posts");
    eprintln!("EPUB of {count} posts: {} MB", book.len() >> 20);
}

/// `<noscript>` fallbacks are parsed again: many of them, unclosed ones, ones in MathML
/// (which hold elements, not markup) and fallbacks inside fallbacks stay linear.
#[test]
fn many_noscript_fallbacks_parse_in_linear_time() {
    let n = size(20_000, 200_000);
    let mut body = String::from("<div>");
    for i in 0..n {
        body.push_str(&format!(
            "<p>t<noscript><img src=\"https://e.com/{i}.jpg\"><a href=\"/{i}\">l</a><noscript><img src=x></noscript></p>"
        ));
    }
    body.push_str(&"<math><noscript/>".repeat(n));
    body.push_str(&"<noscript>".repeat(n));
    let text = post_with_body(&body);
    let parsed = timed("noscript fallbacks", || {
        newspost::parse_lenient_with(&text, &uncapped())
    });
    let images = parsed
        .post
        .body
        .iter()
        .filter(|b| matches!(b, Block::Figure { .. }))
        .count();
    assert_eq!(images, n);
}

/// Checks that `run(n)` takes about linear time: four times the input takes at most
/// about eight times as long (a quadratic cost would take sixteen), plus a little slack
/// for timer noise on small inputs. Returns both times.
fn grows_linearly(what: &str, small: usize, run: impl Fn(usize)) -> (Duration, Duration) {
    let time = |n: usize| {
        let start = Instant::now();
        run(n);
        start.elapsed()
    };
    // Once to warm up allocator and caches.
    run(small / 4);
    let t_small = time(small);
    let t_large = time(small * 4);
    eprintln!(
        "{what}: {small} → {t_small:.2?}, {} → {t_large:.2?}",
        small * 4
    );
    assert!(
        t_large < t_small * 8 + Duration::from_millis(300),
        "{what}: {t_small:?} for {small}, {t_large:?} for {}",
        small * 4
    );
    assert!(t_large < BOUND, "{what} took {t_large:?}");
    (t_small, t_large)
}

// Issue 20, item 4, first row: html5ever compares each attribute with every earlier one
// of its tag; past 256 attributes a tag's further ones never reach it.
#[test]
fn a_tag_with_many_distinct_attributes_parses_in_linear_time() {
    grows_linearly("attributes on one <p>", size(10_000, 125_000), |n| {
        let attributes: String = (0..n).map(|i| format!(" a{i}=\"v\"")).collect();
        let text = post_with_body(&format!("<p{attributes}>text after the attributes</p>"));
        let post = parse(&text).expect("parses");
        assert!(all_text(&post.body).contains("text after the attributes"));
    });
}

// Item 4, second row: every key of a long front matter is looked up in an index.
#[test]
fn a_front_matter_of_many_keys_parses_in_linear_time() {
    // At full size the larger run (4 × 16,000 keys, about 900 KB) stays under the
    // front-matter limit of 1 MiB.
    grows_linearly("front-matter keys", size(5_000, 16_000), |n| {
        let keys: String = (0..n).map(|i| format!("k{i}: {i}\n")).collect();
        let text = format!("---\ntitle: t\n{keys}---\n<p>x</p>\n");
        let parsed = parse_lenient(&text);
        let fm = parsed.post.front_matter.expect("front matter");
        assert_eq!(fm.extra.len(), n);
        assert!(fm.spans.get(&format!("k{}", n - 1)).is_some());
    });
}

// Item 4, third row: applying N fixes compares each with the few edits taken near it.
#[cfg(feature = "lint")]
#[test]
fn fixing_many_control_characters_takes_linear_time() {
    let linter = common::linter();
    grows_linearly("fix of control characters", size(4_000, 32_000), |n| {
        let body = "a\u{1}\n".repeat(n);
        let text = post_with_body(&format!("<p>{body}</p>"));
        let outcome = linter.fix("x.md", &text);
        assert!(!outcome.text.contains('\u{1}'));
        assert!(!outcome.fixed.is_empty());
    });
}

// Item 5: a body of more tags than `max_html_tags` is read up to the limit, so a post's
// memory stays bounded whatever its markup (`'<font><p>x' × 6.6 M` took 8.7 GB).
#[test]
fn a_body_of_more_tags_than_the_limit_is_cut_with_an_error() {
    let mut options = ParseOptions::default();
    let repeats = if full() {
        // The issue's size: 66 MB, 13.2 M tags, with the default limit.
        6_600_000
    } else {
        options.max_html_tags = 2_000;
        3_000
    };
    let text = post_with_body(&"<font><p>x".repeat(repeats));
    let parsed = timed("tags past the limit", || {
        newspost::parse_lenient_with(&text, &options)
    });
    let errors = kinds(&parsed);
    assert!(
        errors.iter().any(
            |k| matches!(k, ErrorKind::HtmlTooManyTags { limit } if *limit == options.max_html_tags)
        ),
        "{errors:?}"
    );
    let paragraphs = parsed
        .post
        .body
        .iter()
        .filter(|b| matches!(b, Block::Paragraph { .. }))
        .count();
    assert!(
        paragraphs > 0 && paragraphs <= options.max_html_tags,
        "{paragraphs}"
    );
    // Under the limit nothing is cut.
    let text = post_with_body(&"<p>x</p>".repeat(500));
    let parsed = newspost::parse_lenient_with(&text, &options);
    assert!(!kinds(&parsed)
        .iter()
        .any(|k| matches!(k, ErrorKind::HtmlTooManyTags { .. })));
}
