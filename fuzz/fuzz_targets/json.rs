//! Whatever parses (leniently) converts to JSON and back to the same post.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newspost::{from_json_str, parse_lenient_bytes_with, to_json_string, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let parsed = parse_lenient_bytes_with(data, &ParseOptions::default());
    let json = to_json_string(&parsed.post);
    match from_json_str(&json) {
        Ok(back) => assert_eq!(back, parsed.post, "json:\n{json}"),
        Err(error) => panic!("the JSON does not read back ({error}): {json}"),
    }
});
