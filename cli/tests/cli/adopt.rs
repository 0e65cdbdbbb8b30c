//! Adopting `newspost lint` in CI: which files count as posts, `include`/`exclude`,
//! inline suppression, baselines, stdin, the formats for CI systems, `--statistics`,
//! `--color`, `--diff` as a clean patch, and the command's conventions (rule docs,
//! completions, man page, warnings, plurals).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::support;

const NOW: &str = "2026-01-01T00:00:00Z";

/// A post that triggers exactly `epoch-missing` (fixable) at a fixed now.
fn post(title: &str, url: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2024-07-03T08:00:33Z\nfrom: {url}\n---\n[{title}]({url})\n------\n\n<div><p>{title} 正文。</p></div>\n"
    )
}

fn write(dir: &Path, relative: &str, text: &str) -> PathBuf {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap_or(dir)).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// `newspost lint --now NOW` in `dir`.
fn lint(dir: &Path) -> Command {
    let mut cmd = support::newspost();
    cmd.current_dir(dir).arg("lint").args(["--now", NOW]);
    cmd
}

fn jsonl_files(output: &std::process::Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["file"].as_str().map(str::to_owned))
        .collect()
}

/// A Jekyll repository: posts, pages, documents, vendored gems, a site build.
fn jekyll_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    write(root, "_config.yml", "title: archive\n");
    write(
        root,
        "_posts/2024-07-03-a.md",
        &post("甲", "https://e.com/a"),
    );
    write(
        root,
        "archived/2020-08-05/2020-08-05-b.md",
        &post("乙", "https://e.com/b"),
    );
    write(
        root,
        "drafts/2024-07-04-c.md",
        &post("丙", "https://e.com/c"),
    );
    for other in [
        "README.md",
        "about.md",
        "index.markdown",
        "vendor/bundle/gems/x/README.md",
        "vendor/bundle/gems/x/doc.md",
        "_site/2024/a.md",
        ".github/ISSUE_TEMPLATE.md",
    ] {
        write(root, other, "# not a post\n");
    }
    dir
}

#[test]
fn a_jekyll_repository_lints_its_posts_only() {
    let repo = jekyll_repo();
    let output = lint(repo.path())
        .args(["--quiet", "--format", "jsonl", "."])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut files = jsonl_files(&output);
    files.dedup();
    assert_eq!(
        files,
        [
            "_posts/2024-07-03-a.md",
            "archived/2020-08-05/2020-08-05-b.md",
            "drafts/2024-07-04-c.md"
        ]
    );
}

#[test]
fn include_and_exclude_in_newspost_toml_choose_the_posts() {
    let repo = jekyll_repo();
    write(
        repo.path(),
        "newspost.toml",
        "include = [\"_posts/**\", \"archived/**/*.md\", \"drafts/*.md\"]\nexclude = [\"drafts\"]\n",
    );
    let output = lint(repo.path())
        .args(["--quiet", "--format", "jsonl", "."])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut files = jsonl_files(&output);
    files.dedup();
    assert_eq!(
        files,
        [
            "_posts/2024-07-03-a.md",
            "archived/2020-08-05/2020-08-05-b.md"
        ]
    );
    // A file named on the command line is always taken.
    let output = lint(repo.path())
        .args(["--quiet", "--format", "jsonl", "drafts/2024-07-04-c.md"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut files = jsonl_files(&output);
    files.dedup();
    assert_eq!(files, ["drafts/2024-07-04-c.md"]);
}

#[test]
fn an_empty_directory_is_a_warning() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = lint(dir.path())
        .arg(".")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("warning: no post found in ."), "{stderr}");
    assert!(
        stderr.contains("0 posts, 0 failed, 0 errors, 0 warnings"),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn one_post_is_singular_in_the_summary() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "2024-07-03-a.md",
        &post("甲", "https://e.com/a"),
    );
    let output = lint(dir.path())
        .arg(".")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("newspost: 1 post, 0 failed, 0 errors, 1 warning,"),
        "{stderr}"
    );
}

#[test]
fn an_inline_comment_turns_a_rule_off_for_its_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let quiet = format!(
        "{}<!-- newspost-disable epoch-missing -->\n",
        post("甲", "https://e.com/a")
    );
    write(dir.path(), "2024-07-03-a.md", &quiet);
    write(
        dir.path(),
        "2024-07-03-b.md",
        &post("乙", "https://e.com/b"),
    );
    let output = lint(dir.path())
        .args(["--quiet", "--format", "jsonl", "."])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(jsonl_files(&output), ["2024-07-03-b.md"]);
}

#[test]
fn a_baseline_hides_known_findings_when_lines_move_and_reports_new_ones() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = write(
        dir.path(),
        "_posts/2024-07-03-a.md",
        &post("甲", "https://e.com/a"),
    );
    let wrote = lint(dir.path())
        .args([
            "--baseline",
            "newspost-baseline.json",
            "--write-baseline",
            "_posts",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wrote.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&wrote.stderr);
    assert!(
        stderr.contains("wrote 1 finding to the baseline"),
        "{stderr}"
    );
    let baseline: Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("newspost-baseline.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(baseline["findings"][0]["file"], "_posts/2024-07-03-a.md");
    assert_eq!(baseline["findings"][0]["rule"], "epoch-missing");

    // Lines added above the finding, and a run from another directory: still known.
    let moved =
        post("甲", "https://e.com/a").replacen("---\n", "---\nlayout: post\nauthor: 联合早报\n", 1);
    std::fs::write(&a, moved).unwrap_or_else(|e| panic!("{e}"));
    let known = support::newspost()
        .current_dir(dir.path().join("_posts"))
        .args(["lint", "--now", NOW, "--format", "jsonl"])
        .args(["--baseline", "../newspost-baseline.json", "."])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(jsonl_files(&known), Vec::<String>::new());
    let stderr = String::from_utf8_lossy(&known.stderr);
    assert!(
        stderr.contains("1 known finding hidden by the baseline"),
        "{stderr}"
    );

    // A new finding is reported, and fails the run when it is an error.
    write(
        dir.path(),
        "_posts/2024-07-04-b.md",
        &post("乙", "javascript:alert(1)"),
    );
    let new = lint(dir.path())
        .args([
            "--quiet",
            "--format",
            "jsonl",
            "--baseline",
            "newspost-baseline.json",
            "_posts",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let files = jsonl_files(&new);
    assert!(
        !files.is_empty() && files.iter().all(|f| f.ends_with("2024-07-04-b.md")),
        "{files:?}"
    );
    assert_eq!(new.status.code(), Some(1));
}

#[test]
fn stdin_is_linted_under_the_name_given() {
    let output = support::newspost()
        .args(["lint", "--now", NOW, "--quiet", "--format", "jsonl"])
        .args(["--stdin-filename", "_posts/2024-07-03-a.md", "-"])
        .write_stdin(post("甲", "https://e.com/a"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(jsonl_files(&output), ["_posts/2024-07-03-a.md"]);
    let output = support::newspost()
        .args(["convert", "--to", "jsonl", "-"])
        .write_stdin(post("甲", "https://e.com/a"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    assert_eq!(value["front_matter"]["title"], "甲");
}

#[test]
fn junit_and_gitlab_reports_parse_and_name_the_findings() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "2024-07-03-a.md",
        &post("甲", "https://e.com/a"),
    );
    write(
        dir.path(),
        "2024-07-03-b.md",
        &post("乙", "https://e.com/b"),
    );
    let junit = lint(dir.path())
        .args(["--quiet", "--format", "junit", "."])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let xml = String::from_utf8_lossy(&junit.stdout);
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert_eq!(xml.matches("<testsuite ").count(), 2, "{xml}");
    assert!(xml.contains("<failure type=\"warning\""), "{xml}");
    let gitlab = lint(dir.path())
        .args(["--quiet", "--format", "gitlab", "."])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let issues: Value = serde_json::from_slice(&gitlab.stdout).unwrap_or_default();
    let issues = issues.as_array().cloned().unwrap_or_default();
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0]["check_name"], "epoch-missing");
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
}

#[test]
fn statistics_count_per_rule() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "2024-07-03-a.md",
        &post("甲", "https://e.com/a"),
    );
    write(
        dir.path(),
        "2024-07-03-b.md",
        &post("乙", "https://e.com/b"),
    );
    let output = lint(dir.path())
        .args(["--quiet", "--statistics", "."])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let table = String::from_utf8_lossy(&output.stdout);
    assert_eq!(table.trim(), "2  epoch-missing  warning  [2 fixable]");
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "2024-07-03-a.md",
        &post("甲", "https://e.com/a"),
    );
    let run = |args: &[&str], no_color: bool| {
        let mut cmd = lint(dir.path());
        cmd.arg("--quiet").args(args).arg(".");
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let output = cmd.output().unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8_lossy(&output.stdout).contains('\u{1b}')
    };
    assert!(run(&["--color", "always"], true));
    assert!(!run(&["--color", "never"], false));
    // Not a terminal: auto means no colour.
    assert!(!run(&[], false));
}

#[test]
fn diff_is_a_clean_patch_on_stdout_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = write(
        dir.path(),
        "2024-07-03-a.md",
        &post("甲", "https://e.com/a"),
    );
    let before = std::fs::read(&path).unwrap_or_default();
    let output = lint(dir.path())
        .args(["--diff", "."])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let patch = String::from_utf8_lossy(&output.stdout);
    assert!(
        patch.starts_with("--- a/./2024-07-03-a.md\n+++ b/./2024-07-03-a.md\n@@"),
        "{patch}"
    );
    assert!(
        patch.lines().all(|l| l.starts_with([' ', '+', '-', '@'])),
        "{patch}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("warning[epoch-missing]"), "{stderr}");
    assert!(!stderr.contains("fixed"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before);
}

#[test]
fn rules_completions_and_the_man_page() {
    let rule = support::newspost()
        .args(["rule", "epoch-mismatch"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let docs = String::from_utf8_lossy(&rule.stdout);
    assert!(
        docs.starts_with("# epoch-mismatch\n\nDefault level: **error**"),
        "{docs}"
    );
    support::newspost()
        .args(["rule", "no-such-rule"])
        .assert()
        .code(2);
    let list = support::newspost()
        .args(["rule", "--list"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(String::from_utf8_lossy(&list.stdout).lines().count(), 22);
    for shell in ["bash", "zsh", "fish"] {
        let script = support::newspost()
            .args(["completions", shell])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&script.stdout);
        assert!(text.contains("--write-baseline"), "{shell}");
    }
    let man = support::newspost()
        .arg("man")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(page.contains(".TH newspost 1"), "{page}");
}

#[test]
fn help_states_the_exit_codes() {
    for command in [&["--help"][..], &["lint", "--help"], &["convert", "--help"]] {
        let output = support::newspost()
            .args(command)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let help = String::from_utf8_lossy(&output.stdout);
        assert!(
            help.contains("Exit codes:\n  0  no error-level finding"),
            "{command:?}"
        );
    }
}
