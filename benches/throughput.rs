//! Throughput of each stage over a deterministic corpus, beside a baseline of the parsers'
//! own limit on the same bytes: html5ever building an RcDom of the body plus serde_yaml
//! reading the front matter into a `Value`, nothing else.
//!
//! The corpus is `$NEWSPOST_BENCH_CORPUS` if set, else `../shared/corpus/real/teahouse`
//! when present, else the repo's fixtures. Run with `cargo bench --bench throughput`;
//! the ratio of each stage to the baseline is what `docs/performance.md` reports.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::RcDom;

struct Corpus {
    texts: Vec<String>,
    bytes: u64,
}

fn corpus() -> Corpus {
    let dir = std::env::var_os("NEWSPOST_BENCH_CORPUS")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("../shared/corpus/real/teahouse")).filter(|p| p.is_dir()))
        .unwrap_or_else(|| PathBuf::from("tests/fixtures"));
    let mut paths = Vec::new();
    collect(&dir, &mut paths);
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let bytes = texts.iter().map(|t| t.len() as u64).sum();
    eprintln!(
        "corpus: {} posts, {:.1} MB from {}",
        texts.len(),
        bytes as f64 / 1e6,
        dir.display()
    );
    Corpus { texts, bytes }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// The front matter's YAML and the rest of the file, found by the cheapest split.
fn split(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            return (&rest[..end + 1], &rest[end + 5..]);
        }
    }
    ("", text)
}

fn baseline(yaml: &str, body: &str) -> usize {
    let value: Result<serde_yaml::Value, _> = serde_yaml::from_str(yaml);
    let dom = html5ever::parse_fragment(
        RcDom::default(),
        html5ever::ParseOpts::default(),
        html5ever::QualName::new(None, html5ever::ns!(html), html5ever::local_name!("body")),
        Vec::new(),
        false,
    )
    .one(body);
    let children = dom.document.children.borrow().len();
    usize::from(value.is_ok()) + children
}

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

    group.bench_function("baseline_html5ever_rcdom_serde_yaml", |b| {
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
