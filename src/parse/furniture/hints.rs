//! The built-in element hints: tag names, `role`, and the words of `class`, `id` and
//! `aria-label`.
//!
//! A class or id is split into lower-case words at `-`, `_`, `:`, `.`, digits and
//! camel-case humps (`moreArticle` → `more`, `article`; `SubscriptionInner` →
//! `subscription`, `inner`). Each word is looked up in [`WORDS`]; two-word phrases in
//! [`PAIRS`]. Strong kinds win on their own; weak kinds ([`is_weak`]) only when no
//! content word ([`CONTENT_WORDS`]) is on the same element, so `entry-content`,
//! `article-meta-data` inside the article body or `post-sidebar` on the article itself do
//! not hide it.

use crate::model::FurnitureKind;

/// Single words and the kind they hint at.
const WORDS: &[(&str, FurnitureKind)] = &[
    ("comment", FurnitureKind::Comments),
    ("comments", FurnitureKind::Comments),
    ("commentlist", FurnitureKind::Comments),
    ("disqus", FurnitureKind::Comments),
    ("replies", FurnitureKind::Comments),
    ("respond", FurnitureKind::Comments),
    ("share", FurnitureKind::Share),
    ("shares", FurnitureKind::Share),
    ("sharing", FurnitureKind::Share),
    ("sharethis", FurnitureKind::Share),
    ("addthis", FurnitureKind::Share),
    ("social", FurnitureKind::Share),
    ("sns", FurnitureKind::Share),
    ("subscribe", FurnitureKind::Subscribe),
    ("subscription", FurnitureKind::Subscribe),
    ("subscri", FurnitureKind::Subscribe),
    ("newsletter", FurnitureKind::Subscribe),
    ("epaper", FurnitureKind::Subscribe),
    ("signup", FurnitureKind::Subscribe),
    ("related", FurnitureKind::Related),
    ("recommend", FurnitureKind::Related),
    ("recommended", FurnitureKind::Related),
    ("recommendation", FurnitureKind::Related),
    ("recommendations", FurnitureKind::Related),
    ("readmore", FurnitureKind::Related),
    ("morearticle", FurnitureKind::Related),
    ("trending", FurnitureKind::Related),
    ("mostread", FurnitureKind::Related),
    ("copyright", FurnitureKind::Credit),
    ("disclaimer", FurnitureKind::Credit),
    ("nav", FurnitureKind::Navigation),
    ("navbar", FurnitureKind::Navigation),
    ("navigation", FurnitureKind::Navigation),
    ("menu", FurnitureKind::Navigation),
    ("breadcrumb", FurnitureKind::Navigation),
    ("breadcrumbs", FurnitureKind::Navigation),
    ("crumb", FurnitureKind::Navigation),
    ("crumbs", FurnitureKind::Navigation),
    ("pagination", FurnitureKind::Navigation),
    ("pager", FurnitureKind::Navigation),
    ("masthead", FurnitureKind::Navigation),
    ("byline", FurnitureKind::Byline),
    ("dateline", FurnitureKind::Byline),
    ("submitted", FurnitureKind::Byline),
    ("sidebar", FurnitureKind::Sidebar),
    ("widget", FurnitureKind::Sidebar),
    ("footer", FurnitureKind::Sidebar),
    ("tags", FurnitureKind::Tags),
    ("tagcloud", FurnitureKind::Tags),
    ("keywords", FurnitureKind::Tags),
    ("advert", FurnitureKind::Advertising),
    ("advertisement", FurnitureKind::Advertising),
    ("adslot", FurnitureKind::Advertising),
    ("ad", FurnitureKind::Advertising),
    ("ads", FurnitureKind::Advertising),
    ("sponsor", FurnitureKind::Advertising),
    ("sponsored", FurnitureKind::Advertising),
];

/// Two consecutive words and the kind they hint at (`more-stories`, `most-popular`).
const PAIRS: &[(&str, &str, FurnitureKind)] = &[
    ("more", "article", FurnitureKind::Related),
    ("more", "articles", FurnitureKind::Related),
    ("more", "stories", FurnitureKind::Related),
    ("more", "news", FurnitureKind::Related),
    ("more", "posts", FurnitureKind::Related),
    ("read", "more", FurnitureKind::Related),
    ("most", "read", FurnitureKind::Related),
    ("most", "popular", FurnitureKind::Related),
    ("post", "meta", FurnitureKind::Byline),
    ("entry", "meta", FurnitureKind::Byline),
    ("article", "meta", FurnitureKind::Byline),
    ("story", "meta", FurnitureKind::Byline),
    ("article", "info", FurnitureKind::Byline),
    ("site", "info", FurnitureKind::Sidebar),
    ("author", "info", FurnitureKind::Byline),
    ("author", "bio", FurnitureKind::Byline),
    ("about", "author", FurnitureKind::Byline),
    ("site", "header", FurnitureKind::Navigation),
    ("site", "footer", FurnitureKind::Sidebar),
    ("page", "footer", FurnitureKind::Sidebar),
    ("entry", "footer", FurnitureKind::Tags),
    ("post", "tags", FurnitureKind::Tags),
];

/// Words that say an element holds the article.
pub(crate) const CONTENT_WORDS: &[&str] = &[
    "content",
    "article",
    "entry",
    "post",
    "story",
    "body",
    "main",
    "text",
    "hentry",
    "paragraph",
];

/// Words of an embedded post (a tweet quoted by the article): content, whatever else the
/// element's classes say (`social-embed`).
const EMBED_WORDS: &[&str] = &["embed", "embedded", "tweet"];

/// Kinds that a content word on the same element outweighs.
fn is_weak(kind: FurnitureKind) -> bool {
    matches!(
        kind,
        FurnitureKind::Navigation
            | FurnitureKind::Byline
            | FurnitureKind::Sidebar
            | FurnitureKind::Tags
            | FurnitureKind::Advertising
    )
}

/// The kind an element's tag name and attributes hint at.
pub(crate) fn element_kind<'a>(
    tag: &str,
    attr: &impl Fn(&str) -> Option<&'a str>,
) -> Option<FurnitureKind> {
    let mut weak: Option<FurnitureKind> = None;
    let mut content = false;
    let mut strong: Option<FurnitureKind> = None;
    let mut pair: Option<FurnitureKind> = None;
    for value in [attr("class"), attr("id"), attr("aria-label")]
        .into_iter()
        .flatten()
    {
        let mut note = |kind: FurnitureKind| {
            if is_weak(kind) {
                weak = weak.or(Some(kind));
            } else {
                strong = strong.or(Some(kind));
            }
        };
        // A pair (`entry-meta`, `more-stories`) names the element on purpose.
        let mut note_pair = |kind: FurnitureKind| pair = pair.or(Some(kind));
        words_kind(value, &mut note, &mut note_pair, &mut content);
    }
    let strong = strong.or(pair);
    let embedded = [attr("class"), attr("id")]
        .into_iter()
        .flatten()
        .any(|value| {
            value.split_ascii_whitespace().any(|token| {
                words(token)
                    .iter()
                    .any(|w| EMBED_WORDS.contains(&w.as_str()))
            })
        });
    if embedded {
        return None;
    }
    if let Some(kind) = strong {
        return Some(kind);
    }
    let by_tag = match tag {
        "nav" => Some(FurnitureKind::Navigation),
        "aside" | "footer" => Some(FurnitureKind::Sidebar),
        _ => None,
    };
    let by_role = attr("role").and_then(|role| match role.trim().to_ascii_lowercase().as_str() {
        "navigation" | "banner" | "search" | "menu" | "menubar" => Some(FurnitureKind::Navigation),
        "complementary" | "contentinfo" => Some(FurnitureKind::Sidebar),
        "comment" => Some(FurnitureKind::Comments),
        _ => None,
    });
    // The tag and role are the page's own word for what the element is.
    if let Some(kind) = by_role.or(by_tag) {
        return Some(kind);
    }
    if content {
        None
    } else {
        weak
    }
}

/// Calls `note` with the kind of every word, and `note_pair` with that of every pair of
/// words, in a class, id or label; sets `content` when a content word is among them.
fn words_kind(
    value: &str,
    note: &mut impl FnMut(FurnitureKind),
    note_pair: &mut impl FnMut(FurnitureKind),
    content: &mut bool,
) {
    for token in value.split_ascii_whitespace() {
        let mut previous: Option<String> = None;
        for word in words(token) {
            if CONTENT_WORDS.contains(&word.as_str()) {
                *content = true;
            }
            if let Some((_, kind)) = WORDS.iter().find(|(w, _)| *w == word) {
                note(*kind);
            } else if word.starts_with("subscri") || word.starts_with("newsletter") {
                note(FurnitureKind::Subscribe);
            }
            if let Some(first) = &previous {
                if let Some((_, _, kind)) = PAIRS.iter().find(|(a, b, _)| a == first && *b == word)
                {
                    note_pair(*kind);
                }
            }
            previous = Some(word);
        }
    }
}

/// The lower-case words of one class or id token. A word with digits in it
/// (`ad9z0x`, a hashed class name) is no word.
fn words(token: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in token.split(|c: char| !c.is_ascii_alphanumeric()) {
        if part.is_empty() || part.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let mut word = String::new();
        let mut last_lower = false;
        for c in part.chars() {
            if c.is_ascii_uppercase() && last_lower && !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            last_lower = c.is_ascii_lowercase();
            word.push(c.to_ascii_lowercase());
        }
        out.push(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(tag: &str, attrs: &[(&str, &str)]) -> Option<FurnitureKind> {
        element_kind(tag, &|name| {
            attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        })
    }

    #[test]
    fn words_split_at_separators_digits_and_humps() {
        assert_eq!(words("moreArticle-title"), ["more", "article", "title"]);
        assert_eq!(words("SubscriptionInner"), ["subscription", "inner"]);
        assert_eq!(words("post-3846"), ["post"]);
        assert_eq!(words("r-ad9z0x"), ["r"]);
        assert_eq!(words("t_copyright"), ["t", "copyright"]);
    }

    #[test]
    fn the_widgets_of_the_archives_are_recognised() {
        use FurnitureKind::*;
        assert_eq!(
            kind("div", &[("class", "paragraph moreArticle")]),
            Some(Related)
        );
        assert_eq!(
            kind("div", &[("class", "SubscriptionInner mySubscriptionInner")]),
            Some(Subscribe)
        );
        assert_eq!(kind("p", &[("class", "t-copyright")]), Some(Credit));
        assert_eq!(kind("div", &[("id", "comments")]), Some(Comments));
        assert_eq!(kind("ul", &[("class", "social-links")]), Some(Share));
        assert_eq!(
            kind("div", &[("aria-label", "Share this article")]),
            Some(Share)
        );
        assert_eq!(kind("nav", &[]), Some(Navigation));
        assert_eq!(kind("div", &[("role", "navigation")]), Some(Navigation));
        assert_eq!(kind("div", &[("class", "entry-meta")]), Some(Byline));
    }

    #[test]
    fn content_words_outweigh_weak_hints_only() {
        assert_eq!(
            kind("div", &[("class", "entry-content aesop-entry-content")]),
            None
        );
        assert_eq!(
            kind(
                "article",
                &[("class", "post type-post hentry category-caixin tags")]
            ),
            None
        );
        assert_eq!(
            kind("div", &[("class", "card card--blog post-sidebar")]),
            None
        );
        assert_eq!(kind("div", &[("class", "article-body")]), None);
        assert_eq!(kind("div", &[("class", "header")]), None);
        assert_eq!(kind("div", &[("class", "shadow loading")]), None);
        assert_eq!(
            kind("div", &[("class", "css-901oao r-hkyrab r-ad9z0x")]),
            None
        );
        assert_eq!(kind("div", &[("class", "social-embed")]), None);
        assert_eq!(
            kind("div", &[("class", "article-comments")]),
            Some(FurnitureKind::Comments)
        );
    }
}
