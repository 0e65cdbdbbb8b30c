//! Throughput of each stage (parse, lint, JSON, text, EPUB, archive text) over a deterministic corpus, beside a baseline of the parsers'
//! own limit on the same bytes: html5ever building an RcDom of the body plus serde-saphyr
//! reading the front matter into a `Value`, nothing else.
//!
//! The corpus is `$NEWSPOST_BENCH_CORPUS` if set, else `../shared/corpus/real/teahouse`
//! when present, else the repo's fixtures. Run with `cargo bench --bench throughput`;
//! the ratio of each stage to the baseline is what `docs/performance.md` reports.

mod common;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use common::{baseline, corpus, split};

fn stages(c: &mut Criterion) {
    let corpus = corpus();
    let parts: Vec<(&str, &str)> = corpus.texts.iter().map(|t| split(t)).collect();
    let posts: Vec<newspost::Post> = corpus
        .texts
        .iter()
        .map(|t| newspost::parse_lenient(t).post)
        .collect();

    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(corpus.bytes));
    group.sample_size(10);

    group.bench_function("baseline_html5ever_rcdom_serde_saphyr", |b| {
        b.iter(|| {
            parts
                .iter()
                .map(|(y, body)| baseline(y, body))
                .sum::<usize>()
        })
    });
    group.bench_function("parse", |b| {
        b.iter(|| {
            corpus
                .texts
                .iter()
                .map(|t| newspost::parse_lenient(t).post.body.len())
                .sum::<usize>()
        })
    });
    // The cost of telling furniture from content: `parse` less this.
    let mut no_furniture = newspost::ParseOptions::default();
    no_furniture.furniture = newspost::FurnitureRules::none();
    group.bench_function("parse_without_furniture", |b| {
        b.iter(|| {
            corpus
                .texts
                .iter()
                .map(|t| {
                    newspost::parse_lenient_with(t, &no_furniture)
                        .post
                        .body
                        .len()
                })
                .sum::<usize>()
        })
    });
    let linter = newspost::Linter::new(newspost::LintConfig::default());
    group.bench_function("parse_and_lint", |b| {
        b.iter(|| {
            corpus
                .texts
                .iter()
                .map(|t| linter.check("post.md", t).len())
                .sum::<usize>()
        })
    });
    group.bench_function("to_json", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| newspost::to_json_string(p).len())
                .sum::<usize>()
        })
    });
    let text_options = newspost::TextOptions::default();
    group.bench_function("to_text", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| newspost::to_text_string(p, &text_options).len())
                .sum::<usize>()
        })
    });
    let epub_options = newspost::EpubOptions::default();
    group.bench_function("to_epub", |b| {
        b.iter(|| {
            let mut book = Vec::new();
            newspost::write_epub(&posts, &epub_options, &mut book).map(|()| book.len())
        })
    });
    group.bench_function("write", |b| {
        b.iter_batched(
            || (),
            |()| {
                posts
                    .iter()
                    .map(|p| newspost::write(p).len())
                    .sum::<usize>()
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
