//! EPUB 3 books: one post makes one book, many posts one anthology with chapters grouped
//! by day, source or category. Built with epub-builder; see `docs/convert.md` for what
//! the book contains and for the workarounds this module applies to epub-builder 0.8.3.

mod images;
mod package;
mod xhtml;

pub use images::{DirImageResolver, ImageResolver};

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};

use super::labels::Labels;
use super::language::{is_language_tag, majority};
use super::meta::PostMeta;
use super::sanitize::clean_line;
use crate::model::Post;
use images::{ImageFormat, ResolverDebug};
use xhtml::{FigureImage, Images};

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
#[derive(Clone, Default)]
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
    /// Keep page furniture ([`Block::Furniture`](crate::Block::Furniture)) in the
    /// chapters, shown like any other blocks. Off by default: chapters hold the articles.
    pub keep_furniture: bool,
}

impl EpubOptions {
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
            .finish()
    }
}

/// Why a book could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EpubError {
    /// A book needs at least one post.
    #[error("no posts to put in the book")]
    NoPosts,
    /// [`EpubOptions::language`] is not a language tag.
    #[error("`{0}` is not a language tag (like `zh` or `en-GB`)")]
    Language(String),
    /// Writing the book failed.
    #[error("could not write the book: {0}")]
    Io(#[from] std::io::Error),
    /// Assembling the package failed (an error from epub-builder or the zip writer).
    #[error("could not assemble the book: {0}")]
    Package(String),
}

impl From<epub_builder::Error> for EpubError {
    fn from(e: epub_builder::Error) -> Self {
        EpubError::Package(e.to_string())
    }
}

impl From<zip::result::ZipError> for EpubError {
    fn from(e: zip::result::ZipError) -> Self {
        EpubError::Package(e.to_string())
    }
}

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
    writer: impl Write,
) -> Result<(), EpubError> {
    if posts.is_empty() {
        return Err(EpubError::NoPosts);
    }
    let metas: Vec<PostMeta> = posts.iter().map(PostMeta::of).collect();
    let language = match &options.language {
        Some(tag) if is_language_tag(tag.trim()) => tag.trim().to_owned(),
        Some(tag) => return Err(EpubError::Language(tag.clone())),
        None => {
            majority(metas.iter().map(|m| m.language.as_str())).unwrap_or_else(|| "en".to_owned())
        }
    };
    let labels = Labels::for_language(&language);
    let order = date_order(&metas);
    let title = options
        .title
        .as_deref()
        .map(clean_line)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| derived_title(&metas, &order, labels));
    let creators = match options.creator.as_deref().map(clean_line) {
        Some(c) if !c.is_empty() => vec![c],
        _ => derived_creators(&metas, &order),
    };
    let modified = options.modified.unwrap_or_else(|| {
        metas
            .iter()
            .filter_map(PostMeta::instant)
            .max()
            .unwrap_or(DateTime::UNIX_EPOCH)
    });

    let mut builder = EpubBuilder::new(ZipLibrary::new()?)?;
    builder.epub_version(EpubVersion::V30);
    builder.set_title(title.clone());
    builder.set_languages(vec![language.clone()]);
    for creator in &creators {
        builder.add_author(creator.clone());
    }
    builder.set_generator("newspost");
    builder.set_toc_name(labels.contents);
    builder.set_modified_date(modified);
    builder.set_uuid(identifier(posts, &order, &title));
    builder.stylesheet(include_bytes!("style.css").as_slice())?;

    // epub-builder's landmarks navigation is empty (invalid) unless some content has a
    // reference type with a title: the title page and the first post provide two.
    let title_page = title_page(&title, &creators, &metas, &order, &language, labels);
    builder.add_content(
        EpubContent::new("title.xhtml", title_page.as_bytes())
            .title(title.clone())
            .reftype(ReferenceType::TitlePage),
    )?;

    let mut images = BookImages::new(options.images.as_deref());
    let groups = if posts.len() > 1 {
        group(&metas, &order, options.group_by, labels)
    } else {
        vec![Group {
            label: String::new(),
            posts: order.clone(),
        }]
    };
    let mut first = true;
    for (g, group) in groups.iter().enumerate() {
        let level = if group.label.is_empty() {
            1
        } else {
            let page = group_page(group, &metas, &language, labels);
            builder.add_content(
                EpubContent::new(format!("group-{:04}.xhtml", g + 1), page.as_bytes())
                    .title(group.label.clone())
                    .level(1),
            )?;
            2
        };
        for &i in &group.posts {
            let (Some(post), Some(meta)) = (posts.get(i), metas.get(i)) else {
                continue;
            };
            let chapter = xhtml::chapter(post, meta, &mut images, options.keep_furniture);
            let chapter_title = xhtml::display_title(meta, Labels::for_language(&meta.language));
            let mut content = EpubContent::new(chapter_file(i), chapter.as_bytes())
                .title(chapter_title)
                .level(level);
            if first {
                content = content.reftype(ReferenceType::Text);
                first = false;
            }
            builder.add_content(content)?;
        }
    }
    for image in &images.embedded {
        builder.add_resource(
            &image.path,
            image.bytes.as_slice(),
            image.format.media_type(),
        )?;
    }

    let mut raw = Vec::new();
    builder.generate(&mut raw)?;
    package::normalize(&raw, writer)
}

/// The chapter file of the post at index `i` of the input.
fn chapter_file(i: usize) -> String {
    format!("post-{:04}.xhtml", i + 1)
}

/// Indices of the posts by date; undated posts last, ties in input order.
fn date_order(metas: &[PostMeta]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..metas.len()).collect();
    order.sort_by_key(|&i| {
        let instant = metas.get(i).and_then(PostMeta::instant);
        (instant.is_none(), instant, i)
    });
    order
}

struct Group {
    label: String,
    posts: Vec<usize>,
}

/// Groups in the order of their earliest post; posts in date order inside each.
fn group(metas: &[PostMeta], order: &[usize], by: GroupBy, labels: &Labels) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for &i in order {
        let Some(meta) = metas.get(i) else { continue };
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

/// Distinct sources in date order.
fn sources(metas: &[PostMeta], order: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for meta in order.iter().filter_map(|&i| metas.get(i)) {
        if let Some(name) = source_name(meta) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// "联合早报 2024-07-01 – 2024-07-31", "Reuters, AP and 3 more 2024-07-01 – …".
fn derived_title(metas: &[PostMeta], order: &[usize], labels: &Labels) -> String {
    if let [only] = metas {
        return xhtml::display_title(only, Labels::for_language(&only.language)).to_owned();
    }
    let sources = sources(metas, order);
    let mut title = match sources.as_slice() {
        [] => labels.untitled.to_owned(),
        [a] => a.clone(),
        [a, b] => format!("{a}, {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} +{}", rest.len()),
    };
    let days: Vec<_> = metas.iter().filter_map(PostMeta::day).collect();
    if let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) {
        title.push(' ');
        title.push_str(&first.format("%Y-%m-%d").to_string());
        if first != last {
            title.push_str(" – ");
            title.push_str(&last.format("%Y-%m-%d").to_string());
        }
    }
    title
}

fn derived_creators(metas: &[PostMeta], order: &[usize]) -> Vec<String> {
    let mut authors: Vec<String> = Vec::new();
    for meta in order.iter().filter_map(|&i| metas.get(i)) {
        if !meta.author.is_empty() && !authors.contains(&meta.author) {
            authors.push(meta.author.clone());
        }
    }
    if authors.is_empty() || authors.len() > 3 {
        vec!["newspost".to_owned()]
    } else {
        authors
    }
}

/// A name-based (v5) UUID of the posts' JSON, in book order, and the title.
fn identifier(posts: &[Post], order: &[usize], title: &str) -> uuid::Uuid {
    let mut name = Vec::new();
    name.extend_from_slice(title.as_bytes());
    for post in order.iter().filter_map(|&i| posts.get(i)) {
        name.push(0);
        name.extend_from_slice(crate::convert::json::to_json_string(post).as_bytes());
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, &name)
}

fn title_page(
    title: &str,
    creators: &[String],
    metas: &[PostMeta],
    order: &[usize],
    language: &str,
    labels: &Labels,
) -> String {
    use xhtml::text;
    let mut body = format!(
        "<section class=\"titlepage\" epub:type=\"titlepage\">\n<h1>{}</h1>\n",
        text(title)
    );
    let days: Vec<_> = metas.iter().filter_map(PostMeta::day).collect();
    if let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) {
        let range = if first == last {
            first.format("%Y-%m-%d").to_string()
        } else {
            format!("{} – {}", first.format("%Y-%m-%d"), last.format("%Y-%m-%d"))
        };
        body.push_str(&format!("<p class=\"dates\">{}</p>\n", text(&range)));
    }
    if metas.len() > 1 {
        body.push_str(&format!(
            "<p class=\"count\">{}</p>\n",
            text(&labels.count(metas.len()))
        ));
        let sources = sources(metas, order);
        if !sources.is_empty() {
            body.push_str(&format!(
                "<p class=\"sources\">{}</p>\n",
                text(&sources.join(" · "))
            ));
        }
    }
    body.push_str(&format!(
        "<p class=\"creator\">{}</p>\n",
        text(&creators.join(", "))
    ));
    body.push_str("</section>\n");
    xhtml::document(language, title, &body)
}

fn group_page(group: &Group, metas: &[PostMeta], language: &str, labels: &Labels) -> String {
    use xhtml::text;
    let mut body = format!(
        "<section class=\"group\">\n<h1>{}</h1>\n<p class=\"count\">{}</p>\n<ol>\n",
        text(&group.label),
        text(&labels.count(group.posts.len()))
    );
    for &i in &group.posts {
        let Some(meta) = metas.get(i) else { continue };
        let title = xhtml::display_title(meta, Labels::for_language(&meta.language));
        body.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            chapter_file(i),
            text(title)
        ));
    }
    body.push_str("</ol>\n</section>\n");
    xhtml::document(language, &group.label, &body)
}

/// Images of the book: each URL looked up once, embedded under `images/` in order of
/// first appearance.
struct BookImages<'a> {
    resolver: Option<&'a (dyn ImageResolver + Send + Sync)>,
    seen: HashMap<String, FigureImageRef>,
    embedded: Vec<EmbeddedImage>,
}

#[derive(Clone)]
enum FigureImageRef {
    Embedded(String),
    Remote,
}

struct EmbeddedImage {
    path: String,
    bytes: Vec<u8>,
    format: ImageFormat,
}

impl<'a> BookImages<'a> {
    fn new(resolver: Option<&'a (dyn ImageResolver + Send + Sync)>) -> Self {
        BookImages {
            resolver,
            seen: HashMap::new(),
            embedded: Vec::new(),
        }
    }
}

impl Images for BookImages<'_> {
    fn image(&mut self, url: &str) -> FigureImage {
        if let Some(seen) = self.seen.get(url) {
            return match seen {
                FigureImageRef::Embedded(path) => FigureImage::Embedded(path.clone()),
                FigureImageRef::Remote => FigureImage::Remote(url.to_owned()),
            };
        }
        let found = self
            .resolver
            .and_then(|r| r.resolve(url))
            .and_then(|bytes| {
                let format = ImageFormat::sniff(&bytes)?;
                Some((bytes, format))
            });
        match found {
            Some((bytes, format)) => {
                let path = format!(
                    "images/img-{:04}.{}",
                    self.embedded.len() + 1,
                    format.extension()
                );
                self.embedded.push(EmbeddedImage {
                    path: path.clone(),
                    bytes,
                    format,
                });
                self.seen
                    .insert(url.to_owned(), FigureImageRef::Embedded(path.clone()));
                FigureImage::Embedded(path)
            }
            None => {
                self.seen.insert(url.to_owned(), FigureImageRef::Remote);
                FigureImage::Remote(url.to_owned())
            }
        }
    }
}
