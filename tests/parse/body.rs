//! The body parser on each HTML shape the archives use: fixtures under
//! `tests/fixtures/parse/shapes/`, compared through a compact outline of the blocks.

use std::fmt::Write as _;
use std::path::Path;

use newspost::{Block, Inline, Parsed};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/parse/shapes")
        .join(name);
    std::fs::read_to_string(path).expect("fixture")
}

fn parse(text: &str) -> Parsed {
    let parsed = newspost::parse_lenient(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed
}

/// Inlines as a line: `[text](href)`, `*em*`, `**strong**`, `⏎`, `` `code` ``.
fn inline_outline(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Link { href, children, .. } => {
                let _ = write!(out, "[{}]({href})", inline_outline(children));
            }
            Inline::Emphasis { children } => {
                let _ = write!(out, "*{}*", inline_outline(children));
            }
            Inline::Strong { children } => {
                let _ = write!(out, "**{}**", inline_outline(children));
            }
            Inline::LineBreak => out.push('⏎'),
            Inline::Code { text } => {
                let _ = write!(out, "`{text}`");
            }
            _ => out.push('?'),
        }
    }
    out
}

/// Blocks as lines, nested content indented.
fn outline(blocks: &[Block]) -> Vec<String> {
    let mut lines = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph { inlines, .. } => {
                lines.push(format!("p: {}", inline_outline(inlines)))
            }
            Block::Figure {
                images, caption, ..
            } => {
                let srcs: Vec<&str> = images.iter().map(|i| i.src.as_str()).collect();
                lines.push(format!(
                    "figure: {} | {}",
                    srcs.join(" "),
                    inline_outline(caption)
                ));
            }
            Block::Heading { level, inlines, .. } => {
                lines.push(format!("h{level}: {}", inline_outline(inlines)));
            }
            Block::List { ordered, items, .. } => {
                lines.push(if *ordered { "ol" } else { "ul" }.to_owned());
                for item in items {
                    lines.push("  -".to_owned());
                    lines.extend(
                        outline(&item.blocks)
                            .into_iter()
                            .map(|l| format!("    {l}")),
                    );
                }
            }
            Block::Quote { blocks, .. } => {
                lines.push("quote".to_owned());
                lines.extend(outline(blocks).into_iter().map(|l| format!("  {l}")));
            }
            Block::Table { rows, .. } => {
                lines.push("table".to_owned());
                for row in rows {
                    let cells: Vec<String> = row
                        .cells
                        .iter()
                        .map(|c| {
                            format!(
                                "{}{}",
                                if c.header { "!" } else { "" },
                                inline_outline(&c.inlines)
                            )
                        })
                        .collect();
                    lines.push(format!("  | {} |", cells.join(" | ")));
                }
            }
            Block::Embed { kind, src, .. } => lines.push(format!("embed {kind:?}: {src}")),
            Block::Code { text, .. } => lines.push(format!("code: {text:?}")),
            Block::Rule { .. } => lines.push("hr".to_owned()),
            _ => lines.push("?".to_owned()),
        }
    }
    lines
}

fn body(name: &str) -> Vec<String> {
    outline(&parse(&fixture(name)).post.body)
}

#[track_caller]
fn assert_outline(got: Vec<String>, want: &[&str]) {
    assert_eq!(got, want, "\ngot:\n{}\n", got.join("\n"));
}

#[test]
fn figures_with_captions_galleries_sibling_captions_and_bare_images() {
    assert_outline(
        body("figures.md"),
        &[
            // Wrapper divs around the img, caption in spans with a credit and a link.
            "figure: https://img.example/a.jpg | Caption [with link](https://ex.example/who?a=1&b=2). Reuters",
            "figure: https://img.example/g1.jpg https://img.example/g2.jpg | Two images",
            "figure: https://img.example/nocap.jpg | ",
            // div.figure-media followed by a sibling figcaption.
            "figure: https://img.example/fm.jpg | Sibling caption",
            "figure: https://img.example/bare.jpg | ",
            "p: Before the image",
            "figure: https://img.example/inline.jpg | ",
            "p: after the image.",
            "figure:  | Only the caption survived",
        ],
    );
    let parsed = parse(&fixture("figures.md"));
    let Block::Figure { images, .. } = &parsed.post.body[0] else {
        panic!("not a figure");
    };
    assert_eq!(images[0].alt.as_deref(), Some("A & B"));
    assert_eq!(images[0].title.as_deref(), Some("t"));
    // The image without a URL is reported and left out; its figure keeps the caption.
    assert_eq!(parsed.sourceless_images.len(), 1);
    assert_eq!(parsed.sourceless_images[0].line, 10);
}

#[test]
fn images_side_by_side_in_one_paragraph_make_one_figure() {
    let parsed = parse(
        "<div><p><img src=\"a.jpg\"> <img src=\"b.jpg\"></p><p><img src=\"c.jpg\"></p></div>",
    );
    assert_outline(
        outline(&parsed.post.body),
        &["figure: a.jpg b.jpg | ", "figure: c.jpg | "],
    );
}

#[test]
fn lazy_images_picture_noscript_and_protocol_relative_sources() {
    let got = body("lazy_images.md");
    let srcs: Vec<&str> = got
        .iter()
        .map(|l| l.trim_start_matches("figure: ").trim_end_matches(" | "))
        .collect();
    assert_eq!(
        srcs,
        [
            "https://img.example/data-src.jpg",
            "https://img.example/jetpack.jpg",
            "https://img.example/original.jpg",
            "https://img.example/actual.jpg",
            "https://img.example/url.jpg",
            "https://img.example/echo.jpg",
            "https://img.example/plain.jpg",
            "https://img.example/set-2x.jpg",
            // Found once, although the noscript fallback repeats it.
            "https://img.example/once.jpg",
            "//cdn.example/protocol-relative.jpg",
            "https://img.example/p.jpg",
            "https://img.example/only-source.webp",
        ]
    );
}

/// RFI photos (`../shared/corpus/real/waimei`): the URL is read from the JSON of
/// `data-image-dataset` (the noscript repeat is left out), or, without it, from the
/// `<noscript>` fallback, into the figure the fallback stands in.
#[test]
fn noscript_images_and_json_lazy_attributes_recover_rfi_photos() {
    let parsed = parse(&fixture("noscript_rfi.md"));
    assert_outline(
        outline(&parsed.post.body),
        &[
            "figure: https://s.rfi.fr/media/display/47a0c730-4066-11eb-951d-005056a98db9/svetlana%20parlement.jpg | 欧洲议会议长（中）与白俄罗斯异议领袖在布鲁塞尔 © John Thys/Pool via REUTERS",
            "p: 白俄罗斯当局宣布关闭边境。",
            "figure: https://s.rfi.fr/media/display/42a550b6-419c-11eb-b3c5-005056bf18d4/eb9568004c6aed1ebc5c07b793c3c36f4ba7122e.jpg | 法广存档图片：中国外长王毅",
        ],
    );
    // The placeholder `img` of the second figure is not reported: the fallback gave its URL.
    let Some(Block::Figure { images, .. }) = parsed.post.body.get(2) else {
        panic!("a figure");
    };
    assert_eq!(images[0].alt.as_deref(), Some("法广存档图片：中国外长王毅"));
    assert!(parsed.sourceless_images.is_empty());
    let urls: Vec<&str> = parsed.urls.iter().map(|u| u.attribute.as_str()).collect();
    assert_eq!(urls, ["src", "data-image-dataset", "src", "src"]);
}

/// DocumentCloud's document links and a video's screenshot exist only in `<noscript>`;
/// a fallback's repeats (the same URL percent-encoded, a lazy image), its tracking
/// pixels, its text outside links and a fallback of text alone are left out.
#[test]
fn noscript_links_join_their_paragraph_and_repeats_are_dropped() {
    let pdf = "https://assets.documentcloud.org/documents/7231661/答复2016-12-27.pdf";
    let txt = "https://assets.documentcloud.org/documents/7231661/答复2016-12-27.txt";
    let video = "https://www.youtube.com/watch?v=ctSCQU7Rfok";
    let screenshot = "https://ichef.bbci.co.uk/news/1024/socialembed/https://www.youtube.com/watch?v=ctSCQU7Rfok~/zhongwen/simp/world-53810102";
    let dw = "https://www.dw.com/zh/中美交恶到底在吵什么？/a-54272091";
    let p1 = format!("p: 责任编辑：孙芸⏎[答复2016 12 27 (PDF)]({pdf})");
    let p2 = format!("p: [答复2016 12 27 (Text)]({txt})");
    let figure = format!(
        "figure: {screenshot} | [Youtube 用户名 BBC News 中文: 肺炎疫情：為什麼台灣的防疫工作如此成功？]({video})"
    );
    let p3 = format!("p: 另见[德国之声]({dw})的报道。");
    let lazy = "figure: https://img.example/lazy.jpg | ".to_owned();
    assert_outline(body("noscript_links.md"), &[&p1, &p2, &figure, &p3, &lazy]);
}

/// A `noscript` made noise by the caller goes whole.
#[test]
fn noscript_as_noise_is_dropped_whole() {
    let mut options = newspost::ParseOptions::default();
    options
        .noise
        .push(newspost::NoiseRule::Element("noscript".into()));
    let parsed = newspost::parse_lenient_with(&fixture("noscript_links.md"), &options);
    let text: String = outline(&parsed.post.body).join("\n");
    assert!(
        !text.contains("documentcloud") && !text.contains("youtube"),
        "{text}"
    );
}

#[test]
fn urls_list_every_attribute_outside_noise_in_document_order() {
    let parsed = parse(&fixture("lazy_images.md"));
    let urls: Vec<String> = parsed
        .urls
        .iter()
        .map(|u| format!("{} {} {} {}", u.element, u.attribute, u.value, u.span.line))
        .collect();
    let gif = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
    assert_eq!(
        urls,
        [
            "img data-src https://img.example/data-src.jpg 2".to_owned(),
            "img src https://img.example/placeholder.gif 3".to_owned(),
            "img data-lazy-src https://img.example/jetpack.jpg 3".to_owned(),
            format!("img src {gif} 4"),
            "img data-original https://img.example/original.jpg 4".to_owned(),
            "img data-actualsrc https://img.example/actual.jpg 5".to_owned(),
            format!("img srcset {gif} 5"),
            "img data-url https://img.example/url.jpg 6".to_owned(),
            "img data-echo https://img.example/echo.jpg 7".to_owned(),
            "img src https://img.example/plain.jpg 8".to_owned(),
            "img data-src https://img.example/plain.jpg 8".to_owned(),
            format!("img src {gif} 9"),
            format!("img srcset {gif} 9"),
            "img srcset https://img.example/set-2x.jpg 9".to_owned(),
            format!("img src {gif} 10"),
            "img data-src https://img.example/once.jpg 11".to_owned(),
            "img src //cdn.example/protocol-relative.jpg 12".to_owned(),
            "source srcset https://img.example/p.webp 13".to_owned(),
            "source srcset https://img.example/p2.webp 13".to_owned(),
            "img src https://img.example/p.jpg 13".to_owned(),
            "source srcset https://img.example/only-source.webp 14".to_owned(),
        ]
    );
    // Only the image with nothing but a data: placeholder has no source.
    let lines: Vec<u32> = parsed.sourceless_images.iter().map(|s| s.line).collect();
    assert_eq!(lines, [10]);
}

#[test]
fn bare_text_breaks_nested_wrappers_entities_and_empty_paragraphs() {
    assert_outline(
        body("paragraphs.md"),
        &[
            "p: Bare text directly in the body, split by two breaks.",
            "p: Second bare paragraph with NBSP⏎and a single break.",
            "p: Inside \u{201c}nested\u{201d} wrappers & entities: 中中 <b>",
            "p: Indented with U+3000, zero\u{200b}width\u{200b}space kept.",
            "p: Text that mentions <script>alert(1)</script> and <iframe> is kept.",
        ],
    );
}

/// U+2028 is a line break and U+2029 ends a paragraph (where one can end), as the
/// `control-character` fix writes them.
#[test]
fn line_and_paragraph_separators_are_breaks() {
    let parsed = parse(
        "<div><p>“走。”\u{2029}<b>“留下。”\u{2028}他说。</b></p>\
         一\u{2029}二<h2>标\u{2029}题</h2><ul><li>甲\u{2029}乙</li></ul></div>",
    );
    assert_outline(
        outline(&parsed.post.body),
        &[
            "p: “走。”",
            "p: **“留下。”⏎他说。**",
            "p: 一",
            "p: 二",
            "h2: 标⏎题",
            "ul",
            "  -",
            "    p: 甲",
            "    p: 乙",
        ],
    );
}

#[test]
fn headings_lists_quotes_tables_embeds_code_and_rules() {
    assert_outline(
        body("blocks.md"),
        &[
            "h1: One",
            "h2: **Two** strong",
            "h3: Three",
            "h4: Four",
            "h5: Five",
            "h6: Six",
            "ul",
            "  -",
            "    p: First **item**",
            "  -",
            "    p: Second",
            "    ol",
            "      -",
            "        p: Nested one",
            "      -",
            "        p: Nested two",
            "  -",
            "    p: Para in item",
            "  -",
            // Inline content of an item is one paragraph, even with a blank line in it.
            "    p: Line one⏎⏎line two",
            "quote",
            "  p: Quoted paragraph.",
            "  p: Another.",
            "quote",
            "  p: Bare quote text",
            "table",
            "  | !Name | !Value |",
            "  | a | 1.5% |",
            "  | b⏎c |  |",
            "embed Iframe: https://www.youtube.com/embed/xyz",
            "embed Video: https://video.example/v.mp4",
            "embed Video: https://video.example/direct.mp4",
            "embed Audio: https://audio.example/a.mp3",
            "code: \"  line one\\n    line two & bold\\n\"",
            "hr",
        ],
    );
}

#[test]
fn inline_elements_map_to_the_model_and_other_wrappers_unwrap() {
    assert_outline(
        body("inlines.md"),
        &[
            "p: Plain [link *em*](https://ex.example/a), *em* *i* **strong** **b** line⏎break `x < y` span u font small x2 no href.",
            "p: Only ***nested*** content",
        ],
    );
}

#[test]
fn noise_goes_with_everything_inside_it() {
    let text = fixture("noise.md");
    let parsed = parse(&text);
    assert_outline(
        outline(&parsed.post.body),
        &["p: Kept one.", "p: Kept two."],
    );
    let json = newspost::to_json_string(&parsed.post);
    for noise in [
        "googletag",
        "ADVERTISEMENT",
        "ads.example",
        "Subscribe",
        "schema.org",
        "hidden",
        "color",
    ] {
        assert!(!json.contains(noise), "{noise} in {json}");
    }
    assert!(parsed.urls.is_empty(), "{:?}", parsed.urls);
}

#[test]
fn custom_noise_rules_apply_and_no_rules_keep_everything_but_scripts() {
    let html = "<div><p>a</p><div class=\"related\"><p>b</p></div><script>c</script></div>";
    let mut options = newspost::ParseOptions::default();
    options
        .noise
        .push(newspost::NoiseRule::Class("related".into()));
    let post = newspost::parse_with(html, &options).expect("parses");
    assert_outline(outline(&post.body), &["p: a"]);
    options.noise = newspost::NoiseRules::empty();
    // Not noise, `div.related` is page furniture: kept, marked.
    let post = newspost::parse_with(html, &options).expect("parses");
    assert!(matches!(
        &post.body[1],
        newspost::Block::Furniture { kind: newspost::FurnitureKind::Related, blocks, .. }
            if outline(blocks) == ["p: b"]
    ));
    options.furniture = newspost::FurnitureRules::none();
    let post = newspost::parse_with(html, &options).expect("parses");
    assert_outline(outline(&post.body), &["p: a", "p: b"]);
}

/// `⟨…⟩` marks in the text are where spans must start; they are removed before parsing.
fn marked(text: &str) -> (String, Vec<(u32, u32)>) {
    let mut clean = String::new();
    let mut marks = Vec::new();
    let (mut line, mut column) = (1, 1);
    for c in text.chars() {
        match c {
            '⟨' => marks.push((line, column)),
            '\n' => {
                clean.push(c);
                line += 1;
                column = 1;
            }
            c => {
                clean.push(c);
                column += 1;
            }
        }
    }
    (clean, marks)
}

#[test]
fn blocks_images_and_links_point_at_their_start_tags() {
    let (text, marks) = marked(concat!(
        "---\ntitle: x\n---\n<!--0-->\n[x](https://x.example/)\n------\n\n",
        "<div>\n",
        "⟨<p>one</p>\n",
        "  ⟨<p>中文 ⟨<a href=\"https://a.example/\">link</a></p>\n",
        "⟨<figure><div>⟨<img src=\"https://img.example/x.jpg\"></div></figure>⟨<h2>title</h2>\n",
        "<ul><li>⟨<b>x</b></li></ul>⟨<blockquote><p>q</p></blockquote>\n",
        "\n  ⟨Bare text, <i>then</i> more.\n",
        "</div>\n",
    ));
    let parsed = parse(&text);
    let body = &parsed.post.body;
    let mut got = Vec::new();
    let pos = |s: newspost::Span| (s.line, s.column);
    got.push(pos(body[0].span()));
    got.push(pos(body[1].span()));
    if let Block::Paragraph { inlines, .. } = &body[1] {
        if let Some(Inline::Link { span, .. }) = inlines.get(1) {
            got.push(pos(*span));
        }
    }
    got.push(pos(body[2].span()));
    if let Block::Figure { images, .. } = &body[2] {
        got.push(pos(images[0].span));
    }
    got.push(pos(body[3].span()));
    if let Block::List { items, .. } = &body[4] {
        // An item has no span of its own; its paragraph starts at its first content.
        got.push(pos(items[0].blocks[0].span()));
    }
    got.push(pos(body[5].span()));
    got.push(pos(body[6].span()));
    assert_eq!(got, marks);
    // Spans cover the start tag, in file offsets.
    let img = parsed
        .urls
        .iter()
        .find(|u| u.element == "img")
        .expect("img url");
    assert_eq!(
        &text[img.span.range()],
        "<img src=\"https://img.example/x.jpg\">"
    );
    assert_eq!(parsed.urls[0].element, "a");
    assert_eq!(
        &text[parsed.urls[0].span.range()],
        "<a href=\"https://a.example/\">"
    );
}

/// Every block, image and link of every fixture has a known span, and an element's span
/// is its start tag.
#[test]
fn every_block_image_and_link_has_a_span_in_the_file() {
    fn inlines(text: &str, content: &[Inline]) {
        for inline in content {
            match inline {
                Inline::Link { span, children, .. } => {
                    assert!(text[span.range()].starts_with("<a "), "{span:?}");
                    inlines(text, children);
                }
                Inline::Emphasis { children } | Inline::Strong { children } => {
                    inlines(text, children)
                }
                _ => {}
            }
        }
    }
    fn blocks(text: &str, blocks_: &[Block]) {
        for block in blocks_ {
            let span = block.span();
            assert!(span.is_known() && span.end > span.start, "{block:?}");
            match block {
                Block::Paragraph { inlines: i, .. } | Block::Heading { inlines: i, .. } => {
                    inlines(text, i)
                }
                Block::Figure {
                    images, caption, ..
                } => {
                    for image in images {
                        let tag = &text[image.span.range()];
                        assert!(
                            tag.starts_with("<img") || tag.starts_with("<source"),
                            "{tag}"
                        );
                    }
                    inlines(text, caption);
                }
                Block::List { items, .. } => {
                    for item in items {
                        blocks(text, &item.blocks);
                    }
                }
                Block::Quote { blocks: b, .. } => blocks(text, b),
                Block::Table { rows, .. } => {
                    for cell in rows.iter().flat_map(|r| &r.cells) {
                        inlines(text, &cell.inlines);
                    }
                }
                _ => assert!(text[span.range()].starts_with('<'), "{block:?}"),
            }
        }
    }
    for name in [
        "figures.md",
        "lazy_images.md",
        "paragraphs.md",
        "blocks.md",
        "inlines.md",
        "noise.md",
    ] {
        let text = fixture(name);
        let post = parse(&text).post;
        assert!(!post.body.is_empty());
        blocks(&text, &post.body);
    }
}
