//! The book's own pages and what they show: the title page, a group page per chapter
//! group, the chapter file names, and the title, creators and identifier derived from the
//! posts.

use std::collections::HashMap;

use super::super::labels::Labels;
use super::super::meta::PostMeta;
use super::options::GroupBy;
use super::xhtml;

/// The chapter file of the post at index `i` of the input.
pub(super) fn chapter_file(i: usize) -> String {
    format!("post-{:04}.xhtml", i + 1)
}

/// A group of an anthology: its label and its posts, as positions in the book.
pub(super) struct Group {
    pub(super) label: String,
    pub(super) posts: Vec<usize>,
}

/// Groups of the posts (`metas` in book order) in the order of their earliest post.
pub(super) fn group(metas: &[&PostMeta], by: GroupBy, labels: &Labels) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, meta) in metas.iter().enumerate() {
        let label = match by {
            GroupBy::Day => meta
                .day()
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| labels.undated.to_owned()),
            GroupBy::Source => {
                source_name(meta).unwrap_or_else(|| labels.unknown_source.to_owned())
            }
            GroupBy::Category => Some(meta.category.clone())
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| labels.uncategorized.to_owned()),
        };
        match index.get(&label) {
            Some(&g) => {
                if let Some(group) = groups.get_mut(g) {
                    group.posts.push(i);
                }
            }
            None => {
                index.insert(label.clone(), groups.len());
                groups.push(Group {
                    label,
                    posts: vec![i],
                });
            }
        }
    }
    groups
}

/// The post's source: its author, else its source URL's host.
fn source_name(meta: &PostMeta) -> Option<String> {
    if !meta.author.is_empty() {
        return Some(meta.author.clone());
    }
    meta.source
        .as_deref()
        .and_then(|s| url::Url::parse(s).ok())
        .and_then(|u| u.host_str().map(str::to_owned))
}

/// Distinct sources in book order.
fn sources(metas: &[&PostMeta]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for meta in metas {
        if let Some(name) = source_name(meta) {
            if seen.insert(name.clone()) {
                out.push(name);
            }
        }
    }
    out
}

/// "联合早报 2024-07-01 – 2024-07-31", "Reuters, AP and 3 more 2024-07-01 – …".
pub(super) fn derived_title(metas: &[&PostMeta], labels: &Labels) -> String {
    if let [only] = metas {
        return xhtml::display_title(only, Labels::for_language(&only.language)).to_owned();
    }
    let sources = sources(metas);
    let mut title = match sources.as_slice() {
        [] => labels.untitled.to_owned(),
        [a] => a.clone(),
        [a, b] => format!("{a}, {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} +{}", rest.len()),
    };
    if let Some((first, last)) = day_range(metas) {
        title.push(' ');
        title.push_str(&first.format("%Y-%m-%d").to_string());
        if first != last {
            title.push_str(" – ");
            title.push_str(&last.format("%Y-%m-%d").to_string());
        }
    }
    title
}

/// The first and last calendar day of the posts, if any is dated.
fn day_range(metas: &[&PostMeta]) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let mut days = metas.iter().filter_map(|m| m.day());
    let first = days.next()?;
    Some(days.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
}

pub(super) fn derived_creators(metas: &[&PostMeta]) -> Vec<String> {
    let mut authors: Vec<String> = Vec::new();
    for meta in metas {
        if !meta.author.is_empty() && !authors.contains(&meta.author) {
            authors.push(meta.author.clone());
            if authors.len() > 3 {
                break;
            }
        }
    }
    if authors.is_empty() || authors.len() > 3 {
        vec!["newspost".to_owned()]
    } else {
        authors
    }
}

/// A name-based (v5) UUID of the title and the digests of the posts' JSON, in book
/// order: the same content, the same identifier.
pub(super) fn identifier<'a>(
    digests: impl Iterator<Item = &'a [u8; 20]>,
    title: &str,
) -> uuid::Uuid {
    let mut name = Vec::new();
    name.extend_from_slice(title.as_bytes());
    for digest in digests {
        name.push(0);
        name.extend_from_slice(digest);
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, &name)
}

pub(super) fn title_page(
    title: &str,
    creators: &[String],
    metas: &[&PostMeta],
    language: &str,
    labels: &Labels,
) -> String {
    use crate::convert::escape::xml_text;
    let mut body = format!(
        "<section class=\"titlepage\" epub:type=\"titlepage\">\n<h1>{}</h1>\n",
        xml_text(title)
    );
    if let Some((first, last)) = day_range(metas) {
        let range = if first == last {
            first.format("%Y-%m-%d").to_string()
        } else {
            format!("{} – {}", first.format("%Y-%m-%d"), last.format("%Y-%m-%d"))
        };
        body.push_str(&format!("<p class=\"dates\">{}</p>\n", xml_text(&range)));
    }
    if metas.len() > 1 {
        body.push_str(&format!(
            "<p class=\"count\">{}</p>\n",
            xml_text(&labels.count(metas.len()))
        ));
        let sources = sources(metas);
        if !sources.is_empty() {
            body.push_str(&format!(
                "<p class=\"sources\">{}</p>\n",
                xml_text(&sources.join(" · "))
            ));
        }
    }
    body.push_str(&format!(
        "<p class=\"creator\">{}</p>\n",
        xml_text(&creators.join(", "))
    ));
    body.push_str("</section>\n");
    xhtml::document(language, title, &body)
}

/// A group's page: its label, its number of posts and a link to each. `metas` and
/// `numbers` are the book's posts and their numbers, by position.
pub(super) fn group_page(
    group: &Group,
    metas: &[&PostMeta],
    numbers: &[usize],
    language: &str,
    labels: &Labels,
) -> String {
    use crate::convert::escape::xml_text;
    let mut body = format!(
        "<section class=\"group\">\n<h1>{}</h1>\n<p class=\"count\">{}</p>\n<ol>\n",
        xml_text(&group.label),
        xml_text(&labels.count(group.posts.len()))
    );
    for &i in &group.posts {
        let (Some(meta), Some(&number)) = (metas.get(i), numbers.get(i)) else {
            continue;
        };
        let title = xhtml::display_title(meta, Labels::for_language(&meta.language));
        body.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            chapter_file(number),
            xml_text(title)
        ));
    }
    body.push_str("</ol>\n</section>\n");
    xhtml::document(language, &group.label, &body)
}
