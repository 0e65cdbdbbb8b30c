//! Proptest strategies for *canonical* posts: posts the parser can produce, so that
//! `parse(write(post)) == post` must hold for every one of them. Shared by every property
//! test through `common::strategies`.
//!
//! Canonical body content, as the parser builds it: text runs have white space collapsed
//! to single spaces and trimmed at the ends of each block, adjacent text runs are merged,
//! no text run is empty, line breaks neither start nor end a block, never follow one
//! another and have no space beside them, containers are not empty, links do not nest,
//! images have a non-empty `src` that is not a `data:` placeholder.

use chrono::NaiveDate;
use indexmap::IndexMap;
use newspost::visit::{visit_blocks, Visit};
use newspost::{
    Block, Cell, EmbedKind, Epoch, FrontMatter, FurnitureKind, Header, Image, Inline, ListItem,
    Post, PostDate, Row, Span,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::Value;

pub mod soup;

/// A proptest configuration with `cases` cases (the `PROPTEST_CASES` environment variable
/// overrides it, for long runs) whose failures persist in `file` (a path under
/// `proptest-regressions/`, committed, so a failing seed is replayed first next time).
pub fn config(cases: u32, file: &'static str) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(file))),
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------

/// One word of body text: no white space, no control characters; ASCII, accents, CJK,
/// emoji, quotes, colons and the characters HTML and Markdown give a meaning to.
pub fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9]{1,8}",
        2 => "[中国新闻联合早报习近平：，。「」《》]{1,6}",
        1 => "[😀🎉🇸🇬👍🏽❤️]{1,3}",
        2 => "[\"'“”‘’:;#&<>\\[\\]()*_`~|{}=!?/\\\\@$%^+.,-]{1,4}",
        1 => "[éèüßøñçÅΩЖж]{1,5}",
        1 => "(&amp;|&lt;|&nbsp;|<!--|-->|\\]\\(|<p>|</div>|---)",
    ]
}

/// Words joined by single spaces, with no space at either end.
pub fn phrase(max_words: usize) -> impl Strategy<Value = String> {
    vec(word(), 1..=max_words).prop_map(|words| words.join(" "))
}

/// Text that may hold anything a YAML string can: leading and trailing blanks, newlines,
/// tabs, control characters, quotes, `#`, `: `, emoji, YAML keywords and numbers.
pub fn yaml_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => phrase(6),
        1 => any::<String>(),
        1 => "(true|True|null|~|yes|no|1|0x1F|1e3|-|- x|\\? x|&a|\\*a|!tag x|%x|@x|`x|\\|x|>x)",
        1 => "[ \t\n\r\\\\\"'#:,\\[\\]{}a-z中😀\u{85}\u{2028}\u{feff}\u{7f}\u{1}]{0,12}",
    ]
}

/// A URL, as articles and images use them: absolute http(s), protocol-relative, relative,
/// with query, fragment, non-ASCII path and percent escapes.
pub fn url() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            3 => Just("https://"),
            1 => Just("http://"),
            1 => Just("//"),
            1 => Just("/"),
            1 => Just(""),
        ],
        "[a-z]{1,8}\\.(com|sg|cn|example)",
        vec("[a-zA-Z0-9_%-]{1,8}|中文|%E4%B8%AD", 0..4),
        proptest::option::of("[a-z]{1,4}=[a-z0-9&;]{0,6}"),
    )
        .prop_map(|(scheme, host, path, query)| {
            let mut url = if scheme.is_empty() || scheme == "/" {
                scheme.to_owned()
            } else {
                format!("{scheme}{host}/")
            };
            url.push_str(&path.join("/"));
            if url.is_empty() {
                url.push_str("x.jpg");
            }
            if let Some(query) = query {
                url.push('?');
                url.push_str(&query);
            }
            url
        })
}

/// An absolute https URL (what a valid post's `from`, links and images use).
pub fn absolute_url() -> impl Strategy<Value = String> {
    (
        "[a-z]{1,8}\\.(com|sg|cn|example)",
        vec("[a-zA-Z0-9_-]{1,8}", 0..4),
    )
        .prop_map(|(host, path)| format!("https://{host}/{}", path.join("/")))
}

// ---------------------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------------------

/// A date in one of the forms [`PostDate::parse`] accepts, with its offset or none.
pub fn post_date() -> impl Strategy<Value = PostDate> {
    post_date_in(1000..=9999)
}

/// [`post_date`] with the year in `years`.
pub fn post_date_in(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = PostDate> {
    (
        (years, 1u32..=12, 1u32..=31),
        any::<bool>(), // one-digit month and day where possible
        prop_oneof![Just("T"), Just("t"), Just(" "), Just("  "), Just("\t")],
        proptest::option::weighted(
            0.8,
            (
                0u32..24,
                0u32..60,
                0u32..60,
                time_precision(),
                any::<bool>(),
            ),
        ),
        offset(),
    )
        .prop_filter_map(
            "not a calendar day",
            |((year, month, day), short, separator, time, offset)| {
                NaiveDate::from_ymd_opt(year, month, day)?;
                let mut text = if short {
                    format!("{year:04}-{month}-{day}")
                } else {
                    format!("{year:04}-{month:02}-{day:02}")
                };
                if let Some((hour, minute, second, precision, short_hour)) = time {
                    text.push_str(separator);
                    if short_hour {
                        text.push_str(&hour.to_string());
                    } else {
                        text.push_str(&format!("{hour:02}"));
                    }
                    text.push_str(&format!(":{minute:02}"));
                    match precision {
                        TimePrecision::Minute => {}
                        TimePrecision::Second => text.push_str(&format!(":{second:02}")),
                        TimePrecision::Fraction(digits) => {
                            text.push_str(&format!(":{second:02}."));
                            text.push_str(&digits);
                        }
                    }
                    text.push_str(offset.as_str());
                }
                PostDate::parse(&text).ok()
            },
        )
}

/// How much of a time a generated date writes.
#[derive(Debug, Clone)]
pub enum TimePrecision {
    Minute,
    Second,
    Fraction(String),
}

fn time_precision() -> impl Strategy<Value = TimePrecision> {
    prop_oneof![
        Just(TimePrecision::Minute),
        Just(TimePrecision::Second),
        "[0-9]{1,12}".prop_map(TimePrecision::Fraction),
    ]
}

/// Every offset form: none, `Z`, ` UTC`, ` GMT`, `±HH:MM`, ` ±HHMM`, `±HH`.
fn offset() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("Z".to_owned()),
        Just("z".to_owned()),
        Just(" UTC".to_owned()),
        Just(" GMT".to_owned()),
        (
            prop_oneof![Just(""), Just(" ")],
            prop_oneof![Just('+'), Just('-')],
            0u32..24,
            0u32..60,
            prop_oneof![Just(":"), Just("")],
        )
            .prop_map(|(space, sign, h, m, colon)| format!("{space}{sign}{h:02}{colon}{m:02}")),
        (prop_oneof![Just('+'), Just('-')], 0u32..24).prop_map(|(sign, h)| format!("{sign}{h:02}")),
    ]
}

const KNOWN_KEYS: [&str; 9] = [
    "layout",
    "title",
    "date",
    "author",
    "from",
    "tags",
    "categories",
    "comments",
    "spans",
];

/// A key of `extra`: not one of the known fields.
fn extra_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z_][a-z0-9_]{0,10}",
        1 => "[图片来源😀]{1,4}",
        1 => "[a-z]{1,4}[: #-][a-z]{1,4}",
        1 => "(1|true|null|~|- x|\"q\"|'q')",
    ]
    .prop_filter("known key", |k| !KNOWN_KEYS.contains(&k.as_str()))
}

/// A value of an `extra` key: scalars, lists and mappings with string keys.
fn yaml_value() -> impl Strategy<Value = Value> {
    yaml_value_of(yaml_text().boxed())
}

/// [`yaml_value`] with strings from `text`.
fn yaml_value_of(text: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        (-1.0e12f64..1.0e12).prop_map(Value::from),
        text.prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec(("[a-z中]{1,5}", inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// A front matter: every field present or absent, unicode titles with quotes, colons and
/// emoji, every date form, and extra keys.
pub fn front_matter() -> impl Strategy<Value = FrontMatter> {
    (
        proptest::option::of(prop_oneof![Just("post".to_owned()), yaml_text()]),
        proptest::option::of(yaml_text()),
        proptest::option::of(post_date()),
        proptest::option::of(yaml_text()),
        proptest::option::of(prop_oneof![url(), yaml_text()]),
        vec(yaml_text(), 0..4),
        vec(yaml_text(), 0..3),
        proptest::option::of(any::<bool>()),
        vec((extra_key(), yaml_value()), 0..4),
    )
        .prop_map(
            |(layout, title, date, author, from, tags, categories, comments, extra)| {
                let mut fm = FrontMatter::new();
                fm.layout = layout;
                fm.title = title;
                fm.date = date;
                fm.author = author;
                fm.from = from;
                fm.tags = tags;
                fm.categories = categories;
                fm.comments = comments;
                fm.extra = extra.into_iter().collect::<IndexMap<_, _>>();
                fm
            },
        )
}

/// A header: a one-line title (it may hold `](`) and a URL without `](`.
pub fn header() -> impl Strategy<Value = Header> {
    (phrase(6), url()).prop_map(|(title, url)| Header::new(title, url))
}

// ---------------------------------------------------------------------------------------
// Body
// ---------------------------------------------------------------------------------------

/// Inline content before canonicalisation: any tree of inlines, links not nested.
fn raw_inlines(depth: u32, in_link: bool) -> BoxedStrategy<Vec<Inline>> {
    let text = prop_oneof![
        6 => phrase(5),
        1 => phrase(3).prop_map(|p| format!(" {p}")),
        1 => phrase(3).prop_map(|p| format!("{p} ")),
        1 => Just(" ".to_owned()),
    ]
    .prop_map(Inline::text);
    let leaf = prop_oneof![
        8 => text,
        1 => Just(Inline::LineBreak),
        1 => phrase(3).prop_map(|text| Inline::Code { text }),
    ];
    if depth == 0 {
        return vec(leaf, 1..5).boxed();
    }
    let children = raw_inlines(depth - 1, in_link);
    let link_children = raw_inlines(depth - 1, true);
    let container = if in_link {
        prop_oneof![
            children
                .clone()
                .prop_map(|children| Inline::Emphasis { children }),
            children.prop_map(|children| Inline::Strong { children }),
        ]
        .boxed()
    } else {
        prop_oneof![
            children
                .clone()
                .prop_map(|children| Inline::Emphasis { children }),
            children.prop_map(|children| Inline::Strong { children }),
            (url(), link_children).prop_map(|(href, children)| Inline::Link {
                href,
                children,
                span: Span::default(),
            }),
        ]
        .boxed()
    };
    vec(prop_oneof![4 => leaf, 1 => container], 1..5).boxed()
}

/// Canonical, non-empty inline content.
pub fn inlines() -> impl Strategy<Value = Vec<Inline>> {
    raw_inlines(2, false)
        .prop_map(canonical_inlines)
        .prop_filter("empty", |v| !v.is_empty())
}

/// Makes inline content canonical, as the parser would build it from the written HTML.
pub fn canonical_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    loop {
        let before = inlines.clone();
        collapse_spaces(&mut inlines);
        let mut at_break_or_end = true;
        trim_before_breaks(&mut inlines, &mut at_break_or_end);
        let mut after_break_or_start = true;
        trim_after_breaks(&mut inlines, &mut after_break_or_start);
        prune(&mut inlines);
        let mut previous_was_break = true;
        drop_extra_breaks(&mut inlines, &mut previous_was_break);
        drop_trailing_break(&mut inlines);
        prune(&mut inlines);
        if inlines == before {
            return inlines;
        }
    }
}

fn collapse_spaces(inlines: &mut [Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => {
                let mut out = String::with_capacity(text.len());
                for c in text.chars() {
                    if !(c == ' ' && out.ends_with(' ')) {
                        out.push(c);
                    }
                }
                *text = out;
            }
            Inline::Link { children, .. }
            | Inline::Emphasis { children }
            | Inline::Strong { children } => collapse_spaces(children),
            Inline::LineBreak | Inline::Code { .. } => {}
            _ => {}
        }
    }
}

/// Forward pass: a text after a space, a line break or the block start loses its leading
/// space.
fn trim_after_breaks(inlines: &mut [Inline], after_space: &mut bool) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => {
                if *after_space {
                    *text = text.trim_start_matches(' ').to_owned();
                }
                if !text.is_empty() {
                    *after_space = text.ends_with(' ');
                }
            }
            Inline::LineBreak => *after_space = true,
            Inline::Code { .. } => *after_space = false,
            Inline::Link { children, .. }
            | Inline::Emphasis { children }
            | Inline::Strong { children } => trim_after_breaks(children, after_space),
            _ => {}
        }
    }
}

/// Backward pass: a text before a line break or the block end loses its trailing space.
fn trim_before_breaks(inlines: &mut [Inline], before_break: &mut bool) {
    for inline in inlines.iter_mut().rev() {
        match inline {
            Inline::Text { text } => {
                if *before_break {
                    *text = text.trim_end_matches(' ').to_owned();
                }
                if !text.is_empty() {
                    *before_break = false;
                }
            }
            Inline::LineBreak => *before_break = true,
            Inline::Code { .. } => *before_break = false,
            Inline::Link { children, .. }
            | Inline::Emphasis { children }
            | Inline::Strong { children } => trim_before_breaks(children, before_break),
            _ => {}
        }
    }
}

/// Drops a line break at the block start or right after another one (in document order).
fn drop_extra_breaks(inlines: &mut Vec<Inline>, previous_was_break: &mut bool) {
    let mut kept = Vec::with_capacity(inlines.len());
    for mut inline in inlines.drain(..) {
        match &mut inline {
            Inline::LineBreak => {
                if *previous_was_break {
                    continue;
                }
                *previous_was_break = true;
            }
            Inline::Link { children, .. }
            | Inline::Emphasis { children }
            | Inline::Strong { children } => drop_extra_breaks(children, previous_was_break),
            _ => *previous_was_break = false,
        }
        kept.push(inline);
    }
    *inlines = kept;
}

/// Drops a line break that is the last leaf of the content.
fn drop_trailing_break(inlines: &mut Vec<Inline>) {
    match inlines.last_mut() {
        Some(Inline::LineBreak) => {
            inlines.pop();
        }
        Some(Inline::Link { children, .. })
        | Some(Inline::Emphasis { children })
        | Some(Inline::Strong { children }) => drop_trailing_break(children),
        _ => {}
    }
}

/// Removes empty texts and empty containers, and merges adjacent texts.
fn prune(inlines: &mut Vec<Inline>) {
    let mut kept: Vec<Inline> = Vec::with_capacity(inlines.len());
    for mut inline in inlines.drain(..) {
        match &mut inline {
            Inline::Text { text } if text.is_empty() => continue,
            Inline::Link { children, .. }
            | Inline::Emphasis { children }
            | Inline::Strong { children } => {
                prune(children);
                if children.is_empty() {
                    continue;
                }
            }
            _ => {}
        }
        if let (Some(Inline::Text { text: last }), Inline::Text { text }) =
            (kept.last_mut(), &inline)
        {
            last.push_str(text);
            continue;
        }
        kept.push(inline);
    }
    *inlines = kept;
}

/// An image with a `src` and optional `alt` and `title`.
pub fn image() -> impl Strategy<Value = Image> {
    (
        url(),
        proptest::option::of(prop_oneof![3 => phrase(5), 1 => Just(String::new())]),
        proptest::option::of(phrase(4)),
    )
        .prop_map(|(src, alt, title)| {
            let mut image = Image::new(src);
            image.alt = alt;
            image.title = title;
            image
        })
}

/// Text of a `pre` block: several lines, blanks kept, no carriage returns.
fn code_text() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![
            4 => phrase(6),
            1 => "[ \t]{0,4}[a-z(){};=<>&\"]{1,10}",
            1 => Just(String::new()),
        ],
        1..5,
    )
    .prop_map(|lines| lines.join("\n"))
    .prop_filter("empty", |t| !t.trim().is_empty())
}

/// A leaf block (no nested blocks).
fn leaf_block() -> impl Strategy<Value = Block> {
    prop_oneof![
        6 => inlines().prop_map(|inlines| Block::Paragraph { inlines, span: Span::default() }),
        2 => (vec(image(), 0..4), proptest::option::of(inlines()))
            .prop_filter("an empty figure", |(images, caption)| {
                !images.is_empty() || caption.is_some()
            })
            .prop_map(|(images, caption)| Block::Figure {
                images,
                caption: caption.unwrap_or_default(),
                span: Span::default(),
            }),
        2 => (1u8..=6, inlines()).prop_map(|(level, inlines)| Block::Heading {
            level,
            inlines,
            span: Span::default(),
        }),
        1 => vec(vec((any::<bool>(), inlines()), 1..4), 1..4).prop_map(|rows| Block::Table {
            rows: rows
                .into_iter()
                .map(|cells| {
                    Row::new(
                        cells
                            .into_iter()
                            .map(|(header, inlines)| Cell::new(header, inlines))
                            .collect(),
                    )
                })
                .collect(),
            span: Span::default(),
        }),
        1 => (
            prop_oneof![Just(EmbedKind::Iframe), Just(EmbedKind::Video), Just(EmbedKind::Audio)],
            url(),
        )
            .prop_map(|(kind, src)| Block::Embed { kind, src, span: Span::default() }),
        1 => code_text().prop_map(|text| Block::Code { text, span: Span::default() }),
        1 => Just(Block::Rule { span: Span::default() }),
    ]
}

/// A block, lists and quotes nesting up to `depth` levels.
pub fn block(depth: u32) -> impl Strategy<Value = Block> {
    leaf_block().prop_recursive(depth, 24, 3, |inner| {
        prop_oneof![
            (any::<bool>(), vec(vec(inner.clone(), 1..3), 1..4)).prop_map(|(ordered, items)| {
                Block::List {
                    ordered,
                    items: items.into_iter().map(ListItem::new).collect(),
                    span: Span::default(),
                }
            }),
            vec(inner, 1..4).prop_map(|blocks| Block::Quote {
                blocks,
                span: Span::default(),
            }),
        ]
    })
}

/// A body: a few blocks of every kind, lists and quotes nested a few levels.
pub fn body() -> impl Strategy<Value = Vec<Block>> {
    vec(block(4), 0..6)
}

// ---------------------------------------------------------------------------------------
// Posts
// ---------------------------------------------------------------------------------------

/// An epoch comment: any non-negative number of milliseconds.
pub fn epoch() -> impl Strategy<Value = Epoch> {
    prop_oneof![
        3 => 0i64..4_102_444_800_000,
        1 => 0i64..=i64::MAX,
    ]
    .prop_map(Epoch::new)
}

/// A canonical post with every part present or absent.
pub fn post() -> impl Strategy<Value = Post> {
    (
        proptest::option::of(front_matter()),
        proptest::option::of(epoch()),
        proptest::option::of(header()),
        body(),
    )
        .prop_map(|(front_matter, epoch, header, body)| {
            let mut post = Post::new();
            post.front_matter = front_matter;
            post.epoch = epoch;
            post.header = header;
            post.body = body;
            post
        })
}

/// A canonical post without a body (the parts the body parser does not touch).
pub fn post_without_body() -> impl Strategy<Value = Post> {
    post().prop_map(|mut post| {
        post.body.clear();
        post
    })
}

/// The words of every paragraph and figure caption of `blocks` (nested ones included),
/// one list per block: the text of each text run and inline code split at spaces, in
/// document order. Words never straddle an inline boundary, so a renderer may mark
/// emphasis or number links between them.
pub fn paragraph_and_caption_words(blocks: &[Block]) -> Vec<Vec<String>> {
    /// One list per paragraph or captioned figure outside furniture; `open` while
    /// inside one (they hold no blocks, so no nesting to track).
    #[derive(Default)]
    struct Words {
        out: Vec<Vec<String>>,
        open: bool,
    }
    impl<'a> Visit<'a> for Words {
        fn enter_block(&mut self, block: &'a Block, furniture: Option<FurnitureKind>) {
            self.open = furniture.is_none()
                && match block {
                    Block::Paragraph { .. } => true,
                    Block::Figure { caption, .. } => !caption.is_empty(),
                    _ => false,
                };
            if self.open {
                self.out.push(Vec::new());
            }
        }
        fn leave_block(&mut self, _: &'a Block, _: Option<FurnitureKind>) {
            self.open = false;
        }
        fn text(&mut self, text: &'a str, _: Option<FurnitureKind>) {
            if let (true, Some(words)) = (self.open, self.out.last_mut()) {
                words.extend(text.split(' ').filter(|w| !w.is_empty()).map(str::to_owned));
            }
        }
    }
    let mut words = Words::default();
    visit_blocks(blocks, &mut words);
    words.out
}

// ---------------------------------------------------------------------------------------
// Valid posts (no lint diagnostics)
// ---------------------------------------------------------------------------------------

/// The "now" the lint properties run at, so that generated dates are never in the future.
pub fn lint_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default() // 2026-01-01
}

/// Makes every URL of the body absolute (`https://example.com/…`), as a valid post has.
pub fn absolutize(blocks: &mut [Block]) {
    fn fix(url: &mut String) {
        if url.starts_with("http://") || url.starts_with("https://") {
            return;
        }
        *url = match url.strip_prefix("//") {
            Some(rest) => format!("https://{rest}"),
            None => format!("https://example.com/{}", url.trim_start_matches('/')),
        };
    }
    fn inlines(items: &mut [Inline]) {
        for inline in items {
            match inline {
                Inline::Link { href, children, .. } => {
                    fix(href);
                    inlines(children);
                }
                Inline::Emphasis { children } | Inline::Strong { children } => inlines(children),
                _ => {}
            }
        }
    }
    for block in blocks {
        match block {
            Block::Paragraph { inlines: i, .. } | Block::Heading { inlines: i, .. } => inlines(i),
            Block::Figure {
                images, caption, ..
            } => {
                for image in images.iter_mut() {
                    fix(&mut image.src);
                }
                inlines(caption);
            }
            Block::List { items, .. } => {
                for item in items.iter_mut() {
                    absolutize(&mut item.blocks);
                }
            }
            Block::Quote { blocks, .. } => absolutize(blocks),
            Block::Table { rows, .. } => {
                for row in rows.iter_mut() {
                    for cell in row.cells.iter_mut() {
                        inlines(&mut cell.inlines);
                    }
                }
            }
            Block::Embed { src, .. } => fix(src),
            _ => {}
        }
    }
}

/// A post every lint rule accepts: title, date (with an offset when it has a time, between
/// 1991 and 2025) and `from` present; the epoch equal to the date's instant; the header
/// repeating title and `from`; absolute URLs; a paragraph of text first.
pub fn valid_post() -> impl Strategy<Value = Post> {
    (
        phrase(8),
        post_date_in(1991..=2025).prop_filter("a time without an offset", |d| {
            d.time().is_none() || d.offset().is_some()
        }),
        proptest::option::of(phrase(3)),
        absolute_url(),
        vec(phrase(2), 0..3),
        proptest::option::of(any::<bool>()),
        // Strings without control characters, which `control-character` rightly flags.
        vec((extra_key(), yaml_value_of(phrase(4).boxed())), 0..3),
        inlines(),
        body(),
    )
        .prop_map(
            |(title, date, author, from, tags, comments, extra, first, mut body)| {
                let mut fm = FrontMatter::new();
                fm.layout = Some("post".to_owned());
                fm.title = Some(title.clone());
                let millis = date.instant().timestamp_millis();
                fm.date = Some(date);
                fm.author = author;
                fm.from = Some(from.clone());
                fm.categories = tags.clone();
                fm.tags = tags;
                fm.comments = comments;
                fm.extra = extra.into_iter().collect();
                body.insert(
                    0,
                    Block::Paragraph {
                        inlines: first,
                        span: Span::default(),
                    },
                );
                absolutize(&mut body);
                let mut post = Post::new();
                post.front_matter = Some(fm);
                post.epoch = Some(Epoch::new(millis));
                post.header = Some(Header::new(title, from));
                post.body = body;
                post
            },
        )
}
