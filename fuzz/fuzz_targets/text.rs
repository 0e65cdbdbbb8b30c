//! Whatever parses (leniently) converts to plain text, wrapped or not, without panicking;
//! the text is free of control characters.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newspost::{parse_lenient_bytes_with, to_text_string, ParseOptions, TextOptions};

fuzz_target!(|data: &[u8]| {
    let parsed = parse_lenient_bytes_with(data, &ParseOptions::default());
    for options in [
        TextOptions::default(),
        TextOptions::default()
            .with_width(Some(1 + data.first().copied().unwrap_or(0) as usize % 100))
            .with_inline_links(data.len() % 2 == 0),
    ] {
        let text = to_text_string(&parsed.post, &options);
        assert!(text.ends_with('\n'));
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "control character in {text:?}"
        );
    }
});
