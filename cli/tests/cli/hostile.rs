//! Issue 20 (hardening) at the command line: no input or file system destroys data,
//! stalls a batch, exhausts memory or forges CI output. Each test is one item of the
//! issue; the library's own cases are in `tests/hostile/`.

#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{binary, newspost};

/// A valid post titled `title`, whose body holds `body`.
fn post(title: &str, body: &str) -> String {
    format!(
        "---\nlayout: post\ntitle: \"{title}\"\ndate: 2024-07-03T08:00:33.000Z\nfrom: https://example.com/{n}\n---\n<!--1719993633000-->\n[{title}](https://example.com/{n})\n------\n\n<div>\n<p>{body}</p>\n</div>\n",
        n = title.len()
    )
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("metadata").mode() & 0o7777
}

/// Runs the binary through `sh` with `umask` set, as a user's shell would.
fn with_umask(umask: &str, args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(binary())
        .args(args)
        .output()
        .expect("sh runs")
}

// Item 1: an output never replaces an input.
#[test]
fn an_output_that_is_an_input_is_refused_before_any_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.md");
    write(&a, &post("A", "x"));
    let b = dir.path().join("b.md");
    write(&b, &post("B", "y"));
    let c = dir.path().join("c.json");
    write(&c, &post("C", "z"));
    let link = dir.path().join("link.out");
    std::fs::hard_link(&a, &link).expect("hard link");
    let before: Vec<Vec<u8>> = [&a, &b, &c]
        .iter()
        .map(|p| std::fs::read(p).expect("read"))
        .collect();
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "--to".into(),
            "jsonl".into(),
            a.clone().into(),
            "-o".into(),
            a.clone().into(),
        ],
        vec![
            "--to".into(),
            "text".into(),
            dir.path().into(),
            "-o".into(),
            b.clone().into(),
        ],
        vec![
            "--to".into(),
            "epub".into(),
            a.clone().into(),
            "-o".into(),
            b.clone().into(),
            b.clone().into(),
        ],
        vec![
            "--to".into(),
            "json".into(),
            "--out-dir".into(),
            dir.path().into(),
            c.clone().into(),
        ],
        vec![
            "--to".into(),
            "jsonl".into(),
            a.clone().into(),
            "-o".into(),
            link.clone().into(),
        ],
    ];
    for args in cases {
        let output = newspost()
            .arg("convert")
            .args(&args)
            .output()
            .expect("runs");
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("refusing to overwrite"),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            stderr.matches(&*dir.path().to_string_lossy()).count(),
            2,
            "{stderr}"
        );
    }
    let after: Vec<Vec<u8>> = [&a, &b, &c]
        .iter()
        .map(|p| std::fs::read(p).expect("read"))
        .collect();
    assert_eq!(before, after);
}

// Item 2 and issue 17: `--fix` writes through links, keeps mode, refuses protected files.
#[test]
fn fix_writes_through_symlinks_keeps_modes_and_refuses_protected_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = post("T", "a\u{1}b");
    let real = dir.path().join("real.md");
    write(&real, &broken);
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).expect("mkdir");
    let sym = posts.join("sym.md");
    std::os::unix::fs::symlink(&real, &sym).expect("symlink");
    let read_only = posts.join("ro.md");
    write(&read_only, &broken);
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let linked = posts.join("linked.md");
    write(&linked, &broken);
    let other_name = dir.path().join("other-name.md");
    std::fs::hard_link(&linked, &other_name).expect("hard link");
    let owner = std::fs::metadata(&real).expect("meta").uid();

    let output = newspost()
        .args(["lint", "--fix", "--follow-links-out"])
        .arg(&posts)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    // Through the link: the link stays a link, its target is fixed, mode and owner kept.
    assert!(std::fs::symlink_metadata(&sym)
        .expect("meta")
        .file_type()
        .is_symlink());
    let fixed = std::fs::read_to_string(&real).expect("read");
    assert_eq!(fixed, broken.replace('\u{1}', ""));
    assert_eq!(mode(&real), 0o640);
    assert_eq!(std::fs::metadata(&real).expect("meta").uid(), owner);
    // Refused, and left as they were.
    assert!(
        stdout.contains("the file is read-only; not fixed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("the file has 2 hard links; not fixed"),
        "{stdout}"
    );
    assert_eq!(std::fs::read_to_string(&read_only).expect("read"), broken);
    assert_eq!(std::fs::read_to_string(&linked).expect("read"), broken);

    // Told otherwise: the read-only file keeps its mode, the hard links stay one file.
    let inode = std::fs::metadata(&linked).expect("meta").ino();
    newspost()
        .args(["lint", "--fix", "--fix-protected", "--quiet"])
        .arg(&read_only)
        .arg(&linked)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&read_only).expect("read"), fixed);
    assert_eq!(mode(&read_only), 0o444);
    assert_eq!(std::fs::read_to_string(&other_name).expect("read"), fixed);
    assert_eq!(std::fs::metadata(&linked).expect("meta").ino(), inode);
}

// Issue 17, file modes: new outputs get 0666 & !umask, replaced ones keep their mode.
#[test]
fn outputs_get_the_umask_mode_and_replaced_files_keep_theirs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("in/a.md");
    write(&a, &post("A", "x"));
    let out = dir.path().join("out");
    let jsonl = out.join("all.jsonl");
    let epub = out.join("book.epub");
    let tree = out.join("tree");
    for (umask, expected) in [("022", 0o644), ("027", 0o640), ("077", 0o600)] {
        let _ = std::fs::remove_dir_all(&out);
        for args in [
            vec!["convert", "--to", "jsonl", "-q", "-o"],
            vec!["convert", "--to", "epub", "-q", "-o"],
            vec!["convert", "--to", "json", "-q", "--out-dir"],
        ] {
            let target = match args[2] {
                "jsonl" => &jsonl,
                "epub" => &epub,
                _ => &tree,
            };
            let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
            all.push(target.as_os_str());
            all.push(a.as_os_str());
            let output = with_umask(umask, &all);
            assert!(output.status.success(), "{}", stderr_of(&output));
        }
        assert_eq!(mode(&jsonl), expected, "umask {umask}");
        assert_eq!(mode(&epub), expected, "umask {umask}");
        assert_eq!(mode(&tree.join("a.json")), expected, "umask {umask}");
    }
    // An existing file written over keeps its mode, whatever the umask.
    std::fs::set_permissions(&jsonl, std::fs::Permissions::from_mode(0o604)).expect("chmod");
    let output = with_umask(
        "077",
        &["convert", "--to", "jsonl", "-q", "-o"]
            .map(std::ffi::OsStr::new)
            .into_iter()
            .chain([jsonl.as_os_str(), a.as_os_str()])
            .collect::<Vec<_>>(),
    );
    assert!(output.status.success());
    assert_eq!(mode(&jsonl), 0o604);
    // `--fix` keeps a 0644 post 0644.
    let post_path = dir.path().join("fix/p.md");
    write(&post_path, &post("P", "a\u{1}b"));
    std::fs::set_permissions(&post_path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let output = with_umask(
        "077",
        &[
            std::ffi::OsStr::new("lint"),
            "--fix".as_ref(),
            "-q".as_ref(),
            post_path.as_os_str(),
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(mode(&post_path), 0o644);
}

// Item 3: the human format renders from the bytes read once: a FIFO works, /dev/zero and
// a huge sparse file are refused at once.
#[test]
fn lint_reads_each_file_once_and_refuses_endless_or_huge_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("p.md");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    let text = post("FIFO", "a\u{1}b");
    let writer = {
        let (fifo, text) = (fifo.clone(), text.clone());
        std::thread::spawn(move || std::fs::write(&fifo, text).expect("write the fifo"))
    };
    let output = newspost()
        .args(["lint", "--quiet", "--color", "never"])
        .arg(&fifo)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    writer.join().expect("writer");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    // The source line is shown: the FIFO was read once, not reopened.
    assert!(stdout.contains("<p>a␁b</p>"), "{stdout}");

    let sparse = dir.path().join("sparse.md");
    std::fs::File::create(&sparse)
        .and_then(|f| f.set_len(3 << 30))
        .expect("sparse file");
    let started = Instant::now();
    for path in [Path::new("/dev/zero"), sparse.as_path()] {
        let output = newspost()
            .args(["lint", "--quiet"])
            .arg(path)
            .timeout(Duration::from_secs(60))
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert_eq!(output.status.code(), Some(1), "{path:?}: {stdout}");
        assert!(stdout.contains("more than the limit"), "{stdout}");
    }
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// Seconds `lint` takes on one line of `n` relative links.
fn human_lint_seconds(dir: &Path, n: usize) -> f64 {
    let body = "<a href=\"x/y\">l</a> ".repeat(n);
    let path = dir.join(format!("links-{n}.md"));
    write(&path, &post("L", &body));
    let started = Instant::now();
    let output = newspost()
        .args(["lint", "--quiet", "--color", "never"])
        .arg(&path)
        .output()
        .expect("runs");
    let seconds = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("url-relative"), "{}", stderr_of(&output));
    seconds
}

// Item 4, fourth row: many findings on one long line cost each the same.
#[test]
fn human_lint_of_many_findings_on_one_line_is_linear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let small = human_lint_seconds(dir.path(), 4_000);
    let large = human_lint_seconds(dir.path(), 16_000);
    // Four times the input: quadratic would be sixteen times the time.
    assert!(large < small * 8.0 + 1.0, "{small:.2} s → {large:.2} s");
}

// Item 6: machine formats are streamed, and findings are capped per rule and file.
#[test]
fn findings_are_capped_per_rule_and_every_format_stays_well_formed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = "a\u{1}\n".repeat(5_000);
    let path = dir.path().join("controls.md");
    write(&path, &post("C", &body));
    let run = |format: &str| {
        let output = newspost()
            .args(["lint", "--quiet", "--format", format])
            .arg(&path)
            .output()
            .expect("runs");
        assert_ne!(output.status.code(), Some(2));
        output.stdout
    };
    let json: serde_json::Value = serde_json::from_slice(&run("json")).expect("json array");
    let items = json.as_array().expect("array");
    let controls: Vec<_> = items
        .iter()
        .filter(|d| d["rule"] == "control-character")
        .collect();
    assert_eq!(controls.len(), newspost::MAX_FINDINGS_PER_RULE + 1);
    let more = controls
        .iter()
        .filter_map(|d| d["message"].as_str())
        .find(|m| m.contains("more `control-character` findings"))
        .expect("the count left out is said");
    assert!(more.starts_with("4900 more"), "{more}");
    let sarif: serde_json::Value = serde_json::from_slice(&run("sarif")).expect("sarif");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(items.len())
    );
    let jsonl = run("jsonl");
    assert_eq!(
        jsonl
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count(),
        items.len()
    );
    // No findings: still one well-formed document.
    let clean = dir.path().join("clean.md");
    write(&clean, &post("Clean", "x"));
    for format in ["json", "sarif"] {
        let output = newspost()
            .args(["lint", "--quiet", "--format", format])
            .arg(&clean)
            .output()
            .expect("runs");
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect(format);
        assert!(value.is_array() || value["runs"][0]["results"] == serde_json::json!([]));
    }
}

// Item 8: hostile file names and titles forge no workflow command and send no terminal
// sequence.
#[test]
fn hostile_names_and_titles_forge_no_ci_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "a\n::error file=x,line=1::FORGED\u{1b}]0;T\u{7}.md";
    let path = dir.path().join(name);
    write(
        &path,
        &post("##[error]TITLE \u{1b}[2J", "a\u{1}b")
            .replace("<p>a", "\n::error file=y,line=1::BODY\n<p>a"),
    );
    // What the runner reads as commands: not what lies between `::stop-commands::TOKEN`
    // and `::TOKEN::`.
    let commands = |text: &str| -> String {
        let mut out = String::new();
        let mut token: Option<String> = None;
        for line in text.lines() {
            match &token {
                Some(t) if line == format!("::{t}::") => token = None,
                Some(_) => {}
                None => match line.strip_prefix("::stop-commands::") {
                    Some(t) => token = Some(t.to_owned()),
                    None => {
                        out.push_str(line);
                        out.push('\n');
                    }
                },
            }
        }
        out
    };
    let forged = |text: &str| {
        let text = commands(text);
        text.lines().any(|l| {
            let l = l.trim_start();
            (l.starts_with("::") || l.starts_with("##["))
                && (l.contains("FORGED") || l.contains("BODY") || l.contains("TITLE"))
                && !l.starts_with("::error file=")
                && !l.starts_with("::warning file=")
        }) || text.contains('\u{1b}')
            || text.contains('\u{7}')
    };
    for format in ["human", "github"] {
        for extra in [&[][..], &["--diff"][..], &["--fix"][..]] {
            let output = newspost()
                .env("GITHUB_ACTIONS", "true")
                .args(["lint", "--color", "never", "--format", format])
                .args(extra)
                .arg(dir.path())
                .output()
                .expect("runs");
            let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), stderr_of(&output));
            assert!(!forged(&stdout), "{format} {extra:?} stdout:\n{stdout}");
            assert!(!forged(&stderr), "{format} {extra:?} stderr:\n{stderr}");
            if format == "github" {
                // A command the runner runs carries the path escaped, on one line.
                assert!(
                    stdout
                        .lines()
                        .filter(|l| l.starts_with("::"))
                        .all(|l| !l.contains("FORGED") || l.contains("%0A") || l.contains('␊')),
                    "{stdout}"
                );
                if extra == ["--diff"] && format == "github" {
                    let first = stdout.lines().next().unwrap_or_default();
                    let token = first
                        .strip_prefix("::stop-commands::")
                        .expect("stop-commands first");
                    assert!(
                        stdout.trim_end().ends_with(&format!("::{token}::")),
                        "{stdout}"
                    );
                }
            }
        }
        // Restore the control character for the next format.
        write(
            &path,
            &post("##[error]TITLE \u{1b}[2J", "a\u{1}b")
                .replace("<p>a", "\n::error file=y,line=1::BODY\n<p>a"),
        );
    }
    let output = newspost()
        .args(["convert", "--to", "json"])
        .arg(dir.path().join("missing\n::error::FORGED.md"))
        .output()
        .expect("runs");
    assert!(!forged(&stderr_of(&output)), "{}", stderr_of(&output));
}

// Item 9 and issue 15 item 10: links out of the tree are not read; broken links and loops
// are reported with their paths.
#[test]
fn links_out_of_the_tree_are_reported_and_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inside = dir.path().join("in");
    write(&inside.join("ok.md"), &post("OK", "x"));
    let secret = dir.path().join("secret.md");
    write(&secret, &post("SECRET-TITLE", "secret body"));
    std::os::unix::fs::symlink(&secret, inside.join("zz.md")).expect("link");
    std::os::unix::fs::symlink("nowhere.md", inside.join("broken.md")).expect("link");
    std::os::unix::fs::symlink("loop.md", inside.join("loop.md")).expect("link");
    std::os::unix::fs::symlink("ok.md", inside.join("alias.md")).expect("link");
    for command in [
        &["lint", "--format", "json"][..],
        &["convert", "--to", "jsonl"][..],
    ] {
        let output = newspost()
            .args(command)
            .arg(&inside)
            .output()
            .expect("runs");
        let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), stderr_of(&output));
        assert_eq!(output.status.code(), Some(0), "{command:?}: {stderr}");
        assert!(!stdout.contains("SECRET"), "{stdout}");
        for name in ["zz.md", "broken.md", "loop.md"] {
            assert!(
                stderr
                    .lines()
                    .any(|l| l.contains("warning") && l.contains(name)),
                "{name}: {stderr}"
            );
        }
        assert!(stderr.contains("--follow-links-out"), "{stderr}");
        assert!(
            !stderr.contains("alias.md"),
            "a link inside the tree is read: {stderr}"
        );
    }
    let output = newspost()
        .args(["convert", "--to", "jsonl", "--follow-links-out", "--quiet"])
        .arg(&inside)
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&output.stdout).contains("SECRET-TITLE"));
}

// Item 10: the configuration is looked for up to the repository's root only, and a
// file anyone may write is not read.
#[test]
fn config_discovery_stops_at_the_repository_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    let planted = dir.path().join("newspost.toml");
    write(
        &planted,
        "[rules]\nbody-empty = \"error\"\ncontrol-character = \"off\"\n",
    );
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
    let posts = repo.join("_posts");
    write(&posts.join("p.md"), &post("P", "a\u{1}b"));
    let output = newspost()
        .args(["lint", "--quiet", "--format", "jsonl"])
        .arg(&posts)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("control-character"),
        "the planted file was read: {stdout}"
    );
    // Inside the repository it is read, unless anyone may write it.
    let inner = repo.join("newspost.toml");
    write(&inner, "[rules]\ncontrol-character = \"off\"\n");
    std::fs::set_permissions(&inner, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let run = || {
        let output = newspost()
            .args(["lint", "--quiet", "--format", "jsonl"])
            .arg(&posts)
            .output()
            .expect("runs");
        String::from_utf8_lossy(&output.stdout).contains("control-character")
    };
    assert!(!run(), "the repository's file applies");
    std::fs::set_permissions(&inner, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    assert!(run(), "a world-writable file is not read");
}

// Item 11: SIGINT removes the temporary file in flight; a later run sweeps stale ones.
#[test]
fn an_interrupted_run_removes_its_temporary_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in 0..3000 {
        write(
            &dir.path().join(format!("in/{n:05}.md")),
            &post(&format!("P{n}"), &"x".repeat(2000)),
        );
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    // Left by a run that is gone (no process has this id: Linux's largest is 4194304).
    let stale = out.join(".newspost-999999999-AbCdEf.tmp");
    write(&stale, "stale");
    let target = out.join("all.jsonl");
    let child = std::process::Command::new(binary())
        .args(["convert", "--to", "jsonl", "--quiet", "-j", "1", "-o"])
        .arg(&target)
        .arg(dir.path().join("in"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Once the temporary file exists, interrupt.
    let started = Instant::now();
    let mut saw_temporary = false;
    while started.elapsed() < Duration::from_secs(20) {
        saw_temporary = std::fs::read_dir(&out).expect("dir").flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&format!(".newspost-{}-", child.id()))
        });
        if saw_temporary {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(saw_temporary);
    assert!(!stale.exists(), "the stale temporary file is swept");
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let output = child.wait_with_output().expect("wait");
    let names: Vec<String> = std::fs::read_dir(&out)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if output.status.code() == Some(130) {
        assert!(names.is_empty(), "{names:?}");
        assert!(
            stderr_of(&output).contains("interrupted"),
            "{}",
            stderr_of(&output)
        );
    } else {
        // It finished first.
        assert!(output.status.success());
        assert_eq!(names, ["all.jsonl"]);
    }
}

// Item 12: an unreadable subdirectory is reported and the run goes on (exit 1).
#[test]
fn an_unreadable_subdirectory_is_a_per_file_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("a/ok.md"), &post("OK", "x"));
    let locked = dir.path().join("b");
    write(&locked.join("hidden.md"), &post("H", "x"));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    // Root reads every directory: as root, run the binary as `nobody` (setpriv), for
    // whom the directory is unreadable; without setpriv there is nothing to refuse.
    let as_root = std::fs::read_dir(&locked).is_ok();
    let setpriv = Path::new("/usr/bin/setpriv");
    if as_root && !setpriv.exists() {
        eprintln!("skipped: running as root without setpriv");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        return;
    }
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    for command in [&["lint"][..], &["convert", "--to", "jsonl"][..]] {
        let mut run = if as_root {
            let mut run = std::process::Command::new(setpriv);
            run.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(binary());
            run
        } else {
            std::process::Command::new(binary())
        };
        let output = run.args(command).arg(dir.path()).output().expect("runs");
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("cannot read the directory"), "{stderr}");
        assert!(stderr.contains("1 post"), "{stderr}");
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

// Item 13 and issue 15 item 10: an oversized, non-UTF-8 or unreadable file is a per-file
// failure (exit 1) for both commands; the encoding is named; SARIF URIs are URIs.
#[test]
fn per_file_failures_exit_1_and_name_the_encoding() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("ok.md"), &post("OK", "x"));
    let big = dir.path().join("big.md");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(65 << 20))
        .expect("sparse");
    let utf16 = dir.path().join("utf16.md");
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(post("U", "x").encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&utf16, bytes).expect("write");
    for command in [&["lint"][..], &["convert", "--to", "jsonl"][..]] {
        let output = newspost()
            .args(command)
            .arg(dir.path())
            .output()
            .expect("runs");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            stderr_of(&output)
        );
        assert_eq!(output.status.code(), Some(1), "{command:?}: {all}");
        assert!(all.contains("UTF-16LE (with a byte-order mark)"), "{all}");
        assert!(all.contains("more than the limit"), "{all}");
        assert!(all.contains("3 posts, 2 failed"), "{all}");
    }
    // SARIF: a relative path is a percent-encoded URI reference against SRCROOT.
    let sub = dir.path().join("新 闻");
    write(&sub.join("a#b.md"), &post("S", "a\u{1}b"));
    let output = newspost()
        .current_dir(dir.path())
        .args(["lint", "--quiet", "--format", "sarif", "新 闻"])
        .output()
        .expect("runs");
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("sarif");
    let location =
        &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "%E6%96%B0%20%E9%97%BB/a%23b.md");
    assert_eq!(location["uriBaseId"], "SRCROOT");
    let base = sarif["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"]
        .as_str()
        .unwrap_or_default();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
}

// Item 15: messages are bounded and name what the user named; outputs are checked
// before the work; `[]` for no post; a closed pipe ends the run quietly.
#[test]
fn messages_are_short_and_outputs_checked_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long_epoch = post("E", "x").replace(
        "<!--1719993633000-->",
        &format!("<!--{}-->", "9x".repeat(1_000_000)),
    );
    let epoch = dir.path().join("epoch.md");
    write(&epoch, &long_epoch);
    // Refused with --strict, a warning without: short either way.
    for (strict, code) in [(true, 1), (false, 0)] {
        let output = newspost()
            .args(["convert", "--to", "json"])
            .args(strict.then_some("--strict"))
            .arg(&epoch)
            .output()
            .expect("runs");
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(code));
        assert!(
            stderr.lines().all(|l| l.len() < 1000),
            "{} bytes",
            stderr.len()
        );
        assert!(stderr.contains("more bytes)"), "{stderr}");
    }

    // An output below a file cannot be made: the error names it, not a temporary file,
    // and comes before any work.
    let ok = dir.path().join("ok.md");
    write(&ok, &post("OK", "x"));
    for args in [vec!["--to", "jsonl", "-o"], vec!["--to", "epub", "-o"]] {
        let output = newspost()
            .arg("convert")
            .args(&args)
            .arg(ok.join("x.out"))
            .arg(&ok)
            .output()
            .expect("runs");
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(!stderr.contains(".newspost-"), "{stderr}");
        assert!(
            !stderr.contains("1 post"),
            "the work was done first: {stderr}"
        );
    }
    let output = newspost()
        .args(["convert", "--to", "json", "-o"])
        .arg(dir.path())
        .arg(&ok)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("is a directory"));
    newspost()
        .args(["convert", "--to", "epub", "--images", "/nonexistent", "-o"])
        .arg(dir.path().join("b.epub"))
        .arg(&ok)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("/nonexistent"));
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    newspost()
        .args(["convert", "--to", "json", "--quiet"])
        .arg(&empty)
        .assert()
        .success()
        .stdout("[]\n");

    // `| head -1`: the reader goes away after one line.
    let many = dir.path().join("many");
    for n in 0..400 {
        write(
            &many.join(format!("{n:04}.md")),
            &post(&format!("M{n}"), "a\u{1}b"),
        );
    }
    let mut child = std::process::Command::new(binary())
        .args(["lint", "--format", "jsonl"])
        .arg(&many)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::BufRead;
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("a line");
    }
    let output = child.wait_with_output().expect("wait");
    let stderr = stderr_of(&output);
    assert!(!stderr.to_lowercase().contains("broken pipe"), "{stderr}");
    assert_ne!(output.status.code(), Some(2), "{stderr}");
}
