//! The parts around the body: front matter, epoch comment, header; strict and lenient
//! entry points; bytes; the writer and JSON round trips of those parts.

use newspost::{parse, parse_bytes, parse_lenient, ErrorKind, Post};

const EXAMPLE: &str = include_str!("../fixtures/parse/example.md");

#[test]
fn the_example_post_reads_completely() {
    let post = parse(EXAMPLE).expect("example parses");
    let fm = post.front_matter.as_ref().expect("front matter");
    assert_eq!(fm.layout.as_deref(), Some("post"));
    assert_eq!(
        fm.title.as_deref(),
        Some("习近平：中国支持哈萨克斯坦加入金砖合作机制")
    );
    assert_eq!(fm.author.as_deref(), Some("联合早报"));
    assert_eq!(
        fm.from.as_deref(),
        Some("https://www.zaobao.com/realtime/china/story20240703-4032055")
    );
    assert_eq!(fm.tags, ["联合早报"]);
    assert_eq!(fm.categories, ["联合早报"]);
    assert_eq!(fm.comments, Some(true));
    assert!(fm.extra.is_empty());
    let date = fm.date.as_ref().expect("date");
    assert_eq!(date.text(), "2024-07-03T08:00:33.000Z");
    assert_eq!(date.instant().timestamp_millis(), 1_719_993_633_000);
    let epoch = post.epoch.expect("epoch");
    assert_eq!(epoch.millis, 1_719_993_633_000);
    assert_eq!((epoch.span.line, epoch.span.column), (11, 1));
    let header = post.header.as_ref().expect("header");
    assert_eq!(header.title, "习近平：中国支持哈萨克斯坦加入金砖合作机制");
    assert_eq!(header.url, fm.from.clone().unwrap_or_default());
    assert_eq!(header.span.line, 12);
    // Spans of front-matter entries point at their lines.
    for (key, line) in [("layout", 2), ("title", 3), ("date", 4), ("categories", 9)] {
        assert_eq!(fm.spans.get(key).map(|s| s.line), Some(line), "{key}");
    }
    assert_eq!(post.body_span.line, 14);
}

#[test]
fn parts_may_be_missing() {
    // Older archives: no front matter.
    let post = parse("<!--1719993633000-->\n[T](https://e.com/a)\n------\n\n<div><p>x</p></div>\n")
        .expect("parses");
    assert!(post.front_matter.is_none());
    assert_eq!(post.header.as_ref().map(|h| h.title.as_str()), Some("T"));
    assert_eq!(post.title(), Some("T"));
    // Newer archives: front matter, then the body directly.
    let post = parse("---\ntitle: x\n---\n<div><p>x</p></div>\n").expect("parses");
    assert!(post.epoch.is_none() && post.header.is_none());
    assert_eq!(post.title(), Some("x"));
}

#[test]
fn bom_and_crlf_are_fine() {
    let text = format!("\u{feff}{}", EXAMPLE.replace('\n', "\r\n"));
    let post = parse_bytes(text.as_bytes()).expect("parses");
    let original = parse(EXAMPLE).expect("parses");
    assert_eq!(post, original);
    assert_eq!(post.epoch.map(|e| e.span.line), Some(11));
}

#[test]
fn invalid_utf8_is_an_error_at_its_offset() {
    let mut bytes = EXAMPLE.as_bytes().to_vec();
    let offset = EXAMPLE.find("author").expect("author");
    bytes[offset] = 0xff;
    let err = parse_bytes(&bytes).expect_err("invalid");
    assert_eq!(err.kind(), &ErrorKind::InvalidUtf8 { offset });
    assert_eq!((err.line(), err.column()), (5, 1));
}

#[test]
fn the_strict_parser_fails_where_the_lenient_one_recovers() {
    let text =
        "---\ntitle: x\ndate: 2021-02-29\ncomments: 1\n---\n<!--NaN-->\n<div><p>x</p></div>\n";
    let err = parse(text).expect_err("invalid date");
    assert!(matches!(err.kind(), ErrorKind::DateInvalid(_)));
    assert_eq!((err.line(), err.column()), (3, 7));
    let parsed = parse_lenient(text);
    let kinds: Vec<_> = parsed.errors.iter().map(|e| e.line()).collect();
    assert_eq!(kinds, [3, 4, 6]);
    assert!(matches!(parsed.errors[2].kind(), ErrorKind::EpochMalformed { text } if text == "NaN"));
    let fm = parsed.post.front_matter.expect("front matter recovered");
    assert_eq!(fm.title.as_deref(), Some("x"));
    // Wrongly typed values are kept, not lost; an invalid date is kept as written.
    assert!(fm.extra.contains_key("comments"));
    assert!(fm.date.is_none() && fm.date_text().is_some());
}

#[test]
fn an_unclosed_front_matter_is_reported_and_what_follows_read() {
    let parsed = parse_lenient("---\ntitle: x\n<!--0-->\n<div><p>x</p></div>\n");
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(parsed.errors[0].kind(), &ErrorKind::FrontMatterUnclosed);
    assert_eq!(parsed.errors[0].line(), 1);
    assert!(parsed.front_matter_opened);
    // The YAML runs to the first line that cannot be front matter.
    assert_eq!(parsed.post.title(), Some("x"));
    assert_eq!(parsed.post.epoch.map(|e| e.millis), Some(0));
    assert_eq!(parsed.post.body.len(), 1);
    assert_eq!(parsed.post.problems[0].rule, "front-matter-missing");
}

#[test]
fn yaml_errors_point_into_the_file() {
    let text = "---\nlayout: post\ntitle: Factbox: what we know\n---\n<div></div>\n";
    let err = parse(text).expect_err("yaml error");
    assert!(matches!(err.kind(), ErrorKind::FrontMatterSyntax { .. }));
    assert_eq!(err.line(), 3);
    assert!(err.to_string().contains("line 3"), "{err}");
}

#[test]
fn a_yaml_alias_bomb_is_an_error() {
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let text = format!("---\n{yaml}---\n<div></div>\n");
    let err = parse(&text).expect_err("bomb");
    assert!(
        matches!(err.kind(), ErrorKind::FrontMatterSyntax { .. }),
        "{err}"
    );
}

#[test]
fn deep_yaml_nesting_is_refused_before_the_yaml_reader_sees_it() {
    let text = format!(
        "---\ntitle: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let err = parse(&text).expect_err("too deep");
    assert_eq!(err.kind(), &ErrorKind::FrontMatterTooDeep { limit: 64 });
    assert_eq!(err.line(), 2);
}

#[test]
fn ten_thousand_keys_are_fine() {
    let mut text = String::from("---\ntitle: x\n");
    for i in 0..10_000 {
        text.push_str(&format!("key{i}: value {i}\n"));
    }
    text.push_str("---\n");
    let post = parse(&text).expect("parses");
    let fm = post.front_matter.expect("front matter");
    assert_eq!(fm.extra.len(), 10_000);
    assert_eq!(fm.extra.keys().next().map(String::as_str), Some("key0"));
}

#[test]
fn the_writer_quotes_what_yaml_would_misread() {
    let text =
        "---\ntitle: '中国 #1 经济: \"上升\"'\nauthor: 'yes'\ndate: 2024-07-03 16:00:33 +0800\n\
                tags: 美国之音\nextra_list: [1, two]\nnested: {1: a}\n---\n<div></div>\n";
    let post = parse(text).expect("parses");
    let written = newspost::write(&post);
    assert!(
        written.contains("title: \"中国 #1 经济: \\\"上升\\\"\""),
        "{written}"
    );
    assert!(written.contains("author: \"yes\""), "{written}");
    assert!(
        written.contains("date: 2024-07-03 16:00:33 +0800\n"),
        "{written}"
    );
    let again = parse(&written).expect("written text parses");
    assert_eq!(again, post);
    let fm = again.front_matter.expect("fm");
    assert_eq!(fm.title.as_deref(), Some("中国 #1 经济: \"上升\""));
    assert_eq!(
        fm.extra.keys().collect::<Vec<_>>(),
        ["extra_list", "nested"]
    );
}

#[test]
fn control_characters_survive_the_writer() {
    let mut post = Post::new();
    let mut fm = newspost::FrontMatter::new();
    fm.title = Some("a\u{1}b\u{85}c\u{2028}d\u{feff}e\u{7f}\\\"".into());
    post.front_matter = Some(fm);
    let again = parse(&newspost::write(&post)).expect("parses");
    assert_eq!(again, post);
}

#[test]
fn json_round_trips_and_keeps_the_date_as_written() {
    let text = "---\ntitle: x\ndate: 2024-07-03 16:00:33 +0800\nsource_id: 7\nnested: {1: [a, {b: c}]}\n---\n<!--1719993633000-->\n<div></div>\n";
    let post = parse(text).expect("parses");
    let json = newspost::to_json_string(&post);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid json");
    // The date as written, and its instant for machines.
    assert_eq!(value["front_matter"]["date"], "2024-07-03 16:00:33 +0800");
    assert_eq!(value["front_matter"]["instant"], "2024-07-03T08:00:33.000Z");
    assert!(value["front_matter"].get("date_text").is_none());
    assert_eq!(value["instant"], "2024-07-03T08:00:33.000Z");
    assert_eq!(value["date_source"], "front_matter");
    assert_eq!(value["problems"], serde_json::json!([]));
    assert_eq!(value["front_matter"]["extra"]["nested"]["1"][1]["b"], "c");
    assert_eq!(value["epoch_ms"], 1_719_993_633_000_i64);
    assert_eq!(newspost::from_json_str(&json).expect("reads back"), post);
    // JSON written before `instant` (with `date_text` for the text as written) reads too.
    let old = r#"{"front_matter":{"date":"2024-07-03T16:00:33+08:00","date_text":"2024-07-03 16:00:33 +0800"}}"#;
    let read = newspost::from_json_str(old).expect("old json");
    let fm = read.front_matter.expect("fm");
    assert_eq!(fm.date_text(), Some("2024-07-03 16:00:33 +0800"));
}

#[test]
fn the_example_post_round_trips_through_the_writer_and_json() {
    let post = parse(EXAMPLE).expect("parses");
    assert_eq!(parse(&newspost::write(&post)).expect("reparses"), post);
    let json = newspost::to_json_string_pretty(&post);
    assert_eq!(newspost::from_json_str(&json).expect("json"), post);
}
