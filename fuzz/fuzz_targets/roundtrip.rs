//! Whatever the strict parser accepts, written out and parsed again, is the same post.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(post) = newspost::parse_bytes(data) else {
        return;
    };
    let written = newspost::write(&post);
    match newspost::parse(&written) {
        Ok(again) => assert_eq!(again, post, "written:\n{written}"),
        Err(error) => panic!("the written post does not parse: {error}\nwritten:\n{written}"),
    }
    // Writing is stable: the canonical text is a fixed point.
    assert_eq!(newspost::write(&post), written);
});
