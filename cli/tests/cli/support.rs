//! What the CLI tests share: the built binary and the library's fixtures.

#![allow(dead_code)] // each module uses part of it

use std::path::{Path, PathBuf};

/// The `newspost` binary that cargo built for these tests.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_newspost"))
}

/// A command running the `newspost` binary.
pub fn newspost() -> assert_cmd::Command {
    assert_cmd::Command::new(binary())
}

/// The repository's root (the library crate, whose `tests/fixtures` the CLI tests read).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// `tests/fixtures/<sub>` of the library crate.
pub fn fixtures(sub: &str) -> PathBuf {
    repo().join("tests/fixtures").join(sub)
}

/// The shared corpora (`NEWSPOST_CORPUS`, else `../shared/corpus` beside the repository).
pub fn corpus() -> PathBuf {
    std::env::var_os("NEWSPOST_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/corpus"))
}
