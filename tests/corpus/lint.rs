//! The validator against the shared corpora (for reporting; skipped when `../shared` is
//! absent; `NEWSPOST_CORPUS=/path/to/corpus` overrides the place): every defect triggers exactly the rules of its label, every sample post none.
//! Run with `--nocapture` to see the counts.
#![cfg(feature = "lint")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::linter;

fn corpus() -> Option<PathBuf> {
    // `NEWSPOST_CORPUS` points elsewhere (a worktree has no `../shared` beside it).
    let dir = std::env::var_os("NEWSPOST_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} is absent; skipping the corpus checks",
            dir.display()
        );
        None
    }
}

// Labels hold for any now in 2025…2029 (corpus README, convention 9): `linter()` runs
// at 2026-01-01.

fn posts(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Rules found per file (relative path) over one run of `files`.
fn lint_all(root: &Path, files: &[PathBuf]) -> BTreeMap<String, BTreeSet<String>> {
    let linter = linter();
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut add = |d: newspost::Diagnostic| {
        let name = d
            .path
            .strip_prefix(root)
            .unwrap_or(&d.path)
            .to_string_lossy()
            .into_owned();
        found.entry(name).or_default().insert(d.rule.to_owned());
    };
    for file in files {
        let bytes = std::fs::read(file).unwrap_or_default();
        linter
            .lint_bytes(file, &bytes)
            .into_iter()
            .for_each(&mut add);
    }
    linter.finish().into_iter().for_each(&mut add);
    found
}

#[test]
fn defects_trigger_exactly_their_labels() {
    let Some(corpus) = corpus() else { return };
    let root = corpus.join("defects");
    let found = lint_all(&root, &posts(&root));
    let labels = std::fs::read_to_string(root.join("labels.jsonl")).unwrap_or_default();
    let (mut matched, mut total) = (0, 0);
    let mut wrong = Vec::new();
    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    for line in labels.lines().filter(|l| !l.trim().is_empty()) {
        let label: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        let file = label["file"].as_str().unwrap_or_default().to_owned();
        let expected: BTreeSet<String> = label["rules"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect();
        let got = found.get(&file).cloned().unwrap_or_default();
        for rule in &got {
            *per_rule.entry(rule.clone()).or_default() += 1;
        }
        total += 1;
        if got == expected {
            matched += 1;
        } else {
            wrong.push(format!("{file}: expected {expected:?}, got {got:?}"));
        }
    }
    eprintln!("defects: {matched} of {total} files trigger exactly their labels");
    eprintln!("defects: files per rule: {per_rule:?}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(total, 84);
}

#[test]
fn sample_posts_trigger_nothing() {
    let Some(corpus) = corpus() else { return };
    let root = corpus.join("sample");
    let files = posts(&root);
    let found = lint_all(&root, &files);
    eprintln!(
        "sample: {} of {} posts trigger no rule",
        files.len() - found.len(),
        files.len()
    );
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(files.len(), 300);
}
