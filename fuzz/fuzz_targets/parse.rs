//! Parsing from bytes: never panics, and the strict and lenient parsers agree; nor does
//! parsing with a small depth limit (1 to 8 levels, from the first byte), where left-out
//! tags meet html5ever's tree building most often.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newspost::{parse_bytes, parse_lenient_bytes_with, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let lenient = parse_lenient_bytes_with(data, &ParseOptions::default());
    let strict = parse_bytes(data);
    match &strict {
        Ok(post) => {
            assert!(lenient.errors.is_empty());
            assert_eq!(post, &lenient.post);
        }
        Err(error) => assert_eq!(Some(error), lenient.errors.first()),
    }
    for error in &lenient.errors {
        let span = error.span();
        assert!(
            span.start <= span.end && span.end <= data.len(),
            "{error:?}"
        );
        let _ = error.to_string();
    }
    let mut shallow = ParseOptions::default();
    shallow.max_html_depth = usize::from(data.first().map_or(0, |b| b % 8)) + 1;
    let parsed = parse_lenient_bytes_with(data, &shallow);
    for error in &parsed.errors {
        assert!(error.span().end <= data.len(), "{error:?}");
    }
});
