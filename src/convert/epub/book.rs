//! The second pass of a book: chapters rendered and written one at a time, as the posts
//! arrive in book order, with their images; the navigation and the package document at
//! the end, from the metadata the first pass gathered.

use std::collections::{HashMap, HashSet};
use std::io::{Seek, Write};

use super::super::labels::Labels;
use super::super::language::{is_language_tag, majority};
use super::super::meta::PostMeta;
use super::super::sanitize::clean_line;
use super::anthology::{Anthology, Entry, Volume};
use super::images::{embeddable, ImageResolver};
use super::options::{EpubError, EpubOptions};
use super::package::{Landmark, Metadata, NavEntry, Package};
use super::pages::{
    chapter_file, derived_creators, derived_title, group, group_page, identifier, title_page, Group,
};
use super::xhtml::{self, FigureImage, Images};
use crate::model::Post;

/// What a book holds, for a summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BookReport {
    /// Posts in the book.
    pub posts: usize,
    /// Images embedded (each distinct image once).
    pub images_embedded: usize,
    /// Figure images that were not embedded because the resolver had none, or gave bytes
    /// that are no image a book can hold (their figures keep a link instead). Zero
    /// without a resolver.
    pub images_failed: usize,
    /// Images left out (linked instead) because the book had reached
    /// [`EpubOptions::max_image_bytes`].
    pub images_over_cap: usize,
    /// Bytes of the embedded images.
    pub image_bytes: u64,
}

/// Writes one book of an [`Anthology`]'s [`Volume`], a chapter at a time: hand it the
/// volume's posts with [`add`](BookWriter::add) in the order of [`Volume::posts`], then
/// [`finish`](BookWriter::finish). Made by [`Anthology::book`].
pub struct BookWriter<'a, W: Write + Seek> {
    package: Package<W>,
    entries: Vec<&'a Entry>,
    metas: Vec<&'a PostMeta>,
    groups: Vec<Group>,
    /// The position in the book of the next post to add.
    next: usize,
    title: String,
    creators: Vec<String>,
    language: String,
    labels: &'static Labels,
    identifier: uuid::Uuid,
    modified: chrono::DateTime<chrono::Utc>,
    /// The number of the post at each position (see [`Volume::posts`]).
    numbers: Vec<usize>,
    /// The group of each position in the book, and whether it opens the group.
    group_of: Vec<(usize, bool)>,
    images: BookImages<'a>,
    /// Whether chapters show page furniture ([`EpubOptions::keep_furniture`]).
    keep_furniture: bool,
}

impl Anthology {
    /// Starts the book of `volume`, writing its opening (container, stylesheet, title
    /// page) to `writer`. Fails when the volume is empty or the options' language is no
    /// language tag.
    pub fn book<'a, W: Write + Seek>(
        &'a self,
        volume: &Volume,
        options: &'a EpubOptions,
        writer: W,
    ) -> Result<BookWriter<'a, W>, EpubError> {
        let entries: Vec<&Entry> = volume
            .posts()
            .iter()
            .filter_map(|&n| self.entries.get(n))
            .collect();
        if entries.is_empty() {
            return Err(EpubError::NoPosts);
        }
        let metas: Vec<&PostMeta> = entries.iter().map(|e| &e.meta).collect();
        let language = match &options.language {
            Some(tag) if is_language_tag(tag.trim()) => tag.trim().to_owned(),
            Some(tag) => return Err(EpubError::Language(tag.clone())),
            None => majority(metas.iter().map(|m| m.language.as_str()))
                .unwrap_or_else(|| "en".to_owned()),
        };
        let labels = Labels::for_language(&language);
        let title = match options.title.as_deref().map(clean_line) {
            Some(t) if !t.is_empty() => match volume.name() {
                Some(name) => format!("{t} ({name})"),
                None => t,
            },
            _ => derived_title(&metas, labels),
        };
        let creators = match options.creator.as_deref().map(clean_line) {
            Some(c) if !c.is_empty() => vec![c],
            _ => derived_creators(&metas),
        };
        let modified = options.modified.unwrap_or_else(|| {
            metas
                .iter()
                .filter_map(|m| m.instant())
                .max()
                .unwrap_or(chrono::DateTime::UNIX_EPOCH)
        });
        let identifier = identifier(entries.iter().map(|e| &e.digest), &title);
        let numbers = volume.posts().to_vec();
        let groups = if entries.len() > 1 {
            group(&metas, options.group_by, labels)
        } else {
            vec![Group {
                label: String::new(),
                posts: vec![0],
            }]
        };
        let mut group_of = vec![(0, false); entries.len()];
        for (g, group) in groups.iter().enumerate() {
            for (k, &position) in group.posts.iter().enumerate() {
                if let Some(slot) = group_of.get_mut(position) {
                    *slot = (g, k == 0);
                }
            }
        }

        let mut package = Package::new(writer, include_bytes!("style.css"))?;
        let page = title_page(&title, &creators, &metas, &language, labels);
        package.add_document(
            "title.xhtml",
            page.as_bytes(),
            Some(NavEntry {
                title: &title,
                level: 1,
                landmark: Some(Landmark::TitlePage),
            }),
        )?;
        let images = BookImages::new(options.images.as_deref(), options.max_image_bytes);
        if let Some(resolver) = images.resolver {
            let mut seen = HashSet::new();
            let urls: Vec<&str> = entries
                .iter()
                .flat_map(|e| e.images.iter().map(|u| &**u))
                .filter(|u| seen.insert(*u))
                .collect();
            resolver.prefetch(&urls);
        }
        Ok(BookWriter {
            package,
            entries,
            metas,
            groups,
            next: 0,
            title,
            creators,
            language,
            labels,
            identifier,
            modified,
            numbers,
            group_of,
            images,
            keep_furniture: options.keep_furniture,
        })
    }
}

impl<W: Write + Seek> BookWriter<'_, W> {
    /// Writes the chapter of `post`, the next post of the volume (see
    /// [`Volume::posts`]). Fails when every post was added already, when `post` is not
    /// the one expected (its title differs from what the first pass saw), or on a write
    /// error.
    pub fn add(&mut self, post: &Post) -> Result<(), EpubError> {
        let position = self.next;
        let (Some(entry), Some(&number), Some(&(g, opens))) = (
            self.entries.get(position),
            self.numbers.get(position),
            self.group_of.get(position),
        ) else {
            return Err(EpubError::Sequence(format!(
                "the book has {} posts, all added already",
                self.entries.len()
            )));
        };
        let title = post.title().map(clean_line).unwrap_or_default();
        if title != entry.meta.title {
            return Err(EpubError::Sequence(format!(
                "post {} of the book should be {:?}, not {:?}",
                position + 1,
                entry.meta.title,
                title
            )));
        }
        let group = self.groups.get(g);
        let level = match group {
            Some(group) if !group.label.is_empty() => {
                if opens {
                    let page = group_page(
                        group,
                        &self.metas,
                        &self.numbers,
                        &self.language,
                        self.labels,
                    );
                    self.package.add_document(
                        &format!("group-{:04}.xhtml", g + 1),
                        page.as_bytes(),
                        Some(NavEntry {
                            title: &group.label,
                            level: 1,
                            landmark: None,
                        }),
                    )?;
                }
                2
            }
            _ => 1,
        };
        let chapter = xhtml::chapter(post, &entry.meta, &mut self.images, self.keep_furniture);
        for image in self.images.pending.drain(..) {
            self.package
                .add_resource(&image.path, &image.bytes, image.media_type)?;
        }
        let chapter_title =
            xhtml::display_title(&entry.meta, Labels::for_language(&entry.meta.language));
        self.package.add_document(
            &chapter_file(number),
            chapter.as_bytes(),
            Some(NavEntry {
                title: chapter_title,
                level,
                landmark: (position == 0).then_some(Landmark::BodyMatter),
            }),
        )?;
        self.next += 1;
        Ok(())
    }

    /// Writes the navigation and the package document and closes the book, returning
    /// the writer and what the book holds. Fails when some post of the volume was not
    /// added.
    pub fn finish(self) -> Result<(W, BookReport), EpubError> {
        if self.next != self.entries.len() {
            return Err(EpubError::Sequence(format!(
                "{} of the book's {} posts were added",
                self.next,
                self.entries.len()
            )));
        }
        let meta = Metadata {
            title: &self.title,
            language: &self.language,
            creators: &self.creators,
            identifier: self.identifier,
            modified: self.modified,
            contents: self.labels.contents,
        };
        let mut report = self.images.report;
        report.posts = self.entries.len();
        let writer = self.package.finish(&meta)?;
        Ok((writer, report))
    }
}

/// The book's images: each URL looked up once, each image (by the resolver's identity,
/// then by content) embedded once under `images/`, in order of first appearance, until
/// the book's cap on image bytes.
struct BookImages<'a> {
    resolver: Option<&'a (dyn ImageResolver + Send + Sync)>,
    max_bytes: u64,
    /// What each URL showed, and each identity.
    by_url: HashMap<String, Option<String>>,
    by_identity: HashMap<String, Option<String>>,
    /// Embedded paths by SHA-1 of their bytes.
    by_content: HashMap<[u8; 20], String>,
    /// Embedded since the last chapter was written out.
    pending: Vec<PendingImage>,
    report: BookReport,
}

struct PendingImage {
    path: String,
    bytes: Vec<u8>,
    media_type: &'static str,
}

impl<'a> BookImages<'a> {
    fn new(resolver: Option<&'a (dyn ImageResolver + Send + Sync)>, max_bytes: u64) -> Self {
        BookImages {
            resolver,
            max_bytes,
            by_url: HashMap::new(),
            by_identity: HashMap::new(),
            by_content: HashMap::new(),
            pending: Vec::new(),
            report: BookReport::default(),
        }
    }

    /// The path of the image at `url` once embedded, or `None`.
    fn embed(&mut self, resolver: &(dyn ImageResolver + Send + Sync), url: &str) -> Option<String> {
        let Some(identity) = resolver.identity(url) else {
            self.report.images_failed += 1;
            return None;
        };
        if let Some(known) = self.by_identity.get(&identity) {
            return known.clone();
        }
        let path = self.embed_new(resolver, url);
        self.by_identity.insert(identity, path.clone());
        path
    }

    fn embed_new(
        &mut self,
        resolver: &(dyn ImageResolver + Send + Sync),
        url: &str,
    ) -> Option<String> {
        let Some((bytes, info)) = resolver.resolve(url).and_then(embeddable) else {
            self.report.images_failed += 1;
            return None;
        };
        let digest = sha1_smol::Sha1::from(&bytes).digest().bytes();
        if let Some(path) = self.by_content.get(&digest) {
            return Some(path.clone());
        }
        let size = bytes.len() as u64;
        if self.report.image_bytes.saturating_add(size) > self.max_bytes {
            self.report.images_over_cap += 1;
            return None;
        }
        self.report.image_bytes += size;
        self.report.images_embedded += 1;
        let path = format!(
            "images/img-{:04}.{}",
            self.report.images_embedded,
            info.format.extension()
        );
        self.by_content.insert(digest, path.clone());
        self.pending.push(PendingImage {
            path: path.clone(),
            bytes,
            media_type: info.format.media_type(),
        });
        Some(path)
    }
}

impl Images for BookImages<'_> {
    fn image(&mut self, url: &str) -> FigureImage {
        let Some(resolver) = self.resolver else {
            return FigureImage::Remote(url.to_owned());
        };
        let path = match self.by_url.get(url) {
            Some(known) => known.clone(),
            None => {
                let path = self.embed(resolver, url);
                self.by_url.insert(url.to_owned(), path.clone());
                path
            }
        };
        match path {
            Some(path) => FigureImage::Embedded(path),
            None => FigureImage::Remote(url.to_owned()),
        }
    }
}
