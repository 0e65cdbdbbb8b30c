//! `newspost convert --to parquet` from the command line: one file or a directory of
//! shards, the posts or the blocks table, and nothing left behind by a failed run.

use std::path::{Path, PathBuf};

use parquet::file::reader::{FileReader, SerializedFileReader};

use crate::support::{self, newspost};

fn fixtures() -> PathBuf {
    support::fixtures("convert")
}

/// The number of posts among the fixtures (every one is readable).
fn fixture_posts() -> i64 {
    std::fs::read_dir(fixtures())
        .expect("fixtures")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "md"))
        })
        .count() as i64
}

/// The rows of a Parquet file, read from its footer.
fn rows(path: &Path) -> i64 {
    let file = std::fs::File::open(path).expect("the file is there");
    let reader = SerializedFileReader::new(file).expect("a Parquet file");
    reader.metadata().file_metadata().num_rows()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("a directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn parquet_needs_an_output() {
    newspost()
        .args(["convert", "--to", "parquet"])
        .arg(fixtures())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("-o"));
}

#[test]
fn the_posts_table_has_a_row_per_post() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("posts.parquet");
    newspost()
        .args(["convert", "--to", "parquet", "-o"])
        .arg(&target)
        .arg(fixtures())
        .assert()
        .success()
        .stdout("");
    assert_eq!(rows(&target), fixture_posts());
    let bytes = std::fs::read(&target).expect("written");
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    // Only the file: no temporary file is left beside it.
    assert_eq!(names(dir.path()), ["posts.parquet"]);
}

#[test]
fn the_blocks_table_has_a_row_per_block() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("blocks.parquet");
    newspost()
        .args(["convert", "--to", "parquet", "--table", "blocks", "-o"])
        .arg(&target)
        .arg(fixtures())
        .assert()
        .success();
    let jsonl = newspost()
        .args(["convert", "--to", "jsonl"])
        .arg(fixtures())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let blocks: usize = String::from_utf8(jsonl)
        .expect("utf-8")
        .lines()
        .map(|line| {
            let post: serde_json::Value = serde_json::from_str(line).expect("json");
            post["body"].as_array().map_or(0, Vec::len)
        })
        .sum();
    assert!(blocks > 0);
    assert_eq!(rows(&target), blocks as i64);
}

#[test]
fn shards_split_the_posts_and_replace_an_earlier_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("posts");
    std::fs::create_dir(&target).expect("mkdir");
    // An earlier run's shards beyond the new last one go; other files stay.
    std::fs::write(target.join("part-00099.parquet"), b"old").expect("write");
    std::fs::write(target.join("notes.txt"), b"mine").expect("write");
    newspost()
        .args(["convert", "--to", "parquet", "--shard-rows", "5", "-o"])
        .arg(&target)
        .arg(fixtures())
        .assert()
        .success();
    let posts = fixture_posts();
    let shards = (posts + 4) / 5;
    let mut expected = vec!["notes.txt".to_owned()];
    expected.extend((0..shards).map(|i| format!("part-{i:05}.parquet")));
    assert_eq!(names(&target), expected);
    let counted: i64 = (0..shards)
        .map(|i| rows(&target.join(format!("part-{i:05}.parquet"))))
        .sum();
    assert_eq!(counted, posts);
    assert_eq!(rows(&target.join("part-00000.parquet")), 5);
}

#[test]
fn an_unreadable_post_is_reported_and_the_others_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::copy(fixtures().join("01-paragraphs.md"), input.join("a.md")).expect("copy");
    std::fs::write(input.join("b.md"), b"<p>\xff\xfe not UTF-8</p>\n").expect("write");
    let target = dir.path().join("posts.parquet");
    newspost()
        .args(["convert", "--to", "parquet", "-o"])
        .arg(&target)
        .arg(&input)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("b.md:1:"));
    assert_eq!(rows(&target), 1);
}

#[test]
fn an_output_that_cannot_be_written_fails_before_the_work_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"x").expect("write");
    newspost()
        .args(["convert", "--to", "parquet", "-o"])
        .arg(blocker.join("posts.parquet"))
        .arg(fixtures())
        .assert()
        .code(2);
    newspost()
        .args(["convert", "--to", "parquet", "--shard-rows", "2", "-o"])
        .arg(&blocker)
        .arg(fixtures())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a directory"));
    assert_eq!(names(dir.path()), ["file"]);
}

#[test]
fn table_and_shards_are_for_parquet_only() {
    for flags in [["--table", "blocks"], ["--shard-rows", "2"]] {
        newspost()
            .args(["convert", "--to", "jsonl"])
            .args(flags)
            .arg(fixtures())
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--to parquet"));
    }
}
