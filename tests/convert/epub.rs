//! EPUB output: zip layout, package documents, well-formed XHTML, safety, determinism,
//! grouping, languages and images — checked without epubcheck (`.ci/steps/60-epubcheck.sh` runs it).
//!
//! Set `NEWSPOST_EPUB_DUMP=DIR` to keep the books these tests build, for epubcheck.
#![cfg(feature = "epub")]

use std::sync::Arc;

use crate::common::built::*;
use crate::common::uri::is_uri_reference;
use newspost::{
    write_epub, Anthology, Block, BookReport, EmbedKind, EpubError, EpubOptions, GroupBy,
    ImageResolver, Post, Span, Split,
};

const JPEG: &[u8] = include_bytes!("../fixtures/images/photo.jpg");
const PNG: &[u8] = include_bytes!("../fixtures/images/photo.png");
const GIF: &[u8] = include_bytes!("../fixtures/images/photo.gif");

fn build(posts: &[Post], options: &EpubOptions) -> Vec<u8> {
    let mut out = Vec::new();
    write_epub(posts, options, &mut out).expect("book");
    out
}

fn dump(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("NEWSPOST_EPUB_DUMP") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("dump dir");
        std::fs::write(dir.join(name), bytes).expect("dump");
    }
}

fn entry<'a>(entries: &'a [(String, bool, Vec<u8>)], name: &str) -> &'a str {
    let (_, _, bytes) = entries
        .iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    std::str::from_utf8(bytes).expect("utf-8")
}

/// Checks the structure every book must have and returns its entries.
fn check_structure(bytes: &[u8]) -> Vec<(String, bool, Vec<u8>)> {
    // `mimetype` first, stored, no extra field: the bytes at offset 30 spell it.
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");
    let entries = unzip(bytes);
    let (name, stored, content) = &entries[0];
    assert_eq!((name.as_str(), *stored), ("mimetype", true));
    assert_eq!(content, b"application/epub+zip");

    let container = entry(&entries, "META-INF/container.xml");
    let doc = roxmltree::Document::parse(container).expect("container.xml well-formed");
    let rootfile = doc
        .descendants()
        .find(|n| n.has_tag_name("rootfile"))
        .and_then(|n| n.attribute("full-path"))
        .expect("rootfile");
    assert_eq!(rootfile, "OEBPS/content.opf");

    let opf = entry(&entries, "OEBPS/content.opf");
    let doc = roxmltree::Document::parse(opf).expect("OPF well-formed");
    let mut ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids in the OPF:\n{opf}");
    // Every manifest item exists in the zip, and every XHTML document is well-formed.
    for item in doc.descendants().filter(|n| n.has_tag_name("item")) {
        let href = item.attribute("href").expect("href");
        let path = format!("OEBPS/{href}");
        let (_, _, content) = entries
            .iter()
            .find(|(n, _, _)| *n == path)
            .unwrap_or_else(|| panic!("manifest names missing {path}"));
        if item.attribute("media-type") == Some("application/xhtml+xml") {
            let text = std::str::from_utf8(content).expect("utf-8");
            let xhtml = roxmltree::Document::parse_with_options(
                text,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                },
            )
            .unwrap_or_else(|e| panic!("{path} is not well-formed: {e}\n{text}"));
            check_safe(&path, &xhtml);
            check_uris(&path, &xhtml);
        }
        assert!(is_uri_reference(href), "OPF item href {href:?}");
    }
    let ncx = entry(&entries, "OEBPS/toc.ncx");
    let ncx = roxmltree::Document::parse(ncx).expect("NCX well-formed");
    check_uris("OEBPS/toc.ncx", &ncx);
    entries
}

/// Every `href` and `src` is a URI reference (RFC 3986): epubcheck's RSC-020.
fn check_uris(path: &str, doc: &roxmltree::Document) {
    for node in doc.descendants().filter(|n| n.is_element()) {
        for a in node.attributes() {
            if matches!(a.name(), "href" | "src") {
                assert!(
                    is_uri_reference(a.value()),
                    "{path}: <{} {}={:?}> is not a URI",
                    node.tag_name().name(),
                    a.name(),
                    a.value()
                );
            }
        }
    }
}

/// No scripts, no event attributes, no `javascript:` links, ids unique.
fn check_safe(path: &str, doc: &roxmltree::Document) {
    let mut ids = std::collections::HashSet::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !matches!(name, "script" | "iframe" | "object" | "embed" | "style"),
            "{path}: <{name}>"
        );
        for a in node.attributes() {
            assert!(
                !a.name().starts_with("on"),
                "{path}: event attribute {}",
                a.name()
            );
            assert!(
                !a.value()
                    .trim()
                    .to_ascii_lowercase()
                    .starts_with("javascript:"),
                "{path}: {}",
                a.value()
            );
            if a.name() == "id" {
                assert!(
                    ids.insert(a.value().to_owned()),
                    "{path}: duplicate id {}",
                    a.value()
                );
            }
        }
    }
}

fn xhtml_text(entries: &[(String, bool, Vec<u8>)]) -> String {
    let mut all = String::new();
    for (name, _, content) in entries.iter().filter(|(n, _, _)| n.ends_with(".xhtml")) {
        let text = std::str::from_utf8(content).expect("utf-8");
        let doc = roxmltree::Document::parse_with_options(
            text,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        for t in doc.descendants().filter(|n| n.is_text()) {
            all.push_str(t.text().unwrap_or(""));
        }
        all.push('\n');
    }
    all.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_post_makes_a_valid_book_with_every_text() {
    let post = every_block_post();
    let bytes = build(std::slice::from_ref(&post), &EpubOptions::default());
    dump("every-block.epub", &bytes);
    let entries = check_structure(&bytes);
    let text = xhtml_text(&entries);
    for expected in EVERY_BLOCK_TEXTS {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    let chapter = entry(&entries, "OEBPS/post-0001.xhtml");
    assert!(chapter.contains("xml:lang=\"zh\""));
    assert!(chapter.contains(
        "<time datetime=\"2024-07-03T16:00:33+08:00\">2024-07-03 16:00:33 +08:00</time>"
    ));
    assert!(chapter.contains(
        "<a class=\"source\" href=\"https://www.zaobao.com/realtime/china/story20240703-4032055\">"
    ));
    // Relative links resolved against the source; the unsafe one is plain text.
    assert!(chapter.contains("<a href=\"https://www.zaobao.com/news/related.html\">链接</a>"));
    assert!(
        chapter.contains("<p>危险链接，然后 <a href=\"https://a.example/\">嵌套</a></p>"),
        "{chapter}"
    );
    // No resolver: each image is a link to its (resolved) URL, the caption stays.
    assert!(chapter.contains("<a href=\"https://img.example.com/a.jpg\">[图片]</a>"));
    assert!(chapter.contains("<a href=\"https://www.zaobao.com/realtime/china/images/b.png\">"));
    assert!(chapter.contains("<figcaption>另一张图的图注</figcaption>"));
    assert!(!entries.iter().any(|(n, _, _)| n.contains("images/")));
    // Markup in text is escaped, not interpreted.
    assert!(chapter.contains("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        chapter.contains("<h1>标题 &lt;b&gt;&amp;amp; 控制字符</h1>"),
        "{chapter}"
    );
}

#[test]
fn package_metadata_is_complete_and_derived_from_the_content() {
    let post = every_block_post();
    let bytes = build(std::slice::from_ref(&post), &EpubOptions::default());
    let entries = unzip(&bytes);
    let opf = entry(&entries, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:language id=\"epub-language-0\">zh</dc:language>"),
        "{opf}"
    );
    assert!(
        opf.contains("<dc:creator id=\"epub-creator-0\">联合早报</dc:creator>"),
        "{opf}"
    );
    assert!(
        opf.contains("<dc:title>标题 &lt;b&gt;&amp;amp; 控制字符</dc:title>"),
        "{opf}"
    );
    // The newest post's instant, not the clock.
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2024-07-03T08:00:33Z</meta>"),
        "{opf}"
    );
    // A name-based UUID: version 5.
    let id_start = opf.find("urn:uuid:").expect("identifier") + "urn:uuid:".len();
    assert_eq!(&opf[id_start + 14..id_start + 15], "5", "{opf}");
    // Another post gives another identifier.
    let other = build(&[chinese_post(5, "联合早报")], &EpubOptions::default());
    let other_opf = entry(&unzip(&other), "OEBPS/content.opf").to_owned();
    assert_ne!(
        &other_opf[other_opf.find("urn:uuid:").unwrap()..][..45],
        &opf[id_start - 9..][..45]
    );
    // Landmarks are not empty.
    let nav = entry(&entries, "OEBPS/nav.xhtml");
    assert!(nav.contains("epub:type=\"titlepage\""), "{nav}");
    assert!(nav.contains("epub:type=\"bodymatter\""), "{nav}");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let posts = vec![
        every_block_post(),
        english_post(4, "Reuters"),
        chinese_post(2, "联合早报"),
    ];
    let first = build(&posts, &EpubOptions::default());
    let second = build(&posts, &EpubOptions::default());
    assert_eq!(first, second);
    // Zip entries carry the zip epoch, not the build time.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&first)).unwrap();
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        let t = file.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (1980, 1, 1),
            "{}",
            file.name()
        );
    }
}

#[test]
fn an_anthology_groups_posts_by_day_in_date_order() {
    let posts = vec![
        english_post(4, "Reuters"),
        chinese_post(2, "联合早报"),
        chinese_post(4, "BBC中文"),
        chinese_post(3, "联合早报"),
    ];
    let bytes = build(&posts, &EpubOptions::default());
    dump("anthology-by-day.epub", &bytes);
    let entries = check_structure(&bytes);
    let nav = entry(&entries, "OEBPS/nav.xhtml");
    // The title page's entry (the title holds dates too) comes first; look after it.
    let nav = &nav[nav.find("group-0001.xhtml").expect("groups")..];
    let order: Vec<usize> = [
        "2024-07-02",
        "2024-07-03",
        "2024-07-04",
        "股市第2天上涨",
        "股市第3天上涨",
        "股市第4天上涨",
        "Markets rally on day 4",
    ]
    .iter()
    .map(|s| {
        nav.find(s)
            .unwrap_or_else(|| panic!("{s} not in nav\n{nav}"))
    })
    .collect();
    assert!(order[0] < order[3] && order[3] < order[1] && order[1] < order[4]);
    assert!(order[4] < order[2] && order[2] < order[5]);
    // Day 4: the Chinese post (09:30 +08:00 = 01:30Z) before the English one (08:00Z).
    assert!(order[5] < order[6]);
    let opf = entry(&entries, "OEBPS/content.opf");
    // Majority language for the book; each chapter has its own.
    assert!(opf.contains(">zh</dc:language>"));
    assert!(entry(&entries, "OEBPS/post-0001.xhtml").contains("xml:lang=\"en\""));
    // Title derived from sources and dates; three authors are three creators.
    assert!(
        opf.contains("<dc:title>联合早报, BBC中文 +1 2024-07-02 – 2024-07-04</dc:title>"),
        "{opf}"
    );
    assert_eq!(opf.matches("<dc:creator").count(), 3);
    assert!(entry(&entries, "OEBPS/title.xhtml").contains("4 篇"));
}

#[test]
fn an_anthology_can_group_by_source_or_category() {
    let posts = vec![
        chinese_post(2, "联合早报"),
        english_post(3, "Reuters"),
        chinese_post(4, "联合早报"),
    ];
    for (by, label) in [(GroupBy::Source, "Reuters"), (GroupBy::Category, "Reuters")] {
        let options = EpubOptions::default()
            .with_group_by(by)
            .with_title("My <book>")
            .with_creator("Editor");
        let entries = check_structure(&build(&posts, &options));
        let nav = entry(&entries, "OEBPS/nav.xhtml");
        let zaobao = nav
            .find("<a href=\"group-0001.xhtml\">联合早报</a>")
            .unwrap_or_else(|| panic!("{nav}"));
        assert!(nav.find(label).unwrap() > zaobao);
        let group = entry(&entries, "OEBPS/group-0001.xhtml");
        assert!(group.contains("post-0001.xhtml") && group.contains("post-0003.xhtml"));
        let opf = entry(&entries, "OEBPS/content.opf");
        assert!(opf.contains("<dc:title>My &lt;book&gt;</dc:title>"));
        assert!(opf.contains(">Editor</dc:creator>"));
    }
}

#[test]
fn images_are_embedded_when_the_resolver_has_them() {
    let resolver = |url: &str| -> Option<Vec<u8>> {
        match url {
            "https://img.example.com/a.jpg" => Some(JPEG.to_vec()),
            "https://img.example.com/c.gif" => Some(GIF.to_vec()),
            "https://img.example.com/d.jpg" => Some(b"<svg onload=alert(1)/>".to_vec()),
            _ => None,
        }
    };
    let options = EpubOptions::default().with_images(Arc::new(resolver));
    let posts = [every_block_post()];
    let bytes = build(&posts, &options);
    let entries = check_structure(&bytes);
    let chapter = entry(&entries, "OEBPS/post-0001.xhtml");
    assert!(
        chapter.contains("<img src=\"images/img-0001.jpg\" alt=\"外景\"/>"),
        "{chapter}"
    );
    assert!(
        chapter.contains("<img src=\"images/img-0002.gif\" alt=\"另一张图的图注\"/>"),
        "{chapter}"
    );
    // Not an image format EPUB readers must support: a link instead.
    assert!(chapter.contains("<a href=\"https://img.example.com/d.jpg\">"));
    assert_eq!(
        entries
            .iter()
            .filter(|(n, _, _)| n.starts_with("OEBPS/images/"))
            .count(),
        2
    );
    let opf = entry(&entries, "OEBPS/content.opf");
    assert!(opf.contains("media-type=\"image/jpeg\""));
    assert!(opf.contains("media-type=\"image/gif\""));
}

#[test]
fn bad_requests_are_errors() {
    assert!(matches!(
        write_epub(&[], &EpubOptions::default(), Vec::new()),
        Err(EpubError::NoPosts)
    ));
    let options = EpubOptions::default().with_language("not a tag");
    let err = write_epub(&[Post::new()], &options, Vec::new()).unwrap_err();
    assert!(matches!(err, EpubError::Language(_)));
    assert!(err.to_string().contains("not a tag"));
}

#[test]
fn empty_and_undated_posts_still_make_valid_books() {
    let mut undated = chinese_post(9, "联合早报");
    undated.front_matter = None;
    undated.epoch = None;
    let posts = vec![Post::new(), undated, english_post(1, "AP")];
    let bytes = build(&posts, &EpubOptions::default());
    dump("undated.epub", &bytes);
    let entries = check_structure(&bytes);
    let nav = entry(&entries, "OEBPS/nav.xhtml");
    // Undated posts come last, under their own group.
    assert!(
        nav.find("2024-07-01").unwrap()
            < nav
                .find("Undated")
                .unwrap_or(usize::MAX)
                .min(nav.find("无日期").unwrap_or(usize::MAX))
    );
    let single = build(&[Post::new()], &EpubOptions::default());
    dump("empty.epub", &single);
    let entries = check_structure(&single);
    assert!(entry(&entries, "OEBPS/content.opf").contains("1970-01-01T00:00:00Z"));
}

#[test]
fn the_uri_check_knows_valid_and_invalid_references() {
    for ok in [
        "https://a.example/p?q#f",
        "post-0001.xhtml",
        "images/img-0001.png",
        "http://[::1]:80/a%7Cb",
        "mailto:a@example.com",
        "#frag",
    ] {
        assert!(is_uri_reference(ok), "{ok}");
    }
    for bad in [
        "https://a.example/a|b",
        "https://a.example/17%",
        "https://a.example/?[x]",
        "https://a.example/a#b#c",
        "https://a.example/a\\b",
        "https://a b.example/",
        "mailto:a b@example.com",
        "a:b/c:d e",
        "https://a.example/中",
    ] {
        assert!(!is_uri_reference(bad), "{bad}");
    }
}

/// Each URL shape that made real books fail epubcheck (`|`, a lone `%`, `[` `]`, `\`, a
/// second `#`, and the others of `tests/fixtures/urls`), in the source, links, images,
/// embeds and lists: every `href` is a URI, and every text stays.
#[test]
fn hostile_urls_become_valid_uris_and_their_texts_stay() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/urls");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 12);
    let mut posts = Vec::new();
    for path in &paths {
        let post = newspost::parse(&std::fs::read_to_string(path).expect("read")).expect("parses");
        let bytes = build(std::slice::from_ref(&post), &EpubOptions::default());
        let name = path.file_stem().and_then(|s| s.to_str()).expect("name");
        dump(&format!("urls-{name}.epub"), &bytes);
        let entries = check_structure(&bytes);
        let text = xhtml_text(&entries);
        for expected in [
            "the link text stays",
            "relative text stays",
            "image stays.",
            "Listed link one",
            "Listed link two",
        ] {
            assert!(
                text.contains(expected),
                "{name}: {expected:?} missing in {text}"
            );
        }
        posts.push(post);
    }
    let bytes = build(&posts, &EpubOptions::default());
    dump("urls-anthology.epub", &bytes);
    check_structure(&bytes);
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 128,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct("proptest-regressions/convert_epub.txt"),
        )),
        ..Default::default()
    })]

    /// Whatever a link, image or embed URL holds, the book's `href`s are URIs.
    #[test]
    fn any_url_gives_a_uri_or_no_link(
        href in r#"(https?://|mailto:|//|/|)[a-z0-9\[\]|\\%#?&=:@!$'()*+,;{}^`"<> \t\n.~_\-/中文]{0,40}"#,
        from in r#"https://[a-z]{1,8}\.example/[a-z0-9|%#?\[\]\\ ]{0,20}"#,
    ) {
        let post = post_with(
            "URL",
            "2024-07-03T08:00:33Z",
            "Example",
            &from,
            vec![
                para(vec![link(&href, vec![text("link text")])]),
                Block::Figure {
                    images: vec![image(&href, Some("alt"))],
                    caption: vec![text("caption")],
                    span: Span::default(),
                },
                Block::Embed { kind: EmbedKind::Iframe, src: href.clone(), span: Span::default() },
            ],
        );
        let bytes = build(std::slice::from_ref(&post), &EpubOptions::default());
        let entries = check_structure(&bytes);
        let text = xhtml_text(&entries);
        proptest::prop_assert!(text.contains("link text") && text.contains("caption"));
    }
}

/// A paragraph that is a run of links (CNA's `延伸閱讀`, a feed footer) is a list, one
/// item per link, when furniture is kept.
#[test]
fn link_lists_have_one_item_per_link() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lists");
    let read = |name: &str| {
        newspost::parse(&std::fs::read_to_string(dir.join(name)).expect("fixture")).expect("parses")
    };
    let bytes = build(
        &[read("cna-related-articles.md")],
        &EpubOptions::default().with_keep_furniture(true),
    );
    let entries = check_structure(&bytes);
    let chapter = entry(&entries, "OEBPS/post-0001.xhtml");
    assert!(
        chapter.contains(
            "<ul class=\"links\">\n<li><a href=\"https://www.cna.com.tw/news/firstnews/202101080007.aspx\">臉書與IG持續封鎖川普帳號 至少直至政權和平轉移</a></li>\n"
        ),
        "{chapter}"
    );
    assert_eq!(chapter.matches("<li><a href").count(), 7, "{chapter}");
    let bytes = build(
        &[read("feed-footer.md")],
        &EpubOptions::default().with_keep_furniture(true),
    );
    let entries = check_structure(&bytes);
    let chapter = entry(&entries, "OEBPS/post-0001.xhtml");
    assert!(
        chapter.contains("<p>获取更多RSS：</p>\n<ul class=\"links\">\n<li><a href=\"https://feedx.net/\">https://feedx.net</a></li>\n<li><a href=\"https://feedx.xyz/\">https://feedx.xyz</a></li>\n</ul>"),
        "{chapter}"
    );
    // Page furniture: left out by default.
    let bytes = build(&[read("cna-related-articles.md")], &EpubOptions::default());
    let entries = check_structure(&bytes);
    let chapter = entry(&entries, "OEBPS/post-0001.xhtml");
    assert!(
        !chapter.contains("延伸閱讀") && !chapter.contains("<ul class=\"links\">"),
        "{chapter}"
    );
}

/// A list whose every item is page furniture (a `Related` collection of teaser cards) is
/// left out whole, not written as empty `<li>`s; kept, it is written.
#[test]
fn a_list_of_furniture_items_leaves_no_empty_items() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lists/teaser-collection.md");
    let post = newspost::parse(&std::fs::read_to_string(path).expect("fixture")).expect("parses");
    let bytes = build(std::slice::from_ref(&post), &EpubOptions::default());
    dump("furniture-list.epub", &bytes);
    let entries = check_structure(&bytes);
    let chapter = entry(&entries, "OEBPS/post-0001.xhtml");
    assert!(
        !chapter.contains("<li></li>") && !chapter.contains("我的飞车呢"),
        "{chapter}"
    );
    assert!(
        chapter.contains("<ol>\n<li><p>第一条</p>\n</li>\n<li><p>第二条</p>\n</li>\n</ol>"),
        "{chapter}"
    );
    let bytes = build(&[post], &EpubOptions::default().with_keep_furniture(true));
    let entries = check_structure(&bytes);
    let chapter = entry(&entries, "OEBPS/post-0001.xhtml");
    assert!(
        chapter.contains("我的飞车呢") && chapter.contains("城市飞行家"),
        "{chapter}"
    );
}

/// A post of `day` (July 2024, or `month` of 2024) whose figures show `urls`.
fn post_with_images(month: u32, day: u32, urls: &[&str]) -> Post {
    let figures = urls
        .iter()
        .map(|url| Block::Figure {
            images: vec![image(url, None)],
            caption: vec![text(&format!("图注 {url}"))],
            span: Span::default(),
        })
        .collect();
    post_with(
        &format!("有图的报道 {month}-{day}"),
        &format!("2024-{month:02}-{day:02} 09:30:00 +0800"),
        "联合早报",
        &format!("https://www.zaobao.com/realtime/pictures{month}-{day}"),
        figures,
    )
}

/// Serves fixture images; a URL's query is ignored for its identity; counts reads.
struct CountingResolver {
    reads: std::sync::atomic::AtomicUsize,
}

impl ImageResolver for CountingResolver {
    fn resolve(&self, url: &str) -> Option<Vec<u8>> {
        self.reads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = url.split('?').next().unwrap_or(url);
        match path.rsplit('/').next() {
            Some("big.png") | Some("png-copy.png") => Some(PNG.to_vec()),
            Some("a.jpg") => Some(JPEG.to_vec()),
            Some("c.gif") => Some(GIF.to_vec()),
            Some("cut.gif") => Some(GIF[..GIF.len() / 2].to_vec()),
            Some("tiny.jpg") => Some(b"\xff\xd8\xff".to_vec()),
            _ => None,
        }
    }

    fn identity(&self, url: &str) -> Option<String> {
        Some(url.split('?').next().unwrap_or(url).to_owned())
    }
}

fn book_with_report(posts: &[Post], options: &EpubOptions) -> (Vec<u8>, BookReport) {
    let mut anthology = Anthology::new();
    for post in posts {
        anthology.add(post);
    }
    let volume = anthology.volumes(Split::None).remove(0);
    let mut book = anthology
        .book(&volume, options, std::io::Cursor::new(Vec::new()))
        .expect("book");
    for &n in volume.posts() {
        book.add(&posts[n]).expect("chapter");
    }
    let (out, report) = book.finish().expect("finished");
    (out.into_inner(), report)
}

fn embedded_images(entries: &[(String, bool, Vec<u8>)]) -> usize {
    entries
        .iter()
        .filter(|(n, _, _)| n.starts_with("OEBPS/images/"))
        .count()
}

#[test]
fn images_are_embedded_once_per_file_and_content() {
    // Issue 20, item 7: `?N` variants of one file were each read and embedded.
    let variants: Vec<String> = (1..=60)
        .map(|n| format!("https://img.example.com/big.png?{n}"))
        .collect();
    let refs: Vec<&str> = variants.iter().map(String::as_str).collect();
    let resolver = Arc::new(CountingResolver {
        reads: Default::default(),
    });
    let options = EpubOptions::default().with_images(resolver.clone());
    let posts = vec![
        post_with_images(7, 1, &refs[..30]),
        // Another URL with the same bytes: embedded once too.
        post_with_images(7, 2, &["https://cdn.example.net/png-copy.png"]),
        post_with_images(7, 3, &refs[30..]),
    ];
    let (bytes, report) = book_with_report(&posts, &options);
    let entries = check_structure(&bytes);
    assert_eq!(embedded_images(&entries), 1);
    assert_eq!(report.images_embedded, 1);
    assert_eq!(report.image_bytes, PNG.len() as u64);
    // One read for the file's sixty URLs, one for the copy elsewhere.
    assert_eq!(resolver.reads.load(std::sync::atomic::Ordering::Relaxed), 2);
    for name in ["OEBPS/post-0001.xhtml", "OEBPS/post-0002.xhtml"] {
        assert!(entry(&entries, name).contains("<img src=\"images/img-0001.png\""));
    }
}

#[test]
fn a_book_embeds_at_most_its_cap_of_image_bytes() {
    let resolver = Arc::new(CountingResolver {
        reads: Default::default(),
    });
    let cap = (JPEG.len() + GIF.len()) as u64;
    let options = EpubOptions::default()
        .with_images(resolver)
        .with_max_image_bytes(cap);
    let posts = vec![post_with_images(
        7,
        1,
        &[
            "https://img.example.com/a.jpg",
            "https://img.example.com/c.gif",
            "https://img.example.com/big.png",
        ],
    )];
    let (bytes, report) = book_with_report(&posts, &options);
    let entries = check_structure(&bytes);
    assert_eq!(embedded_images(&entries), 2);
    assert_eq!((report.images_embedded, report.images_over_cap), (2, 1));
    assert!(report.image_bytes <= cap);
    // The image over the cap keeps its link.
    assert!(entry(&entries, "OEBPS/post-0001.xhtml")
        .contains("<a href=\"https://img.example.com/big.png\">"));
}

#[test]
fn corrupt_images_fall_back_to_their_links() {
    // Issue 20, item 14: a 3-byte "JPEG" and a truncated GIF were embedded.
    let resolver = Arc::new(CountingResolver {
        reads: Default::default(),
    });
    let options = EpubOptions::default().with_images(resolver);
    let posts = vec![post_with_images(
        7,
        1,
        &[
            "https://img.example.com/tiny.jpg",
            "https://img.example.com/cut.gif",
            "https://img.example.com/missing.png",
            "https://img.example.com/c.gif",
        ],
    )];
    let (bytes, report) = book_with_report(&posts, &options);
    dump("corrupt-images.epub", &bytes);
    let entries = check_structure(&bytes);
    assert_eq!(embedded_images(&entries), 1);
    assert_eq!((report.images_embedded, report.images_failed), (1, 3));
    let chapter = entry(&entries, "OEBPS/post-0001.xhtml");
    for url in ["tiny.jpg", "cut.gif", "missing.png"] {
        assert!(
            chapter.contains(&format!("<a href=\"https://img.example.com/{url}\">")),
            "{chapter}"
        );
    }
}

#[test]
fn an_anthology_splits_into_volumes_each_a_whole_book() {
    let posts: Vec<Post> = [(8, 3), (7, 2), (8, 1), (9, 30), (7, 1)]
        .iter()
        .map(|&(month, day)| post_with_images(month, day, &[]))
        .collect();
    let mut anthology = Anthology::new();
    for post in &posts {
        anthology.add(post);
    }
    let months = anthology.volumes(Split::Month);
    let names: Vec<_> = months.iter().map(|v| v.name().unwrap_or("")).collect();
    assert_eq!(names, ["2024-07", "2024-08", "2024-09"]);
    assert_eq!(months[0].posts(), [4, 1]);
    let options = EpubOptions::default();
    for volume in &months {
        let mut book = anthology
            .book(volume, &options, std::io::Cursor::new(Vec::new()))
            .expect("book");
        for &n in volume.posts() {
            book.add(&posts[n]).expect("chapter");
        }
        let (out, report) = book.finish().expect("finished");
        let bytes = out.into_inner();
        dump(
            &format!("volume-{}.epub", volume.name().unwrap_or("")),
            &bytes,
        );
        let entries = check_structure(&bytes);
        assert_eq!(report.posts, volume.posts().len());
        let nav = entry(&entries, "OEBPS/nav.xhtml");
        // Its own posts only, under its own chapter files.
        let toc = &nav[..nav.find("landmarks").expect("landmarks")];
        assert_eq!(
            toc.matches("href=\"post-").count(),
            volume.posts().len(),
            "{nav}"
        );
        for &n in volume.posts() {
            assert!(nav.contains(&format!("post-{:04}.xhtml", n + 1)));
        }
        let opf = entry(&entries, "OEBPS/content.opf");
        assert!(opf.contains(volume.name().unwrap_or("?")), "{opf}");
    }
    let years = anthology.volumes(Split::Year);
    assert_eq!(years.len(), 1);
    assert_eq!(years[0].posts(), [4, 1, 2, 0, 3]);
    let chunks = anthology.volumes(Split::MaxPosts(2.try_into().unwrap()));
    let names: Vec<_> = chunks.iter().map(|v| v.name().unwrap_or("")).collect();
    assert_eq!(names, ["1", "2", "3"]);
    assert_eq!(chunks[2].posts(), [3]);
}

#[test]
fn a_book_writer_takes_its_posts_in_order_and_all_of_them() {
    let posts = vec![chinese_post(2, "联合早报"), chinese_post(3, "联合早报")];
    let mut anthology = Anthology::new();
    for post in &posts {
        anthology.add(post);
    }
    let volume = anthology.volumes(Split::None).remove(0);
    let options = EpubOptions::default();
    let mut book = anthology
        .book(&volume, &options, std::io::Cursor::new(Vec::new()))
        .unwrap();
    // Day 3 first: not the post expected.
    assert!(matches!(book.add(&posts[1]), Err(EpubError::Sequence(_))));
    book.add(&posts[0]).unwrap();
    assert!(matches!(book.finish(), Err(EpubError::Sequence(_))));
    // The streamed book and write_epub's are the same bytes.
    let (streamed, _) = book_with_report(&posts, &options);
    assert_eq!(streamed, build(&posts, &options));
}

/// `HttpImageResolver` against a server on loopback that this test starts.
#[cfg(feature = "fetch")]
mod fetch {
    use super::*;
    use newspost::{FetchOptions, HttpImageResolver};
    use std::io::{BufRead, BufReader, Write as _};
    use std::net::TcpListener;
    use std::time::Duration;

    const WEBP: &[u8] = include_bytes!("../fixtures/images/photo.webp");
    const ALPHA_WEBP: &[u8] = include_bytes!("../fixtures/images/alpha.webp");

    /// Serves the routes below on 127.0.0.1 until the test ends; returns the base URL.
    fn serve() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                    let mut request = String::new();
                    if reader.read_line(&mut request).is_err() {
                        return;
                    }
                    let mut line = String::new();
                    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                        line.clear();
                    }
                    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
                    let mut out = stream;
                    let reply = |out: &mut std::net::TcpStream,
                                 status: &str,
                                 kind: &str,
                                 body: &[u8]| {
                        let head = format!(
                            "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        let _ = out.write_all(head.as_bytes());
                        let _ = out.write_all(body);
                    };
                    match path.as_str() {
                        "/photo.jpg" => reply(&mut out, "200 OK", "image/jpeg", JPEG),
                        "/photo.webp" => reply(&mut out, "200 OK", "image/webp", WEBP),
                        "/alpha.webp" => reply(&mut out, "200 OK", "image/webp", ALPHA_WEBP),
                        // Sniffed, not trusted: a PNG sent as bytes is a PNG.
                        "/png-as-octets" => {
                            reply(&mut out, "200 OK", "application/octet-stream", PNG)
                        }
                        "/page-as-jpeg.jpg" => reply(
                            &mut out,
                            "200 OK",
                            "image/jpeg",
                            b"<html>not an image</html>",
                        ),
                        "/svg.svg" => reply(
                            &mut out,
                            "200 OK",
                            "image/svg+xml",
                            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
                        ),
                        "/missing.png" => reply(&mut out, "404 Not Found", "text/html", b"gone"),
                        "/slow.jpg" => {
                            std::thread::sleep(Duration::from_secs(3));
                            reply(&mut out, "200 OK", "image/jpeg", JPEG);
                        }
                        "/loop" => {
                            let _ = out.write_all(
                                b"HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                            );
                        }
                        "/moved.jpg" => {
                            let _ = out.write_all(
                                b"HTTP/1.1 301 Moved\r\nLocation: /photo.jpg\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                            );
                        }
                        "/huge.png" => {
                            // Declares nothing; sends more than the cap.
                            let _ = out.write_all(
                                b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n",
                            );
                            let _ = out.write_all(PNG);
                            let chunk = vec![0u8; 64 << 10];
                            for _ in 0..64 {
                                if out.write_all(&chunk).is_err() {
                                    break;
                                }
                            }
                        }
                        "/declared-huge.png" => {
                            let _ = out.write_all(
                                b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 1000000000\r\nConnection: close\r\n\r\n",
                            );
                        }
                        _ => reply(&mut out, "404 Not Found", "text/plain", b"no route"),
                    }
                });
            }
        });
        base
    }

    fn options() -> FetchOptions {
        FetchOptions::default()
            .with_allow_local(true)
            .with_timeout(Duration::from_millis(800))
            .with_retries(1)
            .with_max_bytes(1 << 20)
    }

    #[test]
    fn images_are_fetched_once_into_the_cache_and_failures_keep_their_links() {
        let base = serve();
        let cache = tempfile::tempdir().expect("cache");
        let good = [
            "/photo.jpg",
            "/photo.webp",
            "/alpha.webp",
            "/png-as-octets",
            "/moved.jpg",
        ];
        let bad = [
            "/slow.jpg",
            "/missing.png",
            "/loop",
            "/huge.png",
            "/declared-huge.png",
            "/page-as-jpeg.jpg",
            "/svg.svg",
        ];
        let urls: Vec<String> = good
            .iter()
            .chain(bad.iter())
            .map(|p| format!("{base}{p}"))
            .collect();
        let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
        let posts = vec![post_with_images(7, 1, &refs)];

        let resolver = Arc::new(HttpImageResolver::new(cache.path(), options()).unwrap());
        let book_options = EpubOptions::default().with_images(resolver.clone());
        let (bytes, report) = book_with_report(&posts, &book_options);
        dump("fetched-images.epub", &bytes);
        let entries = check_structure(&bytes);
        // photo.jpg and moved.jpg are one image (same bytes).
        assert_eq!(report.images_embedded, 4, "{:?}", resolver.failures());
        assert_eq!(report.images_failed, bad.len(), "{:?}", resolver.failures());
        let names: Vec<&str> = entries
            .iter()
            .map(|(n, _, _)| n.as_str())
            .filter(|n| n.starts_with("OEBPS/images/"))
            .collect();
        // WebP became JPEG (opaque) and PNG (transparent): no WebP in the book.
        assert_eq!(
            names,
            [
                "OEBPS/images/img-0001.jpg",
                "OEBPS/images/img-0002.jpg",
                "OEBPS/images/img-0003.png",
                "OEBPS/images/img-0004.png"
            ]
        );
        let opf = entry(&entries, "OEBPS/content.opf");
        assert!(!opf.contains("image/webp") && !opf.contains("image/svg"));
        let chapter = entry(&entries, "OEBPS/post-0001.xhtml");
        for path in bad {
            let uri = format!("<a href=\"{base}{path}\">");
            assert!(chapter.contains(&uri), "{path}: {chapter}");
        }
        let failures = resolver.failures();
        let reason = |path: &str| {
            failures
                .iter()
                .find(|(u, _)| u.ends_with(path))
                .map(|(_, r)| r.clone())
                .unwrap_or_default()
        };
        assert!(reason("/slow.jpg").contains("timed out"), "{failures:?}");
        assert!(reason("/missing.png").contains("404"), "{failures:?}");
        assert!(reason("/loop").contains("redirects"), "{failures:?}");
        assert!(reason("/huge.png").contains("larger than"), "{failures:?}");
        assert!(
            reason("/declared-huge.png").contains("larger than"),
            "{failures:?}"
        );
        assert!(
            reason("/page-as-jpeg.jpg").contains("not a JPEG"),
            "{failures:?}"
        );

        // A second build from the same cache: the same book, and no request but the
        // transient failure's (the slow answer, retried).
        let again = Arc::new(HttpImageResolver::new(cache.path(), options()).unwrap());
        let (second, _) =
            book_with_report(&posts, &EpubOptions::default().with_images(again.clone()));
        assert_eq!(second, bytes);
        assert_eq!(again.requests(), 2, "{:?}", again.failures());
    }

    #[test]
    fn local_addresses_are_refused_unless_allowed() {
        let base = serve();
        let cache = tempfile::tempdir().expect("cache");
        let resolver = HttpImageResolver::new(cache.path(), FetchOptions::default()).unwrap();
        assert_eq!(resolver.resolve(&format!("{base}/photo.jpg")), None);
        assert_eq!(resolver.requests(), 0);
        assert!(resolver.failures()[0].1.contains("local"));
    }
}

/// A post of the older shape (no front matter, a `日期：` line under the header) is dated
/// by that line: its chapter has the date, and the book groups it under its day instead
/// of `无日期`.
#[test]
fn a_date_line_dates_its_post_in_the_book() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/recover/duty-machine.md");
    let text = std::fs::read_to_string(path).expect("fixture");
    let post = newspost::parse(&text).expect("parses");
    let bytes = build(
        &[post, chinese_post(2, "联合早报")],
        &EpubOptions::default(),
    );
    let entries = check_structure(&bytes);
    let nav = entry(&entries, "OEBPS/nav.xhtml");
    assert!(nav.contains("2020-06-13"), "{nav}");
    assert!(!nav.contains("无日期"), "{nav}");
    let chapter = entry(&entries, "OEBPS/post-0001.xhtml");
    assert!(
        chapter.contains("datetime=\"2020-06-13T22:00:43"),
        "{chapter}"
    );
    assert!(!chapter.contains("日期："), "{chapter}");
}
