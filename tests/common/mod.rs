//! The one support module of the integration tests, included by every test crate
//! (`#[path = "../common/mod.rs"] mod common;`): the linter they run at a fixed now,
//! the text of a body, the corpus manifest's view of a post and where the corpora are.
//! Posts built in code are in [`built`], proptest strategies in [`strategies`], an
//! RFC 3986 check in [`uri`].
#![allow(dead_code)] // each test crate uses part of this module

pub mod built;
pub mod strategies;
pub mod uri;

use std::path::{Path, PathBuf};

use newspost::visit::{visit_blocks, Visit};
use newspost::{Block, FurnitureKind, Inline, Post};
#[cfg(feature = "lint")]
use newspost::{LintConfig, Linter};
use serde_json::{json, Value};

/// The lint tests' configuration: the defaults at a fixed now (2026-01-01), so that the
/// dates of fixtures and generated posts are never in the future and labels hold.
#[cfg(feature = "lint")]
pub fn lint_config() -> LintConfig {
    LintConfig::new().with_now(strategies::lint_now())
}

/// A linter with [`lint_config`].
#[cfg(feature = "lint")]
pub fn linter() -> Linter {
    Linter::new(lint_config())
}

/// Every text of a body in document order, a line per block (paragraphs, headings,
/// captions, list items, quotes, table cells, code); page furniture's text is left out
/// (its block is an empty line).
pub fn all_text(blocks: &[Block]) -> String {
    #[derive(Default)]
    struct AllText(String);
    impl<'a> Visit<'a> for AllText {
        fn leave_block(&mut self, _: &'a Block, furniture: Option<FurnitureKind>) {
            if furniture.is_none() {
                self.0.push('\n');
            }
        }
        fn text(&mut self, text: &'a str, furniture: Option<FurnitureKind>) {
            if furniture.is_none() {
                self.0.push_str(text);
            }
        }
        fn line_break(&mut self, furniture: Option<FurnitureKind>) {
            if furniture.is_none() {
                self.0.push(' ');
            }
        }
    }
    let mut all = AllText::default();
    visit_blocks(blocks, &mut all);
    all.0
}

/// Plain text as the corpus manifest defines it: white space collapsed to single spaces.
pub fn plain(inlines: &[Inline]) -> String {
    collapse(&Inline::plain_text(inlines))
}

pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn blocks_text(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
                parts.push(plain(inlines))
            }
            Block::Figure { caption, .. } => parts.push(plain(caption)),
            Block::List { items, .. } => {
                for item in items {
                    parts.push(blocks_text(&item.blocks));
                }
            }
            Block::Quote { blocks, .. } => parts.push(blocks_text(blocks)),
            Block::Table { rows, .. } => {
                for row in rows {
                    for cell in &row.cells {
                        parts.push(plain(&cell.inlines));
                    }
                }
            }
            Block::Code { text, .. } => parts.push(collapse(text)),
            _ => {}
        }
    }
    collapse(&parts.join(" "))
}

fn links(inlines: &[Inline], out: &mut Vec<Value>) {
    for inline in inlines {
        match inline {
            Inline::Link { href, children, .. } => {
                out.push(json!(href));
                links(children, out);
            }
            Inline::Emphasis { children } | Inline::Strong { children } => links(children, out),
            _ => {}
        }
    }
}

#[derive(Default)]
struct View {
    paragraphs: Vec<Value>,
    quotes: Vec<Value>,
    captions: Vec<Value>,
    figures: Vec<Value>,
    headings: Vec<Value>,
    lists: Vec<Value>,
    tables: Vec<Value>,
    embeds: Vec<Value>,
    links: Vec<Value>,
}

impl View {
    fn blocks(&mut self, blocks: &[Block], in_quote: bool, in_list: bool) {
        for block in blocks {
            match block {
                Block::Paragraph { inlines, .. } => {
                    let text = plain(inlines);
                    if !in_list && !text.is_empty() {
                        self.paragraphs.push(json!(text));
                        if in_quote {
                            self.quotes.push(json!(text));
                        }
                    }
                    links(inlines, &mut self.links);
                }
                Block::Heading { level, inlines, .. } => {
                    self.headings
                        .push(json!({"level": level, "text": plain(inlines)}));
                    links(inlines, &mut self.links);
                }
                Block::Figure {
                    images, caption, ..
                } => {
                    let caption_text = plain(caption);
                    self.captions.push(json!(caption_text));
                    let urls: Vec<&str> = images.iter().map(|i| i.src.as_str()).collect();
                    self.figures
                        .push(json!({"images": urls, "caption": caption_text}));
                    links(caption, &mut self.links);
                }
                Block::List { ordered, items, .. } => {
                    let texts: Vec<String> = items.iter().map(|i| blocks_text(&i.blocks)).collect();
                    self.lists.push(json!({"ordered": ordered, "items": texts}));
                    for item in items {
                        self.blocks(&item.blocks, in_quote, true);
                    }
                }
                Block::Quote { blocks, .. } => self.blocks(blocks, true, in_list),
                Block::Table { rows, .. } => {
                    let rows: Vec<Vec<String>> = rows
                        .iter()
                        .map(|r| r.cells.iter().map(|c| plain(&c.inlines)).collect())
                        .collect();
                    self.tables.push(json!(rows));
                }
                Block::Embed { src, .. } => self.embeds.push(json!(src)),
                _ => {}
            }
        }
    }
}

/// The body keys of a manifest line, computed from a parsed post.
pub fn manifest_view(post: &Post) -> Value {
    let mut view = View::default();
    view.blocks(&post.body, false, false);
    json!({
        "paragraph_count": view.paragraphs.len(),
        "paragraphs": view.paragraphs,
        "quotes": view.quotes,
        "figure_count": view.figures.len(),
        "captions": view.captions,
        "figures": view.figures,
        "headings": view.headings,
        "lists": view.lists,
        "tables": view.tables,
        "embeds": view.embeds,
        "links": view.links,
    })
}

/// Compares a post with its manifest line; returns one message per difference.
pub fn check_against_manifest(post: &Post, line: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let file = line["file"].as_str().unwrap_or("?");
    let fm = post.front_matter.clone().unwrap_or_default();
    if line["title"].as_str() != fm.title.as_deref() {
        problems.push(format!("{file}: title {:?}", fm.title));
    }
    if line["from"].as_str() != fm.from.as_deref() {
        problems.push(format!("{file}: from {:?}", fm.from));
    }
    if line["epoch_ms"].as_i64() != post.epoch.map(|e| e.millis) {
        problems.push(format!("{file}: epoch {:?}", post.epoch));
    }
    let want = line["date"]
        .as_str()
        .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
        .map(|d| d.with_timezone(&chrono::Utc));
    let got = fm.date.as_ref().map(|d| d.instant());
    if want.is_none() || want != got {
        problems.push(format!("{file}: date {got:?}, manifest {want:?}"));
    }
    let view = manifest_view(post);
    for (key, got) in view.as_object().into_iter().flatten() {
        if &line[key] != got {
            problems.push(format!(
                "{file}: {key}\n  got      {got}\n  manifest {}",
                line[key]
            ));
        }
    }
    let json = newspost::to_json_string(post);
    for noise in line["noise"].as_array().into_iter().flatten() {
        if let Some(noise) = noise.as_str() {
            if json.contains(noise) {
                problems.push(format!("{file}: noise {noise:?} in the JSON output"));
            }
        }
    }
    problems
}

/// `../shared/corpus/<rel>` beside the crate (or under `$NEWSPOST_CORPUS`), if present.
pub fn shared_corpus(rel: &str) -> Option<PathBuf> {
    let root = std::env::var_os("NEWSPOST_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let path = root.join(rel);
    path.exists().then_some(path)
}

/// The manifest lines of a directory.
pub fn manifest(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("manifest.jsonl")).expect("manifest");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("manifest line"))
        .collect()
}

/// Checks every post a manifest lists; returns the problems.
pub fn check_manifest_dir(dir: &Path) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let lines = manifest(dir);
    for line in &lines {
        let file = line["file"].as_str().expect("file");
        let text = std::fs::read_to_string(dir.join(file)).expect("post");
        match newspost::parse(&text) {
            Ok(post) => problems.extend(check_against_manifest(&post, line)),
            Err(e) => problems.push(format!("{file}: {e}")),
        }
    }
    (lines.len(), problems)
}

/// The `.md` files of a directory, sorted.
pub fn posts(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}
