//! The rules that read the body, end to end from text: `body-empty`, `image-missing-src`,
//! and the URL rules on image sources and body links.

use newspost::Diagnostic;

use crate::common::linter;

const HEAD: &str = "---\n\
title: \"习近平：中国支持哈萨克斯坦\"\n\
date: 2024-07-03T08:00:33.000Z\n\
from: https://www.zaobao.com/realtime/china/story20240703-4032055\n\
---\n\
<!--1719993633000-->\n\
[习近平：中国支持哈萨克斯坦](https://www.zaobao.com/realtime/china/story20240703-4032055)\n\
------\n\n";

fn post(body: &str) -> String {
    format!("{HEAD}<div>\n{body}\n</div>\n")
}

fn lint(text: &str) -> Vec<Diagnostic> {
    linter().check("2024-07-03-x.md", text)
}

fn rules(text: &str) -> Vec<&'static str> {
    lint(text).iter().map(|d| d.rule).collect()
}

#[test]
fn a_body_with_text_passes_every_rule() {
    let text = post(
        "<figure><img src=\"https://e.com/a.jpg\"><figcaption>图说</figcaption></figure>\n\
         <p>第一段，<a href=\"https://e.com/b\">链接</a>。</p>\n\
         <p><img src=\"data:image/gif;base64,R0lGOD\" data-src=\"https://e.com/c.jpg\"></p>\n\
         <p><img class=\"lazy\" data-original=\"https://e.com/d.jpg\"></p>\n\
         <p><a href=\"#top\">回到顶部</a></p>",
    );
    assert_eq!(rules(&text), Vec::<&str>::new());
}

#[test]
fn body_empty_flags_bodies_with_nothing_to_read_or_see() {
    for body in [
        "",
        "<p></p><p> </p><p>&nbsp;</p>",
        "<script>var a = '<p>x</p>';</script><div id=\"dfp-ad-imu1\"><p>ADVERTISEMENT</p></div>",
        "<hr><p><br></p>",
    ] {
        assert_eq!(rules(&post(body)), ["body-empty"], "{body}");
    }
    // Anything a reader sees is content: text, an image with a URL, an embed.
    for body in [
        "<blockquote><p>引文</p></blockquote>",
        "<figure><img src=\"https://e.com/a.jpg\"></figure>",
        "<p><img src=\"https://e.com/scan-1.jpg\"></p><p><img src=\"https://e.com/scan-2.jpg\"></p>",
        "<p><iframe src=\"https://www.youtube.com/embed/x\"></iframe></p>",
        "<video src=\"https://e.com/v.mp4\"></video>",
        "<h3>只有标题</h3>",
    ] {
        assert_eq!(rules(&post(body)), Vec::<&str>::new(), "{body}");
    }
}

#[test]
fn image_missing_src_flags_images_without_any_url() {
    let text = post("<p>正文</p><p><img alt=\"示威者\" class=\"lazyload\"></p>");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, "image-missing-src");
    let line = text.lines().position(|l| l.contains("<img")).map(|i| i + 1);
    assert_eq!(Some(found[0].line() as usize), line);
    let placeholder = post("<p>正文</p><p><img src=\"data:image/gif;base64,R0lGOD\"></p>");
    assert_eq!(rules(&placeholder), ["image-missing-src"]);
}

#[test]
fn url_rules_read_body_links_and_image_sources() {
    let text = post(
        "<p>正文<a href=\"javascript:alert(1)\">点此</a></p>\n\
         <p><a href=\"/realtime/world/story20210508-7245991\">相关</a></p>\n\
         <figure><img src=\"//static.zaobao.com.sg/a.jpg\"><figcaption>图</figcaption></figure>\n\
         <p><a href=\"http://bad host/x\">坏</a><a href=\"mailto:news@e.com\">信</a></p>",
    );
    let found = lint(&text);
    let summary: Vec<(&str, &str)> = found
        .iter()
        .map(|d| (d.rule, text.get(d.span.range()).unwrap_or_default()))
        .collect();
    assert_eq!(
        summary,
        [
            ("url-scheme", "javascript:alert(1)"),
            ("url-relative", "/realtime/world/story20210508-7245991"),
            ("url-relative", "//static.zaobao.com.sg/a.jpg"),
            ("url-invalid", "http://bad host/x"),
            ("url-scheme", "mailto:news@e.com"),
        ]
    );
    assert!(found[2]
        .message
        .contains("resolves to https://static.zaobao.com.sg/a.jpg"));
}
