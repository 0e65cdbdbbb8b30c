//! Whatever parses (leniently) converts to JSON and back to the same post.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newspost::{from_json_str, parse_lenient_bytes, to_json_string, ParseOptions, Post};
use serde_yaml::Value;

fuzz_target!(|data: &[u8]| {
    let parsed = parse_lenient_bytes(data, &ParseOptions::default());
    let json = to_json_string(&parsed.post);
    match from_json_str(&json) {
        Ok(back) if json_can_hold(&parsed.post) => {
            assert_eq!(back, parsed.post, "json:\n{json}")
        }
        Ok(_) => {}
        Err(error) => panic!("the JSON does not read back ({error}): {json}"),
    }
});

/// JSON has no NaN or infinities (serde_json writes `null`) and no YAML tags (written as
/// a one-key object): an `extra` value holding one does not come back equal.
fn json_can_hold(post: &Post) -> bool {
    fn plain(value: &Value) -> bool {
        match value {
            Value::Number(n) => n.as_f64().is_none_or(f64::is_finite),
            Value::Sequence(items) => items.iter().all(plain),
            Value::Mapping(map) => map.iter().all(|(k, v)| plain(k) && plain(v)),
            Value::Tagged(_) => false,
            _ => true,
        }
    }
    post.front_matter
        .as_ref()
        .is_none_or(|fm| fm.extra.values().all(plain))
}
