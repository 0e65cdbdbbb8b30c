//! Parsing from bytes: never panics, and the strict and lenient parsers agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newspost::{parse_bytes, parse_lenient_bytes, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let lenient = parse_lenient_bytes(data, &ParseOptions::default());
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
});
