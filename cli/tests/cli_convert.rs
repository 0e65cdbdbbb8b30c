//! `newspost convert --to text|epub` from the command line.

use std::path::PathBuf;

mod support;

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
    std::fs::write(&bad, "---\ntitle: [unclosed\n---\n<p>x</p>\n").expect("write");
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
