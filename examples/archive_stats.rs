//! What an archive holds, computed with the library: posts per day per source, the ten
//! image hosts with the most article images, and the posts whose epoch comment disagrees
//! with their date. These are the answers the DuckDB queries of `docs/data.md` give over
//! `newspost convert --to parquet` (and `--to jsonl`); `.ci/steps/35-duckdb.sh` checks
//! that they are the same.
//!
//! ```text
//! cargo run --example archive_stats -- ARCHIVE [ARCHIVE…]
//! ```
//!
//! Prints one JSON object on one line. A post's source is its `author` (the outlet, in these
//! archives), else its source URL's host; its day is the UTC day of its instant.

use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::path::{Path, PathBuf};

use newspost::archive::{default_limit, read_post, Runner, Walk};
use newspost::{Block, ParseOptions, Post};

/// Ten hosts, five mismatches: what the queries print.
const TOP_HOSTS: usize = 10;
const LARGEST_MISMATCHES: usize = 5;

#[derive(Default)]
struct Stats {
    per_day: BTreeMap<(String, String), u64>,
    image_hosts: HashMap<String, u64>,
    /// (path, epoch − date instant in milliseconds)
    mismatches: Vec<(String, i64)>,
}

impl Stats {
    fn add(&mut self, path: String, post: &Post) {
        let day = post.instant().map_or_else(
            || "(undated)".to_owned(),
            |i| i.format("%Y-%m-%d").to_string(),
        );
        let source = post
            .front_matter
            .as_ref()
            .and_then(|fm| fm.author.clone())
            .or_else(|| post.source_url().and_then(host))
            .unwrap_or_else(|| "(unknown)".to_owned());
        *self.per_day.entry((day, source)).or_default() += 1;
        let mut images = Vec::new();
        article_images(&post.body, &mut images);
        for src in images {
            if let Some(host) = host(src) {
                *self.image_hosts.entry(host).or_default() += 1;
            }
        }
        // The instant is the date's unless only the epoch comment dates the post.
        if post.date().is_some() {
            if let (Some(epoch), Some(instant)) = (post.epoch, post.instant()) {
                let difference = epoch.millis - instant.timestamp_millis();
                if difference != 0 {
                    self.mismatches.push((path, difference));
                }
            }
        }
    }

    fn to_json(&self) -> serde_json::Value {
        let per_day: Vec<_> = self
            .per_day
            .iter()
            .map(|((day, source), n)| serde_json::json!([day, source, n]))
            .collect();
        let mut hosts: Vec<(&String, &u64)> = self.image_hosts.iter().collect();
        hosts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let hosts: Vec<_> = hosts
            .into_iter()
            .take(TOP_HOSTS)
            .map(|(host, n)| serde_json::json!([host, n]))
            .collect();
        let mut largest = self.mismatches.clone();
        largest.sort_by(|a, b| {
            b.1.unsigned_abs()
                .cmp(&a.1.unsigned_abs())
                .then(a.0.cmp(&b.0))
        });
        let largest: Vec<_> = largest
            .into_iter()
            .take(LARGEST_MISMATCHES)
            .map(|(path, difference)| serde_json::json!([path, difference]))
            .collect();
        serde_json::json!({
            "posts_per_day_per_source": per_day,
            "top_image_hosts": hosts,
            "epoch_date_mismatches": { "count": self.mismatches.len(), "largest": largest },
        })
    }
}

/// The host of an absolute URL, lower case.
fn host(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    url.host_str().map(str::to_ascii_lowercase)
}

/// The `src` of every image of the article, in order. Page furniture, which only the top
/// level holds, is passed over with the blocks that hold no image.
fn article_images<'a>(blocks: &'a [Block], out: &mut Vec<&'a str>) {
    for block in blocks {
        match block {
            Block::Figure { images, .. } => out.extend(images.iter().map(|i| i.src.as_str())),
            Block::List { items, .. } => {
                for item in items {
                    article_images(&item.blocks, out);
                }
            }
            Block::Quote { blocks, .. } => article_images(blocks, out),
            _ => {}
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let roots: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        return Err("usage: archive_stats ARCHIVE [ARCHIVE…]".into());
    }
    let walked = Walk::new(&roots).collect()?;
    let options = ParseOptions::default();
    let mut stats = Stats::default();
    Runner::new().run(
        &walked.posts,
        |file| {
            let bytes = read_post(&file.path, default_limit()).ok()?;
            newspost::recover(&bytes, &options).ok()
        },
        |file, post| {
            if let Some(post) = post {
                // The path as the command line names it: relative to its root, `/` between.
                let relative = match file.path.strip_prefix(&file.root) {
                    Ok(relative) if !relative.as_os_str().is_empty() => relative,
                    _ => file.path.file_name().map_or(file.path.as_path(), Path::new),
                };
                let path = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                stats.add(path, &post);
            }
            Ok::<(), std::convert::Infallible>(())
        },
    )?;
    println!("{}", stats.to_json());
    Ok(())
}
