//! Whatever parses (leniently) converts to an EPUB, alone and with a second post, and the
//! same posts always give the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newspost::{parse_lenient_bytes_with, write_epub, EpubOptions, ParseOptions, Post};

fuzz_target!(|data: &[u8]| {
    let parsed = parse_lenient_bytes_with(data, &ParseOptions::default());
    let options = EpubOptions::default();
    let mut book = Vec::new();
    match write_epub(std::slice::from_ref(&parsed.post), &options, &mut book) {
        Ok(()) => assert!(book.starts_with(b"PK")),
        Err(error) => panic!("a parsed post does not make a book: {error}"),
    }
    let mut again = Vec::new();
    let posts = [parsed.post.clone(), Post::new()];
    if write_epub(&posts, &options, &mut again).is_err() {
        panic!("two posts do not make a book");
    }
    let mut same = Vec::new();
    let _ = write_epub(&posts, &options, &mut same);
    assert_eq!(again, same, "the same posts gave different books");
});
