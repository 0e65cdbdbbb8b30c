//! [`EpubOptions`]: how a book is built; [`GroupBy`]: how an anthology's chapters are
//! grouped; [`EpubError`]: why a book could not be written.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::images::{ImageResolver, ResolverDebug};

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

/// How [`write_epub`](super::write_epub) builds a book.
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
pub type EpubError = crate::convert::error::Error;
