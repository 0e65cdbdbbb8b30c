//! The shared corpora (`../shared/corpus`, or `$NEWSPOST_CORPUS`): the parser against the
//! manifest, the linter against the labels, the converters losing nothing. Each part
//! skips with a note when its corpus is absent; a copy of ten posts always runs.

#[path = "../common/mod.rs"]
mod common;

mod convert;
mod lint;
mod manifest;
