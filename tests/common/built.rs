//! Posts built in code for the converter tests: one with every block and inline type,
//! including hostile content (control characters, unsafe links, markup in text).

use std::io::Read;

use newspost::{
    Block, Cell, EmbedKind, Epoch, FrontMatter, Header, Image, Inline, ListItem, Post, PostDate,
    Row, Span,
};

pub fn text(s: &str) -> Inline {
    Inline::text(s)
}

pub fn link(href: &str, children: Vec<Inline>) -> Inline {
    Inline::Link {
        href: href.into(),
        children,
        span: Span::default(),
    }
}

pub fn para(inlines: Vec<Inline>) -> Block {
    Block::Paragraph {
        inlines,
        span: Span::default(),
    }
}

pub fn image(src: &str, alt: Option<&str>) -> Image {
    let mut image = Image::new(src);
    image.alt = alt.map(str::to_owned);
    image
}

/// A post with front matter and these blocks.
pub fn post_with(title: &str, date: &str, author: &str, from: &str, body: Vec<Block>) -> Post {
    let mut fm = FrontMatter::new();
    fm.layout = Some("post".into());
    fm.title = Some(title.into());
    fm.date = Some(PostDate::parse(date).expect("valid test date"));
    fm.author = Some(author.into());
    fm.from = Some(from.into());
    fm.categories = vec![author.into()];
    fm.tags = vec![author.into()];
    let mut post = Post::new();
    post.epoch = fm
        .date
        .as_ref()
        .map(|d| Epoch::new(d.instant().timestamp_millis()));
    post.header = Some(Header::new(title, from));
    post.front_matter = Some(fm);
    post.body = body;
    post
}

/// The texts every output must contain, for [`every_block_post`].
pub const EVERY_BLOCK_TEXTS: &[&str] = &[
    "第一段，有链接和强调。",
    "第二行",
    "图注：外景。（美联社）",
    "另一张图的图注",
    "要点一",
    "嵌套项目",
    "第二步",
    "引文第一段。",
    "引文第二段。",
    "广东",
    "66,000",
    "背景",
    "小节",
    "let x = 1 < 2 && y;",
    "文中提到 <script> 标签。",
    "危险链接",
    "嵌套",
];

/// A Chinese post with every block and inline type, relative and unsafe URLs, control
/// characters and markup in its text.
pub fn every_block_post() -> Post {
    let body = vec![
        Block::Heading {
            level: 2,
            inlines: vec![text("背景")],
            span: Span::default(),
        },
        para(vec![
            text("第一段，有"),
            link("/news/related.html", vec![text("链接")]),
            text("和"),
            Inline::Strong {
                children: vec![text("强调")],
            },
            text("。"),
        ]),
        para(vec![
            text("第一行"),
            Inline::LineBreak,
            text("第二行"),
            Inline::Emphasis {
                children: vec![text("（斜体）")],
            },
            Inline::Code {
                text: "code()".into(),
            },
        ]),
        Block::Figure {
            images: vec![image("//img.example.com/a.jpg", Some("外景"))],
            caption: vec![
                text("图注：外景。（"),
                link("https://apnews.com/", vec![text("美联社")]),
                text("）"),
            ],
            span: Span::default(),
        },
        Block::Figure {
            images: vec![
                image("images/b.png", None),
                image("https://img.example.com/c.gif", None),
            ],
            caption: vec![text("另一张图的图注")],
            span: Span::default(),
        },
        Block::Figure {
            images: vec![image("https://img.example.com/d.jpg", None)],
            caption: vec![],
            span: Span::default(),
        },
        Block::Heading {
            level: 3,
            inlines: vec![text("小节")],
            span: Span::default(),
        },
        Block::List {
            ordered: false,
            items: vec![
                ListItem::new(vec![para(vec![text("要点一")])]),
                ListItem::new(vec![
                    para(vec![text("要点二")]),
                    Block::List {
                        ordered: true,
                        items: vec![
                            ListItem::new(vec![para(vec![text("嵌套项目")])]),
                            ListItem::new(vec![para(vec![text("第二步")])]),
                        ],
                        span: Span::default(),
                    },
                ]),
            ],
            span: Span::default(),
        },
        Block::Quote {
            blocks: vec![
                para(vec![text("引文第一段。")]),
                para(vec![text("引文第二段。")]),
            ],
            span: Span::default(),
        },
        Block::Table {
            rows: vec![
                Row::new(vec![
                    Cell::new(true, vec![text("省份")]),
                    Cell::new(true, vec![text("GDP（亿元）")]),
                ]),
                Row::new(vec![
                    Cell::new(false, vec![text("广东")]),
                    Cell::new(false, vec![text("66,000")]),
                ]),
                Row::new(vec![
                    Cell::new(false, vec![text("Jiangsu")]),
                    Cell::new(false, vec![text("63,000")]),
                ]),
            ],
            span: Span::default(),
        },
        Block::Embed {
            kind: EmbedKind::Iframe,
            src: "https://www.youtube.com/embed/abc".into(),
            span: Span::default(),
        },
        Block::Embed {
            kind: EmbedKind::Video,
            src: "/video/clip.mp4".into(),
            span: Span::default(),
        },
        Block::Embed {
            kind: EmbedKind::Audio,
            src: "javascript:alert(1)".into(),
            span: Span::default(),
        },
        Block::Code {
            text: "\nlet x = 1 < 2 && y;\n</pre><script>alert(1)</script>".into(),
            span: Span::default(),
        },
        Block::Rule {
            span: Span::default(),
        },
        para(vec![text(
            "文中提到 <script> 标签。\u{1}\u{7f}\u{85}\u{2028}",
        )]),
        para(vec![
            link("javascript:alert(1)", vec![text("危险链接")]),
            text("，然后 "),
            link(
                "https://a.example/",
                vec![link("https://b.example/", vec![text("嵌套")])],
            ),
        ]),
        para(vec![text("   ")]),
    ];
    post_with(
        "标题 <b>&amp; \u{1}控制字符",
        "2024-07-03 16:00:33 +0800",
        "联合早报",
        "https://www.zaobao.com/realtime/china/story20240703-4032055",
        body,
    )
}

/// An English post.
pub fn english_post(day: u32, author: &str) -> Post {
    post_with(
        &format!("Markets rally on day {day}"),
        &format!("2024-07-{day:02}T08:00:00Z"),
        author,
        &format!("https://www.reuters.com/markets/story-{day}/"),
        vec![para(vec![text(&format!(
            "Stocks rose on day {day}, traders said."
        ))])],
    )
}

/// A Chinese post.
pub fn chinese_post(day: u32, author: &str) -> Post {
    post_with(
        &format!("股市第{day}天上涨"),
        &format!("2024-07-{day:02} 09:30:00 +0800"),
        author,
        &format!("https://www.zaobao.com/realtime/story{day}"),
        vec![para(vec![text(&format!(
            "第{day}天，股市上涨，交易员表示。"
        ))])],
    )
}

/// Every entry of a zip archive: name, whether stored, content.
pub fn unzip(bytes: &[u8]) -> Vec<(String, bool, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("an entry");
        let mut content = Vec::new();
        file.read_to_end(&mut content).expect("readable");
        let stored = file.compression() == zip::CompressionMethod::Stored;
        out.push((file.name().to_owned(), stored, content));
    }
    out
}
