//! The parser against the corpus manifest: every sample post's front matter and body
//! (paragraphs, figures, captions, headings, lists, tables, embeds, links) as the
//! generator recorded them, and no noise in the output. The shared corpus is read when it
//! sits beside the crate (`../shared/corpus`); a copy of ten posts always runs.

mod common;

use common::{check_manifest_dir, posts, shared_corpus};

fn assert_no_problems(count: usize, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problems in {count} posts:\n{}",
        problems.len(),
        problems
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_copied_sample_posts_match_their_manifest_lines() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse/sample");
    let (count, problems) = check_manifest_dir(&dir);
    assert!(count >= 10);
    assert_no_problems(count, &problems);
}

#[test]
fn every_sample_post_matches_the_manifest() {
    let Some(dir) = shared_corpus("sample") else {
        eprintln!("note: ../shared/corpus/sample is absent; skipped");
        return;
    };
    let (count, problems) = check_manifest_dir(&dir);
    eprintln!(
        "{} of {count} sample posts match the manifest",
        count - problems.len()
    );
    assert_eq!(count, 300);
    assert_no_problems(count, &problems);
}

#[test]
fn every_real_post_parses_without_error() {
    let Some(dir) = shared_corpus("real/teahouse") else {
        eprintln!("note: ../shared/corpus/real/teahouse is absent; skipped");
        return;
    };
    let files = posts(&dir);
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("post");
        if let Err(e) = newspost::parse(&text) {
            failures.push(format!("{}: {e}", file.display()));
        }
    }
    eprintln!(
        "{} of {} real posts parse",
        files.len() - failures.len(),
        files.len()
    );
    assert!(files.len() >= 1500);
    assert_no_problems(files.len(), &failures);
}
