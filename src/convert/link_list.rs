//! Paragraphs that are lists of links: related articles (`延伸閱讀`), feed footers, "follow
//! us" lines. Scraped pages often write them as a run of `<a>` elements in one `div`, so
//! the model has one paragraph of links that reads as a single run-on line. The text and
//! EPUB converters show such a paragraph as a list, one item per link.

use crate::model::Inline;

/// A paragraph seen as a list of links.
#[derive(Debug)]
pub(crate) struct LinkList<'a> {
    /// Text before the links, ending in a colon (`获取更多RSS：`); empty when there is none.
    pub label: &'a [Inline],
    /// One inline per item: a link, or emphasis around one link.
    pub items: Vec<&'a Inline>,
}

/// The fewest links that make a list.
const MIN_ITEMS: usize = 2;

/// `inlines` as a list of links, if they are at least two links with nothing between
/// them but white space, line breaks and separators (`|`, `/`, `·`, `、`…), optionally
/// after a label ending in a colon.
pub(crate) fn link_list(inlines: &[Inline]) -> Option<LinkList<'_>> {
    let first_link = inlines.iter().position(|i| one_link(i).is_some())?;
    let (label, rest) = inlines.split_at(first_link);
    // The line break or spaces after the label belong to neither.
    let label_end = label
        .iter()
        .rposition(|i| !is_separator(i))
        .map_or(0, |i| i + 1);
    let label = &label[..label_end];
    if !label.is_empty() {
        let text = Inline::plain_text(label);
        let text = text.trim_end();
        if !(text.ends_with(':') || text.ends_with('：')) {
            return None;
        }
    }
    let mut items = Vec::new();
    for inline in rest {
        if let Some(link) = one_link(inline) {
            // A link without text shows nothing, in a list or not.
            if !Inline::plain_text(std::slice::from_ref(link))
                .trim()
                .is_empty()
            {
                items.push(inline);
            }
        } else if !is_separator(inline) {
            return None;
        }
    }
    (items.len() >= MIN_ITEMS).then_some(LinkList { label, items })
}

/// The link `inline` is, or that emphasis around nothing but it holds.
fn one_link(inline: &Inline) -> Option<&Inline> {
    match inline {
        Inline::Link { .. } => Some(inline),
        Inline::Emphasis { children } | Inline::Strong { children } => {
            let mut links = children.iter().filter(|c| !is_separator(c));
            let link = links.next().and_then(one_link)?;
            links.next().is_none().then_some(link)
        }
        _ => None,
    }
}

/// White space, a line break, or punctuation that only separates items.
fn is_separator(inline: &Inline) -> bool {
    match inline {
        Inline::LineBreak => true,
        Inline::Text { text } => text.chars().all(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '|' | '｜'
                        | '/'
                        | '·'
                        | '•'
                        | '・'
                        | '、'
                        | ','
                        | '，'
                        | ';'
                        | '；'
                        | '-'
                        | '–'
                        | '—'
                        | '>'
                        | '»'
                        | '◆'
                        | '■'
                        | '▪'
                        | '●'
                )
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn link(text: &str) -> Inline {
        Inline::Link {
            href: format!("https://a.example/{text}"),
            children: vec![Inline::text(text)],
            span: Span::default(),
        }
    }

    #[test]
    fn a_run_of_links_is_a_list() {
        let run = [link("一"), link("二"), link("三")];
        let list = link_list(&run).expect("list");
        assert!(list.label.is_empty());
        assert_eq!(list.items.len(), 3);
        let separated = [
            link("a"),
            Inline::text(" | "),
            link("b"),
            Inline::LineBreak,
            Inline::Strong {
                children: vec![link("c")],
            },
            Inline::text("、"),
        ];
        assert_eq!(link_list(&separated).expect("list").items.len(), 3);
    }

    #[test]
    fn a_label_ending_in_a_colon_comes_first() {
        let inlines = [
            Inline::text("获取更多RSS："),
            Inline::LineBreak,
            link("https://feedx.net"),
            Inline::LineBreak,
            link("https://feedx.xyz"),
        ];
        let list = link_list(&inlines).expect("list");
        assert_eq!(Inline::plain_text(list.label), "获取更多RSS：");
        assert_eq!(list.items.len(), 2);
    }

    #[test]
    fn prose_with_links_is_no_list() {
        for inlines in [
            vec![link("only one")],
            vec![
                Inline::text("See "),
                link("a"),
                Inline::text(" and "),
                link("b"),
            ],
            vec![link("a"), Inline::text(" reports that "), link("b")],
            vec![Inline::text("Label without colon"), link("a"), link("b")],
            vec![link("a"), Inline::Code { text: "x".into() }, link("b")],
            vec![
                link("a"),
                Inline::Link {
                    href: "https://a.example/".into(),
                    children: vec![],
                    span: Span::default(),
                },
            ],
        ] {
            assert!(link_list(&inlines).is_none(), "{inlines:?}");
        }
    }
}
