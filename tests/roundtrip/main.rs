//! Round trips: `parse(write(post)) == post` on the fixtures and the shared corpus, and
//! the archive format and JSON over generated canonical posts.

#[path = "../common/mod.rs"]
mod common;

mod files;
mod props;
