//! `newspost convert --to text|epub` from the command line.

use std::path::PathBuf;

use crate::support;

use support::newspost;

fn fixtures() -> PathBuf {
    support::fixtures("convert")
}

#[test]
fn text_goes_to_stdout_one_post_after_another() {
    let out = newspost()
        .args(["convert", "--to", "text"])
        .arg(fixtures().join("01-paragraphs.md"))
        .arg(fixtures().join("04-headings.md"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.starts_with("上海暴雨 多条地铁线路停运\n"), "{text}");
    assert!(text.contains("2024-07-03 08:00:33 UTC · 联合早报 · https://www.zaobao.com/realtime/china/story20240703-1000001"));
    assert!(
        text.contains("\n\u{c}\nElection results: what we know\n"),
        "{text}"
    );
    assert!(text.contains("2024-07-06 14:30:00 -04:00 · AP"), "{text}");
}

#[test]
fn text_goes_to_a_file_and_wraps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("out.txt");
    newspost()
        .args(["convert", "--to", "text", "--width", "20", "-o"])
        .arg(&target)
        .arg(fixtures().join("01-paragraphs.md"))
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&target).expect("written");
    // The 26-column title breaks between CJK characters at 20 columns.
    assert!(text.starts_with("上海暴雨 多条地铁线\n路停运\n"), "{text}");
}

#[test]
fn epub_needs_an_output_file() {
    newspost()
        .args(["convert", "--to", "epub"])
        .arg(fixtures())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("-o"));
}

#[test]
fn epub_puts_every_input_in_one_book() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("all.epub");
    newspost()
        .args([
            "convert",
            "--to",
            "epub",
            "--group-by",
            "source",
            "--title",
            "Fixtures",
            "-o",
        ])
        .arg(&target)
        .arg(fixtures())
        .assert()
        .success();
    let bytes = std::fs::read(&target).expect("book");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let chapters = archive
        .file_names()
        .filter(|n| n.starts_with("OEBPS/post-"))
        .count();
    assert_eq!(chapters, 12);
    let mut opf = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("OEBPS/content.opf").expect("opf"),
        &mut opf,
    )
    .expect("utf-8");
    assert!(opf.contains("<dc:title>Fixtures</dc:title>"));
    let mut nav = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("OEBPS/nav.xhtml").expect("nav"),
        &mut nav,
    )
    .expect("utf-8");
    assert!(
        nav.contains(">联合早报</a>") && nav.contains(">Reuters</a>"),
        "{nav}"
    );
}

#[test]
fn epub_one_per_post_writes_a_book_per_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("books");
    newspost()
        .args(["convert", "--to", "epub", "--one-per-post", "-o"])
        .arg(&out)
        .arg(fixtures())
        .assert()
        .success();
    let mut books: Vec<String> = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    books.sort();
    assert_eq!(books.len(), 12);
    assert_eq!(books[0], "01-paragraphs.epub");
    // Building again gives the same bytes.
    let again = dir.path().join("again");
    newspost()
        .args(["convert", "--to", "epub", "--one-per-post", "-o"])
        .arg(&again)
        .arg(fixtures())
        .assert()
        .success();
    for book in &books {
        assert_eq!(
            std::fs::read(out.join(book)).expect("first"),
            std::fs::read(again.join(book)).expect("second"),
            "{book}"
        );
    }
}

#[test]
fn epub_embeds_images_from_a_directory() {
    // A 1×1 PNG.
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82";
    let dir = tempfile::tempdir().expect("tempdir");
    let images = dir.path().join("images");
    let host = images.join("gdb.voanews.com");
    std::fs::create_dir_all(&host).expect("mkdir");
    std::fs::write(
        host.join("01000000-0aff-0242-a1b2-08dc1234abcd_w800.jpg"),
        PNG,
    )
    .expect("write");
    let target = dir.path().join("fig.epub");
    newspost()
        .args(["convert", "--to", "epub", "--images"])
        .arg(&images)
        .arg("-o")
        .arg(&target)
        .arg(fixtures().join("02-figure.md"))
        .assert()
        .success();
    let bytes = std::fs::read(&target).expect("book");
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let names: Vec<&str> = archive.file_names().collect();
    // Embedded only once the HTML body parser yields the figure.
    let body_parsed = {
        let text = std::fs::read_to_string(fixtures().join("02-figure.md")).expect("fixture");
        !newspost::parse(&text).expect("parses").body.is_empty()
    };
    assert_eq!(
        names.contains(&"OEBPS/images/img-0001.png"),
        body_parsed,
        "{names:?}"
    );
}

#[test]
fn unreadable_posts_are_reported_and_the_rest_converted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.md");
    std::fs::write(&bad, b"<p>caf\xe9</p>\n").expect("write");
    let assert = newspost()
        .args(["convert", "--to", "text"])
        .arg(&bad)
        .arg(fixtures().join("06-quote.md"))
        .assert()
        .code(1);
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(out.starts_with("外交部回应美方言论\n"), "{out}");
    assert!(String::from_utf8_lossy(&assert.get_output().stderr).contains("bad.md:"));
}

/// A post with a metadata defect converts with a warning per problem; `--strict` refuses
/// it as before.
#[test]
fn damaged_posts_convert_with_warnings_unless_strict() {
    let damaged = support::fixtures("recover").join("damaged.md");
    let assert = newspost()
        .args(["convert", "--to", "jsonl"])
        .arg(&damaged)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    // The summary counts the warnings it printed.
    assert!(
        stderr.contains("newspost: 1 post, 0 failed, 0 errors, 2 warnings,"),
        "{stderr}"
    );
    assert!(
        stderr.contains("damaged.md:3:")
            && stderr.contains(": warning: front matter is not valid YAML")
            && stderr.contains("[front-matter-syntax]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("damaged.md:9:1: warning: epoch comment `NaN`"),
        "{stderr}"
    );
    let line = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let value: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON line");
    assert_eq!(value["path"], "damaged.md");
    assert_eq!(value["front_matter"]["title"], "七问\\智能手机");
    assert_eq!(value["front_matter"]["instant"], "2024-07-03T08:00:33.000Z");
    assert_eq!(value["epoch_ms"], serde_json::Value::Null);
    let rules: Vec<&str> = value["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["rule"].as_str())
        .collect();
    assert_eq!(rules, ["front-matter-syntax", "epoch-malformed"]);
    assert_eq!(value["problems"][1]["line"], 9);
    assert_eq!(value["problems"][1]["column"], 1);

    // The summary counts the warnings it printed.
    newspost()
        .args(["convert", "--to", "jsonl"])
        .arg(&damaged)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "newspost: 1 post, 0 failed, 0 errors, 2 warnings,",
        ));

    newspost()
        .args(["convert", "--to", "jsonl", "--strict", "-q"])
        .arg(&damaged)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains("damaged.md:3:"))
        .stderr(predicates::str::contains(
            ": front matter is not valid YAML",
        ));
}

/// Every jsonl line and json array entry names its file, relative to the argument it was
/// found under, with `/` separators.
#[test]
fn json_output_names_each_post_by_its_path_under_the_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nested = dir.path().join("archive").join("a").join("b");
    std::fs::create_dir_all(&nested).expect("dirs");
    std::fs::copy(fixtures().join("06-quote.md"), nested.join("one.md")).expect("copy");
    std::fs::copy(
        fixtures().join("01-paragraphs.md"),
        dir.path().join("archive").join("two.md"),
    )
    .expect("copy");
    for (format, paths) in [
        ("jsonl", vec!["a/b/one.md", "two.md"]),
        ("json", vec!["a/b/one.md", "two.md"]),
    ] {
        let out = newspost()
            .args(["convert", "--to", format, "-q"])
            .arg(dir.path().join("archive"))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).expect("utf-8");
        let values: Vec<serde_json::Value> = if format == "jsonl" {
            text.lines()
                .map(|l| serde_json::from_str(l).expect("json line"))
                .collect()
        } else {
            serde_json::from_str::<Vec<serde_json::Value>>(&text).expect("json array")
        };
        let found: Vec<&str> = values.iter().filter_map(|v| v["path"].as_str()).collect();
        assert_eq!(found, paths, "{format}");
    }
}

/// `-o /dev/null` or a FIFO is written in place: the atomic temporary-file-and-rename
/// would replace the device or FIFO with a plain file (it did, before this test).
#[cfg(unix)]
#[test]
fn a_fifo_or_device_as_output_is_written_in_place() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;

    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("out.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // What the next writer sends through the FIFO, read on another thread.
    let read_in_background = || {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            std::fs::File::open(&fifo)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .expect("read the fifo");
            bytes
        })
    };
    let posts = [
        fixtures().join("01-paragraphs.md"),
        fixtures().join("04-headings.md"),
    ];
    // A stream (jsonl, json, text) and a whole file (one EPUB book).
    for (to, check) in [
        (
            "jsonl",
            (|b: &[u8]| b.split(|&c| c == b'\n').filter(|l| !l.is_empty()).count() == 2)
                as fn(&[u8]) -> bool,
        ),
        ("epub", |b: &[u8]| b.starts_with(b"PK")),
    ] {
        // Held open for writing until the run ends, so that the reader neither waits
        // for a writer that never comes nor stops before the run writes (Linux opens a
        // FIFO read-write without waiting).
        let keep_open = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&fifo)
            .expect("open the fifo");
        let reader = read_in_background();
        newspost()
            .args(["convert", "--to", to, "--quiet", "-o"])
            .arg(&fifo)
            .args(&posts)
            .assert()
            .success();
        drop(keep_open);
        let bytes = reader.join().expect("reader");
        assert!(check(&bytes), "{to}: {} bytes", bytes.len());
        let kind = std::fs::symlink_metadata(&fifo)
            .expect("still there")
            .file_type();
        assert!(kind.is_fifo(), "{to}: the FIFO was replaced: {kind:?}");
    }
    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(entries, ["out.fifo"], "no temporary file left");
}

#[test]
fn epub_splits_an_archive_into_volumes_each_a_book() {
    let dir = tempfile::tempdir().expect("tempdir");
    let posts = dir.path().join("posts");
    std::fs::create_dir_all(&posts).expect("mkdir");
    for (n, date) in ["2020-08-03", "2020-08-20", "2020-09-01", "2021-01-05"]
        .iter()
        .enumerate()
    {
        std::fs::write(
            posts.join(format!("{date}-p{n}.md")),
            format!(
                "---\ntitle: 第{n}篇\ndate: {date} 08:00:00 +0800\n---\n<p>第{n}篇的正文。</p>\n"
            ),
        )
        .expect("write");
    }
    let target = dir.path().join("out").join("news.epub");
    std::fs::create_dir_all(target.parent().unwrap()).expect("mkdir");
    let books = |args: &[&str]| {
        let out = target.parent().unwrap();
        for entry in std::fs::read_dir(out).unwrap().flatten() {
            std::fs::remove_file(entry.path()).unwrap();
        }
        newspost()
            .args(["convert", "--to", "epub", "--quiet", "-o"])
            .arg(&target)
            .args(args)
            .arg(&posts)
            .assert()
            .success();
        let mut names: Vec<String> = std::fs::read_dir(out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        books(&["--split-by", "month"]),
        [
            "news-2020-08.epub",
            "news-2020-09.epub",
            "news-2021-01.epub"
        ]
    );
    let bytes = std::fs::read(target.with_file_name("news-2020-08.epub")).expect("volume");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut nav = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("OEBPS/nav.xhtml").unwrap(), &mut nav)
        .unwrap();
    assert!(
        nav.contains("第0篇") && nav.contains("第1篇") && !nav.contains("第2篇"),
        "{nav}"
    );
    assert_eq!(
        books(&["--split-by", "year"]),
        ["news-2020.epub", "news-2021.epub"]
    );
    assert_eq!(books(&["--max-posts", "3"]), ["news-1.epub", "news-2.epub"]);
    assert_eq!(books(&[]), ["news.epub"]);
}

/// Page furniture: left out of text unless `--keep-furniture`, kept and marked in JSON;
/// the `[furniture]` rules of the `newspost.toml` beside the posts apply, per host.
#[test]
fn furniture_is_left_out_kept_on_request_and_configured_in_newspost_toml() {
    let dir = tempfile::tempdir().expect("tempdir");
    let post = dir.path().join("post.md");
    std::fs::write(
        &post,
        "---\ntitle: T\nfrom: https://www.example.com/a\n---\n<div><p>Article text.</p>\
         <div class=\"share-bar\"><a href=\"https://x.example/\">Share on X</a></div>\
         <p>Photo: Agency</p><p class=\"promo\">Buy the paper</p></div>\n",
    )
    .expect("post");
    let run = |args: &[&str]| {
        let out = newspost()
            .args(["convert", "--quiet"])
            .args(args)
            .arg(&post)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).expect("utf-8")
    };
    let text = run(&["--to", "text"]);
    assert!(
        text.contains("Article text.") && !text.contains("Share on X"),
        "{text}"
    );
    assert!(
        text.contains("Photo: Agency") && text.contains("Buy the paper"),
        "{text}"
    );
    assert!(run(&["--to", "text", "--keep-furniture"]).contains("Share on X"));
    let json = run(&["--to", "json"]);
    assert!(
        json.contains("\"type\": \"furniture\"") && json.contains("\"kind\": \"share\""),
        "{json}"
    );

    std::fs::write(
        dir.path().join("newspost.toml"),
        "[[furniture.rule]]\nkind = \"credit\"\nprefix = \"Photo:\"\nhost = \"example.com\"\n\n\
         [[furniture.rule]]\nkind = \"advertising\"\nclass = \"promo\"\nhost = \"other.example\"\n",
    )
    .expect("config");
    let text = run(&["--to", "text"]);
    assert!(!text.contains("Photo: Agency"), "{text}");
    assert!(
        text.contains("Buy the paper"),
        "the rule is for another host: {text}"
    );
    // The linter reads the same file and accepts the table (it lints the post: exit 1
    // for its missing date, not 2 for the configuration).
    newspost()
        .arg("lint")
        .arg(&post)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("field-missing"));
    std::fs::write(
        dir.path().join("newspost.toml"),
        "[[furniture.rule]]\nkind = \"footer\"\ntag = \"x\"\n",
    )
    .expect("config");
    newspost()
        .args(["convert", "--to", "text"])
        .arg(&post)
        .assert()
        .failure()
        .stderr(predicates::str::contains("unknown furniture kind `footer`"));
}
