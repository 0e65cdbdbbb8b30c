//! The converters: plain text, EPUB, and the conservation of every text in both.

#[path = "../common/mod.rs"]
mod common;

mod conservation;
mod epub;
mod text;
