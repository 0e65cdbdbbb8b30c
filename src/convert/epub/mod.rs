//! EPUB 3 books: one post makes one book, many posts one anthology with chapters grouped
//! by day, source or category, and a whole archive a book (or a series of volumes) built
//! in two passes in bounded memory. See `docs/convert.md` for what the book contains.

mod anthology;
mod book;
#[cfg(feature = "fetch")]
mod fetch;
mod images;
mod package;
#[cfg(feature = "webp")]
mod transcode;
mod xhtml;

pub use anthology::{Anthology, Split, Volume};
pub use book::{BookReport, BookWriter};
#[cfg(feature = "fetch")]
pub use fetch::{FetchOptions, HttpImageResolver};
pub use images::{DirImageResolver, ImageResolver};

use std::collections::HashMap;
use std::fmt;
use std::io::{Cursor, Write};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::labels::Labels;
use super::meta::PostMeta;
use crate::model::Post;
use images::ResolverDebug;

/// How posts are grouped into chapters in an anthology.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GroupBy {
    /// By calendar day, as written in each post's date (its own offset). The default.
    #[default]
    Day,
    /// By source: the post's author, else its source URL's host.
    Source,
    /// By the post's first category.
    Category,
}

/// How [`write_epub`] builds a book.
///
/// ```
/// use newspost::{EpubOptions, GroupBy};
/// let options = EpubOptions::default()
///     .with_title("July 2024")
///     .with_group_by(GroupBy::Source);
/// assert!(options.modified.is_none()); // derived from the newest post
/// ```
///
/// New options may come in later versions (so the struct is `#[non_exhaustive]`): build
/// it from [`EpubOptions::default`] and the `with_*` methods, or set its fields.
#[derive(Clone)]
#[non_exhaustive]
pub struct EpubOptions {
    /// The book's title. Default: the post's title for one post; for several, one made
    /// from the range of dates and the sources.
    pub title: Option<String>,
    /// How an anthology's chapters are grouped.
    pub group_by: GroupBy,
    /// The book's creator. Default: the posts' author when there are at most three
    /// distinct ones (each a creator), else `newspost`.
    pub creator: Option<String>,
    /// The book's language (a BCP 47 tag such as `zh` or `en`). Default: the language most
    /// posts are in; each chapter carries its own post's language either way.
    pub language: Option<String>,
    /// `dcterms:modified`. Default: the newest post's date (the Unix epoch when no post
    /// has one), so that the same posts give the same book.
    pub modified: Option<DateTime<Utc>>,
    /// Where figures' image bytes come from. Default: nowhere; every figure keeps its
    /// caption and a link to its image.
    pub images: Option<Arc<dyn ImageResolver + Send + Sync>>,
    /// The most bytes of images one book embeds; once reached, further images are
    /// linked instead. Default [`EpubOptions::DEFAULT_MAX_IMAGE_BYTES`] (64 MiB).
    pub max_image_bytes: u64,
    /// Keep page furniture ([`Block::Furniture`](crate::Block::Furniture)) in the
    /// chapters, shown like any other blocks. Off by default: chapters hold the articles.
    pub keep_furniture: bool,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            title: None,
            group_by: GroupBy::default(),
            creator: None,
            language: None,
            modified: None,
            images: None,
            max_image_bytes: EpubOptions::DEFAULT_MAX_IMAGE_BYTES,
            keep_furniture: false,
        }
    }
}

impl EpubOptions {
    /// The default of [`EpubOptions::max_image_bytes`]: 64 MiB, so that a book with
    /// images still fits an e-reader.
    pub const DEFAULT_MAX_IMAGE_BYTES: u64 = 64 << 20;

    /// These options embedding at most `bytes` of images per book.
    pub fn with_max_image_bytes(mut self, bytes: u64) -> Self {
        self.max_image_bytes = bytes;
        self
    }

    /// These options with the book's title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// These options grouping an anthology's chapters `group_by`.
    pub fn with_group_by(mut self, group_by: GroupBy) -> Self {
        self.group_by = group_by;
        self
    }

    /// These options keeping page furniture (`true`) or leaving it out.
    pub fn with_keep_furniture(mut self, keep_furniture: bool) -> Self {
        self.keep_furniture = keep_furniture;
        self
    }

    /// These options with the book's creator.
    pub fn with_creator(mut self, creator: impl Into<String>) -> Self {
        self.creator = Some(creator.into());
        self
    }

    /// These options with the book's language (a BCP 47 tag).
    pub fn with_language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// These options with a fixed `dcterms:modified`.
    pub fn with_modified(mut self, modified: DateTime<Utc>) -> Self {
        self.modified = Some(modified);
        self
    }

    /// These options taking figures' image bytes from `images`.
    pub fn with_images(mut self, images: Arc<dyn ImageResolver + Send + Sync>) -> Self {
        self.images = Some(images);
        self
    }
}

impl fmt::Debug for EpubOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EpubOptions")
            .field("title", &self.title)
            .field("group_by", &self.group_by)
            .field("creator", &self.creator)
            .field("language", &self.language)
            .field("modified", &self.modified)
            .field("images", &ResolverDebug(&self.images))
            .field("max_image_bytes", &self.max_image_bytes)
            .finish()
    }
}

/// Why a book could not be written: the converters' one error type,
/// [`convert::Error`](crate::convert::Error), under the name the EPUB writer has always
/// given it (its `NoPosts`, `Language`, `Package` and `Sequence` variants are the book's).
pub type EpubError = super::Error;

/// Writes `posts` as one EPUB 3 book to `writer`.
///
/// One post gives a book of a title page and the post; several give an anthology: a title
/// page, then one group page per day (or source, or category) followed by its posts,
/// ordered by date (undated posts last, in the order given). The same posts and options
/// always give the same bytes.
///
/// ```
/// let post = newspost::parse(
///     "---\ntitle: 标题\ndate: 2024-07-03 16:00:33 +0800\nauthor: 联合早报\n\
///      from: https://example.com/a\n---\n<div><p>第一段。</p></div>\n",
/// )?;
/// let mut book = Vec::new();
/// newspost::write_epub(&[post], &newspost::EpubOptions::default(), &mut book).unwrap();
/// assert!(book.starts_with(b"PK"));
/// assert_eq!(&book[30..38], b"mimetype");
/// # Ok::<(), newspost::Error>(())
/// ```
pub fn write_epub(
    posts: &[Post],
    options: &EpubOptions,
    mut writer: impl Write,
) -> Result<(), EpubError> {
    let mut anthology = Anthology::new();
    for post in posts {
        anthology.add(post);
    }
    let Some(volume) = anthology.volumes(Split::None).pop() else {
        return Err(EpubError::NoPosts);
    };
    let mut book = anthology.book(&volume, options, Cursor::new(Vec::new()))?;
    for post in volume.posts().iter().filter_map(|&n| posts.get(n)) {
        book.add(post)?;
    }
    let (bytes, _) = book.finish()?;
    writer.write_all(&bytes.into_inner())?;
    Ok(())
}

/// The chapter file of the post at index `i` of the input.
fn chapter_file(i: usize) -> String {
    format!("post-{:04}.xhtml", i + 1)
}

/// A group of an anthology: its label and its posts, as positions in the book.
struct Group {
    label: String,
    posts: Vec<usize>,
}

/// Groups of the posts (`metas` in book order) in the order of their earliest post.
fn group(metas: &[&PostMeta], by: GroupBy, labels: &Labels) -> Vec<Group> {
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
fn derived_title(metas: &[&PostMeta], labels: &Labels) -> String {
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

fn derived_creators(metas: &[&PostMeta]) -> Vec<String> {
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
fn identifier<'a>(digests: impl Iterator<Item = &'a [u8; 20]>, title: &str) -> uuid::Uuid {
    let mut name = Vec::new();
    name.extend_from_slice(title.as_bytes());
    for digest in digests {
        name.push(0);
        name.extend_from_slice(digest);
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, &name)
}

fn title_page(
    title: &str,
    creators: &[String],
    metas: &[&PostMeta],
    language: &str,
    labels: &Labels,
) -> String {
    use super::escape::xml_text;
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
fn group_page(
    group: &Group,
    metas: &[&PostMeta],
    numbers: &[usize],
    language: &str,
    labels: &Labels,
) -> String {
    use super::escape::xml_text;
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
