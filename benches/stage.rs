//! Runs one stage once over the bench corpus, for counting its instructions:
//!
//! ```sh
//! cargo bench --bench stage --no-run
//! for stage in read baseline parse parse-no-furniture lint lint-record parse-json parse-text; do
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/deps/stage-<hash> $stage 2>&1 | grep refs
//! done
//! ```
//!
//! `read` only loads the corpus; subtract it from the others (and `parse` from
//! `parse-json` and `parse-text` for the cost of a conversion). Wall-clock benches are in
//! `throughput.rs`; instruction counts do not move with the machine's load.
//!
//! `stage time baseline parse lint` times stages in turns instead, one pass of each per
//! round (`NEWSPOST_ROUNDS`, 21 by default), so that load from outside, which comes and
//! goes over seconds, weighs on all of them alike; criterion measures one stage for
//! seconds before the next.

mod common;

use std::hint::black_box;
use std::time::Instant;

use common::{baseline, corpus, split, Corpus};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = corpus();
    let linter = newspost::Linter::new(newspost::LintConfig::default());
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["time", ref stages @ ..] if !stages.is_empty() => time(&corpus, &linter, stages),
        [stage] => match run(stage, &corpus, &linter) {
            Some(work) => {
                black_box((work, corpus.bytes));
            }
            None => usage(),
        },
        _ => usage(),
    }
}

fn usage() {
    eprintln!("usage: stage STAGE | stage time STAGE… (stages: {STAGES:?})");
    std::process::exit(2);
}

const STAGES: [&str; 8] = [
    "read",
    "baseline",
    "parse",
    "parse-no-furniture",
    "lint",
    "lint-record",
    "parse-json",
    "parse-text",
];

/// Runs `stage` once over the corpus; `None` if there is no such stage.
fn run(stage: &str, corpus: &Corpus, linter: &newspost::Linter) -> Option<usize> {
    let work = match stage {
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
        // `parse` less this is the cost of telling page furniture from content.
        "parse-no-furniture" => {
            let mut options = newspost::ParseOptions::default();
            options.furniture = newspost::FurnitureRules::none();
            corpus
                .texts
                .iter()
                .map(|t| newspost::parse_lenient_with(t, &options).post.body.len())
                .sum()
        }
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
        "parse-json" => corpus
            .texts
            .iter()
            .map(|t| newspost::to_json_string(&newspost::parse_lenient(t).post).len())
            .sum(),
        "parse-text" => {
            let options = newspost::TextOptions::default();
            corpus
                .texts
                .iter()
                .map(|t| newspost::to_text_string(&newspost::parse_lenient(t).post, &options).len())
                .sum()
        }
        _ => return None,
    };
    Some(work)
}

/// Times `stages` in turns, one pass each per round, so that a change in the machine's
/// load hits them all alike; prints each one's fastest and median pass and its
/// throughput relative to the first stage's.
fn time(corpus: &Corpus, linter: &newspost::Linter, stages: &[&str]) {
    let rounds: usize = std::env::var("NEWSPOST_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(21);
    if stages.iter().any(|s| !STAGES.contains(s)) {
        usage();
    }
    let mut times = vec![Vec::with_capacity(rounds); stages.len()];
    for _ in 0..rounds {
        for (stage, times) in stages.iter().zip(&mut times) {
            let started = Instant::now();
            black_box(run(stage, corpus, linter));
            times.push(started.elapsed().as_secs_f64());
        }
    }
    let mib = corpus.bytes as f64 / f64::from(1 << 20);
    let mut first = None;
    println!("{rounds} rounds over {mib:.1} MiB; MiB/s of the fastest and the median pass");
    for (stage, times) in stages.iter().zip(&mut times) {
        times.sort_by(f64::total_cmp);
        let (best, median) = (mib / times[0], mib / times[times.len() / 2]);
        let (best_1, median_1) = *first.get_or_insert((best, median));
        println!(
            "{stage:>12}: {best:7.1} {median:7.1}   ratio {:.3} {:.3}",
            best / best_1,
            median / median_1
        );
    }
}
