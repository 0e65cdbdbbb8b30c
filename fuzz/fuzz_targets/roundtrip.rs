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
    // The converter's writer gives the same bytes as its string form.
    let mut bytes = Vec::new();
    let options = newspost::ArchiveOptions::default();
    newspost::write_archive(&post, &options, &mut bytes).expect("a Vec takes every byte");
    assert_eq!(bytes, newspost::to_archive_string(&post, &options).as_bytes());
});
