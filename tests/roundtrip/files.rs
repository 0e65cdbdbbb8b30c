//! `parse(write(post)) == post` for every post the parser produces: the repo's fixtures
//! always, the shared corpus when it sits beside the crate.

use std::path::{Path, PathBuf};

use crate::common::{posts, shared_corpus};

/// Parses, writes and parses again; returns a message when the two posts differ.
fn round_trip(file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(file).expect("post");
    let post = newspost::parse_lenient(&text).post;
    let written = newspost::write(&post);
    match newspost::parse(&written) {
        Ok(again) if again == post => None,
        Ok(again) => {
            let (a, b) = (
                newspost::to_json_string_pretty(&post),
                newspost::to_json_string_pretty(&again),
            );
            let first = a
                .lines()
                .zip(b.lines())
                .find(|(x, y)| x != y)
                .map(|(x, y)| format!("\n  before {x}\n  after  {y}"))
                .unwrap_or_default();
            Some(format!(
                "{}: differs after the round trip{first}",
                file.display()
            ))
        }
        Err(e) => Some(format!(
            "{}: written form does not parse: {e}",
            file.display()
        )),
    }
}

fn check(files: &[PathBuf]) {
    let failures: Vec<String> = files.iter().filter_map(|f| round_trip(f)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} posts do not round-trip:\n{}",
        failures.len(),
        files.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn repo_fixtures_round_trip() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse");
    let mut files = posts(&root.join("sample"));
    files.extend(posts(&root.join("shapes")));
    assert!(files.len() >= 10);
    check(&files);
}

#[test]
fn shared_corpus_posts_round_trip() {
    let mut files = Vec::new();
    for dir in ["sample", "real/teahouse"] {
        match shared_corpus(dir) {
            Some(dir) => files.extend(posts(&dir)),
            None => eprintln!("note: ../shared/corpus/{dir} is absent; skipped"),
        }
    }
    check(&files);
    eprintln!("{} shared corpus posts round-trip", files.len());
}
