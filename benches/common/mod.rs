//! What the benches share: the corpus and the baseline.

use std::path::{Path, PathBuf};

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::RcDom;

/// The posts of the bench corpus, read into memory.
pub struct Corpus {
    pub texts: Vec<String>,
    pub bytes: u64,
}

/// `$NEWSPOST_BENCH_CORPUS` if set, else `../shared/corpus/real/teahouse` when present,
/// else the repo's fixtures; every `*.md` below it, in path order.
pub fn corpus() -> Corpus {
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
pub fn split(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            return (&rest[..end + 1], &rest[end + 5..]);
        }
    }
    ("", text)
}

pub fn baseline(yaml: &str, body: &str) -> usize {
    let value: Result<serde_json::Value, _> = serde_saphyr::from_str(yaml);
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
