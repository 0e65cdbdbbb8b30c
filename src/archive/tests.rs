//! The archive layer's tests: order, several roots, the bounded window, per-file errors,
//! and the cross-file lint.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use super::*;

/// A tree of files with these contents below a new temporary directory.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(&path, text).expect("write");
    }
    dir
}

fn paths(posts: &[PostFile]) -> Vec<PathBuf> {
    posts.iter().map(|p| p.path.clone()).collect()
}

/// Names that sort differently as bytes of the whole path and as components (`-`, ` `
/// and `.` sort before `/`), nested, and files that are not posts.
const POSTS: [&str; 12] = [
    "a/x.md",
    "a/b/c.md",
    "a/b.md",
    "a-b.md",
    "a.md",
    "a b.md",
    "b.markdown",
    "B.md",
    "z/a.md",
    "z/y/z.md",
    "\u{e9}.md",
    "a/b/d/e.md",
];

#[test]
fn a_walk_finds_posts_in_path_order() {
    let mut files: Vec<(&str, &str)> = POSTS.iter().map(|p| (*p, "x")).collect();
    files.extend([("a/notes.txt", "x"), ("c.mdx", "x"), ("z/y/readme", "x")]);
    let dir = tree(&files);
    std::fs::create_dir_all(dir.path().join("empty/deeper")).expect("dirs");
    let root = dir.path().to_path_buf();
    let mut expected: Vec<PathBuf> = POSTS.iter().map(|p| root.join(p)).collect();
    expected.sort();
    // Not the order of the paths' bytes: the test means something.
    let mut as_bytes = expected.clone();
    as_bytes.sort_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    assert_ne!(as_bytes, expected);

    let walk = Walk::new([&root]);
    let walked = walk.collect().expect("walk");
    assert!(walked.skipped.is_empty(), "{:?}", walked.skipped);
    assert_eq!(paths(&walked.posts), expected);
    assert!(walked.posts.iter().all(|p| p.root == root));
    let streamed: Vec<PathBuf> = walk.iter().map(|p| p.expect("post").path).collect();
    assert_eq!(streamed, expected);
}

#[test]
fn several_roots_merge_into_one_path_order_each_path_once() {
    let one = tree(&[("m/a.md", "x"), ("m/c.md", "x"), ("m-z.md", "x")]);
    let two = tree(&[("b.md", "x"), ("m/b.md", "x")]);
    let base = one.path().to_path_buf();
    // Roots given out of order, one twice, one inside another, and a file by name
    // whatever its extension.
    let named = two.path().join("notes.txt");
    std::fs::write(&named, "x").expect("write");
    let roots = vec![
        two.path().to_path_buf(),
        base.join("m"),
        base.clone(),
        two.path().to_path_buf(),
        named.clone(),
    ];
    let walk = Walk::new(roots.clone());
    let walked = walk.collect().expect("walk");
    let mut expected: Vec<PathBuf> = [
        base.join("m/a.md"),
        base.join("m/c.md"),
        base.join("m-z.md"),
        two.path().join("b.md"),
        two.path().join("m/b.md"),
        named,
    ]
    .into();
    expected.sort();
    assert_eq!(paths(&walked.posts), expected);
    // A path found under two roots keeps the smaller root (as `PostFile`'s order has it).
    let a = walked
        .posts
        .iter()
        .find(|p| p.path == base.join("m/a.md"))
        .expect("m/a.md");
    assert_eq!(a.root, base.clone().min(base.join("m")));
    // The stream merges the same way, lazily.
    let streamed: Vec<PostFile> = walk.iter().map(|p| p.expect("post")).collect();
    assert_eq!(streamed, walked.posts);
}

#[test]
fn sorted_keys_order_as_paths_do() {
    let paths = [
        "a.b/x.md", "a/b.md", "a/b/c.md", "./a/c.md", "/r/z.md", "a-b.md", "A.md", "a/b.md",
        "a//b.md", "a/./b.md", "../a.md", "/a", "-x", "a/\u{7f}", "a/\u{e9}",
    ];
    let posts: Vec<PostFile> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| PostFile {
            path: p.into(),
            root: if i % 3 == 0 { "r" } else { "." }.into(),
        })
        .collect();
    let mut expected = posts.clone();
    expected.sort();
    expected.dedup_by(|a, b| a.path == b.path);
    assert_eq!(super::walk::sorted(posts), expected);
}

#[test]
fn a_root_that_does_not_exist_is_an_error_of_the_walk_and_of_the_stream() {
    let dir = tree(&[("a.md", "x")]);
    let gone = dir.path().join("gone");
    let walk = Walk::new([dir.path().to_path_buf(), gone.clone()]);
    match walk.collect() {
        Err(WalkError::Root { path, .. }) => assert_eq!(path, gone),
        other => panic!("{other:?}"),
    }
    // The stream reports it and goes on with the other roots.
    let items: Vec<_> = walk.iter().collect();
    assert_eq!(items.len(), 2);
    assert!(matches!(&items[0], Err(e) if e.path() == gone && e.is_failure()));
    assert!(matches!(&items[1], Ok(p) if p.path == dir.path().join("a.md")));
}

#[cfg(unix)]
#[test]
fn links_broken_outward_and_looping_are_reported_and_passed_over() {
    use std::os::unix::fs::symlink;
    let outside = tree(&[("far.md", "x")]);
    let dir = tree(&[("a.md", "x"), ("sub/b.md", "x")]);
    let root = dir.path();
    symlink(root.join("a.md"), root.join("in.md")).expect("link");
    symlink(root.join("nowhere.md"), root.join("broken.md")).expect("link");
    symlink(outside.path().join("far.md"), root.join("out.md")).expect("link");
    symlink(root.join("loop2.md"), root.join("loop1.md")).expect("link");
    symlink(root.join("loop1.md"), root.join("loop2.md")).expect("link");
    symlink(root.join("sub"), root.join("dir.md")).expect("link");
    let walked = Walk::new([root]).collect().expect("walk");
    assert_eq!(
        paths(&walked.posts),
        [root.join("a.md"), root.join("in.md"), root.join("sub/b.md")]
    );
    // Reported in the order the directory lists them: compared sorted.
    let mut kinds: Vec<(String, bool)> = walked
        .skipped
        .iter()
        .map(|e| {
            let name = e
                .path()
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, e.is_failure())
        })
        .collect();
    kinds.sort();
    let expected: Vec<(String, bool)> = ["broken.md", "loop1.md", "loop2.md", "out.md"]
        .iter()
        .map(|n| ((*n).to_owned(), false))
        .collect();
    assert_eq!(kinds, expected);
    assert!(matches!(
        walked.skipped.iter().find(|e| e.path().ends_with("broken.md")),
        Some(WalkError::BrokenLink { target: Some(t), .. }) if t == &root.join("nowhere.md")
    ));
    assert!(walked
        .skipped
        .iter()
        .filter(|e| e
            .path()
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("loop")))
        .all(WalkError::is_loop));
    assert!(matches!(
        walked.skipped.iter().find(|e| e.path().ends_with("out.md")),
        Some(WalkError::LinkOutside { root: r, .. }) if r == root
    ));
    // Followed out of the tree on request.
    let followed = Walk::new([root])
        .follow_links_out(true)
        .collect()
        .expect("walk");
    assert!(paths(&followed.posts).contains(&root.join("out.md")));
}

#[cfg(unix)]
#[test]
fn a_directory_that_cannot_be_read_is_a_failure_and_the_walk_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("a.md", "x"), ("locked/b.md", "x"), ("z.md", "x")]);
    let locked = dir.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    // Root can read anything: then there is nothing to test.
    let readable = std::fs::read_dir(&locked).is_ok();
    let walked = Walk::new([dir.path()]).collect().expect("walk");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    if readable {
        return;
    }
    assert_eq!(
        paths(&walked.posts),
        [dir.path().join("a.md"), dir.path().join("z.md")]
    );
    assert!(matches!(
        walked.skipped.as_slice(),
        [WalkError::UnreadableDir { path, .. }] if path == &locked
    ));
    assert!(walked.skipped[0].is_failure());
}

#[test]
fn a_filter_chooses_the_posts_and_the_folders() {
    struct NoDrafts;
    impl PostFilter for NoDrafts {
        type Dir = bool;
        fn open_dir(&self, dir: &Path) -> bool {
            dir.join("_config.yml").is_file()
        }
        fn enters(&self, _: &Path, name: &std::ffi::OsStr) -> bool {
            name != "_drafts"
        }
        fn takes(&self, site_root: &bool, _: &Path, name: &std::ffi::OsStr) -> bool {
            is_post_name(name) && !*site_root
        }
        fn takes_named(&self, path: &Path) -> bool {
            path.extension().is_some_and(|e| e == "md")
        }
    }
    let dir = tree(&[
        ("_config.yml", ""),
        ("index.md", "x"),
        ("_posts/a.md", "x"),
        ("_drafts/b.md", "x"),
    ]);
    let named = dir.path().join("_config.yml");
    let walked = Walk::new([dir.path().to_path_buf(), named])
        .with_filter(NoDrafts)
        .collect()
        .expect("walk");
    assert_eq!(paths(&walked.posts), [dir.path().join("_posts/a.md")]);
}

#[test]
fn reading_refuses_files_over_the_limit_and_names_the_encoding_of_others() {
    let dir = tree(&[("big.md", "0123456789"), ("ok.md", "中文")]);
    std::fs::write(dir.path().join("utf16.md"), b"\xff\xfe-\x00-\x00-\x00").expect("write");
    assert_eq!(
        read_text(dir.path().join("ok.md"), 100).expect("read"),
        "中文"
    );
    let too_large = read_post(dir.path().join("big.md"), 9).expect_err("too large");
    assert!(matches!(
        too_large,
        ReadError::TooLarge { len: 10, limit: 9 }
    ));
    let io: std::io::Error = too_large.into();
    assert_eq!(io.to_string(), "file is 10 bytes, more than the limit of 9");
    match read_text(dir.path().join("utf16.md"), 100) {
        Err(ReadError::NotUtf8 {
            valid_up_to,
            encoding,
            bytes,
        }) => {
            assert_eq!(valid_up_to, 0);
            assert_eq!(encoding, Some("UTF-16LE (with a byte-order mark)"));
            assert_eq!(bytes.len(), 8);
        }
        other => panic!("{other:?}"),
    }
    let missing = read_post(dir.path().join("gone.md"), 100).expect_err("missing");
    assert!(matches!(missing, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound));
}

fn numbered(n: usize) -> Vec<PathBuf> {
    (0..n)
        .map(|i| PathBuf::from(format!("{i:05}.md")))
        .collect()
}

/// Uneven work (some posts far slower than others).
fn index_after_uneven_work(path: &Path) -> usize {
    let i: usize = path
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    if i.is_multiple_of(37) {
        std::thread::sleep(Duration::from_millis(1));
    }
    i
}

#[test]
fn results_come_in_order_with_a_bounded_window_in_flight() {
    for threads in [1, 2, 4] {
        let files = numbered(3000);
        let runner = Runner::new().with_threads(threads).admit_large(false);
        let window = runner.window(files.len());
        assert_eq!(
            window,
            runner.threads_for(files.len()) * POSTS_PER_THREAD_IN_FLIGHT
        );
        let started = AtomicUsize::new(0);
        let most_ahead = Mutex::new(0usize);
        let mut sunk = 0usize;
        runner
            .run(
                &files,
                |path| {
                    started.fetch_add(1, Ordering::SeqCst);
                    index_after_uneven_work(path)
                },
                |path, i| {
                    assert_eq!(path, &files[i]);
                    assert_eq!(i, sunk, "{threads} threads");
                    sunk += 1;
                    // Posts started but not sunk yet: never more than the window.
                    let ahead = started.load(Ordering::SeqCst) - sunk;
                    let mut most = most_ahead.lock().expect("lock");
                    *most = (*most).max(ahead);
                    Ok::<(), ()>(())
                },
            )
            .expect("run");
        assert_eq!(sunk, files.len());
        let most = *most_ahead.lock().expect("lock");
        assert!(most < window, "{most} in flight, window {window}");
    }
}

#[test]
fn small_runs_and_many_threads_are_fine() {
    for (n, threads) in [(0, 4), (1, 4), (3, 64), (40, 8), (100, 100_000)] {
        let files = numbered(n);
        let mut seen = Vec::new();
        Runner::new()
            .with_threads(threads)
            .run(
                &files,
                |p| index_after_uneven_work(p),
                |_, i| {
                    seen.push(i);
                    Ok::<(), ()>(())
                },
            )
            .expect("run");
        assert_eq!(
            seen,
            (0..n).collect::<Vec<_>>(),
            "{n} files, {threads} threads"
        );
    }
}

#[test]
fn a_sink_error_ends_the_run_and_a_panic_reaches_the_caller() {
    let files = numbered(5000);
    let mut sunk = 0;
    let result = Runner::new().with_threads(2).run(
        &files,
        |p| index_after_uneven_work(p),
        |_, i| {
            sunk += 1;
            if i == 100 {
                return Err("disk full");
            }
            Ok(())
        },
    );
    assert!(matches!(result, Err(RunError::Sink("disk full"))));
    assert_eq!(sunk, 101);
    let outcome = std::panic::catch_unwind(|| {
        Runner::new().with_threads(2).run(
            &numbered(500),
            |path| assert!(path != Path::new("00250.md"), "bad post"),
            |_, ()| Ok::<(), ()>(()),
        )
    });
    assert!(outcome.is_err());
}

#[test]
fn threads_start_through_the_placement() {
    static SPAWNED: AtomicUsize = AtomicUsize::new(0);
    static RELEASED: AtomicUsize = AtomicUsize::new(0);
    struct Counting;
    impl Placement for Counting {
        fn spawn_nth(&self, _: usize, spawn: &mut dyn FnMut()) {
            SPAWNED.fetch_add(1, Ordering::SeqCst);
            spawn();
        }
        fn release(&self) {
            RELEASED.fetch_add(1, Ordering::SeqCst);
        }
    }
    let runner = Runner::new()
        .with_threads(3)
        .with_placement(|| Some(Box::new(Counting)));
    let files = numbered(200);
    let mut sunk = 0;
    runner
        .run(
            &files,
            |p| index_after_uneven_work(p),
            |_, _| {
                sunk += 1;
                Ok::<(), ()>(())
            },
        )
        .expect("run");
    assert_eq!(sunk, 200);
    assert_eq!(SPAWNED.load(Ordering::SeqCst), 2);
    // Each helper and the calling thread.
    assert_eq!(RELEASED.load(Ordering::SeqCst), 3);
}

#[cfg(feature = "lint")]
#[test]
fn the_archive_lint_gives_each_file_then_the_cross_file_findings() {
    use crate::lint::{LintConfig, Linter};
    let post = "---\ntitle: t\ndate: 2024-07-03T08:00:33Z\nfrom: https://e.com/a\n---\n\
                <!--1719993633000-->\n[t](https://e.com/a)\n------\n\n<div><p>text</p></div>\n";
    let dir = tree(&[
        ("b/copy.md", post),
        ("a.md", post),
        ("a-c.md", "no front matter"),
    ]);
    std::fs::write(
        dir.path().join("gbk.md"),
        b"\xd6\xd0\xce\xc4\xd6\xd0\xce\xc4",
    )
    .expect("write");
    let files = Walk::new([dir.path()]).collect().expect("walk").posts;
    let linter = Linter::new(LintConfig::default());
    let mut per_file = Vec::new();
    let across = lint_files(
        &linter,
        &files,
        &Runner::new().with_threads(2),
        true,
        |file, linted| {
            per_file.push((file.path.clone(), linted));
            Ok::<(), ()>(())
        },
    )
    .expect("lint");
    assert_eq!(
        per_file.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
        paths(&files)
    );
    // Each file as the linter reports it alone.
    let alone = Linter::new(LintConfig::default());
    for (path, linted) in &per_file {
        let bytes = std::fs::read(path).expect("read");
        assert_eq!(
            linted.diagnostics,
            alone.lint_bytes(path, &bytes),
            "{}",
            path.display()
        );
        assert_eq!(linted.bytes, bytes.len() as u64);
        assert_eq!(linted.unreadable, std::str::from_utf8(&bytes).is_err());
        assert_eq!(
            linted.text.is_some(),
            !linted.unreadable && !linted.diagnostics.is_empty()
        );
    }
    let gbk = &per_file
        .iter()
        .find(|(p, _)| p.ends_with("gbk.md"))
        .expect("gbk")
        .1;
    assert!(
        gbk.diagnostics[0].message.contains("GBK"),
        "{:?}",
        gbk.diagnostics
    );
    // The same source twice: the cross-file rule, after every file, as `finish` gives it.
    assert!(!across.is_empty());
    assert!(across.iter().all(|d| d.rule == "duplicate-source"));
    let named: Vec<&Path> = across.iter().map(|d| d.path.as_path()).collect();
    assert!(
        named
            .iter()
            .all(|p| p.ends_with("a.md") || p.ends_with("b/copy.md")),
        "{named:?}"
    );
    assert!(alone.finish().iter().all(|d| d.rule == "duplicate-source"));
    // Nothing is left recorded for a second run.
    assert!(linter.finish().is_empty());
}

#[cfg(feature = "epub")]
#[test]
fn an_archive_book_reads_its_posts_again_in_book_order() {
    use crate::convert::epub::{EpubOptions, Split};
    let post = |day: u32| {
        format!("---\ntitle: day {day}\ndate: 2024-07-{day:02} 08:00:00 +0800\n---\n<p>text {day}</p>\n")
    };
    // Path order is not date order.
    let dir = tree(&[("z.md", &post(1)), ("a.md", &post(3)), ("m.md", &post(2))]);
    let files = Walk::new([dir.path()]).collect().expect("walk").posts;
    let read = |path: &Path| -> Result<crate::model::Post, String> {
        let text = read_text(path, 1 << 20).map_err(|e| e.to_string())?;
        crate::parse::parse(&text).map_err(|e| e.to_string())
    };
    let mut book = ArchiveBook::new();
    for file in &files {
        book.add(&file.path, &read(&file.path).expect("post"));
    }
    let volumes = book.volumes(Split::None);
    assert_eq!(
        book.paths(&volumes[0]),
        [
            dir.path().join("z.md"),
            dir.path().join("m.md"),
            dir.path().join("a.md")
        ]
    );
    let options = EpubOptions::default();
    let runner = Runner::new().with_threads(2);
    let out = std::io::Cursor::new(Vec::new());
    let (out, report) = book
        .write_volume(&volumes[0], &options, out, &runner, read)
        .expect("book");
    assert_eq!(report.posts, 3);
    assert!(out.into_inner().starts_with(b"PK"));
    // A post changed between the passes is refused, naming it.
    std::fs::write(dir.path().join("m.md"), post(9)).expect("write");
    let changed = book.write_volume(
        &volumes[0],
        &options,
        std::io::Cursor::new(Vec::new()),
        &runner,
        read,
    );
    assert!(
        matches!(&changed, Err(ArchiveBookError::Chapter { path, .. }) if path.ends_with("m.md")),
        "{changed:?}"
    );
}
