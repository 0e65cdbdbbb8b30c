//! The block pass: known texts, labels and what follows them, copies of the title.
//!
//! Runs over the top-level blocks the walk made (and the blocks of top-level quotes and
//! list items are left as they are: an article quoting a `© …` line keeps it). Each block
//! is either left alone or given a kind; a **label** (a short paragraph or heading such as
//! `延伸閱讀` or `Related`) also gives its kind to the run of link-only blocks right after
//! it. Consecutive blocks of one kind are then wrapped in one
//! [`Block::Furniture`], joining a furniture block of that kind the walk made just before.

use super::FurnitureRules;
use crate::model::{Block, FurnitureKind, Inline};

/// Whole texts that are furniture of a kind wherever they stand alone.
const EXACT: &[(&str, FurnitureKind)] = &[
    ("广告", FurnitureKind::Advertising),
    ("廣告", FurnitureKind::Advertising),
    ("Advertisement", FurnitureKind::Advertising),
    ("ADVERTISEMENT", FurnitureKind::Advertising),
    ("Advertising", FurnitureKind::Advertising),
    ("赞助内容", FurnitureKind::Advertising),
    ("Sponsored", FurnitureKind::Advertising),
    ("訂閱", FurnitureKind::Subscribe),
    ("订阅", FurnitureKind::Subscribe),
    ("感謝您的訂閱！", FurnitureKind::Subscribe),
    ("感谢您的订阅！", FurnitureKind::Subscribe),
    ("請輸入正確的電子信箱格式", FurnitureKind::Subscribe),
    ("请输入正确的电子邮箱格式", FurnitureKind::Subscribe),
    ("Subscribe", FurnitureKind::Subscribe),
    ("Sign up", FurnitureKind::Subscribe),
];

/// Beginnings of texts that are furniture, with the most characters such a block has.
const PREFIXES: &[(&str, usize, FurnitureKind)] = &[
    ("获取更多RSS", 400, FurnitureKind::FeedFooter),
    ("獲取更多RSS", 400, FurnitureKind::FeedFooter),
    ("訂閱《", 60, FurnitureKind::Subscribe),
    ("订阅《", 60, FurnitureKind::Subscribe),
    ("©", 160, FurnitureKind::Credit),
    ("Copyright ©", 160, FurnitureKind::Credit),
    ("Copyright 20", 160, FurnitureKind::Credit),
    ("版权所有", 120, FurnitureKind::Credit),
    ("版權所有", 120, FurnitureKind::Credit),
    ("All rights reserved", 120, FurnitureKind::Credit),
    // DW's line under translated press reviews, followed by its copyright notice.
    (
        "摘译自其它媒体，不代表德国之声观点",
        200,
        FurnitureKind::Credit,
    ),
    ("Sign up for our newsletter", 200, FurnitureKind::Subscribe),
    ("Subscribe to our newsletter", 200, FurnitureKind::Subscribe),
];

/// Labels: short texts that head a run of links of their kind.
const LABELS: &[(&str, FurnitureKind)] = &[
    ("延伸閱讀", FurnitureKind::Related),
    ("延伸阅读", FurnitureKind::Related),
    ("相关文章", FurnitureKind::Related),
    ("相關文章", FurnitureKind::Related),
    ("相关阅读", FurnitureKind::Related),
    ("相關閱讀", FurnitureKind::Related),
    ("相关新闻", FurnitureKind::Related),
    ("相關新聞", FurnitureKind::Related),
    ("推荐阅读", FurnitureKind::Related),
    ("推薦閱讀", FurnitureKind::Related),
    ("您可能感兴趣的文章", FurnitureKind::Related),
    ("你可能感兴趣的文章", FurnitureKind::Related),
    ("更多阅读", FurnitureKind::Related),
    ("更多閱讀", FurnitureKind::Related),
    ("热门文章", FurnitureKind::Related),
    ("熱門文章", FurnitureKind::Related),
    ("Related", FurnitureKind::Related),
    ("Related articles", FurnitureKind::Related),
    ("Related stories", FurnitureKind::Related),
    ("Related Topics", FurnitureKind::Related),
    ("Related topics", FurnitureKind::Related),
    ("Related coverage", FurnitureKind::Related),
    ("More on this story", FurnitureKind::Related),
    ("Read more", FurnitureKind::Related),
    ("Read next", FurnitureKind::Related),
    ("You may also like", FurnitureKind::Related),
    ("Most read", FurnitureKind::Related),
    ("Most popular", FurnitureKind::Related),
    ("分享", FurnitureKind::Share),
    ("分享到", FurnitureKind::Share),
    ("分享至", FurnitureKind::Share),
    ("Share", FurnitureKind::Share),
    ("Share this", FurnitureKind::Share),
    ("Share this article", FurnitureKind::Share),
    ("Share this story", FurnitureKind::Share),
    ("Share on", FurnitureKind::Share),
    ("评论", FurnitureKind::Comments),
    ("評論", FurnitureKind::Comments),
    ("发表评论", FurnitureKind::Comments),
    ("發表評論", FurnitureKind::Comments),
    ("Comments", FurnitureKind::Comments),
    ("网友评论", FurnitureKind::Comments),
    ("網友評論", FurnitureKind::Comments),
    ("读者评论", FurnitureKind::Comments),
    ("Leave a comment", FurnitureKind::Comments),
    ("Leave a Reply", FurnitureKind::Comments),
    ("Tags", FurnitureKind::Tags),
    ("标签", FurnitureKind::Tags),
    ("標籤", FurnitureKind::Tags),
    ("Topics", FurnitureKind::Tags),
];

/// Image file endings a heading that names an image ends with.
const IMAGE_ENDINGS: &[&str] = &[".jpg", ".jpeg", ".png", ".gif", ".webp"];

/// What the block pass knows of the post.
pub(crate) struct Context<'a> {
    pub rules: &'a FurnitureRules,
    pub host: Option<&'a str>,
    /// The post's title (front matter, else header), to spot the page's copy of it.
    pub title: Option<&'a str>,
}

/// Marks the furniture among `blocks`.
pub(crate) fn mark_blocks(blocks: Vec<Block>, context: &Context<'_>) -> Vec<Block> {
    let kinds = kinds(&blocks, context);
    if kinds.iter().all(Option::is_none) {
        return blocks;
    }
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for (block, kind) in blocks.into_iter().zip(kinds) {
        let Some(kind) = kind else {
            out.push(block);
            continue;
        };
        if let Some(Block::Furniture {
            kind: last,
            blocks: inner,
            ..
        }) = out.last_mut()
        {
            if *last == kind {
                match block {
                    Block::Furniture { blocks, .. } => inner.extend(blocks),
                    block => inner.push(block),
                }
                continue;
            }
        }
        match block {
            block @ Block::Furniture { .. } => out.push(block),
            block => {
                let span = block.span();
                out.push(Block::Furniture {
                    kind,
                    blocks: vec![block],
                    span,
                });
            }
        }
    }
    out
}

/// The kind of each block: the furniture the walk made keeps its own; text rules and
/// heuristics decide the others.
fn kinds(blocks: &[Block], context: &Context<'_>) -> Vec<Option<FurnitureKind>> {
    let mut kinds: Vec<Option<FurnitureKind>> = Vec::with_capacity(blocks.len());
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        i += 1;
        if let Block::Furniture { kind, .. } = block {
            kinds.push(Some(*kind));
            continue;
        }
        // Built-in texts are short: a long paragraph is read only for the user's rules.
        let text = if context.rules.has_text_rules() || text_len(block) <= MAX_TEXT_BYTES {
            block_text(block)
        } else {
            None
        };
        let text = text.as_deref().map(str::trim);
        let mut kind = text.and_then(|t| context.rules.text_kind(t, context.host));
        if kind.is_none() && context.rules.heuristics() {
            if let Some(label) = text.and_then(label_kind) {
                kinds.push(Some(label));
                let run =
                    if label == FurnitureKind::Comments && matches!(block, Block::Heading { .. }) {
                        // Comments close a page: the heading's run goes to the end of the
                        // body (or to the next furniture the walk marked).
                        blocks[i..]
                            .iter()
                            .take_while(|b| !matches!(b, Block::Furniture { .. }))
                            .count()
                    } else {
                        label_run(&blocks[i..])
                    };
                kinds.extend(std::iter::repeat_n(Some(label), run));
                i += run;
                continue;
            }
            kind = text
                .and_then(|text| known_text(text).or_else(|| heading_kind(block, text, context)))
                .or_else(|| link_block_kind(block));
        }
        kinds.push(kind);
    }
    kinds
}

/// How many of the blocks after a label belong to it: the link-only blocks right after
/// it; or, when the label heads a trailing section (teasers up to the end of the body or
/// the next furniture), every teaser: link-only blocks, captionless figures, short
/// headings and short lines (a source name, a date), lists of those.
fn label_run(after: &[Block]) -> usize {
    let teasers = after.iter().take_while(|b| is_teaser(b)).count();
    let trailing = match after.get(teasers) {
        None => true,
        Some(next) => matches!(next, Block::Furniture { .. }),
    };
    if trailing {
        teasers
    } else {
        after.iter().take_while(|b| is_link_only(b)).count()
    }
}

/// A block of a teaser card: see [`label_run`].
fn is_teaser(block: &Block) -> bool {
    match block {
        Block::Heading { inlines, .. } => Inline::plain_text(inlines).chars().count() <= 100,
        Block::Figure { caption, .. } => caption.is_empty(),
        Block::List { items, .. } => items.iter().all(|item| item.blocks.iter().all(is_teaser)),
        Block::Paragraph { inlines, .. } => {
            let len = Inline::plain_text(inlines).chars().count();
            inlines_link_only(inlines)
                || len <= 12
                || (len <= 40 && inlines.iter().any(|i| matches!(i, Inline::Link { .. })))
        }
        _ => false,
    }
}

/// Longer blocks (in UTF-8 bytes) match no built-in text: the longest prefix rule allows
/// 400 characters, at most 4 bytes each.
const MAX_TEXT_BYTES: usize = 1600;

/// About how long a block's text is, without building it: the bytes of its text runs.
fn text_len(block: &Block) -> usize {
    fn inlines_len(inlines: &[Inline]) -> usize {
        inlines
            .iter()
            .map(|inline| match inline {
                Inline::Text { text } | Inline::Code { text } => text.len(),
                Inline::Link { children, .. }
                | Inline::Emphasis { children }
                | Inline::Strong { children } => inlines_len(children),
                Inline::LineBreak => 1,
            })
            .sum()
    }
    match block {
        Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => inlines_len(inlines),
        _ => 0,
    }
}

/// The text a rule matches a block by: a paragraph's or heading's.
fn block_text(block: &Block) -> Option<String> {
    match block {
        Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
            Some(Inline::plain_text(inlines))
        }
        _ => None,
    }
}

/// The kind of a label text, with a trailing colon or arrow allowed (`延伸閱讀：`).
fn label_kind(text: &str) -> Option<FurnitureKind> {
    let bare = text.trim_end_matches([':', '：', '›', '»', '>', ' ']);
    LABELS
        .iter()
        .find(|(label, _)| label.eq_ignore_ascii_case(bare))
        .map(|(_, kind)| *kind)
}

/// The kind of a known text.
fn known_text(text: &str) -> Option<FurnitureKind> {
    if let Some((_, kind)) = EXACT.iter().find(|(t, _)| *t == text) {
        return Some(*kind);
    }
    PREFIXES
        .iter()
        .find(|(prefix, max, _)| text.starts_with(prefix) && text.chars().count() <= *max)
        .map(|(_, _, kind)| *kind)
}

/// The fewest links a block of nothing but links has to have to be furniture on its own.
const MIN_LINKS: usize = 3;

/// A paragraph or list of nothing but at least [`MIN_LINKS`] links (a menu, a footer's
/// links, a list of headlines): navigation when the links are short words, else related
/// articles. Link density is all it looks at; a labelled list was handled before.
fn link_block_kind(block: &Block) -> Option<FurnitureKind> {
    let texts: Vec<String> = match block {
        Block::Paragraph { inlines, .. } if inlines_link_only(inlines) => inlines
            .iter()
            .filter(|i| !matches!(i, Inline::Text { .. } | Inline::LineBreak))
            .map(|i| Inline::plain_text(std::slice::from_ref(i)))
            .collect(),
        Block::List { items, .. }
            if items.iter().all(|item| {
                matches!(&item.blocks[..], [Block::Paragraph { inlines, .. }] if inlines_link_only(inlines))
            }) =>
        {
            items
                .iter()
                .map(|item| item.blocks.iter().map(|b| block_text(b).unwrap_or_default()).collect())
                .collect()
        }
        _ => return None,
    };
    if texts.len() < MIN_LINKS {
        return None;
    }
    let chars: usize = texts.iter().map(|t| t.trim().chars().count()).sum();
    Some(if chars / texts.len() <= 12 {
        FurnitureKind::Navigation
    } else {
        FurnitureKind::Related
    })
}

/// A heading that repeats the post's title (the page's own title), or names an image file.
fn heading_kind(block: &Block, text: &str, context: &Context<'_>) -> Option<FurnitureKind> {
    if !matches!(block, Block::Heading { .. }) {
        return None;
    }
    if context.title.is_some_and(|title| title.trim() == text) {
        return Some(FurnitureKind::Byline);
    }
    let lower = text.to_ascii_lowercase();
    if !text.contains(' ') && IMAGE_ENDINGS.iter().any(|end| lower.ends_with(end)) {
        return Some(FurnitureKind::Other);
    }
    None
}

/// Whether a block is nothing but links (a paragraph or heading of links and separators,
/// a list whose items are), or a heading of a related-link list's entry.
fn is_link_only(block: &Block) -> bool {
    match block {
        Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
            inlines_link_only(inlines)
        }
        Block::List { items, .. } => items.iter().all(|item| {
            item.blocks.iter().any(is_link_only)
                && item.blocks.iter().all(|b| is_link_only(b) || is_short(b))
        }),
        _ => false,
    }
}

/// A short block next to a link in a list item (a date, a source name).
fn is_short(block: &Block) -> bool {
    match block {
        Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
            Inline::plain_text(inlines).chars().count() <= 40
        }
        Block::Figure { caption, .. } => caption.is_empty(),
        _ => false,
    }
}

/// Whether inline content is one or more links with only separators between them.
fn inlines_link_only(inlines: &[Inline]) -> bool {
    let mut links = 0;
    for inline in inlines {
        match inline {
            Inline::Link { .. } => links += 1,
            Inline::Text { text } => {
                if !text
                    .chars()
                    .all(|c| c.is_whitespace() || "|/·•、，,;；-–—".contains(c))
                {
                    return false;
                }
            }
            Inline::LineBreak => {}
            Inline::Emphasis { children } | Inline::Strong { children } => {
                if !inlines_link_only(children) {
                    return false;
                }
                links += 1;
            }
            Inline::Code { .. } => return false,
        }
    }
    links > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn link(text: &str) -> Inline {
        Inline::Link {
            href: "https://example.com/".into(),
            children: vec![Inline::text(text)],
            span: Span::default(),
        }
    }

    fn para(inlines: Vec<Inline>) -> Block {
        Block::Paragraph {
            inlines,
            span: Span::default(),
        }
    }

    fn kinds_of(blocks: &[Block], title: Option<&str>) -> Vec<Option<FurnitureKind>> {
        let rules = FurnitureRules::standard();
        kinds(
            blocks,
            &Context {
                rules: &rules,
                host: None,
                title,
            },
        )
    }

    #[test]
    fn a_label_marks_the_links_after_it_and_stops_at_text() {
        let blocks = [
            Block::paragraph("正文。"),
            Block::paragraph("延伸閱讀"),
            para(vec![link("一"), Inline::text(" "), link("二")]),
            para(vec![link("三")]),
            Block::paragraph("正文又一段，没有链接，这一段比一行来源或日期长得多。"),
            para(vec![link("四")]),
        ];
        use FurnitureKind::Related;
        assert_eq!(
            kinds_of(&blocks, None),
            [
                None,
                Some(Related),
                Some(Related),
                Some(Related),
                None,
                None
            ]
        );
    }

    #[test]
    fn known_texts_and_title_copies_are_furniture_and_long_texts_are_not() {
        let title_copy = Block::Heading {
            level: 1,
            inlines: vec![Inline::text("标题")],
            span: Span::default(),
        };
        let blocks = [
            title_copy,
            Block::paragraph("© 2020 AFP"),
            Block::paragraph("广告"),
            Block::paragraph("获取更多RSS："),
            Block::paragraph(format!("© {}", "很长的正文".repeat(40))),
            Block::paragraph("标题"),
        ];
        use FurnitureKind::*;
        assert_eq!(
            kinds_of(&blocks, Some("标题")),
            [
                Some(Byline),
                Some(Credit),
                Some(Advertising),
                Some(FeedFooter),
                None,
                None
            ]
        );
    }

    #[test]
    fn blocks_of_three_links_or_more_are_menus_or_headline_lists() {
        use FurnitureKind::*;
        let menu = para(vec![
            link("首页"),
            Inline::text(" | "),
            link("国际"),
            Inline::text(" | "),
            link("财经"),
        ]);
        let headlines = Block::List {
            ordered: false,
            items: [
                "长江干流水位持续上涨超过警戒线",
                "多地启动防汛四级应急响应措施",
                "专家解读今年汛期特点和风险",
            ]
            .into_iter()
            .map(|t| crate::model::ListItem::new(vec![para(vec![link(t)])]))
            .collect(),
            span: Span::default(),
        };
        let two = para(vec![link("a"), Inline::text(" "), link("b")]);
        let mixed = para(vec![link("a"), Inline::text(" and "), link("b"), link("c")]);
        assert_eq!(
            kinds_of(&[menu, headlines, two, mixed], None),
            [Some(Navigation), Some(Related), None, None]
        );
    }

    #[test]
    fn a_comments_heading_takes_the_rest_of_the_page() {
        let heading = Block::Heading {
            level: 2,
            inlines: vec![Inline::text("Comments")],
            span: Span::default(),
        };
        let blocks = [
            Block::paragraph("The article's last paragraph, long enough to be one."),
            heading,
            Block::paragraph("Great article, I agree with every word of it."),
            Block::paragraph("Buy cheap pills online, best prices, visit our site now."),
        ];
        use FurnitureKind::Comments;
        assert_eq!(
            kinds_of(&blocks, None),
            [None, Some(Comments), Some(Comments), Some(Comments)]
        );
    }

    #[test]
    fn consecutive_blocks_of_one_kind_become_one_furniture_block() {
        let rules = FurnitureRules::standard();
        let context = Context {
            rules: &rules,
            host: None,
            title: None,
        };
        let out = mark_blocks(
            vec![
                Block::paragraph("Related"),
                para(vec![link("a")]),
                Block::paragraph("A paragraph of the article, long enough to be one."),
            ],
            &context,
        );
        assert_eq!(out.len(), 2);
        assert!(
            matches!(&out[0], Block::Furniture { kind: FurnitureKind::Related, blocks, .. } if blocks.len() == 2)
        );
    }
}
