//! The parser's depth limits on bare bodies: deep nesting ends quickly, without a panic or
//! a stack overflow, with its text kept, the model no deeper than sixteen levels, and the
//! result round-trips through `write` and JSON.

use newspost::{Block, Inline, ParseOptions};

use crate::common::all_text;

/// Levels of nested lists and quotes.
pub(crate) fn container_depth(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|block| match block {
            Block::Quote { blocks, .. } => 1 + container_depth(blocks),
            Block::List { items, .. } => {
                1 + items
                    .iter()
                    .map(|i| container_depth(&i.blocks))
                    .max()
                    .unwrap_or(0)
            }
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

pub(crate) fn inline_depth(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Link { children, .. }
            | Inline::Emphasis { children }
            | Inline::Strong { children } => 1 + inline_depth(children),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

/// What the parser made must survive writing and parsing again.
#[track_caller]
pub(crate) fn assert_round_trip(post: &newspost::Post) {
    let again = newspost::parse(&newspost::write(post)).expect("written form parses");
    assert!(&again == post, "round trip changed the post");
}

pub(crate) fn nested(open: &str, close: &str, levels: usize, inner: &str) -> String {
    format!("{}{inner}{}", open.repeat(levels), close.repeat(levels))
}

#[test]
fn deeply_nested_inlines_are_unwrapped_below_sixteen_levels() {
    let html = format!(
        "<p>{}</p>",
        nested(
            "<em><a href=\"https://x.example/\">",
            "</a></em>",
            100,
            "deep"
        )
    );
    let parsed = newspost::parse_lenient(&html);
    let Some(Block::Paragraph { inlines, .. }) = parsed.post.body.first() else {
        panic!("no paragraph: {:?}", parsed.post.body);
    };
    assert_eq!(inline_depth(inlines), 16);
    assert_eq!(Inline::plain_text(inlines), "deep");
    // Every link is still reported.
    assert_eq!(parsed.urls.len(), 100);
    let json = newspost::to_json_string(&parsed.post);
    assert_eq!(
        newspost::from_json_str(&json).expect("JSON reads back"),
        parsed.post
    );
    assert_round_trip(&parsed.post);
}

#[test]
fn a_raised_depth_limit_cannot_overflow_the_stack() {
    let mut options = ParseOptions::default();
    options.max_html_depth = 1_000_000;
    let html = nested("<span><div>", "</div></span>", 2_000, "bottom");
    let parsed = newspost::parse_lenient_with(&html, &options);
    assert!(parsed.errors.is_empty());
    assert_eq!(all_text(&parsed.post.body).replace('\n', ""), "bottom");
}

#[test]
fn many_unclosed_paragraphs_and_items_do_not_count_as_nesting() {
    let html = format!("<div>{}</div>", "<p>para<li>item".repeat(5_000));
    let parsed = newspost::parse_lenient(&html);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(all_text(&parsed.post.body).matches("item").count(), 5_000);
}

#[test]
fn scripts_beyond_the_depth_limit_stay_out_of_the_text() {
    let html = nested(
        "<div>",
        "</div>",
        300,
        "<script>var secret = 1;</script><p>shown</p>",
    );
    let parsed = newspost::parse_lenient(&html);
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(all_text(&parsed.post.body).replace('\n', ""), "shown");
}

/// Shapes where HTML's tree building nests deeper than a plain count of tags suggests:
/// `svg` titles are not raw text, a `span` end tag does not close a `div`, headings and
/// items nest through other elements. Each must stay bounded.
#[test]
fn nesting_the_pre_scan_cannot_see_is_still_bounded() {
    for (unit, times) in [
        ("<div>", 100_000),
        ("<h2><span>", 50_000),
        ("<span><div></span>", 50_000),
        ("<div><table><tr><td></div>", 30_000),
        ("<li><blockquote>", 50_000),
        ("<select><option><span>", 30_000),
    ] {
        let html = format!("<svg><title>{}x", unit.repeat(times));
        let html = if unit == "<div>" {
            html
        } else {
            format!("{}x", unit.repeat(times))
        };
        // `svg` is noise by default; keep it to see the text.
        let mut options = ParseOptions::default();
        options.noise = newspost::NoiseRules::empty();
        let parsed = newspost::parse_lenient_with(&html, &options);
        assert!(all_text(&parsed.post.body).contains('x'), "{unit}");
        assert!(container_depth(&parsed.post.body) <= 16, "{unit}");
    }
}

#[test]
fn misnested_formatting_in_many_paragraphs_parses() {
    let html = "<b><p>t</b></p>".repeat(20_000);
    let parsed = newspost::parse_lenient(&html);
    assert!(parsed.errors.is_empty());
    assert_eq!(parsed.post.body.len(), 20_000);
}
