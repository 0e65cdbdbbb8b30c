//! Runs one stage once over the bench corpus, for counting its instructions:
//!
//! ```sh
//! cargo bench --bench stage --no-run
//! for stage in read baseline parse lint lint-record; do
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/deps/stage-<hash> $stage 2>&1 | grep refs
//! done
//! ```
//!
//! `read` only loads the corpus; subtract it from the others. Wall-clock benches are in
//! `throughput.rs`; instruction counts do not move with the machine's load.

mod common;

use std::hint::black_box;

use common::{baseline, corpus, split};

fn main() {
    let stage = std::env::args().nth(1).unwrap_or_default();
    let corpus = corpus();
    let linter = newspost::Linter::new(newspost::LintConfig::default());
    let work: usize = match stage.as_str() {
        "read" => corpus.texts.len(),
        "baseline" => corpus
            .texts
            .iter()
            .map(|t| {
                let (yaml, body) = split(t);
                baseline(yaml, body)
            })
            .sum(),
        "parse" => corpus
            .texts
            .iter()
            .map(|t| newspost::parse_lenient(t).post.body.len())
            .sum(),
        "lint" => corpus
            .texts
            .iter()
            .map(|t| linter.check("post.md", t).len())
            .sum(),
        // As a batch lints: each file also recorded for `duplicate-source`.
        "lint-record" => corpus
            .texts
            .iter()
            .enumerate()
            .map(|(i, t)| linter.lint(format!("{i}.md"), t).len())
            .sum::<usize>()
            .saturating_add(linter.finish().len()),
        _ => {
            eprintln!("usage: stage read|baseline|parse|lint|lint-record");
            std::process::exit(2);
        }
    };
    black_box((work, corpus.bytes));
}
