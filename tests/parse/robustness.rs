//! The parser never panics: not on arbitrary text, not on arbitrary bytes, not on a valid
//! post with random bytes cut, duplicated or inserted. What it reports stays consistent:
//! error spans lie inside the input and the strict parser agrees with the lenient one.

use crate::common::strategies;

use newspost::{parse, parse_bytes, parse_lenient, parse_lenient_bytes_with, write, ParseOptions};
use proptest::collection::vec;
use proptest::prelude::*;

/// An edit of a file's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    /// Remove `len` bytes at the fraction `at` of the file.
    Cut { at: f64, len: usize },
    /// Repeat `len` bytes at the fraction `at`.
    Duplicate { at: f64, len: usize },
    /// Insert these bytes at the fraction `at`.
    Insert { at: f64, bytes: Vec<u8> },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let tokens = prop_oneof![
        Just(b"---\n".to_vec()),
        Just(b"<!--".to_vec()),
        Just(b"-->".to_vec()),
        Just(b"](".to_vec()),
        Just(b"<div>".to_vec()),
        Just(b"</p>".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\n".to_vec()),
        Just(vec![0xef, 0xbb, 0xbf]),
        Just(vec![0xff]),
        Just(vec![0]),
        Just("中".as_bytes().to_vec()),
        vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (0.0..1.0, 1usize..16).prop_map(|(at, len)| Mutation::Cut { at, len }),
        (0.0..1.0, 1usize..16).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        (0.0..1.0, tokens).prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let position = |at: f64, len: usize| ((len as f64) * at) as usize;
    match mutation {
        Mutation::Cut { at, len } => {
            let start = position(*at, bytes.len()).min(bytes.len());
            let end = (start + len).min(bytes.len());
            bytes.drain(start..end);
        }
        Mutation::Duplicate { at, len } => {
            let start = position(*at, bytes.len()).min(bytes.len());
            let end = (start + len).min(bytes.len());
            let copy = bytes[start..end].to_vec();
            bytes.splice(end..end, copy);
        }
        Mutation::Insert { at, bytes: new } => {
            let start = position(*at, bytes.len()).min(bytes.len());
            bytes.splice(start..start, new.iter().copied());
        }
    }
}

/// Parses `bytes` every way there is and checks that the answers agree.
fn check_parses(bytes: &[u8]) -> Result<(), TestCaseError> {
    let options = ParseOptions::default();
    let lenient = parse_lenient_bytes_with(bytes, &options);
    let strict = parse_bytes(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            for error in &lenient.errors {
                let span = error.span();
                prop_assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "{error:?}"
                );
                prop_assert!(text.is_char_boundary(span.start), "{error:?}");
                prop_assert!(error.line() >= 1 && error.column() >= 1, "{error:?}");
                // Displaying an error never panics either.
                prop_assert!(!error.to_string().is_empty());
            }
            let starts: Vec<usize> = lenient.errors.iter().map(|e| e.span().start).collect();
            prop_assert!(
                starts.windows(2).all(|w| w[0] <= w[1]),
                "errors out of order"
            );
            match &strict {
                Ok(post) => {
                    prop_assert!(lenient.errors.is_empty());
                    prop_assert_eq!(post, &lenient.post);
                }
                Err(error) => prop_assert_eq!(Some(error), lenient.errors.first()),
            }
            let again = parse_lenient(text);
            prop_assert_eq!(&again.post, &lenient.post);
            let strict_text = parse(text);
            prop_assert_eq!(strict_text.is_ok(), strict.is_ok());
        }
        Err(_) => {
            prop_assert!(strict.is_err());
            prop_assert_eq!(lenient.errors.len(), 1);
            prop_assert_eq!(&lenient.post, &newspost::Post::default());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(strategies::config(256, "proptest-regressions/prop_robustness.txt"))]

    #[test]
    fn the_parser_never_panics_on_arbitrary_text(text in any::<String>()) {
        check_parses(text.as_bytes())?;
    }

    #[test]
    fn the_parser_never_panics_on_text_made_of_format_tokens(
        pieces in vec(prop_oneof![
            Just("---\n"), Just("---"), Just("\n"), Just("\r\n"), Just("\r"), Just("<!--"),
            Just("-->"), Just("123"), Just("["), Just("]("), Just(")"), Just("------\n"),
            Just("title: "), Just("date: "), Just("2024-07-03 "), Just("\""), Just("'"),
            Just("[ "), Just("{"), Just("&a "), Just("*a"), Just("<div>"), Just("</div>"),
            Just("<p>"), Just("<figure>"), Just("<img data-src=\"x\">"), Just("<br>"),
            Just("<figcaption>"), Just("<ul><li>"), Just("<blockquote>"), Just("<table><tr><td>"),
            Just("<pre>"), Just("&amp;"), Just("&#0;"), Just("\u{feff}"), Just("中"), Just(" "),
        ], 0..40),
    ) {
        check_parses(pieces.concat().as_bytes())?;
    }

    #[test]
    fn the_parser_never_panics_on_arbitrary_bytes(bytes in vec(any::<u8>(), 0..512)) {
        check_parses(&bytes)?;
    }

    #[test]
    fn the_parser_never_panics_on_a_damaged_valid_post(
        post in strategies::post(),
        mutations in vec(mutation(), 1..6),
    ) {
        let mut bytes = write(&post).into_bytes();
        for mutation in &mutations {
            apply(&mut bytes, mutation);
        }
        check_parses(&bytes)?;
    }

    /// With a depth limit of a few levels, tags are left out all the time, among raw text
    /// (which html5ever's tokenizer and tree builder must agree on) and foreign content
    /// (where the pre-scan and the tokenizer read markup differently).
    #[test]
    fn the_parser_never_panics_with_a_small_depth_limit(
        pieces in vec(prop_oneof![
            Just("<div>"), Just("</div>"), Just("<p>"), Just("<b>"), Just("</b>"), Just("<svg>"),
            Just("</svg>"), Just("<math>"), Just("<style>"), Just("</style>"), Just("<script>"),
            Just("</script>"), Just("<title>"), Just("</title>"), Just("<textarea>"),
            Just("</textarea>"), Just("<x y=\""), Just("\">"), Just("<a"), Just("</a>"),
            Just("<!---->"), Just("</>"), Just("<![CDATA["), Just("]]>"), Just("<table>"),
            Just("<td>"), Just("<select>"), Just("<plaintext>"), Just("\0"), Just("text"),
            Just("\r\n"),
        ], 0..40),
        limit in 1usize..6,
        // More `<` than the feeder looks past, where the pre-scan and the tokenizer may
        // read them differently.
        phantoms in prop_oneof![Just(0usize), Just(70)],
        at in 0usize..40,
    ) {
        let mut options = ParseOptions::default();
        options.max_html_depth = limit;
        let mut pieces: Vec<String> = pieces.into_iter().map(str::to_owned).collect();
        pieces.insert(at.min(pieces.len()), "<a".repeat(phantoms));
        let text = format!("---\ntitle: t\n---\n{}", pieces.concat());
        let parsed = newspost::parse_lenient_with(&text, &options);
        for error in &parsed.errors {
            prop_assert!(error.span().end <= text.len(), "{error:?}");
        }
    }
}
