//! Round trips over generated canonical posts: the archive format (`write` then `parse`)
//! and JSON (`to_json_string` then `from_json_str`).

use crate::common::strategies;

use newspost::{from_json_str, parse, to_json_string, to_json_string_pretty, write};
use proptest::prelude::*;

proptest! {
    #![proptest_config(strategies::config(128, "proptest-regressions/prop_roundtrip.txt"))]

    /// The parts around the body (front matter with every field, date form and extra
    /// key; epoch; header) survive writing and parsing.
    #[test]
    fn writing_then_parsing_keeps_the_parts_around_the_body(
        post in strategies::post_without_body(),
    ) {
        let text = write(&post);
        let parsed = parse(&text);
        prop_assert!(parsed.is_ok(), "{:?}\n--- written:\n{text}", parsed.err());
        prop_assert_eq!(parsed.ok(), Some(post), "written:\n{}", text);
    }

    /// A whole post, body included (every block and inline type, nested lists and
    /// quotes, figures with several images), survives writing and parsing.
    #[test]
    fn writing_then_parsing_gives_the_same_post(post in strategies::post()) {
        let text = write(&post);
        let parsed = parse(&text);
        prop_assert!(parsed.is_ok(), "{:?}\n--- written:\n{text}", parsed.err());
        prop_assert_eq!(parsed.ok(), Some(post), "written:\n{}", text);
    }

    /// Every generated post, body included, survives JSON and back, compact or pretty.
    #[test]
    fn json_round_trip_gives_the_same_post(post in strategies::post()) {
        let json = to_json_string(&post);
        let back = from_json_str(&json);
        prop_assert!(back.is_ok(), "{:?}\n--- json:\n{json}", back.err());
        let back = back.ok();
        prop_assert_eq!(back.as_ref(), Some(&post), "json:\n{}", json);
        let pretty = to_json_string_pretty(&post);
        prop_assert_eq!(from_json_str(&pretty).ok(), Some(post));
    }
}

/// Found by `json_round_trip_gives_the_same_post`: without serde_json's `float_roundtrip`
/// a float of an `extra` value came back from JSON off in its last digit.
#[test]
fn a_float_in_extra_reads_back_from_json_exactly() {
    let post =
        parse("---\nx:\n  y: -996714974628.2859\n---\n<div><p>a</p></div>\n").expect("parses");
    let back = from_json_str(&to_json_string(&post)).expect("reads back");
    assert_eq!(back, post);
}
