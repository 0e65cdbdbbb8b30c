//! EPUB 3 books: one post makes one book, many posts one anthology with chapters grouped
//! by day, source or category, and a whole archive a book (or a series of volumes) built
//! in two passes in bounded memory. See `docs/convert.md` for what the book contains.

mod anthology;
mod book;
#[cfg(feature = "fetch")]
mod fetch;
mod images;
mod options;
mod package;
mod pages;
#[cfg(feature = "webp")]
mod transcode;
mod xhtml;

pub use anthology::{Anthology, Split, Volume};
pub use book::{BookReport, BookWriter};
#[cfg(feature = "fetch")]
pub use fetch::{FetchOptions, HttpImageResolver};
pub use images::{DirImageResolver, ImageResolver};
pub use options::{EpubError, EpubOptions, GroupBy};

use std::io::{Cursor, Write};

use crate::model::Post;

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
