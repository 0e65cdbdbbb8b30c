//! The batch behaviour of the command line: parallel runs in path order, mirrored output
//! trees with safe names, a bad file in the middle, atomic outputs, progress and summary;
//! what issue 20 hardened is in `hostile.rs` (outputs, `--fix`, links, signals, CI output).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use crate::support::{binary, newspost};

const EXAMPLE: &str = include_str!("../../../tests/fixtures/parse/example.md");

/// A copy of the example post with its own title, so outputs can be told apart.
fn post(n: usize) -> String {
    EXAMPLE.replace("中国支持哈萨克斯坦加入金砖合作机制", &format!("第{n}篇"))
}

/// A directory of `count` posts in two subdirectories.
fn archive(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in 0..count {
        let sub = dir.path().join(if n % 2 == 0 { "even" } else { "odd" });
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(sub.join(format!("post-{n:05}.md")), post(n)).expect("write");
    }
    dir
}

fn titles(jsonl: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(jsonl)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("json line");
            value["front_matter"]["title"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[test]
fn output_is_in_path_order_whatever_the_parallelism() {
    let dir = archive(200);
    let run = |jobs: &str| {
        newspost()
            .args(["convert", "--to", "jsonl", "--quiet", "-j", jobs])
            .arg(dir.path())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1");
    let two = run("2");
    let four = run("4");
    assert_eq!(one, two);
    assert_eq!(one, four);
    // even/ sorts before odd/, and names sort by number within each.
    let expected: Vec<String> = (0..200)
        .step_by(2)
        .chain((1..200).step_by(2))
        .map(|n| format!("习近平：第{n}篇"))
        .collect();
    assert_eq!(titles(&one), expected);
}

#[test]
fn out_dir_mirrors_the_tree_with_safe_names_and_no_collisions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("2024");
    std::fs::create_dir_all(&sub).expect("mkdir");
    // On Linux these are distinct legal names; on Windows the first is illegal, and
    // a naive replacement would make the two collide.
    std::fs::write(sub.join("a?b.md"), post(1)).expect("write");
    std::fs::write(sub.join("a_b.md"), post(2)).expect("write");
    std::fs::write(sub.join("a%3Fb.md"), post(3)).expect("write");
    let out = tempfile::tempdir().expect("tempdir");
    newspost()
        .args(["convert", "--to", "json", "--quiet", "--out-dir"])
        .arg(out.path())
        .arg(dir.path())
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(out.path().join("2024"))
        .expect("mirrored subdirectory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a%253Fb.json", "a%3Fb.json", "a_b.json"]);
    let json = std::fs::read_to_string(out.path().join("2024/a%3Fb.json")).expect("output");
    assert!(json.contains("第1篇"), "{json}");
    // Text works the same way.
    newspost()
        .args(["convert", "--to", "text", "--quiet", "--out-dir"])
        .arg(out.path())
        .arg(dir.path())
        .assert()
        .success();
    assert!(out.path().join("2024/a_b.txt").is_file());
}

#[test]
fn a_bad_file_in_the_middle_is_reported_and_the_rest_converted() {
    let dir = archive(5);
    let bad = dir.path().join("even/post-00002.md");
    let mut bytes = post(2).into_bytes();
    bytes[40] = 0xff;
    std::fs::write(&bad, bytes).expect("write");
    let output = newspost()
        .args(["convert", "--to", "jsonl", "-j", "2"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("post-00002.md"), "{stderr}");
    assert!(stderr.contains("invalid UTF-8"), "{stderr}");
    assert!(stderr.contains("5 posts, 1 failed"), "{stderr}");
    let titles = titles(&output.stdout);
    assert_eq!(titles.len(), 4);
    assert!(!titles.iter().any(|t| t.contains("第2篇")));
    // The linter goes on too, and reports the file.
    let output = newspost()
        .args(["lint", "--format", "json", "--quiet"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let diagnostics: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let bad_name = bad.to_string_lossy().into_owned();
    assert!(diagnostics
        .as_array()
        .expect("array")
        .iter()
        .any(|d| d["file"].as_str() == Some(bad_name.as_str())));
}

#[test]
fn an_interrupted_run_never_leaves_a_half_written_output() {
    let dir = archive(3000);
    let out_dir = tempfile::tempdir().expect("tempdir");
    let target = out_dir.path().join("all.jsonl");
    std::fs::write(&target, "previous complete output\n").expect("write");
    let mut child = std::process::Command::new(binary())
        .args(["convert", "--to", "jsonl", "--quiet", "-j", "1", "-o"])
        .arg(&target)
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Kill it once it is under way (it takes far longer than this to finish).
    std::thread::sleep(Duration::from_millis(300));
    let finished = child.try_wait().expect("wait").is_some();
    child.kill().ok();
    child.wait().expect("wait");
    let content = std::fs::read_to_string(&target).expect("target still readable");
    if finished {
        assert_eq!(
            content.lines().count(),
            3000,
            "a finished run writes everything"
        );
    } else {
        assert_eq!(
            content, "previous complete output\n",
            "killed mid-run: old output untouched"
        );
    }
    // Nothing else that looks like an output was left: at most a hidden temporary file.
    for entry in std::fs::read_dir(out_dir.path()).expect("dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            name == "all.jsonl" || name.starts_with(".newspost-"),
            "{name}"
        );
    }
}

#[test]
fn the_summary_line_reports_the_run_and_quiet_hides_it() {
    let dir = archive(3);
    let output = newspost()
        .args(["convert", "--to", "jsonl"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("newspost: 3 posts, 0 failed"), "{stderr}");
    assert!(stderr.contains("MB/s"), "{stderr}");
    // Not a terminal: no progress bar drawing.
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    let output = newspost()
        .args(["convert", "--to", "jsonl", "--quiet"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(output.stderr.is_empty());
}

#[test]
fn several_json_documents_on_one_stream_make_an_array() {
    let dir = archive(3);
    let output = newspost()
        .args(["convert", "--to", "json", "--quiet"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let value: serde_json::Value = serde_json::from_slice(&output).expect("one JSON document");
    assert_eq!(value.as_array().map(Vec::len), Some(3));
}

#[test]
fn inputs_are_never_modified() {
    let dir = archive(4);
    let before = snapshot(dir.path());
    let out = tempfile::tempdir().expect("tempdir");
    for to in ["json", "text"] {
        newspost()
            .args(["convert", "--to", to, "--quiet", "--out-dir"])
            .arg(out.path())
            .arg(dir.path())
            .assert()
            .success();
    }
    // The example post is valid: lint finds no error.
    newspost()
        .args(["lint", "--quiet"])
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(snapshot(dir.path()), before);
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}
