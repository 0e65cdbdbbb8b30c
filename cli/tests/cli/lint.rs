//! `newspost lint` end to end: exit codes, output formats, levels, `--fix` and `--diff`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const NOW: &str = "2026-01-01T00:00:00Z";

use crate::support;

fn fixtures(name: &str) -> PathBuf {
    support::fixtures("lint").join(name)
}

/// `newspost lint --quiet` at a fixed "now".
fn newspost() -> Command {
    let mut cmd = support::newspost();
    cmd.arg("lint").arg("--quiet").args(["--now", NOW]);
    cmd
}

fn json_of(output: &std::process::Output) -> Vec<Value> {
    serde_json::from_slice::<Value>(&output.stdout)
        .unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&output.stdout)
            )
        })
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{e}")) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
            // The shared corpora are read-only, which `--fix` leaves alone; a checkout's
            // posts are writable.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644))
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
}

#[test]
fn valid_posts_pass_with_exit_0() {
    let output = newspost()
        .args(["--format", "json"])
        .arg(fixtures("valid"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json_of(&output), Vec::<Value>::new());
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn an_error_level_diagnostic_exits_1_and_warnings_alone_exit_0() {
    let mismatch = fixtures("fixable/2023-03-19-story20230319-8842886.md");
    newspost()
        .args(["--allow", "body-empty"])
        .arg(&mismatch)
        .assert()
        .code(1);
    // Demoted to a warning, it no longer fails the run.
    newspost()
        .args(["--allow", "body-empty", "--warn", "epoch-mismatch"])
        .arg(&mismatch)
        .assert()
        .code(0);
    // A warning made an error does.
    let title = fixtures("fixable/2020-08-21-20200821-kazakhstan-xi-singapore-26788.md");
    newspost()
        .args(["--allow", "body-empty"])
        .arg(&title)
        .assert()
        .code(0);
    newspost()
        .args(["--allow", "body-empty", "--deny", "title-mismatch"])
        .arg(&title)
        .assert()
        .code(1);
}

#[test]
fn bad_arguments_and_missing_paths_exit_2() {
    newspost()
        .args(["--deny", "no-such-rule"])
        .arg(fixtures("valid"))
        .assert()
        .code(2);
    newspost().arg(fixtures("does-not-exist")).assert().code(2);
    newspost()
        .args(["--now", "soon"])
        .arg(fixtures("valid"))
        .assert()
        .code(2);
    newspost()
        .args(["--format", "xml"])
        .arg(fixtures("valid"))
        .assert()
        .code(2);
}

#[test]
fn a_file_that_is_not_utf8_is_a_diagnostic_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("a.md"), b"---\ntitle: caf\xe9\n---\n")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        fixtures("fixable/2023-03-19-story20230319-8842886.md"),
        dir.path().join("b.md"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = newspost()
        .args(["--format", "json", "--allow", "body-empty"])
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let items = json_of(&output);
    let rules: Vec<&str> = items.iter().filter_map(|d| d["rule"].as_str()).collect();
    assert_eq!(rules, ["file-unreadable", "epoch-mismatch"]);
    assert_eq!(
        (items[0]["line"].as_u64(), items[0]["column"].as_u64()),
        (Some(2), Some(11))
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn every_format_reports_the_same_diagnostic() {
    let file = fixtures("fixable/2023-03-19-story20230319-8842886.md");
    let run = |format: &str| {
        let output = newspost()
            .args(["--allow", "body-empty", "--format", format])
            .arg(&file)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let human = run("human");
    assert!(
        human.contains("error[epoch-mismatch]: epoch is 8 h 0 min ahead of date: a timezone slip?"),
        "{human}"
    );
    assert!(
        human.contains("2023-03-19-story20230319-8842886.md:11:1"),
        "{human}"
    );
    assert!(
        human.contains("11 | <!--1679252307000-->\n   | ^^^^^^^^^^^^^^^^^^^^"),
        "{human}"
    );

    let json: Value = serde_json::from_str(&run("json")).unwrap_or_default();
    let item = &json[0];
    assert_eq!(item["rule"], "epoch-mismatch");
    assert_eq!(item["level"], "error");
    assert_eq!(
        (item["line"].as_u64(), item["column"].as_u64()),
        (Some(11), Some(1))
    );
    assert!(item["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("2023-03-19-story20230319-8842886.md")));

    let github = run("github");
    assert!(github.starts_with("::error file="), "{github}");
    assert!(github.contains(",line=11,col=1,"), "{github}");
    assert!(
        github.contains("::epoch is 8 h 0 min ahead of date: a timezone slip?%0Ahelp: "),
        "{github}"
    );

    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap_or_default();
    assert_eq!(sarif["version"], "2.1.0");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(rules, 22);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "epoch-mismatch");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        11
    );
}

#[test]
fn a_config_file_next_to_the_posts_sets_levels() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&fixtures("fixable"), dir.path());
    std::fs::write(
        dir.path().join("newspost.toml"),
        "[rules]\nbody-empty = \"allow\"\nepoch-mismatch = \"info\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = newspost()
        .args(["--format", "json"])
        .arg(dir.path().join("2023-03-19-story20230319-8842886.md"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let items = json_of(&output);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["level"], "info");
    assert_eq!(output.status.code(), Some(0));
    // --config wins over the file found; the flags win over both.
    std::fs::write(
        dir.path().join("other.toml"),
        "[rules]\nbody-empty = \"allow\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    newspost()
        .arg("--config")
        .arg(dir.path().join("other.toml"))
        .arg(dir.path().join("2023-03-19-story20230319-8842886.md"))
        .assert()
        .code(1);
    newspost()
        .args(["--allow", "epoch-mismatch"])
        .arg(dir.path().join("2023-03-19-story20230319-8842886.md"))
        .assert()
        .code(0);
}

/// Applies the fixes a JSON report lists to `text` (what `--fix` should have done).
fn apply_reported_fixes(text: &str, items: &[Value]) -> String {
    let fixes: Vec<newspost::Fix> = items
        .iter()
        .filter(|d| d["fix"]["applicability"] == "safe")
        .map(|d| newspost::Fix {
            message: String::new(),
            edits: d["fix"]["edits"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|e| {
                    newspost::Edit::replacement(
                        e["start"].as_u64().unwrap_or(0) as usize
                            ..e["end"].as_u64().unwrap_or(0) as usize,
                        e["replacement"].as_str().unwrap_or_default(),
                    )
                })
                .collect(),
            applicability: newspost::Applicability::Safe,
        })
        .collect();
    newspost::apply_fixes(text, &fixes).text
}

/// `--fix` on a copy: every fixable diagnostic goes, every other byte stays.
fn fix_and_check(dir: &Path) {
    let before = newspost()
        .args(["--format", "json", "--allow", "body-empty"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let before = json_of(&before);
    assert!(before.iter().any(|d| !d["fix"].is_null()), "nothing to fix");
    let originals: Vec<(PathBuf, String)> = walk(dir)
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            (p, text)
        })
        .collect();

    newspost()
        .args(["--fix", "--allow", "body-empty"])
        .arg(dir)
        .assert()
        .code(predicate_code_0_or_1());

    let after = newspost()
        .args(["--format", "json", "--allow", "body-empty"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let after = json_of(&after);
    let still_fixable: Vec<&Value> = after.iter().filter(|d| !d["fix"].is_null()).collect();
    assert!(still_fixable.is_empty(), "{still_fixable:?}");
    // What was not fixable is still there, unchanged in number per rule.
    let unfixable = |items: &[Value]| {
        let mut rules: Vec<String> = items
            .iter()
            .filter(|d| d["fix"].is_null())
            .filter_map(|d| d["rule"].as_str().map(str::to_owned))
            .collect();
        rules.sort();
        rules
    };
    assert_eq!(unfixable(&after), unfixable(&before));

    for (path, original) in originals {
        let fixed = std::fs::read_to_string(&path).unwrap_or_default();
        let reported: Vec<Value> = before
            .iter()
            .filter(|d| d["file"].as_str().is_some_and(|f| Path::new(f) == path))
            .cloned()
            .collect();
        // Exactly the reported edits were made: everything else is byte-for-byte the same.
        assert_eq!(
            fixed,
            apply_reported_fixes(&original, &reported),
            "{}",
            path.display()
        );
    }
}

fn predicate_code_0_or_1() -> impl predicates::Predicate<i32> {
    predicates::ord::le(1)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn fix_removes_every_fixable_diagnostic_and_changes_nothing_else() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&fixtures("fixable"), dir.path());
    fix_and_check(dir.path());
}

#[test]
fn fix_on_a_copy_of_the_defects_corpus() {
    let corpus = support::corpus().join("defects");
    if !corpus.is_dir() {
        eprintln!("note: {} is absent; skipping", corpus.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&corpus, dir.path());
    fix_and_check(dir.path());
}

#[test]
fn diff_shows_the_fix_without_writing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("2022-03-23-story20220324-8147597.md");
    std::fs::copy(
        fixtures("fixable/2022-03-23-story20220324-8147597.md"),
        &path,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let original = std::fs::read(&path).unwrap_or_default();
    let output = newspost()
        .args(["--diff", "--allow", "body-empty"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(shown.contains("\n+<!--1648071384000-->\n"), "{shown}");
    assert_eq!(std::fs::read(&path).unwrap_or_default(), original);
}

#[test]
fn fix_reports_what_it_changed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("2022-03-23-story20220324-8147597.md");
    std::fs::copy(
        fixtures("fixable/2022-03-23-story20220324-8147597.md"),
        &path,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = Command::new(newspost().get_program())
        .args(["lint", "--now", NOW, "--fix", "--allow", "body-empty"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        report.contains("2022-03-23-story20220324-8147597.md:11:1: [epoch-missing] insert the epoch comment computed from `date`"),
        "{report}"
    );
    assert!(report.contains("fixed 1 problem in 1 file"), "{report}");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn trust_date_fixes_an_epoch_mismatch() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("2023-03-19-story20230319-8842886.md");
    std::fs::copy(
        fixtures("fixable/2023-03-19-story20230319-8842886.md"),
        &path,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Without a side chosen, nothing is guessed.
    newspost()
        .args(["--fix", "--allow", "body-empty"])
        .arg(&path)
        .assert()
        .code(1);
    newspost()
        .args(["--fix", "--trust", "date", "--allow", "body-empty"])
        .arg(&path)
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(text.contains("<!--1679223507000-->"), "{text}");
}
